"""Quotes, third round: phrasal cue verbs, photo captions, unisex first names, misparsed subjects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from frontwatch.speakers import captions, context, gender_of, gendered, normalize_word
from frontwatch.types import Quote, Speaker


@pytest.mark.parametrize("cue", ["shot back", "fired back", "hit back", "chimed in", "went on"])
def test_phrasal_cue_verbs_attribute_a_quote(cue: str, quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "Colonel Taras Melnyk met the press in Kharkiv on Monday.\n\n"
        f"“The bridge is still ours, whatever they post online,” Melnyk {cue}."
    )
    quotes = [q for q in quotes_in(text) if q.kind == "direct"]
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Taras Melnyk"]
    assert quotes[0].cue is not None and quotes[0].cue.split()[0] == cue.split()[0]


def test_a_plain_verb_of_a_phrasal_cue_is_no_cue(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "The crew shot two drones near the river and moved on to the next position before dawn."
    assert quotes_in(text) == []


CAPTIONED = (
    "Ivan Koval, the mayor of the town, says the water has been cut for a week.\n\n"
    "Marta Dubova via Getty Images.\n\n"
    "Rescuer Andrii Lysenko carries a child out of the damaged building in the town on Tuesday.\n\n"
    "“We need generators more than anything else,” he added."
)


def test_a_caption_beside_a_credit_line_is_no_antecedent(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    assert speakers_in(CAPTIONED) == ["Ivan Koval"]


def test_caption_paragraphs_are_found(nlp: Language) -> None:
    text = CAPTIONED + "\n\nShelling resumed at night (Photo: Oleh Petrenko).\n\nRepairs begin in spring."
    ctx = context(text, nlp(text))
    shown = [text[a:b] for a, b in captions(ctx)]
    assert shown == [
        "Marta Dubova via Getty Images.",
        "Shelling resumed at night (Photo: Oleh Petrenko).",
        "Rescuer Andrii Lysenko carries a child out of the damaged building in the town on Tuesday.",
    ]


def test_a_past_tense_paragraph_beside_a_credit_is_no_caption(nlp: Language) -> None:
    text = "Jane Roe / Reuters.\n\nAndrii Lysenko carried a child out of the building on Tuesday.\n"
    ctx = context(text, nlp(text))
    assert [text[a:b] for a, b in captions(ctx)] == ["Jane Roe / Reuters."]


@pytest.mark.parametrize("name", ["Ilia", "Alex", "Sam", "Kelly", "Chris"])
def test_unisex_first_names_give_no_gender(name: str) -> None:
    assert normalize_word(name) not in gendered("first_names")
    assert gender_of(Speaker(f"{name} Moroz")) is None


def test_the_articles_pronoun_decides_for_a_unisex_name(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "The channel's anchor Ilia Moroz read a letter on air on Friday. The journalist described her fear "
        "for her children. “I will not be silent about this,” she said."
    )
    assert speakers_in(text) == ["Ilia Moroz"]
