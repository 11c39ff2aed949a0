"""Session backends for the DB-API tests: an apsw-backed test double, and a readiness gate.

``ApswSession`` implements the Session contract of rowandb/sql/session.py (statement_info,
execute, split_script, in_transaction, total_changes, close) on SQLite through apsw, so the
DB-API layer can be tested before -- and, later, against -- the real engine. It mirrors
RowanDB's documented choices: foreign keys are ON, only ``':memory:'`` can be opened, and
errors are rowandb.errors classes carrying SQLite's message.

``real_engine_status()`` decides whether the real engine (``open_session``) is ready to be
tested next to the double. TODO(lead): remove the gate once the engine works.
"""

from __future__ import annotations

import contextlib
import functools
import re

import apsw
import apsw.ext

from rowandb import errors


# The double answers with the engine's own result types, so the two cannot drift apart.
from rowandb.sql.results import Result, StatementInfo  # noqa: E402


# Python's sqlite3 maps SQLite's result codes to PEP 249 classes this way; RowanDB too.
_ERROR_CLASSES = [
    (apsw.ConstraintError, errors.IntegrityError),
    (apsw.MismatchError, errors.IntegrityError),
    (apsw.TooBigError, errors.DataError),
    (apsw.CorruptError, errors.CorruptDatabaseError),
    (apsw.NotADBError, errors.DatabaseError),
    (apsw.InternalError, errors.InternalError),
    (apsw.NotFoundError, errors.InternalError),
    (apsw.MisuseError, errors.InterfaceError),
    (apsw.RangeError, errors.InterfaceError),
    (apsw.BindingsError, errors.ProgrammingError),
    (apsw.Error, errors.OperationalError),
]


@contextlib.contextmanager
def _rowandb_errors():
    """Re-raise apsw exceptions as the rowandb.errors class sqlite3 would use."""
    try:
        yield
    except apsw.Error as exc:
        for apsw_class, rowandb_class in _ERROR_CLASSES:
            if isinstance(exc, apsw_class):
                if rowandb_class is errors.CorruptDatabaseError:
                    if str(exc).startswith("malformed database schema"):
                        raise rowandb_class.saying(str(exc)) from exc
                    raise rowandb_class() from exc
                raise rowandb_class(str(exc)) from exc
        raise  # pragma: no cover - apsw.Error is the last entry


_TOKEN = re.compile(r"""
    (?P<space>\s+) | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*'?) | (?P<quoted>"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?)
  | (?P<param>\?\d*|[:@$][A-Za-z0-9_]+) | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<other>.)
""", re.S | re.X)


@functools.lru_cache(maxsize=4096)
def _tokens(sql: str) -> tuple[tuple[str, str], ...]:
    """(kind, text) for every token that is not whitespace or a comment. Remembered: the
    fuzzer sends the same texts again and again (its state dumps after every step), and
    each statement's text is read three times (split, kind, parameters)."""
    return tuple((m.lastgroup, m.group()) for m in _TOKEN.finditer(sql)
                 if m.lastgroup not in ("space", "comment"))


_KIND_OF_KEYWORD = {
    "select": "select", "values": "select", "insert": "insert", "update": "update",
    "delete": "delete", "replace": "replace", "create": "ddl", "drop": "ddl", "alter": "ddl",
    "begin": "begin", "commit": "commit", "end": "commit", "rollback": "rollback",
    "savepoint": "savepoint", "release": "release", "pragma": "pragma", "explain": "explain",
}


@functools.lru_cache(maxsize=4096)
def _kind(statement: str) -> str:
    tokens = _tokens(statement)
    first = tokens[0][1].lower() if tokens and tokens[0][0] == "word" else ""
    if first != "with":
        return _KIND_OF_KEYWORD.get(first, "other")
    depth, before = 0, ""
    for kind, text in tokens:  # the statement after the CTEs: the first word at depth 0
        if text == "(":        # right after a CTE's ')' (a CTE may be named replace)
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and before == ")" and kind == "word" and text.lower() in (
                "select", "values", "insert", "update", "delete", "replace"):
            return _KIND_OF_KEYWORD[text.lower()]
        before = text
    return "other"


def split_statements(script: str) -> list[str]:
    """The statements of ``script`` (each with its ';'), ignoring comment-only parts."""
    return list(_split(script))


@functools.lru_cache(maxsize=4096)
def _split(script: str) -> tuple[str, ...]:
    pieces, start = [], 0
    for semicolon in re.finditer(";", script):
        if apsw.complete(script[start:semicolon.end()]):
            pieces.append(script[start:semicolon.end()])
            start = semicolon.end()
    pieces.append(script[start:])
    return tuple(p for p in pieces if any(text != ";" for _, text in _tokens(p)))


class ApswSession:
    """The Session contract on an in-memory SQLite database (foreign keys ON)."""

    def __init__(self, options: dict):
        self.options = options  # what open_session received, for tests of connect()
        self._db = apsw.Connection(":memory:")
        self._db.set_busy_timeout(int(options.get("timeout", 5.0) * 1000))
        self._db.execute("PRAGMA foreign_keys=ON")

    @property
    def apsw_connection(self) -> apsw.Connection:
        """The SQLite connection itself, for what the Session contract has no word for (the
        fuzzer's time limit sets its progress handler)."""
        return self._db

    def statement_info(self, sql: str) -> StatementInfo:
        statements = split_statements(sql)
        if len(statements) != 1:
            kind = _kind(statements[0]) if statements else "other"
            return StatementInfo(kind, 0, (), len(statements))
        with _rowandb_errors():
            details = apsw.ext.query_info(self._db, statements[0])
        positional = {text[1:] for kind, text in _tokens(sql)
                      if kind == "param" and text.startswith("?")}
        # apsw strips each name's first character: '?3' and ':3' both come back as '3'.
        names = tuple(None if name is None or name in positional else name
                      for name in details.bindings_names)
        return StatementInfo(_kind(statements[0]), details.bindings_count, names, 1)

    def prepare_errors(self, sql: str) -> None:
        """The error of preparing ``sql``, raised before a binding's (Session's twin)."""
        with _rowandb_errors():
            apsw.ext.query_info(self._db, sql)

    def execute(self, sql: str, params: tuple = ()) -> Result:
        # The count and kind from the text alone: statement_info() would prepare the
        # statement once more, and cursor.execute below raises whatever that prepare would.
        statements = _split(sql)
        if len(statements) != 1:
            raise errors.ProgrammingError("You can only execute one statement at a time.")
        kind = _kind(statements[0])
        described: list = []

        def remember_columns(cur, _sql, _bindings) -> bool:
            described.extend(cur.description)  # known once prepared, even for 0 rows
            return True

        cursor = self._db.cursor()
        cursor.exec_trace = remember_columns
        with _rowandb_errors():
            cursor.execute(sql, tuple(params))
            rows = list(cursor.fetchall())
        columns = tuple(d[0] for d in described) or None
        if kind not in ("insert", "update", "delete", "replace"):
            return Result(columns, rows, -1, None)
        changed = self._db.changes()
        inserted = kind in ("insert", "replace") and changed > 0
        return Result(columns, rows, changed, self._db.last_insert_rowid() if inserted else None)

    def execute_many(self, sql: str, param_sets, bind=None) -> int:
        """One execute() per parameter set, as SQLite runs executemany; the row counts' sum."""
        bind = bind or (lambda params: params)
        return sum(max(self.execute(sql, bind(params)).rowcount, 0) for params in param_sets)

    def split_script(self, script: str) -> list[str]:
        return split_statements(script)

    @property
    def in_transaction(self) -> bool:
        return not self._db.get_autocommit()

    @property
    def total_changes(self) -> int:
        return self._db.total_changes()

    def close(self) -> None:
        self._db.close()


def open_session(database: str, **options) -> ApswSession:
    """The contract's open_session: ':memory:' only, until durable storage exists."""
    if database != ":memory:":
        raise errors.NotSupportedError(
            f"cannot open {database!r}: only ':memory:' databases are supported so far")
    return ApswSession({"timeout": 5.0, "file_id_bits": 32, **options})


@functools.cache
def real_engine_status() -> tuple[bool, str]:
    """(ready, reason): can rowandb.sql.session.open_session run a first tiny script?"""
    try:
        from rowandb.sql.session import open_session as real_open_session
        session = real_open_session(":memory:")
        try:
            session.execute("CREATE TABLE t(a)")
            session.execute("INSERT INTO t VALUES(1)")
            result = session.execute("SELECT a FROM t")
        finally:
            session.close()
    except Exception as exc:  # any failure means "not ready yet"
        return False, f"{type(exc).__name__}: {exc}"
    if tuple(result.columns or ()) != ("a",) or [tuple(r) for r in result.rows] != [(1,)]:
        return False, f"SELECT a FROM t returned {result.columns!r} {result.rows!r}"
    return True, "ready"
