"""TIMEX3 extents, the same-weekday rule, and the expressions issue 4 lists, on sentences of our own."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from frontwatch import temporal, timex, timex_handlers, timex_ranges
from frontwatch.temporal import find_times, normalize
from frontwatch.types import Document, Sentence, Tense

SUN = date(2023, 11, 12)  # a Sunday
NOV = date(2023, 11, 20)  # a Monday in November


def tag(text: str, published: date = SUN, tense: Tense = "past") -> list[tuple[str, str, str]]:
    """(text, value, type) of each expression of one sentence."""
    doc = Document("e", text, published)
    return [(m.text, m.value, m.type) for m in find_times(doc, [Sentence(0, len(text), text, tense)])]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # prepositions and subordinators stay outside
        ("Rockets hit the depot on Tuesday.", "Tuesday"),
        ("Prices have climbed since January.", "January"),
        ("The mayor fled in 2019.", "2019"),
        # the determiner and the modifiers of the time noun phrase are inside
        ("Output fell in the third quarter.", "the third quarter"),
        ("The mine closed late last year.", "late last year"),
        ("Crews worked through the end of 2022.", "the end of 2022"),
        ("The guns fell silent early Monday.", "early Monday"),
        # TIMEX3 mod modifiers are inside
        ("The siege lasted about three weeks.", "about three weeks"),
        ("The road was cut more than a month ago.", "more than a month ago"),
        ("He left nearly two years ago.", "nearly two years ago"),
        ("Repairs take at least a week.", "at least a week"),
        # a possessive 's is outside
        ("Monday's raid destroyed a bridge.", "Monday"),
        ("Last year's harvest was poor.", "Last year"),
        ("This week's vote was delayed.", "This week"),
    ],
)
def test_extent(text: str, span: str) -> None:
    assert tag(text)[0][0] == span


def test_possessives_keep_their_values() -> None:
    assert tag("Monday's raid and last year's harvest.") == [
        ("Monday", "2023-11-06", "DATE"),
        ("last year", "2022", "DATE"),
    ]


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("The ministry said on Sunday that two drones fell.", "past", "2023-11-12"),
        ("The ministry says on Sunday that the road is open.", "present", "2023-11-12"),
        ("The talks will resume on Sunday.", "future", "2023-11-19"),
        ("The talks resume later Sunday.", "future", "2023-11-12"),
        ("The envoy arrived earlier Sunday.", "past", "2023-11-12"),
        ("The talks ended last Sunday.", "past", "2023-11-05"),
        ("The talks resume next Sunday.", "future", "2023-11-19"),
    ],
)
def test_the_publication_weekday(text: str, tense: Tense, value: str) -> None:
    assert tag(text, SUN, tense)[0][1] == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("The town fell in May.", "past", "2023-05"),
        ("The vote will be held in May.", "future", "2024-05"),
        ("The town, which fell in December, holds out.", "present", "2022-12"),
        ("The bridge reopens in December.", "future", "2023-12"),
    ],
)
def test_tense_drives_direction(text: str, tense: Tense, value: str) -> None:
    assert tag(text, NOV, tense)[0][1] == value


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("The talks took half an hour.", "PT30M", "DURATION"),
        ("The siege lasted a year and a half.", "P18M", "DURATION"),
        ("The blockade lasted two and a half days.", "PT60H", "DURATION"),
        ("Shelling went on for a week.", "P1W", "DURATION"),
        ("The assault lasted three hours.", "PT3H", "DURATION"),
        ("A decade-long dispute ended.", "P10Y", "DURATION"),
        ("The week-long siege ended.", "P1W", "DURATION"),
        ("Trains run every day.", "P1D", "SET"),
        ("Lists are published weekly.", "P1W", "SET"),
        ("Patrols pass twice a week.", "P1W", "SET"),
        ("Inspectors come every two months.", "P2M", "SET"),
    ],
)
def test_durations_and_sets(text: str, value: str, kind: str) -> None:
    assert tag(text)[0][1:] == (value, kind)


@pytest.mark.parametrize(
    ("expression", "published", "value", "start", "end", "precision"),
    [
        ("the nineties", SUN, "199", "1990-01-01", "1999-12-31", "decade"),
        ("the '80s", SUN, "198", "1980-01-01", "1989-12-31", "decade"),
        ("the '20s", SUN, "202", "2020-01-01", "2029-12-31", "decade"),
        ("the 18th century", SUN, "17", "1700-01-01", "1799-12-31", "decade"),
        ("the summer of last year", SUN, "2022-SU", "2022-06-01", "2022-08-31", "season"),
        ("the winter of this year", SUN, "2023-WI", "2023-12-01", "2024-02-29", "season"),
        ("Q3 2023", SUN, "2023-Q3", "2023-07-01", "2023-09-30", "season"),
        ("the first half of the year", SUN, "2023-H1", "2023-01-01", "2023-06-30", "season"),
        ("the 2021 fiscal year", SUN, "2021", "2021-01-01", "2021-12-31", "year"),
        ("two days ago", SUN, "2023-11-10", "2023-11-10", "2023-11-10", "day"),
        ("earlier this month", SUN, "2023-11", "2023-11-01", "2023-11-12", "month"),
        ("late October", SUN, "2023-10", "2023-10-22", "2023-10-31", "month"),
        ("since January", date(2024, 1, 20), "2024-01", "2024-01-01", "2024-01-20", "month"),
        ("overnight", SUN, "2023-11-11TNI", "2023-11-11", "2023-11-12", "day"),
        ("Friday evening", SUN, "2023-11-10TEV", "2023-11-10", "2023-11-10", "day"),
        ("at dawn", SUN, "2023-11-12TMO", "2023-11-12", "2023-11-12", "day"),
        ("at 6 o'clock", SUN, "2023-11-12T06:00", "2023-11-12", "2023-11-12", "day"),
        ("at 0430 GMT", SUN, "2023-11-12T04:30", "2023-11-12", "2023-11-12", "day"),
    ],
)
def test_values_and_intervals(
    expression: str, published: date, value: str, start: str, end: str, precision: str
) -> None:
    got = normalize(expression, published)
    assert got is not None and got[2] is not None, expression
    span = got[2]
    assert (got[0], span.start.isoformat(), span.end.isoformat(), span.precision) == (
        value,
        start,
        end,
        precision,
    )


@pytest.mark.parametrize(
    "text", ["In his sixties he retired.", "Some days are calm.", "The day-old truce held."]
)
def test_not_dates(text: str) -> None:
    assert all(kind != "DATE" for _, _, kind in tag(text))


def test_values_never_read_the_clock() -> None:
    """Determinism: nothing asks for today's date; only the document and its publication date count."""
    for module in (temporal, timex, timex_handlers, timex_ranges):
        source = inspect.getsource(module)
        assert "today()" not in source and "now()" not in source and "time.time" not in source
    text = "Shelling went on from 3 to 5 March, two days ago and last week."
    assert tag(text, date(1999, 6, 1)) == tag(text, date(1999, 6, 1))
    assert tag(text, date(1999, 6, 1))[0][1] == "1999-03-03"
