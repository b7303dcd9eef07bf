"""Benchmark `quotes`: PolNeAR attribution relations (source, cue, content) against frontwatch.quotes.

Each article `<split>/text/<name>.txt` is one Document (published on the date in its name) and goes through
`find_quotes(doc, nlp(text))`. Gold comes from `<split>/attributions/<name>_<annotator>.ann` (brat standoff;
an article annotated by several people is scored against the first file by name).

Units: a gold content is split into its fragments, after joining fragments separated only by spaces or
quotation marks; each fragment keeps its attribution's source. A predicted unit is one Quote record.
- Direct quote: an attribution whose content, stripped of spaces and edge punctuation, begins and ends with
  a double quotation mark (" “ ” « »). One with a mark elsewhere is *mixed*, one without is *indirect*.
- Exact match: equal bounds after trimming spaces, quotation marks, edge punctuation and a leading "that".
  Overlap match: at least one shared character; pairs are taken one-to-one, largest overlap first.
- Direct scores pair gold direct units with predicted direct quotes; a predicted direct quote that matches
  nothing but overlaps a mixed or indirect gold content is left out (PolNeAR marks the larger clause).
  "All" scores pair every gold unit with every prediction.
- Speaker accuracy, over overlap-matched pairs whose gold has a source: right when the words of the predicted
  speaker's name or aliases share a word with the gold source span (case-insensitive, function words and
  honorifics ignored), or, for a gold source that is a description without a name ("the president"), when
  its last word is in the speaker's description ("President", "Sen."). A gold source that is only a pronoun
  stands for the nearest preceding gold source that names someone (for he/she: one with a capitalized name
  word). A gold source that is only a speech verb ("said") beside a capitalized cue ("Robert Smith") is a
  swapped label: the cue is the source. No predicted speaker is wrong.
- `--split dev` (or train) scores one split, for tuning.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from tqdm import tqdm

from benchmarks.common import data_dir, floors, gate
from frontwatch.types import Quote

NAME, FOLDER = "quotes", "polnear"
SPLITS = ("test", "dev", "train")
QUICK_ARTICLES = 100  # the first articles of the test split by name
ANCHOR = "PolNeAR inter-annotator agreement alpha 75.4% (a ceiling; no leaderboard)"
ROOT = Path(__file__).resolve().parents[1]
MARKS = '"“”«»'
EDGE = " \t\r\n" + MARKS + "‘’'`,.;:!?—–-…()[]"
WORD_RE = re.compile(r"[^\W_]+")
STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "s",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "jr",
        "sr",
    }
)
PRONOUNS = frozenset(
    {
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "his",
        "its",
        "their",
        "who",
        "which",
        "that",
        "this",
        "these",
        "one",
    }
)
SPEECH_VERB = r"(?:said|says|asked|asks|told|tells|added|adds|wrote|writes|noted|notes|explained|explains)"
TITLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pres": "president"}
Kind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True)
class Unit:
    """A gold content fragment with its attribution's kind and source."""

    start: int
    end: int
    kind: Kind
    source: str | None  # the source span's text (pronouns already replaced), None when there is none
    attribution: str


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    published: date | None
    gold: tuple[Unit, ...]


# ---- gold --------------------------------------------------------------------------------------------------


def parse_ann(ann: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    """Text-bound annotations (id -> label, fragments) and relations (role -> annotation id)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            frags = [(int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))]
            spans[parts[0]] = (label, frags)
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(r.split(":", 1) for r in parts[1].split()))
    return spans, relations


def join_fragments(frags: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted fragments, neighbours joined when only spaces or quotation marks lie between them."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(frags):
        if out and not text[out[-1][1] : a].strip(" \t\r\n" + MARKS):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def content_kind(content: str) -> Kind:
    core = content.strip(" \t\r\n,.;:—–-…")
    if core[:1] in MARKS and core[-1:] in MARKS and len(core) > 1:
        return "direct"
    return "mixed" if any(m in core for m in MARKS) else "indirect"


def words(text: str) -> frozenset[str]:
    """Lower-case content words: possessive endings, function words and honorifics removed."""
    text = re.sub(r"['’]s\b", "", text.lower())
    return frozenset(w for w in WORD_RE.findall(text) if w not in STOP)


def is_pronoun(source: str) -> bool:
    found = words(source)
    return not found or found <= PRONOUNS


def names_person(source: str) -> bool:
    """A source that can stand for he/she: one capitalized word, or a capitalized word after the first
    ("Sen. Ann Lee", "Another critic, Laurence Tribe"; not "The article", "Few people")."""
    found = source.split()
    return bool(found) and (
        (len(found) == 1 and found[0][:1].isupper()) or any(w[:1].isupper() for w in found[1:])
    )


def resolve_pronouns(sources: list[tuple[int, str]]) -> dict[int, str]:
    """Source start -> text, a pronoun source replaced by the nearest preceding naming source (for he and
    she, the nearest that names a person)."""
    out: dict[int, str] = {}
    named: list[str] = []
    for start, text in sorted(sources):
        if is_pronoun(text):
            person = words(text) & {"he", "she"}
            out[start] = next((n for n in reversed(named) if not person or names_person(n)), text)
        else:
            out[start] = text
            named.append(text)
    return out


def source_text(
    relation: dict[str, str], spans: dict[str, tuple[str, list[tuple[int, int]]]], text: str
) -> str:
    """The source's text; in "…," said X the annotators sometimes swapped the labels (source "said", cue
    "X"): a source that is only a speech verb, beside a cue starting with a capital, is read from the cue."""
    source = " ".join(text[a:b] for a, b in spans[relation["Source"]][1])
    cue = " ".join(text[a:b] for a, b in spans[relation["Cue"]][1]) if relation.get("Cue") in spans else ""
    swapped = re.fullmatch(SPEECH_VERB, source) and cue[:1].isupper()
    return cue if swapped else source


def read_gold(ann: str, text: str) -> list[Unit]:
    spans, relations = parse_ann(ann)
    sources = [
        (spans[r["Source"]][1][0][0], source_text(r, spans, text))
        for r in relations
        if r.get("Source") in spans
    ]
    named = resolve_pronouns(sources)
    units = []
    for r in relations:
        if r.get("Content") not in spans:
            continue
        frags = spans[r["Content"]][1]
        kind = content_kind(" ".join(text[a:b] for a, b in sorted(frags)))
        src = named[spans[r["Source"]][1][0][0]] if r.get("Source") in spans else None
        units += [Unit(a, b, kind, src, r["Content"]) for a, b in join_fragments(frags, text)]
    return sorted(units, key=lambda u: (u.start, u.end))


def published_of(name: str) -> date | None:
    m = re.search(r"_(\d{4})-(\d{2})-(\d{2})_", name)
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def read_split(base: Path, split: str, limit: int | None = None) -> list[Article]:
    folder = base / "data" / split
    names = sorted(p.stem for p in (folder / "text").glob("*.txt"))[:limit]
    out = []
    for name in names:
        anns = sorted((folder / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        gold = read_gold(anns[0].read_text(encoding="utf-8"), text)
        out.append(Article(name, text, published_of(name), tuple(gold)))
    return out


# ---- matching ----------------------------------------------------------------------------------------------


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds without edge spaces, quotation marks, punctuation or a leading 'that'."""
    while True:
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        if text[start : start + 5].lower() != "that " or end - start <= 5:
            return start, end
        start += 5


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_up(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs that overlap, the largest overlap first."""
    cands = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if overlap(g, p) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def speaker_right(quote: Quote, source: str) -> bool:
    """The speaker's name or an alias shares a word with the source; a source that is a description ("the
    president") may instead share its last word with the speaker's description ("President", "Sen.")."""
    if quote.speaker is None:
        return False
    names = words(" ".join((quote.speaker.name, *quote.speaker.aliases))) - PRONOUNS
    last = re.findall(r"[^\W_]+", source.lower())[-1:]
    titles = {TITLES.get(w, w) for w in words(quote.speaker.description or "")}
    described = not names_person(source) and bool(set(last) & titles)
    return bool(names & words(source)) or described


@dataclass
class Tally:
    """Counts for one unit family (direct or all), summed over articles."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    with_source: int = 0
    speaker_ok: int = 0
    no_speaker: int = 0

    def add(self, other: Tally) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def score_units(
    text: str, gold: Sequence[Unit], quotes: Sequence[Quote], others: Sequence[Unit] = ()
) -> Tally:
    """Match `quotes` to `gold` units; unmatched quotes overlapping an `others` unit are not counted."""
    g_spans = [(u.start, u.end) for u in gold]
    p_spans = [(q.start, q.end) for q in quotes]
    pairs = pair_up(g_spans, p_spans)
    matched_p = {j for _, j in pairs}
    ignored = sum(
        1
        for j, p in enumerate(p_spans)
        if j not in matched_p and any(overlap(p, (o.start, o.end)) for o in others)
    )
    t = Tally(gold=len(gold), pred=len(quotes) - ignored, overlap=len(pairs))
    g_trim, p_trim = [trimmed(text, *s) for s in g_spans], [trimmed(text, *s) for s in p_spans]
    t.exact = len(pair_up_exact(g_trim, p_trim))
    for i, j in pairs:
        src = gold[i].source
        if src is not None:
            t.with_source += 1
            t.speaker_ok += speaker_right(quotes[j], src)
            t.no_speaker += quotes[j].speaker is None
    return t


def pair_up_exact(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Bounds found on both sides (each counted once)."""
    return set(gold) & set(pred)


def score_article(article: Article, quotes: Sequence[Quote]) -> dict[str, Tally]:
    direct = [u for u in article.gold if u.kind == "direct"]
    others = [u for u in article.gold if u.kind != "direct"]
    said = [q for q in quotes if q.kind == "direct"]
    return {
        "direct": score_units(article.text, direct, said, others),
        "all": score_units(article.text, article.gold, quotes),
    }


def prf(hits_p: int, pred: int, hits_r: int, gold: int) -> tuple[float, float, float]:
    p = 100 * hits_p / pred if pred else 0.0
    r = 100 * hits_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures_of(t: Tally) -> dict[str, float]:
    out: dict[str, float] = {"gold": t.gold, "pred": t.pred}
    for mode in ("exact", "overlap"):
        hits = getattr(t, mode)
        out[f"{mode}_p"], out[f"{mode}_r"], out[f"{mode}_f1"] = prf(hits, t.pred, hits, t.gold)
    out["speaker_n"] = t.with_source
    out["speaker_acc"] = 100 * t.speaker_ok / t.with_source if t.with_source else 0.0
    out["speaker_none"] = t.no_speaker
    return out


# ---- run ---------------------------------------------------------------------------------------------------


def run(articles: Sequence[Article], desc: str) -> dict[str, dict[str, float]]:
    from frontwatch import nlp
    from frontwatch.quotes import find_quotes
    from frontwatch.settings import Settings
    from frontwatch.types import Document

    model = nlp.load(Settings.from_env().model)
    totals = {"direct": Tally(), "all": Tally()}
    pairs = ((a.text, a) for a in articles)
    for sdoc, a in tqdm(
        model.pipe(pairs, as_tuples=True, batch_size=16),
        total=len(articles),
        unit="article",
        file=sys.stderr,
        desc=desc,
    ):
        doc = Document(id=a.name, text=a.text, published=a.published, origin=a.name)
        for key, t in score_article(a, find_quotes(doc, sdoc)).items():
            totals[key].add(t)
    return {k: figures_of(t) for k, t in totals.items()}


def flat(figures: dict[str, Any]) -> dict[str, float]:
    """`split.family.measure` -> value, for the floors."""
    return {
        f"{split}.{fam}.{m}": float(v)
        for split, fams in figures.items()
        if split in SPLITS
        for fam, d in fams.items()
        for m, v in d.items()
    }


def report(figures: dict[str, Any]) -> str:
    lines = [
        "PolNeAR attribution: frontwatch.quotes.find_quotes",
        f"{'split':<5} {'units':<7} {'gold':>5} {'pred':>5} {'exact P/R/F1':>18} {'overlap P/R/F1':>18} "
        f"{'speaker acc (n)':>16}",
    ]
    for split in SPLITS:
        for fam, d in figures.get(split, {}).items():
            ex = f"{d['exact_p']:.1f}/{d['exact_r']:.1f}/{d['exact_f1']:.1f}"
            ov = f"{d['overlap_p']:.1f}/{d['overlap_r']:.1f}/{d['overlap_f1']:.1f}"
            sp = f"{d['speaker_acc']:.1f} ({d['speaker_n']:.0f})"
            lines.append(
                f"{split:<5} {fam:<7} {d['gold']:>5.0f} {d['pred']:>5.0f} {ex:>18} {ov:>18} {sp:>16}"
            )
    lines.append(f"anchor: {ANCHOR}; targets: direct speaker acc >= 90, direct overlap F1 >= 90")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default $FRONTWATCH_DATA, else ../shared/data)")
    ap.add_argument("--quick", action="store_true", help=f"CI gate: the first {QUICK_ARTICLES} test articles")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its pinned floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / f"{NAME}.json")
    ap.add_argument("--split", choices=SPLITS, help="score one split only, e.g. dev or train while tuning")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    base, shown = data_dir(args.data)
    if not (base / FOLDER / "data" / "test" / "text").is_dir():
        print(f"benchmark {NAME}: {shown}/{FOLDER} not found, skipped")
        return 0
    began, mode = time.monotonic(), "quick" if args.quick else "full"
    figures: dict[str, Any] = {}
    for split in (args.split,) if args.split else ("test",) if args.quick else ("test", "dev"):
        articles = read_split(base / FOLDER, split, QUICK_ARTICLES if args.quick else None)
        figures[split] = run(articles, f"benchmark quotes ({split})")
        figures.setdefault("meta", {})[f"{split}_articles"] = len(articles)
    figures["meta"].update(mode=mode, seconds=round(time.monotonic() - began, 1), anchor=ANCHOR)
    print(report(figures))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(f"\n{mode} run in {figures['meta']['seconds']} s; figures written to {args.out}")
    if args.check:
        pinned = {k: v for k, v in floors(NAME, mode).items() if k.split(".")[0] in figures}
        return gate(NAME, flat(figures), pinned)
    return 0


if __name__ == "__main__":
    sys.exit(main())
