"""Events on sentences written for frontwatch (never taken from a benchmark): one or two sentences per ACLED
sub-event type in varied wording, typed through the whole pipeline the way the CASE benchmark reads a
snippet (its main event); non-violent transfers of territory; unnamed armed groups; a protest whose
violence is told in another sentence; a recapture of "it"; and breadth: wording the trigger rules were
not written around (plural and capitalised forms, role words as victims, purpose clauses, bare event nouns
in a sentence with no other event, prospects and cessations, a protest attacked by a mob, a since-clause
that dates an ongoing event, a party's account that continues the strike before).

`acled_sentences_breadth.tsv` was written before the rules it checks, and so was `acled_sentences_round6.tsv`
(scored 17/28 before its round of fixes); `acled_sentences_heldout*.tsv` were
written as a check of rules tuned elsewhere (the second, third and fourth files were each scored once before
they were tuned on, the fifth never was; the third to fifth add headlines, passives, nominalisations,
reported speech, numbers first, names from several regions, and distractors that must stay OTHER: sports,
business deals, metaphors, anniversaries, court verdicts, policy statements). The sixth is in the style of
wire snippets (attribution, bylines, background clauses, numbers, several actors; five per CASE type and
fifteen that must stay OTHER: disasters, accidents, crime, diplomacy, sport, figurative words); it was scored
once before the round-7 fixes, which were written for the general causes behind its misses. The seventh
(South Asia, Latin America, the Horn of Africa, the Great Lakes, the Middle East, the Caucasus, the Balkans,
South-East Asia) puts several events or event words in each snippet, only one of them the main event:
background, an earlier event recalled, a reaction, a consequence, a protest against a killing, arrests after
a clash, a raid that became a gunfight; it was scored once (108/135) before the round-13 fixes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from benchmarks.events import main_event, to_label
from frontwatch.types import Document, Event, Extraction

FIXTURES = Path(__file__).parent / "fixtures" / "events"
PUBLISHED = date(2024, 8, 17)
TRANSFER = "Non-violent transfer of territory"
Run = Callable[..., Extraction]


@pytest.fixture(scope="module")
def run(pipeline: Any) -> Run:
    def _run(text: str, published: date = PUBLISHED) -> Extraction:
        return pipeline.process(Document("t1", text, published))  # type: ignore[no-any-return]

    return _run


def label(events: tuple[Event, ...]) -> str:
    main = main_event(events)
    return "OTHER" if main is None else to_label(main.sub_event_type)


@pytest.mark.parametrize(
    ("name", "rows", "wrong_at_most"),
    [
        ("acled_sentences.tsv", 182, 18),  # 5-9 per type: at least 90 %
        ("acled_sentences_varied.tsv", 147, 14),  # synonyms, passives, nominalisations: at least 90 %
        ("acled_sentences_breadth.tsv", 125, 9),
        ("acled_sentences_heldout.tsv", 68, 6),
        ("acled_sentences_heldout2.tsv", 54, 12),
        ("acled_sentences_heldout3.tsv", 186, 14),  # scored once (146/186) before the rules were fitted to it
        ("acled_sentences_heldout4.tsv", 91, 8),  # scored once (78/91) after the first heldout3 round
        ("acled_sentences_heldout5.tsv", 56, 8),  # written after all fixes, never tuned on (50/56)
        ("acled_sentences_round6.tsv", 28, 2),  # suicide bombers, disappearances, failed talks: 17/28 before
        ("acled_sentences_heldout6.tsv", 135, 14),  # wire snippets, scored once (111/135) before round 7
        (
            "acled_sentences_heldout7.tsv",
            135,
            14,
        ),  # several events a snippet: scored once before round 13, 108/135
    ],
)
def test_typed_sentences_floor(run: Run, name: str, rows: int, wrong_at_most: int) -> None:
    """Each file's main events keep their type; a drop means a general rule or lexicon entry broke."""
    with (FIXTURES / name).open(encoding="utf-8", newline="") as f:
        pairs = [(gold, text) for gold, text in csv.reader(f, delimiter="\t")]
    wrong = [(gold, got, text) for gold, text in pairs if (got := label(run(text).events)) != gold]
    assert len(pairs) == rows
    assert len(wrong) <= wrong_at_most, "\n".join(f"{g} -> {p}: {t}" for g, p, t in wrong)


@pytest.mark.parametrize(
    "text",
    [
        "Government troops pulled out of Gao on Sunday and handed the town to the rebels.",
        "The militia left the airport of Gao under a deal with the army.",
        "Rebels took the abandoned base near Timbuktu without firing a shot.",
        "Under the agreement, the separatists handed over the town of Mopti to the army last week.",
    ],
)
def test_territory_changing_hands_without_fighting(run: Run, text: str) -> None:
    subs = [e.sub_event_type for e in run(text).events]
    assert TRANSFER in subs and "Government regains territory" not in subs, subs


def test_a_withdrawal_under_attack_stays_a_battle(run: Run) -> None:
    ex = run("After weeks of assaults on its flanks, the army withdrew from Gao on Sunday.")
    subs = {e.sub_event_type for e in ex.events}
    assert "Non-state actor overtakes territory" in subs or "Government regains territory" in subs, subs
    assert TRANSFER not in subs


def test_a_transfer_changes_control(run: Run) -> None:
    ex = run("Russian forces pulled out of Kherson on Friday and handed the city to Ukrainian troops.")
    assert [e.sub_event_type for e in ex.events if e.location is not None] == [TRANSFER]
    assert [(c.place.name, c.controller.name) for c in ex.control] == [
        ("Kherson", "Military Forces of Ukraine")
    ]


def test_a_withdrawal_and_a_capture_of_one_place_are_one_change(run: Run) -> None:
    ex = run("After Russian forces pulled out of Kherson, Ukrainian troops took over the city.")
    assert len([e for e in ex.events if e.location is not None]) == 1
    assert [(c.place.name, c.controller.name) for c in ex.control] == [
        ("Kherson", "Military Forces of Ukraine")
    ]


def test_an_unidentified_group_takes_no_side_in_control(run: Run) -> None:
    ex = run("The army pulled out of Gao on Sunday and the rebels took over the town.")
    (e,) = [e for e in ex.events if e.location is not None]
    assert e.actor1 is not None and e.actor1.name == "Unidentified Armed Group (Mali)"
    assert ex.control == ()  # its country is where it acts, not whose side it is on


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Rebels captured the town of Gao in northern Mali on Sunday.", "ML"),
        ("Gunmen killed five villagers in an attack near Djibo in Burkina Faso on Friday.", "BF"),
        ("Jihadists stormed a school in Gao, Mali, and killed two teachers.", "ML"),
    ],
)
def test_unnamed_armed_groups_act(run: Run, text: str, country: str) -> None:
    main = main_event(run(text).events)
    assert main is not None and main.actor1 is not None
    assert (main.actor1.name, main.actor1.country) == (
        f"Unidentified Armed Group ({'Mali' if country == 'ML' else 'Burkina Faso'})",
        country,
    )


def test_a_place_held_by_rebels_is_no_actor(run: Run) -> None:
    ex = run("A missile hit a rebel-held town near Idlib on Monday.")
    assert not [a for a in ex.actors if a.actor.name.startswith("Unidentified")]


def test_a_named_group_wins_over_its_unnamed_members(run: Run) -> None:
    ex = run("Fighters of M23 captured Bunagana on Monday.")
    assert not [a for a in ex.actors if a.actor.name.startswith("Unidentified")]


def test_a_protests_violence_in_the_next_sentence(run: Run) -> None:
    text = (
        "Thousands of people marched through Belgrade on Saturday against the mining deal. "
        "Later in the evening some of them threw stones and bottles at the parliament building."
    )
    subs = [e.sub_event_type for e in run(text).events]
    assert subs and all(s == "Violent demonstration" for s in subs), subs


def test_a_protest_stays_peaceful_when_the_other_sentence_is_its_cause(run: Run) -> None:
    text = (
        "Hundreds of students rallied in Belgrade on Saturday. "
        "They condemned the violence of the police at a rally last year."
    )
    assert [e.sub_event_type for e in run(text).events][:1] == ["Peaceful protest"]


def test_fighting_that_broke_out_between_two_sides(run: Run) -> None:
    ex = run("Heavy fighting broke out between the army and the RSF in El Fasher on Saturday.")
    assert "Armed clash" in {e.sub_event_type for e in ex.events}


def test_a_recapture_of_it_is_at_the_place_named_before(run: Run) -> None:
    text = (
        "Izium is a city in Kharkiv Oblast, Ukraine. Izium was captured by Russia on 1 April 2022. "
        "Ukrainian forces recaptured it in September 2022."
    )
    changes = sorted(run(text).control, key=lambda c: c.date.start)
    assert [(c.place.name, c.controller.country, c.date.start) for c in changes] == [
        ("Izyum", "RU", date(2022, 4, 1)),
        ("Izyum", "UA", date(2022, 9, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "gold"),
    [
        ("Police and smugglers traded gunfire on the outskirts of Kano for an hour.", "ARMED_CLASH"),
        ("An army convoy came under fire from insurgents near Gao on Monday.", "ARMED_CLASH"),
        ("Raiders hacked four herders to death near Djibo.", "ATTACK"),
        ("Gunmen murdered six villagers and burned their granaries near Djibo.", "ATTACK"),
        ("The air force conducted raids on rebel camps near Kidal on Monday.", "AIR_STRIKE"),
        ("Tens of thousands took to the streets of Dakar on Friday.", "PEACE_PROTEST"),
        ("Dock workers walked out over pay cuts in Mombasa.", "PEACE_PROTEST"),
        ("Two reporters were held by intelligence agents in Bamako.", "ARREST"),
        ("Bomb disposal experts defused a landmine on the main road.", "DISR_WEAP"),
        ("The police said they had foiled a car bomb plot in the capital.", "DISR_WEAP"),
    ],
)
def test_wider_wording(run: Run, text: str, gold: str) -> None:
    assert label(run(text).events) == gold


@pytest.mark.parametrize(
    "text",
    [
        "Coast guards thwarted an attempt to smuggle migrants to the island.",
        "The minister took to the podium to defend the budget.",
        "Police held a press conference on the investigation.",
        "Protesters went out of their way to keep the march calm.",
    ],
)
def test_wider_wording_no_false_events(run: Run, text: str) -> None:
    subs = [e.sub_event_type for e in run(text).events if e.modality in ("asserted", "claimed")]
    assert not {"Disrupted weapons use", "Arrests", "Armed clash", "Attack"} & set(subs), subs


@pytest.mark.parametrize(
    ("text", "gold"),
    [
        ("Four soldiers and nine rebels died in a gun battle outside the barracks on Monday.", "ARMED_CLASH"),
        ("Heavy shelling of the village went on for a second day, residents said.", "ART_MISS_ATTACK"),
        ("Rockets rained down on the market town, damaging a school.", "ART_MISS_ATTACK"),
        ("Armed men opened fire on mourners leaving a funeral, killing four.", "ATTACK"),
        ("Gunmen shot dead a village head outside his home on Sunday.", "ATTACK"),
        ("Masked men bundled the journalist into a car outside his office.", "ABDUCT_DISSAP"),
        ("Bandits carried away three farmers from their fields.", "ABDUCT_DISSAP"),
        (
            "The two armed groups signed a memorandum of understanding on Friday to end hostilities.",
            "AGREEMENT",
        ),
        (
            "Hundreds of reinforcements arrived in the port ahead of an expected offensive.",
            "CHANGE_TO_GROUP_ACT",
        ),
        ("Soldiers were poisoned by a chemical agent dropped on their trench.", "CHEM_WEAP"),
        ("Truck drivers blocked the main highway with burning tyres.", "VIOL_DEMONSTR"),
        ("Teachers gathered in front of the ministry demanding their unpaid salaries.", "PEACE_PROTEST"),
        ("Villagers blocked the road with tractors to protest against the new tax.", "VIOL_DEMONSTR"),
        (
            "Officers used pepper spray to disperse students rallying outside parliament.",
            "PROTEST_WITH_INTER",
        ),
        ("Riot police blocked marchers from reaching the parliament.", "PROTEST_WITH_INTER"),
        ("A group of men attacked a peaceful rally in the town, injuring a dozen people.", "MOB_VIOL"),
        ("Police attacked a peaceful rally in the town, killing two.", "FORCE_AGAINST_PROTEST"),
        ("Settlers uprooted olive trees and damaged a water tank.", "PROPERTY_DISTRUCT"),
        ("A shootout between police and gunmen left two attackers dead.", "ARMED_CLASH"),
        ("Security agents picked up the editor of a weekly newspaper at dawn.", "ARREST"),
        ("A mob set upon a suspected thief, torched his car and beat him.", "MOB_VIOL"),
    ],
)
def test_wording_beyond_the_rules(run: Run, text: str, gold: str) -> None:
    assert label(run(text).events) == gold


@pytest.mark.parametrize(
    "text",
    [
        "The town, home to 20,000 people before the fighting, lies on the road to the border.",
        "Opposition parties called for a rally outside parliament on Saturday.",
        "The talks are meant to end hostilities in the region.",
        "The army is preparing for the expected offensive.",
        "The road next to the zoo is closed after a burst water main.",
        "The prices rose in exchange for better roads.",
        "The government prevented an attack on the power station.",
    ],
)
def test_no_firm_event(run: Run, text: str) -> None:
    firm = [e for e in run(text).events if e.modality in ("asserted", "claimed")]
    assert not firm, [(e.sub_event_type, e.trigger, e.modality) for e in firm]


def test_a_stopped_march_still_happened(run: Run) -> None:
    assert (
        label(run("Police stopped the march and rounded up its organisers.").events) == "PROTEST_WITH_INTER"
    )


def test_a_since_clause_dates_an_ongoing_event(run: Run) -> None:
    text = "Police have detained hundreds of mourners since his death was announced on Friday."
    ex = run(text, date(2024, 2, 18))
    arrests = [e for e in ex.events if e.sub_event_type == "Arrests"]
    assert [(e.date.start, e.date.end) for e in arrests] == [(date(2024, 2, 16), date(2024, 2, 18))]


def test_a_distant_since_clause_dates_nothing(run: Run) -> None:
    text = (
        "Rebels have taken the town of Gao in northern Mali, in one of the worst blows to the army "
        "since the war began in April."
    )
    ex = run(text, date(2023, 12, 20))
    assert ex.events and all(e.date.start > date(2023, 4, 30) for e in ex.events)


def test_a_partys_account_continues_the_strike_before(run: Run) -> None:
    text = (
        "Russian missiles struck the port of Odesa on Saturday, a day after the grain deal was signed.\n\n"
        "The southern military command said two missiles hit the port's infrastructure. "
        "Officials said several people had been injured."
    )
    strikes = [e for e in run(text, date(2022, 7, 24)).events if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1 and strikes[0].location is not None, strikes
    assert strikes[0].casualties_vague and strikes[0].injuries is None


@pytest.mark.parametrize(
    "text",
    [
        "Survivors marked the anniversary of the 1994 massacre in Kigali on Sunday.",
        "The 2017 bombing in Manchester is the subject of a new inquiry.",
        "The opposition leader suffered a panic attack during the debate.",
        "The minister praised the health workers' battle against malaria in the north.",
        "Fuel prices exploded in March after the subsidy was cut.",
        "The comedy bombed badly in cinemas across India.",
        "Two shipping firms struck a deal on Monday to share port space in Mombasa.",
        "The striker's team stormed to victory in the cup final in Cairo.",
        "The court jailed the former police chief for eight years in Lagos.",
        "The senator attacked the finance minister's plan as reckless.",
        "The hostile takeover of its competitor was completed in Johannesburg.",
    ],
)
def test_words_of_violence_that_name_no_event(run: Run, text: str) -> None:
    """A past event named by its year, an illness, a fight against no armed side, prices, a flop, a business
    deal, a sports win, a sentence, a politician's words and a company's takeover are no ACLED events."""
    assert label(run(text).events) == "OTHER", [(e.sub_event_type, e.trigger) for e in run(text).events]


@pytest.mark.parametrize(
    ("text", "gold"),
    [
        ("Clashes between Christian and Muslim youths in Jos left two people dead.", "MOB_VIOL"),
        ("Police detained five activists in Minsk ahead of a planned march.", "ARREST"),
        ("A bomb exploded at an election rally in Quetta, killing four people.", "REM_EXPLOS"),
        ("Air defences intercepted three missiles launched towards Kyiv overnight.", "DISR_WEAP"),
        (
            "The fall of Gao to the rebels was confirmed by officials on Monday.",
            "NON_STATE_ACTOR_OVERTAKES_TER",
        ),
        ("Troops announced the capture of a senior rebel commander near Goma.", "ARREST"),
        ("The dispersal of a sit-in by nurses in Harare drew criticism.", "PROTEST_WITH_INTER"),
        ("The rebels turned the village school into a military base.", "HQ_ESTABLISHED"),
        (
            "Soldiers beat dozens of students with sticks during a protest in Mandalay.",
            "FORCE_AGAINST_PROTEST",
        ),
        ("Rockets launched from the hills struck a school in Kharkiv on Monday.", "ART_MISS_ATTACK"),
        ("Vandals smashed dozens of graves in a cemetery in Lyon.", "PROPERTY_DISTRUCT"),
        ("Fighting between the army and the rebels spread to Goma on Sunday.", "ARMED_CLASH"),
        ("The killing of two marchers by soldiers in Khartoum was condemned.", "FORCE_AGAINST_PROTEST"),
        ("Gunmen tossed a grenade into a crowded bar in Bujumbura.", "GRENADE"),
        ("A truck bomb tore through the market in Mogadishu, killing 20.", "REM_EXPLOS"),
        ("Three teachers were held by carabineros near the port of Valparaíso.", "ARREST"),
    ],
)
def test_general_causes_from_the_third_held_out_set(run: Run, text: str, gold: str) -> None:
    """New sentences for each general cause fixed after scoring acled_sentences_heldout3.tsv: crowds that
    clash, a protest still to come, a blast at a rally, a launch of what was intercepted, the fall of a place
    to a side, a person captured, the dispersal of a gathering, a place turned into a base, a protest that is
    only where the force was used, a weapon subject shared by coordinated verbs, plurals the lemmatizer
    misreads, fighting between two sides, and lexicon gaps (toss, tear through, carabineros)."""
    assert label(run(text).events) == gold, [(e.sub_event_type, e.trigger) for e in run(text).events]


@pytest.mark.parametrize(
    ("text", "gold"),
    [
        ("A gunman blew himself up outside the police station in Quetta.", "SUIC_BOMB"),
        ("An aid worker vanished after being seized by armed men near Kidal.", "ABDUCT_DISSAP"),
        ("A climber went missing on the glacier above Zermatt on Sunday.", "OTHER"),
        ("A cyclist disappeared after leaving the village on Monday.", "OTHER"),
        ("Talks on a truce between the two militias stalled in Tripoli on Monday.", "OTHER"),
        ("Talks between the army and the rebels produced a ceasefire in Juba.", "AGREEMENT"),
        ("The truce agreed by the two militias in Tripoli collapsed on Monday.", "AGREEMENT"),
    ],
)
def test_sixth_round_gaps(run: Run, text: str, gold: str) -> None:
    """A bomber who blew himself up is a suicide bomb (a reflexive pronoun counts as a weapon word); a person
    gone missing is a forced disappearance only when a detention or a seizure by someone is told; an agreement
    word in a failed negotiation ('talks on a truce stalled') is no agreement; a truce that collapsed was one.
    """
    assert label(run(text).events) == gold, [(e.sub_event_type, e.trigger) for e in run(text).events]


@pytest.mark.parametrize(
    ("text", "gold"),
    [
        ("A cyclone killed 12 fishermen off the coast of Odisha on Tuesday, officials said.", "OTHER"),
        ("Torrential rains killing 30 people swept through northern Pakistan.", "OTHER"),
        ("A strong quake hit central Chile on Friday, destroying dozens of homes.", "OTHER"),
        ("Artillery fire killed two soldiers near Kupiansk, the army said.", "ART_MISS_ATTACK"),
        ("Gunmen killed three farmers in Benue state, police said.", "ATTACK"),
        ("Soldiers traded fire with cattle rustlers near Isiolo for two hours on Sunday.", "ARMED_CLASH"),
        (
            "Italian troops completed their pullout from Iraq on Monday, the ministry said.",
            "CHANGE_TO_GROUP_ACT",
        ),
        (
            "The rebels withdrew from Kiwanja without a fight and the army moved in.",
            "NON_VIOL_TERRIT_TRANSFER",
        ),
        ("The two governments agreed to swap 40 detainees, mediators said on Sunday.", "AGREEMENT"),
        ("The soldiers detained nobody during the raid on the market in Gao.", "OTHER"),
        ("A shepherd was badly hurt when he stepped on a landmine near Kandahar.", "REM_EXPLOS"),
        ("Militiamen converted the village school into a command centre last week.", "HQ_ESTABLISHED"),
        ("Marchers ransacked a supermarket in Lima during a rally over bread prices.", "VIOL_DEMONSTR"),
    ],
)
def test_round7_wire_gaps(run: Run, text: str, gold: str) -> None:
    """General causes behind the misses of acled_sentences_heldout6.tsv: a natural or accidental cause
    ('a cyclone killed', 'rains killing') is no attack, but weapon fire is; fire exchanged is a clash; a
    withdrawal from a whole country, with no one taking over, is a change to the group's activity, while a
    place left 'without a fight' still changes hands; 'agreed to swap' is an agreement made; an act done to
    'nobody' did not happen; stepping on a mine is a landmine blast; 'converted X into a command centre' with
    the into-phrase read on the object; ransacking is a protest's own violence."""
    assert label(run(text).events) == gold, [(e.sub_event_type, e.trigger) for e in run(text).events]
