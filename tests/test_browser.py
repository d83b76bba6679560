"""What a reader sees: a real `factdb serve` opened in headless Chromium (Debian's, installed by .ci/run)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"factdb serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"factdb serve did not answer {url} within {timeout}s")


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def test_a_reader_opens_the_figures_page(chromium, sample_db, tmp_path):
    port = free_port()
    factdb = Path(sys.executable).parent / "factdb"
    server = subprocess.Popen(
        [str(factdb), "serve", "--db", str(sample_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/-/versions.json", server)
        dom = subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=5000", "--dump-dom", f"{base}/factdb/figures?measure=drones_launched",
            ],
            capture_output=True, text=True, timeout=120,
        )
        assert dom.returncode == 0, dom.stderr[-2000:]
        page = dom.stdout
        # The table of figures, filtered to one measure, with the numbers and who claimed them.
        assert '<table class="rows-and-columns">' in page
        assert '2 rows where measure = "drones_launched"' in page
        assert ">183<" in page and ">80<" in page
        assert "Ukrainian Air Force" in page
        assert "meluncurkan dua rudal dan 183 drone" in page
        # The default facets and the search box over quotes.
        for facet in ("topic", "claimant", "qualifier"):
            assert f'data-column="{facet}"' in page
        assert 'name="_search"' in page
        # The column descriptions from the models are on the page.
        assert "Who made the claim (display name)" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
