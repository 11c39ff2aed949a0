"""The full path's parse passes made cheaper (branch parsecost) answer as before.

- ``folds.may_fold`` says yes to a null test only where its operand may be a literal
  (``_tests_literal``): every statement here whose tree a forced fold changes must get a
  yes, and the corpus's ``col IS NULL`` a no (the skip is taken);
- ``as_written.restore`` leaves alone the offsets before the first edit and asks each node
  only what its class needs: every name's offsets still point at its text as written,
  before, between and after edits of every kind;
- ``grammar._check_empty_clauses`` visits only its watched words and the commas: its
  errors are SQLite's (apsw);
- ``limits.height_bound`` reads the tokens' capitals the caller has: the same bounds as
  from the tokens alone.
"""

from __future__ import annotations

import apsw
import pytest
from sqlglot import expressions as exp

from rowandb.errors import DatabaseError
from rowandb.sql.parse import folds, limits, parser
from rowandb.sql.parse.lexer import tokenize, uppers
from rowandb.sql.statement_text import parse_one

# Null tests of literals (each folds in SQLite's parser), written every way the operand
# can end: parentheses, signs, strings, blobs, hexadecimal and real numbers, the postfix
# forms and IS [NOT] DISTINCT FROM.
FOLDING = [
    "SELECT (1) IS NULL", "SELECT -1 ISNULL", "SELECT (-(1)) NOT NULL", "SELECT x'00' IS NOT NULL",
    "SELECT 'a' IS NOT DISTINCT FROM NULL", "SELECT a FROM t WHERE NOT (1) IS NULL",
    "SELECT +1 IS NULL", "SELECT 0x10 NOTNULL", "SELECT 1e3 IS DISTINCT FROM NULL",
    "SELECT a FROM t WHERE b OR (('x')) IS NULL", "SELECT 1 IS NOT NULL",
    "SELECT a FROM t WHERE a IS NULL OR 2.5 ISNULL", "SELECT ((((7)))) IS NULL FROM t",
    "SELECT DISTINCT '' IS (NULL) AS c, 0.0 AS c", "SELECT 1 IS NOT ((NULL))",
]
# Null tests no fold changes: the first three must not walk the tree for the fold.
NOT_FOLDING = ["SELECT a IS NULL FROM t", "SELECT a FROM t WHERE (b IS NOT NULL) AND c ISNULL",
               "SELECT a FROM t WHERE t.b NOTNULL OR abs(c) IS NULL",
               "SELECT a FROM t WHERE a + 1 IS NULL", "SELECT ifnull(a, 'NULL') FROM t"]


def _tree_with(monkeypatch, statement: str, fold: bool) -> str:
    monkeypatch.setattr(parser, "may_fold", lambda tokens: fold)
    return repr(parser.parse(statement).tree)


@pytest.mark.parametrize("statement", FOLDING + NOT_FOLDING)
def test_may_fold_says_yes_where_a_fold_changes_the_tree(monkeypatch, statement):
    folded, unfolded = (_tree_with(monkeypatch, statement, f) for f in (True, False))
    monkeypatch.undo()
    assert (folded != unfolded) == (statement in FOLDING)
    if folded != unfolded:
        assert folds.may_fold(tokenize(statement))


@pytest.mark.parametrize("statement", NOT_FOLDING[:3])
def test_a_column_null_test_is_no_reason_to_fold(statement):
    assert not folds.may_fold(tokenize(statement))


# Statements with edits of every kind as_written makes (known calls renamed, a CAST's
# type, a unary plus, an arrow, ANY as a call) among plain names before and after them.
EDITED = [
    "SELECT aa, bb FROM t WHERE abs(cc) > dd",
    "SELECT aa FROM t WHERE CAST(bb AS my own type) = +cc AND dd -> 'x' = ee ORDER BY ff",
    "SELECT aa, coalesce(bb, cc), dd FROM t AS x WHERE x.ee IN (SELECT ff FROM u) AND any(gg)",
    "SELECT aa FROM t WHERE bb ->> '$.c' || dd = ee AND lower(ff) = upper(gg) GROUP BY hh",
]


@pytest.mark.parametrize("statement", EDITED)
def test_restored_offsets_point_at_the_names_as_written(statement):
    tree = parser.parse(statement).tree
    names = [n for n in tree.walk() if isinstance(n, exp.Identifier) and n.meta.get("start")
             is not None]
    assert len(names) >= 4
    for node in names:
        assert statement[node.meta["start"]:node.meta["end"] + 1] == node.name, node.name


EMPTY_CLAUSES = [
    "SELECT a FROM t WHERE", "SELECT a FROM t GROUP BY", "SELECT a, FROM t",
    "SELECT a FROM t JOIN u USING", "SELECT a FROM t WHERE ORDER BY a",
    "SELECT a FROM t JOIN u ON WHERE a = 1", "SELECT a FROM t GROUP BY a HAVING )",
    "SELECT a FROM t WHERE a IN (1, 2) AND b = (SELECT c FROM u WHERE) ",
    "SELECT a FROM t WHERE a = 1 ORDER BY , a", "SELECT f(a,) FROM t",
    "SELECT a FROM t JOIN u USING a", "SELECT a FROM t WHERE b = 1 GROUP BY a, ORDER BY a",
]


@pytest.mark.parametrize("statement", EMPTY_CLAUSES)
def test_empty_clauses_fail_as_in_sqlite(statement):
    expected = apsw.Connection(":memory:")
    expected.execute("CREATE TABLE t(a, b); CREATE TABLE u(a, c)")
    with pytest.raises(apsw.Error) as sqlite:
        expected.execute(statement)
    with pytest.raises(DatabaseError) as ours:
        parse_one(statement, statement)
    assert str(ours.value).split(" (line ")[0] == str(sqlite.value)   # ours adds the place


@pytest.mark.parametrize("statement", EDITED + FOLDING + [
    "SELECT a FROM t WHERE " + " OR ".join(f"(c{i} > {i} AND c{i} IN (SELECT x FROM u))"
                                           for i in range(30))])
def test_height_bound_from_the_callers_capitals(statement):
    tokens = tokenize(statement)
    assert limits.height_bound(tokens, uppers(tokens)) == limits.height_bound(tokens)


# ``analysis.reads_table`` (its fields looked up by class): an INSERT whose source reads
# the table written fills a temporary table first, so a later row does not see an
# earlier one (SQLite's useTempTable); one whose source does not, inserts row by row.
READS = [
    "INSERT INTO t VALUES (1, 1), ((SELECT count(*) FROM t), 2)",
    "INSERT INTO t SELECT count(*), 3 FROM t UNION ALL SELECT count(*), 4 FROM t",
    "INSERT INTO t VALUES (5, (SELECT max(a) FROM (SELECT a FROM t))), ((SELECT count(*) FROM t), 6)",
    "INSERT INTO t SELECT * FROM (VALUES (7, 7), ((SELECT count(*) FROM t), 8))",
    "INSERT INTO t VALUES (9, 9)",
]


def test_an_insert_reading_its_table_as_in_sqlite():
    from rowandb.sql.session import open_session
    expected, ours = apsw.Connection(":memory:"), open_session(":memory:")
    for db in (expected, ours):
        db.execute("CREATE TABLE t(a, b)")
        for statement in READS:
            db.execute(statement)
    rows = list(expected.execute("SELECT * FROM t ORDER BY rowid"))
    assert [tuple(r) for r in ours.execute("SELECT * FROM t ORDER BY rowid").rows] == rows
