"""What a model error says to an editor: its code, and a message that says what to do.

Pydantic's messages name types and patterns; these name the fields as written in the file,
list the fields a mapping may have, and say why YAML read a value as it did.
"""

from __future__ import annotations

import difflib
import types
from functools import lru_cache
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..models import FactFile
from ..models.base import BLANK_PATTERN, ID_PATTERN

# Pydantic error type -> our code. Anything unlisted is "invalid-value".
_ERROR_CODES = {
    "extra_forbidden": "unknown-field",
    "missing": "missing-field",
    "impossible_date": "invalid-date",
    "partial_date": "invalid-date",
    "date_order": "date-order",
    "union_tag_invalid": "unknown-claim-type",
    "union_tag_not_found": "missing-field",
}

# The patterns editors meet most, said in words rather than as a regular expression.
_PATTERN_MESSAGES = {
    BLANK_PATTERN: "text must not be blank (only white space)",
    ID_PATTERN: "{value!r} is not an id: use lower-case letters, digits, '_', '.' and '-', "
    "starting with a letter or digit",
}


def _members(annotation) -> list:
    """The alternatives of an annotation, through Annotated, unions and Optional."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for a in get_args(annotation) for m in _members(a) if m is not type(None)]
    return [annotation]


def _tag_of(annotation) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if type(meta).__name__ == "Tag":
            return meta.tag
    return None


def _step(annotation, step):
    """The annotation one step (a field name, a list index, a union tag) further down."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is list:
        return get_args(annotation)[0] if isinstance(step, int) else None
    if get_origin(annotation) in (Union, types.UnionType):
        for member in get_args(annotation):
            if _tag_of(member) == step or _literal_type(member) == step:
                return member
        models = [m for m in _members(annotation) if _model(m) is not None]
        return _step(models[0], step) if len(models) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
    return None


def _model(annotation) -> type[BaseModel] | None:
    members = _members(annotation)
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    return models[0] if len(models) == 1 else None


def _literal_type(annotation) -> str | None:
    model = _model(annotation)
    field = model.model_fields.get("type") if model is not None else None
    if field is not None and get_origin(field.annotation) is Literal:
        return get_args(field.annotation)[0]
    return None


def model_at(loc: tuple) -> type[BaseModel] | None:
    """The model of the mapping at a Pydantic error location (union tags included), from
    the fact file down; None where it cannot be told."""
    annotation = FactFile
    for step in loc:
        annotation = _step(annotation, step)
        if annotation is None:
            return None
    return _model(annotation)


def fields_of(model: type[BaseModel]) -> list[str]:
    """The field names of a model as written in fact files, in the schema's order."""
    return [info.alias or name for name, info in model.model_fields.items()]


@lru_cache(maxsize=1024)
def _suggestion(name: str, model: type[BaseModel] | None, where: str) -> str:
    # difflib costs ~0.5 ms a name: a file repeating one typo thousands of times asks once.
    if model is None:
        return "; see schema/factfile.schema.json for the fields"
    fields = fields_of(model)
    close = difflib.get_close_matches(name, fields, n=1)
    guess = f"; did you mean '{close[0]}'?" if close else ";"
    claim_type = _literal_type(model)
    what = f"a {claim_type} claim" if claim_type else where
    return f"{guess} {what} has the fields {', '.join(fields)}"


def _where(loc: tuple) -> str:
    """What the mapping at `loc` is, in the file's words: 'an item of weapons', 'citation'."""
    data_steps = [step for step in loc if not (isinstance(step, str) and ("[" in step or step in ("scalar", "mapping")))]
    if not data_steps:
        return "a fact file"
    if isinstance(data_steps[-1], int):
        names = [s for s in data_steps if isinstance(s, str)]
        return f"an item of {names[-1]}" if names else "this item"
    return str(data_steps[-1])


def _looks_cut_by_colon(value) -> str | None:
    """The text YAML split at ': ' into a one-key mapping, as the editor wrote it."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, rest),) = value.items()
        if isinstance(key, str) and isinstance(rest, (str, int, float)):
            return f"{key}: {rest}"
    return None


def message_of(error: dict) -> tuple[str, str, bool]:
    """(code, message, at_key) of one Pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        return "unknown-field", f"unknown field '{name}'{_suggestion(name, model_at(loc[:-1]), _where(loc[:-1]))}", True
    if kind == "invalid_key":
        return "invalid-value", "this key is not text; keys are field or section names", True
    if kind == "missing":
        return "missing-field", f"required field '{loc[-1]}' is missing; add it", False
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return (
            "unknown-claim-type",
            f"unknown claim type {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}",
            False,
        )
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in _PATTERN_MESSAGES:
        return "invalid-value", _PATTERN_MESSAGES[error["ctx"]["pattern"]].format(value=error["input"]), False
    if kind == "string_too_short" and error["ctx"]["min_length"] == 1:
        return "invalid-value", "text must not be empty", False
    if kind == "too_short":
        return "invalid-value", f"needs at least {error['ctx']['min_length']} item(s)", False
    if kind == "union_tag_not_found":
        return "missing-field", "a claim needs a 'type' (air_attack, strike, casualties, ...)", False
    if kind == "string_type" and (cut := _looks_cut_by_colon(error.get("input"))) is not None:
        return "wrong-type", (
            f"YAML read this text as a mapping, because of the ': ' in {cut!r}; put the whole "
            "text in double quotes, or on the lines under `>-`"
        ), False
    if kind.endswith("_type") or kind in ("wrong_shape", "model_type", "model_attributes_type", "number_type"):
        return "wrong-type", error["msg"], False
    code = _ERROR_CODES.get(kind, "invalid-value")
    return code, error["msg"], False


__all__ = ["fields_of", "message_of", "model_at"]
