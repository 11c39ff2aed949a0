"""The parse-time checks a statement skips (branch corpussql) answer as the full checks do.

``limits.check_tree`` and ``limits.check_tokens`` skip a statement too short to reach any
limit in force, ``parser`` skips ``folds.fold`` when ``folds.may_fold`` finds none of the
words a fold needs, and ``result_texts.texts_for`` takes the texts of a statement's own
SELECT as the first keyword's without walking the tree. Each skip is compared here with the full work it replaces, on statements
built to sit near the limits (with the limits lowered, too) and near each fold.
"""

from __future__ import annotations

import pytest
from sqlglot import expressions as exp

from rowandb.errors import DatabaseError, OperationalError
from rowandb.planner.types import limit_values
from rowandb.sql import folds, limits
from rowandb.sql.lexer import tokenize
from rowandb.sql.names import in_text_order, values_arm
from rowandb.sql.parser import parse

DEEP = [
    "SELECT 1" + " NOTNULL" * 40, "SELECT " + "(SELECT " * 30 + "1" + ")" * 30,
    "SELECT " + "NOT " * 60 + "1", "SELECT " + "- " * 60 + "1", "SELECT " + "+" * 40 + "a FROM t",
    "SELECT " + "CASE WHEN 1 THEN " * 20 + "1" + " END" * 20,
    "SELECT " + "CAST(" * 20 + "1" + " AS INT)" * 20, "SELECT " + "abs(" * 30 + "1" + ")" * 30,
    "SELECT 1 WHERE " + "1 IN (" * 20 + "1" + ")" * 20,
    "SELECT " + "EXISTS (SELECT " * 15 + "1" + ")" * 15,
    "SELECT " + "1 IN (SELECT " * 15 + "1" + ")" * 15, "SELECT " + ", ".join(["1"] * 40),
    "SELECT max(" + ", ".join(["1"] * 40) + ")", "SELECT 1" + " UNION SELECT 1" * 20,
    "SELECT " + " + ".join(["-0x7FFFFFFFFFFFFFFF"] * 30), "SELECT 1 ORDER BY " + ", ".join(["1"] * 30),
]
LOWERED = [(limit_values.EXPR_DEPTH, v) for v in (1, 5, 20, 60, 200)] + \
    [(limit_values.COLUMN, v) for v in (1, 10, 35)] + \
    [(limit_values.FUNCTION_ARG, v) for v in (1, 10, 35)] + \
    [(limit_values.COMPOUND_SELECT, v) for v in (2, 10)] + [(None, None)]


def _outcome(check, *args):
    try:
        check(*args)
    except OperationalError as error:
        return str(error)
    return None


@pytest.mark.parametrize("category, value", LOWERED)
@pytest.mark.parametrize("statement", DEEP)
def test_limit_checks_skip_only_what_passes(statement, category, value):
    tree = parse(statement).tree
    tokens = tokenize(statement)
    settings = limit_values.Limits()
    if category is not None:
        settings.set(category, value)
    with settings.in_force():
        assert _outcome(limits.check_tree, tree, tokens) == _outcome(limits.check_tree, tree)
        full = [_outcome(f, tokens) for f in (limits._parser_stack, limits._compound_terms,
                                              limits._operator_chains)]
        assert _outcome(limits.check_tokens, tokens) == next((m for m in full if m), None)


FOLDS = ["SELECT 1 IS NULL", "SELECT 'a' ISNULL", "SELECT 1 NOTNULL", "SELECT x IN () FROM t",
         "SELECT a AND 0 FROM t", "SELECT a AND 00 FROM t", "SELECT a AND 0x0 FROM t",
         "SELECT a AND 0.0 FROM t", "SELECT NOT 1 IS NULL", "SELECT a REGEXP b FROM t",
         "SELECT a AND (0) FROM t", "SELECT a AND 1 FROM t", "SELECT a + 0 FROM t",
         "SELECT a FROM t WHERE b IN (/* c */)", "SELECT 1 IS NOT DISTINCT FROM NULL"]


@pytest.mark.parametrize("statement", FOLDS)
def test_fold_skipped_only_where_it_changes_nothing(statement):
    tree = parse(statement).tree
    if not folds.may_fold(tokenize(statement)):
        before = repr(tree)
        assert repr(folds.fold(tree, statement)) == before


SELECTS = ["SELECT a FROM t", "SELECT a FROM t UNION SELECT b FROM u", "VALUES (1) UNION SELECT 2",
           "SELECT 1 UNION VALUES (2)", "INSERT INTO t SELECT a FROM u", "SELECT (SELECT 1)",
           "UPDATE t SET a = 1", "SELECT * FROM (VALUES (1), (2))", "DELETE FROM t WHERE a IN (SELECT 1)",
           "SELECT 1 UNION VALUES (2) UNION SELECT 3"]


@pytest.mark.parametrize("statement", SELECTS)
def test_the_statements_own_select_is_the_first_keyword(statement):
    parsed = parse(statement)
    walked = [n for n in in_text_order(parsed.tree)
              if isinstance(n, exp.Select) and not values_arm(n)]
    if type(parsed.tree) is exp.Select:
        assert walked[0] is parsed.tree and parsed.select_texts


def test_statements_parse():
    for statement in DEEP + FOLDS + SELECTS:
        try:
            parse(statement)
        except DatabaseError:
            pass
