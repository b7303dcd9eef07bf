"""Time expressions in sentences, normalized against the publication date (never today's) to TIMEX3 values.

Vocabularies and regex patterns live in data/temporal.json; each pattern names a handler `_<name>` here.

Extent (what the span covers) follows the TimeML TIMEX3 guidelines, decided from them and not from any
corpus: prepositions and subordinators are signals, never in the span ('on', 'in', 'since', 'from',
'until', 'between'); the determiner and the modifiers of the temporal noun phrase are in it ('the third
quarter', 'last week', 'early Monday', 'late last year', 'the end of 2022'), and so are the quantity
modifiers that TIMEX3 records in its `mod` attribute ('about three weeks', 'more than a month',
'nearly two years ago'), since mod describes the expression the tag covers. A possessive 's is a clitic
outside the expression ('Monday''s attack' tags 'Monday'), and each end of a range is its own TIMEX3
('from 3 to 5 March' tags '3' and '5 March'). A phrase anchored on an event ('two days after the attack')
tags only the quantity, as a duration.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any, cast

from frontwatch import timex_handlers, timex_ranges
from frontwatch.timex import (
    Cand,
    Ctx,
    Normalized,
    Out,
    add_months,
    alt,
    choose,
    day_out,
    edge_out,
    full_year,
    initial,
    key,
    mode,
    month_end,
    month_number,
    period,
    precision_of,
    prev_word,
    safe_date,
    shift,
    v,
    vocab,
    weekday_number,
)
from frontwatch.types import DateInterval, Document, Precision, Sentence, Tense, TimeMention, TimexType

_STAND_IN = date(2000, 1, 1)  # publication date used when a document has none; relative results are dropped
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_CLAUSE_END = re.compile(r"[,;:()\"“”—–]")

Handler = Callable[[re.Match[str], str, Ctx], Out | None]


def _name_before(text: str, start: int) -> bool:
    """A capitalized non-cue word right before, not at sentence start: 'Good Friday', 'Arab Spring'."""
    found = re.search(r"([A-Za-z][\w'’]*)\s+$", text[:start])
    if not found or not found.group(1)[0].isupper() or initial(text, found.start(1)):
        return False
    return found.group(1).lower() not in [*v("month_cues", "words"), "on", "at"]


def _cue_tense(word: str) -> Tense | None:
    cues = vocab()["tense_cues"]
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
    before = [*back[1:], ""][: len(back)] + ["", *ahead][: len(ahead)]  # 'will be held' is no past
    auxiliaries = vocab()["tense_cues"]["auxiliaries"]
    for word, prior in zip((*back, *ahead), before, strict=True):
        found = _cue_tense(word.lower())
        if found and not (found == "past" and prior.lower() in auxiliaries):
            return found
    return tense


def _day_month(groups: dict[str, Any]) -> tuple[int, int] | None:
    """From ISO parts, a month name, or d/m vs m/d numbers when unambiguous (one above 12, or equal)."""
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        return ((a, b) if a > 12 or a == b else (b, a)) if a == b or (a > 12) != (b > 12) else None
    month = int(groups["m"]) if groups.get("m") else month_number(groups["mon"])
    return (int(groups["d"]), month) if month else None


def _calendar(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """A day: 2023-11-12, 13/11/2023, '12 November 2023', 'Nov. 12', '19-Nov-12'; no year: by tense."""
    day, month = _day_month(m.groupdict()) or (0, 0)  # (0, 0) makes no date below
    if m["y"]:
        return day_out(safe_date(full_year(m["y"], ctx.published), month, day), len(m["y"]) == 2)
    years = range(ctx.published.year - 1, ctx.published.year + 2)
    cands = [(d, d, d.isoformat()) for y in years if (d := safe_date(y, month, day))]
    got = choose(cands, ctx.published, mode(None, ctx.tense))
    return day_out(got[0], True) if got else None


def _month(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'May 2023', 'in May', 'last May', 'mid-May'; a bare month name needs a cue word before it."""
    month = month_number(m["mon"])
    if month is None:
        return None
    if m["y"]:
        return edge_out(period("month", date(int(m["y"]), month, 1)), "month", m["edge"], False)
    cued = m["edge"] or m["rel"] or prev_word(text, m.start()) in v("month_cues", "words")
    if not (cued or _listed(text, m.start())) or m["mon"].lower() not in v("months"):
        return None
    years = range(ctx.published.year - 1, ctx.published.year + 2)
    cands = [period("month", date(y, month, 1)) for y in years]
    got = choose(cands, ctx.published, mode(m["rel"], ctx.tense))
    return edge_out(got, "month", m["edge"], True) if got else None


def _listed(text: str, start: int) -> bool:
    """After and/or/to that follows another date: 'between 2014 and 2022', 'in May and June'."""
    before = rf"(?:\b(?:19|20)\d\d|\b\d\d?(?:st|nd|rd|th)?|{_pieces()['MON']})\.?,?\s+(?:and|or|to)\s+$"
    return bool(re.search(before, text[max(0, start - 40) : start], re.IGNORECASE))


def _year_cued(text: str, start: int, end: int) -> bool:
    cfg = vocab()["year_cues"]
    first, second = prev_word(text, start), prev_word(text, start, 1)
    following = re.match(r"\s*([%\w]+)", text[end:])
    if following and following.group(1).lower() in cfg["count_followers"]:
        return False
    if first in cfg["list_words"]:
        return _listed(text, start)
    return first in cfg["words"] and not (first in ("of", "by") and second in cfg["quantity_words"])


def _year(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'in 2022', 'early 2022', 'the 1990s' (a decade)."""
    if decade := m.groupdict().get("dec"):
        return edge_out(period("decade", date(int(decade) * 10, 1, 1)), "decade", m["edge"], False)
    if not m["edge"] and not _year_cued(text, m.start(), m.end()):
        return None
    return edge_out(period("year", date(int(m["y"]), 1, 1)), "year", m["edge"], False)


def _season(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    word = m["season"]
    code, first, last = v("seasons", word.lower())
    if re.match(r"\s+of\b", text[m.end() :]) or (word[0].isupper() and not initial(text, m.start("season"))):
        return None  # 'the fall of Bakhmut', 'Arab Spring'
    cued = m["edge"] or m["rel"] or prev_word(text, m.start()) in v("month_cues", "words")
    offset = v("year_offsets", key(m["yrel"])) if m["yrel"] else None
    fixed = int(m["y"]) if m["y"] else (ctx.published.year + int(offset) if offset is not None else None)
    if not fixed and not cued:
        return None
    years = [fixed] if fixed else list(range(ctx.published.year - 1, ctx.published.year + 2))
    cands = [(date(y, first, 1), month_end(*add_months(y, 1, last - 1)), f"{y:04d}-{code}") for y in years]
    got = cands[0] if fixed else choose(cands, ctx.published, mode(m["rel"], ctx.tense))
    return edge_out(got, "season", m["edge"], not m["y"]) if got else None


def _weekday(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'on Friday', 'last Tuesday night': which occurrence by modifier and tense (data: weekday_direction).

    A bare weekday that is the publication day's own weekday ('said on Sunday' in a Sunday article) is the
    publication day in a past or present clause and the next week's day in a future one. Reason (decided from
    the TIMEX3 rule that a relative date is resolved against the document creation time, plus news style,
    not from any corpus): wire copy names the day of publication by its weekday instead of 'today' (AP
    style: weekdays for dates within a week of the story), and an occurrence seven days back is written
    'last Sunday' or 'a week ago'; a past or present clause cannot mean a later day, so the nearest
    occurrence not after publication is the publication day itself. A future clause points forward, and an
    event later the same day is written 'later Sunday' or 'tonight', so a bare future weekday is the next
    one. 'later'/'earlier' + weekday keep the publication day: 'later Sunday', 'earlier Sunday'.
    """
    if not m["wd"][0].isupper() or _name_before(text, m.start()):
        return None
    number, pub, kind = weekday_number(m["wd"]), ctx.published, v("relative", key(m["rel"]))
    mode = kind if kind in ("last", "next") else v("weekday_direction", f"{kind or 'bare'}/{ctx.tense}")
    if m["shift"] and not kind:
        mode = "future" if ctx.tense == "future" else "past"  # both include the publication day
    days = [(d, d, "") for k in range(-7, 8) if (d := pub + timedelta(days=k)).isoweekday() == number]
    got = choose(days, pub, str(mode))
    return day_out(got[0], True, v("parts_of_day", key(m["part"]))) if got else None


def _dayword(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """today, yesterday, overnight, this morning; 'the day before' counts from the last date mentioned."""
    offset, part, anchor = v("day_words", key(m["word"]))
    if anchor == "reference_only" and not ctx.has_anchor:
        return None
    base = ctx.published if anchor == "published" else ctx.anchor
    return day_out(base + timedelta(days=offset), True, v("parts_of_day", key(m["part"])) or part)


def _period_interval(kind: str, unit: str, cand: Cand, ctx: Ctx, shift: str | None) -> tuple[date, date]:
    """last week runs to the publication date (project decision); this week/month/year follows the tense."""
    start, end, _ = cand
    pub = ctx.published
    if kind == "last" and unit == "week":
        return start, pub
    if kind != "this" or not start <= pub <= end:
        return start, end
    way = {"earlier": "past", "later": "future"}.get(key(shift), ctx.tense)
    return {"past": (start, pub), "future": (pub, end)}.get(way, (start, end))


def _in_the_period(m: re.Match[str], text: str, unit: str) -> bool:
    """'earlier in the year', 'during the month' (not 'the year 2000', 'the month of May')."""
    cues = v("period_cues")
    if unit not in cues["units"] or re.match(r"\s*(?:\d|of\b|'s|’s)", text[m.end() :]):
        return False
    return prev_word(text, m.start()) in cues["words"]


def _relative(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """last/this/next week, month, year; earlier this month; late last year; the weekend."""
    unit, rel = m["unit"].lower(), key(m["rel"])
    kind, anaphoric = v("relative", rel), rel in v("anaphoric_relatives")
    plain = not (anaphoric or m["edge"] or m["shift"])
    if kind is None and m["the"] and not m["edge"] and _in_the_period(m, text, unit):
        start, end, value = period(unit, ctx.anchor)  # 'later in the year': the period in view
        return value, "DATE", (start, end, precision_of(unit)), True
    if kind is None and not (m["the"] and (m["edge"] or unit == "weekend")):
        return None
    if m["the"] and kind in ("last", "next") and plain and unit != "weekend":
        return _duration(1.0, unit) if unit in v("units") else None  # 'the past week'
    base = ctx.anchor if anaphoric else ctx.published
    cands = [period(unit, shift(unit, base, k)) for k in (-1, 0, 1)]
    if kind is None and not m["edge"]:  # 'the weekend': by tense
        got = choose(cands, base, mode(None, ctx.tense))
        return (got[2], "DATE", (got[0], got[1], precision_of(unit)), True) if got else None
    cand = cands[{"last": 0, "next": 2}.get(kind, 1)]
    if m["edge"]:
        return edge_out(cand, precision_of(unit), m["edge"], True)
    start, end = cand[:2] if anaphoric else _period_interval(kind or "this", unit, cand, ctx, m["shift"])
    return cand[2], "DATE", (start, end, precision_of(unit)), True


def _unit_of(word: str) -> str:
    low = word.lower()
    return str(v("unit_plurals", low) or (low[:-1] if low.endswith("s") and low[:-1] in v("units") else low))


def _number(token: str | None) -> float | None:
    low, words = key(token), v("number_words")
    if not low or low in v("vague_numbers"):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", low):
        return float(low)
    tens, _, ones = low.partition("-")
    return float(words[low]) if low in words else float(words[tens] + words[ones])


def _duration(n: float | None, unit: str, kind: TimexType = "DURATION") -> Out:
    """P3D, PT48H, PXY; a fraction in the next smaller unit when whole there ('half an hour' PT30M)."""
    code, clock, mult = v("units", unit)
    x = None if n is None else n * mult
    smaller = v("fractions", unit)
    if x is not None and x != int(x) and smaller and (x * smaller[2]).is_integer():
        code, clock, x = smaller[0], smaller[1], x * smaller[2]
    quantity = "X" if x is None else (str(int(x)) if x == int(x) else str(x))
    return f"P{'T' if clock else ''}{quantity}{code}", kind, None, False


def _ago(n: float | None, unit: str, direction: str, ctx: Ctx) -> Out | None:
    """'two days ago', 'three weeks later': a date at the unit's granularity."""
    sign, anchor, _ = v("directions", key(direction))
    base = ctx.published if anchor == "published" else ctx.anchor
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", None, True
    steps = int(n * v("units", unit)[2] * sign)
    seconds = {"second": 1, "minute": 60, "hour": 3600}.get(unit)
    if seconds or unit == "day":
        return day_out(base + timedelta(days=int(steps * (seconds or 86400) / 86400)), True)
    kind = {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)
    cand = period(kind, shift(kind, base, steps))
    return cand[2], "DATE", (cand[0], cand[1], cast(Precision, kind)), True


def _quantity(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """'two days', '48 hours', 'for years' (durations); 'two days ago' (a date)."""
    unit = _unit_of(m["unit"])
    if unit not in v("units"):
        return None
    n = _number(m["n"])
    if m["nhalf"] or m["uhalf"]:  # 'two and a half years', 'a year and a half'
        n = None if n is None and m["n"] else (n or 1.0) + 0.5
    if m["dir"] and not m["the"]:
        return _ago(n, unit, m["dir"], ctx)
    cued = m["the"] or prev_word(text, m.start()) in v("duration_cues", "words")
    if m["long"]:  # 'a decade-long war', 'the week-long siege'
        return _duration(n or 1.0, unit)
    if not m["n"] and not (unit != m["unit"].lower() and cued):
        return None  # a bare unit is a duration only when plural and cued: 'for years'
    return _duration(n, unit)


def _set(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    groups = m.groupdict()
    if groups.get("adv"):
        return str(v("sets", groups["adv"].lower())), "SET", None, False
    low = groups["unit"].lower()
    if groups.get("plural") and not groups["unit"][0].isupper():  # 'on Fridays', not 'sundays'
        return None
    if weekday_number(low):
        return f"XXXX-WXX-{weekday_number(low)}", "SET", None, False
    if low in v("parts_of_day"):
        return f"XXXX-XX-XXT{v('parts_of_day', low)}", "SET", None, False
    n = 2.0 if groups.get("other") else (_number(groups["n"]) if groups.get("n") else 1.0)
    return _duration(n, _unit_of(low), "SET") if _unit_of(low) in v("units") else None


def _ref(m: re.Match[str], text: str, ctx: Ctx) -> Out | None:
    """now, recently, in recent days: *_REF values; the interval ends at publication."""
    value, days, precision, standalone = v("refs", key(m["ref"]))
    if standalone and not re.match(r"\s*(?:[.,;:!?)\"”]|$)", text[m.end() :]):
        return None
    span = (ctx.published - timedelta(days=days - 1), ctx.published, precision) if days else None
    return value, "DATE", span, True


@cache
def _pieces() -> dict[str, str]:
    """The <NAME> placeholders of the patterns, as regex alternations."""
    v = vocab()
    pieces = {k: alt(w for s in secs for w in v[s]) for k, secs in v["pieces"].items() if k != "comment"}
    units = [u for u in v["units"] if u != "comment"]
    pieces["NUM"] = alt(v["number_words"]) + "|" + v["number_compounds"] + r"|\d+"
    pieces["UNIT"] = alt([*units, *(u + "s" for u in units), *v["unit_plurals"]])
    stop = r"(?=\s*(?:[.,;:!?)\"”]|$))"  # 'two days after.' is a date, 'two days after the attack' is not
    dirs = [alt([d]) + (stop if e[2] else "") for d, e in v["directions"].items() if d != "comment"]
    pieces["DIR"] = "|".join(dirs)
    return pieces


@cache
def _rules() -> tuple[tuple[re.Pattern[str], Handler, frozenset[str]], ...]:
    """Each data pattern, placeholders expanded, with its handler `_<name>` and the words that trigger it."""
    pieces, handlers, rules = _pieces(), globals(), v("patterns", "rules")

    def expand(src: str) -> str:
        return re.sub(r"<([A-Z]+)>", lambda g: f"(?:{pieces[g[1]]})", src)

    def words(names: list[str]) -> frozenset[str]:
        return frozenset(w for n in names for w in re.findall(r"(?<!\\)[a-z]+|\d", pieces.get(n, n)))

    return tuple(
        (
            re.compile(expand(s), re.I),
            cast(Handler, handlers.get(f"_{n}") or getattr(timex_handlers, n)),
            words(t),
        )
        for n, s, t in rules
    )


@cache
def _blocklist() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + alt(v("blocklist", "phrases")) + r")\b")


def _select(cands: list[TimeMention]) -> list[TimeMention]:
    """Longest first, then leftmost; no overlaps."""
    chosen: list[TimeMention] = []
    for hit in sorted(cands, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= c.start or c.end <= hit.start for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _scan(text: str, ctx: Ctx, known: bool = True) -> list[TimeMention]:
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
            if span and known and prev_word(text, m.start()) == "since" and span[0] <= ctx.published:
                span, expression = (span[0], ctx.published, span[2]), "since " + expression
            interval = DateInterval(*span, expression) if span else None
            cands.append(TimeMention("", m[0], m.start(), m.end(), value, kind, interval))
    hits = timex_ranges.parts_of_days(text, timex_ranges.ranges(text, _select(cands)))
    return timex_handlers.clock_days(hits)


def _day_of(hit: TimeMention) -> date | None:
    day_precise = hit.interval is not None and hit.interval.precision == "day"
    return date.fromisoformat(hit.value[:10]) if day_precise and _ISO_DAY.match(hit.value) else None


def _scan_anchored(text: str, ctx: Ctx, known: bool) -> list[TimeMention]:
    """Scan a sentence; expressions after its first day-precise date count from that date ('the day')."""
    hits = _scan(text, ctx, known)
    first = next((h for h in hits if _day_of(h)), None)
    day = _day_of(first) if first else None
    if first is None or day is None:
        return hits
    later = _scan(text, replace(ctx, anchor=day, has_anchor=True), known)
    return [h for h in hits if h.start <= first.start] + [h for h in later if h.start >= first.end]


def find_times(doc: Document, sentences: Sequence[Sentence]) -> list[TimeMention]:
    """Time expressions in the given sentences, normalized against doc.published (offsets index doc.text)."""
    known = doc.published is not None
    pub = doc.published or _STAND_IN
    anchor, has_anchor = pub, False
    mentions: list[TimeMention] = []
    for sent in sentences:
        ctx = Ctx(pub, sent.tense, anchor, has_anchor)
        for hit in _scan_anchored(doc.text[sent.start : sent.end], ctx, known):
            mentions.append(
                replace(hit, document_id=doc.id, start=sent.start + hit.start, end=sent.start + hit.end)
            )
            if day := _day_of(hit):
                anchor, has_anchor = day, True
    return mentions


def normalize(expression: str, published: date, tense: Tense = "past") -> Normalized | None:
    """One expression ('last week', 'in May', 'since January') to (TIMEX3 value, type, interval) or None."""
    hits = _scan(expression, Ctx(published, tense, published))
    if not hits:
        return None
    lead = re.findall(r"[\w'’]+", expression[: hits[0].start].lower())
    if not set(lead) <= set(v("leading_words", "words")):
        return None
    return hits[0].value, hits[0].type, hits[0].interval


def undated(published: date) -> DateInterval:
    """The interval for an event whose text gives no date: the week up to the publication date."""
    return DateInterval(published - timedelta(days=6), published, "week", None)
