"""The columnar output modes: ``table`` (ASCII grid), ``box`` (Unicode lines), ``markdown``
and ``column`` (blank-separated, headers underlined), as sqlite3's shell draws them.

Every column is as wide as its widest line, measured in terminal cells (East Asian wide
characters count two, combining marks none). ``.width N ...`` fixes a column's width: longer
values wrap onto further lines, and a negative width right-aligns. Without a width, numbers
are right-aligned and text left-aligned (sqlite3 3.40 left-aligns numbers too; RowanDB
keeps numbers readable). Line breaks inside a value spread it over several lines; then
table and box rule off every row and column mode leaves a blank line between rows.
``table``, ``box`` and ``markdown`` always show the header, as sqlite3 does; ``column``
follows ``.headers``. An empty result prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO


from rowandb.shell.values import (
    RenderOptions, cell_lines, display_width, format_value, is_number, pad,
)


@dataclass(frozen=True)
class Frame:
    """The characters of one style: rules are (left, fill, joint, right) or None."""

    top: tuple[str, str, str, str] | None
    middle: tuple[str, str, str, str] | None  # under the header, and between rows
    bottom: tuple[str, str, str, str] | None
    row: tuple[str, str, str]  # left edge, column separator, right edge
    header_align: str | None  # None: the column's own alignment
    rule_rows: bool  # rule off rows once any value spans lines
    always_header: bool


FRAMES = {
    "table": Frame(("+", "-", "+", "+"), ("+", "-", "+", "+"), ("+", "-", "+", "+"),
                   ("| ", " | ", " |"), "center", True, True),
    "box": Frame(("┌", "─", "┬", "┐"), ("├", "─", "┼", "┤"), ("└", "─", "┴", "┘"),
                 ("│ ", " │ ", " │"), "center", True, True),
    "markdown": Frame(None, ("|", "-", "|", "|"), None, ("| ", " | ", " |"), "center",
                      False, True),
    "column": Frame(None, None, None, ("", "  ", ""), None, False, False),
}


def render_columnar(mode: str, names: Sequence[str], rows: Sequence[Sequence[Any]],
                    out: TextIO, options: RenderOptions) -> None:
    """Write ``rows`` in the columnar ``mode`` (a key of :data:`FRAMES`)."""
    if not rows:
        return
    frame = FRAMES[mode]
    show_header = frame.always_header or options.headers
    fixed = [options.widths[i] if i < len(options.widths) else 0 for i in range(len(names))]
    cells = [[_wrap(cell_lines(format_value(v, options.nullvalue)), abs(w))
              for v, w in zip(row, fixed)] for row in rows]
    heads = [_wrap([name], abs(w))[:1] if w else [name] for name, w in zip(names, fixed)]
    widths = [abs(w) if w else max([display_width(h[0]) if show_header else 0,
                                     *(display_width(line) for row in cells for line in row[i])])
              for i, (h, w) in enumerate(zip(heads, fixed))]
    rule = _ruler(widths, mode == "column")
    multi_line = any(len(lines) > 1 for row in cells for lines in row)
    if frame.top:
        out.write(rule(frame.top))
    if show_header:
        aligns = [frame.header_align or _fixed_align(w) for w in fixed]
        out.write(_line(frame, [h[0] for h in heads], widths, aligns))
        out.write(rule(frame.middle) if frame.middle else rule(("", "-", "  ", "")))
    for number, (row, values) in enumerate(zip(cells, rows)):
        if number and multi_line:
            if frame.rule_rows and frame.middle:
                out.write(rule(frame.middle))
            elif mode == "column":
                out.write("\n")
        aligns = [_fixed_align(w) if w else ("right" if is_number(v) else "left")
                  for v, w in zip(values, fixed)]
        for depth in range(max(len(lines) for lines in row)):
            parts = [lines[depth] if depth < len(lines) else "" for lines in row]
            out.write(_line(frame, parts, widths, aligns))
    if frame.bottom:
        out.write(rule(frame.bottom))


def _fixed_align(width: int) -> str:
    return "right" if width < 0 else "left"


def _ruler(widths: list[int], bare: bool):
    def rule(parts: tuple[str, str, str, str]) -> str:
        left, fill, joint, right = parts
        pieces = [fill * (w if bare else w + 2) for w in widths]
        return left + joint.join(pieces) + right + "\n"
    return rule


def _line(frame: Frame, parts: list[str], widths: list[int], aligns: list[str]) -> str:
    left, separator, right = frame.row
    padded = (pad(text, width, align) for text, width, align in zip(parts, widths, aligns))
    return left + separator.join(padded) + right + "\n"


def _wrap(lines: list[str], width: int) -> list[str]:
    """Lines cut into pieces of at most ``width`` cells (0: no limit)."""
    if not width:
        return lines
    pieces: list[str] = []
    for line in lines:
        current, used = "", 0
        for char in line:
            size = display_width(char)
            if used + size > width and current:
                pieces.append(current)
                current, used = "", 0
            current += char
            used += size
        pieces.append(current)
    return pieces
