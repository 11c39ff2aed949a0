"""The shell's output modes: how a result set (column names + rows) becomes text.

``table`` draws an ASCII grid like ``sqlite3``'s ``.mode table`` (headers centred, numbers
right-aligned, multi-line values spread over several lines, tabs expanded); ``csv`` quotes fields as
sqlite3 does; ``line`` prints ``name = value`` per column with a blank line between rows; ``list``
joins values with a separator. Values are shown the way SQLite's shell shows them: NULL as
the configured null text, REAL with a decimal point (``1.0``, ``1.0e+20``), BLOBs as their
bytes decoded leniently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

MODES = ("table", "csv", "line", "list")
_LINE_BREAK = re.compile(r"\r\n|[\x00-\x08\x0a-\x1f]")
_CSV_NEEDS_QUOTES = re.compile(r"""[\x00-\x20"',\x7f-\U0010ffff]""")


@dataclass
class RenderOptions:
    """The display settings a renderer needs (changed by ``.headers``, ``.nullvalue``...)."""

    headers: bool = True
    nullvalue: str = ""
    separator: str = "|"


def format_value(value: Any, nullvalue: str = "") -> str:
    """The text the shell shows for one SQL value."""
    if value is None:
        return nullvalue
    if isinstance(value, float):
        return format_real(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
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


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _pad(text: str, width: int, align: str) -> str:
    extra = width - display_width(text)
    if align == "right":
        return " " * extra + text
    if align == "center":
        left = extra // 2
        return " " * left + text + " " * (extra - left)
    return text + " " * extra


def render_table(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                 options: RenderOptions) -> None:
    """An ASCII grid with +---+ borders; nothing at all for an empty result."""
    if not rows:
        return
    cells = [[_cell_lines(format_value(v, options.nullvalue)) for v in row] for row in rows]
    widths = [display_width(name) if options.headers else 0 for name in names]
    for row in cells:
        for index, lines in enumerate(row):
            widths[index] = max(widths[index], *(display_width(line) for line in lines))
    border = "+" + "+".join("-" * (width + 2) for width in widths) + "+\n"
    out.write(border)
    if options.headers:
        header = (_pad(name, width, "center") for name, width in zip(names, widths))
        out.write("| " + " | ".join(header) + " |\n")
        out.write(border)
    multi_line = any(len(lines) > 1 for row in cells for lines in row)
    for number, (row, values) in enumerate(zip(cells, rows)):
        if number and multi_line:
            out.write(border)  # as sqlite3 does, rule off rows once any spans lines
        aligns = ["right" if _is_number(value) else "left" for value in values]
        for depth in range(max(len(lines) for lines in row)):
            parts = (_pad(lines[depth] if depth < len(lines) else "", width, align)
                     for lines, width, align in zip(row, widths, aligns))
            out.write("| " + " | ".join(parts) + " |\n")
    out.write(border)


def _cell_lines(text: str) -> list[str]:
    """A table cell's display lines: control characters break lines, tabs stop every 8."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # a trailing line break does not add an empty line
    return [line.expandtabs(8) if "\t" in line else line for line in lines]


def render_csv(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
               options: RenderOptions) -> None:
    """RFC 4180 CSV with CRLF line ends, byte for byte what sqlite3's ``.mode csv`` prints.

    sqlite3 quotes more than Python's csv module would (any blank, quote, comma, control
    or non-ASCII character, and the empty string, which keeps '' apart from NULL); both
    read back the same with ``csv.reader``.
    """
    if not rows:
        return
    if options.headers:
        out.write(",".join(_csv_field(name) for name in names) + "\r\n")
    for row in rows:
        fields = (options.nullvalue if value is None else _csv_field(format_value(value))
                  for value in row)
        out.write(",".join(fields) + "\r\n")


def _csv_field(text: str) -> str:
    if text and not _CSV_NEEDS_QUOTES.search(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def render_line(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """One ``name = value`` line per column, names right-aligned, rows blank-separated."""
    width = max([5, *(display_width(name) for name in names)])  # sqlite3 pads names to 5 or more
    for number, row in enumerate(rows):
        if number:
            out.write("\n")
        for name, value in zip(names, row):
            out.write(f"{_pad(name, width, 'right')} = {format_value(value, options.nullvalue)}\n")


def render_list(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """Values joined by the separator (``|``), one row per line, header line if enabled."""
    if not rows:
        return
    separator = options.separator
    if options.headers:
        out.write(separator.join(names) + "\n")
    for row in rows:
        out.write(separator.join(format_value(v, options.nullvalue) for v in row) + "\n")


Renderer = Callable[[Sequence[str], Sequence[Sequence[Any]], TextIO, RenderOptions], None]

RENDERERS: dict[str, Renderer] = {
    "table": render_table,
    "csv": render_csv,
    "line": render_line,
    "list": render_list,
}


def render(mode: str, names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
           options: RenderOptions) -> None:
    """Write a result set in ``mode`` (one of :data:`MODES`)."""
    RENDERERS[mode](names, rows, out, options)


def render_columns(words: Sequence[str], out: TextIO, line_width: int = 80) -> None:
    """Words in columns filled top to bottom, as ``.tables`` lists names."""
    if not words:
        return
    width = max(display_width(word) for word in words)
    columns = max(1, line_width // (width + 2))
    height = -(-len(words) // columns)
    for row in range(height):
        line = [_pad(words[index], width, "left")
                for index in range(row, len(words), height)]
        out.write("  ".join(line).rstrip() + "\n")


PLAN_COLUMNS = ("id", "parent", "notused", "detail")


def plan_tree(rows: list[tuple]) -> str:
    """EXPLAIN QUERY PLAN rows drawn as a tree, the way sqlite3's shell draws them:

        QUERY PLAN
        |--SCAN t
        `--SEARCH u USING INDEX ...
    """
    children: dict = {}
    for node_id, parent, _, detail in rows:
        children.setdefault(parent, []).append((node_id, detail))
    lines = ["QUERY PLAN"]

    def walk(parent, prefix: str) -> None:
        kids = children.get(parent, [])
        for k, (node_id, detail) in enumerate(kids):
            last = k == len(kids) - 1
            lines.append(f"{prefix}{'`--' if last else '|--'}{detail}")
            walk(node_id, prefix + ("   " if last else "|  "))

    walk(0, "")
    return "\n".join(lines) + "\n"
