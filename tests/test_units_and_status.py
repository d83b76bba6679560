"""Every figure has a unit, bounds that follow the unit's kind, and its claim's status."""

from __future__ import annotations

import sqlite3

import pytest
from factrepo import CLAIMS, make_repo, write
from pydantic import TypeAdapter

from factdb.builds.full import build
from factdb.models import FactFile, Quantity
from factdb.models.quantity import bounds
from factdb.models.units import plural, unit_kind
from factdb.check.validate import validate

quantity = TypeAdapter(Quantity)


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_more_than_one_hour_is_an_open_bound_at_1_not_2():
    # "lebih dari satu jam": more than one hour is 1 hour and a minute, never "at least 2".
    hour = bounds(quantity.validate_python({"qualifier": "more_than", "value": 1}), unit_kind("hours"))
    assert (hour.low, hour.low_open, hour.high, hour.basis) == (1, True, None, "stated")
    # "lebih dari 40 pesawat": the smallest count of aircraft that is more than 40 is 41.
    aircraft = bounds(quantity.validate_python({"qualifier": "more_than", "value": 40}), unit_kind("aircraft"))
    assert (aircraft.low, aircraft.low_open) == (41, False)
    days = bounds(quantity.validate_python({"qualifier": "less_than", "value": 3}), "measure")
    assert (days.high, days.high_open) == (3, True)
    drones = bounds(quantity.validate_python({"qualifier": "less_than", "value": 10}), "count")
    assert (drones.high, drones.high_open) == (9, False)


@pytest.mark.parametrize("data, basis", [
    (183, "stated"),
    ({"qualifier": "at_least", "value": 2}, "stated"),
    ({"qualifier": "range", "low": 2, "high": 3}, "stated"),
    ({"qualifier": "vague", "text": "ratusan"}, "convention"),
    ({"qualifier": "vague", "text": "ratusan", "low": 300}, "editor"),
    ({"qualifier": "approximately", "value": 4, "high": 4}, "editor"),
    ({"qualifier": "approximately", "value": 4}, None),
    ({"qualifier": "vague", "text": "banyak"}, None),
])
def test_bounds_say_where_they_come_from(data, basis):
    assert bounds(quantity.validate_python(data)).basis == basis


@pytest.mark.parametrize("unit, kind", [
    ("hours", "measure"), ("days", "measure"), ("percent", "measure"), ("km", "measure"),
    ("drones", "count"), ("people", "count"), ("air_bases", "count"), ("online working groups", "count"),
])
def test_unit_kinds(unit, kind):
    assert unit_kind(unit) == kind


@pytest.mark.parametrize("noun, unit", [
    ("ship", "ships"), ("aircraft", "aircraft"), ("power supply", "power_supplies"),
    ("railway bridge", "railway_bridges"), ("thermal power plant", "thermal_power_plants"), ("box", "boxes"),
])
def test_damage_objects_count_in_their_plural(noun, unit):
    assert plural(noun) == unit


def test_every_figure_has_its_class_s_unit_unless_the_file_gives_one(tmp_path):
    # A count of places is regions in one claim and air bases in another: `unit` says which.
    text = CLAIMS.replace("impact_locations: 16", "impact_locations: {qualifier: exact, value: 16, unit: towns}")
    assert text != CLAIMS
    make_repo(tmp_path, claims=text)
    db = build(tmp_path, tmp_path / "f.db").path
    units = {r["figure_id"].split("/", 1)[1]: r["unit"] for r in rows(db, "SELECT figure_id, unit FROM figures")}
    assert units == {
        "weapons/drone/launched": "drones", "weapons/drone/neutralized": "drones", "weapons/drone/impacted": "drones",
        "weapons/missile/launched": "missiles", "impact_locations": "towns", "injured": "people",
    }
    assert rows(db, "SELECT count(*) AS n FROM quantities WHERE unit IS NULL") == [{"n": 0}]


def test_a_more_than_figure_of_a_measure_is_stored_open(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/talks.yaml", """\
        claims:
          - id: talks
            type: meeting
            claimant: ua
            name: Talks
            when: 2026-02-05
            duration_hours: {qualifier: more_than, value: 1}
            citations:
              - source: src1
                quote: Wali Kota Vitali Klitschko
        """)
    write(tmp_path, "seeds/src1.txt", (tmp_path / "seeds/src1.txt").read_text() + "Perundingan berlangsung lebih dari satu jam.\n")
    write(tmp_path, "facts/claims/talks.yaml", (tmp_path / "facts/claims/talks.yaml").read_text().replace(
        "quote: Wali Kota Vitali Klitschko", "quote: Perundingan berlangsung lebih dari satu jam."))
    assert validate(tmp_path).problems == []
    (row,) = rows(build(tmp_path, tmp_path / "f.db").path, "SELECT * FROM figures WHERE claim_id = 'talks'")
    assert (row["unit"], row["low"], row["low_open"], row["high"], row["bounds_basis"]) == ("hours", 1, 1, None, "stated")
    assert row["words"] == "lebih dari satu jam"


def test_status_and_stated_date_go_into_the_figures(tmp_path):
    text = CLAIMS.replace(
        "    place: kyiv\n    population: civilian\n",
        "    place: kyiv\n    population: civilian\n    status: forecast\n    stated: 2026-02-04\n",
    )
    assert text != CLAIMS
    make_repo(tmp_path, claims=text)
    db = build(tmp_path, tmp_path / "f.db").path
    statuses = {r["claim_id"]: (r["status"], r["stated"]) for r in rows(db, "SELECT claim_id, status, stated FROM figures")}
    assert statuses == {"uaf-2026-02-05": ("reported", None), "klitschko-2026-02-05-injured": ("forecast", "2026-02-04")}


def test_every_claim_has_a_status_and_old_values_keep_their_defaults():
    model = FactFile.model_validate({"claims": [
        {"id": "a", "type": "casualties", "claimant": "x", "citations": [{"source": "s", "quote": "q"}]},
        {"id": "m", "type": "meeting", "claimant": "x", "name": "Talks", "citations": [{"source": "s", "quote": "q"}]},
        {"id": "e", "type": "prisoner_exchange", "claimant": "x", "citations": [{"source": "s", "quote": "q"}]},
        {"id": "d", "type": "strike", "claimant": "x", "status": "denied", "citations": [{"source": "s", "quote": "q"}]},
    ]})
    assert [c.status for c in model.claims] == ["reported", "held", "completed", "denied"]


def test_a_demand_may_be_dated_after_publication(tmp_path):
    # A demand or a forecast is not yet a fact: it may be about a day after the report.
    text = CLAIMS.replace("when: 2026-02-05\n", "when: 2026-03-01\n")
    assert text != CLAIMS
    make_repo(tmp_path, claims=text)
    assert [p.code for p in validate(tmp_path).problems] == ["event-after-publication"]
    write(tmp_path, "facts/claims/2026-02-05.yaml", text.replace("population: civilian\n", "population: civilian\n    status: demanded\n"))
    assert validate(tmp_path).problems == []
