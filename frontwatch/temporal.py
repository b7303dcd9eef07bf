"""Time expressions in sentences, normalized against the publication date (never today's) to TIMEX3 values.

Vocabularies and regex patterns live in data/temporal.json; each pattern names a handler `_<name>` here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, cast

from frontwatch.types import DateInterval, Document, Precision, Sentence, Tense, TimeMention, TimexType

_STAND_IN = date(2000, 1, 1)  # publication date used when a document has none; relative results are dropped
_CLAUSE_END = re.compile(r"[,;:()\"“”—–]")

Span = tuple[date, date, Precision]
Out = tuple[str, TimexType, Span | None, bool]  # value, type, interval, depends on the publication date
Cand = tuple[date, date, str]
Normalized = tuple[str, TimexType, DateInterval | None]


@dataclass(frozen=True, slots=True)
class _Ctx:
    published: date
    tense: Tense
    anchor: date  # the last day-precise date mentioned before, else the publication date
    has_anchor: bool = False


Handler = Callable[[re.Match[str], str, _Ctx], Out | None]


@cache
def _vocab() -> dict[str, Any]:
    text = resources.files("frontwatch").joinpath("data/temporal.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def _v(section: str, key: str | None = None) -> Any:
    return _vocab()[section] if key is None else _vocab()[section].get(key)


def _alt(words: Iterable[str]) -> str:
    keys = sorted((w for w in words if w != "comment"), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in k.split()) for k in keys)


def _key(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + k
    return total // 12, total % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(*_add_months(year, month, 1), 1) - timedelta(days=1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if 1 <= month <= 12 and 1 <= day <= _month_end(year, month).day else None


def _period(unit: str, d: date) -> Cand:
    """The week/weekend/month/year/decade containing d, with its TIMEX3 value."""
    if unit in ("week", "weekend"):
        y, w, _ = d.isocalendar()
        monday = d - timedelta(days=d.weekday())
        if unit == "weekend":
            return monday + timedelta(days=5), monday + timedelta(days=6), f"{y:04d}-W{w:02d}-WE"
        return monday, monday + timedelta(days=6), f"{y:04d}-W{w:02d}"
    if unit == "month":
        return date(d.year, d.month, 1), _month_end(d.year, d.month), f"{d.year:04d}-{d.month:02d}"
    if unit == "decade":
        y = d.year // 10 * 10
        return date(y, 1, 1), date(y + 9, 12, 31), f"{y // 10:03d}"
    return date(d.year, 1, 1), date(d.year, 12, 31), f"{d.year:04d}"


def _shift(unit: str, d: date, k: int) -> date:
    if unit in ("week", "weekend"):
        return d + timedelta(days=7 * k)
    if unit == "month":
        return date(*_add_months(d.year, d.month, k), 1)
    return date(d.year + (10 * k if unit == "decade" else k), 1, 1)


def _narrow(start: date, end: date, edge: str | None) -> tuple[date, date]:
    """early/mid/late: the first, middle or last third of an interval."""
    if (third := _v("edges", _key(edge))) is None:
        return start, end
    days = (end - start).days
    first = start + timedelta(days=days * third // 3 + min(third, 1))
    return first, start + timedelta(days=days * (third + 1) // 3)


def _choose(cands: list[Cand], pub: date, mode: str) -> Cand | None:
    """Pick a candidate: last/next (strictly before/after), past/future/present (containing first)."""
    cands = sorted(cands)
    before = [c for c in cands if c[1] < pub]
    after = [c for c in cands if c[0] > pub]
    holds = [c for c in cands if c[0] <= pub <= c[1]]
    if mode == "last" or (mode == "past" and not holds):
        return before[-1] if before else None
    if mode == "next" or (mode == "future" and not holds):
        return after[0] if after else None
    if holds:
        return holds[0]
    return min(
        before[-1:] + after[:1],
        key=lambda c: (min(abs((c[0] - pub).days), abs((c[1] - pub).days)), c[0] > pub),
        default=None,
    )


def _mode(rel: str | None, tense: Tense) -> str:
    kind = _v("relative", _key(rel))
    return str(kind) if kind in ("last", "next") else tense  # the tense names past/present/future modes


def _full_year(text: str, pub: date) -> int:
    """Four digits as written; two digits to the century that keeps the year within ten after publication."""
    year = int(text) if len(text) == 4 else 2000 + int(text)
    return year - 100 if len(text) == 2 and year > pub.year + 10 else year


def _prev_word(text: str, start: int, back: int = 0) -> str:
    words = re.findall(r"[\w'’-]+", text[max(0, start - 80) : start])
    return words[-1 - back].lower() if len(words) > back else ""


def _initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?"“”:;(—–'


def _name_before(text: str, start: int) -> bool:
    """A capitalized non-cue word right before, not at sentence start: 'Good Friday', 'Arab Spring'."""
    found = re.search(r"([A-Za-z][\w'’]*)\s+$", text[:start])
    if not found or not found.group(1)[0].isupper() or _initial(text, found.start(1)):
        return False
    return found.group(1).lower() not in [*_v("month_cues", "words"), "on", "at"]


def _cue_tense(word: str) -> Tense | None:
    cues = _vocab()["tense_cues"]
    if word in cues["future"] or word.endswith(("'ll", "’ll")):
        return "future"
    regular = word.endswith("ed") and len(word) > 4 and not word.endswith("eed")
    if word in cues["past"] or (regular and word not in cues["not_past"]):
        return "past"
    return None


def _local_tense(text: str, start: int, end: int, tense: Tense) -> Tense:
    """The tense of a verb next to the expression in its clause ('which fell in May'), else the sentence's."""
    back = re.findall(r"[\w'’]+", _CLAUSE_END.split(text[max(0, start - 80) : start])[-1])[-6:][::-1]
    ahead = re.findall(r"[\w'’]+", _CLAUSE_END.split(text[end : end + 80])[0])[:5]
    for word in (*back, *ahead):
        if found := _cue_tense(word.lower()):
            return found
    return tense


def _day_out(d: date | None, relative: bool, part: str | None = None) -> Out | None:
    if d is None or not 1900 <= d.year <= 2100:
        return None
    if part:
        end = d + timedelta(days=1) if part == "NI" else d
        return f"{d.isoformat()}T{part}", "TIME", (d, end, "day"), relative
    return d.isoformat(), "DATE", (d, d, "day"), relative


def _edge_out(cand: Cand, precision: Precision, edge: str | None, relative: bool) -> Out:
    return cand[2], "DATE", (*_narrow(cand[0], cand[1], edge), precision), relative


def _month_number(token: str) -> int | None:
    number = _v("months", token.lower()) or _v("month_abbreviations", token.lower())
    return cast(int | None, number) if token[0].isupper() else None


def _day_month(groups: dict[str, Any]) -> tuple[int, int] | None:
    """From ISO parts, a month name, or d/m vs m/d numbers when unambiguous (one above 12, or equal)."""
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        return ((a, b) if a > 12 or a == b else (b, a)) if a == b or (a > 12) != (b > 12) else None
    month = int(groups["m"]) if groups.get("m") else _month_number(groups["mon"])
    return (int(groups["d"]), month) if month else None


def _calendar(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """A day: 2023-11-12, 13/11/2023, '12 November 2023', 'Nov. 12', '19-Nov-12'; no year: by tense."""
    day, month = _day_month(m.groupdict()) or (0, 0)  # (0, 0) makes no date below
    if m["y"]:
        return _day_out(_safe_date(_full_year(m["y"], ctx.published), month, day), len(m["y"]) == 2)
    years = range(ctx.published.year - 1, ctx.published.year + 2)
    cands = [(d, d, d.isoformat()) for y in years if (d := _safe_date(y, month, day))]
    got = _choose(cands, ctx.published, _mode(None, ctx.tense))
    return _day_out(got[0], True) if got else None


def _month(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """'May 2023', 'in May', 'last May', 'mid-May'; a bare month name needs a cue word before it."""
    month = _month_number(m["mon"])
    if month is None:
        return None
    if m["y"]:
        return _edge_out(_period("month", date(int(m["y"]), month, 1)), "month", m["edge"], False)
    cued = m["edge"] or m["rel"] or _prev_word(text, m.start()) in _v("month_cues", "words")
    if not (cued or _listed(text, m.start())) or m["mon"].lower() not in _v("months"):
        return None
    years = range(ctx.published.year - 1, ctx.published.year + 2)
    cands = [_period("month", date(y, month, 1)) for y in years]
    got = _choose(cands, ctx.published, _mode(m["rel"], ctx.tense))
    return _edge_out(got, "month", m["edge"], True) if got else None


def _listed(text: str, start: int) -> bool:
    """After and/or/to that follows another date: 'between 2014 and 2022', 'in May and June'."""
    before = rf"(?:\b(?:19|20)\d\d|\b\d\d?(?:st|nd|rd|th)?|{_pieces()['MON']})\.?,?\s+(?:and|or|to)\s+$"
    return bool(re.search(before, text[max(0, start - 40) : start], re.IGNORECASE))


def _year_cued(text: str, start: int, end: int) -> bool:
    cfg = _vocab()["year_cues"]
    first, second = _prev_word(text, start), _prev_word(text, start, 1)
    following = re.match(r"\s*([%\w]+)", text[end:])
    if following and following.group(1).lower() in cfg["count_followers"]:
        return False
    if first in cfg["list_words"]:
        return _listed(text, start)
    return first in cfg["words"] and not (first in ("of", "by") and second in cfg["quantity_words"])


def _year(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """'in 2022', 'early 2022', 'the 1990s' (a decade)."""
    if decade := m.groupdict().get("dec"):
        return _edge_out(_period("decade", date(int(decade) * 10, 1, 1)), "decade", m["edge"], False)
    if not m["edge"] and not _year_cued(text, m.start(), m.end()):
        return None
    return _edge_out(_period("year", date(int(m["y"]), 1, 1)), "year", m["edge"], False)


def _season(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    word = m["season"]
    code, first, last = _v("seasons", word.lower())
    if re.match(r"\s+of\b", text[m.end() :]) or (word[0].isupper() and not _initial(text, m.start("season"))):
        return None  # 'the fall of Bakhmut', 'Arab Spring'
    cued = m["edge"] or m["rel"] or _prev_word(text, m.start()) in _v("month_cues", "words")
    if not m["y"] and not cued:
        return None
    years = [int(m["y"])] if m["y"] else list(range(ctx.published.year - 1, ctx.published.year + 2))
    cands = [(date(y, first, 1), _month_end(*_add_months(y, 1, last - 1)), f"{y:04d}-{code}") for y in years]
    got = cands[0] if m["y"] else _choose(cands, ctx.published, _mode(m["rel"], ctx.tense))
    return _edge_out(got, "season", m["edge"], not m["y"]) if got else None


def _weekday(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """'on Friday', 'last Tuesday night': which occurrence by modifier and tense (data: weekday_direction)."""
    if not m["wd"][0].isupper() or _name_before(text, m.start()):
        return None
    number, pub, kind = _v("weekdays", m["wd"].lower()), ctx.published, _v("relative", _key(m["rel"]))
    mode = kind if kind in ("last", "next") else _v("weekday_direction", f"{kind or 'bare'}/{ctx.tense}")
    days = [(d, d, "") for k in range(-7, 8) if (d := pub + timedelta(days=k)).isoweekday() == number]
    got = _choose(days, pub, str(mode))
    return _day_out(got[0], True, _v("parts_of_day", _key(m["part"]))) if got else None


def _dayword(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """today, yesterday, overnight, this morning; 'the day before' counts from the last date mentioned."""
    offset, part, anchor = _v("day_words", _key(m["word"]))
    if anchor == "reference_only" and not ctx.has_anchor:
        return None
    base = ctx.published if anchor == "published" else ctx.anchor
    return _day_out(base + timedelta(days=offset), True, _v("parts_of_day", _key(m["part"])) or part)


def _period_interval(kind: str, unit: str, cand: Cand, ctx: _Ctx, shift: str | None) -> tuple[date, date]:
    """last week runs to the publication date (project decision); this week/month/year follows the tense."""
    start, end, _ = cand
    pub = ctx.published
    if kind == "last" and unit == "week":
        return start, pub
    if kind != "this" or not start <= pub <= end:
        return start, end
    way = {"earlier": "past", "later": "future"}.get(_key(shift), ctx.tense)
    return {"past": (start, pub), "future": (pub, end)}.get(way, (start, end))


def _relative(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """last/this/next week, month, year; earlier this month; late last year; the weekend."""
    unit, rel = m["unit"].lower(), _key(m["rel"])
    kind, anaphoric = _v("relative", rel), rel in _v("anaphoric_relatives")
    plain = not (anaphoric or m["edge"] or m["shift"])
    if kind is None and not (m["the"] and (m["edge"] or unit == "weekend")):
        return None
    if m["the"] and kind in ("last", "next") and plain and unit != "weekend":
        return f"P1{_v('units', unit)[0]}", "DURATION", None, False  # 'the past week'
    base = ctx.anchor if anaphoric else ctx.published
    cands = [_period(unit, _shift(unit, base, k)) for k in (-1, 0, 1)]
    if kind is None and not m["edge"]:  # 'the weekend': by tense
        got = _choose(cands, base, _mode(None, ctx.tense))
        return (got[2], "DATE", (got[0], got[1], "week"), True) if got else None
    cand = cands[{"last": 0, "next": 2}.get(kind, 1)]
    if m["edge"]:
        return _edge_out(cand, cast(Precision, unit.replace("weekend", "week")), m["edge"], True)
    start, end = cand[:2] if anaphoric else _period_interval(kind or "this", unit, cand, ctx, m["shift"])
    return cand[2], "DATE", (start, end, cast(Precision, unit.replace("weekend", "week"))), True


def _unit_of(word: str) -> str:
    low = word.lower()
    return str(
        _v("unit_plurals", low) or (low[:-1] if low.endswith("s") and low[:-1] in _v("units") else low)
    )


def _number(token: str | None) -> float | None:
    key, words = _key(token), _v("number_words")
    if not key or key in _v("vague_numbers"):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", key):
        return float(key)
    tens, _, ones = key.partition("-")
    return float(words[key]) if key in words else float(words[tens] + words[ones])


def _duration(n: float | None, unit: str, kind: TimexType = "DURATION") -> Out:
    code, clock, mult = _v("units", unit)
    quantity = "X" if n is None else (str(int(x)) if (x := n * mult) == int(x) else str(x))
    return f"P{'T' if clock else ''}{quantity}{code}", kind, None, False


def _ago(n: float | None, unit: str, direction: str, ctx: _Ctx) -> Out | None:
    """'two days ago', 'three weeks later': a date at the unit's granularity."""
    sign, anchor, _ = _v("directions", _key(direction))
    base = ctx.published if anchor == "published" else ctx.anchor
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", None, True
    steps = int(n * _v("units", unit)[2] * sign)
    seconds = {"second": 1, "minute": 60, "hour": 3600}.get(unit)
    if seconds or unit == "day":
        return _day_out(base + timedelta(days=int(steps * (seconds or 86400) / 86400)), True)
    kind = {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)
    cand = _period(kind, _shift(kind, base, steps * {"decade": 10, "century": 100}.get(unit, 1)))
    return cand[2], "DATE", (cand[0], cand[1], cast(Precision, kind)), True


def _quantity(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """'two days', '48 hours', 'for years' (durations); 'two days ago' (a date)."""
    unit = _unit_of(m["unit"])
    if unit not in _v("units"):
        return None
    if m["dir"] and not m["the"]:
        return _ago(_number(m["n"]), unit, m["dir"], ctx)
    cued = m["the"] or _prev_word(text, m.start()) in _v("duration_cues", "words")
    if not m["n"] and not (unit != m["unit"].lower() and cued):
        return None  # a bare unit is a duration only when plural and cued: 'for years'
    return _duration(_number(m["n"]), unit)


def _set(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    groups = m.groupdict()
    if groups.get("adv"):
        return str(_v("sets", groups["adv"].lower())), "SET", None, False
    low = groups["unit"].lower()
    if low in _v("weekdays"):
        return f"XXXX-WXX-{_v('weekdays', low)}", "SET", None, False
    if low in _v("parts_of_day"):
        return f"XXXX-XX-XXT{_v('parts_of_day', low)}", "SET", None, False
    n = 2.0 if groups.get("other") else (_number(groups["n"]) if groups.get("n") else 1.0)
    return _duration(n, _unit_of(low), "SET")


def _ref(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    """now, recently, in recent days: *_REF values; the interval ends at publication."""
    value, days, precision, standalone = _v("refs", _key(m["ref"]))
    if standalone and not re.match(r"\s*(?:[.,;:!?)\"”]|$)", text[m.end() :]):
        return None
    span = (ctx.published - timedelta(days=days - 1), ctx.published, precision) if days else None
    return value, "DATE", span, True


def _clock(m: re.Match[str], text: str, ctx: _Ctx) -> Out | None:
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    meridiem = (m.groupdict().get("ap") or "").lower()
    if meridiem and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if meridiem.startswith("p") else 0) if meridiem else hour
    return f"{ctx.anchor.isoformat()}T{hour:02d}:{minute:02d}", "TIME", (ctx.anchor, ctx.anchor, "day"), True


@cache
def _pieces() -> dict[str, str]:
    """The <NAME> placeholders of the patterns, as regex alternations."""
    v = _vocab()
    pieces = {k: _alt(w for s in secs for w in v[s]) for k, secs in v["pieces"].items() if k != "comment"}
    units = [u for u in v["units"] if u != "comment"]
    pieces["NUM"] = _alt(v["number_words"]) + "|" + v["number_compounds"] + r"|\d+"
    pieces["UNIT"] = _alt([*units, *(u + "s" for u in units), *v["unit_plurals"]])
    stop = r"(?=\s*(?:[.,;:!?)\"”]|$))"  # 'two days after.' is a date, 'two days after the attack' is not
    dirs = [_alt([d]) + (stop if e[2] else "") for d, e in v["directions"].items() if d != "comment"]
    pieces["DIR"] = "|".join(dirs)
    return pieces


@cache
def _rules() -> tuple[tuple[re.Pattern[str], Handler, frozenset[str]], ...]:
    """Each data pattern, placeholders expanded, with its handler `_<name>` and the words that trigger it."""
    pieces, handlers, rules = _pieces(), globals(), _v("patterns", "rules")

    def expand(src: str) -> str:
        return re.sub(r"<([A-Z]+)>", lambda g: f"(?:{pieces[g[1]]})", src)

    def words(names: list[str]) -> frozenset[str]:
        return frozenset(w for n in names for w in re.findall(r"(?<!\\)[a-z]+|\d", pieces.get(n, n)))

    return tuple(
        (re.compile(expand(s), re.I), cast(Handler, handlers[f"_{n}"]), words(t)) for n, s, t in rules
    )


@cache
def _blocklist() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _alt(_v("blocklist", "phrases")) + r")\b")


def _select(cands: list[TimeMention]) -> list[TimeMention]:
    """Longest first, then leftmost; no overlaps."""
    chosen: list[TimeMention] = []
    for hit in sorted(cands, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= c.start or c.end <= hit.start for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _scan(text: str, ctx: _Ctx, known: bool = True) -> list[TimeMention]:
    """Time expressions in text (offsets into it); `known` False drops those needing the publication date."""
    blocked = [(b.start(), b.end()) for b in _blocklist().finditer(text)]
    present = set(re.findall(r"[a-z]+|\d", text.lower()))
    cands: list[TimeMention] = []
    for pattern, handler, trigger in _rules():
        for m in pattern.finditer(text) if not trigger.isdisjoint(present) else ():
            if any(m.start() < e and s < m.end() for s, e in blocked):
                continue
            try:
                out = handler(m, text, replace(ctx, tense=_local_tense(text, m.start(), m.end(), ctx.tense)))
            except (ValueError, OverflowError):  # arithmetic beyond the calendar: '10000 years ago'
                out = None
            if out is None or (out[3] and not known):
                continue
            value, kind, span, _ = out
            expression = m[0]
            if span and known and _prev_word(text, m.start()) == "since" and span[0] <= ctx.published:
                span, expression = (span[0], ctx.published, span[2]), "since " + expression
            interval = DateInterval(*span, expression) if span else None
            cands.append(TimeMention("", m[0], m.start(), m.end(), value, kind, interval))
    return _select(cands)


def find_times(doc: Document, sentences: Sequence[Sentence]) -> list[TimeMention]:
    """Time expressions in the given sentences, normalized against doc.published (offsets index doc.text)."""
    known = doc.published is not None
    pub = doc.published or _STAND_IN
    anchor, has_anchor = pub, False
    mentions: list[TimeMention] = []
    for sent in sentences:
        ctx = _Ctx(pub, sent.tense, anchor, has_anchor)
        for hit in _scan(doc.text[sent.start : sent.end], ctx, known):
            mentions.append(
                replace(hit, document_id=doc.id, start=sent.start + hit.start, end=sent.start + hit.end)
            )
            if hit.interval and hit.interval.precision == "day" and re.match(r"\d{4}-\d\d-\d\d", hit.value):
                anchor, has_anchor = date.fromisoformat(hit.value[:10]), True
    return mentions


def normalize(expression: str, published: date, tense: Tense = "past") -> Normalized | None:
    """One expression ('last week', 'in May', 'since January') to (TIMEX3 value, type, interval) or None."""
    hits = _scan(expression, _Ctx(published, tense, published))
    if not hits:
        return None
    lead = re.findall(r"[\w'’]+", expression[: hits[0].start].lower())
    if not set(lead) <= set(_v("leading_words", "words")):
        return None
    return hits[0].value, hits[0].type, hits[0].interval


def undated(published: date) -> DateInterval:
    """The interval for an event whose text gives no date: the week up to the publication date."""
    return DateInterval(published - timedelta(days=6), published, "week", None)
