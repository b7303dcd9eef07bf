"""Gazetteer: names, transliteration, build, dumps and lookups (fixture dump and the shipped data)."""

from __future__ import annotations

import gzip
import importlib.util
import sqlite3
import zipfile
from pathlib import Path

import pytest

from frontwatch.geo import gazetteer as gz
from frontwatch.geo.gazetteer import Gazetteer, build, compact_rows, ensure_default, shipped_sources
from frontwatch.geo.names import loose_key, normalize, short_admin_name, transliterations

MINI = Path(__file__).parent / "fixtures" / "geonames_mini"
SCRIPT = Path(__file__).parent.parent / "scripts" / "build_geonames_data.py"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("mini") / "mini.sqlite"
    return build(path, [MINI / "UA.txt", MINI / "RU.txt", MINI / "US.txt", MINI / "RO.txt"])


@pytest.fixture(scope="module")
def default(default_gazetteer: Gazetteer) -> Gazetteer:
    """The real default gazetteer (conftest builds it once per session)."""
    return default_gazetteer


@pytest.mark.parametrize(
    ("raw", "key"),
    [("Kharkiv", "kharkiv"), ("Khar’kov", "kharkov"), ("Kup'yansk", "kupyansk"), ("Kijów", "kijow"),
     ("Ivano-Frankivsk", "ivano frankivsk"), ("Łódź", "lodz"), ("St. Petersburg", "st petersburg"),
     ("  Bila  Tserkva ", "bila tserkva"), ("Zaporizhzhiaʼ", "zaporizhzhia")],
)  # fmt: skip
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


@pytest.mark.parametrize(
    ("cyrillic", "expected"),
    [("Клещеевка", {"Kleshcheevka", "Kleshcheyevka"}), ("Артемовск", {"Artemovsk"}), ("Харьков", {"Kharkov"}),
     ("Кліщіївка", {"Klishchiivka", "Klishchiyivka"}), ("Згурівка", {"Zghurivka"}), ("Київ", {"Kyiv"}),
     ("Красный", {"Krasnyy", "Krasny", "Krasnyi"}), ("Єнакієве", {"Yenakiieve", "Yenakiyeve"})],
)  # fmt: skip
def test_transliterations(cyrillic: str, expected: set[str]) -> None:
    assert expected <= transliterations(cyrillic)


def test_transliterations_of_latin_is_empty() -> None:
    assert transliterations("Bakhmut") == set()


def test_loose_key_folds_ending_variants() -> None:
    variants = ["Kleshcheevka", "Kleshcheyevka", "Klishchiivka", "Klyshchiyivka", "Klishchiyivka"]
    assert len({loose_key(v) for v in variants}) == 1
    assert loose_key("Artyomovsk") == loose_key("Artemovsk")
    assert loose_key("Bakhmut") != loose_key("Balakliia")


def test_short_admin_name() -> None:
    assert short_admin_name("Donetska Oblast", ["Donetsk Oblast", "Donetska Oblast"], "Donetsk") == "Donetsk"
    assert short_admin_name("Volynska Oblast", ["Volyn Oblast"], "Lutsk") == "Volyn"
    assert short_admin_name("Kirovohrad Oblast", ["Kirovohrad Oblast"], "Kropyvnytskyi") == "Kirovohrad"


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [("Kharkov", 706483), ("Artyomovsk", 713174), ("Artemivsk", 713174), ("Kleshcheevka", 13512497),
     ("Kleshcheyevka", 13512497), ("Klishchiyivka", 13512497), ("Київ", 703448), ("Kiev", 703448),
     ("Dzerzhinsk", 709354), ("Russian Federation", 2017370)],
)  # fmt: skip
def test_lookup_variants(mini: Gazetteer, name: str, geonames_id: int) -> None:
    assert geonames_id in {loc.geonames_id for loc in mini.lookup(name)}


def test_lookup_fills_location(mini: Gazetteer) -> None:
    andriivka = next(loc for loc in mini.lookup("Andriivka") if loc.geonames_id == 9114136)
    assert (andriivka.lat, andriivka.lon) == (48.50184, 37.96749)
    assert (andriivka.country, andriivka.admin1, andriivka.admin2) == ("UA", "Donetsk", "Bakhmut Raion")
    assert (andriivka.feature, andriivka.precision) == ("P.PPL", "place")
    assert mini.get(706482).precision == "region"  # type: ignore[union-attr]
    assert mini.get(690791).precision == "country"  # type: ignore[union-attr]
    assert mini.get(703448).admin1 == "Kyiv City"  # type: ignore[union-attr]
    assert mini.get(1) is None


def test_lookup_orders_by_population_and_limits(mini: Gazetteer) -> None:
    found = mini.lookup("Moscow")
    assert found[0].geonames_id in (524894, 524901) and found[-1].country == "US"
    assert len(mini.lookup("Andriivka", limit=2)) == 2
    assert mini.lookup("Atlantis") == [] and mini.lookup("") == []


def test_admin_core_names(mini: Gazetteer) -> None:
    kinds = {c.location.geonames_id: c.kind for c in mini.candidates("Bakhmut")}
    assert kinds[713174] == gz.PRIMARY and kinds[713172] == gz.ADMIN_CORE


def test_add_dump_zip_is_idempotent(tmp_path: Path) -> None:
    archive = tmp_path / "UA.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(MINI / "UA.txt", "UA.txt")
    with build(tmp_path / "g.sqlite", [MINI / "RU.txt"]) as g:
        assert g.lookup("Bakhmut") == []
        assert g.add_dump(archive, progress=False) == 27
        names = g.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        assert g.add_dump(archive, progress=False) == 27
        assert g.count() == 30
        assert g.conn.execute("SELECT COUNT(*) FROM names").fetchone()[0] == names
        assert g.get(713174).admin2 == "Bakhmut Raion"  # type: ignore[union-attr]


def test_add_dump_replaces_rows_by_id(tmp_path: Path) -> None:
    changed = tmp_path / "XX.txt"
    row = (MINI / "RO.txt").read_text(encoding="utf-8").split("\t")
    row[14] = "1234"
    changed.write_text("\t".join(row), encoding="utf-8")
    with build(tmp_path / "g.sqlite", [MINI / "RO.txt"]) as g:
        g.add_dump(changed, progress=False)
        assert g.get(675670).population == 1234  # type: ignore[union-attr]
        assert len(g.lookup("Ilia")) == 1


def test_add_dump_rejects_a_zip_without_dump(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
    with build(tmp_path / "g.sqlite", []) as g, pytest.raises(ValueError, match="country dump"):
        g.add_dump(archive, progress=False)


def test_open_missing_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="ensure_default"):
        Gazetteer.open(tmp_path / "none.sqlite")


def test_ensure_default_leaves_no_half_built_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(path: Path, sources: object, progress: bool = False) -> Gazetteer:
        sqlite3.connect(str(path)).execute("CREATE TABLE partial (x)").connection.commit()
        raise KeyboardInterrupt

    monkeypatch.setattr(gz, "build", failing)
    target = tmp_path / "home" / "gazetteer.sqlite"
    with pytest.raises(KeyboardInterrupt):
        ensure_default(target, progress=False)
    assert not target.exists() and not target.with_suffix(".tmp").exists()


def test_shipped_data_is_compact_and_derived() -> None:
    source, world = shipped_sources()
    assert source.name == "UA.tsv.gz" and source.stat().st_size < 3_000_000
    assert world.name == "world-admin.tsv.gz" and world.stat().st_size < 1_000_000
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        assert fh.readline().rstrip("\n").split("\t")[:5] == ["id", "name", "lat", "lon", "feature"]
    rows = {r.id: r for r in compact_rows(source)}
    assert rows[9114136].admin2 == "Bakhmut Raion" and rows[709716].admin1 == "Donetsk"
    assert all(r.feature[0] in "PALTS" for r in rows.values())
    assert (source.parent / "ATTRIBUTION.md").read_text().count("CC BY 4.0")


def test_build_script_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_geonames_data", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    first, second = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    assert script.main([str(MINI / "UA.txt"), "--out", str(first)]) == 0
    script.main([str(MINI / "UA.txt"), "--out", str(second)])
    assert first.read_bytes() == second.read_bytes()
    rows = list(compact_rows(first))
    assert len(rows) == 27 and {r.feature for r in rows} >= {"P.PPL", "A.ADM1", "A.ADM2", "A.PCLI"}


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [("Kharkov", 706483), ("Artyomovsk", 713174), ("Artemivsk", 713174), ("Kleshcheevka", 13512497),
     ("Kleshcheyevka", 13512497), ("Klishchiivka", 13512497), ("Andriivka", 9114136), ("Pokrovsk", 704422),
     ("Russia", 2017370), ("Ukraine", 690791), ("Moscow", 524901), ("Washington", 4140963)],
)  # fmt: skip
def test_default_gazetteer_knows(default: Gazetteer, name: str, geonames_id: int) -> None:
    assert geonames_id in {loc.geonames_id for loc in default.lookup(name, limit=200)}


def test_default_gazetteer_world_part(default: Gazetteer) -> None:
    moscow = default.get(524901)
    assert moscow is not None and moscow.feature == "P.PPLC" and moscow.admin1 == "Moscow"
    assert default.get(2867714).admin1 == "Bavaria"  # type: ignore[union-attr]  # Munich: admin1.json
    russia = default.get(2017370)
    assert russia is not None and russia.precision == "country" and 45 < (russia.lat or 0) < 70
    assert default.get(4140963).admin1 == "District of Columbia"  # type: ignore[union-attr]
    assert default.count() > 250_000


def test_ensure_default_rebuilds_an_outdated_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "gazetteer.sqlite"
    old = sqlite3.connect(str(target))
    old.executescript(gz.SCHEMA + "INSERT INTO meta VALUES ('schema', '1');")
    old.commit()
    old.close()
    assert gz.stored_version(target) == "1" and gz.stored_version(tmp_path / "none") is None
    built: list[Path] = []

    def small(path: Path, sources: object, progress: bool = False) -> Gazetteer:
        built.append(path)
        return build(path, [MINI / "UA.txt"])

    monkeypatch.setattr(gz, "build", small)
    with ensure_default(target, progress=False) as fresh:
        assert gz.stored_version(target) == gz.SCHEMA_VERSION and fresh.count() > 0
    assert len(built) == 1
    ensure_default(target, progress=False).close()  # current version: opened, not rebuilt
    assert len(built) == 1


def test_default_gazetteer_country_points_continents_and_regions(default: Gazetteer) -> None:
    us = default.country("US")
    assert us is not None and abs((us.lat or 0) - 39.76) < 0.1 and abs((us.lon or 0) + 98.5) < 0.1
    russia = default.country("RU")
    assert russia is not None and (russia.lat, russia.lon) == (60.0, 100.0)
    (europe,) = [c.location for c in default.candidates("Europe") if c.location.feature == "L.CONT"]
    assert europe.geonames_id == 6255148 and europe.precision == "region"
    eu = [c.location for c in default.candidates("EU") if c.location.feature == "L.RGN"]
    assert eu and eu[0].geonames_id is None and eu[0].name == "European Union"
    assert [c.location.name for c in default.candidates("W.Va.")] == ["West Virginia"]
    ontario = [c.location for c in default.candidates("Ontario") if c.location.feature == "A.ADM1"]
    assert ontario and ontario[0].country == "CA"
