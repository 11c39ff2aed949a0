"""What a closed cursor still tells, compared with Python's sqlite3: its description,
rowcount and lastrowid stay readable (SQLAlchemy, and so pandas' ``to_sql``, read an
executemany's rowcount after closing the cursor); fetching raises."""

import pytest

import stdlib_compare


@pytest.mark.parametrize("sql, many", [
    ("INSERT INTO t VALUES (?, ?)", True),
    ("INSERT INTO t VALUES (1, 2)", False),
    ("UPDATE t SET b = b + 1", False),
    ("SELECT a AS first, b FROM t", False),
    ("CREATE TABLE u(x)", False),
])
def test_closed_cursor_keeps_description_rowcount_and_lastrowid(sql, many):
    def run(module, con):
        con.execute("CREATE TABLE t(a, b)")
        con.execute("INSERT INTO t VALUES (0, 0)")
        cur = con.cursor()
        if many:
            cur.executemany(sql, [(1, 2), (3, 4), (5, 6)])
        else:
            cur.execute(sql)
        cur.close()
        fetched = stdlib_compare.outcome(cur.fetchall)
        # lastrowid after other statements is a documented difference (docs/DBAPI.md, 12).
        lastrowid = cur.lastrowid if sql.startswith("INSERT") else None
        return cur.description, cur.rowcount, lastrowid, fetched[0]
    stdlib_compare.same_in_both(run)
