"""Golden tests: every article in examples/ against the facts its golden file demands.

Each golden file has `must` items (each must match) and `must_not` items (none may match) over events,
control, quotes and places; tests/golden/README.md defines the pattern language that `check_golden`
implements.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import pytest

from frontwatch.types import (
    Actor,
    ControlChange,
    DateInterval,
    Document,
    Event,
    Evidence,
    Extraction,
    Location,
    PlaceMention,
    Quote,
    Speaker,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_FILES = tuple(sorted(GOLDEN.glob("*.json")))
SECTIONS = ("events", "control", "quotes", "places")
ROOTS: dict[str, type] = {"events": Event, "quotes": Quote, "places": PlaceMention}
SPECIAL = {"events": {"date.within", "date.contains"}, "quotes": {"speaker", "text_contains"}}
SPECIAL |= {"places": {"geonames_id", "geonames_id@"}}
CONTROL_KEYS = {"place", "geonames_id", "at", "controller", "status"}
SHOWN_EVENT = "event_type sub_event_type location.name location.geonames_id actor1.name actor1.country"
SHOWN = {  # the fields a failure message shows for each record
    "events": f"{SHOWN_EVENT} date.start date.end modality claimed_by.name fatalities injuries".split(),  # noqa: SIM905
    "quotes": "speaker.name speaker.aliases kind cue text".split(),  # noqa: SIM905
    "places": "text start role place.name place.geonames_id place.country".split(),  # noqa: SIM905
}
CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
Record = dict[str, Any]
Item = Mapping[str, Any]
Changes = Sequence[ControlChange]
StateAt = Callable[[Changes, str | int, date], Mapping[str, Any] | None]


def plain(value: Any) -> Any:
    """Dataclasses to dicts, dates to ISO strings, tuples to lists, recursively."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def norm(text: str) -> str:
    return text.translate(CURLY).casefold()


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def values_at(record: Any, path: str) -> list[Any]:
    """Every value a dotted path reaches, fanning out over lists; a missing step gives None."""
    current = [record]
    for part in path.split("."):
        current = [v.get(part) if isinstance(v, dict) else None for c in current for v in as_list(c)]
    return [v for c in current for v in (c if isinstance(c, list) else [c])]


def equal(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    return bool(actual == expected)


def compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "@":
        return any(equal(actual, e) for e in expected)
    if op == "~":
        return isinstance(actual, str) and any(norm(e) in norm(actual) for e in as_list(expected))
    return equal(actual, expected)


def name_matches(name: str, spec: str) -> bool:
    have, want = re.findall(r"\w+", norm(name)), re.findall(r"\w+", norm(spec))
    return bool(want) and any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


def speaker_matches(speaker: Any, spec: Any) -> bool:
    if spec is None or not isinstance(speaker, dict):
        return spec is None and speaker is None
    names = [speaker.get("name") or "", *(speaker.get("aliases") or [])]
    return any(name_matches(n, s) for n in names for s in as_list(spec))


def key_matches(section: str, record: Record, key: str, expected: Any) -> bool:
    if section == "events" and key in ("date.within", "date.contains"):
        start, end = values_at(record, "date.start")[0], values_at(record, "date.end")[0]
        if start is None or end is None:
            return False
        lo, hi = (expected[0], expected[1]) if key == "date.within" else (start, end)
        return bool(lo <= start and end <= hi) if key == "date.within" else bool(lo <= expected <= hi)
    if section == "quotes" and key == "speaker":
        return speaker_matches(record.get("speaker"), expected)
    key = {"text_contains": "text~"}.get(key, key) if section == "quotes" else key
    key = "place." + key if section == "places" and key.startswith("geonames_id") else key
    op = key[-1] if key[-1] in "~@" else "="
    path = key[:-1] if op != "=" else key
    return any(compare(op, v, expected) for v in values_at(record, path))


def pattern_of(section: str, item: Item) -> dict[str, Any]:
    """The keys a record must match: `count` removed; counted quotes are direct unless `kind` says."""
    pattern = {k: v for k, v in item.items() if k != "count"}
    if section == "quotes" and "count" in item:
        pattern.setdefault("kind", "direct")
    return pattern


def score(section: str, record: Record, pattern: Item) -> int:
    return sum(key_matches(section, record, k, v) for k, v in pattern.items())


def summary(section: str, record: Record) -> str:
    shown: dict[str, Any] = {}
    for path in SHOWN[section]:
        found = values_at(record, path)
        value = found if path.endswith("aliases") else (found[0] if found else None)
        shown[path] = value[:87] + "..." if isinstance(value, str) and len(value) > 90 else value
    return json.dumps(shown, ensure_ascii=False)


def nearest(section: str, records: Sequence[Record], pattern: Item, n: int = 3) -> list[Record]:
    ranked = sorted(records, key=lambda r: -score(section, r, pattern))[:n]
    return [r for r in ranked if score(section, r, pattern) > 0] or ranked


def listing(section: str, records: Sequence[Record]) -> str:
    return "\n".join(f"      - {summary(section, r)}" for r in records) or "      (no records)"


def label(negate: bool, section: str, index: int, item: Item) -> str:
    return f"{'must_not' if negate else 'must'}.{section}[{index}] {json.dumps(item, ensure_ascii=False)}"


def check_items(section: str, items: Sequence[Item], records: Sequence[Record], negate: bool) -> list[str]:
    failures = []
    for i, item in enumerate(items):
        pattern = pattern_of(section, item)
        hits = [r for r in records if score(section, r, pattern) == len(pattern)]
        where = label(negate, section, i, item)
        if negate and hits:
            failures.append(f"{where}\n    matched by {len(hits)} record(s):\n{listing(section, hits)}")
        elif not negate and "count" in item and len(hits) != item["count"]:
            shown = listing(section, hits or nearest(section, records, pattern))
            failures.append(f"{where}\n    expected {item['count']}, found {len(hits)}:\n{shown}")
        elif not negate and "count" not in item and not hits:
            shown = listing(section, nearest(section, records, pattern))
            failures.append(f"{where}\n    no record matches; nearest:\n{shown}")
    return failures


def controller_matches(controller: Any, spec: Any) -> bool:
    if not isinstance(controller, dict):
        return False
    name, country = norm(controller.get("name") or ""), controller.get("country")
    return any(country == s if re.fullmatch(r"[A-Z]{2}", s) else norm(s) in name for s in as_list(spec))


def control_holds(item: Item, state: Mapping[str, Any] | None) -> bool:
    if state is None or not controller_matches(state.get("controller"), item["controller"]):
        return False
    return "status" not in item or state.get("status") == item["status"]


def describe(c: ControlChange) -> str:
    where = f"{c.place.name} ({c.place.geonames_id})"
    return f"      - {where}: {c.controller.name} {c.status} {c.date.start}..{c.date.end}"


def check_control(items: Sequence[Item], changes: Changes, state_at: StateAt, negate: bool) -> list[str]:
    failures = []
    for i, item in enumerate(items):
        ref: str | int = item.get("geonames_id", item.get("place", ""))
        found = state_at(changes, ref, date.fromisoformat(item["at"]))
        state = None if found is None else plain(found)
        if control_holds(item, state) == negate:
            brief = None if state is None else {k: state.get(k) for k in ("controller", "status", "since")}
            gave = json.dumps(brief, ensure_ascii=False)
            where = label(negate, "control", i, item)
            known = "\n".join(map(describe, changes)) or "      (no control changes)"
            failures.append(f"{where}\n    state_at gave {gave}; changes:\n{known}")
    return failures


def check_golden(golden: Item, extraction: Extraction, state_at: StateAt | None) -> list[str]:
    """Every failed item of a golden file against one extraction, each with the nearest records."""
    records = {section: [plain(r) for r in getattr(extraction, section)] for section in ROOTS}
    failures: list[str] = []
    for negate, block in ((False, golden["must"]), (True, golden["must_not"])):
        for section in SECTIONS:
            items = block.get(section, [])
            if section != "control":
                failures += check_items(section, items, records[section], negate)
            elif items and state_at is None:
                raise ValueError("control items need a state_at function")
            elif items and state_at is not None:
                failures += check_control(items, extraction.control, state_at, negate)
    return failures


def load_golden(path: Path) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


def article_body(path: Path) -> tuple[date, str]:
    """The publication date and the body of a date-prefixed article."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
    assert match, f"{path.name}: must start with `date YYYY-MM-DD `"
    return date.fromisoformat(match.group(1)), text[match.end() :].strip()


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_article(golden_path: Path, pipeline: Any) -> None:
    """The real pipeline (conftest's session fixture) on one article; lists every failed item."""
    golden = load_golden(golden_path)
    extraction = pipeline.process_path(ROOT / golden["document"])
    state_at: StateAt | None = None
    if golden["must"]["control"] or golden["must_not"]["control"]:
        import frontwatch.control

        state_at = frontwatch.control.state_at
    failures = check_golden(golden, extraction, state_at)
    gaps: dict[str, str] = golden.get("known_gaps", {})
    unexpected = [f for f in failures if f.split(" ", 1)[0] not in gaps]
    fixed = sorted(set(gaps) - {f.split(" ", 1)[0] for f in failures})
    report = "\n\n".join(unexpected)
    assert not unexpected, f"{golden_path.name}: {len(unexpected)} item(s) failed\n\n" + report
    assert not fixed, f"{golden_path.name}: known gaps now pass, remove them from known_gaps: {fixed}"


def test_every_article_has_a_golden_file_and_back() -> None:
    articles = {p.stem for p in EXAMPLES.glob("*.txt")}
    goldens = {p.stem for p in GOLDEN_FILES}
    assert articles == goldens, f"without golden: {articles - goldens}; without article: {goldens - articles}"
    assert len(articles) >= 14


def valid_path(root: type, path: str) -> bool:
    """Whether a dotted path names fields of the record types, through `X | None` and `tuple[X, ...]`."""
    hint: Any = root
    for part in path.split("."):
        while get_origin(hint) in (Union, types.UnionType, tuple):
            hint = next(a for a in get_args(hint) if a is not type(None))
        if not (isinstance(hint, type) and is_dataclass(hint)) or part not in get_type_hints(hint):
            return False
        hint = get_type_hints(hint)[part]
    return True


def key_errors(section: str, item: Item, negate: bool) -> Iterable[str]:
    if section == "control":
        yield from (f"unknown key {k}" for k in item if k not in CONTROL_KEYS)
        if "at" not in item or "controller" not in item or not {"place", "geonames_id"} & item.keys():
            yield "control items need at, controller and place or geonames_id"
        return
    for key in item:
        special = key in SPECIAL[section] or key == "count"
        if not special and not valid_path(ROOTS[section], key.rstrip("~@")):
            yield f"unknown key {key}"
    if "count" in item and (negate or not isinstance(item["count"], int)):
        yield "count must be an integer and only in must"


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_file_is_well_formed(golden_path: Path) -> None:
    golden = load_golden(golden_path)
    assert set(golden) - {"known_gaps"} == {"document", "about", "must", "must_not"}
    for address, why in golden.get("known_gaps", {}).items():  # failing items we know of, each with a reason
        assert re.fullmatch(r"must(_not)?\.(events|control|quotes|places)\[\d+\]", address) and why.strip()
    assert golden["document"] == f"examples/{golden_path.stem}.txt"
    assert golden["about"].strip() and "\n" not in golden["about"]
    for block in ("must", "must_not"):
        assert set(golden[block]) == set(SECTIONS), f"{block} needs exactly the sections {SECTIONS}"
    assert sum(len(v) for v in golden["must"].values()) >= 3
    assert sum(len(v) for v in golden["must_not"].values()) >= 1
    errors = [
        f"{block}.{section}[{i}]: {err}"
        for block in ("must", "must_not")
        for section in SECTIONS
        for i, item in enumerate(golden[block][section])
        for err in key_errors(section, item, block == "must_not")
    ]
    assert not errors, errors


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_texts_occur_in_their_article(golden_path: Path) -> None:
    golden = load_golden(golden_path)
    _, body = article_body(ROOT / golden["document"])
    wanted = [q.get("text_contains") or q.get("text") for q in golden["must"]["quotes"]]
    wanted += [p["text"] for p in golden["must"]["places"] if "text" in p]
    missing = [w for w in wanted if w and norm(w) not in norm(body)]
    assert not missing, f"not in the article: {missing}"


@pytest.mark.parametrize("article", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_article_has_the_input_format(article: Path) -> None:
    published, body = article_body(article)
    assert date(2022, 1, 1) <= published <= date(2026, 12, 31)
    assert 150 <= len(body.split()) <= 450
    assert "\n\n" in body, "paragraphs are separated by blank lines"


def test_readme_describes_every_article() -> None:
    readme = (GOLDEN / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in EXAMPLES.glob("*.txt") if p.name not in readme]
    assert not missing, f"tests/golden/README.md does not describe {missing}"


UA = Actor("Military Forces of Ukraine", "UA", "state_forces")
RU = Actor("Military Forces of Russia", "RU", "state_forces")
ANDRIIVKA = Location("Andriivka", 9114136, 48.50184, 37.96749, "UA", "Donetsk", "Bakhmut Raion")
KLISHCHIIVKA = Location("Klishchiivka", 13512497, 48.52897, 37.95972, "UA", "Donetsk", "Bakhmut Raion")
BAKHMUT = Location("Bakhmut", 713174, 48.59419, 37.99886, "UA", "Donetsk", "Bakhmut Raion")
REGAINS = "Government regains territory"
DAY = date(2023, 11, 12)


def event(sub: str, where: Location, span: str, extra: Mapping[str, Any]) -> Event:
    """An event over `span` ("YYYY-MM-DD..YYYY-MM-DD"); `extra` overrides the other fields."""
    start, end = (date.fromisoformat(d) for d in span.split(".."))
    values: dict[str, Any] = {"event_type": "Battles", "actor1": UA, "modality": "asserted", **extra}
    interval = DateInterval(start, end, values.pop("precision", "day"))
    evidence = (Evidence("d1", None, DAY, 0, 1, values.pop("sentence", "")),)
    values |= {"location": where, "date": interval, "evidence": evidence, "sub_event_type": sub}
    values |= {k: None for k in ("actor2", "claimed_by", "fatalities", "injuries") if k not in values}
    return Event(id=f"{sub}{span}{values['modality']}", confidence=0.8, **values)


def quote(text: str, name: str, extra: Mapping[str, Any]) -> Quote:
    kind, cue = extra.get("kind", "direct"), extra.get("cue", "said")
    speaker = Speaker(name, extra.get("aliases", ()), extra.get("description"))
    ev = Evidence("d1", None, DAY, 0, len(text), text)
    return Quote(text[:12], "d1", text, 0, len(text), kind, cue, speaker, ev)


def mention(text: str, where: Location | None, role: str = "mentioned") -> PlaceMention:
    return PlaceMention("d1", text, 0, len(text), where, role)  # type: ignore[arg-type]


def change(where: Location, actor: Actor, span: str) -> ControlChange:
    start, end = (date.fromisoformat(d) for d in span.split(".."))
    return ControlChange(where, actor, None, DateInterval(start, end, "day"), "asserted", (), "e")


def standin_state_at(changes: Changes, ref: str | int, at: date) -> dict[str, Any] | None:
    """A minimal lookup for these tests: the latest change of the place that began by `at`."""
    mine = [c for c in changes if ref in (c.place.name, c.place.geonames_id) and c.date.start <= at]
    last = max(mine, key=lambda c: c.date.end) if mine else None
    return None if last is None else {"controller": plain(last.controller), "status": "held"}


WEEK, MAY = "2023-10-30..2023-11-05", "2023-05-01..2023-05-31"
VILLAGES = (("Andriivka", ANDRIIVKA), ("Klishchiivka", KLISHCHIIVKA))
MORTAR = "However, amidst the chaos, a mortar round narrowly missed one of the prisoners"
VIKTOR = {"aliases": ("Victor",), "description": "a 23-year-old machine gunner"}
REFERENCE_EVENTS: list[tuple[str, Location, str, dict[str, Any]]] = [
    (REGAINS, ANDRIIVKA, WEEK, {"precision": "week"}),
    (REGAINS, KLISHCHIIVKA, WEEK, {"precision": "week"}),
    (REGAINS, BAKHMUT, MAY, {"actor1": RU, "precision": "month"}),
    (REGAINS, BAKHMUT, "2023-11-12..2023-11-12", {"modality": "intended"}),
    ("Shelling/artillery/missile attack", ANDRIIVKA, WEEK, {"casualties_vague": True, "sentence": MORTAR}),
]
REFERENCE_QUOTES: list[tuple[str, str, dict[str, Any]]] = [
    ("While we are determined to take back Bakhmut, it will not be an easy task,", "Viktor", VIKTOR),
    ("One should not assume that it can be achieved swiftly", "Viktor", VIKTOR),
    ("People should understand that ... boys are dying", "Viktor", VIKTOR),
    ("There was simply no time to be afraid,", "Ilia", {"cue": "explained"}),
    ("We were taking prisoners ... " + MORTAR[27:], "Ilia", {}),
    ("holding Bakhmut is essential", "Government of Russia", {"kind": "indirect", "cue": "contends"}),
]


def faithful_reference() -> Extraction:
    """What a careful analyst codes from the reference article (hand-built, for the matcher's sake)."""
    events = [event(*row) for row in REFERENCE_EVENTS]
    events[4] = replace(events[4], event_type="Explosions/Remote violence")
    places = [mention(t, where, "event") for t, where in (VILLAGES)]
    places += [mention("Bakhmut", BAKHMUT), *(mention(t, None, "metonym") for t in ("Moscow", "Kyiv"))]
    return Extraction(
        document=Document("d1", "", DAY),
        events=tuple(events),
        quotes=tuple(quote(*row) for row in REFERENCE_QUOTES),
        places=tuple(places),
        control=(change(BAKHMUT, RU, MAY), change(ANDRIIVKA, UA, WEEK)),
    )


def check_reference(extraction: Extraction) -> list[str]:
    return check_golden(load_golden(GOLDEN / "reference.json"), extraction, standin_state_at)


def test_the_reference_golden_accepts_a_faithful_extraction() -> None:
    assert check_reference(faithful_reference()) == []


def test_a_misattributed_quote_names_exactly_the_items_it_breaks() -> None:
    good = faithful_reference()
    moved = [quote(q.text, "Viktor", VIKTOR) if "afraid" in q.text else q for q in good.quotes]
    failures = check_reference(replace(good, quotes=tuple(moved)))
    expected = {"must.quotes[0]", "must.quotes[1]", "must.quotes[2]", "must.quotes[6]", "must_not.quotes[0]"}
    assert {f.split(" ", 1)[0] for f in failures} == expected
    assert any("expected 3, found 4" in f for f in failures)


def test_a_missing_item_shows_the_nearest_records() -> None:
    good = faithful_reference()
    elsewhere = replace(good.events[0], location=replace(ANDRIIVKA, geonames_id=713447))
    bad = replace(good, events=(elsewhere, *good.events[1:]))
    failures = check_reference(bad)
    assert {f.split(" ", 1)[0] for f in failures} == {"must.events[0]"}
    assert "nearest" in failures[0] and '"location.geonames_id": 713447' in failures[0]


def test_a_must_not_item_shows_the_record_that_matched() -> None:
    good = faithful_reference()
    bad = replace(good, events=(*good.events, event(REGAINS, BAKHMUT, "2023-11-06..2023-11-12", {})))
    failures = check_reference(bad)
    assert {f.split(" ", 1)[0] for f in failures} == {"must_not.events[4]"}
    assert "matched by 1 record" in failures[0] and '"date.start": "2023-11-06"' in failures[0]


@pytest.mark.parametrize(
    ("key", "expected", "ok"),
    [
        ("location.geonames_id", 9114136, True),
        ("location.geonames_id", "9114136", False),
        ("fatalities", None, True),
        ("casualties_vague", 1, False),
        ("casualties_vague", True, True),
        ("actor1.name~", "forces of UKRAINE", True),
        ("actor1.name~", ["Russia", "Ukraine"], True),
        ("location.geonames_id@", [1, 9114136], True),
        ("evidence.sentence~", "MORTAR round", True),
        ("evidence.sentence~", "missile", False),
        ("date.within", ["2023-10-30", "2023-11-12"], True),
        ("date.within", ["2023-11-01", "2023-11-12"], False),
        ("date.contains", "2023-11-05", True),
        ("date.contains", "2023-11-06", False),
        ("claimed_by.name", None, True),
    ],
)
def test_event_keys(key: str, expected: Any, ok: bool) -> None:
    assert key_matches("events", plain(faithful_reference().events[4]), key, expected) is ok


@pytest.mark.parametrize(
    ("speaker", "spec", "ok"),
    [
        (Speaker("Hanna Maliar"), "Maliar", True),
        (Speaker("Hanna Maliar"), "Mali", False),
        (Speaker("Viktor", ("Victor",)), "victor", True),
        (Speaker("Viktor"), ["Ilia", "Viktor"], True),
        (None, None, True),
        (Speaker("Ilia"), None, False),
        (None, "Ilia", False),
    ],
)
def test_speaker_matches_names_aliases_and_whole_words(speaker: Speaker | None, spec: Any, ok: bool) -> None:
    assert speaker_matches(plain(speaker), spec) is ok


def test_counts_are_of_direct_quotes_unless_kind_is_given() -> None:
    records = [plain(q) for q in faithful_reference().quotes]
    assert check_items("quotes", [{"speaker": "Government of Russia", "count": 0}], records, False) == []
    indirect = {"speaker": "Government of Russia", "count": 1, "kind": "indirect"}
    assert check_items("quotes", [indirect], records, False) == []
    assert check_items("quotes", [{"speaker": "Ilia", "count": 3}], records, False) != []
    assert len(list(key_errors("quotes", {"speaker.nam": "Ilia", "count": 1}, negate=True))) == 2


def test_control_items_compare_controller_by_name_or_country_code() -> None:
    changes = faithful_reference().control
    items: list[dict[str, Any]] = [
        {"place": "Bakhmut", "at": "2023-11-12", "controller": "Russia"},
        {"geonames_id": 713174, "at": "2023-11-12", "controller": "RU", "status": "held"},
        {"place": "Andriivka", "at": "2023-11-12", "controller": ["Wagner", "Ukraine"]},
    ]
    assert check_control(items, changes, standin_state_at, negate=False) == []
    assert check_control(items[:1], changes, standin_state_at, negate=True) != []
    unknown = {"place": "Soledar", "at": "2023-11-12", "controller": "Russia"}
    assert "state_at gave null" in check_control([unknown], changes, standin_state_at, negate=False)[0]
