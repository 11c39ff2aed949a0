"""Generated columns (sqlite.org/gencol.html): their syntax, their rules, their binding.

``b [type] [GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]``. The dictionary keeps the
kind (``schema.VIRTUAL`` 2, ``schema.STORED`` 3: PRAGMA table_xinfo's ``hidden``) and the
expression as written (SYS_COLUMNS.generated_sql); this module finds both in the CREATE
text, checks SQLite's rules when the table is created, and binds the expressions against
the row being written, in the order they must be computed.

Both kinds are computed when a row is written (INSERT, UPDATE, an upsert's DO UPDATE, a
foreign-key action's UPDATE; ``writer.RowWriter.place``) and kept in the record. A VIRTUAL
column is therefore stored too, but it is never out of date: every write of a row
recomputes every generated column from the row's other values, and the expressions are
deterministic (SQLite refuses anything else), so reading the stored value gives what
SQLite computes on read (all but the JSON subtype a computation may give it: docs/JSON.md). Storing it keeps one record layout, and lets an index on a
VIRTUAL column be an ordinary column index. ALTER TABLE ADD COLUMN of a VIRTUAL column
computes it into the existing rows for the same reason (``ddl_run``) -- each row it
computes for: a row it fails for is left without it and computes it where a statement
reads it, failing that statement as SQLite does (virtual_read.py).

What SQLite checks, and where (SQLite 3.54): while parsing the column -- a second AS
clause or AS after DEFAULT ('error in generated column "b"'), DEFAULT after AS, a word
other than VIRTUAL or STORED after the expression; when the CREATE TABLE ends
(``validate``) -- at least one ordinary column, no generated column in the PRIMARY KEY,
the expressions bind against the table's own columns with no subquery or parameter
(each refused where the walk meets it: self_reference.py), aggregate, window
function, ``.`` qualifier or non-deterministic function, and no column depends on itself
('generated column loop on "c"', named as SQLite's order of computation finds it:
``_order``). A
date and time function reading the clock (``datetime('now')``) fails only when a row is
written ('non-deterministic use of datetime() in a generated column').
"""

from __future__ import annotations

from functools import partial

from sqlglot import expressions as exp

from ...catalog.schema import STORED, VIRTUAL
from ...errors import OperationalError
from ...planner.functions.user import declared_volatile
from ...planner.plan import bound as b
from ...planner.exec.writer import columns_read as reads
from ...planner.plan.analysis import children, redefined_like
from ..parse.lexer import is_name, tokenize, unquote
from ..parse.parse_cache import cached_written
from ..parse.trigger_syntax import raise_codes
from ...catalog.ascii_case import ascii_lower
from .late_generated import refuse_late, schema_read_error

#: Non-fallback keywords that start a column constraint: after ``AS (expr)`` one of them
#: begins the next constraint, any other name is the clause's VIRTUAL/STORED word.
_CONSTRAINT_KEYWORDS = frozenset(("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
                                  "DEFAULT", "COLLATE", "REFERENCES", "AS"))


def check_syntax(t, start: int, end: int) -> list[tuple[int, int]]:
    """The generated-column clauses of the column definition ``t.tokens[start:end]``, as
    SQLite's parser reads them (grammar._column_item calls this): raise its errors, and
    return the character spans of the clauses (from GENERATED or AS to the expression's
    parenthesis or the VIRTUAL/STORED word), which sqlglot is not shown: the binder reads
    them from the text (``clauses``)."""
    name = unquote(t.tokens[start].text)
    spans, seen_default, depth, j = [], False, 0, start + 1
    head = None                     # the token the clause starts at: GENERATED or AS
    while j < end:
        text, word = t.tokens[j].text, t.word(j)
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and word == "GENERATED" and t.word(j + 1) == "ALWAYS":
            if t.word(j + 2) != "AS":       # then the words are a type name, whose
                if j + 3 < end and t.tokens[j + 2].text == "(" and \
                        t.tokens[j + 3].kind not in ("number", "op") and \
                        t.tokens[j + 3].text not in "+-":
                    raise t.fail(j + 3)     # parenthesis holds a signed number
                j += 2
                continue
            head = j
            j += 2
            continue
        elif depth == 0 and word == "AS":
            if spans or seen_default:
                raise OperationalError(f'error in generated column "{name}"')
            if j + 1 >= end or t.tokens[j + 1].text != "(":
                raise t.fail(j + 1)
            close = t.closing(j + 1)
            if close == j + 2:
                raise t.fail(close)
            last = close
            if close + 1 < end and _names_kind(t, close + 1):
                last = close + 1
                if last + 1 < end and _names_kind(t, last + 1):
                    raise t.fail(last + 1)      # before the word is read as a kind
                if t.word(last) not in ("VIRTUAL", "STORED"):
                    raise OperationalError(f'error in generated column "{name}"')
            spans.append((t.tokens[j if head is None else head].start, t.tokens[last].end))
            head, j = None, last + 1
            continue
        elif depth == 0 and word == "DEFAULT":
            if spans:
                raise OperationalError("cannot use DEFAULT on a generated column")
            seen_default = True
        j += 1
    return spans


def generated_type_word(tokens, i: int) -> bool:
    """GENERATED starts a generated column's clause only before ALWAYS AS; elsewhere it is
    a name, part of the type (``b GENERATED AS (a)`` is of type GENERATED)."""
    return tokens[i].upper == "GENERATED" and tokens[i].kind == "word" and \
        [t.upper for t in tokens[i + 1:i + 3]] != ["ALWAYS", "AS"]


def _names_kind(t, i: int) -> bool:
    """Whether the token at ``i`` is a name (the ID of SQLite's ``generated ::= LP expr
    RP ID``) rather than the start of the next constraint."""
    tok = t.tokens[i]
    return tok.kind == "word" and is_name(tok) and tok.upper not in _CONSTRAINT_KEYWORDS


def clauses(tokens, text: str) -> dict:
    """Column name (lower case) -> (kind, expression text) of each generated column of a
    CREATE TABLE (or ALTER TABLE ADD COLUMN) text, read from its tokens."""
    found, depth, item_first = {}, 0, None
    for i, tok in enumerate(tokens):
        if tok.text == "(":
            depth += 1
            if depth == 1:
                item_first = i + 1
            continue
        if tok.text == ")":
            depth -= 1
            continue
        if tok.text == "," and depth == 1:
            item_first = i + 1
            continue
        if depth == 1 and tok.kind == "word" and tok.upper == "AS" and item_first is not None \
                and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            close = _closing(tokens, i + 1)
            kind = VIRTUAL
            if close + 1 < len(tokens) and tokens[close + 1].upper == "STORED":
                kind = STORED
            found[ascii_lower(unquote(tokens[item_first].text))] = (
                kind, text[tokens[i + 1].end:tokens[close].start].strip())
    return found


def _closing(tokens, i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += (tokens[j].text == "(") - (tokens[j].text == ")")
        if depth == 0:
            return j
    return len(tokens) - 1


def rewrite_texts(txn, dictionary, table_name: str) -> None:
    """After RENAME COLUMN rewrote the table's CREATE text: SYS_COLUMNS.generated_sql takes
    each generated column's expression from the new text (a renamed column it reads)."""
    table = dictionary.table(table_name)
    found = clauses(tokenize(table.sql), table.sql)
    texts = {pos: found[ascii_lower(c.name)][1] for pos, c in enumerate(table.columns)
             if c.is_generated and ascii_lower(c.name) in found
             and found[ascii_lower(c.name)][1] != c.generated_sql}
    if texts:
        dictionary.set_generated_sql(txn, table, texts)


def expression(text: str) -> exp.Expression:
    """The parsed expression of a generated column kept as written (parsed once:
    ``parse_cache``); sqlglot's error on an
    expression it cannot read is SQLite's syntax error (the statement's parse never saw
    the expression: ``check_syntax`` hides it from sqlglot). A RAISE's kind word is
    coded first, as in a statement (trigger_syntax.raise_codes: ROLLBACK is a keyword to
    sqlglot), so that SQLite's RAISE error, not a syntax error, is met."""
    return cached_written(raise_codes(text) if "raise" in text.lower() else text)


def validate(binder, draft, waiting: OperationalError | None = None) -> None:
    """What SQLite checks of a new table's generated columns when CREATE TABLE ends;
    ``waiting``: the error of a CHECK, which sqlite3EndTable resolves first."""
    columns = draft.columns
    generated = [i for i, c in enumerate(columns) if c.is_generated]
    if not generated:
        return
    if len(generated) == len(columns):
        raise OperationalError("must have at least one non-generated column")
    if any(columns[i].pk for i in generated):
        raise OperationalError("generated columns cannot be part of the PRIMARY KEY")
    _bind_all(binder, draft, binder.slot(), creating=True, waiting=waiting)


def bind(binder, table, slot: int) -> list:
    """(position, bound expression) of each generated column of ``table``, reading the row
    in ``slot``, in an order where every column comes after those it reads; the error of
    a column no statement can code as a statement coding it reports it
    (late_generated.py)."""
    if not any(c.is_generated for c in table.columns):
        return []
    try:
        bound = _bind_all(binder, table, slot, creating=False)
        return [(pos, bound[pos]) for pos in _order(table, bound, slot)]
    except OperationalError as error:
        raise refuse_late(error) from None


def bind_computable(binder, table, slot: int) -> list:
    """``bind``'s list for the generated columns of ``table`` a statement can code (those
    an ALTER TABLE ADD COLUMN added that cannot be are left out: late_generated.py)."""
    from .late_generated import late_errors
    late = late_errors(binder.catalog, table)
    bound = {pos: expr for pos, expr in bind_each(binder, table, slot)[0].items()
             if pos not in late}
    return [(pos, bound[pos]) for pos in _order(table, bound, slot)]


def bind_each(binder, table, slot: int) -> tuple[dict, dict]:
    """(position -> bound expression, position -> (error, its expression, a function
    binding an expression in its place)) of each generated column of ``table``, each
    bound on its own."""
    from .bind_dml import table_scope
    scope = table_scope(binder, table, slot)
    bound, failed = {}, {}
    for pos, col in enumerate(table.columns):
        if col.is_generated:
            node = expression(col.generated_sql)
            try:
                bound[pos] = _bind_one(binder, col, node, scope, False)
            except OperationalError as error:
                failed[pos] = (error, node, partial(_bind_one, binder, col, scope=scope,
                                                    creating=False))
    return bound, failed


def _order(table, bound: dict, slot: int) -> list:
    """The generated columns' positions in the order SQLite computes them: passes over
    the columns in table order, each computing every column whose generated inputs are
    computed, until none is left -- or a pass makes no progress, when the last column it
    could not compute is SQLite's 'generated column loop' (insert.c,
    sqlite3ComputeGeneratedColumns)."""
    waiting = {pos: reads(expr, slot) & bound.keys() for pos, expr in bound.items()}
    order = []
    while waiting:
        progress, stuck = False, None
        for pos in sorted(waiting):
            if waiting[pos] & waiting.keys():   # reads one not computed yet (or itself)
                stuck = pos
            else:
                order.append(pos)
                del waiting[pos]
                progress = True
        if not progress:
            raise OperationalError(f'generated column loop on "{table.columns[stuck].name}"')
    return order


def _bind_all(binder, table, slot: int, creating: bool,
              waiting: OperationalError | None = None) -> dict:
    """Position -> bound expression of each generated column; when ``creating``, with
    SQLite's CREATE-time refusals and its loop check, and SQLite's error.

    sqlite3EndTable resolves every generated column, in table order, whatever failed
    before (a CHECK's error is ``waiting``): once an error is noted, a column's walk
    goes on only into a function's arguments or an IS [NOT] NULL's operand (whose
    failing names replace the error: Binder.expr, ``pending``), never into a column
    that is a bare name, which sqlite3AddGenerated wrapped in a unary plus."""
    from .bind_dml import table_scope
    scope = table_scope(binder, table, slot)
    bound = {}
    reading = creating and binder.reading_schema
    for pos, col in enumerate(table.columns):
        if not col.is_generated:
            continue
        if not creating:
            bound[pos] = _bind_one(binder, col, expression(col.generated_sql), scope, False)
            continue
        try:
            bound[pos] = _created(binder, col, scope, waiting)
        except OperationalError as error:
            if reading:                 # a schema read codes nothing
                error = schema_read_error(error, expression(col.generated_sql), partial(
                    _created, binder, col, scope, waiting))
            if error is not None:
                waiting = error
    if waiting is not None:
        raise waiting
    if creating and not reading:
        _order(table, bound, slot)
    return bound


def _created(binder, col, scope, waiting: OperationalError | None, node=None):
    """Column ``col``'s expression (or ``node`` in its place) bound as CREATE TABLE
    resolves it, after the ``waiting`` error if there is one (raised again, or
    replaced)."""
    from .bind_expr import bare_name, walks_on
    from .self_reference import is_parameter
    from .compared_widths import check_top
    node = expression(col.generated_sql) if node is None else node
    if waiting is not None:
        check_top(node)                 # a comparison's widths: its own error first
        if bare_name(node) or not (walks_on(node) or is_parameter(node)):
            raise waiting
        binder.pending = waiting        # raises: its own error, or waiting's
    bound = _bind_one(binder, col, node, scope, True)     # ('.': self_reference.py)
    _deterministic(bound)
    return bound


def _bind_one(binder, col, node, scope, creating: bool):
    """The bound expression ``node`` of generated column ``col``."""
    from ..parse.parser import Parsed
    # the binder reads the expression's own text (a "name" naming no column is a string)
    statement, binder.parsed = binder.parsed, Parsed(kind="other", text=col.generated_sql)
    binder.parsed.glot_text = col.generated_sql
    # a STORED column's RAISE() is refused where a write codes it (a VIRTUAL one's at
    # once): as measured against SQLite
    binder.raise_waits = creating and col.generated == STORED
    outer, binder.binding_generated = binder.binding_generated, True
    if creating:        # a subquery or parameter, refused where the walk meets it
        binder.prohibited = "generated columns"
    try:
        return binder.expr(node, scope)
    finally:
        binder.parsed, binder.raise_waits = statement, False
        binder.binding_generated, binder.prohibited = outer, None


def check_deterministic(session, table) -> None:
    """SQLite's error for a generated column of ``table`` that calls a non-deterministic
    function now (a LIKE after PRAGMA case_sensitive_like: alter_determinism.py)."""
    if table is None or not any(c.is_generated for c in table.columns):
        return
    from .binder import Binder
    from ..parse.parser import Parsed
    binder = Binder(session.db.dictionary, Parsed(kind="other", text=""))
    for expr in _bind_all(binder, table, binder.slot(), creating=False).values():
        _deterministic(expr)


def is_subquery(node) -> bool:
    """A node SQLite's parser makes a subquery of: a query, or an IN of a query, of a
    table's name, or with a row on its left (a list of rows becomes a VALUES query).
    CHECK constraints, index terms and DEFAULTs refuse such a node as they do a query."""
    if isinstance(node, (exp.Subquery, exp.Exists, exp.Select)):
        return True
    return isinstance(node, exp.In) and (
        node.args.get("query") is not None or node.args.get("field") is not None
        or isinstance(node.this, exp.Tuple) and bool(node.expressions))


_NON_DETERMINISTIC = frozenset(("random", "randomblob", "changes", "total_changes",
                                "last_insert_rowid", "sqlite_version", "sqlite_source_id",
                                "sqlite_compileoption_used", "sqlite_compileoption_get",
                                "sqlite_offset", "match"))


def volatile(name: str, nargs: int) -> bool:
    """Whether a generated column may not call function ``name`` with ``nargs``
    arguments (SQLite's functions not flagged SQLITE_FUNC_CONSTANT, or the connection's
    declared so)."""
    return ascii_lower(name) in _NON_DETERMINISTIC or declared_volatile(name, nargs)


def _deterministic(expr) -> None:
    """No non-deterministic function, and no rowid: a generated column reads only the
    table's declared columns (SQLite resolves it against them alone)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, b.ColumnRef) and e.column == -1:
            raise OperationalError(f"no such column: {e.name}")
        if isinstance(e, b.Function) and volatile(e.name, len(e.args)) or redefined_like(e):
            raise OperationalError("non-deterministic functions prohibited in generated columns")
        stack.extend(children(e))
