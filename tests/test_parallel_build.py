"""The full build on two processes (factdb.builds.parallel): the very file the one-process build
writes, and whenever anything is amiss, the one-process build's answer instead.

The repositories here are small, so the size floor below which a build stays in one process
is lowered to zero; `FACTDB_PROCESSES=1` gives the one-process build to compare with."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdb.builds import parallel
from factdb.check import parallel as checking
from factdb.builds.full import InvalidFacts
from factdb.builds.incremental import update
from factdb.db.rows import file_blocks
from test_benchmark_corpus import load_make_corpus
from test_incremental import dump

pytestmark = pytest.mark.skipif(not checking.machine_allows(), reason="needs fork() and two cores")


# Each two-process build runs in a fresh interpreter: a fork copies only the calling thread,
# so factdb forks only where no other thread runs (checking.available), and a test process
# may have threads left by earlier tests (Datasette's executors). `patch` is Python run first.
BUILD = """
import json, sys
from pathlib import Path
from factdb.builds import parallel
from factdb.check import parallel as checking
from factdb.builds.full import InvalidFacts
from factdb.builds.incremental import update

checking.MIN_BYTES = 0  # these repositories are small
spy = {"forked": 0, "copied": 0}
_publish, _copy_in = parallel._write_build, parallel._copy_in

def publish(*args):
    spy["forked"] += 1
    return _publish(*args)

def copy_in(*args):
    spy["copied"] += 1
    return _copy_in(*args)

parallel._write_build, parallel._copy_in = publish, copy_in
PATCH
try:
    result = update(Path(sys.argv[1]), Path(sys.argv[2]), full_build=True)
    outcome = {"counts": result.counts}
except InvalidFacts as exc:
    outcome = {"shown": [p.format_text() for p in exc.report.shown()],
               "codes": sorted({p.code for p in exc.report.problems})}
except Exception as exc:
    outcome = {"error": f"{type(exc).__name__}: {exc}"}
print(json.dumps({**outcome, **spy}))
"""


def two_process_build(root: Path, out: Path, patch: str = "") -> dict:
    """A full build of `root` into `out` in a fresh interpreter, on two processes whatever the
    size; what it gave (counts, or the problems shown, or an error) and how often it forked
    and copied the child's rows in."""
    env = {k: v for k, v in os.environ.items() if k != checking.PROCESSES_ENV}
    done = subprocess.run(
        [sys.executable, "-c", BUILD.replace("PATCH", patch), str(root), str(out)],
        capture_output=True, text=True, env=env, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A synthetic repository of 300 claims in some 40 files, every claim type and rule."""
    root = tmp_path_factory.mktemp("corpus") / "repo"
    load_make_corpus().make_corpus(300, root)
    return root


def one_process(root: Path, out: Path, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv(checking.PROCESSES_ENV, "1")
        return update(root, out, full_build=True)


def copy_of(corpus: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(corpus, tmp_path / "repo"))


def claims_files(root: Path) -> tuple[list[Path], list[Path]]:
    """The claims files the parent reads and those the child reads, as a build cuts them."""
    rels = sorted(str(p.relative_to(root)) for p in (root / "facts").rglob("*.yaml"))
    sizes = {rel: (root / rel).stat().st_size for rel in rels}
    halves = checking.halves(rels, file_blocks(rels), sizes, parallel.CHILD_SHARE)
    return tuple([root / rel for rel in half if "/claims/" in rel] for half in halves)


def second_half_file(root: Path, containing: str = "") -> Path:
    """A claims file the child reads, in a build and in `factdb validate` (which cuts the
    bytes in two halves): the last in rowid order that holds `containing`."""
    return next(path for path in reversed(claims_files(root)[1]) if containing in path.read_text())


def test_two_processes_write_the_file_one_process_writes(corpus, tmp_path, monkeypatch):
    one = one_process(corpus, tmp_path / "one" / "factdb.db", monkeypatch)
    out = tmp_path / "two" / "factdb.db"
    two = two_process_build(corpus, out)
    assert (two["forked"], two["copied"]) == (1, 1)
    assert two["counts"] == one.counts and two["counts"]["claims"] == 300
    assert dump(out) == dump(one.path)
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]  # no scratch file left


def test_the_child_s_rows_copied_in_as_each_scratch_file_is_done_make_the_same_file(corpus, tmp_path, monkeypatch):
    one = one_process(corpus, tmp_path / "one" / "factdb.db", monkeypatch)
    out = tmp_path / "two" / "factdb.db"
    two = two_process_build(corpus, out, "parallel.CHUNK_ROWS = 300")
    assert two["forked"] == 1 and two["copied"] > 3
    assert dump(out) == dump(one.path)
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]  # every scratch file gone


def test_an_incremental_build_after_a_two_process_build_is_a_full_build_s_equal(corpus, tmp_path, monkeypatch):
    root = copy_of(corpus, tmp_path)
    assert two_process_build(root, root / "build" / "factdb.db")["copied"] == 1
    assert update(root).mode == "no-op"
    changed = second_half_file(root, "population: civilian")
    changed.write_text(changed.read_text().replace("population: civilian", "population: unknown", 1))
    assert update(root).mode == "incremental"
    reference = one_process(root, tmp_path / "reference.db", monkeypatch)
    assert dump(root / "build" / "factdb.db") == dump(reference.path)


def unknown_claimant(text: str) -> str:
    return text.replace("claimant: ", "claimant: nobody-", 1)


def figure_stated_nowhere(text: str) -> str:
    return re.sub(r"launched: [0-9]+\n", "launched: 987654\n", text, count=1)


# The cross-file rules run once the rows are written (the child's rows may already be copied
# in). In the child's half they find an unknown claimant; in the parent's half a figure bound
# to no words stops its rows before its rules run. Either way one process reports what it
# finds, and nothing is written.
@pytest.mark.parametrize(("half", "edit", "code"), [
    (1, unknown_claimant, "unresolved-reference"), (0, figure_stated_nowhere, "figure-not-in-quote"),
], ids=["child-unknown-claimant", "parent-figure-stated-nowhere"])
def test_invalid_facts_in_either_half_are_reported_as_by_one_process(corpus, tmp_path, monkeypatch, half, edit, code):
    root = copy_of(corpus, tmp_path)
    bad = next(path for path in claims_files(root)[half] if edit(path.read_text()) != path.read_text())
    bad.write_text(edit(bad.read_text()))
    out = tmp_path / "out" / "factdb.db"
    two = two_process_build(root, out)
    assert two["forked"] == 1
    with pytest.raises(InvalidFacts) as one:
        one_process(root, out, monkeypatch)
    assert two["shown"] == [p.format_text() for p in one.value.report.shown()]
    assert two["codes"] == [code]
    assert not out.parent.exists()  # invalid facts create nothing


def test_an_id_in_both_halves_is_a_duplicate(corpus, tmp_path):
    root = copy_of(corpus, tmp_path)
    mine = claims_files(root)[0][0]
    claim_id = mine.read_text().split("- id: ", 1)[1].split("\n", 1)[0]
    theirs = second_half_file(root, "- id: ")
    text = theirs.read_text()
    other_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
    theirs.write_text(text.replace(f"- id: {other_id}\n", f"- id: {claim_id}\n", 1))
    two = two_process_build(root, root / "build" / "factdb.db")
    assert "duplicate-id" in two["codes"]
    assert (two["forked"], two["copied"]) == (1, 0)


def test_a_child_that_dies_leaves_the_build_to_one_process(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out" / "factdb.db"
    # In the child, as a crash would.
    two = two_process_build(corpus, out, "import os\nparallel._write_part = lambda *args: os._exit(3)")
    assert (two["forked"], two["copied"]) == (1, 0)
    assert two["counts"]["claims"] == 300
    assert dump(out) == dump(one_process(corpus, tmp_path / "one.db", monkeypatch).path)
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_a_failure_after_the_fork_keeps_the_last_good_file(corpus, tmp_path):
    out = tmp_path / "out" / "factdb.db"
    two_process_build(corpus, out)
    good = out.read_bytes()
    patch = "def broken(*args):\n    raise OSError('disk full')\nparallel._copy_in = broken"
    two = two_process_build(corpus, out, patch)
    assert two["error"] == "OSError: disk full"
    assert out.read_bytes() == good
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_small_repositories_the_setting_and_other_threads_keep_one_process(sample_repo, monkeypatch):
    monkeypatch.delenv(checking.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(checking.threading, "active_count", lambda: 1)
    assert checking.available()
    assert parallel.write_build(sample_repo, sample_repo / "build" / "factdb.db", None, 0.0) is None  # under MIN_BYTES
    assert not (sample_repo / "build").exists()
    monkeypatch.setattr(checking.threading, "active_count", lambda: 2)
    assert not checking.available()
    monkeypatch.setattr(checking.threading, "active_count", lambda: 1)
    monkeypatch.setenv(checking.PROCESSES_ENV, "1")
    assert not checking.available()


def test_halves_cut_the_rowid_order_by_bytes():
    rels = [f"facts/claims/{i}.yaml" for i in range(9)]
    blocks = file_blocks(rels)
    sizes = {rel: 100 for rel in rels} | {rels[0]: 1000}
    first, second = checking.halves(rels, blocks, sizes)
    assert first and second and sorted(first + second) == sorted(rels)
    assert max(blocks[r] for r in first) < min(blocks[r] for r in second)
    assert abs(sum(sizes[r] for r in first) - sum(sizes[r] for r in second)) <= 1000
    assert checking.halves(rels[:2], blocks, {rels[0]: 1, rels[1]: 1}) in (([rels[0]], [rels[1]]), ([rels[1]], [rels[0]]))


def test_halves_give_the_second_its_share_of_the_bytes():
    rels = [f"facts/claims/{i}.yaml" for i in range(100)]
    sizes = {rel: 100 for rel in rels}
    for share in (0.5, 0.55, 0.7):
        first, second = checking.halves(rels, file_blocks(rels), sizes, share)
        assert len(second) == round(share * 100) and len(first) + len(second) == 100
