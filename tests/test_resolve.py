"""Toponym recognition, resolution and roles: real spaCy model, fixture dump and shipped data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from frontwatch.geo.gazetteer import Gazetteer, build
from frontwatch.geo.names import lexicon
from frontwatch.geo.resolve import collapse, explain, find_places
from frontwatch.geo.spans import resolve_spans
from frontwatch.types import Document, PlaceMention

MINI = Path(__file__).parent / "fixtures" / "geonames_mini"
MakeDoc = Callable[..., Document]

DONETSK_ARTICLE = (
    "Ukrainian assault units have pushed into Andriivka, a village south of Bakhmut, after taking "
    "Klishchiivka earlier this autumn, a brigade spokesman said. Kyiv is determined to encircle the occupied "
    "city, while Moscow contends that its lines near Bakhmut are holding. Russia's army has moved reserves "
    'into the area.\n\nViktor, a 31-year-old drone operator, described the fields outside Andriivka. "Every '
    'tree line costs us," Victor said. A medic named Ilia said the wounded were evacuated at night. '
    "President Volodymyr Zelenskiy thanked the brigade, and Reuters could not verify the claims. Fighting "
    "also continued in eastern Ukraine."
)
KHARKIV_ARTICLE = (
    "Ukrainian troops retook Andriivka near Balakliia in the Kharkiv region on Saturday, the regional "
    "governor said. Russian forces had occupied the settlement since the spring and withdrew toward Kupiansk."
)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("mini") / "mini.sqlite"
    return build(path, [MINI / "UA.txt", MINI / "RU.txt", MINI / "US.txt", MINI / "RO.txt"])


@pytest.fixture(scope="module")
def default(default_gazetteer: Gazetteer) -> Gazetteer:
    """The real default gazetteer (conftest builds it once per session)."""
    return default_gazetteer


@pytest.fixture(params=["mini", "default"])
def gaz(request: pytest.FixtureRequest) -> Gazetteer:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def places(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer, text: str) -> list[PlaceMention]:
    doc = make_doc(text)
    return find_places(doc, nlp(doc.text), gaz)


def by_text(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    return [m for m in mentions if m.text == text]


def test_donetsk_article_resolves_homonyms_by_neighbours(
    nlp: Language, make_doc: MakeDoc, gaz: Gazetteer
) -> None:
    mentions = places(nlp, make_doc, gaz, DONETSK_ARTICLE)
    andriivka = by_text(mentions, "Andriivka")
    assert len(andriivka) == 2 and {m.place.geonames_id for m in andriivka if m.place} == {9114136}
    assert andriivka[0].place and andriivka[0].place.admin2 == "Bakhmut Raion"
    (klishchiivka,) = by_text(mentions, "Klishchiivka")
    assert klishchiivka.place and klishchiivka.place.geonames_id in (13512497, 705666)
    assert {m.place.geonames_id for m in by_text(mentions, "Bakhmut") if m.place} == {713174}


def test_offsets_index_the_text(nlp: Language, make_doc: MakeDoc, mini: Gazetteer) -> None:
    for m in places(nlp, make_doc, mini, DONETSK_ARTICLE):
        assert (
            DONETSK_ARTICLE[m.start : m.end] == m.text
            and m.document_id == "d1"
            and m.rule == "geo.resolve.v1"
        )


def test_people_agencies_and_demonyms_are_not_places(
    nlp: Language, make_doc: MakeDoc, gaz: Gazetteer
) -> None:
    found = places(nlp, make_doc, gaz, DONETSK_ARTICLE)
    texts = {m.text for m in found if m.role != "metonym"}
    for word in (
        "Viktor",
        "Victor",
        "Ilia",
        "Reuters",
        "Zelenskiy",
        "Volodymyr",
        "Ukrainian",
        "Russian",
        "Russia's",
    ):
        assert word not in texts
    # demonyms used as modifiers are associative toponyms: the country, never an event's place
    assert all(m.place and m.place.feature == "A.PCLI" for m in found if m.text in ("Ukrainian", "Russian"))


def test_metonyms_and_countries(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    mentions = places(nlp, make_doc, gaz, DONETSK_ARTICLE)
    (kyiv,) = by_text(mentions, "Kyiv")
    (moscow,) = by_text(mentions, "Moscow")
    assert kyiv.role == moscow.role == "metonym"
    assert (
        kyiv.place
        and kyiv.place.geonames_id == 703448
        and moscow.place
        and moscow.place.geonames_id == 524901
    )
    (russia,) = by_text(mentions, "Russia")
    assert russia.role == "metonym" and russia.place and russia.place.precision == "country"
    (ukraine,) = by_text(mentions, "Ukraine")
    assert ukraine.role == "mentioned" and ukraine.place and ukraine.place.geonames_id == 690791
    assert {m.role for m in by_text(mentions, "Bakhmut")} == {"mentioned"}


def test_spatial_phrases_give_near(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    mentions = places(nlp, make_doc, gaz, DONETSK_ARTICLE)
    precisions = [m.place.precision for m in mentions if m.place and m.text in ("Bakhmut", "Andriivka")]
    assert precisions == ["place", "near", "near", "near"]  # Andriivka, south of B., near B., outside A.
    text = "Shells fell 9 km south of Izium and on the outskirts of Kupiansk, but not in Balakliia."
    got = {m.text: m.place.precision for m in places(nlp, make_doc, gaz, text) if m.place}
    assert got == {"Izium": "near", "Kupiansk": "near", "Balakliia": "place"}


def test_kharkiv_article_picks_another_andriivka(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    mentions = places(nlp, make_doc, gaz, KHARKIV_ARTICLE)
    (andriivka,) = by_text(mentions, "Andriivka")
    assert andriivka.place and andriivka.place.geonames_id == 713428 and andriivka.place.admin1 == "Kharkiv"
    (region,) = by_text(mentions, "Kharkiv region")
    assert region.place and region.place.geonames_id == 706482 and region.place.precision == "region"


def test_region_words_pick_the_admin_area(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    text = "Drones struck the Kharkiv and Donetsk regions overnight. Later a strike hit Donetsk itself."
    mentions = places(nlp, make_doc, gaz, text)
    assert [(m.text, m.place.geonames_id if m.place else None) for m in mentions] == [
        ("Kharkiv", 706482), ("Donetsk regions", 709716), ("Donetsk", 709717)
    ]  # fmt: skip
    assert [m.place.precision for m in mentions if m.place] == ["region", "region", "place"]


def test_old_and_russian_spellings_resolve(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    text = (
        "Russian media still call Bakhmut Artyomovsk, and they report shelling of Kharkov and Kleshcheevka."
    )
    got = {m.text: m.place.geonames_id for m in places(nlp, make_doc, gaz, text) if m.place}
    assert (
        got["Artyomovsk"] == 713174 and got["Kharkov"] == 706483 and got["Kleshcheevka"] in (13512497, 705666)
    )


def test_government_seats_and_capitals_as_speakers(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    text = (
        "The Kremlin said the talks failed. Washington pledged more air defence, and Kyiv's forces advanced."
    )
    mentions = places(nlp, make_doc, gaz, text)
    assert {m.text: m.role for m in mentions} == {
        "The Kremlin": "metonym",
        "Washington": "metonym",
        "Kyiv": "metonym",
    }
    assert {m.place.geonames_id for m in mentions if m.place} == {524901, 4140963, 703448}


def test_abstains_without_context(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    mentions = places(nlp, make_doc, gaz, "Residents of Andriivka were evacuated on Tuesday.")
    assert all(m.place is None for m in mentions)


def test_months_weekdays_and_sentence_starts(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer) -> None:
    text = (
        "In May the town fell. However, by Friday Bakhmut was quiet. Moscow, May and Victor are words here."
    )
    texts = [m.text for m in places(nlp, make_doc, gaz, text)]
    assert "May" not in texts and "However" not in texts and "Friday" not in texts and "Bakhmut" in texts


def test_explain_ranks_by_context(mini: Gazetteer) -> None:
    donetsk = explain(mini, "Andriivka", ["Bakhmut", "Klishchiivka"])
    kharkiv = explain(mini, "Andriivka", ["Balakliia", "Kharkiv Oblast"])
    assert donetsk[0][0].geonames_id == 9114136 and kharkiv[0][0].admin1 == "Kharkiv"
    assert donetsk[0][1] > donetsk[1][1] and len(donetsk) == len(mini.lookup("Andriivka"))


def test_collapse_merges_duplicate_entries(mini: Gazetteer) -> None:
    both = mini.candidates("Kleshcheevka")
    assert {c.location.geonames_id for c in both} == {13512497, 705666}
    assert [c.location.geonames_id for c in collapse(both)] == [13512497]


def test_lexicon_loads() -> None:
    lex = lexicon()
    assert "contend" in lex.speech_verbs and "ukrainian" in lex.demonyms and "oblast" in lex.adm1
    assert lex.near_before.search("9 km south of ") and not lex.near_before.search("the city of ")


def spans_of(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Character spans of each name's first occurrence after the previous one."""
    out, at = [], 0
    for name in names:
        at = text.index(name, at)
        out.append((at, at + len(name)))
        at += len(name)
    return out


def given(
    nlp: Language, make_doc: MakeDoc, gaz: Gazetteer, text: str, names: list[str]
) -> list[PlaceMention]:
    doc = make_doc(text)
    return resolve_spans(doc, nlp(doc.text), spans_of(doc.text, names), gaz)


def test_resolve_spans_keeps_the_reference_behaviour(
    nlp: Language, make_doc: MakeDoc, gaz: Gazetteer
) -> None:
    names = ["Andriivka", "Bakhmut", "Klishchiivka", "Kyiv", "Moscow", "Bakhmut", "Russia", "Andriivka"]
    mentions = given(nlp, make_doc, gaz, DONETSK_ARTICLE, names)
    assert [m.text for m in mentions] == names
    assert {m.place.geonames_id for m in by_text(mentions, "Andriivka") if m.place} == {9114136}
    (kyiv,) = by_text(mentions, "Kyiv")
    (moscow,) = by_text(mentions, "Moscow")
    assert kyiv.role == moscow.role == "metonym"
    assert (
        kyiv.place
        and kyiv.place.geonames_id == 703448
        and moscow.place
        and moscow.place.geonames_id == 524901
    )


def test_resolve_spans_demonyms_abbreviations_and_regions(
    nlp: Language, make_doc: MakeDoc, default: Gazetteer
) -> None:
    text = (
        "Russian officials met European diplomats in Brussels while the EU weighed new sanctions. "
        "Later the delegation flew to Charleston, W.Va., and on to Atlanta, Ga., before touring Africa."
    )
    names = ["Russian", "European", "Brussels", "EU", "Charleston", "W.Va.", "Atlanta", "Ga.", "Africa"]
    got = {m.text: m.place for m in given(nlp, make_doc, default, text, names)}
    assert got["Russian"] and got["Russian"].geonames_id == 2017370
    assert got["European"] and got["European"].feature == "L.CONT" and got["European"].name == "Europe"
    assert got["EU"] and got["EU"].name == "European Union" and got["EU"].precision == "region"
    assert got["W.Va."] and got["W.Va."].name == "West Virginia"
    assert got["Charleston"] and got["Charleston"].admin1 == "West Virginia"
    assert got["Ga."] and got["Ga."].country == "US" and got["Ga."].feature == "A.ADM1"
    assert got["Africa"] and got["Africa"].geonames_id == 6255146


def test_resolve_spans_local_news_prefers_the_state_in_context(
    nlp: Language, make_doc: MakeDoc, default: Gazetteer
) -> None:
    text = (
        "Deputies in Laurel County arrested two men near London on Friday. The Kentucky State Police said "
        "the men were taken to the jail in London, and a hearing is set in Corbin next week."
    )
    names = ["Laurel County", "London", "Kentucky", "London", "Corbin"]
    got = given(nlp, make_doc, default, text, names)
    london = [m.place for m in by_text(got, "London")]
    assert all(p and p.country == "US" and p.admin1 == "Kentucky" for p in london)
    (laurel,) = by_text(got, "Laurel County")
    assert laurel.place and laurel.place.name == "Laurel County" and laurel.place.admin1 == "Kentucky"


def test_resolve_spans_without_candidates_gives_no_place(
    nlp: Language, make_doc: MakeDoc, default: Gazetteer
) -> None:
    (mention,) = given(nlp, make_doc, default, "They met at Zzyzxqua yesterday.", ["Zzyzxqua"])
    assert mention.place is None and mention.text == "Zzyzxqua"
