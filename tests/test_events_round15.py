"""Events round 15, on sentences written for frontwatch (never taken from a benchmark): claims, denials and
control told across sentences.

- a later sentence's denial that a place changed hands ('denied that the town had fallen / had been
  captured / was under rebel control'), the place named again or 'the town', denies the capture told
  before: one change, denied by the side that held the place (control: contested); a denial of something
  else, or of another place, does not;
- the losing side's own report of its loss ('our troops have withdrawn from X', the army said) is a
  concession: the change stands (asserted); the other side's claim of the same place in the same article
  is the same change: one control row, dated from the earliest report; two places, or a recapture, stay
  separate changes;
- 'X disputed / contested / rejected the claim' (or 'dismissed the claim as false') in the next sentence
  makes a reported gain denied and the place contested; 'disputed the figures' does not touch it;
  'confirmed the claim' makes a claim asserted.

Each case has a twin that must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Event, Extraction

PUBLISHED = date(2025, 6, 18)  # a Wednesday
Run = Callable[[str], Extraction]
TERRITORY = {
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
}
ET, RU, UA = "Military Forces of Ethiopia", "Military Forces of Russia", "Military Forces of Ukraine"


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def changes_of_hands(ex: Extraction) -> list[Event]:
    return [e for e in ex.events if e.sub_event_type in TERRITORY]


def rows(ex: Extraction) -> list[tuple[str, str, str]]:
    return [(c.place.name, c.controller.name, c.status) for c in ex.control]


# (e) a denial in a later sentence
LATER_DENIALS = [
    "Fano fighters captured the town of Woldia on Friday, witnesses said. "
    "A regional government spokesman denied that the town had fallen.",
    "Fano fighters captured the town of Woldia on Friday. "
    "The federal army denied that Woldia had been captured.",
    "Fano fighters captured the town of Woldia on Friday, witnesses said. Officials in the capital did not "
    "comment. A regional government spokesman denied that the town was under rebel control.",
]


@pytest.mark.parametrize("text", LATER_DENIALS)
def test_a_later_denial_denies_the_capture_told_before(run: Run, text: str) -> None:
    ex = run(text)
    (e,) = changes_of_hands(ex)  # the denial is no change of its own
    assert e.location is not None and e.location.name == "Weldiya"
    assert e.modality == "denied"
    assert e.claimed_by is not None and e.claimed_by.name == ET
    assert rows(ex) == [("Weldiya", "Fano Militia", "contested")]


@pytest.mark.parametrize(
    "text",
    [
        "Fano fighters captured the town of Woldia on Friday, witnesses said. "
        "A regional government spokesman denied that the army had shelled the market.",
        "Fano fighters captured the town of Woldia on Friday. "
        "A government spokesman denied that Dessie had fallen.",
    ],
)
def test_a_denial_of_something_else_leaves_the_capture(run: Run, text: str) -> None:
    ex = run(text)
    e = changes_of_hands(ex)[0]
    assert e.location is not None and e.location.name == "Weldiya"
    assert e.modality == "asserted"
    assert rows(ex) == [("Weldiya", "Fano Militia", "asserted")]


# (l) a concession, and one change told twice
def test_the_losing_sides_own_withdrawal_is_asserted(run: Run) -> None:
    ex = run(
        "Ukrainian troops have withdrawn from the town of Kurakhove, "
        "the army's eastern command said on Tuesday."
    )
    (e,) = changes_of_hands(ex)
    assert (e.modality, e.claimed_by) == ("asserted", None)
    assert rows(ex) == [("Kurakhove", RU, "asserted")]


def test_a_hedged_withdrawal_stays_a_claim(run: Run) -> None:
    ex = run(
        "Ukrainian troops have reportedly withdrawn from the town of Kurakhove, the army's eastern command "
        "said on Tuesday."
    )
    (e,) = changes_of_hands(ex)
    assert e.modality == "claimed"
    assert rows(ex) == [("Kurakhove", RU, "claimed")]


def test_a_claim_and_a_concession_of_one_place_are_one_change(run: Run) -> None:
    ex = run(
        "Russia's Defence Ministry claimed the capture of Kurakhove on Sunday. "
        "Ukrainian troops have withdrawn from the town of Kurakhove to avoid encirclement, "
        "a spokesman for the army said on Tuesday."
    )
    assert rows(ex) == [("Kurakhove", RU, "asserted")]
    (c,) = ex.control
    assert c.date.start == date(2025, 6, 15)  # dated from the earliest report: Sunday
    assert len(c.evidence) == 2


def test_two_places_stay_two_changes(run: Run) -> None:
    ex = run(
        "Russia's Defence Ministry claimed the capture of Kurakhove on Sunday. "
        "Ukrainian troops have withdrawn from the village of Robotyne to avoid encirclement, "
        "a spokesman for the army said on Tuesday."
    )
    assert rows(ex) == [("Kurakhove", RU, "claimed"), ("Robotyne", RU, "asserted")]


def test_a_recapture_stays_its_own_change(run: Run) -> None:
    ex = run(
        "Russian forces captured Robotyne on Monday, the Russian defence ministry said. "
        "Ukrainian troops recaptured the village on Thursday, the army said."
    )
    assert rows(ex) == [("Robotyne", RU, "asserted"), ("Robotyne", UA, "asserted")]


# (m) the claim disputed or confirmed in the next sentence
DISPUTED = [
    "Ukrainian forces recaptured the village of Robotyne, the 65th Brigade said in a statement. "
    "Russian military bloggers disputed the claim.",
    "Ukrainian forces recaptured the village of Robotyne, the 65th Brigade said. Russian officials contested "
    "the report.",
    "Ukrainian forces recaptured the village of Robotyne, the 65th Brigade said. Moscow dismissed the claim "
    "as false.",
]


@pytest.mark.parametrize("text", DISPUTED)
def test_a_gain_disputed_in_the_next_sentence_is_contested(run: Run, text: str) -> None:
    ex = run(text)
    (e,) = changes_of_hands(ex)
    assert e.modality == "denied"
    assert e.claimed_by is not None and e.claimed_by.country == "RU"
    assert rows(ex) == [("Robotyne", UA, "contested")]


def test_disputed_figures_do_not_touch_control(run: Run) -> None:
    ex = run(
        "Ukrainian forces recaptured the village of Robotyne, the 65th Brigade said in a statement. "
        "Russian officials disputed the figures."
    )
    (e,) = changes_of_hands(ex)
    assert e.modality == "asserted"
    assert rows(ex) == [("Robotyne", UA, "asserted")]


def test_a_confirmed_claim_is_asserted(run: Run) -> None:
    ex = run(
        "Russia claimed the capture of Kurakhove on Sunday. Ukraine's General Staff confirmed the claim."
    )
    (e,) = changes_of_hands(ex)
    assert e.modality == "asserted"
    assert rows(ex) == [("Kurakhove", RU, "asserted")]


def test_an_unconfirmed_claim_stays_claimed(run: Run) -> None:
    ex = run("Russia claimed the capture of Kurakhove on Sunday. Ukraine's General Staff gave no details.")
    (e,) = changes_of_hands(ex)
    assert e.modality == "claimed"
    assert rows(ex) == [("Kurakhove", RU, "claimed")]


def test_a_merged_change_keeps_its_place_in_text_order(run: Run) -> None:
    """Review finding: one place's two reports merged into one change stay where the first report stood."""
    ex = run(
        "Russian forces captured Kurakhove on Sunday, the ministry said. Ukrainian forces retook Kupiansk on "
        "Monday. Russian troops took full control of Kurakhove on Saturday, the ministry said."
    )
    assert [c.place.name for c in ex.control] == ["Kurakhove", "Kupyansk"]
