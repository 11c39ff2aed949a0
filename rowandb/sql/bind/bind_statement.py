"""A parsed statement bound: the Session's one door into the binder for queries, INSERT /
UPDATE / DELETE (on a table or through a view's INSTEAD OF triggers) and CREATE / DROP of
tables and indexes. Views, triggers, ALTER and the other statements have their own
binders, which the Session calls itself."""

from __future__ import annotations

from types import SimpleNamespace

from sqlglot import expressions as exp

from ...catalog.ascii_case import ascii_upper
from ...errors import NotSupportedError
from ...planner.plan import bound as b
from ..parse.parser import Parsed
from . import bind_ddl, bind_dml, bind_view, bind_view_write
from .binder import Binder


def bind_dml_statement(binder: Binder, tree):
    """An INSERT, UPDATE or DELETE bound; the first code generation error of its own
    clauses (``Binder.codegen_error``: RAISE() outside a trigger, a row value where one
    value goes) raised once all of it is bound, as SQLite codes it after resolving every
    name of the statement."""
    binder._coding = coding = SimpleNamespace(codegen_error=None)
    binder.defer_codegen = True     # a subquery's wait for its plan (build.py), later still
    if isinstance(tree, exp.Update):
        bind_dml.vector_widths(tree)
    view = bind_view_write.target_view(binder, tree)
    if view is not None:
        bound = bind_view_write.bind(binder, tree, view)
    else:
        bound = {exp.Insert: bind_dml.bind_insert, exp.Update: bind_dml.bind_update,
                 exp.Delete: bind_dml.bind_delete}[type(tree)](binder, tree)
    binder._coding = None
    if isinstance(bound, (b.Update, b.Delete)):     # met once its loop is planned (dml.py)
        bound.coded_error = coding.codegen_error
    elif coding.codegen_error is not None:
        raise bind_dml.insert_coded_error(bound, coding.codegen_error)
    return bound


def bind_statement(binder: Binder, parsed: Parsed):
    """The bound form of ``parsed``: a query, (DML statement, binder) or a DDL statement."""
    tree = parsed.tree
    if parsed.view is not None:
        return bind_view.bind_create_view(binder, parsed.view)
    if parsed.kind == "reindex":
        return b.Reindex(*parsed.reindex)
    if parsed.kind == "select":
        binder.defer_codegen = True     # its code generation errors after its plan's
        return binder.bind_query(tree, None)
    if isinstance(tree, (exp.Insert, exp.Update, exp.Delete)):
        return bind_dml_statement(binder, tree), binder
    if isinstance(tree, exp.Create):
        kind = ascii_upper(tree.args.get("kind") or "")
        if kind == "TABLE":
            return bind_ddl.bind_create_table(binder, tree)
        if kind == "INDEX":
            return bind_ddl.bind_create_index(binder, tree)
        raise NotSupportedError(f"CREATE {kind} is not supported")
    if isinstance(tree, exp.Drop):
        return bind_ddl.bind_drop(binder, tree)
    raise NotSupportedError(f"{type(tree).__name__.upper()} statements are not supported")
