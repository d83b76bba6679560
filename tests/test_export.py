"""`factdb export datapackage`: the seeds' database as a Frictionless Data Package (CSV and
Parquet), checked by the Frictionless library itself and read back against the SQLite rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Literal, get_args

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import registry
from sqlmodel import AutoString, Field, SQLModel

from factdb import models as fm
from factdb.builds.full import build
from factdb.cli import main
from factdb.db import views
from factdb.db.tables import TABLES
from factdb.db.views import PUBLIC
from factdb.export import ExportError, export_package
from factdb.export import parquetfile
from factdb.export.schema import column_type

frictionless = pytest.importorskip("frictionless")

ROOT = Path(__file__).resolve().parents[1]
MODELS = {model.__tablename__: model for model in (*PUBLIC, *TABLES)}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    """The project's own facts (the five seed articles), built once for this module."""
    return build(ROOT, tmp_path_factory.mktemp("seeds") / "factdb.db").path


@pytest.fixture(scope="module")
def package(seeds_db) -> Path:
    out = seeds_db.parent / "datapackage"
    export_package(seeds_db, out)
    return out


@pytest.fixture(scope="module")
def parquet_package(seeds_db) -> Path:
    pytest.importorskip("pyarrow")
    out = seeds_db.parent / "datapackage-parquet"
    export_package(seeds_db, out, fmt="parquet")
    return out


def descriptor(path: Path) -> dict:
    return json.loads((path / "datapackage.json").read_text(encoding="utf-8"))


def errors(report) -> list[tuple[str, str, str]]:
    return [(task.name, error.type, error.note) for task in report.tasks for error in task.errors] + [
        ("package", error.type, error.note) for error in report.errors
    ]


def test_frictionless_finds_the_package_valid(package):
    report = frictionless.validate(package / "datapackage.json")
    assert errors(report) == []
    assert report.valid
    # Every resource was read and checked, rows, keys and bytes.
    assert sorted(task.name for task in report.tasks) == sorted(MODELS)
    # A view with no rows (the seeds hold no true dispute) is read too: for a file of only its
    # header frictionless counts its fields and no rows.
    for task in report.tasks:
        assert task.stats.get("rows") is not None or task.stats["fields"] == len(MODELS[task.name].model_fields), task.name


def test_every_public_table_and_view_with_the_schema_and_keys_of_its_model(package):
    resources = {r["name"]: r for r in descriptor(package)["resources"]}
    assert list(resources) == list(MODELS)  # views first, then tables, as the README lists them
    for name, model in MODELS.items():
        res = resources[name]
        assert res["path"] == f"data/{name}.csv"
        assert res["description"] == " ".join(model.__doc__.split())
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == list(model.model_fields)
        for field in fields:
            assert field["description"] == model.model_fields[field["name"]].description
        assert res["schema"]["primaryKey"] == [c.name for c in model.__table__.primary_key.columns]
        declared = sorted(
            ([fk.parent.name], fk.column.table.name, [fk.column.name]) for fk in model.__table__.foreign_keys
        )
        exported = sorted(
            (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in res["schema"].get("foreignKeys", [])
        )
        assert exported == declared
    citations = {tuple(fk["fields"]): fk["reference"] for fk in resources["citations"]["schema"]["foreignKeys"]}
    assert citations[("source_id",)] == {"resource": "sources", "fields": ["id"]}
    assert citations[("claim_id",)] == {"resource": "claims", "fields": ["id"]}


def test_field_types_and_enums_come_from_the_models(package):
    resources = {r["name"]: r for r in descriptor(package)["resources"]}

    def field(resource, name):
        (found,) = [f for f in resources[resource]["schema"]["fields"] if f["name"] == name]
        return found

    assert field("figures", "value")["type"] == "number"
    assert field("figures", "date_from")["type"] == "date"
    assert field("figures", "citations")["type"] == "integer"
    assert field("members", "leader")["type"] == "boolean"
    assert field("claims", "id")["constraints"] == {"required": True}
    assert "constraints" not in field("claims", "notes")  # optional, free text
    qualifiers = list(get_args(fm.QuantityDetail.model_fields["qualifier"].annotation))
    assert field("quantities", "qualifier")["constraints"]["enum"] == qualifiers
    assert field("figures", "qualifier")["constraints"]["enum"] == qualifiers
    assert field("claims", "type")["constraints"]["enum"] == list(fm.CLAIM_TYPES)
    assert field("figures", "topic")["constraints"]["enum"] == list(fm.CLAIM_TYPES)
    assert set(field("meetings", "format")["constraints"]["enum"]) == {
        "bilateral", "trilateral", "multilateral", "phone_call"
    }
    assert "required" not in field("meetings", "format")["constraints"]
    assert set(field("entities", "kind")["constraints"]["enum"]) == {"person", "organization", "country", "place"}


def test_column_types_of_annotations():
    assert column_type(str) == ("string", False, None)
    assert column_type(int | None) == ("integer", True, None)
    assert column_type(bool) == ("boolean", False, None)
    assert column_type(dt.date | None) == ("date", True, None)
    assert column_type(fm.Meeting.model_fields["format"].annotation)[1:] == (
        True, ("bilateral", "trilateral", "multilateral", "phone_call"),
    )


def test_license_title_and_sources(package):
    d = descriptor(package)
    assert d["profile"] == "tabular-data-package" and d["name"] == "factdb"
    assert d["title"].startswith("factdb: cited facts of the Russia")
    assert d["licenses"][0]["name"] == "CC0-1.0"  # as pyproject.toml declares
    assert d["licenses"][0]["path"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(s["path"] for s in d["sources"]) == sorted(f"seeds/{s}.txt" for s in seeds)
    assert {"title": "Rusia nyatakan siap lanjutkan perundingan Istanbul dengan Ukraina",
            "path": "seeds/003_4caf5476ecc105bc.txt"} in d["sources"]


def test_a_reader_finds_the_183_drones_typed(package):
    """seeds/000: the Ukrainian Air Force counted 183 drones launched on the night of 4-5 Feb 2026."""
    pkg = frictionless.Package(package / "datapackage.json")
    rows = pkg.get_resource("figures").read_rows()
    (night,) = [
        r for r in rows
        if r["measure"] == "drones_launched" and r["claimant"] == "Ukrainian Air Force"
        and r["date_to"] == dt.date(2026, 2, 5)
    ]
    assert night["value"] == 183 and night["qualifier"] == "exact"
    assert night["date_from"] == dt.date(2026, 2, 4)
    assert night["source_id"] == "000_bf917d9e70bda72c"
    members = pkg.get_resource("members").read_rows()
    assert {type(r["leader"]) for r in members} == {bool}


def test_csv_opens_in_a_spreadsheet_as_utf8(package):
    raw = (package / "data" / "entities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,kind,name,")  # the byte-order mark, then the header
    assert "Türkiye".encode("utf-8") in raw
    with open(package / "data" / "entities.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {"id": "turkiye", "name": "Türkiye"}.items() <= next(r for r in rows if r["id"] == "turkiye").items()


def test_foreign_keys_are_checked_not_only_declared(package, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    path = broken / "data" / "claims.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    claimant = rows[0].index("claimant_id")
    rows[1][claimant] = "nobody-at-all"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    found = errors(frictionless.validate(broken / "datapackage.json"))
    assert ("claims", "foreign-key") in {(name, kind) for name, kind, _ in found}
    assert ("claims", "hash-count") in {(name, kind) for name, kind, _ in found}


def files_of(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_the_same_build_gives_the_same_bytes(seeds_db, package, tmp_path):
    export_package(seeds_db, tmp_path / "again")
    assert files_of(tmp_path / "again") == files_of(package)


def test_parquet_holds_the_sqlite_rows(seeds_db, parquet_package):
    import pyarrow.parquet as pq

    d = descriptor(parquet_package)
    assert frictionless.Package.validate_descriptor(d).valid
    conn = sqlite3.connect(seeds_db)
    for res in d["resources"]:
        assert res["path"] == f"data/{res['name']}.parquet" and res["format"] == "parquet"
        fields = res["schema"]["fields"]
        table = pq.read_table(parquet_package / res["path"])
        assert table.column_names == [f["name"] for f in fields]
        keys = ", ".join(f'"{k}"' for k in res["schema"]["primaryKey"])
        expected = conn.execute(f'SELECT * FROM "{res["name"]}" ORDER BY {keys}').fetchall()
        assert [tuple(_as_sqlite(v) for v in row.values()) for row in table.to_pylist()] == expected, res["name"]
        for field, arrow in zip(fields, table.schema):
            assert str(arrow.type) == {"string": "string", "integer": "int64", "number": "double",
                                       "boolean": "bool", "date": "date32[day]"}[field["type"]]
            assert arrow.metadata[b"description"].decode() == field["description"]
    conn.close()


def _as_sqlite(value):
    """A Parquet value as SQLite holds it: dates as ISO text, booleans as 1/0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_parquet_is_deterministic_too(seeds_db, parquet_package, tmp_path):
    export_package(seeds_db, tmp_path / "again", fmt="parquet")
    assert files_of(tmp_path / "again") == files_of(parquet_package)


def test_a_failed_export_leaves_the_last_one_as_it_was(seeds_db, package, tmp_path):
    out = tmp_path / "out"
    export_package(seeds_db, out)
    before = files_of(out)
    stale = tmp_path / "stale.db"
    shutil.copyfile(seeds_db, stale)
    conn = sqlite3.connect(stale)
    conn.execute("DROP VIEW person_roles")
    conn.commit()
    conn.close()
    with pytest.raises(ExportError, match="does not have the person_roles this factdb describes"):
        export_package(stale, out)
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "stale.db"]  # no half-written directory


def test_a_directory_that_is_not_a_package_is_never_replaced(seeds_db, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="exists and is not a data package"):
        export_package(seeds_db, mine)
    assert (mine / "notes.txt").read_text() == "keep me"
    empty = tmp_path / "empty"
    empty.mkdir()
    export_package(seeds_db, empty)
    assert (empty / "datapackage.json").is_file()


ClaimKind = Literal[tuple(fm.CLAIM_TYPES)]


def test_a_view_added_to_the_models_is_exported_without_a_change_here(seeds_db, tmp_path, monkeypatch):
    """As another branch adds `events` or `corroborated_figures`: a model in PUBLIC and its view
    in the built file are all the export needs."""
    class Isolated(SQLModel, registry=registry()):
        """A registry of its own, so no other test sees this model."""

    class ClaimDay(Isolated, table=True):
        """Claims by first day: a view made up for this test."""

        __tablename__ = "claim_days"
        claim_id: str = Field(primary_key=True, description="The claim.")
        kind: ClaimKind = Field(sa_type=AutoString, description="Its type.")
        day: dt.date | None = Field(default=None, description="Its first day.")

    db = tmp_path / "factdb.db"
    shutil.copyfile(seeds_db, db)
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIEW claim_days AS SELECT id AS claim_id, type AS kind, date_from AS day FROM claims")
    conn.commit()
    conn.close()
    monkeypatch.setattr(views, "PUBLIC", (*views.PUBLIC, ClaimDay))
    export_package(db, tmp_path / "package")
    (added,) = [r for r in descriptor(tmp_path / "package")["resources"] if r["name"] == "claim_days"]
    assert added["title"] == "Claims by first day"
    assert [(f["name"], f["type"]) for f in added["schema"]["fields"]] == [
        ("claim_id", "string"), ("kind", "string"), ("day", "date")
    ]
    assert added["schema"]["fields"][1]["constraints"]["enum"] == list(fm.CLAIM_TYPES)
    assert frictionless.validate(tmp_path / "package" / "datapackage.json").valid


def test_parquet_without_pyarrow_says_what_to_install(seeds_db, tmp_path, monkeypatch):
    monkeypatch.setattr(parquetfile, "_arrow", lambda: None)
    with pytest.raises(ExportError, match=r"pip install 'factdb\[parquet\]'"):
        export_package(seeds_db, tmp_path / "p", fmt="parquet")
    assert not (tmp_path / "p").exists()


def test_the_command(seeds_db, tmp_path):
    project = tmp_path / "project"
    (project / "build").mkdir(parents=True)
    shutil.copyfile(seeds_db, project / "build" / "factdb.db")
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), "export", "datapackage"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {project / 'build' / 'datapackage'}: {len(MODELS)} resources, ")
    assert frictionless.validate(project / "build" / "datapackage" / "datapackage.json").valid
    if parquetfile.available():
        result = runner.invoke(main, ["-C", str(project), "export", "datapackage", "--format", "parquet"])
        assert result.exit_code == 0, result.output
        assert (project / "build" / "datapackage-parquet" / "data" / "figures.parquet").is_file()
    missing = runner.invoke(main, ["-C", str(project), "export", "datapackage", "--db", "none.db", "-o", "x"])
    assert missing.exit_code == 1
    assert "none.db does not exist; run `factdb build` first" in missing.output


# --- published beside the database (`factdb publish --datapackage`) --------------------------
# As tests/test_publish.py does: Datasette's real `datasette publish cloudrun` against a
# stand-in gcloud that keeps the directory it would upload, and the Fly plugin's --generate-dir.

from test_publish import FAKE_GCLOUD  # noqa: E402


@pytest.fixture
def project(seeds_db, tmp_path):
    root = tmp_path / "project"
    (root / "build").mkdir(parents=True)
    shutil.copyfile(seeds_db, root / "build" / "factdb.db")
    return root


def publish(root, *args):
    return CliRunner().invoke(main, ["-C", str(root), "publish", *args])


def test_a_static_copy_offers_the_package(project):
    result = publish(project, "static", "--base-url", "https://facts.example.org/data", "--datapackage", "csv")
    assert result.exit_code == 0, result.output
    assert "the data package will be at https://facts.example.org/data/datapackage/datapackage.json" in result.output
    assert result.output.splitlines()[-1].startswith("https://lite.datasette.io/?url=")
    package = project / "build" / "site" / "datapackage"
    assert frictionless.validate(package / "datapackage.json").valid
    assert (project / "build" / "site" / "factdb.db").is_file()


def test_cloudrun_serves_the_package_as_static_files(project, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gcloud").write_text(FAKE_GCLOUD)
    (bin_dir / "gcloud").chmod(0o755)
    uploaded = tmp_path / "uploaded"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GCLOUD_LOG", str(tmp_path / "gcloud.log"))
    monkeypatch.setenv("FAKE_GCLOUD_BUILD", str(uploaded))
    result = publish(project, "cloudrun", "--service", "facts", "--datapackage", "csv")
    assert result.exit_code == 0, result.output
    dockerfile = (uploaded / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert "--static datapackage:datapackage" in cmd
    # The container holds the very package `factdb export datapackage` writes beside the file.
    assert files_of(uploaded / "datapackage") == files_of(project / "build" / "datapackage")
    assert frictionless.validate(uploaded / "datapackage" / "datapackage.json").valid


def test_fly_app_carries_the_package(project):
    pytest.importorskip("datasette_publish_fly")
    result = publish(project, "fly", "--app", "facts", "--generate-dir", "fly-app", "--datapackage", "csv")
    assert result.exit_code == 0, result.output
    app = project / "fly-app"
    assert "--static datapackage:datapackage" in (app / "Dockerfile").read_text()
    assert (app / "datapackage" / "data" / "figures.csv").read_bytes() == (
        project / "build" / "datapackage" / "data" / "figures.csv"
    ).read_bytes()


def test_dry_run_names_the_static_mount(project):
    result = CliRunner().invoke(main, ["-C", str(project), "publish", "cloudrun", "--dry-run", "--datapackage", "csv"])
    assert result.exit_code == 0, result.output
    assert f"--static datapackage:{project / 'build' / 'datapackage'}" in result.output
    without = CliRunner().invoke(main, ["-C", str(project), "publish", "cloudrun", "--dry-run"])
    assert "--static datapackage:" not in without.output


# --- the README's snippets run as written -----------------------------------------------------


def readme_snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### `factdb export datapackage`")
    section = readme[start:readme.index("\n## ", start)]
    return [block.split("```", 1)[0] for block in section.split("```python\n")[1:]]


@pytest.fixture
def analyst(project, seeds_db, tmp_path):
    """The project after `factdb build` and both exports; a home whose DuckDB has its sqlite
    extension installed (from duckdb-ext-sqlite: DuckDB would fetch it from its own site)."""
    duckdb_ext = pytest.importorskip("duckdb_ext")
    pytest.importorskip("pyarrow")
    export_package(seeds_db, project / "build" / "datapackage")
    export_package(seeds_db, project / "build" / "datapackage-parquet", fmt="parquet")
    home = tmp_path / "home"
    (home / ".duckdb").mkdir(parents=True)
    (home / ".duckdb" / "extensions").symlink_to(duckdb_ext.get_extension_dir())
    return project, home


def test_the_readme_snippets_run(analyst):
    import subprocess
    import sys

    project, home = analyst
    snippets = readme_snippets()
    assert len(snippets) == 2 and "import duckdb" in snippets[1]
    outputs = []
    for code in snippets:
        run = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                             env={**os.environ, "HOME": str(home)}, timeout=120)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    pandas_out, duckdb_out = outputs
    night = next(line for line in pandas_out.splitlines() if "2026-02-04" in line and "183" in line)
    assert "Ukrainian Air Force" in night
    dtypes = dict(line.split() for line in pandas_out.splitlines() if line.split()[:1] in (["value"], ["citations"]))
    assert dtypes == {"value": "float64", "citations": "int64"}  # Parquet keeps the schema's types
    row = next(line for line in duckdb_out.splitlines() if "2026-02-04" in line and "183" in line)
    assert "Ukrainian Air Force" in row and "facts/claims/2026-02-05-overnight-attacks.yaml" in row
