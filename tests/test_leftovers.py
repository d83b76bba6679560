"""Staging files of killed builds are removed by the next build; those of a build (or server)
still running, or of another host, are not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_incremental import db_of, dump, repo  # noqa: F401  (repo: a fixture)

from factdb.builds import cache, leftovers
from factdb.builds.incremental import update
from factdb.db.staging import owner_tag

KILLED_WHILE_FINISHING = """
import os, signal, sys
from factdb.builds import full
from factdb.cli import entry

def finish(conn, *args, **kwargs):
    conn.execute("COMMIT")
    os.kill(os.getpid(), signal.SIGKILL)  # the staged file is written, not yet in place

full.finish = finish
sys.argv = ["factdb", *sys.argv[1:]]
entry()
"""


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def junk_in(out: Path) -> list[str]:
    names = [p.name for p in out.parent.iterdir()] + [p.name for p in (out.parent / cache.CACHE_DIR).iterdir()]
    return sorted(n for n in names if n.endswith((".tmp", ".part", ".serve")))


def test_the_file_a_killed_build_was_writing_is_removed_by_the_next_build(repo):  # noqa: F811
    out = db_of(repo)
    good = out.read_bytes()
    done = subprocess.run([sys.executable, "-c", KILLED_WHILE_FINISHING, "-C", str(repo), "build", "--full"],
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL
    (left,) = junk_in(out)
    assert left.startswith(".factdb.db.") and left.endswith(".tmp")
    assert (out.parent / left).stat().st_size > 100_000 and out.read_bytes() == good
    result = update(repo)
    assert result.mode == "no-op"  # the killed build replaced nothing
    assert result.notes[0].startswith("removed 1 file(s) left by killed builds (0.")
    assert junk_in(out) == []


def test_only_the_files_of_processes_that_no_longer_run_are_removed(repo):  # noqa: F811
    out = db_of(repo)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = dead_pid()
    try:
        cache_dir = out.parent / cache.CACHE_DIR
        names = {
            "gone": [
                out.parent / f".factdb.db.{owner_tag(gone)}.abc123_x.tmp",
                out.parent / f".factdb.db.{owner_tag(gone)}.part",
                out.parent / f".factdb.db.{owner_tag(gone)}.3.part",  # a child's third scratch file
                cache_dir / f".factdb.db.json.{owner_tag(gone)}.tmp",
                cache_dir / f".factdb.db.history.json.{owner_tag(gone)}.tmp",
                out.parent / f".factdb.db.{gone}.part",  # the earlier naming: a pid only
            ],
            "kept": [
                out.parent / f".factdb.db.{owner_tag(running.pid)}.abc123_x.tmp",
                out.parent / f".factdb.db.{owner_tag(running.pid)}.0.part",
                cache_dir / f".factdb.db.json.{owner_tag(running.pid)}.tmp",
                out.parent / f".factdb.db.otherhost-{gone}.part",  # another host: not ours to judge
                out.parent / f".other.db.{owner_tag(gone)}.part",  # another output's
                out.parent / ".factdb.db.abcd1234.tmp",  # the earlier random name, recent
            ],
        }
        for path in (*names["gone"], *names["kept"]):
            path.write_bytes(b"x" * 1000)
        old = out.parent / ".factdb.db.wxyz9876.tmp"  # the earlier random name, two hours old
        old.write_bytes(b"x" * 1000)
        past = time.time() - 7200
        os.utime(old, (past, past))
        swept = leftovers.sweep(out)
        assert (swept.files, swept.bytes) == (7, 7000)
        assert not any(p.exists() for p in (*names["gone"], old))
        assert all(p.exists() for p in names["kept"])
    finally:
        running.kill()
        running.wait()
    assert leftovers.sweep(out).files == 3  # the sleeper's, now that it is gone


def test_a_killed_servers_snapshot_directory_is_removed(repo):  # noqa: F811
    out = db_of(repo)
    snapshot = out.parent / f".factdb.db.{owner_tag(dead_pid())}.serve"
    snapshot.mkdir()
    os.link(out, snapshot / "1.db")  # a link to the build still published: frees nothing
    (snapshot / "2.db").write_bytes(b"x" * 500)
    swept = leftovers.sweep(out)
    assert (swept.files, swept.bytes) == (1, 500)
    assert not snapshot.exists() and out.exists()


def test_a_killed_two_process_childs_part_file_is_removed(repo):  # noqa: F811
    out = db_of(repo)
    before = dump(out)
    part = out.parent / f".factdb.db.{owner_tag(dead_pid())}.part"
    part.write_bytes(b"\0" * 4096)
    result = update(repo)
    assert not part.exists() and result.notes == ["removed 1 file(s) left by killed builds (0.0 MB)"]
    assert dump(out) == before


def test_the_new_file_and_its_directory_reach_the_disk_around_the_rename(repo, monkeypatch):  # noqa: F811
    # Without an fsync before the rename, a power loss could leave a new, empty file in place
    # of the old one; without one of the directory after, the old name could come back.
    from test_incremental import edit

    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.fstat(fd).st_ino))
        return real_fsync(fd)

    def replace(src, dst, *args, **kwargs):
        events.append(("replace", os.stat(src).st_ino, Path(dst)))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    out = db_of(repo)
    for full_build in (True, False):
        events.clear()
        if not full_build:
            edit(repo, "facts/entities/entities.yaml", "name: Ukrainian Air Force", "name: Air Force of Ukraine")
        result = update(repo, full_build=full_build)
        assert result.mode == ("full" if full_build else "incremental")
        [at] = [i for i, e in enumerate(events) if e[0] == "replace" and e[2] == out]
        new_file = events[at][1]
        assert new_file == out.stat().st_ino
        assert ("fsync", new_file) in events[:at]  # the data, before its name replaces the old
        assert ("fsync", out.parent.stat().st_ino) in events[at + 1:]  # the rename itself, after


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_build_never_replaces_what_is_not_a_file(repo, tmp_path, kind):  # noqa: F811
    # Run as root, `factdb build -o /dev/null` renamed the new file over the device.
    import stat

    from click.testing import CliRunner

    from factdb.cli import main

    out = tmp_path / "out" / kind
    out.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(out)
    elif os.geteuid() == 0:
        os.mknod(out, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    else:
        pytest.skip("making a device takes root")
    before = os.lstat(out)
    for args in ((), ("--full",)):
        done = CliRunner().invoke(main, ["-C", str(repo), "build", "-o", str(out), *args])
        assert (done.exit_code, type(done.exception)) == (1, SystemExit)
        wanted = "a FIFO" if kind == "fifo" else "a character device"
        assert f"build failed, {out} not written: it is {wanted}, not a regular file" in done.output
    after = os.lstat(out)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
    assert sorted(p.name for p in out.parent.iterdir()) == [kind]  # no staging file, no cache
