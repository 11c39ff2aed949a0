"""Tests of the shell (rowandb/cli.py and rowandb/shell/).

Most tests drive ``main()`` with in-memory streams and Python's ``sqlite3.connect`` standing
in for the engine, so they check the shell itself: modes, dot-commands, statement
splitting, error lines and exit status. The statement scanner is cross-checked against
SQLite's ``sqlite3_complete`` and the csv/list/line/table output against the ``sqlite3``
command-line shell. Tests marked "real engine" use ``rowandb.connect``; until the engine
works they report why they did not run (TODO(lead): remove ``require_real_engine`` then).
"""

from __future__ import annotations

import io
import os
import re
import select
import signal
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rowandb import cli
from rowandb.shell.dotcommands import DotCommand, DotCommandError, parse_dot_command
from rowandb.shell.values import format_real
from rowandb.shell.scanner import StatementScanner, is_complete, split_statements
from rowandb.sql.parse.lexer import tokenize

REPO = Path(__file__).resolve().parent.parent


class FakeTerminal(io.StringIO):
    """A stdin that claims to be a terminal, so main() goes interactive."""

    def isatty(self) -> bool:
        return True


def run(argv, stdin_text="", *, connect=sqlite3.connect, tty=False):
    """Run main() and return (status, stdout, stderr)."""
    stdin = (FakeTerminal if tty else io.StringIO)(stdin_text, newline="")  # as cli sets up stdin
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), connect=connect, stdin=stdin, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


SETUP = ("CREATE TABLE t(a INTEGER, b TEXT, c REAL);\n"
         "INSERT INTO t VALUES (1, 'one', 2.5), (22, NULL, -1.0), (3, 'x,\"y', 1e20);\n")


# -- output modes ---------------------------------------------------------------------------

def test_table_mode_is_the_default_with_numbers_right_aligned():
    status, out, err = run([], SETUP + "SELECT a, b, c FROM t ORDER BY a;\n")
    assert (status, err) == (0, "")
    assert out == textwrap.dedent("""\
        +----+------+---------+
        | a  |  b   |    c    |
        +----+------+---------+
        |  1 | one  |     2.5 |
        |  3 | x,"y | 1.0e+20 |
        | 22 |      |    -1.0 |
        +----+------+---------+
        """)


def test_table_mode_spreads_multi_line_values_and_prints_nothing_for_no_rows():
    sql = "SELECT 'ab' || char(10) || 'c' AS v, 7 AS n; SELECT 1 WHERE 0;\n"
    status, out, _ = run([], sql)
    assert status == 0
    assert out == "+----+---+\n| v  | n |\n+----+---+\n| ab | 7 |\n| c  |   |\n+----+---+\n"


def test_csv_mode_quotes_only_where_needed():
    status, out, _ = run(["-csv"], SETUP + "SELECT * FROM t ORDER BY a;\n")
    assert status == 0
    assert out == 'a,b,c\r\n1,one,2.5\r\n3,"x,""y",1.0e+20\r\n22,,-1.0\r\n'


def test_line_mode_has_one_value_per_line_and_blank_lines_between_rows():
    status, out, _ = run([], SETUP + ".mode line\nSELECT a, b AS bee_name FROM t WHERE a < 5 ORDER BY a;\n")
    assert status == 0
    assert out == "       a = 1\nbee_name = one\n\n       a = 3\nbee_name = x,\"y\n"


def test_list_mode_with_separator_nullvalue_and_headers_off():
    script = (SETUP + ".mode list\n.nullvalue NULL\nSELECT a, b FROM t ORDER BY a;\n"
              ".headers off\n.separator ;\nSELECT a, b FROM t ORDER BY a;\n")
    status, out, _ = run([], script)
    assert status == 0
    assert out == "a|b\n1|one\n3|x,\"y\n22|NULL\n1;one\n3;x,\"y\n22;NULL\n"


def test_mode_options_on_the_command_line():
    status, out, _ = run(["-list", "-noheader", "-nullvalue", "-", ":memory:",
                          "SELECT 1, NULL, 'z'"])
    assert (status, out) == (0, "1|-|z\n")


def test_real_values_are_shown_like_sqlite():
    conn = sqlite3.connect(":memory:")
    for value in [1.0, 0.5, -2.25, 1e20, 1e-7, 123456.789, 100.0, 3e100]:
        expected = conn.execute("SELECT CAST(? AS TEXT)", (value,)).fetchone()[0]
        assert format_real(value) == expected


# -- dot-commands ---------------------------------------------------------------------------

def test_tables_lists_tables_and_views_sorted_and_filtered_by_like_pattern():
    script = ("CREATE TABLE zebra(x); CREATE TABLE apple(x); CREATE VIEW avocado AS SELECT 1;\n"
              "CREATE INDEX apple_x ON apple(x);\n.tables\n.tables a%\n.tables 'Z%'\n")
    status, out, _ = run([], script)
    assert status == 0
    assert out.splitlines() == ["apple    avocado  zebra", "apple    avocado", "zebra"]


def test_schema_prints_create_statements_of_a_table_and_its_indexes():
    script = ("CREATE TABLE p(id INTEGER PRIMARY KEY);\nCREATE TABLE c(pid REFERENCES p);\n"
              "CREATE INDEX c_pid ON c(pid);\n.schema c\n.schema\n")
    status, out, _ = run([], script)
    assert status == 0
    assert out.splitlines() == [
        "CREATE TABLE c(pid REFERENCES p);", "CREATE INDEX c_pid ON c(pid);",
        "CREATE TABLE p(id INTEGER PRIMARY KEY);", "CREATE TABLE c(pid REFERENCES p);",
        "CREATE INDEX c_pid ON c(pid);"]


def test_mode_without_argument_reports_it_and_show_lists_settings():
    status, out, _ = run([], ".mode csv\n.mode\n.timer on\n.show\n")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "current output mode: csv"
    assert "        mode: csv" in lines and "       timer: on" in lines
    assert "colseparator: \"|\"" in lines and "    filename: :memory:" in lines


def test_timer_prints_run_time_after_each_statement():
    status, out, _ = run(["-list"], ".timer on\nSELECT 42;\nCREATE TABLE t(x);\n.timer off\nSELECT 1;\n")
    assert status == 0
    lines = out.splitlines()
    timing = re.compile(r"Run Time: real \d+\.\d{3} user \d+\.\d{6} sys \d+\.\d{6}")
    assert lines[:2] == ["42", "42"]
    assert timing.fullmatch(lines[2]) and timing.fullmatch(lines[3])
    assert lines[4:] == ["1", "1"]


COMMAND_NAMES = ["bail", "changes", "databases", "dump", "echo", "eqp", "exit", "headers", "help",
                 "import", "indexes", "mode", "nullvalue", "once", "open", "output", "print",
                 "quit", "read", "schema", "separator", "shell", "show", "tables", "timer",
                 "width"]


def test_help_lists_every_command():
    status, out, _ = run([], ".help\n.help mode\n")
    assert status == 0
    for name in COMMAND_NAMES:
        assert re.search(rf"^\.{name}\b", out, re.M), name
    assert out.endswith(".mode MODE ?TABLE?\n    Set the output mode (no argument: show it); MODE"
                        " is one of box column markdown table json csv tabs line list quote"
                        " insert html\n")


def test_unknown_and_malformed_dot_commands_are_error_lines():
    status, out, err = run([], ".frobnicate\n.mode fancy\n.headers\nSELECT 5;\n")
    assert status == 1
    assert err.splitlines() == [
        'Error: unknown command or invalid arguments: "frobnicate". Enter ".help" for help',
        "Error: usage: .mode MODE ?TABLE?",
        "Error: usage: .headers on|off"]
    assert "5" in out  # the script went on


def test_quit_and_exit_stop_the_script():
    assert run(["-list"], "SELECT 1;\n.quit\nSELECT 2;\n")[:2] == (0, "1\n1\n")
    assert run(["-list"], "SELECT 1;\n.exit 7\nSELECT 2;\n")[:2] == (7, "1\n1\n")
    assert run([], "SELECT * FROM missing;\n.quit\n")[0] == 1


def test_read_runs_a_file_and_names_its_error_lines(tmp_path):
    script = tmp_path / "script.sql"
    script.write_text("CREATE TABLE r(x);\nINSERT INTO r VALUES (4);\n\nSELECT *\n  FROM nope;\n"
                      ".mode list\nSELECT x FROM r;\n")
    status, out, err = run([], f".read '{script}'\nSELECT 9;\n.read {tmp_path}/absent.sql\n")
    assert status == 1
    assert err.splitlines()[0] == "Error: near line 4: no such table: nope"
    assert err.splitlines()[1].startswith(f'Error: cannot open "{tmp_path}/absent.sql"')
    assert out == "x\n4\n9\n9\n"


def test_read_of_itself_stops_at_a_depth_limit(tmp_path):
    script = tmp_path / "loop.sql"
    script.write_text(f".read {script}\n")
    status, _, err = run([], f".read {script}\n")
    assert status == 1
    assert err == f'Error: .read nested too deeply: "{script}"\n'


def test_dot_command_grammar():
    assert parse_dot_command(".tables") == DotCommand("tables")
    assert parse_dot_command('  .schema "a b"  ') == DotCommand("schema", ("a b",))
    assert parse_dot_command(".header ON") == DotCommand("headers", (True,))
    assert parse_dot_command(".exit 3") == DotCommand("exit", (3,))
    assert parse_dot_command('.separator "\\t"') == DotCommand("separator", ("\t",))
    for bad in [".tablesx", ".mode tables", ".quit now", ".exit soon", ".read", "."]:
        with pytest.raises(DotCommandError):
            parse_dot_command(bad)


# -- statements, errors and exit status -----------------------------------------------------

def test_multi_line_statements_strings_comments_and_triggers():
    script = textwrap.dedent("""\
        CREATE TABLE log(msg);
        CREATE TABLE t(x);
        CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
          INSERT INTO log VALUES ('saw; ' || new.x);
        END;
        INSERT INTO t -- a comment; with a semicolon
          VALUES (1); /* block; comment */ INSERT INTO t
          VALUES ('two
        lines;');
        .mode list
        SELECT msg FROM log ORDER BY rowid;
        """)
    status, out, err = run([], script)
    assert (status, err) == (0, "")
    assert out == "msg\nsaw; 1\nsaw; two\nlines;\n"


def test_last_statement_may_lack_a_semicolon():
    assert run(["-list", "-noheader"], "SELECT 1;\nSELECT 2")[:2] == (0, "1\n2\n")


def test_sql_argument_runs_every_statement_and_exits():
    status, out, err = run(["-list", "-noheader", ":memory:",
                            "CREATE TABLE t(x); INSERT INTO t VALUES (5); SELECT x * 2 FROM t;"])
    assert (status, out, err) == (0, "10\n", "")


def test_several_arguments_including_dot_commands(tmp_path):
    database = str(tmp_path / "db.sqlite")
    status, out, _ = run([database, "CREATE TABLE kept(x)", ".tables"])
    assert (status, out) == (0, "kept\n")
    assert run([database, ".mode csv", "SELECT count(*) AS n FROM kept"])[:2] == (0, "n\r\n0\r\n")


def test_error_is_one_line_on_stderr_and_exit_status_is_one():
    status, out, err = run([":memory:", "SELECT * FROM nowhere"])
    assert (status, out) == (1, "")
    assert err == "Error: no such table: nowhere\n"
    status, _, err = run([":memory:", "SELECT 1 FROM"])
    assert err == 'Error: incomplete input\n' or err.startswith('Error: near "FROM"')


def test_script_errors_name_their_line_and_the_script_continues():
    status, out, err = run(["-list"], "SELECT 1;\n\nSELEC 2;\nSELECT 3;\n")
    assert status == 1
    assert err == 'Error: near line 3: near "SELEC": syntax error\n'
    assert out == "1\n1\n3\n3\n"


def test_bail_stops_a_script_at_the_first_error():
    status, out, err = run(["-bail", "-list"], "SELECT 1;\nSELECT nope;\nSELECT 3;\n")
    assert (status, out) == (1, "1\n1\n")
    assert err == "Error: near line 2: no such column: nope\n"
    assert run(["-list"], ".bail on\nSELECT nope;\nSELECT 3;\n")[1] == ""


class _ScriptedConnection:
    """A DB-API connection whose execute() raises the given exception."""

    def __init__(self, exc):
        self.exc, self.closed = exc, False

    def execute(self, sql):
        raise self.exc

    def close(self):
        self.closed = True


def test_rowandb_errors_print_plainly_and_engine_bugs_are_marked_internal():
    from rowandb import errors

    connection = _ScriptedConnection(errors.IntegrityError("FOREIGN KEY constraint failed"))
    status, _, err = run([":memory:", "DELETE FROM p"], connect=lambda *a, **k: connection)
    assert (status, err) == (1, "Error: FOREIGN KEY constraint failed\n")
    assert connection.closed
    buggy = _ScriptedConnection(KeyError("oops"))
    status, _, err = run([":memory:", "SELECT 1"], connect=lambda *a, **k: buggy)
    assert (status, err) == (1, "Error: internal error: KeyError: 'oops'\n")


def test_connect_receives_database_and_autocommit_and_open_failures_are_reported():
    seen = []

    def connect(database, **kwargs):
        seen.append((database, kwargs))
        raise OSError("permission denied")

    status, _, err = run(["some.rowan", "SELECT 1"], connect=connect)
    assert seen == [("some.rowan", {"isolation_level": None})]
    assert (status, err) == (1, 'Error: unable to open database "some.rowan": permission denied\n')


def test_command_line_options():
    status, out, _ = run(["-help"])
    assert status == 0 and out.startswith("Usage: rowandb")
    status, out, _ = run(["--version"])
    assert status == 0 and out.startswith("RowanDB ")
    status, _, err = run(["-frobnicate"])
    assert status == 1 and err.startswith("Error: unknown option: -frobnicate\n")
    assert run(["-nullvalue"])[0] == 1


# -- interactive use ------------------------------------------------------------------------

def test_interactive_prompts_continuation_and_errors_do_not_end_the_session():
    status, out, err = run([], "SELECT\n 6 * 7\n AS answer;\nSELECT nope;\n.mode list\nSELECT 'x';\n",
                           tty=True)
    assert status == 0
    assert err == "Error: no such column: nope\n"
    assert out.startswith('RowanDB ')
    assert "Connected to a transient in-memory database." in out
    assert "rowandb>    ...>    ...> +--------+\n| answer |" in out
    assert out.endswith("rowandb> 'x'\nx\nrowandb> \n")


def test_interactive_exit_code_and_pending_input_at_end_of_file():
    assert run([], "SELECT 1;\n.exit 4\n", tty=True)[0] == 4
    status, out, _ = run(["-list"], "SELECT 8", tty=True)
    assert status == 0 and out.endswith("rowandb>    ...> \n8\n8\n")


# -- compat dispatch ------------------------------------------------------------------------

def test_compat_subcommand_hands_the_rest_of_argv_to_the_compat_runner(monkeypatch):
    calls = []
    fake = types.ModuleType("rowandb.compat.cli")
    fake.main = lambda argv: calls.append(argv) or 3
    monkeypatch.setitem(sys.modules, "rowandb.compat.cli", fake)

    def refuse(*args, **kwargs):
        raise AssertionError("compat must not open a database")

    status, _, _ = run(["compat", "run", "--fast", "x.test"], connect=refuse)
    assert (status, calls) == (3, [["run", "--fast", "x.test"]])


def test_compat_subcommand_reports_a_missing_runner(monkeypatch):
    monkeypatch.setitem(sys.modules, "rowandb.compat.cli", None)  # import now fails
    status, _, err = run(["compat", "run"])
    assert status == 1 and err.startswith("Error: the compat runner is not available")


# -- the statement scanner ------------------------------------------------------------------

_PIECES = ["SELECT", " ", "1", ";", "'", '"', "[", "]", "`", "--", "/*", "*/", "\n", "CREATE",
           "TRIGGER", "TEMP", "END", "BEGIN", "EXPLAIN", "QUERY", "PLAN", "-", "/", "x", "CASE"]


_OPENINGS = ["", "SELECT ", "CREATE TRIGGER x ", "create temp trigger ", "EXPLAIN CREATE TRIGGER ",
             "EXPLAIN QUERY PLAN CREATE TEMPORARY TRIGGER "]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_OPENINGS), st.lists(st.sampled_from(_PIECES), max_size=16))
def test_scanner_agrees_with_sqlite3_complete(opening, pieces):
    text = opening + "".join(pieces)
    assert is_complete(text) == sqlite3.complete_statement(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.integers(1, 7))
def test_scanner_gives_the_same_statements_however_the_input_is_cut(pieces, step):
    text = "".join(pieces)
    whole = split_statements(text)
    scanner = StatementScanner()
    cut = [s for i in range(0, len(text), step) for s in scanner.feed(text[i:i + step])]
    last = scanner.flush()
    assert cut + ([last] if last else []) == whole
    position = 0
    for statement in whole:  # the statements are consecutive pieces of the input
        found = text.find(statement.sql, position)
        # between them: blanks, semicolons and comments (a comment alone is no statement)
        assert found >= 0 and all(t.kind == "semi" for t in tokenize(text[position:found]))
        position = found + len(statement.sql)


def test_split_statements_reports_starting_lines():
    statements = split_statements("SELECT 1;\n\n-- note\nSELECT\n2; ;;\nSELECT 3")
    assert [(s.sql.strip(), s.line) for s in statements] == [
        ("SELECT 1;", 1), ("-- note\nSELECT\n2;", 4), ("SELECT 3", 6)]


# -- differential: the sqlite3 command-line shell -------------------------------------------

_TEXT = st.text(alphabet="ab ,|\"'\n\t\r\x01é", max_size=6)
_VALUE = st.one_of(st.none(), st.integers(-999, 99999), _TEXT,
                   st.integers(-400, 400).map(lambda n: n / 4))


def _insert_script(rows):
    def literal(value):
        if value is None:
            return "NULL"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        return repr(value)
    values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"CREATE TABLE d(a, b, c);\nINSERT INTO d VALUES {values};\n"


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 command-line shell")
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_VALUE, _VALUE, _VALUE), min_size=1, max_size=5),
       st.sampled_from(["csv", "list", "line", "table", "box", "column", "markdown", "json",
                        "tabs", "quote", "insert", "html"]))
@example([(None, None, "\n\r")], "insert")      # both line breaks: replace() nesting order
def test_output_matches_the_sqlite3_shell(rows, mode):
    if mode in ("table", "box", "column", "markdown"):  # RowanDB right-aligns numbers
        rows = [tuple(v if isinstance(v, str) or v is None else str(v) for v in r) for r in rows]
    elif mode in ("json", "quote", "insert"):  # sqlite3 3.40 printed REALs with 20 digits
        rows = [tuple(str(v) if isinstance(v, float) else v for v in r) for r in rows]
    script = _insert_script(rows) + f".mode {mode}\n.headers on\nSELECT * FROM d ORDER BY rowid;\n"
    ours = run([], script)
    theirs = subprocess.run(["sqlite3", ":memory:"], input=script.encode(), capture_output=True,
                            timeout=30)
    assert ours[0] == theirs.returncode == 0
    assert ours[1] == theirs.stdout.decode()


# -- processes: python -m rowandb and a pseudo-terminal -------------------------------------

_STAND_IN = ("import sqlite3, sys\nfrom rowandb.cli import main\n"
             "sys.exit(main(connect=sqlite3.connect))\n")


def _env(**extra):
    env = dict(os.environ, PYTHONPATH=str(REPO), **extra)
    env.pop("PYTHONSTARTUP", None)
    return env


def test_piped_stdin_in_a_process_with_the_sqlite_stand_in():
    script = b"SELECT 1 AS one;\r\nSELECT bad;\nSELECT hex('a\rb\r\nc'), 'caf\xc3\xa9', '\xff';\n"
    done = subprocess.run([sys.executable, "-c", _STAND_IN, "-list", "-noheader"], input=script,
                          capture_output=True, env=_env(PYTHONIOENCODING="utf-8"), timeout=60)
    assert done.returncode == 1
    # CRLF line ends count as LF, a lone CR stays; undecodable bytes do not stop the script
    assert done.stdout.decode() == "1\n610D620A63|caf\u00e9|\ufffd\n"
    assert done.stderr.decode() == "Error: near line 2: no such column: bad\n"


def _read_until(fd, marker, seen, timeout=20.0):
    deadline = time.monotonic() + timeout
    while marker not in seen[0]:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out waiting for {marker!r}; got {seen[0]!r}"
        if select.select([fd], [], [], remaining)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"process ended before {marker!r}; got {seen[0]!r}"
            seen[0] += chunk.decode(errors="replace")
    head, _, tail = seen[0].partition(marker)
    seen[0] = tail
    return head


def _interrupt(fd, seen):
    """Type Ctrl-C and wait for a fresh prompt. CPython's readline misses a SIGINT that
    lands between drawing the prompt and waiting for a key, so pause first and retry."""
    for _ in range(5):
        time.sleep(0.2)
        os.write(fd, b"\x03")
        try:
            return _read_until(fd, "rowandb> ", seen, timeout=3.0)
        except AssertionError:
            continue
    raise AssertionError(f"Ctrl-C never gave a new prompt; got {seen[0]!r}")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_terminal_session_with_ctrl_c_ctrl_d_and_history(tmp_path):
    import pty

    history = tmp_path / "history"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the shell on a terminal
        # a terminal's Ctrl-C reaches it whatever ignored SIGINT above this test (a
        # background job's shell does: `make test &`, and execve keeps an ignored signal)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execve(sys.executable, [sys.executable, "-c", _STAND_IN],
                  _env(ROWANDB_HISTORY=str(history), TERM="dumb"))
    seen = [""]
    try:
        _read_until(fd, "rowandb> ", seen)
        os.write(fd, b"SELECT 2\r")
        _read_until(fd, "   ...> ", seen)
        _interrupt(fd, seen)  # Ctrl-C drops "SELECT 2"
        os.write(fd, b"SELECT 40 + 3 AS total;\r")
        output = _read_until(fd, "rowandb> ", seen)
        assert "| total |" in output and "|    43 |" in output
        os.write(fd, b"\x04")  # Ctrl-D ends the session
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "SELECT 40 + 3 AS total;" in history.read_text()


# -- the real engine (TODO(lead): drop the guard once rowandb.connect works) ----------------

def real_engine_problem() -> str | None:
    """Why rowandb.connect cannot run ``SELECT 1`` yet, or None if it can."""
    try:
        import rowandb

        connection = rowandb.connect(":memory:", isolation_level=None)
        try:
            rows = [tuple(row) for row in connection.execute("SELECT 1").fetchall()]
        finally:
            connection.close()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None if rows == [(1,)] else f"SELECT 1 returned {rows!r}"


def require_real_engine() -> None:
    problem = real_engine_problem()
    if problem is not None:
        note = (f"NOTE: this test needs the real engine, and rowandb.connect is not usable yet "
                f"({problem}). TODO(lead): remove this guard once the engine works.")
        print(note, file=sys.stderr)
        pytest.skip(note)


def test_python_dash_m_rowandb_with_the_real_engine():
    require_real_engine()
    done = subprocess.run([sys.executable, "-m", "rowandb", ":memory:", "SELECT 1"],
                          capture_output=True, text=True, env=_env(), timeout=60, cwd=REPO)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "+---+\n| 1 |\n+---+\n| 1 |\n+---+\n"


def test_script_tables_schema_and_errors_with_the_real_engine():
    require_real_engine()
    script = ("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);\n"
              "CREATE TABLE c(pid INTEGER REFERENCES p(id));\n"
              "INSERT INTO p VALUES (1, 'a');\nINSERT INTO nope VALUES (2);\n"
              ".tables\n.schema c\n.mode csv\nSELECT * FROM p;\n")
    status, out, err = run([], script, connect=None)
    assert status == 1
    assert err == "Error: near line 4: no such table: nope\n"
    assert out == ("c  p\nCREATE TABLE c(pid INTEGER REFERENCES p(id));\n"
                   "id,name\r\n1,a\r\n")


def test_explain_query_plan_is_drawn_as_a_tree_like_sqlite3():
    import rowandb
    script = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b);\nCREATE INDEX tb ON t(b);\n"
              "EXPLAIN QUERY PLAN SELECT * FROM t AS x JOIN t AS y ON x.b = y.a WHERE x.b > 3;\n")
    code, out, err = run([":memory:"], script, connect=rowandb.connect)
    assert (code, err) == (0, "")
    assert out == textwrap.dedent("""\
        QUERY PLAN
        `--PROJECT x.a, x.b, y.a, y.b
           `--NESTED LOOP
              |--FILTER (x.b > 3)
              |  `--SEARCH t AS x USING COVERING INDEX tb (b>?)
              `--FILTER (x.b = y.a)
                 `--SEARCH t AS y USING INTEGER PRIMARY KEY (rowid=?)
        """)


def test_a_word_cut_between_two_pieces_of_input_is_one_word():
    # " CREATE" then "TRIGGER;SELECT" is the word CREATETRIGGER, not CREATE TRIGGER (whose
    # body would run on past the ";"): found by the property test above
    scanner = StatementScanner()
    statements = scanner.feed(" CREATE") + scanner.feed("TRIGGER;SELECT")
    assert [s.sql for s in statements + [scanner.flush()]] == [" CREATETRIGGER;", "SELECT"]
    assert [s.sql for s in split_statements(" CREATETRIGGER;SELECT")] == [" CREATETRIGGER;",
                                                                         "SELECT"]
