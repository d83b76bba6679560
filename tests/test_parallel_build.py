"""The full build on two processes (factdb.db.parallel): the very file the one-process build
writes, and whenever anything is amiss, the one-process build's answer instead.

The repositories here are small, so the size floor below which a build stays in one process
is lowered to zero; `FACTDB_PROCESSES=1` gives the one-process build to compare with."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from factdb.db import parallel
from factdb.db.build import InvalidFacts
from factdb.db.incremental import update
from factdb.db.rows import file_blocks
from test_benchmark_corpus import load_make_corpus
from test_incremental import dump

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork() and two cores")


class Spy(list):
    """Builds that forked (`forked`), and those that got as far as copying the child's rows
    in (the list itself: one True each)."""

    forked = 0


@pytest.fixture
def two_processes(monkeypatch):
    """Build on two processes whatever the size."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.delenv(parallel.PROCESSES_ENV, raising=False)
    spy = Spy()
    copy_in, publish = parallel._copy_in, parallel._publish

    def spied_copy_in(*args):
        spy.append(True)
        copy_in(*args)

    def spied_publish(*args):
        spy.forked += 1
        return publish(*args)

    monkeypatch.setattr(parallel, "_copy_in", spied_copy_in)
    monkeypatch.setattr(parallel, "_publish", spied_publish)
    return spy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A synthetic repository of 300 claims in some 40 files, every claim type and rule."""
    root = tmp_path_factory.mktemp("corpus") / "repo"
    load_make_corpus().make_corpus(300, root)
    return root


def one_process(root: Path, out: Path, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv(parallel.PROCESSES_ENV, "1")
        return update(root, out, full_build=True)


def copy_of(corpus: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(corpus, tmp_path / "repo"))


def second_half_file(root: Path) -> Path:
    """A claims file the child reads."""
    rels = sorted(str(p.relative_to(root)) for p in (root / "facts").rglob("*.yaml"))
    blocks = file_blocks(rels)
    sizes = {rel: (root / rel).stat().st_size for rel in rels}
    _, second = parallel.halves(rels, blocks, sizes)
    return root / next(rel for rel in second if "/claims/" in rel)


def test_two_processes_write_the_file_one_process_writes(corpus, tmp_path, monkeypatch, two_processes):
    one = one_process(corpus, tmp_path / "one" / "factdb.db", monkeypatch)
    assert two_processes == []
    two = update(corpus, tmp_path / "two" / "factdb.db", full_build=True)
    assert two_processes == [True]
    assert two.counts == one.counts and two.counts["claims"] == 300
    assert dump(two.path) == dump(one.path)
    assert sorted(p.name for p in two.path.parent.iterdir()) == [".factdb-cache", "factdb.db"]  # no scratch file left


def test_an_incremental_build_after_a_two_process_build_is_a_full_build_s_equal(
    corpus, tmp_path, monkeypatch, two_processes
):
    root = copy_of(corpus, tmp_path)
    update(root)
    assert two_processes == [True]
    assert update(root).mode == "no-op"
    changed = second_half_file(root)
    changed.write_text(changed.read_text().replace("population: civilian", "population: unknown", 1))
    assert update(root).mode == "incremental"
    reference = one_process(root, tmp_path / "reference.db", monkeypatch)
    assert dump(root / "build" / "factdb.db") == dump(reference.path)


def test_a_file_the_child_finds_invalid_is_reported_as_by_one_process(corpus, tmp_path, monkeypatch, two_processes):
    root = copy_of(corpus, tmp_path)
    bad = second_half_file(root)
    bad.write_text(bad.read_text().replace("claimant: ", "claimant: nobody-", 1))
    out = tmp_path / "out" / "factdb.db"
    with pytest.raises(InvalidFacts) as two:
        update(root, out, full_build=True)
    assert (two_processes.forked, two_processes) == (1, [])
    with pytest.raises(InvalidFacts) as one:
        one_process(root, out, monkeypatch)
    assert [p.format_text() for p in two.value.report.shown()] == [p.format_text() for p in one.value.report.shown()]
    assert {p.code for p in two.value.report.problems} == {"unresolved-reference"}
    assert not out.parent.exists()  # invalid facts create nothing


def test_an_id_in_both_halves_is_a_duplicate(corpus, tmp_path, two_processes):
    root = copy_of(corpus, tmp_path)
    rels = sorted(str(p.relative_to(root)) for p in (root / "facts").rglob("*.yaml"))
    first, _ = parallel.halves(rels, file_blocks(rels), {rel: (root / rel).stat().st_size for rel in rels})
    mine = next(rel for rel in first if "/claims/" in rel)
    claim_id = (root / mine).read_text().split("- id: ", 1)[1].split("\n", 1)[0]
    theirs = second_half_file(root)
    text = theirs.read_text()
    other_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
    theirs.write_text(text.replace(f"- id: {other_id}\n", f"- id: {claim_id}\n", 1))
    with pytest.raises(InvalidFacts) as caught:
        update(root, full_build=True)
    assert "duplicate-id" in {p.code for p in caught.value.report.problems}
    assert (two_processes.forked, two_processes) == (1, [])


def test_a_child_that_dies_leaves_the_build_to_one_process(corpus, tmp_path, monkeypatch, two_processes):
    def die(*args):
        os._exit(3)  # in the child, as a crash would

    monkeypatch.setattr(parallel, "_write_part", die)
    out = tmp_path / "out" / "factdb.db"
    result = update(corpus, out, full_build=True)
    assert (two_processes.forked, two_processes) == (1, [])
    assert result.counts["claims"] == 300
    assert dump(out) == dump(one_process(corpus, tmp_path / "one.db", monkeypatch).path)
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_a_failure_after_the_fork_keeps_the_last_good_file(corpus, tmp_path, monkeypatch, two_processes):
    out = tmp_path / "out" / "factdb.db"
    update(corpus, out, full_build=True)
    good = out.read_bytes()

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(parallel, "_copy_in", broken)
    with pytest.raises(OSError, match="disk full"):
        update(corpus, out, full_build=True)
    assert out.read_bytes() == good
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_small_repositories_and_the_setting_keep_one_process(sample_repo, monkeypatch):
    monkeypatch.delenv(parallel.PROCESSES_ENV, raising=False)
    assert parallel.publish(sample_repo, sample_repo / "build" / "factdb.db", None, 0.0) is None  # under MIN_BYTES
    monkeypatch.setenv(parallel.PROCESSES_ENV, "1")
    assert not parallel.available()
    assert not (sample_repo / "build").exists()


def test_halves_cut_the_rowid_order_by_bytes():
    rels = [f"facts/claims/{i}.yaml" for i in range(9)]
    blocks = file_blocks(rels)
    sizes = {rel: 100 for rel in rels} | {rels[0]: 1000}
    first, second = parallel.halves(rels, blocks, sizes)
    assert first and second and sorted(first + second) == sorted(rels)
    assert max(blocks[r] for r in first) < min(blocks[r] for r in second)
    assert abs(sum(sizes[r] for r in first) - sum(sizes[r] for r in second)) <= 1000
    assert parallel.halves(rels[:2], blocks, {rels[0]: 1, rels[1]: 1}) in (([rels[0]], [rels[1]]), ([rels[1]], [rels[0]]))
