"""World admin areas (geo/admin_data.py, geo/world.py); unknown names placed in context (geo/context.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from frontwatch.geo.admin_data import area_rows, middle, read_towns, write_tsv
from frontwatch.geo.context import place_unknowns
from frontwatch.geo.gazetteer import Gazetteer, compact_rows
from frontwatch.geo.spans import resolve_spans
from frontwatch.types import Document, Location, PlaceMention

CSV = """lat,lon,name,admin1,admin2,cc
10.0,20.0,Alpha,North Land,Hill Shire,ZZ
10.2,20.2,Beta,North Land,Hill Shire,ZZ
11.0,21.0,Gamma,North Land,Lake Shire,ZZ
-5.0,30.0,Delta,South Land,,ZZ
"""
CITIES = [
    {"geonameid": 1, "name": "Alpha", "latitude": 10.0, "longitude": 20.0, "countrycode": "ZZ",
     "admin1code": "01", "population": 5000},
    {"geonameid": 2, "name": "Delta", "latitude": -5.0, "longitude": 30.0, "countrycode": "ZZ",
     "admin1code": "02", "population": 800},
]  # fmt: skip


def test_towns_give_area_rows_and_first_level_codes(tmp_path: Path) -> None:
    csv_path = tmp_path / "rg.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    towns, codes = read_towns(csv_path, CITIES)
    assert codes == {"ZZ.01": "North Land", "ZZ.02": "South Land"}
    assert [t.population for t in towns] == [5000, 1000, 1000, 800]  # unmatched towns count as 1000
    rows = {(r.feature, r.name): r for r in area_rows(towns, frozenset({("ZZ", "south land")}))}
    assert set(rows) == {("A.ADM1", "North Land"), ("A.ADM2", "Hill Shire"), ("A.ADM2", "Lake Shire")}
    hill = rows[("A.ADM2", "Hill Shire")]
    assert (hill.lat, hill.lon, hill.population, hill.admin1) == (10.1, 20.1, 6000, "North Land")
    assert all(r.id < -100_000 for r in rows.values())
    out = tmp_path / "areas.tsv.gz"
    assert write_tsv(out, rows.values()) == 3
    assert {r.name for r in compact_rows(out)} == {"North Land", "Hill Shire", "Lake Shire"}


def test_middle_ignores_outliers() -> None:
    points = [(float(i), float(i)) for i in range(100)] + [(80.0, 170.0)]
    lat, lon = middle(points)
    assert 45 < lat < 55 and 45 < lon < 55


def _mention(text: str, place: Location | None) -> PlaceMention:
    return PlaceMention("d", text, 0, len(text), place, "mentioned", 0.9 if place else 0.0, "test")


def test_unknown_names_go_to_the_article_town(default_gazetteer: Gazetteer) -> None:
    town = Location(name="Dayton", geonames_id=4509884, lat=39.76, lon=-84.19, country="US",
                    admin1="Ohio", admin2=None, precision="place", feature="P.PPL")  # fmt: skip
    mentions = [_mention("Dayton", town), _mention("Main Street", None), _mention("Zork County", None)]
    out = place_unknowns(mentions, default_gazetteer)
    street, county = out[1].place, out[2].place
    assert street and street.name == "Dayton" and street.precision == "near" and out[1].score < 0.2
    assert county and county.name == "Ohio" and county.feature == "A.ADM1" and county.precision == "region"
    assert place_unknowns([_mention("Main Street", None)], default_gazetteer)[0].place is None


@pytest.mark.parametrize(
    ("name", "feature", "country", "admin1"),
    [("Laurel County", "A.ADM2", "US", "Kentucky"), ("Bavaria", "A.ADM1", "DE", "Bavaria"),
     ("Cambridgeshire", "A.ADM2", "GB", "England"), ("Netherlands", "A.PCLI", "NL", None)],
)  # fmt: skip
def test_default_gazetteer_knows_counties_and_provinces(
    default_gazetteer: Gazetteer, name: str, feature: str, country: str, admin1: str | None
) -> None:
    found = [(p.feature, p.country, p.admin1) for p in default_gazetteer.lookup(name)]
    assert (feature, country, admin1) in found


def test_a_bare_district_name_is_its_town(nlp: Language, default_gazetteer: Gazetteer) -> None:
    text = (
        "Officials in Raipur said the convoy left Bilaspur before dawn. Roads near the district stayed shut."
    )
    doc = Document("d", text, None)
    spans = [
        (text.index("Raipur"), text.index("Raipur") + 6),
        (text.index("Bilaspur"), text.index("Bilaspur") + 8),
    ]
    raipur, bilaspur = resolve_spans(doc, nlp(text), spans, default_gazetteer)
    assert (
        raipur.place and raipur.place.feature == "P.PPLA" or raipur.place and raipur.place.feature == "P.PPL"
    )
    assert bilaspur.place and bilaspur.place.country == "IN"


def test_a_street_is_placed_at_the_article_town(nlp: Language, default_gazetteer: Gazetteer) -> None:
    text = "Police closed Quillbrook Lane in Dayton, Ohio, after the fire. Dayton crews worked all night."
    doc = Document("d", text, None)
    names = ["Quillbrook Lane", "Dayton", "Ohio", "Dayton"]
    spans, at = [], 0
    for n in names:
        at = text.index(n, at)
        spans.append((at, at + len(n)))
        at += len(n)
    lane, *_ = resolve_spans(doc, nlp(text), spans, default_gazetteer)
    assert lane.place and lane.place.name == "Dayton" and lane.place.admin1 == "Ohio"
