"""Issue 3, round 7: a village name the parser hangs on a verb of taking ground as an adverb ('shelled
Stinky and Podilske': advmod, npadvmod) is still the verb's object, and so a place; a first-level area
named like the big city inside it ('New York') is the city when written bare, the state when the article
uses it as one."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

from frontwatch.geo.candidates import namesake_areas
from frontwatch.geo.filters import used_as_place
from frontwatch.geo.gazetteer import ALTERNATE, PRIMARY, Candidate
from frontwatch.geo.names import lexicon
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _parsed(dep: str, verb: str = "shelled", lemma: str = "shell") -> Doc:
    words = ["Russian", "forces", verb, "Stinky", "and", "Podilske", "overnight", "."]
    return Doc(
        Vocab(),
        words=words,
        heads=[1, 2, 2, 2, 3, 3, 2, 2],
        deps=["amod", "nsubj", "ROOT", dep, "cc", "conj", "npadvmod", "punct"],
        pos=["ADJ", "NOUN", "VERB", "PROPN", "CCONJ", "PROPN", "ADV", "PUNCT"],
        lemmas=["russian", "force", lemma, "Stinky", "and", "Podilske", "overnight", "."],
        sent_starts=[1, 0, 0, 0, 0, 0, 0, 0],
    )


def test_misparsed_object_of_a_verb_of_taking_ground_is_a_place() -> None:
    lex = lexicon()
    for dep in ("dobj", "advmod", "npadvmod"):
        doc = _parsed(dep)
        assert used_as_place(doc[3:4], lex, set()), dep
        assert used_as_place(doc[5:6], lex, set()), dep  # joined by 'and' to it


def test_adverb_of_another_verb_or_before_it_is_not() -> None:
    lex = lexicon()
    doc = _parsed("advmod", "visited", "visit")  # people are visited too
    assert not used_as_place(doc[3:4], lex, set())
    assert not used_as_place(_parsed("advmod")[6:7], lex, set())  # 'overnight' is no proper name


def _where(mentions: list[PlaceMention], name: str) -> list[str | None]:
    return [m.place.feature if m.place else None for m in mentions if m.text == name]


def test_a_state_named_like_its_big_city_is_the_city_when_bare(places_in: Places) -> None:
    city = places_in("Prices in London are starting to look like those in New York a decade ago.")
    assert _where(city, "New York") == ["P.PPL"]
    for text in (
        "Snow closed schools across upstate New York on Tuesday.",
        "New York Gov. Jane Doe signed the bill on Tuesday.",
        "A girl from Buffalo, New York, was the first case.",
        "Officials in New York and New Jersey said the storm had passed.",
        "New York state declared an emergency. Dozens died in New York last month.",
    ):
        assert set(_where(places_in(text), "New York")) == {"A.ADM1"}, text


def test_the_namesake_rule_needs_a_big_city_inside_the_area() -> None:
    def cand(name: str, feature: str, admin1: str, population: int, kind: int) -> Candidate:
        loc = Location(name, None, 40.0, -75.0, "US", admin1, None, "place", feature, population)
        return Candidate(loc, kind, 0)

    state = cand("New York", "A.ADM1", "New York", 19_000_000, PRIMARY)
    assert namesake_areas([state, cand("New York City", "P.PPL", "New York", 8_000_000, ALTERNATE)])
    assert not namesake_areas([state, cand("New York", "P.PPL", "Texas", 8_000_000, PRIMARY)])
    assert not namesake_areas([state, cand("New York Mills", "P.PPL", "New York", 3_000, ALTERNATE)])
