"""How a quote is compared with its archived text, and where a figure's words are in it.

Quotes match their archive modulo white space and typographic quote marks, nothing else; the
spans of a figure's words (`quantities.span_start`, `span_end`) count characters of the
normalised quote.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2033": '"',
})
# str.translate looks every character up in a dict; most texts hold none of these marks, and
# a regular expression finds that out many times faster.
_HAS_QUOTES = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]")


def normalise(text: str) -> str:
    """White space collapsed and typographic quote marks made straight; nothing else."""
    # str.split() splits on exactly the characters re's \s matches (str.isspace), and drops
    # them at both ends, as sub + strip did, at a fraction of the cost.
    if _HAS_QUOTES.search(text):
        text = text.translate(_QUOTES)
    return " ".join(text.split())
