"""The in-memory form of a table's definition, as the dictionary cache hands it out.

These objects are built from the SYS_* rows (see ``dictionary.py``) and never written
directly: DDL writes dictionary rows, and the cache rebuilds the objects from them (from
the rows just written, where a CREATE made them). The planner reads them to bind
names, pick indexes and enforce constraints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..storage.sortedmap import SortedMap

from .trigger import TableTriggers
from .ascii_case import ascii_lower

#: The table SQLite keeps AUTOINCREMENT counters in, created with the first such table.
SEQUENCE_TABLE = "sqlite_sequence"
SEQUENCE_SQL = "CREATE TABLE sqlite_sequence(name,seq)"

#: The datatypes SQLite knows by name (sqlite.org/stricttables.html). A column declared with
#: one of them keeps the name in capitals (PRAGMA table_info shows ``INT`` for ``int``), and
#: they are the only datatypes a STRICT table allows. The value: the Python type a STRICT
#: column of that datatype stores, after affinity (None: any; NULL is always allowed).
STANDARD_TYPES = {"INT": int, "INTEGER": int, "REAL": float, "TEXT": str, "BLOB": bytes,
                  "ANY": None}


def column_affinity(declared_type: str, strict: bool, affinity_of) -> str:
    """A column's affinity: ``affinity_of`` (SQLite's rules on the type name), except that
    ANY in a STRICT table has none, so values are stored exactly as given."""
    if strict and declared_type == "ANY":
        return "BLOB"
    return affinity_of(declared_type)


@dataclass(frozen=True)
class Column:
    name: str
    declared_type: str          # as written ('' when none; a STANDARD_TYPES name in capitals)
    affinity: str               # TEXT NUMERIC INTEGER REAL BLOB
    notnull: bool = False
    default_sql: str | None = None   # the DEFAULT expression's SQL text
    pk: int = 0                 # 1-based position in the PRIMARY KEY, 0 when not part of it
    collation: str = "BINARY"   # in capitals: what comparisons use
    collation_name: str | None = field(default=None, compare=False)   # as written (below)
    #: A generated column (sqlite.org/gencol.html): VIRTUAL or STORED, the value PRAGMA
    #: table_xinfo shows as ``hidden``; 0 for an ordinary column.
    generated: int = 0
    generated_sql: str | None = None    # the expression of ``AS (...)`` as written
    #: The NOT NULL constraint's ON CONFLICT clause (ROLLBACK ABORT FAIL IGNORE REPLACE),
    #: None when it has none (then the statement's, else ABORT: constraint_conflicts.py)
    notnull_conflict: str | None = None

    @property
    def is_generated(self) -> bool:
        return self.generated != 0


#: ``Column.generated`` of a VIRTUAL and of a STORED column (PRAGMA table_xinfo's hidden).
VIRTUAL, STORED = 2, 3


def column_record(table_id: int, pos: int, c: Column, table=None) -> tuple:
    """The SYS_COLUMNS record of column ``c`` at ``pos`` of table ``table_id`` (``table``:
    its draft, whose rowid alias keeps its PRIMARY KEY's ON CONFLICT clause there)."""
    key_conflict = table.key_conflict if table is not None and table.rowid_alias == pos \
        else None
    return (table_id, pos, c.name, c.declared_type, int(c.notnull), c.default_sql, c.pk,
            c.collation_name or c.collation, c.generated, c.generated_sql, c.notnull_conflict,
            key_conflict)



@dataclass(frozen=True)
class IndexColumn:
    column: int                 # position of the column in the table
    collation: str              # in capitals: what comparisons use
    desc: bool = False
    #: The collation's name as written in the DDL (``nocase``), or None for BINARY by
    #: default: SQLite reports it so (PRAGMA index_xinfo) and the dictionary keeps it.
    collation_name: str | None = field(default=None, compare=False)


#: ``IndexColumn.column`` of a key that is an expression (SQLite's cid -2 in PRAGMA index_info)
EXPRESSION = -2


@dataclass
class Index:
    id: int
    name: str
    table: str
    file_id: int
    unique: bool
    columns: tuple[IndexColumn, ...]
    origin: str                 # 'c' CREATE INDEX, 'u' UNIQUE constraint, 'pk' PRIMARY KEY
    sql: str | None = None
    #: A partial index or an index on expressions: what the SQL layer made of its CREATE
    #: INDEX text when the table was loaded (the ``index_form`` hook of the dictionary; an
    #: object of rowandb/sql/bind/index_forms.py). None for an index of plain columns. The
    #: catalog only calls ``form.values(record, rowid)`` (the key values, or None when the
    #: row is not in the index) and reads ``form.reads`` (the columns those depend on).
    form: object = field(default=None, compare=False, repr=False)
    #: An index of a WITHOUT ROWID table other than its PRIMARY KEY's: the key columns
    #: it does not hold itself (``clustering_suffix``). Entries carry their values after
    #: the index's own, so equal keys are ordered by the PRIMARY KEY, as in SQLite.
    suffix: tuple = field(default=(), compare=False, repr=False)
    #: The ON CONFLICT clause of the UNIQUE or PRIMARY KEY constraint that made the index
    #: (None: none written; a CREATE INDEX never has one)
    on_conflict: str | None = None
    #: Made by a constraint without a clause and given ``on_conflict`` by a later one on
    #: the same columns: how many of the table's indexes had been made and clauses
    #: merged before, which places a REPLACE among the others (``Table.index_list``).
    merged_at: int | None = field(default=None, compare=False)

    @property
    def partial(self) -> bool:
        return self.form is not None and self.form.where is not None


class _NoConstraints(SortedMap):
    """The empty constraint tree of every table that has none in that direction, one
    object shared by all of them: most tables of a large schema reference nothing or are
    referenced by nothing, and an empty ``SortedMap`` of their own would be six more
    objects each for every full garbage collection to walk (the InnoDB seed's 10,000
    child tables). It refuses writes; ``own_tree`` gives a table its own tree first."""

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("the shared empty constraint tree is read-only (see own_tree)")

    __setitem__ = setdefault = update = add_new = _refuse


NO_CONSTRAINTS = _NoConstraints()


def own_tree(table, direction: str) -> SortedMap:
    """``table``'s constraint tree ``direction`` ("fk_out" or "fk_in"), made its own (no
    longer the shared empty one) so that a constraint can go in."""
    tree = getattr(table, direction)
    if tree is NO_CONSTRAINTS:
        tree = SortedMap()
        setattr(table, direction, tree)
    return tree


@dataclass
class ForeignKey:
    id: int                     # dictionary id of the constraint (SYS_FOREIGN rowid)
    name: str | None
    child: str                  # child table name
    parent: str                 # parent table name, as written
    child_columns: tuple[str, ...]
    parent_columns: tuple[str, ...]   # empty: the parent's primary key
    on_delete: str = "NO ACTION"
    on_update: str = "NO ACTION"
    deferred: bool = False      # DEFERRABLE INITIALLY DEFERRED
    match: str = "SIMPLE"
    seq: int = 0                # position among the child's constraints (PRAGMA foreign_key_list id)
    child_id: int = 0           # the child table's id (its place in creation order), 0 unknown


@dataclass
class Table:
    id: int
    name: str
    file_id: int
    columns: tuple[Column, ...]
    sql: str
    rowid_alias: int | None = None          # column that is the INTEGER PRIMARY KEY
    indexes: list[Index] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)   # outgoing, declaration order
    # id -> outgoing / incoming constraint; NO_CONSTRAINTS until the first one (own_tree)
    fk_out: SortedMap = field(default_factory=lambda: NO_CONSTRAINTS)
    fk_in: SortedMap = field(default_factory=lambda: NO_CONSTRAINTS)
    system: bool = False
    virtual: object = None                  # callable returning the rows of a computed table
    strict: bool = False                    # STRICT: values must match the declared types
    autoincrement: bool = False             # the INTEGER PRIMARY KEY is AUTOINCREMENT
    without_rowid: bool = False             # WITHOUT ROWID: no visible rowid, rows in PK order
    key_conflict: str | None = None         # the INTEGER PRIMARY KEY's ON CONFLICT clause
                                            # (SYS_COLUMNS.pk_conflict of the rowid alias)
    triggers: TableTriggers = field(default_factory=TableTriggers)   # trigger.py
    stats: dict = field(default_factory=dict)   # ANALYZE's figures: statistics.py
    #: The dictionary rows this object was built from (``Dictionary._definition_rows``),
    #: not copied by ``dataclasses.replace``: a CREATE INDEX builds the table again from
    #: them and its own rows instead of reading them all back.
    definition: tuple | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self):
        self._positions = {ascii_lower(c.name): i for i, c in enumerate(self.columns)}

    def column_index(self, name: str) -> int | None:
        return self._positions.get(ascii_lower(name))

    def named_columns(self) -> tuple:
        """(each column's (name, affinity, collation), lower-case name -> position): how
        name resolution sees the table (sql/bind/scope.Source), made once for its columns, not
        for every statement that names it. Neither is ever changed; a new tuple of
        columns (ALTER TABLE) makes them again. The INTEGER PRIMARY KEY has no collation
        there, whatever it declares: SQLite reads it as the rowid, and a rowid has none, so
        ``ipk = t.c`` compares under ``t.c``'s (resolve.c turns the column into iColumn -1,
        which sqlite3ExprCollSeq gives no collation)."""
        kept = self.__dict__.get("_named")
        if kept is None or kept[0] is not self.columns:
            triples = tuple((c.name, c.affinity, None if i == self.rowid_alias else c.collation)
                            for i, c in enumerate(self.columns))
            positions: dict = {}
            for i, c in enumerate(self.columns):
                positions.setdefault(ascii_lower(c.name), i)
            kept = self._named = (self.columns, triples, positions)
        return kept[1], kept[2]

    @property
    def primary_key(self) -> tuple[int, ...]:
        pk = sorted((c.pk, i) for i, c in enumerate(self.columns) if c.pk)
        return tuple(i for _, i in pk)

    @property
    def index_list(self) -> list[Index]:
        """The indexes in SQLite's order (its Table.pIndex list, which PRAGMA index_list
        shows and constraint checks follow): each new index goes first, then the first
        index whose clause is REPLACE moves down past those that are not
        (sqlite3CreateIndex), so REPLACE constraints are checked last -- newest REPLACE
        first, one given REPLACE by a later constraint on its columns counting from then
        (``Index.merged_at``): ``a UNIQUE, b UNIQUE ON CONFLICT REPLACE, UNIQUE (a) ON
        CONFLICT REPLACE`` checks a's before b's."""
        if not any(ix.on_conflict == "REPLACE" for ix in self.indexes):
            return self.indexes[::-1]
        merges = sorted(ix.merged_at for ix in self.indexes if ix.merged_at is not None)
        event, merged, replacing = 0, 0, []     # events: indexes made and clauses merged
        for index in self.indexes:
            while merged < len(merges) and merges[merged] == event:
                merged, event = merged + 1, event + 1
            if index.on_conflict == "REPLACE":
                became = index.merged_at if index.merged_at is not None else event
                replacing.append((became, index))
            event += 1
        replacing.sort(key=lambda pair: pair[0], reverse=True)
        return [ix for ix in self.indexes[::-1] if ix.on_conflict != "REPLACE"] + \
            [ix for _, ix in replacing]

    def index_named(self, name: str) -> Index | None:
        lname = ascii_lower(name)
        for index in self.indexes:
            if ascii_lower(index.name) == lname:
                return index
        return None


def clustering_suffix(table: "Table") -> None:
    """Give each index of a WITHOUT ROWID table other than its PRIMARY KEY's the key
    columns it does not already hold under the same collation (SQLite's secondary indexes
    of such a table end with them: sqlite3CreateIndex)."""
    pk = next((ix for ix in table.indexes if ix.origin == "pk"), None)
    if not table.without_rowid or pk is None:
        return
    for index in table.indexes:
        if index is not pk:
            held = {(c.column, c.collation) for c in index.columns}
            index.suffix = tuple(c for c in pk.columns if (c.column, c.collation) not in held)
