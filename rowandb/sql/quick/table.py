"""The quick path's second room, bound: a SELECT of one plain table of the main schema
(query.py reads its clauses) made into the bound query ``Binder._bind_select`` makes of
it, clause by clause in the binder's order -- the table, the result columns, HAVING,
WHERE, ORDER BY, GROUP BY -- so that aggregates, folds and shared result-column nodes
come out in the same order and the same places.

What could make the two differ or be an error declines (``Decline``): a table that is
not a plain main table (a temp table, a view, a virtual or system table, one with a
generated column no statement can code: late_generated.py), a name that is no column of it (a rowid name, a
result alias outside ORDER BY and GROUP BY, another qualifier), an aggregate where none
may stand, HAVING without an aggregate, a column number out of range, a name in LIMIT.
``tests/test_quick_path.py`` holds the two paths equal over the corpus's one-table
queries and generated ones.
"""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from ...planner.plan import bound as b
from ..bind.after_sorter import keys_before_sorter
from ..bind.late_generated import late_errors
from ..bind.properties import affinity_of, asked_collation, has_aggregate
from ..bind.scope import Source
from ..bind.subquery_order import grouped_as_delivered
from ..temp_tables import TEMP_OBJECT_IDS
from . import joined
from .build import Builder
from .query import STATEMENT_TABLE
from .reader import Decline, strip_parens

# what folds.where_term climbs through (AND, parentheses, a kept unary +) and what
# bind_dispatch._or_term climbs through (OR and the same parentheses)
_PARENTS = frozenset(("and", "or", "paren", "plus"))


def table_source(catalog, clauses, slot: int = 2, statement_table: str | None = None) -> Source:
    """The FROM table as name resolution sees it (``Binder._table_source``), or Decline;
    ``slot``: its environment slot (a statement's query has 2, a subquery's a
    later one); ``statement_table``: the statement's table's name, which a subquery's
    table ``STATEMENT_TABLE`` stands for (query._kept_rest)."""
    name = clauses.table
    if name == STATEMENT_TABLE:
        name = statement_table
    table = catalog.table(name) if catalog is not None and name is not None else None
    if table is None or table.id >= TEMP_OBJECT_IDS or table.virtual is not None or \
            table.system or late_errors(catalog, table):
        raise Decline
    cols, positions = table.named_columns()
    return Source(clauses.alias or table.name, slot, cols, table, positions=positions)


def bind_table_query(builder: Builder, select: b.Select, items: list, clauses,
                     source: Source, item=None) -> None:
    """Fill ``select`` (its result columns not yet bound) from ``items`` and
    ``clauses``, as the binder would; ``item``: the bound FROM item where it is no
    table's (a view's: view.py)."""
    if item is None:
        item = b.TableSource(source.slot, source.table, source.alias, None)
    elif clauses.joins:
        raise Decline                   # a view joined to tables: left to the full path
    select.items.append(b.JoinItem(item, "inner", None))
    builder.source = source
    if clauses.joins:                   # FROM t1, t2 ... (joined.py)
        further = joined.joined_sources(builder.catalog, clauses, source, table_source)
        joined.add_items(select, further)
        builder.joined = (source,) + tuple(s for s, _ in further)
        builder.next_slot = builder.joined[-1].slot + 2
    grouped = bool(clauses.group_by)
    if clauses.limit is not None:
        select.limit, select.offset = _limit(builder, clauses.limit), \
            _limit(builder, clauses.offset)
    builder.after_sorter = grouped
    builder.nested = True               # (scalar and EXISTS subqueries: subquery.py)
    aliases = _result_columns(builder, select, items, source)
    builder.nested = False
    builder.aliases = aliases
    aggregate = bool(select.aggregates) or grouped
    if clauses.having is not None:
        if not aggregate:
            raise Decline               # HAVING clause on a non-aggregate query
        builder.having = True
        select.having = _clause(builder, clauses.having)
        builder.having = False
    builder.after_sorter = False
    if clauses.where is not None:
        builder.aggregates, builder.where, builder.nested = False, True, True
        select.where = _clause(builder, clauses.where)
        builder.aggregates, builder.where, builder.nested = True, False, False
    builder.after_sorter = grouped
    for tree, desc in clauses.order_by:
        term = _order_term(builder, select, aliases, tree, "order")
        select.order_by.append(b.OrderItem(term, desc, not desc,
                                           asked_collation(term) or "BINARY"))
    builder.after_sorter = False
    if grouped:
        builder.aggregates = False
        select.group_by = [_order_term(builder, select, aliases, tree, "group")
                           for tree in clauses.group_by]
        builder.aggregates = True
        if any(has_aggregate(term) for term in select.group_by):
            raise Decline
        select.group_collations = [asked_collation(g) or "BINARY" for g in select.group_by]
        keys_before_sorter(select)
        select.adjacent = grouped_as_delivered(select)
    if not aggregate and select.aggregates:
        raise Decline                   # misuse of aggregate (in ORDER BY)


def _limit(builder: Builder, tree):
    """LIMIT or OFFSET, bound as the binder binds them: in a scope of no query (no name,
    no aggregate; a fold's records go nowhere)."""
    if tree is None:
        return None
    kept = builder.source, builder.select, builder.outer
    builder.source, builder.aggregates, builder.outer = None, False, None
    builder.select = b.Select(items=[], columns=[], names=[])
    try:
        return builder.expr(tree)
    finally:
        (builder.source, builder.select, builder.outer), builder.aggregates = kept, True


def _result_columns(builder: Builder, select: b.Select, items: list, source) -> dict:
    """The result columns (``Binder._bind_columns``); their names as aliases (lower
    case -> the column, the first of a name, a star's columns included), which join the
    scope after the last."""
    aliases: dict = {}
    for tree, alias, written, _ in items:
        if tree[0] == "star":          # its names are ORDER BY's too (SQLite's resolveAsName)
            start = len(select.columns)
            for one in _starred(builder.joined or (source,), tree[1]):
                _star(select, one, None, builder.after_sorter)
            for name, column in zip(select.names[start:], select.columns[start:]):
                aliases.setdefault(ascii_lower(name), column)
            continue
        expr = builder.expr(tree)
        alias = result_name(tree, expr, alias, written)
        select.columns.append(expr)
        select.names.append(alias)
        select.column_affinities.append(affinity_of(expr))
        aliases.setdefault(ascii_lower(alias), expr)
    return aliases


def result_name(tree, expr, alias, written) -> str:
    """A result column's name (``names.result_column_name``): its alias, else a column
    reference's column (in parentheses too), else its text as written."""
    if alias is not None:
        return alias
    return expr.name if strip_parens(tree)[0] == "col" and expr.__class__ is b.ColumnRef \
        else written


def _star(select: b.Select, source, qualifier, after_sorter: bool) -> None:
    """``*`` or ``t.*`` (``Binder._expand_star``) of the one table."""
    if qualifier is not None and ascii_lower(qualifier) != source.lower_alias:
        raise Decline                   # no such table
    for i, (name, affinity, collation) in enumerate(source.columns):
        column = b.ColumnRef(source.slot, i, name, affinity, collation, source.alias, False,
                             after_sorter)
        select.columns.append(column)
        select.names.append(name)
        select.column_affinities.append(affinity_of(column))


def _starred(sources: tuple, qualifier) -> tuple:
    """The tables ``*`` (``qualifier`` None) or ``qualifier.*`` expands, in FROM order."""
    if qualifier is None:
        return sources
    lqualifier = ascii_lower(qualifier)
    found = tuple(s for s in sources if s.lower_alias == lqualifier)
    if not found:
        raise Decline                   # no such table
    return found


def _clause(builder: Builder, tree) -> b.Expr:
    """WHERE or HAVING: its terms and the ORs inside them marked first. What the tree
    alone decides -- those marks and its ANDs' and ORs' truths as parsed -- is kept with
    it (``_TREE_FACTS``): a text read before gives the same tree (``query._kept_rest``),
    whose five tables then find them once."""
    facts = _TREE_FACTS.get(id(tree))
    if facts is None or facts[0] is not tree:
        if len(_TREE_FACTS) >= _TREE_FACTS_SIZE:
            _TREE_FACTS.clear()
        facts = _TREE_FACTS[id(tree)] = (tree,) + _terms(tree) + ({},)
    _, builder.terms, builder.or_terms, truths = facts
    own, builder.truths = builder.truths, truths
    try:
        return builder.expr(tree)
    finally:
        builder.terms = builder.or_terms = frozenset()
        builder.truths = own


#: id(a clause's tree) -> (the tree, its terms' ids, its OR terms' ids, its ANDs' and
#: ORs' truths by id: ``build.parse_truth``'s): the tree kept, so no id is another's
_TREE_FACTS: dict = {}
_TREE_FACTS_SIZE = 256


def _terms(root) -> tuple[set, set]:
    """Ids of the nodes ``folds.where_term`` says are terms (every node above them to
    the clause an AND or parentheses) and of the ORs ``bind_dispatch._or_term`` says
    stand in one (above them ORs or parentheses, then a term). Only ANDs, ORs and
    parentheses are walked into, and only while what is below them can be either."""
    terms, or_terms = {id(root)}, set()
    stack = [(root, True, True)] if root[0] in _PARENTS else []
    while stack:
        node, term, or_term = stack.pop()
        tag = node[0]
        if tag == "or":
            if or_term:
                or_terms.add(id(node))
            child_term, child_or = False, or_term
        else:               # AND: its sides are terms if it is; parentheses pass both on
            child_term, child_or = term, term if tag == "and" else or_term or term
        if not (child_term or child_or):
            continue
        for child in node[1:]:
            if child_term:
                terms.add(id(child))
            if child[0] in _PARENTS:
                stack.append((child, child_term, child_or))
    return terms, or_terms


def _order_term(builder: Builder, select: b.Select, aliases: dict, tree, clause: str):
    """An ORDER BY or GROUP BY term (``Binder._order_term``): a column number, a
    result column's name (ORDER BY: before a table's column; GROUP BY: only where no
    column has it), or an expression."""
    n = _column_number(tree)
    if n is not None:
        if not 1 <= n <= len(select.columns):
            raise Decline               # out of range
        return select.columns[n - 1]
    if tree[0] == "col" and tree[1] is None:
        lname = ascii_lower(tree[2])
        if lname in aliases and (clause == "order" or not joined.names_column(
                builder.joined or (builder.source,), lname)):
            return aliases[lname]
    return builder.expr(tree)


def _column_number(tree) -> int | None:
    """clauses.column_number of the reader's tree (a kept unary + is a parenthesis)."""
    while tree[0] in ("paren", "plus"):
        tree = tree[1]
    if tree[0] == "neg":
        inner = _column_number(tree[1])
        return None if inner is None else -inner
    if tree[0] == "num" and tree[1].isdigit():
        value = int(tree[1])
        return value if value <= 2147483647 else None
    return None
