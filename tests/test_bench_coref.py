"""The coref benchmark's reading, mapping and scoring on tiny inputs written here (no shared data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import coref

A, B, C, D, E = (("d", x) for x in "abcde")
KEY = [{A, B, C}, {D, E}]
RESPONSE = [{A, B}, {C, D, E}]

XML = """<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Test">
<token number="0" sentence="0" t_id="1">Rebels</token>
<token number="1" sentence="0" t_id="2">attack</token>
<token number="2" sentence="0" t_id="3">town</token>
<token number="3" sentence="1" t_id="4">May</token>
<token number="4" sentence="1" t_id="5">3</token>
<token number="5" sentence="1" t_id="6">,</token>
<token number="6" sentence="1" t_id="7">2010</token>
<token number="7" sentence="2" t_id="8">The</token>
<token number="8" sentence="2" t_id="9">attacks</token>
<token number="9" sentence="2" t_id="10">killed</token>
<token number="10" sentence="2" t_id="11">two</token>
<token number="11" sentence="2" t_id="12">.</token>
<Markables>
<EVENT_MENTION m_id="20" pred="attack"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="21" pred="attack"><token_anchor t_id="9"/></EVENT_MENTION>
<EVENT_MENTION m_id="22" pred="kill"><token_anchor t_id="10"/></EVENT_MENTION>
<TIMEX3 m_id="30" type="DATE" value="2010-05-03" functionInDocument="CREATION_TIME">
<token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/></TIMEX3>
<EVENT m_id="40" instance_id="OTH1" class="OTHER"/>
<EVENT m_id="41" class="OTHER"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="20"/><source m_id="21"/><target m_id="40"/></REFERS_TO>
</Relations>
</Document>"""


def test_muc_b3_and_ceaf_on_a_hand_computed_example() -> None:
    s = coref.score(KEY, RESPONSE)
    assert s["muc"]["p"] == pytest.approx(2 / 3) and s["muc"]["r"] == pytest.approx(2 / 3)
    assert s["b3"]["p"] == pytest.approx(11 / 15) and s["b3"]["r"] == pytest.approx(11 / 15)
    assert s["ceaf_e"]["p"] == pytest.approx(0.8) and s["ceaf_e"]["r"] == pytest.approx(0.8)
    assert s["conll_f1"] == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_perfect_and_singleton_responses() -> None:
    perfect = coref.score(KEY, KEY)
    assert perfect["conll_f1"] == pytest.approx(1.0)
    alone = coref.score(KEY, [{m} for c in KEY for m in c])
    assert alone["muc"]["f1"] == 0.0 and alone["b3"]["p"] == pytest.approx(1.0)
    assert alone["b3"]["r"] == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)


def test_assignment_finds_the_best_one_to_one_matching() -> None:
    assert coref.assignment([[0.9, 0.8], [0.85, 0.1]]) == pytest.approx(0.8 + 0.85)
    assert coref.assignment([[0.5, 0.4, 0.3]]) == pytest.approx(0.5)
    assert coref.assignment([]) == 0.0


def test_parse_doc_reads_mentions_chains_and_the_creation_date() -> None:
    doc = coref.parse_doc(XML, "7")
    assert doc is not None and str(doc.published) == "2010-05-03"
    by_id = {m.m_id: m for m in doc.mentions}
    assert by_id["20"].cluster == by_id["21"].cluster == "OTH1"
    assert by_id["22"].cluster == "7@22"  # in no chain: a singleton
    assert doc.text[by_id["21"].start : by_id["21"].end] == "attacks"
    assert sorted(len(c) for c in coref.gold_clusters([doc])) == [1, 2]
    assert sorted(len(c) for c in coref.same_lemma([doc])) == [1, 2]  # attack, attack; kill


def test_reports_map_by_sentence_and_trigger_word() -> None:
    doc = coref.parse_doc(XML, "7")
    assert doc is not None
    gold = {"7": doc.mentions}
    body = doc.text.index("The attacks")
    report = {"trigger": "attacked", "evidence": [{"document_id": "7", "start": body, "end": len(doc.text)}]}
    assert coref.mentions_of(report, gold) == {("7", "21")}
    elsewhere = {"trigger": "attack", "evidence": [{"document_id": "8", "start": 0, "end": 99}]}
    assert coref.mentions_of(elsewhere, gold) == set()
    merged = [{"id": "e2", "merged_from": ["r1"]}, {"id": "e1", "merged_from": ["r1", "r2"]}]
    reports = {"r1": report, "r2": {"trigger": "killed", "evidence": report["evidence"]}}
    clusters = coref.response_clusters(merged, reports, gold)
    assert clusters == [{("7", "21"), ("7", "22")}]  # a gold mention goes to one event only
    full = coref.with_singletons(clusters, [("7", "20"), ("7", "21"), ("7", "22")])
    assert sorted(len(c) for c in full) == [1, 2]


def test_evaluate_counts_detection_and_floors_name_what_is_low() -> None:
    doc = coref.parse_doc(XML, "7")
    assert doc is not None
    body = doc.text.index("The attacks")
    report = {"trigger": "attacks", "evidence": [{"document_id": "7", "start": body, "end": len(doc.text)}]}
    result = coref.evaluate([doc], [{"id": "e", "merged_from": ["r"], "evidence": report["evidence"]}],
                            {"r": report})  # fmt: skip
    assert result["detected_share"] == pytest.approx(1 / 3)
    figures = coref.flat(result)
    assert figures["detected_share"] == pytest.approx(33.33)
    assert coref.check(figures, {"detected_share": 50.0, "b3_p": 10.0}) == ["detected_share 33.33 < 50.0"]


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert coref.main(["--data", str(tmp_path), "--out", str(tmp_path / "r.json")]) == 0
    assert "not found, skipped" in capsys.readouterr().out
