"""What a claim states: each of its figures, as its class describes it (`FigureRef`), and its
status (whether it reports something that happened, or a plan, a demand, a forecast ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from .quantity import Quantity, detail_of

Path = tuple[str | int, ...]
"""Where a value is in a claim's YAML: ('weapons', 1, 'launched')."""


@dataclass(frozen=True, slots=True)
class FigureRef:
    """One figure of a claim, with what its class knows of it."""

    measure: str
    quantity: Quantity
    path: Path
    unit: str
    """The default unit of the field (`drones`, `people`, `hours`); see `stated_unit`."""
    place: str | None = None
    """Where: the figure's or claim's place, else the country attacked."""
    detail: str | None = None
    """What else qualifies it: a weapon model, a casualty population, an exchange side ..."""
    side: str | None = None
    population: str | None = None

    @property
    def stated_unit(self) -> str:
        """The unit: the quantity mapping's `unit`, else the field's default."""
        detail = detail_of(self.quantity)
        return detail.unit if detail is not None and detail.unit else self.unit

    @property
    def scope(self) -> str:
        """What must match, besides measure and dates, for two figures to be about the same
        thing: place (or the country attacked), exchange side and casualty population. Free
        text (a weapon model) stays out, so "183 drones" and "180 Shahed drones" still meet."""
        return "|".join(x or "" for x in (self.place, self.side, self.population))


def fig(measure: str, quantity: Quantity | None, path: Path, unit: str, place: str | None = None,
        **more) -> Iterator[FigureRef]:
    """The FigureRef of a field, if the claim gives it."""
    if quantity is not None:
        yield FigureRef(measure, quantity, path, unit, place, **more)


Status = Literal[
    "reported", "held", "completed", "planned", "proposed", "agreed", "expected", "demanded",
    "forecast", "cancelled", "denied",
]

STATUS_DESCRIPTION = (
    "What the claim says of its event: reported (it happened, the default), held (a meeting), "
    "completed (an exchange), planned, proposed, agreed, expected, demanded, forecast, "
    "cancelled or denied. Only reported, held and completed figures are of things that happened."
)

NOT_YET: frozenset[str] = frozenset({"planned", "proposed", "agreed", "expected", "demanded", "forecast"})
"""Statuses of events that need not have happened when the source was published."""
