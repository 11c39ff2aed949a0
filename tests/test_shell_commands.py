"""The shell's dot-commands beyond output modes — ``.open``, ``.output``/``.once``,
``.indexes``, ``.databases``, ``.changes``, ``.echo``, ``.print``, ``.eqp``, ``.shell``,
``.import`` — and its error lines, run through ``rowandb.cli.main`` with the real engine.
Expected texts follow the sqlite3 shell (checked by hand against Debian's sqlite3 3.40);
where RowanDB decides otherwise (``.import`` is all or nothing, ``.shell`` runs only
interactively) the test says so."""

from __future__ import annotations

import io
import textwrap

import apsw

import rowandb
from rowandb import cli


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(script: str, *argv: str, tty: bool = False) -> tuple[int, str, str]:
    stdin = (FakeTerminal if tty else io.StringIO)(script, newline="")
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), connect=rowandb.connect, stdin=stdin, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# -- databases ------------------------------------------------------------------------------

def test_open_creates_only_where_sqlite3_would_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(".open app.rowan\nCREATE TABLE t(x);\nINSERT INTO t VALUES (1);\n"
                           ".open missing/dir/db.rowan\nSELECT x FROM t;\n.databases\n"
                           ".open app.rowan\n.tables\n", "-list", "-noheader")
    assert status == 1
    assert err.splitlines() == [
        'Created new database "app.rowan"',
        'Error: unable to open database "missing/dir/db.rowan": unable to open database file: '
        "missing/dir/db.rowan: No such file or directory"]
    # a failed .open keeps the database that was open
    assert out == f"1\nmain: {tmp_path}/app.rowan r/w\nt\n"
    assert not (tmp_path / "missing").exists()


def test_open_new_empties_an_existing_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("CREATE TABLE a(x); CREATE VIEW v AS SELECT 1; PRAGMA user_version = 4;\n", "db.rowan")
    status, out, err = run(".open --new db.rowan\n.tables\nPRAGMA user_version;\n",
                           "-list", "-noheader")
    assert (status, out, err) == (0, "0\n", "")


def test_database_argument_that_does_not_exist_is_created_and_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("SELECT 1;\n", "new.rowan", "-list")[2] == 'Created new database "new.rowan"\n'
    assert run("SELECT 1;\n", "new.rowan", "-list")[2] == ""
    status, _, err = run("", "nowhere/x.rowan")
    assert status == 1 and err.startswith('Error: unable to open database "nowhere/x.rowan"')


def test_databases_lists_main_and_its_file():
    assert run(".databases\n")[1] == 'main: "" r/w\n'


# -- listing the schema ---------------------------------------------------------------------

def test_indexes_tables_and_schema_take_like_patterns():
    script = ("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE);\n"
              "CREATE TABLE c(pid REFERENCES p, v);\nCREATE INDEX c_v ON c(v);\n"
              ".indexes\n.indices c\n.tables _\n.schema c%\n")
    status, out, _ = run(script)
    assert status == 0
    assert out.splitlines() == ["c_v                   sqlite_autoindex_p_1", "c_v", "c  p",
                                "CREATE TABLE c(pid REFERENCES p, v);",
                                "CREATE INDEX c_v ON c(v);"]


# -- output ---------------------------------------------------------------------------------

def test_output_and_once_send_results_to_files(tmp_path):
    once, kept = tmp_path / "once.txt", tmp_path / "kept.txt"
    status, out, err = run(f".once {once}\nSELECT 42;\nSELECT 43;\n.output '{kept}'\nSELECT 44;\n"
                           ".print in file\n.output\nSELECT 45;\n.output stdout\n", "-list",
                           "-noheader")
    assert (status, err) == (0, "")
    assert out == "43\n45\n"
    assert once.read_text() == "42\n"
    assert kept.read_text() == "44\nin file\n"
    dumped = tmp_path / "dump.sql"
    status, out, err = run(f"CREATE TABLE t(x);\n.once {once}\n.once {dumped}\n.dump\n.print out\n")
    assert (status, out, err) == (0, "out\n", "")
    assert dumped.read_text().splitlines()[2] == "CREATE TABLE t(x);"
    status, _, err = run(f".output {tmp_path}/no/such/file\nSELECT 1;\n")
    assert status == 1 and err.startswith(f'Error: cannot open "{tmp_path}/no/such/file"')


def test_print_echo_and_changes():
    script = textwrap.dedent("""\
        .print one 'two three' "four\\tfive"
        .echo on
        CREATE TABLE t(x);
        .echo off
        .changes on
        INSERT INTO t VALUES (1), (2);
        UPDATE t SET x = 3 WHERE x = 1;
        .changes off
        DELETE FROM t;
        """)
    status, out, err = run(script, "-list")
    assert (status, err) == (0, "")
    assert run("SELECT 1;\n", "-echo", "-list", "-noheader")[1] == "SELECT 1;\n1\n"
    assert out == ("one two three four\tfive\nCREATE TABLE t(x);\n.echo off\n"
                   "changes: 2   total_changes: 2\nchanges: 1   total_changes: 3\n")


def test_eqp_prints_the_plan_before_the_rows():
    script = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n.eqp on\nSELECT b FROM t WHERE a = 1;\n"
              "INSERT INTO t VALUES (1, 'x');\n.eqp off\nSELECT b FROM t WHERE a = 1;\n")
    status, out, err = run(script, "-list", "-noheader")
    assert (status, err) == (0, "")
    plan = ("QUERY PLAN\n`--PROJECT t.b\n   `--FILTER (t.a = 1)\n"
            "      `--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n")
    assert out.startswith(plan)
    assert out.endswith("x\n") and out.count("QUERY PLAN") >= 1
    full = run(".eqp full\nSELECT 1;\n", "-list", "-noheader")[1]
    assert full.startswith("QUERY PLAN\n") and full.endswith("1\n") and "detail" in full


def test_shell_runs_only_in_an_interactive_session():
    status, _, err = run(".system echo hi\n")
    assert (status, err) == (1, "Error: .shell and .system run only in an interactive session\n")
    status, out, err = run(".shell echo hi there\n.shell exit 3\n", tty=True)
    assert status == 0
    assert "hi there\n" in out and err == "Error: System command returns 3\n"


# -- .import --------------------------------------------------------------------------------

def test_import_creates_a_text_table_from_the_header(tmp_path):
    data = tmp_path / "data.csv"
    data.write_bytes(b'\xef\xbb\xbfname,"the, value"\r\nann,1\r\n"bo ""b""",\r\n"multi\nline",2.5\r\n')
    status, out, err = run(f".import --csv {data} people\n.schema people\n"
                           "SELECT name, \"the, value\", typeof(\"the, value\") FROM people;\n",
                           "-list", "-noheader")
    assert (status, err) == (0, "")
    assert out == ('CREATE TABLE "people"(\n"name" TEXT, "the, value" TEXT);\n'
                   'ann|1|text\nbo "b"||text\nmulti\nline|2.5|text\n')


def test_import_into_an_existing_table_fits_short_and_long_rows(tmp_path):
    data = tmp_path / "rows.csv"
    data.write_text("1,2\n3\n4,5,6\n\n7,8\n")
    script = (f"CREATE TABLE t(x INTEGER, y);\n.import --csv {data} t\n"
              f".import --skip 4 --csv {data} t\nSELECT x, typeof(x), y FROM t;\n")
    status, out, err = run(script, "-list", "-noheader")
    assert status == 0
    fill, cut = "filling the rest with NULL", "extras ignored"
    assert err == "".join(f"{data}:{line}: expected 2 columns but found {found} - {what}\n"
                          for line, found, what in [(2, 1, fill), (3, 3, cut), (4, 1, fill)])
    assert out == "1|integer|2\n3|integer|\n4|integer|5\n|text|\n7|integer|8\n7|integer|8\n"


def test_import_uses_the_list_separator_without_csv_and_a_tab_in_tabs_mode(tmp_path):
    data = tmp_path / "rows.txt"
    data.write_text("a|b\n1|x,y\n")
    assert run(f".import {data} t\nSELECT b FROM t;\n", "-list", "-noheader")[1] == "x,y\n"
    data.write_text("a\tb\n1\tx|y\n")
    assert run(f".mode tabs\n.import {data} t\nSELECT b FROM t;\n", "-noheader")[1] == "x|y\n"
    status, _, err = run(f".import --skip -1 {data} t\n")
    assert (status, err) == (1, "Error: usage: .import ?--csv? ?--skip N? FILE TABLE\n")


def test_a_malformed_or_failing_import_leaves_the_database_as_it_was(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text('a,b\n1,2\n3,"never closed\n4,5\n')
    clash = tmp_path / "clash.csv"
    clash.write_text("k\n1\n2\n1\n")
    script = (f".import --csv {broken} t\nCREATE TABLE u(k UNIQUE);\n.import --csv {clash} u\n"
              f"BEGIN;\nINSERT INTO u VALUES (9);\n.import --csv --skip 1 {clash} u\nCOMMIT;\n"
              ".tables\nSELECT k FROM u;\n")
    status, out, err = run(script, "-list", "-noheader")
    assert status == 1
    assert err.splitlines() == [
        f'Error: {broken}:3: unterminated "-quoted field',
        f"Error: {clash}:4: INSERT failed: UNIQUE constraint failed: u.k",
        f"Error: {clash}:4: INSERT failed: UNIQUE constraint failed: u.k"]
    assert out == "u\n9\n"  # no table t, nothing of clash.csv; the open transaction kept 9
    status, _, err = run(f".import {tmp_path}/absent.csv t\n.import onlyone\n")
    assert status == 1 and err.splitlines() == [
        f'Error: cannot open "{tmp_path}/absent.csv": No such file or directory',
        "Error: usage: .import ?--csv? ?--skip N? FILE TABLE"]


def test_import_shows_progress_for_a_large_file_on_a_terminal(tmp_path, monkeypatch):
    from rowandb.shell import csvimport

    monkeypatch.setattr(csvimport, "PROGRESS_BYTES", 10)
    monkeypatch.setattr(csvimport, "PROGRESS_EVERY", 2)
    data = tmp_path / "big.csv"
    data.write_text("n\n" + "".join(f"{i}\n" for i in range(5)))
    connection = rowandb.connect(":memory:", isolation_level=None)
    warn = io.StringIO()
    assert csvimport.import_csv(connection, str(data), "t", warn=warn, progress=True) is None
    assert warn.getvalue() == ("\r2 of 5 rows imported\r4 of 5 rows imported"
                               "\r5 of 5 rows imported\n")
    assert connection.execute("SELECT count(*) FROM t").fetchone()[0] == 5


def test_imported_rows_match_what_sqlite_imports(tmp_path):
    """The same CSV bound as text into the same table gives the same cells in SQLite."""
    data = tmp_path / "mixed.csv"
    data.write_text("i,r,t\n1,2.5,x\n0x10,1e3, y \n-0,,\"\"\n")
    script = (f"CREATE TABLE m(i INTEGER, r REAL, t TEXT);\n.import --csv --skip 1 {data} m\n"
              ".mode quote\nSELECT i, typeof(i), r, typeof(r), t, typeof(t) FROM m;\n")
    ours = run(script, "-noheader")[1]
    oracle = apsw.Connection(":memory:")
    oracle.execute("CREATE TABLE m(i INTEGER, r REAL, t TEXT)")
    for row in [("1", "2.5", "x"), ("0x10", "1e3", " y "), ("-0", "", "")]:
        oracle.execute("INSERT INTO m VALUES (?, ?, ?)", row)
    theirs = oracle.execute("SELECT quote(i), typeof(i), quote(r), typeof(r), quote(t), typeof(t)"
                            " FROM m").fetchall()
    assert ours == "".join(f"{i},'{ti}',{r},'{tr}',{t},'{tt}'\n" for i, ti, r, tr, t, tt in theirs)


# -- errors ---------------------------------------------------------------------------------

def test_syntax_errors_name_the_token_and_the_line_like_sqlite3():
    script = "SELECT 1;\nSELEC 2;\nSELECT\n  1 FROM;\nSELECT * FROM nope;\nSELECT 'open\n"
    status, out, err = run(script, "-list", "-noheader")
    assert status == 1 and out == "1\n"
    assert err.splitlines() == ['Error: near line 2: near "SELEC": syntax error',
                                'Error: near line 3: near ";": syntax error',
                                "Error: near line 5: no such table: nope",
                                "Error: near line 6: unrecognized token: \"'open\n\""
                                .splitlines()[0]]
    status, _, err = run("", ":memory:", "SELEC 1")
    assert (status, err) == (1, 'Error: near "SELEC": syntax error\n')


def test_a_dot_command_that_fails_unexpectedly_is_an_error_line_not_a_crash(monkeypatch):
    from rowandb.shell import commands

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(commands, "like_matcher", broken)
    status, out, err = run(".tables\nSELECT 5;\n", "-list", "-noheader")
    assert (status, out, err) == (1, "5\n", "Error: internal error: ValueError: boom\n")
