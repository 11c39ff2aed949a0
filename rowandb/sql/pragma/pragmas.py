"""PRAGMA statements: every pragma SQLite 3.54 has, each either built or refused.

``PRAGMAS`` is the one table of them. Each of SQLite's pragmas (its ``PRAGMA pragma_list``,
which tests/test_pragmas_classification.py compares with this table) is either

* built: it answers with SQLite's column names, row shapes and semantics, reading its
  argument as SQLite does (``pragma_syntax.py``); or
* refused: ``NotSupportedError("PRAGMA <name> is not supported")``, in every form --
  reading, setting, qualified with ``main.`` -- with the reason in the table. A pragma
  whose effect RowanDB cannot have is refused rather than stored and ignored.

A name SQLite does not know returns nothing, as in SQLite. Three of SQLite's pragmas are
missing from the SQLite apsw bundles (the oracle) but take effect in other release builds
-- ``default_cache_size`` (unless SQLITE_OMIT_DEPRECATED), ``data_store_directory``
(Windows), ``lock_proxy_file`` (macOS) -- so they are refused too (``elsewhere``): in
RowanDB they would otherwise be accepted and ignored. The debugging pragmas of SQLite's
SQLITE_DEBUG builds (``vdbe_trace``...) are unknown here as in every release build.
Three pragmas are RowanDB's own
(``dictionary_stats``, ``file_cache_size``, ``storage_stats``). Every pragma may name the
``main`` schema; another name is SQLite's "unknown database". The pragmas that look
objects up in a schema (``temp=True`` below: table_info, index_list...) answer for the
``temp`` schema's tables, views and indexes as SQLite does (SQLAlchemy's reflection asks
for them), and the connection's lists (collation_list, compile_options, function_list,
module_list, pragma_list) the same as unqualified; every other pragma refuses ``temp.``.

As in SQLite, setting a pragma whose value can be read returns no columns (SQLite's
PragFlg_NoColumns1), except where SQLite reports the new value (busy_timeout, threads,
journal_mode, wal_autocheckpoint). Values the connection keeps live in ``Settings``;
user_version, application_id and schema_version live in the database (the dictionary's
SYS_HEADER, so they are transactional and durable); the dictionary's views are in
``schema_pragmas.py`` and the storage pragmas in ``storage_pragmas.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...errors import NotSupportedError, OperationalError
from ...planner.functions import compile_options, listing
from . import schema_pragmas as schema
from .. import corrupt_transaction
from ..schema_locks import FLAG_PRAGMAS, expire_running
from . import storage_pragmas as storage
from .pragma_syntax import PragmaCall, atoi, boolean, dec_or_hex_int64, get_int32
from ...catalog.ascii_case import ascii_lower

#: What SQLite says when a write meets PRAGMA query_only (SQLITE_READONLY).
READ_ONLY = "attempt to write a readonly database"
_MAX_WORKER_THREADS = 8        # SQLite's SQLITE_MAX_WORKER_THREADS, the limit of threads


@dataclass
class Settings:
    """A connection's PRAGMA settings that no other object keeps; SQLite's defaults."""
    recursive_triggers: bool = False
    legacy_alter_table: bool = False
    read_uncommitted: bool = False
    query_only: bool = False
    case_sensitive_like: bool = False
    threads: int = 0
    temp_store: int = 0
    encoding_fixed: bool = False    # a CREATE ran here (PRAGMA encoding is then fixed)
    # the eponymous tables a statement of this connection named, in that order (SQLite
    # registers each module as it first looks its name up): PRAGMA module_list's
    modules: list = field(default_factory=list)


@dataclass(frozen=True)
class Pragma:
    handler: Callable | None    # (session, PragmaCall) -> (columns, rows); None: refused
    note: str                   # built: what it does here; refused: why it is refused
    own: bool = False           # RowanDB's own: SQLite has no pragma of this name
    temp: bool = False          # answers for the (empty) temp schema too
    elsewhere: bool = False     # refused: in SQLite's other release builds, not in apsw's


def run_pragma(session, call: PragmaCall):
    from ..results import Result
    return Result(*answer(session, call))


def answer(session, call: PragmaCall):
    """``(columns, rows)`` of the PRAGMA statement ``call``: what the statement returns
    and what its ``pragma_<name>`` function reads (pragma_functions.py)."""
    if call.schema is not None and ascii_lower(call.schema) not in ("main", "temp"):
        raise OperationalError(f"unknown database {call.written_schema or call.schema}")
    if schema.in_temp(call) or call.schema is None and call.name in _EVERY_SCHEMA:
        session.temp.opened = True          # SQLite opens its temp database for these
    entry = PRAGMAS.get(call.name)
    if entry is None:
        return None, []                     # SQLite: an unknown pragma is no error
    if entry.handler is None:
        raise NotSupportedError(f"PRAGMA {call.name} is not supported")
    if schema.in_temp(call) and not entry.temp:
        raise NotSupportedError(f"PRAGMA temp.{call.name} is not supported")
    answered = entry.handler(session, call)
    if call.value is not None and call.name in FLAG_PRAGMAS:
        expire_running(session, own=False)      # OP_Expire, the value changed or not
    return answered


# The pragmas that, unqualified, read every schema: SQLite opens its temp database for
# them (sqlite3CodeVerifySchema of temp), as for any pragma written ``temp.name``.
_EVERY_SCHEMA = frozenset(("integrity_check", "quick_check"))


def check_writable(session) -> None:
    """PRAGMA query_only: a statement that would write fails before it starts."""
    if session.settings.query_only:
        raise OperationalError(READ_ONLY)


# -- flags -------------------------------------------------------------------------------
def _setting(attribute: str) -> Callable:
    """A boolean setting of ``Settings``, read and set as SQLite's flag pragmas are."""
    def handler(session, call):
        if call.value is None:
            return (call.name,), [(int(getattr(session.settings, attribute)),)]
        setattr(session.settings, attribute, boolean(call.value))
        return None, []
    return handler


def _foreign_keys(session, call):
    if call.value is None:
        return ("foreign_keys",), [(int(session.foreign_keys),)]
    if not session.in_transaction:       # SQLite ignores it inside a transaction
        session.foreign_keys = boolean(call.value)
    return None, []


def _defer_foreign_keys(session, call):
    if call.value is None:
        return ("defer_foreign_keys",), [(int(session.defer_foreign_keys),)]
    session.defer_foreign_keys = boolean(call.value)
    return None, []


def _case_sensitive_like(session, call):
    """Sets how LIKE and like() fold case; reads nothing (as in SQLite). The binder reads
    the setting, so every compiled statement and trigger program is dropped, as SQLite
    expires its statements."""
    if call.value is not None:
        session.settings.case_sensitive_like = boolean(call.value)
        # like() is the connection's from now on (user.py), of this case-sensitivity
        session.functions.redefine_like(session.settings.case_sensitive_like)
        session.recompile_all()
    return None, []


# -- the database header -------------------------------------------------------------------
def _header(field: str) -> Callable:
    """A 32-bit field of the database header (sqlite3Atoi reads the value), kept in the
    dictionary's SYS_HEADER and written in the statement's transaction."""
    def handler(session, call):
        dictionary = session.db.dictionary
        if call.value is None:
            return (field,), [(dictionary.header(field),)]
        check_writable(session)
        corrupt_transaction.refuse_write(session)   # the header is written
        session.txn.begin_write()
        dictionary.set_header(session.txn, field, atoi(call.value))
        return None, []
    return handler


_UTF8 = ("utf8", "utf-8")
_UTF16 = ("utf-16le", "utf-16be", "utf16le", "utf16be", "utf-16", "utf16")


def _encoding(session, call):
    """Always UTF-8. As in SQLite, once a CREATE has run -- on this connection, or ever in
    the database -- any new value is ignored; before, UTF-8 is accepted, UTF-16 (which
    RowanDB does not store) refused and an unknown name an error."""
    if call.value is None:
        return ("encoding",), [("UTF-8",)]
    fixed = session.settings.encoding_fixed or session.db.dictionary.header("text_encoding")
    if fixed or ascii_lower(call.value) in _UTF8:
        return None, []
    if ascii_lower(call.value) in _UTF16:
        raise NotSupportedError(f"PRAGMA encoding = '{call.value}' is not supported: "
                                "RowanDB stores text as UTF-8")
    raise OperationalError(f"unsupported encoding: {call.value}")


def _data_version(session, call):
    """A number that differs between two readings when another connection has committed a
    change in between -- not for this connection's own commits, and not within one read
    transaction. Read only: an argument changes nothing, as in SQLite."""
    return ("data_version",), [(session.db.data_version,)]


# -- other connection settings ----------------------------------------------------------------
def _busy_timeout(session, call):
    """Milliseconds this connection waits for another one's write lock (0 or less: not at
    all); connect(timeout=seconds) sets it first. As SQLite 3.54 does, a value that is not
    a 32-bit integer changes nothing."""
    db = session.db
    milliseconds = get_int32(call.value) if call.value is not None else None
    if milliseconds is not None:
        db.timeout = max(milliseconds, 0) / 1000
    return ("timeout",), [(round(db.timeout * 1000),)]


def _temp_store(session, call):
    """Where temporary tables and indexes live: 0 DEFAULT, 2 MEMORY. RowanDB keeps all
    temporary data in memory -- its default -- so FILE (1) is refused."""
    if call.value is None:
        return ("temp_store",), [(session.settings.temp_store,)]
    value = call.value
    store = int(value[0]) if value[:1] in ("0", "1", "2") else \
        {"file": 1, "memory": 2}.get(ascii_lower(value), 0)
    if store == 1:
        raise NotSupportedError("PRAGMA temp_store = FILE is not supported: RowanDB keeps "
                                "temporary data in memory")
    session.settings.temp_store = store
    return None, []


def _threads(session, call):
    """The most helper threads a statement may use (SQLite caps it at 8). RowanDB uses
    none, which keeps any limit."""
    if call.value is not None:
        limit = dec_or_hex_int64(call.value)
        if limit is not None and limit >= 0:
            session.settings.threads = min(limit & 0x7FFFFFFF, _MAX_WORKER_THREADS)
    return ("threads",), [(session.settings.threads,)]


# -- lists -------------------------------------------------------------------------------------
def _collation_list(session, call):
    """The built-in collations, in the order SQLite lists them."""
    return ("seq", "name"), [(0, "RTRIM"), (1, "NOCASE"), (2, "BINARY")]


def _compile_options(session, call):
    """SQLite's options that describe RowanDB (planner/functions/compile_options.py)."""
    return ("compile_options",), [(option,) for option in compile_options.OPTIONS]


def _function_list(session, call):
    """Every function, one row per argument count, from the registry (listing.py)."""
    return listing.COLUMNS, listing.function_list()


def _module_list(session, call):
    """The virtual-table modules SQLite would list of those RowanDB has: the eponymous
    tables (table-valued functions) a statement of the connection named, each registered
    as SQLite registers it when it first looks the name up (``bind_table_function.
    registered``), the newest first (CREATE VIRTUAL TABLE is refused: no other module)."""
    return ("name",), [(name,) for name in reversed(session.settings.modules)]


def _pragma_list(session, call):
    """The pragmas RowanDB answers (SQLite's it has built, and its own), by name."""
    return ("name",), [(name,) for name in sorted(PRAGMAS) if PRAGMAS[name].handler]


def _built(handler: Callable, note: str, temp: bool = False) -> Pragma:
    return Pragma(handler, note, temp=temp)


def _own(handler: Callable, note: str) -> Pragma:
    return Pragma(handler, note, own=True)


def _refused(why: str, elsewhere: bool = False) -> Pragma:
    return Pragma(None, why, elsewhere=elsewhere)


PRAGMAS: dict[str, Pragma] = {
    "analysis_limit": _refused("RowanDB's ANALYZE always reads every row"),
    "application_id": _built(_header("application_id"), "durable, in SYS_HEADER"),
    "auto_vacuum": _refused("RowanDB has no pages to vacuum: checkpoints rewrite files whole"),
    "automatic_index": _refused("its hash joins stand where SQLite builds automatic indexes, always on"),
    "busy_timeout": _built(_busy_timeout, "the connection's wait for the write lock"),
    "cache_size": _refused("RowanDB has no page cache (file_cache_size is its own)"),
    "cache_spill": _refused("RowanDB has no page cache to spill"),
    "case_sensitive_like": _built(_case_sensitive_like, "LIKE and like() stop folding case"),
    "cell_size_check": _refused("RowanDB has no b-tree cells to check"),
    "checkpoint_fullfsync": _refused("RowanDB syncs with fsync() only, never F_FULLFSYNC"),
    # (the connection's lists: ``temp.`` changes nothing, as in SQLite, which takes no
    # schema for them but opens its temp database)
    "collation_list": _built(_collation_list, "BINARY, NOCASE, RTRIM", temp=True),
    "compile_options": _built(_compile_options, "SQLite's options that describe RowanDB",
                              temp=True),
    "count_changes": _refused("deprecated; INSERT, UPDATE and DELETE return no count row"),
    "data_store_directory": _refused("Windows builds only; RowanDB writes no temporary files",
                                     elsewhere=True),
    "data_version": _built(_data_version, "changes with other connections' commits"),
    "database_list": _built(schema.database_list, "main and its path"),
    "default_cache_size": _refused("deprecated; RowanDB has no page cache", elsewhere=True),
    "defer_foreign_keys": _built(_defer_foreign_keys, "every FK check waits for COMMIT"),
    "empty_result_callbacks": _refused("deprecated; RowanDB has no sqlite3_exec() callbacks"),
    "encoding": _built(_encoding, "UTF-8 only"),
    "foreign_key_check": _built(schema.foreign_key_check, "violations of foreign keys"),
    "foreign_key_list": _built(schema.foreign_key_list, "a table's foreign keys", temp=True),
    "foreign_keys": _built(_foreign_keys, "ON by default in RowanDB"),
    "freelist_count": _built(storage.freelist_count, "0: data files have no free space"),
    "full_column_names": _refused("deprecated; column names follow SQLite's default rules"),
    "fullfsync": _refused("RowanDB syncs with fsync() only, never F_FULLFSYNC"),
    "function_list": _built(_function_list, "from the function registry, sorted",
                            temp=True),
    "hard_heap_limit": _refused("RowanDB does not limit its heap"),
    "ignore_check_constraints": _refused("CHECK constraints are always enforced"),
    "incremental_vacuum": _refused("RowanDB has no pages to vacuum"),
    "index_info": _built(schema.index_info, "an index's key columns", temp=True),
    "index_list": _built(schema.index_list, "a table's indexes", temp=True),
    "index_xinfo": _built(schema.index_info, "key columns, order, collation, rowid", temp=True),
    "integrity_check": _built(schema.integrity_check, "files, rows and index entries"),
    "journal_mode": _built(storage.journal_mode, "wal (a directory) or memory; fixed"),
    "journal_size_limit": _refused("the log is replaced at each checkpoint, not cut to a size"),
    "legacy_alter_table": _built(_setting("legacy_alter_table"),
                                 "kept; ALTER TABLE RENAME refused while it is on"),
    "lock_proxy_file": _refused("macOS builds only; the directory lock takes no proxy file",
                                elsewhere=True),
    "locking_mode": _refused("the directory lock is held from open to close in any mode"),
    "max_page_count": _refused("RowanDB has no pages to count"),
    "mmap_size": _refused("RowanDB does not memory-map its files"),
    "module_list": _built(_module_list, "the table-valued functions the connection named "
                          "(SQL.md)", temp=True),
    "optimize": _refused("which tables SQLite re-analyzes follows its own "
                          "planner's choices (TF_MaybeReanalyze), which RowanDB's "
                          "plans do not reproduce"),
    "page_count": _built(storage.page_count, "size on disk in 4096-byte pages"),
    "page_size": _built(storage.page_size, "4096: the unit the log is counted in"),
    "pragma_list": _built(_pragma_list, "the pragmas RowanDB answers", temp=True),
    "query_only": _built(_setting("query_only"), "writes fail as on a read-only database"),
    "quick_check": _built(schema.integrity_check,
                          "as integrity_check, without the rows' index entries"),
    "read_uncommitted": _built(_setting("read_uncommitted"),
                               "kept; like SQLite without shared cache, reads are committed"),
    "recursive_triggers": _built(_setting("recursive_triggers"),
                                 "off: a trigger does not fire itself again; on: to the depth limit"),
    "reverse_unordered_selects": _refused("the planner cannot reverse unordered results"),
    "schema_version": _built(_header("schema_version"), "durable; +1 per CREATE/DROP"),
    "secure_delete": _refused("deleted rows stay on disk, not zeroed, until a checkpoint"),
    "short_column_names": _refused("deprecated; column names follow SQLite's default rules"),
    "shrink_memory": _refused("RowanDB has no cache it frees on request"),
    "soft_heap_limit": _refused("RowanDB does not limit its heap"),
    "synchronous": _built(storage.synchronous, "when commits and checkpoints fsync"),
    "table_info": _built(schema.table_info, "a table's or view's columns", temp=True),
    "table_list": _built(schema.table_list, "tables and views", temp=True),
    "table_xinfo": _built(schema.table_info, "a table's columns, generated ones with hidden 2 or 3", temp=True),
    "temp_store": _built(_temp_store, "DEFAULT or MEMORY; FILE is refused"),
    "temp_store_directory": _refused("deprecated; RowanDB writes no temporary files"),
    "threads": _built(_threads, "a limit; RowanDB uses no helper threads"),
    "trusted_schema": _refused("RowanDB does not restrict the functions schema SQL calls"),
    "user_version": _built(_header("user_version"), "durable, in SYS_HEADER"),
    "wal_autocheckpoint": _built(storage.wal_autocheckpoint, "log pages that start one"),
    "wal_checkpoint": _built(storage.wal_checkpoint, "a complete checkpoint"),
    "writable_schema": _refused("the dictionary is written by DDL only"),
    # RowanDB's own
    "dictionary_stats": _own(schema.dictionary_stats, "the dictionary cache's counters"),
    "file_cache_size": _own(storage.file_cache_size, "clean files kept loaded"),
    "storage_stats": _own(storage.storage_stats, "the durable store's counters"),
}
