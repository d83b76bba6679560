"""The curated facts themselves: the real files under facts/ validate, and hold the facts a
reader of the five seed articles would look for (issue 3). The validator checks every quote
and figure against the archived texts; these tests check that the right facts are there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factdb.models import DateWindow, QuantityDetail, describe
from factdb.check.validate import validate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    return validate(ROOT)


@pytest.fixture(scope="module")
def records(report):
    return {rid: located.record for rid, located in report.catalog.records.items()}


def claims(records, type_, **fields):
    return [
        r for r in records.values()
        if getattr(r, "type", None) == type_ and all(getattr(r, k) == v for k, v in fields.items())
    ]


def night_of(claim, first: str, second: str) -> bool:
    w = claim.when
    return (
        isinstance(w, DateWindow) and w.overnight
        and w.from_.start == dt.date.fromisoformat(first) and w.to.start == dt.date.fromisoformat(second)
    )


def weapon(claim, kind):
    (found,) = [w for w in claim.weapons if w.kind == kind]
    return found


def test_the_curated_facts_validate(report):
    assert report.ok, "\n".join(p.format_text() for p in report.shown())
    assert report.summary()["claims"] >= 50


def test_every_seed_is_a_source_with_what_is_known_of_it(records):
    sources = {r.id: r for r in records.values() if type(r).__name__ == "Source"}
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(sources) == seeds
    for source in sources.values():
        assert source.archive == f"seeds/{source.id}.txt"
        assert source.language == "id"
        assert source.published is not None
        assert source.url is None  # none of the texts prints its URL
    originals = {s.original_publisher or s.publisher for s in sources.values()}
    assert {"abc-news", "bbc", "anadolu-agency", "pantau"} <= originals
    assert str(sources["003_4caf5476ecc105bc"].published) == "2025-11-12"
    assert str(sources["003_4caf5476ecc105bc"].updated) == "2025-11-13"
    assert str(sources["002_ab3a7f44538729f2"].published.not_after) == "2026-01-03"
    assert str(sources["000_bf917d9e70bda72c"].published.not_before) == "2026-02-05"


def test_night_of_4_to_5_february_2026_as_the_ukrainian_air_force_gave_it(records):
    (uaf,) = [c for c in claims(records, "air_attack", claimant="ukrainian-air-force")
              if night_of(c, "2026-02-04", "2026-02-05")]
    assert (uaf.attacker, uaf.target_country) == ("russia", "ukraine")
    drones = weapon(uaf, "drone")
    assert (drones.launched, drones.neutralized, drones.impacted) == (183, 156, 22)
    assert weapon(uaf, "missile").launched == 2
    assert uaf.impact_locations == 16


def test_russian_mod_figures_for_the_same_night_stand_apart(records):
    (mod,) = [c for c in claims(records, "air_attack", claimant="russian-ministry-of-defence")
              if night_of(c, "2026-02-04", "2026-02-05")]
    assert (mod.attacker, mod.target_country) == ("ukraine", "russia")
    assert weapon(mod, "drone").shot_down == 95


def test_night_of_1_to_2_june_2025_both_sides(records):
    (uaf,) = [c for c in claims(records, "air_attack", claimant="ukrainian-air-force")
              if night_of(c, "2025-06-01", "2025-06-02")]
    assert weapon(uaf, "drone").launched == 80
    assert weapon(uaf, "missile").launched == 4  # "empat rudal"
    assert weapon(uaf, "weapon").neutralized == 52
    assert uaf.impact_locations == 12
    (mod,) = [c for c in claims(records, "air_attack", claimant="russian-ministry-of-defence")
              if night_of(c, "2025-06-01", "2025-06-02")]
    assert weapon(mod, "drone").shot_down == 162
    assert mod.regions_count == 9  # "sembilan daerah"


def test_klitschko_at_least_two_injured_in_kyiv(records):
    (kyiv,) = claims(records, "casualties", claimant="vitali-klitschko")
    assert kyiv.place == "kyiv"
    assert kyiv.injured == QuantityDetail(qualifier="at_least", value=2)
    assert describe(kyiv.injured)[2:4] == (2, None)


def test_who_sat_in_each_delegation_in_abu_dhabi(records):
    (talks,) = [m for m in claims(records, "meeting", city="abu-dhabi") if m.round == 2]
    assert isinstance(talks.when, DateWindow) and str(talks.when.from_) == "2026-02-04"
    members = {d.side: {m.person for m in d.members} for d in talks.delegations}
    assert members == {
        "ukraine": {"rustem-umerov", "kyrylo-budanov", "andrii-hnatov"},
        "russia": {"kirill-dmitriev", "igor-kostyukov"},
        "united-states": {"steve-witkoff", "jared-kushner"},
    }
    roles = {m.person: m.role for d in talks.delegations for m in d.members}
    assert "National Security and Defence Council" in roles["rustem-umerov"]
    assert "GRU" in roles["igor-kostyukov"]


def test_umerov_defence_minister_in_june_2025_then_nsdc_secretary(records):
    umerov = records["rustem-umerov"]
    by_date = {}
    for role in umerov.roles:
        by_date.setdefault(str(role.observed), set()).add(role.title)
    assert by_date["2025-06-02"] == {"Defence Minister of Ukraine"}
    later = [r for r in umerov.roles if r.observed.start >= dt.date(2025, 11, 1)]
    nsdc = [r for r in later if "National Security and Defence Council" in r.title]
    assert {r.citation.source for r in nsdc} == {
        "000_bf917d9e70bda72c", "002_ab3a7f44538729f2", "003_4caf5476ecc105bc",
    }
    assert all(r.status == "current" for r in umerov.roles)


def test_budanov_former_intelligence_chief_now_head_of_presidential_office(records):
    roles = {(r.organization, r.status) for r in records["kyrylo-budanov"].roles}
    assert roles == {
        ("ukrainian-military-intelligence", "former"),
        ("office-of-the-president-of-ukraine", "current"),
    }


def test_both_spellings_of_dmitriev(records):
    assert {"Kiril Dmitriev", "Kirill Dmitriev"} <= set(records["kirill-dmitriev"].aliases)


def test_istanbul_talks_of_2_june_2025_at_ciragan_palace(records):
    (talks,) = [m for m in claims(records, "meeting", city="istanbul") if m.round == 2]
    assert str(talks.when) == "2025-06-02"
    assert talks.venue == "ciragan-palace"
    assert "hakan-fidan" in talks.mediators
    assert talks.duration_hours == QuantityDetail(qualifier="more_than", value=1)
    (ukraine,) = [d for d in talks.delegations if d.side == "ukraine"]
    (leader,) = [m for m in ukraine.members if m.leader]
    assert (leader.person, leader.role) == ("rustem-umerov", "Defence Minister of Ukraine")
    rounds = sorted(m.round for m in claims(records, "meeting", series="Istanbul talks") if m.round)
    assert rounds == [1, 2, 3]
    (count,) = claims(records, "numeric_statement", measure="rounds_of_talks")
    assert count.quantity == 3 and count.place == "istanbul"


def test_the_exchange_of_5_february_2026(records):
    exchanges = [c for c in claims(records, "prisoner_exchange") if str(c.when) == "2026-02-05"]
    by_claimant = {c.claimant: c for c in exchanges}
    assert by_claimant["steve-witkoff"].total == 314
    assert by_claimant["abc-news"].total == QuantityDetail(qualifier="vague", text="ratusan")
    (ukraine,) = by_claimant["kyrylo-budanov"].sides
    assert (ukraine.side, ukraine.returned) == ("ukraine", 157)
    (since_2022,) = ukraine.subsets
    assert (since_2022.count, since_2022.held_since) == (139, "2022")
    (months,) = claims(records, "numeric_statement", measure="months_since_previous_exchange")
    assert months.quantity == 5 and months.claimant == "steve-witkoff"


def test_strikes_and_damage_of_1_june_2025(records):
    sbu = [c for c in claims(records, "strike", claimant="security-service-of-ukraine")]
    (aircraft,) = [d for c in sbu for d in c.damage]
    assert aircraft.count == QuantityDetail(qualifier="more_than", value=40)
    (zelenskyy,) = claims(records, "strike", claimant="volodymyr-zelenskyy")
    assert zelenskyy.damage[0].percent == 34
    (bridges,) = [c for c in claims(records, "strike", claimant="russian-authorities")
                  if "russian-areas-bordering-ukraine" in c.places]
    # Two figures of 2: each names its words ("dua jembatan kereta api", "dua kereta").
    assert {(d.object, d.effect, describe(d.count)[0]) for d in bridges.damage} == {
        ("railway bridge", "collapsed", 2), ("train", "derailed", 2),
    }
    (killed,) = claims(records, "casualties", claimant="russian-authorities")
    assert killed.killed == QuantityDetail(qualifier="at_least", value=7)
    (prep,) = claims(records, "numeric_statement", measure="operation_preparation_time")
    assert prep.quantity == 1.5 and prep.unit == "years"


def test_ceasefires_plans_and_other_stated_numbers(records):
    def single(measure, claimant):
        (claim,) = claims(records, "numeric_statement", measure=measure, claimant=claimant)
        return claim.quantity

    assert single("ceasefire_length", "ukraine") == 30
    assert single("ceasefire_length", "vladimir-medinsky") == QuantityDetail(qualifier="range", low=2, high=3)
    assert single("plan_points", "steve-witkoff") == 20
    assert single("plan_points", "bbc") == 28
    assert single("working_groups_proposed", "alexey-ivanov") == 3
    assert single("progress_towards_settlement", "volodymyr-zelenskyy") == 90
    (twenty,) = claims(records, "numeric_statement", measure="plan_points", claimant="steve-witkoff")
    assert twenty.co_claimants == ["rustem-umerov"]  # a joint statement


def test_the_planned_meeting_of_3_january_2026(records):
    (meeting,) = [m for m in claims(records, "meeting") if str(m.when) == "2026-01-03"]
    assert meeting.status == "planned" and meeting.mode == "hybrid"
    assert meeting.participants_count == QuantityDetail(qualifier="more_than", value=10)
    assert {"nato", "european-commission", "united-states"} <= set(meeting.participants)


def test_russian_mod_on_1_june_2025_repelled_in_three_regions_aircraft_burned_in_two(records):
    mod = {c.id: c for c in claims(records, "strike", claimant="russian-ministry-of-defence")
           if str(c.when) == "2025-06-01"}
    repelled = mod["2025-06-01-russian-mod-attacks-repelled"]
    assert repelled.places_count == 3 and not repelled.damage  # "ditolak di tiga daerah"
    burned = mod["2025-06-01-russian-mod-airfield-attacks"]
    assert burned.places == ["irkutsk", "murmansk"] and burned.places_count is None
    (aircraft,) = burned.damage
    assert (aircraft.effect, aircraft.count) == ("burned", QuantityDetail(qualifier="vague", text="beberapa"))


def test_when_the_abu_dhabi_talks_ended_in_local_time_and_et(records):
    ended = {c.measure: c for c in claims(records, "numeric_statement",
                                         claimant="office-of-the-president-of-ukraine")}
    assert ended["end_time_local_hour"].quantity == QuantityDetail(qualifier="approximately", value=4)
    assert ended["end_time_et_hour"].quantity == QuantityDetail(qualifier="approximately", value=7)
    assert str(ended["end_time_et_hour"].when) == "2026-02-05"


def test_ivanov_several_initiatives_and_three_working_groups(records):
    by_measure = {c.measure: c for c in claims(records, "numeric_statement", claimant="alexey-ivanov")}
    assert by_measure["peace_initiatives_proposed"].quantity == QuantityDetail(qualifier="vague", text="beberapa")
    assert by_measure["working_groups_proposed"].quantity == 3
    assert str(by_measure["peace_initiatives_proposed"].stated) == "2025-11-12"


def test_organizations_and_people_named_only_in_passing_are_entities(records):
    for rid in ("uae-ministry-of-foreign-affairs", "starlink", "zelenskyy-party", "afp",
                "trump-administration", "sergei-grits", "ellie-kaufman", "patrick-reevell",
                "gerry-eka", "europe", "middle-east", "eastern-ukraine"):
        assert rid in records, rid
    assert "Kementerian Luar Negeri UEA" in records["uae-ministry-of-foreign-affairs"].aliases
    chair = [r for r in records["oleksandr-merezhko"].roles if r.title.startswith("Chair")]
    assert [r.organization for r in chair] == ["foreign-affairs-committee-of-the-parliament-of-ukraine"]


def test_events_reported_on_a_day_are_dated_by_it_not_on_it(records):
    # "Juga pada hari Minggu, pihak berwenang Rusia melaporkan runtuhnya dua jembatan": the
    # collapses happened on Sunday 1 June 2025 or before; the article does not say when.
    for claim_id in ("2025-06-01-railway-bridges-collapse", "2025-06-01-railway-bridges-killed"):
        when = records[claim_id].when
        assert isinstance(when, DateWindow) and when.from_ is None
        assert when.to.start == dt.date(2025, 6, 1)
    calls = [c for c in claims(records, "meeting", format="phone_call") if c.id.startswith("2026-01-umerov-calls")]
    assert len(calls) == 2 and all(c.when.from_ is None and c.when.to.start == dt.date(2026, 1, 3) for c in calls)
