"""Random data changes: INSERT (every conflict clause, VALUES/SELECT/DEFAULT VALUES), REPLACE,
UPSERT, UPDATE, DELETE, RETURNING, and transaction control.

After each of these the runner compares every table whole on both engines, so a change
that reports the same outcome but leaves different rows behind is still caught.

Determinism: ``INSERT ... SELECT`` orders its rows by the source table's rowid, because
the order decides the new rows' rowids. RETURNING rows are compared as a multiset (SQLite
returns them in its processing order). An UPDATE whose outcome depends on the order in
which rows are visited (``UPDATE t SET u = u + 1`` under UNIQUE(u) fails or not depending
on it) is the one thing SQLite itself leaves to its plan; the WHERE clauses of UPDATE
therefore refer to columns through unary ``+``, which keeps SQLite from using an index
and makes both engines visit rows in rowid order.

UPSERT (feature ``upsert``): ``INSERT ... ON CONFLICT [(target) [WHERE p]] DO NOTHING |
DO UPDATE SET c = <expr over the row and excluded.*> [WHERE p]``, one to three clauses
(only the last may omit its target), targets drawn from the table's PRIMARY KEY and
UNIQUE column lists -- and now and then one that matches no index, which SQLite rejects.
``INSERT ... SELECT`` with an upsert always has a WHERE clause, as SQLite's grammar needs
to tell ``ON CONFLICT`` from a join's ``ON``.
"""

from __future__ import annotations

from . import gen_cte, gen_returning, gen_values
from .gen_expr import Ref, Scope, gen_expr, gen_predicate
from .gen_query import gen_from
from .gen_schema import column_value
from .sqltree import Node, items, literal, node

CONFLICTS = ["", "OR IGNORE ", "OR REPLACE ", "OR ABORT ", "OR FAIL ", "OR ROLLBACK "]
CONTROL = ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s1", "SAVEPOINT s2", "RELEASE s1",
           "ROLLBACK TO s1", "RELEASE s2", "ROLLBACK TO s2", "END", "BEGIN IMMEDIATE"]


# (feature ``pragmas``) the PRAGMAs that change what later statements mean, switched
# before a step now and then (case.py); foreign_keys does nothing inside a transaction.
PRAGMAS = ["PRAGMA case_sensitive_like = ON", "PRAGMA case_sensitive_like = OFF",
           "PRAGMA recursive_triggers = ON", "PRAGMA recursive_triggers = OFF",
           "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON",
           "PRAGMA defer_foreign_keys = ON", "PRAGMA defer_foreign_keys = OFF",
           "PRAGMA case_sensitive_like = 1", "PRAGMA recursive_triggers = true"]


def _conflict(g, table) -> str:
    if table.strict and g.config.steer("sqlite_strict_journal"):
        return g.rng.choice([c for c in CONFLICTS if c not in ("OR IGNORE ", "OR REPLACE ")])
    return g.rng.choice(CONFLICTS)


def gen_dml(g) -> Node:
    if g.view_triggers and g.rng.random() < 0.2:     # feature trigger_forms
        return _view_write(g)
    kind = g.weighted({"insert": 5, "update": 3, "delete": 2, "control": 1})
    if kind == "control":
        return node(g.rng.choice(CONTROL), kind="control")
    table = g.rng.choice(g.schema.tables)
    if kind != "update" and gen_cte.wanted(g, 0.1):    # WITH ... INSERT / DELETE
        return node(gen_cte.with_dml(g, table), _returning(g, table), kind="dml")
    statement = {"insert": _insert, "update": _update, "delete": _delete}[kind](g, table)
    return node(statement, _returning(g, table), kind="dml")


def _view_write(g) -> Node:
    """An INSERT, UPDATE or DELETE of a view, mostly of the event its INSTEAD OF trigger
    has (``g.view_triggers``); otherwise SQLite's 'cannot modify v0 because it is a
    view'. It reads the view, so its expressions keep off KNOWN_BUGS subquery_errors."""
    name, count, event = g.rng.choice(g.view_triggers)
    if g.rng.random() < 0.1:
        event = g.rng.choice(["INSERT", "UPDATE", "DELETE"])
    g.reads_flattened = True
    scope = Scope([Ref(f"c{i}") for i in range(count)])
    if event == "INSERT":
        values = [gen_expr(g, Scope([]), 0) for _ in range(count)]
        return node(f"INSERT INTO {name} VALUES (", items(values), ")", kind="dml")
    where = node(" WHERE ", gen_predicate(g, scope, 1), optional=True) \
        if g.rng.random() < 0.7 else None
    if event == "DELETE":
        return node(f"DELETE FROM {name}", where, kind="dml")
    column = f"c{g.rng.randrange(count)}"
    return node(f"UPDATE {name} SET ", _assignment(g, scope, column), where, kind="dml")


def _target_scope(table, unqualified: bool = True) -> Scope:
    """The target table's columns, as bare names or qualified by the table's name."""
    refs = [Ref(c.name if unqualified else f"{table.name}.{c.name}", c) for c in table.columns]
    return Scope(refs)


def _insert(g, table) -> Node:
    rng = g.rng
    replace = rng.random() < 0.1 and not (table.strict and g.config.steer("sqlite_strict_journal"))
    verb = "REPLACE INTO" if replace else f"INSERT {_conflict(g, table)}INTO"
    names = [n for n in table.writable if rng.random() < 0.8] or table.writable[:1]
    explicit = names != table.writable or rng.random() < 0.7
    column_list = f"({', '.join(names)})" if explicit else ""
    upsert = upsert_clauses(g, table) if g.config.has("upsert") and rng.random() < 0.5 else None
    roll = rng.random()
    # SQLite keeps the rows a STRICT datatype error stops a statement after (no statement
    # journal: KNOWN_BUGS sqlite_strict_journal): such a table gets one row at a time
    one_row = table.strict and g.config.steer("sqlite_strict_journal")
    if roll < 0.75 and not one_row and gen_values.wanted(g, 0.15):
        source = gen_values.insert_source(g, len(names))   # VALUES opening a compound
    elif roll < 0.75:
        rows = [items([_insert_value(g, table, name) for name in names], optional=True)
                for _ in range(1 if one_row else rng.randint(1, 3))]
        source = node(" VALUES ", items([node("(", row, ")", optional=True) for row in rows]))
    elif roll < 0.93:
        source = _insert_select(g, len(names), force_where=upsert is not None,
                                one_row=one_row)
    else:
        source, column_list, upsert = node(" DEFAULT VALUES"), "", None  # takes no upsert
    return node(f"{verb} {table.name}{column_list}", source, upsert)


def _insert_value(g, table, name: str) -> Node:
    """Mostly a literal for the column; now and then an expression or a scalar subquery."""
    if g.rng.random() < 0.85:
        return node(literal(column_value(g, table, name)))
    return gen_expr(g, Scope([]), 2)


def _insert_select(g, width: int, force_where: bool, one_row: bool = False) -> Node:
    with g.nested():  # a table, not a subquery: its rowid orders the new rows
        from_node, refs = gen_from(g, count=1, derived=False)
    scope = Scope(refs)
    columns = [gen_expr(g, scope, g.rng.choice([0, 0, 1])) for _ in range(width)]
    where = gen_predicate(g, scope, 2) if force_where or g.rng.random() < 0.5 else None
    alias = refs[0].text.split(".")[0] if refs else None
    order = f" ORDER BY {alias}.rowid" if alias and _rowid_source(g, from_node) else ""
    return node(" SELECT ", items(columns), " FROM ", from_node,
                node(" WHERE ", where) if where is not None else None, order,
                " LIMIT 1" if one_row else None)


def _rowid_source(g, from_node: Node) -> bool:
    text = from_node.render()
    return not text.startswith("(") and not any(
        t.without_rowid and text.startswith(t.name + " ") for t in g.schema.tables)


def upsert_clauses(g, table, most: int = 3) -> Node | None:
    """One to ``most`` ON CONFLICT clauses; only the last may lack a conflict target."""
    rng = g.rng
    keys = table.keys()
    clauses = []
    count = rng.randint(1, most)
    for i in range(count):
        last = i == count - 1
        if not keys or (last and rng.random() < 0.3):
            target = None if rng.random() < 0.9 or not table.names else \
                node(f" ({rng.choice(table.names)})")  # most likely matches no index
        else:
            target = node(f" ({', '.join(rng.choice(keys))})")
            if rng.random() < 0.1:
                target = node(target, " WHERE ", gen_predicate(g, _target_scope(table), 1))
        if target is None and not last:
            break
        clauses.append(node(" ON CONFLICT", target, _upsert_action(g, table), optional=True))
        if target is None:
            break
    return node(*clauses) if clauses else None


def _upsert_action(g, table) -> Node:
    rng = g.rng
    if rng.random() < 0.3:
        return node(" DO NOTHING")
    refs = [Ref(c.name, c) for c in table.columns]
    refs += [Ref(f"excluded.{c.name}", c) for c in table.columns]
    refs += [Ref(f"{table.name}.{c.name}", c) for c in table.columns]
    scope = Scope(refs)
    assignments = [_assignment(g, scope, name)
                   for name in rng.sample(table.writable,
                                          rng.randint(1, min(2, len(table.writable))))]
    where = node(" WHERE ", gen_predicate(g, scope, 1), optional=True) \
        if rng.random() < 0.3 else None
    return node(" DO UPDATE SET ", items(assignments), where)


def _assignment(g, scope: Scope, name: str) -> Node:
    if g.rng.random() < 0.2 and not g.no_vector_set:
        return node(f"({name}) = (", gen_expr(g, scope, 1), ")", optional=True)
    return node(f"{name} = ", gen_expr(g, scope, g.rng.choice([0, 1, 2])), optional=True)


def _update(g, table) -> Node:
    rng = g.rng
    scope = _target_scope(table, unqualified=_unqualified(g))
    conflict = _conflict(g, table)
    names = rng.sample(table.writable, rng.randint(1, min(3, len(table.writable))))
    assignments = [_assignment(g, scope, name) for name in names]
    if g.config.has("update_from") and rng.random() < 0.3:
        return node(f"UPDATE {conflict}{table.name} SET ", items(assignments),
                    *_update_from(g, table))
    where = _unindexed_where(g, table)
    return node(f"UPDATE {conflict}{table.name} SET ", items(assignments), where)


def _update_from(g, table) -> list:
    """`` FROM <items> WHERE p`` for UPDATE ... FROM (feature ``update_from``). The SET
    list reads only the target, so whichever of several matching join rows SQLite picks
    (it leaves that undefined) the row gets the same values; the WHERE joins."""
    source, refs = gen_from(g, count=g.rng.choice([1, 1, 2]))
    scope = Scope(_target_scope(table, unqualified=False).refs + refs)
    return [" FROM ", source, node(" WHERE ", gen_predicate(g, scope, 2), optional=True)]


def _unqualified(g) -> bool:
    """Refer to the target's columns by bare name? Subqueries in the statement may then
    meet the same name twice (ambiguous)."""
    return g.rng.random() < 0.7


def _unindexed_where(g, table) -> Node | None:
    """A WHERE whose column references are wrapped in unary +, so no index is used.

    They are bare names (``+c0``). Subqueries in the WHERE refer to the target as
    ``t0.c0``, so a bare name inside them always means their own column."""
    if g.rng.random() < 0.25:
        return None
    qualified = _target_scope(table, unqualified=False)
    plus = Scope([Ref(f"+{c.name}", c) for c in table.columns], sub_refs=qualified.refs)
    return node(" WHERE ", gen_predicate(g, plus, 2), optional=True)


def _delete(g, table) -> Node:
    scope = _target_scope(table, unqualified=_unqualified(g))
    where = node(" WHERE ", gen_predicate(g, scope, 2), optional=True) \
        if g.rng.random() < 0.8 else None
    return node(f"DELETE FROM {table.name}", where)


def _returning(g, table) -> Node | None:
    """A plain RETURNING list now and then; feature returning_forms may replace it."""
    return gen_returning.returning(g, table, _plain_returning(g, table))


def _plain_returning(g, table) -> Node | None:
    if g.rng.random() >= 0.15:
        return None
    if g.rng.random() < 0.4:
        return node(" RETURNING *", optional=True)
    scope = _target_scope(table, unqualified=_unqualified(g))
    with g.nested():
        columns = [gen_expr(g, scope, 1) for _ in range(g.rng.randint(1, 2))]
    return node(" RETURNING ", items(columns), optional=True)
