"""What a reader sees: a real `factdb serve` opened in headless Chromium (Debian's, installed by
.ci/run), with the network off: every host name but 127.0.0.1 fails to resolve, so a script,
stylesheet or font fetched from a CDN would be missing from the page.

The site test walks the site as a reader would and writes a screenshot of each page to
build/screenshots/ (or $FACTDB_SCREENSHOTS), printing where; look at them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PROJECT = Path(__file__).parent.parent
OFFLINE = "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
"""Chromium's resolver rules for 'no network': every name but the local server's fails."""


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


def serve(db: Path):
    port = free_port()
    factdb = Path(sys.executable).parent / "factdb"
    process = subprocess.Popen(
        [str(factdb), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(sample_db):
    yield from serve(sample_db)


def test_a_reader_opens_the_figures_page(chromium, server, tmp_path):
    dom = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--host-resolver-rules={OFFLINE}",
            "--virtual-time-budget=5000", "--dump-dom", f"{server}/factdb/figures?measure=drones_launched",
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
    assert "meluncurkan dua rudal dan <mark>183 drone</mark>" in page  # the words that state it, marked
    # The default facets and the search box over quotes.
    for facet in ("topic", "claimant", "qualifier"):
        assert f'data-column="{facet}"' in page
    assert 'name="_search"' in page
    # The column descriptions from the models are on the page.
    assert "Who made the claim (display name)" in page


# --- the whole site, as a reader walks it -------------------------------------------------


def screenshots_dir() -> Path:
    path = Path(os.environ.get("FACTDB_SCREENSHOTS") or PROJECT / "build" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def browser(chromium, tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if CHROMEDRIVER is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # with both paths given, Selenium looks for nothing online
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", f"--host-resolver-rules={OFFLINE}",
                f"--user-data-dir={tmp_path / 'selenium-profile'}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


class Reader:
    """A reader at the browser: opens pages, waits for them, writes screenshots."""

    def __init__(self, driver, base: str, shots: Path):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.base, self.shots, self.By = driver, base, shots, By
        self.wait = WebDriverWait(driver, 30)
        self.requested: list[str] = []

    def css(self, selector: str):
        return self.driver.find_elements(self.By.CSS_SELECTOR, selector)

    def until(self, selector: str, count: int = 1):
        self.wait.until(lambda d: len(self.css(selector)) >= count)
        return self.css(selector)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def click(self, selector: str) -> None:
        self.until(selector)[0].click()

    def shoot(self, name: str, height: int | None = None) -> Path:
        if height:
            self.driver.set_window_size(1280, height)
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1280, 1000)
        self.log_requests()
        return path

    def text(self) -> str:
        return self.css("body")[0].text

    def log_requests(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])


def test_a_reader_walks_the_site_with_the_network_off(browser, server):
    shots = screenshots_dir()
    print(f"\nscreenshots: {shots}")
    reader = Reader(browser, server, shots)

    # The front page: what the database is, the latest nights, the talks, the charts drawn.
    reader.open("/")
    assert "What it is not" in reader.text()
    assert "Latest nights of attacks" in reader.text() and "Talks" in reader.text()
    bars = reader.until("#chart-attacks svg .mark-rect path", 2)
    labels = " ".join(b.get_attribute("aria-label") or "" for b in bars)
    assert "183" in labels and "drones_launched" in labels, labels
    points = reader.until("#chart-timeline svg .mark-symbol path")
    assert any("Abu Dhabi" in (p.get_attribute("aria-label") or "") for p in points)
    # One row per meeting and exchange, each named on the axis.
    rows = {t.text for t in reader.css("#chart-timeline svg .role-axis-label text")}
    assert {"Second round of trilateral talks in Abu Dhabi", "Second round of direct talks in Istanbul"} <= rows, rows
    links = {a.text for a in reader.css("dl.contents a")}
    assert {"figures", "disputed_figures", "Everything about one night", "Claims by place, on a map"} <= links
    assert "How to cite a figure" in reader.text()
    reader.shoot("front", height=2200)

    # From the latest night to its event: every claimant's figures side by side.
    reader.click("ul.latest a.event-link")
    reader.until("article.event-page table.side-by-side")
    columns = [th.text for th in reader.css("table.side-by-side th")]
    assert "Ukrainian Air Force" in columns and "Vitali Klitschko" in columns
    assert "183" in [a.text for a in reader.css("table.side-by-side a.number")]
    reader.shoot("event")

    # To the Air Force's claim: the words that state each figure, the source.
    reader.click("table.side-by-side a[href*='ua-air-force-attack']")
    reader.until("article.claim-page")
    page = reader.text()
    assert "Ukrainian Air Force" in page and "183" in page and "drones launched" in page
    assert "meluncurkan dua rudal dan 183 drone" in page
    assert browser.title.startswith("Air attack with 2 missiles and 183 drones (Ukrainian Air Force")
    reader.shoot("claim", height=1400)

    # Its source, named by its publisher and date (it has no headline), with what was taken from it.
    reader.click("figure.citation figcaption a")
    reader.until("article.source-page")
    assert reader.css("h1")[0].text.startswith("Untitled article (ABC News")
    assert "meluncurkan dua rudal dan 183 drone" in reader.text()
    reader.shoot("source", height=1400)
    browser.back()
    reader.until("article.claim-page")

    # A figure's page leads to its claim.
    reader.click("table.figures a[href*='launched']")
    reader.until("article.figure-page")
    assert "Ukrainian Air Force" in reader.text()
    reader.shoot("figure")
    reader.click("a.claim-link")
    reader.until("article.claim-page")

    # The figures table: readable columns first, and every id a link to its record.
    reader.open("/factdb/figures?measure=drones_launched")
    headers = [th.get_attribute("data-column") for th in reader.css("table.rows-and-columns th")]
    assert headers.index("claimant") < headers.index("claim_id") and headers[-1].endswith("id")
    reader.shoot("figures")
    reader.click("td.col-claim_id a[href*='ua-air-force-attack']")
    reader.until("article.claim-page")

    # The map of claims by place: markers drawn over Leaflet, shipped with the plugins.
    reader.open("/factdb/places")
    reader.until(".leaflet-marker-icon, .marker-cluster")
    reader.shoot("map")

    # Search across the site from the box every page has: stemmed English, prefixed Indonesian.
    reader.css("form.site-search input[type=search]")[0].send_keys("drones\n")
    hits = reader.until("li.search-hit")
    assert hits and reader.css("li.search-hit mark")
    assert "183" in reader.text()
    reader.shoot("search", height=1400)
    reader.open("/-/search?q=tawan")  # 'tawanan' (prisoners) found by its start
    assert "tawanan" in " ".join(m.text for m in reader.until("li.search-hit mark")).lower()

    # A stored query given a malformed date says which form it wants.
    reader.open("/factdb/night?date=5%2F2%2F2026")
    assert "give it as YYYY-MM-DD, e.g. 2026-02-05" in reader.until("p.parameter-problem")[0].text
    assert browser.title == "Everything about one night: 5/2/2026 · factdb"
    reader.shoot("night-bad-date")

    # Nothing was fetched from anywhere but the local server, except map tiles (blank offline).
    reader.log_requests()
    elsewhere = {urlsplit(u).netloc for u in reader.requested
                 if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname != "127.0.0.1"}
    assert elsewhere <= {"a.tile.openstreetmap.org", "b.tile.openstreetmap.org", "c.tile.openstreetmap.org"}, elsewhere
    for name in ("front", "event", "claim", "source", "figure", "figures", "map", "search", "night-bad-date"):
        assert (shots / f"{name}.png").stat().st_size > 10_000, name
