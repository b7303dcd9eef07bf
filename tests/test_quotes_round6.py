"""Quotes, sixth round: a role descriptor ("the president said", "according to the governor, X") names the
one person given that role, who takes the descriptor as description; places are not persons; participle
cues ("…,” adding, “…”) and party tags before a colon ("Sen. X (D-Ohio): “…”")."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import Quote


def test_the_president_is_the_person_titled_president(quotes_in: Callable[..., list[Quote]]) -> None:
    text = (
        "President Olena Marchuk toured the shelter in Lviv on Tuesday. "
        "“We will rebuild every house,” the president said."
    )
    (quote,) = [q for q in quotes_in(text) if q.kind == "direct"]
    assert quote.speaker is not None and quote.speaker.name == "Olena Marchuk"
    assert "president" in (quote.speaker.description or "").lower()


def test_two_persons_with_the_role_give_no_link(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = (
        "Governor Petro Savchuk visited Kupiansk. Governor Ivan Lytvyn visited Izium. "
        "“The bridges are repaired,” the governor said."
    )
    assert speakers_in(text) == ["governor"]


def test_the_vice_president_is_not_the_president(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = (
        "Vice President Ruslan Koval met the delegation. President Olena Marchuk spoke to reporters. "
        "“The talks went well,” the vice president said."
    )
    assert speakers_in(text) == ["Ruslan Koval"]


def test_according_to_a_descriptor_and_a_name(quotes_in: Callable[..., list[Quote]]) -> None:
    text = "According to the regional governor, Taras Bondar, two people were wounded in Kupiansk."
    (quote,) = quotes_in(text)
    assert quote.kind == "indirect" and quote.text.startswith("two people were wounded")
    assert quote.speaker is not None and quote.speaker.name == "Taras Bondar"
    assert quote.speaker.description == "the regional governor"


def test_said_the_spokesman_and_a_name(quotes_in: Callable[..., list[Quote]]) -> None:
    (quote,) = quotes_in("“We will keep sending aid,” said the spokesman, Mykola Hrytsenko.")
    assert quote.speaker is not None and quote.speaker.name == "Mykola Hrytsenko"
    assert quote.speaker.description == "the spokesman"


def test_a_dateline_place_is_no_person(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = (
        "New York (AFP) – Oscar-winning actress Mira Solberg says she may not vote at all this year. "
        "“I am not sure yet,” she said."
    )
    assert speakers_in(text) == ["Mira Solberg"]


def test_adding_after_another_quote_is_the_main_subject(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "Oleh Danylenko told reporters that Ivan Pavlenko “had left before dawn,” adding, "
        "“Nobody was hurt on the road.”"
    )
    assert speakers_in(text)[-1] == "Oleh Danylenko"


def test_while_adding_after_an_it_clause_is_the_main_subject(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "Oleh Danylenko spoke in Izium. Danylenko insisted it was “too early” to return to the village "
        "while adding on the repairs, “The roofs will take months to fix.”"
    )
    assert speakers_in(text) == ["Oleh Danylenko", "Oleh Danylenko"]


def test_a_sentence_opening_participle_cues_the_next_quote(
    speakers_in: Callable[[str], list[str | None]],
) -> None:
    text = (
        "Later in the briefing, Oleh Danylenko said the new shelters were “not enough.” "
        "Adding, “We need twice as many before the winter comes.”"
    )
    assert speakers_in(text)[-1] == "Oleh Danylenko"


def test_a_party_tag_before_the_colon(speakers_in: Callable[[str], list[str | None]]) -> None:
    text = "Sen. Tamara Voss (D-Ohio): “I have not seen a single report that explains the delay.”"
    assert speakers_in(text) == ["Tamara Voss"]
