"""Each claim's history in git: when and in which commit it was first recorded and last changed.

One pass over `git log` of `facts/`, oldest first, along the first-parent line (a merged
pull request counts from its merge: that is when its facts entered the repository). For each
commit only the fact files it changed are read, each distinct file version (blob) parsed
once, and each claim's canonical JSON compared with the last seen; the cost is linear in
commits x changed files. A file version that does not parse is skipped: the claims keep the
state of the last version that did. A claim moved to another file is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from ..read import gitrev, yamlfile
from ..db.rows import canonical_json
from ..models import FactFile
from ..read.project import FACT_SUFFIXES, FACTS_DIR, MAX_FILE_BYTES

NULL_SHA = "0" * 40


@dataclass(frozen=True)
class ClaimHistory:
    first_recorded: str
    """Committer date (ISO 8601) of the commit that first recorded the claim."""
    first_commit: str
    last_changed: str
    """Committer date of the last commit that changed the claim's content."""
    last_commit: str


@dataclass(frozen=True)
class FileChange:
    path: str
    blob: str
    """The file's new blob id; NULL_SHA when the commit deleted it."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    changes: tuple[FileChange, ...]


def commits(root: Path) -> Iterator[Commit]:
    """Commits that touched fact files, oldest first, each with the fact files it changed."""
    log = gitrev.git(
        root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent", "--no-renames",
        "--raw", "--no-abbrev", "--relative", "-z", "--format=%x01%H %cI", "--", FACTS_DIR,
    ).decode("utf-8", "surrogateescape")
    for block in log.split("\x01")[1:]:
        header, _, raw = block.partition("\0")
        sha, date = header.split(" ", 1)
        # --raw -z: ":old_mode new_mode old_blob new_blob status\0path\0" per changed file.
        fields = raw.strip("\n\0").split("\0")
        changes = []
        for meta, path in zip(fields[0::2], fields[1::2]):
            parts = meta.lstrip("\n:").split()
            if len(parts) >= 5 and path.endswith(FACT_SUFFIXES):
                changes.append(FileChange(path, parts[3]))
        yield Commit(sha, date.strip(), tuple(changes))


def read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The content of each blob, read by one `git cat-file --batch`."""
    wanted = sorted(blobs - {NULL_SHA})
    if not wanted:
        return {}
    out = gitrev.git(root, "cat-file", "--batch", input="".join(f"{b}\n" for b in wanted).encode())
    contents, pos = {}, 0
    for blob in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        contents[blob] = out[pos:pos + size]
        pos += size + 1  # the content is followed by a newline
    return contents


def claims_of(content: bytes | None) -> dict[str, str] | None:
    """Claim id -> canonical JSON of one file version; None when it does not parse."""
    if content is None or len(content) > MAX_FILE_BYTES:
        return None
    try:
        data = yamlfile.parse(content.decode("utf-8-sig"))
        model = FactFile.model_validate(data)
    except (UnicodeDecodeError, yamlfile.FactYAMLError, ValidationError):
        return None
    return {claim.id: canonical_json(claim) for claim in model.claims}


def claim_history(root: Path) -> dict[str, ClaimHistory]:
    """Claim id -> its history, for every claim ever committed under `facts/` at `root`."""
    log = list(commits(root))
    contents = read_blobs(root, {change.blob for commit in log for change in commit.changes})
    parsed: dict[str, dict[str, str] | None] = {}
    current: dict[str, str] = {}  # claim id -> canonical JSON last seen
    history: dict[str, ClaimHistory] = {}
    for commit in log:
        for change in commit.changes:
            if change.blob == NULL_SHA:
                continue  # a deletion: the claims may reappear in another file, unchanged
            if change.blob not in parsed:
                parsed[change.blob] = claims_of(contents.get(change.blob))
            claims = parsed[change.blob]
            for claim_id, canonical in (claims or {}).items():
                if current.get(claim_id) == canonical:
                    continue
                current[claim_id] = canonical
                first = history.get(claim_id)
                history[claim_id] = ClaimHistory(
                    first.first_recorded if first else commit.date,
                    first.first_commit if first else commit.sha,
                    commit.date,
                    commit.sha,
                )
    return history


def history_for_build(root: Path) -> dict[str, ClaimHistory] | None:
    """The history `factdb build` records: None outside a git checkout (the columns stay empty)."""
    if not gitrev.is_checkout(root):
        return None
    return claim_history(root)
