"""Quotes, seventh round: wire datelines; a descriptor the parser made a second subject beside the name;
speech verbs joined to another verb ("X denied it and said …", "X rejected it, adding that …"); partitive
speakers ("one of the sources")."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import Quote


def test_a_title_before_a_name_is_that_person(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = (
        "Award-winning actress Mira Solberg says she may not vote at all this year. "
        "“I am not sure,” she said."
    )
    assert speakers_in(text) == ["Mira Solberg"]  # not "Award-winning actress", a second subject of "says"


def test_a_dateline_is_no_speaker(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "KHARKIV, Ukraine (AP) — The region's governor said on Monday that two villages had been "
        "evacuated overnight."
    )
    (quote,) = quotes_in(text)
    assert quote.speaker is not None and quote.speaker.name == "region's governor"
    assert quote.text.startswith("two villages had been evacuated")


def test_a_speech_verb_joined_to_another_verb_shares_its_subject(
    quotes_in: Callable[..., list[Quote]],
) -> None:
    for text, who in (
        ("The militia denied shelling the market and said its units had left the district.", "militia"),
        ("Prosecutors dropped two charges but said the trial would go ahead in May.", "Prosecutors"),
        (
            "The governor's office rejected the figures, adding that most roads had reopened.",
            "governor's office",
        ),
        ("Border guards fired warning shots, saying the boats had ignored orders to stop.", "Border guards"),
    ):
        (quote,) = quotes_in(text)
        assert quote.speaker is not None and quote.speaker.name == who, text


def test_one_of_a_group_is_the_speaker_not_the_number(quotes_in: Callable[..., list[Quote]]) -> None:
    for text, who in (
        ("The gunmen fled on foot, one of the witnesses told the radio station.", "one of the witnesses"),
        ("Two of the nurses said the clinic had run out of fuel.", "Two of the nurses"),
    ):
        (quote,) = quotes_in(text)
        assert quote.speaker is not None and quote.speaker.name == who, text


def test_a_numbered_unit_keeps_its_number(quotes_in: Callable[..., list[Quote]]) -> None:
    for text, who in (
        (
            "The 72nd Mechanized Brigade said its drones had hit two tanks near the river.",
            "72nd Mechanized Brigade",
        ),
        (
            "Two bridges were destroyed, the 5th Separate Assault Brigade said on Friday.",
            "5th Separate Assault Brigade",
        ),
    ):
        (quote,) = quotes_in(text)
        assert quote.speaker is not None and quote.speaker.name == who, text
