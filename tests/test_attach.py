"""Event dating and attachment (frontwatch.attach): governing expressions, ranges, durations, the reference
time carried over from an earlier sentence of the paragraph, and captures told in relative clauses.

Times come from the real temporal tagger and actors from frontwatch.actors on the real parse; places are
built by hand (what the geo stage would give).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from spacy.language import Language

from frontwatch.actors import Registry, find_actors
from frontwatch.attach import ending_at
from frontwatch.events import find_events
from frontwatch.nlp import sentences
from frontwatch.temporal import find_times
from frontwatch.types import Document, Event, Location, PlaceMention, TimeMention

PUBLISHED = date(2024, 3, 10)  # a Sunday
WEEK = (PUBLISHED - timedelta(days=6), PUBLISHED)
PLACES = {"Kherson": 706448, "Odesa": 698740, "Marinka": 702320, "Kupiansk": 703656, "Izium": 707753}
Run = Callable[[str], list[Event]]


def _places(text: str) -> list[PlaceMention]:
    return [
        PlaceMention("t1", name, m.start(), m.end(), Location(name, gid, 47.0, 35.0, "UA", None, None))
        for name, gid in PLACES.items()
        for m in re.finditer(rf"\b{name}\b", text)
    ]


@pytest.fixture(scope="module")
def run(nlp: Language) -> Run:
    registry = Registry.load()

    def _run(text: str) -> list[Event]:
        doc = Document("t1", text, PUBLISHED)
        sdoc = nlp(text)
        sents = sentences(sdoc)
        actors = find_actors(doc, sdoc, registry)
        return find_events(doc, sdoc, sents, _places(text), find_times(doc, sents), actors)

    return _run


def at(events: list[Event], place: str) -> Event:
    found = [e for e in events if e.location is not None and e.location.name == place]
    assert len(found) == 1, [(e.sub_event_type, e.trigger, e.location) for e in events]
    return found[0]


def span(e: Event) -> tuple[date, date, str | None]:
    return e.date.start, e.date.end, e.date.expression


# --- the reference time of an earlier sentence --------------------------------------------------------------


def test_a_sentence_without_a_date_takes_the_one_before_it(run: Run) -> None:
    events = run(
        "Russian troops entered Kupiansk on 3 March after a week of assaults. "
        "Ukrainian artillery shelled the Russian positions near Izium."
    )
    e = at(events, "Izium")
    assert span(e) == (date(2024, 3, 3), date(2024, 3, 3), "3 March")
    assert e.date.precision == "day"


def test_the_nearest_earlier_sentence_with_a_date_wins(run: Run) -> None:
    text = (
        "Fighting flared near Kupiansk in February. Russian drones hit Odesa on Tuesday. "
        "Officials gave no figures. Russian forces also shelled Kherson."
    )
    e = at(run(text), "Kherson")
    assert span(e) == (date(2024, 3, 5), date(2024, 3, 5), "Tuesday")


def test_no_carry_over_across_a_paragraph(run: Run) -> None:
    e = at(run("Russian drones hit Odesa on Tuesday.\n\nRussian forces shelled Kherson."), "Kherson")
    assert span(e) == (*WEEK, None)


def test_no_carry_over_into_or_across_the_present_tense(run: Run) -> None:
    present = run("Russian drones hit Odesa on Tuesday. Russian forces are shelling Kherson.")
    assert span(at(present, "Kherson")) == (*WEEK, None)
    across = run(
        "Russian drones hit Odesa on Tuesday. The city remains without power. Russian forces shelled Kherson."
    )
    assert span(at(across, "Kherson")) == (*WEEK, None)


def test_no_carry_over_of_a_year_or_a_duration(run: Run) -> None:
    year = run("The war began in 2022. Russian forces shelled Kherson.")
    assert span(at(year, "Kherson")) == (*WEEK, None)
    lasting = run("The siege went on for two months. Russian forces shelled Kherson.")
    assert span(at(lasting, "Kherson")) == (*WEEK, None)


def test_a_date_of_the_own_sentence_is_not_replaced(run: Run) -> None:
    e = at(run("Russian drones hit Odesa on Tuesday. Russian forces shelled Kherson on Friday."), "Kherson")
    assert span(e) == (date(2024, 3, 8), date(2024, 3, 8), "Friday")


# --- ranges and durations ---------------------------------------------------------------------------------


def test_an_event_dated_by_a_range_keeps_the_whole_range(run: Run) -> None:
    e = at(run("Russian forces shelled Kherson from 3 to 5 March."), "Kherson")
    assert span(e) == (date(2024, 3, 3), date(2024, 3, 5), "3 to 5 March")


def test_an_event_governed_by_a_duration_ends_at_publication(run: Run) -> None:
    e = at(run("Russian forces shelled Kherson in the past 24 hours, officials said."), "Kherson")
    assert (e.date.start, e.date.end, e.date.precision) == (date(2024, 3, 9), PUBLISHED, "day")
    assert e.date.expression is not None and "24 hours" in e.date.expression
    week = at(run("Russian forces have shelled Kherson for three days."), "Kherson")
    assert (week.date.start, week.date.end, week.date.precision) == (date(2024, 3, 7), PUBLISHED, "week")


def _duration(value: str, text: str = "for a while") -> TimeMention:
    return TimeMention("t1", text, 0, len(text), value, "DURATION", None)


@pytest.mark.parametrize(
    ("value", "days", "precision"),
    [
        ("PT24H", 1, "day"),
        ("PT30M", 0, "day"),
        ("P3D", 3, "week"),
        ("P2W", 14, "month"),
        ("P1Y", 366, "year"),
    ],
)
def test_duration_intervals_end_at_the_reference(value: str, days: int, precision: str) -> None:
    found = ending_at(_duration(value), PUBLISHED)
    assert found is not None and found.interval is not None
    assert (found.interval.start, found.interval.end) == (PUBLISHED - timedelta(days=days), PUBLISHED)
    assert found.interval.precision == precision and found.interval.expression == "for a while"


def test_vague_durations_and_no_reference_give_nothing() -> None:
    assert ending_at(_duration("PTXH"), PUBLISHED) is None
    assert ending_at(_duration("P3D"), None) is None


# --- captures in relative clauses and reported speech ----------------------------------------------------


def test_a_capture_reported_inside_a_relative_clause(run: Run) -> None:
    events = run(
        "Medics described weeks of fighting for the town of Marinka, which Ukraine's army said yesterday "
        "it had retaken from Russian forces."
    )
    e = at([e for e in events if e.event_type == "Battles" and "territory" in e.sub_event_type], "Marinka")
    assert e.sub_event_type == "Government regains territory" and e.modality == "asserted"
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Ukraine"
    assert span(e) == (date(2024, 3, 9), date(2024, 3, 9), "yesterday")


def test_a_relative_pronoun_object_is_the_place(run: Run) -> None:
    events = run("Ukrainian troops left Kupiansk, which Russian forces captured on Friday.")
    e = at([e for e in events if e.trigger == "captured"], "Kupiansk")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Russia"


def test_a_relative_clause_about_its_speaker_is_no_capture_of_it(run: Run) -> None:
    events = run("The commanders of Izium, who said they had advanced, asked for more shells.")
    assert not [e for e in events if "territory" in e.sub_event_type]


def test_a_pronoun_in_a_report_is_its_speaker(run: Run) -> None:
    e = at(run("Russia's defence ministry said on Friday it had captured Marinka."), "Marinka")
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Russia"
    assert e.modality == "asserted" and span(e)[2] == "Friday"  # a state's report of its own gain (ACLED)


# --- where the actors are ----------------------------------------------------------------------------------


def test_an_event_without_a_place_in_its_clause_takes_where_its_actors_are(run: Run) -> None:
    events = run(
        "Riot police in Odesa fired tear gas at hundreds of people protesting outside the city hall."
    )
    assert any(e.location is not None and e.location.name == "Odesa" for e in events)


def test_unnamed_rebels_take_ground_without_borrowing_the_army_that_reports_it(run: Run) -> None:
    [event] = run("Rebels captured the town of Kupiansk on Monday, the army said.")
    assert event.sub_event_type == "Non-state actor overtakes territory"
    assert event.actor1 is None or event.actor1.kind != "state_forces"
