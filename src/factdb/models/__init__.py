"""The fact model. Each fact type is defined once, in the module named for it."""

from .base import Citation, DateWindow, FactModel, PartialDate, When, when_bounds, when_precision
from .claims import (
    CLAIM_TYPES,
    AirAttack,
    Casualties,
    Claim,
    Meeting,
    NumericStatement,
    PrisonerExchange,
    Statement,
    Strike,
)
from .entities import Country, Organization, Person, Place, RoleObservation
from .events import Event
from .factfile import BY_KIND, ENTITY_KINDS, ENTITY_SECTIONS, RECORD_KINDS, FactFile, RecordKind
from .quantity import Quantity, QuantityDetail, describe, stated_numbers
from .sources import PublishedBound, Source, published_bounds

__all__ = [
    "AirAttack", "BY_KIND", "CLAIM_TYPES", "Casualties", "Citation", "Claim", "Country", "DateWindow",
    "ENTITY_KINDS", "ENTITY_SECTIONS", "Event", "FactFile", "FactModel", "Meeting", "NumericStatement", "Organization",
    "PartialDate", "Person", "Place", "PrisonerExchange", "PublishedBound", "Quantity", "RECORD_KINDS",
    "RecordKind",
    "QuantityDetail", "RoleObservation", "Source", "Statement", "Strike", "When", "describe",
    "published_bounds", "stated_numbers", "when_bounds", "when_precision",
]
