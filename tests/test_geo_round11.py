"""Issue 3, round 11: 'take' as a verb of taking ground when a force takes ('Russian troops took X'), and
the country word of the side that attacks or takes a place ('The Russian army shelled X') counts only a
fraction for that place's country: the attacker is often abroad (doers.py, scoring.DOER_SHARE)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from frontwatch.geo.candidates import Group
from frontwatch.geo.gazetteer import PRIMARY, Candidate
from frontwatch.geo.scoring import DOER_SHARE, WORD_ARTICLE, WORD_SENTENCE, country_words
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _where(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: (m.place.country if m.place else None) for m in mentions}


def test_troops_took_a_town(places_in: Places) -> None:
    # the small model calls these village names people or products
    assert _where(places_in("Russian troops took Avdiivka."))["Avdiivka"] == "UA"
    assert _where(places_in("Russian troops took Vuhledar."))["Vuhledar"] == "UA"
    assert _where(places_in("Israeli troops took Rafah."))["Rafah"] == "PS"


def test_a_town_taken_by_troops(places_in: Places) -> None:
    assert _where(places_in("Avdiivka was taken by Russian troops."))["Avdiivka"] == "UA"


def test_people_taken_somewhere_are_no_places(places_in: Places) -> None:
    assert "Smith" not in _where(places_in("Police took Smith to hospital."))
    assert "Smith" not in _where(places_in("The army took Smith hostage."))
    assert "Trump" not in _where(places_in("The president took Trump's call on Monday."))
    assert _where(places_in("The new mayor took office in Avdiivka.")).get("Avdiivka") == "UA"


def test_the_attacker_s_demonym_does_not_pull_the_town_abroad(places_in: Places) -> None:
    # Engels (Russia) was once called Pokrovsk; the Pokrovsk of the front line is in Ukraine
    assert _where(places_in("The Russian army shelled Pokrovsk."))["Pokrovsk"] == "UA"
    assert _where(places_in("The Russian army claimed it had seized Pokrovsk."))["Pokrovsk"] == "UA"
    assert _where(places_in("Pokrovsk was shelled by Russian forces overnight."))["Pokrovsk"] == "UA"


def test_defenders_and_residents_still_count(places_in: Places) -> None:
    assert _where(places_in("Sudanese army units shelled Bara on Monday."))["Bara"] == "SD"
    assert _where(places_in("Militias shelled Bara, Sudanese officials said."))["Bara"] == "SD"


def _cand(name: str, country: str) -> Candidate:
    loc = Location(name, None, 10.0, 10.0, country, None, None, feature="P.PPL", population=1000)
    return Candidate(location=loc, kind=PRIMARY, n_alt=0)


def _group(key: str, cands: tuple[Candidate, ...], sents: set[int], metonym: bool = False,
           doers: frozenset[tuple[str, int]] = frozenset()) -> Group:  # fmt: skip
    return Group(key, "", True, metonym, False, cands, sents=frozenset(sents), doers=doers)


def test_an_attacker_s_word_counts_a_fraction_for_its_target_only() -> None:
    country = Location("Aa", None, 1.0, 1.0, "AA", None, None, feature="A.PCLI")
    aa = _group("aa", (Candidate(country, PRIMARY, 0),), {1}, metonym=True)
    target = _group("x", (_cand("X", "AA"), _cand("X", "BB")), {1}, doers=frozenset({("aa", 1)}))
    other = _group("y", (_cand("Y", "AA"), _cand("Y", "BB")), {1})
    groups = {("aa", ""): aa, ("x", ""): target, ("y", ""): other}
    prior = {k: [0.0] * len(g.cands) for k, g in groups.items()}
    bonus = country_words(groups, prior)
    full = WORD_SENTENCE + WORD_ARTICLE
    assert bonus[("y", "")] == [full, 0.0]
    assert bonus[("x", "")] == [pytest.approx(DOER_SHARE * full), 0.0]
