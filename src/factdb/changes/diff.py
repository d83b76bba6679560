"""A fact-level diff: what a change does to the database, record by record, figure by figure.

Two snapshots (see `factdb.changes.snapshot`) are compared by record id and canonical JSON, so a
fact file renamed or split without changing its facts shows no change. A changed claim is
compared down to its figures, named by measure ("drones_neutralized 156 → 157"), and to
the members of each delegation. Items of a list (weapons, sides, delegations, members,
citations, roles) are matched by what identifies them (a side, a person, a weapon kind),
not by position, so reordering a list is not a change either.

Published ids are built from such keys (`factdb.models.keys`), so an id keeps naming the same
thing; where one does not (a claim id reused for another claimant's claim, a numeric
statement's id for another measure, a citation id renumbered when two quotes of one source
swap places), the diff says so first: "identity of <id>".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Literal

from .show import (
    MISSING, SHOWN_QUOTE, SHOWN_TEXT, _cut, around, path_label, show_citation, show_key_part, show_quantity, show_quote, show_scalar,
    show_text_change, when_phrase,
)
from ..db.rows import identities
from ..models import BY_KIND, CLAIM_TYPES
from .snapshot import KINDS, Entry, Snapshot

Status = Literal["added", "removed", "changed"]

# Fields that identify an item of a list of mappings, in the order they are shown.
# A weapon's model or a citation's quote is not part of its identity: adding a model or
# correcting a quote is a change to the item, not a new one.
IDENTITY_FIELDS = ("id", "person", "side", "source", "kind", "object", "effect", "title", "observed", "description")
# Values that are a field's default and say nothing to a reviewer of a new item.
QUIET_DEFAULTS = {"status": "current", "population": "unknown"}
# Fields compared as one value rather than field by field.
ATOMIC_FIELDS = frozenset({"when", "published"})
# Top-level fields whose lines are shown for an added record, besides a claim's figures
# (the rest is in its file).
ADDED_FIELDS = {"claim": frozenset({"delegations"}), "person": frozenset({"roles"})}



@dataclass(frozen=True)
class Change:
    """One line under a record: `old` -> `new`, either of them None for an addition/removal."""

    label: str
    old: str | None
    new: str | None
    figure: bool = False
    field: str = ""
    quote: str = ""
    """For a figure: the words of the quote that state it ('“…183 drone…” (src1)')."""

    @property
    def op(self) -> str:
        return "+" if self.old is None else "-" if self.new is None else "~"


@dataclass
class RecordDiff:
    kind: str
    id: str
    status: Status
    title: str
    detail: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class FactDiff:
    base: str
    head: str
    records: list[RecordDiff]
    base_spec: str | None = None
    """What names the base on the command line, where it is not its label (a merge base)."""

    @property
    def empty(self) -> bool:
        return not self.records

    def counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        for record in self.records:
            counts.setdefault(_section(record.kind), Counter())[record.status] += 1
        return counts

    def summary(self) -> str:
        parts = []
        for section, counter in self.counts().items():
            states = ", ".join(f"{counter[s]} {s}" for s in ("added", "removed", "changed") if counter[s])
            parts.append(f"{section} {states}")
        renamed = sum(1 for r in self.records for c in r.changes if c.field == IDENTITY)
        if renamed:
            parts.append(f"{renamed} {'id' if renamed == 1 else 'ids'} changed identity")
        return "; ".join(parts) if parts else "no fact changes"



def _section(kind: str) -> str:
    return BY_KIND[kind].section if kind in BY_KIND else kind + "s"


# --- comparing -------------------------------------------------------------------------


def compare(base: Snapshot, head: Snapshot) -> FactDiff:
    """Every record added, removed or changed from `base` to `head`, in a stable order."""

    def name(record_id: str) -> str | None:
        return head.name(record_id) or base.name(record_id)

    records: list[RecordDiff] = []
    for record_id in sorted(base.entries.keys() | head.entries.keys()):
        old, new = base.entries.get(record_id), head.entries.get(record_id)
        if old is not None and new is not None and old.json == new.json:
            continue
        entry = new or old
        status: Status = "added" if old is None else "removed" if new is None else "changed"
        title, detail = describe_entry(entry, name)
        diff = RecordDiff(entry.kind, record_id, status, title, detail)
        if status == "changed":
            # Nothing found but the JSON differs: only the order of a list's items changed.
            diff.changes = identity_changes(old, new) + (
                record_changes(old, new, name) or [Change("order of items", "before", "reordered")]
            )
        elif status == "added" and entry.kind in ADDED_FIELDS:
            shown = ADDED_FIELDS[entry.kind]
            diff.changes = [c for c in record_changes(None, new, name) if c.figure or c.field in shown]
        records.append(diff)
    order = {kind: i for i, kind in enumerate(KINDS)}
    records.sort(key=lambda r: (order.get(r.kind, len(order)), r.id))
    return FactDiff(base.label, head.label, records, base.spec)


def describe_entry(entry: Entry, name: Callable[[str], str | None]) -> tuple[str, str]:
    """(title, detail) of a record: for a claim its name where its type has one (a meeting's,
    `named_by`), else its claimant, and its dates."""
    data = entry.data
    if entry.kind == "claim":
        claim_type = CLAIM_TYPES.get(str(data.get("type")))
        who = data.get(claim_type.named_by) if claim_type is not None and claim_type.named_by else None
        who = who or name(data.get("claimant", "")) or data.get("claimant", "?")
        return f"{who}, {when_phrase(data.get('when'))}", str(data.get("type", "claim"))
    if entry.kind == "source":
        return source_title(data, name), "source"
    return str(data.get("name", entry.id)), entry.kind


def source_title(data: dict, name: Callable[[str], str | None]) -> str:
    """'Headline — Publisher (republishing Original), 12 Nov 2025, id': a source as a reviewer
    knows it; 'untitled' where the text prints no headline."""
    title = f"“{_cut(data['title'], 60)}”" if data.get("title") else "untitled"
    publisher = data.get("publisher")
    by = (name(publisher) or publisher) if publisher else data.get("publisher_name")
    original = data.get("original_publisher")
    if original:
        by = f"{by}, republishing {name(original) or original}" if by else f"after {name(original) or original}"
    published = data.get("published")
    when = when_phrase(published) if isinstance(published, str) else (
        f"not before {when_phrase(published['not_before'])}" if isinstance(published, dict) and published.get("not_before")
        else f"by {when_phrase(published['not_after'])}" if isinstance(published, dict) and published.get("not_after")
        else "undated"
    )
    return ", ".join(p for p in (f"{title} — {by}" if by else title, when, data.get("language")) if p)


IDENTITY = "identity"
"""The `field` of a Change that says an id now names something else."""


def identity_changes(old: Entry, new: Entry) -> list[Change]:
    """The published ids of a record that name something else in `new` than in `old`. A
    citation id whose quote changed is reported only when the old quote is still there under
    another id (the citations were renumbered); a quote corrected in place is a plain change."""
    old_record, new_record = old.record(), new.record()
    if old_record is None or new_record is None:
        return []
    before, after = identities(old.kind, old_record), identities(new.kind, new_record)
    moved = {named: published for published, named in after.items()}
    changes = []
    for published in sorted(before.keys() & after.keys()):
        was, now = before[published], after[published]
        if was == now:
            continue
        if was[0] == now[0] == "citation" and moved.get(was, published) == published:
            continue
        changes.append(Change(f"identity of {published}", _cut(f"{was[0]} {was[1]}"), _cut(f"{now[0]} {now[1]}"),
                              field=IDENTITY))
    return changes


def record_changes(old: Entry | None, new: Entry, name: Callable[[str], str | None]) -> list[Change]:
    """The changes from one version of a record to another (`old` None: everything is new)."""
    old_data = old.data if old is not None else {}
    figures, quotes = {}, {}
    for entry in (old, new):  # the new side's words where a figure is on both
        if entry is not None and entry.kind == "claim":
            figures.update(figure_labels(entry, name))
            quotes.update(figure_quotes(entry))
    differ = _Differ(name, figures, quotes)
    differ.walk((), old_data, new.data)
    return differ.changes


def keyed_items(items: list) -> list[tuple[tuple, object]]:
    """(key, item) for each item of a list of mappings, keyed by its identifying fields; a
    repeated key gets '#2', '#3' so that every key is unique."""
    seen: Counter = Counter()
    keyed = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            key = tuple(
                item[f] for f in IDENTITY_FIELDS
                if isinstance(item.get(f), (str, int, float)) and not isinstance(item.get(f), bool)
            ) or (f"#{index + 1}",)
        else:
            key = (f"#{index + 1}",)
        seen[key] += 1
        if seen[key] > 1:
            key = (*key, f"#{seen[key]}")
        keyed.append((key, item))
    return keyed


def keyed_path(data: object, path: tuple) -> tuple | None:
    """A model path (with list indexes) as a path of field names and item keys."""
    node, out = data, []
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return None
            key, node = keyed_items(node)[step]
            out.append(key)
        else:
            out.append(step)
            node = node.get(step) if isinstance(node, dict) else None
    return tuple(out)


def figure_labels(entry: Entry, name: Callable[[str], str | None]) -> dict[tuple, str]:
    """Keyed path -> label ('drones_neutralized', 'prisoners_returned (Ukraine)') of every
    figure of a claim, from the claim model's figures()."""
    claim = entry.claim()
    if claim is None:
        return {}
    labels = {}
    for figure in claim.figures():
        path = keyed_path(entry.data, figure.path)
        if path is None:
            continue
        context = []
        for step in path:
            if isinstance(step, tuple):
                for part in step:
                    shown = show_key_part(part, name)
                    if shown.lower().replace(" ", "_").rstrip("s") not in figure.measure:
                        context.append(shown)
        labels[path] = figure.measure + (f" ({', '.join(context)})" if context else "")
    return labels


def figure_quotes(entry: Entry) -> dict[tuple, str]:
    """Keyed path -> the words of the claim's quotes each figure is bound to (`check.binding`),
    as a diff shows them: '“…meluncurkan dua rudal dan 183 drone ke…” (src1)'."""
    from ..check.binding import bind
    from ..check.quotetext import normalise

    claim = entry.claim()
    if claim is None:
        return {}
    quotes = {}
    binding = bind(claim)
    for figure, bound in zip(binding.figures, binding.bounds):
        path = keyed_path(entry.data, figure.path)
        if path is None or bound is None or bound.start is None:
            continue
        citation = claim.citations[bound.citation]
        quotes[path] = f"“{around(normalise(citation.quote), bound.start, bound.end)}” ({citation.source})"
    return quotes


class _Differ:
    def __init__(self, name: Callable[[str], str | None], figures: dict[tuple, str], quotes: dict[tuple, str]):
        self.name = name
        self.figures = figures
        self.quotes = quotes
        self.changes: list[Change] = []

    def add(self, path: tuple, old, new, *, figure: bool = False, label: str | None = None) -> None:
        self.changes.append(Change(
            label or path_label(path, self.name), old, new, figure, str(path[0]) if path else "",
            self.quotes.get(path, "") if figure else "",
        ))

    def has_figures_under(self, path: tuple) -> bool:
        return any(p[: len(path)] == path and len(p) > len(path) for p in self.figures)

    def walk(self, path: tuple, old, new, skip: frozenset = frozenset()) -> None:
        if old == new:
            return
        if path in self.figures:
            self.add(path, _opt(show_quantity, old), _opt(show_quantity, new), figure=True, label=self.figures[path])
        elif path and path[-1] in ATOMIC_FIELDS and isinstance(path[-1], str):
            show = when_phrase if path[-1] == "when" else self.show
            self.add(path, _opt(show, old), _opt(show, new))
        elif _is(old, dict) and _is(new, dict):
            old_d = old if isinstance(old, dict) else {}
            new_d = new if isinstance(new, dict) else {}
            for key in [*old_d, *(k for k in new_d if k not in old_d)]:
                if key not in skip:
                    self.walk((*path, key), old_d.get(key, MISSING), new_d.get(key, MISSING))
        elif _is(old, list) and _is(new, list) and _mappings(old) and _mappings(new):
            self.walk_items(path, old if isinstance(old, list) else [], new if isinstance(new, list) else [])
        elif _is(old, list) and _is(new, list):
            old_l = old if isinstance(old, list) else []
            new_l = new if isinstance(new, list) else []
            for item in old_l:
                if item not in new_l:
                    self.add(path, self.show(item), None)
            for item in new_l:
                if item not in old_l:
                    self.add(path, None, self.show(item))
        elif isinstance(old, str) and isinstance(new, str):
            # A quote is read against its source: shown longer than other texts.
            width = SHOWN_QUOTE if path and path[-1] in ("quote", "translation") else SHOWN_TEXT
            self.add(path, *show_text_change(old, new, width))
        else:
            self.add(path, _opt(self.show, old), _opt(self.show, new))

    def walk_items(self, path: tuple, old: list, new: list) -> None:
        old_items, new_items = dict(keyed_items(old)), dict(keyed_items(new))
        for key in [*old_items, *(k for k in new_items if k not in old_items)]:
            o, n = old_items.get(key, MISSING), new_items.get(key, MISSING)
            here = (*path, key)
            if o is not MISSING and n is not MISSING:
                self.walk(here, o, n)
            elif self.has_figures_under(here) or _has_nested_items(o if n is MISSING else n):
                # Its figures and members are reported one by one; its key says which item.
                self.walk(here, o, n, skip=frozenset(IDENTITY_FIELDS))
            else:
                item = self.show_item(key, o if n is MISSING else n)
                self.add(path, None if o is MISSING else item, None if n is MISSING else item)

    def show(self, value) -> str:
        """A value in words: names for ids, a citation as its quote, a mapping as its fields."""
        if isinstance(value, str):
            return _cut(self.name(value) or value)
        if isinstance(value, dict) and isinstance(value.get("quote"), str):
            return show_citation(value)
        if isinstance(value, dict):
            return "; ".join(
                k if v is True else f"{k}: {self.show(v)}" for k, v in value.items() if v not in (None, [], {}, False)
            )
        if isinstance(value, list):
            return ", ".join(self.show(v) for v in value)
        return show_scalar(value)

    def show_item(self, key: tuple, item) -> str:
        """An item of a list by what identifies it, its other fields in brackets, and last
        the words it is cited by: 'Mayor of Kyiv, 2026-02-05 (organization: Kyiv): “…” (src1)'."""
        text = ", ".join(show_key_part(part, self.name) for part in key)
        if not isinstance(item, dict):
            return text
        cited = item.get("citation") if isinstance(item.get("citation"), dict) else None
        extra = [
            k if v is True else f"{k}: {self.show(v)}" for k, v in item.items()
            if k not in IDENTITY_FIELDS and k not in ("citation", "quote") and v not in (None, [], {}, False)
            and QUIET_DEFAULTS.get(k) != v
        ]
        if extra:
            text += f" ({'; '.join(extra)})"
        if isinstance(item.get("quote"), str):
            text += f": “{show_quote(item['quote'])}”"
        elif cited is not None:
            text += f": {show_citation(cited)}"
        return text


def _opt(show: Callable, value) -> str | None:
    return None if value is MISSING else show(value)


def _is(value, kind: type) -> bool:
    return value is MISSING or isinstance(value, kind)


def _mappings(value) -> bool:
    return value is MISSING or all(isinstance(item, dict) for item in value)


def _has_nested_items(item) -> bool:
    return isinstance(item, dict) and any(
        isinstance(v, list) and v and all(isinstance(x, dict) for x in v) for v in item.values()
    )
