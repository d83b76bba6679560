"""Validating a fact repository: every problem in one pass, reported in three formats.

Problems are errors (the facts do not validate: exit 1, no build) or warnings (advice, such
as an event to group claims into: reported and counted apart, never failing validation)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import events, rules
from .catalog import Catalog, catalog_of
from ..problems import Problem
from ..read.project import MAX_PROBLEMS_PER_FILE, FactSource, Project, load_project, paused_gc


class _Rendered:
    """The three output formats and the summary line, from `ok`, `summary()` and `shown()`."""

    ok: bool

    def summary(self) -> dict:
        raise NotImplementedError

    def shown(self) -> list[Problem]:
        raise NotImplementedError

    def render(self, fmt: str) -> str:
        shown = self.shown()
        if fmt == "json":
            return json.dumps(
                {"ok": self.ok, "summary": self.summary(), "problems": [p.as_dict() for p in shown]},
                indent=2, ensure_ascii=False,
            )
        if fmt == "github":
            return "\n".join(p.format_github() for p in shown)
        return "\n".join(p.format_text() for p in shown)

    def summary_line(self) -> str:
        s = self.summary()
        warned = f"; {_count(s['warnings'], 'warning')}" if s["warnings"] else ""
        if self.ok:
            return f"ok: {s['files']} files, {s['records']} records, {s['claims']} claims{warned}"
        return (
            f"{_count(s['problems'], 'problem')} in {s['files_with_problems']} of "
            f"{_count(s['files'], 'file')}{warned}"
        )


def _warning_summary(warnings: list[Problem]) -> dict:
    return {
        "warnings": len(warnings),
        "warnings_by_code": dict(sorted(Counter(p.code for p in warnings).items())),
    }


def _shown(problems: list[Problem], unshown: dict[str, int]) -> list[Problem]:
    """Problems sorted by place, at most MAX_PROBLEMS_PER_FILE per file plus a line saying how
    many more (`unshown`: file -> problems counted but never placed)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    shown: list[Problem] = []
    for name in sorted(by_file):
        placed = sorted(by_file[name], key=lambda p: (p.line or 0, p.column or 0, p.code))
        shown.extend(placed[:MAX_PROBLEMS_PER_FILE])
        hidden = len(placed) - MAX_PROBLEMS_PER_FILE + unshown.get(name, 0)
        if hidden > 0:
            last = placed[MAX_PROBLEMS_PER_FILE]
            shown.append(Problem(
                name, "too-many-problems",
                f"{hidden} more problems in this file are not shown", last.line, last.column,
            ))
    return shown


@dataclass
class Passed(_Rendered):
    """The report of a repository without a problem, validated on two processes
    (`factdb.check.parallel.validate`), which keep no Report: only what is counted."""

    files: int
    records: int
    claims: int
    warnings: list[Problem] = field(default_factory=list)
    ok = True

    def shown(self) -> list[Problem]:
        return _shown(self.warnings, {})

    def summary(self) -> dict:
        return {
            "files": self.files, "files_with_problems": 0, "problems": 0, "by_code": {},
            "records": self.records, "claims": self.claims, **_warning_summary(self.warnings),
        }


@dataclass
class Report(_Rendered):
    project: Project
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """No error (warnings do not count)."""
        return all(not p.is_error for p in self.problems)

    def shown(self) -> list[Problem]:
        """Errors and warnings sorted by place, at most MAX_PROBLEMS_PER_FILE per file plus a
        line saying how many more."""
        unshown = {f.rel: sum(f.unshown.values()) for f in self.project.files if f.unshown}
        return _shown(self.problems, unshown)

    def summary(self) -> dict:
        errors = self.errors
        by_code = Counter(p.code for p in errors)
        for file in self.project.files:
            by_code.update(file.unshown)  # counted, never placed (see MAX_LOCATED_PER_FILE)
        return {
            "files": len({f.rel for f in self.project.files} | {p.file for p in self.project.problems}),
            "files_with_problems": len({p.file for p in errors}),
            "problems": sum(by_code.values()),
            "by_code": dict(sorted(by_code.items())),
            "records": len(self.catalog.records),
            "claims": sum(1 for _ in self.catalog.of_kind("claim")),
            **_warning_summary(self.warnings),
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def validate(root: Path) -> Report:
    """Every error and warning of the repository at `root`, in one process."""
    report = check_across(read(root))
    files = {f.rel: f for f in report.project.files}
    with paused_gc():  # millions of objects live; a collection would walk them all
        report.problems.extend(events.suggest(events.looks(report.catalog.records.values()), files.__getitem__))
    return report


def outcome(root: Path) -> Report | Passed:
    """What `factdb validate` reports: on two processes where the machine and repository are
    large enough (`factdb.check.parallel.validate`), and when that finds any problem, or cannot
    run, in one process, which reports every problem."""
    from . import parallel  # imported here: it imports this module's Report users only when asked

    root = Path(root)
    found = parallel.validate(root)
    if found is None:
        return validate(root)
    counts, looks = found
    reread: dict[str, FactSource] = {}

    def source_of(rel: str) -> FactSource:
        # The two processes kept no text: a file is read again, once, to place its warnings.
        if rel not in reread:
            reread[rel] = FactSource(root, rel, (root / rel).read_bytes().decode("utf-8-sig"))
        return reread[rel]

    return Passed(**counts, warnings=events.suggest(looks, source_of))


def read(root: Path) -> Report:
    """Load and check every file on its own, and catalog their records: the report of
    `validate` before the cross-file rules, which `check_across` runs. A report that is
    already not ok stays so; one that is ok may not be until `check_across` says."""
    project = load_project(Path(root))
    problems = list(project.problems)
    for file in project.files:
        problems.extend(file.problems)
    return Report(project, catalog_of(project.root, project.files), problems)


def check_across(report: Report) -> Report:
    """Run the cross-file rules over the report of `read`, adding what they find."""
    report.problems.extend(rules.run(report.catalog))
    return report
