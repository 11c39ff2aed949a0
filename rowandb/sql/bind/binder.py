"""sqlglot expression trees -> the planner's bound tree (``planner/plan/bound.py``).

The binder resolves every name against the catalog, numbers the environment slots of FROM
items, expands ``*``, finds aggregates, and computes what SQLite decides statically: result
column names (from the original text), the affinity of comparison operands and the
collation each comparison uses. DML and DDL binding live in ``bind_dml.py`` and
``bind_ddl.py``, compound SELECTs in ``bind_compound.py``; this module holds queries and
expressions.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlglot import expressions as exp

from ...errors import NotSupportedError, OperationalError
from ...planner.plan import bound as b
from ...planner.plan.row_terms import split_clause
from ...planner.functions.aggregates import AGGREGATES
from ...planner.functions.user import user_aggregate, user_defines, user_scalar
from ...planner.functions.registry import (
    NEEDS_COLLATION, is_builtin, is_window_only, lookup_scalar)
from ..dbapi import authorizer
from . import bind_cte, bind_rows, bind_table_function, bind_view, idle_order_collations
from ..parse import folds
from .bind_table_function import is_call, names_function
from .bind_expr import collation_name, waiting_step
from .factored_rows import apart_rows, factored, factored_where
from ...planner.plan.late_rows import replaces
from .bind_dispatch import _BY_CLASS, compare, handler_for
from .bind_trigger import bind_raise
from .self_reference import note_volatile, refuse
from .compared_widths import COMPARISONS, check as check_widths
from .bind_compound import bind_compound
from .subquery_order import spelled_copy, taken_from_subquery
from .bind_aggregate import bind_aggregate, non_aggregate_filter, non_aggregate_order_by
from .bind_window import check_alias
from .result_aliases import result_alias
from .after_sorter import has_own_window, keys_before_sorter
from .clauses import (
    bare_collate, check_probability, column_number, misused_alias, numbered_column,
    numbers_past_last,
)
from ..parse.dialect import function_order, function_parts
from .names import collated_column, result_column_name, subquery_column_names
from .name_index import candidates
from .scope import Scope, Source, check_twins, mark_outer, note_returning_schema
from . import nested_from
from ..parse.result_texts import texts_for
from ..parse.values_arms import bind_row_values, values_arms, with_from
from .properties import (
    affinity_of, ask_coroutine_collations, asked_collation, collation_of,
    compound_collations, has_aggregate, json_columns, read_as_table, subquery_collations,
    table_affinities,
)
from .joins import (bind_using, bind_where_and_on, check_on_conditions, merged_column,
                    names_using_column)
from .table_refs import note_qualifier, note_table
from .from_columns import written_on, is_natural
from .late_generated import coding, late_errors
from .tables import (index_hint, not_indexed, look_up_rows, look_up_tables, lookup_table,
                     names_view, single_query, unparenthesised)
from ...catalog.ascii_case import ascii_lower

#: While a list is set here, every binder appends (Column node, the views being bound, the
#: text it reads) of each double-quoted name it reads as a string (quote_fix.py).
READ_AS_STRINGS: ContextVar = ContextVar("read_as_strings", default=None)


class Binder:
    case_sensitive_like = False     # PRAGMA case_sensitive_like (the session sets it)
    trigger_rows = None             # in a trigger program: its NEW and OLD (bind_trigger.py)
    authorize = None                # the connection's authorizer.Authorizer, when set
    temp_schema = None              # the connection's temp schema (its TEMP triggers fire
                                    # on main's views even where only main is visible)

    # names (lower case) a double-quoted name may not fall back to a string for: the
    # column a DROP COLUMN removes, while its table's new text is bound (drop_column.py)
    no_fallback: frozenset = frozenset()
    # reading a table's new text back as SQLite reads a schema (ALTER TABLE ADD COLUMN):
    # a generated column's coding errors wait for the statements that code it
    reading_schema = False
    binding_generated = False       # binding a generated column's expression

    def __init__(self, catalog, parsed):
        self.catalog = catalog
        self.next_slot = 0
        self._distinct_errors = {}
        self._select_ordinal = 0
        self.open_views: set = set()    # views whose query is being bound (bind_view.py)
        self.deferred_errors: list = []     # raised once the statement is bound (bind_view)
        # (Column node, table, column position, the views being bound) of every name
        # resolved to a table's column, when a list is put here (rename_refs.py)
        self.resolved: list | None = None
        self.table_refs: list | None = None     # names of tables, when asked (table_refs.py)
        self._explicit_aliases: set = set()     # ids of result columns written with AS
        self._resolved_refs: dict = {}          # id of a noted ColumnRef -> (it, its table)
        self.row_subqueries: dict = {}      # SET (a, b) = (SELECT ...): id(node) -> bound
        self._expanded = False              # binding a query whose tables were looked up
        self.widths_expanded = False        # or expressions SQLite expands (compared_widths)
        self.truths: dict = {}  # id(node) -> (node, folds.parse_truth), for AND and OR
        self.probability_errors: list | None = None     # values_arms.bind_row_values
        self.statement = parsed             # the whole statement (``read`` reads its pieces)
        self.read(parsed)
        bind_cte.open_statement(self)

    def read(self, parsed) -> None:
        """Bind from ``parsed``: the statement, or a piece of it (bind_cte.reading)."""
        self.parsed = parsed
        self.select_nodes = None    # its SELECT nodes in text order (result_texts.py)

    def names_no_table(self, item) -> bool:
        """Whether a FROM item names a common table or a view, which look_up_tables leaves
        to them (a view's own tables are looked up there and then: bind_view.look_up)."""
        return bind_cte.names_common(self, item) or bind_view.look_up(self, item) or \
            names_function(self, item)

    def slot(self) -> int:
        slot, self.next_slot = self.next_slot, self.next_slot + 2
        return slot

    # -- queries -------------------------------------------------------------------
    def bind_query(self, node: exp.Expression, parent: Scope | None, looked_up=False):
        """A query bound into a ``b.Select``; ``looked_up``: a compound's arm, whose tables
        its compound's walk looked up."""
        walking, self._walking = self._walking, False   # each clause a walk of its own
        coding, self._coding = self._coding, None
        try:
            return self._bind_query(node, parent, looked_up)
        finally:
            self._walking, self._coding = walking, coding

    def _bind_query(self, node: exp.Expression, parent: Scope | None, looked_up=False):
        if parent is None and not looked_up or not self._expanded:
            # a statement's query, or a subquery of an INSERT, UPDATE or DELETE's own
            # expressions: its tables first, as sqlite3SelectPrep expands it whole
            alone = node is self.parsed.tree and single_query(self.parsed.text)
            look_up_tables(self.catalog, node, self.names_no_table, alone)
            expanded, self._expanded = self._expanded, True
            try:
                select = self._bind_expanded(node, parent)
                # none of its expressions holds a subquery (a row IN a list makes one)
                select.alone = alone and not self.subqueries_bound
                return select
            finally:
                self._expanded = expanded
        return self._bind_expanded(node, parent)

    def _bind_expanded(self, node: exp.Expression, parent: Scope | None) -> b.Select:
        if isinstance(node, exp.Subquery):
            node = node.this
        piece = bind_cte.nested_piece(self, node)
        if piece is not None:                   # a subquery with a WITH clause of its own
            return bind_cte.bind_piece(self, piece, parent)
        if isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
            return bind_compound(self, node, parent)
        if isinstance(node, exp.Values):
            return self.bind_values(node, parent)
        if not isinstance(node, exp.Select):
            raise NotSupportedError(f"{type(node).__name__} is not supported as a query")
        return self._bind_select(node, parent)

    def bind_values(self, node: exp.Values, parent, one_row_select: bool = True) -> b.Select:
        """VALUES as a query. SQLite's parser makes one row a SELECT without FROM (not in
        INSERT: ``one_row_select``), so its terms may aggregate or be window functions; of
        several rows (tables looked up last row first) one with a window function makes each
        a SELECT of a UNION ALL (sqlite3MultiValues); an aggregate is a misuse then."""
        rows = node.expressions
        look_up_rows(self.catalog, rows, self.names_no_table)
        arms_of = lambda bound: values_arms(            # noqa: E731 - used twice below
            bound, self._values_union_all(), lambda: with_from(node, self.statement))
        if len(rows) == 1 and one_row_select or len(rows) > 1 and node.find(exp.Window):
            arms = [self._bind_select(exp.Select(expressions=list(r.expressions)), parent)
                    for r in rows]
            bound = [arm.columns for arm in arms]
        else:
            scope = Scope(parent, b.Select(items=[], columns=[], names=[]) if len(rows) > 1
                          else None)
            scope.allow_aggregates = True
            coding = self._coding
            if coding is None and self.defer_codegen:   # its errors wait in its query
                self._coding = b.Select(items=[], columns=[], names=[])
            try:
                bound = bind_row_values(self, rows, scope, arms_of)
            finally:
                coding, self._coding = self._coding, coding
            if scope.select is not None and scope.select.aggregates:
                raise OperationalError(
                    f"misuse of aggregate: {scope.select.aggregates[0].written}()")
            arms = None
        width = len(bound[0])
        if any(len(r) != width for r in bound):
            raise OperationalError("all VALUES must have the same number of terms")
        names = [f"column{i + 1}" for i in range(width)]
        if arms is None:
            made = ask_coroutine_collations(one_row_select, bound, arms_of(bound))
            waiting = coding if isinstance(coding, b.Select) and coding is not self._coding \
                else b.Select(items=[], columns=[], names=[])
            return b.Select(items=[], columns=list(bound[0]), names=names, values=bound,
                            column_affinities=[None] * width, values_arms=made,
                            codegen_error=waiting.codegen_error,
                            codegen_errors=waiting.codegen_errors)
        first = arms[0]
        first.compound.extend(("union all", arm) for arm in arms[1:])
        first.column_collations = compound_collations(arms, ())
        first.names = names
        return first

    def _values_union_all(self) -> bool:
        """Whether SQLite's parser makes every row of a VALUES list here a SELECT of a
        UNION ALL (values_arms.py): in a view's or a trigger's text (parsed as the schema
        loads), or where a WITH clause is in force."""
        frame = self.cte_frame
        while frame is not None and not frame.tables:
            frame = frame.parent
        return bool(self.open_views) or self.trigger_rows is not None or frame is not None

    def _bind_select(self, node: exp.Select, parent: Scope | None) -> b.Select:
        """One SELECT, its clauses bound in the order SQLite resolves their names
        (resolve.c resolveSelectStep), so that of two bad names the same one is reported:
        LIMIT and OFFSET, the FROM items, the result columns, HAVING, WHERE, the ON
        conditions (SQLite has moved them to the end of WHERE), ORDER BY, GROUP BY."""
        select = b.Select(items=[], columns=[], names=[], group_slot=self.slot())
        ignored = authorizer.select(self)       # the authorizer's SELECT, when it has one
        texts = texts_for(self, node)
        scope = Scope(parent, select)
        scope.exists_query, self.exists_next = self.exists_next, False
        scope.grouped = node.args.get("group") is not None
        self._coding = select if self.defer_codegen else None   # LIMIT is coded first:
        select.limit, select.offset = self.bind_limit(node)     # its row too, after names
        from_ = node.args.get("from_") or node.args.get("from")
        scope.right_joins = any((j.args.get("side") or "").upper() in ("RIGHT", "FULL")
                                for j in node.args.get("joins") or [])
        if from_ is not None:
            self._bind_from(unparenthesised(from_.this, True), "inner", None, scope, select)
        for join in node.args.get("joins") or []:
            self._bind_join(join, scope, select)
        bind_using(self, scope)
        bind_table_function.bind_arguments(self, scope, select)
        idle_order_collations.recollate(scope, select, node)
        scope.allow_aggregates = scope.allow_windows = True
        sorted_out = scope.grouped or has_own_window(node, self.parsed)
        scope.after_sorter = sorted_out
        self._bind_columns(node, scope, select, texts)
        scope.allow_windows = False
        select.column_collations = [collation_of(c) or "BINARY" for c in select.columns]
        aggregate = bool(select.aggregates) or scope.grouped      # SQLite's SF_Aggregate
        having = node.args.get("having")
        if having is not None:
            if not aggregate:
                raise OperationalError("HAVING clause on a non-aggregate query")
            select.having = self.expr(having.this, scope)
        scope.allow_aggregates = scope.after_sorter = False
        where = node.args.get("where")          # may name result aliases, so bound after them
        bind_where_and_on(self, scope, select, where.this if where is not None else None)
        scope.after_sorter = sorted_out
        scope.allow_aggregates = True
        select.distinct = bool(node.args.get("distinct"))
        order = node.args.get("order")
        scope.allow_windows = True
        select.coding_column = "order"      # the short cut may leave it uncoded
        for item in order.expressions if order is not None else []:
            select.order_by.append(self._order_item(item, scope, select, len(select.order_by)))
        select.coding_column = None
        if order is not None:
            self._numbers_past_last([item.this for item in order.expressions], select, "ORDER BY")
        scope.allow_windows = False
        group = node.args.get("group")
        if group is not None:
            scope.allow_aggregates, scope.in_group_by = False, True
            scope.after_sorter = False
            found: list = []        # SQLite looks for aggregates once every term is resolved
            select.group_by = [self._order_term(e, scope, select, "GROUP BY", i, found=found)
                               for i, e in enumerate(group.expressions)]
            self._numbers_past_last(group.expressions, select, "GROUP BY")
            if found:               # ... and its code generator for the rest last
                self.codegen_error(*min(found, key=lambda pair: pair[0]))
            select.group_collations = [asked_collation(g) or "BINARY" for g in select.group_by]
            keys_before_sorter(select)
            scope.allow_aggregates, scope.in_group_by = True, False
        if not aggregate and select.aggregates:     # ORDER BY cannot make a query aggregate
            raise OperationalError(f"misuse of aggregate: {select.aggregates[0].written}()")
        taken_from_subquery(select)
        check_on_conditions(select)
        authorizer.select_bound(self, scope, select, ignored)
        error = self._distinct_errors.pop(id(select), None)
        if error is not None and scope.grouped and self.defer_codegen:
            select.last_coded = error       # met as its accumulators' reset is coded, last
        elif error is not None and self.defer_codegen:
            # reset once its FROM subqueries and LIMIT are coded, before its loops
            error.after_limit = True
            select.last_coded = error
        elif error is not None:
            raise error
        self.select_scope = scope
        return select

    def bind_limit(self, node) -> tuple:
        """(LIMIT, OFFSET) bound, each None if absent. SQLite resolves them first, in an
        empty name context: they can name no column, not even of an enclosing query."""
        limit, offset = node.args.get("limit"), node.args.get("offset")
        bound_limit = bound_offset = None
        outer, self.limit_of = self.limit_of, self._coding  # its row value is coded first
        if limit is not None:
            bound_limit = self.expr(limit.args.get("expression") or limit.this, Scope(None))
            if limit.args.get("offset") is not None:
                bound_offset = self.expr(limit.args["offset"], Scope(None))
        if offset is not None:
            bound_offset = self.expr(offset.args.get("expression") or offset.this, Scope(None))
        self.limit_of = outer
        return bound_limit, bound_offset

    def _order_item(self, item, scope, select, position: int) -> b.OrderItem:
        # sqlglot already resolves SQLite's default (NULLs sort first ascending, last
        # descending) into nulls_first, so the flag is always explicit here.
        expr = self._order_term(item.this, scope, select, "ORDER BY", position)
        return b.OrderItem(expr, bool(item.args.get("desc")), bool(item.args.get("nulls_first")),
                           asked_collation(expr) or "BINARY")

    def _order_term(self, node, scope, select, clause: str, position: int = 0,
                    collated: bool = False, found: list | None = None) -> b.Expr:
        """ORDER BY / GROUP BY term: a result column number, a result alias, or an expression.
        ORDER BY prefers a result alias over a FROM column of the same name; GROUP BY the
        column (SQLite's rules). A GROUP BY term may not be or name an aggregate: the
        error goes to ``found`` as (rank, error), rank 1 for the code generator's."""
        node = bare_collate(node)
        if isinstance(node, exp.Collate):
            inner = self._order_term(node.this, scope, select, clause, position, True, found)
            inner = spelled_copy(inner, node.this, clause, select, self._explicit_aliases)
            return b.Collate(inner, collation_name(node.expression))
        n = column_number(node)
        copied = True                   # a copy of a result column
        if n is not None:
            term = numbered_column(select.columns, n, position, clause)
        elif isinstance(node, exp.Column) and not node.table and ascii_lower(node.name) in \
                scope.aliases and (clause == "ORDER BY" or not self._resolves(node.name, scope)):
            term = scope.aliases[ascii_lower(node.name)]
            check_alias(term, node.name, scope)
            self._note_result_column(node, term)
        else:
            copied = False
            if clause == "GROUP BY":
                self._refuse_aggregate_aliases(node, scope, select)
            allowed = scope.allow_aggregates
            scope.allow_aggregates = allowed or clause == "GROUP BY"   # refused just below
            try:
                term = self.expr(node, scope)
            finally:
                scope.allow_aggregates = allowed
        if clause == "GROUP BY" and has_aggregate(term):
            if copied and collated:     # SQLite's check misses the copy under a COLLATE
                found.append((1, misused_alias(term, select, last=True)))  # its code generator not
            else:
                found.append((0, OperationalError(
                    "aggregate functions are not allowed in the GROUP BY clause")))
        return term

    def _numbers_past_last(self, terms, select, clause: str) -> None:
        """Once a clause's terms are resolved: a number past the last result column (not
        in an ALTER's check of its own text, where it stands for NULL: noted in
        ``past_last_allowed``)."""
        try:
            numbers_past_last(terms, len(select.columns), clause)
        except OperationalError:
            if not folds.lenient_positions(len(self.open_views)):
                raise
            self.past_last_allowed = True

    def _refuse_aggregate_aliases(self, node, scope, select) -> None:
        """A GROUP BY expression naming a result alias of an aggregate (GROUP BY c + 1 with
        count(*) AS c): SQLite's "misuse of aggregate: count()"."""
        for col in node.find_all(exp.Column):
            name = ascii_lower(col.name)
            if col.table or name not in scope.aliases or self._resolves(name, scope):
                continue
            if has_aggregate(scope.aliases[name]):
                raise misused_alias(scope.aliases[name], select)

    def _resolves(self, name: str, scope: Scope) -> bool:
        lname = ascii_lower(name)
        return any(lname in s.positions for s in scope.sources)

    def _bind_columns(self, node, scope, select, texts) -> None:
        """The result columns; their aliases join the scope after the last one
        (``result_aliases.py``)."""
        aliases = []
        for i, item in enumerate(node.expressions):
            alias = None
            target = item
            if isinstance(item, exp.Alias):
                alias, target = item.alias, item.this
            if isinstance(target, exp.Star) or \
                    isinstance(target, exp.Column) and isinstance(target.this, exp.Star):
                start, table = len(select.columns), getattr(target, "table", None) or None
                if table is not None:
                    note_qualifier(self, target.args.get("table"), scope.sources)
                self._expand_star(scope, select, table)     # its names are ORDER BY's too
                aliases += [(ascii_lower(n), e) for n, e in
                            zip(select.names[start:], select.columns[start:])]
                continue
            select.coding_column = len(select.columns)
            expr = self.expr(target, scope)
            select.coding_column = None
            if alias is None:
                alias = result_column_name(expr, target, texts[i] if texts else None)
                collated = collated_column(expr)
                if collated is not None:
                    select.table_names[len(select.columns)] = collated
            if isinstance(item, exp.Alias):     # (also subquery_order.spelled_copy's)
                self._explicit_aliases.add(id(expr))
            select.columns.append(expr)
            select.names.append(alias)
            select.column_affinities.append(affinity_of(expr))
            aliases.append((ascii_lower(alias), expr))
        for alias, expr in aliases:
            scope.aliases.setdefault(alias, expr)

    def _expand_star(self, scope, select, table_name) -> None:
        sources = scope.sources
        if table_name:
            sources = [s for s in sources if s.answers_to(table_name)]
            if not sources:
                raise OperationalError(f"no such table: {table_name}")
        if not scope.sources:
            raise OperationalError("no tables specified")
        for source in sources:
            for i in source.star_positions(table_name):
                name, aff, coll = source.columns[i]
                if not table_name and (source.slot, ascii_lower(name)) in scope.excluded_using:
                    continue            # a USING column shows once, under plain * only
                check_twins(scope, source.alias, name, source.schema)  # main.t.a, *.s.a
                named = not table_name and names_using_column(scope, select, source, name)
                if not named and nested_from.alias_star(self, scope, select, source, name):
                    continue
                if not named:
                    select.coding_column = len(select.columns)
                    self.code_column(source.table, i)
                    select.coding_column = None
                column = self._find_column(name, "", scope) if named else b.ColumnRef(
                    source.slot, i, name, aff, coll, source.alias, i in source.json_columns,
                    scope.after_sorter)
                select.columns.append(authorizer.read(self, column, scope))
                aff = affinity_of(select.columns[-1])
                select.names.append(name)
                select.column_affinities.append(aff)

    # -- FROM ----------------------------------------------------------------------
    def _bind_from(self, node, kind, condition, scope, select) -> Source:
        joined = nested_from.parenthesised_joins(node)
        if joined is not None:
            return nested_from.bind_nested_join(self, joined, kind, condition, scope, select)
        common = bind_cte.find(self, node) if isinstance(node, exp.Table) else None
        if common is not None:                  # a common table expression (WITH)
            source, bound_source = bind_cte.reference(self, node, common, scope)
        elif isinstance(node, exp.Table) and names_view(self.catalog, node) is not None:
            source, bound_source = bind_view.reference(self, node, names_view(self.catalog, node))
        elif is_call(node) or names_function(self, node):
            source, bound_source = bind_table_function.reference(self, node, scope)
        elif isinstance(node, exp.Table):
            source, bound_source = self._table_source(node)
        elif isinstance(node, (exp.Subquery, exp.Values)):
            query = self.bind_query(node if isinstance(node, exp.Values) else node.this,
                                    scope.parent)
            slot = self.slot()
            alias = node.alias or f"(subquery-{slot // 2})"
            collations = subquery_collations(query, kind)
            names = subquery_column_names(node.this or node, query)
            source = Source(alias, slot, list(zip(names, table_affinities(query), collations)))
            source.json_columns = json_columns(query)
            read_as_table(query)
            bound_source = b.SubquerySource(slot, query, alias, tuple(names))
        else:
            raise NotSupportedError(f"{type(node).__name__} in FROM is not supported")
        scope.sources.append(source)
        select.items.append(b.JoinItem(bound_source, kind, condition))
        return source

    def _table_source(self, node: exp.Table):
        table = lookup_table(self.catalog, node)
        slot = self.slot()
        alias = node.alias or table.name
        cols, positions = table.named_columns()
        source = Source(alias, slot, cols, table, positions=positions)
        source.by_name = not node.alias
        note_table(self, node.this, table)
        return source, b.TableSource(slot, table, alias, index_hint(table, node),
                                     automatic=not not_indexed(node))

    def _bind_join(self, join: exp.Join, scope: Scope, select: b.Select) -> None:
        side = (join.args.get("side") or "").upper()
        kind = (join.args.get("kind") or "").upper()
        jkind = ascii_lower(side) if side in ("LEFT", "RIGHT", "FULL") else (
            "cross" if kind == "CROSS" and _written_join(join) else "inner")
        before = list(scope.sources)
        source = self._bind_from(unparenthesised(join.this, False), jkind, None, scope, select)
        item = select.items[-1]
        using = join.args.get("using")
        if is_natural(join) and (using or join.args.get("on") is not None):
            using = None                # refused in join order (from_columns.py refuses
            scope.pending_using.append((None, before, source, item))    # most earlier)
        elif is_natural(join):
            names = [n for n, _, _ in source.columns[:source.visible]
                     if any(ascii_lower(n) in (ascii_lower(c[0]) for c in s.columns[:s.visible])
                            for s in before)]
            using = [exp.to_identifier(n) for n in names]
        if using:               # once every FROM item is bound, as SQLite's sqlite3ProcessJoin
            scope.pending_using.append(([ident.name for ident in using], before, source, item))
        on = written_on(join)
        if on is not None:                      # bound after WHERE, as SQLite does
            scope.pending_on.append((item, on))

    # -- expressions ---------------------------------------------------------------
    # SQLite resolves an expression in one walk, parent before children, left to right
    # (resolve.c, resolveExprStep); its errors do not always stop the walk. A function
    # resolves its arguments in a walk of their own, which an error ends, and the
    # function's walk goes on: the error waits (``pending``) until a later column name
    # fails -- its error replaces the waiting one, as sqlite3ErrorMsg keeps the last -- or
    # a node that is neither a name, a function nor a subquery ends the walk with it
    # (``walks_on``). A clause raises what is still waiting when its expression is done.
    pending: OperationalError | None = None
    noted_expansion = False         # it is an expansion's: no subquery is resolved then
    exists_next = False             # the next SELECT bound is an EXISTS's (bind_expr._exists)
    select_scope = None             # the scope of the last SELECT bound (compound_order.py)
    compound_shapes = None          # (first SELECT, Arms) of the last compound bound (same)
    _walking = False
    past_last_allowed = False       # a number past the last column let through (folds.py)
    defer_codegen = False           # a SELECT statement: code generation errors wait
    _coding = None                  # the SELECT whose clauses are bound, when they wait
    raise_waits = False             # RAISE() is refused only where a statement codes it
    limit_of = None                 # the SELECT whose LIMIT and OFFSET are being bound
    prohibited: str | None = None   # where subqueries and parameters are refused
    rows_made = False               # a row value was bound: check where each one stands
    subqueries_bound = 0            # subqueries of expressions bound so far (bind_expr)
    _distinct_errors: dict = {}     # id(select) -> its first DISTINCT aggregate of 2+ args

    def expr(self, node, scope: Scope, carry: bool = False) -> b.Expr:
        """``carry``: an error still waiting at the end is left waiting for the next walk."""
        if self._walking:
            return self._walk(node, scope)
        self._walking = True
        try:
            bound = self._walk(node, scope)
        except Exception:
            self.pending = None             # whatever ends a walk ends what waited in it
            raise
        finally:
            self._walking = False
        if not carry:
            self.raise_pending()
        if self.rows_made:
            try:
                bind_rows.check_placement(bound, lambda: apart_rows(self, node, bound))
            except OperationalError as error:
                factored_where(self, node, bound, error)
                self.codegen_error(1, error)
            if isinstance(getattr(node, "parent", None), (exp.Where, exp.Join)):
                bound = split_clause(bound)
        return bound

    def codegen_error(self, coded: int, error: OperationalError) -> None:
        """An error SQLite finds while it codes the query (``coded`` 1) or, ``coded`` 0,
        resolves its names: the first of a SELECT statement's query's clauses is kept for
        the planner to raise once the query's loops are planned (``Select.codegen_error``);
        anywhere else it is raised at once."""
        error.coded = bool(coded)           # late_generated.late_message reads it
        error.in_limit = self._coding is not None and self._coding is self.limit_of
        if not coded or self._coding is None:
            raise error
        error.column = getattr(self._coding, "coding_column", None)     # (late_rows.py)
        if replaces(error, self._coding.codegen_error):
            self._coding.codegen_error = error
        if isinstance(self._coding, b.Select):
            self._coding.codegen_errors.append((self._coding.coding_column, error))

    def raise_pending(self) -> None:
        error, self.pending = self.pending, None
        if error is not None:
            raise error

    def arguments(self, args, scope: Scope, placed=True, whole=False) -> tuple | None:
        """A function's arguments, bound in a walk of their own; None once an error waits.
        ``placed``: rows checked here, not with the whole expression (an aggregate's: no
        node's children); ``whole``: each coded as a condition (factored_rows.py)."""
        bound = []
        for arg in args:
            try:
                bound.append(self._walk(arg, scope))
            except OperationalError as error:
                if "syntax error" in str(error):
                    raise
                self.pending = error
                return None
        if self.rows_made and self.pending is None and placed:
            for arg in bound:
                try:
                    bind_rows.check_placement(
                        arg, lambda: apart_rows(self, None, arg, whole))
                except OperationalError as error:
                    error.stepped = scope.in_aggregate      # coded in its step (late_rows.py)
                    factored(self, arg, whole, error)
                    self.codegen_error(1, error)
        return None if self.pending is not None else tuple(bound)

    def _walk(self, node, scope: Scope) -> b.Expr:
        node.__class__ in COMPARISONS and check_widths(node, self)  # before its operands
        if self.prohibited is not None:     # a CHECK's subquery or parameter...
            bound = refuse(self, node, scope)   # (self_reference.py)
            if bound is not None:
                return bound
        if self.pending is not None:
            waiting_step(self, node)
        handler = _BY_CLASS.get(node.__class__) or handler_for(node.__class__)
        return handler(self, node, scope)

    _compare = staticmethod(compare)    # two bound operands -> their comparison

    def column(self, node: exp.Column, scope: Scope) -> b.Expr:
        name = node.name
        table = node.table
        if node.db and ascii_lower(node.db) != "main":       # every table is in main
            self._missing(f"{node.db}.{table}.{name}")
        s = scope
        while s is not None:
            found = self._find_column(name, table, s, node.db)
            if found is None and table and self.trigger_rows is not None:
                found = self.trigger_rows.column(table, name)     # NEW.x, OLD.x
                if found is not None:
                    self.code_column(self.trigger_rows.table,
                                     self.trigger_rows.table.column_index(name))
            if found is not None:
                if s is not scope:
                    mark_outer(scope, s)
                self._note_resolved(node, s, found)
                if table and isinstance(found, b.ColumnRef):
                    note_qualifier(self, node.args.get("table"), s.sources, found.slot)
                return found if self.authorize is None else authorizer.read(self, found, s)
            if not table and ascii_lower(name) in s.aliases:
                return result_alias(name, scope, s)
            s = s.parent
        if table:
            return self._missing(f"{node.db}.{table}.{name}" if node.db else f"{table}.{name}")
        if self._double_quoted(node):
            if ascii_lower(name) in self.no_fallback:
                raise OperationalError(f'no such column: "{name}" - should this be a string '
                                       "literal in single-quotes?")
            strings = READ_AS_STRINGS.get()
            if strings is not None:
                strings.append((node, frozenset(self.open_views), self.parsed.text))
            return b.Literal(name)
        return self._missing(name)

    def _note_resolved(self, node, scope: Scope, found) -> None:
        """Keep (node, table, position, open views) of a name resolved to a table's column,
        when asked to (``resolved``); a RETURNING's ``main.t.c`` is noted (scope.py)."""
        scope.returning and node.db and note_returning_schema(scope, node)
        if self.resolved is not None and isinstance(found, b.ColumnRef):
            views = frozenset(self.open_views)
            while scope is not None:
                for source in scope.sources:
                    if source.slot == found.slot:
                        self.resolved.append((node, source.table, found.column, views))
                        self._resolved_refs[id(found)] = (found, source.table)
                scope = scope.parent

    def _note_result_column(self, node, column) -> None:
        """An ORDER BY name that stands for a result column which is a table's column
        (not an AS alias): noted as a name of that column (``resolved``)."""
        noted = self._resolved_refs.get(id(column))
        if self.resolved is not None and isinstance(node, exp.Column) and noted is not None \
                and id(column) not in self._explicit_aliases:
            self.resolved.append((node, noted[1], column.column, frozenset(self.open_views)))

    def _double_quoted(self, node: exp.Column) -> bool:
        """SQLite's double-quoted-string fallback (sqlite.org/quirks.html#dblquote, on in the
        SQLite the project follows): a "name" that names no column is the string 'name'.
        Only double quotes: [name] and `name` are always identifiers."""
        ident = node.this
        start = (ident.meta or {}).get("start") if isinstance(ident, exp.Identifier) else None
        return bool(ident.quoted) and start is not None \
            and self.parsed.glot_text[start:start + 1] == '"'

    def _missing(self, name: str):
        raise OperationalError(f"no such column: {name}")

    def _find_column(self, name: str, table: str, scope: Scope, db: str = "") -> b.Expr | None:
        lname, ltable = ascii_lower(name), (ascii_lower(table) if table else None)
        matches = candidates(scope, lname, ltable, name)      # (name_index.py)
        if not matches:
            return None
        source, pos = matches[0] if len(matches) == 1 else \
            self._one_of(matches, name, table, scope, db, lname)
        pos = -2 - pos if pos < -1 else pos     # a nested join's rowid (nested_from.py)
        if pos < 0:
            alias = source.table.rowid_alias if source.table is not None else None
            if alias is not None:           # named after the column it aliases, as SQLite does
                col = source.columns[alias]
                return b.ColumnRef(source.slot, alias, col[0], col[1], col[2], source.alias)
            return b.ColumnRef(source.slot, -1, "rowid", "INTEGER", None, source.alias)
        # a USING column of a RIGHT or FULL JOIN (``merged`` is empty without one)
        merged = None if table or not scope.merged else merged_column(scope, source.slot, name)
        if merged is not None:
            return merged
        cname, aff, coll = source.columns[pos]
        self.code_column(source.table, pos)
        return b.ColumnRef(source.slot, pos, cname, aff, coll, source.alias,
                           pos in source.json_columns, scope.after_sorter)

    def code_column(self, table, pos: int) -> None:
        """A read of column ``pos`` of ``table``: the error of a generated column no
        statement can code (late_generated.py), as SQLite's coding of the read meets it."""
        if table is None or self.binding_generated or self.reading_schema:
            return
        late = late_errors(self.catalog, table)
        if pos in late and coding():
            self.codegen_error(1, OperationalError(late[pos]))

    def _one_of(self, matches: list, name: str, table: str, scope: Scope, db: str,
                lname: str) -> tuple:
        """Of two or more (source, position) pairs ``_find_column`` found for
        ``table.name``, the one the name stands for, or SQLite's 'ambiguous column name'."""
        real = [m for m in matches if m[1] >= 0]
        if not real:                        # two tables' rowids (resolve.c: cnt = cntTab)
            raise OperationalError(f"ambiguous column name: {table + '.' if table else ''}{name}")
        if len(real) > 1 and table:         # two items of one name: FROM t, u AS t
            check_twins(scope, table, name, db)
        elif len(real) > 1:
            if all((s.slot, lname) in scope.excluded_using for s, _ in real[1:]):
                real = real[:1]
            else:
                raise OperationalError(f"ambiguous column name: {name}")
        return real[0]

    def _function(self, node: exp.Func, scope: Scope, condition=None) -> b.Expr:
        name, args, distinct = function_parts(node)
        order = function_order(node)
        lname = ascii_lower(name)
        if self.authorize is not None and authorizer.function(self, lname):
            return b.Literal(None)
        own = user_scalar(lname, len(args))     # the connection's functions come first
        if user_aggregate(lname, len(args)) is not None or own is None and \
                lname in AGGREGATES and not (lname in ("min", "max") and len(args) > 1):
            return bind_aggregate(self, name, args, distinct, scope, order, condition)
        # DISTINCT on a scalar function changes nothing in SQLite: abs(DISTINCT -1) is 1.
        if lname == "raise":
            return bind_raise(self, args, scope)
        deferred = self.probability_errors
        noted = self._note(lambda: _check_scalar(lname, name, args, deferred))  # first
        note_volatile(self, lname, len(args), noted)    # random() in an index, if not noted
        if not noted and condition is not None:
            self.pending = non_aggregate_filter(name)
        elif not noted and order is not None:
            self.pending = non_aggregate_order_by(name)
        bound_args = self.arguments(args, scope, placed=False)
        if bound_args is None:
            return b.Literal(None)
        if own is not None:
            return b.Function(lname, bound_args)
        if lname == "like" and self.case_sensitive_like:    # like(pattern, text[, escape])
            escape = bound_args[2] if len(bound_args) == 3 else None
            return b.Like("like", bound_args[1], bound_args[0], escape, False, True)
        if lname in NEEDS_COLLATION:        # the leftmost argument's collation (expr.c)
            return b.Function(lname, bound_args, next(
                (c for c in map(asked_collation, bound_args) if c is not None), "BINARY"))
        return b.Function(lname, bound_args)

    def _note(self, check) -> bool:
        """Run ``check``; an error it raises waits while the arguments are resolved (True
        then)."""
        try:
            check()
        except OperationalError as error:
            self.pending = error
            return True
        return False


def _check_scalar(lname: str, name: str, args, deferred) -> None:
    """What SQLite finds wrong with a call of scalar function ``name`` before it looks at
    the arguments (resolve.c): no such function, their number, a window function without
    OVER, likelihood()'s second argument (``deferred``: check_probability's)."""
    if user_scalar(lname, len(args)) is not None:
        return
    if user_defines(lname) and not is_builtin(lname):
        raise OperationalError(f"wrong number of arguments to function {name}()")
    if not is_builtin(lname):
        raise OperationalError(f"no such function: {name}")
    lookup_scalar(name, len(args), window_ok=True)
    if is_window_only(lname):
        raise OperationalError(f"misuse of window function {name}()")
    if lname == "likelihood":
        check_probability(args[1], deferred)


def _written_join(join: exp.Join) -> bool:
    """Whether ``join`` was written with the word JOIN rather than as a comma: sqlglot
    makes both a CROSS join, but only a join it read as one carries a ``pivots`` slot. The
    difference counts: SQLite never loops over a CROSS JOIN's right item before those
    written before it, while a comma lets its planner choose."""
    return "pivots" in join.args
