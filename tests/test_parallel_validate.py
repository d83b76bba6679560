"""`factdb validate` on two processes (factdb.check.parallel.validate, validate.outcome): the
same report as in one process, and on any problem the one-process report itself.

As in test_parallel_build.py, each run is a fresh interpreter (a fork only happens where no
other thread runs) with the size floor lowered to zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_parallel_build import copy_of, corpus, second_half_file  # noqa: F401  (corpus: a fixture)

from factdb.check import parallel
from factdb.check.validate import validate

pytestmark = pytest.mark.skipif(not parallel.machine_allows(), reason="needs fork() and two cores")

VALIDATE = """
import json, os, sys
from pathlib import Path
from factdb.check import parallel
from factdb.check.validate import Passed, outcome

parallel.MIN_BYTES = 0
forks = []
_fork = os.fork
def fork():
    pid = _fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = fork
PATCH
report = outcome(Path(sys.argv[1]))
print(json.dumps({
    "two_processes": isinstance(report, Passed), "forked": len(forks), "ok": report.ok,
    "line": report.summary_line(), "json": report.render("json"), "text": report.render("text"),
}))
"""


def two_process_validate(root: Path, patch: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k != parallel.PROCESSES_ENV}
    done = subprocess.run(
        [sys.executable, "-c", VALIDATE.replace("PATCH", patch), str(root)], capture_output=True, text=True,
        env=env, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_valid_repository_gives_the_one_process_report(corpus):  # noqa: F811
    two = two_process_validate(corpus)
    assert (two["two_processes"], two["forked"], two["ok"]) == (True, 1, True)
    one = validate(corpus)
    assert one.ok
    assert two["line"] == one.summary_line()
    assert json.loads(two["json"]) == json.loads(one.render("json"))
    assert two["text"] == one.render("text") == ""


def test_a_problem_in_the_second_half_is_reported_by_the_one_process_check(corpus, tmp_path):  # noqa: F811
    root = copy_of(corpus, tmp_path)
    target = second_half_file(root, "\n  - id: ")
    text = target.read_text()
    target.write_text(text.replace("\n  - id: ", "\n  - idd: ", 1))  # an unknown field, a missing id
    two = two_process_validate(root)
    one = validate(root)
    assert not one.ok
    assert (two["two_processes"], two["forked"], two["ok"]) == (False, 1, False)
    assert (two["line"], two["text"]) == (one.summary_line(), one.render("text"))


def test_a_reference_across_the_halves_is_checked(corpus, tmp_path):  # noqa: F811
    # Every claim names entities of the other half's files too: a renamed entity id leaves
    # claims of both halves pointing at nothing, found by each half's look-ups.
    root = copy_of(corpus, tmp_path)
    target = second_half_file(root, "claimant: ")
    text = target.read_text()
    claimant = text.split("claimant: ", 1)[1].split("\n", 1)[0]
    entity_file = next(p for p in (root / "facts").rglob("*.yaml")
                       if "/claims/" not in p.as_posix() and f"id: {claimant}\n" in p.read_text())
    entity_file.write_text(entity_file.read_text().replace(f"id: {claimant}\n", f"id: {claimant}-renamed\n", 1))
    two = two_process_validate(root)
    one = validate(root)
    assert "unresolved-reference" in {p.code for p in one.problems}
    assert (two["two_processes"], two["ok"]) == (False, False)
    assert two["text"] == one.render("text")


def test_a_child_that_dies_leaves_validation_to_one_process(corpus):  # noqa: F811
    # In the child only (the parent counts its own half after the child has sent its counts).
    patch = "import os\nparallel.Half.counts = lambda self: os._exit(3)"
    two = two_process_validate(corpus, patch)
    assert (two["two_processes"], two["forked"], two["ok"]) == (False, 1, True)
    assert two["line"] == validate(corpus).summary_line()


def test_events_suggested_across_the_halves_are_the_one_process_warnings(corpus, tmp_path):  # noqa: F811
    # Without their events, the claims of one night look alike, in one file and across files
    # the two halves read: each half sends the other what its claims look like.
    root = copy_of(corpus, tmp_path)
    for path in (root / "facts" / "claims").rglob("*.yaml"):
        text = path.read_text()
        path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("    event: ")))
    two = two_process_validate(root)
    one = validate(root)
    assert one.ok and one.warnings
    assert (two["two_processes"], two["forked"], two["ok"]) == (True, 1, True)
    assert two["line"] == one.summary_line()
    assert json.loads(two["json"]) == json.loads(one.render("json"))
    assert two["text"] == one.render("text") != ""
