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

import json
import shlex
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Literal

from ..db.rows import identities
from ..models import BY_KIND
from .snapshot import KINDS, WORKING_TREE, Entry, Snapshot

MISSING = object()
"""A value absent on one side."""

Status = Literal["added", "removed", "changed"]

# Fields that identify an item of a list of mappings, in the order they are shown.
# A weapon's model or a citation's quote is not part of its identity: adding a model or
# correcting a quote is a change to the item, not a new one.
IDENTITY_FIELDS = ("id", "person", "side", "source", "kind", "object", "effect", "title", "observed", "description")
# Fields compared as one value rather than field by field.
ATOMIC_FIELDS = frozenset({"when", "published"})
# Top-level fields whose lines are shown for an added claim (the rest is in its file).
ADDED_CLAIM_FIELDS = frozenset({"delegations"})

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHOWN_TEXT = 70
"""Longest text shown for a value; longer ones are cut with an ellipsis."""


@dataclass(frozen=True)
class Change:
    """One line under a record: `old` -> `new`, either of them None for an addition/removal."""

    label: str
    old: str | None
    new: str | None
    figure: bool = False
    field: str = ""

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

    def render(self, fmt: str = "text") -> str:
        return render_markdown(self) if fmt == "markdown" else render_text(self)


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
        elif status == "added" and entry.kind == "claim":
            diff.changes = [
                c for c in record_changes(None, new, name) if c.figure or c.field in ADDED_CLAIM_FIELDS
            ]
        records.append(diff)
    order = {kind: i for i, kind in enumerate(KINDS)}
    records.sort(key=lambda r: (order.get(r.kind, len(order)), r.id))
    return FactDiff(base.label, head.label, records)


def describe_entry(entry: Entry, name: Callable[[str], str | None]) -> tuple[str, str]:
    """(title, detail) of a record: for a claim its claimant (or a meeting's name) and dates."""
    data = entry.data
    if entry.kind == "claim":
        who = data.get("name") if data.get("type") == "meeting" else None
        who = who or name(data.get("claimant", "")) or data.get("claimant", "?")
        return f"{who}, {when_phrase(data.get('when'))}", str(data.get("type", "claim"))
    if entry.kind == "source":
        return str(data.get("title") or data.get("publisher_name") or entry.id), "source"
    return str(data.get("name", entry.id)), entry.kind


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
    figures = {}
    for entry in (old, new):
        if entry is not None and entry.kind == "claim":
            figures.update(figure_labels(entry, name))
    differ = _Differ(name, figures)
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


class _Differ:
    def __init__(self, name: Callable[[str], str | None], figures: dict[tuple, str]):
        self.name = name
        self.figures = figures
        self.changes: list[Change] = []

    def add(self, path: tuple, old, new, *, figure: bool = False, label: str | None = None) -> None:
        self.changes.append(Change(
            label or path_label(path, self.name), old, new, figure, str(path[0]) if path else "",
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
            self.add(path, *show_text_change(old, new))
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
        if isinstance(value, str):
            return _cut(self.name(value) or value)
        if isinstance(value, (dict, list)):
            return _cut(json.dumps(value, ensure_ascii=False, sort_keys=True))
        return show_scalar(value)

    def show_item(self, key: tuple, item) -> str:
        text = ", ".join(show_key_part(part, self.name) for part in key)
        if isinstance(item, dict):
            extra = [
                k if v is True else f"{k}: {self.show(v)}" for k, v in item.items()
                if k not in IDENTITY_FIELDS and v not in (None, [], {}, False)
            ]
            if extra:
                text += f" ({'; '.join(extra)})"
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


# --- showing values --------------------------------------------------------------------


def _cut(text: str, width: int = SHOWN_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show_text_change(old: str, new: str, width: int = SHOWN_TEXT) -> tuple[str, str]:
    """Two versions of a text, cut to show where they differ rather than how they begin."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if len(old) <= width and len(new) <= width:
        return old, new
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    start = max(0, same - width // 3)
    lead = "…" if start else ""
    return _cut(lead + old[start:], width), _cut(lead + new[start:], width)


def show_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def show_key_part(part, name: Callable[[str], str | None]) -> str:
    if isinstance(part, str):
        if part.startswith("#"):
            return part
        return _cut(name(part) or part, 40)
    return show_scalar(part)


_QUALIFIER_WORDS = {
    "at_least": "at least", "more_than": "more than", "at_most": "at most",
    "less_than": "less than", "approximately": "about",
}


def show_quantity(quantity) -> str:
    """A quantity as the source stated it: '156', 'at least 2', '2–3', 'ratusan (200–999)',
    with its unit, words and derivation where the file gives them: "2 in 'dua kapal'",
    '2 (derived: ...)'."""
    if not isinstance(quantity, dict):
        return show_scalar(quantity)
    text = _stated(quantity)
    if quantity.get("unit"):
        text += f" {quantity['unit']}"
    if quantity.get("words"):
        text += f" in '{quantity['words']}'"
    if quantity.get("derived"):
        text += f" (derived: {quantity['derived']})"
    return text


def _stated(quantity: dict) -> str:
    qualifier = quantity.get("qualifier")
    value, low, high = (quantity.get(k) for k in ("value", "low", "high"))
    if qualifier == "range":
        return f"{show_scalar(low)}–{show_scalar(high)}"
    if qualifier == "vague":
        bounds = f" ({show_scalar(low) if low is not None else '?'}–{show_scalar(high) if high is not None else '?'})"
        return f"{quantity.get('text')}{bounds if low is not None or high is not None else ''}"
    text = show_scalar(value)
    if qualifier in _QUALIFIER_WORDS:
        text = f"{_QUALIFIER_WORDS[qualifier]} {text}"
    if quantity.get("text"):
        text += f" ('{quantity['text']}')"
    return text


def _date_parts(value: str) -> list[str]:
    pieces = str(value).split("-")
    parts = []
    if len(pieces) == 3:
        parts.append(str(int(pieces[2])))
    if len(pieces) >= 2:
        parts.append(MONTHS[int(pieces[1]) - 1])
    parts.append(pieces[0])
    return parts


def when_phrase(when) -> str:
    """'5 Feb 2026', 'Jun 2025', '4–5 Feb 2026', 'night of 31 Jan–1 Feb 2026', 'by 1 Jun 2025'
    (a window with only its last day), or 'undated'."""
    if when is None or when is MISSING:
        return "undated"
    if isinstance(when, str):
        return " ".join(_date_parts(when))
    end = _date_parts(when["to"])
    if "from" not in when:
        return f"by {' '.join(end)}"
    start = _date_parts(when["from"])
    if start == end:
        text = " ".join(start)
    else:
        common = 0
        if len(start) == len(end):
            while common < len(start) - 1 and start[-1 - common] == end[-1 - common]:
                common += 1
        text = f"{' '.join(start[: len(start) - common])}–{' '.join(end)}"
    return f"night of {text}" if when.get("overnight") else text


def path_label(path: tuple, name: Callable[[str], str | None]) -> str:
    """A path of field names and item keys: 'delegations[Ukraine].members'."""
    text = ""
    for step in path:
        if isinstance(step, tuple):
            text += "[" + ", ".join(show_key_part(p, name) for p in step) + "]"
        else:
            text += ("." if text else "") + str(step)
    return text


# --- rendering -------------------------------------------------------------------------

_STATUS_MARK = {"added": "+", "removed": "-", "changed": "~"}


def _change_text(change: Change) -> str:
    sep = " " if change.figure else ": "
    if change.op == "+":
        return f"+ {change.label}{sep}{change.new}"
    if change.op == "-":
        return f"- {change.label}{sep}{change.old}"
    return f"{change.label}{sep}{change.old} → {change.new}"


def render_text(diff: FactDiff) -> str:
    if diff.empty:
        return f"no fact changes between {diff.base} and {diff.head}"
    lines = [f"{diff.base} → {diff.head}: {diff.summary()}"]
    for record in diff.records:
        lines.append(f"{_STATUS_MARK[record.status]} {record.kind} {record.id} ({record.detail}): {record.title}")
        lines.extend(f"    {_change_text(change)}" for change in record.changes)
    return "\n".join(lines)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})


def md(text: str) -> str:
    """Text made inert in Markdown: no emphasis, links, HTML or tables from fact values."""
    return text.translate(_MD_SPECIAL)


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _change_markdown(change: Change) -> str:
    label = _code(change.label)
    if change.op == "+":
        return f"added {label}: {md(change.new)}"
    if change.op == "-":
        return f"removed {label}: {md(change.old)}"
    return f"{label}: {md(change.old)} → {md(change.new)}"


MARKDOWN_LIMIT = 1_000_000
"""Bytes of markdown at most: GitHub refuses a job summary over 1 MiB, and a pull request that
rewrites thousands of facts would lose its whole summary, not just the tail."""


def diff_command(diff: FactDiff) -> str:
    """The command line that shows `diff` again (the working tree is the default HEAD, not an
    argument)."""
    versions = [diff.base] + ([] if diff.head == WORKING_TREE else [diff.head])
    return shlex.join(["factdb", "diff", *versions])


def render_markdown(diff: FactDiff, max_bytes: int = MARKDOWN_LIMIT) -> str:
    heading = f"### Fact changes: {_code(diff.base)} → {_code(diff.head)}"
    if diff.empty:
        return f"{heading}\n\nNo fact changes."
    lines = [heading, "", md(diff.summary()), ""]
    size = sum(len(line.encode()) + 1 for line in lines)
    for shown, record in enumerate(diff.records):
        block = [f"- **{record.status}** {record.kind} {_code(record.id)} ({md(record.detail)}): {md(record.title)}"]
        block += [f"  - {_change_markdown(change)}" for change in record.changes]
        block_size = sum(len(line.encode()) + 1 for line in block)
        room = 200 + len(f"{diff.base}{diff.head}".encode())  # for the note below
        if size + block_size > max_bytes - room:
            left = len(diff.records) - shown
            lines += ["", f"… and {left} more changed records, left out to keep this summary under "
                          f"{max_bytes:,} bytes: run `{diff_command(diff)}` for all of them."]
            break
        lines += block
        size += block_size
    return "\n".join(lines) + "\n"
