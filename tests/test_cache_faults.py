"""Incremental and no-op builds never accept what a full build refuses, nor publish what it would
not: git states that rewrite history without moving HEAD, a project whose seeds lead out of it,
and cache files that were edited, nested, replaced by a FIFO or a device, or cannot be written.
Each test ends in the file a full build writes, or in the refusal `factdb validate` gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import commit, git, init
from test_incremental import CLAIMS, assert_same_as_full_build, db_of, edit, query, repo  # noqa: F401

from factdb.builds import cache
from factdb.builds.history import history_for_build
from factdb.builds.incremental import update
from factdb.cli import main

FIRST = "2026-02-06T10:00:00+00:00"
CLAIM = "2026-02-05-abc-exchange"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`factdb build` in a fresh interpreter, with a time limit: a FIFO read would hang it."""
    program = "import sys; from factdb.cli import entry; sys.argv = ['factdb', *sys.argv[1:]]; entry()"
    return subprocess.run([sys.executable, "-c", program, "-C", str(root), "build", *args],
                          capture_output=True, text=True, timeout=120)


def how(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[1]


def git_repo(root: Path) -> tuple[Path, list[str]]:
    """The sample repository in git, in three commits; the claims are all in the first."""
    from conftest import copy_sample_repo

    copy_sample_repo(root)
    (root / ".gitignore").write_text("/build/\n", encoding="utf-8")
    init(root)
    shas = [commit(root, "first facts", FIRST)]
    edit(root, "facts/entities/entities.yaml", "name: Ukrainian Air Force", "name: Air Force of Ukraine")
    shas.append(commit(root, "rename", "2026-02-07T10:00:00+00:00"))
    (root / "NOTES.md").write_text("notes\n", encoding="utf-8")
    shas.append(commit(root, "notes", "2026-02-08T10:00:00+00:00"))
    return root, shas


def first_commit(db: Path) -> str:
    return query(db, "SELECT first_commit FROM claims WHERE id = ?", CLAIM)[0][0]


# --- git states that HEAD does not show ------------------------------------------------------


def test_unshallowing_a_clone_updates_the_history(tmp_path):
    origin, shas = git_repo(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    db = db_of(clone)
    assert how(cli(clone)).startswith("full build")
    assert first_commit(db) == shas[2]  # all a shallow clone knows
    git(clone, "fetch", "-q", "--unshallow")
    assert git(clone, "rev-parse", "HEAD") == shas[2]  # HEAD did not move: the build said no-op
    assert how(cli(clone)).endswith("git history updated")
    assert first_commit(db) == shas[0]
    assert_same_as_full_build(clone, db, tmp_path, history=history_for_build(clone))


def test_a_replace_ref_that_rewrites_history_updates_it(tmp_path):
    root, shas = git_repo(tmp_path / "repo")
    db = db_of(root)
    cli(root)
    assert first_commit(db) == shas[0]
    git(root, "replace", "--graft", shas[2])  # the last commit becomes a root
    assert how(cli(root)).endswith("git history updated")
    assert first_commit(db) == shas[2]
    assert_same_as_full_build(root, db, tmp_path, history=history_for_build(root))
    git(root, "replace", "-d", shas[2])
    assert how(cli(root)).endswith("git history updated")
    assert first_commit(db) == shas[0]


def test_grafts_update_the_history(tmp_path):
    root, shas = git_repo(tmp_path / "repo")
    db = db_of(root)
    cli(root)
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "grafts").write_text(f"{shas[2]}\n", encoding="utf-8")
    assert how(cli(root)).endswith("git history updated")
    assert first_commit(db) == shas[2]
    assert_same_as_full_build(root, db, tmp_path, history=history_for_build(root))


# --- the safety rules of a full build ---------------------------------------------------------


def test_seeds_linked_out_of_the_project_are_refused_as_a_full_build_refuses_them(repo, tmp_path):  # noqa: F811
    before = db_of(repo).read_bytes()
    outside = tmp_path / "elsewhere"
    shutil.move(repo / "seeds", outside)
    (repo / "seeds").symlink_to(outside, target_is_directory=True)
    done = cli(repo)
    validated = CliRunner().invoke(main, ["-C", str(repo), "validate"])
    assert (done.returncode, validated.exit_code) == (1, 1)
    assert "missing-archive" in done.stderr and "leads outside the project" in done.stderr
    assert done.stderr.splitlines()[:-1] == validated.output.splitlines()[:-1]  # the same problems
    assert db_of(repo).read_bytes() == before


def test_a_fifo_in_place_of_a_fact_file_is_refused_not_waited_on(repo):  # noqa: F811
    path = repo / CLAIMS
    path.unlink()
    os.mkfifo(path)
    done = cli(repo)
    assert done.returncode == 1
    assert f"{CLAIMS}:1:1: unreadable: not a regular file" in done.stderr


ARCHIVE = "seeds/004_077da2b513fd76db.txt"


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_an_archived_text_that_is_not_a_regular_file_is_refused_not_waited_on(repo, kind):  # noqa: F811
    # A FIFO in seeds/ hung `factdb validate` and every build (the rules and the rows of
    # `sources` read it to its end, which never comes).
    before = db_of(repo).read_bytes()
    path = repo / ARCHIVE
    path.unlink()
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    validated = CliRunner().invoke(main, ["-C", str(repo), "validate"])
    wanted = f"missing-archive: archived text {ARCHIVE} is not a regular file"
    assert validated.exit_code == 1 and wanted in validated.output
    for args in ((), ("--full",)):
        done = cli(repo, *args)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.splitlines()[:-1] == validated.output.splitlines()[:-1]  # the same problems
    assert db_of(repo).read_bytes() == before


def test_an_archived_text_over_the_limit_is_refused_by_every_build(repo, monkeypatch):  # noqa: F811
    from factdb.read import files

    # The limit is lowered to the archive's size, and the archive grows past it.
    before = db_of(repo).read_bytes()
    size = (repo / ARCHIVE).stat().st_size
    monkeypatch.setattr(files, "MAX_ARCHIVE_BYTES", size)
    with (repo / ARCHIVE).open("a", encoding="utf-8") as archive:
        archive.write("\nA line added at the end.\n")
    validated = CliRunner().invoke(main, ["-C", str(repo), "validate"])
    assert validated.exit_code == 1
    assert f"archived text {ARCHIVE} is over the {size:,}-byte limit" in validated.output
    for args in ((), ("--full",)):
        built = CliRunner().invoke(main, ["-C", str(repo), "build", *args])
        assert (built.exit_code, type(built.exception)) == (1, SystemExit)
        assert built.output.splitlines()[:-1] == validated.output.splitlines()[:-1]
    assert db_of(repo).read_bytes() == before


def test_a_device_or_fifo_is_never_read_as_a_file(tmp_path):
    from factdb.read import files

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(files.NotRegularFile):
        files.read_regular(fifo, 1 << 20)  # opened without blocking: no writer is waited for
    with pytest.raises(files.NotRegularFile):
        files.archive_text(Path(os.devnull))
    grown = tmp_path / "grown.txt"
    grown.write_bytes(b"x" * 11)
    with pytest.raises(files.TooLarge) as raised:
        files.read_regular(grown, 10)
    assert (raised.value.size, raised.value.limit) == (11, 10)
    grown.write_bytes(b"a\r\nb\rc\n")
    assert files.archive_text(grown) == "a\nb\nc\n"  # universal newlines, as Path.read_text


# --- cache files taken on trust ---------------------------------------------------------------


def manifest(repo: Path) -> dict:
    return json.loads(cache.manifest_path(db_of(repo)).read_text(encoding="utf-8"))


def save_manifest(repo: Path, data: dict) -> None:
    cache.manifest_path(db_of(repo)).write_text(json.dumps(data), encoding="utf-8")


def test_a_patched_ctime_does_not_hide_an_edit(repo, tmp_path):  # noqa: F811
    # An edit of the same size, its mtime put back, in place (same inode): only the ctime tells,
    # and the manifest is patched to the new one.
    path = repo / CLAIMS
    st = path.stat()
    with open(path, "r+b") as file:
        text = file.read()
        assert b"translation: with Moscow" in text
        file.seek(0)
        file.write(text.replace(b"translation: with Moscow", b"translation: With Moscow", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    new = path.stat()
    assert (new.st_size, new.st_mtime_ns, new.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    data = manifest(repo)
    data["files"][CLAIMS][2] = new.st_ctime_ns
    save_manifest(repo, data)
    result = update(repo)
    assert result.mode == "incremental", result.reason
    assert query(db_of(repo), "SELECT count(*) FROM citations WHERE translation LIKE 'With Moscow%'") == [(1,)]
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


def test_a_hash_edited_into_the_manifest_is_noticed(repo, tmp_path):  # noqa: F811
    # The file changed and the manifest is made to say the build was made from the new text.
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    data = manifest(repo)
    data["files"][CLAIMS][4] = cache.text_sha256(cache.fact_text(repo / CLAIMS))
    save_manifest(repo, data)
    result = update(repo)
    assert (result.mode, result.reason) == ("full", "the cache does not add up: its hashes are not those factdb.db was built from")
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


def test_an_entry_removed_from_the_manifest_is_noticed(repo, tmp_path):  # noqa: F811
    data = manifest(repo)
    del data["files"][CLAIMS]
    save_manifest(repo, data)
    result = update(repo)
    assert result.mode == "full" and result.reason.startswith("the cache does not add up")
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


def test_edited_history_values_are_not_published(tmp_path):
    root, shas = git_repo(tmp_path / "repo")
    db = db_of(root)
    cli(root)
    path = cache.history_path(db)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"][CLAIM][1] = "0" * 40  # first_commit
    path.write_text(json.dumps(data), encoding="utf-8")
    edit(root, CLAIMS, "translation: with Moscow", "translation: With Moscow")  # rewrites the claim's row
    assert how(cli(root)) == f"full build: the cached git history of '{CLAIM}' is not that of the last build"
    assert first_commit(db) == shas[0]
    assert_same_as_full_build(root, db, tmp_path, history=history_for_build(root))


@pytest.mark.parametrize("kind", ["nested", "fifo", "dev-zero", "directory"])
@pytest.mark.parametrize("which", ["manifest", "history"])
def test_a_cache_file_that_is_not_one_factdb_wrote_gives_a_full_build(tmp_path, kind, which):
    root, _ = git_repo(tmp_path / "repo")
    db = db_of(root)
    cli(root)
    path = cache.manifest_path(db) if which == "manifest" else cache.history_path(db)
    path.unlink()
    if kind == "nested":
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    edit(root, CLAIMS, "translation: with Moscow", "translation: With Moscow")  # needs the history
    done = cli(root)
    line = how(done)
    assert "Traceback" not in done.stderr
    if which == "manifest":
        assert line.startswith("full build: the cache is unreadable"), line
    else:
        assert line.startswith("full build: the cached git history is unusable"), line
    assert_same_as_full_build(root, db, tmp_path, history=history_for_build(root))
    if kind != "directory":
        assert how(cli(root)).startswith("no-op")  # the full build wrote a good cache in its place


def test_a_cache_that_cannot_be_written_says_so(repo):  # noqa: F811
    cache_dir = cache.manifest_path(db_of(repo)).parent
    shutil.rmtree(cache_dir)
    cache_dir.write_text("not a directory\n", encoding="utf-8")  # unwritable, even for root
    done = cli(repo)
    assert done.returncode == 0
    assert done.stdout.splitlines()[1].startswith("full build: the cache is unreadable")
    assert f"warning: cannot write the build cache in {cache_dir}" in done.stderr
    assert "the next build will be a full one" in done.stderr


def test_an_unexpected_error_reading_the_cache_is_a_full_build_with_the_reason(repo, monkeypatch):  # noqa: F811
    def broken(out):
        raise MemoryError("no memory left")

    monkeypatch.setattr(cache.Manifest, "load", staticmethod(broken))
    result = update(repo)
    assert (result.mode, result.reason) == ("full", "the cache could not be read (MemoryError: no memory left)")
