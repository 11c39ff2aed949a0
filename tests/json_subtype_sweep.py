"""A generated sweep of the ways a value that may carry SQLite's JSON subtype reaches a
function that reads it, for differential tests against SQLite (apsw).

SQLite's subtype rides on a register (rowandb/planner/exec/json_marks.py): json_each's
and json_tree's ``value`` (an array or object), a JSON function's result and ``->``'s
carry it, and a copy of the register keeps it while a record (a sorter, an ephemeral
table) drops it. Which copies keep it is a matter of SQLite's code generator, so the
sweep crosses what gives a value (``VALUES``) with the ways it travels (``SHAPES``: a
scalar subquery and what sits inside one, an aggregate, a FROM subquery, a common table,
a view, an outer join, a window, an INSERT or UPDATE whose RETURNING, generated column,
CHECK or trigger reads the row) and with what reads it (``READERS``). ``statements``
gives each shape's scripts; ``tests/test_json_subtype_sweep.py`` runs them on both
engines.
"""

from __future__ import annotations

import itertools

DOCUMENT = "'[[1],{\"a\":[2]},3,\"s\",null]'"

#: name -> (the FROM item, the value read from it); ``j`` is the table function's alias.
VALUES = {
    "each": (f"json_each({DOCUMENT}) AS j", "j.value"),
    "tree": (f"json_tree({DOCUMENT}) AS j", "j.value"),
    "atom": (f"json_tree({DOCUMENT}) AS j", "j.atom"),
    "arrow": (f"json_each({DOCUMENT}) AS j", "j.value -> '$'"),
    "arrow2": (f"json_each({DOCUMENT}) AS j", "j.value ->> '$'"),
    "json": (f"json_each({DOCUMENT}) AS j", "json(j.value)"),
    "coalesce": (f"json_each({DOCUMENT}) AS j", "coalesce(j.value, 0)"),
    # a JSON function SQLite's walk finds (returns_subtype) and one behind an operator
    "case": (f"json_each({DOCUMENT}) AS j", "CASE WHEN j.key >= 0 THEN j.value "
             "ELSE json('0') END"),
    "operator": (f"json_each({DOCUMENT}) AS j", "coalesce(j.value, json('0') IS NULL)"),
}

#: what reads the value ``{v}``
READERS = ["json_array({v})", "json_object('k', {v}, 't', typeof({v}))",
           "json_insert('[]', '$[#]', {v})"]

_NESTED = "j.type IN ('array', 'object')"

#: name -> list of statements; ``{x}`` the value, ``{f}`` its FROM item, ``{r}`` a
#: reader with ``{v}`` for the value it reads. Statements run in order on one fresh
#: pair of connections holding ``SETUP``.
SHAPES = {
    # a scalar subquery's value is its result register
    "scalar": ["SELECT {r[(SELECT {x} FROM {f})]}"],
    "scalar_where": ["SELECT {r[(SELECT {x} FROM {f} WHERE j.type = 'object')]}"],
    "scalar_offset": ["SELECT {r[(SELECT {x} FROM {f} LIMIT 1 OFFSET 1)]}"],
    "scalar_correlated": ["SELECT {r[(SELECT {x} FROM {f} WHERE j.key = t.a)]} FROM t"],
    "scalar_max": ["SELECT {r[(SELECT max({x}) FROM {f})]}"],
    "scalar_min": ["SELECT {r[(SELECT min({x}) FROM {f} WHERE " + _NESTED + ")]}"],
    "scalar_distinct": ["SELECT {r[(SELECT DISTINCT {x} FROM {f})]}"],
    "scalar_union_all": ["SELECT {r[(SELECT {x} FROM {f} UNION ALL SELECT 0)]}"],
    "scalar_union": ["SELECT {r[(SELECT {x} FROM {f} UNION SELECT 0)]}"],
    "scalar_union_right": ["SELECT {r[(SELECT 0 WHERE 0 UNION SELECT {x} FROM {f})]}"],
    "scalar_except": ["SELECT {r[(SELECT {x} FROM {f} EXCEPT SELECT 0)]}"],
    "scalar_intersect": ["SELECT {r[(SELECT {x} FROM {f} INTERSECT SELECT {x} FROM {f})]}"],
    "scalar_order": ["SELECT {r[(SELECT {x} FROM {f} ORDER BY j.id DESC)]}"],
    "scalar_group": ["SELECT {r[(SELECT {x} FROM {f} GROUP BY j.id)]}"],
    "scalar_group_max": ["SELECT {r[(SELECT max({x}) FROM {f} GROUP BY j.type = 'array' "
                         "ORDER BY 1 DESC)]}"],
    "scalar_window": ["SELECT {r[(SELECT {x} FROM {f} WHERE j.id = "
                      "(SELECT min(id) OVER () FROM json_each('[1]') AS k))]}"],
    # aggregates of the query itself
    "max": ["SELECT {r[max({x})]} FROM {f}"],
    "min": ["SELECT {r[min({x})]} FROM {f} WHERE " + _NESTED],
    "max_filter": ["SELECT {r[max({x}) FILTER (WHERE j.key < 2)]} FROM {f}"],
    "max_distinct": ["SELECT {r[max(DISTINCT {x})]} FROM {f}"],
    "max_group": ["SELECT {r[max({x})]} FROM {f} GROUP BY j.type ORDER BY 1"],
    "bare": ["SELECT {r[{x}]}, max(j.id) FROM {f}"],
    # FROM subqueries, common tables, views and joins
    "from": ["SELECT {r[y]} FROM (SELECT {x} AS y FROM {f})"],
    "from_max": ["SELECT {r[y]} FROM (SELECT max({x}) AS y FROM {f})"],
    "cte": ["WITH c AS (SELECT {x} AS y FROM {f}) SELECT {r[y]} FROM c"],
    "cte_materialized": ["WITH c AS MATERIALIZED (SELECT {x} AS y FROM {f}) "
                         "SELECT {r[y]} FROM c"],
    "view": ["CREATE VIEW v AS SELECT {x} AS y FROM {f}", "SELECT {r[y]} FROM v"],
    "left_join": ["SELECT {r[y]} FROM t LEFT JOIN (SELECT {x} AS y FROM {f}) ON 1"],
    "left_join_function": ["SELECT {r[{x}]} FROM t LEFT JOIN {f} ON 1"],
    "window": ["SELECT {r[{x}]}, row_number() OVER () FROM {f}"],
    "window_value": ["SELECT {r[first_value({x}) OVER ()]} FROM {f}"],
    # the row an INSERT or UPDATE is making (json_marks.py)
    "insert_select": ["INSERT INTO w(a) SELECT {x} FROM {f}", "SELECT * FROM log"],
    "insert_select_returning": ["INSERT INTO w(a) SELECT {x} FROM {f} RETURNING {r[a]}, g"],
    "insert_select_order": ["INSERT INTO w(a) SELECT {x} FROM {f} ORDER BY j.id DESC",
                            "SELECT * FROM log"],
    "insert_values_scalar": ["INSERT INTO w(a) VALUES ((SELECT {x} FROM {f})) "
                             "RETURNING {r[a]}, g"],
    "insert_select_scalar": ["INSERT INTO w(a) SELECT (SELECT {x} FROM {f})",
                             "SELECT * FROM log"],
    "insert_check": ["INSERT INTO k(a) SELECT {x} FROM {f}", "SELECT count(*) FROM k"],
    "insert_check_scalar": ["INSERT INTO k(a) SELECT (SELECT {x} FROM {f})",
                            "SELECT count(*) FROM k"],
    "update_set": ["UPDATE w SET a = (SELECT {x} FROM {f}) RETURNING {r[a]}, g"],
    "update_row": ["UPDATE w SET (a, b) = (SELECT {x}, {x} FROM {f}) "
                   "RETURNING {r[a]}, {r[b]}, g", "SELECT * FROM log"],
    "update_row_second": ["UPDATE w SET (b, a) = (SELECT 1, {x} FROM {f}) "
                          "RETURNING {r[a]}, g"],
    "update_row_check": ["UPDATE k SET (b, a) = (SELECT {x}, {x} FROM {f})",
                         "SELECT count(*) FROM k"],
}

#: every script starts from these tables: ``w`` logs NEW.a through a trigger and has a
#: generated column over it; ``k``'s CHECK fails for an array or object kept JSON
SETUP = [
    "CREATE TABLE t(a)", "INSERT INTO t VALUES (0), (1)",
    "CREATE TABLE w(a, b, g AS (json_array(a)))", "INSERT INTO w(a) VALUES (NULL)",
    "CREATE TABLE log(x)",
    "CREATE TRIGGER wi AFTER INSERT ON w BEGIN INSERT INTO log VALUES "
    "(json_array(NEW.a)); END",
    "CREATE TRIGGER wu AFTER UPDATE ON w BEGIN INSERT INTO log VALUES "
    "(json_array(NEW.a, NEW.b)); END",
    "CREATE TABLE k(a, b, CHECK (json_array(a) NOT LIKE '[[%' AND "
    "json_array(a) NOT LIKE '[{%'))", "INSERT INTO k VALUES (0, 0)",
]


def statements(shape: str) -> list:
    """[(value, reader, script)] of ``shape`` for every value and reader."""
    found = []
    for (value, (source, expr)), reader in itertools.product(VALUES.items(), READERS):
        script = [_fill(t, reader).replace("{x}", expr).replace("{f}", source)
                  for t in SHAPES[shape]]
        found.append((value, reader, script))
    return found


def _fill(template: str, reader: str) -> str:
    """``template`` with each ``{r[piece]}`` made ``reader`` reading ``piece``."""
    out, at = [], 0
    while (start := template.find("{r[", at)) >= 0:
        end = template.index("]}", start)
        out.append(template[at:start] + reader.replace("{v}", template[start + 3:end]))
        at = end + 2
    return "".join(out) + template[at:]
