"""Time handlers beyond the core calendar: business periods ('the third quarter', 'H1 2024', 'fiscal 2023'),
centuries, and clock times ('3 p.m. Kyiv time', 'at noon') dated by the day named in their sentence.

Handlers named in data/temporal.json patterns; temporal._rules finds them here by name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from frontwatch.timex import Cand, Ctx, Out, choose, edge_out, full_year, key, mode, period, precision_of, v
from frontwatch.types import TimeMention

_CLOCK = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d$")
_BARE_PART = re.compile(r"(?:dawn|daybreak|dusk|sunrise|sunset)$", re.I)


def _ordinal(word: str | None, unit: str) -> int | None:
    """first..fourth (1st..4th); 'final'/'last' is the last one of the year."""
    number = v("ordinals", key(word))
    count = 4 if unit == "quarter" else 2
    if number == -1:
        return count
    return int(number) if number is not None and 1 <= int(number) <= count else None


def _year_of(m: re.Match[str], ctx: Ctx) -> int | None:
    """The year a period belongs to: written ('of 2024', 'of fiscal 2024'), or 'of last/this/next year'."""
    groups = m.groupdict()
    if written := groups.get("y") or groups.get("y2"):
        return full_year(written, ctx.published)
    offset = v("year_offsets", key(groups.get("yrel")))
    return None if offset is None else ctx.published.year + int(offset)


def _pick(
    unit: str, n: int, year: int | None, ctx: Ctx, relative: bool, edge: str | None = None
) -> Out | None:
    """The n-th quarter/half of a year; without a year, the occurrence the tense points to."""
    month = (n - 1) * (3 if unit == "quarter" else 6) + 1
    years = [year] if year else list(range(ctx.published.year - 1, ctx.published.year + 2))
    cands: list[Cand] = [period(unit, date(y, month, 1)) for y in years if 1900 <= y <= 2100]
    got = cands[0] if year and cands else choose(cands, ctx.published, mode(None, ctx.tense))
    return edge_out(got, precision_of(unit), edge, relative) if got else None


def quarter(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'the third quarter', 'third-quarter', 'the first half of 2024', 'the second half of next year'."""
    unit = m["unit"].lower()
    n = _ordinal(m["ord"], unit)
    year = _year_of(m, ctx)
    if n is None or (key(m["ord"]) in ("last", "final") and year is None and not m["yrel"]):
        return None  # 'last quarter' is the relative rule's; 'the final quarter' alone is vague
    if unit == "half" and year is None and not m["yrel"]:
        return None  # 'the second half' of a match, a bridge…
    return _pick(unit, n, year, ctx, not m["y"] and not m["y2"], m["edge"])


def code(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'Q3 2023', '2023 Q3', 'H1 2024', 'Q4' (upper case only; H needs a year: 'H2' is also hydrogen)."""
    letter, digit = m["q"][0], int(m["q"][1])
    if not letter.isupper() or (letter == "H" and (digit > 2 or not m["y"])):
        return None
    unit = "quarter" if letter == "Q" else "half"
    year = full_year(m["y"], ctx.published) if m["y"] else None
    return _pick(unit, digit, year, ctx, year is None)


def fiscal(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'fiscal 2023', 'fiscal year 2024', 'FY24': the year (TIMEX3 has no fiscal calendar)."""
    if m.groupdict().get("fy") and not m["fy"].isupper():
        return None
    year = full_year(m["y"], ctx.published)
    if not 1900 <= year <= 2100:
        return None
    start, end, value = period("year", date(year, 1, 1))
    return value, "DATE", (start, end, "year"), len(m["y"]) == 2


def century(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'the 20th century', 'the early 19th century': TIMEX3 value is the two leading digits ('19')."""
    number = int(m["c"])
    if not 1 <= number <= 21:
        return None
    first = max(1, (number - 1) * 100)
    start, end = date(first, 1, 1), date(number * 100 - 1, 12, 31)
    return edge_out((start, end, f"{number - 1:02d}"), "decade", m["edge"], False)


def clock(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    hour, minute = int(m["h"]), int(m.groupdict().get("mi") or 0)
    meridiem = (m.groupdict().get("ap") or "").lower()
    if meridiem and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if meridiem.startswith("p") else 0) if meridiem else hour
    return f"{ctx.anchor.isoformat()}T{hour:02d}:{minute:02d}", "TIME", (ctx.anchor, ctx.anchor, "day"), True


def noon(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'at noon', 'by midnight', 'at dawn': a clock time or part of the day in view."""
    code = str(v("parts_of_day", m["word"].lower()))
    day = ctx.anchor + timedelta(days=1 if code in ("24:00", "NI") else 0)
    return f"{ctx.anchor.isoformat()}T{code}", "TIME", (ctx.anchor, day, "day"), True


def clock_days(hits: list[TimeMention]) -> list[TimeMention]:
    """A clock time takes the day named in its own sentence ('on Friday at 3 p.m.'), nearest first."""
    days = [h for h in hits if h.interval and h.interval.precision == "day" and not _movable(h)]
    out = []
    for hit in hits:
        if _movable(hit) and days and hit.interval:
            near = min(days, key=lambda h: abs(h.start - hit.start))
            day = date.fromisoformat(near.value[:10])
            span = replace(hit.interval, start=day, end=day + (hit.interval.end - hit.interval.start))
            hit = replace(hit, value=near.value[:10] + hit.value[10:], interval=span)
        out.append(hit)
    return out


def decade(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'the nineties', 'the '90s', 'the early eighties': the latest such decade begun by publication."""
    digit = int(m["dd"]) if m["dd"] else int(v("decade_words", m["dw"].lower()))
    start = ctx.published.year // 100 * 100 + digit * 10
    start -= 100 if start > ctx.published.year else 0
    return edge_out(period("decade", date(start, 1, 1)), "decade", m["edge"], True)


def _movable(hit: TimeMention) -> bool:
    """A clock time or a bare part of day ('at dawn'), dated by the day named in its sentence."""
    return bool(_CLOCK.match(hit.value) or _BARE_PART.match(hit.text))
