"""The parse-time checks a statement skips (branch corpussql) answer as the full checks do.

``limits.check_tree`` and ``limits.check_tokens`` skip a statement too short to reach any
limit in force, ``parser`` skips ``folds.fold`` when ``folds.may_fold`` finds none of the
words a fold needs, and ``result_texts.texts_for`` takes the texts of a statement's own
SELECT as the first keyword's without walking the tree. Each skip is compared here with the full work it replaces, on statements
built to sit near the limits (with the limits lowered, too) and near each fold.
"""

from __future__ import annotations

import functools

import pytest
from sqlglot import expressions as exp

from rowandb.errors import DatabaseError, OperationalError
from rowandb.planner.types import limit_values
from rowandb.sql.parse import folds, limits
from rowandb.sql.parse.lexer import split_statements, tokenize
from rowandb.sql.bind.names import in_text_order, selects_in_text_order, values_arm
from rowandb.sql.parse.parser import parse

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
# Long but shallow: many short parenthesised terms, the shape of the corpus's WHERE
# clauses, which ``limits.height_bound`` lets skip the walk; and the constructs that make
# more than one node of a token or of a parenthesis.
SHALLOW = [
    "SELECT pk FROM t WHERE " + " OR ".join(
        f"(c{i} > {i} AND c{i} < {i * 2} OR c{i} BETWEEN {i} AND {i + 5})" for i in range(25)),
    "SELECT pk FROM t WHERE " + " AND ".join(f"(c{i} IN ({i}, {i + 1}) OR c{i} IS NULL)"
                                             for i in range(30)),
    "SELECT " + " + ".join(["(-0x7FFFFFFFFFFFFFFF)"] * 20) + ", (0xFFFFFFFFFFFFFFFF)",
    "SELECT " + "+(" * 12 + "a" + ")" * 12 + " FROM t", "SELECT " + "(+" * 12 + "a" + ")" * 12 + " FROM t",
    "SELECT " + "(a NOTNULL) AND " * 20 + "1 FROM t",
    "SELECT " + "((SELECT " * 8 + "1" + "))" * 8,
    "SELECT 1 WHERE " + "(1 NOT IN (SELECT " * 8 + "1" + "))" * 8,
    "SELECT a FROM t WHERE " + " OR ".join(f"(a IN t{i})" for i in range(20)),
    "SELECT " + " || ".join(f"(a LIKE 'x{i}' ESCAPE 'x' COLLATE nocase)" for i in range(20)) + " FROM t",
    "SELECT " + " + ".join(f"(CASE WHEN a = {i} THEN (b IS NOT NULL) ELSE -a END)"
                           for i in range(15)) + " FROM t",
    "SELECT " + " + ".join("(CAST((a) AS INT) + log10(a) + abs(-(a)))" for _ in range(12)) + " FROM t",
    "SELECT " + " + ".join("(sum(a) OVER (PARTITION BY b ORDER BY c))" for _ in range(8)) + " FROM t",
    "SELECT " + " + ".join(f"(count(*) FILTER (WHERE a > {i}))" for i in range(8)) + " FROM t",
    "SELECT a FROM t WHERE (a = 1" + " OR a = 1" * 60 + ")",
    "SELECT " + ", ".join(f"(SELECT count(*) FROM t AS x WHERE x.b < t.b AND x.c > {i})"
                          for i in range(12)) + " FROM t",
    "SELECT a FROM t WHERE a IN t2 AND (b IN (SELECT c FROM u WHERE c IN t3 AND (c IN "
    "(SELECT d FROM v WHERE d IN t4))))",
    "INSERT INTO t VALUES " + ", ".join(f"({i}, (SELECT {i} + (SELECT max(a) FROM t)))"
                                        for i in range(10)),
    "UPDATE t SET a = (SELECT (SELECT (SELECT b FROM u) FROM u) FROM u) WHERE a IN t2",
]
# Long statements whose lists are short, or one list long, among many tokens: the list
# limits are reached only through ``limits.widest_level``'s bound.
WIDE = [
    "SELECT " + "CASE a" + " WHEN 1 THEN 2" * 45 + " END FROM t WHERE " + " AND ".join(
        f"(b > {i})" for i in range(60)),
    "SELECT max(" + ", ".join(f"(a + {i})" for i in range(45)) + ") FROM t WHERE " + " OR ".join(
        f"(b = {i} AND c < {i})" for i in range(40)),
    "SELECT " + ", ".join(f"(a + {i})" for i in range(45)) + " FROM t ORDER BY " + ", ".join(
        f"(c * {i})" for i in range(45)),
    "SELECT a FROM t GROUP BY " + ", ".join(f"(a - {i})" for i in range(45)) + " HAVING " +
    " AND ".join(f"(count(*) > {i})" for i in range(40)),
    "SELECT coalesce(" + ", ".join(["NULL"] * 45) + ", (SELECT " + ", ".join(["1"] * 45) + "))",
    "SELECT pk FROM t WHERE " + " OR ".join(f"(c IN ({i}, {i + 1}, {i + 2}) AND d IS NULL)"
                                            for i in range(50)),
]
LOWERED = [(limit_values.EXPR_DEPTH, v) for v in (1, 5, 20, 60, 200)] + \
    [(limit_values.COLUMN, v) for v in (1, 10, 35, 44, 46, 92, 200)] + \
    [(limit_values.FUNCTION_ARG, v) for v in (1, 10, 35, 44, 46, 92, 200)] + \
    [(limit_values.COMPOUND_SELECT, v) for v in (2, 10)] + [(None, None)]


def _outcome(check, *args):
    try:
        check(*args)
    except OperationalError as error:
        return str(error)
    return None


@pytest.mark.parametrize("category, value", LOWERED)
@pytest.mark.parametrize("statement", DEEP + SHALLOW + WIDE)
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


def _checked_at(statement: str, depth: int) -> str | None:
    settings = limit_values.Limits()
    settings.set(limit_values.EXPR_DEPTH, depth)
    with settings.in_force():
        return _outcome(limits.check_tree, parse(statement).tree)


@pytest.mark.parametrize("statement", DEEP + SHALLOW)
def test_height_bound_is_never_below_a_height(statement):
    """At the lowest expression depth limit where ``check_tree`` skips the walk, the
    full walk finds nothing; and the bound is tight enough to matter for the shallow
    statements (their walk is skipped at SQLite's default limit)."""
    tokens = [t for t in tokenize(statement) if t.kind != "semi"]
    assert _checked_at(statement, max(limits.height_bound(tokens))) is None
    if statement in SHALLOW[:2]:
        assert limits._out_of_reach(tokens, limit_values.Limits())


def _longest_list(tree) -> int:
    """The longest list ``check_tree`` counts: a query's result columns, ORDER BY and
    GROUP BY terms, a function's arguments (``limits._check_counts``)."""
    longest = 0
    for node in tree.walk():
        if isinstance(node, exp.Select):
            longest = max(longest, len(node.expressions))
        if isinstance(node, (exp.Select, exp.Union, exp.Intersect, exp.Except)):
            for key in ("order", "group"):
                if node.args.get(key) is not None:
                    longest = max(longest, len(node.args[key].expressions))
        elif isinstance(node, exp.Func):
            longest = max(longest, sum(
                1 if isinstance(v, exp.Expression) else len(v) if isinstance(v, list) else 0
                for v in node.args.values()))
    return longest


@pytest.mark.parametrize("statement", DEEP + SHALLOW + WIDE)
def test_widest_level_bounds_every_list(statement):
    """No list is longer than twice the most tokens one parenthesis level holds, plus two
    (the skip of ``limits._out_of_reach``); and the bound is tight enough to skip the walk
    of the corpus's long WHERE clauses, whose tokens are more than the limits' half."""
    tokens = [t for t in tokenize(statement) if t.kind != "semi"]
    assert _longest_list(parse(statement).tree) <= 2 * (limits.widest_level(tokens) + 1)
    if statement is WIDE[-1]:
        assert 2 * (len(tokens) + 1) >= 1000 > 2 * (limits.widest_level(tokens) + 1)
        assert limits._out_of_reach(tokens, limit_values.Limits())


def _corpus_statements(names: tuple, fewest: int):
    """(text, tokens, parsed tree) of each statement of at least ``fewest`` tokens among
    the first 3,000 records of the corpus scripts ``names`` that parse.

    Four tests walk the same scripts: each script is read and tokenized once per session
    (``_script_statements``) and each statement parsed once, when a test first needs it
    (``_parsed``); the tests only read the trees (``_masked`` copies before renaming)."""
    from tests.compat_corpus import require_corpus

    root = require_corpus()
    for name in names:
        for sql, tokens in _script_statements(root / name):
            if len(tokens) < fewest:
                continue
            tree = _parsed(sql)
            if tree is not None:
                yield sql, tokens, tree


@functools.cache
def _script_statements(path) -> tuple:
    """(text, tokens) of each statement without a ``;`` among the first 3,000 records."""
    from rowandb.compat.records import read_script

    if not path.exists():
        return ()
    found = []
    for record in read_script(path).records[:3000]:
        sql = getattr(record, "sql", None)
        if sql and ";" not in sql:
            found.append((sql, [t for t in tokenize(sql) if t.kind != "semi"]))
    return tuple(found)


_TREES: dict = {}


def _parsed(sql: str):
    """``parse(sql).tree``, or None when it does not parse; once per statement."""
    if sql not in _TREES:
        try:
            _TREES[sql] = parse(sql).tree
        except DatabaseError:
            _TREES[sql] = None
    return _TREES[sql]


_LONG_SCRIPTS = ("index/between/10_slt_good_1.test", "random/expr/slt_good_0.test",
                 "select5.test")


def test_widest_level_of_the_corpus():
    """The same bound over the corpus's long statements, whose trees are walked here."""
    checked = 0
    for sql, tokens, tree in _corpus_statements(
            _LONG_SCRIPTS + ("random/aggregates/slt_good_0.test",), 30):
        assert _longest_list(tree) <= 2 * (limits.widest_level(tokens) + 1), sql
        checked += 1
    assert checked > 100


def test_height_bound_of_the_corpus():
    """The same over the corpus's long statements: their heights (with SQLite's running
    totals) stay within the bound when the walk is forced."""
    checked = 0
    for sql, tokens, _ in _corpus_statements(_LONG_SCRIPTS, 60):
        assert _checked_at(sql, max(limits.height_bound(tokens))) is None, sql
        checked += 1
    assert checked > 100


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


@pytest.mark.parametrize("statement", FOLDS + DEEP + SHALLOW)
def test_fold_over_the_callers_walk_as_over_its_own(statement):
    """``fold`` over the walk the parser made for the audit (``nodes``) folds as over a
    walk of its own, and the audit says when sqlglot's generator was handed the tree
    (the parser then lets ``fold`` walk again)."""
    from rowandb.sql.parse.audit import Source, audit
    from rowandb.sql.parse.parser import _sqlglot_parse

    tree = _sqlglot_parse(statement, statement)
    copy = tree.copy()
    nodes = list(tree.walk())
    tokens = tokenize(statement)
    written = audit(tree, Source(statement, tokens, tokens), nodes)
    assert written in (True, False)
    if not written:
        assert [id(n) for n in tree.walk()] == [id(n) for n in nodes]
    assert repr(folds.fold(tree, statement, None if written else nodes)) == \
        repr(folds.fold(copy, statement))


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


NESTED = SELECTS + [
    "SELECT (SELECT 1), (SELECT 2) FROM (SELECT 3) WHERE (SELECT 4) ORDER BY (SELECT 5)",
    "SELECT a FROM t WHERE b IN (SELECT c FROM u WHERE d = (SELECT 1)) AND EXISTS (SELECT 2)",
    "SELECT 1 UNION SELECT (SELECT 2) UNION VALUES ((SELECT 3))",
    "SELECT CASE WHEN a < b THEN (SELECT count(*) FROM t AS x WHERE x.b < t.b) END, "
    "(SELECT avg(c) FROM t), a + b FROM t WHERE c > (SELECT avg(c) FROM t) GROUP BY 1 "
    "HAVING (SELECT 1) LIMIT (SELECT 1) OFFSET (SELECT 0)",
    "INSERT INTO t SELECT (SELECT 1) FROM u JOIN (SELECT 2) AS v ON (SELECT 3)",
    "UPDATE t SET a = (SELECT 1), b = (SELECT 2) WHERE c IN (SELECT 3)",
    "SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2) WHERE x IN (VALUES (1), ((SELECT 2)))",
    "SELECT +(SELECT 1), abs((SELECT 2)), CAST((SELECT 3) AS INT), (SELECT 4) COLLATE nocase",
]


@pytest.mark.parametrize("statement", NESTED)
def test_selects_in_text_order_as_the_full_walk(statement):
    tree = parse(statement).tree
    walked = [n for n in in_text_order(tree) if isinstance(n, exp.Select)]
    found = selects_in_text_order(tree)
    assert [id(n) for n in found] == [id(n) for n in walked]


SCRIPTS = ["", "  ", ";", " SELECT 1", "SELECT 1;", "SELECT 1;;SELECT 2", "SELECT ';'", "-- ;\nSELECT 1",
           "SELECT 1 /* ; */", "CREATE TABLE trigger(a); SELECT 1", "CREATE; TRIGGER; END;",
           "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END; SELECT 3",
           "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END",
           "CREATE TRIGGER t BEGIN SELECT 1; END x; y", "/* c */ SELECT 1 -- d",
           "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; END; SELECT 3",
           "CREATE TRIGGER t AFTER INSERT ON x BEGIN DELETE FROM end; END; SELECT 3"]


def _split_token_by_token(sql: str) -> list[str]:
    """``split_statements`` with every token kept, no shortcut: a CREATE [TEMP] TRIGGER
    runs to an END right after a semicolon of its body (SQLite splits ``CREATE TABLE
    trigger(a); SELECT 1`` in two, and runs a trigger past a body's ``CASE ... END;``:
    test_keyword_table_names.test_a_script_splits_where_sqlite_does)."""
    out, start, head, before = [], None, [], None
    for tok in tokenize(sql):
        if tok.kind == "semi":
            trigger = head[:2] == ["CREATE", "TRIGGER"] or head[:1] == ["CREATE"] and \
                head[1:2] in (["TEMP"], ["TEMPORARY"]) and head[2:3] == ["TRIGGER"]
            in_trigger = trigger and not (head[-1] == "END" and before == ";")
            if start is not None and not in_trigger:
                out.append(sql[start:tok.start])
                start, head = None, []
            elif start is not None:
                head.append(";")
        else:
            start = tok.start if start is None else start
            before = head[-1] if head else None
            head.append(tok.upper if tok.kind == "word" else tok.text)
    return out + [sql[start:]] if start is not None else out


@pytest.mark.parametrize("script", SCRIPTS)
def test_split_statements_as_token_by_token(script):
    assert split_statements(script) == _split_token_by_token(script)


# -- the parser stack's bound (branch parsepass) ---------------------------------------------
# Statements that fill the parser's stack each way ``limits._parser_stack`` counts: calls
# opened after a binary operator, CASE parts, prefix operators waiting for a parenthesis,
# FROM and SELECT parts of nested queries.
STACKED = [
    "SELECT " + "1 + abs(" * 40 + "1" + ")" * 40,
    "SELECT " + "CASE WHEN 1 THEN " * 30 + "1" + " END" * 30,
    "SELECT " + "CASE WHEN 1 THEN 1 ELSE " * 30 + "1" + " END" * 30,
    "SELECT " + "- - NOT ~ + (" * 30 + "1" + ")" * 30,
    "SELECT " + "1 * (SELECT 1 FROM (SELECT " * 15 + "1" + "))" * 15,
    "SELECT " + "1 || max(CASE WHEN - (" * 20 + "1" + ") THEN 1 END)" * 20,
    "SELECT a FROM t WHERE " + "NOT (a = 1 AND " * 40 + "1" + ")" * 40,
    # no statements, but the fullest frames the count knows: a CASE after an operator
    # holding a FROM part (4 + 5), a call holding one (3 + 5), prefix operators before each
    "SELECT " + "1 * CASE SELECT 1 FROM " * 30 + "1" + " END" * 30,
    "SELECT " + "1 * - NOT ~ f(SELECT 1 FROM - - " * 30 + "1" + ")" * 30,
] + SHALLOW[:2]


def _stack_reached(tokens) -> int:
    """The most ``limits._parser_stack`` holds for ``tokens``: the lowest stack it passes."""
    low, high = 0, 100_000
    saved = limits.PARSER_STACK
    try:
        while low < high:
            limits.PARSER_STACK = (low + high) // 2
            if _outcome(limits._parser_stack, tokens) is None:
                high = limits.PARSER_STACK
            else:
                low = limits.PARSER_STACK + 1
    finally:
        limits.PARSER_STACK = saved
    return low


@pytest.mark.parametrize("statement", STACKED + DEEP)
def test_stack_bound_is_never_below_the_stack(statement):
    """``limits._stack_bound``, which lets ``check_tokens`` skip ``_parser_stack``, is at
    least what the stack holds at its fullest."""
    from rowandb.sql.parse.lexer import uppers
    tokens = [t for t in tokenize(statement) if t.kind != "semi"]
    assert limits._stack_bound(uppers(tokens)) >= _stack_reached(tokens)


def test_stack_bound_of_the_corpus():
    """Over the corpus's long statements, the bound holds and lets most skip the scan."""
    from rowandb.sql.parse.lexer import uppers
    checked = skipped = 0
    for sql, tokens, _ in _corpus_statements(_LONG_SCRIPTS, 60):
        bound = limits._stack_bound(uppers(tokens))
        assert bound >= _stack_reached(tokens), sql
        checked += 1
        skipped += bound <= limits.PARSER_STACK
    assert checked > 100 and skipped == checked


# -- the audit's shapes (branch parsepass) ---------------------------------------------------
def _masked(tree) -> str:
    """``tree`` with every name's text the same: what the audit reads of it."""
    tree = tree.copy()
    for node in tree.find_all(exp.Identifier):
        node.set("this", "n")
    return repr(tree)


def test_numbered_names_share_a_shape():
    from rowandb.sql.parse.audit import _key
    shape = lambda sql: _key(tokenize(sql))        # noqa: E731
    assert shape("SELECT col0 FROM tab1 AS cor0 WHERE col2 > 5") == \
        shape("SELECT col3 FROM tab0 AS cor1 WHERE col1 > 7")
    # a keyword, a word of sqlglot's tokenizer (a type name), a call's name, and a name
    # without a digit keep their texts
    for one, other in (("SELECT a1 FROM t", "SELECT a FROM t"),
                       ("SELECT a1 FROM t", "SELECT int8 FROM t"),
                       ("SELECT a1 FROM t", "SELECT float4 FROM t"),
                       ("SELECT a1(1)", "SELECT log10(1)"), ("SELECT a1(1)", "SELECT a2(1)")):
        assert shape(one) != shape(other), (one, other)


def _renamed(sql: str) -> str:
    """``sql`` with each name ``audit._key`` leaves out given another such name."""
    from rowandb.sql.parse.audit import _NAME, _key
    tokens = tokenize(sql)
    shape = _key(tokens)
    for k in reversed(range(len(tokens))):
        if shape[k] == _NAME and tokens[k].kind == "word":
            sql = sql[:tokens[k].start] + f"zq{k}x" + sql[tokens[k].end:]
    return sql


RENAMED = [
    "SELECT col0 FROM tab0 AS cor0 WHERE col1 BETWEEN 1 AND 2 ORDER BY 1",
    "SELECT DISTINCT - col2 AS col1 FROM tab1 AS cor0 CROSS JOIN tab2 WHERE NOT col0 IS NULL",
    "SELECT ALL cor0.col1 FROM tab0 cor0 GROUP BY col1 HAVING NOT NULL IS NULL",
    "SELECT col0 FROM tab0 WHERE col1 IN (SELECT col4 FROM tab1 WHERE col0 > 2.5)",
    "SELECT CAST ( col1 AS INTEGER ) col2, col3 col4 FROM tab0 LIMIT 1 OFFSET 1",
    "SELECT col0 FROM tab0 FOR UPDATE", "SELECT col0 FROM tab0 QUALIFY col1 > 1",
    "SELECT col0 FROM tab0 AS t1(a1, b1)", "SELECT col0 FROM tab0 LIMIT 1 ROWS",
    "SELECT sum(col1) OVER w1 FROM tab0 WINDOW w1 AS (ORDER BY col2)",
    "INSERT INTO tab0(col0, col1) VALUES (1, 2) ON CONFLICT (col0) DO UPDATE SET col1 = 3",
    "UPDATE tab0 SET col1 = col2 + 1 WHERE col3 < 2 RETURNING col4",
    "DELETE FROM tab0 WHERE col1 = 1 ORDER BY col2 LIMIT 1",
    "CREATE TABLE tab9(col0 INTEGER PRIMARY KEY, col1 TEXT, col2 REAL)",
    "CREATE INDEX idx1 ON tab0(col0 DESC, col1)",
]


@pytest.mark.parametrize("statement", RENAMED)
def test_a_shapes_statements_are_audited_alike(statement):
    """Two statements of one shape get trees that differ only in their names' texts, and
    the same verdict of the full audit (no shape kept)."""
    from rowandb.sql.parse import audit
    renamed = _renamed(statement)
    assert renamed != statement
    outcomes = []
    for sql in (statement, renamed):
        audit._PASSED.clear()
        try:
            outcomes.append(_masked(parse(sql).tree))
        except DatabaseError as error:
            outcomes.append((type(error), str(error).replace(sql, "")))
    assert outcomes[0] == outcomes[1] or isinstance(outcomes[0], tuple) and \
        outcomes[0][0] is outcomes[1][0]


def test_a_shapes_statements_of_the_corpus_parse_alike():
    """The same over the corpus's statements: their trees, renamed, differ in names only."""
    checked = 0
    for sql, _, tree in _corpus_statements(_LONG_SCRIPTS, 1):
        renamed = _renamed(sql)
        if renamed == sql:
            continue
        assert _masked(parse(renamed).tree) == _masked(tree), sql
        checked += 1
        if checked >= 600:
            break
    assert checked >= 600
