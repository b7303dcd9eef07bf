"""Actors: the Donetsk and Luhansk People's Republics and their forces (also beside Russia with a slash), and
generic state-force words ('troopers', 'army units') as the forces of the article's country; with the events
and control changes they give."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from frontwatch.actors import DEFAULT_PATH, Registry, find_actors
from frontwatch.control import changes_from_events, state_at
from frontwatch.events import find_events
from frontwatch.nlp import sentences
from frontwatch.temporal import find_times
from frontwatch.types import Actor, ActorMention, Document, Event, Location, PlaceMention

DPR, LPR = "DPR: Donetsk People's Republic", "LPR: Luhansk People's Republic"
PLACES = {  # name: (GeoNames id, country)
    "Popasna": (698030, "UA"),
    "Volnovakha": (689558, "UA"),
    "Marinka": (702320, "UA"),
    "Kidal": (2455290, "ML"),
    "Gwoza": (2339631, "NG"),
}
Find = Callable[[str], list[ActorMention]]
Run = Callable[[str], tuple[list[Event], list[ActorMention]]]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def find(nlp: Language, registry: Registry) -> Find:
    def _find(text: str) -> list[ActorMention]:
        return find_actors(Document("s1", text, date(2024, 3, 10)), nlp(text), registry)

    return _find


@pytest.fixture(scope="module")
def run(nlp: Language, registry: Registry) -> Run:
    def _run(text: str) -> tuple[list[Event], list[ActorMention]]:
        doc = Document("s1", text, date(2024, 3, 10))
        sdoc = nlp(text)
        sents = sentences(sdoc)
        places = [
            PlaceMention("s1", name, m.start(), m.end(), Location(name, gid, 48.0, 37.0, iso, None, None))
            for name, (gid, iso) in PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text)
        ]
        actors = find_actors(doc, sdoc, registry)
        return find_events(doc, sdoc, sents, places, find_times(doc, sents), actors), actors

    return _run


def named(mentions: list[ActorMention]) -> dict[str, str]:
    return {m.text: m.actor.name for m in mentions}


def captures(events: list[Event]) -> list[Event]:
    return [
        e
        for e in events
        if e.sub_event_type in ("Government regains territory", "Non-state actor overtakes territory")
    ]


# --- the registry ----------------------------------------------------------------------------------------


def test_the_republics_are_rebel_groups_on_russias_side(registry: Registry) -> None:
    inter = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))["inter_codes"]
    for name in (DPR, LPR):
        actor = registry.actor(name)
        assert actor is not None and actor.kind == "rebel_group" and inter[actor.kind] == 2
        assert actor.country == "RU"
        assert [a.name for a in registry.opponents(actor)] == ["Military Forces of Ukraine"]


# --- recognition -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "actor"),
    [
        ("Fighters of the Donetsk People's Republic shelled the road.", "Donetsk People's Republic", DPR),
        ("Donetsk PR units advanced near the river.", "Donetsk PR", DPR),
        ("The Luhansk PR militia said it held the bridge.", "Luhansk PR", LPR),
        (
            "Separatists of the self-proclaimed Lugansk People's Republic fired mortars.",
            "Lugansk People's Republic",
            LPR,
        ),
        ("Ukraine said LPR forces had attacked overnight.", "LPR forces", LPR),
    ],
)
def test_names_of_the_republics(find: Find, text: str, mention: str, actor: str) -> None:
    assert named(find(text))[mention] == actor


def test_acronyms_count_only_in_the_conflict_they_belong_to(find: Find) -> None:
    assert named(find("DNR/LNR troops crossed the line near Donetsk."))["DNR"] == DPR
    assert named(find("DNR/LNR troops crossed the line near Donetsk."))["LNR"] == LPR
    assert "DPR" not in named(find("Indonesia's DPR passed the budget on Tuesday."))


@pytest.mark.parametrize(
    ("text", "country", "group"),
    [
        ("The town was taken by Russia/LPR forces.", "Russia", "LPR forces"),
        ("The town was taken by Russian/DPR forces.", "Russian", "DPR forces"),
        ("The town was taken by LPR/Russian troops.", "Russian", "LPR"),
    ],
)
def test_a_slash_keeps_both_sides(find: Find, text: str, country: str, group: str) -> None:
    found = named(find(text))
    assert found[country] == "Military Forces of Russia"
    assert found[group] in (DPR, LPR)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Troopers raided the camp at dawn.", "Troopers"),
        ("Army units secured the bridge.", "Army units"),
        ("Government troops entered the town.", "Government troops"),
        ("Soldiers of the army cleared the road.", "Soldiers"),
    ],
)
def test_generic_state_forces_wait_for_the_articles_country(find: Find, text: str, mention: str) -> None:
    """Found as the countryless 'Military Forces'; events make them the forces of the article's country."""
    found = {m.text: m.actor for m in find("In Mali, the rainy season began. " + text)}
    assert found[mention] == Actor("Military Forces", None, "state_forces")


@pytest.mark.parametrize(
    "text",
    ["Rebel soldiers raided the camp.", "Enemy troops raided the camp.", "The forces raided the camp."],
)
def test_other_force_words_are_no_state_forces(find: Find, text: str) -> None:
    assert all(m.actor.kind != "state_forces" for m in find(text))


# --- events and control ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Popasna was captured by Russia/LPR forces on 7 May 2022.", LPR),
        ("Volnovakha was captured by Donetsk PR forces in March 2022.", DPR),
        ("Separatists of the self-proclaimed Donetsk People's Republic seized Marinka in 2014.", DPR),
    ],
)
def test_a_republics_capture_puts_the_place_on_russias_side(run: Run, text: str, group: str) -> None:
    events, _ = run(text)
    found = captures(events)
    assert len(found) == 1
    e = found[0]
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 is not None and e.actor1.name == group
    assert e.actor2 is not None and e.actor2.name == "Military Forces of Ukraine"
    assert e.location is not None and e.location.name in PLACES
    changes = changes_from_events(events)
    held = state_at(changes, e.location.name, date(2024, 3, 1))
    assert held is not None and held["controller"] == {"name": group, "country": "RU"}


def test_the_word_russia_beside_a_slash_is_no_place(run: Run) -> None:
    events, actors = run("Popasna was captured by Russia/LPR forces on 7 May 2022.")
    assert named(actors)["Russia"] == "Military Forces of Russia"
    assert [e.location.name for e in captures(events) if e.location] == ["Popasna"]


def test_generic_forces_regain_ground_for_the_articles_country(run: Run) -> None:
    events, _ = run("Army units retook Kidal from the rebels on Tuesday after heavy fighting in Mali.")
    e = captures(events)[0]
    assert e.sub_event_type == "Government regains territory"
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Mali"
    changes = changes_from_events(events)
    assert [(c.place.name, c.controller.country) for c in changes] == [("Kidal", "ML")]


def test_troopers_recapture_in_a_nigerian_article(run: Run) -> None:
    events, _ = run("Troopers recaptured Gwoza from the insurgents in Nigeria on Monday.")
    e = captures(events)[0]
    assert e.sub_event_type == "Government regains territory"
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Nigeria"
