"""Where a quote that is not in its archived text differs from it: the closest passage, and
the first character that differs, for the `quote-not-found` message.

Runs only for a quote that was not found, so its cost (a word-level match over the archive,
then a character-level one within a few hundred characters) is paid only by records that
have a problem. Texts here are normalised (`check.rules.normalise`): white space collapsed,
typographic quote marks made straight, as the quote check compares them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

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
    first = max(0, match.b - match.a - 3)
    last = min(len(words) - 1, match.b + (len(quote_words) - match.a) + 3)
    window_start = words[first][0]
    window = text[window_start: words[last][0] + len(words[last][1])]
    blocks = [b for b in SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks() if b.size]
    start = max(0, blocks[0].b - blocks[0].a)
    end = min(len(window), blocks[-1].b + blocks[-1].size + len(quote) - blocks[-1].a - blocks[-1].size)
    passage = window[start:end]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes():
        if tag != "equal":
            return Difference(window_start + start, window_start + start + j1, i1, tag, quote[i1:i2], passage[j1:j2])
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


__all__ = ["Difference", "closest", "raw_line", "scalar_index", "shown", "what_differs"]
