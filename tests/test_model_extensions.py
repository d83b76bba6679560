"""Fields added to the model while curating the seed articles (issue 3):

- `co_claimants` on every claim: a joint statement (Witkoff and Umerov) has two claimants;
- `stated` on every claim: the day a claimant spoke, apart from the event's own date;
- `country` on a meeting: a summit placed only in a country ("di Lithuania");
- `updated` on a source: the update date a source prints ("Update : 13.11.2025");
- a `when` window with only its last day (`{to: 2025-06-01}`): an event reported on a day,
  not said to have happened on it;
- a `statement` claim type (issue 13): a stated fact without a figure (an agreement, a
  proposal, a demand, a forecast, a handover) with its `status`, `subject`, `parties`,
  `addressees`, `place` and `about`.

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


STATEMENTS = """\
claims:
  - id: exchange-agreed
    type: statement
    claimant: vitali-klitschko
    status: agreed
    subject: An exchange of prisoners will take place
    parties: [ua, ru]
    addressees: [ua-air-force]
    place: kyiv
    about: [uaf-2026-02-05]
    citations:
      - source: src1
        quote: Pertukaran itu akan melibatkan 314 tahanan.
  - id: plain-report
    type: statement
    claimant: ua-air-force
    subject: Russia launched missiles and drones overnight
    citations:
      - source: src1
        quote: Rusia meluncurkan dua rudal dan 183 drone ke negara itu dalam semalam
"""


def test_a_statement_holds_an_agreement_without_a_figure(tmp_path):
    from factdb.builds.full import build

    make_repo(tmp_path)
    write(tmp_path, "facts/claims/statements.yaml", STATEMENTS)
    report = validate(tmp_path)
    assert report.ok, [p.format_text() for p in report.problems]
    records = {r.record.id: r.record for r in report.catalog.of_kind("claim")}
    agreed, plain = records["exchange-agreed"], records["plain-report"]
    assert (agreed.type, agreed.status, agreed.parties, agreed.addressees) == (
        "statement", "agreed", ["ua", "ru"], ["ua-air-force"])
    assert plain.status == "reported" and plain.parties == []
    # The 314 and the 183 of its quotes are no figures of a statement: it states none.
    assert list(agreed.figures()) == [] and list(plain.figures()) == []
    with sqlite3.connect(build(tmp_path).path) as conn:
        row = conn.execute("SELECT type, status, place_id FROM claims WHERE id = 'exchange-agreed'").fetchone()
        linked = set(conn.execute(
            "SELECT field, entity_id FROM claim_entities WHERE claim_id = 'exchange-agreed'").fetchall())
        about = conn.execute(
            "SELECT target_claim_id FROM claim_links WHERE claim_id = 'exchange-agreed'").fetchall()
        figures = conn.execute("SELECT count(*) FROM quantities WHERE claim_id = 'exchange-agreed'").fetchone()
    assert row == ("statement", "agreed", "kyiv")
    assert {("parties", "ua"), ("parties", "ru"), ("addressees", "ua-air-force"), ("place", "kyiv")} <= linked
    assert about == [("uaf-2026-02-05",)] and figures == (0,)


def test_a_statement_party_must_be_a_claimant_kind(tmp_path):
    make_repo(tmp_path)
    text = STATEMENTS.replace("parties: [ua, ru]", "parties: [ua, kyiv]")
    write(tmp_path, "facts/claims/statements.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert problem.code == "unresolved-reference"
    assert (problem.file, problem.line) == ("facts/claims/statements.yaml", line_of(text, "parties:"))
    assert "is a place" in problem.message


def test_a_statement_needs_a_subject_and_a_known_status(tmp_path):
    make_repo(tmp_path)
    text = STATEMENTS.replace("    status: agreed\n", "    status: rumoured\n")
    write(tmp_path, "facts/claims/statements.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert (problem.code, problem.line) == ("invalid-value", line_of(text, "status: rumoured"))
    text = STATEMENTS.replace("    subject: Russia launched missiles and drones overnight\n", "")
    write(tmp_path, "facts/claims/statements.yaml", text)
    (problem,) = validate(tmp_path).problems
    assert problem.code == "missing-field" and "subject" in problem.message
