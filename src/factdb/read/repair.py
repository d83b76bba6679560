"""The readable parts of a record that fails the model, so that one run reports everything.

A claim with a typo in one field would otherwise be set aside whole, and only the next run,
after the typo is fixed, would say that its claimant does not resolve or its figure is not
in its quote. Instead the record is read again without what failed: each value the model
refused is left out (an unknown field, a figure of the wrong type, a window out of order), a
mapping that then lacks a required field is left out with it, and so on up, until the rest
validates. The cross-file rules then check that rest, and their problems are placed at the
record's own lines (`RepairedFile` maps the rest's list positions back to the file's).

A record that lacks a required field of its own (its `claimant`, a numeric statement's
`subject`, as a half-filled `factdb new` skeleton does) is still checked: the field is given a
placeholder the model accepts (`Repair.filled`), and every problem the rules find at or below
that field is dropped (`check.rules.run`), so the placeholder is never reported, only what
the editor wrote. A record without its `id`, its `type` or its `citations` is not checked
across files (its model errors say why). A record that lost any of its citations is checked
without its figures, since the quotes that state them are not all there. This runs only for
records that failed, so valid files pay nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from ..models import FactFile

MAX_ROUNDS = 12
"""Times a record is validated again, each time without what the last attempt refused (one
round per level of nesting a missing field climbs, or per placeholder tried, at most)."""
NEVER_FILLED = frozenset({"id", "type", "citations"})
"""Required fields a record is not checked without: what it is, and the quotes it rests on."""


def strip_tags(loc: tuple, data: object) -> tuple:
    """An error location as keys and indexes of the document, without Pydantic's union tags."""
    path: list = []
    node = data
    for step in loc:
        if isinstance(node, dict) and step in node:
            path.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            path.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and not (
            step == node.get("type") or step in ("scalar", "mapping") or "[" in step
        ):
            path.append(step)  # a missing or unknown key: keep it for the message
            node = None
    return tuple(path)


@lru_cache(maxsize=None)
def _item_adapter(section: str) -> TypeAdapter:
    (item,) = get_args(FactFile.model_fields[section].annotation)
    return TypeAdapter(item)


def _record_class(section: str, record: dict):
    """The model class of an item of `section` (for a claim, of its `type`), or None."""
    (item,) = get_args(FactFile.model_fields[section].annotation)
    if section == "claims":
        from ..models.claims import CLAIM_CLASSES

        return next((c for c in CLAIM_CLASSES if get_args(c.model_fields["type"].annotation) == (record.get("type"),)), None)
    return item if hasattr(item, "model_fields") else None


def _literal(annotation) -> tuple:
    """The values of the first Literal in `annotation` (through Optional, Annotated ...)."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for arg in get_args(annotation):
        found = _literal(arg)
        if found:
            return found
    return ()


def placeholders(section: str, record: dict, name: str) -> list:
    """Values to try, in order, for the missing required field `name` of `record`: one of its
    allowed values, a word, a number. Empty for a field the record is not read without."""
    cls = _record_class(section, record)
    info = cls.model_fields.get(name) if cls is not None and name not in NEVER_FILLED else None
    if info is None:
        return []
    return [*_literal(info.annotation)[:1], "missing", 0]


@dataclass(frozen=True)
class Repair:
    """How a record was read: `original` as written, without the `removed` paths, with the
    `filled` fields (name, placeholder) it lacked."""

    original: dict
    removed: frozenset
    filled: tuple = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The fields of the record that hold a placeholder, not what the editor wrote."""
        return tuple(name for name, _ in self.filled)

    def translate(self, path: tuple) -> tuple:
        """A path into the repaired record (list positions as they are after removals) as
        the path of the same node in the record as written."""
        node, out = self.original, []
        for step in path:
            if isinstance(node, list) and isinstance(step, int):
                kept = [i for i in range(len(node)) if (*out, i) not in self.removed]
                step = kept[step] if step < len(kept) else step
                node = node[step] if step < len(node) else None
            else:
                node = node.get(step) if isinstance(node, dict) else None
            out.append(step)
        return tuple(out)

    def pruned(self) -> object:
        data = _pruned(self.original, (), self.removed)
        return {**data, **dict(self.filled)} if self.filled else data


def _pruned(node, path: tuple, removed: frozenset):
    if isinstance(node, dict):
        return {k: _pruned(v, (*path, k), removed) for k, v in node.items() if (*path, k) not in removed}
    if isinstance(node, list):
        return [_pruned(v, (*path, i), removed) for i, v in enumerate(node) if (*path, i) not in removed]
    return node


def _to_remove(kind: str, path: tuple) -> tuple | None:
    """What to leave out for one error at `path` (relative to the record); None when the
    record cannot be read without it."""
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return None  # a claim without a known type is no claim
    target = path[:-1] if kind == "missing" else path
    return target or None


def repair(section: str, record: object, errors: list[dict]) -> tuple[object, Repair] | None:
    """The model of what can be read of `record` (an item of `section`) and how it was read;
    None when nothing of it can be checked. `errors` are the record's errors, with locations
    relative to the record."""
    if not isinstance(record, dict) or section not in FactFile.model_fields:
        return None
    adapter = _item_adapter(section)
    removed: set[tuple] = set()
    options: dict[str, list] = {}  # a missing field -> the placeholders left to try, the first in use
    found = [(e["type"], strip_tags(e["loc"], record)) for e in errors]
    for _ in range(MAX_ROUNDS):
        refused: set[str] = set()
        for kind, path in found:
            if path and path[0] in options:  # the model refused the placeholder: the next one
                if path[0] not in refused:
                    refused.add(path[0])
                    options[path[0]].pop(0)
                if not options[path[0]]:
                    return None
                continue
            if kind == "missing" and len(path) == 1:
                options[path[0]] = placeholders(section, record, path[0])
                if not options[path[0]]:
                    return None
                continue
            target = _to_remove(kind, path)
            if target is None:
                return None
            removed.add(target)
        how = Repair(record, frozenset(removed), tuple((name, values[0]) for name, values in options.items()))
        data = how.pruned()
        try:
            model = adapter.validate_python(data)
        except ValidationError as exc:
            found = [(e["type"], how.translate(strip_tags(e["loc"], data))) for e in exc.errors(include_url=False)]
            continue
        if any(p[0] == "citations" for p in removed) and list(_figure_paths(model)):
            removed.update(how.translate(p) for p in _figure_paths(model))
            found = []
            continue
        return model, how
    return None


def _figure_paths(model) -> list[tuple]:
    figures = getattr(model, "figures", None)
    return [tuple(f.path) for f in figures()] if figures else []


class RepairedFile:
    """A fact file as the rules see one repaired record of it: problems at paths into the
    repaired record are placed where the record as written has those nodes."""

    def __init__(self, file, section: str, index: int, how: Repair):
        self._file, self._section, self._index, self._how = file, section, index, how

    def __getattr__(self, name):
        return getattr(self._file, name)

    def translate(self, path: tuple) -> tuple:
        """A path into the repaired record, as the path of that node in the record as written."""
        return self._how.translate(path)

    def problem_at(self, path: tuple, code: str, message: str, *, key: bool = False):
        if path[:2] == (self._section, self._index):
            path = (*path[:2], *self._how.translate(path[2:]))
        return self._file.problem_at(path, code, message, key=key)


def readable_records(data: dict, errors: list[dict]) -> dict[tuple[str, int], tuple[str, object, Repair]]:
    """(section, index) -> (kind, model, repair) for every record of a file that failed the
    model and can be read in part."""
    from ..models.factfile import ENTITY_SECTIONS

    kinds = {"sources": "source", "claims": "claim", **ENTITY_SECTIONS}
    by_record: dict[tuple[str, int], list[dict]] = {}
    for error in errors:
        loc = error["loc"]
        if len(loc) > 2 and isinstance(loc[1], int):
            by_record.setdefault(loc[:2], []).append({**error, "loc": loc[2:]})
    found = {}
    for (section, index), record_errors in by_record.items():
        records = data.get(section)
        if section not in kinds or not isinstance(records, list) or index >= len(records):
            continue
        repaired = repair(section, records[index], record_errors)
        if repaired is not None:
            found[(section, index)] = (kinds[section], *repaired)
    return found


__all__ = ["Repair", "RepairedFile", "readable_records", "repair", "strip_tags"]
