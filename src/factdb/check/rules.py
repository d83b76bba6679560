"""Rules that look across files: ids, references, quotes, figures, arithmetic, dates.

Each rule is a function `rule(catalog) -> Iterator[Problem]`, listed in RULES. They run on
every record that passed the model and on what can be read of those that did not
(`factdb.read.repair`), and every one is linear in the number of records (dictionary
look-ups and one normalised text per source), never pairwise. Suggestions and the search
for a quote's closest passage run only for a record with a problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from ..models import Citation, Source, describe, published_bounds, stated_numbers, when_bounds
from ..models.claimbase import Inequality
from ..models.keys import duplicate_keys
from ..models.statement import NOT_YET
from ..problems import Problem, did_you_mean
from ..read import files
from ..read.project import paused_gc
from . import passages
from .catalog import Catalog, Located
from .cut_quotes import blame_cuts
from .naming import written
from .numberwords import numbers_in
from .quotetext import normalise


Rule = Callable[["Catalog"], Iterator[Problem]]

RULES: list[Rule] = []
"""Every cross-file rule, in the order they run: each registers itself with `rule`."""


def rule(*, lookups: bool) -> Callable[[Rule], Rule]:
    """Register a cross-file rule. `lookups=True` declares (after review) that of a record it
    looks up by id it needs only its kind and file and, of a source, its `archive` and
    `published`: see `lookups_suffice`."""

    def register(check: Rule) -> Rule:
        check.lookups_only = lookups
        RULES.append(check)
        return check

    return register


@rule(lookups=True)
def rule_duplicate_ids(cat: Catalog) -> Iterator[Problem]:
    for first, again in cat.duplicates:
        yield again.file.problem_at(
            (*again.path, "id"), "duplicate-id",
            f"id '{again.record.id}' is already used by {_a(first.kind)} in "
            f"{first.file.rel}; choose another id",
        )


@rule(lookups=True)
def rule_duplicate_keys(cat: Catalog) -> Iterator[Problem]:
    """Items of one list that share what identifies them would share one published id
    (`factdb.models.keys`): refused, so that no id ever names two things."""
    for located in cat.records.values():
        for path, key, first in duplicate_keys(located.record):
            name = path[-2]
            yield located.file.problem_at(
                (*located.path, *path), "duplicate-key",
                f"{name}[{path[-1]}] has the same key '{key}' as {name}[{first}] in this list, so the "
                "two would share one id; merge them into one item, or tell them apart (a weapon's "
                "model, a role's title or date, a subset's description)",
            )


def _field(record, name: str, default=None):
    """A field a record may lack. getattr() with a default is slow on a pydantic model that
    lacks the attribute (its __getattr__ raises and catches); the fields are in __dict__."""
    return record.__dict__.get(name, default)


def citations_of(located: Located) -> Iterator[tuple[tuple, Citation]]:
    """(path, citation) of every citation a record holds."""
    record = located.record
    for i, citation in enumerate(_field(record, "citations", ())):
        yield (*located.path, "citations", i), citation
    for i, role in enumerate(_field(record, "roles", ())):
        yield (*located.path, "roles", i, "citation"), role.citation


@rule(lookups=True)
def rule_references(cat: Catalog) -> Iterator[Problem]:
    records = cat.records
    for located in records.values():
        for ref in located.record.references():
            found = records.get(ref.target)
            if found is None or found.kind not in ref.kinds:  # the common case costs one look-up
                yield from _check_reference(cat, located, (*located.path, *ref.path), ref.target, ref.kinds)
        for path, citation in citations_of(located):
            found = records.get(citation.source)
            if found is None or found.kind != "source":
                yield from _check_reference(cat, located, (*path, "source"), citation.source, ("source",))


def _check_reference(cat, located, path, target, kinds) -> Iterator[Problem]:
    found = cat.records.get(target)
    wanted = " or ".join(kinds)
    if found is None and (target in cat.unchecked_ids or cat.unread):
        return
    if found is None:
        close = did_you_mean(target, cat.ids_of(kinds))
        yield located.file.problem_at(
            path, "unresolved-reference",
            f"no {wanted} has the id '{target}'{close}{' Otherwise a' if close else '; a'}dd it or fix the id",
        )
    elif found.kind not in kinds:
        yield located.file.problem_at(
            path, "unresolved-reference",
            f"'{target}' is {_a(found.kind)} ({found.file.rel}), but {_a(wanted)} is expected here",
        )


def _a(kind: str) -> str:
    """'an organization', 'a person': kinds are English nouns."""
    return ("an " if kind[0] in "aeiou" else "a ") + kind


@rule(lookups=True)
def rule_archives(cat: Catalog) -> Iterator[Problem]:
    for located in cat.of_kind("source"):
        source: Source = located.record
        path = cat.root / source.archive
        problem = None
        if not path.exists():
            problem = f"archived text {source.archive} does not exist; add it to seeds/"
        elif not path.resolve().is_relative_to(cat.root.resolve()):
            problem = f"archived text {source.archive} leads outside the project"
        elif not path.is_file():
            problem = f"archived text {source.archive} is not a regular file; archived texts must be plain files"
        elif _size(path) > files.MAX_ARCHIVE_BYTES:
            problem = f"archived text {source.archive} is over the {files.MAX_ARCHIVE_BYTES:,}-byte limit"
        elif cat.archive(source.id) is None:
            problem = f"archived text {source.archive} is not readable UTF-8 text"
        if problem:
            yield located.file.problem_at((*located.path, "archive"), "missing-archive", problem)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # gone meanwhile: reading it says so


@rule(lookups=True)
def rule_quotes(cat: Catalog) -> Iterator[Problem]:
    for located in cat.records.values():
        for path, citation in citations_of(located):
            text = cat.archive(citation.source)
            if text is None:
                continue  # reported by rule_references or rule_archives
            if normalise(citation.quote) not in text:
                yield _quote_not_found(cat, located, (*path, "quote"), citation, text)


def _quote_not_found(cat: Catalog, located: Located, path: tuple, citation: Citation, text: str) -> Problem:
    archive = cat.root / cat.records[citation.source].record.archive
    return passages.not_found(
        located.file, path, citation.source, normalise(citation.quote), text, archive, cat.root,
        fallback=_excerpt(citation.quote),
    )


def _excerpt(text: str, width: int = 60) -> str:
    text = normalise(text)
    return repr(text if len(text) <= width else text[: width - 1] + "\u2026")


@rule(lookups=True)
def rule_figures_in_quotes(cat: Catalog) -> Iterator[Problem]:
    """Every figure bound to the words of one of its claim's quotes that state it (see
    factdb.check.binding); every ordinal (a meeting's round) stated by one of them."""
    for located in cat.of_kind("claim"):
        claim = located.record
        for problem in cat.bind(claim).problems:
            yield located.file.problem_at((*located.path, *problem.path), problem.code, problem.message)
        for ordinal in claim.ordinals():
            for number in stated_numbers(ordinal.quantity):
                if not any(number in numbers_in(c.quote) for c in claim.citations):
                    yield located.file.problem_at(
                        (*located.path, *ordinal.path), "figure-not-in-quote",
                        f"{ordinal.measure} = {number:g} is not stated in any of the claim's quotes, in "
                        "digits or ordinal words ('putaran kedua', 'ke-2', 'second round'); quote the words "
                        "that state it",
                    )


def _possible(inequality: Inequality) -> bool:
    """Can sum(parts) <= whole hold? Only a certain contradiction is an error."""
    lows = [describe(p.quantity)[2] for p in inequality.parts]
    high = describe(inequality.whole.quantity)[3]
    if high is None or any(low is None for low in lows):
        return True
    return sum(lows) <= high


@rule(lookups=True)
def rule_arithmetic(cat: Catalog) -> Iterator[Problem]:
    for located in cat.of_kind("claim"):
        claim = located.record
        for inequality in claim.inequalities():
            if not _possible(inequality):
                parts = " + ".join(f"{written(claim, p.path)} {describe(p.quantity)[2]:g}" for p in inequality.parts)
                whole = inequality.whole
                yield located.file.problem_at(
                    (*located.path, *inequality.parts[-1].path), "arithmetic",
                    f"{parts} exceeds {written(claim, whole.path)} {describe(whole.quantity)[3]:g} "
                    f"({inequality.what}); check the figures against the quote",
                )


def _latest_publication(cat: Catalog, citations) -> tuple[str, object] | None:
    """The citation whose source was certainly published earliest (its latest possible day)."""
    best = None
    for citation in citations:
        source = cat.records.get(citation.source)
        if source is None or source.kind != "source":
            continue
        latest = published_bounds(source.record.published)[1]
        if latest is not None and (best is None or latest < best[1]):
            best = (citation.source, latest)
    return best


@rule(lookups=True)
def rule_event_after_publication(cat: Catalog) -> Iterator[Problem]:
    for located in cat.records.values():
        record = located.record
        if located.kind == "claim" and record.status not in NOT_YET:
            start = when_bounds(record.when)[0]
            bound = _latest_publication(cat, record.citations)
            if start and bound and start > bound[1]:
                yield located.file.problem_at(
                    (*located.path, "when"), "event-after-publication",
                    f"the event starts {start} but {bound[0]} was published by {bound[1]}; "
                    "check the date, or give the claim a status that is not yet a fact "
                    "(planned, proposed, agreed, expected, demanded, forecast)",
                )
        stated = _field(record, "stated") if located.kind == "claim" else None
        if stated is not None:
            # Nobody can be reported saying something after the report was published,
            # whatever the status of the event they spoke about.
            bound = _latest_publication(cat, record.citations)
            if bound and stated.start > bound[1]:
                yield located.file.problem_at(
                    (*located.path, "stated"), "event-after-publication",
                    f"stated {stated} but {bound[0]} was published by {bound[1]}; check the date",
                )
        for i, role in enumerate(_field(record, "roles", ())):
            bound = _latest_publication(cat, [role.citation])
            if bound and role.observed.start > bound[1]:
                yield located.file.problem_at(
                    (*located.path, "roles", i, "observed"), "event-after-publication",
                    f"role observed {role.observed} but {bound[0]} was published by {bound[1]}",
                )


def lookups_suffice() -> bool:
    """Whether every registered rule needs, of a record it looks up by id, only its kind and file
    and, of a source, its `archive` and `published` (`rule(lookups=True)`). Checking part of a
    repository against records held elsewhere (an incremental build, a build split between
    processes) relies on that; a rule that may look at anything turns such builds off."""
    return all(getattr(check, "lookups_only", False) for check in RULES)


def run(catalog: Catalog) -> list[Problem]:
    """The problems every cross-file rule finds in `catalog`."""
    with paused_gc():
        found = [problem for rule in RULES for problem in rule(catalog)]
    if catalog.placeholders:
        found = [p for p in found if (p.file, tuple(p.path[:3])) not in catalog.placeholders]
    return blame_cuts(catalog.records.values(), found) if found else found


__all__ = ["Catalog", "RULES", "normalise", "rule", "run"]
