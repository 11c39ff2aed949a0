"""Join operators as SQLite reads them: one to three join words before JOIN.

SQLite's grammar takes ``JOIN_KW [nm [nm]] JOIN`` and sqlite3JoinType ORs the words'
bits together, so the words may come in any order and repeat (``LEFT NATURAL JOIN``,
``INNER INNER JOIN``; ``LEFT RIGHT JOIN`` is a FULL JOIN); a combination with an unknown
word, both INNER and OUTER, or OUTER alone is ``unknown join type``. sqlglot reads only
``[NATURAL] [LEFT|RIGHT|FULL] [OUTER|INNER|CROSS] JOIN``: ``check`` returns the spans that
rewrite every other operator into that form (``lexer.blank_span``), which is never longer
than the words it replaces. ``check_constraints`` refuses what SQLite's grammar refuses
after a FROM item: USING without its parenthesised list, and a second ON or USING.
"""

from __future__ import annotations

from ...errors import OperationalError
from .lexer import JOIN_KEYWORDS
from ...catalog.ascii_case import ascii_upper

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
        if unknown_type(words):
            raise OperationalError(f"unknown join type: {' '.join(words)}")
        bits = _bits(words)
        canonical, written = _words(bits), " ".join(ascii_upper(w) for w in words)
        if written != canonical and written != canonical + " OUTER":
            spans.append((t.tokens[first].start, t.tokens[i - 1].end, canonical))
    return spans


# Where a FROM item's constraint ends: the next item, a clause, a statement of a trigger.
_CONSTRAINT_ENDS = frozenset(("JOIN", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER",
                              "LIMIT", "UNION", "EXCEPT", "INTERSECT", "RETURNING", "BEGIN",
                              "END", "SELECT", "VALUES", "SET", "DO", "FROM"))


_NO_JOIN_ON = frozenset(("CONFLICT", "DELETE", "UPDATE"))


def check_constraints(t) -> None:
    """Raise SQLite's syntax error for a USING not followed by ``(`` (its ``USING LP
    idlist RP``) and for an ON or USING after a FROM item's ON or USING: one item takes
    one constraint (``ON 1 ON 2``, ``USING (a) ON 1``). ``ON CONFLICT`` is an upsert's or
    a column constraint's, ``ON DELETE`` and ``ON UPDATE`` a foreign key's, no join's."""
    if "USING" not in t.words and "ON" not in t.words or "VIRTUAL" in t.words[:3]:
        return
    for i, word in enumerate(t.words):
        if word == "USING" and (i + 1 == len(t.tokens) or t.tokens[i + 1].text != "("):
            raise t.fail(i + 1)
        if word in ("ON", "USING") and t.word(i + 1) not in _NO_JOIN_ON:
            second = _second_constraint(t, i + 1)
            if second is not None:
                raise t.fail(second)


def _second_constraint(t, i: int) -> int | None:
    """The index of an ON or USING at the depth of ``i`` before the constraint ends."""
    for k in t.top_level(i, within=True):
        if t.tokens[k].text in (",", ";"):
            return None
        word = t.word(k)
        if word in ("ON", "USING") and t.word(k + 1) not in _NO_JOIN_ON:
            return k
        if word in _CONSTRAINT_ENDS or word in JOIN_KEYWORDS and t.word(k - 1) != "AS":
            return None
    return None


def _bits(words: list[str]) -> int:
    bits = 0
    for written in words:
        bits |= _BITS.get(ascii_upper(written), _UNKNOWN)
    return bits


def unknown_type(words: list[str]) -> bool:
    """Whether the join words ``words`` (before JOIN) are SQLite's 'unknown join type'."""
    bits = _bits(words)
    return bool(bits & _UNKNOWN or bits & (_INNER | _OUTER) == _INNER | _OUTER
                or bits & (_OUTER | _LEFT | _RIGHT) == _OUTER)


def start(t, i: int) -> int:
    """The first word of the join operator ending with the JOIN at ``i`` (``i`` itself
    when no join word precedes it): a join word up to three words back (not an alias
    after AS, nor a table's name after FROM, JOIN or a comma, nor an operand after ON,
    another keyword or an operator: SQLite's ``nm`` and ``expr`` take a join word), with
    only words between."""
    for first in (i - 3, i - 2, i - 1):
        if first >= 1 and t.word(first) in JOIN_KEYWORDS and _ends_item(t.tokens[first - 1]) \
                and all(
                t.tokens[k].kind == "word" and t.words[k] != "JOIN" for k in range(first, i)):
            return first
    return i


def _ends_item(tok) -> bool:
    """Whether ``tok`` can end a FROM item (so a join word after it starts an operator):
    a name, a string, a number (``ON a = 1``) or a closing parenthesis."""
    if tok.kind == "word":
        return tok.upper not in _OPERAND_BEFORE
    return tok.kind != "op" or tok.text == ")"


_OPERAND_BEFORE = frozenset(("AS", "FROM", "JOIN", "ON", "AND", "OR", "NOT", "IS", "IN", "LIKE",
                             "GLOB", "MATCH", "REGEXP", "BETWEEN", "ESCAPE", "COLLATE",
                             "CASE", "WHEN", "THEN", "ELSE", "SELECT", "DISTINCT", "ALL"))


def _words(bits: int) -> str:
    """The words before JOIN of SQLite's join type ``bits``, in sqlglot's order."""
    side = {_LEFT: "LEFT", _RIGHT: "RIGHT", _LEFT | _RIGHT: "FULL"}.get(bits & (_LEFT | _RIGHT))
    kind = "CROSS" if bits & _CROSS else "INNER" if bits & _INNER else None
    return " ".join(w for w in ("NATURAL" if bits & _NATURAL else None, side, kind) if w)
