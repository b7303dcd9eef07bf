"""Quotes, fourth round: organisations named like titled persons, a cue after a question, participle cues,
a name after a descriptor, nested marks, unbalanced marks in reported speech, relations in descriptions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from frontwatch.quotes import quotations
from frontwatch.speakers import gender_of
from frontwatch.types import Quote, Speaker


def test_the_general_staff_is_an_organisation_and_it_speaks(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "The General Staff said Russian troops attacked near Kupiansk 25 times overnight. "
        "“The enemy keeps losing equipment,” it said."
    )
    quotes = quotes_in(text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["General Staff", "General Staff"]
    assert all(q.speaker is not None and q.speaker.description is None for q in quotes)


def test_an_organisation_speaker_keeps_its_whole_name(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "The Institute for the Study of War said Russian troops had advanced west of the town."
    quotes = quotes_in(text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Institute for the Study of War"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Will anyone pay for the roof?” Hanna, a retired nurse from the village, asked.", "Hanna"),
        ("“Bring them home!” Odesa's city council deputy Serhiy Bondar shouted.", "Serhiy Bondar"),
    ],
)
def test_a_long_subject_after_a_question_or_exclamation_is_the_cue(
    text: str, speaker: str, speakers_in: Callable[[str], list[str | None]]
) -> None:
    assert speakers_in(text) == [speaker]


def test_a_quote_with_its_cue_before_keeps_it_over_the_next_sentence(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "Koval answers with, “Where is the convoy now?” Lysenko then writes back, "
        "“It is still waiting at the checkpoint near the bridge.”"
    )
    assert speakers_in(text)[0] == "Koval"


def test_a_free_participle_cue_belongs_to_the_main_subject(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = "Marchenko also wrote that the drivers knew the risks, saying, “Nobody forced us to go.”"
    assert speakers_in(text) == ["Marchenko"]


def test_a_name_after_a_descriptor_is_the_speaker(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = "“The shelling did not stop,” said the mayor of Kherson, Roman Mrochko."
    assert speakers_in(text) == ["Roman Mrochko"]


def test_nested_marks_of_one_kind_keep_the_outer_quote(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "“We counted the so-called “liberation” as a lie from the first day,” Lysenko said."
    quotes = quotes_in(text)
    assert [(q.kind, q.text) for q in quotes] == [
        ("direct", "We counted the so-called “liberation” as a lie from the first day")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“A “short” word inside,” he said.", ["A “short” word inside"]),
        ('He said, "They told us, "stay inside," and left."', ['They told us, "stay inside," and left.']),
        ("“We stayed for three nights. “Then the water ran out,” Koval said.", ["Then the water ran out"]),
        ("Near the “Bridge of Hope“ sign.\n\n“Then we left.”", ["Then we left."]),  # two left open: dropped
    ],
)
def test_nesting_and_unclosed_marks(text: str, expected: list[str]) -> None:
    assert [text[m.start : m.end] for m in quotations(text)] == expected


def test_reported_speech_with_an_unbalanced_mark_is_skipped(quotes_in: Callable[..., list[Quote]]) -> None:
    assert quotes_in("“This is unbalanced, said the officer who led the unit.") == []


def test_a_relation_in_a_description_gives_no_gender() -> None:
    assert gender_of(Speaker("Dana Moroz", (), "whose husband was killed near Robotyne")) is None
    assert gender_of(Speaker("Ash Lee", (), "a man from the village")) == "m"
