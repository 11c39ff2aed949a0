"""Errors SQLite raises while it is still parsing, before the token its grammar stops at.

SQLite's parser runs an action as it reduces each rule, and some actions fail: a column
defined twice, a table constraint naming a column not defined yet, a trigger on a table
that does not exist, an unknown join type. The tokenizer loop stops after the token whose
look-ahead made the parser reduce that rule -- unless that very token is the syntax
error, whose message then replaces the action's. So RowanDB's own error stands when it is
such an action's and the phrase that raises it ends before the stop token:

- 'no such column: X' in CREATE TABLE when X is in a PRIMARY KEY or UNIQUE table
  constraint's list closed before the stop token (a CHECK's names are resolved only at
  the end of the statement, as are an index's and a view's);
- a trigger's 'no such table' (and the header's other errors) when its ``BEGIN`` comes
  before the stop token; a table's 'already exists' when its ``(`` or ``AS`` does;
- 'unknown join type' when the token after its ``JOIN`` does; 'cannot use RETURNING in a
  trigger' when the returned list does, a trigger step's INDEXED BY error when the token
  after it does; a column's 'no such collation sequence' when the token after ``COLLATE
  name`` does; 'duplicate column name' and 'unknown table option' when actions.py
  finds them read before the stop token; a DEFAULT's 'not constant' when the token after
  the DEFAULT clause does; a name list's 'syntax error after column name' when the ``,``
  or ``)`` after the item does;
- the other messages only actions raise (``_ALWAYS``), whatever follows: the phrases are
  short, and RowanDB reaches them only when it read the statement that far.
"""

from __future__ import annotations

from ....catalog.ascii_case import ascii_upper
from ..lexer import JOIN_KEYWORDS, Token, closing_paren, unquote
from .actions import action_error

_ALWAYS = (
    "unknown column", "number of columns in foreign key",
    "foreign key on ", "duplicate WITH table name", "unsupported frame specification",
    "DISTINCT is not supported for window functions", "too many arguments on function",
    "variable number must be between", "too many SQL variables",
    "qualified table names are not allowed", "all VALUES must have the same number",
    "IN(...) element has",
    "generated columns cannot be part of", "temporary trigger may not have qualified name",
    "temporary table name must be unqualified", "parser stack overflow",
    "Expression tree is too large", "unrecognized token",
)
# Messages raised as a phrase is reduced: the phrase's first words, and the index (from
# them) of the look-ahead that reduces it, which must come before the stop token.
_PHRASES = {
    "cannot use RETURNING in a trigger": (["RETURNING"], 2),
    "the INDEXED BY clause is not allowed": (["INDEXED", "BY"], 3),
    "the NOT INDEXED clause is not allowed": (["NOT", "INDEXED"], 2),
}
_HEADER = ("no such table", "already exists", "cannot create", "object name reserved",
           "there is already", "unknown database")


def raised_first(message: str, tokens: list[Token], stop: int) -> bool:
    """Whether SQLite raises ``message`` (RowanDB's error for ``tokens``) before it reads
    ``tokens[stop]``, where its grammar stops."""
    if message.startswith(_ALWAYS):
        return True
    ups = [t.upper for t in tokens[:stop]]
    if ups[:1] == ["CREATE"]:
        if message.startswith("no such column: ") and "TABLE" in ups:
            return ascii_upper(message[16:]) in _key_list_names(tokens[:stop - 1])
        if message.startswith("no such collation sequence: "):
            return any(ups[i] == "COLLATE" and unquote(tokens[i + 1].text) == message[28:]
                       for i in range(len(ups) - 2))
        if message.startswith(_HEADER):
            return _header_read(message, ups)
    if message.startswith("default value of column ["):
        return _default_read(message[25:message.find("]")], tokens, stop)
    if message.startswith('syntax error after column name "'):
        return _item_read(message[32:-1], tokens, stop)
    if message.startswith("unknown join type: "):
        return _join_type_read(ascii_upper(message[19:]).split(), ups, stop)
    if message.startswith(("duplicate column name", "unknown table option")):
        return action_error(tokens, stop) is not None
    for start, (words, ahead) in _PHRASES.items():
        if message.startswith(start):
            return any(ups[i:i + len(words)] == words for i in range(stop - ahead))
    return False


def _default_read(column: str, tokens: list[Token], stop: int) -> bool:
    """Whether ``column``'s DEFAULT clause, reduced with the token after it, ends before
    the token before the stop token."""
    for i in range(len(tokens) - 2):
        if unquote(tokens[i].text) == column and tokens[i + 1].upper != "(":
            at = next((j for j in range(i + 1, min(stop, len(tokens))) if
                       tokens[j].upper == "DEFAULT"), None)
            if at is None or at + 1 >= len(tokens):
                return False
            end = closing_paren(tokens, at + 1) if tokens[at + 1].text == "(" else \
                at + 1 + (tokens[at + 1].text in "+-")
            return end + 1 < stop
    return False


def _item_read(column: str, tokens: list[Token], stop: int) -> bool:
    """Whether the name list item ``column COLLATE x`` / ``column ASC`` ends (at the
    ``,`` or ``)`` after it) before the stop token."""
    for i in range(len(tokens) - 1):
        if unquote(tokens[i].text) == column and tokens[i + 1].upper in (
                "COLLATE", "ASC", "DESC"):
            end = next((j for j in range(i + 1, len(tokens)) if tokens[j].text in ",)"),
                       len(tokens))
            return end < stop
    return False


def _join_type_read(words: list[str], ups: list[str], stop: int) -> bool:
    """Whether ``words`` then JOIN, after a FROM item, come before the token before the
    stop token (the join operator is reduced with the token after its JOIN)."""
    n = len(words)
    return any(ups[i:i + n] == words and ups[i + n] == "JOIN" and ups[i - 1] not in
               _NOT_BEFORE_JOIN_WORDS for i in range(1, stop - n - 1))


# The words before which a join word is no join operator's first: a name, or the operator
# goes on from an earlier join word (``LEFT OUTER JOIN`` holds no operator ``OUTER``).
_NOT_BEFORE_JOIN_WORDS = frozenset(("FROM", ",", "JOIN", "(")) | JOIN_KEYWORDS


def _header_read(message: str, ups: list[str]) -> bool:
    """Whether the CREATE TRIGGER or CREATE TABLE header whose action raises ``message``
    was complete before the stop token (``ups``: the tokens before it)."""
    if "TRIGGER" in ups[:4]:
        return "BEGIN" in ups
    return "TABLE" in ups[:4] and not message.startswith("no such table") and \
        any(u in ("(", "AS") for u in ups[2:])


def _key_list_names(tokens: list[Token]) -> set[str]:
    """The names in the PRIMARY KEY (...) and UNIQUE (...) lists closed in ``tokens``."""
    names: set[str] = set()
    for i, tok in enumerate(tokens):
        opens = tok.upper == "UNIQUE" and i + 1 or \
            tok.upper == "KEY" and i and tokens[i - 1].upper == "PRIMARY" and i + 1
        if opens and opens < len(tokens) and tokens[opens].text == "(":
            inside = set()
            for inner in tokens[opens + 1:]:
                if inner.text == ")":
                    names |= inside
                    break
                if inner.kind in ("word", "quoted", "string"):
                    inside.add(ascii_upper(unquote(inner.text)))
    return names
