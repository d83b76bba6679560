"""`factdb diff`: fact-level differences between two real git commits, the working tree and
built .db files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdb.read import gitrev
from factdb.cli import main
from factdb.builds.full import build
from factdb.changes.diff import compare
from factdb.changes.render import render_markdown
from factdb.changes.show import show_quantity, when_phrase
from factdb.changes.snapshot import from_db, from_revision, from_tree
from factrepo import CLAIMS
from gitrepo import commit, edit, git, init, make_repo, write

MEETING_TEXT = (
    "Delegasi Ukraina dipimpin Rustem Umerov bertemu delegasi Rusia yang dipimpin "
    "Vladimir Medinsky di Istanbul.\n"
)

PEOPLE = """\
people:
  - {id: rustem-umerov, name: Rustem Umerov, country: ua}
  - {id: vladimir-medinsky, name: Vladimir Medinsky, country: ru}
"""

MEETING = """\
claims:
  - id: istanbul-2026-02-05
    type: meeting
    name: Istanbul talks
    claimant: ua-air-force
    when: 2026-02-05
    delegations:
      - side: ua
        members: [{person: rustem-umerov, role: Defence Minister, leader: true}]
      - side: ru
        members: [{person: vladimir-medinsky, leader: true}]
    citations:
      - source: src1
        quote: >-
          Delegasi Ukraina dipimpin Rustem Umerov bertemu delegasi Rusia yang dipimpin
          Vladimir Medinsky di Istanbul.
"""

CLAIMS_FILE = "facts/claims/2026-02-05.yaml"
AIR_ATTACK, CASUALTIES = CLAIMS.split("  - id: klitschko-2026-02-05-injured")


def run(root, *args):
    return CliRunner().invoke(main, ["-C", str(root), "diff", *args])


@pytest.fixture
def history(tmp_path):
    """A repository with four commits: the base; one that changes, removes and adds claims
    (and moves the source file); one that only moves facts between files; one broken."""
    root = make_repo(init(tmp_path / "repo"))
    base = commit(root, "base", "2026-02-05T08:00:00+00:00")

    write(root, CLAIMS_FILE, AIR_ATTACK)  # the casualties claim is removed
    edit(root, "seeds/src1.txt", "dan 156 drone", "dan 157 drone")
    edit(root, CLAIMS_FILE, "neutralized: 156", "neutralized: 157")
    edit(root, CLAIMS_FILE, "dan 156 drone", "dan 157 drone")
    (root / "seeds/src1.txt").write_text((root / "seeds/src1.txt").read_text() + MEETING_TEXT)
    write(root, "facts/entities/people.yaml", PEOPLE)
    write(root, "facts/claims/istanbul.yaml", MEETING)
    git(root, "mv", "facts/sources/src1.yaml", "facts/sources/kyiv-independent.yaml")
    changed = commit(root, "change, remove, add, move", "2026-02-06T08:00:00+00:00")

    # Only moves: the meeting joins the air attack's file, the people file is renamed.
    meeting = (root / "facts/claims/istanbul.yaml").read_text().removeprefix("claims:\n")
    (root / CLAIMS_FILE).write_text((root / CLAIMS_FILE).read_text() + meeting)
    git(root, "rm", "-q", "facts/claims/istanbul.yaml")
    git(root, "mv", "facts/entities/people.yaml", "facts/entities/delegates.yaml")
    moved = commit(root, "move facts between files", "2026-02-07T08:00:00+00:00")

    write(root, "facts/entities/delegates.yaml", "people:\n  - {id: x, name: [unclosed\n")
    broken = commit(root, "broken", "2026-02-08T08:00:00+00:00")
    git(root, "checkout", "-q", moved)
    return root, {"base": base, "changed": changed, "moved": moved, "broken": broken}


def test_diff_between_two_commits_reports_added_removed_and_changed_claims(history):
    root, revs = history
    result = run(root, revs["base"], revs["changed"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{revs['base']} → {revs['changed']}: claims 1 added, 1 removed, 1 changed; people 2 added"
    assert "~ claim uaf-2026-02-05 (air_attack): Ukrainian Air Force, night of 4–5 Feb 2026" in lines
    # A figure comes with the words that state it (issue 15).
    assert "    drones_neutralized 156 → 157: “…drone ke negara itu dalam semalam, dan 157 drone di antaranya ditembak jatuh atau…” (src1)" in lines
    assert "- claim klitschko-2026-02-05-injured (casualties): Vitali Klitschko, 5 Feb 2026" in lines
    assert "+ claim istanbul-2026-02-05 (meeting): Istanbul talks, 5 Feb 2026" in lines
    assert "    + delegations[Ukraine].members: Rustem Umerov (leader; role: Defence Minister)" in lines
    assert "    + delegations[Russia].members: Vladimir Medinsky (leader)" in lines
    assert "+ person rustem-umerov (person): Rustem Umerov" in lines
    # The source file was renamed, not changed: no line about the source at all.
    assert "src1 (source)" not in result.output
    # The quote's change is shown where it differs, not from its first word.
    quote_line = next(line for line in lines if "citations[src1].quote" in line)
    assert "156 drone" in quote_line and "157 drone" in quote_line


def test_moving_facts_between_files_is_not_a_change(history):
    root, revs = history
    for args in ([revs["changed"], revs["moved"]], [revs["moved"]], ["HEAD", "HEAD"]):
        result = run(root, *args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("no fact changes between"), result.output
    assert compare(from_revision(root, revs["changed"]), from_revision(root, revs["moved"])).empty


def test_the_working_tree_is_the_default_head(history):
    root, revs = history
    edit(root, CLAIMS_FILE, "role: Defence Minister", "role: NSDC Secretary")
    edit(root, CLAIMS_FILE, "members: [{person: vladimir-medinsky, leader: true}]", "members: []")
    result = run(root, "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "HEAD → working tree: claims 1 changed",
        "~ claim istanbul-2026-02-05 (meeting): Istanbul talks, 5 Feb 2026",
        "    delegations[Ukraine].members[Rustem Umerov].role: Defence Minister → NSDC Secretary",
        "    - delegations[Russia].members: Vladimir Medinsky (leader)",
    ]


def test_reordering_a_list_shows_as_reordered_only(history):
    root, _ = history
    edit(root, CLAIMS_FILE, "      - {kind: drone, launched: 183, neutralized: 157, impacted: 22}\n"
         "      - {kind: missile, launched: 2}\n",
         "      - {kind: missile, launched: 2}\n"
         "      - {kind: drone, launched: 183, neutralized: 157, impacted: 22}\n")
    result = run(root, "HEAD")
    assert result.output.splitlines()[1:] == [
        "~ claim uaf-2026-02-05 (air_attack): Ukrainian Air Force, night of 4–5 Feb 2026",
        "    order of items: before → reordered",
    ]


def test_markdown_for_a_pull_request(history):
    root, revs = history
    result = run(root, "--format", "markdown", revs["base"], revs["changed"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(f"### Fact changes: `{revs['base']}` → `{revs['changed']}`\n")
    assert "- **changed** claim `uaf-2026-02-05` (air\\_attack): Ukrainian Air Force, night of 4–5 Feb 2026" in text
    assert "  - `drones_neutralized`: 156 → 157 — “…drone ke negara itu dalam semalam, dan 157 drone di antaranya ditembak jatuh atau…” (src1)" in text
    assert "  - added `delegations[Ukraine].members`: Rustem Umerov (leader; role: Defence Minister)" in text
    assert "- **removed** claim `klitschko-2026-02-05-injured`" in text
    empty = run(root, "--format", "markdown", "HEAD", "HEAD")
    assert empty.output == "### Fact changes: `HEAD` → `HEAD`\n\nNo fact changes.\n"



def test_markdown_stays_under_the_job_summary_limit_and_says_what_it_left_out(history):
    root, revs = history
    diff = compare(from_revision(root, revs["base"]), from_revision(root, revs["changed"]))
    whole = render_markdown(diff)
    assert len(diff.records) >= 2 and "more changed records" not in whole
    first = whole.index("\n- **")
    second = whole.index("\n- **", first + 1)
    limit = second + 250 + len(revs["base"] + revs["changed"])
    cut = render_markdown(diff, max_bytes=limit)
    assert len(cut.encode()) <= limit
    assert cut.startswith(whole[:second])
    assert f"… and {len(diff.records) - 1} more changed records" in cut
    assert f"run `factdb diff {revs['base']} {revs['changed']}` for all of them" in cut

def test_built_databases_compare_like_their_revisions(history, tmp_path):
    root, revs = history
    dbs = {}
    for name in ("base", "changed"):
        with gitrev.exported(root, revs[name]) as tree:
            dbs[name] = build(tree, tmp_path / f"{name}.db").path
    from_files = compare(from_db(dbs["base"]), from_db(dbs["changed"]))
    from_git = compare(from_revision(root, revs["base"]), from_revision(root, revs["changed"]))
    assert from_files.records == from_git.records
    assert not from_files.empty
    # A database against the tree it was built from, and against itself: nothing.
    assert compare(from_db(dbs["changed"]), from_revision(root, revs["changed"])).empty
    result = run(root, str(dbs["base"]), str(dbs["base"]))
    assert result.exit_code == 0 and result.output.startswith("no fact changes")
    mixed = run(root, str(dbs["base"]), revs["changed"])
    assert "drones_neutralized 156 → 157" in mixed.output


def test_a_revision_that_does_not_validate_is_reported_not_raised(history):
    root, revs = history
    result = run(root, revs["moved"], revs["broken"])
    assert result.exit_code == 1
    assert "facts/entities/delegates.yaml:3:1: yaml-syntax: " in result.output
    assert f"{revs['broken']}: the facts do not validate" in result.output
    assert "Traceback" not in result.output


def test_unknown_revisions_and_non_checkouts_are_usage_errors(history, tmp_path):
    root, _ = history
    result = run(root, "no-such-branch")
    assert result.exit_code == 2
    assert "'no-such-branch' is not a commit" in result.output
    plain = make_repo(tmp_path / "plain")
    result = run(plain, "HEAD")
    assert result.exit_code == 2
    assert "not a git checkout" in result.output
    result = run(root, "--upload-pack=x")
    assert result.exit_code == 2
    result = run(root, "build/missing.db")
    assert result.exit_code == 2
    assert "build/missing.db does not exist; run `factdb build` first" in result.output


def test_a_revision_before_the_first_fact_adds_everything(tmp_path):
    root = init(tmp_path / "repo")
    write(root, "README.md", "facts to come\n")
    empty = commit(root, "empty", "2026-01-01T00:00:00+00:00")
    make_repo(root)
    result = run(root, empty)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "empty → working tree: claims 2 added; sources 1 added; people 1 added; "
        "organizations 1 added; countries 2 added; places 1 added"
    ).replace("empty", empty)


def test_facts_in_a_subdirectory_of_the_repository(tmp_path):
    top = init(tmp_path / "top")
    root = make_repo(top / "data")
    first = commit(top, "facts in data/", "2026-01-01T00:00:00+00:00")
    edit(root, CLAIMS_FILE, "impact_locations: 16", "impact_locations: 16\n    notes: checked")
    result = run(root, first)
    assert result.exit_code == 0, result.output
    assert "    + notes: checked" in result.output.splitlines()


def test_phrases():
    assert when_phrase({"from": "2026-02-04", "to": "2026-02-05", "overnight": True}) == "night of 4–5 Feb 2026"
    assert when_phrase({"from": "2026-01-31", "to": "2026-02-01", "overnight": False}) == "31 Jan–1 Feb 2026"
    assert when_phrase({"to": "2025-06-01", "overnight": False}) == "by 1 Jun 2025"
    assert when_phrase({"from": "2025-12-31", "to": "2026-01-01"}) == "31 Dec 2025–1 Jan 2026"
    assert when_phrase({"from": "2025-06", "to": "2025-07"}) == "Jun–Jul 2025"
    assert when_phrase("2025-06") == "Jun 2025"
    assert when_phrase(None) == "undated"
    assert show_quantity({"qualifier": "at_least", "value": 2}) == "at least 2"
    assert show_quantity({"qualifier": "range", "low": 2, "high": 3}) == "2–3"
    assert show_quantity({"qualifier": "vague", "text": "ratusan", "low": 200, "high": 999}) == "ratusan (200–999)"
    assert show_quantity(1.5) == "1.5"
    # Binding a figure to its words, or marking it derived, is a change a reviewer sees.
    assert show_quantity({"qualifier": "exact", "value": 2, "words": "dua kapal"}) == "2 in 'dua kapal'"
    assert show_quantity({"qualifier": "exact", "value": 2, "derived": "each side"}) == "2 (derived: each side)"
    assert show_quantity({"qualifier": "more_than", "value": 3, "unit": "regions"}) == "more than 3 regions"


def test_the_command_as_a_subprocess(history):
    root, revs = history
    result = subprocess.run(
        [str(Path(sys.executable).with_name("factdb")), "-C", str(root), "diff", revs["base"], revs["changed"]],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "drones_neutralized 156 → 157" in result.stdout


def test_snapshots_of_a_tree_and_its_commit_agree(history):
    root, revs = history
    assert from_tree(root).entries == from_revision(root, revs["moved"]).entries


def test_changes_to_sources_and_entities(tmp_path):
    root = make_repo(init(tmp_path / "repo"))
    commit(root, "base", "2026-02-05T08:00:00+00:00")
    edit(root, "facts/sources/src1.yaml", "title: Serangan semalam", "title: Serangan semalam di Kyiv")
    edit(root, "facts/entities/entities.yaml", "title: Mayor of Kyiv", "title: Mayor of Kyiv city")
    edit(root, "facts/entities/entities.yaml", "aliases: [Ukraina]}", "aliases: [Ukraina, Ukr], iso_code: UA}")
    result = run(root, "HEAD")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "HEAD → working tree: sources 1 changed; people 1 changed; countries 1 changed"
    assert "    title: Serangan semalam → Serangan semalam di Kyiv" in lines
    assert any(line.startswith("    - roles: Mayor of Kyiv, 2026-02-05") for line in lines)
    assert any(line.startswith("    + roles: Mayor of Kyiv city, 2026-02-05") for line in lines)
    assert lines[-3:] == ["~ country ua (country): Ukraine", "    + aliases: Ukr", "    + iso_code: UA"]


def test_the_cut_markdown_names_a_command_that_runs(history):
    from factdb.changes.render import diff_command
    from factdb.changes.snapshot import from_tree

    root, revs = history
    diff = compare(from_revision(root, revs["base"]), from_tree(root, "working tree"))
    # "working tree" is the default HEAD, not a revision: `factdb diff BASE working tree` fails.
    assert diff_command(diff) == f"factdb diff {revs['base']}"
    diff.head = "build/my facts.db"
    assert diff_command(diff) == f"factdb diff {revs['base']} 'build/my facts.db'"


KYIV2 = (
    "Wali Kota Kyiv Vitali Klitschko, mantan petinju, mengatakan 12 orang terluka. "
    "Sekretaris kota Volodymyr Bondarenko mengatakan 3 tewas.\n"
)


@pytest.fixture
def branch(tmp_path):
    """A repository with two commits: `main`, then a branch `topic` that adds an untitled
    source, a person with a role, a role to a known person and a claim, and changes a figure."""
    root = make_repo(init(tmp_path / "repo"))
    base = commit(root, "base", "2026-02-05T08:00:00+00:00")
    git(root, "checkout", "-q", "-b", "topic")
    (root / "seeds/kyiv2.txt").write_text(KYIV2, encoding="utf-8")
    write(root, "facts/sources/kyiv2.yaml", (
        "sources:\n  - id: kyiv2\n    archive: seeds/kyiv2.txt\n    language: id\n"
        "    publisher: ua-air-force\n    published: 2026-02-06\n"
    ))
    write(root, "facts/entities/more.yaml", """\
        people:
          - id: volodymyr-bondarenko
            name: Volodymyr Bondarenko
            country: ua
            roles:
              - title: Secretary of the Kyiv City Council
                observed: 2026-02-06
                citation: {source: kyiv2, quote: Sekretaris kota Volodymyr Bondarenko}
        """)
    edit(root, "facts/entities/entities.yaml", "          quote: Wali Kota Vitali Klitschko\n", (
        "          quote: Wali Kota Vitali Klitschko\n      - title: Former boxer\n        observed: 2026-02-06\n"
        "        status: former\n        citation: {source: kyiv2, quote: 'Klitschko, mantan petinju'}\n"
    ))
    write(root, "facts/claims/kyiv2.yaml", """\
        claims:
          - id: kyiv-2026-02-06
            type: casualties
            claimant: vitali-klitschko
            when: 2026-02-06
            place: kyiv
            injured: 12
            killed: 3
            citations:
              - source: kyiv2
                quote: Wali Kota Kyiv Vitali Klitschko, mantan petinju, mengatakan 12 orang terluka.
              - source: kyiv2
                quote: Sekretaris kota Volodymyr Bondarenko mengatakan 3 tewas.
        """)
    edit(root, CLAIMS_FILE, "neutralized: 156", "neutralized: 150")
    edit(root, "seeds/src1.txt", "dan 156 drone", "dan 150 drone")
    edit(root, CLAIMS_FILE, "dan 156 drone", "dan 150 drone")
    topic = commit(root, "topic", "2026-02-06T08:00:00+00:00")
    return root, base, topic


def test_diff_without_a_base_shows_the_branch_against_its_merge_base_as_a_reviewer_reads_it(branch):
    root, base, topic = branch
    # main moves on after the branch left it: none of that is the branch's change.
    git(root, "checkout", "-q", "main")
    edit(root, "facts/sources/src1.yaml", "title: Serangan semalam", "title: Serangan semalam di Kyiv")
    commit(root, "main moves on", "2026-02-07T08:00:00+00:00")
    git(root, "checkout", "-q", "topic")
    result = run(root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"main (merge base {base[:7]}) → working tree: claims 1 added, 1 changed; sources 1 added; people 1 added, 1 changed",
        "+ claim kyiv-2026-02-06 (casualties): Vitali Klitschko, 6 Feb 2026",
        "    + injured 12: “…Klitschko, mantan petinju, mengatakan 12 orang terluka.” (kyiv2)",
        "    + killed 3: “…kota Volodymyr Bondarenko mengatakan 3 tewas.” (kyiv2)",
        "~ claim uaf-2026-02-05 (air_attack): Ukrainian Air Force, night of 4–5 Feb 2026",
        # A quote is shown whole up to 240 characters: a reviewer reads it against the source.
        "    citations[src1].quote: Angkatan udara Ukraina mengatakan Rusia meluncurkan dua rudal dan 183 drone ke "
        "negara itu dalam semalam, dan 156 drone di antaranya ditembak jatuh atau berhasil dipadamkan. Rudal dan "
        "22 drone berdampak di 16 lokasi, kata angkatan udara. → Angkatan udara Ukraina mengatakan Rusia "
        "meluncurkan dua rudal dan 183 drone ke negara itu dalam semalam, dan 150 drone di antaranya ditembak "
        "jatuh atau berhasil dipadamkan. Rudal dan 22 drone berdampak di 16 lokasi, kata angkatan udara.",
        "    drones_neutralized 156 → 150: “…drone ke negara itu dalam semalam, dan 150 drone di antaranya ditembak jatuh atau…” (src1)",
        "+ source kyiv2 (source): untitled — Ukrainian Air Force, 6 Feb 2026, id",
        "~ person vitali-klitschko (person): Vitali Klitschko",
        "    + roles: Former boxer, 2026-02-06 (status: former): “Klitschko, mantan petinju” (kyiv2)",
        "+ person volodymyr-bondarenko (person): Volodymyr Bondarenko",
        "    + roles: Secretary of the Kyiv City Council, 2026-02-06: “Sekretaris kota Volodymyr Bondarenko” (kyiv2)",
    ]
    # Committed, the branch still reads the same: `factdb diff HEAD` says nothing of it, and
    # says what shows it.
    at_head = run(root, "HEAD")
    assert at_head.stdout == "no fact changes between HEAD and working tree\n"
    assert at_head.stderr == (
        "HEAD is this branch's last commit, so its own commits are not compared; `factdb diff` with no "
        f"revision shows everything the branch changes since it left main ({base[:7]})\n"
    )
    git(root, "checkout", "-q", "main")
    assert run(root, "HEAD").stderr == ""  # on main, HEAD is all there is to compare
    git(root, "checkout", "-q", "topic")
    # The markdown's command for the rest names the merge base, which runs as it is.
    from factdb.changes.render import diff_command
    from factdb.changes.snapshot import branch_base, from_tree

    assert diff_command(compare(branch_base(root), from_tree(root, "working tree"))) == f"factdb diff {base}"


def test_diff_without_a_base_outside_a_checkout_is_a_usage_error(tmp_path):
    root = make_repo(tmp_path / "plain")
    result = run(root)
    assert result.exit_code == 2
    assert "is not a git checkout with commits; name what to compare: factdb diff BASE" in result.output


def test_a_source_is_shown_by_title_and_publisher(tmp_path):
    root = make_repo(init(tmp_path / "repo"))
    commit(root, "base", "2026-02-05T08:00:00+00:00")
    edit(root, "facts/sources/src1.yaml", "    title: Serangan semalam\n", "    title: Serangan semalam\n    publisher_name: Kyiv Post\n")
    lines = run(root, "HEAD").output.splitlines()
    assert "~ source src1 (source): “Serangan semalam” — Kyiv Post, 5 Feb 2026, id" in lines
