"""The Table Schema of every public table and view, read from its SQLModel model.

A column's type, whether it may be empty and the values it may take come from the model's
annotation (`str | None`, `int`, `dt.date`, a fact model's `Literal`); its description is the
one Datasette shows (`factdb.db.docs`); primary keys and foreign keys are the model's. Nothing
here names a table or a column: a model added to `TABLES` or `PUBLIC` is exported as it is.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from sqlmodel import SQLModel

from ..db import tables, views
from ..db.docs import column_docs, model_doc

PYTHON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int
    (int, "integer"),
    (float, "number"),
    (dt.datetime, "datetime"),  # before date: a datetime is a date
    (dt.date, "date"),
    (str, "string"),
)
"""Python type of a column -> Frictionless field type."""

BOOLEAN_VALUES = {"trueValues": ["1"], "falseValues": ["0"]}
"""SQLite stores booleans as 1 and 0, and the files keep them so."""


class SchemaError(Exception):
    """A model declares a column whose type has no Frictionless equivalent."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """The Frictionless type: string, integer, number, boolean, date or datetime."""
    required: bool
    enum: tuple[Any, ...] | None
    description: str | None

    def descriptor(self) -> dict:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            field["description"] = self.description
        if self.type == "boolean":
            field.update(BOOLEAN_VALUES)
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
    """(columns, referenced resource, referenced columns) of each foreign key."""

    def schema(self) -> dict:
        schema: dict[str, Any] = {"fields": [c.descriptor() for c in self.columns]}
        schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fields), "reference": {"resource": target, "fields": list(target_fields)}}
                for fields, target, target_fields in self.foreign_keys
            ]
        return schema


def column_type(annotation: Any) -> tuple[str, bool, tuple[Any, ...] | None]:
    """(Frictionless type, whether the column may be NULL, its allowed values or None)."""
    nullable = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        if len(args) != 1:
            raise SchemaError(f"a column cannot be of the union {annotation}")
        annotation = args[0]
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Literal:
        values = get_args(annotation)
        kind = "integer" if all(type(v) is int for v in values) else "string"
        return kind, nullable, values
    for python_type, kind in PYTHON_TYPES:
        if isinstance(annotation, type) and issubclass(annotation, python_type):
            return kind, nullable, None
    raise SchemaError(f"no Frictionless type for a column of type {annotation!r}")


def title(model: type[SQLModel]) -> str:
    """The first clause of the model's description ('Archived sources', 'Claims')."""
    text = model_doc(model)
    cut = min((i for i in (text.find(". "), text.find(": "), text.find(" (")) if i > 0), default=len(text))
    return text[:cut].rstrip(".")


def resource(model: type[SQLModel]) -> Resource:
    table = model.__table__
    descriptions = column_docs(model)
    columns = []
    for name, field in model.model_fields.items():
        kind, nullable, enum = column_type(field.annotation)
        columns.append(Column(name, kind, not nullable, enum, descriptions.get(name)))
    foreign_keys = sorted(
        (
            tuple(fk.parent.name for fk in constraint.elements),
            constraint.elements[0].column.table.name,
            tuple(fk.column.name for fk in constraint.elements),
        )
        for constraint in table.foreign_key_constraints
    )
    return Resource(
        name=model.__tablename__,
        title=title(model),
        description=model_doc(model),
        columns=tuple(columns),
        primary_key=tuple(c.name for c in table.primary_key.columns),
        foreign_keys=tuple(foreign_keys),
    )


def resources() -> list[Resource]:
    """Every public view, then every table, in the order the README documents them."""
    return [resource(model) for model in (*views.PUBLIC, *tables.TABLES)]
