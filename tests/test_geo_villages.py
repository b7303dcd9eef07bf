"""Front-line villages that spaCy tags as people, neighbouring names that tell homonyms apart, and the
plumbing that makes recognition cheap (token tables, batched name checks). Own example sentences;
GeoNames ids are facts of the shipped UA dump."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from frontwatch.geo.context import neighbour_support
from frontwatch.geo.filters import place_verb, used_as_place
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import lexicon
from frontwatch.geo.resolve import find_places
from frontwatch.geo.tokens import tokens_of
from frontwatch.types import Document, Location, PlaceMention

MakeDoc = Callable[..., Document]
AVDIIVKA, NOVOPROKOPIVKA, ROBOTYNE, VERBOVE, MARINKA = 713122, 689873, 695586, 689965, 701845
STEPOVE_NEAR_AVDIIVKA, BERDYCHI = 9113132, 9113133
ANDRIIVKA_BAKHMUT, KURDIUMIVKA, OZARIANIVKA = 9114136, 703633, 9114125


def places(nlp: Language, make_doc: MakeDoc, gaz: Gazetteer, text: str) -> list[PlaceMention]:
    doc = make_doc(text)
    return find_places(doc, nlp(doc.text), gaz)


def ids(mentions: list[PlaceMention]) -> dict[str, int | None]:
    return {m.text: m.place.geonames_id if m.place else None for m in mentions if m.role != "metonym"}


@pytest.mark.parametrize(
    ("text", "name", "geonames_id"),
    [
        # spaCy calls the village a PERSON; it is the passive subject of a verb of taking ground
        ("Avdiivka was shelled again overnight, and the attack on Stepove continued.", "Avdiivka", AVDIIVKA),
        (
            "Novoprokopivka was captured by Russian forces, according to the regional administration. "
            "Shelling continued in Orikhiv.",
            "Novoprokopivka",
            NOVOPROKOPIVKA,
        ),
        # spaCy calls it a nationality (NORP); it is the object of 'recaptured'
        ("Ukrainian troops recaptured Robotyne and pushed toward Verbove.", "Robotyne", ROBOTYNE),
        # no entity at all: the verb makes it cued, so it needs less context
        ("Marinka was captured by Russian troops, while the medics left Kharkiv.", "Marinka", MARINKA),
    ],
)
def test_villages_used_as_places_are_kept(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer, text: str, name: str, geonames_id: int
) -> None:
    assert ids(places(nlp, make_doc, default_gazetteer, text)).get(name) == geonames_id


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Allen said the council would meet on Tuesday.", "Allen"),
        ("Petrenko said the brigade had pulled back from the outskirts of Bakhmut.", "Petrenko"),
        ("Smith was arrested in Dallas on Monday.", "Smith"),
        ("Oleksandr was wounded near Klishchiivka, south of Bakhmut.", "Oleksandr"),
        # the parser misses the apposition after an unfamiliar name: the words still say who it is
        (
            "Marinka was captured by Russian troops, while Yevhen, a medic from Kharkiv, was evacuated.",
            "Yevhen",
        ),
    ],
)
def test_people_stay_people(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer, text: str, person: str
) -> None:
    assert person not in ids(places(nlp, make_doc, default_gazetteer, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Stepove is the name of a dozen villages; the one beside the only Berdychi wins
        (
            "Fighting continued around Stepove and Berdychi on Tuesday.",
            {"Stepove": STEPOVE_NEAR_AVDIIVKA, "Berdychi": BERDYCHI},
        ),
        # 'near' before the first name of a list cues them all; the three lie side by side
        (
            "Fighting raged near Andriivka, Kurdiumivka and Ozarianivka.",
            {"Andriivka": ANDRIIVKA_BAKHMUT, "Kurdiumivka": KURDIUMIVKA, "Ozarianivka": OZARIANIVKA},
        ),
    ],
)
def test_neighbouring_villages_pick_each_other(
    nlp: Language, make_doc: MakeDoc, default_gazetteer: Gazetteer, text: str, expected: dict[str, int]
) -> None:
    got = ids(places(nlp, make_doc, default_gazetteer, text))
    assert {name: got.get(name) for name in expected} == expected


def test_place_uses_from_the_parse(nlp: Language) -> None:
    lex = lexicon()
    doc = nlp(
        "Robotyne was retaken in August. Smith was arrested in May. "
        "Ukrainian marines liberated Verbove on Friday."
    )
    at = {t.text: t.i for t in doc}
    robotyne, smith, verbove = (doc[at[w] : at[w] + 1] for w in ("Robotyne", "Smith", "Verbove"))
    assert place_verb(robotyne, lex) and place_verb(verbove, lex)
    assert not place_verb(smith, lex) and not used_as_place(smith, lex, set())


def test_neighbour_support_counts_close_names_only() -> None:
    def at(lat: float, lon: float) -> Location:
        return Location(name="x", geonames_id=None, lat=lat, lon=lon, country="UA", admin1=None, admin2=None,
                        precision="place", feature="P.PPL")  # fmt: skip

    near, far, anchor = at(48.20, 37.68), at(46.90, 31.00), at(48.14, 37.74)
    region = Location(name="r", geonames_id=None, lat=48.15, lon=37.70, country="UA", admin1=None,
                      admin2=None, precision="region", feature="A.ADM1")  # fmt: skip
    support = neighbour_support(
        {("stepove", ""): [far, near], ("avdiivka", ""): [anchor], ("r", ""): [region]}
    )
    assert support[("stepove", "")][1] > 0.25 > support[("stepove", "")][0] == 0.0
    assert support[("r", "")] == [0.0]  # a first-level area is too wide to be 'close'


def test_token_table_matches_the_doc() -> None:
    words = ["Kyiv", "said", ",", "Bakhmut", "fell", ".", "New", "York", "agreed"]
    spaces = [True, False, True, True, False, True, True, True, False]
    doc = Doc(Vocab(), words=words, spaces=spaces, sent_starts=[1, 0, 0, 0, 0, 0, 1, 0, 0])
    tk = tokens_of(doc)
    assert list(tk.texts) == words and tk.first == (0,) * 6 + (6,) * 3
    assert all(tk.text(i, j) == doc[i:j].text for i in range(len(doc)) for j in range(i, len(doc) + 1))
    assert tk.text_with_ws(3, 6) == doc[3:6].text_with_ws


def test_known_agrees_with_candidates(default_gazetteer: Gazetteer) -> None:
    names = ["Klishchiivka", "Kleshcheevka", "Bakhmut", "Artemivsk", "Zzyzxqua Flats", "Said", ""]
    known = default_gazetteer.known(names)
    assert known == {n for n in names if default_gazetteer.candidates(n, limit=1)}
    assert {"Klishchiivka", "Kleshcheevka", "Bakhmut"} <= known and "Zzyzxqua Flats" not in known
    assert default_gazetteer.known(names) == known  # from memory the second time
