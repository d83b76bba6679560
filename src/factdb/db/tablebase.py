"""What the tables of the built file are made of: their base class (`TableModel`, in a registry of
its own), the column types read from the fact models' Literals, and the column texts that a table
and a view share. The tables are in `tables.py` (records) and `claimtables.py` (claims and what they
state); the views in `views.py`.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from sqlalchemy.orm import registry
from sqlalchemy.types import UserDefinedType
from sqlmodel import SQLModel

from .. import models as fm
from ..models.claimbase import ClaimBase

# A registry of our own, so that table models defined elsewhere in the same process (in
# SQLModel's shared default metadata) never end up in the built file.
tables_registry = registry()


class TableModel(SQLModel, registry=tables_registry):
    """Base of the tables of the built file."""


class Number(UserDefinedType):
    """SQLite NUMERIC affinity: whole numbers stay integers (183, not 183.0), fractions REAL.
    No conversion on the way in or out, so Python gets back the int or float it stored."""

    cache_ok = True

    def get_col_spec(self, **kw) -> str:
        return "NUMERIC"


def doc(model: type, field: str) -> str:
    """The description of a field of a fact model: one text for the YAML schema and the DB."""
    return model.model_fields[field].description


def literal(model: type, field: str) -> Any:
    """The Literal type of a fact model's field (without its None)."""
    annotation = model.model_fields[field].annotation
    (found,) = [t for t in (annotation, *get_args(annotation)) if get_origin(t) is Literal]
    return found


# Columns holding one of a fact model's Literal values are typed with that Literal, so that
# what the values can be is written once, in the fact model, and read from the column (the data
# package's enum constraints, factdb.export). `sa_type=AutoString` keeps them VARCHAR.
ClaimType = Literal[tuple(fm.CLAIM_TYPES)]
EntityKind = Literal[tuple(fm.ENTITY_SECTIONS.values())]
Qualifier = literal(fm.QuantityDetail, "qualifier")
RoleStatus = literal(fm.RoleObservation, "status")
ClaimStatus = literal(fm.Casualties, "status")
BoundsBasis = fm.quantity.BoundsBasis
MeetingFormat = literal(fm.Meeting, "format")
MeetingMode = literal(fm.Meeting, "mode")
EventKind = literal(fm.Event, "kind")

_TYPES = list(fm.CLAIM_TYPES)
CLAIM_TYPE = f"Claim type: {', '.join(_TYPES[:-1])} or {_TYPES[-1]}."
"""The `type` column of claims: the claim types as `models.claims.CLAIM_CLASSES` lists them."""
FIGURE_TOPIC = "The claim type: " + ", ".join(
    name for name, cls in fm.CLAIM_TYPES.items() if cls.figures is not ClaimBase.figures) + "."
"""The `topic` column of figures: the claim types that state figures."""


FILE = "Path of the fact file that defines this record, relative to the project root."

# The columns of a figure that `quantities` and the `figures` view share: one text for both.
LOW = ("Lowest value the words allow: 'more than 40' aircraft gives 41; 'more than one hour' gives 1, "
       "open (low_open). NULL where open-ended.")
HIGH = "Highest value the words allow ('less than 10' drones gives 9); NULL where open-ended."
LOW_OPEN = "1 if `low` itself is excluded ('more than 1 hour': above 1), for a measure; 0 otherwise."
HIGH_OPEN = "1 if `high` itself is excluded ('less than 2 days'), for a measure; 0 otherwise."
BOUNDS_BASIS = (
    "Where low and high come from: 'stated' (the words: exact, at least, more than, a range), "
    "'convention' (a vague word's default reading, e.g. 'ratusan' = 200-999), 'editor' (given in the "
    "fact file); NULL when there are none."
)
UNIT = ("What the figure counts or measures, a plural noun: drones, missiles, people, prisoners, "
        "countries, regions, locations, hours, days, percent ... Never NULL.")
CITATION_ID = "The citation whose quote states the figure (`citations.id`)."
WORDS = ("The words of that quote that state the figure ('183 drone', 'dua rudal', 'lebih dari 40'); "
         "for a derived figure, the words it is derived from, or NULL.")
SPAN_START = ("Where the words start in the quote, from 0, counting characters of the normalised quote "
              "(white space collapsed, typographic quote marks straightened).")
SPAN_END = "Where the words end in the normalised quote (exclusive): quote[span_start:span_end] = words."
DERIVED = "1 if the editor derived the figure rather than read it in the words (see derived_reason)."
RECORD_JSON = (
    "The record exactly as validated, as canonical JSON (keys sorted, YAML field names): "
    "the full fact for anything the columns leave out."
)


def columns(model: type[SQLModel]) -> list[str]:
    """Column names of a table or view model, in order."""
    return list(model.__table__.columns.keys())
