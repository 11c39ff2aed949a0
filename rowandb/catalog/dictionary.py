"""The data dictionary: SYS_* tables with reserved file ids, and the cache built from them.

Modelled on InnoDB's dictionary (dict0dict.cc, dict0load.cc): the definition of every table
lives as rows of ordinary tables, so DDL is written in the same transaction as any other
change (a rolled-back CREATE TABLE leaves nothing behind) and the dictionary can be read
with SELECT. The cache turns those rows into ``schema.Table`` objects on first use.

| table            | file | columns                                                        | index (file)                         |
|------------------|------|----------------------------------------------------------------|--------------------------------------|
| SYS_TABLES       | 1    | id, name, file_id, n_cols, sql, strict, autoincrement,         | name NOCASE (7)                      |
|                  |      | without_rowid                                                  |                                      |
| SYS_COLUMNS      | 2    | table_id, pos, name, type, notnull, default_sql, pk, collation,| table_id (8)                         |
|                  |      | generated, generated_sql, notnull_conflict, pk_conflict        |                                      |
| SYS_INDEXES      | 3    | id, table_id, name, file_id, is_unique, origin, sql,           | table_id (9), name NOCASE (14)       |
|                  |      | on_conflict, merged_at                                         |                                      |
| SYS_FIELDS       | 4    | index_id, pos, col_pos, collation, is_desc                     | index_id (10)                        |
| SYS_FOREIGN      | 5    | id, name, for_name, ref_name, n_cols, on_delete, on_update,    | for_name NOCASE (11),                |
|                  |      | deferred, seq                                                  | ref_name NOCASE (12)                 |
| SYS_FOREIGN_COLS | 6    | id, pos, for_col_name, ref_col_name                            | id (13)                              |
| SYS_HEADER       | 15   | id, name, value                                                | none                                 |
| SYS_VIEWS        | 16   | id, name, sql                                                  | name NOCASE (17)                     |
| SYS_TRIGGERS     | 18   | id, name, tbl_name, timing, event, columns, sql                | tbl_name NOCASE (19), name NOCASE (20) |

``id`` columns are the rowids of their rows (INTEGER PRIMARY KEY). File ids 1-31 are reserved
for SYS tables and never handed out by the allocator; user files start at 32. A view is
one SYS_VIEWS row (``views.py``): its name and its CREATE VIEW text; a trigger is one
SYS_TRIGGERS row (``trigger.py``). The ids of SYS_TABLES, SYS_INDEXES, SYS_VIEWS and
SYS_TRIGGERS rows come from one sequence, so together they give the order of creation that ``sqlite_schema`` shows. Collations are kept as written (``nocase``), as SQLite
reports them; the loaded ``Column``/``IndexColumn`` compare them in capitals.

SYS_HEADER holds what SQLite keeps in its database header: one row per field of
``HEADER_FIELDS`` that has ever been set (a missing row reads 0), written in the caller's
transaction like any dictionary row -- so it is logged, checkpointed, recovered and seen
through snapshots as every other row. ``schema_version`` is SQLite's schema cookie: every
CREATE or DROP adds one to it in its own transaction (``PRAGMA schema_version``); the
in-memory ``Dictionary.version``, which invalidates cached plans, is another counter.
``text_encoding`` records, as in SQLite, that a CREATE has fixed the database's encoding.
``vacuum_mark``, RowanDB's own, is the highest object id when VACUUM last ran, after which
sqlite_schema lists its rows in SQLite's post-VACUUM order (``vacuum_order.py``).
``sqlite_schema`` (alias ``sqlite_master``) is a virtual
table computed from these rows, as SQLite presents its schema. ``strict`` and
``autoincrement`` are 0 or 1: the table's STRICT option, and AUTOINCREMENT on its INTEGER
PRIMARY KEY; ``without_rowid`` 0 or 1, its WITHOUT ROWID option (a record of 7 values,
written before it existed, reads 0). ``sqlite_sequence``, which holds the AUTOINCREMENT counters, is an ordinary table
with SYS rows of its own, created in the transaction of the first AUTOINCREMENT table, as in
SQLite.

SYS_TRIGGERS holds one row per trigger: its name, the table it is on (as written), its
timing (BEFORE, AFTER, INSTEAD OF), its event (INSERT, UPDATE, DELETE), the column names
of ``UPDATE OF`` as a JSON list (NULL without OF) and the CREATE TRIGGER text as
sqlite_schema shows it. The dictionary never parses that text (``trigger.py``); a loaded
table keeps its triggers in a sorted tree, and DROP TABLE deletes them with it.
"""

from __future__ import annotations

from . import rows as rowio
from . import written_rows
from .alter import DictionaryAlter
from .cache import DEFAULT_CAPACITY, TableCache
from .views import DictionaryViews
from .vacuum_order import schema_order
from .trigger import TableTriggers, Trigger
from .statistics import read_stats
from .schema import (SEQUENCE_SQL, SEQUENCE_TABLE, Column, ForeignKey, Index, IndexColumn, Table,
                     clustering_suffix, column_affinity, column_record)
from .live_schema import live_rows
from .ascii_case import ascii_lower, ascii_upper, declared_collation

_I, _T = "INTEGER", "TEXT"

# name, file id, columns (name, type), indexes (name, file id, column name, collation)
_SYS_LAYOUT = (
    ("SYS_TABLES", 1, (("id", _I), ("name", _T), ("file_id", _I), ("n_cols", _I), ("sql", _T),
                       ("strict", _I), ("autoincrement", _I), ("without_rowid", _I)),
     (("SYS_TABLES_NAME", 7, "name", "NOCASE"),)),
    ("SYS_COLUMNS", 2, (("table_id", _I), ("pos", _I), ("name", _T), ("type", _T),
                        ("notnull", _I), ("default_sql", _T), ("pk", _I), ("collation", _T),
                        ("generated", _I), ("generated_sql", _T), ("notnull_conflict", _T),
                        ("pk_conflict", _T)),
     (("SYS_COLUMNS_TABLE", 8, "table_id", "BINARY"),)),
    ("SYS_INDEXES", 3, (("id", _I), ("table_id", _I), ("name", _T), ("file_id", _I),
                        ("is_unique", _I), ("origin", _T), ("sql", _T), ("on_conflict", _T),
                        ("merged_at", _I)),
     (("SYS_INDEXES_TABLE", 9, "table_id", "BINARY"), ("SYS_INDEXES_NAME", 14, "name", "NOCASE"))),
    ("SYS_FIELDS", 4, (("index_id", _I), ("pos", _I), ("col_pos", _I), ("collation", _T),
                       ("is_desc", _I)),
     (("SYS_FIELDS_INDEX", 10, "index_id", "BINARY"),)),
    ("SYS_FOREIGN", 5, (("id", _I), ("name", _T), ("for_name", _T), ("ref_name", _T),
                        ("n_cols", _I), ("on_delete", _T), ("on_update", _T),
                        ("deferred", _I), ("seq", _I)),
     (("SYS_FOREIGN_FOR", 11, "for_name", "NOCASE"), ("SYS_FOREIGN_REF", 12, "ref_name", "NOCASE"))),
    ("SYS_FOREIGN_COLS", 6, (("id", _I), ("pos", _I), ("for_col_name", _T), ("ref_col_name", _T)),
     (("SYS_FOREIGN_COLS_ID", 13, "id", "BINARY"),)),
    ("SYS_HEADER", 15, (("id", _I), ("name", _T), ("value", _I)), ()),
    ("SYS_VIEWS", 16, (("id", _I), ("name", _T), ("sql", _T)),
     (("SYS_VIEWS_NAME", 17, "name", "NOCASE"),)),
    ("SYS_TRIGGERS", 18, (("id", _I), ("name", _T), ("tbl_name", _T), ("timing", _T),
                          ("event", _T), ("columns", _T), ("sql", _T)),
     (("SYS_TRIGGERS_TABLE", 19, "tbl_name", "NOCASE"), ("SYS_TRIGGERS_NAME", 20, "name", "NOCASE"))),
)
RESERVED_FILE_IDS = tuple(range(1, 32))
_KEPT_COLUMNS = 4096        # distinct column definitions kept for the next table's load
_ROWID_KEYED = {"SYS_TABLES", "SYS_INDEXES", "SYS_FOREIGN", "SYS_HEADER", "SYS_VIEWS",
                "SYS_TRIGGERS"}   # first column: the rowid
#: The fields of SYS_HEADER: name -> rowid. Each is a 32-bit signed integer, as in SQLite;
#: text_encoding is 0 until the first CREATE sets it to 1 (UTF-8), as SQLite's header does.
HEADER_FIELDS = {"user_version": 1, "application_id": 2, "schema_version": 3,
                 "text_encoding": 4, "vacuum_mark": 5}


def _bootstrap_table(name: str, file_id: int, columns, indexes) -> Table:
    cols = tuple(Column(n, t, t, pk=1 if (i == 0 and name in _ROWID_KEYED) else 0)
                 for i, (n, t) in enumerate(columns))
    table = Table(id=-file_id, name=name, file_id=file_id, columns=cols, system=True,
                  sql=f"CREATE TABLE {name}(" + ", ".join(f"{n} {t}" for n, t in columns) + ")",
                  rowid_alias=0 if name in _ROWID_KEYED else None)
    for iname, ifile, col, coll in indexes:
        table.indexes.append(Index(id=-ifile, name=iname, table=name, file_id=ifile, unique=False,
                                   columns=(IndexColumn(table.column_index(col), coll),),
                                   origin="c"))
    return table


class Dictionary(DictionaryViews, DictionaryAlter):
    """SYS_* rows in storage plus the cache of ``Table`` objects built from them."""

    def __init__(self, store, encode, affinity_of, cache_capacity: int = DEFAULT_CAPACITY,
                 default_value=None, index_forms=None, virtual_value=None):
        self.store = store
        self.encode = encode            # planner's values.sort_key: index key of a value
        self.affinity_of = affinity_of  # planner's values.affinity_of_type
        # (DEFAULT text, affinity) -> the value (the SQL layer's), for columns added later
        # than a table's oldest records (alter.py)
        self.default_value = default_value
        # (dictionary, table) -> None: gives each partial or expression index of a table
        # being loaded its ``Index.form`` (the SQL layer's, rowandb/sql/bind/index_forms.py)
        self.index_forms = index_forms
        # (dictionary, table, position) -> a storage.memory.LazyValue: an added VIRTUAL
        # column of records older than it, computed where it is read (the SQL layer's,
        # rowandb/sql/bind/virtual_read.py)
        self.virtual_value = virtual_value
        self.version = 0
        self.cache = TableCache(cache_capacity, release=getattr(store, "release_table", None))
        self.stats = self.cache.stats
        self.views = {}                 # lower-case name -> views.View, loaded on first use
        self._columns = {}              # (SYS_COLUMNS row's fields, strict) -> Column
        self.view_widths = {}           # lower-case name -> its column names, once known
        self.system = {}
        for name, file_id, columns, indexes in _SYS_LAYOUT:
            store.bootstrap_file(file_id, "table", name)
            for _, ifile, _, _ in indexes:
                store.bootstrap_file(ifile, "index", name)
            self.system[ascii_lower(name)] = _bootstrap_table(name, file_id, columns, indexes)
        # SYS_COLUMNS records written before generated columns existed hold 8 values: they
        # read as ordinary columns (generated 0, no expression)
        store.set_fill(2, (None,) * 8 + (0, None, None, None))
        store.set_fill(1, (None,) * 7 + (0,))      # SYS_TABLES before WITHOUT ROWID
        # SYS_COLUMNS and SYS_INDEXES records written before ON CONFLICT clauses existed:
        # NULL, no clause (docs/FORMATS.md)
        store.set_fill(3, (None,) * 7 + (None, None))     # and before merged_at
        schema = Table(id=0, name="sqlite_schema", file_id=0, system=True, sql="",
                       columns=tuple(Column(n, t, affinity_of(t)) for n, t in (
                           ("type", _T), ("name", _T), ("tbl_name", _T), ("rootpage", "INT"),
                           ("sql", _T))),
                       virtual=self.live_schema_rows)
        self.system["sqlite_schema"] = self.system["sqlite_master"] = schema

    # -- reading ----------------------------------------------------------------------
    def table(self, name: str) -> Table | None:
        lname = ascii_lower(name)
        table = self.cache.get(lname) or self.system.get(lname)
        if table is None:
            with self.cache.locked():
                table = self.cache.get(lname) or self._load(lname)
        return table

    def table_names(self) -> list[str]:
        sys_tables = self.store.table(1)
        return [record[1] for _, record in sys_tables.scan()]

    def schema_rows(self) -> list[tuple]:
        """(type, name, tbl_name, rootpage, sql) rows in creation order, as sqlite_schema
        has them: tables, indexes, views and triggers by their ids, which come from one
        sequence -- regrouped as SQLite's VACUUM writes them, up to the last VACUUM
        (vacuum_order.py)."""
        return [row for _, row in sorted(self._ordered_objects(), key=lambda entry: entry[0])]

    def live_schema_rows(self):
        """``schema_rows`` as a scan that meets the changes made while it runs
        (live_schema.py)."""
        return live_rows(self._ordered_objects, lambda: self.version)

    def _ordered_objects(self) -> list[tuple]:
        """(sort key, sqlite_schema row) of every object (vacuum_order.py)."""
        mark = self.header("vacuum_mark")
        autoincrement = {trow[0] for _, trow in self.store.table(1).scan() if trow[6]} \
            if mark else set()
        return schema_order(self.schema_objects(), mark, autoincrement)

    def schema_objects(self) -> list[tuple]:
        """(id, sqlite_schema row) of every table, index, view and trigger."""
        tables = {trow[0]: trow for _, trow in self.store.table(1).scan()}
        objects = [(tid, ("table", trow[1], trow[1], trow[2], trow[4]))
                   for tid, trow in tables.items()]
        for _, irow in self.store.table(self._sys("SYS_INDEXES").file_id).scan():
            if irow[5] == "pk" and tables[irow[1]][7]:
                continue            # a WITHOUT ROWID table's key is the table's own b-tree
            sql = irow[6] if irow[5] == "c" else None
            objects.append((irow[0], ("index", irow[2], tables[irow[1]][1], irow[3], sql)))
        objects += [(vrow[0], ("view", vrow[1], vrow[1], 0, vrow[2])) for vrow in self.view_rows()]
        objects += [(r[0], ("trigger", r[1], r[2], 0, r[6])) for _, r in
                    self.store.table(self._sys("SYS_TRIGGERS").file_id).scan()]
        return objects

    def trigger(self, name: str) -> Trigger | None:
        """The trigger called ``name`` (any case), through SYS_TRIGGERS_NAME."""
        found = self._rows_by("SYS_TRIGGERS", ascii_lower(name), 1)
        return Trigger.from_record(found[0]) if found else None

    def index_owner(self, index_name: str) -> Table | None:
        """The table that owns the index called ``index_name`` (SYS_INDEXES_NAME)."""
        found = self._rows_by("SYS_INDEXES", ascii_lower(index_name), 1)
        if not found:
            return None
        table_id = found[0][1]
        trow = self.store.table(self._sys("SYS_TABLES").file_id).get(table_id)
        return self.table(trow[1])

    def _sys(self, name: str) -> Table:
        return self.system[ascii_lower(name)]

    def _rows_by(self, sys_name: str, key, index_pos: int = 0) -> list[tuple]:
        """Rows of a SYS table whose indexed column equals ``key``, in rowid order."""
        return [record for _, record in self._records_by(sys_name, key, index_pos)]

    def _records_by(self, sys_name: str, key, index_pos: int = 0) -> list[tuple]:
        """(rowid, row) of the rows of a SYS table whose indexed column equals ``key``."""
        table = self._sys(sys_name)
        index = table.indexes[index_pos]
        prefix = rowio.index_key(index, (key,), self.encode)
        entries = self.store.index(index.file_id).range(prefix, prefix)
        file = self.store.table(table.file_id)
        return [(entry[-1], file.get(entry[-1])) for entry in sorted(entries, key=lambda e: e[-1])]

    def _load(self, lname: str) -> Table | None:
        """Build a table from its SYS rows (columns, indexes, fields, then its foreign keys
        in both directions) and cache it, sharing constraint objects with cached tables."""
        found = self._rows_by("SYS_TABLES", lname)
        if not found:
            return None
        return self._from_rows(lname, self._definition_rows(found[0]))

    def _definition_rows(self, trow: tuple) -> tuple:
        """``trow`` (a SYS_TABLES row) with its SYS_COLUMNS rows by position and, by index
        id, each SYS_INDEXES row with its SYS_FIELDS rows by position: what
        ``_build_table`` makes the table of."""
        columns = tuple(sorted(self._rows_by("SYS_COLUMNS", trow[0]), key=lambda r: r[1]))
        indexes = tuple((irow, tuple(sorted(self._rows_by("SYS_FIELDS", irow[0]),
                                            key=lambda r: r[1])))
                        for irow in self._rows_by("SYS_INDEXES", trow[0]))
        return trow, columns, indexes

    def _from_rows(self, lname: str, rows: tuple) -> Table:
        """The table of its definition's ``rows`` (``_definition_rows``), with what the
        other SYS tables and sqlite_stat1 hold of it, cached. The rows are kept with it
        (``Table.definition``), so that a CREATE INDEX adds its own to them."""
        table = self._build_table(*rows)
        table.definition = rows
        table.stats = read_stats(self, table)          # ANALYZE's, from sqlite_stat1
        fill = self.column_fill(table, rows[0][3])
        if fill is not None:
            self.store.set_fill(table.file_id, fill)
        outgoing = [self._build_fk(r, table.id) for r in self._rows_by("SYS_FOREIGN", lname, 0)]
        incoming = [self._build_fk(r) for r in self._rows_by("SYS_FOREIGN", lname, 1)]
        self.cache.link(table, outgoing, incoming)
        table.foreign_keys = sorted(table.fk_out.values(), key=lambda fk: fk.seq)
        table.triggers = TableTriggers(Trigger.from_record(r)
                                       for r in self._rows_by("SYS_TRIGGERS", lname, 0))
        if self.index_forms is not None:
            self.index_forms(self, table)
        self.cache.put(lname, table)
        return table

    def _build_table(self, trow: tuple, column_rows: tuple, index_rows: tuple) -> Table:
        table_id, name, file_id, _, sql, strict, autoincrement, without_rowid = trow
        key_conflict = None
        columns = []
        made = self._columns
        for crow in column_rows:
            column = made.get((crow[2:11], strict))
            if column is None:
                column = self._column(crow, strict)
            columns.append(column)
            key_conflict = crow[11] or key_conflict     # the rowid alias's PRIMARY KEY
        indexes = []
        for irow, fields in index_rows:
            indexes.append(Index(
                id=irow[0], name=irow[2], table=name, file_id=irow[3], unique=bool(irow[4]),
                columns=tuple(IndexColumn(f[2], declared_collation(f[3]), bool(f[4]), f[3])
                              for f in fields),
                origin=irow[5], sql=irow[6], on_conflict=irow[7], merged_at=irow[8]))
        table = Table(id=table_id, name=name, file_id=file_id, columns=tuple(columns), sql=sql,
                      rowid_alias=_rowid_alias(columns, indexes), indexes=indexes,
                      strict=bool(strict), autoincrement=bool(autoincrement),
                      without_rowid=bool(without_rowid), key_conflict=key_conflict)
        clustering_suffix(table)
        return table

    def _column(self, crow: tuple, strict) -> Column:
        """The ``Column`` of SYS_COLUMNS row ``crow`` in a table STRICT or not, kept for
        the next table of a column so written (a ``Column`` is never changed: the tables
        of one schema share them; at most ``_KEPT_COLUMNS`` are kept)."""
        from_type = crow[3] or ""
        affinity = column_affinity(from_type, bool(strict), self.affinity_of)
        column = Column(crow[2], from_type, affinity, bool(crow[4]), crow[5], crow[6],
                        declared_collation(crow[7]), crow[7], crow[8] or 0, crow[9], crow[10])
        if len(self._columns) < _KEPT_COLUMNS:
            self._columns[crow[2:11], strict] = column
        return column

    def _build_fk(self, frow: tuple, child_id: int | None = None) -> ForeignKey:
        cols = sorted(self._rows_by("SYS_FOREIGN_COLS", frow[0]), key=lambda r: r[1])
        if child_id is None:            # a constraint into the table: its child's place
            child = self.cache.peek(ascii_lower(frow[2]))
            found = () if child is not None else self._rows_by("SYS_TABLES",
                                                                   ascii_lower(frow[2]))
            child_id = child.id if child is not None else (found[0][0] if found else 0)
        return ForeignKey(id=frow[0], name=frow[1], child=frow[2], parent=frow[3],
                          child_columns=tuple(c[2] for c in cols),
                          parent_columns=tuple(c[3] for c in cols if c[3] is not None),
                          on_delete=frow[5], on_update=frow[6], deferred=bool(frow[7]),
                          seq=frow[8], child_id=child_id)

    def referencing(self, parent_name: str) -> list[ForeignKey]:
        """Every constraint whose parent is ``parent_name``, in constraint-id order, also
        when no table of that name exists (a dropped or not yet created parent)."""
        table = self.table(parent_name)
        if table is not None:
            return list(table.fk_in.values())
        return [self._build_fk(r)
                for r in self._rows_by("SYS_FOREIGN", ascii_lower(parent_name), 1)]

    # -- writing ----------------------------------------------------------------------
    def _insert(self, txn, sys_name: str, record: tuple) -> int:
        table = self._sys(sys_name)
        if table.rowid_alias is not None:
            rowid = record[0]
        else:
            rowid = self.store.table(table.file_id).max_rowid() + 1
        rowio.insert_record(txn, table, rowid, record, self.encode)
        return rowid

    def _next_id(self, sys_name: str) -> int:
        return self.store.table(self._sys(sys_name).file_id).max_rowid() + 1

    def _delete_where(self, txn, sys_name: str, key, index_pos: int = 0) -> None:
        table = self._sys(sys_name)
        index = table.indexes[index_pos]
        prefix = rowio.index_key(index, (key,), self.encode)
        file = self.store.table(table.file_id)
        for entry in self.store.index(index.file_id).range(prefix, prefix):
            rowid = entry[-1]
            rowio.delete_record(txn, table, rowid, file.get(rowid), self.encode)

    def create_table(self, txn, draft: Table) -> Table:
        """Write the dictionary rows and create the files for ``draft``; return the real table."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            return self._create_table(txn, draft)

    def _create_table(self, txn, draft: Table) -> Table:
        table_id = self.next_object_id()
        file_id = txn.create_file("table", draft.name)
        trow = (table_id, draft.name, file_id, len(draft.columns), draft.sql,
                int(draft.strict), int(draft.autoincrement), int(draft.without_rowid))
        self._insert(txn, "SYS_TABLES", trow)
        columns = tuple(column_record(table_id, pos, c, draft)
                        for pos, c in enumerate(draft.columns))
        for crow in columns:
            self._insert(txn, "SYS_COLUMNS", crow)
        indexes = tuple(self._write_index(txn, table_id, draft.name, index)
                        for index in draft.indexes)
        for seq, fk in enumerate(draft.foreign_keys):
            self._write_fk(txn, draft.name, fk, seq)
        if draft.autoincrement and self.table(SEQUENCE_TABLE) is None:
            self._create_table(txn, _sequence_draft())
        return self._changed(draft.name, (trow, columns, indexes))

    def _write_index(self, txn, table_id: int, table_name: str, index: Index) -> tuple:
        """Write the SYS_INDEXES and SYS_FIELDS rows of ``index`` and create its file; the
        rows as ``_definition_rows`` gives them."""
        index_id = self.next_object_id()
        file_id = txn.create_file("index", index.name)
        irow = (index_id, table_id, index.name, file_id, int(index.unique), index.origin,
                index.sql, index.on_conflict, index.merged_at)
        self._insert(txn, "SYS_INDEXES", irow)
        fields = tuple((index_id, pos, c.column, c.collation_name or c.collation, int(c.desc))
                       for pos, c in enumerate(index.columns))
        for frow in fields:
            self._insert(txn, "SYS_FIELDS", frow)
        return irow, fields

    def _write_fk(self, txn, child: str, fk: ForeignKey, seq: int) -> None:
        fk_id = self._next_id("SYS_FOREIGN")
        self._insert(txn, "SYS_FOREIGN", (fk_id, fk.name, child, fk.parent, len(fk.child_columns),
                                          fk.on_delete, fk.on_update, int(fk.deferred), seq))
        for pos, ccol in enumerate(fk.child_columns):
            pcol = fk.parent_columns[pos] if fk.parent_columns else None
            self._insert(txn, "SYS_FOREIGN_COLS", (fk_id, pos, ccol, pcol))

    def create_index(self, txn, table: Table, index: Index) -> Table:
        with self.cache.locked():
            self._bump_schema_version(txn)
            written = self._write_index(txn, table.id, table.name, index)
            cached = self.cache.peek(ascii_lower(table.name))
            rows = cached.definition if cached is not None else None
            return self._changed(table.name, rows and rows[:2] + (rows[2] + (written,),))

    def drop_index(self, txn, table: Table, index: Index) -> Table:
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._drop_index_rows(txn, index)
            return self._changed(table.name)

    def rebuild_index(self, txn, table: Table, index_name: str) -> Table:
        """REINDEX: give the index a new, empty file (the caller fills it) in place of its
        old one, which is dropped unread. SQLite's schema cookie does not change; cached
        plans, which name the old file, are invalidated."""
        with self.cache.locked():
            sys_indexes = self._sys("SYS_INDEXES")
            index = table.index_named(index_name)
            old = self.store.table(sys_indexes.file_id).get(index.id)
            file_id = txn.create_file("index", index.name)
            rowio.update_record(txn, sys_indexes, index.id, old, old[:3] + (file_id,) + old[4:],
                                self.encode)
            txn.drop_file(index.file_id)
            return self._changed(table.name)

    def _drop_index_rows(self, txn, index: Index) -> None:
        self._delete_where(txn, "SYS_FIELDS", index.id)
        file = self.store.table(self._sys("SYS_INDEXES").file_id)
        rowio.delete_record(txn, self._sys("SYS_INDEXES"), index.id, file.get(index.id), self.encode)
        txn.drop_file(index.file_id)

    def drop_table(self, txn, table: Table) -> None:
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._drop_table(txn, table)

    def create_trigger(self, txn, draft: Trigger) -> Trigger:
        """Write the SYS_TRIGGERS row of ``draft`` (its id is given here) in ``txn``."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            trigger = Trigger(self.next_object_id(), *draft.record()[1:3],
                              draft.timing, draft.event, draft.columns, draft.sql)
            self._insert(txn, "SYS_TRIGGERS", trigger.record())
            self._changed(trigger.table)
            return trigger

    def drop_trigger(self, txn, trigger: Trigger) -> None:
        with self.cache.locked():
            self._bump_schema_version(txn)
            table = self._sys("SYS_TRIGGERS")
            record = self.store.table(table.file_id).get(trigger.id)
            rowio.delete_record(txn, table, trigger.id, record, self.encode)
            self._changed(trigger.table)

    def _drop_table(self, txn, table: Table) -> None:
        self._delete_where(txn, "SYS_TRIGGERS", ascii_lower(table.name), 0)
        if table.autoincrement:
            self._forget_sequence(txn, table.name)
        for index in list(table.indexes):
            self._drop_index_rows(txn, index)
        for fk in table.foreign_keys:
            self._delete_where(txn, "SYS_FOREIGN_COLS", fk.id)
        self._delete_where(txn, "SYS_FOREIGN", ascii_lower(table.name), 0)
        self._delete_where(txn, "SYS_COLUMNS", table.id)
        file = self.store.table(self._sys("SYS_TABLES").file_id)
        rowio.delete_record(txn, self._sys("SYS_TABLES"), table.id, file.get(table.id), self.encode)
        txn.drop_file(table.file_id)
        self.cache.unlink(table)
        self._changed(table.name)

    def _forget_sequence(self, txn, name: str) -> None:
        """Delete the AUTOINCREMENT counters of table ``name`` (every sqlite_sequence row
        whose name is exactly that text), as SQLite's DROP TABLE does."""
        for sequence, rowid, record in self._sequence_rows(name):
            rowio.delete_record(txn, sequence, rowid, record, self.encode)

    def _sequence_rows(self, name: str) -> list[tuple]:
        """(sqlite_sequence, rowid, record) of every counter row named exactly ``name``."""
        sequence = self.table(SEQUENCE_TABLE)
        if sequence is None:
            return []
        return [(sequence, rowid, record)
                for rowid, record in list(self.store.table(sequence.file_id).scan())
                if type(record[0]) is str and record[0] == name]

    def _changed(self, name: str, rows: tuple | None = None) -> Table | None:
        """Every DDL ends here: drop the cached definition, bump the schema version, and
        load the new definition (which links its constraints into cached tables' trees):
        from ``rows``, its definition's dictionary rows as just written
        (``_definition_rows``), when given, else read from the SYS tables."""
        lname = ascii_lower(name)
        self.cache.pop(lname)
        self.views.pop(lname, None)
        self.view_widths.pop(lname, None)
        self.version += 1
        if rows is None:
            return self.table(name)
        table = self._from_rows(lname, rows)
        if written_rows.CHECK_WRITTEN_ROWS:
            written_rows.check_written_rows(self, lname, table)
        return table

    # -- the header ---------------------------------------------------------------------
    def header(self, field: str) -> int:
        """The value of SYS_HEADER field ``field`` (0 until it is first set)."""
        record = self.store.table(self._sys("SYS_HEADER").file_id).get(HEADER_FIELDS[field])
        return 0 if record is None else record[2]

    def set_header(self, txn, field: str, value: int) -> None:
        """Set header field ``field`` to ``value`` (kept to 32 bits, as SQLite stores it) in
        ``txn``. Setting the value it has is a write too, as in SQLite (PRAGMA data_version
        of other connections sees it)."""
        value = (value + 0x80000000) % 0x100000000 - 0x80000000
        table, rowid = self._sys("SYS_HEADER"), HEADER_FIELDS[field]
        old = self.store.table(table.file_id).get(rowid)
        if old is None:
            rowio.insert_record(txn, table, rowid, (rowid, field, value), self.encode)
        else:
            rowio.update_record(txn, table, rowid, old, (rowid, field, value), self.encode)

    def _bump_schema_version(self, txn) -> None:
        """Every CREATE and DROP: the schema cookie goes up; the first one fixes the text
        encoding (there is only UTF-8)."""
        self.set_header(txn, "schema_version", self.header("schema_version") + 1)
        if not self.header("text_encoding"):
            self.set_header(txn, "text_encoding", 1)

    def cached_count(self) -> int:
        return len(self.cache)

    def invalidate(self) -> None:
        """Forget every cached definition (after a rollback that undid dictionary rows).
        The views' known columns stay: when SQLite forgets them is its own rule
        (``forget_view_columns``)."""
        self.cache.clear()
        self.views.clear()
        self.version += 1

    def forget_view_columns(self) -> None:
        """No view's columns are known any more (catalog/views.py): SQLite's
        sqliteViewResetAll as it codes a DROP TABLE or DROP VIEW, and every reading of the
        schema again (sql/schema_reload.py says when)."""
        self.view_widths.clear()


def _sequence_draft() -> Table:
    """sqlite_sequence(name, seq): two columns without a declared type, as SQLite makes it."""
    return Table(id=0, name=SEQUENCE_TABLE, file_id=0, sql=SEQUENCE_SQL,
                 columns=(Column("name", "", "BLOB"), Column("seq", "", "BLOB")))


def _rowid_alias(columns, indexes) -> int | None:
    """The column that is the rowid: a one-column INTEGER PRIMARY KEY that has no index of
    its own (``INTEGER PRIMARY KEY DESC`` on the column gets one and is no alias)."""
    pk = [i for i, c in enumerate(columns) if c.pk]
    if len(pk) == 1 and ascii_upper(columns[pk[0]].declared_type) == "INTEGER" \
            and not any(index.origin == "pk" for index in indexes):
        return pk[0]
    return None
