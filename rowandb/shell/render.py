"""The shell's output modes: how a result set (column names + rows) becomes text.

The columnar modes (``table``, ``box``, ``markdown``, ``column``) live in ``columnar.py``;
here are the others, each as sqlite3's shell writes it: ``csv`` (RFC 4180, CRLF), ``tabs``,
``list`` (values joined by ``.separator``), ``line`` (``name = value``), ``quote`` (SQL
literals), ``insert TABLE`` (one INSERT per row), ``json`` (an array of objects) and
``html`` (``<TR>`` rows). How one value shows is ``values.py``'s business.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from rowandb.shell import sqltext
from rowandb.shell.columnar import FRAMES, render_columnar
from rowandb.shell.values import RenderOptions, display_width, format_value, pad
from rowandb.sql.parse.char_classes import ascii_and_beyond

MODES = ("box", "column", "markdown", "table", "json", "csv", "tabs", "line", "list", "quote",
         "insert", "html")
# control characters, space, quotes, comma, DEL and every character past ASCII
_CSV_NEEDS_QUOTES = re.compile(ascii_and_beyond(r"""\x00-\x20"',\x7f"""))
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


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
            out.write(f"{pad(name, width, 'right')} = {format_value(value, options.nullvalue)}\n")


def render_list(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """Values joined by the separator (``|``), one row per line, header line if enabled."""
    _joined(options.separator, names, rows, out, options)


def _joined(separator: str, names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
            options: RenderOptions) -> None:
    if not rows:
        return
    end = options.row_separator
    if options.headers:
        out.write(separator.join(names) + end)
    for row in rows:
        out.write(separator.join(format_value(v, options.nullvalue) for v in row) + end)


def render_tabs(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """list mode with a tab between values, whatever ``.separator`` says."""
    _joined("\t", names, rows, out, options)


def render_quote(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                 options: RenderOptions) -> None:
    """Every value as an SQL literal (NULL as ``NULL``), comma-separated; header names as
    text literals."""
    if not rows:
        return
    if options.headers:
        out.write(",".join(sqltext.text_literal(name) for name in names) + "\n")
    for row in rows:
        out.write(",".join(sqltext.literal(value) for value in row) + "\n")


def render_insert(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                  options: RenderOptions) -> None:
    """``INSERT INTO table[(columns)] VALUES(...);`` per row; columns only with headers."""
    target = sqltext.quote_name(options.table_name)
    if options.headers:
        target += "(" + ",".join(sqltext.quote_name(name) for name in names) + ")"
    for row in rows:
        values = ",".join(sqltext.literal(value, one_line=True) for value in row)
        out.write(f"INSERT INTO {target} VALUES({values});\n")


def render_json(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """``[{"a":1,...},\n{...}]``: one object per row, NULL as ``null``, whatever
    ``.headers`` and ``.nullvalue`` say."""
    if not rows:
        return
    objects = ("{" + ",".join(f"{_json_string(name)}:{_json_value(value)}"
                              for name, value in zip(names, row)) + "}" for row in rows)
    out.write("[" + ",\n".join(objects) + "]\n")


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        literal = sqltext.real_literal(value)
        return "null" if literal == "NULL" else literal
    if isinstance(value, int):
        return str(value)
    return _json_string(format_value(value))


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_html(names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
                options: RenderOptions) -> None:
    """``<TR><TH>..</TH>`` and ``<TR><TD>..</TD>`` rows (no ``<TABLE>``), one cell a line."""
    if not rows:
        return
    if options.headers:
        out.write(_html_row("TH", names))
    for row in rows:
        out.write(_html_row("TD", [format_value(v, options.nullvalue) for v in row]))


def _html_row(tag: str, texts: Sequence[str]) -> str:
    cells = (f"<{tag}>{_html_escape(text)}</{tag}>\n" for text in texts)
    return "<TR>" + "".join(cells) + "</TR>\n"


def _html_escape(text: str) -> str:
    return "".join(_HTML_ESCAPES.get(char, char) for char in text)


Renderer = Callable[[Sequence[str], Sequence[Sequence[Any]], TextIO, RenderOptions], None]

RENDERERS: dict[str, Renderer] = {
    "csv": render_csv,
    "line": render_line,
    "list": render_list,
    "tabs": render_tabs,
    "quote": render_quote,
    "insert": render_insert,
    "json": render_json,
    "html": render_html,
}


def render(mode: str, names: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO,
           options: RenderOptions) -> None:
    """Write a result set in ``mode`` (one of :data:`MODES`)."""
    if mode in FRAMES:
        render_columnar(mode, names, rows, out, options)
    else:
        RENDERERS[mode](names, rows, out, options)


def render_columns(words: Sequence[str], out: TextIO, line_width: int = 80) -> None:
    """Words in columns filled top to bottom, as ``.tables`` lists names."""
    if not words:
        return
    width = max(display_width(word) for word in words)
    columns = max(1, line_width // (width + 2))
    height = -(-len(words) // columns)
    for row in range(height):
        line = [pad(words[index], width, "left")
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
