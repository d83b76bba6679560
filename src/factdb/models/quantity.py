"""Quantities as the source stated them: exact, bounded, approximate, a range or a vague word.

A plain number in YAML (`183`) is an exact figure. Anything less certain is a mapping:

    {qualifier: at_least, value: 2}         # "sedikitnya dua orang"
    {qualifier: more_than, value: 40}       # "lebih dari 40"
    {qualifier: range, low: 2, high: 3}     # "dua hingga tiga hari"
    {qualifier: vague, text: ratusan}       # "ratusan tawanan" (hundreds)

`low` and `high` are the bounds a query can use; they are derived where the words allow it.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from .base import FactModel, scalar_or_mapping

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
        """(low, high) a query can rely on; None where the source leaves it open."""
        q, v = self.qualifier, self.value
        if q == "exact":
            return v, v
        if q == "at_least":
            return v, self.high
        if q == "more_than":
            return (v + 1 if isinstance(v, int) else v), self.high
        if q == "at_most":
            return self.low, v
        if q == "less_than":
            return self.low, (v - 1 if isinstance(v, int) else v)
        if q == "vague" and self.low is None and self.high is None:
            return VAGUE_BOUNDS.get((self.text or "").strip().lower(), (None, None))
        return self.low, self.high

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


def describe(quantity: Quantity) -> tuple[Number | None, str, Number | None, Number | None, str | None]:
    """(value, qualifier, low, high, text) of any quantity."""
    if isinstance(quantity, QuantityDetail):
        low, high = quantity.bounds
        return quantity.value, quantity.qualifier, low, high, quantity.text
    return quantity, "exact", quantity, quantity, None


def stated_numbers(quantity: Quantity) -> list[Number]:
    if isinstance(quantity, QuantityDetail):
        return quantity.stated_numbers
    return [quantity]
