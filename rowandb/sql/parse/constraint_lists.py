"""CREATE TABLE's constraint lists as SQLite's grammar has them, made plain for sqlglot.

SQLite's grammar (src/parse.y) is looser than sqlglot's in two places:

- ``CONSTRAINT name`` is a list element of its own: it names the constraint that follows
  it, and names nothing when none does (``CREATE TABLE t(a, CONSTRAINT c)``,
  ``a INT CONSTRAINT c``);
- the table constraints after the columns need no commas between them
  (``UNIQUE(a) CHECK(b > 0)``: ``tconscomma`` may be empty); a comma still ends the name
  a ``CONSTRAINT`` gave;
- a foreign key's ``MATCH nm`` takes any name (``refarg``), sqlglot only FULL, PARTIAL
  and SIMPLE. SQLite parses the clause and ignores it (every foreign key is MATCH
  SIMPLE to it: foreignkeys.html), so it is blanked; the stored CREATE text keeps it.

``plain_constraints`` blanks each name that names nothing and turns the space before a
table constraint that has no comma into one, so every offset in the text stays where it
was. A table constraint written right after a ``)`` with no space is left as it is.
"""

from __future__ import annotations

from .lexer import Token, is_nm

_TABLE_CONSTRAINTS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))


def plain_constraints(text: str, tokens: list[Token]) -> str:
    """``text`` (a CREATE TABLE whose tokens are ``tokens``) with its column list plain."""
    start = next((i for i, t in enumerate(tokens) if t.text == "("), None)
    if start is None:
        return text
    chars = list(text)
    in_constraints = False
    for first, end, comma in _items(tokens, start + 1):
        in_constraints = in_constraints or tokens[first].upper in _TABLE_CONSTRAINTS \
            if first < end else in_constraints
        heads = _heads(tokens, first, end, in_constraints)
        kept = [h for h in heads if not _names_nothing(tokens, h, end)]
        dropped = [h for h in heads if h not in kept]
        for h in dropped:
            _blank(chars, tokens[h].start, tokens[h + 1].end)
        if comma is not None and 2 * len(dropped) == end - first:
            _blank(chars, tokens[comma].start, tokens[comma].end)     # nothing left of it
        for h in kept[1:] if in_constraints else ():
            before = tokens[h].start - 1
            if before >= 0 and chars[before].isspace() and tokens[h - 1].text != ",":
                chars[before] = ","
    for i in (i for i, t in enumerate(tokens) if t.upper == "REFERENCES"):
        _blank_match_clauses(chars, tokens, i)
    return "".join(chars)


# refact's words after ON DELETE / ON UPDATE / ON INSERT, each with the words it takes
_ACTION_LENGTHS = {"SET": 2, "NO": 2, "CASCADE": 1, "RESTRICT": 1}


def _blank_match_clauses(chars: list, tokens: list[Token], i: int) -> None:
    """Blank each ``MATCH nm`` among the refargs of the REFERENCES at token ``i``
    (``REFERENCES nm [(columns)] refarg*``, refarg: ``MATCH nm`` or ``ON event refact``)."""
    j = i + 2
    if j < len(tokens) and tokens[j].text == "(":
        j = next((k for k in range(j, len(tokens)) if tokens[k].text == ")"), len(tokens)) + 1
    while j + 1 < len(tokens):
        word, after = tokens[j].upper, tokens[j + 1]
        if word == "MATCH" and is_nm(after):
            _blank(chars, tokens[j].start, after.end)
            j += 2
        elif word == "ON" and after.upper in ("DELETE", "UPDATE", "INSERT") \
                and j + 2 < len(tokens) and tokens[j + 2].upper in _ACTION_LENGTHS:
            j += 2 + _ACTION_LENGTHS[tokens[j + 2].upper]
        else:
            return


def _items(tokens: list[Token], i: int):
    """(first token, end, the comma before it or None) of each top-level item of the list
    that starts at token ``i``."""
    depth, first, comma = 0, i, None
    while i < len(tokens):
        text = tokens[i].text
        if text == "(":
            depth += 1
        elif text == ")":
            if depth == 0:
                yield first, i, comma
                return
            depth -= 1
        elif text == "," and depth == 0:
            yield first, i, comma
            first, comma = i + 1, i
        i += 1


def _heads(tokens: list[Token], first: int, end: int, table_level: bool) -> list[int]:
    """Where each constraint of the item starts, at its own depth: a ``CONSTRAINT`` word,
    and (among table constraints) a constraint word not named by the one before it."""
    heads, depth = [], 0
    for j in range(first, end):
        text, word = tokens[j].text, tokens[j].upper
        depth += (text == "(") - (text == ")")
        if depth or tokens[j].kind != "word":
            continue
        named = j >= first + 2 and tokens[j - 2].upper == "CONSTRAINT"
        if word == "CONSTRAINT" or table_level and word in _TABLE_CONSTRAINTS and not named:
            heads.append(j)
    return heads


def _names_nothing(tokens: list[Token], j: int, end: int) -> bool:
    """``CONSTRAINT name`` followed by the end of its item or by another name."""
    return tokens[j].upper == "CONSTRAINT" and j + 1 < end and (
        j + 2 >= end or tokens[j + 2].upper == "CONSTRAINT")


def _blank(chars: list, start: int, end: int) -> None:
    chars[start:end] = " " * (end - start)
