"""Problems in reading a file: YAML syntax, unsafe YAML, encoding, size, links.

Each test writes one bad file beside a valid repository and checks the code and the
reported line and column, and that the valid files are still checked.
"""

from __future__ import annotations

import os
import resource
import time

import pytest
from factrepo import make_repo, write

from factdb.read.project import MAX_FILE_BYTES
from factdb.check.validate import validate


def problems_of(root, rel):
    report = validate(root)
    return [p for p in report.problems if p.file == rel], report


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def only(problems, code):
    assert [p.code for p in problems] == [code], [p.format_text() for p in problems]
    return problems[0]


def test_yaml_syntax_error_names_line_and_column(repo):
    write(repo, "facts/bad.yaml", "claims:\n  - id: x\n    when: [2026\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-syntax")
    assert p.line == 4 and p.column == 1


def test_tab_indentation(repo):
    write(repo, "facts/bad.yaml", "claims:\n\t- id: x\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-tab")
    assert (p.line, p.column) == (2, 1)
    assert "spaces" in p.message


def test_tab_inside_a_value_is_fine(repo):
    # A tab inside a quoted string is text, not indentation.
    write(repo, "facts/ok.yaml", 'countries:\n  - {id: xx, name: "a\tb"}\n')
    assert problems_of(repo, "facts/ok.yaml")[0] == []


def test_duplicate_key_is_an_error_not_the_last_one_wins(repo):
    write(repo, "facts/bad.yaml", "countries:\n  - id: xx\n    name: A\n    name: B\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-duplicate-key")
    assert (p.line, p.column) == (4, 5)
    assert "first at line 3" in p.message


def test_alias_is_refused(repo):
    write(repo, "facts/bad.yaml", "countries:\n  - &a {id: xx, name: A}\n  - *a\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-alias")
    assert (p.line, p.column) == (3, 5)  # the alias, not the anchor


def test_merge_key_is_refused(repo):
    write(repo, "facts/bad.yaml", "countries:\n  - {id: xx, name: A}\n  - <<: {name: B}\n    id: yy\n")
    assert only(problems_of(repo, "facts/bad.yaml")[0], "yaml-alias").line == 3


def test_billion_laughs_stops_at_once(repo):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    write(repo, "facts/bomb.yaml", "\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    p = only(problems_of(repo, "facts/bomb.yaml")[0], "yaml-alias")
    assert time.perf_counter() - started < 10  # a guard against hanging, not a benchmark
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    assert p.line == 2


def test_python_tag_is_refused_and_never_executed(repo, tmp_path):
    marker = tmp_path / "pwned"
    write(
        repo, "facts/bad.yaml",
        f'countries: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-tag")
    assert (p.line, p.column) == (1, 12)
    assert "tag !!python/object/apply:os.system is not allowed" in p.message
    assert not marker.exists()


def test_custom_tag_is_refused(repo):
    write(repo, "facts/bad.yaml", "countries: !include other.yaml\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-tag")
    assert p.line == 1 and "tag !include is not allowed" in p.message


@pytest.mark.parametrize("text", ["[" * 100_000, "claims: " + "[" * 50_000 + "]" * 50_000, "- " * 50_000 + "x"])
def test_deep_nesting_is_a_problem_not_a_crash(repo, text):
    write(repo, "facts/deep.yaml", text + "\n")
    p = only(problems_of(repo, "facts/deep.yaml")[0], "yaml-syntax")
    assert "nesting depth" in p.message


def test_running_out_of_stack_is_a_problem_not_a_crash(repo, monkeypatch):
    # The pure-Python parser (where libyaml is not compiled in) recurses once per level.
    from factdb.read import yamlfile

    def too_deep(self):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(yamlfile, "fastyaml", type("off", (), {"enabled": staticmethod(lambda: False)}))
    monkeypatch.setattr(yamlfile.FactLoader, "get_node", too_deep)
    write(repo, "facts/deep.yaml", "countries: [[[[]]]]\n")
    assert "nested too deeply" in only(problems_of(repo, "facts/deep.yaml")[0], "yaml-syntax").message


def test_very_long_line(repo):
    name = "x" * 1_000_000
    write(repo, "facts/long.yaml", f"countries:\n  - {{id: xx, name: {name}, bogus: 1}}\n")
    p = only(problems_of(repo, "facts/long.yaml")[0], "unknown-field")
    assert (p.line, p.column) == (2, len("  - {id: xx, name: , ") + len(name) + 1)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_line_endings_keep_line_numbers(repo, newline):
    write(repo, "facts/a.yaml", "countries:\n  - id: xx\n    name: A\n    bogus: 1\n")
    write(repo, "facts/b.yaml", "countries:\n\n  - {id: yy, name: B\n")
    for rel in ("facts/a.yaml", "facts/b.yaml"):
        path = repo / rel
        path.write_bytes(path.read_bytes().replace(b"\n", newline.encode()))
    (a,) = problems_of(repo, "facts/a.yaml")[0]
    assert (a.code, a.line, a.column) == ("unknown-field", 4, 5)
    (b,) = problems_of(repo, "facts/b.yaml")[0]
    assert (b.code, b.line) == ("yaml-syntax", 4)


def test_utf8_byte_order_mark_is_accepted(repo):
    (repo / "facts/bom.yaml").write_bytes("\ufeffcountries:\n  - {id: xx, name: A, bogus: 1}\n".encode())
    p = only(problems_of(repo, "facts/bom.yaml")[0], "unknown-field")
    assert (p.line, p.column) == (2, 23)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_control_character_is_placed_exactly(repo, newline):
    text = f'countries:{newline}  - {{id: xx, name: "Kyiv \u20ac \x07"}}{newline}'
    (repo / "facts/bad.yaml").write_bytes(text.encode())
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-syntax")
    assert (p.line, p.column) == (2, len('  - {id: xx, name: "Kyiv \u20ac ') + 1)
    assert "U+0007" in p.message and "\n" not in p.message


def test_several_documents_are_refused(repo):
    write(repo, "facts/bad.yaml", "countries: []\n---\nplaces: []\n")
    # The second document's first node.
    assert only(problems_of(repo, "facts/bad.yaml")[0], "yaml-multiple-documents").line == 3


def test_non_utf8_bytes(repo):
    path = repo / "facts/bad.yaml"
    line = b'  - {id: xx, name: "Kyiv \xff"}'
    path.write_bytes(b"countries:\n" + line + b"\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "encoding")
    assert (p.line, p.column) == (2, line.index(b"\xff") + 1)
    assert "0xff" in p.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "null\n"])
def test_empty_file(repo, text):
    write(repo, "facts/empty.yaml", text)
    assert only(problems_of(repo, "facts/empty.yaml")[0], "empty-file").line == 1


@pytest.mark.parametrize("text,kind", [("- a\n- b\n", "list"), ("just text\n", "str"), ("42\n", "int")])
def test_wrong_top_level_type(repo, text, kind):
    write(repo, "facts/bad.yaml", text)
    p = only(problems_of(repo, "facts/bad.yaml")[0], "top-level")
    assert kind in p.message and p.line == 1


def test_symlink_out_of_the_project(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "evil.yaml"
    outside.write_text("countries: []\n")
    os.symlink(outside, repo / "facts/evil.yaml")
    p = only(problems_of(repo, "facts/evil.yaml")[0], "symlink-outside")
    assert (p.line, p.column) == (1, 1) and str(outside) in p.message


def test_symlinked_directory_out_of_the_project(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.yaml").write_text("countries: []\n")
    os.symlink(outside, repo / "facts/linked")
    only(problems_of(repo, "facts/linked")[0], "symlink-outside")


def test_symlink_inside_the_project_is_followed(repo):
    os.symlink(repo / "facts/entities/entities.yaml", repo / "facts/alias-of-entities.yaml")
    report = validate(repo)
    # Read like any file: its records now exist twice, and nothing else is wrong.
    assert {p.code for p in report.problems} == {"duplicate-id"}


def test_symlink_loop_is_a_problem_not_a_crash(repo):
    os.symlink("loop-b.yaml", repo / "facts/loop-a.yaml")
    os.symlink("loop-a.yaml", repo / "facts/loop-b.yaml")
    os.symlink("dir-b", repo / "facts/dir-a")
    os.symlink("dir-a", repo / "facts/dir-b")
    report = validate(repo)
    assert sorted((p.file, p.code) for p in report.problems) == [
        ("facts/loop-a.yaml", "unreadable"), ("facts/loop-b.yaml", "unreadable"),
    ]
    assert "loop" in report.problems[0].message


def test_linked_directory_inside_is_read_once_under_its_name(repo):
    write(repo, "more/extra.yaml", "countries:\n  - {id: xx, name: A, bogus: 1}\n")
    os.symlink("../more", repo / "facts/linked")
    os.symlink("..", repo / "facts/up")  # the whole project again: must end, reading nothing twice
    report = validate(repo)
    assert [(p.file, p.code) for p in report.problems] == [("facts/linked/extra.yaml", "unknown-field")]


def test_link_out_of_the_project_inside_a_linked_directory(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.yaml").write_text("countries: []\n")
    (repo / "more").mkdir()
    os.symlink(outside / "x.yaml", repo / "more/evil.yaml")
    os.symlink("../more", repo / "facts/linked")
    only(problems_of(repo, "facts/linked/evil.yaml")[0], "symlink-outside")


def test_facts_directory_linked_out_of_the_project(tmp_path, tmp_path_factory):
    elsewhere = make_repo(tmp_path_factory.mktemp("elsewhere"))
    os.symlink(elsewhere / "facts", tmp_path / "facts")
    report = validate(tmp_path)
    assert [(p.file, p.code) for p in report.problems] == [("facts", "symlink-outside")]


def test_directory_named_like_a_fact_file(repo):
    write(repo, "facts/odd.yaml/inner.yaml", "countries:\n  - {id: xx, name: A}\n")
    p = only(problems_of(repo, "facts/odd.yaml")[0], "unreadable")
    assert "directory" in p.message
    # What it holds is still read.
    assert "xx" in validate(repo).catalog.records


def test_unreadable_directory(repo, monkeypatch):
    # chmod 000 does not stop root, who may run the tests: refuse the listing instead.
    write(repo, "facts/locked/x.yaml", "countries: []\n")
    scandir = os.scandir

    def refusing(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    p = only(problems_of(repo, "facts/locked")[0], "unreadable")
    assert "Permission denied" in p.message


def test_oversized_file(repo):
    path = repo / "facts/huge.yaml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\ncountries: []\n")
    p = only(problems_of(repo, "facts/huge.yaml")[0], "file-too-large")
    assert f"{MAX_FILE_BYTES:,}" in p.message and p.line == 1


def test_fifo_is_not_read(repo):
    os.mkfifo(repo / "facts/pipe.yaml")
    p = only(problems_of(repo, "facts/pipe.yaml")[0], "unreadable")
    assert (p.line, p.column) == (1, 1)


def test_one_broken_file_does_not_stop_the_others(repo):
    write(repo, "facts/a-broken.yaml", "claims: [\n")
    write(repo, "facts/z-unknown.yaml", "countries:\n  - {id: xx, name: A, capital: B}\n")
    report = validate(repo)
    assert sorted(p.code for p in report.problems) == ["unknown-field", "yaml-syntax"]
    # The valid files were still read and cross-checked.
    assert "uaf-2026-02-05" in report.catalog.records


def test_yml_suffix_is_read_and_other_files_ignored(repo):
    write(repo, "facts/extra.yml", "countries:\n  - {id: xx, name: A, bogus: 1}\n")
    write(repo, "facts/notes.txt", "not yaml: [")
    report = validate(repo)
    assert [p.file for p in report.problems] == ["facts/extra.yml"]


# --- values PyYAML's constructors cannot read, and places that must be the real ones --------


@pytest.mark.parametrize(("value", "tag"), [
    ("!!timestamp soon", "!!timestamp"), ("!!bool maybe", "!!bool"), ("!!int ''", "!!int"),
    ("!!float ''", "!!float"), ("!!int '-'", "!!int"),
])
def test_a_value_its_tag_cannot_read_is_a_located_problem(repo, value, tag, monkeypatch):
    # PyYAML's constructors raise AttributeError, KeyError, IndexError on these: a traceback
    # for the whole repository, before.
    write(repo, "facts/bad.yaml", f"countries:\n  - id: xx\n    name: {value}\n")
    for switch in ("", "pyyaml"):
        monkeypatch.setenv("FACTDB_YAML", switch)
        problems, report = problems_of(repo, "facts/bad.yaml")
        p = only(problems, "yaml-value")
        assert (p.line, p.column) == (3, 11)
        assert tag in p.message and "without the tag" in p.message
        assert report.catalog.records.get("uaf-2026-02-05")  # the other files are still read


def test_tagged_values_end_as_problems_on_the_command_line(repo):
    from click.testing import CliRunner

    from factdb.cli import main

    write(repo, "facts/bad.yaml", "countries:\n  - {id: xx, name: !!bool maybe}\n")
    write(repo, "facts/worse.yaml", "countries:\n  - {id: yy, name: !!int ''}\n")
    result = CliRunner().invoke(main, ["-C", str(repo), "validate"])
    assert (result.exit_code, type(result.exception)) == (1, SystemExit)
    assert "facts/bad.yaml:2:20: yaml-value: 'maybe' is not a valid !!bool value" in result.output
    assert "facts/worse.yaml:2:20: yaml-value: '' is not a valid !!int value" in result.output
    assert "2 problems in 2 of 5 files" in result.output


QUOTED_TIMES = """\
sources:
  - id: src2
    archive: seeds/src1.txt
    language: id
    title: Serangan semalam
    published: 2026-02-05
    notes: '06:30:00'
  - id: src3
    archive: seeds/src1.txt
    language: id
    title: "23:59:59.5"
    published: 2026-02-05
    notes: >-
      06:30:00
"""


@pytest.mark.parametrize("switch", ["", "pyyaml"])
def test_a_quoted_time_of_day_is_text_on_both_paths(repo, monkeypatch, switch):
    # yaml-rs reads a whole time of day as a datetime.time even when quoted: the model then
    # said "Input should be a valid string" of a valid file, on the fast path only.
    monkeypatch.setenv("FACTDB_YAML", switch)
    write(repo, "facts/sources/times.yaml", QUOTED_TIMES)
    problems, report = problems_of(repo, "facts/sources/times.yaml")
    assert problems == [] and report.ok
    src2, src3 = report.catalog.records["src2"].record, report.catalog.records["src3"].record
    assert (src2.notes, src3.title, src3.notes) == ("06:30:00", "23:59:59.5", "06:30:00")


def test_the_real_error_is_reported_beside_a_legal_tab(repo):
    # The tab starts a continuation line of quoted text, which YAML allows; the error is the
    # unclosed flow sequence three lines down.
    write(repo, "facts/bad.yaml", 'countries:\n  - id: xx\n    name: "a\n\tb"\n    aliases: [1\n')
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-syntax")
    assert (p.line, p.column) == (6, 1)
    assert "flow sequence" in p.message


def test_a_tab_that_is_the_error_is_still_named(repo):
    write(repo, "facts/bad.yaml", 'countries:\n  - id: xx\n    name: "a\tb"\n\t  aliases: []\n')
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-tab")
    assert (p.line, p.column) == (4, 1)


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(repo, quote):
    write(repo, "facts/bad.yaml", f"countries:\n  - id: xx\n    name: {quote}Kyiv\n  - id: yy\n    name: Lviv\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-syntax")
    assert (p.line, p.column) == (3, 11)
    assert f"never closed; add the closing {quote}" in p.message


@pytest.mark.parametrize(("first", "second", "same"), [
    ("yes", "on", "true"), ("1", "01", "1"), ("no", "Off", "false"), ("null", "~", "null"),
])
def test_keys_yaml_11_reads_as_one_are_duplicates(repo, first, second, same):
    # PyYAML read {yes: a, on: b} as {True: 'b'}: one key, the first value silently gone.
    write(repo, "facts/bad.yaml", f"countries:\n  - id: xx\n    name: X\n    {first}: a\n    {second}: b\n")
    p = only(problems_of(repo, "facts/bad.yaml")[0], "yaml-duplicate-key")
    assert (p.line, p.column) == (5, 5)
    assert f"reads '{first}' and '{second}' as the same key, {same}" in p.message
    assert "first at line 4" in p.message
