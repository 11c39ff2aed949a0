"""An INSERT on a view: what its INSTEAD OF triggers and RETURNING read, against SQLite.

SQLite applies no affinity to the values an INSERT gives a view (``'3'`` stays text for
an INTEGER column), but it reads a REAL column's integer as a real, as it reads a
table's (OP_RealAffinity): ``new.v`` is 6.0 for 6 in the triggers. RETURNING reads the
values as given (``v + 1`` is 7, ``typeof(v)`` 'integer') and hands a bare REAL column's
integer out as a real (exec/view_write.py). Each view column's affinity (a table's REAL,
INTEGER, TEXT, NUMERIC or untyped column, a CAST, an expression) meets each kind of value,
through VALUES and through a SELECT; the rows the trigger logged, their types, and the
RETURNING rows must be SQLite's.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb

SCHEMA = """
CREATE TABLE log(k, x, tx);
CREATE TABLE s(r REAL, i INTEGER, t TEXT, n NUMERIC, b);
CREATE VIEW u AS SELECT r, i, t, n, b, CAST(b AS REAL) AS c, r + 0 AS e FROM s;
CREATE TRIGGER tv INSTEAD OF INSERT ON u BEGIN
  INSERT INTO log VALUES ('r', new.r, typeof(new.r)), ('i', new.i, typeof(new.i)),
    ('t', new.t, typeof(new.t)), ('n', new.n, typeof(new.n)), ('b', new.b, typeof(new.b)),
    ('c', new.c, typeof(new.c)), ('e', new.e, typeof(new.e)), ('r+1', new.r + 1, NULL);
END;
"""
VALUES = ["6", "'3'", "6.5", "NULL", "'6'", "-7", "x'01'"]
RETURNING = ["", " RETURNING *", " RETURNING r, typeof(r), r + 1, -r, CAST(r AS REAL), c, e"]


def _typed(rows) -> list:
    """Rows with each value beside its Python type: 6 and 6.0 compare equal otherwise."""
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


@pytest.mark.parametrize("value", VALUES)
def test_view_insert_reads_as_sqlite(value):
    mine = rowandb.connect(":memory:", isolation_level=None)
    theirs = apsw.Connection(":memory:")
    mine.executescript(SCHEMA)
    theirs.execute(SCHEMA)
    wrong = []
    row = ", ".join([value] * 7)
    for insert in (f"INSERT INTO u VALUES ({row})", f"INSERT INTO u SELECT {row}",
                   f"INSERT INTO u(r, c) VALUES ({value}, {value})"):
        for returning in RETURNING:
            sql = insert + returning
            expected = _typed(theirs.execute(sql))
            cursor = mine.execute(sql)
            got = _typed(cursor.fetchall() if cursor.description else [])
            if expected != got:
                wrong.append(f"{sql}\n   SQLite  {expected}\n   RowanDB {got}")
    expected = _typed(theirs.execute("SELECT * FROM log"))
    got = _typed(mine.execute("SELECT * FROM log").fetchall())
    if expected != got:
        wrong.append(f"the log\n   SQLite  {expected}\n   RowanDB {got}")
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)
