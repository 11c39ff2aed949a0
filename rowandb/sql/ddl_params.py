"""A statement is prepared before its parameters are counted: its error comes first.

Python's sqlite3 and apsw prepare a statement before they bind its values, so a statement
given the wrong number of values (or a mapping for ``?``, a value that cannot be adapted)
reports the error SQLite's prepare finds first: ``SELECT nosuch, ?`` with no values is 'no
such column: nosuch'. ``prepare_all`` compiles any statement whose values do not bind
before the binding error is raised (``Session.prepare_errors``); only the error path pays.

A DDL statement holding parameters is prepared before its parameters are counted.

SQLite refuses a CHECK constraint's or a generated column's parameter where it resolves
their names, which it does as it prepares a CREATE TABLE (sqlite3EndTable) or an ALTER
TABLE ... ADD CHECK; Python's sqlite3 and apsw prepare before they count the values
given. RowanDB binds DDL when it runs it, after the count: ``prepare_first`` binds such a
statement first, so that its error -- a column named before the parameter, 'parameters
prohibited in CHECK constraints' -- is the one reported. A statement that binds (``CREATE
TABLE IF NOT EXISTS`` of an existing table) goes on to the count. ALTER TABLE ... ADD
COLUMN counts its parameters as any statement does (``CHECK (x > ?)``: one), and SQLite
reports at prepare only what its parser finds of the new column (a DEFAULT that is not
constant): the table's text is checked with it only when it runs ('error in table t after
add column: ...'), as are the rows it would break, so those errors come after the count.
"""

from __future__ import annotations

from ..errors import OperationalError
from ..planner.exec.dml import raise_late_error, raise_table_star
from .parse.lexer import tokenize
from . import ddl_lookups


def prepare_first(session, prepared) -> None:
    """Bind ``prepared`` now if it is DDL holding a parameter that SQLite refuses as it
    prepares it (raises its error)."""
    if holds_parameter(prepared.parsed):
        prepare_all(session, prepared)


def prepare_all(session, prepared) -> None:
    """Bind and plan ``prepared``, whatever its kind, raising the error SQLite's prepare
    finds (an EXPLAIN's statement too); what ALTER TABLE ... ADD COLUMN finds only as it
    runs is left for the run. Statements run without a plan (transaction control, EXPLAIN,
    PRAGMA, VACUUM) are left for their run too; ANALYZE, DROP and REINDEX look up the
    object they name (ddl_lookups.py)."""
    parsed = prepared.parsed
    if parsed.kind == "explain":        # SQLite prepares the statement it explains
        _prepare_explained(session, prepared)
        return
    if parsed.kind == "analyze":        # what it names is looked up as it is prepared
        from .analyze import raise_lookup_error     # imported at the first ANALYZE
        raise_lookup_error(session, parsed.maintenance)     # (maintenance.py)
    if parsed.control or parsed.kind in _UNPLANNED:
        return
    if not _adds_column(parsed.text):
        executable = session._compile(prepared)
        _write_errors(executable)
        ddl_lookups.raise_error(session, executable)    # a DROP's, a REINDEX's object
        return
    try:
        session._compile(prepared)
    except OperationalError as error:
        if not str(error).startswith(_WHEN_RUN):
            raise


def _prepare_explained(session, prepared) -> None:
    """Prepare the statement EXPLAIN [QUERY PLAN] ``prepared`` explains, as ``explain``
    compiles it: its error (or the refusal of a kind RowanDB does not explain) first."""
    from .explain import explained
    prepare_all(session, explained(session, prepared))


def _write_errors(executable) -> None:
    """The errors SQLite meets compiling a write that RowanDB raises as the write starts
    to run (planner/exec/dml.py): a RETURNING's or DO UPDATE's, the foreign keys'."""
    stmt = getattr(executable, "stmt", None)
    if stmt is not None and hasattr(executable, "prepare_foreign_keys"):
        raise_table_star(stmt)
        executable.prepare_foreign_keys()
        raise_late_error(stmt)


_UNPLANNED = frozenset(("pragma", "vacuum", "analyze"))

#: What SQLite finds of ALTER TABLE ... ADD COLUMN only when it runs (alter.c: the new
#: text's check, sqlite3ErrorIfNotEmpty)
_WHEN_RUN = ("error in table ", "Cannot add a NOT NULL column", "Cannot add a REFERENCES column")


def holds_parameter(parsed) -> bool:
    """Whether ``parsed`` is DDL with a parameter (one in a generated column's AS clause,
    which sqlglot is not shown, included)."""
    return parsed.kind == "ddl" and (parsed.params.count > 0 or any(
        t.kind == "param" for t in tokenize(parsed.text)))


def _adds_column(text: str) -> bool:
    words = [t.upper for t in tokenize(text)[:8]]
    if words[:1] != ["ALTER"] or "ADD" not in words:
        return False
    return words[words.index("ADD") + 1:][:1] not in (["CHECK"], ["CONSTRAINT"])
