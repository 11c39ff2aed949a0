"""Reading a PRAGMA statement as SQLite does: its grammar, and how it reads the argument.

The grammar (SQLite's parse.y)::

    PRAGMA [schema.]name
    PRAGMA [schema.]name = value        PRAGMA [schema.]name(value)
    value: [+]number | -number | a name or string | ON | DELETE | DEFAULT

Names and strings are dequoted; a number is kept as written (``1.5``, ``0x10``), a minus
sign is put in front of its number (``- 5`` reads ``-5``), a plus sign is dropped. Anything
else -- a second value, a parameter, NULL, a number with digit separators -- is SQLite's
syntax error at that token; a statement that stops early is "incomplete input".

The argument is text, and each pragma reads it with one of SQLite's conversions, copied
here in behaviour (src/util.c and src/pragma.c): ``get_int32`` (sqlite3GetInt32: a leading
sign, decimal or ``0x`` hexadecimal digits, the rest ignored; None when it does not fit 32
bits), ``atoi`` (sqlite3Atoi: that, or 0), ``safety_level`` (getSafetyLevel: a number, or
one of on/no/off/false/yes/true/extra/full), ``boolean`` (sqlite3GetBoolean) and
``dec_or_hex_int64`` (sqlite3DecOrHexToI64, strict: the whole text must be the number).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ...errors import OperationalError
from ..parse.lexer import JOIN_KEYWORDS, Token, is_name, syntax_error, unquote
from ...catalog.ascii_case import ascii_lower


class PragmaCall(NamedTuple):
    """One PRAGMA statement: what SQLite's sqlite3Pragma() receives."""
    schema: str | None      # the schema it names, dequoted; None when unqualified
    name: str               # the pragma's name, lower case (names are case-insensitive)
    value: str | None       # the argument as SQLite reads it (zRight); None when none
    raw: str | None         # the argument's token as written, without a sign
    #                         (integrity_check reads it, as SQLite does)
    written_schema: str | None = None   # the schema's token as written (error messages)


_VALUE_KEYWORDS = ("ON", "DELETE", "DEFAULT")


def parse_pragma(sql: str, tokens: list[Token]) -> PragmaCall:
    """The PRAGMA statement ``tokens`` (without the final ``;``), or SQLite's syntax error."""
    reader = _Reader(sql, tokens, 1)
    first = reader.name()
    schema, name, written = None, first, None
    if reader.peek(".") is not None:
        written = tokens[reader.pos - 1].text
        reader.next()
        schema, name = first, reader.name()
    value = raw = None
    if reader.at_end():
        return PragmaCall(schema, ascii_lower(name), None, None, written)
    opener = reader.next()
    if opener.text not in ("=", "("):
        raise syntax_error(sql, opener)
    value, raw = reader.value()
    if opener.text == "(":
        closer = reader.next()
        if closer.text != ")":
            raise syntax_error(sql, closer)
    if not reader.at_end():
        raise syntax_error(sql, reader.next())
    return PragmaCall(schema, ascii_lower(name), value, raw, written)


class _Reader:
    def __init__(self, sql: str, tokens: list[Token], pos: int):
        self.sql, self.tokens, self.pos = sql, tokens, pos

    def at_end(self) -> bool:
        return self.pos >= len(self.tokens)

    def next(self) -> Token:
        if self.at_end():
            raise OperationalError("incomplete input")
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def peek(self, text: str) -> Token | None:
        if not self.at_end() and self.tokens[self.pos].text == text:
            return self.tokens[self.pos]
        return None

    def name(self) -> str:
        token = self.next()
        if not (is_name(token) or token.kind == "word" and token.upper in JOIN_KEYWORDS):
            raise syntax_error(self.sql, token)
        return unquote(token.text)

    def value(self) -> tuple[str, str]:
        token = self.next()
        if token.text in ("+", "-"):
            number = self.number()
            return ("-" if token.text == "-" else "") + number.text, number.text
        if token.kind == "number":
            self.pos -= 1
            text = self.number().text
            return text, text
        if token.kind == "word" and token.upper in _VALUE_KEYWORDS:
            return token.text, token.text
        self.pos -= 1
        return self.name(), token.text

    def number(self) -> Token:
        token = self.next()
        if token.kind != "number" or "_" in token.text:   # 1_000: not a number here
            raise syntax_error(self.sql, token)
        return token


# -- SQLite's readings of the argument ----------------------------------------------------
_INT32 = re.compile(r"([-+]?)(?:0[xX]([0-9a-fA-F]+)|([0-9]*))")


def get_int32(text: str) -> int | None:
    """sqlite3GetInt32: the 32-bit integer ``text`` starts with, else None. A sign, then
    decimal digits (leading zeros skipped, at most 10 significant ones) or -- without a
    sign -- ``0x`` and at most 8 hex digits below 0x80000000; whatever follows is ignored."""
    m = _INT32.match(text)
    sign, hexdigits, digits = m.groups()
    if hexdigits is not None and not sign:
        hexdigits = hexdigits.lstrip("0")
        if len(hexdigits) > 8:
            return None
        value = int(hexdigits or "0", 16)
        return value if value < 0x80000000 else None
    if hexdigits is not None:           # "-0x10": the digits stop at the x
        digits = "0"
    if not digits:
        return None
    digits = digits.lstrip("0")
    if len(digits) > 10:
        return None
    value = int(digits or "0")
    if value - (sign == "-") > 2147483647:
        return None
    return -value if sign == "-" else value


def atoi(text: str | None) -> int:
    """sqlite3Atoi: ``get_int32``, or 0."""
    value = get_int32(text) if text is not None else None
    return 0 if value is None else value


_SAFETY_WORDS = {"on": 1, "no": 0, "off": 0, "false": 0, "yes": 1, "true": 1, "extra": 3,
                 "full": 2}


def safety_level(text: str, omit_full: bool, default: int) -> int:
    """getSafetyLevel: a leading digit reads the text as a number (``atoi``: SQLite 3.54
    as built in apsw takes 256 as true, so no 8-bit cut is observable); else one of the
    words, the last two only without ``omit_full``; else ``default``."""
    if text[:1].isdigit() and text[:1].isascii():
        return atoi(text)
    level = _SAFETY_WORDS.get(ascii_lower(text))
    if level is None or (omit_full and level > 1):
        return default
    return level


def boolean(text: str, default: bool = False) -> bool:
    """sqlite3GetBoolean."""
    return safety_level(text, True, int(default)) != 0


_DECIMAL = re.compile(r"\s*([-+]?)([0-9]+)\s*")
_HEX = re.compile(r"0[xX]0*([0-9a-fA-F]+)")


def dec_or_hex_int64(text: str) -> int | None:
    """sqlite3DecOrHexToI64 when it succeeds: the whole text is a decimal integer within
    64 bits (spaces around it allowed) or ``0x`` and at most 16 hex digits (read as a
    64-bit two's-complement value); None otherwise."""
    m = _HEX.fullmatch(text)
    if m is not None:
        if len(m.group(1)) > 16:
            return None
        value = int(m.group(1), 16)
        return value - (1 << 64) if value >= 1 << 63 else value
    m = _DECIMAL.fullmatch(text)
    if m is None:
        return None
    value = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
    return value if -(1 << 63) <= value < (1 << 63) else None
