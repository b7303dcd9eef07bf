"""Front-line names by every spelling: the romanization fold (data/romanization.json), how the gazetteer
reports a match that is only another spelling of a place's own name, soft-sign apostrophes, 'i' inside
names and lists that spaCy reads as one entity. Own example sentences; GeoNames ids are facts of the UA
dump."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from frontwatch.geo import gazetteer as gz
from frontwatch.geo.gazetteer import Gazetteer, build
from frontwatch.geo.names import loose_key, romanization, same_spelling
from frontwatch.geo.ngrams import soft_sign
from frontwatch.geo.resolve import find_places
from frontwatch.types import Document, PlaceMention

MakeDoc = Callable[..., Document]
MINI = Path(__file__).parent / "fixtures" / "geonames_mini"
KLISHCHIIVKA = (13512497, 705666)  # two GeoNames entries of one village, 250 m apart
BAKHMUT, KHARKIV = 713174, 706483


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return build(tmp_path_factory.mktemp("spelling") / "mini.sqlite", [MINI / "UA.txt", MINI / "RU.txt"])


@pytest.mark.parametrize(
    "spellings",
    [
        ["Klishchiivka", "Kleshcheevka", "Kleshcheyevka", "Klyshchiyivka", "Klishchiyivka", "Klishhiivka"],
        ["Kharkiv", "Kharkov", "Kharkow"],
        ["Artemivsk", "Artemovsk", "Artyomovsk", "Artjomovsk"],
        ["Zaitseve", "Zaytsevo", "Zaitsevo", "Zajceve"],
        ["Klynove", "Klinovoe", "Klinovoye", "Klinove"],
        ["Hladosove", "Gladosove", "Gladosovo"],
        ["Nelipivka", "Nelepovka", "Nelepivka"],
        ["Vidrodzhennia", "Vidrozhennja", "Vidrodzhennya", "Vidrodzhenja"],
        ["Pavlivske", "Pavlovskoye", "Pavlovskoe", "Pavlivs'ke"],
        ["Oleksandropil'", "Oleksandropol", "Oleksandropil"],
        ["Ivanhrad", "Ivangrad"],
        ["Mykolaivka Druha", "Mikolaivka Druga", "Mykolayivka-Druha"],
        ["Lviv", "Lvov", "Lwow"],
        ["Bolshaya Ilinovka", "Bolshaja Il'inovka", "Bolshaia Ilinovka"],
    ],
)
def test_romanizations_of_one_name_meet(spellings: list[str]) -> None:
    assert len({loose_key(s) for s in spellings}) == 1, {s: loose_key(s) for s in spellings}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bakhmut", "Balakliia"), ("Kharkiv", "Kherson"), ("Andriivka", "Andrivka Druha"), ("Toretsk", "Torske"),
     ("Pokrovsk", "Pokrovske"), ("Marinka", "Mariupol")],
)  # fmt: skip
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert loose_key(a) != loose_key(b)


def test_short_folds_are_not_keys() -> None:
    """'Keiji' and 'Kijo' both fold to 'ki': too short to tell names apart, so no loose key at all."""
    assert loose_key("Keiji") == loose_key("Kijo") == ""
    assert not same_spelling("keiji", "kijo") and same_spelling("kijo", "kijo")
    assert len(loose_key("Lviv")) >= romanization().min_loose_length


def test_other_spelling_of_own_name_counts_as_the_name(mini: Gazetteer) -> None:
    """An alternate that is only a romanization of the primary name counts as a transliteration of it; a
    former name (Artemivsk for Bakhmut) stays an alternate."""
    stored = mini.conn.execute(
        "SELECT kind FROM names WHERE id = 13512497 AND key = 'kleshheevka'"
    ).fetchone()
    assert stored == (gz.ALTERNATE,)  # a GeoNames alternate, indexed as such
    kinds = {c.location.geonames_id: c.kind for c in mini.candidates("Kleshheevka")}
    assert kinds[13512497] == gz.TRANSLIT
    kinds = {c.location.geonames_id: c.kind for c in mini.candidates("Karlivka")}  # a former name
    assert kinds[13512497] == gz.ALTERNATE
    kinds = {c.location.geonames_id: c.kind for c in mini.candidates("Artemivsk")}
    assert kinds[BAKHMUT] == gz.ALTERNATE


def test_unindexed_spelling_found_by_fold(mini: Gazetteer) -> None:
    """A spelling the gazetteer does not hold is found through the fold when the exact key fails."""
    assert mini.conn.execute("SELECT 1 FROM names WHERE key = 'klishhijivka'").fetchone() is None
    found = {c.location.geonames_id: c.kind for c in mini.candidates("Klishhijivka")}
    assert set(KLISHCHIIVKA) <= set(found) and found[13512497] == gz.TRANSLIT
    assert KHARKIV in {loc.geonames_id for loc in mini.lookup("Kharkow")}
    assert mini.known(["Kharkow", "Klishhijivka", "Kiji"]) == {"Kharkow", "Klishhijivka"}


@pytest.mark.parametrize("word", ["Better", "Monroe", "Keiji", "Crossing", "Sergio", "Chester"])
def test_fold_finds_nothing_for_common_words(mini: Gazetteer, word: str) -> None:
    assert mini.lookup(word) == []


def test_soft_sign_apostrophe() -> None:
    texts, ws = (
        ("near", "Oleksandropil", "'", "and", "the", "States", "'", "own"),
        (" ", "", " ", " ", " ", "", " ", ""),
    )
    assert soft_sign(texts, ws, 1, len(texts))  # a soft sign after l
    assert not soft_sign(texts, ws, 5, len(texts))  # an English possessive after s
    assert not soft_sign(texts, ws, 0, len(texts))


def places(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer, text: str) -> list[PlaceMention]:
    doc = make_doc(text)
    return find_places(doc, nlp(doc.text), gaz)


def chosen(mentions: list[PlaceMention]) -> dict[str, int | None]:
    return {m.text: m.place.geonames_id if m.place else None for m in mentions}


@pytest.mark.parametrize(
    ("text", "name", "ids"),
    [
        ("Russian troops were pushed out of Kleshcheevka, south of Bakhmut.", "Kleshcheevka", KLISHCHIIVKA),
        ("Fighting went on near Klyshchiyivka and Andriivka, by Bakhmut.", "Klyshchiyivka", KLISHCHIIVKA),
        ("The road from Artyomovsk to Kramatorsk was under fire.", "Artyomovsk", (BAKHMUT,)),
        ("Artemivsk, as the town was called until 2016, lies on a river.", "Artemivsk", (BAKHMUT,)),
        ("A missile hit an apartment block in Kharkov on Tuesday night.", "Kharkov", (KHARKIV,)),
    ],
)  # fmt: skip
def test_issue_spellings_resolve(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer, text: str, name: str, ids: tuple[int, ...]
) -> None:
    assert chosen(places(nlp, make_doc, default_gazetteer, text)).get(name) in ids


def test_soft_sign_stays_in_the_mention(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer
) -> None:
    found = chosen(
        places(nlp, make_doc, default_gazetteer, "Shells fell on Oleksandropil', near Panteleimonivka.")
    )
    assert "Oleksandropil'" in found
    found = chosen(
        places(nlp, make_doc, default_gazetteer, "Officials praised the United States' lowest jobless rate.")
    )
    assert "United States" in found and "United States'" not in found


def test_name_joined_by_i(nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer) -> None:
    text = "Shelling was reported in Sakko i Vantsetti and Mykolaivka near Bakhmut."
    assert "Sakko i Vantsetti" in chosen(places(nlp, make_doc, default_gazetteer, text))


def test_list_of_villages_read_as_one_entity(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer
) -> None:
    """'shelled A and B': both are places, whatever entity spaCy makes of the pair."""
    for text, names in (
        ("Enemy guns bombarded Robotyne and Verbove all night.", {"Robotyne", "Verbove"}),  # one WORK_OF_ART
        ("The army shelled Zemlianky and Yasynivka again.", {"Zemlianky", "Yasynivka"}),  # two PERSONs
    ):
        assert set(chosen(places(nlp, make_doc, default_gazetteer, text))) == names
