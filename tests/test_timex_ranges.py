"""Ranges ('from 3 to 5 March', 'March 3-5', 'between May and July 2022', '2014-2015'); parts of days."""

from __future__ import annotations

import re
from datetime import date

import pytest

from frontwatch.temporal import find_times
from frontwatch.types import Document, Sentence, Tense

SUN = date(2023, 11, 12)  # a Sunday


def tag(text: str, published: date = SUN, tense: Tense = "past") -> list[tuple[str, str, str, str, str]]:
    """(text, value, interval start, interval end, precision) of each expression of one sentence."""
    doc = Document("r", text, published)
    out: list[tuple[str, str, str, str, str]] = []
    for m in find_times(doc, [Sentence(0, len(text), text, tense)]):
        assert text[m.start : m.end] == m.text
        span = m.interval
        assert span is not None, m
        out.append((m.text, m.value, span.start.isoformat(), span.end.isoformat(), span.precision))
    return out


RANGES = [
    (
        "Shelling went on from 3 to 5 March.",
        [
            ("3", "2023-03-03", "2023-03-03", "2023-03-05", "day"),
            ("5 March", "2023-03-05", "2023-03-03", "2023-03-05", "day"),
        ],
    ),
    (
        "The drills ran 8-11 June 2021 near the border.",
        [
            ("8", "2021-06-08", "2021-06-08", "2021-06-11", "day"),
            ("11 June 2021", "2021-06-11", "2021-06-08", "2021-06-11", "day"),
        ],
    ),
    (
        "Envoys met on March 3-5 in Vienna.",
        [
            ("March 3", "2023-03-03", "2023-03-03", "2023-03-05", "day"),
            ("5", "2023-03-05", "2023-03-03", "2023-03-05", "day"),
        ],
    ),
    (
        "Envoys met Oct. 2nd to 4th, 2019, in Minsk.",
        [
            ("Oct. 2nd", "2019-10-02", "2019-10-02", "2019-10-04", "day"),
            ("4th, 2019", "2019-10-04", "2019-10-02", "2019-10-04", "day"),
        ],
    ),
    (
        "Floods hit the valley between May and July 2021.",
        [
            ("May", "2021-05", "2021-05-01", "2021-07-31", "month"),
            ("July 2021", "2021-07", "2021-05-01", "2021-07-31", "month"),
        ],
    ),
    (
        "The port froze from December to February 2022.",
        [
            ("December", "2021-12", "2021-12-01", "2022-02-28", "month"),
            ("February 2022", "2022-02", "2021-12-01", "2022-02-28", "month"),
        ],
    ),
    (
        "Many fled during the 2014-2015 fighting.",
        [
            ("2014", "2014", "2014-01-01", "2015-12-31", "year"),
            ("2015", "2015", "2014-01-01", "2015-12-31", "year"),
        ],
    ),
    (
        "The 1939–45 war ruined the town.",
        [
            ("1939", "1939", "1939-01-01", "1945-12-31", "year"),
            ("45", "1945", "1939-01-01", "1945-12-31", "year"),
        ],
    ),
    (
        "Roads stayed shut from Monday to Wednesday.",
        [
            ("Monday", "2023-11-06", "2023-11-06", "2023-11-08", "day"),
            ("Wednesday", "2023-11-08", "2023-11-06", "2023-11-08", "day"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_each_end_of_a_range_is_tagged_and_dated_by_the_range(
    text: str, expected: list[tuple[str, str, str, str, str]]
) -> None:
    assert tag(text) == expected


def test_a_list_is_not_a_range() -> None:
    got = tag("Markets closed in May and June.")
    assert [(t, s, e) for t, _, s, e, _ in got] == [
        ("May", "2023-05-01", "2023-05-31"),
        ("June", "2023-06-01", "2023-06-30"),
    ]


def test_between_joins_with_and() -> None:
    got = tag("Prices doubled between 2 and 9 April.")
    assert [(t, v, s, e) for t, v, s, e, _ in got] == [
        ("2", "2023-04-02", "2023-04-02", "2023-04-09"),
        ("9 April", "2023-04-09", "2023-04-02", "2023-04-09"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Between March 3 and 5 soldiers were hurt.",  # a count after the number
        "The team won 3-5 on Sunday.",
        "Prices rose 3-5 percent.",
    ],
)
def test_numbers_that_are_not_range_ends(text: str) -> None:
    assert all(not re.fullmatch(r"\d+", t) for t, *_ in tag(text))


def test_the_range_follows_tense_without_a_year() -> None:
    got = tag("Talks will run from 6 to 8 March.", tense="future")
    assert [v for _, v, *_ in got] == ["2024-03-06", "2024-03-08"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops crossed on the night of 3 March.", ("the night of 3 March", "2023-03-03TNI", "2023-03-04")),
        ("Aid came on the morning of June 9.", ("the morning of June 9", "2023-06-09TMO", "2023-06-09")),
        ("Shells fell at dawn on Friday.", ("dawn", "2023-11-10TMO", "2023-11-10")),
    ],
)
def test_parts_of_named_days(text: str, expected: tuple[str, str, str]) -> None:
    first = tag(text)[0]
    assert (first[0], first[1], first[3]) == expected


def test_a_night_before_its_day_anchors_later_expressions() -> None:
    text = "Troops crossed on the night of 3 March, and the next day they dug in."
    assert [(t, v) for t, v, *_ in tag(text)] == [
        ("the night of 3 March", "2023-03-03TNI"),
        ("the next day", "2023-03-04"),
    ]
