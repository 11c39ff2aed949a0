"""The ``pragma_<name>`` table-valued functions: a PRAGMA that returns rows, read in FROM.

SQLite makes every pragma that can act as a query (its flags PragFlg_Result0 or
PragFlg_Result1, src/pragma.h) an eponymous virtual table (sqlite.org/pragma.html#pragfunc):
``SELECT name FROM pragma_table_info('t')``. Its columns are the pragma's result columns
(the pragma's own name when it has one unnamed column), then the hidden ``arg`` when the
pragma takes an argument as a query (Result1) and the hidden ``schema`` when it may name a
schema (SchemaOpt, SchemaReq). A scan runs the PRAGMA statement SQLite writes for it
(pragma.c, pragmaVtabFilter) -- ``PRAGMA 'schema'.name='arg'``, each value as text, each
quoted -- through ``pragmas.answer``, the very code the PRAGMA statement runs, so the two
cannot disagree. SQLite's own quirks come along: the first argument of a pragma with no
``arg`` column goes to the schema, and the ``schema`` column then reads NULL.

``FUNCTIONS`` lists what SQLite 3.54 has (its ``pragma_table_xinfo`` of each, checked by
tests/test_table_functions.py); a pragma RowanDB refuses is refused here too, with the
same NotSupportedError, when a statement names it.
"""

from __future__ import annotations

from ...errors import NotSupportedError
from ...planner.functions.table_functions import TableFunction
from ...planner.types.values import to_text
from ..parse.lexer import tokenize
from .pragma_syntax import parse_pragma
from ...catalog.ascii_case import ascii_lower

_ARG, _SCHEMA, _BOTH = ("arg",), ("schema",), ("arg", "schema")

# name -> (columns, hidden): None as the columns is the pragma's own name
FUNCTIONS: dict[str, tuple] = {
    "analysis_limit": (None, ()), "application_id": (None, ()),
    "auto_vacuum": (None, _SCHEMA), "automatic_index": (None, ()),
    "busy_timeout": (("timeout",), ()), "cache_size": (None, _SCHEMA),
    "cache_spill": (None, _SCHEMA), "cell_size_check": (None, ()),
    "checkpoint_fullfsync": (None, ()), "collation_list": (("seq", "name"), ()),
    "compile_options": (None, ()), "count_changes": (None, ()), "data_version": (None, ()),
    "database_list": (("seq", "name", "file"), ()), "defer_foreign_keys": (None, ()),
    "empty_result_callbacks": (None, ()), "encoding": (None, ()),
    "foreign_key_check": (("table", "rowid", "parent", "fkid"), _BOTH),
    "foreign_key_list": (("id", "seq", "table", "from", "to", "on_update", "on_delete",
                          "match"), _BOTH),
    "foreign_keys": (None, ()), "freelist_count": (None, ()),
    "full_column_names": (None, ()), "fullfsync": (None, ()),
    "function_list": (("name", "builtin", "type", "enc", "narg", "flags"), ()),
    "hard_heap_limit": (None, ()), "ignore_check_constraints": (None, ()),
    "index_info": (("seqno", "cid", "name"), _BOTH),
    "index_list": (("seq", "name", "unique", "origin", "partial"), _BOTH),
    "index_xinfo": (("seqno", "cid", "name", "desc", "coll", "key"), _BOTH),
    "integrity_check": (None, _BOTH), "journal_mode": (None, _SCHEMA),
    "journal_size_limit": (None, _SCHEMA), "legacy_alter_table": (None, ()),
    "locking_mode": (None, _SCHEMA), "max_page_count": (None, _SCHEMA),
    "module_list": (("name",), ()), "optimize": (None, _ARG), "page_count": (None, _SCHEMA),
    "page_size": (None, _SCHEMA), "pragma_list": (("name",), ()), "query_only": (None, ()),
    "quick_check": (None, _BOTH), "read_uncommitted": (None, ()),
    "recursive_triggers": (None, ()), "reverse_unordered_selects": (None, ()),
    "schema_version": (None, ()), "secure_delete": (None, ()),
    "short_column_names": (None, ()), "soft_heap_limit": (None, ()),
    "synchronous": (None, _SCHEMA),
    "table_info": (("cid", "name", "type", "notnull", "dflt_value", "pk"), _BOTH),
    "table_list": (("schema", "name", "type", "ncol", "wr", "strict"), _ARG),
    "table_xinfo": (("cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"), _BOTH),
    "temp_store": (None, ()), "threads": (None, ()), "trusted_schema": (None, ()),
    "user_version": (None, ()), "writable_schema": (None, ()),
}


class PragmaFunction(TableFunction):
    """``pragma_<pragma>``: runs the PRAGMA with the arguments it is given."""
    rowid_base = 1                  # pragmaVtabRowid counts rows from 1

    def __init__(self, pragma: str, columns, hidden: tuple):
        self.pragma = pragma
        self.name = "pragma_" + pragma
        self.columns = columns or (pragma,)
        self.hidden = hidden

    def rows(self, session, args: tuple):
        from .pragmas import answer
        texts = [None, None]            # the argument and the schema, as pragmaVtabFilter
        first = 0 if self.hidden[:1] == _ARG else 1
        for i, value in enumerate(args):
            texts[first + i] = _text(value)
        _, rows = answer(session, _statement(self.pragma, *texts))
        hidden = tuple(texts[:len(self.hidden)])
        return [tuple(row) + hidden for row in rows]


def pragma_function(name: str) -> PragmaFunction | None:
    """The function ``pragma_<name>`` (``name`` in any case) or None. A pragma RowanDB
    refuses is NotSupportedError here, as the PRAGMA statement is."""
    from .pragmas import PRAGMAS
    pragma = ascii_lower(name)[len("pragma_"):]
    found = FUNCTIONS.get(pragma)
    if found is None:
        return None
    entry = PRAGMAS.get(pragma)
    if entry is None or entry.handler is None:
        raise NotSupportedError(f"PRAGMA {pragma} is not supported")
    return PragmaFunction(pragma, *found)


def _text(value) -> str | None:
    """sqlite3_value_text as a C string: NULL stays NULL, the text ends at a NUL."""
    text = to_text(value)
    return text.split("\x00", 1)[0] if text is not None else None


def _statement(pragma: str, value: str | None, schema: str | None):
    """The PRAGMA statement SQLite prepares for the arguments (``PRAGMA %Q.name=%Q``),
    read by the PRAGMA statement's own parser."""
    quote = lambda text: "'" + text.replace("'", "''") + "'"     # noqa: E731
    sql = "PRAGMA " + (quote(schema) + "." if schema is not None else "") + pragma
    if value is not None:
        sql += "=" + quote(value)
    return parse_pragma(sql, tokenize(sql))
