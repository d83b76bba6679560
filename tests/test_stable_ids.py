"""Stable ids: no published id is a list position. Items are named by what identifies them,
validation refuses two items with one key (duplicate-key), and `factdb diff` reports an id
that came to name something else."""

from __future__ import annotations

import shutil
import sqlite3

from factrepo import CLAIMS, ENTITIES, line_of, make_repo, write

from factdb.builds.full import build
from factdb.changes.diff import compare
from factdb.changes.snapshot import from_tree
from factdb.check.validate import validate


def ids(db, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(row[0] for row in conn.execute(f"SELECT id FROM {table}"))


def errors(root):
    return [(p.code, p.line, p.message) for p in validate(root).errors]


def test_figure_role_citation_delegation_and_member_ids_are_keys(sample_db):
    quantities = ids(sample_db, "quantities")
    assert "2026-02-05-ua-air-force-attack/weapons/drone/launched" in quantities
    assert "2026-02-05-ua-air-force-attack/weapons/missile/launched" in quantities
    assert "2026-02-05-budanov-exchange/sides/ukraine/returned" in quantities
    assert "2026-02-05-budanov-exchange/sides/ukraine/subsets/held-since-2022/count" in quantities
    assert not any(part.isdigit() for q in quantities for part in q.split("/"))
    roles = ids(sample_db, "roles")
    assert "rustem-umerov/roles/2025-06-02/defence-minister" in roles
    assert "kyrylo-budanov/roles/2026-02-05/head-of-military-intelligence" in roles
    assert "2026-02-05-abu-dhabi-talks/delegations/united-states" in ids(sample_db, "delegations")
    assert "2026-02-05-abu-dhabi-talks/delegations/ukraine/kyrylo-budanov" in ids(sample_db, "members")
    citations = [c for c in ids(sample_db, "citations") if c.startswith("2026-02-05-abu-dhabi-talks/")]
    assert citations == [f"2026-02-05-abu-dhabi-talks/citations/000_bf917d9e70bda72c/{k}" for k in range(4)]


def test_a_model_and_a_damage_item_name_their_figures(tmp_path):
    text = CLAIMS.replace("{kind: drone, launched: 183, neutralized: 156, impacted: 22}",
                          "{kind: drone, model: Shahed-136, launched: 183, neutralized: 156, impacted: 22}")
    make_repo(tmp_path, claims=text)
    figures = ids(build(tmp_path, tmp_path / "out.db").path, "quantities")
    assert "uaf-2026-02-05/weapons/drone.shahed-136/launched" in figures


def test_inserting_a_role_in_date_order_renumbers_no_id(tmp_path):
    make_repo(tmp_path)
    before = ids(build(tmp_path, tmp_path / "before.db").path, "roles")
    earlier = """    roles:
      - title: Boxer
        observed: 2026-02-04
        citation: {source: src1, quote: Vitali Klitschko}
"""
    write(tmp_path, "facts/entities/entities.yaml", ENTITIES.replace("    roles:\n", earlier))
    after = ids(build(tmp_path, tmp_path / "after.db").path, "roles")
    assert before == ["vitali-klitschko/roles/2026-02-05/mayor-of-kyiv"]
    assert after == ["vitali-klitschko/roles/2026-02-04/boxer", *before]


def test_two_weapons_of_one_kind_and_model_are_a_duplicate_key(tmp_path):
    text = CLAIMS.replace("      - {kind: missile, launched: 2}", "      - {kind: drone, impacted: 2}")
    make_repo(tmp_path, claims=text)
    assert errors(tmp_path) == [(
        "duplicate-key", line_of(text, "{kind: drone, impacted: 2}"),
        "weapons[1] has the same key 'drone' as weapons[0] in this list, so the two would share one id; "
        "merge them into one item, or tell them apart (a weapon's model, a role's title or date, a "
        "subset's description)",
    )]


def test_two_roles_of_one_title_on_one_day_are_a_duplicate_key(tmp_path):
    make_repo(tmp_path)
    again = ENTITIES + """        # the same observation again
      - title: Mayor of Kyiv
        observed: 2026-02-05
        citation: {source: src1, quote: Wali Kota Vitali Klitschko}
"""
    write(tmp_path, "facts/entities/entities.yaml", again)
    ((code, line, message),) = errors(tmp_path)
    assert (code, line) == ("duplicate-key", line_of(again, "# the same observation again") + 1)
    assert "roles[1] has the same key '2026-02-05/mayor-of-kyiv' as roles[0]" in message


MEETING = """\
claims:
  - id: talks
    type: meeting
    name: Talks
    claimant: ua-air-force
    when: 2026-02-05
    delegations:
      - side: ua
        members: [{person: vitali-klitschko}, {person: vitali-klitschko, role: Mayor}]
      - side: ua
    citations:
      - {source: src1, quote: Wali Kota Vitali Klitschko}
"""


def test_one_person_twice_in_a_delegation_and_two_delegations_of_one_side(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/talks.yaml", MEETING)
    found = [(code, message.split(" in this list")[0]) for code, _, message in errors(tmp_path)]
    assert found == [
        ("duplicate-key", "delegations[1] has the same key 'ua' as delegations[0]"),
        ("duplicate-key", "members[1] has the same key 'vitali-klitschko' as members[0]"),
    ]


def identity_lines(base, head) -> list[str]:
    diff = compare(from_tree(base), from_tree(head))
    return [f"{c.label}: {c.old} -> {c.new}" for r in diff.records for c in r.changes if c.field == "identity"]


def two_citations(first: str, second: str) -> str:
    return CLAIMS.replace(
        "        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.\n",
        f"        quote: {first}\n      - source: src1\n        quote: {second}\n",
    )


def test_diff_reports_citations_renumbered_by_a_reordering(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    said, who = "Vitali Klitschko mengatakan sedikitnya dua orang terluka.", "Wali Kota Vitali Klitschko"
    make_repo(a, claims=two_citations(said, who))
    make_repo(b, claims=two_citations(who, said))
    assert identity_lines(a, b) == [
        f"identity of klitschko-2026-02-05-injured/citations/src1/0: citation {said} -> citation {who}",
        f"identity of klitschko-2026-02-05-injured/citations/src1/1: citation {who} -> citation {said}",
    ]
    diff = compare(from_tree(a), from_tree(b))
    assert diff.summary().endswith("2 ids changed identity")


def test_diff_says_nothing_of_identity_for_a_corrected_quote_or_an_edit(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_repo(a)
    shutil.copytree(a, b)
    write(b, "facts/claims/2026-02-05.yaml", CLAIMS.replace(
        "quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.",
        "quote: Vitali Klitschko mengatakan sedikitnya dua orang terluka.").replace("impacted: 22", "impacted: 21")
        .replace("22 drone berdampak", "21 drone berdampak"))
    (b / "seeds/src1.txt").write_text((a / "seeds/src1.txt").read_text().replace("22 drone", "21 drone"))
    diff = compare(from_tree(a), from_tree(b))
    assert {r.id for r in diff.records} == {"uaf-2026-02-05", "klitschko-2026-02-05-injured"}
    assert identity_lines(a, b) == []


def test_diff_reports_a_claim_id_reused_for_another_claimant(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_repo(a)
    make_repo(b, claims=CLAIMS.replace("    claimant: vitali-klitschko\n", "    claimant: ua-air-force\n"))
    assert identity_lines(a, b) == [
        "identity of klitschko-2026-02-05-injured: claim casualties claim of vitali-klitschko -> "
        "claim casualties claim of ua-air-force",
    ]
