"""json_each's and json_tree's values where SQLite keeps or drops their JSON subtype
(feature ``json_values``).

A value of json_each or json_tree that is an array or object carries SQLite's JSON
subtype in its register: a JSON function that reads subtypes (json_array, json_object,
json_insert, json_set...) nests it as JSON where it would quote text. Whether it still
carries it after a scalar subquery, an aggregate, a compound, a DISTINCT, a sorter, a FROM
subquery or an outer join is a matter of SQLite's code generator
(rowandb/planner/exec/json_marks.py), so this feature writes such values there:

- ``reader_call``, in place of a function call gen_expr drew, and ``result_column``, a
  result column of a query (where the answer shows what the reader made): a reader over
  a scalar subquery of a table function's value -- bare, ``max``/``min``, DISTINCT, a
  UNION [ALL] or EXCEPT arm, ORDER BY, GROUP BY, LIMIT/OFFSET, ``->``, coalesce -- or over
  one of the drawn expressions (the statement's own FROM may hold a table function);
- ``from_subquery``, in place of the table function gen_query drew as a FROM item: the
  same columns read through a FROM subquery (maybe with DISTINCT, ORDER BY, LIMIT or a
  WHERE), which SQLite flattens or not, also on the right of a LEFT JOIN.

The choices come from ``g.side_rng`` (a seed writes the same case without the feature).
Documents are well formed and paths are '$' ones, and the readers take any value a
document gives, so nothing raises where errors are steered off.
"""

from __future__ import annotations

from .sqltree import Node, expr, leaf, node

# no strings inside: json_each gives one as bare text, which ``->`` and json() reject;
# mostly arrays and objects inside, whose values carry the subtype
DOCUMENTS = ["'[[1],{\"a\":[2]},3,true,null]'", "'{\"a\":[1,2],\"b\":{\"c\":3},\"d\":2.5}'",
             "'[{\"k\":1},[],{}]'", "'[1,2.5,-0]'", "jsonb('[[7],{\"z\":0}]')", "'[]'",
             "'[[1],{\"a\":[2]},3,true,null]'", "'[{\"k\":1},[],{}]'", "'{\"x\":[{}]}'"]
PATHS = ["'$'", "'$.a'", "'$[0]'", "'$.b'", "'$[1]'"]

# how a scalar subquery gives its one value ``{v}`` from ``{f}`` (alias ``j``)
SCALAR_FORMS = [
    "SELECT {v} FROM {f}", "SELECT {v} FROM {f} WHERE j.type IN ('array', 'object')",
    "SELECT max({v}) FROM {f}", "SELECT min({v}) FROM {f} WHERE j.type <> 'null'",
    "SELECT max(DISTINCT {v}) FROM {f}", "SELECT DISTINCT {v} FROM {f}",
    "SELECT {v} FROM {f} UNION ALL SELECT 0", "SELECT {v} FROM {f} UNION SELECT 1",
    "SELECT 0 WHERE 0 UNION ALL SELECT {v} FROM {f}", "SELECT {v} FROM {f} EXCEPT SELECT 2",
    "SELECT {v} FROM {f} ORDER BY j.id DESC", "SELECT {v} FROM {f} GROUP BY j.id",
    "SELECT {v} FROM {f} LIMIT 1 OFFSET 1", "SELECT max({v}) FROM {f} GROUP BY j.type",
    "SELECT {v} FROM (SELECT * FROM {f})", "SELECT {v} FROM {f} WHERE j.key = 1",
]
# the value read from the table function's row
VALUES = ["j.value", "j.value", "j.value", "j.atom", "j.value -> '$'", "j.value ->> '$'",
          "json(j.value)", "coalesce(j.value, 0)", "CASE WHEN j.id >= 0 THEN j.value END"]
# what reads the value ``{v}``
READERS = ["json_array({v})", "json_array({v}, {v})", "json_object('k', {v})",
           "json_insert('[]', '$[#]', {v})", "json_set('{}', '$.a', {v})",
           "json_array_length(json_array({v}))", "json_type(json_array({v}), '$[0]')"]


def reader_call(g, expressions: list) -> Node:
    """A reader of the JSON subtype over a table function's value in a scalar subquery,
    or over one of ``expressions`` (the call gen_expr drew, whose arguments they are)."""
    side = g.side_rng
    reader = side.choice(READERS)
    if expressions and side.random() < 0.5:
        value = side.choice(expressions)
        if g.subquery_errors:           # a BLOB is json_array's error
            value = expr("CAST(", value, " AS TEXT)", subexprs=[value])
        return expr(*_filled(reader, value), subexprs=[value])
    function = side.choice(["json_each", "json_tree"])
    args = [side.choice(DOCUMENTS)] + ([side.choice(PATHS)] if side.random() < 0.15 else [])
    source = f"{function}({', '.join(args)}) AS j"
    query = side.choice(SCALAR_FORMS).replace("{v}", side.choice(VALUES))
    subquery = leaf("(" + query.replace("{f}", source) + ")")
    return expr(*_filled(reader, subquery), subexprs=[subquery])


def result_column(g, refs: list) -> Node:
    """A result column reading the subtype where the answer shows it: ``reader_call``
    over a table function's value in the query's own FROM (a ``.value`` or ``.atom``
    column of ``refs``) or in a scalar subquery."""
    values = [leaf(r.text, ref=r.text) for r in refs
              if r.text.endswith((".value", ".atom"))]
    return reader_call(g, values if values and g.side_rng.random() < 0.6 else [])


def _filled(reader: str, value: Node) -> list:
    """``reader`` as parts, ``value`` in place of each ``{v}``."""
    parts = []
    for k, piece in enumerate(reader.split("{v}")):
        if k:
            parts.append(value)
        parts.append(piece)
    return parts


def from_subquery(g, function_item: str, alias: str, columns: list) -> Node:
    """``(SELECT <columns> FROM <function_item> AS j ...) AS alias``: the table function's
    columns read through a FROM subquery, maybe filtered, DISTINCT, sorted or limited."""
    side = g.side_rng
    distinct = "DISTINCT " if side.random() < 0.15 else ""
    names = ", ".join(f"j.{c} AS {c}" for c in columns)
    tail = side.choice(["", "", " WHERE j.type <> 'integer'", " ORDER BY j.id DESC",
                        " LIMIT 3", " WHERE j.key IS NOT NULL LIMIT 2 OFFSET 1"])
    return node(f"(SELECT {distinct}{names} FROM {function_item} AS j{tail}) AS {alias}")
