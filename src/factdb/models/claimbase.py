"""What every claim is: `ClaimBase`, and how a claim type describes itself to the rest of the
program (`references()`, `inequalities()`; `figures()` and `ordinals()` return `FigureRef`s,
see `statement.py`). The claim types are in `attacks.py`, `talks.py` and `claims.py`, which
lists them all once (`CLAIM_CLASSES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterator, Literal

from pydantic import Field

from .base import Citation, FactModel, Id, PartialDate, When
from .quantity import QuantityDetail
from .statement import STATUS_DESCRIPTION, FigureRef, Path, Status

EntityKind = Literal["person", "organization", "country", "place", "source", "claim", "event"]

CLAIMANT_KINDS: tuple[EntityKind, ...] = ("person", "organization", "country")


@dataclass(frozen=True)
class Reference:
    path: Path
    target: str
    kinds: tuple[EntityKind, ...]


@dataclass(frozen=True)
class Inequality:
    """sum(parts) <= whole must be possible given the stated bounds."""

    parts: tuple[FigureRef, ...]
    whole: FigureRef
    what: str


class ClaimBase(FactModel):
    named_by: ClassVar[str | None] = None
    """The field that names a claim of this type, where it has one (a meeting's `name`): its
    label, and its title in `factdb diff`. None: it is known by its claimant and dates."""

    id: Id
    claimant: Id = Field(
        description="Who made the claim (person, organization or country id): the Ukrainian Air "
        "Force, the Russian MoD, a mayor. Not the outlet that reported it, unless it speaks for itself."
    )
    co_claimants: list[Id] = Field(
        default_factory=list,
        description="Others who made the claim jointly with the claimant (a joint statement), "
        "person, organization or country ids.",
    )
    when: When | None = Field(
        default=None, description="Date or window of the event the claim is about."
    )
    event: Id | None = Field(
        default=None,
        description="The event the claim is about (event id, see `events`): claims of any type "
        "and claimant about one night of attacks, one exchange or one round of talks share it, "
        "and are compared on it (disputed and corroborated figures).",
    )
    stated: PartialDate | None = Field(
        default=None,
        description="When the claimant said it, where the source gives that day and it is not "
        "the event's own date ('Zelenskyy said on Wednesday that an exchange is expected').",
    )
    status: Status = Field(default="reported", description=STATUS_DESCRIPTION)
    citations: list[Citation] = Field(min_length=1, description="Where the claim was read.")
    notes: str | None = Field(default=None, description="Editor's notes on reading the source.")

    def figures(self) -> Iterator[FigureRef]:
        return iter(())

    def ordinals(self) -> Iterator[FigureRef]:
        """Numbers that are not counts (which round of talks): kept out of `figures()`, but
        checked to be stated by one of the claim's quotes, as ordinal words may state them."""
        return iter(())

    def references(self) -> Iterator[Reference]:
        yield Reference(("claimant",), self.claimant, CLAIMANT_KINDS)
        yield from _refs(("co_claimants",), self.co_claimants, CLAIMANT_KINDS)
        yield from _ref(("event",), self.event, ("event",))

    def inequalities(self) -> Iterator[Inequality]:
        return iter(())

    def place_id(self) -> str | None:
        """The main place of the claim, where it has one (shown in the figures view)."""
        return None

    def label(self, claimant: str | None, date_from: str | None, date_to: str | None) -> str:
        """A short readable label (`claims.label`), from the claimant's name and the claim's
        first and last day (ISO dates): its name where its type has one (`named_by`), else
        what the claim is about (`summary()`), then who said it and when: 'Air attack with 183
        drones and 2 missiles (Ukrainian Air Force, 2026-02-04 to 2026-02-05)'."""
        if self.named_by is not None:
            return getattr(self, self.named_by)
        return claim_label(self.summary(), claimant, date_from, date_to)

    def summary(self) -> str:
        """What the claim is about, in a few words for its label: by default its type."""
        return self.type.replace("_", " ").capitalize()

    def event_parties(self) -> tuple[str, ...] | None:
        """Who the claim is between, in an order that says who did what, for suggesting
        events (`check.events`); None where it names nobody to compare by."""
        return None


def claim_label(about: str, claimant: str | None, date_from: str | None, date_to: str | None) -> str:
    """A claim's label: 'Air attack (Ukrainian Air Force, 2026-02-04 to 2026-02-05)'."""
    said = [claimant] if claimant else []
    if date_from is not None:
        said.append(date_from if date_to is None or date_to == date_from else f"{date_from} to {date_to}")
    return f"{about} ({', '.join(said)})" if said else about


def shorten(text: str, limit: int = 90) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis where cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + "…"


QUALIFIED = {"at_least": "at least {}", "more_than": "more than {}", "at_most": "at most {}",
             "less_than": "less than {}", "approximately": "about {}"}


def quantity_text(quantity) -> str:
    """A quantity as the words stated it: '183', 'more than 40', '2–3', 'ratusan', '1,500'."""
    if not isinstance(quantity, QuantityDetail):
        return _number_text(quantity)
    if quantity.qualifier == "vague":
        # The source's word, with what it is read as: 'ratusan (200–999)', 'beberapa (2 or more)'.
        low, high = quantity.bounds
        if low is not None:
            reading = f"{_number_text(low)}–{_number_text(high)}" if high is not None else f"{_number_text(low)} or more"
            return f"{quantity.text} ({reading})"
        return quantity.text or "some"
    if quantity.qualifier == "range" or quantity.value is None:
        low, high = quantity.bounds
        return f"{_number_text(low)}–{_number_text(high)}" if low is not None and high is not None else "some"
    return QUALIFIED.get(quantity.qualifier, "{}").format(_number_text(quantity.value))


def _number_text(number) -> str:
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}" if isinstance(number, int) else f"{number:g}"


def counted(quantity, unit: str) -> str:
    """'183 drones', '34 percent', 'more than 40 military aircraft', '1 day' (not '1 days')."""
    text, unit = quantity_text(quantity), unit.replace("_", " ")
    if text == "1" and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]
    return f"{text} {unit}"


def _refs(path: Path, ids: list[str] | None, kinds: tuple[EntityKind, ...]) -> Iterator[Reference]:
    for i, target in enumerate(ids or ()):
        yield Reference((*path, i), target, kinds)


def _ref(path: Path, target: str | None, kinds: tuple[EntityKind, ...]) -> Iterator[Reference]:
    if target is not None:
        yield Reference(path, target, kinds)
