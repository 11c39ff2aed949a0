"""Generated columns SQLite keeps although their expressions cannot be coded: late errors.

CREATE TABLE refuses a generated column whose expression misuses a row value, calls an
unknown function, calls RAISE() or reads itself: sqlite3EndTable ends by running
``SELECT * FROM t``, which codes every expression. ALTER TABLE ADD COLUMN does not: it
only reads the table's new text back as a schema (``db->init.busy``: an unknown function
is no error then, and nothing is coded), so the column is added, its text stays in the
schema, and the error comes from each later statement that codes the column -- a read of
it (``SELECT *``, a WHERE or ORDER BY naming it, RETURNING of it), any INSERT or UPDATE of
the table (sqlite3ComputeGeneratedColumns codes them all), and a read of a generated
column that reads it. A statement that does not touch it (``SELECT a``, ``DELETE``,
``PRAGMA table_info``) runs; DROP COLUMN of it puts the table right.

``late_message`` says which binding errors are such coding errors, with the message a
statement coding the column gives ('unknown function: f()' where binding says 'no such
function: f'). ``late_errors`` finds, once per table definition (and connection function
layer, as a function defined later can make a call good), each such column's error: its
own, or that of a generated column it reads, or 'generated column loop on "c"' as
sqlite3ExprCodeGeneratedColumn finds the column it meets again. The binder raises it
where a statement reads the column (``Binder.code_column``), through
``codegen_error`` so an unused column of a subquery costs nothing, as in SQLite.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...catalog.schema import Table
from ...planner.functions import user
from ...catalog.ascii_case import ascii_lower
from ..parse import folds

#: errors binding finds that SQLite's resolver does not: its code generator's (the binder
#: says which through ``Binder.codegen_error``), and the loop ``generated._order`` finds
_CODED = ("row value misused", "RAISE() may only be used within a trigger-program")
_LOOP = "generated column loop on "
_NO_FUNCTION = "no such function: "


def late_message(error: Exception) -> str | None:
    """The message of a statement that codes a generated column whose binding failed with
    ``error``, when that is an error SQLite finds only coding it; else None."""
    text = str(error)
    if text.startswith(_NO_FUNCTION):
        return f"unknown function: {text[len(_NO_FUNCTION):]}()"
    if text.startswith(_LOOP) or text.startswith(_CODED) and getattr(error, "coded", False):
        return text
    return None


def schema_read_error(error: OperationalError, node, bind_node) -> OperationalError | None:
    """The error reading a table's text as a schema finds in a generated column whose
    binding failed with ``error`` -- None when SQLite finds none, only a statement coding
    the column will. ``node`` is its expression, ``bind_node(node)`` binds one in its
    place. An unknown function is no error to a schema read, which goes on resolving:
    its calls are bound again as calls of ``char`` (which takes any arguments), so a
    later error is found; a call of one with OVER or FILTER is resolve.c's 'FILTER may
    not be used with non-aggregate f()'."""
    while str(error).startswith(_NO_FUNCTION):
        name = ascii_lower(str(error)[len(_NO_FUNCTION):])
        node = node.copy()
        calls = [n for n in node.walk() if isinstance(n, exp.Anonymous)
                 and ascii_lower(str(n.this)) == name]
        for call in calls:
            if isinstance(call.parent, (exp.Window, exp.Filter)):
                return OperationalError(
                    f"FILTER may not be used with non-aggregate {call.this}()")
        if not calls:
            return error
        for call in calls:
            call.set("this", "char")
        try:
            bind_node(node)
            return None
        except OperationalError as again:
            error = again
    return None if late_message(error) else error


def coding() -> bool:
    """Whether the statement being bound is one SQLite codes: not an ALTER's reading of
    the schema's texts (its rename mode, ``folds``), which only resolves names."""
    return not folds.in_rename_mode() and not folds.checking_schema_text()


def late_errors(catalog, table) -> dict:
    """Position -> message of each VIRTUAL generated column of ``table`` no statement can
    code: the error of a statement reading it (a STORED column is read from the record,
    and only a write codes it)."""
    return _kept(catalog, table)[0]


def uncodable(catalog, table) -> dict:
    """Position -> message of each generated column of ``table`` no statement can code,
    STORED or VIRTUAL."""
    return _kept(catalog, table)[1]


_NONE = ({}, {})


def _kept(catalog, table) -> tuple[dict, dict]:
    if not isinstance(table, Table):
        return _NONE                    # a view's shape, a table function's: no such column
    kept = table.__dict__.get("_late_generated")
    if kept is not None and kept[0] is table.columns:
        if not kept[1]:
            return _NONE
        layer = user.active()
        if kept[1] == (id(layer), getattr(layer, "version", 0)):
            return kept[2]
    if not any(c.is_generated for c in table.columns):
        table._late_generated = (table.columns, None, _NONE)
        return _NONE
    layer = user.active()
    key = (id(layer), getattr(layer, "version", 0))
    table._late_generated = (table.columns, key, _NONE)    # while it is worked out
    found = _work_out(catalog, table)
    table._late_generated = (table.columns, key, found)
    return found


def _work_out(catalog, table) -> tuple[dict, dict]:
    from ..parse.parser import Parsed
    from .binder import Binder
    from . import generated
    from ...catalog.schema import VIRTUAL
    from ...planner.exec.writer import columns_read
    binder = Binder(catalog, Parsed(kind="other", text=""))
    slot = binder.slot()
    bound, failed = generated.bind_each(binder, table, slot)
    own = {pos: _coding_error(*failure) for pos, failure in failed.items()}
    virtual = {pos for pos in bound.keys() | own.keys()
               if table.columns[pos].generated == VIRTUAL}
    every = {}
    for stored in (False, True):
        coded = bound.keys() | own.keys() if stored else virtual
        reads = {pos: sorted(columns_read(expr, slot) & coded)
                 for pos, expr in bound.items()}
        found = {}
        for pos in sorted(coded):
            message = _coded(pos, reads, own, table, [])
            if message is not None:
                found[pos] = message
        every[stored] = found
    return every[False], every[True]


def _coding_error(error: OperationalError, node, bind_node) -> str:
    """The message coding a generated column whose binding failed with ``error`` gives:
    for unknown functions, the last call of one that expr.c codes (each error replaces
    the one before; it codes no argument of an unknown function)."""
    names, original = set(), node
    while str(error).startswith(_NO_FUNCTION):
        names.add(ascii_lower(str(error)[len(_NO_FUNCTION):]))
        node = node.copy()
        for call in _calls(node, names):
            call.set("this", "char")
        try:
            bind_node(node)
            error = None
        except OperationalError as again:
            error = again
    if error is not None and not names:
        return late_message(error) or str(error)
    last = None
    for call in _calls(original, names):
        if not any(isinstance(up, exp.Anonymous) and ascii_lower(str(up.this)) in names
                   for up in _ancestors(call)):
            last = call
    return f"unknown function: {last.this}()" if last is not None else str(error)


def _calls(node, names: set) -> list:
    return [n for n in node.walk(bfs=False) if isinstance(n, exp.Anonymous)
            and ascii_lower(str(n.this)) in names]


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _coded(pos: int, reads: dict, own: dict, table, busy: list) -> str | None:
    """The error coding column ``pos`` meets, with the columns ``busy`` being coded."""
    if pos in busy:
        return f'generated column loop on "{table.columns[pos].name}"'
    if pos in own:
        return own[pos]
    busy.append(pos)
    try:
        for read in reads.get(pos, ()):
            message = _coded(read, reads, own, table, busy)
            if message is not None:
                return message
    finally:
        busy.pop()
    return None


def refuse_late(error: OperationalError) -> OperationalError:
    """``error`` as a statement coding the generated columns reports it."""
    message = late_message(error)
    return error if message is None or message == str(error) else OperationalError(message)


def vacuum_error(dictionary) -> OperationalError | None:
    """VACUUM copies the schema by running each table's CREATE TABLE text in a new
    database (vacuum.c), so a table holding a column no statement can code fails it with
    the error that text's CREATE TABLE gives ('no such function: f' for an unknown one):
    the first such table's, in sqlite_schema order; None when there is none."""
    for kind, name, _, _, _ in dictionary.schema_rows():
        table = dictionary.table(name) if kind == "table" else None
        if table is not None and uncodable(dictionary, table):
            return _created_error(dictionary, table)
    return None


def _created_error(dictionary, table) -> OperationalError | None:
    from ..parse.parser import parse
    from .bind_ddl import bind_create_table
    from .binder import Binder
    parsed = parse(table.sql)
    parsed.tree.set("exists", True)
    try:
        bind_create_table(Binder(dictionary, parsed), parsed.tree, definition=True)
    except OperationalError as error:
        return OperationalError(str(error))
    return None


def alter_check_error(dictionary, table, check_rows: bool) -> str | None:
    """The error of SQLite's check of the rows after ALTER TABLE ADD COLUMN added a column
    to ``table``, which holds columns no statement can code (pragma_quick_check codes a
    STRICT table's every column, a NOT NULL generated column, and what the CHECKs read);
    None when it codes none of them."""
    late = late_errors(dictionary, table)
    if table.strict and late:
        return late[min(late)]
    added = len(table.columns) - 1
    column = table.columns[added]
    if column.is_generated and column.notnull and added in late:
        return late[added]
    if check_rows:
        from .bind_dml import bind_constraints
        from .binder import Binder
        from ..parse.parser import Parsed
        binder = Binder(dictionary, Parsed(kind="other", text=""))
        try:
            bind_constraints(binder, table, binder.slot())
        except OperationalError as error:
            return str(error)
    return None
