"""How one SQL value appears on screen, and how wide it is there.

Shared by every output mode (``render.py``, ``columnar.py``) and by the SQL literals of
``sqltext.py``: NULL shows as the configured null text, REAL always with a decimal point
(``1.0``, ``1.0e+20``) as SQLite prints it, BLOBs as their bytes decoded leniently. Widths
are terminal cells: East Asian wide and full-width characters take two, combining marks
none.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

_LINE_BREAK = re.compile(r"\r\n|[\x00-\x08\x0a-\x1f]")


@dataclass
class RenderOptions:
    """The display settings a renderer needs (changed by ``.headers``, ``.width``...)."""

    headers: bool = True
    nullvalue: str = ""
    separator: str = "|"
    row_separator: str = "\n"
    widths: list[int] = field(default_factory=list)
    table_name: str = "table"  # for ``.mode insert TABLE``


def format_value(value: Any, nullvalue: str = "") -> str:
    """The text the shell shows for one SQL value."""
    if value is None:
        return nullvalue
    if isinstance(value, float):
        return format_real(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return (data[:data.index(0)] if 0 in data else data).decode("utf-8", errors="replace")
    return str(value)


def format_real(value: float) -> str:
    """A REAL in the style of SQLite's ``%!.15g``: 15 significant digits (17 when 15 do
    not round-trip), always with a decimal point, exponent form as ``1.0e+20``.

    SQLite releases differ in the last digits of some values; this follows 3.40.
    """
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "0.0"  # SQLite has no negative zero in text
    text = f"{value:.15g}"
    if float(text) != value:
        text = f"{value:.17g}"
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{exponent}" if exponent else mantissa


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters count twice."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def is_number(value: Any) -> bool:
    """INTEGER or REAL (right-aligned in the columnar modes)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def pad(text: str, width: int, align: str) -> str:
    """``text`` padded with blanks to ``width`` cells: left, right or center aligned."""
    extra = width - display_width(text)
    if align == "right":
        return " " * extra + text
    if align == "center":
        left = extra // 2
        return " " * left + text + " " * (extra - left)
    return text + " " * extra


def cell_lines(text: str) -> list[str]:
    """A cell's display lines: control characters break lines, tabs stop every 8."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # a trailing line break does not add an empty line
    return [line.expandtabs(8) if "\t" in line else line for line in lines]
