"""Quotes, fifth round: cues glued to their marks, more inverted cue verbs, and an uncued quote after
narration that names someone else is not given to the last speaker."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from frontwatch.quotes import find_quotes
from frontwatch.types import Document, Quote


def run(nlp: Language, text: str) -> list[Quote]:
    return find_quotes(Document("r5", text, date(2024, 3, 1)), nlp(text))


def direct_speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in quotes if q.kind == "direct"]


def test_a_cue_glued_to_its_mark_keeps_its_speaker(nlp: Language) -> None:
    text = "Olena Kravets runs the shelter in Izium. “We have no heating,”Kravets said,“and no water.”"
    assert direct_speakers(run(nlp, text)) == ["Olena Kravets", "Olena Kravets"]


def test_remembered_and_exhorted_cue_an_inverted_quote(nlp: Language) -> None:
    text = (
        "“The shelling went on all night and nobody slept,” remembered Taras Bondar, a volunteer driver.\n\n"
        "“Give what you can to the brigade,” exhorted Marta Lysenko, the fund's director."
    )
    assert direct_speakers(run(nlp, text)) == ["Taras Bondar", "Marta Lysenko"]


def test_the_speaker_does_not_go_on_when_someone_else_is_named_between(nlp: Language) -> None:
    text = (
        "“The bridge is gone,” Ivan Sydorenko said. Later Petro Hnatiuk, the mayor, arrived at the river.\n\n"
        "“I told them to take the northern road.”"
    )
    assert direct_speakers(run(nlp, text))[1] != "Ivan Sydorenko"
