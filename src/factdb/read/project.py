"""A fact repository on disk: finding its files and reading each into the model.

Every file is read on its own, so a broken file never stops the checking of the others.
"""

from __future__ import annotations

import gc
import os
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from . import files, yamlfile
from .cuts import cuts_in, warning as cut_warning
from .messages import message_of
from .repair import readable_records, strip_tags
from ..models import FactFile
from ..problems import Problem

FACTS_DIR = "facts"
SEEDS_DIR = "seeds"
FACT_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest fact file read; larger ones are refused (split them: one file per occasion)."""
MAX_PROBLEMS_PER_FILE = 50
"""Problems shown per file; the rest are counted, so output stays readable."""
MAX_LOCATED_PER_FILE = 20 * MAX_PROBLEMS_PER_FILE
"""Model problems of one file given a place and a message; the rest are only counted by code.
A 2 MiB file can hold a million errors ("claims: [1,1,1,...]"): placing them all took 20 s
and 2 GB to show 50."""


class ProjectError(Exception):
    """The directory is not a fact repository at all (a usage error, not a validation one)."""


@dataclass
class FactSource:
    """One fact file: its text and, when it is valid, its model.

    `data` is the parsed document while it is needed: for a file that fails the model (its
    problems point into it); a valid file drops it once its model is built, which holds the
    same facts (at 100k claims the two copies would take a quarter of a gigabyte more)."""

    root: Path
    rel: str
    text: str | None = None
    data: object = None
    model: FactFile | None = None
    problems: list[Problem] = field(default_factory=list)
    partial: list[tuple[str, int, str, object]] = field(default_factory=list)
    """For a file that fails the model: (section, index, kind, record) of each record that
    passes it on its own, so that the cross-file rules still check them in the same run."""
    cuts: list = field(default_factory=list)
    """Plain values a ' #' cut short (`factdb.read.cuts`), each also a warning."""
    repaired: dict = field(default_factory=dict)
    """For a file that fails the model: (section, index) -> (kind, model, repair) of each
    record that fails it but can be read in part (see `factdb.read.repair`), which the
    cross-file rules check too."""
    unshown: Counter = field(default_factory=Counter)
    """Codes of the model problems beyond MAX_LOCATED_PER_FILE, counted but not kept."""

    @cached_property
    def tree(self):
        """The YAML node tree, composed only when a problem needs a line number."""
        try:
            return yamlfile.compose(self.text or "")
        except Exception:
            return None

    def problem_at(
        self, path: tuple, code: str, message: str, *, key: bool = False, severity: str = "error"
    ) -> Problem:
        line, column = yamlfile.locate(self.tree, path, key=key)
        return Problem(self.rel, code, message, line, column, path, severity)


def find_fact_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """Fact files below root/facts, sorted, and the problems of what cannot be read safely:
    symbolic links that lead out of the project or in a loop, unreadable directories and
    directories named like fact files.

    A linked directory inside the project is walked under the link's name, but each real
    directory only once (a link to an ancestor would repeat the tree forever), and real
    directories before links, so that a file is reported under its own name where it can be."""
    facts = root / FACTS_DIR
    if not facts.is_dir():
        raise ProjectError(f"no '{FACTS_DIR}/' directory in {root}; run inside a factdb checkout or pass -C DIR")
    real_root = root.resolve()
    found: list[Path] = []
    problems: list[Problem] = []
    visited: set[Path] = set()
    plain: list[Path] = []
    linked: deque[Path] = deque([facts])  # facts/ itself may be a link
    while plain or linked:
        # Links in the order met, the nearest first: the shortest name wins a directory.
        directory = plain.pop() if plain else linked.popleft()
        real = _real(directory)
        if real is None or not real.is_relative_to(real_root):
            problems.append(_link_problem(root, directory, real))
            continue
        if real in visited:
            continue
        visited.add(real)
        entries, problem = _entries(root, directory)
        if problem:
            problems.append(problem)
        for entry in entries:
            path = Path(entry.path)
            is_fact = path.suffix in FACT_SUFFIXES
            if _is_dir(entry):
                (linked if entry.is_symlink() else plain).append(path)
                if is_fact:
                    problems.append(Problem(
                        rel_path(root, path), "unreadable",
                        "this is a directory, named like a fact file; fact files must be plain files",
                        1, 1,
                    ))
            elif is_fact and entry.is_symlink():
                real = _real(path)
                if real is None or not real.is_relative_to(real_root):
                    problems.append(_link_problem(root, path, real))
                else:
                    found.append(path)  # read like any file, under the link's name
            elif is_fact:
                found.append(path)
    return sorted(found, key=lambda p: rel_path(root, p)), sorted(problems, key=lambda p: p.file)


def _entries(root: Path, directory: Path) -> tuple[list[os.DirEntry], Problem | None]:
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda e: e.name), None
    except OSError as exc:
        return [], Problem(
            rel_path(root, directory), "unreadable",
            f"cannot read the directory: {exc.strerror}; the fact files in it are not checked", 1, 1,
        )


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a loop: neither a directory nor a file
        return False


def _real(path: Path) -> Path | None:
    """Where `path` really is, or None for a loop of symbolic links."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError for a loop
        return None


def _link_problem(root: Path, path: Path, real: Path | None) -> Problem:
    if real is None:
        return Problem(
            rel_path(root, path), "unreadable",
            "symbolic link in a loop (it leads back to itself); remove or fix it", 1, 1,
        )
    return Problem(
        rel_path(root, path), "symlink-outside",
        f"symbolic link to {_link_target(path)} leads outside the project; copy the file in instead",
        1, 1,
    )


def _link_target(path: Path) -> str:
    # facts/ itself may be a plain directory inside a linked project root: name where it leads.
    try:
        return os.readlink(path)
    except OSError:
        return str(path.resolve())


def rel_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read. A FIFO or device would block
    or never end: only a regular file is read, checked on the open file (files.read_regular),
    so one swapped in after the files were listed is refused too."""
    try:
        raw = files.read_regular(path, MAX_FILE_BYTES)
    except files.NotRegularFile:
        return None, Problem(rel, "unreadable", "not a regular file; fact files must be plain files", 1, 1)
    except files.TooLarge as exc:
        return None, Problem(
            rel, "file-too-large",
            f"{exc.size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit; split the file",
            1, 1,
        )
    except OSError as exc:
        return None, Problem(rel, "unreadable", f"cannot read the file: {exc.strerror}", 1, 1)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(
            rel, "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line, column,
        )


def load_file(root: Path, path: Path) -> FactSource:
    rel = rel_path(root, path)
    source = FactSource(root, rel)
    text, problem = read_text(path, rel)
    if problem:
        source.problems.append(problem)
        return source
    source.text = text
    try:
        source.data = yamlfile.parse(text)
    except yamlfile.FactYAMLError as exc:
        source.problems.append(Problem(rel, exc.code, exc.message, exc.line, exc.column))
        return source
    if source.data is None:
        source.problems.append(Problem(rel, "empty-file", "the document is empty (null); add content or delete the file", 1, 1))
        return source
    if not isinstance(source.data, dict):
        kind = type(source.data).__name__
        source.problems.append(source.problem_at(
            (), "top-level",
            f"the document is a {kind}; it must be a mapping with sections such as "
            "'sources:', 'people:' or 'claims:'",
        ))
        return source
    source.cuts = cuts_in(text, lambda: source.tree)
    source.problems.extend(cut_warning(rel, cut) for cut in source.cuts)
    try:
        source.model = FactFile.model_validate(source.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        source.data = None
        return source
    source.partial = valid_records(source.data, errors)
    source.repaired = readable_records(source.data, errors[:MAX_LOCATED_PER_FILE])
    placed = _problems_to_place(source, errors)
    del errors  # a dict per error: free them before the node tree is built to place the rest
    source.problems.extend(source.problem_at(*args, key=key) for *args, key in placed)
    if not source.partial and not source.repaired:
        # No rule will point into the file: free its node tree (a node per value).
        source.__dict__.pop("tree", None)
    return source


def _problems_to_place(source: FactSource, errors: list[dict]) -> list[tuple[tuple, str, str, bool]]:
    """(path, code, message, at_key) of the first MAX_LOCATED_PER_FILE model errors; the
    others are counted in `source.unshown`."""
    for error in errors[MAX_LOCATED_PER_FILE:]:
        source.unshown[message_of(error)[0]] += 1
    placed = []
    for error in errors[:MAX_LOCATED_PER_FILE]:
        loc = strip_tags(error["loc"], source.data)
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "type")
        code, message, at_key = message_of(error)
        where = ".".join(str(p) for p in loc)
        placed.append((loc, code, f"{message} (at {where})" if where else message, at_key))
    return placed


def valid_records(data: dict, errors: list[dict]) -> list[tuple[str, int, str, object]]:
    """The records of a file that failed the model which pass it on their own, as
    FactFile.records() gives them but with their indexes in the file.

    Every error of a record has the section and the record's index first in its location;
    an error with a shorter one (a section that is not a list) fails the whole section."""
    failed: set[tuple] = set()
    for error in errors:
        loc = error["loc"]
        failed.add(loc[:2] if len(loc) >= 2 and isinstance(loc[1], int) else loc[:1])
    kept: dict[str, list] = {}
    indexes: dict[str, list[int]] = {}
    for section, records in data.items():
        if section in FactFile.model_fields and isinstance(records, list) and (section,) not in failed:
            indexes[section] = [i for i in range(len(records)) if (section, i) not in failed]
            kept[section] = [records[i] for i in indexes[section]]
    try:
        model = FactFile.model_validate(kept)
    except ValidationError:  # pragma: no cover - records are validated one by one
        return []
    return [(section, indexes[section][i], kind, record) for section, i, kind, record in model.records()]




@dataclass
class Project:
    root: Path
    files: list[FactSource]
    problems: list[Problem]

    @property
    def valid_files(self) -> list[FactSource]:
        return [f for f in self.files if f.model is not None]


@contextmanager
def paused_gc():
    """Run a block without the cyclic garbage collector.

    Reading a repository allocates millions of small objects and frees almost none, and none
    in cycles; each collection would walk them all again, so a 100k-claim run spends a third
    of its time collecting. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project(root: Path) -> Project:
    root = Path(root)
    paths, problems = find_fact_files(root)
    with paused_gc():
        files = [load_file(root, path) for path in paths]
    return Project(root, files, problems)
