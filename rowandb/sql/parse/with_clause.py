"""WITH clauses read from the tokens, before sqlglot sees a statement.

SQLite's grammar (parse.y: ``with``, ``wqlist``, ``wqitem``, ``wqas``, ``eidlist``):

    WITH [RECURSIVE] name [(column, ...)] AS [[NOT] MATERIALIZED] (select) [, ...]

before a SELECT or VALUES wherever a select may start (a statement, a parenthesised
subquery, the query of an INSERT, the body of another common table expression), and before
INSERT, REPLACE, UPDATE and DELETE at the start of a statement. sqlglot cannot read all of
these (a WITH before VALUES, REPLACE or ``UPDATE OR``, or inside ``INSERT ... VALUES``) and
reads forms SQLite rejects (``c(x INTEGER)``, ``AS ((SELECT 1))``, PostgreSQL's SEARCH and
CYCLE), so RowanDB reads the clause itself and hands sqlglot only plain statements.

A statement with WITH clauses is cut into *pieces*, each parsed by the parser on its own
(``parser._parse_piece``): the statement after its WITH clause, the query of each common
table expression, and every subquery (or INSERT query) that has a WITH clause of its own.
Every piece is a text as long as the statement, with everything outside the piece blanked
(newlines kept), so each token keeps its offset: errors point at the statement as written
and parameters keep the slots SQLite gives them in the whole statement. In the piece that
contains it, a subquery with a WITH clause is replaced by ``SELECT * FROM <placeholder>``,
a name that occurs nowhere in the statement; the binder binds the piece in its place
(``Parsed.nested``). A WITH keyword anywhere else is left to sqlglot and the parse audit,
which reject it as SQLite does (SQLite reads a misplaced WITH as a name).

Errors are SQLite's: a syntax error at the token its parser stops at, ``syntax error after
column name "x"`` for COLLATE or ASC/DESC in the column list, ``duplicate WITH table name:
x``. Which common table expressions a query uses, and what they mean, is the binder's
business (``bind_cte.py``): a clause nobody references is never bound, as in SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import OperationalError
from .grammar import ends_in_bare_from
from .lexer import JOIN_KEYWORDS, Token, is_name, parameter_slots, syntax_error, unquote
from ...catalog.ascii_case import ascii_lower

_STATEMENTS = frozenset(("SELECT", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE"))
_QUERIES = frozenset(("SELECT", "VALUES"))
# Words after which "(" opens an expression or a FROM item, so "(WITH" starts a subquery.
# After any other word "(" opens a call, a column list or a VALUES row, where SQLite reads
# WITH as a name.
_BEFORE_SUBQUERY = frozenset((
    "SELECT", "DISTINCT", "ALL", "FROM", "JOIN", "ON", "WHERE", "AND", "OR", "NOT", "IN",
    "EXISTS", "WHEN", "THEN", "ELSE", "CASE", "BY", "HAVING", "SET", "LIMIT", "OFFSET", "IS",
    "BETWEEN", "LIKE", "GLOB", "MATCH", "REGEXP", "ESCAPE", "RETURNING"))


@dataclass
class CommonTable:
    """One ``name [(columns)] AS [[NOT] MATERIALIZED] (query)`` of a WITH clause."""
    name: str                       # as written, unquoted
    columns: list[str] | None       # the explicit column list, if any
    materialized: bool | None       # MATERIALIZED: True, NOT MATERIALIZED: False, else None
    body: object                    # the query: a parser.Parsed of its own


@dataclass
class WithClause:
    recursive: bool                 # WITH RECURSIVE: SQLite's recursion does not depend on it
    tables: list[CommonTable] = field(default_factory=list)


def has_with(tokens: list[Token]) -> bool:
    return any(t.kind == "word" and t.upper == "WITH" for t in tokens)


def parse_with(sql: str, tokens: list[Token], parse_piece):
    """The ``parser.Parsed`` of a statement containing the word WITH: that of the statement
    after its own WITH clause, with ``with_`` (that clause) and ``nested`` (its subqueries
    that have one) set. ``parse_piece(text, slots, sql)`` parses one piece."""
    slots, params = parameter_slots(tokens)
    reader = _Reader(sql, tokens, slots, parse_piece)
    parsed = reader.piece(0, len(tokens), statement=True)
    parsed.params = params
    parsed.text = sql
    return parsed


class _Reader:
    def __init__(self, sql: str, tokens: list[Token], slots: dict, parse_piece):
        self.sql, self.tokens, self.slots, self.parse_piece = sql, tokens, slots, parse_piece
        self.closing = _closing_parens(tokens)
        self.count = 0
        lowered = ascii_lower(sql)
        self.prefix = "_w"
        while self.prefix in lowered:
            self.prefix = "_" + self.prefix

    def fail(self, i: int) -> OperationalError:
        return syntax_error(self.sql, self.tokens[i] if i < len(self.tokens) else None)

    def word(self, i: int) -> str:
        return self.tokens[i].upper if i < len(self.tokens) and self.tokens[i].kind == "word" \
            else ""

    # -- a piece ---------------------------------------------------------------------------
    def piece(self, i: int, j: int, statement: bool):
        """Parse tokens[i:j]: a statement (``statement``) or a query, maybe with a WITH
        clause first."""
        clause = None
        if self.word(i) == "WITH":
            clause, i = self.with_clause(i, j)
            heads = _STATEMENTS if statement else _QUERIES
        else:
            heads = _QUERIES | {"WITH"} if not statement else None
        if i >= j:
            raise self.fail(j if j < len(self.tokens) and not statement else len(self.tokens))
        if heads is not None and self.word(i) not in heads:
            raise self.fail(i)
        nested, replaced = {}, []
        for start, end in self.subqueries(i, j):
            name = f"{self.prefix}{self.count}"
            self.count += 1
            nested[name] = self.piece(start, end, statement=False)
            stand_in = f"SELECT * FROM {name}"
            if self.tokens[start - 1].text != "(" and \
                    not ends_in_bare_from(self.tokens, start, end):
                stand_in += " WHERE 1"      # an upsert after it is no join constraint
            replaced.append((start, end, stand_in))
        parsed = self.parse_piece(self.text_of(i, j, replaced), self.slots, self.sql)
        parsed.with_ = clause
        parsed.nested = nested
        return parsed

    def text_of(self, i: int, j: int, replaced: list) -> str:
        """The statement with everything but tokens[i:j] blanked, and each replaced span
        (start, end, stand_in) turned into its stand-in, padded to the same length."""
        tokens, sql = self.tokens, self.sql
        lo, hi = tokens[i].start, tokens[j - 1].end
        parts = [blanked(sql[:lo])]
        at = lo
        for start, end, stand_in in replaced:
            s, e = tokens[start].start, tokens[end - 1].end
            parts.append(sql[at:s])
            parts.append(stand_in + blanked(sql[s + len(stand_in):e]))
            at = e
        parts.append(sql[at:hi])
        parts.append(blanked(sql[hi:]))
        return "".join(parts)

    # -- the clause ------------------------------------------------------------------------
    def with_clause(self, i: int, j: int) -> tuple[WithClause, int]:
        """Read ``WITH [RECURSIVE] item, ...`` from tokens[i]; the clause and the index of
        the token after it."""
        k = i + 1
        clause = WithClause(recursive=self.word(k) == "RECURSIVE")
        k += clause.recursive
        seen: set = set()
        while True:
            table, k = self.common_table(k, j)
            if ascii_lower(table.name) in seen:
                raise OperationalError(f"duplicate WITH table name: {table.name}")
            seen.add(ascii_lower(table.name))
            clause.tables.append(table)
            if k < j and self.tokens[k].text == ",":
                k += 1
                continue
            return clause, k

    def name_at(self, k: int) -> str:
        tok = self.tokens[k] if k < len(self.tokens) else None
        if tok is None or not (is_name(tok) or self.word(k) in JOIN_KEYWORDS):
            raise self.fail(k)
        return unquote(tok.text)

    def common_table(self, k: int, j: int) -> tuple[CommonTable, int]:
        name = self.name_at(k)
        k += 1
        columns = None
        if k < j and self.tokens[k].text == "(":
            columns, k = self.column_list(k + 1)
        if self.word(k) != "AS":
            raise self.fail(k)
        k += 1
        materialized = None
        if self.word(k) == "MATERIALIZED":
            materialized, k = True, k + 1
        elif self.word(k) == "NOT":
            if self.word(k + 1) != "MATERIALIZED":
                raise self.fail(k + 1)
            materialized, k = False, k + 2
        if k >= j or self.tokens[k].text != "(":
            raise self.fail(k)
        close = self.closing.get(k, len(self.tokens))
        if close >= j:
            raise self.fail(len(self.tokens))
        body = self.piece(k + 1, close, statement=False)
        return CommonTable(name, columns, materialized, body), close + 1

    def column_list(self, k: int) -> tuple[list[str], int]:
        """``name [COLLATE name] [ASC|DESC], ...)`` from tokens[k]: the names, and the index
        after the closing parenthesis. SQLite's grammar shares the list with CREATE INDEX,
        then refuses the COLLATE and sort order it allows there."""
        names = []
        while True:
            name = self.name_at(k)
            k += 1
            decorated = False
            if self.word(k) == "COLLATE":
                if k + 1 >= len(self.tokens) or self.tokens[k + 1].kind not in ("word", "quoted",
                                                                                "string"):
                    raise self.fail(k + 1)
                decorated, k = True, k + 2
            if self.word(k) in ("ASC", "DESC"):
                decorated, k = True, k + 1
            if decorated:
                raise OperationalError(f'syntax error after column name "{name}"')
            names.append(name)
            text = self.tokens[k].text if k < len(self.tokens) else None
            if text == ",":
                k += 1
            elif text == ")":
                return names, k + 1
            else:
                raise self.fail(k)

    # -- subqueries with a WITH clause of their own ------------------------------------------
    def subqueries(self, i: int, j: int):
        """(start, end) token spans within tokens[i:j] of the queries that start with WITH
        where a query may start: inside parentheses, and as an INSERT's query."""
        source = self.insert_query(i, j)
        k = i
        while k < j:
            if source is not None and k == source[0]:
                yield source
                k = source[1]
                continue
            if self.word(k) == "WITH" and k > i and self.tokens[k - 1].text == "(" \
                    and self.opens_subquery(k - 1):
                end = self.closing.get(k - 1, len(self.tokens))
                yield k, min(end, j)
                k = end
                continue
            k += 1

    def opens_subquery(self, p: int) -> bool:
        """Whether the "(" at tokens[p] may open a subquery (not a call, a column list or a
        VALUES row)."""
        if p == 0:
            return False
        before = self.tokens[p - 1]
        if before.kind == "op":
            if before.text == ",":
                return not self.in_values_rows(p - 1)
            return before.text != ")"
        return before.kind == "word" and before.upper in _BEFORE_SUBQUERY

    def in_values_rows(self, comma: int) -> bool:
        """Whether the "," at tokens[comma] separates the rows of a VALUES list."""
        while comma > 0 and self.tokens[comma - 1].text == ")":
            opened = next((o for o, c in self.closing.items() if c == comma - 1), None)
            if opened is None or opened == 0:
                return False
            if self.word(opened - 1) == "VALUES":
                return True
            if self.tokens[opened - 1].text != ",":
                return False
            comma = opened - 1
        return False

    def insert_query(self, i: int, j: int):
        """The span of an INSERT's query when it starts with WITH: from the WITH to the
        upsert clause, RETURNING or the end (``INSERT INTO t [AS a] [(cols)] WITH ...``);
        likewise the query of ``CREATE TABLE t AS WITH ...``, to the end."""
        if self.word(i) == "CREATE":
            k = next((k for k in range(i, min(j, i + 10)) if self.word(k) == "AS"), None)
            return (k + 1, j) if k is not None and self.word(k + 1) == "WITH" else None
        if self.word(i) not in ("INSERT", "REPLACE"):
            return None
        k = next((k for k in range(i, j) if self.word(k) == "INTO"), None)
        if k is None:
            return None
        k += 2
        if k < j and self.tokens[k].text == ".":
            k += 2
        if self.word(k) == "AS":
            k += 2
        if k < j and self.tokens[k].text == "(":
            k = self.closing.get(k, j) + 1
        if self.word(k) != "WITH":
            return None
        end, depth = k, 0
        while end < j:
            text = self.tokens[end].text
            depth += (text == "(") - (text == ")")
            if depth == 0 and (self.word(end) == "RETURNING" or (
                    self.word(end) == "ON" and self.word(end + 1) == "CONFLICT")):
                break
            end += 1
        return k, end


def column_list(sql: str, tokens: list[Token], k: int) -> tuple[list[str], int]:
    """A ``(name, ...)`` list read from tokens[k] (just after its "("), as a common table's
    or a view's: the names and the index after the ")"."""
    return _Reader(sql, tokens, {}, None).column_list(k)


def _closing_parens(tokens: list[Token]) -> dict:
    """The index of the ")" that closes each "(" (by the index of the "(")."""
    found, stack = {}, []
    for k, tok in enumerate(tokens):
        if tok.text == "(":
            stack.append(k)
        elif tok.text == ")" and stack:
            found[stack.pop()] = k
    return found


def blanked(text: str) -> str:
    """Spaces in place of ``text``, keeping its line breaks (so lines and columns stay)."""
    return "".join(c if c == "\n" else " " for c in text)
