"""CREATE TRIGGER and DROP TRIGGER read from the tokens (sqlglot has no trigger statement).

``parse_create_trigger`` reads the header -- ``CREATE [TEMP] TRIGGER [IF NOT EXISTS]
[schema.]name [BEFORE | AFTER | INSTEAD OF] DELETE | INSERT | UPDATE [OF col, ...] ON
[schema.]table [FOR EACH ROW] [WHEN expr] BEGIN`` -- then cuts the body at its top-level
semicolons up to END. The WHEN expression and every step become *pieces*: texts as long as
the statement with everything else blanked (the WHEN behind a ``SELECT``), each parsed on
its own by the ordinary parser, so positions in errors are those of the whole statement.

A step is SQLite's ``trigger_cmd`` (parse.y): an INSERT/REPLACE, UPDATE, DELETE or a
SELECT (WITH and VALUES included), with SQLite's restrictions and messages: no qualified
target table in a trigger of main ("qualified table names are not allowed on INSERT,
UPDATE, and DELETE statements within triggers", raised once binding knows the trigger is
not TEMP: ``TriggerSyntax.qualified``), no INDEXED BY on UPDATE/DELETE, none on INSERT (a syntax
error), no DEFAULT VALUES, no RETURNING, no parameters ("trigger cannot use variables").
``RAISE(kind[, message])`` is allowed in a step and in WHEN: the kind word is replaced,
same length, by a number code sqlglot reads as an argument (``RAISE_KINDS``).

The text sqlite_schema keeps is SQLite's: ``CREATE TRIGGER`` and the statement from the
trigger's name (without schema) to its END.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import OperationalError
from .table_name_places import calls_table_function, names_a_table
from .lexer import Token, creates_trigger, is_nm, syntax_error, tokenize, unquote, uppers

#: RAISE's first argument: the word -> the number code the binder reads back.
RAISE_KINDS = {"IGNORE": 0, "ROLLBACK": 1, "ABORT": 2, "FAIL": 3}
RAISE_NAMES = {code: word for word, code in RAISE_KINDS.items()}
QUALIFIED = ("qualified table names are not allowed on INSERT, UPDATE, and DELETE "
             "statements within triggers")
_STEP_HEADS = ("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE")


@dataclass
class TriggerSyntax:
    name: str
    table: str
    timing: str                     # BEFORE, AFTER or INSTEAD OF
    event: str                      # INSERT, UPDATE or DELETE
    columns: tuple | None           # UPDATE OF's columns
    sql: str                        # as sqlite_schema keeps it
    if_not_exists: bool = False
    when: object = None             # Parsed "SELECT <expr>", or None
    steps: list = field(default_factory=list)   # Parsed, one per body statement
    # A step's qualified target table ("main.t") is SQLite's error for a trigger of main
    # only, which binding decides (bind_trigger.bind_create_trigger): ``qualified`` is that
    # error, ``later_error`` the first error after it, reported for a TEMP trigger.
    qualified: OperationalError | None = None
    later_error: OperationalError | None = None


@dataclass
class DropTrigger:
    name: str
    schema: str | None
    if_exists: bool


class _Reader:
    def __init__(self, sql: str):
        self.sql = sql
        self.tokens = [t for t in tokenize(sql)]
        self.i = 0

    def word(self, k: int = 0) -> str:
        j = self.i + k
        tok = self.tokens[j] if j < len(self.tokens) else None
        return tok.upper if tok is not None and tok.kind == "word" else ""

    def fail(self, k: int = 0) -> OperationalError:
        j = self.i + k
        return syntax_error(self.sql, self.tokens[j] if j < len(self.tokens) else None)

    def expect(self, *words: str) -> None:
        for w in words:
            if self.word() != w:
                raise self.fail()
            self.i += 1

    def take(self, w: str) -> bool:
        if self.word() == w:
            self.i += 1
            return True
        return False

    def name(self) -> tuple[str | None, str, Token]:
        """``[schema.]name``: (schema or None, name, the name's token)."""
        first = self._one_name()
        if self.i < len(self.tokens) and self.tokens[self.i].text == ".":
            self.i += 1
            second = self._one_name()
            return unquote(first.text), unquote(second.text), second
        return None, unquote(first.text), first

    def _one_name(self) -> Token:
        if self.i >= len(self.tokens) or not is_nm(self.tokens[self.i]) \
                or self.tokens[self.i].kind == "semi":
            raise self.fail()
        self.i += 1
        return self.tokens[self.i - 1]


def is_create_trigger(tokens: list[Token]) -> bool:
    return creates_trigger([t.upper for t in tokens[:3]])


def parse_drop_trigger(sql: str) -> DropTrigger:
    r = _Reader(sql)
    r.expect("DROP", "TRIGGER")
    if_exists = r.take("IF")
    if if_exists:
        r.expect("EXISTS")
    schema, name, _ = r.name()
    if r.i < len(r.tokens) and r.tokens[r.i].kind != "semi":
        raise r.fail()
    return DropTrigger(name, schema, if_exists)


def parse_create_trigger(sql: str, parse_piece) -> TriggerSyntax:
    """The statement read; ``parse_piece(text, head_word)`` parses one piece."""
    r = _Reader(sql)
    r.expect("CREATE")
    temp = r.take("TEMP") or r.take("TEMPORARY")
    r.expect("TRIGGER")
    if_not_exists = r.take("IF")
    if if_not_exists:
        r.expect("NOT", "EXISTS")
    schema, name, name_token = r.name()
    timing = _timing(r)
    event, columns = _event(r)
    r.expect("ON")
    table_schema, table, _ = r.name()
    if r.take("FOR"):
        r.expect("EACH", "ROW")
    when_span = _when(r)
    r.expect("BEGIN")
    spans = _body(r)
    syntax = TriggerSyntax(name, table, timing, event, columns,
                           "CREATE TRIGGER " + sql[name_token.start:r.tokens[r.i - 1].end],
                           if_not_exists)
    syntax.schema, syntax.table_schema, syntax.temp = schema, table_schema, temp
    if when_span is not None:
        start, end = when_span
        syntax.when = parse_piece(raise_codes(" " * (start - 7) + "SELECT " + sql[start:end]
                                               + " " * (len(sql) - end)), "SELECT")
    for start, end in spans:
        try:
            piece, qualified = _step(sql, start, end, parse_piece)
        except OperationalError as error:
            if syntax.qualified is None:
                raise
            syntax.later_error = syntax.later_error or error
            continue
        if qualified and syntax.qualified is None:
            syntax.qualified = OperationalError(QUALIFIED)
        syntax.steps.append(piece)
    for piece in ([syntax.when] if syntax.when is not None else []) + syntax.steps:
        if piece.params.count:
            variables = OperationalError("trigger cannot use variables")
            if syntax.qualified is None:
                raise variables
            syntax.later_error = syntax.later_error or variables
    return syntax


def _timing(r: _Reader) -> str:
    if r.take("BEFORE"):
        return "BEFORE"
    if r.take("AFTER"):
        return "AFTER"
    if r.take("INSTEAD"):
        r.expect("OF")
        return "INSTEAD OF"
    return "BEFORE"                     # SQLite's default


def _event(r: _Reader) -> tuple[str, tuple | None]:
    event = r.word()
    if event not in ("INSERT", "UPDATE", "DELETE"):
        raise r.fail()
    r.i += 1
    if event != "UPDATE" or not r.take("OF"):
        return event, None
    columns = [r._one_name()]
    while r.i < len(r.tokens) and r.tokens[r.i].text == ",":
        r.i += 1
        columns.append(r._one_name())
    return event, tuple(unquote(t.text) for t in columns)


def _when(r: _Reader) -> tuple[int, int] | None:
    """The span of the WHEN expression (up to the BEGIN at depth 0)."""
    if not r.take("WHEN"):
        return None
    first, depth = r.i, 0
    if r.word() == "BEGIN" and r.word(1) != "BEGIN":
        raise r.fail(1)                 # BEGIN read as a name, then BEGIN is missing
    while r.i < len(r.tokens):
        tok = r.tokens[r.i]
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and r.word() == "BEGIN" and r.i > first:
            return r.tokens[first].start, r.tokens[r.i - 1].end
        if tok.kind == "semi":
            raise r.fail()
        r.i += 1
    raise r.fail()


def _body(r: _Reader) -> list[tuple[int, int]]:
    """The spans of the body's statements; the reader ends past END."""
    spans = []
    while True:
        if r.word() == "END" and spans:
            r.i += 1
            break
        if r.i >= len(r.tokens):
            raise OperationalError("incomplete input")
        if r.word() not in _STEP_HEADS:
            raise r.fail()
        first, depth = r.i, 0
        while r.i < len(r.tokens) and not (depth == 0 and r.tokens[r.i].kind == "semi"):
            depth += (r.tokens[r.i].text == "(") - (r.tokens[r.i].text == ")")
            r.i += 1
        if r.i >= len(r.tokens):
            raise OperationalError("incomplete input")
        spans.append((r.tokens[first].start, r.tokens[r.i - 1].end))
        r.i += 1                        # the semicolon
    rest = [t for t in r.tokens[r.i:] if t.kind != "semi"]
    if rest:
        raise syntax_error(r.sql, rest[0])
    return spans


def _step(sql: str, start: int, end: int, parse_piece) -> tuple:
    """One body statement, checked for what SQLite refuses in a trigger, then parsed; and
    whether its target table is qualified (a TEMP trigger's may be)."""
    text = " " * start + sql[start:end] + " " * (len(sql) - end)
    tokens = [t for t in tokenize(text) if t.kind != "semi"]
    head = tokens[0].upper
    words = [t.upper if t.kind == "word" else t.text for t in tokens]
    target = None
    if head in ("INSERT", "REPLACE"):
        target = words.index("INTO") + 1 if "INTO" in words else None
    elif head == "UPDATE":
        target = 3 if words[1:2] == ["OR"] else 1
    elif head == "DELETE" and words[1:2] == ["FROM"]:
        target = 2
    qualified = target is not None and target + 1 < len(tokens) and words[target + 1] == "."
    if target is not None:
        after = target + (3 if qualified else 1)
        after += 2 if words[after:after + 1] == ["AS"] else 0
        indexed = words[after:after + 1] == ["INDEXED"] or words[after:after + 2] == ["NOT", "INDEXED"]
        if indexed and head in ("UPDATE", "DELETE"):
            clause = "INDEXED BY" if words[after] == "INDEXED" else "NOT INDEXED"
            raise OperationalError(f"the {clause} clause is not allowed on UPDATE or DELETE "
                                   "statements within triggers")
        if indexed or words[after:after + 1] == ["DEFAULT"]:
            raise syntax_error(text, tokens[after])
    if "RETURNING" in _top_level_words(tokens):
        raise OperationalError("cannot use RETURNING in a trigger")
    return parse_piece(raise_codes(text), head), qualified


def _top_level_words(tokens: list[Token]) -> list[str]:
    depth, out = 0, []
    for tok in tokens:
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.kind == "word":
            out.append(tok.upper)
    return out


#: The statements whose RAISE() outside a trigger is parsed as in one and refused only as
#: SQLite codes it (bind_trigger.bind_raise) -- with CREATE TABLE and CREATE VIEW
#: (``raise_coded``), whose CHECK constraints and query SQLite codes only when a statement
#: uses them; elsewhere (CREATE INDEX, EXPLAIN...) grammar.py refuses it at once.
RAISE_CODED = frozenset(("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE"))


def raise_coded(head: str, tokens: list) -> bool:
    """Whether a statement starting with ``head`` (its ``tokens``) has its RAISE() refused
    only where SQLite codes it (``RAISE_CODED``, CREATE TABLE, CREATE VIEW)."""
    return head in RAISE_CODED or _created(head, tokens) in ("TABLE", "VIEW")


def _created(head: str, tokens: list) -> str | None:
    """What a CREATE statement creates (TABLE, VIEW, INDEX...), or None."""
    at = 2 if len(tokens) > 2 and tokens[1].upper in ("TEMP", "TEMPORARY") else 1
    return tokens[at].upper if head == "CREATE" and len(tokens) > at else None


def raise_codes_outside(sql: str, tokens: list, head: str) -> str | None:
    """``raise_codes(sql)`` for a statement of ``raise_coded`` that calls ``RAISE (``,
    else None. (A view's query is parsed, and coded, on its own: view_syntax.py.) Only a
    statement with a RAISE token has its pairs of tokens visited (``uppers``' list is
    made without a Python step per token)."""
    if raise_coded(head, tokens) and "RAISE" in uppers(tokens) and \
            _created(head, tokens) != "VIEW" and any(
            t.upper == "RAISE" and after.text == "(" for t, after in zip(tokens, tokens[1:])):
        return raise_codes(sql)
    return None


def raise_codes(text: str) -> str:
    """Each ``RAISE(kind`` with its kind word replaced by its number code, padded to the
    word's length; a RAISE without a known kind is SQLite's syntax error at the kind."""
    tokens = tokenize(text)
    for k, tok in enumerate(tokens):
        if tok.kind == "word" and tok.upper == "RAISE" and k + 2 < len(tokens) \
                and tokens[k + 1].text == "(" and not (k and names_a_table(tokens, k)) \
                and not (k and calls_table_function(tokens, k)):
            kind = tokens[k + 2]
            if kind.kind != "word" or kind.upper not in RAISE_KINDS:
                raise syntax_error(text, kind)
            after = tokens[k + 3] if k + 3 < len(tokens) else None
            wants_message = kind.upper != "IGNORE"
            if after is None or after.text != ("," if wants_message else ")"):
                raise syntax_error(text, after)
            code = str(RAISE_KINDS[kind.upper]).ljust(kind.end - kind.start)
            text = text[:kind.start] + code + text[kind.end:]
    return text
