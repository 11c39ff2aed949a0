"""Rule 9: read an ORDER BY from an index or the rowid instead of sorting, as SQLite does.

Runs on a query's ``Sort`` once the other rules have chosen its loops. Each loop of the
nest delivers its rows in an order: a table scan the rowid's (a WITHOUT ROWID table's
PRIMARY KEY's), an index search its index's columns after the equality prefix, then the
rowid. Inner and LEFT joins and inner hash joins keep their outer side's order and, for
each outer row, their inner side's; RIGHT and FULL joins keep neither. The ORDER BY terms
are matched against the outermost loop's order one by one (SQLite's where.c,
wherePathSatisfiesOrderBy; sqlite.org/queryplanner.html, "Sorting"):

* a term on a column the WHERE holds equal (``=``, ``IS``, ``IS NULL``) to a value known
  before the loop starts (same collation; any for ``IS NULL``) is satisfied wherever it
  stands: every row of the loop has the same value;
* otherwise the term must be the loop's next key: the same column (or the same
  expression, for an index on expressions), under the key's collation, with NULLs where
  the key puts them (first ascending, last descending); its direction against the key's
  declared one says whether the loop runs forwards or backwards, and the loop's later
  terms must agree;
* a loop's keys are all its b-tree's columns: an index's, then the rowid -- in a WITHOUT
  ROWID table a secondary index's PRIMARY KEY columns it lacks, the PRIMARY KEY's the
  table's other columns (BINARY, ascending); where its walk stops (a term that is not
  its next key, or its keys used up) the loop may tell its rows apart (``_walked``,
  SQLite's isOrderDistinct): a rowid lookup or one-row search, the rowid matched, or a
  UNIQUE index (a PRIMARY KEY) walked past its own keys with no column after the
  equalities that may be NULL and no ``IS`` among them. Then any term reading only the
  loops so far is satisfied, and the next terms are matched against the next loop
  inside, which may run in its own direction.

The outermost table scan may instead read any index it can use (not a partial one whose
WHERE the query's does not imply; ``INDEXED BY`` and ``NOT INDEXED`` are kept as chosen)
when that satisfies more terms than the table's own order; among those, one that covers
the query, then the one with fewest columns. When every term is satisfied the Sort goes;
when only the first ones are, it stays as a sort of each run of rows equal in those
(EXPLAIN: ``USE TEMP B-TREE FOR LAST TERM OF ORDER BY``, ``... LAST 2 TERMS ...``). Either
way a LIMIT above stops the scan once it has its rows. Ties come out in the loops' order,
rowids ascending forwards and descending backwards, which is SQLite's when it makes the
same choice. The first key after an index search's equality prefix may also take NULLS
LAST ascending or NULLS FIRST descending: its NULL entries are then read after, or
before, the others (SQLite's WHERE_BIGNULL_SORT). Not done (SQLite does): the costs that
make SQLite prefer a sort anyway (often under a LIMIT), choosing the join order or an
index search for the ORDER BY's sake.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjuncts, contains_subquery, slots_of
from ..plan.expr_compare import same
from ..plan.renew import renewed
from ...catalog.schema import VIRTUAL
from .choose_index import null_safe_term, search_term, usable
from .covering import covers
from .flat_order import as_inner, inner_leaf, with_leaf
from .node_slots import filled_slots

_ROWID, _EXPRESSION = -1, -2


@dataclasses.dataclass(frozen=True)
class Key:
    """One key of the order a loop delivers its rows in."""
    column: int                 # table column, -1 the rowid, -2 an expression
    desc: bool = False          # declared descending
    collation: str = "BINARY"
    expr: object = None         # the expression of an index on expressions


@dataclasses.dataclass(frozen=True)
class BtreeOrder:
    """The columns a b-tree holds its entries in, as wherePathSatisfiesOrderBy walks them:
    an index's keys, then the rowid (a WITHOUT ROWID table's secondary index: the PRIMARY
    KEY columns it lacks; its PRIMARY KEY: the table's other columns, BINARY ascending)."""
    keys: tuple                 # Key per column of the b-tree, in order
    nullable: tuple             # per column: whether it may hold NULL (an expression may)
    key_count: int              # the index's own keys (nKeyCol), before rowid or the rest
    unique: bool                # a UNIQUE index or PRIMARY KEY, or the rowid


_ROWID_ORDER = BtreeOrder((Key(_ROWID),), (False,), 0, True)     # a rowid table's scan


@dataclasses.dataclass
class Loop:
    """One loop of the nest, as the ORDER BY sees it."""
    node: L.Node                # its row source: a Scan, IndexScan or RowidScan
    order: tuple                # the Keys its rows come in, after any equality prefix
    # per position in ``order`` (and one past its end): whether the rows stay told apart
    # for the loops inside when the ORDER BY's walk of this loop stops there
    distinct: tuple
    constants: list             # (Key, collation): held equal to values known before it
    later: frozenset            # the slots of the loops inside it
    reverse: bool | None = None # set by _satisfied: the direction the ORDER BY needs
    nulls_moved: bool = False   # set by _satisfied: its first key's NULLs read last/first


def order_by_index(node: L.Node, reads=lambda slot: {-3}) -> L.Node:
    """``node`` (a query's result node) without the sorting an index makes needless.
    ``reads(slot)``: the columns the query reads of a FROM item, to prefer an index that
    covers them among those satisfying as many terms (and the smallest of those)."""
    if not isinstance(node, L.Sort) or node.presorted:
        return node
    top = node.child
    project = top.child if isinstance(top, L.Distinct) else top
    if not isinstance(project, L.Project):
        return node
    path = _outer_path(project.child)
    if path is None:
        return node
    where = [c for n in path if isinstance(n, L.Filter) for c in conjuncts(n.predicate)]
    joins = [n for n in reversed(path) if isinstance(n, (L.Join, L.HashJoin))]
    slots = filled_slots(project.child)
    inner = _inner_loops(joins, where, slots, path[-1].slot)
    outer, keys = path[-1], node.keys
    if isinstance(outer, L.SubqueryScan):       # flattened into its table's loop
        outer = inner_leaf(outer)
        keys = as_inner(keys, path[-1], outer)
    keys = [(_rowid_named(expr, [outer] + [loop.node for loop in inner]), *rest)
            for expr, *rest in keys]
    slot = path[-1].slot                # the columns read: asked only to rank indexes
    read = (lambda: reads(slot)) if outer is path[-1] else (lambda: {-3})
    done, loops = _best_order(outer, keys, where, inner, slots - {slot}, read)
    if done == 0:
        return node
    source = _replaced(path, loops[0], dict(zip(map(id, joins), loops[1:])))
    project = renewed(project, child=source)
    top = renewed(top, child=project) if isinstance(top, L.Distinct) else project
    if done == len(node.keys):
        return top
    return renewed(node, child=top, presorted=done)


def _outer_path(source: L.Node):
    """The nodes from ``source`` down to its outermost loop, or None when something on
    the way does not keep that loop's order (or the loop is not a table's)."""
    path = []
    while True:
        path.append(source)
        if isinstance(source, (L.Guard, L.Filter)):
            source = source.child
        elif isinstance(source, L.Join) and source.kind in ("inner", "left"):
            source = source.left
        elif isinstance(source, L.HashJoin) and source.kind == "inner":
            source = source.left
        elif isinstance(source, L.Scan):
            return path if source.table.virtual is None else None
        elif isinstance(source, (L.IndexScan, L.RowidScan)) or inner_leaf(source):
            return path
        else:
            return None


def _inner_loops(joins: list, where: list, slots: frozenset, outer: int) -> list:
    """The loops nested in the outermost one, from the outside in, as far as each is a
    table's (a hash join's right side runs once, its rows replayed in their order)."""
    loops, known = [], {outer}
    for join in joins:
        leaf, local = join.right, list(where)
        if isinstance(join, L.Join) and join.condition is not None:
            local += conjuncts(join.condition)
        while isinstance(leaf, (L.Filter, L.Guard)):    # a Guard: an IN's NULL test
            local += conjuncts(leaf.predicate) if isinstance(leaf, L.Filter) else []
            leaf = leaf.child
        if not isinstance(leaf, (L.IndexScan, L.RowidScan, L.Scan)) or \
                getattr(leaf.table, "virtual", None) is not None:
            break
        known.add(leaf.slot)
        loops.append(_loop(leaf, local, slots - known))
    return loops


def _loop(leaf, where: list, later: frozenset, index=None, constants=None) -> Loop:
    """``leaf`` as a Loop; ``index``: a table scan's, read through that index instead;
    ``constants``: ``_constants`` of the table scan's, when worked out (each of its
    indexes' loop holds the same: ``search_term`` reads the loop's slot and table only)."""
    if isinstance(leaf, L.RowidScan) and leaf.equal is not None:
        order, distinct = (), (True,)                           # one row
    elif isinstance(leaf, L.RowidScan):
        order, distinct = _walked_whole(_ROWID_ORDER)
    elif isinstance(leaf, L.IndexScan):
        order, distinct = _walked(_index_order(leaf.table, leaf.index), leaf)
    elif index is not None:
        order, distinct = _walked_whole(_index_order(leaf.table, index))
        leaf = L.IndexScan(leaf.slot, leaf.table, leaf.alias, index)
    else:
        order, distinct = _walked_whole(_table_order(leaf.table))
    if constants is None:
        constants = _constants(leaf, where, later)
    return Loop(leaf, order, distinct, constants, later)


_WALKED: dict = {}      # id(btree) -> (btree, _walked(btree)): a b-tree read whole


def _walked_whole(btree: BtreeOrder):
    """``_walked(btree)`` of a loop reading ``btree`` whole (no search), kept per b-tree
    order (itself kept per index, ``_index_order``): an ORDER BY asks it of its table's
    scan and of every index that scan could read instead. The entry holds the order, so
    its identity is not reused while the entry lives."""
    kept = _WALKED.get(id(btree))
    if kept is None:
        if len(_WALKED) >= _ORDERS_KEPT:
            _WALKED.clear()
        kept = _WALKED[id(btree)] = (btree, _walked(btree))
    return kept[1]


def _walked(btree: BtreeOrder, search=None):
    """(the keys a loop reading ``btree`` delivers its rows in after its equality prefix,
    and per place the walk may stop -- at each of those keys, or past the last -- whether
    its rows are still told apart there): wherePathSatisfiesOrderBy's isOrderDistinct. It
    starts true for a UNIQUE b-tree, an IS equality clears it (entries of NULL keys
    repeat), and so does each column after the equalities that may be NULL, checked
    before the ORDER BY term is matched against it; a term no column matches clears it
    unless the index's own keys are walked past; matching the rowid sets it (distinctColumns).
    A search of every key of an index by ``=`` (or ``IS`` when they are all NOT NULL) finds
    one row (WHERE_ONEROW): told apart, no key to walk."""
    n_eq = 0 if search is None else len(search.equal)
    start = search.in_keys[0] if search is not None and search.in_keys else n_eq
    null_safe = search.null_safe if search is not None else ()
    if search is not None and not search.in_keys and btree.unique and \
            n_eq == btree.key_count > 0 and \
            (not any(btree.nullable[:n_eq]) or (n_eq == 1 and not any(null_safe))):
        return (), (True,)
    running = btree.unique and not any(null_safe[:start])
    distinct = []
    for j in range(start, len(btree.keys)):
        running = running and not btree.nullable[j]
        distinct.append(running and j != 0 and j >= btree.key_count)
    last = btree.keys[-1].column == _ROWID if btree.keys else False
    distinct.append(running or last)
    return btree.keys[start:], tuple(distinct)


def _replaced(path: list, outer: Loop, inner: dict) -> L.Node:
    """The path rebuilt with each loop read in the direction the ORDER BY needs (a
    flattened subquery's table inside it)."""
    node = _directed(outer)
    if isinstance(path[-1], L.SubqueryScan):
        node = with_leaf(path[-1], node)
    for parent in reversed(path[:-1]):
        if isinstance(parent, (L.Join, L.HashJoin)):
            loop = inner.get(id(parent))
            right = parent.right if loop is None else _with_leaf(parent.right, _directed(loop))
            node = renewed(parent, left=node, right=right)
        else:
            node = renewed(parent, child=node)
    return node


def _with_leaf(node: L.Node, leaf: L.Node) -> L.Node:
    if isinstance(node, (L.Filter, L.Guard)):
        return renewed(node, child=_with_leaf(node.child, leaf))
    return leaf


def _directed(loop: Loop) -> L.Node:
    node, reverse = loop.node, loop.reverse
    if reverse is None:                 # the ORDER BY needs nothing of this loop's order
        return node
    if isinstance(node, L.IndexScan):
        return renewed(node, direction=-1 if reverse else 1, nulls_moved=loop.nulls_moved)
    if isinstance(node, L.RowidScan) and node.equal is not None:
        return node
    return renewed(node, reverse=reverse)


def _best_order(leaf, keys, where, inner: list, later: frozenset, read):
    """(ORDER BY terms satisfied, the loops satisfying them, each with the direction it
    is to be read in) for the best way to read the outermost loop ``leaf``: its own
    order, or (for a table scan) an index it may read when that satisfies more terms.
    ``read()``: the columns the query reads of ``leaf``'s table, asked (a walk of the
    query, when no rule has asked it yet) only when an index satisfies more terms."""
    loops = [_loop(leaf, where, later)] + inner
    done = _satisfied(keys, loops)
    if not isinstance(leaf, L.Scan) or leaf.indexed is not None:
        return done, loops              # INDEXED BY (made an IndexScan), NOT INDEXED
    table, best, best_rank = leaf.table, None, (done,)
    constants = loops[0].constants
    for index in table.index_list:      # SQLite's order: of equal ranks, its first
        if not usable(index, where, leaf.slot) or (table.without_rowid and index.origin == "pk"):
            continue
        candidate = [_loop(leaf, where, later, index, constants)] + \
            [dataclasses.replace(i) for i in inner]
        satisfied = _satisfied(keys, candidate)
        if satisfied <= done:           # no better than the loop's own order: no rank
            continue
        if not isinstance(read, (set, frozenset)):
            read = read()
        # the narrower entry: a WITHOUT ROWID table's index holds the PRIMARY KEY
        # columns it lacks too (``Index.suffix``), so (x + y) DESC is as wide as (x + y, k)
        rank = (satisfied, covers(table, index, read), -len(index.columns) - len(index.suffix))
        if best is None or rank > best_rank:
            best, best_rank = candidate, rank
    return (done, loops) if best is None else (best_rank[0], best)


def _table_order(table) -> BtreeOrder:
    """The order of a table scan."""
    if table.without_rowid:
        return _index_order(table, next(i for i in table.indexes if i.origin == "pk"))
    return _ROWID_ORDER


_ORDERS: dict = {}      # id(index) -> (index, what its order is made from, the order)
_ORDERS_KEPT = 1024


def _index_order(table, index) -> BtreeOrder:
    """The order of an index read in order: its columns, then the rowid in a table that
    has one (entries are (key..., rowid)), or what a WITHOUT ROWID table's entries hold
    after the key. Kept per index while its columns, suffix, form and origin and its
    table's rowid and columns stay (the entry holds the index,
    so its identity is not reused): an ORDER BY asks it of every index of its table."""
    kept = _ORDERS.get(id(index))
    if kept is None or kept[1] is not index.columns or kept[2] is not index.form or \
            kept[3] != index.origin or kept[4] != table.without_rowid or \
            kept[5] is not table.columns or kept[6] is not index.suffix or \
            kept[7] != index.unique:
        if len(_ORDERS) >= _ORDERS_KEPT:
            _ORDERS.clear()
        kept = _ORDERS[id(index)] = (index, index.columns, index.form, index.origin,
                                     table.without_rowid, table.columns, index.suffix,
                                     index.unique, _index_order_now(table, index))
    return kept[8]


def _index_order_now(table, index) -> BtreeOrder:
    keys = tuple(Key(c.column, c.desc, c.collation,
                     index.form.exprs[i] if c.column == _EXPRESSION else None)
                 for i, c in enumerate(index.columns))
    if not table.without_rowid:
        rest = (Key(_ROWID),)
    elif index.origin == "pk":          # build.c, convertToWithoutRowidTable: the rest BINARY
        held = {c.column for c in index.columns}
        rest = tuple(Key(i) for i, c in enumerate(table.columns)
                     if i not in held and c.generated != VIRTUAL)
    else:                               # the PRIMARY KEY columns it lacks (sqlite3CreateIndex)
        rest = tuple(Key(c.column, c.desc, c.collation) for c in index.suffix)
    keys += rest
    nullable = tuple(column_nullable(table, key.column) for key in keys)
    unique = index.unique or index.origin == "pk"
    return BtreeOrder(keys, nullable, len(index.columns), unique)


def column_nullable(table, column: int) -> bool:
    """Whether a b-tree column may hold NULL (an expression may: XN_EXPR)."""
    if column == _ROWID or column == table.rowid_alias:
        return False
    if column == _EXPRESSION:
        return True
    return not table.columns[column].notnull and \
        not (table.without_rowid and column in table.primary_key)


def _constants(leaf, where: list, others: frozenset) -> list:
    """(key, collation) of each column or expression of ``leaf`` that the WHERE holds equal
    to a value read before the loop starts."""
    found = []
    for conjunct in where:              # =, IS, IS NULL: eqOpMask (wherePathSatisfiesOrderBy)
        term = search_term(conjunct, leaf) or null_safe_term(conjunct, leaf)
        if term is None or term.op != "eq" or slots_of(term.value) & others:
            continue
        column = _ROWID if term.column == leaf.table.rowid_alias else term.column
        found.append((Key(column, collation=term.collation, expr=term.expr), term.collation))
    return found


def _rowid_named(expr, leaves: list):
    """``expr`` without a COLLATE around it, and as the rowid when it names the INTEGER
    PRIMARY KEY column of the table of one of ``leaves``."""
    expr = expr.operand if isinstance(expr, b.Collate) else expr
    for leaf in leaves:
        alias = leaf.table.rowid_alias
        if isinstance(expr, b.ColumnRef) and expr.slot == leaf.slot and alias is not None \
                and expr.column == alias:
            return renewed(expr, column=_ROWID)
    return expr


def _satisfied(keys, loops: list) -> int:
    """How many leading ORDER BY ``keys`` the nest of ``loops`` delivers its rows in; each
    loop it uses gets ``reverse``: whether it must run backwards for them. A loop's order
    counts only once the loops outside it are used up on keys that tell rows apart."""
    done, at, pos, stopped = 0, 0, 0, False
    for loop in loops:
        loop.reverse, loop.nulls_moved = None, False
    for expr, desc, nulls_first, collation in keys:
        while True:
            loop = loops[at]
            if any(_is(expr, key, outer.node.slot) and c in (collation, None)   # IS NULL:
                   for outer in loops[:at + 1] for key, c in outer.constants):  # any
                matched = True
            elif not stopped and pos < len(loop.order) and \
                    _follows(loop, loop.order[pos], expr, desc, nulls_first, collation):
                matched, pos = True, pos + 1
            elif loop.distinct[pos] and _reads_only(expr, loop.later):
                matched = stopped = True    # the walk of this loop's columns ends here
            elif loop.distinct[pos] and at + 1 < len(loops):
                at, pos, stopped = at + 1, 0, False
                continue
            else:
                matched = False
            break
        if not matched:
            break
        done += 1
    return done


def _follows(loop: Loop, key: Key, expr, desc: bool, nulls_first: bool, collation) -> bool:
    """Whether ORDER BY term (``expr``, ...) is ``loop``'s next key ``key``, read in the
    direction the loop's earlier terms chose (the first sets it)."""
    if not _is(expr, key, loop.node.slot):
        return False
    if key.column != _ROWID and key.collation != collation:
        return False
    moved = key.column != _ROWID and nulls_first == desc
    if moved and (key is not loop.order[0] or not isinstance(loop.node, L.IndexScan)):
        return False                    # only an index search's first free key, as SQLite
    backwards = desc != key.desc
    if loop.reverse is not None and backwards != loop.reverse:
        return False
    loop.reverse = backwards
    loop.nulls_moved = loop.nulls_moved or moved
    return True


def _is(expr, key: Key, slot: int) -> bool:
    """Whether ORDER BY term ``expr`` is the column or expression ``key`` of the row in
    ``slot``."""
    if key.column == _EXPRESSION:
        return same(expr, key.expr, slot, 0)
    if not isinstance(expr, b.ColumnRef) or expr.slot != slot:
        return False
    return expr.column == key.column or (key.column == _ROWID and expr.column == -1)


def _reads_only(expr, later: frozenset) -> bool:
    """Whether ``expr`` reads no loop inside the current one (so it is fixed by the rows
    of the loops ordered so far)."""
    return not (slots_of(expr) & later) and not contains_subquery(expr)
