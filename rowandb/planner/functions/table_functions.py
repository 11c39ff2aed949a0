"""Table-valued functions: what a function in FROM offers the binder, planner and executor.

SQLite builds these in as *eponymous virtual tables* (sqlite.org/vtab.html, "Table-valued
functions"): a table whose name is also usable as a function in FROM. Its columns are the
visible ones, which ``*`` expands to, then HIDDEN ones, which only a name reaches. The
arguments of a call fill the hidden columns in order -- SQLite turns ``f(a, b)`` into the
WHERE terms ``f.h1 = a AND f.h2 = b`` -- and an equality on a hidden column written in
WHERE or ON does the same (``SELECT * FROM pragma_table_info WHERE arg = 't'``).

Which of those equalities a function takes is its xBestIndex: every built-in one (the
``pragma_*`` functions of src/pragma.c, ``json_each`` and ``json_tree`` of src/json.c)
takes the first hidden column's, and the second's only together with the first, and
consumes what it takes (the term is not tested again). ``TableFunction`` states that once;
a function supplies its columns and ``rows``. The functions themselves live with their
families: ``sql/pragma/pragma_functions.py`` (they run PRAGMA statements) and ``json/`` here.
"""

from __future__ import annotations


class TableFunction:
    """One eponymous virtual table. ``columns`` are the visible columns, ``hidden`` the
    hidden ones (the arguments); ``rows(session, args)`` yields each row's visible values
    followed by its hidden ones, for ``args`` = the values of the first ``used`` hidden
    columns (``used`` below)."""
    name: str = ""
    columns: tuple = ()
    hidden: tuple = ()
    rowid_base: int = 0         # the rowid of the first row
    json_columns: tuple = ()    # columns whose values may be marked JSON text (JsonText)

    @property
    def width(self) -> int:
        return len(self.columns) + len(self.hidden)

    def used(self, given) -> int:
        """How many leading hidden columns the function takes as arguments, ``given``
        telling for each hidden column whether an equality constrains it (xBestIndex):
        the first one's, then the second's with it."""
        taken = 0
        for present in given:
            if not present:
                break
            taken += 1
        return min(taken, 2)

    def index_number(self, used: int) -> int:
        """The idxNum EXPLAIN QUERY PLAN shows (``VIRTUAL TABLE INDEX n:``)."""
        return 0

    def rows(self, session, args: tuple):
        raise NotImplementedError
