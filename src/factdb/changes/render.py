"""A fact diff as text for the terminal, and as Markdown for a pull request."""

from __future__ import annotations

import shlex

from .diff import Change, FactDiff
from .snapshot import WORKING_TREE


def render(diff: FactDiff, fmt: str = "text") -> str:
    """`diff` as `factdb diff` prints it: 'text' for the terminal, 'markdown' for a pull request."""
    return render_markdown(diff) if fmt == "markdown" else render_text(diff)


_STATUS_MARK = {"added": "+", "removed": "-", "changed": "~"}


def _change_text(change: Change) -> str:
    sep = " " if change.figure else ": "
    words = f": {change.quote}" if change.quote else ""
    if change.op == "+":
        return f"+ {change.label}{sep}{change.new}{words}"
    if change.op == "-":
        return f"- {change.label}{sep}{change.old}{words}"
    return f"{change.label}{sep}{change.old} → {change.new}{words}"


def render_text(diff: FactDiff) -> str:
    if diff.empty:
        return f"no fact changes between {diff.base} and {diff.head}"
    lines = [f"{diff.base} → {diff.head}: {diff.summary()}"]
    for record in diff.records:
        lines.append(f"{_STATUS_MARK[record.status]} {record.kind} {record.id} ({record.detail}): {record.title}")
        lines.extend(f"    {_change_text(change)}" for change in record.changes)
    return "\n".join(lines)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})


def md(text: str) -> str:
    """Text made inert in Markdown: no emphasis, links, HTML or tables from fact values."""
    return text.translate(_MD_SPECIAL)


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _change_markdown(change: Change) -> str:
    label = _code(change.label)
    words = f" — {md(change.quote)}" if change.quote else ""
    if change.op == "+":
        return f"added {label}: {md(change.new)}{words}"
    if change.op == "-":
        return f"removed {label}: {md(change.old)}{words}"
    return f"{label}: {md(change.old)} → {md(change.new)}{words}"


MARKDOWN_LIMIT = 1_000_000
"""Bytes of markdown at most: GitHub refuses a job summary over 1 MiB, and a pull request that
rewrites thousands of facts would lose its whole summary, not just the tail."""


def diff_command(diff: FactDiff) -> str:
    """The command line that shows `diff` again (the working tree is the default HEAD, not an
    argument)."""
    versions = [diff.base_spec or diff.base] + ([] if diff.head == WORKING_TREE else [diff.head])
    return shlex.join(["factdb", "diff", *versions])


def render_markdown(diff: FactDiff, max_bytes: int = MARKDOWN_LIMIT) -> str:
    heading = f"### Fact changes: {_code(diff.base)} → {_code(diff.head)}"
    if diff.empty:
        return f"{heading}\n\nNo fact changes."
    lines = [heading, "", md(diff.summary()), ""]
    size = sum(len(line.encode()) + 1 for line in lines)
    for shown, record in enumerate(diff.records):
        block = [f"- **{record.status}** {record.kind} {_code(record.id)} ({md(record.detail)}): {md(record.title)}"]
        block += [f"  - {_change_markdown(change)}" for change in record.changes]
        block_size = sum(len(line.encode()) + 1 for line in block)
        room = 200 + len(f"{diff.base}{diff.head}".encode())  # for the note below
        if size + block_size > max_bytes - room:
            left = len(diff.records) - shown
            lines += ["", f"… and {left} more changed records, left out to keep this summary under "
                          f"{max_bytes:,} bytes: run `{diff_command(diff)}` for all of them."]
            break
        lines += block
        size += block_size
    return "\n".join(lines) + "\n"
