"""Keywords as names, and join operators, against SQLite (apsw).

Every word of sqlglot's keyword table (and the join words, OVER, WINDOW, FILTER, TRUE,
FALSE) is written as a table alias, a qualifier, a result alias, a column of a subquery, a
column of CREATE TABLE and of CREATE INDEX, in WHERE and ORDER BY and in a join's USING
list (where sqlglot read ``current_time`` as the function); every statement
must be accepted exactly when SQLite accepts it, with SQLite's rows (``misread_names``
quotes the words sqlglot would read as keywords; ``grammar_places`` refuses the reserved
words SQLite refuses). Then every join operator of one to three join words: SQLite's
sqlite3JoinType takes them in any order and repeated, and refuses an ON or USING on a
NATURAL join.
"""

import itertools
import re

import pytest
from sqlglot.dialects.sqlite import SQLite

from oracle import pair, run

WORDS = sorted({k for k in SQLite.Tokenizer.KEYWORDS if re.fullmatch(r"[A-Z_]+", k)}
               | {"NATURAL", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "OUTER", "OVER",
                  "WINDOW", "FILTER", "TRUE", "FALSE"})
FORMS = [
    "SELECT * FROM t {k}", "SELECT {k}.a FROM t {k}", "SELECT 1 {k}",
    "SELECT {k} FROM (SELECT 1 AS {k})", "SELECT a {k} FROM t",
    "CREATE TABLE IF NOT EXISTS {k}_x({k})", "SELECT x.{k} FROM (SELECT 1 AS {k}) x",
    "SELECT {k} FROM t", "SELECT a FROM t WHERE {k} = 1",
    "SELECT * FROM t AS x JOIN t {k} ON x.a = {k}.a",
    "SELECT a, {k} FROM (SELECT 1 AS a, 2 AS {k})",
    "SELECT 1 FROM t ORDER BY {k}", "CREATE TABLE IF NOT EXISTS y_{k}(a, {k} INT, CHECK ({k} > 0))",
    "CREATE INDEX IF NOT EXISTS i_{k} ON {k}_x({k})",
    "SELECT * FROM (SELECT 1 AS {k}, 2 AS b) AS p "
    "JOIN (SELECT 2 AS b, 1 AS {k}) AS q USING (b, {k})",
]


def test_keywords_are_names_exactly_where_sqlite_reads_names():
    ours, theirs = pair(["CREATE TABLE t(a)"])
    wrong = []
    for word in WORDS:
        for form in FORMS:
            sql = form.format(k=word.lower())
            expected, got = _clock_free(word, run(theirs, sql)), _clock_free(word, run(ours, sql))
            if expected[0] != got[0] or expected[0] == "ok" and expected != got:
                wrong.append((sql, expected, got))
    assert not wrong, f"{len(wrong)} differ, first: {wrong[:5]}"


def _clock_free(word: str, outcome):
    """An outcome with the clock's text masked where the word is CURRENT_TIME, _DATE or
    _TIMESTAMP: each engine reads the clock when its statement runs, and the two runs may
    fall on either side of a second (only the shape of a time value is compared)."""
    if not word.startswith("CURRENT_") or outcome[0] != "ok":
        return outcome
    mask = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d")
    return outcome[0], mask.sub("<clock>", repr(outcome[1:]))


@pytest.mark.parametrize("sql, expected", [
    ("SELECT over FROM t", "no such column: over"),          # no string: backquoted
    ("SELECT window FROM t", "no such column: window"),
    ("SELECT xor FROM t", "no such column: xor"),
    ("SELECT a delete FROM t", 'near "delete": syntax error'),
    ("SELECT x.values FROM t AS x", 'near "values": syntax error'),
    ("SELECT a FROM t WHERE isnull = 1", 'near "isnull": syntax error'),
    ("SELECT * FROM t x JOIN t y is ON 1", 'near "is": syntax error'),
    ("SELECT * FROM t AND", 'near "AND": syntax error'),
    ("SELECT a FROM t WHERE a NOT ILIKE 'x'", 'near "ILIKE": syntax error'),
])
def test_names_sqlite_refuses_or_cannot_find(sql, expected):
    ours, theirs = pair(["CREATE TABLE t(a)"])
    assert run(theirs, sql) == ("error", "OperationalError", expected)
    assert run(ours, sql) == run(theirs, sql)


JOIN_WORDS = ["NATURAL", "LEFT", "RIGHT", "FULL", "OUTER", "INNER", "CROSS"]


def test_join_operators_of_one_to_three_words():
    ours, theirs = pair(["CREATE TABLE t(a, b)", "CREATE TABLE u(a, c)",
                         "INSERT INTO t VALUES (1, 2), (5, 6)",
                         "INSERT INTO u VALUES (1, 3), (7, 8)"])
    wrong = []
    for count in (1, 2, 3):
        for words in itertools.product(JOIN_WORDS, repeat=count):
            for tail in ("", " ON t.a = u.a", " USING (a)"):
                sql = f"SELECT * FROM t {' '.join(words)} JOIN u{tail} ORDER BY 1, 2, 3"
                expected, got = run(theirs, sql), run(ours, sql)
                if expected != got:
                    wrong.append((sql, expected, got))
    assert not wrong, f"{len(wrong)} differ, first: {wrong[:5]}"


@pytest.mark.parametrize("sql", [
    "SELECT * FROM t NATURAL JOIN u ON 1",
    "SELECT nosuch FROM t NATURAL JOIN u USING (a)",
    "SELECT * FROM t NATURAL JOIN u ON 1 JOIN u AS v USING (zz)",
    "SELECT (SELECT 1 FROM t NATURAL LEFT JOIN u ON 1)",
    "SELECT * FROM v",          # the view is made (as SQLite makes it) and fails when read
])
def test_a_natural_join_takes_no_on_or_using(sql):
    ours, theirs = pair(["CREATE TABLE t(a, b)", "CREATE TABLE u(a, c)",
                         "CREATE VIEW v AS SELECT * FROM t NATURAL JOIN u ON 1"])
    message = "a NATURAL join may not have an ON or USING clause"
    assert run(theirs, sql) == ("error", "OperationalError", message)
    assert run(ours, sql) == run(theirs, sql)
