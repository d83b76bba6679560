"""Unquoted text that YAML cut short: a ' #' inside a plain value starts a comment.

`quote: Rudal dan 22 drone # 12 di lokasi` is the quote 'Rudal dan 22 drone' to YAML, and
the rest is a comment, silently. An editor pasting text with a '#' in it gets a valid file
and a confusing problem later (a figure "not stated" by a quote that, on screen, states it).
So every plain value of several words followed on its line by a comment is reported as a
warning (`plain-scalar-cut`), and the cross-file rules blame the cut, not the figure, when a
figure's words are in what was cut off (`factdb.check.cut_quotes`).

A comment after a number or an id (`neutralized: 156  # one combined figure`) is how editors
annotate facts, and is never reported: only values of two words or more are. Nor is the
`# TODO: ...` note `factdb new` writes after each value to fill in: an editor who types the
quote over the skeleton's `""` and leaves the note has cut nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import yaml

from ..problems import Problem

SKELETON_NOTE = "TODO:"
"""How the notes `factdb new` writes after each value to fill in start (`models.skeleton.TODO`)."""

# A cheap test first, so that files without such a line are never composed again: two words,
# neither ending a key (':'), then a comment on the same line.
_CANDIDATE = re.compile(r"^[^#\n]*[^\s#:\-][ \t]+[^\s#]+[ \t]+#", re.M)


@dataclass(frozen=True)
class Cut:
    """A plain value cut by a comment: where it is, what YAML kept, what it dropped."""

    path: tuple
    line: int
    """1-based line of the '#'."""
    column: int
    """1-based column of the '#'."""
    kept: str
    lost: str
    """The text after the '#' on its line."""


def cuts_in(text: str, tree: Callable[[], yaml.Node | None]) -> list[Cut]:
    """Every plain value of two words or more in `text` followed on its line by a comment;
    `tree()` gives the text's node tree, composed only when a line may hold one."""
    # Most files have no comment after a value at all: a substring test says so without the
    # regular expression, which backtracks over every line of the text.
    if (" #" not in text and "\t#" not in text) or not _CANDIDATE.search(text) or (tree := tree()) is None:
        return []
    found: list[Cut] = []
    _walk(text, tree, (), found)
    return found


def _walk(text: str, node: yaml.Node, path: tuple, found: list[Cut]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(text, value, (*path, key.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(text, item, (*path, i), found)
    elif isinstance(node, yaml.ScalarNode) and not node.style and " " in node.value.strip():  # plain: None, or "" from libyaml
        end = node.end_mark.index
        line_end = text.find("\n", end)
        rest = text[end: line_end if line_end >= 0 else len(text)]
        comment = re.match(r"[ \t]+#", rest)
        if comment is not None and not rest[comment.end():].lstrip().startswith(SKELETON_NOTE):
            at = end + comment.end() - 1
            found.append(Cut(
                path, node.end_mark.line + 1, at - (text.rfind("\n", 0, at) + 1) + 1,
                node.value, rest[comment.end():].strip(),
            ))


def warning(rel: str, cut: Cut) -> Problem:
    kept = cut.kept if len(cut.kept) <= 40 else "…" + cut.kept[-39:]
    return Problem(
        rel, "plain-scalar-cut",
        f"YAML reads ' #' as the start of a comment, so this value ends at {kept!r} and "
        f"{cut.lost!r} is not part of it; if it is, put the whole value in double quotes "
        "(or on the lines under `>-`)",
        cut.line, cut.column, cut.path, severity="warning",
    )


__all__ = ["Cut", "cuts_in", "warning"]
