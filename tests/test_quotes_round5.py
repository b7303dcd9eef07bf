"""Quotes, fifth round: cues glued to their marks, more inverted cue verbs, and an uncued quote after
narration that names someone else is not given to the last speaker."""

from __future__ import annotations

from collections.abc import Callable


def test_a_cue_glued_to_its_mark_keeps_its_speaker(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = "Olena Kravets runs the shelter in Izium. “We have no heating,”Kravets said,“and no water.”"
    assert speakers_in(text) == ["Olena Kravets", "Olena Kravets"]


def test_remembered_and_exhorted_cue_an_inverted_quote(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "“The shelling went on all night and nobody slept,” remembered Taras Bondar, a volunteer driver.\n\n"
        "“Give what you can to the brigade,” exhorted Marta Lysenko, the fund's director."
    )
    assert speakers_in(text) == ["Taras Bondar", "Marta Lysenko"]


def test_the_speaker_does_not_go_on_when_someone_else_is_named_between(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "“The bridge is gone,” Ivan Sydorenko said. Later Petro Hnatiuk, the mayor, arrived at the river.\n\n"
        "“I told them to take the northern road.”"
    )
    assert speakers_in(text)[1] != "Ivan Sydorenko"
