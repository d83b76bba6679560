"""The readable parts of a record that fails the model, so that one run reports everything.

A claim with a typo in one field would otherwise be set aside whole, and only the next run,
after the typo is fixed, would say that its claimant does not resolve or its figure is not
in its quote. Instead the record is read again without what failed: each value the model
refused is left out (an unknown field, a figure of the wrong type, a window out of order), a
mapping that then lacks a required field is left out with it, and so on up, until the rest
validates. The cross-file rules then check that rest, and their problems are placed at the
record's own lines (`RepairedFile` maps the rest's list positions back to the file's).

Nothing is ever filled in: a record that cannot be read without its `id`, its `type` or
another required field of its own is not checked across files (its model errors say why).
A record that lost any of its citations is checked without its figures, since the quotes
that state them are not all there. This runs only for records that failed, so valid files
pay nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import get_args

from pydantic import TypeAdapter, ValidationError

from ..models import FactFile

MAX_ROUNDS = 8
"""Times a record is validated again, each time without what the last attempt refused (one
round per level of nesting a missing field climbs, at most)."""


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


@dataclass(frozen=True)
class Repair:
    """How a record was read: `original` as written, without the `removed` paths."""

    original: dict
    removed: frozenset

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
        return _pruned(self.original, (), self.removed)


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
    found = [(e["type"], strip_tags(e["loc"], record)) for e in errors]
    for _ in range(MAX_ROUNDS):
        for kind, path in found:
            target = _to_remove(kind, path)
            if target is None:
                return None
            removed.add(target)
        how = Repair(record, frozenset(removed))
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
