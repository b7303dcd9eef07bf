"""Issue 3, round 8: country words ('Sudanese troops', "Nigeria's army") add to the country context of
the names around them, the sentence's own more than the rest of the article's; they are not anchors, so
before this round a name shared by towns of several countries went to the biggest one abroad."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.geo.candidates import Group
from frontwatch.geo.gazetteer import PRIMARY, Candidate
from frontwatch.geo.scoring import WORD_ARTICLE, WORD_SENTENCE, country_words
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _country(mentions: list[PlaceMention], name: str) -> list[str | None]:
    return [m.place.country if m.place else None for m in mentions if m.text == name]


def test_a_demonym_of_the_sentence_picks_the_town_of_its_country(places_in: Places) -> None:
    # Bara: towns in Nigeria (the biggest), Sudan, India, Romania, ...
    assert _country(places_in("Sudanese army units shelled Bara on Monday."), "Bara") == ["SD"]


def test_a_demonym_elsewhere_in_the_article_counts_too(places_in: Places) -> None:
    text = "Sudanese officials said the army had regrouped. Militias shelled Bara on Monday."
    assert _country(places_in(text), "Bara") == ["SD"]


def test_a_country_name_used_as_an_actor_counts(places_in: Places) -> None:
    text = "Sudan's army said on Monday that militias had shelled Bara."
    assert _country(places_in(text), "Bara") == ["SD"]


def test_the_country_word_itself_stays_a_metonym_of_its_country(places_in: Places) -> None:
    found = places_in("Sudanese army units shelled Bara on Monday.")
    assert [(m.role, m.place.country if m.place else None) for m in found if m.text == "Sudanese"] == [
        ("metonym", "SD")
    ]


def test_a_close_same_sentence_pair_outweighs_the_attacker_s_demonym(places_in: Places) -> None:
    # a Belogorye lies in Russia too; the one beside a Novopokrovka is the Ukrainian village
    text = "Russian forces shelled Belogorye and Novopokrovka overnight, regional officials said."
    assert _country(places_in(text), "Belogorye") == ["UA"]


def _cand(name: str, country: str, feature: str = "P.PPL", population: int = 1000) -> Candidate:
    loc = Location(name, None, 10.0, 10.0, country, None, None, feature=feature, population=population)
    return Candidate(location=loc, kind=PRIMARY, n_alt=0)


def _group(key: str, cands: tuple[Candidate, ...], sents: set[int], metonym: bool = False) -> Group:
    return Group(key, "", True, metonym, False, cands, sents=frozenset(sents))


def test_sentence_words_weigh_more_than_the_article_s() -> None:
    town = _group("x", (_cand("X", "AA"), _cand("X", "BB"), _cand("X", "CC")), {1})
    groups = {
        ("x", ""): town,
        ("aa", ""): _group("aa", (_cand("Aa", "AA", "A.PCLI"),), {1}, metonym=True),  # same sentence
        ("bb", ""): _group("bb", (_cand("Bb", "BB", "A.PCLI"),), {0, 2}, metonym=True),  # twice elsewhere
    }
    prior = {k: [0.0] * len(g.cands) for k, g in groups.items()}
    bonus = country_words(groups, prior)
    assert set(bonus) == {("x", "")}  # the country words get none from themselves
    aa, bb, cc = bonus[("x", "")]
    assert aa == WORD_SENTENCE + WORD_ARTICLE / 3 and bb == WORD_ARTICLE * 2 / 3 and cc == 0.0
    assert aa > bb > cc


def test_capitals_and_places_not_used_as_actors_are_no_country_words() -> None:
    town = _group("x", (_cand("X", "AA"), _cand("X", "BB")), {0})
    groups = {
        ("x", ""): town,
        ("cap", ""): _group("cap", (_cand("Cap", "AA", "P.PPLC", 10**6),), {0}, metonym=True),  # 'Cap said'
        ("bb", ""): _group("bb", (_cand("Bb", "BB", "A.PCLI"),), {0}),  # 'in Bb': an anchor already
    }
    prior = {k: [0.0] * len(g.cands) for k, g in groups.items()}
    assert country_words(groups, prior) == {}


def test_a_name_that_may_mean_a_country_is_not_moved_by_country_words() -> None:
    # 'Palestine' beside 'American officials': the territory, not Palestine, Illinois
    name = _group("palestine", (_cand("Palestine", "PS", "A.PCLI"), _cand("Palestine", "US")), {0})
    groups = {
        ("palestine", ""): name,
        ("us", ""): _group("us", (_cand("United States", "US", "A.PCLI"),), {0}, metonym=True),
        ("x", ""): _group("x", (_cand("X", "US"), _cand("X", "PS")), {0}),
    }
    prior = {k: [0.0] * len(g.cands) for k, g in groups.items()}
    assert set(country_words(groups, prior)) == {("x", "")}
