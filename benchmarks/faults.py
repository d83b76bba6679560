"""Fault runs that need many kills, run by hand (not by the test suite): `factdb build` killed
at random moments, its second process killed at random moments, incremental builds killed, and
the next build after each. After every run:

- the published file is either the one before, byte for byte, or a complete build of the facts
  as they are (its dump equals a one-process full build's);
- the next build succeeds and its file equals that full build;
- no staging file is left once a build has run after the kill (`.tmp`, `.part`, cache `.tmp`);
- no traceback was printed, and a build whose second process was killed exited 0.

And `factdb validate` with its second process killed at a random moment prints the report of
a one-process run, with its exit code (before, it could exit 1 printing nothing).

    .venv/bin/python benchmarks/faults.py --claims 5000 --kills 40 --child-kills 30 --incremental-kills 30 --validate-kills 20 --concurrent 10

Prints the counts, and exits 1 if any run broke one of the rules above.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAM = "import sys; from factdb.cli import entry; sys.argv = ['factdb', *sys.argv[1:]]; entry()"


def dump_digest(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def run(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROGRAM, "-C", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600)


def reference(root: Path, work: Path) -> str:
    """The dump digest of a one-process full build of the facts as they are now."""
    out = work / f"reference-{time.monotonic_ns()}.db"
    done = run(root, "build", "--full", "-o", str(out), env={**os.environ, "FACTDB_PROCESSES": "1"})
    assert done.returncode == 0, done.stderr
    digest = dump_digest(out)
    out.unlink()
    shutil.rmtree(out.parent / ".factdb-cache", ignore_errors=True)
    return digest


def children(pid: int) -> list[int]:
    """The processes `pid` forked (same command line), not those it ran (git)."""
    found = []
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return found
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and Path(f"/proc/{entry}/cmdline").read_bytes() == command:
                    found.append(int(entry))
            except OSError:
                continue
    return found


def kill_child_when_forked(process: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the second process of `process` after `delay` seconds, or as soon as it is
    forked if that is later; False if `process` ended first."""
    time.sleep(delay)
    child = children(process.pid)
    while not child and process.poll() is None:  # not forked yet: kill it as soon as it is
        time.sleep(0.005)
        child = children(process.pid)
    if child and process.poll() is None:
        try:
            os.kill(child[0], signal.SIGKILL)
        except ProcessLookupError:
            return False  # it had just finished
        return True
    return False


def junk(out: Path) -> list[str]:
    names = [p.name for p in out.parent.iterdir()]
    cache_dir = out.parent / ".factdb-cache"
    if cache_dir.is_dir():
        names += [p.name for p in cache_dir.iterdir()]
    return sorted(n for n in names if n.endswith((".tmp", ".part")) or ".tmp-" in n)


class Tally:
    def __init__(self):
        self.counts: Counter = Counter()
        self.broken: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        self.counts[what if ok else f"BROKEN: {what}"] += 1
        if not ok:
            self.broken.append(what)


def killed_build(root: Path, out: Path, work: Path, tally: Tally, *, args: list[str], duration: float,
                 victim: str, expected: str) -> None:
    """One build killed after a random delay (the build itself, or its second process), then
    the checks, then the next build and its checks."""
    before = file_digest(out)
    process = subprocess.Popen([sys.executable, "-c", PROGRAM, "-C", str(root), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = False
    if victim == "build":
        time.sleep(random.uniform(0.05, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed = True
    else:
        killed = kill_child_when_forked(process, random.uniform(0.05, duration))
    stdout, stderr = process.communicate(timeout=600)
    tally.counts[f"{victim} kills landed" if killed else f"{victim} kills too late (build done)"] += 1
    tally.check("Traceback" not in stderr, "no traceback")
    if victim == "child" and killed:
        tally.check(process.returncode == 0, "exit 0 when the second process is killed")
        tally.check("full build" in stdout, "the build went on in one process")
    now = file_digest(out)
    if now == before:
        tally.counts["published file: the old one, byte for byte"] += 1
    else:
        tally.check(dump_digest(out) == expected, "published file: a complete new build")
    after = run(root, "build")
    tally.check(after.returncode == 0 and "Traceback" not in after.stderr, "the next build succeeds")
    tally.check(dump_digest(out) == expected, "the next build equals a full build")
    left = junk(out)
    tally.check(not left, "no staging file left after the next build")
    if left:
        print("  left:", left, file=sys.stderr)


def killed_validation(root: Path, tally: Tally, *, duration: float, expected: subprocess.CompletedProcess) -> None:
    """`factdb validate` whose second process is killed after a random delay: the same report
    and exit code as a one-process run."""
    process = subprocess.Popen([sys.executable, "-c", PROGRAM, "-C", str(root), "validate"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = kill_child_when_forked(process, random.uniform(0.05, duration))
    stdout, stderr = process.communicate(timeout=600)
    tally.counts["validate child kills landed" if killed else "validate child kills too late (done)"] += 1
    tally.check("Traceback" not in stderr, "validate: no traceback")
    tally.check((process.returncode, stdout, stderr) == (expected.returncode, expected.stdout, expected.stderr),
                "validate: the report and exit code of one process")


def two_at_once(root: Path, out: Path, tally: Tally, expected: str) -> None:
    """Two builds of one file at once (an incremental one and a full one): each succeeds or
    fails cleanly, and the file is then a full build's."""
    builds = [subprocess.Popen([sys.executable, "-c", PROGRAM, "-C", str(root), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for args in (["build"], ["build", "--full"])]
    for process in builds:
        _, stderr = process.communicate(timeout=600)
        tally.check("Traceback" not in stderr, "two at once: no traceback")
        tally.counts[f"two at once: exit {process.returncode}"] += 1
    tally.check(dump_digest(out) == expected, "two at once: the file is a full build's")
    after = run(root, "build")
    tally.check(after.returncode == 0 and dump_digest(out) == expected, "two at once: the next build equals a full build")
    tally.check(not junk(out), "two at once: no staging file left")


def edit(root: Path, i: int) -> None:
    """Flip one word in a claims file: a valid change."""
    files = sorted((root / "facts" / "claims").rglob("*.yaml"))
    path = files[i % len(files)]
    text = path.read_text(encoding="utf-8")
    if "population: civilian" in text:
        text = text.replace("population: civilian", "population: unknown", 1)
    elif "population: unknown" in text:
        text = text.replace("population: unknown", "population: civilian", 1)
    else:
        text += "\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=5000, help="over 2 MB of fact files, so builds fork")
    parser.add_argument("--kills", type=int, default=40, help="full builds killed (half one process, half two)")
    parser.add_argument("--child-kills", type=int, default=30, help="two-process builds whose child is killed")
    parser.add_argument("--incremental-kills", type=int, default=30, help="incremental builds killed")
    parser.add_argument("--validate-kills", type=int, default=20, help="validations whose second process is killed")
    parser.add_argument("--concurrent", type=int, default=10, help="times two builds run at once")
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args()
    random.seed(options.seed)
    work = Path(tempfile.mkdtemp(prefix="factdb-faults-"))
    root = work / "repo"
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(options.claims), str(root)],
                   check=True, capture_output=True)
    out = root / "build" / "factdb.db"
    tally = Tally()
    started = time.monotonic()
    first = run(root, "build")
    assert first.returncode == 0, first.stderr
    expected = reference(root, work)
    timed = time.monotonic()
    run(root, "build", "--full")
    duration = time.monotonic() - timed
    print(f"{options.claims} claims, a full build takes {duration:.2f} s", file=sys.stderr)
    for i in range(options.kills):
        env_args = ["build", "--full"]
        if i % 2:
            os.environ["FACTDB_PROCESSES"] = "1"
        killed_build(root, out, work, tally, args=env_args, duration=duration, victim="build", expected=expected)
        os.environ.pop("FACTDB_PROCESSES", None)
    for _ in range(options.child_kills):
        killed_build(root, out, work, tally, args=["build", "--full"], duration=duration * 0.8, victim="child",
                     expected=expected)
    for i in range(options.incremental_kills):
        edit(root, i)
        expected = reference(root, work)
        timed = time.monotonic()
        killed_build(root, out, work, tally, args=["build"], duration=max(0.3, duration / 3), victim="build",
                     expected=expected)
    if options.validate_kills:
        one = run(root, "validate", env={**os.environ, "FACTDB_PROCESSES": "1"})
        timed = time.monotonic()
        run(root, "validate")
        validate_duration = time.monotonic() - timed
        for _ in range(options.validate_kills):
            killed_validation(root, tally, duration=validate_duration * 0.8, expected=one)
    for i in range(options.concurrent):
        edit(root, 1000 + i)
        expected = reference(root, work)
        two_at_once(root, out, tally, expected)
    print(f"\n{sum(tally.counts.values())} checks in {time.monotonic() - started:.0f} s:")
    for what, n in sorted(tally.counts.items()):
        print(f"  {n:5d}  {what}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if tally.broken else 0


if __name__ == "__main__":
    sys.exit(main())
