"""SQL text for values and names, as the shell writes them in ``quote``/``insert`` modes and
in ``.dump``, and the LIKE patterns of ``.tables``, ``.schema`` and ``.dump``.

A value becomes a literal that reads back as the same value with the same storage class:
INTEGER as digits, REAL with 15 significant digits or 17 where 15 do not read back exactly,
as SQLite 3.54's ``quote()`` writes it (sqlite3 3.40's shell wrote 20, some of them
inexact), always with a decimal point or exponent (``2.0``, ``1.0e+20``, ``-0.0``; infinities as ``1e999``/``-1e999``, which SQLite and RowanDB both read as
±Inf), TEXT in single quotes with ``''`` doubled, BLOB as ``X'00ff'``. ``insert``/``.dump``
keep line breaks out of the literal with ``replace('a\\nb','\\n',char(10))``, the form the
sqlite3 shell uses, so a dump stays one statement per line; text holding NUL, which
SQL's tokenizer stops at, is spelled ``('a'||char(0)||'b')``. A name is quoted with ``"``
only when it is not a plain identifier or is a keyword (``t``, ``"a b"``, ``"select"``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

from rowandb.shell.values import format_real

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# the inner replace() is the carriage return's, the outer the newline's, as the sqlite3
# shell nests them (shell.c.in, output_quoted_escaped_string)
_BREAKS = (("\r", "char(13)", ("\\r", "\\015")), ("\n", "char(10)", ("\\n", "\\012")))


@functools.cache
def _keywords() -> frozenset[str]:
    from rowandb.sql.parse.lexer import SQLITE_KEYWORDS  # SQLite's keyword list, kept once

    return SQLITE_KEYWORDS


def quote_name(name: str) -> str:
    """``name`` as an SQL identifier, quoted only where it must be."""
    if _PLAIN_NAME.fullmatch(name) and name.upper() not in _keywords():
        return name
    return '"' + name.replace('"', '""') + '"'


def real_literal(value: float) -> str:
    """A REAL literal that reads back as exactly ``value`` (NaN has none: NULL)."""
    if math.isnan(value):
        return "NULL"
    if math.isinf(value):
        return "1e999" if value > 0 else "-1e999"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    return format_real(value)


def text_literal(text: str) -> str:
    """``'text'`` with quotes doubled; line breaks stay as they are."""
    return "'" + text.replace("'", "''") + "'"


def text_literal_one_line(text: str) -> str:
    """A text literal without raw line breaks: ``replace('a\\nb','\\n',char(10))``."""
    if "\n" not in text and "\r" not in text:
        return text_literal(text)
    literal = text_literal(text)
    for char, function, markers in _BREAKS:
        if char not in text:
            continue
        marker = next((m for m in markers if m not in text), None)
        if marker is None:  # both spellings occur already: spell it out piece by piece
            return _concatenated(text)
        literal = f"replace({literal.replace(char, marker)},'{marker}',{function})"
    return literal


def _concatenated(text: str) -> str:
    """``('a'||char(0)||'b')``: for text holding NUL, which no SQL literal can."""
    pieces = re.split(r"([\r\n\x00])", text)
    parts = [f"char({ord(piece)})" if piece in ("\r", "\n", "\x00") else text_literal(piece)
             for piece in pieces if piece]
    return "(" + "||".join(parts) + ")"


def literal(value: Any, *, one_line: bool = False) -> str:
    """Any SQL value as a literal of its own storage class."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return real_literal(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "X'" + bytes(value).hex() + "'"
    text = str(value)
    if "\x00" in text:
        return _concatenated(text)
    return text_literal_one_line(text) if one_line else text_literal(text)


def like_matcher(pattern: Any) -> Callable[[str], bool]:
    """A test for SQL ``LIKE pattern`` (``%``, ``_``, ASCII case folded); None matches all."""
    if pattern is None:
        return lambda name: True
    parts = (".*" if char == "%" else "." if char == "_" else re.escape(char)
             for char in str(pattern))
    regex = re.compile("".join(parts), re.DOTALL | re.IGNORECASE | re.ASCII)
    return lambda name: regex.fullmatch(name) is not None
