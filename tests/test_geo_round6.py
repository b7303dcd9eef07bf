"""Issue 3, round 6: the token table's entity extents and the banded duplicate check agree with spaCy and
with the pairwise check they replace; a street named after a town is not the town; a capital that only
once went by a town's own name ('Salisbury') keeps half its capital bonus."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from frontwatch.geo.candidates import _far_apart, collapse
from frontwatch.geo.gazetteer import ALTERNATE, PRIMARY, Candidate, Gazetteer
from frontwatch.geo.recognition import street_name
from frontwatch.geo.resolve import explain
from frontwatch.geo.tokens import tokens_of
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _doc(words: list[str], ents: Sequence[tuple[int, int, str]] = ()) -> Doc:
    doc = Doc(Vocab(), words=words, sent_starts=[1] + [0] * (len(words) - 1))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_token_table_reads_entities_as_spacy_does() -> None:
    words = ["Officials", "in", "New", "York", "met", "Olena", "Petrenko", "from", "Kyiv", "."]
    doc = _doc(words, [(2, 4, "GPE"), (5, 7, "PERSON"), (8, 9, "GPE")])
    tk = tokens_of(doc)
    assert tk.ents == tuple((e.start, e.end, e.label_) for e in doc.ents)
    assert tk.ent_types == tuple(t.ent_type_ for t in doc)
    assert tk.idx == tuple(t.idx for t in doc)
    assert tk.entity(3) == (2, 4, "GPE") and tk.entity(6) == (5, 7, "PERSON") and tk.entity(4) is None
    assert tk.upper == (0, 2, 3, 5, 6, 8) and tk.sent_starts == (0,)


def _pairwise_collapse(cands: list[Candidate]) -> list[Candidate]:
    """The plain all-pairs version `collapse` replaces."""
    kept: list[Candidate] = []
    for c in sorted(
        cands, key=lambda c: (-c.location.population, -c.n_alt, c.kind, c.location.geonames_id or 0)
    ):
        same = [k for k in kept if (k.location.feature or "?")[0] == (c.location.feature or "?")[0]]
        if all(_far_apart(k.location, c.location) for k in same):
            kept.append(c)
    return kept


def test_banded_duplicate_check_keeps_what_the_pairwise_one_keeps() -> None:
    rng = random.Random(6)
    for _ in range(30):
        cands = []
        for gid in range(1, 60):
            lat = None if rng.random() < 0.05 else 48.0 + rng.random() * 0.3
            feature = rng.choice(["P.PPL", "P.PPL", "A.ADM2"])
            loc = Location("Vesele", gid, lat, 37.0 + rng.random() * 0.05, "UA", None, None, "place", feature,
                           rng.choice([0, 0, 120, 5000]))  # fmt: skip
            cands.append(Candidate(loc, rng.choice([PRIMARY, ALTERNATE]), rng.randint(0, 3)))
        assert collapse(cands) == _pairwise_collapse(cands)


def test_street_words_mark_a_name_as_a_street() -> None:
    def is_street(words: list[str], i: int, j: int) -> bool:
        return street_name(tokens_of(_doc(words)), i, j)

    assert is_street(["down", "Sumy", "and", "Poltava", "streets", "."], 1, 2)
    assert is_street(["down", "Sumy", "and", "Poltava", "streets", "."], 3, 4)
    assert is_street(["the", "Kherson", "/", "Mariupol", "intersection"], 1, 2)
    assert is_street(["on", "Pushkin", "Street", "in", "Izium"], 1, 2)
    assert is_street(["in", "Victory", "Square"], 1, 3)  # a known name ending in a street word
    assert not is_street(["along", "the", "Bakhmut", "road"], 2, 3)  # a road runs to its town
    assert not is_street(["shelled", "Sumy", "and", "Poltava", "on", "Monday"], 1, 2)
    assert not is_street(["Sumy", "street", "vendors"], 0, 1)  # a small 'street' is not a name's


def test_a_street_named_after_a_town_sits_in_the_article_town(places_in: Places) -> None:
    got = {
        m.text: m.place
        for m in places_in("Residents of Lviv met at the corner of Kharkiv and Odesa streets.")
    }
    assert got["Lviv"] is not None and got["Lviv"].name == "Lviv"
    street = got["Kharkiv"]
    assert street is not None and street.name == "Lviv" and street.precision == "near"


def test_a_capital_that_once_went_by_a_towns_name_is_not_the_town(default_gazetteer: Gazetteer) -> None:
    top = explain(default_gazetteer, "Salisbury", ["England", "Wiltshire"])[0][0]
    assert (top.name, top.country) == ("Salisbury", "GB")
    assert explain(default_gazetteer, "Salisbury", ["Zimbabwe"])[0][0].name == "Harare"
    assert explain(default_gazetteer, "Kiev")[0][0].name == "Kyiv"  # no town goes by it: still the capital
