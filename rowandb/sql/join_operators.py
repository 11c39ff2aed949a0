"""Join operators as SQLite reads them: one to three join words before JOIN.

SQLite's grammar takes ``JOIN_KW [nm [nm]] JOIN`` and sqlite3JoinType ORs the words'
bits together, so the words may come in any order and repeat (``LEFT NATURAL JOIN``,
``INNER INNER JOIN``; ``LEFT RIGHT JOIN`` is a FULL JOIN); a combination with an unknown
word, both INNER and OUTER, or OUTER alone is ``unknown join type``. sqlglot reads only
``[NATURAL] [LEFT|RIGHT|FULL] [OUTER|INNER|CROSS] JOIN``: ``check`` returns the spans that
rewrite every other operator into that form (``lexer.blank_span``), which is never longer
than the words it replaces.
"""

from __future__ import annotations

from ..errors import OperationalError
from .lexer import JOIN_KEYWORDS
from ..catalog.ascii_case import ascii_upper

_NATURAL, _LEFT, _RIGHT, _OUTER, _INNER, _CROSS = 0x01, 0x02, 0x04, 0x10, 0x20, 0x40
_BITS = {"NATURAL": _NATURAL, "LEFT": _LEFT | _OUTER, "OUTER": _OUTER,
         "RIGHT": _RIGHT | _OUTER, "FULL": _LEFT | _RIGHT | _OUTER, "INNER": _INNER,
         "CROSS": _INNER | _CROSS}
_UNKNOWN = 0x80


def check(t) -> list:
    """Raise SQLite's error for a join operator of ``t`` (grammar._Tokens) it refuses;
    return the (start, end, words) spans that give sqlglot the others in its form."""
    if "JOIN" not in t.words:
        return []
    spans = []
    for i, word in enumerate(t.words):
        if word != "JOIN":
            continue
        first = start(t, i)
        if first == i:
            continue
        words = [t.tokens[k].text for k in range(first, i)]
        bits = 0
        for written in words:
            bits |= _BITS.get(ascii_upper(written), _UNKNOWN)
        if bits & _UNKNOWN or bits & (_INNER | _OUTER) == _INNER | _OUTER \
                or bits & (_OUTER | _LEFT | _RIGHT) == _OUTER:
            raise OperationalError(f"unknown join type: {' '.join(words)}")
        canonical, written = _words(bits), " ".join(ascii_upper(w) for w in words)
        if written != canonical and written != canonical + " OUTER":
            spans.append((t.tokens[first].start, t.tokens[i - 1].end, canonical))
    return spans


def start(t, i: int) -> int:
    """The first word of the join operator ending with the JOIN at ``i`` (``i`` itself
    when no join word precedes it): a join word up to three words back (not an alias
    after AS), with only words between."""
    for first in (i - 3, i - 2, i - 1):
        if first >= 0 and t.word(first) in JOIN_KEYWORDS and t.word(first - 1) != "AS" and all(
                t.tokens[k].kind == "word" and t.words[k] != "JOIN" for k in range(first, i)):
            return first
    return i


def _words(bits: int) -> str:
    """The words before JOIN of SQLite's join type ``bits``, in sqlglot's order."""
    side = {_LEFT: "LEFT", _RIGHT: "RIGHT", _LEFT | _RIGHT: "FULL"}.get(bits & (_LEFT | _RIGHT))
    kind = "CROSS" if bits & _CROSS else "INNER" if bits & _INNER else None
    return " ".join(w for w in ("NATURAL" if bits & _NATURAL else None, side, kind) if w)
