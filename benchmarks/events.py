"""Benchmark `events`: CASE 2021 Task 2 (fine-grained event classification) through the whole pipeline.

Each snippet of `test_dataset/test_set_final_release_with_labels.tsv` is one Document (published on the
fixed date 2021-01-01, which only dates events and never changes their type). The Pipeline extracts its
events; the *main event* is chosen among the asserted or claimed ones (intended, negated, denied and
hypothetical events never count): a specific kind (a capture, a bombing, an abduction) within 0.2
confidence of the most confident event beats the generic Armed clash, Attack and Change to group/activity
it usually comes with; otherwise the most confident one wins (a tie goes to the first in text order). Its
ACLED sub-event type is mapped to the CASE label by the table CASE_LABEL. A snippet without such an event
is labelled OTHER (ACLED's catch-all "Other" sub-event type, the most generic label).

Splits (data/README.md): ids <= 500 are dev, ids > 500 test. Subsets as in the shared task: subtask 1 keeps
the snippets whose gold label is one of the 25 ACLED types of `sample_data/event_types.txt`; subtask 2 adds
the unseen ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER; subtask 3 adds DIPLO and ATTRIB (all snippets).
frontwatch codes ACLED only, so it never predicts an unseen label. Weighted F1 weighs each gold label's F1
by its support; macro F1 averages over the labels found in gold or prediction (as scikit-learn does).

An extra, test-only section runs the PLOVER gold-standard records (`plover-gsr`, CAMEO-manual example
sentences coded in PLOVER; no split, never tuned on): each sentence's main event among those the PLOVER export
codes (frontwatch.formats.plover_coding; intended acts become THREATEN) against the gold PLOVER event type.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.common import data_dir, floors, gate
from frontwatch.types import Event

NAME, FOLDER = "events", "case2021-task2"
DATA_FILE = "test_dataset/test_set_final_release_with_labels.tsv"
LABELS_FILE = "sample_data/event_types.txt"
PUBLISHED = date(2021, 1, 1)
DEV_MAX_ID = 500
FIRM = ("asserted", "claimed")
GENERIC = {"Armed clash", "Attack", "Change to group/activity"}  # what a capture or a bombing also involves
SLACK = 0.2
PLOVER_FOLDER, PLOVER_FILE = "plover-gsr", "gold_standard_records/PLOVER_GSR_CAMEO.txt"
PLOVER_DATE = date(2000, 1, 1)  # the date every gold-standard record carries
PLOVER_NONE = "NONE"
PLOVER_COVERED = {"FIGHT", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "AGREE", "THREATEN"}
NO_EVENT = "OTHER"
UNSEEN = {
    2: ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"),
    3: ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"),
}
ANCHORS = {"subtask1": 83.9, "subtask2": 79.7, "subtask3": 77.1}  # best weighted F1, fine-tuned transformers
ROOT = Path(__file__).resolve().parents[1]

# ACLED sub-event type (as frontwatch/data/events.json spells it) -> CASE 2021 label.
CASE_LABEL: dict[str, str] = {
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Agreement": "AGREEMENT",
    "Air/drone strike": "AIR_STRIKE",
    "Armed clash": "ARMED_CLASH",
    "Arrests": "ARREST",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Attack": "ATTACK",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Chemical weapon": "CHEM_WEAP",
    "Disrupted weapons use": "DISR_WEAP",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Grenade": "GRENADE",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Mob violence": "MOB_VIOL",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Peaceful protest": "PEACE_PROTEST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Sexual violence": "SEX_VIOL",
    "Suicide bomb": "SUIC_BOMB",
    "Violent demonstration": "VIOL_DEMONSTR",
}


@dataclass(frozen=True)
class Snippet:
    id: int
    text: str
    gold: str


@dataclass(frozen=True)
class Prediction:
    id: int
    label: str
    trigger: str  # the main event's trigger word, "" when there is none


# ---- data --------------------------------------------------------------------------------------------------


def read_snippets(path: Path) -> list[Snippet]:
    """The labelled TSV: a header `id EventSnippet SubType`, then one snippet a row."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Snippet(int(r[0]), r[1], r[2].strip()) for r in rows[1:] if r and r[0].strip().isdigit()]


def read_labels(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of(snippet_id: int) -> str:
    return "dev" if snippet_id <= DEV_MAX_ID else "test"


# ---- prediction --------------------------------------------------------------------------------------------


def main_event(events: Sequence[Event]) -> Event | None:
    """The snippet's main event: among its asserted or claimed events, a specific kind within SLACK of the
    most confident one beats a generic kind (GENERIC); then the most confident, the first one on a tie."""
    pool = [e for e in events if e.modality in FIRM]
    if not pool:
        return None
    top = max(e.confidence for e in pool)
    specific = [e for e in pool if e.sub_event_type not in GENERIC and e.confidence >= top - SLACK]
    return max(specific or pool, key=lambda e: e.confidence)  # max keeps the first of equals


def to_label(sub_event_type: str) -> str:
    if sub_event_type not in CASE_LABEL:
        raise KeyError(f"ACLED sub-event type {sub_event_type!r} has no CASE label in CASE_LABEL")
    return CASE_LABEL[sub_event_type]


def predict(snippet_id: int, events: Sequence[Event]) -> Prediction:
    main = main_event(events)
    if main is None:
        return Prediction(snippet_id, NO_EVENT, "")
    return Prediction(snippet_id, to_label(main.sub_event_type), main.trigger)


def extract(texts: Sequence[tuple[str, str]], published: date, desc: str) -> list[list[Event]]:
    """The events the whole pipeline finds in each (document id, text), in order."""
    from frontwatch import actors, nlp
    from frontwatch.geo import gazetteer as gaz
    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings
    from frontwatch.types import Document

    settings = Settings.from_env()
    pipe = Pipeline(
        nlp=nlp.load(settings.model),
        gazetteer=gaz.ensure_default(settings.gazetteer_path),
        registry=actors.Registry.load(),
    )
    docs = (Document(id=i, text=t, published=published) for i, t in texts)
    out = []
    bar = tqdm(total=len(texts), unit="doc", file=sys.stderr, desc=desc)
    for ex in pipe.process_many(docs):
        out.append(list(ex.events))
        bar.update(1)
    bar.close()
    return out


def run_pipeline(snippets: Sequence[Snippet]) -> list[Prediction]:
    found = extract([(f"case2021-{s.id}", s.text) for s in snippets], PUBLISHED, "benchmark events")
    return [predict(s.id, events) for s, events in zip(snippets, found, strict=True)]


# ---- PLOVER gold-standard records (test only) --------------------------------------------------------------


def read_plover(path: Path) -> list[tuple[str, str, str]]:
    """(id, sentence, PLOVER event type) of each coded example; the DOCUMENT header record is skipped."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        (r["id"], r["text"], r["event"]) for r in records if r.get("event") != "DOCUMENT" and r.get("text")
    ]


def plover_label(events: Sequence[Event]) -> str:
    """The PLOVER event type of a sentence's main event among those PLOVER codes (intended ones included:
    they become THREATEN); NONE without one."""
    from frontwatch.formats import plover_coding

    coded = [(e, c) for e in events if (c := plover_coding(e.sub_event_type, e.modality)) is not None]
    main = main_event([replace(e, modality="asserted") for e, _ in coded])
    if main is None:
        return PLOVER_NONE
    return str(next(c["event"] for e, c in coded if e.id == main.id))


def plover_figures(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy and weighted F1 on the records whose gold type frontwatch can code (PLOVER_COVERED), the
    precision of what it outputs on all records, and how many records it leaves uncoded."""
    covered = [(g, p) for g, p in zip(gold, pred, strict=True) if g in PLOVER_COVERED]
    given = [(g, p) for g, p in zip(gold, pred, strict=True) if p != PLOVER_NONE]
    sc = scores([g for g, _ in covered], [p for _, p in covered])
    return {
        "n": len(gold),
        "covered_n": len(covered),
        "covered_accuracy": sc["accuracy"],
        "covered_weighted_f1": sc["weighted_f1"],
        "output_precision": 100 * sum(g == p for g, p in given) / len(given) if given else 0.0,
        "output_n": len(given),
    }


# ---- scoring -----------------------------------------------------------------------------------------------


def per_label(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 (percent) and support for every label in gold or prediction."""
    tp, fp, fn = Counter[str](), Counter[str](), Counter[str]()
    for want, got in zip(gold, pred, strict=True):
        if want == got:
            tp[want] += 1
        else:
            fp[got] += 1
            fn[want] += 1
    out = {}
    for label in sorted(set(gold) | set(pred)):
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {
            "precision": 100 * p,
            "recall": 100 * r,
            "f1": 100 * f,
            "support": tp[label] + fn[label],
        }
    return out


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy, weighted F1 (by gold support) and macro F1, in percent."""
    if not gold:
        return {"n": 0, "accuracy": 0.0, "weighted_f1": 0.0, "macro_f1": 0.0}
    table = per_label(gold, pred)
    return {
        "n": len(gold),
        "accuracy": 100 * sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
        "weighted_f1": sum(v["f1"] * v["support"] for v in table.values()) / len(gold),
        "macro_f1": sum(v["f1"] for v in table.values()) / len(table),
    }


def confusions(gold: Sequence[str], pred: Sequence[str], top: int = 8) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) pairs that disagree, most frequent first, ties by name."""
    pairs = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    return [(g, p, n) for (g, p), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def in_subtask(label: str, subtask: int, seen: Sequence[str]) -> bool:
    return label in seen or (subtask > 1 and label in UNSEEN[subtask])


def evaluate(snippets: Sequence[Snippet], preds: Sequence[Prediction], seen: Sequence[str]) -> dict[str, Any]:
    """Figures per split and subtask, the dev per-label table and the dev confusions."""
    by_id = {p.id: p for p in preds}
    figures: dict[str, Any] = {}
    for split in ("test", "dev"):
        rows = [s for s in snippets if split_of(s.id) == split]
        for subtask in (1, 2, 3):
            part = [s for s in rows if in_subtask(s.gold, subtask, seen)]
            figures[f"{split}.subtask{subtask}"] = scores(
                [s.gold for s in part], [by_id[s.id].label for s in part]
            )
    dev = [s for s in snippets if split_of(s.id) == "dev"]
    figures["dev.per_label"] = per_label([s.gold for s in dev], [by_id[s.id].label for s in dev])
    dev = [s for s in dev if s.gold in seen]  # confusions among ACLED types: the unseen types are never coded
    gold, pred = [s.gold for s in dev], [by_id[s.id].label for s in dev]
    triggers: dict[str, Counter[str]] = {}
    for s in dev:
        p = by_id[s.id]
        if p.label != s.gold:
            triggers.setdefault(f"{s.gold}->{p.label}", Counter())[p.trigger.lower() or "(no event)"] += 1
    figures["dev.confusions"] = [
        {"gold": g, "predicted": p, "count": n, "triggers": dict(triggers[f"{g}->{p}"].most_common(6))}
        for g, p, n in confusions(gold, pred)
    ]
    return figures


def flat(figures: dict[str, Any]) -> dict[str, float]:
    """`split.subtaskN.measure` and `plover.measure` -> value, for the floors."""
    keep = [k for k in figures if ".subtask" in k or k == "plover"]
    counts = ("n", "covered_n", "output_n")
    return {f"{k}.{m}": float(v) for k in keep for m, v in figures[k].items() if m not in counts}


# ---- report ------------------------------------------------------------------------------------------------


def report(figures: dict[str, Any]) -> str:
    lines = [
        "CASE 2021 Task 2 (event typing), main event of the frontwatch pipeline",
        f"{'split':<5} {'subtask':<8} {'n':>4} {'weighted F1':>11} {'macro F1':>9} {'accuracy':>9} "
        f"{'anchor wF1':>10}",
    ]
    for split in ("test", "dev"):
        for sub in (1, 2, 3):
            d = figures[f"{split}.subtask{sub}"]
            lines.append(
                f"{split:<5} {sub:<8} {d['n']:>4} {d['weighted_f1']:>11.1f} {d['macro_f1']:>9.1f} "
                f"{d['accuracy']:>9.1f} {ANCHORS[f'subtask{sub}']:>10.1f}"
            )
    lines += [
        "anchor: best weighted F1 per subtask in CASE 2021 (fine-tuned transformers)",
        "",
        "dev, per label (all subtask-3 labels):",
        f"{'label':<30} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for label, v in figures["dev.per_label"].items():
        lines.append(
            f"{label:<30} {v['precision']:>6.1f} {v['recall']:>6.1f} {v['f1']:>6.1f} {v['support']:>4.0f}"
        )
    lines += [
        "",
        "dev, top confusions among ACLED gold labels (gold -> predicted: count, main-event triggers):",
    ]
    for c in figures["dev.confusions"]:
        trig = ", ".join(f"{t} {n}" for t, n in c["triggers"].items())
        lines.append(f"{c['gold']} -> {c['predicted']}: {c['count']}  [{trig}]")
    if "plover" in figures:
        d = figures["plover"]
        lines += [
            "",
            "PLOVER gold-standard records (test only, no split; `--format plover` code of the main event):",
            f"records {d['n']}; of a type frontwatch codes {d['covered_n']}: "
            f"accuracy {d['covered_accuracy']:.1f}, weighted F1 {d['covered_weighted_f1']:.1f}; "
            f"precision of its {d['output_n']} outputs on all records {d['output_precision']:.1f} "
            "(no published anchor)",
        ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default $FRONTWATCH_DATA, else ../shared/data)")
    ap.add_argument("--quick", action="store_true", help="CI gate: here the whole set (about a minute)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its pinned floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / f"{NAME}.json")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    base, shown = data_dir(args.data)
    if not (base / FOLDER / DATA_FILE).exists():
        print(f"benchmark {NAME}: {shown}/{FOLDER} not found, skipped")
        return 0
    began = time.monotonic()
    snippets = read_snippets(base / FOLDER / DATA_FILE)  # --quick: all of them, it runs in about a minute
    figures = evaluate(snippets, run_pipeline(snippets), read_labels(base / FOLDER / LABELS_FILE))
    plover = base / PLOVER_FOLDER / PLOVER_FILE
    if plover.exists():  # test only: never tuned on
        records = read_plover(plover)
        found = extract([(i, t) for i, t, _ in records], PLOVER_DATE, "benchmark events (PLOVER)")
        figures["plover"] = plover_figures([g for _, _, g in records], [plover_label(ev) for ev in found])
    mode = "quick" if args.quick else "full"
    figures["meta"] = {
        "mode": mode,
        "snippets": len(snippets),
        "published": PUBLISHED.isoformat(),
        "seconds": round(time.monotonic() - began, 1),
        "anchors": ANCHORS,
    }
    print(report(figures))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(f"\n{len(snippets)} snippets in {figures['meta']['seconds']} s; figures written to {args.out}")
    return gate(NAME, flat(figures), floors(NAME, mode)) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
