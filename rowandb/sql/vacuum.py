"""VACUUM and VACUUM INTO: reading the statement as SQLite's grammar does, and running it.

``VACUUM [schema] [INTO file]`` (sqlite.org/lang_vacuum.html). What RowanDB does for each
form, next to SQLite (sqlite3RunVacuum in vacuum.c):

* ``VACUUM`` / ``VACUUM main`` on a database directory rewrites every table and index file
  and starts an empty redo log (storage/vacuum.py: a checkpoint of every file, crash-safe as
  one). On ``:memory:`` no file is rewritten. Both add one to ``schema_version`` and give
  the rows of every table with neither an INTEGER PRIMARY KEY nor an index new rowids, 1
  to n in rowid order, as SQLite's VACUUM does (``_renumber``); on a directory those rows
  go to the new redo log.
* ``VACUUM temp`` does nothing, in any state (the temp tables live in the connection's
  memory, which has nothing to compact).
* ``VACUUM INTO 'path'`` writes a new database directory at ``path`` (built beside it and
  renamed into place, storage/vacuum.py) from the committed
  state (the write lock is held while copying, so no other connection's uncommitted change
  is in the files read). The target must not exist, or be an empty directory: an existing
  RowanDB database is SQLite's ``output file already exists``, anything else ``file is not
  a database`` (SQLite takes an empty *file*; RowanDB's database is a directory, so an
  empty file is refused, as ``connect`` refuses it). The file name must be a string
  literal, a parameter or any other expression (vacuum_into.py evaluates it as SQLite
  does, before the checks below); a value that is not text is SQLite's ``non-text
  filename``. ``VACUUM temp INTO x`` reads no name in ``x``, as SQLite never resolves it.
  ``VACUUM INTO ':memory:'`` and ``VACUUM INTO ''`` write nothing: SQLite copies into an
  in-memory or a private temporary database and discards it.

Errors, in SQLite's order: an unknown schema name when the statement is prepared; then
the errors of INTO's expression; then ``cannot VACUUM from within a transaction``, then
``non-text filename``, then PRAGMA query_only's read-only error.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OperationalError
from .parse.lexer import Token, is_name, parameter_slots, syntax_error, unquote
from ..catalog.ascii_case import ascii_lower
from ..catalog.schema import SEQUENCE_TABLE
from .schema_locks import refuse_vacuum
from .bind.late_generated import vacuum_error
from .vacuum_into import evaluate, expression_text, text_file_name


@dataclass(frozen=True)
class Vacuum:
    temp: bool                  # VACUUM temp: nothing to do
    into: Token | None          # the token after INTO: a string, a parameter, a literal
    slot: int | None = None     # the parameter's 0-based slot
    expression: str | None = None   # the text after INTO when it is more than one token


_LITERALS = ("number", "blob")


def parse_vacuum(sql: str, tokens: list[Token]):
    """The Parsed of a VACUUM statement (tokens without the semicolon)."""
    from .parse.parser import Parsed
    rest = tokens[1:]
    temp = False
    if rest and rest[0].upper != "INTO":
        if not is_name(rest[0]):
            raise syntax_error(sql, rest[0])
        name = unquote(rest[0].text)
        if ascii_lower(name) not in ("main", "temp"):
            raise OperationalError(f"unknown database {name}")
        temp = ascii_lower(name) == "temp"
        rest = rest[1:]
    into = None
    slots, params = parameter_slots(tokens)
    if rest:
        if rest[0].upper != "INTO":
            raise syntax_error(sql, rest[0])
        if len(rest) == 1:
            raise syntax_error(sql, None)
        value = rest[1:]
        if len(value) == 2 and value[0].text in ("-", "+") and value[1].kind == "number":
            value = value[1:]                # a signed number: not text either
        into = value[0]
        if len(value) > 1 or not (into.kind in ("string", "param") + _LITERALS
                                  or into.upper == "NULL"):
            return Parsed("vacuum", sql, params=params, maintenance=Vacuum(
                temp, into, expression=expression_text(sql, tokens, rest[1].start)))
    if into is not None and into.kind == "param" and into.start not in slots:
        raise syntax_error(sql, into)       # ``#N``: no parameter (lexer.is_register)
    vacuum = Vacuum(temp, into, slots.get(into.start) if into is not None else None)
    return Parsed("vacuum", sql, params=params, maintenance=vacuum)


def run_vacuum(session, vacuum: Vacuum, params: tuple) -> None:
    from .pragma.pragmas import READ_ONLY
    if vacuum.temp:
        return
    name = None if vacuum.expression is None else \
        evaluate(session, vacuum.expression, params)
    if session.in_transaction:
        raise OperationalError("cannot VACUUM from within a transaction")
    refuse_vacuum(session)
    if vacuum.into is not None:             # before query_only, as in sqlite3RunVacuum
        name = text_file_name(name) if vacuum.expression is not None else \
            _file_name(vacuum, params)
    if session.settings.query_only:
        raise OperationalError(READ_ONLY)
    error = vacuum_error(session.db.dictionary)
    if error is not None:
        raise error
    if vacuum.into is not None:
        _vacuum_into(session, name)
    else:
        _vacuum(session)


def _file_name(vacuum: Vacuum, params: tuple) -> str:
    token = vacuum.into
    value = params[vacuum.slot] if token.kind == "param" else \
        unquote(token.text) if token.kind == "string" else None
    return text_file_name(value)


def _vacuum(session) -> None:
    from ..storage.vacuum import vacuum
    store = _durable(session)
    if store is not None:
        vacuum(store, session.db.synchronous)
    _regroup(session, renumber=True)    # after: a failed VACUUM changes nothing


def _regroup(session, renumber: bool = False) -> None:
    """What SQLite's VACUUM changes in the schema: one more schema_version, sqlite_schema's
    rows in its order, sqlite_sequence gone when no AUTOINCREMENT table is left; and with
    ``renumber`` (VACUUM, not VACUUM INTO) the rowids ``_renumber`` gives anew."""
    dictionary = session.db.dictionary

    def bump():
        version = dictionary.header("schema_version")
        drop_unused_sequence(dictionary, session.txn)
        if renumber:
            _renumber(dictionary, session.txn)
        dictionary.set_header(session.txn, "schema_version", version + 1)
        # sqlite_schema's rows regrouped as SQLite's VACUUM writes them (vacuum_order.py)
        dictionary.set_header(session.txn, "vacuum_mark", dictionary.next_object_id() - 1)
    session._in_statement(bump, writes=True)


def drop_unused_sequence(dictionary, txn) -> None:
    """Drop sqlite_sequence, its rows with it, when no AUTOINCREMENT table is left: SQLite's
    VACUUM makes the new database's tables from their CREATE texts, sqlite_sequence's
    left out (the first AUTOINCREMENT table makes it again), and copies the rows of the
    tables the new database has (vacuum.c, sqlite3RunVacuum)."""
    sequence = dictionary.table(SEQUENCE_TABLE)
    if sequence is not None and not any(
            dictionary.table(name).autoincrement for name in dictionary.table_names()):
        dictionary.drop_table(txn, sequence)


def _renumber(dictionary, txn) -> None:
    """Give the rows of every rowid table that has no INTEGER PRIMARY KEY and no index --
    sqlite_sequence and sqlite_stat1 too -- the rowids 1 to n in their rowid order.
    SQLite's VACUUM copies each table into a new database by ``INSERT INTO ... SELECT *``,
    whose transfer keeps a row's rowid only where the table has an INTEGER PRIMARY KEY, or
    an index that holds the rowid, or the copy is VACUUM INTO's; elsewhere it takes a new
    rowid for each row, in the order it reads them (insert.c, xferOptimization)."""
    store = dictionary.store
    for name in dictionary.table_names():
        table = dictionary.table(name)
        if table.without_rowid or table.rowid_alias is not None or table.indexes:
            continue
        rows = list(store.table(table.file_id).scan())
        if all(rowid == i for i, (rowid, _) in enumerate(rows, 1)):
            continue
        txn.clear_table(table.file_id)
        txn.insert_rows(table.file_id, list(range(1, len(rows) + 1)), [r for _, r in rows])


#: targets SQLite opens as a database no file holds -- ``:memory:``, and '' a private
#: temporary one deleted on close -- so its copy is made and discarded: nothing to write
_DISCARDED = ("", ":memory:")


def _vacuum_into(session, target: str) -> None:
    from ..storage.vacuum import check_target, write_copy
    if target in _DISCARDED:
        return
    check_target(target)
    txn = session.db.store.begin()
    try:
        txn.begin_write()       # no other connection's uncommitted change in the files read
        write_copy(_durable(session) or session.db.store, target,
                   synchronous=session.db.synchronous > 0)
    finally:
        txn.rollback()
    from .session import open_session
    copy = open_session(target)         # the copy's schema as SQLite's VACUUM INTO writes it
    try:
        _regroup(copy)
    finally:
        copy.close()


def _durable(session):
    """The shared durable store of a directory database; None for ``:memory:``."""
    store = getattr(session.db.store, "shared", session.db.store)
    return store if hasattr(store, "checkpoint") else None
