"""ALTER TABLE's constraint forms of SQLite 3.54: ALTER COLUMN SET/DROP NOT NULL, ADD
[CONSTRAINT nm] CHECK and DROP CONSTRAINT -- binding, and the edit of the stored CREATE text.

SQLite edits the table's text and reads it back; each form is a text edit here too, and
the new text is bound as a CREATE TABLE (an error in it is "error in table t after drop
constraint: ...", the words SQLite uses for every one of these forms). What SQLite does,
measured against 3.54.1 (apsw):

- A column's constraints are cut into pieces at the keywords that may start one
  (``_STARTS``; not at NULL, and not at the REFERENCES of a FOREIGN KEY or the AS of
  GENERATED ALWAYS AS). The cut is by keyword, not by grammar, so ``REFERENCES p ON DELETE
  SET DEFAULT`` ends before DEFAULT, as SQLite's does (and its text then fails to parse).
- SET NOT NULL appends `` NOT NULL [ON CONFLICT ...]`` (as written in the ALTER statement,
  ``alter_syntax.stored_clause``) at the end of the column's definition, after cutting
  the NOT NULL piece it has (so its ON CONFLICT clause is the new one's); when it had
  none, every row must have a value ("constraint failed", SQLITE_CONSTRAINT). DROP NOT
  NULL cuts the column's first NOT NULL piece, with its CONSTRAINT name.
- ADD CHECK: the expression must resolve against the table (SQLite's own errors, no
  prefix), the name must be new among every CONSTRAINT name of the text ("constraint x
  already exists"), the clause is appended as ``, <clause>`` before the closing
  parenthesis, and every row must pass it ("constraint failed").
- DROP CONSTRAINT nm finds the first ``CONSTRAINT nm`` (names compare without case); a
  PRIMARY KEY, UNIQUE or NULL is refused ("constraint may not be dropped: nm"), a CHECK,
  NOT NULL, REFERENCES or FOREIGN KEY is cut with its name, and before DEFAULT, COLLATE or
  AS only the name goes.
- A cut takes the space around it (``_cut``): between two words one space is left; before
  a comma or the closing parenthesis none; a table constraint between two commas takes the
  comma after it, the last one the comma before it.

A table of the connection's TEMP schema is edited the same way, in the temp dictionary
(ddl_run.py).
"""

from __future__ import annotations

from ...errors import OperationalError
from ...planner.plan import bound as b
from ..bind.bind_ddl import bind_definition
from .drop_column import column_layout
from ..parse.lexer import closing_paren, tokenize, unquote
from ..parse.parser import parse
from ...catalog.ascii_case import ascii_lower

_STARTS = frozenset(("CONSTRAINT", "PRIMARY", "NOT", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
                     "REFERENCES", "GENERATED", "AS", "FOREIGN"))
_AFTER = "after drop constraint"
_UNDROPPABLE = frozenset(("PRIMARY", "UNIQUE", "NULL"))
_WHOLE = frozenset(("CHECK", "NOT", "REFERENCES", "FOREIGN"))


def bind_edit(binder, table, view, syntax) -> b.EditConstraints:
    """The bound form of ``syntax`` (action set_not_null, drop_not_null, add_check or
    drop_constraint) on ``table`` (``view``: the name is a view's)."""
    if view is not None:
        raise OperationalError(f'cannot edit constraints of view "{view.name}"')
    sql, tokens = table.sql, tokenize(table.sql)
    position, check = None, False
    if syntax.action in ("set_not_null", "drop_not_null"):
        position = table.column_index(syntax.column)
        if position is None:
            raise OperationalError(f"no such column: {syntax.column}")
        region = _column_regions(tokens)[position]
        pieces = _pieces(tokens, *region)
        not_null = next((p for p in _named(pieces, tokens) if _is_not_null(tokens, p)), None)
        if not_null is not None:        # SET NOT NULL replaces it (and its ON CONFLICT)
            sql = _cut(sql, tokens, *not_null)
        if syntax.action == "set_not_null":
            tokens = tokenize(sql)
            at = tokens[_column_regions(tokens)[position][1]].start
            sql = f"{sql[:at]} {syntax.text}{sql[at:]}"
            check = not_null is None
    elif syntax.action == "add_check":
        _resolve_check(binder, table, syntax.text)
        if syntax.constraint is not None and _find(tokens, syntax.constraint) is not None:
            raise OperationalError(f"constraint {syntax.constraint} already exists")
        close = closing_paren(tokens, next(i for i, t in enumerate(tokens) if t.text == "("))
        at = tokens[close].start
        sql = f"{sql[:at]}, {syntax.text}{sql[at:]}"
        check = True
    else:
        sql = _dropped_constraint(sql, tokens, syntax.constraint)
    draft = _bind_text(binder, table, sql)
    return b.EditConstraints(table=table, sql=sql, columns=draft.columns,
                             foreign_keys=draft.foreign_keys, not_null=position if check and
                             position is not None else None,
                             new_check=check and position is None, shown=shown_columns(syntax))


def shown_columns(syntax) -> tuple | None:
    """The result columns the statement describes (no rows): SQLite codes its tests as
    nested ``SELECT sqlite_fail(...) FROM ...`` statements (alter.c), the first of which
    names the statement's one column -- the name test of ADD CONSTRAINT nm CHECK, else the
    rows' test of SET NOT NULL and ADD CHECK; DROP NOT NULL and DROP CONSTRAINT test
    nothing."""
    if syntax.action == "add_check" and syntax.constraint is not None:
        name = syntax.constraint.replace("'", "''")
        return (f"sqlite_fail('constraint {name} already exists', 1)",)
    if syntax.action in ("add_check", "set_not_null"):
        return ("sqlite_fail('constraint failed', 19)",)
    return None


def _column_regions(tokens) -> list[tuple[int, int]]:
    """Per column, (index of its name token, index of the "," or ")" that ends it)."""
    names, _ = column_layout(tokens)
    starts = [next(i for i, t in enumerate(tokens) if t.start == n.start) for n in names]
    regions = []
    for i in starts:
        depth, j = 0, i
        while not (depth == 0 and tokens[j].text in (",", ")")):
            depth += (tokens[j].text == "(") - (tokens[j].text == ")")
            j += 1
        regions.append((i, j))
    return regions


def _pieces(tokens, first: int, end: int) -> list[tuple[int, int]]:
    """The constraints of tokens ``first``..``end`` (a column's name and type first, or
    the table constraints), as (first token, end token) pieces cut where SQLite cuts them;
    ``CONSTRAINT nm`` is a piece of its own."""
    pieces, start, depth, i = [], None, 0, first
    kind = None
    while i < end:
        tok = tokens[i]
        if depth == 0 and tok.kind == "word" and tok.upper in _STARTS and \
                not _inside(kind, tokens, i, start):
            if start is not None:
                pieces.append((start, i))
            start, kind = i, tok.upper
            if kind == "CONSTRAINT":
                pieces.append((i, i + 2))
                start, kind = (i + 2, tokens[i + 2].upper) if i + 2 < end else (None, None)
                i += 3
                continue
        depth += (tok.text == "(") - (tok.text == ")")
        i += 1
    if start is not None:
        pieces.append((start, end))
    return pieces


def _inside(kind, tokens, i: int, start) -> bool:
    """Whether keyword ``i`` belongs to the piece of ``kind`` begun at ``start``."""
    if i == start:
        return True
    word = tokens[i].upper
    if kind == "FOREIGN" and word == "REFERENCES":
        return not any(t.upper == "REFERENCES" for t in tokens[start:i])
    return kind == "GENERATED" and word == "AS"


def _named(pieces, tokens) -> list[tuple[int, int]]:
    """``pieces`` with each ``CONSTRAINT nm`` joined to the piece it names."""
    joined, i = [], 0
    while i < len(pieces):
        start, end = pieces[i]
        if tokens[start].upper == "CONSTRAINT" and i + 1 < len(pieces):
            i += 1
            end = pieces[i][1]
        joined.append((start, end))
        i += 1
    return joined


def _is_not_null(tokens, piece) -> bool:
    start, _ = piece
    if tokens[start].upper == "CONSTRAINT":
        start += 2
    return tokens[start].upper == "NOT" and start + 1 < len(tokens) \
        and tokens[start + 1].upper == "NULL"


def _all_pieces(tokens) -> list[tuple[int, int]]:
    """Every constraint piece of a CREATE TABLE, in text order."""
    regions = _column_regions(tokens)
    pieces = []
    for first, end in regions:
        pieces += _pieces(tokens, first + 1, end)
    close = closing_paren(tokens, next(i for i, t in enumerate(tokens) if t.text == "("))
    i = regions[-1][1]
    while i < close:                    # table constraints: between commas
        j = i + 1
        depth = 0
        while j < close and not (depth == 0 and tokens[j].text == ","):
            depth += (tokens[j].text == "(") - (tokens[j].text == ")")
            j += 1
        pieces += _pieces(tokens, i + 1, j)
        i = j
    return pieces


def _find(tokens, name: str):
    """The index in ``_all_pieces`` of the first ``CONSTRAINT name`` (None: none)."""
    pieces = _all_pieces(tokens)
    for k, (start, _) in enumerate(pieces):
        if tokens[start].upper == "CONSTRAINT" and start + 1 < len(tokens) and \
                ascii_lower(unquote(tokens[start + 1].text)) == ascii_lower(name):
            return pieces, k
    return None


def _dropped_constraint(sql: str, tokens, name: str) -> str:
    found = _find(tokens, name)
    if found is None:
        raise OperationalError(f"no such constraint: {name}")
    pieces, k = found
    start, end = pieces[k]
    kind = tokens[pieces[k + 1][0]].upper if k + 1 < len(pieces) else None
    if kind in _UNDROPPABLE:
        raise OperationalError(f"constraint may not be dropped: {name}")
    if kind in _WHOLE:
        end = pieces[k + 1][1]
    return _cut(sql, tokens, start, end)


def _cut(sql: str, tokens, start: int, end: int) -> str:
    """``sql`` without tokens ``start``..``end`` and the space around them, as SQLite
    3.54 cuts a constraint out."""
    before, after = tokens[start - 1], tokens[end]
    if before.text == "," and after.text == ",":
        return sql[:before.end] + sql[after.end:]
    if before.text == "," and after.text == ")":
        return sql[:before.start] + sql[after.start:]
    gap = "" if after.text in (",", ")") else " "
    return sql[:before.end] + gap + sql[after.start:]


def _resolve_check(binder, table, clause: str) -> None:
    """ADD CHECK's expression bound against the table's columns alone: SQLite's errors as
    they are (no such column, subqueries prohibited, ...)."""
    names = ", ".join(_quoted(c.name) for c in table.columns)
    _bind_text(binder, table, f"CREATE TABLE {_quoted(table.name)}({names}, {clause})",
               raw=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bind_text(binder, table, sql: str, raw: bool = False):
    """The draft of ``sql`` bound as a CREATE TABLE of an existing table; errors are
    "error in table t after drop constraint: ..." (``raw``: SQLite's message alone)."""
    try:
        return bind_definition(binder, parse(sql)).draft
    except OperationalError as error:
        message = str(error).split(" (line ")[0]
        if raw:
            raise OperationalError(message) from None
        raise OperationalError(f"error in table {table.name} {_AFTER}: {message}") from None
