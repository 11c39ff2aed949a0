"""A small SQLite-aware scanner that runs before sqlglot.

sqlglot parses the statements, but a few pieces of SQLite's surface syntax it does not keep
the way SQLite means them, so this scanner handles them on the raw text first:

- parameters: ``?``, ``?NNN``, ``:name``, ``@name``, ``$name`` are numbered by SQLite's rules
  and rewritten to ``:__pN`` so the binder finds each occurrence's slot without relying on
  tree-walk order;
- statement boundaries for scripts (``;`` outside strings, identifiers and comments);
- the first keywords of a statement (transaction control, PRAGMA, EXPLAIN, ``UPDATE OR``).

Tokens are ``(kind, text, start, end)`` with kind one of: ``word``, ``quoted`` (a quoted
identifier), ``string``, ``blob``, ``number``, ``param``, ``op``, ``semi``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import OperationalError

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<blob>[xX]'[^']*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])
  | (?P<number>0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<param>\?\d*|[:@$][A-Za-z_0-9]+(?:::[A-Za-z_0-9]+)*)
  | (?P<word>[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*)
  | (?P<semi>;)
  | (?P<op>\|\||<<|>>|<=|>=|==|!=|<>|[-+*/%&|~<>=(),.])
""", re.VERBOSE | re.DOTALL)

_UNTERMINATED = re.compile(r"""'|"|`|\[""")


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(sql: str) -> list[Token]:
    """Tokens of ``sql`` without whitespace and comments."""
    tokens = []
    pos = 0
    length = len(sql)
    match = _TOKEN.match
    while pos < length:
        m = match(sql, pos)
        if m is None:
            char = sql[pos]
            if _UNTERMINATED.match(char):
                raise OperationalError(f"unrecognized token: \"{sql[pos:pos + 20]}\"")
            raise OperationalError(f'unrecognized token: "{char}"')
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, m.group(), pos, m.end()))
        pos = m.end()
    return tokens


def split_statements(sql: str) -> list[str]:
    """The statements of a script, each without its semicolon; empty ones are dropped.
    A CREATE TRIGGER statement runs to its END, past the semicolons of its body."""
    out = []
    start = None
    head: list[str] = []
    for tok in tokenize(sql):
        if tok.kind == "semi":
            in_trigger = "TRIGGER" in head[:4] and head[0] == "CREATE" and head[-1] != "END"
            if start is not None and not in_trigger:
                out.append(sql[start:tok.start])
                start, head = None, []
        else:
            if start is None:
                start = tok.start
            head.append(tok.upper if tok.kind == "word" else tok.text)
    if start is not None:
        out.append(sql[start:])
    return out


def count_statements(sql: str) -> int:
    return len(split_statements(sql))


@dataclass
class Parameters:
    """How a statement's parameter occurrences map to slots (SQLite's numbering rules)."""
    count: int = 0
    names: list = None              # one per slot: the name without prefix, or None

    def __post_init__(self):
        if self.names is None:
            self.names = []


def number_parameters(sql: str, tokens: list[Token]) -> tuple[str, Parameters]:
    """Rewrite every parameter to ``:__pN`` (N = 0-based slot) and return the slot layout.

    SQLite's rules: ``?`` takes the largest slot so far plus one, ``?NNN`` takes slot NNN,
    a name takes the slot it had at its first occurrence, else the next one.
    """
    params = Parameters()
    by_name: dict[str, int] = {}
    pieces = []
    last = 0
    for tok in tokens:
        if tok.kind != "param":
            continue
        text = tok.text
        if text == "?":
            slot = params.count
        elif text[0] == "?":
            number = int(text[1:])
            if not 1 <= number <= 32766:
                raise OperationalError("variable number must be between ?1 and ?32766")
            slot = number - 1
        else:
            slot = by_name.get(text)
            if slot is None:
                slot = params.count
                by_name[text] = slot
        while len(params.names) <= slot:
            params.names.append(None)
        if text[0] != "?":
            params.names[slot] = text[1:]
        params.count = max(params.count, slot + 1)
        pieces.append(sql[last:tok.start])
        pieces.append(f":__p{slot}")
        last = tok.end
    if not pieces:
        return sql, params
    pieces.append(sql[last:])
    return "".join(pieces), params


def unquote(text: str) -> str:
    """The name a (possibly quoted) identifier token stands for."""
    if text[:1] in ('"', "`"):
        return text[1:-1].replace(text[0] * 2, text[0])
    if text[:1] == "[":
        return text[1:-1]
    return text
