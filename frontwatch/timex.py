"""Calendar arithmetic and vocabulary shared by the time modules (TIMEX3 values, intervals, direction)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, cast

from frontwatch.types import DateInterval, Precision, Tense, TimexType

Span = tuple[date, date, Precision]
Out = tuple[str, TimexType, Span | None, bool]  # value, type, interval, depends on the publication date
Cand = tuple[date, date, str]
Normalized = tuple[str, TimexType, DateInterval | None]


@dataclass(frozen=True, slots=True)
class Ctx:
    published: date
    tense: Tense
    anchor: date  # the last day-precise date mentioned before, else the publication date
    has_anchor: bool = False


@cache
def vocab() -> dict[str, Any]:
    text = resources.files("frontwatch").joinpath("data/temporal.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def v(section: str, key: str | None = None) -> Any:
    return vocab()[section] if key is None else vocab()[section].get(key)


def alt(words: Iterable[str]) -> str:
    keys = sorted((w for w in words if w != "comment"), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in k.split()) for k in keys)


def key(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + k
    return total // 12, total % 12 + 1


def month_end(year: int, month: int) -> date:
    return date(*add_months(year, month, 1), 1) - timedelta(days=1)


def safe_date(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if 1 <= month <= 12 and 1 <= day <= month_end(year, month).day else None


def period(unit: str, d: date) -> Cand:
    """The week/weekend/month/quarter/half/year/decade containing d, with its TIMEX3 value."""
    if unit in ("week", "weekend"):
        y, w, _ = d.isocalendar()
        monday = d - timedelta(days=d.weekday())
        if unit == "weekend":
            return monday + timedelta(days=5), monday + timedelta(days=6), f"{y:04d}-W{w:02d}-WE"
        return monday, monday + timedelta(days=6), f"{y:04d}-W{w:02d}"
    if unit == "month":
        return date(d.year, d.month, 1), month_end(d.year, d.month), f"{d.year:04d}-{d.month:02d}"
    if unit in ("quarter", "half"):
        size = 3 if unit == "quarter" else 6
        n = (d.month - 1) // size + 1
        return (
            date(d.year, size * n - size + 1, 1),
            month_end(d.year, size * n),
            f"{d.year:04d}-{unit[0].upper()}{n}",
        )
    if unit == "decade":
        y = d.year // 10 * 10
        return date(y, 1, 1), date(y + 9, 12, 31), f"{y // 10:03d}"
    return date(d.year, 1, 1), date(d.year, 12, 31), f"{d.year:04d}"


def shift(unit: str, d: date, k: int) -> date:
    if unit in ("week", "weekend"):
        return d + timedelta(days=7 * k)
    if unit in ("month", "quarter", "half"):
        return date(*add_months(d.year, d.month, k * {"month": 1, "quarter": 3, "half": 6}[unit]), 1)
    return date(d.year + (10 * k if unit == "decade" else k), 1, 1)


def narrow(start: date, end: date, edge: str | None) -> tuple[date, date]:
    """early/mid/late: the first, middle or last third of an interval."""
    if (third := v("edges", key(edge))) is None:
        return start, end
    days = (end - start).days
    first = start + timedelta(days=days * third // 3 + min(third, 1))
    return first, start + timedelta(days=days * (third + 1) // 3)


def choose(cands: list[Cand], pub: date, mode: str) -> Cand | None:
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


def mode(rel: str | None, tense: Tense) -> str:
    kind = v("relative", key(rel))
    return str(kind) if kind in ("last", "next") else tense  # the tense names past/present/future modes


def full_year(text: str, pub: date) -> int:
    """Four digits as written; two digits to the century that keeps the year within ten after publication."""
    year = int(text) if len(text) == 4 else 2000 + int(text)
    return year - 100 if len(text) == 2 and year > pub.year + 10 else year


def prev_word(text: str, start: int, back: int = 0) -> str:
    words = re.findall(r"[\w'’-]+", text[max(0, start - 80) : start])
    return words[-1 - back].lower() if len(words) > back else ""


def initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?"“”:;(—–'


def day_out(d: date | None, relative: bool, part: str | None = None) -> Out | None:
    if d is None or not 1900 <= d.year <= 2100:
        return None
    if part:
        end = d + timedelta(days=1) if part == "NI" else d
        return f"{d.isoformat()}T{part}", "TIME", (d, end, "day"), relative
    return d.isoformat(), "DATE", (d, d, "day"), relative


def edge_out(cand: Cand, precision: Precision, edge: str | None, relative: bool) -> Out:
    return cand[2], "DATE", (*narrow(cand[0], cand[1], edge), precision), relative


def month_number(token: str) -> int | None:
    number = v("months", token.lower()) or v("month_abbreviations", token.lower())
    return cast(int | None, number) if token[0].isupper() else None


def precision_of(unit: str) -> Precision:
    """The interval precision of a calendar unit (quarters and halves count as seasons)."""
    return cast(Precision, {"weekend": "week", "quarter": "season", "half": "season"}.get(unit, unit))


def weekday_number(token: str) -> int | None:
    """ISO weekday of a name or an abbreviation with its period ('Tue.')."""
    low = token.lower()
    return cast(int | None, v("weekdays", low) or v("weekday_abbreviations", low))
