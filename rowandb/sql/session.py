"""One connection's session: statement cache, transactions, and executing one statement.

``Session.execute(sql, params)`` is where a statement's trip through the layers starts:

1. ``_prepare`` finds the statement in the cache (keyed by SQL text, valid while the
   dictionary's schema version is unchanged) or parses it (``parser.parse``), binds it
   (``binder.Binder`` and ``bind_dml``/``bind_ddl``) and compiles it (``planner.plan.build`` +
   ``planner.exec.execute.Executable`` or the DML executables of ``planner.exec.dml``);
2. ``_run`` runs it inside a transaction: the open one (BEGIN/SAVEPOINT), or one of its own
   that commits when the statement succeeds (autocommit). A statement takes a savepoint of
   the storage transaction first and rolls back to it when it fails, so a failed statement
   leaves no trace — and nothing it allocated stays referenced.

Transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE/ROLLBACK TO) follows SQLite's
rules and messages (sqlite.org/lang_transaction.html, lang_savepoint.html).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import Iterable

from ..errors import (CorruptDatabaseError, DatabaseError, InternalError, OperationalError,
                      ProgrammingError)
from ..planner.plan import bound as b
from ..planner.exec import dml
from ..planner.exec.autoincrement import StatementCounters
from ..planner.exec.fkeys import ForeignKeyError, ForeignKeys
from ..planner.functions.date import StatementClock
from ..planner.plan.build import plan_select
from ..planner.exec.execute import Executable
from ..planner.exec import trips
from ..planner.exec.progress import Progress, is_interrupt
from ..planner.types.limit_values import Limits
from ..planner.exec.triggers import TriggerProgram, Triggers
from ..planner.exec.view_write import ViewWriteExecutable
from . import corrupt_transaction, schema_reload, schema_unloadable, statement_journal, \
    table_hash, temp_tables, transaction_control, literal_insert
from .alter_table import bind_alter
from .bind import bind_dml, bind_trigger, bind_view, generated
from .bind.binder import Binder
from .bind.bind_statement import bind_statement
from .database import Database, open_database
from .fast_read import fast_read
from .parse.lexer import split_statements
from .dbapi.batching import run_chunks
from .statement_runs import release, run_write
from .schema_locks import reads_database
from .transaction_control import after_rollback_under, rolled_back_under
from .parse.limits import deep_enough
from .parse.parser import Parsed, parse
from .parse.recognizer import sqlite_error, syntax_error
from .statement_text import (NUL_IN_TEXT, before_nul, one_statement, parse_one,
                             refuse_first, runs_before_nul, split)
from .parse.table_header import raise_earlier
from .prepared import DML_KINDS, Prepared, keep_compiled, let_go_after_first_run
from .results import Result, StatementInfo
from .quick import quick_prepared
from .temp_views import SessionCatalog, TempSchema, kept_names
from .maintenance import RUNNERS
from .explain import explain
from .ddl_run import result_columns, run_ddl
from .ddl_params import holds_parameter, prepare_all, prepare_first
from .pragma.pragmas import READ_ONLY, Settings, run_pragma
from ..planner.functions.user import FunctionLayer

STATEMENT_CACHE_SIZE = 256
_WRITES = (dml.InsertExecutable, dml.UpdateExecutable, dml.DeleteExecutable, ViewWriteExecutable)


def open_session(database: str, **options) -> "Session":
    return Session(open_database(database, **options))


class Session:
    def __init__(self, database: Database):
        self.db = database
        self.cache: OrderedDict[str, Prepared] = OrderedDict()
        self.cache_size = STATEMENT_CACHE_SIZE
        self.templates: dict[str, Prepared] = {}    # INSERTs of literals' (literal_insert.py)
        self.txn = None                     # storage transaction, when one is open
        self.explicit = False               # opened by BEGIN (or SAVEPOINT)
        self.begun_by_savepoint = False     # then releasing the outermost savepoint commits
        self.savepoints: list[tuple] = []   # (name, _mark(), schema version, deferred-FK mark)
        self.temp = TempSchema()            # the connection's TEMP views (temp_views.py)
        self.schema_changed = False         # since the last COMMIT (schema_reload.py)
        self.table_hashes = {}              # schema -> table_hash.SchemaOrder
        self.unloadable = None              # SQLite's schema-load error (schema_unloadable.py)
        self.corrupt_txn = None             # the txn a corrupt error marked (corrupt_transaction)
        self.changes = 0
        self.total_changes = 0
        self.last_insert_rowid = 0
        self.fkeys = ForeignKeys(database.store, database.dictionary, self._defaults_for,
                                 self._writer_for)
        self.triggers = Triggers(self, database.dictionary, self._trigger_program)
        self.sequences: dict = {}           # AUTOINCREMENT counters open in the statement
        self.fkeys.counted = self.count_trigger_changes
        self._defaults: dict = {}
        self._writers: dict = {}            # table id -> RowWriter, for _writers_version
        self._writers_version = -1
        self._running = None                # the DML executable of the running statement
        self.active: list[Prepared] = []    # running statements, outermost first (schema_locks)
        self.expired_below = 0              # how many of them are expired (schema_locks)
        self.trips, self.trip_mark = 0, None  # rollbacks under running writes (exec/trips.py)
        self.schema_trips = 0               # those that undid a schema change: trip all
        self.journal_frames: list[dict] = []  # per running statement (statement_journal.py)
        self.trigger_changes = 0            # rows trigger programs' statements changed, ever
        self._before = (0, 0, 0)            # total_changes, last_insert_rowid, trigger_changes
                                            # when the running statement started
        self.clock = StatementClock()       # CURRENT_TIMESTAMP: one moment per statement
        self.settings = Settings()          # what PRAGMAs set for this connection (pragmas.py)
        self.functions = FunctionLayer()    # its own functions and collations (user.py)
        self.tracer = None                  # set_trace_callback's Tracer (trace.py)
        self.authorizer = None              # set_authorizer's Authorizer (authorizer.py)
        self.progress = Progress()          # progress handler, interrupt (exec/progress.py)
        self.limits = Limits()              # getlimit/setlimit (types/limit_values.py)
        self.closed = False

    @property
    def foreign_keys(self) -> bool:
        """PRAGMA foreign_keys: ON by default in RowanDB (SQLite's default is OFF)."""
        return self.fkeys.enabled

    @foreign_keys.setter
    def foreign_keys(self, on: bool) -> None:
        self.fkeys.enabled = on

    @property
    def defer_foreign_keys(self) -> bool:
        return self.fkeys.defer_all

    @defer_foreign_keys.setter
    def defer_foreign_keys(self, on: bool) -> None:
        self.fkeys.defer_all = on

    # -- the contract the DB-API builds on -------------------------------------------------
    fast_read = fast_read               # a cached point read's rows, or None (fast_read.py)
    split_script = staticmethod(split_statements)

    @property
    def in_transaction(self) -> bool:
        return self.txn is not None and self.explicit

    def statement_info(self, sql: str) -> StatementInfo:
        if sql in self.cache:               # parsed already: no context is needed
            parsed = self._prepare(sql).parsed
        else:
            statements = split(sql)
            if len(statements) != 1:
                refuse_first(statements)
                if not statements and "\x00" in sql:
                    raise ProgrammingError(NUL_IN_TEXT)
                return StatementInfo("other", 0, (), len(statements))
            with deep_enough(), self.functions.current(), self.limits.in_force():
                parsed = self._prepare(sql, statements[0]).parsed   # then cached for execute()
        if holds_parameter(parsed):         # its error before the count (ddl_params.py)
            with self.db.lock, deep_enough(), self.functions.current(), self.limits.in_force():
                prepare_first(self, self._prepare(sql))
        if "\x00" in sql and not runs_before_nul(sql):    # else execute runs, then refuses
            self.refuse_nul(sql)
        params = parsed.params
        return StatementInfo(parsed.kind, params.count, tuple(params.names) +
                             (None,) * (params.count - len(params.names)), 1)

    def refuse_nul(self, sql: str, params: tuple = ()) -> None:
        """Text holding a NUL character: the error of preparing the text before it
        (statement_text.before_nul), else ProgrammingError; nothing of it runs, unless
        whitespace or a comment parts its ';' from the NUL (``runs_before_nul``): then
        the statement runs first, as apsw runs it."""
        if runs_before_nul(sql):
            self.execute(before_nul(sql), params)
        elif split(sql):
            self.prepare_errors(sql)
        raise ProgrammingError(NUL_IN_TEXT)

    def prepare_errors(self, sql: str) -> None:
        """Raise the error SQLite finds preparing ``sql``, if any: before a binding's."""
        with self.db.lock, deep_enough(), self.functions.current(), self.limits.in_force():
            prepare_all(self, self._prepare(sql))

    def execute(self, sql: str, params: tuple = ()) -> Result:
        if self.closed:
            raise ProgrammingError("Cannot operate on a closed database.")
        if "\x00" in sql:
            self.refuse_nul(sql, params)
        with self.db.lock, deep_enough(), self.functions.current(), self.limits.in_force():
            prepared = self._prepare(sql)
            expected = prepared.parsed.params.count
            if prepared.parsed.kind == "explain" and not params:
                params = (None,) * expected      # a plan does not depend on the values
            if len(params) != expected:
                prepare_all(self, prepared)     # the prepare's error first (ddl_params.py)
                raise ProgrammingError(
                    f"Incorrect number of bindings supplied. The current statement uses "
                    f"{expected}, and there are {len(params)} supplied.")
            if self.tracer is not None:         # set_trace_callback (trace.py)
                self.tracer.statement(sql, params)
            self.progress.start()
            try:
                return self._run(prepared, tuple(params))
            finally:
                self.progress.finish()

    def execute_many(self, sql: str, param_sets: Iterable, bind=None) -> int:
        """Run one INSERT/UPDATE/DELETE once per parameter set; the sum of the row counts.

        ``bind`` turns one of ``param_sets`` into the statement's parameter tuple (the
        DB-API's binding; None: they already are). Each execution is a statement of its
        own, as in SQLite: a failing one is undone alone and stops the run, the ones before
        it stay. In autocommit mode each is also a transaction of its own and goes through
        ``execute``. Inside an open transaction the statement is prepared and the lock
        taken once; chunks of rows that an INSERT can write at once go to its bulk form
        (planner/exec/bulk.py), the others run one by one in a light statement scope.
        """
        bind = bind or (lambda params: params)
        if self.txn is None or self.settings.query_only or corrupt_transaction.marked(self):
            return sum(max(self.execute(sql, bind(params)).rowcount, 0)
                       for params in param_sets)
        if self.closed:
            raise ProgrammingError("Cannot operate on a closed database.")
        with self.db.lock, deep_enough(), self.functions.current(), self.limits.in_force():
            prepared = self._prepare(sql)
            if self.authorizer is not None and self.authorizer.ignores(prepared,
                                                                       self.db.dictionary):
                return 0
            executable = self._compile(prepared) if prepared.literals is None else \
                literal_insert.own_executable(self, prepared)   # params are its own
            bulk = getattr(executable, "bulk", None)
            if any(prepared.parsed.params.names) or self.tracer is not None:
                bulk = None                 # named parameters bind from mappings only
            self.progress.start()
            try:
                total = run_chunks(
                    param_sets, None if bulk is None else partial(self._bulk_statements, bulk),
                    partial(self._batch_statements, prepared, executable, bind))
            finally:
                self.progress.finish()
                release(executable)
        return total

    def _batch_statements(self, prepared: Prepared, executable, bind, chunk: list) -> int:
        """Run a chunk of ``execute_many`` one statement at a time; the rows changed."""
        return sum([self._batch_statement(prepared, executable, bind(p)) for p in chunk])

    def _bulk_statements(self, bulk, chunk: list[tuple]) -> bool:
        """Run a chunk of ``execute_many`` as one bulk write (planner/exec/bulk.py), when it can
        only have the effect of running its statements one by one; False if it declined."""
        txn = self.txn
        txn.begin_write()
        mark = txn.savepoint()
        self.clock.reset()
        self.sequences.clear()
        try:
            lastrowid = bulk.run(txn, chunk)
        except BaseException:
            txn.rollback_to(mark)
            raise
        if lastrowid is None:
            return False
        self.changes = 1                # changes() reports the last statement: one row
        self.total_changes += len(chunk)
        self.last_insert_rowid = lastrowid
        return True

    def define(self, kind: str, name: str, narg: int, fn, **flags) -> None:
        """Define (fn None: remove) the connection's own ``kind`` of function: "scalar",
        "aggregate" or "collation" (narg unused). Cached statements are parsed again, as
        the new name may change how a call is read."""
        getattr(self.functions, f"define_{kind}")(name, *(() if kind == "collation" else
                                                          (narg,)), fn, **flags)
        self.recompile_all()               # and every other compiled expression

    def recompile_all(self) -> None:
        """Compile every statement again (a setting their compiled form depends on, such
        as the authorizer, changed)."""
        self.cache.clear()
        self.templates.clear()
        self.triggers.forget()
        self._defaults, self._writers_version = {}, -1

    def close(self) -> None:
        """Roll back an open transaction and release the database (a directory's last
        connection checkpoints and drops its process lock)."""
        if self.closed:
            return
        try:
            if self.txn is not None:
                self._rollback_all()
        finally:
            self.closed = True
            self.db.close()

    # -- preparing ---------------------------------------------------------------------------
    def _prepare(self, sql: str, text: str | None = None) -> Prepared:
        """The cached statement for ``sql`` (``text``: its one statement, when already split)."""
        version = self._plan_version()
        prepared = self.cache.get(sql)
        if prepared is None or prepared.version != version:
            again = prepared is not None        # (prepared.let_go_after_first_run)
            if again and not prepared.trees_dropped:
                prepared = Prepared(prepared.parsed, version)
            else:
                statement = text if text is not None else one_statement(sql)
                prepared = self._quick(statement, version) or \
                    Prepared(self._parse(sql, statement), version)
            prepared.again = again
            self.cache[sql] = prepared
            if len(self.cache) > max(self.cache_size, 1):
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(sql)
        schema_unloadable.refuse(self, prepared.parsed)
        return prepared

    def _quick(self, statement: str, version: tuple) -> Prepared | None:
        """``statement`` parsed and bound by the quick path (sql/quick/), or None where it
        declines or could differ: an authorizer is asked as the binder binds, and a limit
        below SQLite's default makes errors the quick path does not look for."""
        if self.authorizer is not None or not self.limits.at_defaults() or \
                self.unloadable is not None:    # (schema_unloadable.py)
            return None
        return literal_insert.literal_prepared(statement, version, self.templates) or \
            quick_prepared(statement, version, SessionCatalog(self.db.dictionary, self.temp))

    def _parse(self, sql: str, statement: str):
        """``statement_text.parse_one``; but a CREATE TRIGGER whose body SQLite's grammar
        refuses gets its header's error first (its table, its name), as SQLite checks the
        header when it reads BEGIN, and so does a CREATE TABLE when it reads the ``(`` or
        AS after the name; and a table's unknown option comes after its columns' errors,
        or, last, after all of them (``table_header``)."""
        try:
            return parse_one(sql, statement)
        except OperationalError as error:
            raise_earlier(statement, error, lambda text: self._bind_parsed(parse(text)))
            raise

    def _plan_version(self) -> tuple:
        """What a compiled statement is valid for: the schema version and the settings that
        decide which trigger programs it codes -- SQLite expires every statement when a
        flag PRAGMA such as recursive_triggers or foreign_keys changes (pragma.c,
        OP_Expire), so they are compiled again, their triggers' errors with them."""
        return (self.db.dictionary.version, self.settings.recursive_triggers,
                self.fkeys.enabled, self.functions.version)

    def _bind_parsed(self, parsed: Parsed, trigger_rows=None):
        """The bound statement (a trigger's piece when ``trigger_rows`` is given)."""
        catalog = kept_names(self.db.dictionary, self.temp) if parsed.kind == "select" \
            else SessionCatalog(self.db.dictionary, self.temp)
        if parsed.trigger is not None:
            return bind_trigger.bind_ddl(catalog, parsed.trigger)
        if trigger_rows is not None and not trigger_rows.temp:
            catalog = self.db.dictionary        # a main trigger's body sees main only
        binder = Binder(catalog, parsed)
        if parsed.alter is not None:
            return bind_alter.bind_alter(binder, parsed.alter, parse)
        binder.case_sensitive_like = self.settings.case_sensitive_like
        binder.modules = self.settings.modules      # (bind_table_function.registered)
        binder.authorize = self.authorizer
        binder.trigger_rows = trigger_rows
        binder.temp_schema = self.temp
        bound = bind_statement(binder, parsed)
        bind_view.raise_deferred(binder)
        return bound

    def _compile(self, prepared: Prepared, keep: bool = True):
        """Bind and plan once per schema version; the result is reused by every execution
        (``keep``: lightened for the cache, ``prepared.keep_compiled``; EXPLAIN reads the plan)."""
        if prepared.executable is not None:
            return prepared.executable
        if prepared.literals is not None:
            return literal_insert.compiled(self, prepared)
        try:
            bound = prepared.bound or self._bind_parsed(prepared.parsed)
            prepared.bound = None               # (the quick path's, sql/quick/)
        except DatabaseError as error:          # SQLite's syntax error, if it has one
            raise sqlite_error(self._source(prepared), error) from None
        except (AttributeError, TypeError, KeyError, IndexError) as error:
            # A tree the binder cannot read is a bug of RowanDB's: it is reported as one,
            # unless SQLite's grammar refuses the statement (recognizer/), whose syntax
            # error SQLite gives -- never a guess.
            found = syntax_error(self._source(prepared))
            if found is not None:
                raise found from error
            raise InternalError(f"RowanDB could not bind {prepared.parsed.text.strip()[:60]!r}"
                                f" ({type(error).__name__}: {error})") from error
        prepared.reads = reads_database(bound, prepared.parsed.text)
        try:
            executable = self._executable_for(bound)    # SQLite finds its errors preparing too
        except DatabaseError as error:
            raise sqlite_error(self._source(prepared), error) from None
        coded = self.triggers.prepare(executable)   # the programs it fires, compiled now
        if coded:
            executable.counters = self._statement_counters(executable, coded)
        prepared.executable = executable
        if keep:
            keep_compiled(prepared)
        return executable

    def _source(self, prepared: Prepared) -> str:
        """The text ``prepared`` was prepared from, its ``;`` included (error path only)."""
        return next((sql for sql, cached in self.cache.items() if cached is prepared),
                    prepared.parsed.text)

    def _statement_counters(self, executable, coded: list) -> StatementCounters:
        """The AUTOINCREMENT counters a statement opens for itself and the trigger
        programs it may fire (``coded``: their INSERTs' tables)."""
        own = [executable.table] if isinstance(executable, dml.InsertExecutable) \
            and executable.table.autoincrement else []
        tables = own + [t for t in coded if not own or t.id != own[0].id]
        return StatementCounters(tables, temp_tables.routing_store(self),
                                 self._context().dictionary_for, self.sequences)

    def _executable_for(self, bound):
        """What runs a bound statement: a query's Executable, a DML executable, or the
        bound DDL itself."""
        if isinstance(bound, b.Select):
            executable = Executable(plan_select(bound), temp_tables.routing_store(self),
                                    query=True)
            executable.decltypes = tuple(bind_view.declared_type(bound, column)
                                         for column in bound.columns)
            executable.ignored = getattr(bound, "ignored", False)
            return executable
        if isinstance(bound, tuple):
            stmt, binder = bound
            return _dml_executable(stmt, binder, self._context())
        return bound

    def _context(self, triggers: bool = True) -> dml.Context:
        return dml.Context(temp_tables.routing_store(self), self.db.dictionary, self.fkeys,
                           self.triggers if triggers else None, self.sequences,
                           self.temp.tables)

    def _trigger_program(self, trigger, table, orconf, prepare_step=None):
        """``trigger``'s program for the firing (planner/exec/triggers.py): its text
        parsed, each piece bound with NEW/OLD of ``table`` (its statements under the
        conflict clause ``orconf`` when not None) and compiled."""
        with deep_enough():
            return bind_trigger.compile_program(trigger, table, orconf, parse, self._bind_parsed,
                                                self._executable_for, TriggerProgram,
                                                prepare_step)

    # -- running -----------------------------------------------------------------------------
    def _run(self, prepared: Prepared, params: tuple) -> Result:
        if self.authorizer is not None and self.authorizer.ignores(prepared, self.db.dictionary):
            return Result(None, [], 0 if prepared.parsed.kind in DML_KINDS else -1)
        kind = prepared.parsed.kind
        if prepared.parsed.control:
            if kind == "explain":
                return Result(*explain(self, prepared))
            return self._control(*prepared.parsed.control)
        if kind == "pragma":
            return self._in_statement(lambda: run_pragma(self, prepared.parsed.pragma),
                                      writes=False, pragma=True)
        if kind in RUNNERS:             # VACUUM, ANALYZE: maintenance.py
            before = schema_reload.stamp(self)
            table_hash.capture(self)
            RUNNERS[kind](self, prepared.parsed.maintenance, params)
            schema_reload.ran(self, kind == "vacuum", before, resets=kind == "vacuum")
            table_hash.changed(self, [table_hash.STAT1])
            return Result(None, [])
        if kind != "select" and (self.settings.query_only or corrupt_transaction.marked(self)):
            return self._in_statement(lambda: self._refuse_write(prepared), writes=False)
        self.active.append(prepared)
        try:
            return self._in_statement(lambda: self._execute(prepared, params),
                                      writes=kind != "select", prepared=prepared)
        finally:
            self.active.pop()
            self.expired_below = min(self.expired_below, len(self.active))

    def _refuse_write(self, prepared: Prepared):
        """PRAGMA query_only: a statement that writes fails, after the errors of preparing
        it and before it takes the write lock, as in SQLite."""
        self._compile(prepared)
        if corrupt_transaction.marked(self) and prepared.parsed.kind == "reindex" and \
                not corrupt_transaction.reindex_writes(self, prepared.parsed.reindex):
            return Result(None, [])             # nothing to rebuild: nothing written
        raise CorruptDatabaseError() if corrupt_transaction.marked(self) else \
            OperationalError(READ_ONLY)

    def _execute(self, prepared: Prepared, params: tuple) -> Result:
        executable, params = literal_insert.for_run(self, prepared, params)
        schema_trips = self.schema_trips
        try:
            with self.triggers.own_program():     # its triggers fire anew (triggers.py)
                result = self._execute_compiled(executable, params)
        finally:
            release(executable)
            let_go_after_first_run(prepared, self.authorizer)
        if schema_trips != self.schema_trips:   # every cursor tripped (transaction_control)
            raise OperationalError(trips.ABORTED)
        return result

    def _execute_compiled(self, executable, params: tuple) -> Result:
        if isinstance(executable, Executable):
            rows = executable.rows(params, self)
            if getattr(executable, "ignored", False):   # its SELECT, by the authorizer
                return Result(None, [])
            return Result(tuple(executable.names), rows,
                          decltypes=getattr(executable, "decltypes", None))
        if isinstance(executable, _WRITES):
            self._running = executable
            changes, lastrowid, returned = run_write(executable, self.txn, params, self)
            self._count_changes(changes, lastrowid)
            names = executable.stmt.returning_names
            return Result(tuple(names) if executable.stmt.returning is not None else None,
                          returned, changes, lastrowid)
        before = schema_reload.stamp(self)
        run_ddl(self, executable, params)
        schema_reload.ran(self, isinstance(executable, schema_reload.RELOADING), before)
        return Result(result_columns(self, executable), [])

    def _in_statement(self, body, writes: bool, pragma: bool = False, prepared=None) -> Result:
        """Run ``body`` atomically: in the open transaction, or in one of its own."""
        autocommit = self.txn is None
        if autocommit:
            self.txn = temp_tables.begin(self)
        mark, fk_mark = self._mark(), self.fkeys.mark()
        version, trips = self.db.dictionary.version, self.trips
        self._running, self._before = None, self._counters()
        self.clock.reset()
        self.sequences.clear()
        frame: dict = {}
        self.journal_frames.append(frame)
        try:
            if writes:
                self.txn.begin_write()  # a durable store takes its write lock before reading
            result = body()
            self.fkeys.end_statement()
            autocommit = autocommit and not self.explicit   # (a function's BEGIN keeps it)
            if autocommit:
                self.fkeys.check_deferred()
            elif trips != self.trips:
                autocommit = rolled_back_under(self)
            statement_journal.inner_ended(self, prepared, mark)
        except BaseException as raised:
            if trips != self.trips:
                after_rollback_under(self, raised)
                raise
            if writes and is_interrupt(raised):
                raised.resolution = "ROLLBACK"  # SQLite ends a write's whole transaction
            # a function's BEGIN made the transaction explicit: the statement, begun in
            # autocommit, has no statement journal in SQLite, which keeps what it wrote
            self._statement_failed(raised, mark, fk_mark, version,
                                   autocommit and not self.explicit, pragma,
                                   query=not writes and not pragma or autocommit and self.explicit,
                                   scope=statement_journal.scope(self, prepared, mark, frame),
                                   frame=frame)
            raise
        finally:
            self.journal_frames.pop()
        if autocommit:
            self._end_transaction(commit=True, pragma=pragma)
        return result

    def _batch_statement(self, prepared: Prepared, executable, params: tuple) -> int:
        """One execution of ``execute_many`` in the open transaction: ``_in_statement``
        without what a statement in a transaction does not need (no BEGIN/COMMIT, no
        closure, no Result); the number of rows it changed."""
        expected = prepared.parsed.params.count
        if len(params) != expected:
            raise ProgrammingError(
                f"Incorrect number of bindings supplied. The current statement uses "
                f"{expected}, and there are {len(params)} supplied.")
        if self.tracer is not None:
            self.tracer.statement(prepared.parsed.text, params)
        txn = self.txn
        mark, fk_mark = self._mark(), self.fkeys.mark()
        version = self.db.dictionary.version
        self._running, self._before = executable, self._counters()
        self.clock.reset()
        self.sequences.clear()
        self.active.append(prepared)        # running, as in _run: it may be expired
        try:
            txn.begin_write()
            changes, lastrowid, _ = run_write(executable, txn, params, self)
            self.fkeys.end_statement()
        except BaseException as raised:
            if is_interrupt(raised):
                raised.resolution = "ROLLBACK"
            self._statement_failed(raised, mark, fk_mark, version, autocommit=False)
            raise
        finally:
            self.active.pop()
            self.expired_below = min(self.expired_below, len(self.active))
        self._count_changes(changes, lastrowid)
        return changes

    def count_trigger_changes(self, changes: int) -> None:
        """Rows a trigger program's statement (or a foreign-key action, which SQLite runs as
        one) changed: they count in total_changes() as the statement ends, and stay counted
        if the statement that fired it fails."""
        self.total_changes += changes
        self.trigger_changes += changes

    def _counters(self) -> tuple:
        return self.total_changes, self.last_insert_rowid, self.trigger_changes

    def _count_changes(self, changes: int, lastrowid: int | None) -> None:
        """What changes(), total_changes() and last_insert_rowid() report."""
        self.changes = changes
        self.total_changes += changes
        if lastrowid is not None:
            self.last_insert_rowid = lastrowid

    def _statement_failed(self, raised: BaseException, mark: int, fk_mark: int, version: int,
                          autocommit: bool, pragma: bool = False, query: bool = False,
                          scope: statement_journal.Scope = statement_journal.BOTH,
                          frame: dict | None = None) -> None:
        """Undo a failed statement: back to its savepoint, except that a constraint failure
        under OR FAIL keeps the rows written before it, and one under OR ROLLBACK ends the
        whole transaction (sqlite.org/lang_conflict.html). The caller re-raises; no local
        here keeps the exception (exception -> traceback -> frame -> local is a cycle that
        would hold the failed statement's values until the next GC)."""
        corrupt_transaction.note(self, raised, autocommit)
        fk_instead = getattr(raised, "resolution", None) == "FAIL" and self._fk_violated()
        resolution = "ABORT" if fk_instead else getattr(raised, "resolution", "ABORT")
        if resolution == "ROLLBACK":
            self._rollback_all()
        elif resolution == "FAIL":
            if autocommit and not self._commit_kept_rows():
                if self._running is not None:
                    self._failed_counts(self._running, "ABORT", raised)
                raise ForeignKeyError() from raised
        elif query and not getattr(raised, "compiling", False):
            # a query writes nothing: what the statements its functions ran wrote stays,
            # as SQLite committed (or, in a transaction, kept) each of them
            if autocommit:
                self._end_transaction(commit=True)
        else:
            if autocommit or frame is None:
                self._rollback_to(mark, version)
            else:
                statement_journal.undo(self, mark, version, scope, frame)
            self.fkeys.rollback_to(fk_mark)
            if autocommit:          # SQLite's compile-time errors leave defer_foreign_keys on
                self._end_transaction(commit=False,
                                      pragma=pragma or getattr(raised, "compiling", False))
        if self._running is not None and not getattr(raised, "compiling", False):
            self._failed_counts(self._running, resolution, raised)
        if fk_instead:                              # an FK failure outranks OR FAIL's error
            raise ForeignKeyError() from raised

    def _failed_counts(self, executable, resolution: str, raised: BaseException) -> None:
        """What a failed INSERT/UPDATE/DELETE leaves in the counters, as in SQLite:
        changes() counts the rows that stay (those before the failure under OR FAIL, else
        none), and last_insert_rowid() is the last row inserted even if it was undone --
        unless an immediate foreign key failed an INSERT SQLite checks it for before
        writing the row (``fk_checked_first``: one row, no trigger, RETURNING, REPLACE
        that may delete...; a violation found at COMMIT came after the write)."""
        total, last, triggered = self._before
        kept = executable.changed if resolution == "FAIL" else 0
        # total_changes() keeps what the statement's triggers counted (each of their
        # statements adds its rows as it ends), even when the statement is undone
        self.changes = kept
        self.total_changes = total + (self.trigger_changes - triggered) + kept
        inserted = getattr(executable, "last_rowid", None)
        if inserted is not None and not (isinstance(raised, ForeignKeyError)
                                         and not getattr(raised, "at_commit", False)
                                         and getattr(executable, "fk_checked_first", False)):
            last = inserted
        self.last_insert_rowid = last

    def _commit_kept_rows(self) -> bool:
        """Commit what an autocommit statement kept under OR FAIL; when that breaks a
        deferred foreign key, roll it all back instead (False), as SQLite's commit does."""
        try:
            self.fkeys.check_deferred()
        except ForeignKeyError:
            self._rollback_all()
            return False
        self._end_transaction(commit=True)
        return True

    def _fk_violated(self) -> bool:
        """Whether the statement that just failed under OR FAIL left an immediate FK
        violation behind (SQLite then reports that and undoes the whole statement)."""
        try:
            self.fkeys.end_statement()
        except ForeignKeyError:
            return True
        return False

    def _mark(self) -> tuple[int, int, int | None]:
        """Where to roll back to: the transaction's undo log, the temp schema's, and the
        version of the temp tables' dictionary."""
        tables = self.temp.tables
        return self.txn.savepoint(), self.temp.mark(), \
            tables.version if tables is not None else None

    def _rollback_to(self, mark: tuple, version: int, scope: tuple = (True, True)) -> None:
        """Back to ``mark``; a dictionary whose definitions changed since (main's at
        ``version``, the temp tables' -- a TEMP table's ALTER failing inside a transaction,
        fuzz 81000242) reads them again. ``scope``: main's changes, temp's, or both
        (statement_journal.py)."""
        if scope == (True, True):
            self.txn.rollback_to(mark[0])
        else:
            statement_journal.rollback_part(self.txn, mark[0], scope)
        if scope[1]:
            self.temp.rollback_to(mark[1])
        tables = self.temp.tables
        if self.db.dictionary.version != version:
            self.db.dictionary.invalidate()
            if tables is not None:
                tables.invalidate()
        elif tables is not None and tables.version != mark[2]:
            tables.invalidate()

    def _end_transaction(self, commit: bool, pragma: bool = False) -> None:
        """End the transaction. If COMMIT itself fails (a full disk: the store has already
        rolled back, as SQLite does), the session still leaves it — else later autocommit
        statements would run inside the dead transaction and never commit."""
        try:
            if commit:
                self.txn.commit()
                self.temp.commit()
                self.schema_changed = False
            else:
                self.txn.rollback()
                self._forget_temp_changes()
        finally:
            self.fkeys.reset(not pragma)
            self.txn = None
            self.explicit = False
            self.savepoints.clear()

    def _forget_temp_changes(self) -> None:
        if self.temp.log:
            self.temp.rollback_to(0)
            self.db.dictionary.invalidate()
        temp_tables.forget_rolled_back(self)
        schema_reload.rolled_back(self, whole=True)

    def _rollback_all(self) -> None:
        self.txn.rollback()
        self._forget_temp_changes()
        self.fkeys.reset()
        self.db.dictionary.invalidate()
        self.txn = None
        self.explicit = False
        self.savepoints.clear()

    def _delete_all(self, table) -> None:
        """The implicit ``DELETE FROM table`` of DROP TABLE on a parent table (it fires
        no trigger, as in SQLite)."""
        dml.DeleteExecutable(b.Delete(table=table, slot=0, where=None),
                             self._context(triggers=False)).run(
            self.txn, (), self)

    def _defaults_for(self, table) -> list:
        """DEFAULT value thunks per column of ``table`` (for ON ... SET DEFAULT)."""
        key = (table.id, self.db.dictionary.version)
        thunks = self._defaults.get(key)
        if thunks is None:
            thunks = self._defaults[key] = bind_dml.default_thunks(self.db.dictionary, table,
                                                                   self)
        return thunks

    def _writer_for(self, table):
        """The RowWriter foreign-key actions write child rows of ``table`` with (built on
        first use: ``bind_dml.LazyWriter``), kept for the current schema version only."""
        version = self.db.dictionary.version
        if self._writers_version != version:
            self._writers, self._writers_version = {}, version
        writer = self._writers.get(table.id)
        if writer is None:
            writer = self._writers[table.id] = bind_dml.LazyWriter(self.db.dictionary,
                                                                   table, self._context())
        return writer

    # -- transaction control (transaction_control.py) ------------------------------------
    def _control(self, action: str, mode, name) -> Result:
        transaction_control.run(self, action, mode, name)
        return Result(None, [])


def _dml_executable(stmt, binder: Binder, context: dml.Context):
    if isinstance(stmt, b.ViewWrite):
        return ViewWriteExecutable(stmt, context)
    if isinstance(stmt, b.Delete):
        return dml.DeleteExecutable(stmt, context)
    defaults, checks = bind_dml.write_constraints(binder, stmt)
    computed = generated.bind(binder, stmt.table, stmt.slot)
    if isinstance(stmt, b.Insert):
        return dml.InsertExecutable(stmt, context, defaults, checks, computed)
    return dml.UpdateExecutable(stmt, context, checks, defaults, computed)
