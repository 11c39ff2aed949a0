"""Result column names as SQLite gives them.

SQLite names an unaliased result column after its text as written (``count(*)``, not
sqlglot's ``COUNT(*)``), and a bare column, even in parentheses, after the column. The
parser keeps the text of every result item (``Parsed.select_texts``, one list per SELECT
keyword in text order, and ``Parsed.returning_texts``); ``in_text_order`` lines the
SELECT nodes of sqlglot's tree up with those keywords. ``distinct_names`` is how SQLite
names the columns of a subquery it makes of a SELECT (``x``, ``x:1``, ``x:2``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...planner.plan import bound as b
from ..parse.dialect import UNARY_PLUS, to_sql
from ...catalog.ascii_case import ascii_lower

ROWID_NAMES = ("rowid", "oid", "_rowid_")       # the rowid's names, where no column has one

_CLAUSE_ORDER = {key: i for i, key in enumerate(
    ("with_", "this", "expressions", "from_", "joins", "where", "group", "having", "windows",
     "expression", "order", "limit", "offset", "returning"))}


def in_text_order(tree) -> list:
    """Every node of ``tree`` in the order its text comes (depth first, a SELECT's clauses
    and a compound's sides in the order they are written), so the n-th SELECT node is the
    n-th SELECT keyword of the text."""
    out, stack = [], [tree]
    orders = _KEY_ORDERS
    while stack:
        node = stack.pop()
        out.append(node)
        items = list(node.args.items())     # items(): not a read of any one argument
        keys = tuple(key for key, _ in items)
        order = orders.get(keys)
        if order is None:
            order = orders[keys] = _text_order(keys)
        nested = []
        for position in order:
            value = items[position][1]
            if value is None:
                continue
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, exp.Expression):
                    nested.append(item)
        stack.extend(reversed(nested))
    return out


def selects_in_text_order(tree) -> list:
    """The SELECT nodes of ``tree`` in ``in_text_order``'s order, without lining every node
    up: sqlglot's own walk finds them, and each is placed by its path from the root (at
    each step, its argument's place in text order, then its place in a list) -- a parent
    comes before its descendants, siblings in text order, as in ``in_text_order``. A path
    that does not lead back to ``tree`` by its nodes' own links falls back to the full
    walk."""
    found = _selects(tree)
    if len(found) < 2:
        return found
    paths = [_path(node, tree) for node in found]
    if None in paths:
        return [n for n in in_text_order(tree) if isinstance(n, exp.Select)]
    return [found[i] for i in sorted(range(len(found)), key=paths.__getitem__)]


def _selects(tree) -> list:
    """The SELECT nodes of ``tree`` (``find_all(exp.Select)``'s, in another order): one
    walk without a generator's steps, not into a column's, a name's or a literal's
    parts, which hold no query (most of a long WHERE's nodes)."""
    found, stack = [], [tree]
    pop, push, node_class, leaves = stack.pop, stack.append, exp.Expr, _LEAVES
    while stack:
        node = pop()
        if node.__class__ in leaves:
            continue
        if isinstance(node, exp.Select):
            found.append(node)
        for value in node.args.values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, node_class):
                        push(item)
            elif isinstance(value, node_class):
                push(value)
    return found


_LEAVES = frozenset((exp.Column, exp.Identifier, exp.Literal, exp.Null, exp.Boolean))


def _path(node, tree) -> tuple | None:
    steps = []
    while node is not tree:
        parent, key = node.parent, node.arg_key
        if parent is None:
            return None
        value = parent.args.get(key)
        if isinstance(value, list):
            index = node.index
            if index is None or index >= len(value) or value[index] is not node:
                return None
        elif value is not node:
            return None
        else:
            index = 0
        steps.append((_rank(tuple(parent.args))[key], index))
        node = parent
    return tuple(reversed(steps))


#: The keys of a node's arguments -> each key's rank in text order (``_text_order``).
_RANKS: dict = {}


def _rank(keys: tuple) -> dict:
    ranks = _RANKS.get(keys)
    if ranks is None:
        ranks = _RANKS[keys] = {keys[position]: rank
                                for rank, position in enumerate(_text_order(keys))}
    return ranks


def values_arm(node: exp.Select) -> bool:
    """sqlglot's stand-in for a VALUES arm of a compound (``SELECT * FROM (VALUES ...) AS
    _values``): it has no SELECT keyword in the text, so no result texts of its own."""
    from_ = node.args.get("from_")
    return isinstance(node.parent, (exp.Union, exp.Intersect, exp.Except)) \
        and from_ is not None and isinstance(from_.this, exp.Values) \
        and from_.this.alias == "_values"


#: The keys of a node's arguments (as they stand in its ``args``) -> their positions in
#: text order.
_KEY_ORDERS: dict = {}


def _text_order(keys: tuple) -> tuple:
    """The positions of a node's argument keys in the order their text comes: the clauses
    of ``_CLAUSE_ORDER`` in its order, then the others as they stand."""
    return tuple(sorted(range(len(keys)),
                        key=lambda k: (_CLAUSE_ORDER.get(keys[k], len(_CLAUSE_ORDER)), k)))


def table_column_names(names, renamed: dict | None = None) -> list[str]:
    """The column names of a FROM subquery, common table or view made from result names
    (``renamed``: a query's ``table_names``, which take their place): ``true`` and ``false``
    become ``columnN``, then ``distinct_names`` (sqlite3ColumnsFromExprList)."""
    names = [renamed.get(i, name) for i, name in enumerate(names)] if renamed else names
    return distinct_names([f"column{i + 1}" if ascii_lower(name) in ("true", "false") else name
                           for i, name in enumerate(names)])


def named_columns(listed, query, written=None) -> list[str]:
    """The column names of a common table or view: its explicit list, else made from its
    query's result names (``table_column_names``) -- a view's as SQLite names them after
    resolving its query (a column reference by its declared name), a common table's, whose
    query ``written`` is, as before (``subquery_column_names``)."""
    if listed:
        return table_column_names(listed)
    if written is not None:
        return subquery_column_names(written, query)
    return table_column_names(query.names, query.table_names)


def subquery_column_names(node, query) -> list[str]:
    """The column names of a FROM subquery or common table whose bound query is ``query``
    and parsed query ``node``: SQLite names them as it expands the statement, before it
    resolves a name, so a column reference is named as written (``SELECT * FROM (SELECT X
    FROM u)`` is ``X`` where u declares ``x``; a view resolves first: ``x``)."""
    renamed = [query.table_names.get(i, name) for i, name in enumerate(query.names)]
    return table_column_names(written_names(node, renamed))


def result_column_name(expr: b.Expr, node, text: str | None) -> str:
    inner = node
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if isinstance(inner, exp.Column) and isinstance(expr, b.ColumnRef):
        return expr.name
    if text is not None:
        return text
    return to_sql(node)


def distinct_names(names: list[str]) -> list[str]:
    """``names`` made distinct as SQLite names the columns of a subquery
    (sqlite3ColumnsFromExprList): a name already taken, in any case, gets ``:1``, ``:2``...
    (after any such suffix it had) until it is free."""
    taken, out = set(), []
    for name in names:
        base, candidate, n = name, name, 0
        while ascii_lower(candidate) in taken:
            stem, colon, digits = base.rpartition(":")
            if colon and digits.isdigit():
                base = stem
            n += 1
            candidate = f"{base}:{n}"
        taken.add(ascii_lower(candidate))
        out.append(candidate)
    return out


def written_names(select, names: list[str]) -> list[str]:
    """The names SQLite gives a SELECT's columns before it resolves them (as a subquery it
    has just made of a compound): a column reference, bare, qualified, in parentheses or
    under COLLATE (select.c, sqlite3ColumnsFromExprList) is named as written (``A`` stays
    ``A``), anything else -- ``+A`` too -- as usual. ``names`` are the usual
    names; a star's columns keep them (a star expands to declared names anyway). A
    compound is named by its first SELECT, a VALUES list by its first row."""
    while isinstance(select, (exp.Subquery, exp.SetOperation)):
        select = select.this
    if isinstance(select, exp.Select) and values_arm(select):   # (VALUES ...) UNION ...
        select = select.args["from_"].this
    if isinstance(select, exp.Values):
        return values_names(select)
    if not isinstance(select, exp.Select):
        return names
    items = select.expressions
    stars = [i for i, item in enumerate(items) if _is_star(item)]
    if len(stars) > 1 or len(items) - len(stars) > len(names):
        return names
    width = len(names) - (len(items) - 1) if stars else 1
    out, k = [], 0
    for item in items:
        if _is_star(item):
            out.extend(names[k:k + width])
            k += width
            continue
        while isinstance(item, exp.Collate) or \
                isinstance(item, exp.Paren) and not item.meta.get(UNARY_PLUS):
            item = item.this
        out.append(item.this.name if isinstance(item, exp.Column) else names[k])
        k += 1
    return out


def values_names(values: exp.Values) -> list[str]:
    """The names SQLite gives a VALUES list's columns as it expands the statement, before
    it resolves a name (select.c, sqlite3ColumnsFromExprList over the first row, whose
    terms have no text of their own): a column reference -- bare, qualified, in
    parentheses or under COLLATE -- is named as written (``(SELECT max(a) FROM (VALUES
    (a), (b)))`` reads a column ``a``, and ``column1`` is no such column there), anything
    else ``column1``, ``column2``... (``written_names``)."""
    row = values.expressions[0].expressions
    return written_names(exp.Select(expressions=list(row)),
                         [f"column{k}" for k in range(1, len(row) + 1)])


def _is_star(item) -> bool:
    return isinstance(item, exp.Star) or isinstance(item, exp.Column) and \
        isinstance(item.this, exp.Star)


def collated_column(expr) -> str | None:
    """The column name of ``column COLLATE x`` (any number of COLLATEs): what SQLite names
    such a result column in a FROM subquery, common table or view (it looks through COLLATE,
    sqlite3ColumnsFromExprList), where the result set's own name is the text."""
    if not isinstance(expr, b.Collate):
        return None
    while isinstance(expr, b.Collate):
        expr = expr.operand
    return expr.name if isinstance(expr, b.ColumnRef) else None
