"""Quotes, second round: straight and curly marks paired each with their own kind, and speaker fixes (a
surname mis-tagged as a verb, "X's been", a descriptor reached through a pronoun). Our own sentences."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from frontwatch.quotes import find_quotes, quotations
from frontwatch.types import Document


def spans(text: str) -> list[str]:
    return [text[m.start : m.end] for m in quotations(text)]


def said(text: str, sdoc: Doc) -> list[tuple[str, str | None]]:
    found = [q for q in find_quotes(Document("p1", text, date(2024, 5, 2)), sdoc) if q.kind == "direct"]
    return [(q.text, q.speaker.name if q.speaker else None) for q in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an excerpt opened with straight marks, its next paragraph quoting someone with curly marks
        ('"Shelling resumed at dawn.\n\n"Two houses burned.\n\n“We ran,” Ivan said."\n\nNext.', ["We ran"]),
        ('"Shelling resumed at dawn.\n\n“We ran,” Ivan said.', ["We ran"]),
        # careless copy: one kind opens, the other closes, in one paragraph
        ('"We ran.” Ivan said. “We hid,” he added.', ["We ran.", "We hid"]),
        # a quote inside a quote of the other kind: the outer one
        ('“He shouted "run" and we ran,” Ivan said.', ['He shouted "run" and we ran']),
        # a paragraph continued with its own kind of mark is still one quote
        ('"First the guns.\n\n"Then the tanks," Ivan said.', ['First the guns.\n\n"Then the tanks']),
        ("“First the guns.\n\n“Then the tanks,” Ivan said.", ["First the guns.\n\n“Then the tanks"]),
    ],
)
def test_straight_and_curly_marks_pair_with_their_own_kind(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_an_excerpt_does_not_make_its_introducer_a_speaker_inside(nlp: Language) -> None:
    text = (
        "Hanna Lysenko, who writes for a regional paper, reported on Tuesday:\n\n"
        '"Shelling resumed near the bridge before dawn, and two houses burned.\n\n'
        '“We heard the first rounds at four,” Oleksandr Melnyk said."\n\nThe mayor gave no figures.'
    )
    assert said(text, nlp(text)) == [("We heard the first rounds at four", "Oleksandr Melnyk")]


def test_a_surname_tagged_as_a_verb_is_still_the_person(nlp: Language) -> None:
    text = (
        "Donald Trump and Jeb Bush traded barbs about taxes.\n\n"
        "Bush accused Trump of dodging the question.\n“Taxes are too high,” Trump said. "
        "“Quiet,” he demanded, as Bush kept talking."
    )
    sdoc = nlp(text)
    surname = [t for t in sdoc if t.text == "Trump"][-1]
    surname.pos_, surname.tag_ = "VERB", "VB"  # as the small model sometimes tags it
    assert said(text, sdoc) == [("Taxes are too high", "Donald Trump"), ("Quiet", "Donald Trump")]


def test_has_contracted_after_a_surname_is_not_a_possessive(nlp: Language) -> None:
    text = (
        "Chris Christie spoke to voters in a diner on Monday.\n\nHis rival, Marco Rubio, spoke first about "
        "taxes.\n\nChristie's been saying for weeks that the senator is not ready. “He has never run "
        "anything,” he said."
    )
    assert said(text, nlp(text)) == [("He has never run anything", "Chris Christie")]


def test_a_descriptor_reached_through_a_pronoun_is_the_named_person(nlp: Language) -> None:
    text = (
        "Oksana Marchenko arrived in the town on Monday with a film crew.\n\n"
        "The actress talked about the shelters she visited. “The children drew pictures of home,” she said."
    )
    assert said(text, nlp(text)) == [("The children drew pictures of home", "Oksana Marchenko")]


def test_a_descriptor_of_the_other_gender_is_skipped(nlp: Language) -> None:
    text = (
        "Olena Kovalenko met the host, Petro Savchuk, in a studio in Lviv.\n\n"
        "“Were you afraid?” the host asked.\n\n“Every night,” she said."
    )
    assert said(text, nlp(text))[-1] == ("Every night", "Olena Kovalenko")
