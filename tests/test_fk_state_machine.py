"""Stateful differential test of foreign keys: random DML on RowanDB and on SQLite, step by step.

A hypothesis ``RuleBasedStateMachine`` draws one schema per run -- a parent ``p`` (INTEGER
PRIMARY KEY plus a UNIQUE NOCASE text column), a child ``c`` of ``p.id``, a child ``n`` of
``p.name``, a self-referencing ``tree``, a grandchild ``g`` of ``c``, and a composite pair
``cp``/``cc`` -- with drawn ON DELETE / ON UPDATE actions, deferral spellings, column- or
table-level clauses, child column types, DEFAULTs (naming parent keys that may or may not
exist), NOT NULL / UNIQUE / CHECK extras and child-side indexes. It then applies random
statements to RowanDB (``rowandb.connect(':memory:', isolation_level=None)``, foreign keys
on by default) and to SQLite (apsw, ``PRAGMA foreign_keys=ON``):

- INSERT / INSERT OR REPLACE / OR IGNORE / OR FAIL / OR ABORT / OR ROLLBACK / REPLACE, one
  or several VALUES rows, or INSERT ... SELECT (both can pass through a violation and
  repair it before the statement ends);
- UPDATE (key and non-key columns, with conflict clauses) and DELETE, with WHERE clauses
  over small value domains: keys 0..5, NULLs, texts differing only in case, '1' vs 1;
- BEGIN / COMMIT / END / ROLLBACK / SAVEPOINT / RELEASE / ROLLBACK TO, with the savepoint
  nesting tracked so most statements are valid, and a few deliberately out of place;
- PRAGMA defer_foreign_keys (set and read) and PRAGMA foreign_key_check [(t)].

After every step both engines must agree on: success or failure, the PEP 249 class of a
failure (apsw's classes mapped the way Python's sqlite3 maps result codes) and its message,
the rows a statement returns, the rowcount of DML, whether a transaction is open, and the
full contents of every table ordered by rowid (values compared with their storage class).
A difference fails the test with an SQL script, shrunk on fresh connections, that
reproduces it.

Two places step around SQLite rather than copy it (each is explained where it is done):
a bug of SQLite's own with REPLACE on a self-referencing ON DELETE SET NULL table, and
query-plan accidents (row order of UPDATE and of INSERT ... SELECT, table order of foreign_key_check).

Runs are derandomized so the suite is reproducible; ``ROWANDB_SLOW_TESTS=1`` runs a bigger,
freshly random exploration.
"""

from __future__ import annotations

import os
import re
import time

import apsw
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

import rowandb
from rowandb import errors

SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"

# ---------------------------------------------------------------------------------------
# running one statement on each engine
# ---------------------------------------------------------------------------------------

# Python's sqlite3 maps SQLite's result codes to PEP 249 classes this way (first match wins).
APSW_TO_PEP249 = [
    (apsw.ConstraintError, "IntegrityError"),
    (apsw.MismatchError, "IntegrityError"),
    (apsw.TooBigError, "DataError"),
    (apsw.CorruptError, "DatabaseError"),
    (apsw.NotADBError, "DatabaseError"),
    (apsw.InternalError, "InternalError"),
    (apsw.NotFoundError, "InternalError"),
    (apsw.MisuseError, "InterfaceError"),
    (apsw.RangeError, "InterfaceError"),
    (apsw.BindingsError, "ProgrammingError"),
    (apsw.SQLError, "OperationalError"),
    (apsw.Error, "OperationalError"),
]
PEP249_NAMES = ("IntegrityError", "DataError", "OperationalError", "InternalError",
                "InterfaceError", "ProgrammingError", "NotSupportedError", "DatabaseError")
DML = ("insert", "replace", "update", "delete")


def typed(value):
    """A value paired with its storage class, so 1, 1.0 and '1' never compare equal."""
    return (type(value).__name__, value)


def typed_rows(rows) -> list[tuple]:
    return [tuple(typed(v) for v in row) for row in rows]


def rowandb_class(error: errors.Error) -> str:
    for cls in type(error).__mro__:
        if cls.__module__ == "rowandb.errors" and cls.__name__ in PEP249_NAMES:
            return cls.__name__
    return type(error).__name__


def apsw_class(error: apsw.Error) -> str:
    for apsw_cls, name in APSW_TO_PEP249:
        if isinstance(error, apsw_cls):
            return name
    return type(error).__name__  # pragma: no cover - apsw.Error is the last entry


def run_rowandb(conn, sql: str):
    """('ok', rows, rowcount) or ('error', PEP 249 class name, message)."""
    try:
        cursor = conn.execute(sql)
        rows = cursor.fetchall() if cursor.description is not None else []
    except errors.Error as error:
        return ("error", rowandb_class(error), str(error))
    except Exception as error:  # noqa: BLE001 - a DB-API driver raises only Error subclasses
        return ("crash", f"{type(error).__module__}.{type(error).__name__}", repr(error))
    rowcount = cursor.rowcount if sql.split(None, 1)[0].lower() in DML else -1
    return ("ok", typed_rows(rows), rowcount)


def run_sqlite(conn: apsw.Connection, sql: str):
    try:
        rows = list(conn.execute(sql))
    except apsw.Error as error:
        return ("error", apsw_class(error), str(error))
    rowcount = conn.changes() if sql.split(None, 1)[0].lower() in DML else -1
    return ("ok", typed_rows(rows), rowcount)


def by_table(outcome):
    """foreign_key_check rows grouped by table: SQLite visits the tables in the order of its
    schema hash table, an accident of its implementation; within a table, order counts."""
    return ("ok", sorted(outcome[1], key=lambda row: row[0]), outcome[2])


# ---------------------------------------------------------------------------------------
# the schema
# ---------------------------------------------------------------------------------------

ACTION = st.sampled_from(["", "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"])
# Only DEFERRABLE INITIALLY DEFERRED defers; the other spellings are immediate.
DEFERRAL = st.sampled_from(["", "", "", "DEFERRABLE INITIALLY DEFERRED",
                            "DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE INITIALLY IMMEDIATE",
                            "NOT DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE"])
INT_TYPE = st.sampled_from(["INTEGER", "INTEGER", "TEXT", "", "NUMERIC"])
TEXT_TYPE = st.sampled_from(["TEXT", "TEXT", "", "TEXT COLLATE NOCASE", "INTEGER"])
INT_DEFAULT = st.sampled_from(["", "DEFAULT 1", "DEFAULT 0", "DEFAULT 2", "DEFAULT 9",
                               "DEFAULT '3'", "DEFAULT NULL"])
TEXT_DEFAULT = st.sampled_from(["", "DEFAULT 'a'", "DEFAULT 'B'", "DEFAULT 'zz'",
                                "DEFAULT NULL"])
RARELY = st.sampled_from([False, False, False, True])
CHILD_INDEX = st.sampled_from(["", "", "plain", "nocase"])


@st.composite
def fk_clause(draw) -> str:
    parts = []
    on_delete, on_update = draw(ACTION), draw(ACTION)
    if on_delete:
        parts.append(f"ON DELETE {on_delete}")
    if on_update:
        parts.append(f"ON UPDATE {on_update}")
    if draw(st.booleans()):
        parts.reverse()
    parts.append(draw(DEFERRAL))
    return " ".join(p for p in parts if p)


def _column_fk(draw, column: str, ctype: str, default: str, target: str, extra: str = ""):
    """A column definition and, when drawn as a table constraint, the FOREIGN KEY clause."""
    clause = draw(fk_clause())
    if draw(st.booleans()):
        return f"{column} {ctype} {extra} {default} REFERENCES {target} {clause}", None
    table_level = f"FOREIGN KEY({column}) REFERENCES {target} {clause}"
    return f"{column} {ctype} {extra} {default}", table_level


def _table(name: str, columns: list, constraints: list) -> str:
    body = ", ".join(" ".join(part.split()) for part in columns + [c for c in constraints if c])
    return f"CREATE TABLE {name}({body})"


def _child_index(draw, table: str, column: str) -> list[str]:
    kind = draw(CHILD_INDEX)
    if not kind:
        return []
    collate = " COLLATE NOCASE" if kind == "nocase" else ""
    return [f"CREATE INDEX {table}_{column} ON {table}({column}{collate})"]


@st.composite
def schemas(draw) -> list[str]:
    """The CREATE statements of one run."""
    ddl = [_table("p", ["id INTEGER PRIMARY KEY", "name TEXT COLLATE NOCASE UNIQUE",
                        "v INTEGER"], [])]
    notnull = "NOT NULL" if draw(RARELY) else ""
    target = draw(st.sampled_from(["p(id)", "p(id)", "p"]))
    pid, fk = _column_fk(draw, "pid", draw(INT_TYPE), draw(INT_DEFAULT), target, notnull)
    ddl.append(_table("c", ["id INTEGER PRIMARY KEY", pid, "v INTEGER CHECK (v < 5)"], [fk]))
    ddl += _child_index(draw, "c", "pid")
    pname, fk = _column_fk(draw, "pname", draw(TEXT_TYPE), draw(TEXT_DEFAULT), "p(name)")
    ddl.append(_table("n", ["id INTEGER PRIMARY KEY", pname, "v INTEGER"], [fk]))
    ddl += _child_index(draw, "n", "pname")
    up, fk = _column_fk(draw, "up", "INTEGER", draw(INT_DEFAULT), "tree(id)")
    ddl.append(_table("tree", ["id INTEGER PRIMARY KEY", up, "v INTEGER"], [fk]))
    ddl += _child_index(draw, "tree", "up")
    unique = "UNIQUE" if draw(RARELY) else ""
    target = draw(st.sampled_from(["c(id)", "c"]))
    cid, fk = _column_fk(draw, "cid", draw(INT_TYPE), draw(INT_DEFAULT), target, unique)
    ddl.append(_table("g", ["id INTEGER PRIMARY KEY", cid, "v INTEGER"], [fk]))
    ddl += _child_index(draw, "g", "cid")
    key = draw(st.sampled_from(["PRIMARY KEY(a, b)", "UNIQUE(a, b)", "UNIQUE(b, a)"]))
    ddl.append(_table("cp", ["a INTEGER", "b TEXT COLLATE NOCASE", "v INTEGER"], [key]))
    defaults = draw(st.sampled_from([("", ""), ("DEFAULT 1", "DEFAULT 'a'"),
                                     ("DEFAULT 2", "DEFAULT 'Zz'")]))
    ddl.append(_table("cc", ["id INTEGER PRIMARY KEY", f"x INTEGER {defaults[0]}",
                             f"y TEXT {defaults[1]}", "v INTEGER"],
                      [f"FOREIGN KEY(x, y) REFERENCES cp(a, b) {draw(fk_clause())}"]))
    if draw(st.booleans()):
        ddl.append("CREATE INDEX cc_xy ON cc(x, y COLLATE NOCASE)")
    return ddl


TABLES = ("p", "c", "n", "tree", "g", "cp", "cc")

# ---------------------------------------------------------------------------------------
# statements
# ---------------------------------------------------------------------------------------

KEY = st.sampled_from(["0", "1", "1", "2", "2", "3", "4", "5", "NULL", "NULL", "'1'", "'2'",
                       "2.0", "'x'"])
SMALL = st.sampled_from(["0", "1", "2", "NULL", "'1'"])
TEXT = st.sampled_from(["'a'", "'A'", "'b'", "'B'", "'ab'", "'aB'", "NULL", "1", "'1'"])
VAL = st.sampled_from(["0", "1", "2", "3", "NULL"])
DOMAINS = {"key": KEY, "small": SMALL, "text": TEXT, "val": VAL}

COLUMNS = {  # column -> value domain
    "p": {"id": "key", "name": "text", "v": "val"},
    "c": {"id": "key", "pid": "key", "v": "val"},
    "n": {"id": "key", "pname": "text", "v": "val"},
    "tree": {"id": "key", "up": "key", "v": "val"},
    "g": {"id": "key", "cid": "key", "v": "val"},
    "cp": {"a": "small", "b": "text", "v": "val"},
    "cc": {"id": "key", "x": "small", "y": "text", "v": "val"},
}
INSERT_VERBS = st.sampled_from(["INSERT", "INSERT", "INSERT", "INSERT OR REPLACE", "REPLACE",
                                "INSERT OR IGNORE", "INSERT OR FAIL", "INSERT OR ABORT",
                                "INSERT OR ROLLBACK"])
UPDATE_VERBS = st.sampled_from(["UPDATE", "UPDATE", "UPDATE", "UPDATE OR REPLACE",
                                "UPDATE OR IGNORE", "UPDATE OR FAIL", "UPDATE OR ROLLBACK"])


@st.composite
def inserts(draw) -> str:
    """INSERT of one or several VALUES rows; omitted columns take their DEFAULT."""
    table = draw(st.sampled_from(TABLES))
    cols = list(COLUMNS[table])
    chosen = [c for c in cols if draw(st.sampled_from([True, True, True, False]))] or cols
    rows = draw(st.lists(st.tuples(*[DOMAINS[COLUMNS[table][c]] for c in chosen]),
                         min_size=1, max_size=3))
    values = ", ".join("(" + ", ".join(row) + ")" for row in rows)
    return f"{draw(INSERT_VERBS)} INTO {table}({', '.join(chosen)}) VALUES {values}"


def _expression(draw, table: str, domain: str) -> str:
    """A value for a column of ``domain``: a literal, or computed from a same-kind column."""
    same = [c for c, d in COLUMNS[table].items() if d == domain or {d, domain} <= {"key", "small"}]
    kind = draw(st.sampled_from(["literal", "literal", "computed"]))
    if kind == "literal" or not same:
        return draw(DOMAINS[domain])
    column = draw(st.sampled_from(same))
    if domain == "text":
        return draw(st.sampled_from([f"upper({column})", f"lower({column})", column]))
    return draw(st.sampled_from([f"{column} + 1", f"{column} - 1", column, f"{column} + 2"]))


# UPDATE's outcome can depend on row order (which row a REPLACE keeps, which UNIQUE
# conflict comes first), so its WHERE clauses write non-rowid columns as ``+col``: that keeps
# SQLite from walking an index, and it scans in rowid order.
NO_INDEX = "+"


def _where(draw, table: str, in_rowid_order: bool = False) -> str:
    """A WHERE clause (or none) over small value domains."""
    cols = COLUMNS[table]
    column = draw(st.sampled_from(list(cols)))
    domain = cols[column]
    ref = f"{NO_INDEX}{column}" if in_rowid_order and column != "id" else column
    form = draw(st.sampled_from(["none", "eq", "eq", "range", "null", "in", "parity"]))
    if form == "none":
        return ""
    if form == "eq":
        return f" WHERE {ref} = {draw(DOMAINS[domain])}"
    if form == "range" and domain != "text":
        return f" WHERE {ref} {draw(st.sampled_from(['>=', '<=', '>']))} {draw(st.integers(0, 5))}"
    if form == "null":
        return f" WHERE {ref} IS {draw(st.sampled_from(['', 'NOT ']))}NULL"
    if form == "in":
        items = draw(st.lists(DOMAINS[domain], min_size=1, max_size=3))
        return f" WHERE {ref} IN ({', '.join(items)})"
    return f" WHERE rowid % 2 = {draw(st.integers(0, 1))}"


@st.composite
def updates(draw) -> str:
    table = draw(st.sampled_from(TABLES))
    cols = list(COLUMNS[table])
    chosen = draw(st.lists(st.sampled_from(cols), min_size=1, max_size=2, unique=True))
    sets = ", ".join(f"{c} = {_expression(draw, table, COLUMNS[table][c])}" for c in chosen)
    return f"{draw(UPDATE_VERBS)} {table} SET {sets}{_where(draw, table, in_rowid_order=True)}"


@st.composite
def deletes(draw) -> str:
    table = draw(st.sampled_from(TABLES))
    return f"DELETE FROM {table}{_where(draw, table)}"


@st.composite
def insert_selects(draw) -> str:
    """INSERT ... SELECT from any table (the same one included), in a fixed row order."""
    target, source = draw(st.sampled_from(TABLES)), draw(st.sampled_from(TABLES))
    cols = list(COLUMNS[target])
    chosen = draw(st.lists(st.sampled_from(cols), min_size=1, max_size=len(cols), unique=True))
    exprs = [_expression(draw, source, COLUMNS[target][c])
             if any(d == COLUMNS[target][c] for d in COLUMNS[source].values())
             else draw(DOMAINS[COLUMNS[target][c]]) for c in chosen]
    order = draw(st.sampled_from(["", " DESC"]))
    # ``rowid + 0`` makes SQLite sort, so it reads every source row before the first insert;
    # with ``ORDER BY rowid`` it would stream, and rows that a cascade of this very statement
    # changes would be read changed -- an artefact of its plan, not a rule to copy.
    return (f"{draw(INSERT_VERBS)} INTO {target}({', '.join(chosen)}) SELECT {', '.join(exprs)}"
            f" FROM {source}{_where(draw, source)} ORDER BY rowid + 0{order}")


PRAGMAS = st.sampled_from(
    ["PRAGMA defer_foreign_keys=ON", "PRAGMA defer_foreign_keys=ON",
     "PRAGMA defer_foreign_keys=OFF", "PRAGMA defer_foreign_keys",
     "PRAGMA foreign_key_check", "PRAGMA foreign_key_check",
     *(f"PRAGMA foreign_key_check({t})" for t in ("c", "n", "tree", "g", "cc"))])

SAVEPOINT_NAMES = ("s1", "s2", "s3")


# ---------------------------------------------------------------------------------------
# the two engines side by side, and shrinking a failure to a short SQL script
# ---------------------------------------------------------------------------------------

class EnginePair:
    """A RowanDB connection and an SQLite connection, fed the same statements."""

    def __init__(self):
        self.mine = rowandb.connect(":memory:", isolation_level=None)
        self.theirs = apsw.Connection(":memory:")
        self.theirs.execute("PRAGMA foreign_keys=ON")
        self.tables: list[str] = []

    def close(self) -> None:
        self.mine.close()
        self.theirs.close()

    @property
    def in_transaction(self) -> bool:
        return not self.theirs.get_autocommit()

    def run(self, sql: str):
        """(SQLite's outcome, None) or (.., (kind, description)) for the first difference in
        the outcome, the transaction state, or the contents of a table."""
        mine, theirs = run_rowandb(self.mine, sql), run_sqlite(self.theirs, sql)
        if sql.startswith("PRAGMA foreign_key_check") and mine[0] == theirs[0] == "ok":
            mine, theirs = by_table(mine), by_table(theirs)
        if mine != theirs:
            return theirs, ("outcome", f"outcome differs for: {sql}\n  rowandb: {mine}\n"
                                       f"  sqlite:  {theirs}")
        created = re.match(r"CREATE TABLE (\w+)", sql)
        if created and theirs[0] == "ok":
            self.tables.append(created.group(1))
        if self.mine.in_transaction != self.in_transaction:
            return theirs, ("in_transaction", f"in_transaction differs after: {sql}\n  rowandb: "
                            f"{self.mine.in_transaction}\n  sqlite:  {self.in_transaction}")
        for table in self.tables:
            query = f"SELECT rowid, * FROM {table} ORDER BY rowid"
            mine_rows, their_rows = run_rowandb(self.mine, query), run_sqlite(self.theirs, query)
            if mine_rows != their_rows:
                return theirs, (f"table {table}", f"table {table} differs after: {sql}\n"
                                f"  rowandb: {mine_rows}\n  sqlite:  {their_rows}")
        return theirs, None


def first_difference(statements: list[str]):
    """(index, kind) of the first statement after which the engines differ, or None."""
    pair = EnginePair()
    try:
        for index, sql in enumerate(statements):
            problem = pair.run(sql)[1]
            if problem is not None:
                return index, problem[0]
        return None
    finally:
        pair.close()


def shrink(statements: list[str], kind: str, budget: float = 30.0) -> list[str] | None:
    """A shorter script that still ends in the same kind of difference at its last
    statement (chunks, then single statements, dropped greedily), or None if the failure
    does not reproduce on fresh connections."""
    def still_fails(candidate):
        return first_difference(candidate) == (len(candidate) - 1, kind)

    if not still_fails(statements):
        return None
    deadline = time.monotonic() + budget
    chunk = max(1, len(statements) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start = 0
        while start < len(statements) - 1 and time.monotonic() < deadline:
            candidate = statements[:start] + statements[start + chunk:]
            if candidate and candidate[-1] == statements[-1] and still_fails(candidate):
                statements = candidate
            else:
                start += chunk
        chunk //= 2
    return statements


def compared_step(pair: EnginePair, history: list[str], sql: str):
    """Run ``sql`` on both engines of ``pair`` (``history``: the statements so far, which
    it joins) and return SQLite's outcome; on any difference, fail with a shrunk script."""
    history.append(sql)
    theirs, problem = pair.run(sql)
    if problem is not None:
        kind, description = problem
        script = shrink(history, kind)
        shown = script if script is not None else history
        heading = ("-- a script that reproduces it on fresh connections:" if script
                   else "-- (did not reproduce on fresh connections) all statements:")
        raise AssertionError(f"{description}\n{heading}\n" + "\n".join(s + ";" for s in shown))
    return theirs


# ---------------------------------------------------------------------------------------
# the machine
# ---------------------------------------------------------------------------------------

class ForeignKeyMachine(RuleBasedStateMachine):
    """RowanDB and SQLite side by side; ``savepoints`` mirrors SQLite's savepoint stack."""

    def __init__(self):
        super().__init__()
        self.pair = EnginePair()
        self.history: list[str] = []
        self.savepoints: list[str] = []
        self.tree_delete_sets_null = False

    def teardown(self):
        self.pair.close()

    def step(self, sql: str):
        """Run ``sql`` on both engines and compare everything observable afterwards; on a
        difference, fail with a shrunk SQL script that reproduces it."""
        theirs = compared_step(self.pair, self.history, sql)
        if not self.pair.in_transaction:
            self.savepoints.clear()
        return theirs

    # -- rules -------------------------------------------------------------------------
    def sidestep(self, sql: str) -> str:
        """``sql``, unless it would trip a bug of SQLite's own (3.40 and 3.54 alike): on a
        self-referencing table whose constraint says ON DELETE SET NULL, a REPLACE statement
        skips the check of the rows it writes -- once the SET NULL action is coded for
        REPLACE's implicit delete, fkey.c's isSetNullAction() looks at the top-level list of
        trigger programs and answers yes for the statement itself -- so ``REPLACE INTO tree
        VALUES (2, 9)`` commits an orphan. Such statements run without REPLACE instead."""
        if self.tree_delete_sets_null:
            sql = re.sub(r"^(?:INSERT OR REPLACE|REPLACE) INTO tree\(", "INSERT INTO tree(", sql)
            sql = re.sub(r"^UPDATE OR REPLACE tree ", "UPDATE tree ", sql)
        return sql

    @initialize(ddl=schemas())
    def create_schema(self, ddl):
        tree = next(sql for sql in ddl if sql.startswith("CREATE TABLE tree"))
        self.tree_delete_sets_null = "ON DELETE SET NULL" in tree
        for sql in ddl:
            assert self.step(sql)[0] == "ok", sql
        for sql in ("INSERT INTO p VALUES (1, 'a', 0), (2, 'B', 1), (3, 'c', NULL)",
                    "INSERT INTO c(id, pid, v) VALUES (1, 1, 0), (2, 2, 1), (3, NULL, 2)",
                    "INSERT INTO n(id, pname) VALUES (1, 'A'), (2, 'b')",
                    "INSERT INTO tree(id, up) VALUES (1, NULL), (2, 1), (3, 2)",
                    "INSERT INTO g(id, cid) VALUES (1, 1), (2, 2)",
                    "INSERT INTO cp(a, b) VALUES (1, 'a'), (2, 'B')",
                    "INSERT INTO cc(id, x, y) VALUES (1, 1, 'A'), (2, 2, 'b')"):
            self.step(sql)

    @rule(sql=inserts())
    def insert(self, sql):
        self.step(self.sidestep(sql))

    @rule(sql=insert_selects())
    def insert_select(self, sql):
        self.step(self.sidestep(sql))

    @rule(sql=updates())
    def update(self, sql):
        self.step(self.sidestep(sql))

    @rule(sql=deletes())
    def delete(self, sql):
        self.step(sql)

    @rule(sql=PRAGMAS)
    def pragma(self, sql):
        """A PRAGMA. ``defer_foreign_keys=OFF`` inside a transaction forgets every
        violation waiting for COMMIT, as SQLite 3.54 zeroes both deferred counters."""
        self.step(sql)

    @rule(choice=st.integers(0, 99), name=st.sampled_from(SAVEPOINT_NAMES))
    def open_transaction(self, choice, name):
        """BEGIN or SAVEPOINT (which nests inside an open transaction); now and then a
        statement that is out of place (BEGIN inside a transaction, COMMIT outside one)."""
        if choice < 8:
            sql = ["BEGIN", "COMMIT", "ROLLBACK", "RELEASE s9", "ROLLBACK TO s9", "END",
                   f"RELEASE {name}", f"ROLLBACK TO {name}"][choice]
        elif self.pair.in_transaction or choice % 3 == 0:
            sql = f"SAVEPOINT {name}"
        else:
            sql = ["BEGIN", "BEGIN DEFERRED", "BEGIN IMMEDIATE", "BEGIN TRANSACTION"][choice % 4]
        self._transaction_statement(sql)

    @precondition(lambda self: self.pair.in_transaction)
    @rule(choice=st.integers(0, 99), depth=st.integers(0, 3))
    def close_transaction(self, choice, depth):
        """COMMIT / END / ROLLBACK, or RELEASE / ROLLBACK TO one of the open savepoints.
        COMMIT (and the outermost RELEASE) may fail on deferred violations and leave the
        transaction open in both engines."""
        ends = ["COMMIT", "COMMIT", "END", "ROLLBACK"]
        if self.savepoints:
            name = self.savepoints[-1 - depth % len(self.savepoints)]
            ends += [f"RELEASE {name}", f"RELEASE SAVEPOINT {name}", f"ROLLBACK TO {name}",
                     f"ROLLBACK TRANSACTION TO SAVEPOINT {name}", f"RELEASE {name}"]
        self._transaction_statement(ends[choice % len(ends)])

    def _transaction_statement(self, sql: str) -> None:
        if self.step(sql)[0] == "ok":
            self._track(sql)

    def _track(self, sql: str) -> None:
        """Mirror a transaction statement SQLite accepted on the savepoint stack."""
        words = sql.split()
        verb, name = words[0], words[-1]
        if verb in ("RELEASE", "ROLLBACK") and name not in self.savepoints:
            self.savepoints.clear()     # the outermost RELEASE committed; step() saw it
        elif verb == "SAVEPOINT":
            self.savepoints.append(name)
        elif verb == "RELEASE":
            position = len(self.savepoints) - 1 - self.savepoints[::-1].index(name)
            del self.savepoints[position:]
        elif verb == "ROLLBACK" and len(words) > 1:
            position = len(self.savepoints) - 1 - self.savepoints[::-1].index(name)
            del self.savepoints[position + 1:]
        else:
            self.savepoints.clear()
        if not self.pair.in_transaction:
            self.savepoints.clear()


def _settings(examples: int, steps: int):
    # No shrink phase: hypothesis needs minutes to shrink a 40-step machine, while
    # step() shrinks the failing SQL script itself in seconds.
    return settings(max_examples=examples, stateful_step_count=steps, deadline=None,
                    derandomize=not SLOW, database=None, report_multiple_bugs=False,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def test_foreign_key_state_machine():
    """150 runs of 40 steps (about 30 s); ROWANDB_SLOW_TESTS=1: 2,000 runs of 80 steps."""
    ForeignKeyMachine.TestCase.settings = _settings(2000, 80) if SLOW else _settings(150, 40)
    ForeignKeyMachine.TestCase().runTest()
