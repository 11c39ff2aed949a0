"""A cached statement (``Prepared``) and what it keeps once compiled (``keep_compiled``).

The session's statement cache (``Session.cache``) holds up to ``cached_statements``
entries, each alive until it is evicted: every object an entry keeps is walked by every
full collection of the garbage collector meanwhile, and an object that lives through two
young collections counts towards the next full one. So a compiled entry keeps what running
it again needs and no more -- its closures (``Executable.lighten``) and a copy of its
``Parsed`` without the sqlglot trees -- and the trees it lets go are unlinked from their
parents (``tree_walk.unlink``): a sqlglot node points to its parent, which holds it in its
arguments, so without that every statement's trees would wait for the collector, and that
garbage, a hundred-odd objects per statement, was most of what set the collections off.

A join's compiled form is kept from its second run on (``let_go_after_first_run``): after
its first the entry keeps its light Parsed only, marked stale, so its next use prepares
the text again and that entry keeps what it compiles. A compiled join keeps some thirty
closures, cells and tuples per table, which lived through the next 127 statements and
every full collection meanwhile, though most texts run once (the corpus's every query, a
program's statements with their values written in): select5's joins of up to 64 tables
made the collector a sixth of the script's CPU. A join's text run again pays one more
prepare; a smaller statement is kept at its first run, as before.

A query with subqueries (scalar, EXISTS, IN) is kept from its second run on too: its
entry keeps its compiler, and with it every subquery's plan and bound tree
(``Executable.lighten``), about 200 objects the collector tracks for a statement of
select3's (56 once let go), which lived through the next 127 statements; select3's 1,792
such queries, each text run once, gave the collector half its work or more (in two runs
0.36 s -> 0.19 s and 0.63 s -> 0.20 s). A point read is kept whole, whatever it holds.
"""

from __future__ import annotations

from ..planner.exec.execute import Executable
from .parse.parser import Parsed
from .parse.tree_walk import unlink

DML_KINDS = ("insert", "replace", "update", "delete")
_DROPS_TREES = ("select",) + DML_KINDS


class Prepared:
    """A parsed, bound and compiled statement, valid for one schema version and the
    settings that shape it (``Session._plan_version``)."""

    __slots__ = ("parsed", "version", "bound", "executable", "authorized", "point",
                 "trees_dropped", "reads", "template", "literals", "again")

    def __init__(self, parsed: Parsed, version: tuple):
        self.parsed = parsed
        self.version = version
        self.bound = None               # the quick path's bound query until compiled (quick/)
        self.executable = None
        self.authorized = None          # the authorizer's answer (authorizer.py), once asked
        self.point = None               # its point read (fast_read.py), False if none
        self.trees_dropped = False      # parsed is its light copy (keep_compiled)
        self.reads = True               # it reads the database (schema_locks.reads_database)
        self.template = None            # an INSERT of literals: its template's Prepared and
        self.literals = None            # the literals' values (literal_insert.py)
        self.again = False              # its text was prepared before: it keeps its compiled form


def keep_compiled(prepared: Prepared) -> None:
    """A compiled query or DML statement keeps a copy of its Parsed without the sqlglot
    trees, which only binding reads: a new schema version parses its text again, as SQLite
    prepares a statement again from its SQL. A query keeps its closures, not its plan
    (``Executable.lighten``)."""
    if isinstance(prepared.executable, Executable):
        prepared.executable.lighten()
    parsed = prepared.parsed
    if parsed.kind in _DROPS_TREES and parsed.tree is not None:
        for tree in parsed.trees():
            unlink(tree)
        prepared.parsed = _light_copy(parsed)
        prepared.trees_dropped = True


# A query of this many environment slots and more reads three tables or more (each table
# two slots, after the two every query has): its compiled form is worth keeping only once
# its text comes back; so is a query with subqueries, whatever its size. Any other
# statement (a point read, a one-table query or two-table join without subqueries, DML)
# is kept at its first run, as before.
LET_GO_SLOTS = 8


def let_go_after_first_run(prepared: Prepared, authorizer) -> None:
    """After the first run of a query whose trees are dropped, of ``LET_GO_SLOTS`` slots
    or more, or with subqueries (whose entry keeps its compiler and their plans:
    ``lighten``), but no point read, forget
    its compiled form and mark the entry stale (``version`` None):
    ``Session._prepare`` prepares its text again at its next use, into an entry marked
    ``again``, which keeps what it compiles. Not under an authorizer, which is asked once
    per prepared statement (docs/DBAPI.md)."""
    executable = prepared.executable
    if not prepared.again and prepared.trees_dropped and authorizer is None and \
            isinstance(executable, Executable) and (
                executable.env_size >= LET_GO_SLOTS if executable.compiler is None
                else _subqueries_kept(executable)):
        prepared.executable = None
        prepared.version = None


def _subqueries_kept(executable: Executable) -> bool:
    """Whether a lightened query kept its compiler for its subqueries' plans: not a point
    read, which keeps its plan and compiler whole (``fast_read`` reads them)."""
    return executable.plan is None and bool(executable.compiler.subplans)


def _light_copy(parsed: Parsed) -> Parsed:
    """``dataclasses.replace(parsed, tree=None, upserts=[], with_=None, nested={})``
    without its step per field (a fifth of its cost): every attribute of a ``Parsed`` is
    one of its fields, and none has a ``__post_init__``."""
    light = object.__new__(Parsed)
    light.__dict__.update(parsed.__dict__)
    light.tree, light.upserts, light.with_, light.nested = None, [], None, {}
    return light
