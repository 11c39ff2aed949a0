"""RowanDB's tokens as the recognizer's terminals: SQLite's token classes.

SQLite's tokenizer (tokenize.c, keywordhash) gives the parser a token class, not a word:
``LIKE``/``GLOB``/``REGEXP`` are one class, the join words another, the three
``CURRENT_*`` words a third, a quoted identifier is an ``ID`` like a bare one. Three words
are keywords only where their context says so (``WINDOW`` before ``name AS``, ``OVER``
after ``)`` before ``(`` or a name, ``FILTER`` after ``)`` before ``(``); elsewhere they are
names. This module maps ``lexer.Token``s onto those classes (the terminals of
``sqlite.lark``) and holds what SQLite's grammar declares about them: which keywords fall
back to a name, and the operators' precedences.
"""

from __future__ import annotations

import re

from ..lexer import SQLITE_KEYWORDS, Token, is_register

# Keywords whose token class is not their own name.
_CLASSES = {
    "AUTOINCREMENT": "AUTOINCR", "COLUMN": "COLUMNKW", "TEMPORARY": "TEMP",
    "LIKE": "LIKE_KW", "GLOB": "LIKE_KW", "REGEXP": "LIKE_KW",
    "CURRENT_DATE": "CTIME_KW", "CURRENT_TIME": "CTIME_KW", "CURRENT_TIMESTAMP": "CTIME_KW",
    "CROSS": "JOIN_KW", "FULL": "JOIN_KW", "INNER": "JOIN_KW", "LEFT": "JOIN_KW",
    "NATURAL": "JOIN_KW", "OUTER": "JOIN_KW", "RIGHT": "JOIN_KW",
}
KEYWORD_CLASS = {word: _CLASSES.get(word, word) for word in SQLITE_KEYWORDS}

# Token classes that become a name (ID) where the parser cannot take them as themselves.
FALLBACK = frozenset("""
    ABORT ACTION AFTER ANALYZE ASC ATTACH BEFORE BEGIN BY CASCADE CAST COLUMNKW CONFLICT
    DATABASE DEFERRED DESC DETACH DO EACH END EXCLUSIVE EXPLAIN FAIL FOR IGNORE IMMEDIATE
    INITIALLY INSTEAD LIKE_KW MATCH NO PLAN QUERY KEY OF OFFSET PRAGMA RAISE RECURSIVE
    RELEASE REPLACE RESTRICT ROW ROWS ROLLBACK SAVEPOINT TEMP TRIGGER VACUUM VIEW VIRTUAL
    WITH WITHOUT NULLS FIRST LAST CURRENT FOLLOWING PARTITION PRECEDING RANGE UNBOUNDED
    EXCLUDE GROUPS OTHERS TIES GENERATED ALWAYS MATERIALIZED REINDEX RENAME CTIME_KW IF
""".split())

# Operator precedence, lowest first, with associativity (SQLite's lang_expr.html).
_LEVELS = (
    ("left", "OR"), ("left", "AND"), ("right", "NOT"),
    ("left", "IS MATCH LIKE_KW BETWEEN IN ISNULL NOTNULL NE EQ"), ("left", "GT LE LT GE"),
    ("right", "ESCAPE"), ("left", "BITAND BITOR LSHIFT RSHIFT"), ("left", "PLUS MINUS"),
    ("left", "STAR SLASH REM"), ("left", "CONCAT PTR"), ("left", "COLLATE"),
    ("right", "BITNOT"), ("nonassoc", "ON"),
)
PRECEDENCE = {name: (level, assoc) for level, (assoc, names) in enumerate(_LEVELS, 1)
              for name in names.split()}

_OPERATORS = {
    "(": "LP", ")": "RP", ",": "COMMA", ".": "DOT", "*": "STAR", "+": "PLUS", "-": "MINUS",
    "/": "SLASH", "%": "REM", "||": "CONCAT", "->": "PTR", "->>": "PTR", "&": "BITAND",
    "|": "BITOR", "<<": "LSHIFT", ">>": "RSHIFT", "~": "BITNOT", "=": "EQ", "==": "EQ",
    "!=": "NE", "<>": "NE", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE",
}
_KINDS = {"quoted": "ID", "string": "STRING", "blob": "BLOB", "param": "VARIABLE",
          "semi": "SEMI"}
_FLOAT = re.compile(r"[.eE]")


def terminals(tokens: list[Token]) -> list[str]:
    """The token class of each of ``tokens``, in SQLite's order of deciding them (a
    contextual keyword looks at the class the token before it was given)."""
    found: list[str] = []
    for i, tok in enumerate(tokens):
        found.append(_terminal(tokens, i, found[-1] if found else ""))
    return found


def _terminal(tokens: list[Token], i: int, before: str) -> str:
    tok = tokens[i]
    if tok.kind == "word":
        word = KEYWORD_CLASS.get(tok.upper, "ID")
        if word in ("WINDOW", "OVER", "FILTER"):
            return _contextual(word, tokens, i, before)
        return word
    if tok.kind == "op":
        return _OPERATORS.get(tok.text, "ILLEGAL")
    if tok.kind == "number":
        if "_" in tok.text:
            return "QNUMBER"
        return "FLOAT" if not tok.text[:2].lower() == "0x" and _FLOAT.search(tok.text) \
            else "INTEGER"
    if tok.kind == "param" and is_register(tok.text):
        # ``#N``: SQLite's VARIABLE, whose rule refuses it; a class of no rule stops the
        # feed at it all the same
        return "REGISTER"
    return _KINDS.get(tok.kind, "ILLEGAL")


def _contextual(word: str, tokens: list[Token], i: int, before: str) -> str:
    """``WINDOW``, ``OVER`` or ``FILTER`` as a keyword, or as a name (tokenize.c)."""
    after = [_lookahead_class(t) for t in tokens[i + 1:i + 3]]
    if word == "WINDOW":
        return word if after[:1] == ["ID"] and after[1:2] == ["AS"] else "ID"
    if before != "RP":
        return "ID"
    if word == "OVER":
        return word if after[:1] in (["LP"], ["ID"]) else "ID"
    return word if after[:1] == ["LP"] else "ID"


def _lookahead_class(tok: Token) -> str:
    """The class SQLite's look-ahead for a contextual keyword sees: anything that can
    be a name is ID."""
    if tok.kind in ("quoted", "string"):
        return "ID"
    if tok.kind == "word":
        word = KEYWORD_CLASS.get(tok.upper, "ID")
        if word in ("JOIN_KW", "WINDOW", "OVER") or word in FALLBACK:
            return "ID"
        return word
    return _OPERATORS.get(tok.text, tok.kind)
