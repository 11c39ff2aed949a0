"""The column lists of a table's PRIMARY KEY (...) and UNIQUE (...) constraints, read on
the tokens: each column's COLLATE and ASC/DESC (``KeyTerm``), which sqlglot does not read
there, taken out of the text sqlglot gets. The parser calls ``key_terms`` on CREATE TABLE;
bind_ddl reads the terms.
"""

from __future__ import annotations

from typing import NamedTuple

import sqlglot
from sqlglot import expressions as exp
from sqlglot.errors import ParseError, TokenError

from ...errors import OperationalError
from .dialect import DIALECT
from .lexer import Token, blank_span, closing_paren, is_name, is_nm, syntax_error, tokenize, unquote


class KeyTerm(NamedTuple):
    """How one column stands in a table's PRIMARY KEY (...) or UNIQUE (...) list."""
    collation: str | None           # COLLATE name, as written (None: the column's own)
    desc: bool


def key_terms(sql: str, text: str, tokens: list[Token]) -> tuple[str, list[list[KeyTerm]]]:
    """The COLLATE and ASC/DESC of each column of every table-level PRIMARY KEY and UNIQUE,
    in order of appearance, blanked from the text: sqlglot reads neither there. The terms
    follow SQLite's grammar (``name [COLLATE c]... [ASC|DESC]``, the last COLLATE winning);
    an item of another shape is left for sqlglot and the binder (``expressions
    prohibited``)."""
    found = []
    moved = moved_offsets(tokens, text) if text != sql else None
    for i in range(2, len(tokens) - 1):
        if tokens[i + 1].text != "(" or not (
                tokens[i].upper == "UNIQUE" or (tokens[i].upper == "KEY"
                                                and tokens[i - 1].upper == "PRIMARY")):
            continue
        terms, item, depth = [], [], 0
        for tok in tokens[i + 2:closing_paren(tokens, i + 1) + 1]:
            if depth == 0 and tok.text in (",", ")"):
                if not item:
                    raise syntax_error(sql, tok)            # UNIQUE(), PRIMARY KEY(a,)
                term, spans = _key_term(sql, item, tok)
                terms.append(term)
                for start, end in spans:
                    if moved is not None:       # sqlglot_text made a name or a number longer
                        start, end = moved[start], moved[end]
                    text = blank_span(text, (start, end))
                item = []
            else:
                depth += (tok.text == "(") - (tok.text == ")")
                item.append(tok)
        found.append(terms)
    return text, found


def moved_offsets(tokens: list[Token], text: str) -> dict:
    """Offset in the statement -> offset in ``text``, sqlglot's text of it, of every
    token's start and end: sqlglot_text rewrote some tokens (a keyword that is a name to
    SQLite in backquotes, a hex number, a parameter: longer or shorter) and put AS before
    a string alias; the blanked ones stay where they were."""
    by_start = {t.start: t for t in tokenize(text)}
    moved, delta = {}, 0
    for tok in tokens:
        at = tok.start + delta
        if text.startswith("AS ", at) and tok.upper != "AS" and at + 3 in by_start:
            at, delta = at + 3, delta + 3
        new = by_start.get(at)
        width = tok.end - tok.start if new is None else new.end - new.start
        moved[tok.start], moved[tok.end] = at, at + width
        delta += width - (tok.end - tok.start)
    return moved


def _key_term(sql: str, item: list[Token], end: Token) -> tuple[KeyTerm, list]:
    """One item of a key list (``end`` is the comma or parenthesis after it): its KeyTerm,
    and the spans sqlglot must not see (the words after the column, parentheses around
    it)."""
    # a first word is the name, even ASC or DESC (SQLite's fallback to ID)
    first = 1 if is_nm(item[0]) else 0
    k = next((k for k, t in enumerate(item) if k >= first and t.upper in _KEY_TERM_WORDS),
             len(item))
    head, tail = item[:k], item[k:]
    opened = 0
    while len(head) > 2 and head[opened].text == "(" and head[-1 - opened].text == ")":
        opened += 1
    name = head[opened:len(head) - opened]
    if len(name) == 1 and name[0].kind == "word" and name[0].upper in _CTIME_WORDS:
        # in an expression the keyword, a call SQLite's index refuses
        raise OperationalError("non-deterministic functions prohibited in index expressions")
    if len(name) != 1 or not is_nm(name[0]):
        if opened or tail or _is_expression(sql, head):
            raise OperationalError("expressions prohibited in PRIMARY KEY and UNIQUE constraints")
        if is_name(head[0]):
            raise syntax_error(sql, head[1])        # UNIQUE(a b): a name ends the item
        return KeyTerm(None, False), []
    collation, desc, k = None, False, 0
    while k < len(tail) and tail[k].upper == "COLLATE":
        if k + 1 == len(tail):
            raise syntax_error(sql, end)            # COLLATE without a name
        collation, k = unquote(tail[k + 1].text), k + 2
    if k < len(tail) and tail[k].upper in ("ASC", "DESC"):
        desc, k = tail[k].upper == "DESC", k + 1
    if k < len(tail) and tail[k].upper == "AUTOINCREMENT":     # checked and blanked later
        k += 1
    if k < len(tail):
        raise syntax_error(sql, tail[k])
    spans = [(t.start, t.end) for t in head[:opened] + head[len(head) - opened:]]
    return KeyTerm(collation, desc), spans + ([(tail[0].start, tail[-1].end)] if tail else [])


_KEY_TERM_WORDS = frozenset(("COLLATE", "ASC", "DESC", "AUTOINCREMENT"))
_CTIME_WORDS = frozenset(("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"))


def _is_expression(sql: str, head: list[Token]) -> bool:
    """Whether the tokens read as an expression (which a key may not hold) rather than as a
    syntax error."""
    try:
        tree = sqlglot.parse_one(sql[head[0].start:head[-1].end], read=DIALECT)
    except (ParseError, TokenError):
        return False
    return tree is not None and not isinstance(tree, exp.Alias)     # "a b" is no expression
