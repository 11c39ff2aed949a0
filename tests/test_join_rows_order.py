"""Joins of 3-4 FROM items without ORDER BY give their rows in SQLite's order.

``join_rows_order.py`` generates the joins (tables holding rows, INDEXED BY, NOT INDEXED,
FROM subqueries and views of a table's columns in another order); this runs a fixed seed
and wants every case to agree with SQLite (apsw), rows compared as lists. On 0bc860a 4
of these 60 differed: an INDEXED BY or NOT INDEXED table, or a FROM subquery of a
WITHOUT ROWID table's columns (read through a narrower index, or with REAL columns), made
RowanDB order the join greedily.
"""

from __future__ import annotations

from join_rows_order import run


def test_generated_joins_give_rows_in_sqlites_order():
    compared, differing = run(60, 173000000)
    assert compared == 60
    assert not differing, "\n\n".join(
        ";\n".join(setup) + f";\n{sql};\n  sqlite:  {expected}\n  rowandb: {got}"
        for setup, sql, expected, got in differing[:3])
