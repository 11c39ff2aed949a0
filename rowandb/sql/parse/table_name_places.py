"""Keywords SQLite takes as a table's name where sqlglot reads its own keyword.

SQLite's grammar names a table with ``nm`` (an identifier, a string or a join keyword, and
any keyword of its fallback list), so ``CREATE TABLE like(a)``, ``SELECT * FROM cross``,
``INSERT INTO for VALUES (1)`` and ``CREATE TRIGGER tr AFTER INSERT ON full ...`` name
tables there. sqlglot reads these words as its own keywords (a LIKE, a CROSS JOIN, a
FOR UPDATE, a FULL JOIN, a CURRENT_DATE, a FILTER clause...) and fails, so ``places``
finds them where a table's name stands and ``misread_names.misread`` has them quoted in
backquotes for sqlglot.

``WORDS`` were found by creating a table named by every keyword of apsw's ``keywords`` and
running it through CREATE TABLE, CREATE INDEX / TRIGGER ... ON, CREATE VIEW, INSERT, UPDATE,
DELETE, SELECT ... FROM, ALTER TABLE and DROP on SQLite and RowanDB
(``tests/test_keyword_table_names.py`` repeats that survey). A table's name stands

- after TABLE, VIEW, INTO, REFERENCES and RENAME TO, and after their ``IF [NOT] EXISTS``;
- after REINDEX and ANALYZE (their grammars are their own: this keeps ``REINDEX WITH``
  from being a statement cut short);
- after IN, unless a parenthesis follows (``x IN like`` reads the table's rows);
- after FROM (not IS DISTINCT FROM's), JOIN and a comma of a FROM clause, unless a
  parenthesis follows (``FROM cast(1)`` calls a table-valued function: no such table);
- after UPDATE [OR resolution] (a trigger's ``UPDATE [OF ...] ON`` and an upsert's ``DO
  UPDATE SET`` have no name there);
- after the first ON of CREATE INDEX and CREATE TRIGGER;
- after ``schema .`` in any of these places.

``calls_table_function`` finds the other use of such a word there: before a parenthesis
after FROM, JOIN, a FROM clause's comma or IN, it names a table-valued function.
"""

from __future__ import annotations

from .grammar_places import clause_of, text_at

WORDS = frozenset(("CROSS", "INNER", "OUTER", "FULL", "LEFT", "RIGHT", "NATURAL", "FOR", "LIKE",
                   "GLOB", "REGEXP", "ROLLBACK", "WITH", "RAISE", "FILTER", "CURRENT_DATE",
                   "CURRENT_TIME", "CURRENT_TIMESTAMP", "DO", "CAST"))
_BEFORE_NAME = frozenset(("TABLE", "INTO", "REFERENCES"))     # reserved words
_RESOLUTIONS = frozenset(("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"))


def places(t, head: str) -> list:
    """The indexes of the tokens of ``t`` that are one of ``WORDS`` naming a table."""
    if WORDS.isdisjoint(t.words):
        return frozenset()
    return frozenset(i for i, word in enumerate(t.words)
                     if i and word in WORDS and _names_a_table(t, head, i))


def names_a_table(tokens: list, i: int) -> bool:
    """Whether the word at ``i`` of a statement's ``tokens`` stands where a table's name
    does (``CREATE TABLE raise(a)``: no RAISE call to code)."""
    return _names_a_table(_Words(tokens), tokens[0].upper, i)


def calls_table_function(tokens: list, i: int) -> bool:
    """Whether the word at ``i``, before a parenthesis, names a table-valued function:
    after FROM (not IS DISTINCT FROM's), JOIN, a comma of a FROM clause or IN, maybe after
    ``schema .`` -- where SQLite reads any ``nm`` as the name (``FROM main.raise(1)``,
    ``x IN current_date()``: no such table), not its keyword."""
    t = _Words(tokens)
    if text_at(t, i + 1) != "(":
        return False
    j = _unqualified(t, i)
    before = t.word(j - 1) if j else ""
    if before == "FROM" and t.word(j - 2) == "DISTINCT":
        return False
    return before in ("FROM", "JOIN", "IN") or \
        j > 0 and text_at(t, j - 1) == "," and clause_of(t, j) in ("FROM", "JOIN")


class _Words:
    """The tokens with the views of them ``places`` reads (grammar's ``_Tokens`` has them
    too), for a caller that has only the tokens."""

    def __init__(self, tokens: list):
        self.tokens = tokens
        self.words = [t.upper if t.kind == "word" else "" for t in tokens]

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""


def _unqualified(t, i: int) -> int:
    """The index of the schema's name when ``i`` follows ``schema .``, else ``i``."""
    if text_at(t, i - 1) == "." and i >= 2 and t.tokens[i - 2].kind in ("word", "quoted", "string"):
        return i - 2
    return i


def _names_a_table(t, head: str, at: int) -> bool:
    """Whether the word at ``at`` (maybe after ``schema .``) names a table."""
    i = _unqualified(t, at)
    before = t.word(i - 1) if i else ""
    if before == "EXISTS":                      # IF [NOT] EXISTS
        k = i - 2 if t.word(i - 2) == "NOT" else i - 1
        return t.word(k - 1) == "IF" and t.word(k - 2) in ("TABLE", "VIEW")
    if before == "VIEW":                        # the keyword, not a table named view
        return t.word(i - 2) in ("CREATE", "TEMP", "TEMPORARY", "DROP")
    if before == "FROM" and t.word(i - 2) == "DISTINCT":
        return False                            # x IS DISTINCT FROM filter(1): an operand
    if before in ("FROM", "JOIN") or text_at(t, i - 1) == "," and clause_of(t, i) in ("FROM",
                                                                                     "JOIN"):
        return text_at(t, at + 1) != "("        # FROM cast(1): a table-valued function's
    if before in _BEFORE_NAME or before in ("REINDEX", "ANALYZE") and i == 1:
        return True
    if before == "IN":                          # x IN like: the table's rows
        return text_at(t, at + 1) != "("
    if before == "TO":
        return t.word(i - 2) == "RENAME"
    if before == "UPDATE":                      # (a trigger's UPDATE [OF] ON: no name follows)
        return True
    if before in _RESOLUTIONS:                  # UPDATE OR IGNORE name
        return t.word(i - 2) == "OR" and t.word(i - 3) == "UPDATE"
    if before == "ON":
        return head == "CREATE" and _first_on(t) == i - 1
    return False


def _first_on(t) -> int:
    """The index of the first ON of a CREATE INDEX or CREATE TRIGGER (-1 for another)."""
    what = t.words[2] if t.words[1] in ("TEMP", "TEMPORARY", "UNIQUE") else t.words[1]
    if what not in ("INDEX", "TRIGGER"):
        return -1
    return t.words.index("ON") if "ON" in t.words else -1
