"""`factdb serve` as a real server (127.0.0.1, a free port) while builds replace the file it
serves, and while queries try to outrun the SQL time limit.

Before, each of Datasette's SQL threads kept the file it had opened first: after a rebuild the
server answered from the old and the new build at random. Now every request after the rebuild
reads the new one, and the old one is let go. A query of a few very expensive steps ran 50 s
past a 3 s limit; now it fails at once, and a cheap query answers meanwhile."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_incremental import NEW_FILE

from conftest import copy_sample_repo

TIME_LIMIT_MS = 1000
SERVE = "import sys; from factdb.cli import entry; sys.argv = ['factdb', *sys.argv[1:]]; entry()"


def factdb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SERVE, *args], capture_output=True, text=True, check=True)


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.log = root.parent / "serve.log"  # a file, not a pipe: the access log would fill a pipe
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE, "-C", str(root), "serve", "--host", "127.0.0.1", "--port", "0",
                 "--sql-time-limit-ms", str(TIME_LIMIT_MS)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        self.url = self._wait_for_address()

    def _wait_for_address(self) -> str:
        """Port 0 asks for any free port; uvicorn says which it got."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", self.log.read_text())
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("the server did not start:\n" + self.log.read_text())

    def get(self, path: str, timeout: float = 30) -> tuple[int, str, float]:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode(), time.monotonic() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), time.monotonic() - started

    def sql(self, sql: str, timeout: float = 30) -> tuple[int, object, float]:
        status, body, seconds = self.get("/factdb.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}), timeout)
        return status, json.loads(body), seconds

    def stop(self, how: int = signal.SIGINT) -> None:
        self.process.send_signal(how)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def served(tmp_path):
    root = copy_sample_repo(tmp_path / "repo")
    factdb("-C", str(root), "build")
    server = Server(root)
    yield server
    server.stop()


def claim_count(server: Server) -> int:
    status, rows, _ = server.sql("select count(*) as n from claims")
    assert status == 200, rows
    return rows[0]["n"]


def many(server: Server, n: int = 90) -> list[int]:
    """`n` requests at once, so that every SQL thread answers some (each a little slow)."""
    sql = "with recursive c(i) as (select 1 union all select i + 1 from c where i < 20000) " \
          "select (select count(*) from claims) as n, count(*) from c"
    with ThreadPoolExecutor(max_workers=12) as pool:
        return [rows[0]["n"] for status, rows, _ in pool.map(lambda _: server.sql(sql), range(n))]


def pins(server: Server) -> list[str]:
    build = server.root / "build"
    (directory,) = [p for p in build.iterdir() if p.name.endswith(".serve")]
    return sorted(p.name for p in directory.iterdir())


def test_after_a_rebuild_every_request_reads_the_new_build(served):
    assert set(many(served)) == {9}  # every SQL thread has opened the file
    for n, name in enumerate(["0000-extra.yaml", "0001-extra.yaml", "0002-extra.yaml"], start=10):
        text = NEW_FILE.replace("0000-extra", name.removesuffix(".yaml"))
        (served.root / "facts" / "claims" / name).write_text(text, encoding="utf-8")
        built = factdb("-C", str(served.root), "build")
        assert "incremental build" in built.stdout
        assert set(many(served)) == {n}, "a request read an older build"
    # The old builds were let go: only the one served is still pinned, and it is the published file.
    assert len(pins(served)) == 1
    (pinned,) = [p for p in (served.root / "build").rglob("*.db") if p.parent.name.endswith(".serve")]
    assert pinned.samefile(served.root / "build" / "factdb.db")


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_server_leaves_nothing_behind_when_it_stops(served, how):
    # On SIGTERM uvicorn stopped gracefully, then raised the signal again under its default
    # handler, which ended the process before the pinned builds were removed.
    assert claim_count(served) == 9
    served.stop(how)
    assert served.process.returncode == (0 if how == signal.SIGINT else 128 + signal.SIGTERM)
    assert not [p for p in (served.root / "build").iterdir() if p.name.endswith(".serve")]


def test_a_build_that_fails_leaves_the_server_on_the_last_good_build(served):
    bad = served.root / "facts" / "claims" / "bad.yaml"
    bad.write_text("claims: [\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-c", SERVE, "-C", str(served.root), "build"], capture_output=True, text=True)
    assert failed.returncode == 1
    assert set(many(served, 30)) == {9}


def test_what_is_not_a_build_at_the_published_path_is_not_served(served):
    # A stray file put there by hand was served (every request a 500), and a FIFO hung every
    # SQL thread that opened it. Each freed inode may come back for the next file: the server
    # tells files apart by more than their inode.
    published = served.root / "build" / "factdb.db"
    assert claim_count(served) == 9
    published.rename(served.root / "saved.db")
    published.write_text("not a database\n", encoding="utf-8")
    assert set(many(served, 12)) == {9}
    published.unlink()
    os.mkfifo(published)
    assert set(many(served, 12)) == {9}
    published.unlink()
    (served.root / "facts" / "claims" / "0000-extra.yaml").write_text(NEW_FILE, encoding="utf-8")
    factdb("-C", str(served.root), "build")
    assert set(many(served)) == {10}
    log = served.log.read_text()
    assert "cannot open the new build (not a factdb build: file is not a database); still serving the last one" in log
    assert "cannot open the new build (not a regular file)" in log
    assert "Traceback" not in log


EXPENSIVE_STEPS = ("with recursive c(i) as (select 1 union all select i + 1 from c where i < 8) "
                   "select instr(printf('%.*c', 900000000, 'x'), 'y') from c")
MANY_STEPS_UNDER_THE_CAP = ("with recursive c(i) as (select 1 union all select i + 1 from c) "
                            "select count(instr(printf('%.*c', 3000000, 'x'), 'y')) from c")


def test_a_query_of_a_few_very_expensive_steps_stops_at_once_with_an_error_page(served):
    started = time.monotonic()
    status, body, _ = served.get("/factdb?" + urllib.parse.urlencode({"sql": EXPENSIVE_STEPS}))
    assert '<p class="message-error">string or blob too big</p>' in body  # Datasette's error page
    status, body, _ = served.sql(EXPENSIVE_STEPS)
    assert (status, body["error"]) == (400, "string or blob too big")
    assert time.monotonic() - started < TIME_LIMIT_MS / 1000  # it ran 49.6 s against a 3 s limit
    assert claim_count(served) == 9  # and the server goes on


def test_a_query_of_many_steps_under_the_cap_stops_near_its_time_limit(served):
    status, body, seconds = served.sql(MANY_STEPS_UNDER_THE_CAP)
    assert status == 400 and "interrupted" in json.dumps(body).lower()
    assert TIME_LIMIT_MS / 1000 <= seconds < TIME_LIMIT_MS / 1000 + 1.5


def test_select_1_answers_while_expensive_queries_take_every_sql_thread(served):
    with ThreadPoolExecutor(max_workers=6) as pool:
        heavy = [pool.submit(served.sql, EXPENSIVE_STEPS) for _ in range(3)]  # three: every SQL thread
        time.sleep(0.05)
        status, rows, seconds = served.sql("select 1 as one")
        assert (status, rows) == (200, [{"one": 1}])
        assert seconds < 1.0  # it waited 13 s
        assert all(f.result()[0] == 400 for f in heavy)


def test_stored_values_longer_than_the_cap_are_still_served(tmp_path):
    # The cap follows the longest archived text of the file: a long article stays readable.
    root = copy_sample_repo(tmp_path / "repo")
    seed = next((root / "seeds").glob("000_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\n" + "kata " * 1_200_000, encoding="utf-8")  # 6 MB
    factdb("-C", str(root), "build")
    server = Server(root)
    try:
        status, rows, _ = server.sql("select length(text) as n from sources where id like '000_%'")
        assert status == 200 and rows[0]["n"] > 6_000_000
        status, rows, _ = server.sql("select text from sources where id like '000_%'")
        assert status == 200 and len(rows[0]["text"]) > 6_000_000
    finally:
        server.stop()


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_a_killed_servers_pinned_builds_are_removed_by_the_next_build(served):
    assert claim_count(served) == 9
    served.process.kill()
    served.process.wait()
    assert [p for p in (served.root / "build").iterdir() if p.name.endswith(".serve")]
    built = factdb("-C", str(served.root), "build")
    assert "removed 1 file(s) left by killed builds" in built.stderr
    assert not [p for p in (served.root / "build").iterdir() if p.name.endswith(".serve")]
