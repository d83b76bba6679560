"""Validating a fact repository: every problem in one pass, reported in three formats."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import rules
from ..problems import Problem
from ..read.project import MAX_PROBLEMS_PER_FILE, Project, load_project


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
        if self.ok:
            return f"ok: {s['files']} files, {s['records']} records, {s['claims']} claims"
        return f"{_count(s['problems'], 'problem')} in {s['files_with_problems']} of {_count(s['files'], 'file')}"


@dataclass
class Passed(_Rendered):
    """The report of a repository without a problem, validated on two processes
    (`factdb.check.parallel.validate`), which keep no Report: only what is counted."""

    files: int
    records: int
    claims: int
    ok = True

    def shown(self) -> list[Problem]:
        return []

    def summary(self) -> dict:
        return {
            "files": self.files, "files_with_problems": 0, "problems": 0, "by_code": {},
            "records": self.records, "claims": self.claims,
        }


@dataclass
class Report(_Rendered):
    project: Project
    catalog: rules.Catalog
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def shown(self) -> list[Problem]:
        """Problems sorted by place, at most MAX_PROBLEMS_PER_FILE per file plus a line saying how many more."""
        unshown = {f.rel: sum(f.unshown.values()) for f in self.project.files if f.unshown}
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.file, []).append(problem)
        shown: list[Problem] = []
        for name in sorted(by_file):
            problems = sorted(by_file[name], key=lambda p: (p.line or 0, p.column or 0, p.code))
            shown.extend(problems[:MAX_PROBLEMS_PER_FILE])
            hidden = len(problems) - MAX_PROBLEMS_PER_FILE + unshown.get(name, 0)
            if hidden > 0:
                last = problems[MAX_PROBLEMS_PER_FILE]
                shown.append(Problem(
                    name, "too-many-problems",
                    f"{hidden} more problems in this file are not shown", last.line, last.column,
                ))
        return shown

    def summary(self) -> dict:
        by_code = Counter(p.code for p in self.problems)
        for file in self.project.files:
            by_code.update(file.unshown)  # counted, never placed (see MAX_LOCATED_PER_FILE)
        return {
            "files": len({f.rel for f in self.project.files} | {p.file for p in self.project.problems}),
            "files_with_problems": len({p.file for p in self.problems}),
            "problems": sum(by_code.values()),
            "by_code": dict(sorted(by_code.items())),
            "records": len(self.catalog.records),
            "claims": sum(1 for _ in self.catalog.of_kind("claim")),
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def validate(root: Path) -> Report:
    return check_across(read(root))


def outcome(root: Path) -> Report | Passed:
    """What `factdb validate` reports: on two processes where the machine and repository are
    large enough (`factdb.check.parallel.validate`), and when that finds any problem, or cannot
    run, in one process, which reports every problem."""
    from . import parallel  # imported here: it imports this module's Report users only when asked

    counts = parallel.validate(Path(root))
    return Passed(**counts) if counts is not None else validate(root)


def read(root: Path) -> Report:
    """Load and check every file on its own, and catalog their records: the report of
    `validate` before the cross-file rules, which `check_across` runs. A report that is
    already not ok stays so; one that is ok may not be until `check_across` says."""
    project = load_project(Path(root))
    problems = list(project.problems)
    for file in project.files:
        problems.extend(file.problems)
    return Report(project, rules.catalog_of(project.root, project.files), problems)


def check_across(report: Report) -> Report:
    """Run the cross-file rules over the report of `read`, adding what they find."""
    report.problems.extend(rules.run(report.catalog))
    return report
