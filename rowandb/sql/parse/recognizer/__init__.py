"""SQLite's syntax error for a statement RowanDB could not prepare: the token SQLite names.

RowanDB finds syntax errors with sqlglot and its own checks, which often stop at another
token than SQLite, or fail later (a binding error for a keyword SQLite never read as a
name). SQLite's parser is LALR(1), and an LR parser stops at the first token that makes
the text so far a prefix of no statement of its language -- so any LR parser for the same
language stops at the same token. This package is such a parser, used only as a
recognizer and only on the error path (``session.py`` calls ``syntax_error`` when
preparing a statement fails):

- ``sqlite.lark``: the grammar of the language SQLite accepts;
- ``tables.py``: its LALR table, conflicts resolved as SQLite's parser generator does;
- ``terminals.py``: RowanDB's tokens as SQLite's token classes;
- ``driver.py``: the feeding loop, with SQLite's keyword fallback to a name and wildcard;
- ``early_errors.py``: the errors SQLite raises while parsing, before that token, which
  RowanDB's own error may be; ``actions.py``: those of CREATE TABLE and VALUES it finds
  itself; ``from_actions.py``: those of a FROM clause, found from the driver's
  reductions.

``syntax_error`` returns SQLite's error when the statement is not in the language, None
when it is (RowanDB's own error stands) or when the recognizer cannot tell (a token
class it does not know).
"""

from __future__ import annotations

from ....errors import DatabaseError, InternalError, OperationalError
from ..lexer import syntax_error as _near, tokenize, tokens_before_error
from .driver import END, stop_index
from .early_errors import raised_first
from .actions import action_error
from .from_actions import first_error
from .terminals import terminals


def syntax_error(statement: str, error: Exception | None = None) -> OperationalError | None:
    """SQLite's syntax error for ``statement`` (one statement, with or without the ``;``
    that ends it): ``near "X": syntax error (line N, column M)`` or 'incomplete input';
    None when SQLite's grammar accepts it, when SQLite raises RowanDB's own ``error``
    before it reaches that token (early_errors.py), or when the recognizer cannot tell.
    When RowanDB's ``error`` is given, an action error of a FROM clause SQLite raises
    before that token, or in a statement it accepts, is SQLite's error (from_actions.py).
    A statement with a token SQLite's tokenizer refuses is read up to that token: only a
    syntax error before it is SQLite's first error. A parser action's error read before
    the stop token comes first (actions.py)."""
    try:
        tokens, ending = tokenize(statement), ["SEMI", END]
    except OperationalError:            # an unrecognized token: what comes before it
        tokens, ending, error = tokens_before_error(statement), [], None
    terms = terminals(tokens)
    if "ILLEGAL" in terms:
        return None
    if not ending and terms[-1:] == ["REGISTER"]:
        # SQLite refuses ``#N`` as it reduces it, reading the next token: a token its
        # tokenizer refuses there is the error
        terms[-1] = "VARIABLE"
    if terms[-1:] == ["SEMI"]:
        ending = ending[1:]
    stop = _register_stop(terms + ending, stop_index(terms + ending))
    in_from = None if error is None else first_error(terms + ending, tokens)
    if in_from is not None and (stop is None or in_from[0] < stop) and \
            not raised_first(str(error), tokens, in_from[0]):
        return in_from[1]
    if stop is not None and 0 < stop <= len(terms) and terms[stop - 1] == "SEMI" and \
            stop_index(terms[:stop] + [END]) is None:
        return None                     # a whole statement, then another
    if stop is None or stop >= len(tokens) and not ending or \
            error is not None and raised_first(str(error), tokens, stop):
        return None
    return action_error(tokens, stop) or (
        OperationalError("incomplete input") if stop >= len(tokens) else
        _near(statement, tokens[stop]))


def _register_stop(terms: list[str], stop: int | None) -> int | None:
    """Where SQLite's parser stops when ``stop`` is at ``#N`` (a REGISTER): it takes
    ``#N`` as a VARIABLE and refuses it as it reduces it, at the next token; when that
    token is refused there too, its error is the one left (the parser's second message
    replaces the first: ``VACUUM INTO #1 x`` is 'near "x"')."""
    if stop is None or stop >= len(terms) or terms[stop] != "REGISTER":
        return stop
    after = stop_index(terms[:stop] + ["VARIABLE"] + terms[stop + 1:])
    return after if after == stop + 1 else stop


def sqlite_error(statement: str, error: Exception) -> Exception:
    """The error to raise for ``statement``, which failed to prepare with ``error``:
    SQLite's syntax error when SQLite's grammar refuses the statement, else ``error``
    (a RowanDB bug, InternalError, is never disguised)."""
    if not isinstance(error, DatabaseError) or isinstance(error, InternalError):
        return error
    found = syntax_error(statement, error)
    return error if found is None else found
