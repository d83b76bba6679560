"""`factdb new <type>`: a skeleton claim file with every required field, read from the model.

Each required field gets a placeholder that is marked TODO and never passes validation (an
empty string where text or an id is expected, `null` where a number is), so an unfinished
skeleton cannot slip through review. Optional fields are listed as comments with their
descriptions; the JSON Schema line at the top gives completion in editors.
"""

from __future__ import annotations

import os
import re
import types
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .jsonschema import SCHEMA_PATH
from . import CLAIM_TYPES, Quantity, When
from .base import ID_PATTERN, Id

RECOMMENDED = ("when",)
"""Optional fields a claim should still have: given a placeholder, not just a comment."""

INDENT = "  "
TODO = "TODO"
DESCRIPTION_WIDTH = 90


class SkeletonError(Exception):
    """An unknown claim type or an invalid id."""


def _strip(annotation):
    """The annotation without Annotated[...] and without `| None`."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _strip(members[0])
    return annotation


def _is(annotation, alias) -> bool:
    """Is the field's type `alias` (Quantity, When, Id), optional or not? Pydantic keeps the
    alias whole in an optional field's annotation (`Quantity | None`) but moves a required
    field's outer Annotated metadata out of it, leaving the bare union of its shapes."""
    if _optional_member(annotation) == alias:
        return True
    shapes = _strip(alias)
    return get_origin(shapes) in (Union, types.UnionType) and annotation == shapes


def _optional_member(annotation):
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _model(annotation) -> type[BaseModel] | None:
    base = _strip(annotation)
    return base if isinstance(base, type) and issubclass(base, BaseModel) else None


def _describe(field: FieldInfo, annotation) -> str:
    """What to write after TODO: the allowed values, the expected form, the description."""
    hints = []
    base = _strip(annotation)
    if get_origin(base) is Literal:
        hints.append("one of " + ", ".join(str(a) for a in get_args(base)))
    elif _is(annotation, Quantity):
        hints.append("a number, or {qualifier: at_least, value: N}")
    elif _is(annotation, When):
        hints.append("YYYY-MM-DD, or {from: YYYY-MM-DD, to: YYYY-MM-DD, overnight: true}")
    elif get_origin(base) is list:
        item = _model(get_args(base)[0])
        if item is not None:
            hints.append("a list of {" + ", ".join(f.alias or n for n, f in item.model_fields.items()) + "}")
        else:
            hints.append("a list of ids" if get_args(base)[0] == Id else "a list")
    elif _is(annotation, Id):
        hints.append("an id")
    if field.description:
        hints.append(" ".join(field.description.split()))
    text = "; ".join(hints)
    return text if len(text) <= DESCRIPTION_WIDTH else text[: DESCRIPTION_WIDTH - 1] + "…"


def _placeholder(annotation) -> str:
    # Both fail validation: text and ids need at least one character, numbers a number.
    return "null" if _is(annotation, Quantity) else '""'


def _field_lines(
    model: type[BaseModel], indent: str, values: dict[str, str], first: tuple[str, ...] = ()
) -> list[str]:
    lines: list[str] = []
    optional: list[str] = []
    fields = sorted(model.model_fields.items(), key=lambda kv: kv[0] not in first)  # stable
    for name, field in fields:
        key = field.alias or name
        annotation = field.annotation
        if key in values:
            lines.append(f"{indent}{key}: {values[key]}")
            continue
        if not (field.is_required() or key in RECOMMENDED):
            optional.append(f"{indent}# {key}: {_describe(field, annotation)}")
            continue
        lines.extend(_required_lines(key, field, annotation, indent))
    if optional:
        lines.append(f"{indent}# Optional, uncomment and fill in what you need:")
        lines.extend(optional)
    return lines


def _required_lines(key: str, field: FieldInfo, annotation, indent: str) -> list[str]:
    base = _strip(annotation)
    note = _describe(field, annotation)
    if get_origin(base) is list:
        (item,) = get_args(base)
        item_model = _model(item)
        if item_model is None:
            return [f'{indent}{key}: [""]  # {TODO}: {note}']
        inner = _field_lines(item_model, indent + INDENT * 2, {})
        first = inner[0].lstrip()
        return [
            f"{indent}{key}:  # {TODO}: {note}",
            f"{indent}{INDENT}- {first}",
            *inner[1:],
        ]
    nested = _model(annotation) if not _is(annotation, When) and not _is(annotation, Quantity) else None
    if nested is not None:
        return [f"{indent}{key}:  # {TODO}: {note}", *_field_lines(nested, indent + INDENT, {})]
    return [f"{indent}{key}: {_placeholder(annotation)}  # {TODO}: {note}"]


def skeleton(claim_type: str, claim_id: str | None = None, schema: str = f"../../{SCHEMA_PATH}") -> str:
    """The text of a fact file holding one claim of `claim_type`, ready to fill in."""
    model = CLAIM_TYPES.get(claim_type)
    if model is None:
        raise SkeletonError(f"unknown claim type {claim_type!r}; use one of {', '.join(sorted(CLAIM_TYPES))}")
    values = {"type": claim_type}
    if claim_id is not None:
        if not re.fullmatch(ID_PATTERN.strip("^$"), claim_id) or len(claim_id) > 120:
            raise SkeletonError(f"{claim_id!r} is not an id: use lower-case letters, digits, '_', '.', '-'")
        values["id"] = claim_id
    fields = _field_lines(model, INDENT * 2, values, first=("id", "type"))
    doc = " ".join((model.__doc__ or claim_type).split())
    header = [
        f"# yaml-language-server: $schema={schema}",
        f"# A new {claim_type} claim: {doc}",
        f"# Fill in every value marked {TODO} (they fail validation until you do), uncomment the",
        "# optional fields you need, then run `factdb validate`.",
        "claims:",
        f"{INDENT}- {fields[0].lstrip()}",
    ]
    return "\n".join([*header, *fields[1:]]) + "\n"


def default_path(claim_id: str) -> Path:
    return Path("facts") / "claims" / f"{claim_id}.yaml"


def write_skeleton(root: Path, out: Path, claim_type: str, claim_id: str | None, *, force: bool = False) -> Path:
    """Write the skeleton to `out` (relative paths are under root), with the schema line
    pointing at root/schema from there. Refuses to overwrite a file unless `force`."""
    root = Path(root)
    path = out if out.is_absolute() else root / out
    if path.exists() and not force:
        raise SkeletonError(f"{path} already exists; choose another file or pass --force")
    schema = os.path.relpath(root / SCHEMA_PATH, path.parent).replace(os.sep, "/")
    text = skeleton(claim_type, claim_id, schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


__all__ = ["SkeletonError", "default_path", "skeleton", "write_skeleton"]
