"""Ranges and compositions over the time expressions of one sentence.

TimeML marks each end of a range as its own TIMEX3 ("from <3> to <5 March>", "<March 3>-<5>", "between <May>
and <July 2023>"): a bare day number takes the month and year of its partner, and an end without a year takes
the year written on the other end. Both ends keep their own TIMEX3 value; their interval becomes the whole
range (what an event dated by the range needs). "the night of 3 March" is one TIME expression.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from frontwatch.timex import key, month_end, safe_date, v
from frontwatch.types import DateInterval, Precision, TimeMention

_ORDER: tuple[Precision, ...] = ("day", "week", "month", "season", "year", "decade", "unknown")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)$")
_MONTHLY = re.compile(r"(\d{4})-(\d\d)(?:-(\d\d))?$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LINK = r"\s*(?:-|–|to|and|until|till|through|thru)\s*"
_ORD = r"(?:st|nd|rd|th)?"


@cache
def _month_first() -> re.Pattern[str]:
    """'March 3', 'Nov. 3rd' (month before day, no year): the first end of 'March 3-5'."""
    months = [*v("months"), *v("month_abbreviations")]
    names = "|".join(sorted((m for m in months if m != "comment"), key=len, reverse=True))
    return re.compile(rf"(?:{names})\.?\s+\d{{1,2}}{_ORD}$", re.I)


@cache
def _month_word() -> re.Pattern[str]:
    months = [m for m in [*v("months"), *v("month_abbreviations")] if m != "comment"]
    return re.compile(r"\b(?:" + "|".join(sorted(months, key=len, reverse=True)) + r")\b", re.I)


@cache
def _count_words() -> frozenset[str]:
    units = [u for u in v("units") if u != "comment"]
    return frozenset([*v("year_cues", "count_followers"), *units, *(u + "s" for u in units)])


def _new(text: str, start: int, end: int, day: date) -> TimeMention:
    return TimeMention(
        "", text[start:end], start, end, day.isoformat(), "DATE", DateInterval(day, day, "day")
    )


def _free(hits: list[TimeMention], start: int, end: int) -> bool:
    return all(end <= h.start or h.end <= start for h in hits)


def _day_before(text: str, hit: TimeMention) -> TimeMention | None:
    """'3 to 5 March', '3-5 March': the bare 3 before a day-first date."""
    found = _DAY.match(hit.value)
    if not found or not re.match(r"(?:the\s+)?\d", hit.text):
        return None
    back = re.search(rf"\b(?P<n>(?P<d>\d{{1,2}}){_ORD}){_LINK}(?:the\s+)?$", text[: hit.start], re.I)
    if not back or not 1 <= int(back["d"]) < int(found[3]):
        return None
    day = date(int(found[1]), int(found[2]), int(back["d"]))
    return _new(text, back.start("n"), back.end("n"), day)


def _day_after(text: str, hit: TimeMention) -> tuple[TimeMention, TimeMention] | None:
    """'March 3-5', 'March 3 to 5, 2023': the bare 5 after a month-first date (and the year for both)."""
    found = _DAY.match(hit.value)
    if not found or not _month_first().search(hit.text):
        return None
    tail = rf"{_LINK}(?P<n>(?P<d>\d{{1,2}}){_ORD})\b(?![:.,/]?\d)(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    ahead = re.match(tail, text[hit.end :], re.I)
    if not ahead or not int(found[3]) < int(ahead["d"]):
        return None
    following = re.match(r"\s*([%\w]+)", text[hit.end + ahead.end() :])
    if following and following[1].lower() in _count_words():
        return None  # 'between March 3 and 5 soldiers'
    year = int(ahead["y"]) if ahead["y"] else int(found[1])
    day = safe_date(year, int(found[2]), int(ahead["d"]))
    if day is None:
        return None
    first = _with_year(hit, year)
    end = hit.end + (ahead.end() if ahead["y"] else ahead.end("n"))
    second = _new(text, hit.end + ahead.start("n"), end, day)
    return first, second


def _shift_year(d: date, year: int) -> date:
    """The same day in another year; a month's last day stays its last day (28/29 February)."""
    last = d == month_end(d.year, d.month)
    return month_end(year, d.month) if last else safe_date(year, d.month, d.day) or date(year, d.month, 28)


def _with_year(hit: TimeMention, year: int) -> TimeMention:
    """The same month or day in another year (a year written on the other end of a range)."""
    found = _MONTHLY.match(hit.value)
    if not found or int(found[1]) == year or hit.interval is None:
        return hit
    delta = year - int(found[1])
    span = hit.interval
    moved = replace(
        span,
        start=_shift_year(span.start, span.start.year + delta),
        end=_shift_year(span.end, span.end.year + delta),
    )
    return replace(hit, value=f"{year:04d}{hit.value[4:]}", interval=moved)


def _inherit_year(text: str, first: TimeMention, second: TimeMention) -> TimeMention:
    """'between May and July 2022': May takes 2022 (the year before if its month comes later)."""
    a, b = _MONTHLY.match(first.value), _MONTHLY.match(second.value)
    if not (a and b and _month_word().search(first.text)) or _YEAR.search(first.text):
        return first
    if not _YEAR.search(second.text):
        return first
    year = int(b[1]) - (1 if int(a[2]) > int(b[2]) else 0)
    return _with_year(first, year)


def _years(text: str, hits: list[TimeMention]) -> list[TimeMention]:
    """'2014-2015', '1939–45': both years (the year rule skips a year glued to a dash and digits)."""
    out = []
    for m in re.finditer(r"(?<![\d/.-])\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d|\d\d)\b(?![-/.]?\d)", text):
        first = int(m[1])
        second = int(m[2]) if len(m[2]) == 4 else first // 100 * 100 + int(m[2])
        if first < second <= 2100 and _free(hits, m.start(), m.end()):
            for group, year in ((1, first), (2, second)):
                span = DateInterval(date(year, 1, 1), date(year, 12, 31), "year")
                out.append(
                    TimeMention("", m[group], m.start(group), m.end(group), f"{year:04d}", "DATE", span)
                )
    return out


def _linked(text: str, first: TimeMention, second: TimeMention) -> bool:
    """Two expressions joined as a range: 'A-B', 'A to B', 'from A until B', 'between A and B'."""
    between = text[first.end : second.start]
    if not re.fullmatch(_LINK, between, re.I):
        return False
    return key(between) != "and" or bool(re.search(r"\bbetween\s+$", text[: first.start], re.I))


def _spread(text: str, hits: list[TimeMention]) -> list[TimeMention]:
    """Each end of a range takes the range as its interval."""
    out = list(hits)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.interval is None or second.interval is None or not _linked(text, first, second):
            continue
        first = out[i] = _inherit_year(text, first, second)
        if first.interval is None or first.interval.start > second.interval.end:
            continue
        precision = max(first.interval.precision, second.interval.precision, key=_ORDER.index)
        expression = text[first.start : second.end]
        span = DateInterval(first.interval.start, second.interval.end, precision, expression)
        out[i], out[i + 1] = replace(first, interval=span), replace(second, interval=span)
    return out


def ranges(text: str, hits: list[TimeMention]) -> list[TimeMention]:
    """Add the bare ends of ranges and year-dash ranges; date each end by its partner and the range."""
    found = list(hits)
    for hit in hits:
        if (before := _day_before(text, hit)) and _free(found, before.start, before.end):
            found.append(before)
        elif (pair := _day_after(text, hit)) and _free(found, pair[1].start, pair[1].end):
            found[found.index(hit)] = pair[0]
            found.append(pair[1])
    found += _years(text, found)
    return _spread(text, sorted(found, key=lambda h: h.start))


def parts_of_days(text: str, hits: list[TimeMention]) -> list[TimeMention]:
    """'the night of 3 March', 'the morning of Friday': one TIME expression on that day."""
    out: list[TimeMention] = []
    for hit in hits:
        prev = out[-1] if out else None
        part = v("parts_of_day", key(prev.text)[4:]) if prev and key(prev.text).startswith("the ") else None
        joined = prev is not None and re.fullmatch(r"\s+of\s+", text[prev.end : hit.start]) is not None
        if prev and part and joined and _DAY.match(hit.value) and hit.interval:
            day = hit.interval.start
            span = DateInterval(day, day + timedelta(days=1 if part == "NI" else 0), "day")
            value = f"{hit.value}T{part}"
            out[-1] = TimeMention("", text[prev.start : hit.end], prev.start, hit.end, value, "TIME", span)
            continue
        out.append(hit)
    return out
