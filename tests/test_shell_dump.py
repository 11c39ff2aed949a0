"""``.dump``: generated RowanDB databases go through the shell's dump into SQLite (apsw) and
back into RowanDB, and both sides are compared cell by cell with ``typeof`` — schema
(tables, indexes, views, triggers, foreign keys), AUTOINCREMENT counters and
``PRAGMA user_version`` included."""

from __future__ import annotations

import io
import math
import shutil
import subprocess

import apsw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowandb
from rowandb import cli
from rowandb.shell.sqltext import literal

SCHEMA = """\
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, score REAL);
CREATE TABLE child(pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, any_value, n NUMERIC,
                   b BLOB, doubled AS (pid * 2));
CREATE TABLE "odd name"("select" TEXT, "a b" INT);
CREATE INDEX child_any ON child(any_value);
CREATE VIEW summary AS SELECT pid, count(*) AS k FROM child GROUP BY pid;
CREATE TRIGGER child_log AFTER INSERT ON child BEGIN
  UPDATE parent SET score = coalesce(score, 0) + 1 WHERE id = new.pid;
END;
"""

VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([0, -1, 2**53 + 1, 2**63 - 1, -(2**63)]),
    st.floats(allow_nan=False, width=64),
    st.sampled_from([-0.0, 0.0, 2.0, 1e20, 0.1, float("inf"), float("-inf"), 5e-324]),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=8),
    st.sampled_from(["", "it's", "a\nb", "\r\n", "\\n\n", "漢字", "1", "2.0"]),
    st.binary(max_size=6),
)


def lit(value) -> str:
    return literal(value, one_line=True)


def run_shell(script: str, database: str = ":memory:") -> str:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([database], connect=rowandb.connect, stdin=io.StringIO(script),
                      stdout=out, stderr=err)
    assert (status, err.getvalue()) == (0, "")
    return out.getvalue()


def setup_script(rows, version: int, deleted: int) -> str:
    lines = [SCHEMA]
    for name, score, child in rows:
        lines.append(f"INSERT INTO parent(name, score) VALUES ({lit(name)}, {lit(score)});")
        lines.append(f"INSERT INTO child(pid, any_value, n, b) VALUES (last_insert_rowid(), "
                     f"{lit(child)}, {lit(child)}, {lit(child)});")
        lines.append(f'INSERT INTO "odd name" VALUES ({lit(child)}, {lit(score)});')
    if deleted:
        lines.append(f"DELETE FROM parent WHERE id > (SELECT max(id) FROM parent) - {deleted};")
    lines.append(f"PRAGMA user_version = {version};")
    return "\n".join(lines) + "\n"


def snapshot(execute) -> dict:
    """Everything a dump must keep, with each value's storage class."""
    def rows(sql):
        return [tuple(_exact(v) for v in row) for row in execute(sql)]
    found = {"schema": rows("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"),
             "sequence": rows("SELECT name, seq FROM sqlite_sequence"),
             "version": rows("PRAGMA user_version")}
    for table in ("parent", "child", '"odd name"', "summary"):
        columns = [r[1] for r in execute(f"PRAGMA table_info({table})")]
        cells = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
        order = "pid" if table == "summary" else "rowid"
        found[table] = rows(f"SELECT {cells} FROM {table} ORDER BY {order}")
    return found


def _exact(value):
    if isinstance(value, float):
        return ("real", value.hex() if not math.isinf(value) else str(value))
    return value


def apsw_rows(connection):
    return lambda sql: connection.execute(sql).fetchall()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=4)), VALUES, VALUES),
                max_size=6, unique_by=lambda r: r[0]),
       st.integers(0, 2**31 - 1), st.integers(0, 2))
def test_a_dump_loads_into_sqlite_and_rowandb_as_the_same_database(rows, version, deleted):
    setup = setup_script(rows, version, deleted)
    dump = run_shell(setup + ".dump\n")
    original = rowandb.connect(":memory:", isolation_level=None)
    original.executescript(setup)
    expected = snapshot(lambda sql: original.execute(sql).fetchall())

    sqlite_side = apsw.Connection(":memory:")
    sqlite_side.execute(dump)
    assert snapshot(apsw_rows(sqlite_side)) == expected

    rowan_side = rowandb.connect(":memory:", isolation_level=None)
    rowan_side.executescript(dump)
    assert snapshot(lambda sql: rowan_side.execute(sql).fetchall()) == expected
    assert run_shell(dump + ".dump\n") == dump  # a dump of the copy is the same text


def test_dump_shape_and_table_patterns():
    dump = run_shell(SCHEMA + "INSERT INTO parent VALUES (7, 'p', 2.0);\n"
                     "INSERT INTO child(pid, any_value) VALUES (7, -0.0);\n"
                     "PRAGMA user_version = 3;\n.dump\n")
    assert dump.splitlines() == [
        "PRAGMA foreign_keys=OFF;", "BEGIN TRANSACTION;",
        SCHEMA.splitlines()[0], "INSERT INTO parent VALUES(7,'p',3.0);",
        "CREATE TABLE child(pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, any_value, "
        "n NUMERIC,\n                   b BLOB, doubled AS (pid * 2));".splitlines()[0],
        "                   b BLOB, doubled AS (pid * 2));",
        "INSERT INTO child(pid,any_value,n,b) VALUES(7,-0.0,NULL,NULL);",
        'CREATE TABLE "odd name"("select" TEXT, "a b" INT);',
        "DELETE FROM sqlite_sequence;", "INSERT INTO sqlite_sequence VALUES('parent',7);",
        "CREATE INDEX child_any ON child(any_value);",
        "CREATE VIEW summary AS SELECT pid, count(*) AS k FROM child GROUP BY pid;",
        "CREATE TRIGGER child_log AFTER INSERT ON child BEGIN",
        "  UPDATE parent SET score = coalesce(score, 0) + 1 WHERE id = new.pid;", "END;",
        "PRAGMA user_version=3;", "COMMIT;"]
    only = run_shell(SCHEMA + "INSERT INTO \"odd name\" VALUES ('x', 1);\n.dump 'odd%' par_nt\n")
    assert only.splitlines()[2:] == [
        SCHEMA.splitlines()[0], 'CREATE TABLE "odd name"("select" TEXT, "a b" INT);',
        "INSERT INTO \"odd name\" VALUES('x',1);", "COMMIT;"]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 command-line shell")
def test_the_sqlite3_shell_loads_the_dump(tmp_path):
    dump = run_shell(SCHEMA + "INSERT INTO parent(name, score) VALUES ('a''b', -0.0);\n"
                     "INSERT INTO child(pid, any_value, b) VALUES (1, 'x' || char(10), x'00');\n"
                     "PRAGMA user_version = 9;\n.dump\n")
    database = tmp_path / "copy.db"
    done = subprocess.run(["sqlite3", str(database)], input=dump, text=True,
                          capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    copy = apsw.Connection(str(database))
    original = rowandb.connect(":memory:", isolation_level=None)
    original.executescript(dump)
    assert snapshot(apsw_rows(copy)) == snapshot(lambda sql: original.execute(sql).fetchall())
