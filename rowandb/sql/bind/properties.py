"""Static properties of bound expressions that SQLite decides when a statement is prepared.

The affinity an expression has as a comparison operand (sqlite.org/datatype3.html §4.2) and
the collation a comparison or ORDER BY term uses (datatype3.html §7.1): explicit COLLATE
wins, left operand first, then a column's declared collation, then BINARY. The binder
stores the results on the bound nodes so nothing has to be worked out per row.
"""

from __future__ import annotations

import dataclasses

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.types.values import is_collation
from ...catalog.ascii_case import collation_spelling
from ...planner.plan.analysis import children
from ...planner.plan.flatten import rewritten
from ...planner.plan.operand_types import (   # the binder's names for them too
    affinity_of, arm_rows, collation_of, has_collate)


def has_aggregate(expr) -> bool:
    if isinstance(expr, b.AggregateRef):
        return True
    return any(has_aggregate(c) for c in children(expr))


def known_collation(name: str | None) -> str | None:
    """``name``, where SQLite looks the collation up (sqlite3ExprCollSeq and the places
    that call it: a comparison, ORDER BY, GROUP BY, min/max/DISTINCT aggregates, a FROM
    subquery's columns...): an unknown one is its error there. A COLLATE elsewhere -- a
    result column, an IN list's item, a LIKE -- names a collation nobody asks for, which
    SQLite lets be (``binder``'s COLLATE keeps it as written)."""
    if name is not None and not is_collation(name):
        raise OperationalError(f"no such collation sequence: {collation_spelling(name)}")
    return name


def asked_collation(expr: b.Expr) -> str | None:
    """``collation_of`` where SQLite asks for it (``known_collation``)."""
    return known_collation(collation_of(expr))


def ask_coroutine_collations(asked: bool, rows: list, arms: tuple) -> tuple:
    """``arms``, a VALUES list's (``values_arms``), once the collations of each co-routine
    arm's first row are looked up (``known_collation``) if ``asked``: SQLite types a
    co-routine's columns as a subquery's, but not those of an INSERT's rows."""
    for start, coroutine in arms if asked else ():
        for expr in rows[start] if coroutine else ():
            asked_collation(expr)
    return arms


def comparison_collation(left, right, checked: bool = True) -> str:
    """The collation a comparison uses (sqlite3BinaryCompareCollSeq): an explicit COLLATE
    on the left, else on the right, else the left's collation, else the right's; looked
    up (``known_collation``) when ``checked``."""
    if has_collate(left):
        found = collation_of(left)
    elif has_collate(right):
        found = collation_of(right)
    else:
        found = collation_of(left) or collation_of(right)
    return (known_collation(found) if checked else found) or "BINARY"


def compound_collation(arms, i: int, asked: bool = True) -> str:
    """The collation of a compound SELECT's column ``i``: that of the first SELECT, left to
    right, whose column has one (SQLite's multiSelectCollSeq, which looks it up when
    ``asked``: not for a UNION ALL without ORDER BY). A co-routine of a VALUES list's rows
    is a table whose column always has one, its first row's or BINARY: ``VALUES (1),
    ('abc' COLLATE NOCASE) UNION SELECT nc ...`` tells rows apart with BINARY."""
    look = asked_collation if asked else collation_of
    for arm in (part for arm in arms for part in [arm] + [p for _, p in arm.compound]):
        # (an arm that is a compound itself: ``A UNION ALL B INTERSECT C`` parses as
        # ``(A UNION ALL B) INTERSECT C``, whose first arm holds B)
        for start, coroutine in arm.values_arms if arm.values is not None else ():
            found = look(arm.values[start][i])
            if found or coroutine:
                return found or "BINARY"
        found = look(arm.columns[i]) if (arm.values is None or not arm.values_arms) and \
            not _rowid_column(arm, arm.columns[i]) else None
        if found:
            return found
    return "BINARY"


def _rowid_column(arm, expr) -> bool:
    """Whether ``expr`` reads the rowid (or the INTEGER PRIMARY KEY naming it) of a table
    of ``arm``: SQLite gives that column no collation (sqlite3ExprCollSeq of iColumn -1),
    so a later SELECT's decides (``SELECT k FROM w UNION SELECT y COLLATE RTRIM ...``)."""
    if not isinstance(expr, b.ColumnRef):
        return False
    if expr.column < 0:
        return True
    return any(isinstance(item.source, b.TableSource) and item.source.slot == expr.slot and
               not item.source.table.without_rowid and
               item.source.table.rowid_alias == expr.column for item in arm.items)


def compound_collations(arms, ops) -> list:
    """The collations of the columns of the compound of ``arms`` joined by ``ops``: looked
    up unless every operator is UNION ALL (its ORDER BY looks its terms' up itself)."""
    asked = any(op != "union all" for op in ops)
    return [compound_collation(arms, i, asked) for i in range(len(arms[0].columns))]


def subquery_collations(query, kind: str = "inner") -> list:
    """The collations of a FROM subquery's columns: its first SELECT's expressions'
    (sqlite3SubqueryColumnTypes), so ``SELECT 1 AS c UNION ALL SELECT 'abc' COLLATE
    NOCASE`` gives c none, and ``SELECT 'b' AS x UNION SELECT 'c' COLLATE NOCASE`` gives x
    BINARY though the compound tells its rows apart under NOCASE. (The compound's order
    may still stand for an outer ORDER BY: ``sql/bind/subquery_order.py``.)

    But where SQLite flattens the subquery (``_flattened``), a column that is a bare
    reference to the rowid or an INTEGER PRIMARY KEY is that column again, which has no
    collation (flattening wraps any other expression in a COLLATE of its own, so only
    such a column is left without one): ``s.c0 = n.c0`` then compares under n.c0's and may
    search an index of it (``SELECT 1 FROM (SELECT c0 FROM a) AS s RIGHT JOIN n INDEXED
    BY ld ON s.c0 = n.c0``). Its values are integers, so only plans tell the two apart."""
    flat = _flattened(query, kind)
    return [asked_collation(e) or (None if flat and _reads_rowid(e) else "BINARY")
            for e in query.columns]


def _flattened(query, kind: str) -> bool:
    """Whether SQLite flattens FROM subquery ``query`` of join kind ``kind`` into the
    query reading it, as far as ``query`` alone tells (select.c flattenSubquery; what the
    outer query adds is ``planner/plan/flatten.flattens``'s): one table, no aggregate,
    window, DISTINCT, LIMIT, ORDER BY, compound or VALUES, not the right operand of a
    RIGHT or FULL JOIN."""
    return kind not in ("right", "full") and len(query.items) == 1 and \
        isinstance(query.items[0].source, b.TableSource) and not query.is_aggregate and \
        not query.windows and not query.distinct and query.limit is None and \
        query.offset is None and not query.order_by and not query.compound and \
        query.values is None


def _reads_rowid(expr) -> bool:
    return isinstance(expr, b.ColumnRef) and expr.collation is None


_AFFINITY_RANK = {"BLOB": 1, "TEXT": 2, "NUMERIC": 3, "INTEGER": 4, "REAL": 5}


def table_affinities(query) -> list:
    """The affinity of each column of a FROM subquery or common table made from ``query``
    (sqlite3SubqueryColumnTypes): its first SELECT's, or, where that has none, the first
    one a later SELECT has; a TEXT column that another SELECT may fill with numbers, or a
    numeric one that another may fill with text, has none (BLOB). A VALUES list's arms
    are those SQLite's parser makes of it (``operand_types.arm_rows``). A recursive
    table's are worked out once its steps are bound (``recursive_affinities``)."""
    if query.recursion is not None and query.recursion.affinities is not None:
        return list(query.recursion.affinities)
    rows = []
    for arm in [query] + [arm for _, arm in query.compound]:
        rows += arm_rows(arm)
    return [_table_affinity(rows, i) for i in range(len(query.columns))]


def recursive_affinities(query, steps, slots) -> list:
    """The affinities of the columns of a recursive table: ``table_affinities`` of its
    setup ``query`` followed by its recursive ``steps``, where a step's column may read the
    table itself (a FROM item in ``slots``). SQLite's table is one for both
    (resolveFromTermToCte), whose columns sqlite3SubqueryColumnTypes fills in order: while
    column i's is worked out, the table's columns before i have theirs, column i has the
    one found so far, those after it none yet. ``WITH RECURSIVE c(x) AS (SELECT a FROM t
    UNION SELECT x + 1 FROM c WHERE x < 5)`` over a TEXT column a thus gives x none, the
    step's ``x < 5`` compares '-2' as text with 5, and the recursion stops."""
    rows = []
    for arm in [query] + [arm for _, arm in query.compound] + list(steps):
        rows += arm_rows(arm)
    found: list = [None] * len(query.columns)

    def reading(i):
        def leaf(expr):
            if isinstance(expr, b.ColumnRef) and expr.slot in slots and expr.column >= 0:
                return dataclasses.replace(expr, affinity=found[expr.column])
            return None
        return [[rewritten(e, leaf) if k == i else e for k, e in enumerate(row)]
                for row in rows]
    for i in range(len(found)):
        found[i] = next((a for a in (affinity_of(row[i]) for row in reading(i)) if a), None)
        found[i] = _table_affinity(reading(i), i)
    return found


def read_as_table(query) -> None:
    """Notes on ``query``, read as a table (a FROM subquery, common table or view), the
    positions of its columns SQLite gives REAL affinity (``real_columns``: it reads them
    with OP_RealAffinity, so an integer there comes out REAL) and those it gives FLEXNUM
    (``flexible_columns``: numeric, converting nothing, ``_flexible``). A column fixed by
    constant propagation takes that affinity (sqlite3ExprCodeTarget's EP_FixedCol), so
    ``c = 1.0`` leaves a FLEXNUM c 1.0 where a NUMERIC one is 1."""
    affinities = table_affinities(query)
    flexible = flexible_columns(query, affinities)
    query.real_columns = tuple(i for i, affinity in enumerate(affinities)
                               if affinity == "REAL" and i not in flexible)
    query.flexible_columns = flexible


def json_columns(query) -> frozenset:
    """The positions of ``query``'s columns that are a table-valued function's column of
    JSON-marked values as it is (json_each's bare ``value``): read as a table SQLite
    flattens, the column reads the function's row, subtype and all, so ``SELECT
    json_array(x) FROM (SELECT value AS x FROM json_each('[[1]]'))`` nests the array
    (``exec/cte_scan.py`` hands the marks on only then). Not a compound's."""
    if query.compound or query.recursion is not None:
        return frozenset()
    return frozenset(i for i, e in enumerate(query.columns)
                     if isinstance(e, b.ColumnRef) and e.json and not e.after_sorter)


def flexible_columns(query, affinities=None) -> frozenset:
    """The positions of ``query``'s numeric columns that have SQLite's affinity FLEXNUM
    once it is read as a table (``_flexible``); ``affinities`` its ``table_affinities``
    when known."""
    arms = [(arm, row) for arm in [query] + [arm for _, arm in query.compound]
            for row in arm_rows(arm)]
    if affinities is None:
        affinities = table_affinities(query)
    return frozenset(i for i, affinity in enumerate(affinities)
                     if affinity in ("INTEGER", "REAL", "NUMERIC") and _flexible(arms, i))


def _flexible(arms, i: int) -> bool:
    """Whether sqlite3SubqueryColumnTypes gives column ``i`` the affinity FLEXNUM: that of
    a compound whose first SELECT has a CAST there, or the one it takes from the first
    SELECT with an affinity there when that is a column of a FROM subquery, common table
    or view that has FLEXNUM itself (``SELECT x FROM (SELECT CAST(1 AS REAL) AS x UNION
    ALL SELECT 3)`` read as a table keeps 3 an integer)."""
    if len(arms) > 1 and isinstance(arms[0][1][i], b.Cast):
        return True
    arm, expr = next(((arm, row[i]) for arm, row in arms if affinity_of(row[i])),
                     (None, None))
    while isinstance(expr, (b.Collate, b.ScalarSubquery)):   # a subquery: its first column
        arm, expr = (expr.query, expr.query.columns[0]) if isinstance(expr, b.ScalarSubquery) \
            else (arm, expr.operand)
    if not isinstance(expr, b.ColumnRef):
        return False
    inner = next((item.source.query for item in arm.items
                  if isinstance(item.source, b.SubquerySource) and
                  item.source.slot == expr.slot), None)
    return inner is not None and expr.column in flexible_columns(inner)


def _table_affinity(rows, i: int) -> str | None:
    k, kinds = 0, 0
    affinity = affinity_of(rows[0][i])
    while affinity is None and k + 1 < len(rows):
        kinds |= _data_types(rows[k][i])
        k += 1
        affinity = affinity_of(rows[k][i])
    if affinity is None or _AFFINITY_RANK[affinity] < _AFFINITY_RANK["TEXT"] or len(rows) == 1:
        return affinity
    for row in rows[k + 1:]:
        kinds |= _data_types(row[i])
    if affinity == "TEXT" and kinds & 0x01 or affinity != "TEXT" and kinds & 0x02:
        return "BLOB"
    return affinity


def _data_types(expr) -> int:
    """What an expression may hold, as SQLite guesses it (sqlite3ExprDataType): 0x01
    numbers, 0x02 text, 0x04 blobs; 0 for NULL."""
    while isinstance(expr, b.Collate) or isinstance(expr, b.Unary) and expr.op == "pos":
        expr = expr.operand
    if isinstance(expr, b.Literal):
        v = expr.value
        return 0 if v is None else 0x02 if isinstance(v, str) else 0x04 \
            if isinstance(v, bytes) else 0x01
    if isinstance(expr, b.Binary) and expr.op == "concat":
        return 0x06
    if isinstance(expr, (b.Param, b.Function, b.Like, b.AggregateRef, b.WindowRef)):
        return 0x07                 # LIKE and GLOB are function calls to SQLite
    if isinstance(expr, (b.ColumnRef, b.ScalarSubquery, b.Cast)):
        affinity = affinity_of(expr)
        if affinity in ("NUMERIC", "INTEGER", "REAL"):
            return 0x05
        return 0x06 if affinity == "TEXT" else 0x07
    if isinstance(expr, b.Case):
        kinds = 0
        for _, value in expr.whens:
            kinds |= _data_types(value)
        return kinds | (_data_types(expr.default) if expr.default is not None else 0)
    return 0x01


def union_all_for_one_row(query, implied: bool = False) -> None:
    """A compound that may hand out one row at most keeps its arms' own order: SQLite runs
    the UNIONs at its top (those not under an INTERSECT or EXCEPT) as UNION ALL when the
    LIMIT is the integer 1 and there is no OFFSET or ORDER BY (``SELECT 3 UNION SELECT 1
    LIMIT 1`` is 3, and the right SELECT is never run). ``implied``: the query is a scalar
    or EXISTS subquery, which has LIMIT 1 when it has no LIMIT of its own."""
    if query.offset is not None or query.compound_order or query.recursion is not None:
        return
    if not (_is_integer_one(query.limit) or implied and query.limit is None):
        return
    for k in range(len(query.compound) - 1, -1, -1):
        op, arm = query.compound[k]
        if op not in ("union", "union all"):
            break
        query.compound[k] = ("union all", arm)


def _is_integer_one(expr) -> bool:
    """Whether ``expr`` is the integer 1 as SQLite's sqlite3ExprIsInteger reads it: an
    integer literal under any number of unary + and - signs."""
    sign = 1
    while isinstance(expr, b.Unary) and expr.op in ("pos", "neg"):
        sign = -sign if expr.op == "neg" else sign
        expr = expr.operand
    return isinstance(expr, b.Literal) and type(expr.value) is int and sign * expr.value == 1
