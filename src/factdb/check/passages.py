"""Where a quote that is not in its archived text differs from it: the closest passage, and
the first character that differs, for the `quote-not-found` message.

Runs only for a quote that was not found, so its cost (a word-level match over the archive,
then a character-level one within a few hundred characters) is paid only by records that
have a problem. Texts here are normalised (`check.rules.normalise`): white space collapsed,
typographic quote marks made straight, as the quote check compares them.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import yaml

from ..problems import Problem

_WORD = re.compile(r"\S+")
CONTEXT = 30
"""Characters of the passage shown on each side of the first difference."""
MARK = ("[", "]")
"""Brackets around the first differing character of the passage in a message."""


@dataclass(frozen=True)
class Difference:
    """The closest passage of a text to a quote, and where they first differ."""

    passage_start: int
    """Where the passage starts in the text."""
    text_at: int
    """Offset in the text of the first character that differs (or where the quote's extra
    characters would go)."""
    quote_at: int
    """Offset in the quote of the first character that differs."""
    kind: str
    """'replace' (the quote has other characters), 'insert' (the text has characters the quote
    lacks) or 'delete' (the quote has characters the text lacks)."""
    quote_has: str
    text_has: str


def closest(text: str, quote: str) -> Difference | None:
    """The passage of `text` most like `quote` and their first difference; None when they
    share no word."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    quote_words = quote.split()
    if not words or not quote_words:
        return None
    matcher = SequenceMatcher(None, quote_words, [w for _, w in words], autojunk=False)
    match = matcher.find_longest_match(0, len(quote_words), 0, len(words))
    if match.size == 0:
        return None
    margin = 3 + len(quote_words) // 2  # room for words the quote left out
    first = max(0, match.b - match.a - margin)
    last = min(len(words) - 1, match.b + (len(quote_words) - match.a) + margin)
    # The passage: from where the quote's first word stands, as the words that match place
    # it, to where its last word stands (words, not characters: a character-level match
    # can anchor on a lone "said" far from where the quote begins).
    window = words[first:last + 1]
    blocks = SequenceMatcher(None, quote_words, [w for _, w in window], autojunk=False).get_matching_blocks()
    # Runs of two words or more place the quote; a lone common word ("the", "said") may not.
    blocks = [b for b in blocks if b.size >= 2] or [max(blocks, key=lambda b: b.size)]
    start = max(0, blocks[0].b - blocks[0].a)
    tail = blocks[-1]
    end = min(len(window) - 1, max(start, tail.b + tail.size - 1 + len(quote_words) - tail.a - tail.size))
    passage_start = window[start][0]
    passage = text[passage_start: window[end][0] + len(window[end][1])]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes():
        if tag == "insert":  # words the quote left out: from the first of them, not mid-word
            while j2 < len(passage) and passage[j1] == passage[j2] and (i1 >= len(quote) or quote[i1] == passage[j2]):
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        elif tag == "delete":
            while i2 < len(quote) and quote[i1] == quote[i2] and (j1 >= len(passage) or passage[j1] == quote[i2]):
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        if tag != "equal":
            return Difference(passage_start, passage_start + j1, i1, tag, quote[i1:i2], passage[j1:j2])
    return None


def shown(text: str, diff: Difference) -> str:
    """The passage around the first difference, that character in brackets:
    '…berhasil dipadamkan[.] Rudal dan 22…'."""
    at = diff.text_at
    begin = max(diff.passage_start, at - CONTEXT)
    before = ("…" if begin > 0 else "") + text[begin:at]
    marked = text[at: at + 1] if at < len(text) else ""
    after = text[at + 1: at + 1 + CONTEXT]
    ellipsis = "…" if at + 1 + CONTEXT < len(text) else ""
    return f"{before}{MARK[0]}{marked}{MARK[1]}{after}{ellipsis}"


def what_differs(diff: Difference) -> str:
    if diff.kind == "insert":
        return f"the archived text has {diff.text_has!r} here, the quote does not"
    if diff.kind == "delete":
        return f"the quote has {diff.quote_has!r} here, the archived text does not"
    return f"the quote has {diff.quote_has!r} here, the archived text {diff.text_has!r}"


def raw_line(raw: str, normalised_offset: int) -> int:
    """The 1-based line of the raw text that holds the character at `normalised_offset` of
    its normalised form (the normalised text joins the raw text's words by single spaces)."""
    starts, raw_starts, at = [], [], 0
    for m in _WORD.finditer(raw):
        starts.append(at)
        raw_starts.append(m.start())
        at += len(m.group()) + 1
    if not starts:
        return 1
    i = max(0, bisect.bisect_right(starts, normalised_offset) - 1)
    raw_at = raw_starts[i] + (normalised_offset - starts[i])
    return raw.count("\n", 0, raw_at) + 1


def scalar_index(source: str, node, offset: int) -> int | None:
    """The index in a YAML file's `source` of the character at `offset` of the normalised
    text of the scalar `node`: the words of a quote are the same characters in the file,
    only their white space and line folding differ. None where that does not hold."""
    start, end = node.start_mark.index, node.end_mark.index
    raw = source[start:end]
    skip = 0
    if node.style in (">", "|"):
        skip = raw.find("\n") + 1  # the header line: '>-'
    elif node.style in ('"', "'"):
        skip = 1
    wanted = sum(1 for ch in " ".join(node.value.split())[:offset] if ch != " ")
    seen = 0
    for i in range(start + skip, end):
        if source[i].isspace():
            continue
        if seen == wanted:
            return i
        seen += 1
    return None


def not_found(file, path: tuple, source_id: str, quote: str, text: str, archive: Path, root: Path,
              *, fallback: str) -> Problem:
    """The `quote-not-found` problem of the normalised `quote` at `path` of `file`, saying
    where the closest passage of the normalised archived `text` differs, placed at the first
    differing character of the quote where the file allows."""
    diff = closest(text, quote)
    if diff is None:
        return file.problem_at(
            path, "quote-not-found",
            f"quote not found in {source_id}: no passage of the archived text is like it; "
            f"copy it exactly from the archived text ({fallback})",
        )
    try:
        line = raw_line(archive.read_text(encoding="utf-8"), diff.text_at)
    except (OSError, UnicodeDecodeError):
        line = None
    rel = archive.relative_to(root).as_posix() if archive.is_relative_to(root) else archive.name
    where = f"{rel}, line {line}" if line else rel
    problem = file.problem_at(
        path, "quote-not-found",
        f"quote not found in {source_id}: it differs from the closest passage ({where}) at the "
        f"marked character: \"{shown(text, diff)}\" ({what_differs(diff)}); "
        "copy it exactly from the archived text",
    )
    return at_character(file, problem, diff.quote_at)


def at_character(file, problem: Problem, offset: int) -> Problem:
    """The problem moved to the character at `offset` of the quote it points at, where the
    file's text says where that is."""
    node = file.tree
    for step in problem.path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            return problem
    if not isinstance(node, yaml.ScalarNode) or file.text is None:
        return problem
    index = scalar_index(file.text, node, offset)
    if index is None:
        return problem
    line = file.text.count("\n", 0, index) + 1
    return dataclasses.replace(problem, line=line, column=index - (file.text.rfind("\n", 0, index) + 1) + 1)


__all__ = ["not_found", "Difference", "closest", "raw_line", "scalar_index", "shown", "what_differs"]
