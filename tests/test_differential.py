"""Differential tests: the same SQL through RowanDB and through SQLite (apsw), same answers.

Three generators, each driven by hypothesis:

(a) random expressions — nested arithmetic, bit operators, comparisons, logic, IS [NOT]
    TRUE/FALSE/NULL, CASE, CAST to type names of every affinity, COLLATE, ``||``, [NOT]
    LIKE, GLOB, IN lists (also empty) and subqueries, BETWEEN and scalar and math
    functions — over literals (minus zero, infinities, int64 edges, blobs that are not
    UTF-8) and over the columns of a small random table whose columns have each
    affinity; ``SELECT <expr> FROM t`` must give the same values with the same storage
    classes and bits (or the same error), and a constant expression the same rows as a
    WHERE clause;
(b) random small queries — WHERE, ORDER BY, GROUP BY with aggregates, DISTINCT, LIMIT, and
    joins of two or three indexed tables — compared as ordered lists when ORDER BY makes
    the order total, else as multisets;
(c) random DML sequences — INSERT with every conflict clause, UPDATE, DELETE, and
    transaction control — against a table with UNIQUE, NOT NULL and CHECK constraints;
    each statement must succeed or fail the same way and leave the same table behind.

Runs are derandomized so ``make test`` is reproducible; set ``ROWANDB_EXPLORE=1`` to draw
fresh random examples (and ten times as many).
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsw_session import ApswSession
from fuzz.sqltree import literal  # SQL text for a value, shared with the fuzzer
from rowandb.errors import Error
from rowandb.planner.types.values import has_surrogate
from rowandb.sql.session import open_session

EXPLORE = os.environ.get("ROWANDB_EXPLORE") == "1"


def props(examples: int):
    return settings(max_examples=examples * (10 if EXPLORE else 1), deadline=None,
                    derandomize=not EXPLORE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---------------------------------------------------------------------------------------
# running SQL on both engines
# ---------------------------------------------------------------------------------------

def outcome(session, sql: str, params: tuple = ()):
    """('ok', columns, rows, rowcount) or ('error', PEP 249 class, message), or
    ('undecodable',) for a result holding TEXT that is not valid UTF-8: apsw cannot hand
    such text to Python, so callers compare its hex() instead."""
    try:
        result = session.execute(sql, params)
    except Error as error:
        return ("error", pep249_class(error), str(error))
    except UnicodeDecodeError:
        return ("undecodable",)
    rows = [tuple(row) for row in result.rows]
    if any(type(v) is str and has_surrogate(v) for row in rows for v in row):
        return ("undecodable",)
    return ("ok", result.columns, rows, result.rowcount)


def pep249_class(error: Exception) -> str:
    for cls in type(error).__mro__:
        if cls.__module__ == "rowandb.errors":
            if cls.__name__ in ("ConflictError",):
                continue
            return cls.__name__
    return type(error).__name__


def typed(value):
    """A value paired with its storage class, so 1, 1.0 and '1' never compare equal (and
    a REAL by its bits, so -0.0 is not 0.0)."""
    if type(value) is float:
        return ("float", value.hex())
    return (type(value).__name__, value)


def typed_rows(rows):
    return [tuple(typed(v) for v in row) for row in rows]


def both(sql: str, sessions, params: tuple = ()):
    rowandb, sqlite = sessions
    return outcome(rowandb, sql, params), outcome(sqlite, sql, params)


def assert_same_outcome(sql: str, mine, theirs, ordered: bool = True, context="") -> None:
    sql = f"{sql}{context}"
    if mine[0] == "ok" and theirs[0] == "ok":
        mine_rows, their_rows = typed_rows(mine[2]), typed_rows(theirs[2])
        if not ordered:
            mine_rows, their_rows = Counter(mine_rows), Counter(their_rows)
        assert mine_rows == their_rows and mine[3] == theirs[3], \
            f"{sql}\nrowandb: {mine}\nsqlite:  {theirs}"
        return
    assert mine == theirs, f"{sql}\nrowandb: {mine}\nsqlite:  {theirs}"


def fresh_pair():
    return open_session(":memory:"), ApswSession({})


def run_both(sessions, sql: str, params: tuple = ()) -> None:
    """Run a setup statement on both engines; it must succeed on both."""
    mine, theirs = both(sql, sessions, params)
    assert mine[0] == theirs[0] == "ok", f"{sql}\nrowandb: {mine}\nsqlite:  {theirs}"


# ---------------------------------------------------------------------------------------
# (a) random expressions
# ---------------------------------------------------------------------------------------

COLUMNS = {"i": "INTEGER", "r": "REAL", "s": "TEXT", "n": "NUMERIC", "b": "BLOB", "x": ""}
EXPR_TABLE = "CREATE TABLE t(" + ", ".join(f"{c} {d}".strip() for c, d in COLUMNS.items()) + ")"

INTS = st.one_of(st.integers(-20, 20),
                 st.sampled_from([0, 1, -1, 255, 2 ** 31, 2 ** 53 + 1, 9223372036854775807,
                                  -9223372036854775807, -9223372036854775808,
                                  4611686018427387904, 55296]))
FLOATS = st.one_of(st.sampled_from([0.0, -0.0, 0.5, -2.5, 1.0, 3.75, 1e20, -1e-3, 123.456,
                                    2.0 ** 60, 2.0 ** 63, float("inf"), float("-inf")]),
                   st.floats(-1000, 1000, allow_nan=False).map(lambda f: round(f, 3)))
TEXTS = st.one_of(st.sampled_from(["", "a", "A", "abc", "ABC", "12", " 12 ", "1.5", "1e3",
                                   "0x10", "12abc", "-7", "a%", "_b", "%", "x_y", "Ab%c", "é"]),
                  st.text(alphabet="ab AB01%_.", max_size=4))
# Text that is not valid UTF-8 is compared through hex() (see ``outcome``).
BLOBS = st.sampled_from([b"", b"a", b"12", b"\x00A", b"AB", b"\xc3\xa9", b"\xff", b"\xc3"])
VALUES = st.one_of(st.none(), INTS, FLOATS, TEXTS, BLOBS)

BINARY = ["+", "-", "*", "/", "%", "||", "=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT",
          "AND", "OR", "&", "|", "<<", ">>"]
# Type names as written: CAST converts to their affinity by SQLite's rules.
CASTS = ["INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "STRING", "FLOATING POINT",
         "VARCHAR(5)", "BOOLEAN", "DECIMAL(10,2)", "UNSIGNED BIG INT"]
ONE_ARG = ["abs", "length", "lower", "upper", "typeof", "round", "coalesce", "hex", "quote",
           "unicode", "trim", "ltrim", "rtrim", "octet_length", "sign", "ceil", "floor",
           "trunc", "sqrt", "exp", "ln", "log10", "log2", "char", "unhex", "likely"]
TWO_ARGS = ["coalesce", "nullif", "ifnull", "substr", "round", "max", "min", "instr", "mod",
            "pow", "log", "atan2", "iif", "like", "glob", "printf", "trim", "concat_ws"]
THREE_ARGS = ["substr", "replace", "iif", "concat", "max", "like"]
MATCHES = ["LIKE", "GLOB", "NOT GLOB", "NOT LIKE"]
TRUTH = ["IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE", "IS NULL", "NOTNULL",
         "IS NOT NULL", "ISNULL", "NOT NULL"]
FORMS = ["binary", "unary", "case", "cast", "like", "in", "between", "function", "truth",
         "collate", "in_select", "postfix"]
# operators that go on from a postfix null test: x ISNULL + y is (x ISNULL) + y
AFTER_POSTFIX = ["+", "-", "*", "%", "||", "&", "|", "<<"]


@st.composite
def expressions(draw, columns=(), casts=tuple(CASTS), depth: int = 3) -> str:
    """SQL text of a random expression at most ``depth`` operators deep over ``columns``."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if columns and draw(st.booleans()):
            return draw(st.sampled_from(columns))
        return literal(draw(VALUES))
    sub = expressions(columns, casts, depth - 1)
    form = draw(st.sampled_from(FORMS))
    if form == "binary":
        return f"({draw(sub)} {draw(st.sampled_from(BINARY))} {draw(sub)})"
    if form == "unary":
        return f"({draw(st.sampled_from(['-', '+', 'NOT ', '~']))}{draw(sub)})"
    if form == "truth":
        return f"({draw(sub)} {draw(st.sampled_from(TRUTH))})"
    if form == "postfix":
        test = draw(st.sampled_from(["ISNULL", "NOTNULL", "NOT NULL"]))
        return f"({draw(sub)} {test} {draw(st.sampled_from(AFTER_POSTFIX))} {draw(sub)})"
    if form == "collate":
        return f"({draw(sub)} COLLATE {draw(st.sampled_from(['NOCASE', 'RTRIM', 'BINARY']))})"
    if form == "case":
        operand = f" {draw(sub)}" if draw(st.booleans()) else ""
        count = draw(st.integers(1, 2))
        whens = "".join(f" WHEN {draw(sub)} THEN {draw(sub)}" for _ in range(count))
        default = f" ELSE {draw(sub)}" if draw(st.booleans()) else ""
        return f"(CASE{operand}{whens}{default} END)"
    if form == "cast":
        return f"CAST({draw(sub)} AS {draw(st.sampled_from(casts))})"
    if form == "like":
        return f"({draw(sub)} {draw(st.sampled_from(MATCHES))} {draw(sub)})"
    if form == "in":
        items = ", ".join(draw(sub) for _ in range(draw(st.integers(0, 3))))
        return f"({draw(sub)} {draw(st.sampled_from(['', 'NOT ']))}IN ({items}))"
    if form == "in_select":                 # the subquery's column: that of its last SELECT
        arms = " UNION ALL SELECT ".join(draw(sub) for _ in range(draw(st.integers(1, 2))))
        return f"({draw(sub)} {draw(st.sampled_from(['', 'NOT ']))}IN (SELECT {arms}))"
    if form == "between":
        return f"({draw(sub)} BETWEEN {draw(sub)} AND {draw(sub)})"
    arity = draw(st.integers(1, 3))
    if arity == 1:
        return f"{draw(st.sampled_from(ONE_ARG))}({draw(sub)})"
    if arity == 2:
        return f"{draw(st.sampled_from(TWO_ARGS))}({draw(sub)}, {draw(sub)})"
    return f"{draw(st.sampled_from(THREE_ARGS))}({draw(sub)}, {draw(sub)}, {draw(sub)})"


COLUMN_EXPRESSIONS = expressions(tuple(COLUMNS))
CONSTANT_EXPRESSIONS = expressions()
# Parameters bound as the DB-API binds them (a NaN is NULL) are stored as given.
ROWS = st.lists(st.tuples(*[VALUES] * len(COLUMNS)), min_size=1, max_size=3)


def expression_outcomes(sessions, expr: str, tail: str = ""):
    """(sql, RowanDB's outcome, SQLite's) of ``SELECT expr<tail>``; when the value is
    TEXT that is not valid UTF-8, of ``SELECT hex(expr), typeof(expr)<tail>``."""
    sql = f"SELECT {expr}{tail}"
    mine, theirs = both(sql, sessions)
    if ("undecodable",) in (mine, theirs):
        sql = f"SELECT hex({expr}), typeof({expr}){tail}"
        mine, theirs = both(sql, sessions)
    return sql, mine, theirs


@props(300)
@given(rows=ROWS, expr=COLUMN_EXPRESSIONS)
def test_random_expressions_over_a_random_table(rows, expr):
    sessions = fresh_pair()
    run_both(sessions, EXPR_TABLE)
    for row in rows:
        run_both(sessions, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", row)
    sql, mine, theirs = expression_outcomes(sessions, expr, " FROM t ORDER BY rowid")
    assert_same_outcome(sql, mine, theirs, context=f"\n-- over rows {rows!r}")


@props(150)
@given(expr=CONSTANT_EXPRESSIONS)
def test_random_constant_expressions(expr):
    """Constant expressions in WHERE are folded at plan time, and tested once before any
    row: neither may change the answer or the error, whatever value the predicate has."""
    sessions = fresh_pair()
    run_both(sessions, "CREATE TABLE one(z INT)")
    run_both(sessions, "INSERT INTO one VALUES (1)")
    run_both(sessions, "CREATE TABLE none(z INT)")
    sql, mine, theirs = expression_outcomes(sessions, expr)
    assert_same_outcome(sql, mine, theirs)
    for sql in (f"SELECT z FROM one WHERE {expr}",
                f"SELECT z FROM one WHERE CASE WHEN {expr} THEN 1 ELSE 0 END",
                f"SELECT z FROM one WHERE z IS NOT ({expr})",
                f"SELECT z FROM one WHERE z < ({expr})",
                # a term that reads no row runs before any row: its error surfaces even
                # when no row reaches it
                f"SELECT z FROM one WHERE z > 5 AND ({expr})",
                f"SELECT count(*) FROM none WHERE ({expr}) AND z"):
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)


# ---------------------------------------------------------------------------------------
# (b) random small queries
# ---------------------------------------------------------------------------------------

QUERY_SCHEMA = [
    "CREATE TABLE t1(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL)",
    "CREATE INDEX t1_a ON t1(a)",
    "CREATE INDEX t1_bc ON t1(b, c)",
    "CREATE TABLE t2(id INTEGER PRIMARY KEY, t1_id INT, d TEXT, e INT)",
    "CREATE INDEX t2_t1 ON t2(t1_id)",
    "CREATE UNIQUE INDEX t2_de ON t2(d, e)",
    "CREATE TABLE t3(k TEXT, w INT, v REAL)",
    "CREATE INDEX t3_k ON t3(k)",
]
TABLE_COLUMNS = {"t1": ["id", "a", "b", "c"], "t2": ["id", "t1_id", "d", "e"],
                 "t3": ["k", "w", "v"]}
SMALL_INTS = st.one_of(st.none(), st.integers(-2, 6))
SMALL_TEXT = st.one_of(st.none(), st.sampled_from(["p", "q", "r", "3", ""]))
HALVES = st.one_of(st.none(), st.integers(-4, 12).map(lambda n: n / 2))
T1_ROWS = st.lists(st.tuples(SMALL_INTS, SMALL_TEXT, HALVES), min_size=3, max_size=7)
T2_ROWS = st.lists(st.tuples(SMALL_INTS, SMALL_TEXT, SMALL_INTS), min_size=2, max_size=7)
T3_ROWS = st.lists(st.tuples(SMALL_TEXT, SMALL_INTS, HALVES), min_size=2, max_size=6)
CONSTANTS = st.one_of(st.integers(-1, 6).map(str), st.sampled_from(["'p'", "'q'", "'3'", "NULL",
                                                                   "2.5", "'2'"]))
COMPARE = ["=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT"]


@st.composite
def queries(draw):
    """(sql, ordered): a SELECT over one to three of the tables."""
    count = draw(st.integers(1, 3))
    tables = draw(st.permutations(["t1", "t2", "t3"]))[:count]
    columns = [f"{t}.{c}" for t in tables for c in TABLE_COLUMNS[t]]
    from_clause = _from_clause(draw, tables)
    predicates = draw(st.lists(_predicate(columns), max_size=3))
    where = f" WHERE {' AND '.join(predicates)}" if predicates else ""
    if draw(st.booleans()):
        return _grouped_query(draw, columns, from_clause, where)
    picked = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=4, unique=True))
    distinct = "DISTINCT " if draw(st.booleans()) else ""
    sql = f"SELECT {distinct}{', '.join(picked)} FROM {from_clause}{where}"
    ordered = draw(st.booleans())
    if ordered:
        keys = [f"{i + 1}{draw(st.sampled_from(['', ' DESC', ' NULLS LAST']))}"
                for i in range(len(picked))]
        sql += " ORDER BY " + ", ".join(keys)
        if draw(st.booleans()):
            sql += f" LIMIT {draw(st.integers(0, 4))} OFFSET {draw(st.integers(0, 2))}"
    return sql, ordered


def _from_clause(draw, tables) -> str:
    text = tables[0]
    for i, table in enumerate(tables[1:], 1):
        left = draw(st.sampled_from(tables[:i]))
        join = draw(st.sampled_from(["JOIN", "LEFT JOIN", ","]))
        condition = _join_condition(draw, left, table)
        text += ", " + table if join == "," else f" {join} {table} ON {condition}"
    return text


JOIN_KEYS = {("t1", "t2"): ("id", "t1_id"), ("t2", "t1"): ("t1_id", "id"),
             ("t1", "t3"): ("b", "k"), ("t3", "t1"): ("k", "b"),
             ("t2", "t3"): ("d", "k"), ("t3", "t2"): ("k", "d")}


def _join_condition(draw, left: str, right: str) -> str:
    lcol, rcol = JOIN_KEYS[(left, right)]
    condition = f"{left}.{lcol} = {right}.{rcol}"
    if draw(st.booleans()):
        column = draw(st.sampled_from(TABLE_COLUMNS[right]))
        condition += f" AND {right}.{column} {draw(st.sampled_from(COMPARE))} " \
                     f"{draw(CONSTANTS)}"
    return condition


def _predicate(columns):
    simple = st.builds(lambda c, op, v: f"{c} {op} {v}", st.sampled_from(columns),
                       st.sampled_from(COMPARE), CONSTANTS)
    between = st.builds(lambda c, lo, hi: f"{c} BETWEEN {lo} AND {hi}",
                        st.sampled_from(columns), CONSTANTS, CONSTANTS)
    in_list = st.builds(lambda c, vs: f"{c} IN ({', '.join(vs)})", st.sampled_from(columns),
                        st.lists(CONSTANTS, min_size=1, max_size=3))
    either = st.builds(lambda a, b: f"({a} OR {b})", simple, simple)
    in_query = st.builds(lambda c, neg: f"{c} {neg}IN (SELECT s3.w FROM t3 AS s3)",
                         st.sampled_from(columns), st.sampled_from(["", "NOT "]))
    exists = st.builds(lambda c, neg: f"{neg}EXISTS (SELECT 1 FROM t3 AS s3 WHERE s3.w = {c})",
                       st.sampled_from(columns), st.sampled_from(["", "NOT "]))
    return st.one_of(simple, between, in_list, either, in_query, exists)


def _grouped_query(draw, columns, from_clause, where):
    keys = draw(st.lists(st.sampled_from(columns), max_size=2, unique=True))
    target = draw(st.sampled_from(columns))
    aggregates = draw(st.lists(st.sampled_from(
        ["count(*)", f"count({target})", f"sum({target})", f"total({target})",
         f"min({target})", f"max({target})", f"avg({target})", f"count(DISTINCT {target})"]),
        min_size=1, max_size=3, unique=True))
    items = keys + aggregates
    sql = f"SELECT {', '.join(items)} FROM {from_clause}{where}"
    if keys:
        sql += f" GROUP BY {', '.join(keys)}"
        if draw(st.booleans()):
            sql += f" HAVING count(*) > {draw(st.integers(0, 2))}"
    ordered = bool(keys) and draw(st.booleans())
    if ordered:
        sql += " ORDER BY " + ", ".join(str(i + 1) for i in range(len(items)))
    return sql, ordered or not keys


@props(200)
@given(t1=T1_ROWS, t2=T2_ROWS, t3=T3_ROWS, query=queries())
def test_random_queries_over_indexed_tables(t1, t2, t3, query):
    sessions = fresh_pair()
    for statement in QUERY_SCHEMA:
        run_both(sessions, statement)
    for row in t1:
        run_both(sessions, "INSERT INTO t1(a, b, c) VALUES (?, ?, ?)", row)
    for row in t2:
        run_both(sessions, "INSERT OR IGNORE INTO t2(t1_id, d, e) VALUES (?, ?, ?)", row)
    for row in t3:
        run_both(sessions, "INSERT INTO t3 VALUES (?, ?, ?)", row)
    sql, ordered = query
    mine, theirs = both(sql, sessions)
    assert_same_outcome(sql, mine, theirs, ordered)


# ---------------------------------------------------------------------------------------
# (c) random DML sequences
# ---------------------------------------------------------------------------------------

# Three UNIQUE indexes besides the rowid, made in an order that is not their order in the
# text: a row breaking several must be reported against the one SQLite checks first.
DML_SETUP = ["CREATE TABLE d(id INTEGER PRIMARY KEY, u INT, "
             "nn TEXT NOT NULL DEFAULT 'dflt', ck INT CHECK (ck IS NULL OR ck >= 0), v UNIQUE, "
             "UNIQUE (u, nn))", "CREATE UNIQUE INDEX d_ckv ON d(ck, v)"]
DML_VALUES = {
    "id": st.one_of(st.none(), st.integers(1, 6)),
    "u": st.one_of(st.none(), st.integers(1, 4)),
    "nn": st.one_of(st.none(), st.sampled_from(["a", "b"])),
    "ck": st.one_of(st.none(), st.integers(-1, 3)),
    "v": st.one_of(st.none(), st.integers(0, 2), st.sampled_from(["0", "x"])),
}
CONFLICT = st.sampled_from(["", "OR IGNORE ", "OR REPLACE ", "OR ABORT ", "OR FAIL ",
                            "OR ROLLBACK "])
WHERE_COLUMNS = ["id", "ck", "v"]


@st.composite
def dml_statements(draw):
    kind = draw(st.sampled_from(["insert", "insert", "insert", "update", "delete", "control"]))
    if kind == "insert":
        columns = draw(st.lists(st.sampled_from(list(DML_VALUES)), min_size=1, max_size=5,
                                unique=True))
        rows = draw(st.lists(st.tuples(*[DML_VALUES[c] for c in columns]), min_size=1,
                             max_size=3))
        values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
        return f"INSERT {draw(CONFLICT)}INTO d({', '.join(columns)}) VALUES {values}"
    if kind == "update":
        column = draw(st.sampled_from(list(DML_VALUES)))
        value = literal(draw(DML_VALUES[column]))
        expr = draw(st.sampled_from([value, f"{column} + 1", f"coalesce({column}, 0) + 1"]))
        return f"UPDATE {draw(CONFLICT)}d SET {column} = {expr}{_dml_where(draw)}"
    if kind == "delete":
        return f"DELETE FROM d{_dml_where(draw)}"
    return draw(st.sampled_from(["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s1", "SAVEPOINT s2",
                                 "RELEASE s1", "ROLLBACK TO s1", "ROLLBACK TO s2",
                                 "RELEASE s2"]))


def _dml_where(draw) -> str:
    if not draw(st.booleans()):
        return ""
    column = draw(st.sampled_from(WHERE_COLUMNS))
    op = draw(st.sampled_from(["=", "<", ">=", "IS"]))
    return f" WHERE {column} {op} {literal(draw(DML_VALUES[column]))}"


@props(120)
@given(statements=st.lists(dml_statements(), min_size=1, max_size=8))
def test_random_dml_sequences_with_constraints(statements):
    sessions = fresh_pair()
    for sql in DML_SETUP:
        run_both(sessions, sql)
    for sql in statements:
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)
        dump = "SELECT id, u, nn, ck, v FROM d ORDER BY id"
        mine, theirs = both(dump, sessions)
        assert_same_outcome(f"{dump} -- after {sql}", mine, theirs)
    in_transaction = [sessions[0].in_transaction, sessions[1].in_transaction]
    assert in_transaction[0] == in_transaction[1], statements
