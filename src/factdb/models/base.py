"""Building blocks shared by every fact type: ids, partial dates, windows, citations.

Everything here is strict (no silent coercion of "12" into 12) and forbids unknown
fields, so a typo in a fact file is an error rather than a silently dropped value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema


class FactModel(BaseModel):
    """Base of every model read from a fact file."""

    repeats: ClassVar[bool] = False
    """Whether items of this class in one list may share a key (see `factdb.models.keys`)."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=120,
        description="A stable identifier: lower-case letters, digits, '_', '.', '-'.",
    ),
]
"""An identifier of a source, entity or claim; unique across the whole project."""

BLANK_PATTERN = r"\S"
"""Text must hold something other than white space: a quote of spaces is in every source."""

NonEmptyText = Annotated[str, Field(min_length=1, pattern=BLANK_PATTERN)]


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Precision = Literal["day", "month", "year"]


class PartialDate:
    """A date known to the day, the month or only the year: '2025', '2025-06', '2025-06-02'.

    YAML turns an unquoted `2025-06-02` into a `datetime.date`; both forms are accepted.
    """

    __slots__ = ("year", "month", "day")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for impossible dates such as 2025-02-30.
        dt.date(year, month or 1, day or 1)
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise PydanticCustomError(
                "partial_date", "a date without a time is expected, got a timestamp"
            )
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(value)  # an unquoted year reads as a number
        if isinstance(value, str):
            match = _PARTIAL_DATE.match(value)
            if match:
                year, month, day = (int(g) if g else None for g in match.groups())
                try:
                    return cls(year, month, day)
                except ValueError as exc:
                    raise PydanticCustomError(
                        "impossible_date", "impossible date '{value}': {reason}",
                        {"value": value, "reason": str(exc)},
                    ) from None
        raise PydanticCustomError(
            "partial_date",
            "expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got '{value}'",
            {"value": value},
        )

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.day is not None:
            return self.start
        if self.month is None:
            return dt.date(self.year, 12, 31)
        first_of_next = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "A date as precise as the source allows: YYYY-MM-DD, YYYY-MM or YYYY.",
            "examples": ["2026-02-05", "2025-06", "2022"],
        }


class DateWindow(FactModel):
    """An event that spans a window, e.g. an overnight attack from the 4th to the 5th; or one
    known only to have happened by a day, as when a source reports it on a Sunday without
    saying when it happened: a window with `to` and no `from`."""

    from_: PartialDate | None = Field(
        default=None, alias="from",
        description="First day of the window. Leave it out when the source says only by when the "
        "event had happened (it was reported on that day).",
    )
    to: PartialDate = Field(description="Last day of the window.")
    overnight: bool = Field(
        default=False,
        description="The source speaks of one night ('dalam semalam'), spanning the two dates.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> "DateWindow":
        if self.from_ is None:
            if self.overnight:
                raise PydanticCustomError(
                    "date_order", "an overnight window spans two dates: give its 'from' as well", {}
                )
        elif self.from_.start > self.to.end:
            raise PydanticCustomError(
                "date_order",
                "the window starts ({start}) after it ends ({end}); swap 'from' and 'to'",
                {"start": str(self.from_), "end": str(self.to)},
            )
        return self


def scalar_or_mapping(scalar: Any, mapping: type, what: str) -> Any:
    """A union of a plain value and a model, told apart by the YAML node's shape, so that an
    editor gets the errors of the one alternative they meant instead of both."""

    def shape(value: Any) -> str:
        # A dict when validating; the model itself when serializing.
        return "mapping" if isinstance(value, (dict, BaseModel)) else "scalar"

    return Annotated[
        Annotated[scalar, Tag("scalar")] | Annotated[mapping, Tag("mapping")],
        Discriminator(shape, custom_error_type="wrong_shape", custom_error_message=what),
    ]


When = scalar_or_mapping(PartialDate, DateWindow, "expected a date or a {from, to} window")
"""When an event happened: a partial date, or a window of two dates."""


def when_bounds(when: When | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last possible day of an event."""
    if when is None:
        return None, None
    if isinstance(when, DateWindow):
        return (when.from_.start if when.from_ is not None else None), when.to.end
    return when.start, when.end


def when_precision(when: When | None) -> str | None:
    if when is None:
        return None
    if isinstance(when, DateWindow):
        if when.from_ is None:
            return "not_after"
        return "night" if when.overnight else "window"
    return when.precision


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, joiner: str = "-") -> str:
    """Text as a part of a published id: lower case, each run of other characters one
    `joiner` ('Iskander-M' -> 'iskander-m', 'held since 2022' -> 'held-since-2022'). Never
    holds '/', which separates the parts of an id. Accents are dropped ('Türkiye' -> 'turkiye')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub(joiner, folded.lower()).strip(joiner) or "_"


class Citation(FactModel):
    """Where a claim was read: a source and the verbatim words it printed."""

    source: Id = Field(description="Id of the source (see `sources`).")
    quote: NonEmptyText = Field(
        description="The words exactly as the archived source prints them, in its language."
    )
    translation: str | None = Field(
        default=None, description="An English translation of the quote."
    )

    repeats: ClassVar[bool] = True
    """Several citations may share a key (two quotes of one source): each id then adds the
    citation's ordinal among those of its source (`<claim>/citations/<source>/<k>`)."""

    def key(self) -> str:
        """Its part of a citation id: the source (see `repeats`)."""
        return self.source
