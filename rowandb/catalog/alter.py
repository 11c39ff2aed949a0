"""ALTER TABLE on the dictionary rows: ADD COLUMN, RENAME TO, RENAME COLUMN and DROP
COLUMN, in the caller's transaction.

The SQL layer decides what the statement means and hands over finished values (the new
column, the new CREATE texts); this module only rewrites SYS_* rows, as the rest of the
dictionary does, and never parses SQL.

ADD COLUMN writes no table row. SYS_TABLES.n_cols keeps the number of columns every record
of the table file holds (the width at CREATE TABLE), so a table with more columns than that
has records shorter than itself: ``DictionaryAlter.column_fill`` gives the table file the
values those records read for their missing columns (each added column's DEFAULT, with the
column's affinity, as SQLite's OP_Column reads a column missing from an old record), and
the storage layer completes short records as it reads them (``memory.TableFile``). ADD
COLUMN sets the table file's new fill as a change of its transaction (``Transaction.set_fill``),
so a ROLLBACK, a ROLLBACK TO or the failure of the ALTER itself gives the old fill back.

RENAME TO changes every row that names the table -- SYS_TABLES (name and text), the
tables's indexes (names of automatic indexes, texts), SYS_FOREIGN both ways, SYS_TRIGGERS
(table and text), SYS_VIEWS texts and the AUTOINCREMENT counter in sqlite_sequence -- and
forgets every cached definition, since the texts of other tables changed too.

DROP COLUMN writes the table's rows again, without the column, into a new table file that
takes the old one's place in SYS_TABLES (as REINDEX gives an index a new file): every record
is completed up to the first added VIRTUAL column (all of them without one), which n_cols
becomes -- a record that did not hold that column still does not, and computes it where it
is read (rowandb/sql/bind/virtual_read.py). SYS_COLUMNS loses the
column's row and the later columns move down one position, as do the SYS_FIELDS positions
of the table's indexes (none of which is on the dropped column). SYS_FOREIGN_COLS names
columns, so it keeps the rows of every other foreign key: the column's own REFERENCES
clause goes with its definition (its SYS_FOREIGN rows are deleted, the table's later
foreign keys renumbered), a FOREIGN KEY table constraint naming it is refused before this
(the table's new text would not bind), and one naming it as a parent column stays, as it
does in SQLite's text.
"""

from __future__ import annotations

from . import rows as rowio
from ..storage.memory import LazyFill
from .schema import VIRTUAL, Column, ForeignKey, Table, column_record
from .ascii_case import ascii_lower

_AUTOINDEX = "sqlite_autoindex_"


class DictionaryAlter:
    """The ALTER TABLE methods of ``dictionary.Dictionary`` (a mixin: it uses its helpers)."""

    def object_row(self, kind: str, name: str) -> tuple[str, int]:
        """(SYS table, rowid) of the schema object whose sqlite_schema row is (``kind``,
        ``name``), found through the SYS tables' name indexes without loading it."""
        sys_name, index_pos = {"table": ("SYS_TABLES", 0), "index": ("SYS_INDEXES", 1),
                               "view": ("SYS_VIEWS", 0), "trigger": ("SYS_TRIGGERS", 1)}[kind]
        return sys_name, self._records_by(sys_name, ascii_lower(name), index_pos)[0][0]

    def column_fill(self, table: Table, width: int) -> tuple | None:
        """The values a record of ``table`` holding only its first ``width`` columns reads
        for the others (None when every record is whole, or no way to evaluate defaults was
        given)."""
        return self._fill_of(table.columns, width, table)

    def _fill_of(self, columns: list, width: int, table: Table | None = None) -> tuple | None:
        """``column_fill`` for a table of ``columns``. An added VIRTUAL column reads, when
        ``table`` is given and the SQL layer gave a way (``virtual_value``), a ``LazyValue``
        computed from the record where it is read; else (the fill ``add_column`` sets until
        the table is loaded again) NULL."""
        if width >= len(columns) or self.default_value is None:
            return None
        fill = tuple(None if i < width or c.default_sql is None
                     else self.default_value(c.default_sql, c.affinity)
                     for i, c in enumerate(columns))
        lazy = [i for i in range(width, len(columns)) if columns[i].generated == VIRTUAL]
        if not lazy or table is None or self.virtual_value is None:
            return fill
        fill = list(fill)
        for i in lazy:
            fill[i] = self.virtual_value(self, table, i)
        return LazyFill(fill)

    def _stored_width(self, table: Table) -> int:
        """SYS_TABLES.n_cols of ``table``: how many columns its records hold at least."""
        return self.store.table(self._sys("SYS_TABLES").file_id).get(table.id)[3]

    def add_column(self, txn, table: Table, column: Column, sql: str,
                   foreign_keys: list[ForeignKey], at: int | None = None) -> Table:
        """Append ``column`` to ``table`` (whose CREATE text becomes ``sql``), with the
        foreign keys it declares, numbered from ``at`` (the table's FOREIGN KEY clauses
        follow the column in ``sql``: they move up); the rows are left as they are."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._update_row(txn, "SYS_TABLES", table.id, {4: sql})
            self._insert(txn, "SYS_COLUMNS", column_record(table.id, len(table.columns), column))
            at = len(table.foreign_keys) if at is None else at
            for fk in table.foreign_keys:
                seq = self._stored_seq(fk)
                if seq >= at:
                    self._update_row(txn, "SYS_FOREIGN", fk.id, {8: seq + len(foreign_keys)})
                    self.cache.pop(ascii_lower(fk.parent))  # it shares the constraint
            for seq, fk in enumerate(foreign_keys, at):
                self._write_fk(txn, table.name, fk, seq)
            for fk in foreign_keys:
                self.cache.pop(ascii_lower(fk.parent))
            txn.set_fill(table.file_id,
                         self._fill_of([*table.columns, column], self._stored_width(table)))
            return self._changed(table.name)

    def rename_table(self, txn, table: Table, new_name: str, texts: dict) -> None:
        """Rename ``table`` to ``new_name``. ``texts`` maps (SYS table name, rowid) to the
        new CREATE text of each table, index, view and trigger that names it."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            old = ascii_lower(table.name)
            self._update_row(txn, "SYS_TABLES", table.id, {1: new_name})
            for index in table.indexes:
                if ascii_lower(index.name).startswith(_AUTOINDEX + old + "_"):
                    suffix = index.name[len(_AUTOINDEX) + len(old):]
                    self._update_row(txn, "SYS_INDEXES", index.id,
                                     {2: _AUTOINDEX + new_name + suffix})
            for record in self._rows_by("SYS_FOREIGN", old, 0):
                self._update_row(txn, "SYS_FOREIGN", record[0], {2: new_name})
            for record in self._rows_by("SYS_FOREIGN", old, 1):
                self._update_row(txn, "SYS_FOREIGN", record[0], {3: new_name})
            for record in self._rows_by("SYS_TRIGGERS", old, 0):
                self._update_row(txn, "SYS_TRIGGERS", record[0], {2: new_name})
            self._write_texts(txn, texts)
            if table.autoincrement:
                self._rename_sequence(txn, table.name, new_name)
            self.invalidate()

    def rename_column(self, txn, table: Table, position: int, new_name: str, texts: dict,
                      trigger_columns: dict) -> None:
        """Rename column ``position`` of ``table``: SYS_COLUMNS, the column's name in
        SYS_FOREIGN_COLS both ways, the ``UPDATE OF`` lists ``trigger_columns`` (trigger id
        -> JSON list) and the rewritten ``texts`` (as for ``rename_table``)."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            old = ascii_lower(table.columns[position].name)
            for rowid, record in self._records_by("SYS_COLUMNS", table.id):
                if record[1] == position:
                    self._update_row(txn, "SYS_COLUMNS", rowid, {2: new_name})
            for side, field in ((0, 2), (1, 3)):         # as child, as parent
                for fk in self._rows_by("SYS_FOREIGN", ascii_lower(table.name), side):
                    for rowid, record in self._records_by("SYS_FOREIGN_COLS", fk[0]):
                        if isinstance(record[field], str) and ascii_lower(record[field]) == old:
                            self._update_row(txn, "SYS_FOREIGN_COLS", rowid, {field: new_name})
            for trigger_id, columns in trigger_columns.items():
                self._update_row(txn, "SYS_TRIGGERS", trigger_id, {5: columns})
            self._write_texts(txn, texts)
            self.invalidate()

    def drop_column(self, txn, table: Table, position: int, sql: str,
                    texts: dict | None = None) -> None:
        """Remove column ``position`` of ``table``, whose CREATE text becomes ``sql``; the
        other objects' ``texts`` (as for ``rename_table``) are rewritten too."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            width = self._stored_width(table)
            fill = self.column_fill(table, width)
            # an added VIRTUAL column stays out of the records older than it (its value
            # is computed as read, rowandb/sql/bind/virtual_read.py): records keep their
            # length but for the dropped column, and n_cols stops before the first such
            lazy = [i for i, c in enumerate(table.columns)
                    if i >= width and c.generated == VIRTUAL and i != position]
            stop = len(table.columns) if not lazy else lazy[0]
            file_id = txn.create_file("table", table.name)
            rowids, records = [], []
            for rowid, record in self.store.table(table.file_id).rows.pairs():
                if fill is not None and len(record) < stop:
                    record = record + tuple(fill[len(record):stop])
                rowids.append(rowid)
                records.append(record[:position] + record[position + 1:])
            if rowids:
                txn.insert_rows(file_id, rowids, records)
            txn.drop_file(table.file_id)
            self._update_row(txn, "SYS_TABLES", table.id,
                             {2: file_id, 3: stop - (position < stop), 4: sql})
            columns = self._sys("SYS_COLUMNS")
            for rowid, record in self._records_by("SYS_COLUMNS", table.id):
                if record[1] == position:
                    rowio.delete_record(txn, columns, rowid, record, self.encode)
                elif record[1] > position:
                    self._update_row(txn, "SYS_COLUMNS", rowid, {1: record[1] - 1})
            for index in table.indexes:
                for rowid, record in self._records_by("SYS_FIELDS", index.id):
                    if record[2] > position:
                        self._update_row(txn, "SYS_FIELDS", rowid, {2: record[2] - 1})
            self._drop_column_references(txn, table, ascii_lower(table.columns[position].name))
            self._write_texts(txn, texts or {})
            self.invalidate()

    def _drop_column_references(self, txn, table: Table, name: str) -> None:
        """The column's own REFERENCES clause goes with its definition: its SYS_FOREIGN
        rows are deleted and the table's other foreign keys renumbered in their order."""
        self._drop_foreign_keys(txn, table, lambda fk: any(
            ascii_lower(column) == name for column in fk.child_columns))

    def _drop_foreign_keys(self, txn, table: Table, dropped) -> None:
        """Delete the SYS_FOREIGN rows of the foreign keys of ``table`` that ``dropped(fk)``
        chooses, and renumber the others in their order."""
        kept = []
        for fk in sorted(table.foreign_keys, key=self._stored_seq):
            if dropped(fk):
                self._delete_where(txn, "SYS_FOREIGN_COLS", fk.id)
                record = self.store.table(self._sys("SYS_FOREIGN").file_id).get(fk.id)
                rowio.delete_record(txn, self._sys("SYS_FOREIGN"), fk.id, record, self.encode)
            else:
                kept.append(fk)
        for seq, fk in enumerate(kept):
            if self._stored_seq(fk) != seq:
                self._update_row(txn, "SYS_FOREIGN", fk.id, {8: seq})
                self.cache.pop(ascii_lower(fk.parent))  # it shares the constraint

    def _stored_seq(self, fk: ForeignKey) -> int:
        """``fk``'s place among its table's constraints as SYS_FOREIGN holds it (a cached
        object may be older: a parent still cached shares it with the child)."""
        return self.store.table(self._sys("SYS_FOREIGN").file_id).get(fk.id)[8]

    def edit_constraints(self, txn, table: Table, sql: str, columns: tuple,
                         foreign_keys: list) -> Table:
        """The table's CREATE text becomes ``sql``, which declares ``columns`` (their NOT
        NULL flags and its ON CONFLICT clauses go to SYS_COLUMNS) and ``foreign_keys`` (the table's foreign keys
        minus those a DROP CONSTRAINT took; theirs leave SYS_FOREIGN)."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._update_row(txn, "SYS_TABLES", table.id, {4: sql})
            for rowid, record in self._records_by("SYS_COLUMNS", table.id):
                column = columns[record[1]]
                notnull = int(column.notnull)
                if (record[4], record[10]) != (notnull, column.notnull_conflict):
                    self._update_row(txn, "SYS_COLUMNS", rowid,
                                     {4: notnull, 10: column.notnull_conflict})
            kept = [_fk_key(fk) for fk in foreign_keys]
            gone = []
            for fk in sorted(table.foreign_keys, key=self._stored_seq):
                if kept and kept[0] == _fk_key(fk):
                    kept.pop(0)
                else:
                    gone.append(fk.id)
            self._drop_foreign_keys(txn, table, lambda fk: fk.id in gone)
            self.invalidate()
            return self.table(table.name)

    def set_generated_sql(self, txn, table: Table, texts: dict) -> Table:
        """Give generated columns of ``table`` new expression texts (position -> text),
        as RENAME COLUMN leaves them in the table's CREATE text."""
        with self.cache.locked():
            for rowid, record in self._records_by("SYS_COLUMNS", table.id):
                if record[1] in texts:
                    self._update_row(txn, "SYS_COLUMNS", rowid, {9: texts[record[1]]})
            return self._changed(table.name)

    def rewrite_texts(self, txn, texts: dict) -> None:
        """Store the new ``texts`` (as for ``rename_table``) an ALTER of a table of another
        schema gave objects of this one (the quote fix of sql/alter_table/quote_fix.py)."""
        if texts:
            with self.cache.locked():
                self._bump_schema_version(txn)
                self._write_texts(txn, texts)
                self.invalidate()

    def _write_texts(self, txn, texts: dict) -> None:
        """Store each (SYS table, rowid) -> CREATE text of ``texts``."""
        column_of_text = {"SYS_TABLES": 4, "SYS_INDEXES": 6, "SYS_VIEWS": 2, "SYS_TRIGGERS": 6}
        for (sys_name, rowid), sql in texts.items():
            self._update_row(txn, sys_name, rowid, {column_of_text[sys_name]: sql})

    def _update_row(self, txn, sys_name: str, rowid: int, changes: dict) -> None:
        """Set the fields ``changes`` (position -> value) of one SYS row."""
        sys_table = self._sys(sys_name)
        old = self.store.table(sys_table.file_id).get(rowid)
        new = tuple(changes.get(i, v) for i, v in enumerate(old))
        rowio.update_record(txn, sys_table, rowid, old, new, self.encode)

    def _rename_sequence(self, txn, old_name: str, new_name: str) -> None:
        """The AUTOINCREMENT counter follows the table (sqlite_sequence rows named exactly
        ``old_name``, as SQLite's UPDATE of sqlite_sequence matches them)."""
        for sequence, rowid, record in self._sequence_rows(old_name):
            rowio.update_record(txn, sequence, rowid, record, (new_name,) + record[1:],
                                self.encode)


def _fk_key(fk: ForeignKey) -> tuple:
    """What a foreign key says, without its dictionary ids."""
    return (ascii_lower(fk.parent), tuple(ascii_lower(c) for c in fk.child_columns),
            tuple(ascii_lower(c) for c in fk.parent_columns), fk.on_delete, fk.on_update,
            fk.deferred, fk.match)
