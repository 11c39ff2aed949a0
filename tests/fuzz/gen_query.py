"""Random SELECTs: FROM clauses with every join RowanDB has, grouping, ordering, compounds.

``gen_query(g)`` returns a statement ``Node`` whose ``info`` tells the comparator how to
compare its rows:

* ``ordered`` -- the ORDER BY names every output column, so the row order is SQLite's to
  decide and must match. LIMIT and OFFSET are only ever generated with such an ORDER BY:
  under a partial order SQLite's choice of rows is not defined.
* ``representative`` -- two rows or values that compare equal may be shown differently
  (1 and 1.0; 'a' and 'A' under NOCASE, 'a' and 'a ' under RTRIM) and SQLite's choice of
  which one survives DISTINCT, GROUP BY, UNION, INTERSECT, EXCEPT, min() or max(), or which
  comes first among ORDER BY ties, depends on its plan. The comparator then compares values
  up to that equality (compare.py).
* ``float_order`` -- sum/avg/total over reals: the last bits depend on the order of the
  additions, so REALs compare with a relative tolerance of 1e-9; and an ``integer
  overflow`` error from sum() depends on the order too (SQLite raises it when a partial
  sum overflows), so a difference there is counted as order-dependent, not as a failure.

Everything else compares exactly: values and storage classes, row counts, column names.
Scalar and IN/EXISTS subqueries (correlated or not) come from ``gen_subquery``; FROM may
hold a subquery too, (feature ``cte``) a table of the query's WITH clause, and (feature
``view``) a view the setup created (``gen_views``). With feature ``window`` a select list
may hold a window-function call (``gen_window``).
"""

from __future__ import annotations

from . import gen_cte, gen_shapes, gen_values
from .gen_expr import (JSON_GOOD_DOCUMENTS, JSON_PATHS, Ref, Scope, gen_aggregate,
                       gen_expr, gen_predicate)
from .gen_window import gen_window_call
from .gen_window_names import window_clause
from .sqltree import Node, expr, items, leaf, node

JOINS = ["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "CROSS JOIN", ",",
         "NATURAL JOIN", "NATURAL LEFT JOIN", "USING"]


def gen_from(g, outer: list = (), count: int | None = None,
             derived: bool = True) -> tuple[Node, list]:
    """A FROM clause of one to three tables (or a subquery); returns (node, refs)."""
    rng = g.rng
    count = count or rng.choice([1, 1, 2, 2, 3])
    saved = g.no_like               # a RIGHT or FULL JOIN may flatten a subquery here too
    g.no_like = saved or count > 1 and (g.config.has("right_join") or g.config.has(
        "full_join")) and g.config.steer("sqlite_like_left_join")
    first, refs = _source(g, derived)
    g.no_like = saved
    parts = [first]
    joins, using = list(JOINS), ["JOIN", "LEFT JOIN"]
    if g.config.has("right_join"):
        joins += ["RIGHT JOIN", "RIGHT OUTER JOIN", "NATURAL RIGHT JOIN"]
        using.append("RIGHT JOIN")
    if g.config.has("full_join"):
        joins += ["FULL JOIN", "FULL OUTER JOIN", "NATURAL FULL JOIN"]
        using.append("FULL JOIN")
    for _ in range(count - 1):
        saved = g.no_like           # a subquery here may be flattened into a LEFT JOIN's ON
        g.no_like = saved or g.config.steer("sqlite_like_left_join")
        source, new_refs = _source(g)
        if g.config.has("nested_joins") and g.side_rng.random() < 0.3:
            source, new_refs = _nested(g, source, new_refs, list(outer))
        g.no_like = saved
        kind = rng.choice(joins)
        once = _in_one_source(refs) if len(using) > 2 and \
            g.config.steer("sqlite_using_error_cte") else None
        if kind.startswith("NATURAL") and once is not None and \
                {r.text.split(".")[1] for r in new_refs} & (_columns(refs) - once):
            kind = ","              # NATURAL would name a column two left items have
        if kind.startswith("NATURAL") and source.info.get("nested") and \
                _TABLE_FUNCTION_COLUMNS <= _columns(refs) and \
                g.config.steer("sqlite_natural_nested_tvf"):
            kind = ","
        if kind == "USING":
            shared = sorted((_columns(refs) if once is None else once) & _columns(new_refs))
            if not shared:
                kind = "JOIN"
            else:
                used = rng.sample(shared, rng.randint(1, min(2, len(shared))))
                how = rng.choice(using)
                parts.append(node(f" {how} ", source, f" USING ({', '.join(used)})"))
        if kind in (",", "CROSS JOIN") or kind.startswith("NATURAL"):
            parts.append(node(", " if kind == "," else f" {kind} ", source))
        elif kind != "USING":
            scope = Scope(list(outer) + refs + new_refs)
            g.no_like = saved or g.config.steer("sqlite_like_left_join")
            on = gen_predicate(g, scope, 2)
            g.no_like = saved
            parts.append(node(f" {kind} ", source, " ON ", on))
        refs = refs + new_refs
    return node(*parts, kind="from"), refs


def _nested(g, first: Node, refs: list, outer: list) -> tuple[Node, list]:
    """``(first JOIN second ON ...)``: parenthesised joins, a FROM item of their own
    (SQLite's nested FROM) when they hold or follow an outer join."""
    second, more = _source(g)
    kinds = ["JOIN", "LEFT JOIN", "CROSS JOIN"] + (
        ["RIGHT JOIN"] if g.config.has("right_join") else []) + (
        ["FULL JOIN"] if g.config.has("full_join") else [])
    kind = g.rng.choice(kinds)
    if kind == "CROSS JOIN":
        return node("(", first, " CROSS JOIN ", second, ")"), refs + more
    on = gen_predicate(g, Scope(outer + refs + more), 2)
    return node("(", first, f" {kind} ", second, " ON ", on, ")", info={"nested": True}), \
        refs + more


# columns only json_each's and json_tree's rows have (feature table_functions)
_TABLE_FUNCTION_COLUMNS = {"fullkey", "path"}


def _columns(refs) -> set:
    return {r.text.split(".")[1] for r in refs}


def _in_one_source(refs) -> set:
    """The column names only one of the FROM items of ``refs`` has: a USING of them is
    never ambiguous, also with a RIGHT or FULL JOIN in the FROM clause."""
    owners: dict = {}
    for r in refs:
        alias, name = r.text.split(".")
        owners.setdefault(name, set()).add(alias)
    return {name for name, aliases in owners.items() if len(aliases) == 1}


def _source(g, derived: bool = True) -> tuple[Node, list]:
    """``tN AS aK`` or, now and then, ``(SELECT ...) AS aK``."""
    alias = g.alias()
    if derived and g.may_subquery() and gen_values.wanted(g, 0.06):
        g.subquery_budget -= 1
        with g.nested():
            item = gen_values.from_source(g, alias, lambda width: _table_arm(g, width))
        g.reads_flattened = True
        return item
    if derived and g.may_subquery() and g.rng.random() < 0.15:
        g.subquery_budget -= 1
        with g.nested():
            inner, count = _derived_table(g)
        g.reads_flattened = True
        refs = [Ref(f"{alias}.c{i}") for i in range(count)]
        return node("(", inner, f") AS {alias}"), refs
    if g.config.has("table_functions") and g.side_rng.random() < 0.05:
        return _table_function(g, alias)
    if g.ctes and g.rng.random() < 0.4:         # a common table of the statement's WITH
        name, count = g.rng.choice(g.ctes)
        g.reads_flattened = True
        return node(f"{name} AS {alias}"), [Ref(f"{alias}.c{i}") for i in range(count)]
    if g.views and g.rng.random() < 0.3:        # a view of the setup (feature ``view``)
        name, count = g.rng.choice(g.views)
        g.reads_flattened = True
        return node(f"{name} AS {alias}"), [Ref(f"{alias}.c{i}") for i in range(count)]
    table = g.rng.choice(g.schema.tables)
    refs = [Ref(f"{alias}.{c.name}", c) for c in table.columns]
    return node(f"{table.name} AS {alias}", _index_hint(g, table)), refs


def _index_hint(g, table) -> Node | None:
    """(feature ``indexed_by``) `` NOT INDEXED`` or `` INDEXED BY`` one of the table's
    indexes, now and then; the decision is drawn aside (``Gen.side_rng``). An index the
    plan cannot use is SQLite's 'no query solution' (a partial index whose WHERE the
    query's terms do not imply)."""
    if not g.config.has("indexed_by") or g.side_rng.random() >= 0.1:
        return None
    if not table.indexes or g.side_rng.random() < 0.3:
        return node(" NOT INDEXED", optional=True)
    return node(f" INDEXED BY {g.side_rng.choice(table.indexes)}", optional=True)


JSON_TABLE_COLUMNS = ["key", "value", "type", "atom", "id", "parent", "fullkey", "path"]


def _table_function(g, alias: str) -> tuple[Node, list]:
    """(feature ``table_functions``) ``json_each(doc [, path]) AS alias`` or json_tree,
    drawn aside (``Gen.side_rng``), over a well-formed document and a '$' path: whether
    a malformed one raises depends on the join order when a table joined to it is empty
    (SQLite may loop that table first, RowanDB keeps its order: fuzz seeds 908 and 922
    with this feature, the join-order difference of seed 18001779 the lead is fixing)."""
    side = g.side_rng
    name = side.choice(["json_each", "json_tree"])
    args = [side.choice(JSON_GOOD_DOCUMENTS)]
    if side.random() < 0.4:
        args.append(side.choice([p for p in JSON_PATHS if p.startswith("'$") and p != "'$['"]))
    refs = [Ref(f"{alias}.{c}") for c in JSON_TABLE_COLUMNS]
    if g.config.has("json_values") and side.random() < 0.4:   # read through a subquery
        from .gen_json_values import from_subquery
        return from_subquery(g, f"{name}({', '.join(args)})", alias, JSON_TABLE_COLUMNS), refs
    return node(f"{name}({', '.join(args)}) AS {alias}"), refs


def gen_views(g) -> list:
    """One to three ``CREATE [TEMP] VIEW vN(c0, ...) AS <derived query>`` statements; a
    later view may read an earlier one."""
    statements = []
    for k in range(g.rng.randint(1, 3)):
        saved = g.no_like           # a view may be flattened into an outer join's side
        g.no_like = saved or g.config.steer("sqlite_like_left_join")
        with g.nested():
            body, count = _derived_table(g)
        g.no_like = saved
        temp = "TEMP " if g.rng.random() < 0.2 else ""
        columns = ", ".join(f"c{i}" for i in range(count))
        statements.append(node(f"CREATE {temp}VIEW v{k}({columns}) AS ", body))
        g.views.append((f"v{k}", count))
        if temp:
            g.temp_views.add(f"v{k}")
    return statements


def _derived_table(g) -> tuple[Node, int]:
    from_node, refs = gen_from(g, count=1)
    scope = Scope(refs)
    count = g.rng.randint(1, 3)
    expressions = [gen_expr(g, scope, 1) for _ in range(count)]
    cols = [node(e, f" AS c{i}") for i, e in enumerate(expressions)]
    where = _where(g, scope)
    # (feature query_shapes) its first rows in a total order: ORDER BY ... LIMIT
    tail = gen_shapes.sorted_limit(g, expressions) if gen_shapes.wanted(g, 0.2) else None
    return node("SELECT ", items(cols), " FROM ", from_node, where, tail), count


def _where(g, scope: Scope, chance: float = 0.6) -> Node | None:
    if g.rng.random() >= chance:
        return None
    return node(" WHERE ", gen_predicate(g, scope), optional=True)


def gen_query(g) -> Node:
    """A random top-level SELECT or compound SELECT, maybe with a WITH clause."""
    if gen_cte.wanted(g, 0.12):     # several common tables, recursive shapes
        return gen_cte.with_tables(g, lambda: _query(g), lambda: _derived_table(g))
    if g.config.has("cte") and g.rng.random() < 0.25:
        return _with_clause(g)
    return _query(g)


def _with_clause(g) -> Node:
    """``WITH [RECURSIVE] wN(c0, ...) AS [[NOT] MATERIALIZED] (...)`` before a query that
    reads the table (``_source``): a derived table's query, or a recursive counter."""
    rng = g.rng
    name = f"w{g.alias()[1:]}"
    if rng.random() < 0.3:
        count, head = 1, "WITH RECURSIVE "
        body = node(f"SELECT {rng.randint(-2, 3)} {rng.choice(['UNION', 'UNION ALL'])} "
                    f"SELECT c0 + {rng.randint(1, 3)} FROM {name} WHERE c0 < "
                    f"{rng.randint(0, 12)}")
    else:
        head = "WITH "
        with g.nested():
            body, count = _derived_table(g)
    hint = rng.choice(["", "", " MATERIALIZED", " NOT MATERIALIZED"])
    columns = ", ".join(f"c{i}" for i in range(count))
    g.ctes.append((name, count))
    try:
        query = _query(g)
    finally:
        g.ctes.pop()
    return node(f"{head}{name}({columns}) AS{hint} (", body, ") ", query, info=query.info)


def _query(g) -> Node:
    roll = g.rng.random()
    if roll < 0.15:
        return _compound(g)
    return _select(g, grouped=roll < 0.4)


def _select(g, grouped: bool) -> Node:
    rng = g.rng
    from_node, refs = gen_from(g)
    scope = Scope(refs)
    where = _where(g, scope)
    distinct = rng.random() < 0.2
    group = having = None
    windows: list = []      # feature window_names: the WINDOW clause's definitions
    if grouped:
        keys = [_group_key(g, scope) for _ in range(rng.randint(0, 2))]
        agg_scope = Scope(refs, True, scope.flags)
        columns = keys + [gen_aggregate(g, agg_scope) for _ in range(rng.randint(1, 3))]
        if keys:
            group = node(" GROUP BY ", items(keys), optional=True)
            scope.flags.add("representative")
            if rng.random() < 0.4:
                having = node(" HAVING ", _having(g, agg_scope), optional=True)
        elif g.config.has("aggregate_kinds") and g.side_rng.random() < 0.3:
            having = node(" HAVING ", _having(g, agg_scope), optional=True)  # no GROUP BY
    else:
        columns = [gen_expr(g, scope, rng.choice([1, 2, 3])) for _ in range(rng.randint(1, 4))]
        if g.config.has("window") and rng.random() < 0.3:
            columns.insert(rng.randint(0, len(columns)), gen_window_call(g, scope, windows))
        elif rng.random() < 0.1:
            columns = [leaf("*")]
        if g.config.has("json_values") and g.side_rng.random() < 0.4:
            from .gen_json_values import result_column    # (feature json_values)
            columns.insert(g.side_rng.randint(0, len(columns)), result_column(g, refs))
    if distinct:
        scope.flags.add("representative")
    names = None
    if columns[0].render() != "*" and gen_shapes.wanted(g, 0.2):
        columns, names = gen_shapes.named_columns(g, columns)  # ORDER BY oK, not positions
    select = node("SELECT ", "DISTINCT " if distinct else None, items(columns), " FROM ",
                  from_node, where, group, having, window_clause(windows))
    width = len(columns) if columns[0].render() != "*" else None
    return _order_and_limit(g, select, width, scope.flags, names)


def _group_key(g, scope: Scope) -> Node:
    """A GROUP BY term. An integer constant there -- also one SQLite folds to an integer,
    like ``(0 ISNULL)`` or ``a AND 0`` -- is a column position."""
    return gen_expr(g, scope, g.rng.choice([0, 0, 1]))


def _having(g, scope: Scope) -> Node:
    a = gen_aggregate(g, scope)
    op = g.rng.choice(["=", "<", ">", "<>", ">=", "IS NOT"])
    b = gen_aggregate(g, scope) if g.rng.random() < 0.3 else leaf(str(g.rng.randint(-1, 3)))
    return expr(a, f" {op} ", b, subexprs=[])


def _order_and_limit(g, select: Node, width, flags: set, names: list | None = None) -> Node:
    """ORDER BY every column (ordered, maybe LIMIT) / some terms (unordered) / none; the
    terms are positions, or the columns' ``names`` (feature query_shapes)."""
    rng = g.rng
    roll = rng.random()
    info = {"flags": set(flags)}
    names = names or [str(i + 1) for i in range(width or 0)]
    if width and roll < 0.5:
        terms = [node(names[i], _order_modifiers(g, flags)) for i in range(width)]
        rng.shuffle(terms)
        info["ordered"] = True
        info["flags"].add("representative")  # ties between 1 and 1.0 may come either way
        order = node(" ORDER BY ", items(terms))
        limit = _limit(g) if rng.random() < 0.5 else None
        return node(select, order, limit, info=info)
    if width and roll < 0.65:
        term = names[rng.randint(1, width) - 1] + _order_modifiers(g, flags)
        terms = [node(term, optional=True)]
        return node(select, node(" ORDER BY ", items(terms), optional=True), info=info)
    return node(select, info=info)


def _order_modifiers(g, flags: set) -> str:
    rng = g.rng
    text = ""
    if rng.random() < 0.2:
        collation = rng.choice(["NOCASE", "BINARY", "RTRIM"])
        flags.add(collation.lower())
        text += f" COLLATE {collation}"
    text += rng.choice(["", "", " ASC", " DESC"])
    text += rng.choice(["", "", "", " NULLS FIRST", " NULLS LAST"])
    return text


def _limit(g) -> Node:
    rng = g.rng
    text = f" LIMIT {rng.choice([0, 1, 2, 3, 5, -1])}"
    if rng.random() < 0.5:
        text += f" OFFSET {rng.choice([0, 1, 2, 4])}"
    if gen_shapes.wanted(g, 0.3):       # expressions, the comma form
        return gen_shapes.limit(g)
    return node(text, optional=True)


def _compound(g) -> Node:
    """Two or three SELECTs joined by UNION [ALL] / INTERSECT / EXCEPT."""
    rng = g.rng
    width = rng.randint(1, 3)
    arms, flags = [], set()
    count = rng.randint(2, 3)
    for i in range(count):
        arm = _compound_arm(g, width, flags, last=i == count - 1)
        if i:
            op = rng.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])
            if op != "UNION ALL":
                flags.add("representative")
            arm = node(f" {op} ", arm, optional=True)
        arms.append(arm)
    return _order_and_limit(g, node(*arms), width, flags)


def _compound_arm(g, width: int, flags: set, last: bool) -> Node:
    """A SELECT, or (feature ``values``) a VALUES list unless last: SQLite's grammar
    takes no ORDER BY or LIMIT after a VALUES."""
    if not last and gen_values.wanted(g, 0.2):
        return gen_values.values_list(g, width)
    return _table_arm(g, width, flags)


def _table_arm(g, width: int, flags: set | None = None) -> Node:
    from_node, refs = gen_from(g, count=g.rng.choice([1, 1, 2]))
    scope = Scope(refs, flags=set() if flags is None else flags)
    columns = [gen_expr(g, scope, g.rng.choice([0, 1, 2])) for _ in range(width)]
    return node("SELECT ", items(columns), " FROM ", from_node, _where(g, scope))


# ---------------------------------------------------------------------------------------
# subqueries inside expressions
# ---------------------------------------------------------------------------------------

def gen_subquery(g, outer: Scope, kind: str) -> Node:
    """``(SELECT ...)`` for IN (one column), EXISTS, or a scalar value (at most one row).

    The subquery reads one table under a fresh alias; its WHERE may refer to the outer
    query's columns (a correlated subquery) as well as its own. A scalar subquery that
    is not a count orders by its value so that LIMIT 1 picks a defined row -- unless the
    value is the same on every row anyway.
    """
    if kind != "exists" and g.config.has("compound_subqueries") and \
            g.side_rng.random() < 0.2:
        return _compound_subquery(g, outer)
    with g.nested():
        outer_refs = outer.refs if outer.sub_refs is None else outer.sub_refs
        from_node, refs = gen_from(g, outer_refs, count=g.rng.choice([1, 1, 1, 2]))
        scope = Scope(list(outer_refs) + refs, flags=outer.flags)
        where = _where(g, scope, 0.75)
        inner = Scope(refs, flags=outer.flags)
        if kind == "exists":
            return node("(SELECT ", g.rng.choice(["1", "*", "NULL"]), " FROM ", from_node,
                        where, ")")
        if kind == "column":
            return node("(SELECT ", gen_expr(g, inner, 1), " FROM ", from_node, where, ")")
        if g.rng.random() < 0.4:
            count = g.rng.choice(["count(*)", "count(DISTINCT ", "count("])
            arg = None if count == "count(*)" else node(gen_expr(g, inner, 1), ")")
            return node("(SELECT ", count, arg, " FROM ", from_node, where, ")")
        value = gen_expr(g, inner, 1).render()
        if not any(ref.text in value for ref in refs):  # the same value on every row
            return node(f"(SELECT {value} FROM ", from_node, where, " LIMIT 1)")
        way = g.rng.choice(["", " DESC"])
        return node(f"(SELECT {value} FROM ", from_node, where,
                    f" ORDER BY {value} COLLATE BINARY{way}, typeof({value}) LIMIT 1)")


def _compound_subquery(g, outer: Scope) -> Node:
    """(feature ``compound_subqueries``) ``(SELECT x FROM ... UNION ... SELECT y FROM ...
    ORDER BY 1 [DESC] [LIMIT n [OFFSET m]])`` as an IN list's or a scalar subquery, its
    arms maybe correlated; drawn aside (``Gen.side_rng``). Which of two equal values
    (1 and 1.0) the ORDER BY puts first is SQLite's to choose: the comparison is up to
    representatives."""
    side = g.side_rng
    outer.flags.add("representative")
    arms = []
    with g.nested():
        outer_refs = outer.refs if outer.sub_refs is None else outer.sub_refs
        for i in range(side.choice([2, 2, 3])):
            from_node, refs = gen_from(g, outer_refs, count=1)
            scope = Scope(list(outer_refs) + refs, flags=outer.flags)
            arm = node("SELECT ", gen_expr(g, Scope(refs, flags=outer.flags), 1), " FROM ",
                       from_node, _where(g, scope, 0.5))
            op = side.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])
            arms.append(arm if not i else node(f" {op} ", arm))
    order = f" ORDER BY 1{side.choice(['', ' DESC', ' COLLATE BINARY'])}"
    limit = side.choice(["", " LIMIT 1", " LIMIT 2", " LIMIT 1 OFFSET 1", " LIMIT -1"])
    return node("(", *arms, order, limit, ")")
