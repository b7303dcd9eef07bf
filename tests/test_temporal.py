"""Time expressions: values, intervals and precision against the publication date; offsets in find_times."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from frontwatch.temporal import find_times, normalize, undated
from frontwatch.types import DateInterval, Document, Sentence, Tense, TimeMention

SUN = date(2023, 11, 12)  # a Sunday


def d(text: str) -> date:
    return date.fromisoformat(text)


def value(expression: str, published: date, tense: Tense = "past") -> str | None:
    got = normalize(expression, published, tense)
    return got[0] if got else None


def split(text: str, tense: Tense = "past") -> list[Sentence]:
    """Sentences by hand: split after . ! ? followed by a space."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s|$)", text):
        chunk = text[start : m.end()]
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(start + lead, m.end(), chunk.strip(), tense))
        start = m.end()
    return out


DATES = [
    # expression, published, tense, value, interval start, interval end, precision
    ("12 November 2023", SUN, "past", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("November 12, 2023", SUN, "past", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("Nov. 12", date(2023, 11, 20), "past", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("on 3 March", SUN, "past", "2023-03-03", "2023-03-03", "2023-03-03", "day"),
    ("on 3 March", SUN, "future", "2024-03-03", "2024-03-03", "2024-03-03", "day"),
    ("the 5th of June", SUN, "past", "2023-06-05", "2023-06-05", "2023-06-05", "day"),
    ("2023-11-12", SUN, "past", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("13/11/2023", SUN, "past", "2023-11-13", "2023-11-13", "2023-11-13", "day"),
    ("11/13/2023", SUN, "past", "2023-11-13", "2023-11-13", "2023-11-13", "day"),
    ("19-Nov-12", SUN, "past", "2012-11-19", "2012-11-19", "2012-11-19", "day"),
    ("13/11/39", SUN, "past", "1939-11-13", "1939-11-13", "1939-11-13", "day"),
    ("May 2023", SUN, "past", "2023-05", "2023-05-01", "2023-05-31", "month"),
    ("in May", SUN, "past", "2023-05", "2023-05-01", "2023-05-31", "month"),
    ("in May", SUN, "future", "2024-05", "2024-05-01", "2024-05-31", "month"),
    ("in December", SUN, "past", "2022-12", "2022-12-01", "2022-12-31", "month"),
    ("in November", SUN, "past", "2023-11", "2023-11-01", "2023-11-30", "month"),
    ("last May", date(2023, 5, 20), "past", "2022-05", "2022-05-01", "2022-05-31", "month"),
    ("mid-May", SUN, "past", "2023-05", "2023-05-12", "2023-05-21", "month"),
    ("in 2022", SUN, "past", "2022", "2022-01-01", "2022-12-31", "year"),
    ("the end of 2022", SUN, "past", "2022", "2022-09-01", "2022-12-31", "year"),
    ("the 1990s", SUN, "past", "199", "1990-01-01", "1999-12-31", "decade"),
    ("last summer", SUN, "past", "2023-SU", "2023-06-01", "2023-08-31", "season"),
    ("last summer", date(2023, 7, 1), "past", "2022-SU", "2022-06-01", "2022-08-31", "season"),
    ("this spring", SUN, "past", "2023-SP", "2023-03-01", "2023-05-31", "season"),
    ("this winter", SUN, "future", "2023-WI", "2023-12-01", "2024-02-29", "season"),
    ("in the fall of 2022", SUN, "past", "2022-FA", "2022-09-01", "2022-11-30", "season"),
    ("on Friday", SUN, "past", "2023-11-10", "2023-11-10", "2023-11-10", "day"),
    ("on Sunday", SUN, "past", "2023-11-12", "2023-11-12", "2023-11-12", "day"),  # wire: the same day
    ("on Sunday", SUN, "present", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("on Friday", SUN, "future", "2023-11-17", "2023-11-17", "2023-11-17", "day"),
    ("last Friday", date(2023, 11, 10), "past", "2023-11-03", "2023-11-03", "2023-11-03", "day"),
    ("Friday evening", SUN, "past", "2023-11-10TEV", "2023-11-10", "2023-11-10", "day"),
    ("on Tuesday night", SUN, "past", "2023-11-07TNI", "2023-11-07", "2023-11-08", "day"),
    ("Friday, November 10", SUN, "past", "2023-11-10", "2023-11-10", "2023-11-10", "day"),
    ("overnight", SUN, "past", "2023-11-11TNI", "2023-11-11", "2023-11-12", "day"),
    ("this morning", SUN, "past", "2023-11-12TMO", "2023-11-12", "2023-11-12", "day"),
    ("today", SUN, "present", "2023-11-12", "2023-11-12", "2023-11-12", "day"),
    ("yesterday", SUN, "past", "2023-11-11", "2023-11-11", "2023-11-11", "day"),
    ("yesterday afternoon", SUN, "past", "2023-11-11TAF", "2023-11-11", "2023-11-11", "day"),
    ("tonight", SUN, "future", "2023-11-12TNI", "2023-11-12", "2023-11-13", "day"),
    ("the day before", SUN, "past", "2023-11-11", "2023-11-11", "2023-11-11", "day"),
    ("this week", SUN, "past", "2023-W45", "2023-11-06", "2023-11-12", "week"),
    ("next week", SUN, "future", "2023-W46", "2023-11-13", "2023-11-19", "week"),
    ("last weekend", SUN, "past", "2023-W44-WE", "2023-11-04", "2023-11-05", "week"),
    ("last month", SUN, "past", "2023-10", "2023-10-01", "2023-10-31", "month"),
    ("last month", date(2024, 1, 15), "past", "2023-12", "2023-12-01", "2023-12-31", "month"),
    ("earlier this month", SUN, "past", "2023-11", "2023-11-01", "2023-11-12", "month"),
    ("earlier this month", date(2023, 11, 2), "past", "2023-11", "2023-11-01", "2023-11-02", "month"),
    ("earlier this month", date(2023, 11, 1), "past", "2023-11", "2023-11-01", "2023-11-01", "month"),
    ("this year", SUN, "past", "2023", "2023-01-01", "2023-11-12", "year"),
    ("last year", SUN, "past", "2022", "2022-01-01", "2022-12-31", "year"),
    ("late last year", SUN, "past", "2022", "2022-09-01", "2022-12-31", "year"),
    ("two days ago", SUN, "past", "2023-11-10", "2023-11-10", "2023-11-10", "day"),
    ("three weeks ago", SUN, "past", "2023-W42", "2023-10-16", "2023-10-22", "week"),
    ("a week ago", SUN, "past", "2023-W44", "2023-10-30", "2023-11-05", "week"),
    ("recently", SUN, "past", "PAST_REF", "2023-10-14", "2023-11-12", "month"),
    ("in recent days", SUN, "past", "PAST_REF", "2023-11-06", "2023-11-12", "week"),
    ("in recent weeks", SUN, "past", "PAST_REF", "2023-10-14", "2023-11-12", "month"),
    ("since January", SUN, "past", "2023-01", "2023-01-01", "2023-11-12", "month"),
    ("since November", date(2024, 2, 10), "past", "2023-11", "2023-11-01", "2024-02-10", "month"),
    ("since 2014", SUN, "past", "2014", "2014-01-01", "2023-11-12", "year"),
    ("now", SUN, "present", "PRESENT_REF", "2023-11-12", "2023-11-12", "day"),
]


@pytest.mark.parametrize(("expression", "published", "tense", "value", "start", "end", "precision"), DATES)
def test_dates(
    expression: str, published: date, tense: Tense, value: str, start: str, end: str, precision: str
) -> None:
    got = normalize(expression, published, tense)
    assert got is not None, expression
    assert got[0] == value
    assert got[1] in ("DATE", "TIME")
    assert got[2] is not None
    assert (got[2].start, got[2].end, got[2].precision) == (d(start), d(end), precision)


@pytest.mark.parametrize("offset", range(7))
def test_last_week_for_every_publication_weekday(offset: int) -> None:
    published = date(2023, 11, 13) + timedelta(days=offset)  # Monday 13 .. Sunday 19 November (2023-W46)
    got = normalize("last week", published)
    assert got == ("2023-W45", "DATE", DateInterval(d("2023-11-06"), published, "week", "last week"))


@pytest.mark.parametrize(
    ("published", "expected", "monday"),
    [(date(2024, 1, 3), "2023-W52", "2023-12-25"), (date(2021, 1, 3), "2020-W52", "2020-12-21")],
)
def test_last_week_across_a_year_boundary(published: date, expected: str, monday: str) -> None:
    got = normalize("last week", published)
    assert got == (expected, "DATE", DateInterval(d(monday), published, "week", "last week"))


@pytest.mark.parametrize(
    ("tense", "december", "friday"),
    [
        ("past", "2022-12", "2023-08-11"),
        ("present", "2023-12", "2023-08-11"),
        ("future", "2023-12", "2023-08-18"),
    ],
)
def test_direction_follows_tense(tense: Tense, december: str, friday: str) -> None:
    published = date(2023, 8, 15)  # a Tuesday
    assert value("in December", published, tense) == december
    assert value("on Friday", published, tense) == friday


def test_verb_next_to_the_expression_overrides_sentence_tense() -> None:
    text = (
        "The town, which fell in December, remains contested. "
        "Officials said the bridge will reopen in December."
    )
    doc = Document("t", text, date(2023, 8, 15))
    sents = [Sentence(0, 52, text[:52], "present"), Sentence(53, len(text), text[53:], "past")]
    assert [m.value for m in find_times(doc, sents)] == ["2022-12", "2023-12"]


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("two days", "P2D"),
        ("a week, or even two", "P1W"),
        ("for three months", "P3M"),
        ("48 hours", "PT48H"),
        ("the past two weeks", "P2W"),
        ("the past week", "P1W"),
        ("a fortnight", "P2W"),
        ("for years", "PXY"),
        ("twenty-four hours", "PT24H"),
    ],
)
def test_durations_are_never_dates(expression: str, value: str) -> None:
    assert normalize(expression, SUN) == (value, "DURATION", None)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("every day", "P1D"),
        ("daily", "P1D"),
        ("each week", "P1W"),
        ("twice a day", "P1D"),
        ("every Friday", "XXXX-WXX-5"),
    ],
)
def test_sets(expression: str, value: str) -> None:
    assert normalize(expression, SUN) == (value, "SET", None)


@pytest.mark.parametrize(
    "expression",
    [
        "Good Friday Agreement",
        "Bloody Sunday",
        "Black Sea",
        "Theresa May",
        "Arab Spring",
        "the fall of Bakhmut",
        "a 23-year-old",
        "it may rain",
        "12/11/2023",  # ambiguous day/month order
        "a population of 2000",
        "the city of Bakhmut",
        "Johnson and May",
        "31 February",
        "10000 years ago",  # beyond the calendar: skipped, not an exception
    ],
)
def test_not_time_expressions(expression: str) -> None:
    assert normalize(expression, SUN) is None


def test_names_in_running_text_are_not_dates() -> None:
    text = (
        "Theresa May said in May that the Good Friday Agreement holds. "
        "Bloody Sunday was remembered on Sunday."
    )
    doc = Document("n", text, SUN)
    got = [(m.text, m.value) for m in find_times(doc, split(text))]
    assert got == [("May", "2023-05"), ("Sunday", "2023-11-12")]


def test_lists_of_dates() -> None:
    text = "Fighting raged in May and June. Both sides rearmed between 2014 and 2022."
    doc = Document("l", text, SUN)
    got = [(m.text, m.value) for m in find_times(doc, split(text))]
    assert got == [("May", "2023-05"), ("June", "2023-06"), ("2014", "2014"), ("2022", "2022")]


TEXT = (
    "  Russian forces shelled Kherson overnight, the governor said. "
    "Ukrainian troops retook two villages last week near Bakhmut.\n\n"
    "The city, which fell in May, remains a prize. "
    "The work cannot be done within a day, a week, or even two. "
    "On 3 March, drones struck the port. The next day, the army withdrew."
)


def test_find_times_offsets_and_values() -> None:
    doc = Document("doc-1", TEXT, SUN)
    mentions = find_times(doc, split(TEXT))
    expected = [
        ("overnight", "2023-11-11TNI", "TIME"),
        ("last week", "2023-W44", "DATE"),
        ("May", "2023-05", "DATE"),
        ("a day", "P1D", "DURATION"),
        ("a week", "P1W", "DURATION"),
        ("3 March", "2023-03-03", "DATE"),
        ("The next day", "2023-03-04", "DATE"),
    ]
    assert [(m.text, m.value, m.type) for m in mentions] == expected
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text
        assert m.document_id == "doc-1"
    assert mentions[1].start == TEXT.index("last week")
    assert mentions[2].start == TEXT.index("May")
    assert mentions[1].interval == DateInterval(d("2023-10-30"), SUN, "week", "last week")
    assert mentions[3].interval is None


def test_find_times_reads_only_the_given_sentences() -> None:
    doc = Document("doc-1", TEXT, SUN)
    sents = split(TEXT)
    mentions = find_times(doc, sents[2:3])
    assert [(m.text, m.start) for m in mentions] == [("May", TEXT.index("May"))]


def test_without_publication_date_only_absolute_values() -> None:
    text = "Talks began on 12 November 2023 and lasted two days. Fighting resumed last week."
    doc = Document("x", text, None)
    assert [(m.text, m.value) for m in find_times(doc, split(text))] == [
        ("12 November 2023", "2023-11-12"),
        ("two days", "P2D"),
    ]


def test_same_input_same_output() -> None:
    doc = Document("doc-1", TEXT, SUN)
    first: list[TimeMention] = find_times(doc, split(TEXT))
    assert find_times(doc, split(TEXT)) == first
    assert normalize("last year", date(1995, 6, 1)) == normalize("last year", date(1995, 6, 1))
    assert value("last year", date(1995, 6, 1)) == "1994"


def test_undated_is_the_week_up_to_publication() -> None:
    assert undated(SUN) == DateInterval(d("2023-11-06"), SUN, "week", None)


FRI = date(2023, 11, 10)  # a Friday


def test_wire_convention_same_weekday_is_the_publication_day() -> None:
    text = "The ministry said on Friday that two drones were downed. Talks resume on Friday."
    doc = Document("w", text, FRI)
    sents = [Sentence(0, 56, text[:56], "past"), Sentence(57, len(text), text[57:], "future")]
    assert [m.value for m in find_times(doc, sents)] == ["2023-11-10", "2023-11-17"]
    assert value("last Friday", FRI) == "2023-11-03"  # an explicit 'last' still means the week before


PERIODS = [
    # expression, published, tense, value, interval start, interval end
    ("the third quarter", SUN, "past", "2023-Q3", "2023-07-01", "2023-09-30"),
    ("in the first quarter", SUN, "future", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("the fourth quarter", date(2024, 2, 20), "past", "2023-Q4", "2023-10-01", "2023-12-31"),
    ("the first quarter of 2024", SUN, "past", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("the final quarter of 2022", SUN, "past", "2022-Q4", "2022-10-01", "2022-12-31"),
    ("third-quarter", SUN, "past", "2023-Q3", "2023-07-01", "2023-09-30"),
    ("Q2 2023", SUN, "past", "2023-Q2", "2023-04-01", "2023-06-30"),
    ("2022 Q1", SUN, "past", "2022-Q1", "2022-01-01", "2022-03-31"),
    ("last quarter", SUN, "past", "2023-Q3", "2023-07-01", "2023-09-30"),
    ("next quarter", SUN, "future", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("H1 2024", SUN, "past", "2024-H1", "2024-01-01", "2024-06-30"),
    ("the second half of next year", SUN, "future", "2024-H2", "2024-07-01", "2024-12-31"),
    ("the first half of the year", SUN, "past", "2023-H1", "2023-01-01", "2023-06-30"),
    ("fiscal 2022", SUN, "past", "2022", "2022-01-01", "2022-12-31"),
    ("fiscal year 2024", SUN, "future", "2024", "2024-01-01", "2024-12-31"),
    ("FY25", SUN, "future", "2025", "2025-01-01", "2025-12-31"),
]


@pytest.mark.parametrize(("expression", "published", "tense", "value", "start", "end"), PERIODS)
def test_quarters_halves_and_fiscal_years(
    expression: str, published: date, tense: Tense, value: str, start: str, end: str
) -> None:
    got = normalize(expression, published, tense)
    assert got is not None and got[2] is not None, expression
    assert (got[0], got[1]) == (value, "DATE")
    assert (got[2].start, got[2].end) == (d(start), d(end))


@pytest.mark.parametrize("expression", ["the second half", "a quarter", "H2", "H1N1", "fy 2023", "q3"])
def test_not_periods(expression: str) -> None:
    assert normalize(expression, SUN) is None


@pytest.mark.parametrize(
    ("expression", "value", "kind"),
    [
        ("a decade", "P10Y", "DURATION"),
        ("the past decade", "P10Y", "DURATION"),
        ("two decades", "P20Y", "DURATION"),
        ("a century", "P100Y", "DURATION"),
        ("annually", "P1Y", "SET"),
    ],
)
def test_decades_in_years_and_yearly_sets(expression: str, value: str, kind: str) -> None:
    assert normalize(expression, SUN) == (value, kind, None)


def test_decades_ago_count_years() -> None:
    assert value("a decade ago", SUN) == "2013"
    assert value("two decades ago", SUN) == "2003"


@pytest.mark.parametrize(
    ("expression", "value", "text"),
    [
        ("Tue.", "2023-11-07", "Tue."),
        ("on Fri.", "2023-11-10", "Fri."),
        ("Thurs., Nov. 9", "2023-11-09", "Thurs., Nov. 9"),
        ("early Monday", "2023-11-06", "early Monday"),
        ("late Friday night", "2023-11-10TNI", "late Friday night"),
    ],
)
def test_weekday_abbreviations_and_modifiers_in_the_extent(expression: str, value: str, text: str) -> None:
    got = normalize(expression, SUN)
    assert got is not None and got[2] is not None
    assert (got[0], got[2].expression) == (value, text)


def test_sun_and_lower_case_abbreviations_are_not_weekdays() -> None:
    text = "The Sun. He sat on a mat. Prices fell on mon. and wed."
    assert find_times(Document("a", text, SUN), split(text)) == []


@pytest.mark.parametrize(
    ("expression", "value", "text"),
    [
        ("at 3 p.m. Kyiv time", "2023-11-12T15:00", "3 p.m. Kyiv time"),
        ("at 09:30 local time", "2023-11-12T09:30", "09:30 local time"),
        ("7 a.m. (GMT)", "2023-11-12T07:00", "7 a.m. (GMT)"),
        ("at noon", "2023-11-12T12:00", "noon"),
        ("in the morning", "2023-11-12TMO", "the morning"),
        ("the 20th century", "19", "the 20th century"),
        ("this past weekend", "2023-W44-WE", "this past weekend"),
        ("later in the year", "2023", "the year"),
    ],
)
def test_clock_times_parts_of_day_and_periods(expression: str, value: str, text: str) -> None:
    got = normalize(expression, SUN, "past")
    assert got is not None and got[2] is not None, expression
    assert (got[0], got[2].expression) == (value, text)


def test_a_clock_time_takes_the_day_of_its_sentence() -> None:
    text = "Sirens sounded on Thursday at 11 p.m. and the all-clear came at 01:15 Kyiv time."
    got = [(m.text, m.value) for m in find_times(Document("c", text, SUN), split(text))]
    assert got == [
        ("Thursday", "2023-11-09"),
        ("11 p.m.", "2023-11-09T23:00"),
        ("01:15 Kyiv time", "2023-11-09T01:15"),
    ]


def test_month_cues_ranges_and_the_day_in_view() -> None:
    text = (
        "Elections are planned for March. Shelling lasted from March to May. "
        "On 3 October, a convoy was hit, and later in the day a depot burned."
    )
    sents = split(text)
    sents[0] = replace(sents[0], tense="future")
    got = [(m.text, m.value) for m in find_times(Document("m", text, SUN), sents)]
    assert got == [
        ("March", "2024-03"),
        ("March", "2023-03"),
        ("May", "2023-05"),
        ("3 October", "2023-10-03"),
        ("the day", "2023-10-03"),
    ]


def test_the_day_needs_a_date_before_it() -> None:
    text = "Soldiers rested for the day."
    assert find_times(Document("t", text, SUN), split(text)) == []


def test_plural_weekdays_are_sets() -> None:
    assert normalize("on Fridays", SUN) == ("XXXX-WXX-5", "SET", None)
    assert normalize("sundays", SUN) is None
