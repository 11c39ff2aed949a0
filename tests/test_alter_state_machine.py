"""Stateful differential test of ALTER TABLE: random ADD COLUMN, RENAME TO, RENAME COLUMN,
DROP COLUMN and SQLite 3.54's SET/DROP NOT NULL, ADD CHECK and DROP CONSTRAINT interleaved with DML, foreign keys, indexes, views and triggers, compared
with SQLite after each step (RENAME COLUMN of a column the view or a trigger reads
rewrites them, as SQLite does).

A hypothesis ``RuleBasedStateMachine`` starts from a parent table ``p`` (INTEGER PRIMARY
KEY), a child ``c`` referencing it with an index, a view over both, a trigger on the child
and one on the parent that reads the child's columns by name, then draws steps: ADD
COLUMN with a drawn type, DEFAULT, NOT NULL, CHECK or REFERENCES (many of which SQLite
refuses once the table has rows), RENAME TO of any table (to a fresh name, an existing
one, or back), RENAME COLUMN and DROP COLUMN of any column (or of one that does not
exist; SQLite refuses many drops, for keys, the view and the triggers), INSERT / UPDATE /
DELETE on the tables under their current names. RowanDB and SQLite (apsw) must agree on
success or failure, the class and message of a failure, and the rows of every statement;
after every step both must hold the same sqlite_schema (byte for byte), the same PRAGMA
table_info and foreign_key_list of every table, and the same rows in every table and in
the view.

``TempAlterMachine`` takes the same steps with every table, the view and the triggers
TEMP (sqlite_temp_schema compared after each step).

Runs are derandomized so the suite is reproducible; ``ROWANDB_SLOW_TESTS=1`` explores more.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import apsw

import rowandb
from rowandb import errors
from test_view_state_machine import VALUES, ViewMachine

SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"

SCHEMA = [
    "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)",
    "CREATE TABLE c(k INTEGER PRIMARY KEY AUTOINCREMENT, pid REFERENCES p ON DELETE CASCADE, v)",
    "CREATE INDEX c_pid ON c(pid)",
    "CREATE TABLE log(what, n)",
    "CREATE VIEW pc AS SELECT p.id, c.v FROM p JOIN c ON c.pid = p.id",
    "CREATE TRIGGER c_ins AFTER INSERT ON c BEGIN INSERT INTO log VALUES ('c', new.k); END",
    "CREATE TRIGGER p_upd AFTER UPDATE ON p WHEN new.name IS NOT old.name "
    "BEGIN UPDATE c SET v = v WHERE pid = new.id AND k > 0; END",
]
TYPES = st.sampled_from(["", " INT", " TEXT", " REAL", " BLOB", " NUMERIC"])
CONSTRAINTS = st.sampled_from(["", "", " NOT NULL", " CHECK({col} IS NOT 3)",
                               " REFERENCES p", " COLLATE NOCASE", " UNIQUE"])
DEFAULTS = st.sampled_from(["", "", " DEFAULT 1", " DEFAULT 'x'", " DEFAULT NULL",
                            " DEFAULT -2.5", " DEFAULT (3)", " DEFAULT CURRENT_DATE"])


class _PlainErrors:
    """A connection whose IntegrityError subclasses (ForeignKeyError) are plain
    IntegrityErrors, the PEP 249 class ``ViewMachine.both`` compares with SQLite's."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str):
        try:
            return self.conn.execute(sql)
        except errors.IntegrityError as error:
            raise errors.IntegrityError(str(error)) from None

    def close(self) -> None:
        self.conn.close()


class AlterMachine(RuleBasedStateMachine):
    both = ViewMachine.both             # run on both engines, which must agree
    teardown = ViewMachine.teardown
    schema_sql = SCHEMA
    schema_table = "sqlite_schema"

    def __init__(self):
        super().__init__()
        self.sqlite = apsw.Connection(":memory:")
        self.sqlite.execute("PRAGMA foreign_keys=ON")
        self.rowan = _PlainErrors(rowandb.connect(":memory:", isolation_level=None))
        self.script: list[str] = []
        self.names = {"p": "p", "c": "c", "log": "log"}   # role -> current name
        self.columns = 0

    @initialize(rows=st.lists(st.tuples(VALUES, VALUES), max_size=5))
    def schema(self, rows):
        for sql in self.schema_sql:
            self.both(sql)
        for i, (name, v) in enumerate(rows):
            self.both(f"INSERT INTO p VALUES ({i}, {name})")
            self.both(f"INSERT INTO c(pid, v) VALUES ({i}, {v})")

    @rule(role=st.sampled_from(["p", "c", "log"]), kind=TYPES, constraint=CONSTRAINTS,
          default=DEFAULTS)
    def add_column(self, role, kind, constraint, default):
        col = f"n{self.columns}"
        self.columns += 1
        self.both(f"ALTER TABLE {self.names[role]} ADD COLUMN {col}{kind}"
                  f"{constraint.format(col=col)}{default}")

    @rule(role=st.sampled_from(["p", "c", "log"]), to=st.sampled_from(["fresh", "taken", "back"]))
    def rename(self, role, to):
        new = {"fresh": f"{role}{self.columns}", "taken": self.names["log" if role != "log" else "p"],
               "back": role}[to]
        self.columns += 1
        if self.both(f"ALTER TABLE {self.names[role]} RENAME TO {new}"):
            self.names[role] = new

    @rule(role=st.sampled_from(["p", "c", "log"]), data=st.data(), quoted=st.booleans())
    def rename_column(self, role, data, quoted):
        table = self.names[role]
        columns = [r[1] for r in self.sqlite.execute(f"PRAGMA table_info({table})")]
        old = data.draw(st.sampled_from(columns + ["nosuch"]))
        new = f"r{self.columns}"
        self.columns += 1
        self.both(f"ALTER TABLE {table} RENAME COLUMN {old} TO {chr(34) * quoted}{new}"
                  f"{chr(34) * quoted}")

    @rule(role=st.sampled_from(["p", "c", "log"]), data=st.data())
    def drop_column(self, role, data):
        table = self.names[role]
        columns = [r[1] for r in self.sqlite.execute(f"PRAGMA table_info({table})")]
        self.both(f"ALTER TABLE {table} DROP COLUMN {data.draw(st.sampled_from(columns + ['nosuch']))}")

    @rule(role=st.sampled_from(["p", "c", "log"]), data=st.data(), drop=st.booleans())
    def not_null(self, role, data, drop):
        table = self.names[role]
        columns = [r[1] for r in self.sqlite.execute(f"PRAGMA table_info({table})")]
        column = data.draw(st.sampled_from(columns + ["nosuch"]))
        self.both(f"ALTER TABLE {table} ALTER COLUMN {column} {'DROP' if drop else 'SET'} NOT NULL")

    @rule(role=st.sampled_from(["p", "c", "log"]), data=st.data(),
          name=st.sampled_from(["", "CONSTRAINT k0 ", "CONSTRAINT k1 "]),
          check=st.sampled_from(["{col} IS NOT 3", "{col} IS NULL OR {col} < 5", "length({col}) > 0"]))
    def add_check(self, role, data, name, check):
        table = self.names[role]
        columns = [r[1] for r in self.sqlite.execute(f"PRAGMA table_info({table})")]
        column = data.draw(st.sampled_from(columns))
        self.both(f"ALTER TABLE {table} ADD {name}CHECK ({check.format(col=column)})")

    @rule(role=st.sampled_from(["p", "c", "log"]), name=st.sampled_from(["k0", "k1", "nosuch"]))
    def drop_constraint(self, role, name):
        self.both(f"ALTER TABLE {self.names[role]} DROP CONSTRAINT {name}")

    @rule(name=VALUES, v=VALUES, pid=st.integers(0, 6))
    def insert(self, name, v, pid):
        self.both(f"INSERT INTO {self.names['p']}(name) VALUES ({name})")
        self.both(f"INSERT INTO {self.names['c']}(pid, v) VALUES ({pid}, {v})")

    @rule(value=VALUES, pid=st.integers(0, 6))
    def update(self, value, pid):
        self.both(f"UPDATE {self.names['c']} SET v = {value} WHERE pid = {pid}")
        self.both(f"UPDATE {self.names['p']} SET name = {value} WHERE id = {pid}")

    @rule(pid=st.integers(0, 6))
    def delete(self, pid):
        self.both(f"DELETE FROM {self.names['p']} WHERE id = {pid}")

    @invariant()
    def check(self):
        self.both(f"SELECT type, name, tbl_name, sql FROM {self.schema_table} ORDER BY name",
                  ordered=True)
        self.both("SELECT * FROM sqlite_sequence", ordered=True)
        for name in self.names.values():
            self.both(f"SELECT rowid, * FROM {name}")
            self.both(f"PRAGMA table_info({name})", ordered=True)
            self.both(f"PRAGMA foreign_key_list({name})", ordered=True)
        self.both("SELECT * FROM pc")


AlterMachine.TestCase.settings = settings(
    max_examples=200 if SLOW else 25, stateful_step_count=30 if SLOW else 15,
    deadline=None, derandomize=not SLOW, suppress_health_check=list(HealthCheck))
TestAlterMachine = AlterMachine.TestCase


class TempAlterMachine(AlterMachine):
    """The same steps on TEMP tables, a TEMP view and TEMP triggers: every ALTER runs in
    the temp schema, and SQLite's second pass over it refuses renaming a column the view
    or a trigger reads."""
    schema_sql = [sql.replace("CREATE ", "CREATE TEMP ", 1) if not sql.startswith(
        "CREATE INDEX") else sql for sql in SCHEMA]
    schema_table = "sqlite_temp_schema"


TempAlterMachine.TestCase.settings = AlterMachine.TestCase.settings
TestTempAlterMachine = TempAlterMachine.TestCase
