"""Scoring code of benchmarks/quotes.py on tiny hand-made inputs (no shared data needed)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`

from benchmarks import quotes as bench  # noqa: E402
from benchmarks.common import below_floor  # noqa: E402
from frontwatch.types import Evidence, Quote, QuoteKind, Speaker  # noqa: E402

TEXT = (
    "Mayor Ana Lind spoke on Monday. “We will rebuild the bridge,” she said. “It takes a year.”\n"
    "The council said that the budget was approved."
)
FIRST, SECOND = TEXT.index("“We"), TEXT.index("“It")
FIRST_END, SECOND_END = TEXT.index("”", FIRST) + 1, TEXT.index("”", SECOND) + 1
CLAUSE = TEXT.index("that the")
ANN = "\n".join(
    [
        "T1\tSource 0 14\tMayor Ana Lind",
        f"T2\tSource {TEXT.index('she')} {TEXT.index('she') + 3}\tshe",
        f"T3\tCue {TEXT.index('said')} {TEXT.index('said') + 4}\tsaid",
        f"T4\tContent {FIRST} {FIRST_END};{SECOND} {SECOND_END}\tx",
        f"T5\tAttribution {TEXT.index('said')} {TEXT.index('said') + 4}\tsaid",
        "E1\tAttribution:T5 Content:T4 Cue:T3 Source:T2",
        f"T6\tSource {TEXT.index('The council')} {TEXT.index('The council') + 11}\tThe council",
        f"T7\tContent {CLAUSE} {len(TEXT) - 1}\tx",
        "E2\tAttribution:T8 Source:T6 Content:T7",
        "E3\tAttribution:T5 Source:T1",
        "T9\tDiscard 0 5\tMayor",
    ]
)


def quote(
    start: int,
    end: int,
    kind: QuoteKind = "direct",
    name: str | None = "Ana Lind",
    aliases: tuple[str, ...] = ("Lind",),
) -> Quote:
    speaker = Speaker(name, aliases) if name else None
    ev = Evidence("d", None, None, start, end, "")
    return Quote("q", "d", TEXT[start:end], start, end, kind, "said", speaker, ev)


def test_parse_ann_reads_spans_and_relations() -> None:
    spans, relations = bench.parse_ann(ANN)
    assert spans["T4"][0] == "Content" and len(spans["T4"][1]) == 2
    assert relations[0]["Source"] == "T2" and relations[1]["Content"] == "T7"
    assert spans["T9"] == ("Discard", [(0, 5)])


def test_join_fragments_over_spaces_and_marks_only() -> None:
    text = "“Ab.”\n“Cd.” he said"
    assert bench.join_fragments([(6, 11), (0, 5)], text) == [(0, 11)]
    assert bench.join_fragments([(0, 5), (15, 19)], text) == [(0, 5), (15, 19)]


def test_content_kind() -> None:
    assert bench.content_kind("“We will win,” ") == "direct"
    assert bench.content_kind('"Yes."') == "direct"
    assert bench.content_kind("that the plan would “fail badly.”") == "mixed"
    assert bench.content_kind("that the plan failed") == "indirect"
    assert bench.content_kind("“") == "mixed"


def test_words_and_pronouns() -> None:
    assert bench.words("Mr. Lind's office") == {"lind", "office"}
    assert bench.is_pronoun("She") and bench.is_pronoun("the") and not bench.is_pronoun("the mayor")
    assert bench.resolve_pronouns([(30, "he"), (10, "Ana Lind"), (50, "The minister"), (70, "they")]) == {
        10: "Ana Lind",
        30: "Ana Lind",
        50: "The minister",
        70: "The minister",
    }


def test_read_gold_units() -> None:
    units = bench.read_gold(ANN, TEXT)
    direct = [u for u in units if u.kind == "direct"]
    assert [(u.start, u.source) for u in direct] == [(FIRST, "Mayor Ana Lind"), (SECOND, "Mayor Ana Lind")]
    indirect = [u for u in units if u.kind == "indirect"]
    assert len(indirect) == 1 and indirect[0].source == "The council"


def test_trimmed_drops_marks_punctuation_and_that() -> None:
    assert bench.trimmed(TEXT, FIRST, FIRST_END) == (FIRST + 1, FIRST_END - 2)
    assert bench.trimmed(TEXT, CLAUSE, len(TEXT)) == (CLAUSE + 5, len(TEXT) - 1)


def test_pair_up_is_one_to_one_by_largest_overlap() -> None:
    assert bench.pair_up([(0, 10), (20, 30)], [(5, 25), (0, 9)]) == [(0, 1), (1, 0)]
    assert bench.pair_up([(0, 10)], [(10, 20)]) == []


def test_speaker_right() -> None:
    assert bench.speaker_right(quote(0, 5), "Mayor Ana Lind")
    assert bench.speaker_right(quote(0, 5, name="Lind", aliases=()), "Ms. Lind")
    assert not bench.speaker_right(quote(0, 5, name="Ana Ek", aliases=()), "the mayor")
    assert not bench.speaker_right(quote(0, 5, name=None), "Ana Lind")
    assert not bench.speaker_right(quote(0, 5, name="she", aliases=()), "she")


def test_score_article_direct_and_all() -> None:
    article = bench.Article("a", TEXT, date(2016, 1, 1), tuple(bench.read_gold(ANN, TEXT)))
    found = [
        quote(FIRST + 1, FIRST_END - 2),  # exact after trimming
        quote(SECOND + 1, SECOND + 12, name="Bo Ek", aliases=()),  # overlaps, wrong speaker
        quote(CLAUSE + 9, CLAUSE + 15),  # direct inside the indirect content: not counted for direct
        quote(0, 5),  # direct over nothing: a false positive
    ]
    scored = bench.score_article(article, found)
    d = scored["direct"]
    assert (d.gold, d.pred, d.exact, d.overlap, d.with_source, d.speaker_ok) == (2, 3, 1, 2, 2, 1)
    a = scored["all"]
    assert (a.gold, a.pred, a.exact, a.overlap) == (3, 4, 1, 3)
    fig = bench.figures_of(d)
    assert fig["overlap_p"] == pytest.approx(200 / 3) and fig["overlap_r"] == 100 and fig["speaker_acc"] == 50


def test_tally_add_and_prf() -> None:
    t = bench.Tally(gold=2, pred=1, exact=1)
    t.add(bench.Tally(gold=1, pred=1, overlap=1))
    assert (t.gold, t.pred, t.exact, t.overlap) == (3, 2, 1, 1)
    assert bench.prf(0, 0, 0, 0) == (0.0, 0.0, 0.0)


def test_read_split_and_published(tmp_path: Path) -> None:
    split = tmp_path / "polnear" / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "paper_2016-10-02_some-story.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "paper_2016-10-02_some-story_b2.ann").write_text("", encoding="utf-8")
    (split / "attributions" / "paper_2016-10-02_some-story_a1.ann").write_text(ANN, encoding="utf-8")
    arts = bench.read_split(tmp_path / "polnear", "dev")
    assert len(arts) == 1 and arts[0].published == date(2016, 10, 2) and len(arts[0].gold) == 3
    assert bench.published_of("x_y") is None


def test_flat_and_floors() -> None:
    figures = {"test": {"direct": {"overlap_f1": 95.0}}, "meta": {"seconds": 3}}
    flat = bench.flat(figures)
    assert flat == {"test.direct.overlap_f1": 95.0}
    assert below_floor(flat, {"test.direct.overlap_f1": 96.0})[0].startswith("test.direct.overlap_f1")
    floors = json.loads((bench.ROOT / "benchmarks" / "floors" / "quotes.json").read_text(encoding="utf-8"))
    assert set(floors) >= {"quick", "full"}


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path), "--quick", "--check"]) == 0
    assert "benchmark quotes:" in capsys.readouterr().out
