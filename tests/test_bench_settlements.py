"""The front-line settlements benchmark: neighbours, sentences and scoring, on small inputs written here."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from benchmarks import settlements as bench

# GeoNames points (facts; GeoNames CC BY 4.0) of three settlements near Bakhmut and one far away.
ROWS = (
    "geonameid,name,lat,lon\n"
    "705666,Klishchiivka,48.5436,37.9585\n"
    "9114136,Andriivka,48.5046,37.9625\n"
    "710735,Chasiv Yar,48.5863,37.8351\n"
    "703448,Kyiv,50.4547,30.5238\n"
)


def read(tmp_path: Path) -> list[bench.Settlement]:
    path = tmp_path / "area_settlements.csv"
    path.write_text(ROWS, encoding="utf-8")
    return bench.read_settlements(path)


def test_the_neighbour_is_the_nearest_other_name_within_25_km(tmp_path: Path) -> None:
    places = read(tmp_path)
    near = bench.neighbour(places[0], places)
    assert near is not None and near[0].name == "Andriivka" and 4 < near[1] < 5
    assert bench.neighbour(places[3], places) is None  # Kyiv has no settlement of the list nearby


def test_a_twin_entry_of_the_same_village_is_not_its_neighbour(tmp_path: Path) -> None:
    places = read(tmp_path)
    twin = bench.Settlement(1, "Kleshcheevka", 48.5480, 37.9600)  # 0.5 km away, another spelling
    names = {705666: {"klishchiivka", "kleshcheevka"}, 1: {"kleshcheevka"}}

    def known(s: bench.Settlement) -> set[str]:
        return names.get(s.geonameid, {s.name.lower()})

    near = bench.neighbour(places[0], [*places, twin], known)
    assert near is not None and near[0].name == "Andriivka"
    near = bench.neighbour(places[0], [*places, twin])  # without the names it shares: the twin is nearest
    assert near is not None and near[0].name == "Kleshcheevka"


def test_syllable_by_syllable_readings_are_not_spellings() -> None:
    assert bench.syllables("a fu di fu ka") and bench.syllables("ya xi nu wa ta")
    assert not bench.syllables("nova kakhovka") and not bench.syllables("velyka novosilka")
    assert not bench.syllables("bila hora") and not bench.syllables("ivanivka druha")


def test_sentences_put_each_spelling_beside_the_neighbour(tmp_path: Path) -> None:
    places = read(tmp_path)
    out = list(bench.sentences(places[0], places[1], 4.4, ["Klishchiivka", "Kleshcheevka"]))
    assert len(out) == 2 * len(bench.TEMPLATES)
    for text, name, start in out:
        assert text[start : start + len(name)] == name and "Andriivka" in text
    assert any("about 4 km from Andriivka" in text for text, _, _ in out)
    assert bench.title("novoselivka druha") == "Novoselivka Druha"
    assert bench.title("staromlynivka-ii") == "Staromlynivka-Ii"


def test_a_mention_counts_only_when_it_covers_the_name_and_lies_within_5_km(tmp_path: Path) -> None:
    klishchiivka = read(tmp_path)[0]

    def mention(start: int, end: int, lat: float | None, lon: float | None) -> SimpleNamespace:
        place = None if lat is None else SimpleNamespace(lat=lat, lon=lon)
        return SimpleNamespace(start=start, end=end, place=place)

    assert bench.score([mention(10, 22, 48.55, 37.96)], klishchiivka, 10, 22) == (True, True)
    assert bench.score([mention(10, 22, 48.90, 37.96)], klishchiivka, 10, 22) == (True, False)  # 40 km off
    assert bench.score([mention(10, 22, None, None)], klishchiivka, 10, 22) == (True, False)  # abstained
    assert bench.score([mention(30, 40, 48.55, 37.96)], klishchiivka, 10, 22) == (False, False)  # elsewhere


def test_without_the_data_the_benchmark_says_so_and_passes(tmp_path: Path, capsys: object) -> None:
    assert bench.main(["--data", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out  # type: ignore[attr-defined]
