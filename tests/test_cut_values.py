"""Unquoted text that YAML cuts or breaks: a ' #' that starts a comment, a ': ' that starts a
key, a value that starts with a quote mark. Each says what happened and what to do, where."""

from __future__ import annotations

import json

from click.testing import CliRunner
from factrepo import CLAIMS, line_of, make_repo

from factdb.check.validate import validate
from factdb.cli import main

ONE_LINE = "quote: Rudal dan 22 drone berdampak di 16 lokasi, kata angkatan udara."


def air_attack(quote_line: str) -> str:
    """The base claims, the air attack quoting only its second sentence on one line."""
    start = CLAIMS.index("        quote: >-\n          Angkatan")
    end = CLAIMS.index("        translation: The Ukrainian")
    return CLAIMS[:start] + f"        {quote_line}\n" + CLAIMS[end:]


def test_the_base_one_line_quote_is_valid(tmp_path):
    make_repo(tmp_path, claims=air_attack(ONE_LINE).replace("launched: 183, neutralized: 156, ", "").replace(
        "{kind: missile, launched: 2}", "{kind: missile}"))
    assert validate(tmp_path).ok, validate(tmp_path).render("text")


def test_a_comment_that_cut_a_quote_is_a_warning_at_the_hash_and_the_figure_is_not_blamed(tmp_path):
    text = air_attack("quote: Rudal dan 22 drone berdampak # di 16 lokasi, kata angkatan udara.")
    text = text.replace("launched: 183, neutralized: 156, ", "").replace("{kind: missile, launched: 2}", "{kind: missile}")
    make_repo(tmp_path, claims=text)
    report = validate(tmp_path)
    line = line_of(text, "berdampak #")
    column = text.splitlines()[line - 1].index("#") + 1
    got = {p.code: p for p in report.problems}
    assert sorted(got) == ["figure-not-in-quote", "plain-scalar-cut"]
    warning, blamed = got["plain-scalar-cut"], got["figure-not-in-quote"]
    assert (warning.line, warning.column, warning.severity) == (line, column, "warning")
    assert warning.message == (
        "YAML reads ' #' as the start of a comment, so this value ends at 'Rudal dan 22 drone berdampak' "
        "and 'di 16 lokasi, kata angkatan udara.' is not part of it; if it is, put the whole value in "
        "double quotes (or on the lines under `>-`)"
    )
    # The figure's words were cut off: the problem says so, at the '#', not at `impact_locations`.
    assert (blamed.line, blamed.column, blamed.severity) == (line, column, "error")
    assert blamed.message == (
        "impact_locations: its words are in 'di 16 lokasi, kata angkatan udara.', which YAML cut off "
        "the quote (a ' #' starts a comment, so the quote ends at 'Rudal dan 22 drone berdampak'); "
        "put the quote in double quotes or on the lines under `>-`"
    )


def test_a_warning_alone_passes(tmp_path):
    text = CLAIMS.replace(
        "translation: The Ukrainian Air Force said Russia launched two missiles and 183 drones.",
        "translation: The Ukrainian Air Force said # so",
    )
    make_repo(tmp_path, claims=text)
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "validate"])
    assert result.exit_code == 0
    line = line_of(text, "said # so")
    column = text.splitlines()[line - 1].index("#") + 1
    assert result.stdout.splitlines()[0] == (
        f"facts/claims/2026-02-05.yaml:{line}:{column}: warning: plain-scalar-cut: YAML reads ' #' as the start "
        "of a comment, so this value ends at 'The Ukrainian Air Force said' and 'so' is not part of it; "
        "if it is, put the whole value in double quotes (or on the lines under `>-`)"
    )
    assert result.stdout.splitlines()[1] == "ok: 3 files, 8 records, 2 claims; 1 warning"
    as_json = json.loads(CliRunner().invoke(main, ["-C", str(tmp_path), "validate", "--format", "json"]).stdout)
    assert as_json["ok"] and as_json["summary"]["warnings"] == 1 and as_json["summary"]["problems"] == 0
    assert as_json["problems"][0]["severity"] == "warning"
    github = CliRunner().invoke(main, ["-C", str(tmp_path), "validate", "--format", "github"]).stdout
    assert github.startswith(f"::warning file=facts/claims/2026-02-05.yaml,line={line},col={column},")


def test_comments_after_numbers_and_ids_are_how_editors_annotate(tmp_path):
    text = CLAIMS.replace("neutralized: 156,", "neutralized: 156,  # combined\n        ").replace(
        "claimant: ua-air-force", "claimant: ua-air-force   # the air force, not ABC")
    text = text.replace("{kind: drone, launched: 183, neutralized: 156,  # combined\n         impacted: 22}",
                        "{kind: drone, launched: 183, neutralized: 156, impacted: 22}  # combined")
    make_repo(tmp_path, claims=text)
    assert validate(tmp_path).problems == []


def test_a_colon_in_an_unquoted_quote_says_what_to_do(tmp_path):
    text = air_attack("quote: Kata angkatan udara: Rudal dan 22 drone berdampak di 16 lokasi")
    make_repo(tmp_path, claims=text)
    (p,) = validate(tmp_path).problems
    line = line_of(text, "udara: Rudal")
    assert (p.code, p.line, p.column) == ("yaml-syntax", line, text.splitlines()[line - 1].index(": Rudal") + 1)
    assert p.message.endswith(
        "an unquoted value cannot hold ': ' (YAML reads a key there); put the whole value in double "
        "quotes, or on the lines under `>-`"
    )


def test_a_quote_that_starts_with_a_quote_mark_says_what_to_do(tmp_path):
    text = air_attack('quote: "Rudal dan 22 drone" berdampak di 16 lokasi')
    make_repo(tmp_path, claims=text)
    (p,) = validate(tmp_path).problems
    line = line_of(text, '"Rudal dan 22 drone" berdampak')
    assert (p.code, p.line) == ("yaml-syntax", line)
    assert p.column == text.splitlines()[line - 1].index("berdampak") + 1
    assert "a value that starts with a quote mark ends at the matching one, and YAML cannot read what follows it" in p.message


def test_the_note_a_skeleton_writes_after_a_value_is_no_cut(tmp_path):
    # `factdb new` writes `quote: ""  # TODO: ...`; an editor types the quote over the "" and
    # leaves the note: nothing was cut, and nothing is said.
    from factdb.models.skeleton import TODO
    from factdb.read.cuts import SKELETON_NOTE

    assert SKELETON_NOTE == f"{TODO}:"
    text = air_attack("quote: Rudal dan 22 drone berdampak di 16 lokasi, kata angkatan udara.  "
                      "# TODO: The words exactly as the archived source prints them, in its language.")
    text = text.replace("launched: 183, neutralized: 156, ", "").replace("{kind: missile, launched: 2}", "{kind: missile}")
    make_repo(tmp_path, claims=text)
    assert validate(tmp_path).problems == []
    # Any other comment after several words is still a cut.
    make_repo(tmp_path, claims=text.replace("# TODO: The words", "# The words"))
    assert [p.code for p in validate(tmp_path).problems] == ["plain-scalar-cut"]
