"""Names sqlglot would read as keywords: the words quoted for it where SQLite reads a name.

SQLite's parser takes a keyword for a name wherever the keyword itself has no place (its
parse.y ``%fallback ID`` list: ``FROM t like``, ``SELECT with FROM ...``, ``CREATE TABLE
x(for)``), and words that are no keyword of SQLite at all (``xor``, ``lock``, ``qualify``)
are always names to it. sqlglot reads some of these words as its own keywords and then
fails (``near "like": syntax error``) or, worse, reads another statement. ``misread`` finds
the tokens that are names to SQLite and keywords to sqlglot; ``lexer.sqlglot_text`` writes
them in backquotes, which SQLite, unlike double quotes, never reads as a string (so a
quoted name that names no column stays 'no such column').

Two lists, found by running every word of sqlglot's keyword table as a table alias, a
qualifier, a bare result alias, a column of a subquery and of CREATE TABLE through SQLite
(apsw) and RowanDB (``tests/test_misread_names.py`` repeats that survey):

- ``ALWAYS``: no keyword to SQLite; a name wherever it stands (before ``(``, for either
  list, it names a function, and sqlglot reads calls as written);
- ``FALLBACK``: SQLite keywords that fall back to names, and TRUE and FALSE (names to
  SQLite that stand for 1 and 0 when no column has them): a name where the keyword has no
  place -- before a dot, at the start of an operand (for the words no operand starts
  with), right after a FROM item (its alias), after a result column's expression (its
  alias, for the words no expression continues with), after COLLATE, as a column of
  CREATE TABLE, and in a join's USING list.
"""

from __future__ import annotations

from .grammar_places import clause_of, ends_expression, text_at

ALWAYS = frozenset((
    "ANTI", "ANY", "ASOF", "CURRENT_USER", "FETCH", "GRANT", "ILIKE", "LATERAL", "LOCK",
    "OVERLAPS", "PARTITIONED_BY", "QUALIFY", "REVOKE", "RLIKE", "SEMI", "STRAIGHT_JOIN",
    "TABLESAMPLE", "UNCACHE", "XOR"))
# Operators: they continue an expression, so after one they are no alias.
_OPERATORS = frozenset(("LIKE", "GLOB", "MATCH", "REGEXP"))
# Values: they start an operand, so at the start of one they are no name.
_VALUES = frozenset(("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "TRUE", "FALSE"))
FALLBACK = _OPERATORS | _VALUES | frozenset(("FOR", "ROLLBACK", "WITH", "CROSS", "INNER",
                                             "OUTER"))
# Names to SQLite that sqlglot reads as a window frame's EXCLUDE: quoted only in a CREATE
# statement, right after a parenthesis or a comma (a column, a key list's term).
LISTED = frozenset(("EXCLUDE",))
WORDS = ALWAYS | FALLBACK | LISTED
# The words after which an operand starts (besides an operator, a comma, a parenthesis).
_OPERAND_HEADS = frozenset(("SELECT", "DISTINCT", "ALL", "WHERE", "ON", "BY", "HAVING", "WHEN",
                            "THEN", "ELSE", "AND", "OR", "NOT", "SET", "RETURNING", "CASE",
                            "BETWEEN", "IS", "IN", "LIMIT", "OFFSET", "ESCAPE", "COLLATE"))


def misread(t, head: str) -> frozenset:
    """The start offsets of the tokens of ``t`` (grammar._Tokens) to quote for sqlglot."""
    words = t.words
    tables = t.tables
    if WORDS.isdisjoint(words):
        return frozenset(t.tokens[i].start for i in tables)
    columns = _column_list(t) if head == "CREATE" else ()
    found = [t.tokens[i].start for i in tables]
    for i, word in enumerate(words):
        if word not in WORDS or text_at(t, i + 1) == "(":
            continue                        # not one of them, or a function's name
        if word in LISTED:
            if head == "CREATE" and text_at(t, i - 1) in ("(", ","):
                found.append(t.tokens[i].start)
        elif word in ALWAYS or i and (i in columns or _name_here(t, i, word) or
                                      _in_using(t, i)):
            found.append(t.tokens[i].start)
    return frozenset(found)


def _name_here(t, i: int, word: str) -> bool:
    """Whether SQLite reads the fallback keyword ``word`` at ``i`` as a name."""
    if text_at(t, i + 1) == ".":
        return word not in _VALUES or word in ("TRUE", "FALSE")
    if t.words[i - 1] == "COLLATE":
        return True                         # x COLLATE current_date: a collation's name
    if word not in _VALUES and _operand_start(t, i):
        return not _keyword_at_operand(t, i, word)
    return _alias_place(t, i) and word not in ("CROSS", "INNER", "OUTER") and (
        word not in _OPERATORS or clause_of(t, i) in ("FROM", "JOIN"))


def _in_using(t, i: int) -> bool:
    """Whether ``i`` is in a join's USING list of names (``USING (current_time)``)."""
    while text_at(t, i - 1) == "," and t.tokens[i - 2].kind in ("word", "quoted"):
        i -= 2
    return text_at(t, i - 1) == "(" and t.words[i - 2] == "USING"


def _keyword_at_operand(t, i: int, word: str) -> bool:
    """Where an operand could start, the few places the word is SQLite's keyword: a
    common table after a parenthesis (``(WITH c AS ...``), RAISE's and a conflict
    clause's ROLLBACK, NOT's LIKE."""
    if word == "WITH":          # a common table: WITH [RECURSIVE] name [(...)] AS
        return text_at(t, i - 1) == "(" and t.tokens[i + 1:i + 2] != [] \
            and t.tokens[i + 1].kind in ("word", "quoted") \
            and (t.word(i + 1) == "RECURSIVE" or t.word(i + 2) == "AS" or text_at(t, i + 2) == "(")
    if word == "ROLLBACK":
        return t.words[i - 1] == "OR" or text_at(t, i - 1) == "(" and t.word(i - 2) == "RAISE"
    return word in _OPERATORS and t.words[i - 1] == "NOT"


def _operand_start(t, i: int) -> bool:
    """Whether an operand may start at ``i``: after any operator, comma or parenthesis but
    a closing one or a dot, or a word an operand follows. Wider than grammar_places'
    ``_operand_starts``, which refuses words there and so keeps to the places no keyword
    of a clause may stand; here a wider net only quotes a name sqlglot would misread."""
    before = t.tokens[i - 1]
    if before.kind == "op":
        return before.text != ")" and before.text != "."
    return t.words[i - 1] in _OPERAND_HEADS


def _alias_place(t, i: int) -> bool:
    """Right after a FROM item or a result column's expression."""
    return ends_expression(t, i - 1) and clause_of(t, i) in ("FROM", "JOIN", "SELECT",
                                                             "RETURNING")


def _column_list(t) -> set:
    """The indexes of the first tokens of CREATE TABLE's column definitions."""
    i = 1
    while i < len(t.tokens) and t.words[i] != "TABLE":
        i += 1
    while i < len(t.tokens) and t.tokens[i].text != "(":
        if t.words[i] == "AS":
            return set()                        # CREATE TABLE ... AS SELECT
        i += 1
    if i >= len(t.tokens):
        return set()
    close = t.closing(i)
    return {i + 1} | {j + 1 for j in t.top_level(i + 1) if j < close and t.tokens[j].text == ","}
