"""Quantities as the source stated them: exact, bounded, approximate, a range or a vague word.

A plain number in YAML (`183`) is an exact figure. Anything less certain is a mapping:

    {qualifier: at_least, value: 2}         # "sedikitnya dua orang"
    {qualifier: more_than, value: 40}       # "lebih dari 40"
    {qualifier: range, low: 2, high: 3}     # "dua hingga tiga hari"
    {qualifier: vague, text: ratusan}       # "ratusan tawanan" (hundreds)

`low` and `high` are the bounds a query can use; they are derived where the words allow it,
by the kind of the figure's unit (`bounds`): "more than 40" aircraft is at least 41, "more than
one hour" is above 1 (an open bound), never 2.

Every figure is bound to the words of one of its claim's quotes that state it. Validation finds
them (`factdb.check.binding`); a mapping names them where it cannot tell (`words`, `citation`), or
says the figure is derived rather than read (`derived`, with the reason):

    {qualifier: exact, value: 2, words: dua rudal, citation: 1}
    {qualifier: exact, value: 2, derived: "'Rudal' refers back to the two missiles launched"}
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from dataclasses import dataclass

from pydantic import Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from .base import FactModel, NonEmptyText, scalar_or_mapping
from .units import UnitKind

Qualifier = Literal[
    "exact", "at_least", "more_than", "at_most", "less_than", "approximately", "range", "vague"
]

Number = int | float

# Default bounds for vague words, by lower-cased word. They are our reading of the word,
# used only when the editor gives no explicit bounds ("ratusan" = several hundred).
VAGUE_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "beberapa": (2, None),
    "several": (2, None),
    "puluhan": (20, 99),
    "dozens": (24, None),
    "ratusan": (200, 999),
    "hundreds": (200, 999),
    "ribuan": (2000, 9999),
    "thousands": (2000, 9999),
    "puluhan ribu": (20000, 99999),
    "tens of thousands": (20000, 99999),
}


# The largest figure stored: SQLite's INTEGER is 64 bits, and no report counts further.
MAX_FIGURE = 2**63 - 1


def _number(value: object) -> Number:
    # bool is an int in Python; `true` is never a count.
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise PydanticCustomError("number_type", "expected a number, got {value}", {"value": repr(value)})
    # YAML reads .nan and .inf as floats; no text states them, and they break comparisons.
    if not math.isfinite(value) or abs(value) > MAX_FIGURE:
        raise PydanticCustomError(
            "number_range", "{value} is not a figure a source can state", {"value": repr(value)}
        )
    return value


NumberValue = Annotated[Number, PlainValidator(_number, json_schema_input_type=float)]

class QuantityDetail(FactModel):
    """A figure that is not a plain exact number."""

    qualifier: Qualifier = Field(description="How the source qualified the number.")
    value: NumberValue | None = Field(
        default=None, description="The number the source stated (absent for a bare range or a vague word)."
    )
    low: NumberValue | None = Field(default=None, description="Lower bound, where stated or implied.")
    high: NumberValue | None = Field(default=None, description="Upper bound, where stated or implied.")
    text: str | None = Field(
        default=None,
        description="The words used, for vague quantities ('ratusan', 'hundreds').",
    )
    words: NonEmptyText | None = Field(
        default=None,
        description="The exact words, in one of the claim's quotes, that state this figure ('dua "
        "rudal', 'lebih dari 40', 'ratusan tawanan'); they must contain its number (or its vague "
        "`text`). Needed only where validation cannot tell which words state it: two figures "
        "with the same number. For a derived figure, the words it is derived from.",
    )
    citation: int | None = Field(
        default=None, ge=0,
        description="Which of the claim's citations (0 for the first) holds the words: needed only "
        "when they occur in more than one quote.",
    )
    derived: NonEmptyText | None = Field(
        default=None,
        description="The reason, for a figure the editor derives instead of reading it in the "
        "text ('Rudal' refers back to the two missiles launched; the sum of the two sides). A "
        "derived figure needs no words of its own and is shown as derived everywhere.",
    )
    unit: NonEmptyText | None = Field(
        default=None,
        description="What the figure counts or measures, a plural noun ('regions', 'air_bases', "
        "'hours'), where it is not the default unit of its field.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "QuantityDetail":
        q = self.qualifier
        if q == "range":
            if self.low is None or self.high is None:
                raise PydanticCustomError("quantity", "a range needs both 'low' and 'high'")
        elif q == "vague":
            if not self.text:
                raise PydanticCustomError(
                    "quantity", "a vague quantity needs 'text', the word the source used"
                )
        elif self.value is None:
            raise PydanticCustomError(
                "quantity", "qualifier '{q}' needs a 'value'", {"q": q}
            )
        low, high = self.bounds
        if low is not None and high is not None and low > high:
            raise PydanticCustomError(
                "quantity", "low ({low}) is greater than high ({high})", {"low": low, "high": high}
            )
        return self

    @property
    def bounds(self) -> tuple[Number | None, Number | None]:
        """(low, high) a query can rely on, for a count; None where the source leaves it open."""
        found = bounds(self, "count")
        return found.low, found.high

    @property
    def stated_numbers(self) -> list[Number]:
        """Numbers the source itself wrote (not bounds we derived from a qualifier)."""
        if self.qualifier == "range":
            return [n for n in (self.low, self.high) if n is not None]
        return [self.value] if self.value is not None else []


Quantity = scalar_or_mapping(
    NumberValue, QuantityDetail, "expected a number or a {qualifier, value} mapping"
)
"""A plain number (exact) or a QuantityDetail."""


BoundsBasis = Literal["stated", "convention", "editor"]


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values a figure's words allow: `low` to `high`, each None where open-ended; an open
    bound (`low_open`) excludes the number itself ("more than one hour": above 1)."""

    low: Number | None
    high: Number | None
    low_open: bool = False
    high_open: bool = False
    basis: BoundsBasis | None = None
    """Where the bounds come from: 'stated' (the words: exact, at least, more than, a range),
    'convention' (a vague word's default, VAGUE_BOUNDS), 'editor' (low/high in the file);
    None when there are none."""


def bounds(quantity: Quantity, kind: UnitKind = "count") -> Bounds:
    """The bounds of `quantity` for a figure whose unit is of `kind`. For a count, "more than
    40" is at least 41 and "less than 10" at most 9; for a measure (or a fraction), the bound is
    the number itself, open."""
    if not isinstance(quantity, QuantityDetail):
        return Bounds(quantity, quantity, basis="stated")
    q, v = quantity.qualifier, quantity.value
    given = "editor" if quantity.low is not None or quantity.high is not None else None
    whole = kind == "count" and isinstance(v, int)
    if q == "exact":
        return Bounds(v, v, basis="stated")
    if q == "at_least":
        return Bounds(v, quantity.high, basis=given or "stated")
    if q == "more_than":
        return Bounds(v + 1 if whole else v, quantity.high, low_open=not whole, basis=given or "stated")
    if q == "at_most":
        return Bounds(quantity.low, v, basis=given or "stated")
    if q == "less_than":
        return Bounds(quantity.low, v - 1 if whole else v, high_open=not whole, basis=given or "stated")
    if q == "range":
        return Bounds(quantity.low, quantity.high, basis="stated")
    if q == "vague" and given is None:
        low, high = VAGUE_BOUNDS.get((quantity.text or "").strip().lower(), (None, None))
        return Bounds(low, high, basis="convention" if (low, high) != (None, None) else None)
    return Bounds(quantity.low, quantity.high, basis=given)


def describe(quantity: Quantity) -> tuple[Number | None, str, Number | None, Number | None, str | None]:
    """(value, qualifier, low, high, text) of any quantity, its bounds those of a count."""
    if isinstance(quantity, QuantityDetail):
        low, high = quantity.bounds
        return quantity.value, quantity.qualifier, low, high, quantity.text
    return quantity, "exact", quantity, quantity, None


def detail_of(quantity: Quantity) -> QuantityDetail | None:
    """The mapping of a quantity given as one (with its words, citation, derived, unit)."""
    return quantity if isinstance(quantity, QuantityDetail) else None


def stated_numbers(quantity: Quantity) -> list[Number]:
    if isinstance(quantity, QuantityDetail):
        return quantity.stated_numbers
    return [quantity]
