"""A schema SQLite can no longer load: after PRAGMA case_sensitive_like, a reading of it.

After ``PRAGMA case_sensitive_like`` (either value) like() is the connection's own function,
not deterministic (alter_table/alter_determinism.py). SQLite reads its schemas again from
their texts whenever it throws them away (build.c sqlite3ResetAllSchemasOfConnection):
after a ROLLBACK or ROLLBACK TO of a transaction that changed a schema, after VACUUM, and
after an ALTER TABLE that fails once it has changed the schema (its reading again after
the change fails, or a test after it: 'error in index i after add column: ...', a TEMP
table's 'error in table p after rename: duplicate column name: y', a CHECK of its rows).
That reading then meets the first index expression, partial index WHERE or generated
column calling like() -- main's objects first, then temp's, in sqlite_schema order -- and
fails; the schema stays unloaded, so every later statement that reads it fails the same
way, for the rest of the connection: 'malformed database schema (i) - non-deterministic
functions prohibited in partial index WHERE clauses' (CorruptDatabaseError; fuzz
143000014). A statement that reads no schema still runs: a SELECT or VALUES naming no
table, transaction control, the PRAGMAs SQLite runs without the schema (``_NO_SCHEMA``).
Measured with apsw 3.54.1 (``tests/test_like_schema_unloadable.py``).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlglot import exp

from ..errors import CorruptDatabaseError, IntegrityError, OperationalError
from ..planner.functions.user import like_redefined
from .alter_table import alter_determinism

#: PRAGMAs SQLite runs without reading the schema (no PragFlg_NeedSchema)
_NO_SCHEMA = frozenset("""analysis_limit application_id automatic_index busy_timeout
cache_spill case_sensitive_like cell_size_check checkpoint_fullfsync collation_list
compile_options count_changes data_version database_list defer_foreign_keys
empty_result_callbacks foreign_keys freelist_count full_column_names fullfsync
function_list hard_heap_limit ignore_check_constraints journal_size_limit
legacy_alter_table locking_mode mmap_size module_list page_size pragma_list query_only
read_uncommitted recursive_triggers reverse_unordered_selects schema_version
secure_delete short_column_names shrink_memory soft_heap_limit temp_store
temp_store_directory threads trusted_schema user_version wal_autocheckpoint
writable_schema""".split())
_AFTER = re.compile(r"error in \w+ .* after (rename|add column|drop column|drop constraint): ",
                    re.S)
_NO_SCHEMA_KINDS = frozenset({"begin", "commit", "rollback", "savepoint", "release", "vacuum"})


def reset(session) -> None:
    """SQLite throws the schemas away: with like() redefined, the reading that follows
    fails at the first object calling it, for good."""
    if not like_redefined() or getattr(session, "unloadable", None) is not None:
        return
    for schema in ("main", "temp"):
        rows = session.db.dictionary.schema_rows() if schema == "main" \
            else session.temp.schema_rows()
        for kind, name, tbl_name, _, _ in rows:
            try:
                alter_determinism.check_object(session, schema, kind, name, tbl_name)
            except OperationalError as error:
                session.unloadable = f"malformed database schema ({name}) - {error}"
                return


@contextmanager
def altering(session):
    """An ALTER TABLE: if it fails after changing a schema, SQLite reads the schemas again."""
    from . import schema_reload         # (which calls ``reset`` after a ROLLBACK)
    before = schema_reload.stamp(session)
    try:
        yield
    except Exception as error:
        # the error is one SQLite meets after its change, which RowanDB may find before
        # it ('error in table p after rename: duplicate ...'), or the stamp moved -- but
        # not for the test of the schema RENAME and DROP COLUMN run before they change
        # anything (alter.c renameTestSchema, 'error in trigger t: ...' with no "after"),
        # which RowanDB may meet after its change (fuzz 74 of make test's fixed seed)
        # -- nor for a row failing SET NOT NULL or ADD CHECK, which SQLite tests before it
        # changes the table ('constraint failed', the IntegrityError)
        message = str(error)
        if _AFTER.match(message) or schema_reload.stamp(session) != before and \
                not message.startswith("error in ") and not isinstance(error, IntegrityError):
            schema_reload.thrown_away(session)
        raise


def refuse(session, parsed) -> None:
    """Fail ``parsed`` as SQLite fails it when its schema cannot be loaded, if it reads it."""
    message = getattr(session, "unloadable", None)
    if message is not None and _reads_schema(parsed):
        raise CorruptDatabaseError.saying(message)


def _reads_schema(parsed) -> bool:
    if parsed.kind == "explain":
        return parsed.inner is None or _reads_schema(parsed.inner)
    if parsed.kind == "pragma":
        return parsed.pragma is None or parsed.pragma.name not in _NO_SCHEMA
    if parsed.kind in _NO_SCHEMA_KINDS or parsed.control:
        return False
    if parsed.kind != "select" or parsed.tree is None:
        return True                     # a write, DDL, or the quick path's one-table SELECT
    ctes = {t.name.lower() for t in parsed.with_.tables} if parsed.with_ is not None else set()
    for tree in parsed.trees():
        for cte in tree.find_all(exp.CTE):
            ctes.add(cte.alias_or_name.lower())
        for table in tree.find_all(exp.Table):
            if table.name.lower() not in ctes or table.args.get("db"):
                return True
    return False
