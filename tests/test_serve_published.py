"""A published copy looks as `factdb serve` does: the Fly app `factdb publish` generates (the
same container Cloud Run gets: `datasette publish` with the site's templates, plugins, static
files and metadata) is started here with the commands of its own Dockerfile, by the Datasette
installed beside factdb, and its pages are compared with those of `factdb serve`."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdb.cli import main
from test_browser import free_port, wait_until_up

PAGES = (
    "/",
    "/factdb/claims/2026-02-05-ua-air-force-attack",
    "/factdb/sources/000_bf917d9e70bda72c",
    "/factdb/figures?measure=drones_launched",
    "/factdb/citations?_facet=source_id",
    "/factdb/claims?_search=drones",
    "/factdb/night?date=5%2F2%2F2026",
    "/-/search?q=drones",
    "/-/dashboards/factdb",
)


def dockerfile_commands(dockerfile: str) -> tuple[list[str], list[str]]:
    """The Dockerfile's `datasette inspect` (RUN) and `datasette serve` (CMD) command lines."""
    inspect = next(line[len("RUN "):] for line in dockerfile.splitlines() if line.startswith("RUN datasette inspect"))
    serve = next(line[len("CMD "):] for line in dockerfile.splitlines() if line.startswith("CMD "))
    return shlex.split(inspect), shlex.split(serve)


def page(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        assert response.status == 200, path
        text = response.read().decode("utf-8")
    # What differs between two servers of one file: their address and how long queries took.
    text = text.replace(base, "http://SERVER")
    return re.sub(r"Queries took [0-9.]+ms", "Queries took …", text)


def started(command: list[str], cwd: Path, base: str):
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_up(f"{base}/-/versions.json", process)
    return process


def test_a_published_copy_serves_the_same_pages_as_factdb_serve(sample_db, tmp_path):
    pytest.importorskip("datasette_publish_fly")
    root = tmp_path / "project"
    (root / "build").mkdir(parents=True)
    shutil.copyfile(sample_db, root / "build" / "factdb.db")
    result = CliRunner().invoke(main, ["-C", str(root), "publish", "fly", "--generate-dir", "app"])
    assert result.exit_code == 0, result.output
    app = root / "app"
    inspect, serve = dockerfile_commands((app / "Dockerfile").read_text())
    datasette = str(Path(sys.executable).parent / "datasette")
    assert inspect[0] == serve[0] == "datasette"
    subprocess.run([datasette, *inspect[1:]], cwd=app, check=True, capture_output=True)

    published_port, local_port = free_port(), free_port()
    serve = [datasette, *serve[1:]]
    serve[serve.index("--host") + 1] = "127.0.0.1"
    serve[serve.index("$PORT")] = str(published_port)
    published = started(serve, app, f"http://127.0.0.1:{published_port}")
    factdb = str(Path(sys.executable).parent / "factdb")
    local = started([factdb, "serve", "--db", str(root / "build" / "factdb.db"), "--port", str(local_port)],
                    root, f"http://127.0.0.1:{local_port}")
    try:
        for path in PAGES:
            mine = page(f"http://127.0.0.1:{local_port}", path)
            theirs = page(f"http://127.0.0.1:{published_port}", path)
            assert theirs == mine, path
        # And they are the site's pages, not Datasette's defaults.
        front = page(f"http://127.0.0.1:{published_port}", "/")
        assert "What it is not" in front and 'id="chart-timeline"' in front
        source = page(f"http://127.0.0.1:{published_port}", "/factdb/sources/000_bf917d9e70bda72c")
        assert 'class="factdb-page source-page"' in source
    finally:
        for process in (published, local):
            process.terminate()
            process.wait(timeout=30)
