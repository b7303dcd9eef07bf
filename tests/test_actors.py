"""Actors: the registry and recognition of forces, governments, units, groups, office holders, pronouns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from frontwatch.actors import DEFAULT_PATH, Registry, find_actors
from frontwatch.events import find_events
from frontwatch.nlp import sentences
from frontwatch.types import (
    Actor,
    ActorMention,
    DateInterval,
    Document,
    Event,
    Location,
    PlaceMention,
    TimeMention,
)

Find = Callable[[str], list[ActorMention]]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture
def find(nlp: Language, registry: Registry) -> Find:
    def _find(text: str) -> list[ActorMention]:
        return find_actors(Document("a1", text, date(2023, 11, 12)), nlp(text), registry)

    return _find


def by_text(mentions: list[ActorMention]) -> dict[str, Actor]:
    return {m.text: m.actor for m in mentions}


def test_registry_covers_conflicts_and_countries(registry: Registry) -> None:
    for name in (
        "Military Forces of Ukraine",
        "Military Forces of Russia",
        "Government of Ukraine",
        "Wagner Group",
        "Rapid Support Forces",
        "Military Forces of Sudan",
        "MNDAA: Myanmar National Democratic Alliance Army",
        "Military Forces of Myanmar",
        "M23: March 23 Movement",
        "Hamas",
        "Hezbollah",
        "Military Forces of the Democratic Republic of Congo",
        "Military Forces of Israel",
    ):
        assert registry.actor(name) is not None, name
    for iso in (
        "UA",
        "RU",
        "SD",
        "MM",
        "CD",
        "IL",
        "PS",
        "SY",
        "YE",
        "HT",
        "ML",
        "BF",
        "NE",
        "ET",
        "GE",
        "RS",
        "KE",
        "FR",
        "IR",
        "BD",
    ):
        for role in (
            "military",
            "government",
            "police",
            "protesters",
            "civilians",
            "rioters",
            "unidentified",
        ):
            assert registry.role(iso, role) is not None, (iso, role)
    assert registry.role("GE", "protesters") == Actor("Protesters (Georgia)", "GE", "protesters")
    assert registry.role("RS", "police") == Actor("Police Forces of Serbia", "RS", "police")


def test_every_kind_has_an_acled_inter_code() -> None:
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    codes = data["inter_codes"]
    assert {a["kind"] for a in data["actors"]} <= set(codes)
    assert codes["state_forces"] == 1 and codes["protesters"] == 6 and codes["external_force"] == 8


def test_registry_helpers(registry: Registry) -> None:
    gov = registry.actor("Government of Ukraine")
    assert gov is not None and registry.armed(gov).name == "Military Forces of Ukraine"
    ukraine = registry.actor("Military Forces of Ukraine")
    assert ukraine is not None
    assert "Military Forces of Russia" in {a.name for a in registry.opponents(ukraine)}
    assert registry.localize(Actor("Police Forces", None, "police"), "KE").name == "Police Forces of Kenya"
    assert registry.country_of("Kyiv's") == "UA"


def test_demonym_and_force_noun(find: Find) -> None:
    found = by_text(
        find("Ukrainian soldiers repelled Russian forces while Sudanese troops stayed in barracks.")
    )
    assert found["Ukrainian soldiers"].name == "Military Forces of Ukraine"
    assert found["Russian forces"].name == "Military Forces of Russia"
    assert found["Sudanese troops"].name == "Military Forces of Sudan"
    assert all(a.kind == "state_forces" for a in found.values())


def test_possessive_capitals_and_countries(find: Find) -> None:
    found = by_text(find("Kyiv's forces advanced while Moscow's troops dug in and Mali's army watched."))
    assert found["Kyiv's forces"].name == "Military Forces of Ukraine"
    assert found["Moscow's troops"].name == "Military Forces of Russia"
    assert found["Mali's army"].name == "Military Forces of Mali"


def test_capitals_speaking_are_governments_but_places_are_not(find: Find) -> None:
    found = by_text(find("Moscow contends that the town matters. Kyiv is resolute. Shops reopened in Kyiv."))
    assert found["Moscow"].name == "Government of Russia"
    assert found["Kyiv"].name == "Government of Ukraine"
    assert len([m for m in find("Shops reopened in Kyiv on Monday.") if m.text == "Kyiv"]) == 0


def test_the_kremlin_and_country_subjects(find: Find) -> None:
    found = by_text(
        find("The Kremlin said nothing. Russia claims the region. Russia mobilized thousands of men.")
    )
    assert found["Kremlin"].name == "Government of Russia"
    names = [m.actor.name for m in find("Russia mobilized thousands of men.")]
    assert names == ["Military Forces of Russia"]


def test_unit_side_from_the_article(find: Find) -> None:
    text = (
        "Ukrainian soldiers pushed east. A gunner from the Third Separate Assault Brigade said the "
        "Ukrainian troops were tired. The 80th airborne assault brigade held the flank."
    )
    units = {m.actor.unit: m.actor.name for m in find(text) if m.actor.unit}
    assert units == {
        "Third Separate Assault Brigade": "Military Forces of Ukraine",
        "80th airborne assault brigade": "Military Forces of Ukraine",
    }


def test_unit_qualified_by_a_demonym_takes_that_side(find: Find) -> None:
    text = "Ukrainian troops held the line. The Russian 76th Guards Air Assault Division attacked at dawn."
    unit = next(m for m in find(text) if m.actor.unit)
    assert unit.actor.name == "Military Forces of Russia"
    assert unit.actor.unit == "76th Guards Air Assault Division"
    assert unit.text == "Russian 76th Guards Air Assault Division"


def test_possessive_country_unit(find: Find) -> None:
    mention = find("Ukraine's 47th Mechanized Brigade moved south.")[0]
    assert (mention.actor.name, mention.actor.unit) == (
        "Military Forces of Ukraine",
        "47th Mechanized Brigade",
    )
    assert mention.text == "Ukraine's 47th Mechanized Brigade"


def test_named_groups_by_alias(find: Find) -> None:
    text = (
        "Wagner fighters, the RSF, the MNDAA, M23 rebels, Hamas and Hezbollah were all named, "
        "as was the Sudanese Armed Forces."
    )
    names = {m.actor.name for m in find(text)}
    assert {
        "Wagner Group",
        "Rapid Support Forces",
        "MNDAA: Myanmar National Democratic Alliance Army",
        "M23: March 23 Movement",
        "Hamas",
        "Hezbollah",
        "Military Forces of Sudan",
    } <= names


def test_office_holders_with_titles(find: Find) -> None:
    found = by_text(find("President Volodymyr Zelenskiy met Abdel Fattah al-Burhan; Putin stayed away."))
    assert found["President Volodymyr Zelenskiy"].name == "Government of Ukraine"
    assert found["Abdel Fattah al-Burhan"].name == "Military Forces of Sudan"
    assert found["Putin"].name == "Government of Russia"


def test_pronoun_resolves_only_when_unambiguous(find: Find) -> None:
    one = find("Ukrainian soldiers say they will hold the line.")
    assert [m.actor.name for m in one if m.text == "they"] == ["Military Forces of Ukraine"]
    two = find("Ukrainian soldiers fought Russian forces until they ran out of ammunition.")
    assert not [m for m in two if m.text == "they"]


def test_possessive_pronoun_gives_its_owner_forces(find: Find) -> None:
    found = by_text(find("Moscow claims that its troops have advanced."))
    assert found["its troops"].name == "Military Forces of Russia"


def test_police_and_protesters_take_the_article_country(find: Find) -> None:
    found = by_text(
        find("In Georgia, police dispersed protesters outside parliament. Georgian police made arrests.")
    )
    assert found["police"].name == "Police Forces of Georgia"
    assert found["protesters"].name == "Protesters (Georgia)"
    assert found["Georgian police"].name == "Police Forces of Georgia"


def test_role_without_any_country_is_generic(find: Find) -> None:
    found = by_text(find("Unidentified gunmen attacked the convoy."))
    assert found["gunmen"] == Actor("Unidentified Armed Group", None, "political_militia")


def test_two_demonyms_on_one_noun_are_two_sides(find: Find) -> None:
    found = by_text(find("Ukrainian and Russian troops clashed overnight."))
    assert found["Ukrainian"].name == "Military Forces of Ukraine"
    assert found["Russian troops"].name == "Military Forces of Russia"


def test_offsets_index_the_text(find: Find) -> None:
    text = "Overnight, Israeli troops entered the camp."
    mention = find(text)[0]
    assert text[mention.start : mention.end] == mention.text == "Israeli troops"
    assert mention.document_id == "a1"


# --- who did it across sentences: denials, perpetrators, self-reports (frontwatch.triggers) ---------------

PLACES = {  # name: (country, GeoNames feature)
    "Dnipro": ("UA", "P.PPLA"),
    "Kerch": ("UA", "P.PPL"),
    "Saky": ("UA", "P.PPL"),
    "Orikhiv": ("UA", "P.PPLA3"),
    "Kherson": ("UA", "P.PPLA"),
    "Istanbul": ("TR", "P.PPLA"),
    "Laukkaing": ("MM", "P.PPL"),
    "Kidal": ("ML", "P.PPLA"),
    "Ukraine": ("UA", "A.PCLI"),
    "Moscow": ("RU", "P.PPLC"),
    "Kazan": ("RU", "P.PPLA"),
}
Run = Callable[[str], list[Event]]


@pytest.fixture
def run(nlp: Language, registry: Registry) -> Run:
    def _run(text: str) -> list[Event]:
        doc = Document("d1", text, date(2023, 11, 12))
        places = []
        for place, (country, feature) in PLACES.items():
            precision = "country" if feature.startswith("A.PCL") else "place"
            loc = Location(place, len(place), 1.0, 2.0, country, None, None, precision, feature)  # type: ignore[arg-type]
            for m in re.finditer(rf"\b{place}\b", text):
                places.append(PlaceMention("d1", place, m.start(), m.end(), loc, "mentioned"))
        sdoc = nlp(text)
        return find_events(doc, sdoc, sentences(sdoc), places, [], find_actors(doc, sdoc, registry))

    return _run


def shown(events: list[Event]) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [
        (
            e.sub_event_type,
            e.modality,
            e.location.name if e.location else None,
            e.actor1.name if e.actor1 else None,
            e.claimed_by.name if e.claimed_by else None,
        )
        for e in events
    ]


def test_evidence_is_the_sentence_without_surrounding_whitespace(run: Run) -> None:
    text = "Calm returned.\n\nRussian missiles hit Kherson on the river.\n\n\nShops reopened."
    (e,) = run(text)
    ev = e.evidence[0]
    assert ev.sentence == "Russian missiles hit Kherson on the river." == text[ev.start : ev.end]


def test_a_party_denying_blame_in_a_later_sentence_denies_that_event(run: Run) -> None:
    text = (
        "A Russian missile strike on a clinic in Dnipro killed nine people. The Kremlin rejected blame. "
        "Its spokesman said Russian forces did not strike civilian targets."
    )
    rows = shown(run(text))
    assert rows[0][:4] == (
        "Shelling/artillery/missile attack",
        "asserted",
        "Dnipro",
        "Military Forces of Russia",
    )
    assert rows[1:] == [
        ("Shelling/artillery/missile attack", "denied", "Dnipro", rows[0][3], "Government of Russia")
    ]


def test_who_carried_out_the_attacks_completes_earlier_events(run: Run) -> None:
    text = (
        "Sea drones struck a fuel depot in Kerch. Missiles hit an airfield in Saky a day later. "
        "A source said both attacks had been carried out by the SBU."
    )
    assert {r[3] for r in shown(run(text))} == {"Military Forces of Ukraine"}
    lone = shown(
        run("Missiles hit an airfield in Saky. Officials said the strike was carried out by the FSB.")
    )
    assert lone[0][3] == "Military Forces of Russia"


def test_a_definite_weapon_continues_the_event_before_it(run: Run) -> None:
    text = (
        "A Russian missile strike on a clinic in Dnipro killed nine people. "
        "The missile hit the clinic during a wave of strikes across Ukraine, injuring 30 people."
    )
    (e,) = run(text)
    assert (e.location.name if e.location else None, e.fatalities, e.injuries) == ("Dnipro", 9, 30)


def test_driving_forces_out_of_a_place_takes_it(run: Run) -> None:
    (e,) = run("Ukrainian troops drove Russian forces out of Orikhiv after weeks of fighting.")
    assert shown([e]) == [
        ("Government regains territory", "asserted", "Orikhiv", "Military Forces of Ukraine", None)
    ]
    assert e.actor2 is not None and e.actor2.name == "Military Forces of Russia"


def test_a_government_reporting_its_own_gain_asserts_it(run: Run) -> None:
    own = shown(run("Ukraine's defence ministry said its troops had recaptured Kherson."))
    assert own == [
        ("Government regains territory", "asserted", "Kherson", "Military Forces of Ukraine", None)
    ]
    hedged = shown(run("Ukraine's defence ministry claimed its troops had recaptured Kherson."))
    assert hedged[0][1] == "claimed"
    other = shown(run("Russia's defence ministry said Ukrainian troops had recaptured Kherson."))
    assert other[0][1:] == ("claimed", "Kherson", "Military Forces of Ukraine", "Military Forces of Russia")


def test_a_captured_base_is_coded_at_its_town_and_an_armed_speaker_claims(run: Run) -> None:
    text = (
        "An armed group says it has seized the army's regional headquarters in Laukkaing. "
        "The MNDAA said its fighters had taken full control of the base."
    )
    rows = shown(run(text))
    assert [r[:3] for r in rows] == [("Non-state actor overtakes territory", "claimed", "Laukkaing")] * 2
    assert rows[1][4] == "MNDAA: Myanmar National Democratic Alliance Army"
    negated = shown(run("The army stopped short of saying that Kidal had fallen."))
    assert [r[1] for r in negated] == ["negated"]


def test_an_agreement_signed_at_a_ceremony_is_located_there(run: Run) -> None:
    text = "The accord, signed at a ceremony in Istanbul, lets ships carry grain out of Kherson."
    assert shown(run(text)) == [("Agreement", "asserted", "Istanbul", None, None)]


def test_security_services_are_their_states_forces(find: Find) -> None:
    found = by_text(find("The SBU and Russia's FSB traded accusations."))
    assert (
        found["SBU"].name == "Military Forces of Ukraine" and found["FSB"].name == "Military Forces of Russia"
    )


def test_a_scene_set_in_front_places_and_a_relative_clause_dates(run: Run, nlp: Language) -> None:
    placed = shown(
        run("In Moscow, crowds gathered at a memorial and riot police detained dozens of mourners.")
    )
    assert ("Arrests", "asserted", "Moscow") in [r[:3] for r in placed]
    doc = Document("d1", "x", date(2023, 11, 12))
    text = "Most arrests took place in Kazan, where mourners gathered on Friday."
    sdoc = nlp(text)
    start = text.index("on Friday")
    friday = DateInterval(date(2023, 11, 10), date(2023, 11, 10), "day", "on Friday")
    times = [TimeMention("d1", "on Friday", start, start + 9, "2023-11-10", "DATE", friday)]
    loc = Location("Kazan", 1, 1.0, 2.0, "RU", None, None, "place", "P.PPLA")
    kazan = [PlaceMention("d1", "Kazan", text.index("Kazan"), text.index("Kazan") + 5, loc, "mentioned")]
    actors = find_actors(doc, sdoc, Registry.load())
    (e,) = find_events(doc, sdoc, sentences(sdoc), kazan, times, actors)
    assert (e.sub_event_type, e.date.start, e.date.end) == ("Arrests", date(2023, 11, 10), date(2023, 11, 10))
