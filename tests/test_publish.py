"""`factdb publish`: the generated `datasette publish` command lines and files.

There is no network here, so nothing is deployed: the Cloud Run path runs Datasette's real
`datasette publish cloudrun` against a stand-in `gcloud` that records its calls and keeps
the container directory it is asked to build; the Fly path uses the plugin's own
`--generate-dir`; the static path writes the files Datasette Lite loads.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from factdb import site
from factdb.cli import main
from factdb.site.metadata import metadata
from factdb.site.publish import DATASETTE_REQUIREMENT, PLUGINS, lite_url, prepare

FAKE_GCLOUD = """\
#!/bin/sh
# A stand-in for gcloud: log each call; keep the directory `builds submit` would upload.
echo "gcloud $*" >> "$FAKE_GCLOUD_LOG"
case "$1 $2" in
  "config get-value") echo test-project ;;
  "builds submit") cp -R . "$FAKE_GCLOUD_BUILD" ;;
esac
exit 0
"""


@pytest.fixture
def project(sample_db, tmp_path):
    """A project directory with a copy of the sample build (publishing writes beside it)."""
    root = tmp_path / "project"
    (root / "build").mkdir(parents=True)
    shutil.copyfile(sample_db, root / "build" / "factdb.db")
    return root


def invoke(root, *args):
    return CliRunner().invoke(main, ["-C", str(root), "publish", *args])


def test_dry_run_prints_the_datasette_publish_command_and_writes_metadata(project):
    result = invoke(project, "cloudrun", "--dry-run", "--service", "facts", "--memory", "1Gi")
    assert result.exit_code == 0, result.output
    args = shlex.split(result.output.strip())
    db = str(project / "build" / "factdb.db")
    meta = project / "build" / "metadata.json"
    assert args[:6] == ["datasette", "publish", "cloudrun", db, "--metadata", str(meta)]
    pairs = list(zip(args[6::2], args[7::2]))
    assert ("--install", DATASETTE_REQUIREMENT) in pairs
    # The plugins, pinned as pyproject.toml pins them for `factdb serve`.
    assert ("--install", "datasette-cluster-map~=0.18.2") in pairs
    assert ("--install", "datasette-dashboards~=0.8.0") in pairs
    # The site's templates, plugins and stylesheet, as `factdb serve` uses them.
    assert ("--template-dir", str(site.TEMPLATES)) in pairs
    assert ("--plugins-dir", str(site.PLUGINS)) in pairs
    assert ("--static", f"factdb-site:{site.STATIC}") in pairs
    assert ("--extra-options", "--setting sql_time_limit_ms 3000 --setting suggest_facets off") in pairs
    assert ("--service", "facts") in pairs
    assert ("--max-instances", "10") in pairs
    assert ("--memory", "1Gi") in pairs
    note = dict(pairs)["--version-note"]
    assert note.startswith("factdb 0.1.0, facts ") and len(note.rsplit(" ", 1)[1]) == 12
    # The metadata is the one `factdb serve` uses, for a database served as "factdb".
    assert json.loads(meta.read_text(encoding="utf-8")) == metadata("factdb")


def test_fly_dry_run_names_the_app(project):
    publication = prepare("fly", project / "build" / "factdb.db", name="facts-app", plugins=PLUGINS)
    assert publication.args[:3] == ["datasette", "publish", "fly"]
    assert publication.args[-2:] == ["--app", "facts-app"]
    assert "--max-instances" not in publication.args  # Fly scales with `fly scale count`


@pytest.fixture
def fake_gcloud(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gcloud = bin_dir / "gcloud"
    gcloud.write_text(FAKE_GCLOUD)
    gcloud.chmod(gcloud.stat().st_mode | stat.S_IEXEC)
    log, build = tmp_path / "gcloud.log", tmp_path / "uploaded"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GCLOUD_LOG", str(log))
    monkeypatch.setenv("FAKE_GCLOUD_BUILD", str(build))
    return log, build


def test_cloudrun_through_datasette_publish_with_a_stand_in_gcloud(project, fake_gcloud):
    log, uploaded = fake_gcloud
    result = invoke(project, "cloudrun", "--service", "facts")
    assert result.exit_code == 0, result.output
    calls = log.read_text().splitlines()
    assert any(c.startswith("gcloud builds submit --tag us-docker.pkg.dev/test-project/datasette/datasette-facts") for c in calls)
    deploy = next(c for c in calls if c.startswith("gcloud run deploy"))
    assert " facts " in deploy + " " and "--max-instances 10" in deploy

    # The container Datasette built: the file, opened immutable, with our metadata and settings.
    dockerfile = (uploaded / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert "-i factdb.db" in cmd
    assert "--inspect-file inspect-data.json" in cmd
    assert "--metadata metadata.json" in cmd
    assert "--setting sql_time_limit_ms 3000" in cmd
    assert f"RUN pip install -U datasette {DATASETTE_REQUIREMENT} {' '.join(PLUGINS)}" in dockerfile
    # ... and the site: the same templates, plugins and stylesheet as `factdb serve`.
    assert "--template-dir templates/" in cmd and "--plugins-dir plugins/" in cmd
    assert "--static factdb-site:factdb-site" in cmd
    for folder, local in (("templates", site.TEMPLATES), ("plugins", site.PLUGINS), ("factdb-site", site.STATIC)):
        shipped = sorted(p.name for p in (uploaded / folder).iterdir() if p.is_file())
        assert shipped == sorted(p.name for p in local.iterdir() if p.is_file()), folder
    assert (uploaded / "factdb.db").read_bytes() == (project / "build" / "factdb.db").read_bytes()
    assert json.loads((uploaded / "metadata.json").read_text()) == metadata("factdb")


def test_fly_app_generated_by_the_plugin(project):
    pytest.importorskip("datasette_publish_fly")
    result = invoke(project, "fly", "--app", "facts", "--generate-dir", "fly-app")
    assert result.exit_code == 0, result.output
    app = project / "fly-app"
    assert 'app = "facts"' in (app / "fly.toml").read_text()
    dockerfile = (app / "Dockerfile").read_text()
    assert "-i factdb.db" in dockerfile and "--metadata metadata.json" in dockerfile
    assert json.loads((app / "metadata.json").read_text()) == metadata("factdb")
    # The site goes with it, as to Cloud Run.
    assert "--template-dir templates/" in dockerfile and "--plugins-dir plugins/" in dockerfile
    assert (app / "templates" / "index.html").is_file() and (app / "plugins" / "factdb_front.py").is_file()


def test_static_files_for_datasette_lite(project):
    result = invoke(project, "static", "--base-url", "https://facts.example.org/data")
    assert result.exit_code == 0, result.output
    site = project / "build" / "site"
    assert (site / "factdb.db").read_bytes() == (project / "build" / "factdb.db").read_bytes()
    assert json.loads((site / "metadata.json").read_text()) == metadata("factdb")
    url = result.output.splitlines()[-1]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}/" == "https://lite.datasette.io/"
    query = parse_qs(parts.query)
    assert query["url"] == ["https://facts.example.org/data/factdb.db"]
    assert query["metadata"] == ["https://facts.example.org/data/metadata.json"]
    assert query["install"] == list(PLUGINS)
    assert query["ref"][0].startswith("0.65.")
    assert lite_url("https://x.org/a/", "factdb", plugins=()).startswith(
        "https://lite.datasette.io/?url=https%3A%2F%2Fx.org%2Fa%2Ffactdb.db&metadata="
    )


def test_errors_are_clean(project, tmp_path, monkeypatch):
    missing = invoke(project, "cloudrun", "--db", "build/nothing.db", "--dry-run")
    assert missing.exit_code == 1
    assert "build/nothing.db does not exist; run `factdb build` first" in missing.output

    no_url = invoke(project, "static")
    assert no_url.exit_code == 2 and "--base-url" in no_url.output

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    no_tool = invoke(project, "cloudrun")
    assert no_tool.exit_code == 1
    assert "`gcloud` is not installed" in no_tool.output and "--dry-run" in no_tool.output

    wrong = invoke(project, "cloudrun", "--generate-dir", "x")
    assert wrong.exit_code == 1 and "--generate-dir is for fly" in wrong.output
