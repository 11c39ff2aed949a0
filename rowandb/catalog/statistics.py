"""Statistics of tables and indexes: what ANALYZE writes into ``sqlite_stat1`` and what the
planner reads back from it.

``sqlite_stat1(tbl, idx, stat)`` is an ordinary table, created by the first ANALYZE with
SQLite's text (``CREATE TABLE sqlite_stat1(tbl,idx,stat)``), readable, writable and
droppable as in SQLite; DROP TABLE and DROP INDEX delete the rows that name what they
drop (planner/exec/ddl.py). The temp schema has its own, made by ``ANALYZE temp``. A row per index of every analyzed table that has rows, ``stat``
being SQLite's format (sqlite.org/fileformat2.html#stat1tab, analyze.c statGet): the number
of rows, then for each prefix of the index's key columns the average number of rows that
share one value of that prefix, rounded up -- ``(rows + distinct - 1) // distinct``, and 1
rather than 2 when the rows are at most 1.1 times the distinct values. Values equal under
the index's collation are one value, NULLs too. A table with rows and no index gets one row
``(tbl, NULL, rows)``; an empty table gets none. The PRIMARY KEY of a WITHOUT ROWID table
is named by its table's name (``stat_name``), not its own, as SQLite's analyze.c names it and
its loader finds it.

The dictionary reads a table's rows of sqlite_stat1 when it loads the table
(``read_stats``) into ``Table.stats``: ``{None: (rows,), index name in lower case: (rows,
avg1, ...)}``, as SQLite reads them when it loads the schema. Writing sqlite_stat1 by hand
changes nothing until the table is loaded again; ANALYZE reloads every table it analyzed.
"""

from __future__ import annotations

from .schema import Column, Table
from .ascii_case import ascii_lower

STAT_TABLE = "sqlite_stat1"
STAT_SQL = "CREATE TABLE sqlite_stat1(tbl,idx,stat)"


def stat_draft() -> Table:
    """sqlite_stat1: three columns without a declared type, as SQLite makes it."""
    return Table(id=0, name=STAT_TABLE, file_id=0, sql=STAT_SQL,
                 columns=tuple(Column(n, "", "BLOB") for n in ("tbl", "idx", "stat")))


_NULL_KEY = (0,)         # a NULL's encoded key (values.sort_key): first in every index


def index_stat(entries, width: int, nulls_last_distinct: bool = False) -> str:
    """The stat text of an index of ``width`` key columns whose entries (sorted key tuples,
    the rowid last) are ``entries``. ``nulls_last_distinct``: a one-column UNIQUE index
    in descending order, whose rows SQLite's ANALYZE reads non-NULL keys first and, once
    it has met one, counts every later row a new value without comparing it (analyze.c:
    a single-column UNIQUE index skips the test after a non-NULL row), the NULLs too."""
    rows = 0
    distinct = [0] * width
    previous = None
    for entry in entries:
        rows += 1
        first = 0
        if previous is not None:
            while first < width and entry[first] == previous[first]:
                first += 1
        for position in range(first, width):
            distinct[position] += 1
        previous = entry
    if nulls_last_distinct and previous is not None and previous[0] != _NULL_KEY:
        distinct[0] = rows
    averages = []
    for count in distinct:
        if count == 0:                  # a partial index without entries: "0 0 ..."
            averages.append(0)
            continue
        average = (rows + count - 1) // count
        averages.append(1 if average == 2 and rows * 10 <= count * 11 else average)
    return " ".join(str(n) for n in [rows] + averages)


def stat_name(table: Table, index) -> str:
    """The ``idx`` of ``index``'s row: the table's name for a WITHOUT ROWID table's PRIMARY
    KEY (the rows it holds are the table's), else the index's name."""
    return table.name if table.without_rowid and index.origin == "pk" else index.name


def table_stats(store, table: Table) -> list[tuple[str | None, str]]:
    """(index name or None, stat text) rows of ``table``: one per index, newest first (the
    order of SQLite's index list), then one for the table itself when no index holds
    every row (none, or only partial ones: SQLite's needTableCnt). An empty table has
    only its partial indexes' rows ('0 0...': SQLite's analyzeOneTable writes a partial
    index's row also when the index is empty, any other index's only when it is not)."""
    rows = len(store.table(table.file_id))
    found = [(stat_name(table, index),
              index_stat(store.index(index.file_id).entries, len(index.columns),
                         index.unique and len(index.columns) == 1 and index.columns[0].desc))
             for index in table.index_list if rows or index.partial]
    if rows and all(index.partial for index in table.indexes):
        found.append((None, str(rows)))
    return found


def read_stats(dictionary, table: Table) -> dict:
    """``Table.stats`` of ``table`` from sqlite_stat1 (empty without it), read as SQLite's
    loader (analysisLoader) reads it: rows naming another table or with no number first
    are skipped, the numbers are read up to the first word that is not one. An index's
    figures are under its name's key; under None, in the table's row order, each row's
    (index name or None, first number) -- the rows that may give the table's row count
    (``costs.table_rows``: the last that is not a partial index's; whether an index is
    partial is known only once the SQL layer has read its form). A row whose idx names no
    index of the table -- NULL, an unknown name, or the table's own name where it has no
    PRIMARY KEY index (else that names the key's) -- has None for its index."""
    if ascii_lower(table.name).startswith("sqlite_"):
        return {}
    stat_table = dictionary.table(STAT_TABLE)
    if stat_table is None:
        return {}
    own_name = ascii_lower(table.name)
    keys = {}                           # an index's own name or its stat_name -> key
    for index in table.indexes:
        key = ascii_lower(index.name)
        keys[key] = keys[ascii_lower(stat_name(table, index))] = key
        if index.origin == "pk":        # the table's own name is its PRIMARY KEY's row
            keys[own_name] = key
    stats, counts = {}, []
    for _, record in dictionary.store.table(stat_table.file_id).scan():
        tbl, idx, stat = (tuple(record) + (None, None, None))[:3]
        numbers = _numbers(stat)
        if not numbers or not isinstance(tbl, str) or ascii_lower(tbl) != own_name:
            continue
        key = keys.get(ascii_lower(idx)) if isinstance(idx, str) else None
        if key is not None:
            stats[key] = numbers
        counts.append((key, numbers[0]))
    if counts:
        stats[None] = tuple(counts)
    return stats


def _numbers(stat) -> tuple[int, ...]:
    if isinstance(stat, bytes):
        stat = stat.decode("utf-8", "replace")
    if isinstance(stat, int):
        stat = str(stat)
    if not isinstance(stat, str):
        return ()
    numbers = []
    for word in stat.split(" "):
        if not word.isdigit() or not word.isascii():
            break
        numbers.append(int(word))
    return tuple(numbers)
