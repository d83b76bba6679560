"""Fields added to the model while curating the seed articles (issue 3):

- `co_claimants` on every claim: a joint statement (Witkoff and Umerov) has two claimants;
- `stated` on every claim: the day a claimant spoke, apart from the event's own date;
- `country` on a meeting: a summit placed only in a country ("di Lithuania");
- `updated` on a source: the update date a source prints ("Update : 13.11.2025");
- a `when` window with only its last day (`{to: 2025-06-01}`): an event reported on a day,
  not said to have happened on it.

Each is optional; files without them validate as before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from factrepo import SOURCES, line_of, make_repo, write
from pydantic import ValidationError

from factdb.models import FactFile, PartialDate
from factdb.check.validate import validate

JOINT = """\
claims:
  - id: joint-statement
    type: numeric_statement
    claimant: vitali-klitschko
    co_claimants: [ua-air-force]
    stated: 2026-02-05
    measure: people_injured
    quantity: {qualifier: at_least, value: 2}
    unit: people
    subject: people injured in Kyiv
    citations:
      - source: src1
        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.
  - id: summit
    type: meeting
    claimant: ua-air-force
    name: A summit placed only in a country
    country: ua
    when: 2026-02-05
    citations:
      - source: src1
        quote: Pertukaran itu akan melibatkan 314 tahanan.
"""


def codes(root):
    return [p.code for p in validate(root).problems]


def test_existing_files_need_none_of_the_new_fields(tmp_path):
    make_repo(tmp_path)
    report = validate(tmp_path)
    assert report.ok
    (claim,) = [r.record for r in report.catalog.of_kind("claim") if r.record.id == "uaf-2026-02-05"]
    assert claim.co_claimants == [] and claim.stated is None
    (source,) = [r.record for r in report.catalog.of_kind("source")]
    assert source.updated is None


def test_co_claimants_stated_and_meeting_country_are_read(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/joint.yaml", JOINT)
    report = validate(tmp_path)
    assert report.ok, [p.format_text() for p in report.problems]
    records = {r.record.id: r.record for r in report.catalog.of_kind("claim")}
    joint = records["joint-statement"]
    assert joint.co_claimants == ["ua-air-force"]
    assert joint.stated == PartialDate(2026, 2, 5)
    assert records["summit"].country == "ua"


def test_a_co_claimant_must_resolve_to_a_claimant_kind(tmp_path):
    make_repo(tmp_path)
    text = JOINT.replace("co_claimants: [ua-air-force]", "co_claimants: [kyiv]")
    write(tmp_path, "facts/claims/joint.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert problem.code == "unresolved-reference"
    assert problem.file == "facts/claims/joint.yaml"
    assert problem.line == line_of(text, "co_claimants")
    assert "is a place" in problem.message


def test_meeting_country_must_be_a_country(tmp_path):
    make_repo(tmp_path)
    text = JOINT.replace("country: ua", "country: kyiv")
    write(tmp_path, "facts/claims/joint.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert problem.code == "unresolved-reference"
    assert problem.line == line_of(text, "country: kyiv")


def test_stated_is_a_partial_date(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/joint.yaml", JOINT.replace("stated: 2026-02-05", "stated: 2026-02-30"))
    assert codes(tmp_path) == ["invalid-date"]
    write(tmp_path, "facts/claims/joint.yaml", JOINT.replace("stated: 2026-02-05", 'stated: "2026-02"'))
    assert codes(tmp_path) == []


def test_source_updated_date(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/sources/src1.yaml", SOURCES + "    updated: 2026-02-06\n")
    report = validate(tmp_path)
    assert report.ok
    (source,) = [r.record for r in report.catalog.of_kind("source")]
    assert source.updated.start == dt.date(2026, 2, 6)
    write(tmp_path, "facts/sources/src1.yaml", SOURCES + "    updated: yesterday\n")
    assert codes(tmp_path) == ["invalid-date"]


def test_co_claimants_must_be_ids():
    with pytest.raises(ValidationError):
        FactFile.model_validate({"claims": [{
            "id": "x", "type": "numeric_statement", "claimant": "a", "co_claimants": ["Not An Id"],
            "measure": "m", "quantity": 1, "unit": "u", "subject": "s",
            "citations": [{"source": "s", "quote": "q"}],
        }]})


def test_a_window_with_only_its_last_day(tmp_path):
    """'Reported on Sunday': the event happened that day or before; its first day is open."""
    from factdb.builds.full import build

    make_repo(tmp_path)
    text = JOINT.replace("    when: 2026-02-05\n", "    when: {to: 2026-02-05}\n")
    write(tmp_path, "facts/claims/joint.yaml", text)
    report = validate(tmp_path)
    assert report.ok, [p.format_text() for p in report.problems]
    db = build(tmp_path).path
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT date_from, date_to, date_precision FROM claims WHERE id = 'summit'").fetchone()
    assert row == (None, "2026-02-05", "not_after")


def test_an_overnight_window_needs_its_first_day(tmp_path):
    make_repo(tmp_path)
    text = JOINT.replace("    when: 2026-02-05\n", "    when: {to: 2026-02-05, overnight: true}\n")
    write(tmp_path, "facts/claims/joint.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert problem.code == "date-order"
    assert problem.line == line_of(text, "when: {to")
    assert "give its 'from'" in problem.message
