"""``UPDATE v ... FROM ...`` on a view with an INSTEAD OF UPDATE trigger, against SQLite
(refused with NotSupportedError on 08c7ded): the view's rows join the FROM clause and the
trigger fires once per joined row -- a view row two FROM rows meet fires twice -- OLD the
view's row, NEW it with that join row's SET values; names, RETURNING, aggregates and
window functions in SET, outer joins in FROM, and the errors, as SQLite has them
(sql/bind/bind_update_from.py, bind_view_write.py). The log table keeps the firing order.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')",
    "CREATE VIEW v AS SELECT a, b FROM t", "CREATE TABLE log(what)",
    "CREATE TABLE f(k, val)",
    "INSERT INTO f VALUES (1, 'f1'), (1, 'f1b'), (2, 'f2'), (9, 'f9')",
    "CREATE TRIGGER tr INSTEAD OF UPDATE ON v BEGIN INSERT INTO log VALUES "
    "(old.a || ':' || old.b || '->' || new.a || ':' || new.b); END",
    "CREATE VIEW vr AS SELECT b, a FROM t",
    "CREATE TRIGGER trr INSTEAD OF UPDATE ON vr BEGIN INSERT INTO log VALUES "
    "(old.a || ':' || old.b || '->' || new.a || ':' || new.b); END",
]

STATEMENTS = [
    "UPDATE v SET b = f.val FROM f WHERE f.k = v.a",
    "UPDATE v SET b = val FROM f WHERE k = a",
    "UPDATE v SET b = f.val FROM f",
    "UPDATE v AS w SET b = f.val FROM f WHERE f.k = w.a",
    "UPDATE v AS w SET b = f.val FROM f WHERE f.k = v.a",
    "UPDATE v SET b = f.val FROM f WHERE f.k = v.a RETURNING *",
    "UPDATE v SET b = f.val FROM f WHERE f.k = v.a RETURNING v.a, b",
    "UPDATE v SET b = f.val FROM f WHERE f.k = v.a RETURNING f.val",
    "UPDATE v SET b = f.val FROM f WHERE f.k = v.a RETURNING t.*",
    "UPDATE v SET b = f.val, a = f.k + 10 FROM f WHERE f.k = v.a",
    "UPDATE v SET b = f.val FROM f JOIN t ON t.a = f.k WHERE f.k = v.a",
    "UPDATE v SET b = x.val FROM (SELECT k, val FROM f) AS x WHERE x.k = v.a",
    "UPDATE v SET b = f.val FROM v WHERE 1",
    "UPDATE v SET b = 1 FROM v WHERE 1",
    "UPDATE v SET b = nosuch FROM f",
    "UPDATE v SET nosuch = 1 FROM f",
    "UPDATE v SET b = f.val FROM nosuch",
    "UPDATE v SET b = (SELECT count(*) FROM f) FROM f WHERE f.k = v.a",
    "UPDATE OR IGNORE v SET b = f.val FROM f WHERE f.k = v.a AND f.val > 'f1'",
    "UPDATE v SET b = sum(f.k) FROM f",
    "UPDATE v SET b = row_number() OVER () FROM f",
    "UPDATE v SET b = v.rowid FROM f WHERE f.k = v.a",
    "UPDATE v SET b = f.rowid FROM f WHERE f.k = v.a",
    "UPDATE v SET b = f.val FROM f RIGHT JOIN t AS t2 ON t2.a = f.k WHERE t2.a = v.a",
    "UPDATE v SET b = f.val FROM f LEFT JOIN t AS t2 ON t2.a = f.k AND v.a = 1",
    "UPDATE v SET b = f.val FROM f LEFT JOIN t AS t2 ON t2.a = f.k WHERE t2.a = v.a",
    # two FROM items, one the view again: SQLite's costed order (v, f2, f: f searched
    # by an automatic index) counts a view of its table's columns in order as the
    # table, the columns the WHERE reads being the table's (was v, f, f2 here)
    "UPDATE v SET b = f.val || f2.a FROM v AS f2, f WHERE f.k = v.a",
    "UPDATE v SET b = f.val || f2.a FROM (SELECT a, b FROM t) AS f2, f WHERE f.k = v.a",
    # a view or subquery of its table's columns in another order is costed as that
    # table too (SQLite flattens it): v, f2, f (was v, f, f2 here)
    "UPDATE vr SET b = f.val || f2.a FROM (SELECT a, b FROM t) AS f2, f WHERE f.k = vr.a",
    "UPDATE vr SET b = f.val || f2.a FROM vr AS f2, f WHERE f.k = vr.a",
    # a RETURNING that does not bind fires nothing (main ran the triggers on a view
    # without FROM and returned no row)
    "UPDATE v SET b = 1 RETURNING nosuch",
]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_update_from_on_a_view_fires_as_sqlite_does(sql):
    assert_same(SETUP, [sql, "SELECT * FROM log ORDER BY rowid", "SELECT * FROM t"],
                columns=True)
