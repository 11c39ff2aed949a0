"""json_each and json_tree against SQLite (apsw): every column, hidden ones included, with
their storage classes, over random documents and root paths (hypothesis), JSONB input,
correlated calls over a table of documents, and the errors (malformed JSON, bad path).
The machinery they share with every table-valued function is tested in
test_table_functions.py.
"""

from __future__ import annotations

import apsw
from hypothesis import assume, given, settings, strategies as st

import rowandb
from json_documents import documents, paths
from oracle import assert_same

COLUMNS = ("key, typeof(key), value, typeof(value), type, atom, typeof(atom), id, parent, "
           "fullkey, path, json, typeof(json), root, rowid")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@settings(max_examples=150, deadline=None)
@given(documents(), st.one_of(st.none(), paths()), st.sampled_from(["json_each", "json_tree"]))
def test_random_documents_and_roots(document, root, function):
    """The document as JSON text, and as JSONB (made by SQLite: a literal BLOB)."""
    assume(_readable(document))
    rest = "" if root is None else ", " + _quote(root)
    queries = [f"SELECT {COLUMNS} FROM {function}({_quote(document)}{rest})"]
    try:
        blob = _SQLITE.execute("SELECT jsonb(?)", (document,)).fetchall()[0][0]
    except apsw.Error:
        blob = None
    if blob is not None:
        queries.append(f"SELECT {COLUMNS} FROM {function}(x'{blob.hex()}'{rest})")
    assert_same((), queries)


_SQLITE = apsw.Connection(":memory:")


def _readable(document: str) -> bool:
    """Whether apsw can hand back SQLite's text for the document's values: an escaped
    lone surrogate (``"\\ud83d"``) decodes to bytes that are not UTF-8, which apsw cannot
    turn into Python text (a limit of the oracle, not a difference)."""
    try:
        _SQLITE.execute("SELECT key, value FROM json_tree(?)", (document,)).fetchall()
    except UnicodeDecodeError:
        return False
    except apsw.Error:
        pass
    return True


@settings(max_examples=25, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=4))
def test_correlated_calls_over_a_table_of_documents(docs):
    """The function runs again for each row, the document and root read from columns
    (documents SQLite reads; a malformed one would end the query with its error)."""
    docs = [d for d in docs if _SQLITE.execute("SELECT json_valid(?, 6)", (d,)).fetchall()[0][0]
            and _readable(d)]
    setup = ["CREATE TABLE d(id INTEGER PRIMARY KEY, doc, r)"] + [
        f"INSERT INTO d(doc, r) VALUES ({_quote(doc)}, '$')" for doc in docs]
    assert_same(setup, [
        "SELECT d.id, j.key, j.value, j.type FROM d, json_each(d.doc) AS j",
        "SELECT d.id, j.fullkey, j.id, j.parent FROM json_tree(d.doc, d.r) AS j JOIN d",
        "SELECT id, (SELECT count(*) FROM json_tree(doc)) FROM d",
        "SELECT d.id, j.key FROM d LEFT JOIN json_each(d.doc) AS j ON j.type = 'integer'",
        "SELECT d.id, j.key FROM d, json_each WHERE json_each.json = d.doc AND root = d.r",
    ])


CASES = [
    "SELECT * FROM json_each('[1,2,3]')",
    "SELECT * FROM json_each('{\"a\":1,\"b\":[2,3],\"c\":{\"d\":null}}')",
    "SELECT * FROM json_tree('{\"a\":1,\"b\":[2,3],\"c\":{\"d\":null}}')",
    "SELECT *, json, root FROM json_each('{\"a\":{\"b\":[1,2]}}', '$.a.b')",
    "SELECT * FROM json_tree('{\"a\":{\"b\":[1,2]}}', '$.a')",
    "SELECT * FROM json_tree('[[1,[2]]]', '$[#-1]')",
    "SELECT * FROM json_each('5')",
    "SELECT * FROM json_each(5)",
    "SELECT * FROM json_each(1.5)",
    "SELECT * FROM json_each(x'00')",
    "SELECT * FROM json_each(NULL)",
    "SELECT * FROM json_each('[1]', NULL)",
    "SELECT * FROM json_each()",
    "SELECT * FROM json_each",
    "SELECT * FROM json_each WHERE json = '[7, 8]'",
    "SELECT * FROM json_each WHERE root = '$'",
    "SELECT key, json FROM json_each WHERE json IN ('[2]', '[1]', 2, '[1]')",
    "SELECT key, json, root FROM json_tree WHERE json IN ('[1]', '{\"a\":[1]}') AND root = '$'",
    "SELECT * FROM json_each('{\"a\":[1]}') WHERE root = '$.a'",
    "SELECT rowid, key FROM json_each('[5, 6]') WHERE rowid = 1",
    "SELECT value FROM json_each('[1,2,3]') WHERE key > 0",
    "SELECT a.key, b.key, b.value FROM json_each('[[1,2],[3]]') a, json_each(a.value) b",
    # the value of an array or object is JSON text with SQLite's JSON subtype
    "SELECT json_array(value), subtype(value), typeof(value) FROM json_each('[[1], {\"a\": 2}, 3]')",
    "SELECT json_group_array(value) FROM json_each('[[1], 2, \"x\"]')",
    "SELECT j.value -> '$[0]', j.value ->> 0 FROM json_tree('[[1], 2]') AS j",
    "SELECT json_object('k', value) FROM json_each('{\"a\": {\"b\": 1}}')",
    "SELECT a.key, b.value FROM json_each('[[1,2],[3]]') a JOIN json_each(a.value) b",
    "SELECT * FROM json_each(json)",
    "SELECT * FROM json_each('[1')",
    "SELECT * FROM json_each('')",
    "SELECT * FROM json_each('[1]', 'x')",
    "SELECT * FROM json_each('[1', 'x')",
    "SELECT * FROM json_each('[1]', 1)",
    "SELECT * FROM json_each('{\"a\":1}', '$.')",
    "SELECT * FROM json_each('[1]', '$', 3)",
    "SELECT * FROM json_tree('[1]', '$', 3)",
    "SELECT * FROM json_each(x'0102')",
    "SELECT key FROM json_each('{\"a\\\"b\":1, \"c\\u0041\":2, \"x y\":4, \"A1\":5, \"\":6}')",
    "SELECT fullkey FROM json_tree('{\"a\\\"b\":{\"c d\":[1]}}')",
    "SELECT key, fullkey FROM json_each('{a:1, ''b'':2}')",
    "SELECT count(*), sum(value) FROM json_each('[1,2,3,4]')",
    "WITH c(doc) AS (VALUES ('[1,2]'), ('{\"x\":3}')) SELECT doc, key, value FROM c, json_each(doc)",
    "SELECT key FROM json_each('[1,2]') UNION ALL SELECT key FROM json_tree('{\"z\":0}')",
]


def test_json_each_and_json_tree_answer_as_sqlite():
    assert_same((), CASES)


def test_explain_query_plan_shows_sqlites_index_number():
    conn, db = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql, line in [("SELECT * FROM json_each('[1]')", "SCAN json_each VIRTUAL TABLE INDEX 1:"),
                      ("SELECT * FROM json_tree('[1]', '$') AS j", "SCAN j VIRTUAL TABLE INDEX 3:"),
                      ("SELECT * FROM json_each", "SCAN json_each VIRTUAL TABLE INDEX 0:")]:
        for engine in (conn, db):
            assert line in [r[3] for r in engine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]


# json_each's value keeps SQLite's JSON subtype in a register only: a GROUP BY's sorter
# and a window's table hand back plain text to the result, HAVING, ORDER BY and the
# aggregates' arguments, while WHERE, GROUP BY terms and a result expression that is a
# GROUP BY term read it before (fuzz case 42000190; sql/bind/after_sorter.py).
SORTED_J = "json_each('[[1],{\"a\":2},3]')"
AFTER_SORTER = [
    f"SELECT json_quote(value) FROM {SORTED_J} GROUP BY NULL",
    f"SELECT json_quote(value) FROM {SORTED_J} GROUP BY key",
    f"SELECT json_quote(value), count(*) FROM {SORTED_J} GROUP BY value",
    f"SELECT json_quote(value), count(*) FROM {SORTED_J}",
    f"SELECT json_quote(value) FROM {SORTED_J} WHERE key > 0 GROUP BY NULL",
    f"SELECT json_quote(value) FROM {SORTED_J} WHERE json_quote(value) = '[1]' GROUP BY key",
    f"SELECT 1 FROM {SORTED_J} GROUP BY key HAVING json_quote(value) = '[1]'",
    f"SELECT key FROM {SORTED_J} GROUP BY key ORDER BY json_quote(value)",
    f"SELECT json_quote(value) FROM {SORTED_J} GROUP BY key ORDER BY 1",
    f"SELECT json_group_array(value) FROM {SORTED_J} GROUP BY NULL",
    f"SELECT json_group_array(value) FROM {SORTED_J}",
    f"SELECT max(json_quote(value)) FROM {SORTED_J} GROUP BY NULL",
    f"SELECT json_quote(value) FROM {SORTED_J} GROUP BY json_quote(value)",
    f"SELECT json_quote(value) FROM {SORTED_J} GROUP BY 1",
    f"SELECT json_quote(value), row_number() OVER () FROM {SORTED_J}",
    f"SELECT json_quote(value), sum(key) OVER () FROM {SORTED_J}",
    f"SELECT json_quote(first_value(value) OVER ()) FROM {SORTED_J}",
    f"SELECT json_quote(value), (SELECT 1) FROM {SORTED_J} GROUP BY key",
    f"SELECT json_quote((SELECT value FROM {SORTED_J} GROUP BY NULL))",
    f"SELECT json_quote(value) FROM {SORTED_J} ORDER BY key",
    # the binder looks for a window only where the text holds an OVER, in any case
    # (after_sorter._no_over): the word in mixed case, in ORDER BY only, in a WITH piece
    f"SELECT json_quote(value), row_number() oVeR () FROM {SORTED_J}",
    f"SELECT json_quote(value) FROM {SORTED_J} ORDER BY sum(key) Over ()",
    f"WITH c AS (SELECT json_quote(value) AS q, key, row_number() OVER () AS n FROM {SORTED_J})"
    " SELECT q FROM c ORDER BY key",
]


def test_a_sorter_or_window_table_drops_the_json_subtype():
    assert_same([], AFTER_SORTER)


def test_a_window_of_a_view_drops_the_json_subtype_in_a_statement_without_over():
    assert_same([f"CREATE VIEW v AS SELECT json_quote(value) AS q, key, row_number() OVER ()"
                 f" AS n FROM {SORTED_J}"],
                ["SELECT q FROM v ORDER BY key", "SELECT q, n FROM v"])


# Read through a FROM subquery, common table or view SQLite flattens, json_each's bare
# value is the function's own column, subtype and all; a co-routine, a materialized table,
# a DISTINCT's or ORDER BY's table, a compound or an expression around it hands on plain
# text (sql/bind/properties.json_columns, exec/cte_scan._marks_kept).
THROUGH = [
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J})",
    f"SELECT json_group_array(value) FROM (SELECT value FROM {SORTED_J})",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J} LIMIT 5)",
    f"SELECT json_array(x) FROM (SELECT value AS x, key FROM {SORTED_J} WHERE key >= 1)",
    f"SELECT json_array(x) FROM t, (SELECT value AS x FROM {SORTED_J})",
    "SELECT json_array(x) FROM (SELECT value AS x FROM t, json_each(t.b))",
    f"SELECT json_array(y) FROM (SELECT x AS y FROM (SELECT value AS x FROM {SORTED_J}))",
    f"WITH c AS (SELECT value AS x FROM {SORTED_J}) SELECT json_array(x) FROM c",
    "SELECT json_array(x) FROM v",
    f"SELECT x, typeof(x), x = '[1]', length(x) FROM (SELECT value AS x FROM {SORTED_J})",
    f"SELECT x FROM (SELECT value AS x FROM {SORTED_J}) WHERE x = '[1]' OR x = 3 ORDER BY x",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J}) GROUP BY x",
    f"SELECT json_array(x) FROM (SELECT DISTINCT value AS x FROM {SORTED_J})",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J} ORDER BY 1)",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J} UNION ALL SELECT '[2]')",
    f"SELECT json_array(x) FROM (SELECT +value AS x FROM {SORTED_J})",
    f"WITH c AS MATERIALIZED (SELECT value AS x FROM {SORTED_J}) SELECT json_array(x) FROM c",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J} LIMIT 5), t",
    # a scalar subquery runs with a LIMIT 1: a FROM subquery's own LIMIT keeps it apart
    f"SELECT (SELECT json_array(v) FROM (SELECT value AS v FROM {SORTED_J} LIMIT 1))",
    f"SELECT a, (SELECT json_array(v) FROM (SELECT value AS v FROM {SORTED_J} LIMIT 2)) FROM t",
    f"SELECT (SELECT json_array(v) FROM (SELECT value AS v FROM {SORTED_J}))",
    # a parenthesised join is such a subquery too (fuzz case 137 of the fixed seed)
    f"SELECT json_array(j.value), j.value IS TRUE FROM (t JOIN {SORTED_J} AS j ON 1)",
    "SELECT sum(j.value IS TRUE) FROM v, (t AS u JOIN json_tree(jsonb('[1,{\"a\":2}]')) AS j)",
]


def test_a_flattened_subquery_keeps_the_json_subtype_of_json_each_value():
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES ('[1]', '[[2]]')",
                 f"CREATE VIEW v AS SELECT value AS x FROM {SORTED_J}"], THROUGH)


# A scalar subquery's value is its result register, a copy that keeps json_each's
# subtype, also through the forms json_argument follows (CASE, coalesce, COLLATE...); a
# JSON function's own result there loses it, as a sorter or a compound loses it
# (exec/json_arguments.py, json_marks.keeps_subtype).
SCALAR = [
    f"SELECT json_array((SELECT value FROM {SORTED_J}))",
    f"SELECT json_array((SELECT value FROM {SORTED_J} WHERE key = 1)), json_array("
    f"(SELECT value FROM {SORTED_J} WHERE key = 2))",
    f"SELECT a, json_array((SELECT value FROM {SORTED_J} WHERE key = length(t.a) - 3)) FROM t",
    f"SELECT json_object('k', (SELECT value FROM {SORTED_J} LIMIT 1 OFFSET 1))",
    f"SELECT json_insert('{{}}', '$.a', (SELECT value FROM {SORTED_J}))",
    f"SELECT json_group_array((SELECT value FROM {SORTED_J})) FROM t",
    f"SELECT json_array((SELECT (SELECT value FROM {SORTED_J})))",
    f"SELECT json_array((SELECT x FROM (SELECT value AS x FROM {SORTED_J})))",
    "SELECT json_array((SELECT x FROM v))",
    "SELECT json_array((SELECT value FROM json_each(t.b))) FROM t",
    f"SELECT json_array((SELECT coalesce(value, 0) FROM {SORTED_J})), json_array("
    f"(SELECT iif(1, value, 0) FROM {SORTED_J})), json_array((SELECT nullif(value, 0) "
    f"FROM {SORTED_J}))",
    f"SELECT json_array((SELECT CASE WHEN key = 0 THEN value END FROM {SORTED_J})), "
    f"json_array((SELECT value COLLATE nocase FROM {SORTED_J})), json_array((SELECT +value "
    f"FROM {SORTED_J})), json_array((SELECT CAST(value AS TEXT) FROM {SORTED_J}))",
    f"SELECT json_array(coalesce((SELECT value FROM {SORTED_J}), 1)), json_array("
    f"(SELECT value FROM {SORTED_J}) COLLATE nocase), json_array(+(SELECT value FROM {SORTED_J}))",
    f"SELECT (SELECT value FROM {SORTED_J}), typeof((SELECT value FROM {SORTED_J})), "
    f"(SELECT value FROM {SORTED_J}) = '[1]', length((SELECT value FROM {SORTED_J}))",
    f"SELECT json_array((SELECT value FROM {SORTED_J})) FROM t WHERE (SELECT value FROM "
    f"{SORTED_J}) = '[1]'",
    # lost: a JSON function's own result, a sorter, a FROM subquery not flattened
    "SELECT json_array((SELECT json('[1]'))), json_array((SELECT json_array(a) FROM t))",
    "SELECT json_array((SELECT coalesce(json_array(1), 0))), json_array((SELECT "
    "json_group_array(a) FROM t))",
    f"SELECT json_array((SELECT value FROM {SORTED_J} ORDER BY key DESC))",
    f"SELECT json_array((SELECT value FROM {SORTED_J} GROUP BY key))",
    f"SELECT json_array((SELECT value FROM {SORTED_J} EXCEPT SELECT 0))",
    f"SELECT json_array(x) FROM (SELECT (SELECT value FROM {SORTED_J}) AS x)",
    f"SELECT json_array(x) FROM (SELECT (SELECT value FROM {SORTED_J}) AS x FROM t)",
    f"SELECT json_array((SELECT value FROM {SORTED_J}) || '')",
    f"SELECT json_array((SELECT value ->> '$' FROM {SORTED_J}))",
]


def test_a_scalar_subquery_keeps_the_json_subtype_of_json_each_value():
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES ('[1]', '[[2]]')",
                 f"CREATE VIEW v AS SELECT value AS x FROM {SORTED_J}"], SCALAR)


# SQLite 3.54 flattens a subquery of one virtual table on the right of a LEFT JOIN or the
# left of a RIGHT JOIN (plan/flatten.flattens): its json_each value is the function's own.
OUTER = [
    f"SELECT json_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J}) ON 1",
    f"SELECT json_array(x) FROM t LEFT JOIN (SELECT value AS x, key FROM {SORTED_J}) "
    "ON key = length(t.a) - 3",
    f"SELECT json_array(x) FROM (SELECT value AS x FROM {SORTED_J}) RIGHT JOIN t ON 1",
    f"SELECT json_group_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J}) ON 1",
    f"WITH c AS (SELECT value AS x FROM {SORTED_J}) SELECT json_array(x) FROM t LEFT JOIN c "
    "ON 1",
    "SELECT json_array(x) FROM t LEFT JOIN v ON 1",
    f"SELECT json_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J}) ON 0",
    # not flattened: a FULL JOIN, a LIMIT, a DISTINCT outer query
    f"SELECT json_array(x) FROM t FULL JOIN (SELECT value AS x FROM {SORTED_J}) ON 1",
    f"SELECT json_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J} LIMIT 5) ON 1",
    f"SELECT DISTINCT json_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J}) ON 1",
    f"SELECT json_array(x) FROM t LEFT JOIN (SELECT value AS x FROM {SORTED_J}, t AS u) ON 1",
]


def test_a_virtual_table_subquery_is_flattened_into_an_outer_join():
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES ('[1]', '[[2]]'), ('[22]', 1)",
                 f"CREATE VIEW v AS SELECT value AS x FROM {SORTED_J}"], OUTER)


def test_a_write_keeps_the_json_subtype_of_a_scalar_subquerys_value():
    """Computed straight into the row (json_marks.py), a scalar subquery's value keeps the
    subtype for RETURNING and a generated column; INSERT ... SELECT hands over plain text."""
    assert_same(["CREATE TABLE w(a, b AS (json_array(a)))"], [
        f"INSERT INTO w(a) VALUES ((SELECT value FROM {SORTED_J})) RETURNING json_array(a), b",
        f"INSERT INTO w(a) VALUES (coalesce((SELECT value FROM {SORTED_J}), 0)) RETURNING b",
        f"UPDATE w SET a = (SELECT value FROM {SORTED_J} WHERE key = 1) RETURNING json_array(a)",
        f"INSERT INTO w(a) SELECT (SELECT value FROM {SORTED_J}) RETURNING json_array(a), b",
        "INSERT INTO w(a) VALUES ((SELECT json('[7]'))) RETURNING json_array(a), b",
        "SELECT a, b FROM w"])
