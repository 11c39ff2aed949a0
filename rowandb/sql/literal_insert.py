"""An INSERT of literal VALUES run by one compiled statement per shape: ``INSERT [OR
conflict] INTO name [(column, ...)] VALUES (literal, ...)[, (...)]`` is read without
sqlglot, and runs as the same text with a ``?`` for each literal (its *template*),
parsed once and compiled once per schema version, with the literals' values as its
parameters.

Why: the corpus's index/* scripts write their rows with ten to a thousand such INSERTs,
each a new text; on the full path each was parsed, bound and compiled anew -- about
1.4 ms of which running it was 7% (docs/PERFORMANCE.md, branch ``insertquick``).

Why it gives SQLite's answers: a literal's value is the one the binder gives it
(``parse_number``, ``bind_expr._neg``'s negated number, a string's text, NULL), and
nothing SQLite does with an INSERT's VALUES depends on a value being written there
rather than bound to a parameter -- the columns' affinities, constraints, defaults,
generated columns, triggers and conflict clauses see the same values. What is read is a
whitelist: plain names (no keyword, no quotes, no schema), numbers the quick path reads
(decimal, at most 18 digits: ``reader.number_taken``), a minus before one, strings and
NULL; anything else, a trailing clause (ON CONFLICT, RETURNING) included, is declined and
takes the full path. The template's errors are never shown: where compiling it fails
(no such table, a count of values that does not match ...), the statement itself is
parsed and compiled by the full path (``own_executable``), which raises SQLite's error.

A template's executable is shared by the texts of its shape; a statement that would run
it while it runs (a user function's INSERT under a trigger of the same table) gets its
own (``for_run``), as does ``executemany``'s (``Session.execute_many``).
"""

from __future__ import annotations

from ..errors import DatabaseError, OperationalError
from .bind.bind_expr import parse_number
from .parse.lexer import tokenize
from .parse.parser import Parsed
from .prepared import Prepared
from .quick.reader import number_taken, plain_name
from .statement_text import parse_one

_CONFLICTS = frozenset(("ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE"))
_MAX_VALUES = 999           # far below SQLite's 32,766 parameters of a statement
_MAX_TEMPLATES = 64         # a session's templates; all forgotten when more are made


class _Decline(Exception):
    """The text is not an INSERT of literal VALUES this module reads."""


def literal_prepared(statement: str, version: tuple, templates: dict) -> Prepared | None:
    """The cache entry of ``statement`` (one statement, no ``;``) as a run of its template
    with its literals, or None when the text is not such an INSERT. ``templates``: the
    session's, template text -> its ``Prepared``."""
    found = read(statement)
    if found is None:
        return None
    text, values = found
    template = templates.get(text)
    if template is None:
        try:
            parsed = parse_one(text, text)
        except DatabaseError:
            return None
        if parsed.kind != "insert" or parsed.params.count != len(values):
            return None
        if len(templates) >= _MAX_TEMPLATES:
            templates.clear()
        template = templates[text] = Prepared(parsed, version)
    elif template.version != version:   # bound and compiled again from its kept parse
        template = templates[text] = Prepared(template.parsed, version)
    prepared = Prepared(Parsed("insert", statement, glot_text=statement), version)
    prepared.trees_dropped = True       # a new schema version reads the text again
    prepared.template, prepared.literals = template, values
    return prepared


def read(statement: str) -> tuple[str, tuple] | None:
    """(template text, the literals' values) of an INSERT of literal VALUES, else None."""
    if statement[:6].upper() != "INSERT":
        return None
    try:
        tokens = tokenize(statement)
    except OperationalError:
        return None
    if len(tokens) > 4 * _MAX_VALUES:
        return None
    try:
        at = _values_keyword(tokens)
        arities, values = _rows(tokens, at + 1)
    except (_Decline, IndexError):
        return None
    rows = ",".join("(" + ",".join("?" * n) + ")" for n in arities)
    return statement[:tokens[at].end] + rows, tuple(values)


def _values_keyword(tokens: list) -> int:
    """Where VALUES stands after ``INSERT [OR conflict] INTO name [(column, ...)]``."""
    i = 1
    if tokens[i].upper == "OR":
        if tokens[i + 1].upper not in _CONFLICTS:
            raise _Decline
        i += 2
    if tokens[i].upper != "INTO" or not _name(tokens[i + 1]):
        raise _Decline
    i += 2
    if tokens[i].text == "(":
        i += 1
        while _name(tokens[i]) and tokens[i + 1].text == ",":
            i += 2
        if not _name(tokens[i]) or tokens[i + 1].text != ")":
            raise _Decline
        i += 2
    if tokens[i].upper != "VALUES":
        raise _Decline
    return i


def _name(tok) -> bool:
    return tok.kind == "word" and plain_name(tok)


def _rows(tokens: list, i: int) -> tuple[list, list]:
    """Each row's count of literals and all their values, from ``i`` to the end."""
    arities: list = []
    values: list = []
    while True:
        if tokens[i].text != "(":
            raise _Decline
        start = len(values)
        i = _literal(tokens, i + 1, values)
        while tokens[i].text == ",":
            i = _literal(tokens, i + 1, values)
        if tokens[i].text != ")" or len(values) > _MAX_VALUES:
            raise _Decline
        arities.append(len(values) - start)
        i += 1
        if i == len(tokens):
            return arities, values
        if tokens[i].text != ",":
            raise _Decline
        i += 1


def _literal(tokens: list, i: int, values: list) -> int:
    """Append the value of the literal at ``i``; where the next token is."""
    tok = tokens[i]
    kind = tok.kind
    if kind == "string" and tok.text[0] == "'":
        values.append(tok.text[1:-1].replace("''", "'"))
    elif kind == "number" and number_taken(tok.text):
        values.append(parse_number(tok.text))
    elif kind == "word" and tok.upper == "NULL":
        values.append(None)
    elif tok.text == "-" and tokens[i + 1].kind == "number" and \
            number_taken(tokens[i + 1].text):
        # the number negated (bind_expr._neg); -9223372036854775808, which only bind_expr
        # reads as an integer, has more digits than number_taken takes
        values.append(-parse_number(tokens[i + 1].text))
        return i + 2
    else:
        raise _Decline
    return i + 1


def compiled(session, prepared: Prepared):
    """The template's executable, compiled once per schema version (``Session._compile``
    of a statement this module prepared); where compiling it fails, the statement's
    own, compiled by the full path, which raises SQLite's error."""
    template = prepared.template
    try:
        executable = session._compile(template, keep=False)     # its parse kept
    except DatabaseError:
        return own_executable(session, prepared)
    prepared.executable, prepared.reads = executable, template.reads
    return executable


def for_run(session, prepared: Prepared, params: tuple) -> tuple:
    """(executable, parameters) to run ``prepared`` with (``Session._execute``): a
    statement of this module's runs the template's with its literals, any other its own
    with ``params``. An executable runs one statement at a time: where it is running
    already (a user function's statement under a trigger of the statement running it:
    the same text, or another of the same template), this run gets an executable of its
    own, compiled from its text and kept by no cache entry, as SQLite prepares a statement
    anew while its cached one is busy."""
    executable = session._compile(prepared)
    if sum(other.executable is executable for other in session.active) > 1:
        busy = Prepared(session._parse(session._source(prepared), prepared.parsed.text),
                        prepared.version)
        return session._compile(busy, keep=False), params if prepared.literals is None else ()
    if prepared.literals is None:
        return executable, params
    return executable, prepared.literals


def own_executable(session, prepared: Prepared):
    """``prepared`` made the full path's entry of its text: parsed, bound and compiled
    itself, from now on."""
    prepared.parsed = session._parse(session._source(prepared), prepared.parsed.text)
    prepared.template = prepared.literals = prepared.executable = None
    prepared.trees_dropped = False
    return session._compile(prepared)
