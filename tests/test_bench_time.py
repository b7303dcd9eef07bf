"""Scoring code of benchmarks/time.py on tiny hand-written inputs (no shared data needed)."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`

from benchmarks.time import (  # noqa: E402
    Timex,
    check,
    count,
    detokenize,
    evaluate,
    figures,
    keep,
    main,
    pair,
    parse_meantime,
    parse_tml,
    tag,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-04"
 functionInDocument="CREATION_TIME">June 4, 2021</TIMEX3></DCT>
<TITLE>Bridge reopens</TITLE>
<TEXT>
The bridge <EVENT eid="e1" class="OCCURRENCE">closed</EVENT> in \
<TIMEX3 tid="t1" type="DATE" value="2019">2019</TIMEX3> &amp; &quot;reopened&quot; \
<TIMEX3 tid="t2" type="DATE" value="2021-06-03">yesterday</TIMEX3>.

Work took <TIMEX3 tid="t3" type="DURATION" value="P2Y">two years</TIMEX3>.
</TEXT>
</TimeML>
"""


def _tokens(words: list[tuple[str, int]]) -> str:
    return "\n".join(
        f'<token number="{i}" sentence="{s}" t_id="{i + 1}">{w}</token>' for i, (w, s) in enumerate(words)
    )


def _meantime(words: list[tuple[str, int]], markables: str) -> str:
    return f'<Document doc_id="1">{_tokens(words)}<Markables>{markables}</Markables></Document>'


WORDS = [("Plant", 0), ("opens", 0), ("May", 1), ("05", 1), (",", 1), ("2010", 1), ("It", 2), ("opened", 2),
         ("today", 2), (".", 2), ("Nothing", 6), ("else", 6), ("today", 6), (".", 6)]  # fmt: skip
DCT = '<TIMEX3 m_id="1" type="DATE" value="2010-05-05" functionInDocument="CREATION_TIME">{}</TIMEX3>'
ANCHORS = "".join(f'<token_anchor t_id="{i}"/>' for i in (3, 4, 5, 6))
TODAY = (
    '<TIMEX3 m_id="2" type="DATE" value="2010-05-05" functionInDocument="NONE">'
    '<token_anchor t_id="9"/></TIMEX3>'
)
EMPTY = '<TIMEX3 m_id="3" type="DATE" value="2009" functionInDocument="NONE"/>'


def test_tml_text_and_offsets_match_the_gold_expressions() -> None:
    doc = parse_tml(TML, "x1")
    assert doc.dct == date(2021, 6, 4)
    assert [doc.text[t.start : t.end] for t in doc.timexes] == ["2019", "yesterday", "two years"]
    assert [t.value for t in doc.timexes] == ["2019", "2021-06-03", "P2Y"]
    assert '& "reopened"' in doc.text and "Bridge" not in doc.text  # entities decoded, title left out


def test_tml_creation_time_is_not_a_gold_expression() -> None:
    assert all(t.value != "2021-06-04" for t in parse_tml(TML, "x1").timexes)


def test_detokenize_attaches_punctuation_quotes_and_clitics() -> None:
    text, offsets = detokenize(
        [("He", 0), ("said", 0), ("``", 0), ("no", 0), ("''", 0), ("(", 0), ("GM", 0), ("'s", 0), (")", 0),
         (".", 0), ("Next", 1), ("$", 1), ("5", 1)]
    )  # fmt: skip
    assert text == 'He said "no" (GM\'s).\nNext $5'
    assert text[offsets[6][0] : offsets[6][1]] == "GM" and text[offsets[12][0] : offsets[12][1]] == "5"


def test_detokenize_straight_quotes_open_then_close() -> None:
    text, _ = detokenize([("a", 0), ('"', 0), ("b", 0), ('"', 0), ("c", 0)])
    assert text == 'a "b" c'


def test_meantime_gold_dct_and_unscored_spans() -> None:
    doc = parse_meantime(_meantime(WORDS, DCT.format(ANCHORS) + TODAY + EMPTY), "m1")
    assert doc is not None and doc.dct == date(2010, 5, 5)
    assert [doc.text[t.start : t.end] for t in doc.timexes] == ["today"]  # empty TIMEX3 and DCT left out
    dct_span, rest = doc.ignore
    assert doc.text[dct_span[0] : dct_span[1]] == "May 05, 2010"
    assert doc.text[rest[0] : rest[1]] == "Nothing else today."


def test_meantime_without_creation_time_uses_the_dateline() -> None:
    dateline = DCT.format(ANCHORS).replace("CREATION_TIME", "NONE")
    doc = parse_meantime(_meantime(WORDS, dateline + TODAY), "m2")
    assert doc is not None and doc.dct == date(2010, 5, 5) and len(doc.timexes) == 1


def test_meantime_malformed_dct_value_read_from_its_text() -> None:
    doc = parse_meantime(_meantime(WORDS, DCT.format(ANCHORS).replace("2010-05-05", "05-05-2010")), "m3")
    assert doc is not None and doc.dct == date(2010, 5, 5)


def test_meantime_without_any_dct_is_dropped() -> None:
    assert parse_meantime(_meantime(WORDS, TODAY), "m4") is None


def test_pair_is_one_to_one_by_largest_overlap() -> None:
    gold = [Timex(0, 10, "a", "DATE"), Timex(20, 25, "b", "DATE")]
    system = [Timex(0, 3, "x", "DATE"), Timex(2, 10, "y", "DATE"), Timex(30, 35, "z", "DATE")]
    assert pair(gold, system) == [(0, 1)]


def test_counts_and_te3_figures() -> None:
    gold = [
        Timex(0, 4, "2019", "DATE"),
        Timex(10, 19, "2021-06-03", "DATE"),
        Timex(30, 39, "P2Y", "DURATION"),
    ]
    system = [Timex(0, 4, "2019", "DATE"), Timex(10, 15, "2021-06", "DATE"), Timex(50, 55, "P1D", "DURATION")]
    c = count(gold, system)
    got = [c[k] for k in ("relaxed", "strict", "value", "type", "missed", "spurious")]
    assert got == [2, 1, 1, 2, 1, 1]
    f = figures(c)
    assert f["relaxed_f1"] == pytest.approx(66.67) and f["strict_f1"] == pytest.approx(33.33)
    assert f["value_acc"] == 50.0 and f["value_f1"] == pytest.approx(33.33)  # accuracy x relaxed F1
    assert f["type_f1"] == pytest.approx(66.67)


def test_figures_without_output_are_zero() -> None:
    assert figures(Counter(gold=3))["value_f1"] == 0.0


def test_keep_drops_output_in_unscored_spans() -> None:
    system = [Timex(0, 5, "a", "DATE"), Timex(8, 12, "b", "DATE"), Timex(20, 22, "c", "DATE")]
    assert [t.value for t in keep(system, [(4, 9)])] == ["c"]


def test_check_names_figures_below_floor() -> None:
    results = {"tempeval3": {"value_f1": 70.0, "relaxed_f1": 90.0}}
    floors = {"tempeval3.value_f1": 75.0, "tempeval3.relaxed_f1": 89.0, "meantime.value_f1": 50.0}
    assert check(results, floors) == ["tempeval3.value_f1 = 70.00 < floor 75.00"]


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path), "--out", str(tmp_path / "r.json")]) == 0
    assert "not found, skipped" in capsys.readouterr().out


def test_end_to_end_with_the_real_tagger(nlp: Language) -> None:
    doc = parse_tml(TML, "x1")
    result = evaluate([doc], tag([doc], nlp, "tiny"))
    assert result["counts"]["gold"] == 3 and result["relaxed_f1"] > 0
    assert 0 <= result["value_f1"] <= result["relaxed_f1"]
