"""Small frozen records passed between pipeline stages.

Every offset (`start`, `end`) indexes `Document.text` exactly as ingested. Only the stages that read
tokens see spaCy objects; everything else passes these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Precision = Literal["day", "week", "month", "season", "year", "decade", "unknown"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]
PlaceRole = Literal["event", "mentioned", "metonym"]
LocationPrecision = Literal["place", "near", "region", "country"]
Modality = Literal["asserted", "claimed", "denied", "intended", "hypothetical", "negated"]
ControlStatus = Literal["asserted", "claimed", "contested"]
QuoteKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class Document:
    """One news report. `id` is the record's own id, else a content hash."""

    id: str
    text: str
    published: date | None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    origin: str | None = None  # file path or feed URL it came from


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with the tense of its main verb (from the parse)."""

    start: int
    end: int
    text: str
    tense: Tense = "past"


@dataclass(frozen=True, slots=True)
class DateInterval:
    """When something happened: an inclusive interval of days with a precision.

    `expression` is the text that dated it; None means it was dated from the publication date alone.
    """

    start: date
    end: date
    precision: Precision
    expression: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMention:
    document_id: str
    text: str
    start: int
    end: int
    value: str  # TIMEX3 value, e.g. 2023-W44, 2023-05, P1W, PAST_REF
    type: TimexType
    interval: DateInterval | None  # None for durations and sets


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place as the output contract shows it."""

    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    admin2: str | None
    precision: LocationPrecision = "place"
    feature: str | None = None  # GeoNames feature class.code, e.g. P.PPL, A.ADM1, A.PCLI
    population: int = 0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    document_id: str
    text: str
    start: int
    end: int
    place: Location | None  # None: recognized as a place but not resolved (abstained)
    role: PlaceRole = "mentioned"
    score: float = 0.0
    rule: str = "geo.resolve.v1"


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    country: str | None
    kind: str  # state_forces, government, rebel_group, militia, police, protesters, civilians, ...
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    document_id: str
    text: str
    start: int
    end: int
    actor: Actor


@dataclass(frozen=True, slots=True)
class Evidence:
    document_id: str
    url: str | None
    published: date | None
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    document_id: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    speaker: Speaker | None
    evidence: Evidence
    rule: str = "quotes.v1"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None
    location: Location | None
    date: DateInterval
    modality: Modality
    claimed_by: Actor | None
    fatalities: int | None
    injuries: int | None
    confidence: float
    evidence: tuple[Evidence, ...]
    trigger: str = ""
    casualties_vague: bool = False  # "dozens were injured": a count the text does not give
    rule: str = "events.v1"


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A change of who holds a place, derived from a territory-change event."""

    place: Location
    controller: Actor
    previous_controller: Actor | None
    date: DateInterval
    status: ControlStatus
    evidence: tuple[Evidence, ...]
    event_id: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the pipeline derived from one document."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    control: tuple[ControlChange, ...] = ()
    notes: tuple[str, ...] = field(default=())
