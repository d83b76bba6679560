"""`factdb source add`: an editor archives a new article in one command, cites it, and the
repository (with its curated-facts test) still passes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from factdb.read.archive import SourceError, add_source, source_id
from factdb.cli import main
from factdb.check.validate import validate

PROJECT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "KYIV, Feb 7 (Reuters) - Russia launched 128 drones and two ballistic missiles at Ukraine\r\n"
    "overnight, Ukraine's air force said on Saturday, adding that 109 drones had been shot down\r\n"
    "or suppressed.\r\n\r\nThe attack damaged energy facilities in three regions, officials said.\r\n"
)

CLAIM = """\
# yaml-language-server: $schema=../../schema/factfile.schema.json
claims:
  - id: 2026-02-07-ukrainian-air-force-overnight
    type: air_attack
    claimant: ukrainian-air-force
    when: {{from: 2026-02-06, to: 2026-02-07, overnight: true}}
    attacker: russia
    target_country: ukraine
    weapons:
      - {{kind: drone, launched: 128, neutralized: 109}}
      - {{kind: ballistic_missile, launched: 2}}
    citations:
      - source: {source}
        quote: >-
          Russia launched 128 drones and two ballistic missiles at Ukraine overnight, Ukraine's
          air force said on Saturday, adding that 109 drones had been shot down or suppressed.
"""


def copy_project(dest: Path) -> Path:
    for part in ("facts", "seeds", "schema"):
        shutil.copytree(PROJECT / part, dest / part)
    return dest


def source_add(root: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["-C", str(root), "source", "add", *args], input=stdin)


def test_an_english_source_added_and_cited_passes_validate_and_the_curated_facts_test(tmp_path):
    root = copy_project(tmp_path / "facts-repo")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    result = source_add(
        root, str(tmp_path / "article.txt"), "--publisher", "reuters",
        "--title", "Russia launches 128 drones at Ukraine", "--published", "2026-02-07",
        "--url", "https://www.reuters.com/world/europe/example",
    )
    assert result.exit_code == 0, result.output
    archived = ARTICLE.replace("\r\n", "\n")
    sid = hashlib.sha256(archived.encode()).hexdigest()[:16]
    # stdout is only the line that cites it; what was written is said on stderr.
    assert result.stdout == f"- source: {sid}\n"
    assert f"archived seeds/{sid}.txt and wrote facts/sources/{sid}.yaml (language en, detected" in result.stderr
    assert (root / "seeds" / f"{sid}.txt").read_bytes() == archived.encode()
    record = yaml.safe_load((root / "facts/sources" / f"{sid}.yaml").read_text(encoding="utf-8"))
    assert record == {"sources": [{
        "id": sid, "archive": f"seeds/{sid}.txt", "title": "Russia launches 128 drones at Ukraine",
        "language": "en", "publisher": "reuters", "url": "https://www.reuters.com/world/europe/example",
        "published": __import__("datetime").date(2026, 2, 7),
    }]}

    (root / "facts/claims/2026-02-07-overnight-attacks.yaml").write_text(CLAIM.format(source=sid), encoding="utf-8")
    run = CliRunner().invoke(main, ["-C", str(root), "validate"])
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("ok: ")
    assert validate(root).catalog.records["2026-02-07-ukrainian-air-force-overnight"].record.citations[0].source == sid

    # The curated-facts checks (tests/test_curated_facts.py) hold on the repository it makes.
    from test_curated_facts import CHECKS, Facts

    facts = Facts.of(root, tmp_path / "factdb.db")
    try:
        for check_ in CHECKS:
            check_(facts)
    finally:
        facts.db.close()


def test_the_id_is_the_hash_of_the_archived_file_and_the_seeds_keep_theirs(tmp_path):
    root = copy_project(tmp_path / "repo")
    added = add_source(root, "\ufeffOne line.\r\nTwo lines.", publisher="Kyiv Independent", language="en")
    path = root / added.archive
    assert path.read_text(encoding="utf-8") == "One line.\nTwo lines.\n"
    assert added.id == hashlib.sha256(path.read_bytes()).hexdigest()[:16] == source_id(path.read_text())
    record = yaml.safe_load((root / added.record).read_text())["sources"][0]
    assert record["publisher_name"] == "Kyiv Independent" and "publisher" not in record
    assert not added.detected
    # The five seeds were archived before ids were hashes: they keep theirs.
    assert sorted(p.stem for p in (root / "seeds").glob("0*.txt")) == [
        "000_bf917d9e70bda72c", "001_6f3173deafc871ef", "002_ab3a7f44538729f2",
        "003_4caf5476ecc105bc", "004_077da2b513fd76db",
    ]


def test_standard_input_an_excerpt_and_notes(tmp_path):
    root = copy_project(tmp_path / "repo")
    text = "Zelensky said on Sunday that 90 percent of the peace framework was agreed, the first part of a longer"
    result = source_add(
        root, "-", "--publisher", "reuters", "--language", "en", "--excerpt", "--published", "2025-12",
        "--notes", "date from the page's metadata (article:published_time); the text prints none",
        stdin=text,
    )
    assert result.exit_code == 0, result.output
    sid = result.stdout.split()[-1]
    (source,) = yaml.safe_load((root / "facts/sources" / f"{sid}.yaml").read_text())["sources"]
    assert source["excerpt"] is True and source["published"] == "2025-12"
    assert source["notes"].startswith("date from the page's metadata")
    assert "language en, given" in result.stderr
    assert validate(root).ok


@pytest.mark.parametrize("args,message", [
    (["--publisher", "reuter"], "no organization has the id 'reuter'; did you mean 'reuters'?"),
    (["--publisher", "reuters", "--url", "www.example.org"], "--url: give the full address, starting with http:// or https:// (got 'www.example.org')"),
    (["--publisher", "reuters", "--published", "2026-02-30"], "--published: impossible date '2026-02-30'"),
    (["--publisher", "reuters", "--language", "English"], "--language: give a BCP 47 tag such as en, id, uk or ru (got 'English')"),
])
def test_a_wrong_option_writes_nothing_and_says_what_to_do(tmp_path, args, message):
    root = copy_project(tmp_path / "repo")
    before = sorted(p.name for p in (root / "seeds").iterdir()) + sorted(p.name for p in (root / "facts/sources").iterdir())
    result = source_add(root, "-", *args, stdin=ARTICLE)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    after = sorted(p.name for p in (root / "seeds").iterdir()) + sorted(p.name for p in (root / "facts/sources").iterdir())
    assert after == before


def test_the_same_text_twice_is_refused_with_the_id_to_cite(tmp_path):
    root = copy_project(tmp_path / "repo")
    first = add_source(root, ARTICLE, publisher="reuters")
    with pytest.raises(SourceError, match=f"archived already, as source {first.id}"):
        add_source(root, ARTICLE.replace("\r\n", "\n"), publisher="reuters")
    seed = (root / "seeds/000_bf917d9e70bda72c.txt").read_text(encoding="utf-8")
    assert source_id(seed) not in {p.stem for p in (root / "seeds").iterdir()}  # the seeds' ids are not hashes
    assert source_add(root, "-", "--publisher", "reuters", stdin="   \n").exit_code == 1
    assert source_add(root, "-", "--publisher", "reuters", stdin="12 345 678").stderr.endswith(
        "cannot tell the text's language; pass --language (a BCP 47 tag: en, id, uk, ru ...)\n"
    )
