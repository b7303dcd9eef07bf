"""Speakers: surnames, gender, pronouns across sentences, descriptors, cue subjects; and how the PolNeAR
benchmark scores speakers. Real spaCy model, our own sentences."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from spacy.language import Language

from frontwatch.quotes import find_quotes
from frontwatch.speakers import Context, gender, with_mentions
from frontwatch.types import Document, Evidence, Quote, Speaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`
from benchmarks import quotes as bench  # noqa: E402


def said(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker name) of the direct quotes."""
    doc = Document("s1", text, date(2024, 3, 1))
    found = [q for q in find_quotes(doc, nlp(text)) if q.kind == "direct"]
    return [(q.text, q.speaker.name if q.speaker else None) for q in found]


def test_bare_surname_is_the_person_named_in_full(nlp: Language) -> None:
    text = (
        "Retired Gen. Norbert Hamm spoke to a radio host on Monday. Hamm made it clear that the cuts "
        "had hurt morale, and Senator Paul Grady agreed with him.\n\n"
        "Hamm went on to describe the budget fights. “It was demoralizing to watch,” he said."
    )
    assert said(nlp, text) == [("It was demoralizing to watch", "Norbert Hamm")]


def test_she_skips_a_later_man(nlp: Language) -> None:
    text = (
        "Olena Kovalenko runs the shelter on the edge of town. Donald Price, the mayor, promised more beds "
        "last week.\n\n“We are still waiting for the beds,” she said."
    )
    assert said(nlp, text) == [("We are still waiting for the beds", "Olena Kovalenko")]


def test_gender_learned_from_the_text(nlp: Language) -> None:
    text = "Tyresha Moss lost her house in the flood. Quillan Brandt said the water rose fast."
    ctx = with_mentions(Context(text, sdoc := nlp(text), tuple(sdoc.sents)), [])
    moss = next(m.speaker for m in ctx.mentions if m.speaker.name == "Tyresha Moss")
    assert gender(ctx, moss) == "f"
    brandt = next(m.speaker for m in ctx.mentions if m.speaker.name == "Quillan Brandt")
    assert gender(ctx, brandt) is None


def test_pronoun_prefers_who_speaks_in_the_last_sentence(nlp: Language) -> None:
    text = (
        "Mark Doyle chairs the committee. The new rules, Tom Harlan said, were written in a hurry.\n\n"
        "“Nobody read them before the vote,” he said."
    )
    assert said(nlp, text) == [("Nobody read them before the vote", "Tom Harlan")]


def test_definite_descriptor_is_the_titled_person(nlp: Language) -> None:
    text = (
        "Sen. Anna Lindqvist visited the port on Friday.\n\n"
        "“The harbour must reopen before winter,” the senator said."
    )
    [(_, name)] = said(nlp, text)
    assert name == "Anna Lindqvist"


def test_cue_after_a_question_mark(nlp: Language) -> None:
    text = "Ministers argued for an hour. “Why was nobody told about the convoy?” Halvorsen demanded."
    assert said(nlp, text) == [("Why was nobody told about the convoy?", "Halvorsen")]


def test_partial_quote_takes_the_subject_of_its_clause(nlp: Language) -> None:
    text = (
        "Marta Ilves accused the ministry of “abandoning the people who trusted it the most” in the spring."
    )
    assert said(nlp, text) == [("abandoning the people who trusted it the most", "Marta Ilves")]


def test_joined_and_participle_cues_take_the_outer_subject(nlp: Language) -> None:
    text = (
        "Rakel Sund ran to the car and repeatedly shouted, “Get out of there now.”\n\n"
        "The video shows Ivan Petrenko asking, “Where are the medics?”"
    )
    assert said(nlp, text) == [
        ("Get out of there now.", "Rakel Sund"),
        ("Where are the medics?", "Ivan Petrenko"),
    ]


def test_participle_and_infinitive_cues_without_a_parse_link(nlp: Language) -> None:
    text = (
        "Protesters interrupted the speech in the hall, shouting “we will not be silenced today.”\n\n"
        "Polls were wrong again - Carla Benedetti: “We kept calling the same voters every week.”\n\n"
        "Haldor Vik joked about the weather but went on to say, “The roads will be closed for a week.”"
    )
    assert [name for _, name in said(nlp, text)] == ["Protesters", "Carla Benedetti", "Haldor Vik"]


def test_cue_subject_is_never_inside_the_quote(nlp: Language) -> None:
    text = "“We were wrong to wait so long,” Ramos, 58, told reporters in the capital on Monday."
    assert said(nlp, text) == [("We were wrong to wait so long", "Ramos")]


def test_shared_surname_goes_to_the_first_so_named(nlp: Language) -> None:
    text = (
        "Police shot Keith Larsen outside his home. His wife, Rakeyia Larsen, filmed the encounter.\n\n"
        "Larsen was unarmed, his family says. “He had nothing in his hands,” said Rakeyia Larsen."
    )
    doc = Document("s2", text, date(2024, 3, 1))
    ctx = with_mentions(Context(text, sdoc := nlp(text), tuple(sdoc.sents)), [])
    bare = [m for m in ctx.mentions if text[m.start : m.start + 7] == "Larsen "]
    assert bare and all(m.speaker.name == "Keith Larsen" for m in bare)
    [q] = [q for q in find_quotes(doc, sdoc) if q.kind == "direct"]
    assert q.speaker is not None and q.speaker.name == "Rakeyia Larsen"


# ---- benchmark scoring of speakers -------------------------------------------------------------------------


def quote(name: str, description: str | None = None) -> Quote:
    ev = Evidence("d", None, None, 0, 1, "")
    return Quote("q", "d", "x", 0, 1, "direct", "said", Speaker(name, (), description), ev)


def test_bench_swapped_source_and_cue() -> None:
    text = "“It works,” said Ana Lind, the mayor."
    spans = {"T1": ("Source", [(12, 16)]), "T2": ("Cue", [(17, 36)])}
    assert bench.source_text({"Source": "T1", "Cue": "T2"}, spans, text) == "Ana Lind, the mayor"
    spans = {"T1": ("Source", [(17, 25)]), "T2": ("Cue", [(12, 16)])}
    assert bench.source_text({"Source": "T1", "Cue": "T2"}, spans, text) == "Ana Lind"


def test_bench_he_and_she_stand_for_a_named_person() -> None:
    sources = [(0, "Sen. Ana Lind"), (20, "Few voters"), (40, "she"), (60, "they")]
    assert bench.resolve_pronouns(sources) == {0: "Sen. Ana Lind", 20: "Few voters", 40: "Sen. Ana Lind",
                                               60: "Few voters"}  # fmt: skip
    assert bench.names_person("Obama") and bench.names_person("Another critic, Bo Ek")
    assert not bench.names_person("The article") and not bench.names_person("")


def test_bench_descriptor_source_matches_the_description() -> None:
    assert bench.speaker_right(quote("Ana Lind", "Sen."), "the senator")
    assert bench.speaker_right(quote("Bo Ek", "President"), "the president")
    assert not bench.speaker_right(quote("Bo Ek", "President"), "the minister")
    assert not bench.speaker_right(quote("Bo Ek", "President"), "President Ana Lind")


# ---- salience and cues (second round) ----------------------------------------------------------------------


def test_name_after_an_inner_title(nlp: Language) -> None:
    text = (
        "Oregon Gov. Walter Brandt signed the order on Monday. Brandt said the state would not wait.\n\n"
        "“We are going to move now,” he said."
    )
    assert said(nlp, text) == [("We are going to move now", "Walter Brandt")]


def test_text_gender_beats_the_first_name_lexicon(nlp: Language) -> None:
    text = (
        "Senator Lindsey Okafor criticized the plan on Tuesday. Okafor said he would vote against it.\n\n"
        "Maria Lopez, a teacher, disagreed with the senator.\n\n"
        "“This bill is a disaster for rural towns,” he said."
    )
    assert said(nlp, text) == [("This bill is a disaster for rural towns", "Lindsey Okafor")]


def test_scene_setting_speaker_loses_to_the_main_subject(nlp: Language) -> None:
    text = (
        "“We will win this,” Helen Marsh said.\n\n"
        "When Ruth Caldwell asked about the budget, Marsh repeated her pledge. "
        "“Nobody will pay more,” she said."
    )
    found = dict(said(nlp, text))
    assert found["Nobody will pay more"] == "Helen Marsh"


def test_uncued_quote_later_in_the_paragraph_goes_on(nlp: Language) -> None:
    text = (
        "“The roads are flooded again,” Tomas Varga said. The town has asked for help twice this year. "
        "“We cannot wait another month.”"
    )
    assert said(nlp, text) == [
        ("The roads are flooded again", "Tomas Varga"),
        ("We cannot wait another month.", "Tomas Varga"),
    ]


def test_first_person_cue_inside_a_speech_keeps_the_speaker(nlp: Language) -> None:
    text = (
        "Dana Whitfield continued:\n\n"
        "“Then I read them the question: “Would you vote for him again?” Most said no.”"
    )
    found = said(nlp, text)
    assert found and all(name == "Dana Whitfield" for _, name in found)


def test_participle_before_a_name_and_a_dash_subject(nlp: Language) -> None:
    text = "The new ad shows footage of Karen Lowe asking, “Why is nobody listening to us?”"
    assert said(nlp, text) == [("Why is nobody listening to us?", "Karen Lowe")]


def test_a_reply_belongs_to_who_was_asked(nlp: Language) -> None:
    text = (
        "Ostap Hrytsenko toured the fuel depot on Monday. A journalist asked Hrytsenko whether the lines "
        "would hold. He replied: “They will hold as long as we have shells.”"
    )
    assert said(nlp, text) == [("They will hold as long as we have shells.", "Ostap Hrytsenko")]


def test_a_name_deep_in_a_phrase_of_the_pronouns_sentence_is_not_its_antecedent(nlp: Language) -> None:
    text = (
        "Iryna Bondar spoke to reporters in Lviv on Tuesday.\n\n"
        "Asked about her plans in the event that Maria Lenko wins the vote, she replied: “I will wait.”"
    )
    assert said(nlp, text) == [("I will wait.", "Iryna Bondar")]


def test_a_definite_descriptor_with_another_place_is_not_the_titled_person(nlp: Language) -> None:
    text = (
        "Former Kharkiv Gov. Petro Savchuk opened the meeting. The Odesa governor said the port had "
        "reopened.\n\n“Ships are moving again,” he said."
    )
    assert said(nlp, text) == [("Ships are moving again", "Odesa governor")]


def test_a_title_ending_a_capitalized_run_is_a_description(nlp: Language) -> None:
    text = (
        "Hanna Lysak, the former Naftogaz CEO who left the company in May, spoke at the forum. "
        "“Gas storage is full,” she said."
    )
    doc = Document("s1", text, date(2024, 3, 1))
    [q] = [q for q in find_quotes(doc, nlp(text)) if q.kind == "direct"]
    assert q.speaker is not None and q.speaker.name == "Hanna Lysak"
    assert q.speaker.description == "the former Naftogaz CEO"
