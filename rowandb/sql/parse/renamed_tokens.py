"""The tokens of a text that differs from one tokenized before only in some of its
names: the earlier text's tokens, with those names' tokens made anew.

Why: the corpus's index scripts ask each query of five tables, ``SELECT pk FROM tab0
WHERE ...`` to ``... FROM tab4 WHERE ...`` the same, so most statements there are an
earlier one of the same length with another table's name, and ``lexer._tokenize`` made
all their hundred-odd tokens again (the corpus runner's split of the text is its first
tokenization). ``lexer.tokenize`` asks ``renamed_tokens`` with the text of that length it
tokenized last; what differs is found by halving the two texts (slices compared in C),
and where every differing character lies in a name token of the earlier text and the new
text there is a whole name too, no boundary moves: a name is cut where the next
character cannot continue one, and that character is the same in both texts (a name
right before a quote is left out: ``x'..'`` is a blob). Anything else -- a difference in
a string, a number, an operator, whitespace or a comment, or many differences -- gives
None, and the text is tokenized whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import itemgetter

from .char_classes import ascii_and_beyond

# a name token as the lexer's ``word`` kind reads it (``lexer._TOKEN_KINDS``)
_NAME = re.compile(ascii_and_beyond("A-Za-z_") + ascii_and_beyond("A-Za-z_0-9$") + "*")
_MOST_DIFFERENCES = 16          # past them the text is tokenized whole,
_MOST_BLOCKS = 4                # and past differences in so many of its sixteenths
_START = itemgetter(2)


def renamed_tokens(sql: str, earlier: list) -> tuple | None:
    """The tokens of ``sql`` made from one of ``earlier`` ((text, tokens) pairs of texts
    of its length, newest first), or None where they cannot be."""
    for text, tokens in earlier:
        places = _differences(text, sql)
        renamed = None if places is None else _renamed(sql, tokens, places)
        if renamed is not None:
            return renamed
    return None


def _renamed(sql: str, tokens: tuple, places: list) -> tuple | None:
    """``tokens`` with the name tokens holding ``places`` made of ``sql``'s text."""
    renamed = list(tokens)
    for place in places:
        k = bisect_right(tokens, place, key=_START) - 1
        if k < 0:
            return None
        tok = tokens[k]
        if tok[0] != "word" or place >= tok[3]:
            return None                     # whitespace, a comment, another kind
        if renamed[k] is tok:
            name = sql[tok[2]:tok[3]]
            if _NAME.fullmatch(name) is None or name[0].isspace() or \
                    sql[tok[3]:tok[3] + 1] == "'":
                return None                 # (a Unicode space opening it is whitespace)
            renamed[k] = tok.__class__("word", name, tok[2], tok[3])
    return tuple(renamed)


def _differences(a: str, b: str) -> list | None:
    """Where ``a`` and ``b`` (of one length) differ, or None when they differ in more
    than ``_MOST_BLOCKS`` of their sixteenths (a text of another shape), or in more
    than ``_MOST_DIFFERENCES`` places."""
    step = max(16, len(a) // 16)
    blocks = [lo for lo in range(0, len(a), step) if a[lo:lo + step] != b[lo:lo + step]]
    if len(blocks) > _MOST_BLOCKS:
        return None
    places: list = []
    for lo in blocks:
        if not _halved(a, b, lo, min(lo + step, len(a)), places):
            return None
    return places


def _halved(a: str, b: str, lo: int, hi: int, places: list) -> bool:
    """Add to ``places`` where ``a`` and ``b`` differ within ``lo:hi`` (known to differ
    there), halving it; False past ``_MOST_DIFFERENCES`` places."""
    if hi - lo <= 8:
        places.extend(k for k in range(lo, hi) if a[k] != b[k])
        return len(places) <= _MOST_DIFFERENCES
    middle = (lo + hi) // 2
    for part in ((lo, middle), (middle, hi)):
        if a[part[0]:part[1]] != b[part[0]:part[1]] and not _halved(a, b, *part, places):
            return False
    return True
