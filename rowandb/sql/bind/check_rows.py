"""A row value misplaced in a CHECK: an error of the statements that code the CHECK.

SQLite resolves a CHECK's names when the table is created, and finds a width that does
not match in a comparison then (``CHECK ((a, 1) = (1, 2, 3))``), but a row standing where
one value is wanted (``CHECK ((a, 1))``, ``CHECK (abs((1, 2)))``) is met only by its code
generator (expr.c, TK_VECTOR): CREATE TABLE accepts it, and each statement that codes the
CHECK fails with 'row value misused' -- every INSERT, an UPDATE of a column it reads
(bind_dml.write_constraints), ALTER TABLE ADD COLUMN of a column with a CHECK of its own,
and PRAGMA integrity_check and quick_check (pragma.c codes every CHECK of the tables it
checks), and a foreign-key action that updates a column the CHECK reads (ON UPDATE
CASCADE, SET NULL, SET DEFAULT: the parent's write codes the action's UPDATE of the child,
planner/exec/fkprepare.py, through ``bind_dml.LazyWriter.coded_row_error``). Binding finds
the row as it places rows (``Binder.codegen_error``).
"""

from __future__ import annotations

from ...errors import OperationalError
from ...catalog.ascii_case import ascii_upper


def coded_row(error: OperationalError) -> bool:
    """Whether ``error`` is a misplaced row that only coding the CHECK finds."""
    return getattr(error, "coded", False) and str(error) == "row value misused"


def coded_row_error(dictionary, table, changed: frozenset | None = None
                    ) -> OperationalError | None:
    """The 'row value misused' of a statement coding every CHECK of ``table`` (``changed``:
    an UPDATE's changed columns, lower case: the CHECKs reading one), or None when they
    place no row wrongly."""
    if not table.sql or "CHECK" not in ascii_upper(table.sql):
        return None
    from .binder import Binder
    from .bind_dml import bind_constraints
    from ..parse.parser import Parsed
    binder = Binder(dictionary, Parsed(kind="other", text=""))
    try:
        bind_constraints(binder, table, binder.slot(), changed=changed)
    except OperationalError as error:
        if coded_row(error):
            return OperationalError(str(error))
    return None
