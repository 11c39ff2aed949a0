"""Point reads: a query that finds at most one row by its rowid, run without the
generator chain.

``SELECT <columns> FROM t WHERE <rowid or INTEGER PRIMARY KEY> = ?`` plans as
``Project(Filter?(RowidScan(equal=...)))``: one storage get, then the WHERE terms the
search did not consume, then the projection. ``point_reader`` recognises that shape in a
compiled ``Executable`` and returns a ``PointRead``, which does exactly that work in one
call -- the same key expression (``RowidScan.equal``, SQLite's OP_SeekRowid through
``values.seek_rowid``), the same record read (padded when short, as ``TableFile.get``
pads it), the same compiled WHERE predicate and column expressions -- so it answers as
the general ``Executable.rows`` does. Three shortcuts are taken, where they cannot change
the answer:

* an INTEGER parameter is its own key (NUMERIC or INTEGER affinity leaves an int as it is,
  and a bound int is always within int64);
* with such a parameter, a residual ``rowid = ?`` term on the same parameter is true for
  the row the key found, so it is not evaluated again;
* a projection of plain columns of the table is an ``itemgetter`` (the whole record when
  it is every column in order).

The session decides when a statement may take this path at all (sql/fast_read.py).
"""

from __future__ import annotations

from operator import itemgetter

from ..plan import bound as b
from ..plan import logical as L
from ..types import values as V
from ...storage.memory import padded

_KEY_AFFINITIES = ("__affinity_numeric", "__affinity_integer")


class PointRead:
    """``Executable.rows(params)`` of a point query, in one call (see the module)."""

    __slots__ = ("state", "store", "file_id", "slot", "env_size", "key", "param", "pred",
                 "pred_is_key", "project", "columns", "names", "param_count")

    def __call__(self, params: tuple) -> list:
        state = self.state
        state.params = params
        try:
            param = self.param
            value = params[param] if param is not None else None
            env = None
            if type(value) is int:
                key = value
            else:
                env = [None] * self.env_size
                key = V.seek_rowid(self.key(env))
                if key is None:
                    return []
            table = self.store.table(self.file_id)
            record = table.rows.get(key)
            if record is None:
                return []
            if table.fill is not None:
                record = padded(record, table.fill)
            if self.pred is not None and (env is not None or not self.pred_is_key) \
                    and not self._holds(env, record, key):
                return []
            project = self.project
            if project is not None:
                return [project(record)]
            env = env or [None] * self.env_size
            env[self.slot], env[self.slot + 1] = record, key
            return [tuple([c(env) for c in self.columns])]
        finally:
            state.params = ()

    def _holds(self, env: list | None, record: tuple, key: int) -> bool:
        """The WHERE terms the search left, on the row found (as ``filter_`` tests them)."""
        env = env or [None] * self.env_size
        env[self.slot], env[self.slot + 1] = record, key
        v = self.pred(env)
        return v is not None and (v != 0 if type(v) is int else V.truth(v))


def point_shape(plan: L.Plan) -> tuple | None:
    """``(scan, predicate)`` when ``plan`` has a point query's shape (a projection of a
    rowid search, perhaps filtered, and no subquery), else None: the first test of
    ``point_reader``, also asked by ``Executable.lighten`` (a plan of that shape keeps
    what ``point_reader`` reads)."""
    root = plan.root
    if plan.subplans or not isinstance(root, L.Project):
        return None
    scan, predicate = root.child, None
    if isinstance(scan, L.Filter):
        scan, predicate = scan.child, scan.predicate
    if not isinstance(scan, L.RowidScan) or scan.equal is None or \
            scan.table.without_rowid or scan.table.virtual is not None:
        return None
    return scan, predicate


def point_reader(executable) -> PointRead | None:
    """A ``PointRead`` for ``executable`` when its plan is a point query, else None."""
    plan = executable.plan
    shape = point_shape(plan) if plan is not None else None
    if shape is None:
        return None
    (scan, predicate), root = shape, plan.root
    if not all(_pure(e) for e in (scan.equal, predicate, *root.columns) if e is not None):
        return None
    compiler = executable.compiler
    read = PointRead()
    read.state, read.store, read.file_id = executable.state, compiler.store, scan.table.file_id
    read.slot = scan.slot
    read.key = compiler.expr(scan.equal)
    read.param = _key_param(scan.equal)
    read.pred = compiler.condition(predicate, terms=True) if predicate is not None else None
    read.pred_is_key = read.param is not None and _is_key_term(predicate, scan, read.param)
    read.columns = tuple(compiler.expr(c) for c in root.columns)
    read.project = _record_projection(root.columns, scan)
    read.env_size = compiler.env_size
    read.names = tuple(plan.names)
    compiler.slot_memo.clear()
    return read


def _pure(e) -> bool:
    """An expression the point path may evaluate: columns, parameters, literals,
    comparisons under BINARY joined by AND/OR, and the key's affinity (nothing that calls
    out, reads elsewhere or needs the session's context)."""
    if isinstance(e, (b.ColumnRef, b.Param, b.Literal)) and not isinstance(e, b.TriggerColumn):
        return not getattr(e, "json", False)
    if isinstance(e, b.Compare) and e.collation == "BINARY":
        # (a connection may define its own collation under another name, or redefine
        # NOCASE: those are looked up while the statement runs in the session's context)
        return _pure(e.left) and _pure(e.right)
    if isinstance(e, b.Binary) and e.op in ("and", "or"):
        return _pure(e.left) and _pure(e.right)
    if isinstance(e, b.Function) and e.name in _KEY_AFFINITIES:
        return all(_pure(a) for a in e.args)
    return False


def _key_param(equal) -> int | None:
    """The parameter an int value of which is the key itself, or None."""
    if isinstance(equal, b.Function) and equal.name in _KEY_AFFINITIES and \
            len(equal.args) == 1:
        equal = equal.args[0]
    if type(equal) is b.Param:
        return equal.index
    return None


def _is_key_term(predicate, scan: L.RowidScan, param: int) -> bool:
    """Is ``predicate`` exactly ``<the scanned table's rowid> = ?param`` (true of the row
    an int parameter found)?"""
    if not (isinstance(predicate, b.Compare) and predicate.op == "eq"):
        return False
    left, right = predicate.left, predicate.right
    if type(right) is not b.Param or right.index != param or type(left) is not b.ColumnRef:
        return False
    if left.slot != scan.slot or left.json:
        return False
    return left.column < 0 or (0 <= left.column < len(scan.table.columns)
                               and left.column == scan.table.rowid_alias)


def _record_projection(columns: tuple, scan: L.RowidScan):
    """A function from the record to the result row when every column is a plain column
    of the scanned table (the record itself when it is all of them, in order), else None."""
    positions = []
    for c in columns:
        if type(c) is not b.ColumnRef or c.slot != scan.slot or c.column < 0 or c.json:
            return None
        positions.append(c.column)
    width = len(scan.table.columns)
    if width and positions == list(range(width)):
        # the record itself; one padded past the table's columns (a longer fill, see
        # TableFile) is cut to them, as the column-by-column projection reads it
        return lambda record: record if len(record) == width else record[:width]
    if len(positions) == 1:
        position = positions[0]
        return lambda record: (record[position],)
    return itemgetter(*positions)
