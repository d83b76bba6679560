"""Archiving a new source: its text under seeds/, its record under facts/sources/.

`add_source` is what `factdb source add` runs. A source's id is a hash of its archived text:
the first 16 hexadecimal digits of the SHA-256 of the archive file's bytes, so anyone can
check it (`sha256sum seeds/<id>.txt`), the same text always gets the same id, and two editors
adding different articles at once never pick the same id. The five seed articles archived
before this command existed keep the ids they were given (`000_bf917d9e70bda72c` ...).

The text is archived as given, with only its line ends made `\\n`, a byte-order mark dropped
and one final line end: quotes are checked against exactly these characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..models import Source
from ..models.base import ID_PATTERN
from ..models.jsonschema import SCHEMA_PATH
from ..problems import did_you_mean
from .project import FACTS_DIR, SEEDS_DIR, ProjectError, load_project
from .yamlfile import FactYAMLError, parse

ID_DIGITS = 16
"""Hex digits of the SHA-256 kept in an id: 64 bits, no collision among any number of articles
an editor could archive."""
SOURCES_DIR = f"{FACTS_DIR}/sources"
MIN_CONFIDENCE = 0.9
"""How sure the language detector must be before its answer is written; below it the editor
is asked for --language."""


class SourceError(Exception):
    """The text or an option cannot make a source; the message says what to do."""


@dataclass(frozen=True)
class AddedSource:
    id: str
    archive: Path
    record: Path
    language: str
    detected: bool
    """True when the language was detected rather than given."""

    @property
    def citation(self) -> str:
        """The line to put under a claim's `citations:` (its `quote:` follows)."""
        return f"- source: {self.id}"


def archived_text(text: str) -> str:
    """The text as it is archived: line ends made `\\n`, no byte-order mark, one final line end."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def source_id(archived: str) -> str:
    """The id of a source whose archive file holds `archived` (see the module's docstring)."""
    return hashlib.sha256(archived.encode("utf-8")).hexdigest()[:ID_DIGITS]


def detect_language(text: str) -> str | None:
    """The BCP 47 tag of the text's language, when the detector is sure of it; else None."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0  # langdetect samples at random: the same text, the same answer
    try:
        best = detect_langs(text)[0]
    except LangDetectException:  # no letters at all
        return None
    return best.lang.split("-")[0] if best.prob >= MIN_CONFIDENCE else None


def add_source(
    root: Path,
    text: str,
    *,
    publisher: str,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
    excerpt: bool = False,
    notes: str | None = None,
) -> AddedSource:
    """Archive `text` as seeds/<id>.txt and write facts/sources/<id>.yaml for it.

    `publisher` is the id of an organization of the project (`publisher:`), or, when it is not
    written like an id, the name as printed (`publisher_name:`). Nothing is written when any
    option is wrong (SourceError) or the same text is archived already."""
    root = Path(root)
    archived = archived_text(text)
    if not archived.strip():
        raise SourceError("the text is empty; give the article's text, in a file or on standard input")
    sid = source_id(archived)
    archive = Path(SEEDS_DIR) / f"{sid}.txt"
    record_path = Path(SOURCES_DIR) / f"{sid}.yaml"
    if (root / archive).exists() or (root / record_path).exists():
        raise SourceError(f"this text is archived already, as source {sid} ({archive}); cite it as `source: {sid}`")
    detected = language is None
    if language is None:
        language = detect_language(archived)
        if language is None:
            raise SourceError("cannot tell the text's language; pass --language (a BCP 47 tag: en, id, uk, ru ...)")
    record = _record(sid, archive, language, title=title, url=url, published=published, excerpt=excerpt, notes=notes)
    record.update(_publisher(root, publisher))
    record = {key: record[key] for key in Source.model_fields if key in record}  # the schema's order
    model = _validated(record)
    _write_new(root / archive, archived)
    try:
        _write_new(root / record_path, _record_file(model, record, record_path))
    except BaseException:
        (root / archive).unlink(missing_ok=True)  # never an archive without its record
        raise
    return AddedSource(sid, archive, record_path, language, detected)


def _record(sid: str, archive: Path, language: str, **given) -> dict:
    record: dict = {"id": sid, "archive": archive.as_posix(), "language": language}
    for key in ("title", "url"):
        if given[key] is not None:
            record[key] = given[key]
    if given["published"] is not None:
        record["published"] = _date(given["published"])
    if given["excerpt"]:
        record["excerpt"] = True
    if given["notes"] is not None:
        record["notes"] = given["notes"]
    return record


def _date(text: str):
    """A full date as a date (YAML writes it unquoted), a year or month as text."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _publisher(root: Path, publisher: str) -> dict:
    if not re.fullmatch(ID_PATTERN.strip("^$"), publisher):
        return {"publisher_name": publisher}
    organizations = _organizations(root)
    if publisher in organizations:
        return {"publisher": publisher}
    raise SourceError(
        f"no organization has the id '{publisher}'{did_you_mean(publisher, organizations)} "
        "Add it to facts/entities/organizations.yaml first, or give the name as printed "
        "(--publisher 'Kyiv Independent') to record it without an entity"
    )


def _organizations(root: Path) -> list[str]:
    """Ids of the organizations in the project's files that read (a broken file is the
    validator's to report, not this command's)."""
    try:
        project = load_project(root)
    except ProjectError as exc:
        raise SourceError(str(exc)) from None
    return sorted(e.id for f in project.valid_files for e in f.model.organizations)


_OPTION_HINTS = {
    "url": "give the full address, starting with http:// or https://",
    "language": "give a BCP 47 tag such as en, id, uk or ru",
}


def _validated(record: dict) -> Source:
    try:
        return Source.model_validate(record)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = str(first["loc"][0])
        option = f"--{field}" if field in ("language", "url", "published", "title", "notes") else field
        hint = _OPTION_HINTS.get(field) if first["type"] == "string_pattern_mismatch" else None
        raise SourceError(f"{option}: {hint or first['msg']} (got {record.get(field)!r})") from None


def _record_file(model: Source, record: dict, record_path: Path) -> str:
    schema = os.path.relpath(SCHEMA_PATH, record_path.parent).replace(os.sep, "/")
    body = yaml.dump(
        {"sources": [record]}, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=100,
    )
    text = f"# yaml-language-server: $schema={schema}\n{body}"
    try:  # what is written reads back as the record validated above
        assert Source.model_validate(parse(text)["sources"][0]) == model
    except (FactYAMLError, ValidationError, AssertionError):  # pragma: no cover - a PyYAML bug
        raise SourceError("could not write the record as YAML that reads back the same") from None
    return text


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key ("sources:\n  - id: ..."), as every fact file is written."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
    except FileExistsError:
        raise SourceError(f"{path} exists already; nothing written") from None
    finally:
        os.unlink(tmp)


__all__ = ["AddedSource", "SourceError", "add_source", "archived_text", "detect_language", "source_id"]
