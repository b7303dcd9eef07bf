"""Multi-outlet example sets: each real event once, with all its reports as evidence; no two events merged.

Each `tests/golden_sets/<set>.json` names the articles of one set (examples/multi-outlet/<set>/) and what the
merged events (`store.events()`) must and must not contain. The real pipeline reads every article once;
the extractions are saved into fresh stores in several orders, and the merged result must be the same.

Item format: a partial event pattern as in tests/golden/README.md (dotted keys, `key~`, `key@`,
`date.within`, `date.contains`), over the merged event dicts (so `accounts`, `reports`, `merged_from` exist),
plus:
- `"reports": N` (must): exactly one merged event matches, and its evidence comes from N distinct articles
  (one article = one report; an article may yield two report rows of one event, counted once);
- `"count": N` (must): exactly N merged events match;
- `"evidence.sentence~all": [s1, s2]`: every substring occurs in some evidence sentence of the event
  (e.g. a must_not item: no event has evidence from both Monday's and Tuesday's strike);
- `"reports_min": k` (must_not): only events with evidence from at least k articles match.
`known_gaps` ({"must[0]": "why"}) lists failing items; the test fails on any other failure and when a gap
starts passing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from test_golden import key_matches, norm, values_at

from frontwatch.store import Store
from frontwatch.types import Extraction

ROOT = Path(__file__).resolve().parent.parent
SETS = tuple(sorted((ROOT / "tests" / "golden_sets").glob("*.json")))
SPECIAL = {"reports", "count", "reports_min", "evidence.sentence~all"}
Record = dict[str, Any]


def documents(event: Mapping[str, Any]) -> int:
    return len({ev["document_id"] for ev in event.get("evidence", [])})


def item_matches(event: Record, item: Mapping[str, Any]) -> bool:
    if documents(event) < item.get("reports_min", 0):
        return False
    sentences = [norm(s or "") for s in values_at(event, "evidence.sentence")]
    if not all(any(norm(w) in s for s in sentences) for w in item.get("evidence.sentence~all", [])):
        return False
    return all(key_matches("events", event, k, v) for k, v in item.items() if k not in SPECIAL)


def shown(events: Sequence[Record]) -> str:
    rows = [
        f"      - {e['sub_event_type']} @ {(e.get('location') or {}).get('name')} "
        f"({(e.get('location') or {}).get('geonames_id')}) {e['date']['start']}..{e['date']['end']} "
        f"{e.get('modality')} articles={documents(e)} reports={e.get('reports')} accounts={e.get('accounts')}"
        for e in events
    ]
    return "\n".join(rows) or "      (none)"


def check_set(golden: Mapping[str, Any], events: Sequence[Record]) -> list[str]:
    """Every failed item, addressed `must[i]` / `must_not[i]`, with the events it saw."""
    failures = []
    for i, item in enumerate(golden["must"]):
        hits = [e for e in events if item_matches(e, item)]
        want = 1 if "reports" in item else item.get("count")
        if want is not None and len(hits) != want:
            failures.append(
                f"must[{i}] {json.dumps(item)}\n    expected {want}, found {len(hits)}:\n{shown(hits)}"
            )
        elif want is None and not hits:
            failures.append(f"must[{i}] {json.dumps(item)}\n    no merged event matches")
        elif "reports" in item and documents(hits[0]) != item["reports"]:
            failures.append(f"must[{i}] {json.dumps(item)}\n    reports from {documents(hits[0])} articles, "
                            f"expected {item['reports']}:\n{shown(hits)}")  # fmt: skip
    for i, item in enumerate(golden["must_not"]):
        hits = [e for e in events if item_matches(e, item)]
        if hits:
            failures.append(f"must_not[{i}] {json.dumps(item)}\n    matched by:\n{shown(hits)}")
    return failures


def orders(n: int) -> list[list[int]]:
    """Arrival orders: as listed, reversed, and each rotation that starts from the middle."""
    forward = list(range(n))
    return [forward, forward[::-1], forward[n // 2 :] + forward[: n // 2], [*forward[1::2], *forward[::2]]]


def merged_events(extractions: Sequence[Extraction], order: Sequence[int], db: Path) -> list[Record]:
    with Store.open(db) as store:
        for i in order:
            store.save(extractions[i])
        return store.events()


def fingerprint(events: Sequence[Record]) -> list[tuple[str, ...]]:
    return sorted(tuple(e["merged_from"]) for e in events)


@pytest.fixture(scope="module")
def extracted(pipeline: Any) -> dict[str, list[Extraction]]:
    """Every set's articles through the real pipeline, once per test module."""
    out = {}
    for path in SETS:
        golden = json.loads(path.read_text(encoding="utf-8"))
        out[path.stem] = [pipeline.process_path(ROOT / doc) for doc in golden["documents"]]
    return out


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_golden_set(path: Path, extracted: dict[str, list[Extraction]], tmp_path: Path) -> None:
    golden = json.loads(path.read_text(encoding="utf-8"))
    extractions = extracted[path.stem]
    results = [
        merged_events(extractions, o, tmp_path / f"o{n}.db") for n, o in enumerate(orders(len(extractions)))
    ]
    assert all(fingerprint(r) == fingerprint(results[0]) for r in results), "the result depends on the order"
    failures = check_set(golden, results[0])
    gaps: dict[str, str] = golden.get("known_gaps", {})
    unexpected = [f for f in failures if f.split(" ", 1)[0] not in gaps]
    fixed = sorted(set(gaps) - {f.split(" ", 1)[0] for f in failures})
    assert not unexpected, f"{path.name}: {len(unexpected)} item(s) failed\n\n" + "\n\n".join(unexpected)
    assert not fixed, f"{path.name}: known gaps now pass, remove them from known_gaps: {fixed}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_golden_set_is_well_formed(path: Path) -> None:
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert golden["set"] == path.stem and golden["about"].strip()
    assert set(golden) - {"known_gaps", "about"} == {"set", "documents", "must", "must_not"}
    assert 3 <= len(golden["documents"]) <= 5 and golden["must"] and golden["must_not"]
    folder = ROOT / "examples" / "multi-outlet" / path.stem
    assert sorted(ROOT / d for d in golden["documents"]) == sorted(folder.glob("*.txt"))
    for address, why in golden.get("known_gaps", {}).items():
        assert re.fullmatch(r"must(_not)?\[\d+\]", address) and why.strip()
    assert all("reports_min" not in item for item in golden["must"])
    assert all({"reports", "count"}.isdisjoint(item) for item in golden["must_not"])


@pytest.mark.parametrize("article", sorted((ROOT / "examples" / "multi-outlet").glob("*/*.txt")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")  # fmt: skip
def test_article_has_the_input_format(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    assert re.match(r"date \d{4}-\d{2}-\d{2} ", text), "first line: `date YYYY-MM-DD ` then the body"
    assert 115 <= len(text.split()) <= 260 and "\n\n" in text


def test_matching_counts_articles_and_needs_every_substring() -> None:
    event: Record = {
        "sub_event_type": "Air/drone strike",
        "location": {"geonames_id": 1},
        "date": {"start": "2024-07-08", "end": "2024-07-08"},
        "evidence": [
            {"document_id": "a", "sentence": "Drones hit the city on Monday."},
            {"document_id": "a", "sentence": "A second wave came at dawn."},
            {"document_id": "b", "sentence": "Officials said the toll rose."},
        ],
    }
    assert documents(event) == 2
    assert item_matches(event, {"evidence.sentence~all": ["monday", "TOLL"], "location.geonames_id": 1})
    assert not item_matches(event, {"evidence.sentence~all": ["monday", "tuesday"]})
    assert not item_matches(event, {"reports_min": 3})
    golden = {"must": [{"location.geonames_id": 1, "reports": 3}], "must_not": [{"reports_min": 2}]}
    failures = check_set(golden, [event])
    assert [f.split(" ", 1)[0] for f in failures] == ["must[0]", "must_not[0]"]
    assert "expected 3" in failures[0]
