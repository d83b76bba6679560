"""What the cross-file rules read: every record by id with the file and path where it is
written (`Catalog`), the archived texts of the sources, and the look-ups that reach records of
files not being checked (`ThroughRecords`: the last build, the other process)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

from ..models import ENTITY_KINDS
from ..read import files
from ..read.project import FactSource, paused_gc
from ..read.repair import RepairedFile
from .binding import Binder
from .quotetext import normalise


@dataclass
class Located:
    """A record with the file and path where it is written."""

    kind: str
    file: FactSource
    path: tuple
    record: object


@dataclass
class Catalog:
    """Every valid record, by id, and the archived texts of the sources."""

    root: Path
    files: list[FactSource]
    records: dict[str, Located] = field(default_factory=dict)
    duplicates: list[tuple[Located, Located]] = field(default_factory=list)
    # Ids written in files that failed the model or the YAML: references to them are not
    # reported, so that one broken file does not flood every file that cites it.
    unchecked_ids: set[str] = field(default_factory=set)
    # Fact files that could not be read at all (too large, not UTF-8, unreadable): any id may
    # be in them, so a reference to no known record is not reported until they are fixed.
    unread: list[str] = field(default_factory=list)
    # (file, (section, index, field)) of each placeholder a record that failed the model was
    # read with (`read.repair`): what the rules find there is the placeholder's, not the file's.
    placeholders: set[tuple[str, tuple]] = field(default_factory=set)
    _archives: dict[str, str | None] = field(default_factory=dict)
    _ids_by_kinds: dict[tuple, list[str]] = field(default_factory=dict)
    bind: Binder = field(default_factory=Binder)
    """The binding of each claim's figures to its quotes, made once for the rules and the rows."""

    @classmethod
    def build(cls, root: Path, files: list[FactSource], invalid: list[FactSource] = ()) -> "Catalog":
        """The records of the valid `files`, and of the `invalid` ones those that are valid on
        their own (so that one typo does not hide the file's other problems until the next run)."""
        catalog = cls(root, files)
        for file in invalid:
            if file.text is None:
                catalog.unread.append(file.rel)
            elif file.data is None:
                catalog.unchecked_ids.update(_ID_IN_TEXT.findall(file.text))
            else:
                catalog.unchecked_ids.update(_ids_in(file.data))
        for file in files:
            catalog._add(file, file.model.records())
        for file in invalid:
            catalog._add(file, file.partial)
            for (section, index), (kind, record, how) in file.repaired.items():
                catalog._add(RepairedFile(file, section, index, how), [(section, index, kind, record)])
                catalog.placeholders.update((file.rel, (section, index, name)) for name in how.placeholders)
        return catalog

    def _add(self, file: FactSource, records) -> None:
        for section, index, kind, record in records:
            here = Located(kind, file, (section, index), record)
            first = self.records.setdefault(record.id, here)
            if first is not here:
                self.duplicates.append((first, here))

    def ids_of(self, kinds: tuple[str, ...]) -> list[str]:
        """Ids of the records of these kinds, for suggestions (made once per kinds, and only
        when a reference does not resolve)."""
        if kinds not in self._ids_by_kinds:
            self._ids_by_kinds[kinds] = [rid for rid, r in self.records.items() if r.kind in kinds]
        return self._ids_by_kinds[kinds]

    def of_kind(self, kind: str) -> Iterator[Located]:
        return (r for r in self.records.values() if r.kind == kind)

    def archive(self, source_id: str) -> str | None:
        """The normalised archived text of a source, read once; None if missing."""
        if source_id not in self._archives:
            located = self.records.get(source_id)
            text = None
            if located and located.kind == "source":
                path = self.root / located.record.archive
                try:  # a regular file only: a FIFO would hang, a link to /dev/zero never end
                    text = normalise(files.archive_text(path))
                except (OSError, ValueError):  # NotRegularFile, TooLarge, UnicodeDecodeError
                    text = None
            self._archives[source_id] = text
        return self._archives[source_id]

    def own_archives(self) -> dict[str, str | None]:
        """The normalised archived text of every source of these files (see `archive`)."""
        return {located.record.id: self.archive(located.record.id) for located in self.of_kind("source")}

    def add_archives(self, texts: Mapping[str, str | None]) -> None:
        """Normalised archived texts read by another process (its `own_archives`): the rules
        need not read and normalise them again."""
        self._archives.update(texts)


def entities_of(records: Mapping[str, object]) -> dict[str, object]:
    """Entity id -> entity record, from a catalog's records (id -> Located)."""
    return {record_id: found.record for record_id, found in records.items() if found.kind in ENTITY_KINDS}


def sources_of(records: Mapping[str, object]) -> dict[str, object]:
    """Source id -> source record, from a catalog's records (id -> Located)."""
    return {record_id: found.record for record_id, found in records.items() if found.kind == "source"}


# An id written in a file that is not YAML: only a guess, good enough to keep quiet about.
_ID_IN_TEXT = re.compile(r"""\bid:[ \t]*["']?([a-z0-9][a-z0-9_.-]*)""")


def _ids_in(data) -> Iterator[str]:
    if isinstance(data, dict):
        for records in data.values():
            if isinstance(records, list):
                for record in records:
                    if isinstance(record, dict) and isinstance(record.get("id"), str):
                        yield record["id"]


class ThroughRecords(dict):
    """Records by id of the files being checked. Iterating sees only these, so the rules
    check only them; looking an id up (get, [], in) falls through to `lookup`, which finds
    the records of every other file (as the last build stored them, or as another process
    read them) and returns None for an id that is nowhere."""

    def __init__(self, records: dict, lookup: Callable[[str], Located | None]):
        super().__init__(records)
        self._lookup = lookup
        self._found: dict[str, Located | None] = {}

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if key not in self._found:
            self._found[key] = self._lookup(key)
        found = self._found[key]
        return default if found is None else found

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self.get(key) is not None


class KindsThrough:
    """`kinds` for rows_of_file (id -> kind) through a catalog's records."""

    def __init__(self, records: dict):
        self._records = records

    def get(self, key, default=None):
        found = self._records.get(key)
        return default if found is None else found.kind



def catalog_of(root: Path, files: list[FactSource]) -> Catalog:
    """The catalog of the records of `files` (valid or not), for `run`."""
    with paused_gc():
        return Catalog.build(
            root, [f for f in files if f.model is not None], [f for f in files if f.model is None]
        )
