"""`factdb coverage` and the `unbound_numbers` view: the numbers an archived text states that
no figure is bound to, with their line and sentence."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner
from factrepo import CLAIMS, make_repo, write

from factdb.check.coverage import SourceNumber, source_numbers, unbound
from factdb.cli import main

RAW = (
    "Serangan Drone di Kyiv\nOleh Redaksi\n\nRusia meluncurkan dua rudal dan 183 drone.   Sebanyak 156\n"
    "drone ditembak jatuh, kata\nangkatan udara.\n"
)


def test_every_number_of_a_text_with_its_line_and_sentence():
    found = source_numbers(RAW)
    assert [(n.number, n.words, n.line) for n in found] == [
        (2, "dua rudal", 4), (183, "183 drone", 4), (156, "Sebanyak 156 drone", 4),
    ]
    text = " ".join(RAW.split())
    assert all(text[n.start:n.end] == n.words for n in found)
    assert found[0].sentence == found[1].sentence == "Rusia meluncurkan dua rudal dan 183 drone."
    # A hard-wrapped sentence runs on over its line breaks (the next line goes on in lower
    # case); a headline or by-line is a line of its own.
    assert found[2].sentence == "Sebanyak 156 drone ditembak jatuh, kata angkatan udara."
    headline = source_numbers("Serangan 3 Drone\nOleh Redaksi\n")[0]
    assert headline.sentence == "Serangan 3 Drone"


def test_a_number_is_held_by_a_span_that_overlaps_its_words():
    numbers = [SourceNumber(2, "dua rudal", 10, 19, 1, "s"), SourceNumber(183, "183 drone", 24, 33, 1, "s")]
    assert unbound(numbers, [(24, 27)]) == numbers[:1]
    assert unbound(numbers, [(19, 24)]) == numbers  # touching is not overlapping
    assert unbound(numbers, []) == numbers


def coverage(root, *args):
    return CliRunner().invoke(main, ["-C", str(root), "coverage", *args])


def test_coverage_lists_what_no_figure_holds_and_the_view_publishes_it(tmp_path):
    root = make_repo(tmp_path / "repo")
    result = coverage(root)
    assert result.exit_code == 0, result.output
    # Every figure of the two claims is bound; the exchange's 314 is held by none. "dalam
    # semalam" (overnight) counts nothing, so it is not listed, nor stored.
    assert result.stdout.splitlines() == [
        "seeds/src1.txt:5: '314 tahanan' (314): Pertukaran itu akan melibatkan 314 tahanan.",
    ]
    assert result.stderr.strip().endswith("1 number held by no figure, in 1 of 1 source")
    with sqlite3.connect(root / "build/factdb.db") as conn:
        rows = conn.execute("SELECT source_id, line, number, words FROM unbound_numbers").fetchall()
        stated = conn.execute("SELECT count(*) FROM source_numbers").fetchone()[0]
    assert rows == [("src1", 5, 314, "314 tahanan")]
    assert stated == 7  # 2, 183, 156, 22, 16, 2 (sedikitnya dua orang), 314

    write(root, "facts/claims/exchange.yaml", """\
        claims:
          - id: exchange-314
            type: prisoner_exchange
            status: expected
            claimant: ua
            when: 2026
            total: 314
            citations:
              - source: src1
                quote: Pertukaran itu akan melibatkan 314 tahanan.
        """)
    again = coverage(root, "src1")
    assert again.exit_code == 0, again.output
    assert again.stdout == "" and again.stderr.strip().endswith("0 numbers held by no figure, in 0 of 1 source")


def test_idioms_whose_number_counts_nothing_are_not_listed():
    text = ("Rusia menyerang semalam. Ini salah satu serangan terbesar, dan sekali lagi, di satu sisi, "
            "satu-satu. It was one of the attacks, once again. Lima drone ditembak jatuh.")
    assert [(n.number, n.words) for n in source_numbers(text)] == [(5, "Lima drone")]


def test_an_unknown_source_is_a_usage_error_with_a_suggestion(tmp_path):
    root = make_repo(tmp_path / "repo")
    result = coverage(root, "src2")
    assert result.exit_code == 2
    assert "no source has the id 'src2'; did you mean 'src1'?" in result.output


def test_invalid_facts_are_reported_and_nothing_is_listed(tmp_path):
    root = make_repo(tmp_path / "repo", claims=CLAIMS.replace("launched: 183", "launched: 184"))
    result = coverage(root)
    assert result.exit_code == 1
    assert "figure-not-in-quote" in result.stderr and result.stdout == ""


def test_an_english_wire_story_lists_each_place_once_without_its_dateline(tmp_path):
    # "Feb 9" is a date; "1,200" is one place of the text read two ways (1200, or 1.2 as
    # Indonesian writes decimals): one line with both readings, counted once.
    root = make_repo(tmp_path / "repo", claims=None)
    write(root, "seeds/wire.txt", "KYIV, Feb 9 (Reuters) - Russia used more than 1,200 drones over the past week.\n")
    write(root, "facts/sources/wire.yaml", """\
        sources:
          - {id: wire, archive: seeds/wire.txt, language: en, publisher_name: Reuters, published: 2026-02-09}
        """)
    result = coverage(root, "wire")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "seeds/wire.txt:1: 'more than 1,200 drones' (1200 or 1.2): KYIV, Feb 9 (Reuters) - Russia used "
        "more than 1,200 drones over the past week.",
    ]
    assert result.stderr.strip().endswith("1 number held by no figure, in 1 of 1 source")
    with sqlite3.connect(root / "build/factdb.db") as conn:  # the view keeps a row per reading
        assert conn.execute("SELECT number FROM unbound_numbers WHERE source_id = 'wire' ORDER BY number").fetchall() == [(1.2,), (1200,)]
