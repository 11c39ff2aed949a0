"""The shell's twelve output modes, ``.width``, ``.nullvalue``, ``.separator`` and Unicode
widths, run through ``rowandb.cli.main`` with the real engine.

The expected texts are written from the sqlite3 shell's documented formats
(https://sqlite.org/cli.html) and were checked by hand against Debian's sqlite3 3.40 CLI;
where RowanDB differs on purpose (numbers right-aligned in the columnar modes, East Asian
wide characters counted as two cells) the test says so. tests/test_cli.py compares every
mode with the sqlite3 CLI byte for byte when one is installed.
"""

from __future__ import annotations

import io
import json
import sqlite3
import textwrap

import apsw
import pytest

import rowandb
from rowandb import cli
from rowandb.shell.sqltext import literal, quote_name, text_literal_one_line


def run(script: str, *argv: str, connect=rowandb.connect) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), connect=connect, stdin=io.StringIO(script, newline=""),
                      stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


DATA = ("CREATE TABLE t(a, b);\n"
        "INSERT INTO t VALUES (1, 'one'), (NULL, 'x,\"y''z'), (-2.5, 'two' || char(10) || 'lines');\n")


def shown(mode: str, *, setup: str = "", query: str = "SELECT * FROM t;") -> str:
    status, out, err = run(DATA + setup + f".mode {mode}\n{query}\n")
    assert (status, err) == (0, "")
    return out


def test_box_rules_off_rows_once_a_value_spans_lines():
    assert shown("box") == textwrap.dedent("""\
        ┌──────┬────────┐
        │  a   │   b    │
        ├──────┼────────┤
        │    1 │ one    │
        ├──────┼────────┤
        │      │ x,"y'z │
        ├──────┼────────┤
        │ -2.5 │ two    │
        │      │ lines  │
        └──────┴────────┘
        """)


def test_table_and_markdown_always_show_the_header():
    assert shown("table", setup=".headers off\n", query="SELECT b FROM t LIMIT 2;") == (
        "+--------+\n|   b    |\n+--------+\n| one    |\n| x,\"y'z |\n+--------+\n")
    assert shown("markdown", setup=".headers off\n") == textwrap.dedent("""\
        |  a   |   b    |
        |------|--------|
        |    1 | one    |
        |      | x,"y'z |
        | -2.5 | two    |
        |      | lines  |
        """)


def test_column_mode_underlines_headers_and_parts_multi_line_rows_with_blank_lines():
    assert shown("column") == ("a     b     \n----  ------\n   1  one   \n\n      x,\"y'z\n\n"
                               "-2.5  two   \n      lines \n")
    assert shown("column", setup=".headers off\n", query="SELECT b FROM t LIMIT 2;") == (
        "one   \nx,\"y'z\n")


def test_width_fixes_wraps_and_right_aligns_columns():
    out = shown("column", setup=".width 3 -4\n", query="SELECT b, a FROM t;")
    assert out == textwrap.dedent("""\
        b       a
        ---  ----
        one     1
                 
        x,"      
        y'z      
                 
        two  -2.5
        lin      
        es       
        """)


def test_width_is_clamped():
    status, out, _ = run(".width 99999999999 -99999999999\n.show\n")
    assert status == 0 and "       width: 30000 -30000" in out.splitlines()


def test_wide_characters_take_two_cells():
    out = shown("box", query="SELECT '漢字' AS w, 'é' AS e;")
    assert out.splitlines()[1:4] == ["│  w   │ e │", "├──────┼───┤", "│ 漢字 │ é │"]


def test_json_mode_writes_an_array_of_objects_whatever_headers_and_nullvalue_say():
    out = shown("json", setup=".headers off\n.nullvalue N\n",
                query="SELECT a, b, x'41' AS c, 1e999 AS d FROM t;")
    assert out == ('[{"a":1,"b":"one","c":"A","d":1e999},\n'
                   '{"a":null,"b":"x,\\"y\'z","c":"A","d":1e999},\n'
                   '{"a":-2.5,"b":"two\\nlines","c":"A","d":1e999}]\n')
    assert json.loads(out.replace("1e999", "0"))[2]["b"] == "two\nlines"


def test_quote_mode_writes_sql_literals():
    out = shown("quote", query="SELECT a, b, x'00ff' AS c FROM t;")
    assert out == ("'a','b','c'\n1,'one',X'00ff'\nNULL,'x,\"y''z',X'00ff'\n"
                   "-2.5,'two\nlines',X'00ff'\n")


def test_insert_mode_names_the_table_and_keeps_each_row_on_one_line():
    out = shown("insert \"my t\"")
    assert out == ('INSERT INTO "my t"(a,b) VALUES(1,\'one\');\n'
                   'INSERT INTO "my t"(a,b) VALUES(NULL,\'x,"y\'\'z\');\n'
                   'INSERT INTO "my t"(a,b) VALUES(-2.5,replace(\'two\\nlines\',\'\\n\','
                   'char(10)));\n')
    assert shown("insert", setup=".headers off\n", query="SELECT 1 AS \"select\";") == (
        'INSERT INTO "table" VALUES(1);\n')


def test_html_tabs_csv_line_and_list_modes():
    assert shown("html", query="SELECT b FROM t LIMIT 2;") == (
        "<TR><TH>b</TH>\n</TR>\n<TR><TD>one</TD>\n</TR>\n<TR><TD>x,&quot;y&#39;z</TD>\n</TR>\n")
    assert shown("tabs", setup=".nullvalue -\n", query="SELECT a, b FROM t LIMIT 2;") == (
        "a\tb\n1\tone\n-\tx,\"y'z\n")
    assert shown("csv", query="SELECT a, b FROM t LIMIT 2;") == (
        'a,b\r\n1,one\r\n,"x,""y\'z"\r\n')
    assert shown("line", query="SELECT a FROM t LIMIT 1;") == "    a = 1\n"
    assert shown("list", setup='.separator ", " ";"\n', query="SELECT a, b FROM t LIMIT 2;") == (
        "a, b;1, one;, x,\"y'z;")


def test_empty_results_print_nothing_in_every_mode():
    for mode in ("box", "column", "markdown", "table", "json", "csv", "tabs", "line", "list",
                 "quote", "insert", "html"):
        assert shown(mode, query="SELECT * FROM t WHERE 0;") == "", mode


def test_show_reports_the_settings():
    status, out, _ = run('.mode insert t2\n.width 4 -2\n.nullvalue "N A"\n.echo on\n.show\n')
    assert status == 0
    lines = out.splitlines()
    for expected in ["        mode: insert t2", '   nullvalue: "N A"', "       width: 4 -2",
                     "        echo: on", "      output: stdout", "    filename: :memory:"]:
        assert expected in lines


@pytest.mark.parametrize("value", [0.1, 1 / 3, -0.0, 2.0, 1e20, 5e-324, 1.7976931348623157e308,
                                   float("inf"), float("-inf"), 2**63 - 1, -(2**63),
                                   b"\x00\xff", "it's\r\nok", "", None])
def test_literals_read_back_as_the_same_value_and_type_in_sqlite_and_rowandb(value):
    for connection in (apsw.Connection(":memory:"), rowandb.connect(":memory:")):
        (back, kind), = connection.execute(
            f"SELECT {literal(value, one_line=True)}, typeof({literal(value)})").fetchall()
        expected_kind = sqlite3.connect(":memory:").execute("SELECT typeof(?)", (value,)).fetchone()[0]
        assert kind == expected_kind
        assert back == value or (isinstance(back, bytes) and back == value)
        if isinstance(value, float):
            assert str(back) == str(value)  # the sign of -0.0 too


def test_names_are_quoted_only_where_needed_and_line_breaks_leave_literals():
    assert [quote_name(n) for n in ["t", "_x1", "a b", "select", "1a", 'q"']] == [
        "t", "_x1", '"a b"', '"select"', '"1a"', '"q"""']
    assert text_literal_one_line("a\\nb\nc") == "replace('a\\nb\\012c','\\012',char(10))"
    tricky = "\\n\\012\n\r\\r\\015"
    for connection in (apsw.Connection(":memory:"), rowandb.connect(":memory:")):
        (back,), = connection.execute(f"SELECT {text_literal_one_line(tricky)}").fetchall()
        assert back == tricky
