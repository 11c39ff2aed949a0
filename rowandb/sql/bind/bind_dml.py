"""Binding INSERT / UPDATE / DELETE, and the constraints a write must evaluate.

CHECK constraints and DEFAULT expressions are kept as SQL text in the dictionary (the table's
CREATE statement and SYS_COLUMNS.default_sql), as SQLite keeps them in sqlite_schema; they are
parsed and bound here, against a slot that holds the row being written.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from .changed_columns import changed_columns, names_read
from ..alter_table.alter_check_calls import coded_form
from .bind_ddl import (
    _check_texts, check_expressions, check_label, default_expression, default_nulls)
from . import generated
from .late_generated import late_errors
from ...catalog.schema import Table
from .bind_expr import collation_name
from .bind_table_function import names_function
from .bind_rows import RowTerm, row_query
from .compared_widths import expanded
from .bind_update_from import bind_update_from, nothing_joined
from .binder import Binder
from .names import ROWID_NAMES
from .insert_columns import blank_ignored, coded_last, written_once
from .clauses import ordinal
from .defaults import bound_defaults, needed as needed_defaults
from .scope import Scope, Source
from .names import result_column_name
from .table_refs import note_table
from .tables import index_hint, look_up_subqueries, lookup_table
from ..parse.parse_cache import cached_parse
from .properties import affinity_of
from ...planner.plan.build import plan_select
from ...planner.exec.fkprepare import upsert_coding_order
from ...planner.plan.expr_compare import same
from ...planner.plan.late_rows import replaces
from ...planner.plan.analysis import children, conjuncts
from ...planner.types.values import REAL
from ...catalog.ascii_case import ascii_lower, ascii_upper

_CONFLICT_WORDS = {"ABORT", "FAIL", "IGNORE", "REPLACE", "ROLLBACK"}


def _target_table(binder: Binder, node) -> object:
    table_node = node if isinstance(node, exp.Table) else node.this
    if names_function(binder, table_node):      # an eponymous virtual table
        raise OperationalError(f"table {table_node.name} may not be modified")
    table = lookup_table(binder.catalog, table_node)
    note_table(binder, table_node.this, table)
    if table.system:            # the schema tables by their legacy names, as SQLite says
        name = {"sqlite_schema": "sqlite_master",
                "sqlite_temp_schema": "sqlite_temp_master"}.get(table.name, table.name)
        raise OperationalError(f"table {name} may not be modified")
    return table


def table_scope(binder: Binder, table, slot: int, alias: str | None = None) -> Scope:
    scope = Scope(None)
    scope.statement = True
    cols, positions = table.named_columns()     # the INTEGER PRIMARY KEY without collation
    source = Source(alias or table.name, slot, cols, table, positions=positions)
    source.by_name = alias is None
    scope.sources.append(source)
    return scope


def as_written(table_node) -> str:
    """An INSERT's target as SQLite's messages name it (%S of its SrcItem): the alias
    when it has one, else the name as written, with the schema when one is written."""
    if table_node.alias:
        return table_node.alias
    return f"{table_node.db}.{table_node.name}" if table_node.db else table_node.name


def bind_insert(binder: Binder, node: exp.Insert) -> b.Insert:
    target = node.this
    table_node = target.this if isinstance(target, exp.Schema) else target
    table = _target_table(binder, table_node)
    alias = table_node.alias or None      # INSERT INTO t AS x: what an upsert calls the table
    conflict = ascii_upper(str(node.args.get("alternative") or "ABORT"))    # REPLACE: OR REPLACE
    if conflict not in _CONFLICT_WORDS:
        raise OperationalError(f'near "{conflict}": syntax error')
    if isinstance(target, exp.Schema):
        columns = []
        for ident in target.expressions:
            pos = table.column_index(ident.name)
            if pos is None:
                if ascii_lower(ident.name) in ROWID_NAMES and not table.without_rowid:
                    pos = table.rowid_alias if table.rowid_alias is not None else -1
                else:
                    error = OperationalError(f"table {as_written(table_node)} has no column "
                                             f"named {ident.name}")
                    error.set_target = True     # as an UPDATE's (rename_refs.resolving)
                    error.resolving = _source_error(binder, node)
                    raise error
            elif table.columns[pos].is_generated:
                raise OperationalError('cannot INSERT into generated column '
                                       f'"{table.columns[pos].name}"')
            columns.append(pos)
        columns = written_once(columns, table.rowid_alias)
    else:
        columns = [i for i, c in enumerate(table.columns) if not c.is_generated]
    slot = binder.slot()
    if node.args.get("default"):
        if isinstance(target, exp.Schema):         # INSERT INTO t(a) DEFAULT VALUES
            raise OperationalError(f"0 values for {len(columns)} columns")
        stmt = b.Insert(table=table, columns=[], source=None, conflict=conflict,
                        default_values=True, slot=slot, alias=alias)
    else:
        query = node.args.get("expression")
        if not isinstance(query, exp.Values):
            source = binder.bind_query(query, None)
        elif len(query.expressions) > 1:            # a compound SELECT of SQLite's
            with expanded(binder):
                source = binder.bind_values(query, None, one_row_select=False)
        else:
            query = blank_ignored(binder, query, columns)
            coding = binder._coding
            source = binder.bind_values(query, None, one_row_select=False)
            if getattr(coding, "codegen_error", None) is not None:     # the last coded
                coding.codegen_error = coded_last(
                    binder, query, columns, table.rowid_alias) or coding.codegen_error
        try:
            stmt = _bind_insert_source(binder, table, columns, source, conflict, slot,
                                       table_node, isinstance(target, exp.Schema),
                                       lambda s: _bind_returning(binder, node, s, table, slot))
        except OperationalError:
            if not one_row_values(source):  # coded in the write's loop, after these
                plan_select(source)     # its plan's error (no query solution) comes first
            raise
    stmt.orconf = conflict_clause(node)
    if not getattr(stmt, "returning_bound", False):     # (else with a DO UPDATE)
        _bind_returning(binder, node, stmt, table, slot)
    return stmt


def _source_error(binder: Binder, node: exp.Insert) -> OperationalError | None:
    """The error binding the INSERT's source makes, if any: what SQLite's
    renameResolveTrigger finds in a trigger's INSERT whose column list names no column
    (it resolves the values, not the list)."""
    query = node.args.get("expression")
    try:
        if isinstance(query, exp.Values):
            binder.bind_values(query, None, one_row_select=False)
        elif query is not None:
            binder.bind_query(query, None)
    except OperationalError as error:
        return error
    return None


def _bind_insert_source(binder: Binder, table, columns: list, source, conflict: str,
                        slot: int, table_node, named: bool, returning) -> b.Insert:
    """The INSERT of ``source``'s rows with its ON CONFLICT clauses. SQLite checks the
    number of values and resolves the upsert targets only once it has coded the source
    SELECT, planning included (insert.c, sqlite3Insert: sqlite3Select, then the count,
    then sqlite3UpsertAnalyzeTarget), so an error here comes after the source's own
    plan errors (bind_insert plans it before raising). ``returning(stmt)`` binds the
    RETURNING list (with the first DO UPDATE: ``_bind_upserts``)."""
    if len(source.columns) != len(columns):
        if named:
            raise OperationalError(f"{len(source.columns)} values for {len(columns)} columns")
        raise OperationalError(f"table {as_written(table_node)} has {len(columns)} columns "
                               f"but {len(source.columns)} values were supplied")
    alias = table_node.alias or None
    stmt = b.Insert(table=table, columns=columns, source=source, conflict=conflict,
                    slot=slot, alias=alias)
    stmt.upserts = _bind_upserts(binder, binder.parsed.upserts, table, alias, stmt, returning)
    return stmt


def conflict_clause(node: exp.Insert) -> str | None:
    """The conflict clause an INSERT writes (``OR IGNORE``, REPLACE), None without one."""
    written = node.args.get("alternative")
    return ascii_upper(str(written)) if written else None


def _late(stmt, bind):
    """``bind()``, a part SQLite resolves only as it generates the write's code, after it
    has looked up the foreign keys the write uses: an error there waits in
    ``stmt.late_error`` until the executable has done that lookup (fkeys.prepare), so a
    missing parent table or a mismatched key is reported first. None on an error."""
    if stmt.late_error is not None:
        return None
    try:
        return bind()
    except OperationalError as error:
        if "syntax error" in str(error):
            raise
        stmt.late_error = error
        return None


def _bind_upserts(binder: Binder, clauses: list, table, alias, stmt, returning) -> list:
    """An INSERT's ON CONFLICT clauses (sqlite.org/lang_upsert.html), in SQLite's order:
    every target first (a target that matches nothing is an error numbered by its clause
    when there are several), then the DO UPDATE of each clause that handles a constraint
    the INSERT can break, in the order SQLite codes them (``upsert_coding_order``).
    SQLite compiles a DO UPDATE only where it may run, so errors in one that never can (its target is named by an earlier clause, or it is a last clause
    without a target on a table whose only constraint is a rowid the INSERT does not give)
    are never reported; such a clause is kept as DO NOTHING, which it never does either.
    The first DO UPDATE coded codes the RETURNING list (its UPDATE fires it, trigger.c
    codeReturningTrigger, and a statement's RETURNING program is made once): ``returning``
    binds it then, after that clause's names and before any later clause's."""
    heads = []
    for k, clause in enumerate(clauses):
        row_slot, excluded_slot = binder.slot(), binder.slot()
        # the target reads the table alone (excluded.x is no column there)
        target_scope = table_scope(binder, table, row_slot, alias)
        scope = _upsert_scope(binder, table, row_slot, excluded_slot, alias)
        which = f"{ordinal(k + 1)} " if len(clauses) > 1 else ""
        heads.append((_upsert_target(binder, clause, table, target_scope, which), scope,
                      row_slot, excluded_slot))
    targets = [target for target, *_ in heads]     # only the last may be None (any)
    # every clause's action is read, a clause that never runs included
    nothing = [ascii_upper(clause.args["action"].name) == "DO NOTHING" for clause in clauses]
    updates = {}                # clause -> its DO UPDATE, bound in the order SQLite codes them
    for k in upsert_coding_order(table, stmt.columns, targets):
        clause = clauses[k]
        if nothing[k]:
            continue
        earlier = stmt.late_error
        updates[k] = _late(stmt, lambda: _do_update(binder, clause, table, heads[k][1]))
        if not getattr(stmt, "returning_bound", False):
            stmt.returning_bound = True
            returning(stmt)
        if earlier is None and stmt.late_error is not None:
            # an earlier DO UPDATE was coded, and with it the UPDATE triggers (triggers.py)
            stmt.late_error.after_update_triggers = any(
                u is not None for u in updates.values())
            stmt.late_error.upsert_clause = k         # (fkprepare.Compilation.insert)
    upserts = []
    for k, (target, _, row_slot, excluded_slot) in enumerate(heads):
        update = updates.get(k)
        upserts.append(b.Upsert(target, None) if update is None else
                       b.Upsert(target, *update, row_slot, excluded_slot))
    return upserts


def _upsert_scope(binder: Binder, table, row_slot: int, excluded_slot: int, alias) -> Scope:
    """The names a DO UPDATE reads: the table's row and ``excluded.x``."""
    scope = table_scope(binder, table, row_slot, alias)
    # SQLite reads excluded.x from a register, not a column: no affinity, no collation
    excluded = [(name, None, None) for name, _, _ in scope.sources[0].columns]
    scope.sources.append(Source("excluded", excluded_slot, excluded, table,
                                qualified_only=True))
    scope.sources[-1].by_name = True    # RENAME TO renames excluded.x (SQLite does)
    return scope


def resolve_upsert_names(binder: Binder, node: exp.Insert, clause: exp.OnConflict) -> None:
    """Resolve every name of ``clause``, an ON CONFLICT clause of INSERT ``node``, as
    SQLite's rename mode does (alter.c, renameResolveTrigger): its target, the values of
    its SET list, its WHERE and its target's WHERE, all against the table and
    ``excluded`` -- whether or not the clause could ever run (``Binder.resolved`` keeps
    what they name)."""
    target = node.this
    table_node = target.this if isinstance(target, exp.Schema) else target
    table = _target_table(binder, table_node)
    scope = _upsert_scope(binder, table, binder.slot(), binder.slot(), table_node.alias or None)
    terms = [key.this if isinstance(key, exp.Ordered) else key
             for key in clause.args.get("conflict_keys") or ()]
    terms = [term.this if isinstance(term, exp.Collate) else term for term in terms]
    values = [value for eq in clause.expressions for _, value in _assignment_pairs(eq)]
    wheres = [w.this for w in (clause.args.get("where"), clause.args.get("index_predicate"))
              if w is not None]
    for expr in terms + values + wheres:
        binder.expr(expr, scope)


def _do_update(binder: Binder, clause: exp.OnConflict, table, scope) -> tuple:
    """The assignments and WHERE of a DO UPDATE; each value is resolved before its target
    column is looked up, as sqlite3Update does (fuzz seed 73100009)."""
    assignments = []
    for eq in clause.expressions:
        for column, value in _assignment_pairs(eq):
            bound = binder.expr(value, scope)
            assignments.append((_assigned_column(table, column), bound))
    where = clause.args.get("where")
    return assignments, binder.expr(where.this, scope) if where else None


def _upsert_target(binder: Binder, clause: exp.OnConflict, table, scope, which: str):
    """The uniqueness constraint a conflict target names: the rowid, or the UNIQUE index
    (PRIMARY KEY included) whose keys are exactly the target's, in any order, each
    under the COLLATE its term names if it names one (a term without one matches any:
    sqlite3ExprCompare looks through the index column's COLLATE). A key that is an
    expression matches the same expression; a partial index only a target whose WHERE is
    the same expression as the index's (sqlite3UpsertAnalyzeTarget); an index that is not
    partial ignores the target's WHERE. The rowid (or its INTEGER PRIMARY KEY alias) is a
    target only alone: SQLite resolves it to the rowid and an index lists the alias as a
    column, so a target of several columns naming it never matches an index."""
    keys = clause.args.get("conflict_keys")
    if not keys:
        return None
    terms = []
    for key in keys:        # every term is resolved before the WHERE (fuzz 69000068)
        default_nulls(key)
        term = key.this if isinstance(key, exp.Ordered) else key
        collation = None
        if isinstance(term, exp.Collate):
            collation = collation_name(term.expression)
            term = term.this
        terms.append((_target_term(binder, table, scope, term), collation))
    predicate = clause.args.get("index_predicate")
    where = binder.expr(predicate.this, scope) if predicate is not None else None
    positions = [p for p, _ in terms if isinstance(p, int)]
    if len(set(terms)) != len(terms) or len(set(positions)) != len(positions):
        raise _no_target(which)
    if terms == [(-1, None)]:       # with a COLLATE it is no rowid, and rowids have no index
        return "rowid"
    if any(p == -1 for p in positions):
        raise _no_target(which)
    slot = scope.sources[0].slot
    for index in table.index_list:       # SQLite's list: the newest index first
        if index.unique and len(index.columns) == len(terms) and \
                (not index.partial or where is not None and same(where, index.form.where, slot, 0)) \
                and all(any(_target_matches(t, coll, index, i, slot) for t, coll in terms)
                        for i in range(len(index.columns))):
            return index
    raise _no_target(which)


def _target_term(binder: Binder, table, scope, term):
    """A conflict target's term: a column position (-1 the rowid), or the bound
    expression (``t.a`` is the column a, as SQLite resolves it)."""
    if isinstance(term, exp.Column) and not term.table:
        pos = table.column_index(term.name)
        if pos is None and ascii_lower(term.name) in ROWID_NAMES and not table.without_rowid:
            pos = -1
        if pos is not None:
            return -1 if pos == table.rowid_alias else pos
    bound = binder.expr(term, scope)
    if isinstance(bound, b.ColumnRef):
        return -1 if bound.column == table.rowid_alias else bound.column
    return bound


def _target_matches(term, collation, index, i: int, slot: int) -> bool:
    c = index.columns[i]
    if collation not in (None, c.collation):
        return False
    if isinstance(term, int):
        return term == c.column
    return c.column < 0 and same(term, index.form.exprs[i], slot, 0)


def _no_target(which: str = "") -> OperationalError:
    return OperationalError(f"{which}ON CONFLICT clause does not match any PRIMARY KEY or "
                            "UNIQUE constraint")


def _bind_returning(binder: Binder, node, stmt, table, slot: int) -> None:
    """RETURNING expressions read the written row (the new one; the old one for DELETE).
    SQLite resolves them after the foreign keys the write uses (``_late``)."""
    returning = node.args.get("returning")
    if returning is not None and _table_star(returning):
        stmt.late_error = table_star_error()
        stmt.returning, stmt.returning_names, stmt.returning_real = None, [], []
    elif returning is not None:
        earlier, coded = stmt.late_error, getattr(binder._coding, "codegen_error", None)
        _late(stmt, lambda: _bind_returning_items(binder, returning, stmt, table, slot))
        if coded is not None and not getattr(coded, "factored", False):
            # SQLite codes RETURNING as a trigger program, a parse of its own whose error
            # it takes only while the statement has none (trigger.c transferParseError)
            binder._coding.codegen_error = coded
        if stmt.late_error is not None:
            if earlier is None:     # coded as the first AFTER trigger (triggers.py)
                stmt.late_error.in_returning = True
            stmt.returning, stmt.returning_names, stmt.returning_real = None, [], []


def _table_star(returning) -> bool:
    return any(isinstance(item, exp.Column) and isinstance(item.this, exp.Star)
               for item in returning.expressions)


def table_star_error() -> OperationalError:
    """SQLite's refusal of ``RETURNING t.*``, met as it expands the list to code it
    (trigger.c, sqlite3ExpandReturning) after every error that does not end the
    compilation first: it replaces those of the write's code (an outer aggregate in its
    WHERE, a subquery with no plan, a foreign key mismatch), of an UPDATE ... FROM's join
    query and of a DO UPDATE, all of which SQLite notes and codes on past. Only the names
    of an UPDATE's or DELETE's own clauses, its target, its loop's 'no query solution' and
    an INSERT's query come first (``Update.late_error`` with ``table_star`` set)."""
    error = OperationalError('RETURNING may not use "TABLE.*" wildcards')
    error.in_returning = error.table_star = True
    return error


def one_row_values(source) -> bool:
    """Whether an INSERT's ``source`` is a VALUES list of one row, which SQLite codes in
    the write's own loop, not as a query coded first (fixed-seed case 355: the width and
    the ON CONFLICT targets are checked before its subqueries are planned)."""
    return source.values is not None and len(source.values) == 1 and not source.compound


def insert_coded_error(stmt, error: OperationalError) -> OperationalError:
    """The error to raise for ``error``, met coding the values of INSERT ``stmt`` (a row
    value, a subquery of two columns): SQLite codes a VALUES list of one row in the write's
    own code, notes such an error and codes on, so a ``RETURNING t.*`` replaces it; a
    longer list is a query of its own, whose error ends the compilation."""
    source = getattr(stmt, "source", None)
    if getattr(stmt.late_error, "table_star", False) and source is not None and \
            one_row_values(source):
        return table_star_error()
    return error


def _bind_returning_items(binder: Binder, returning, stmt, table, slot: int) -> None:
    """SQLite prepares the RETURNING list as the result columns of one SELECT
    (trigger.c codeReturningTrigger, sqlite3SelectPrep): the tables of all its subqueries
    are looked up before any name in it resolves, and a ``t.*`` is refused before that,
    when the stars are expanded."""
    look_up_subqueries(binder.catalog, list(returning.expressions), binder.names_no_table)
    with expanded(binder):
        _bind_returning_list(binder, returning, stmt, table, slot)


def _bind_returning_list(binder: Binder, returning, stmt, table, slot: int) -> None:
    if isinstance(stmt, b.Delete) and isinstance(table, Table):
        for pos in late_errors(binder.catalog, table):  # SQLite codes all of OLD for it
            binder.code_column(table, pos)
    scope = table_scope(binder, table, slot)
    scope.returning = True
    stmt.returning = []
    texts = binder.parsed.returning_texts
    texts = texts if len(texts) == len(returning.expressions) else [None] * len(returning.expressions)
    for item, text in zip(returning.expressions, texts):
        target = item.this if isinstance(item, exp.Alias) else item
        if isinstance(target, exp.Star):
            for i, col in enumerate(table.columns):
                binder.code_column(table, i)
                stmt.returning.append(b.ColumnRef(slot, i, col.name, col.affinity, col.collation))
                stmt.returning_names.append(col.name)
                stmt.returning_real.append(col.affinity == REAL)
            continue
        expr = binder.expr(target, scope)
        stmt.returning.append(expr)
        stmt.returning_real.append(affinity_of(expr) == REAL)
        stmt.returning_names.append(item.alias if isinstance(item, exp.Alias)
                                    else result_column_name(expr, target, text))
    if scope.second_walk:       # main.t.c, count(*): SQLite's second walk (scope.py)
        raise OperationalError(scope.second_walk[0])


def vector_widths(node: exp.Update) -> None:
    """SQLite's parser refuses ``SET (a, b) = (1, 2, 3)`` (parse.y, sqlite3ExprListAppendVector):
    before any name of the UPDATE is looked up."""
    for eq in node.expressions:
        _assignment_pairs(eq)


def bind_update(binder: Binder, node: exp.Update) -> b.Update:
    table_node = node.this
    table = _target_table(binder, table_node)
    slot = binder.slot()
    if node.args.get("from_") or node.args.get("from"):     # bind_update_from.py
        return _bind_update_from(binder, node, table, slot)
    indexed = index_hint(table, table_node)     # looked up with the table (sqlite3SrcListLookup)
    scope = table_scope(binder, table, slot, table_node.alias or None)
    assignments = []
    where = node.args.get("where")
    coding = binder._coding
    if isinstance(coding, SimpleNamespace):     # SET's coding errors: after WHERE's
        binder._coding = SimpleNamespace(codegen_error=None)
    try:
        for eq in node.expressions:
            for column, value in _assignment_pairs(eq):
                bound = binder.expr(value, scope)       # SQLite resolves the value first
                assignments.append((_assigned_column(table, column), bound))
    except OperationalError as error:
        if getattr(error, "set_target", False):
            error.resolving = _resolving(binder, node, scope)
        raise
    finally:
        coding, binder._coding = binder._coding, coding
    bound_where = binder.expr(where.this, scope) if where is not None else None
    if not _stops(getattr(binder._coding, "codegen_error", None), bound_where):
        _coded_after(binder._coding, coding)
    stmt = b.Update(table=table, slot=slot, assignments=assignments, where=bound_where,
                    conflict=binder.parsed.conflict or "ABORT", indexed=indexed)
    stmt.orconf = binder.parsed.conflict
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def _stops(error, where) -> bool:
    """Whether ``error``, kept of an UPDATE's ``where``, stops SQLite before it codes the
    SET: one met coding a constant WHERE term, which sqlite3WhereBegin codes before it
    plans the loops, returning nothing once an error is set (``UPDATE k SET v = (1, 2)
    WHERE RAISE(ABORT, 'x')`` is the RAISE's error)."""
    if error is None:
        return False
    if getattr(error, "before_loops", False):
        return True
    return str(error).startswith("RAISE() may only") and any(
        _constant_raise(term) for term in conjuncts(where))


_READS = (b.ColumnRef, b.InSubquery, b.Exists, b.ScalarSubquery, b.RowColumn)


def _constant_raise(term) -> bool:
    """Whether WHERE ``term`` holds a RAISE and reads no column and no subquery."""
    stack, raises = [term], False
    while stack:
        node = stack.pop()
        if isinstance(node, _READS):
            return False
        raises = raises or isinstance(node, b.Function) and node.name == "__raise"
        stack.extend(children(node))
    return raises


def _coded_after(coding, later) -> None:
    """Note in ``coding`` the code generation error of ``later`` (an UPDATE's SET, bound
    first), which SQLite codes after the WHERE (update.c: the loop, then the new row),
    so its error is met after the WHERE's (``late_rows.replaces``)."""
    error = getattr(later, "codegen_error", None)
    if coding is not later and error is not None and replaces(error, coding.codegen_error):
        coding.codegen_error = error


def _bind_update_from(binder: Binder, node: exp.Update, table, slot: int) -> b.Update:
    indexed = index_hint(table, node.this)     # looked up with the table
    targets = [(_assigned_column(table, column), value)
               for eq in node.expressions for column, value in _assignment_pairs(eq)]
    stmt = b.Update(table=table, slot=slot, assignments=[(p, None) for p, _ in targets],
                    where=None, conflict=binder.parsed.conflict or "ABORT", indexed=indexed)
    stmt.orconf = binder.parsed.conflict
    with expanded(binder):                  # SQLite's SELECT over the FROM items
        bound = _late(stmt, lambda: bind_update_from(binder, node, table, slot, targets))
    if bound is None:                   # the error waits for the foreign keys' lookup
        bound = nothing_joined(targets), stmt.assignments
        stmt.late_error.in_from = True  # and comes before any trigger's (triggers.py)
    stmt.from_query, stmt.assignments = bound
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def _assignment_pairs(eq) -> list:
    """``SET col = expr`` or, with row values, ``SET (a, b) = (x, y)``: (column, value)
    pairs. Later pairs win when a column is named twice, as in SQLite."""
    target, value = eq.this, eq.expression
    if isinstance(target, exp.Paren):
        target = target.this
        value = value.this if isinstance(value, exp.Paren) else value
    if not isinstance(target, exp.Tuple):
        return [(target, value)]
    columns = target.expressions
    query = row_query(value)
    if query is not None:                       # SET (a, b) = (SELECT x, y ...)
        return [(column, RowTerm(this=query, index=k, count=len(columns)))
                for k, column in enumerate(columns)]
    values = value.expressions if isinstance(value, exp.Tuple) else [value]
    if len(values) != len(columns):
        raise OperationalError(f"{len(columns)} columns assigned {len(values)} values")
    return list(zip(columns, values))


def _resolving(binder, node, scope):
    """The first error of resolving the names of an UPDATE's values and WHERE (None: they
    resolve): what SQLite's renameResolveTrigger reports for a trigger's UPDATE step, which
    does not look its SET targets up (rename_refs.resolving)."""
    where = node.args.get("where")
    try:
        for eq in node.expressions:
            for _, value in _assignment_pairs(eq):
                binder.expr(value, scope)
        if where is not None:
            binder.expr(where.this, scope)
    except OperationalError as error:
        return error
    return None


def _assigned_column(table, column) -> int:
    """The position SET writes (-1: the rowid of a table without an alias for it)."""
    pos = table.column_index(column.name)
    if pos is None:
        if ascii_lower(column.name) not in ROWID_NAMES or table.without_rowid:
            error = OperationalError(f"no such column: {column.name}")
            error.set_target = True     # not a name SQLite's renameResolveTrigger resolves
            raise error
        pos = table.rowid_alias if table.rowid_alias is not None else -1
    elif table.columns[pos].is_generated:
        raise OperationalError(f'cannot UPDATE generated column "{table.columns[pos].name}"')
    return pos


def bind_delete(binder: Binder, node: exp.Delete) -> b.Delete:
    table_node = node.this
    table = _target_table(binder, table_node)
    slot = binder.slot()
    indexed = index_hint(table, table_node)     # looked up with the table (sqlite3SrcListLookup)
    scope = table_scope(binder, table, slot, table_node.alias or None)
    where = node.args.get("where")
    bound_where = binder.expr(where.this, scope) if where is not None else None
    stmt = b.Delete(table=table, slot=slot, where=bound_where, indexed=indexed)
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def bind_constraints(binder: Binder, table, slot: int, wanted=None,
                     changed: frozenset | None = None, last: bool = False) -> tuple[list, list]:
    """(defaults, checks): bound DEFAULT expressions per column (None where absent, or
    not among ``wanted``: defaults.needed) and (message text, bound CHECK) pairs reading
    the row being written from ``slot``. ``changed``: an UPDATE's changed columns (lower
    case), when only the CHECKs that read one are tested; ``last``: the last CHECK alone
    (the one ALTER TABLE ADD CHECK added, which SQLite's test of the rows codes alone)."""
    scope = table_scope(binder, table, slot)
    checks = []
    if table.sql and "CHECK" in ascii_upper(table.sql):
        # The CHECKs are nodes of the table's CREATE text: the binder must read what that
        # text says about them (which names follow a unary +, which are double-quoted),
        # not what the statement's text says at the same offsets.
        statement, binder.parsed = binder.parsed, cached_parse(table.sql)
        try:
            texts = _check_texts(table.sql)
            pairs = list(zip(texts, check_expressions(binder.parsed.tree)))
            for (name, text), node in pairs[-1:] if last else pairs:
                if changed is None or not changed.isdisjoint(names_read(node)):
                    coded = coded_form(node) if "RAISE" in ascii_upper(text) else node
                    checks.append((check_label(name, text), binder.expr(coded, scope)))
        finally:
            binder.parsed = statement
    return bound_defaults(binder, table, wanted), checks


def write_constraints(binder: Binder, stmt) -> tuple[list, list]:
    """``bind_constraints`` for an INSERT or UPDATE: only the DEFAULTs it may use. An
    UPDATE tests only the CHECKs that read a column it changes, or a generated column
    that reads one (SQLite's sqlite3GenerateConstraintChecks skips the others:
    sqlite3ExprReferencesUpdatedColumn), so it never codes the others -- a RAISE there
    is no error."""
    changed = None
    if isinstance(stmt, b.Update):
        changed = changed_columns(stmt.table, [i for i, _ in stmt.assignments])
    return bind_constraints(binder, stmt.table, stmt.slot, needed_defaults(stmt), changed)


def default_thunks(dictionary, table, session=None) -> list:
    """Zero-argument callables giving each column's DEFAULT value (None where absent);
    DEFAULT expressions are constant, so they need no row. ``session`` lends them the
    statement's clock (CURRENT_TIMESTAMP). A DEFAULT that cannot be bound raises its
    error when called: only the SET DEFAULT actions of its column use it."""
    from ...planner.exec.dml import compile_defaults
    from ...planner.exec.execute import NodeCompiler
    from ...planner.exec.expressions import State
    from ..parse.parser import Parsed
    state = State()
    state.session = session
    binder = Binder(dictionary, Parsed(kind="other", text=""))
    bound, failed = [], {}
    for i, col in enumerate(table.columns):      # resolved as a trigger program's are
        try:
            bound.append(binder.expr(default_expression(col.default_sql), Scope(None))
                         if col.default_sql is not None else None)
        except OperationalError as error:
            bound.append(None)
            failed[i] = error
    thunks = compile_defaults(NodeCompiler(state, None, {}), bound)
    return [_raising(failed[i]) if i in failed else thunk for i, thunk in enumerate(thunks)]


def _raising(error: OperationalError):
    """A thunk for a DEFAULT that cannot be bound: it raises ``error`` (its ``error``
    attribute lets a foreign key's SET DEFAULT report it as it is compiled)."""
    def fail():
        raise type(error)(*error.args)
    fail.error = error
    return fail


def action_writer(dictionary, table, context, last: bool = False):
    """The ``RowWriter`` a foreign-key action writes child rows of ``table`` with: the
    table's CHECKs bound against a row in slot 0 (fkeys.py runs them for every child row
    an action updates, as SQLite's action UPDATE does); ``last``: its last CHECK only."""
    from ...planner.exec.execute import NodeCompiler
    from ...planner.exec.expressions import State
    from ...planner.exec.writer import RowWriter
    from ..parse.parser import Parsed
    binder = Binder(dictionary, Parsed(kind="other", text=""))
    slot = binder.slot()
    _, checks = bind_constraints(binder, table, slot, frozenset(), last=last)
    return RowWriter(table, context, checks, slot, NodeCompiler(State(), context.store, {}),
                     generated.bind(binder, table, slot))


class LazyWriter:
    """The ``RowWriter`` of ``action_writer`` for one child table, built the first time
    anything but ``ctx`` and ``encode`` is asked of it. An ON DELETE CASCADE into a leaf
    table (planner/exec/fkcascade.py) asks only those two, so the first cascading DELETE
    after a schema change binds and compiles nothing per child table -- with 10,000 child
    tables (the InnoDB seed) that was a quarter of the statement, and the writers were
    most of the objects it left for the garbage collector to walk."""

    __slots__ = ("ctx", "encode", "_dictionary", "_table", "_writer", "_coded")

    def __init__(self, dictionary, table, ctx):
        from ...planner.types import values
        self.ctx, self.encode = ctx, values.sort_key      # RowWriter's own two
        self._dictionary, self._table, self._writer = dictionary, table, None
        self._coded: dict = {}

    def coded_row_error(self, changed: frozenset):
        """The 'row value misused' an action's UPDATE of the columns ``changed`` (lower
        case) meets coding the table's CHECKs that read one (check_rows.py), or None."""
        if changed not in self._coded:
            from .check_rows import coded_row_error
            self._coded[changed] = coded_row_error(self._dictionary, self._table, changed)
        return self._coded[changed]

    def __getattr__(self, name: str):
        writer = self._writer
        if writer is None:
            writer = self._writer = action_writer(self._dictionary, self._table, self.ctx)
        return getattr(writer, name)

