"""Near-duplicate documents: copies of one story are linked, different stories on one topic are not."""

from __future__ import annotations

from datetime import date

from frontwatch import neardup
from frontwatch.store import Store
from frontwatch.types import DateInterval, Document, Event, Evidence, Extraction, Location

STORY = (
    "Firefighters in the river port worked through the night after a drone hit a grain silo on the eastern "
    "edge of the town, the regional governor said on Thursday. Two workers were taken to hospital with burns "
    "and the fire was put out by dawn, he said. The port had resumed loading ships only last month after a "
    "pause of several weeks, and traders said exports would be delayed again while the damage was assessed."
)
REPUBLISHED = (
    "Drone sets grain silo ablaze in river port\n\n"
    + STORY
    + " Our correspondent adds that the harbour road is shut."
)
OTHER_STORY = (
    "Firefighters in the river port said on Thursday that a drone had been shot down over the harbour "
    "before it reached the grain terminal. Nobody was hurt, the regional governor said, and loading "
    "continued through the day. Traders said exports were on schedule, although insurers had raised "
    "their rates for ships calling at the port since the start of the month."
)


def test_a_republished_copy_is_similar_and_shares_bands() -> None:
    a, b = neardup.shingles(STORY), neardup.shingles(REPUBLISHED)
    assert neardup.jaccard(a, b) >= neardup.THRESHOLD
    shared = set(enumerate(neardup.bands(neardup.signature(a)))) & set(
        enumerate(neardup.bands(neardup.signature(b)))
    )
    assert shared


def test_another_story_on_the_same_topic_is_not_a_copy() -> None:
    assert neardup.jaccard(neardup.shingles(STORY), neardup.shingles(OTHER_STORY)) < 0.2


def test_signatures_are_stable_and_case_blind() -> None:
    sig = neardup.bands(neardup.signature(neardup.shingles(STORY)))
    assert sig == neardup.bands(neardup.signature(neardup.shingles(STORY.upper())))
    assert len(sig) == neardup.BANDS and all(0 <= k < 2**63 for k in sig)


def test_groups_point_copies_at_the_earliest_original_whatever_the_order() -> None:
    published = {"c": "2024-03-02", "a": "2024-03-01", "b": "2024-03-03", "x": "2024-03-01"}
    edges = [("b", "c"), ("a", "b")]
    assert neardup.groups(edges, published) == {"b": "a", "c": "a"}
    assert neardup.groups(list(reversed(edges)), published) == {"b": "a", "c": "a"}
    # the same day: the smaller id is the original
    assert neardup.groups([("x", "a")], published) == {"x": "a"}


def extraction(doc_id: str, text: str, day: str) -> Extraction:
    published = date.fromisoformat(day)
    document = Document(doc_id, text, published)
    event = Event(
        id=f"{doc_id}-e",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1=None,
        actor2=None,
        location=PORT,
        date=DateInterval(date(2024, 3, 7), date(2024, 3, 7), "day", "on Thursday"),
        modality="asserted",
        claimed_by=None,
        fatalities=None,
        injuries=2,
        confidence=0.7,
        evidence=(Evidence(doc_id, None, published, 0, 40, text[:40]),),
    )
    return Extraction(document=document, events=(event,))


PORT = Location("Izmail", 707688, 45.35, 28.84, "UA", "Odesa", None)


def test_copies_are_linked_in_the_store_and_not_counted_as_independent(store_target: str) -> None:
    with Store.open(store_target) as store:
        store.save(extraction("copy", REPUBLISHED, "2024-03-08"))  # the copy arrives first
        store.save(extraction("wire", STORY, "2024-03-07"))
        store.save(extraction("own", OTHER_STORY, "2024-03-07"))
        [event] = store.events()
        assert event["reports"] == 3 and event["independent_reports"] == 2
        marked = {ev["document_id"]: ev.get("copy_of") for ev in event["evidence"]}
        assert marked == {"copy": "wire", "wire": None, "own": None}
        # re-saving a document with new text re-decides its links
        store.save(extraction("copy", OTHER_STORY[::-1], "2024-03-08"))
        assert store.events()[0]["independent_reports"] == 3
