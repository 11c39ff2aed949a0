"""The rows a DELETE's WHERE selects over a full table scan, found by one generated loop.

A DELETE collects the rowids of the rows its WHERE selects before it deletes any
(``dml.DeleteExecutable.run``), through the compiled row finder: a generator over the
scan with one closure call per expression node per row. When the finder is a filter over
a scan of the whole table (no index, not in reverse, a table with a rowid whose rows are
all stored at full width) and every conjunct of the WHERE is made only of the nodes
``fused_update.py`` writes out as Python source (columns, the rowid, literals,
parameters, ``+ - * / %``, negation and the comparisons), ``fused_finder`` writes the
whole collection as one function with the same source ``FusedUpdate`` generates for an
UPDATE's WHERE (``_Writer.where_tests``): the same values, the same three-valued tests, in rowid
order, with the progress handler ticked per row as the scan ticks it. None of those nodes
has a side effect or can fail, so the rows found are those of the finder. Its source is
printed when ``ROWANDB_DEBUG_FUSED`` is set.
"""

from __future__ import annotations

from .fused_update import _Unfused, _Writer, full_scan
from .progress import IDLE


def fused_finder(delete):
    """The ``FusedFinder`` of the ``dml.DeleteExecutable`` ``delete``, or None when its
    row finder is not a filtered full scan the generated loop writes out."""
    where = full_scan(delete.finder, delete.stmt.slot)
    if where is None:
        return None
    try:
        return FusedFinder(delete, where)
    except _Unfused:
        return None


class FusedFinder:
    """The generated loop collecting one DELETE's rowids; ``rowids`` runs it."""

    def __init__(self, delete, where):
        self.delete = delete
        writer = _Writer(delete.stmt.slot, delete.stmt.table.rowid_alias)
        lines = ["def fused_rows(params, progress, rows):",
                 "    found = []",
                 "    for rowid, record in rows.pairs():",
                 "        if progress.armed:",
                 "            progress.tick()"]
        lines += writer.where_tests(where, " " * 8)
        lines += ["        found.append(rowid)", "    return found"]
        self.source, self.loop = writer.function(lines, "fused_rows", "<fused DELETE scan>")

    def rowids(self, params: tuple, session) -> list | None:
        """The rowids the WHERE selects, ascending; None (nothing done) when the table's
        rows are not all stored at full width (an ADD COLUMN's ``fill``), which the
        general scan completes."""
        delete = self.delete
        table_file = delete.ctx.store.table(delete.stmt.table.file_id)
        if table_file.fill is not None:
            return None
        stats["scans"] += 1
        return self.loop(params, getattr(session, "progress", IDLE), table_file.rows)


#: how many DELETE statements found their rows through the generated loop (the
#: differential tests prove the path was taken)
stats = {"scans": 0}
