"""Tests of the sqllogictest runner (rowandb.compat): the lark record grammar, value
rendering (differentially against SQLite through apsw where SQLite can be asked), sorting
and hashing, the runner's rules (skipif/onlyif, halt, hash-threshold, labels, errors,
time limits), the command line, and a run of the shared corpus on SQLite itself."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import apsw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowandb.compat import cli, corpus, render
from rowandb.compat.engines import Engine, RowandbEngine, SqliteEngine
from rowandb.compat.records import (Halt, HashThreshold, Query, ScriptSyntaxError, Statement,
                                    parse_script, read_script)
from rowandb.compat.report import Progress
from rowandb.compat.runner import FileResult, run_file, run_script
from compat_corpus import require_corpus

REPO = Path(__file__).resolve().parents[1]


def script(text: str):
    return parse_script(textwrap.dedent(text).lstrip("\n"))


def run_text(text: str, engine: Engine | str = "sqlite", **kwargs) -> FileResult:
    return run_script(script(text), engine, path="inline.test", **kwargs)


# --- grammar / parser ------------------------------------------------------------------

def test_parses_statements_with_multiline_sql_and_inline_comments():
    records = script("""
        statement ok
        CREATE TABLE t1(a INTEGER,
        # a comment inside the SQL is dropped
          b TEXT)

        statement error
        INSERT INTO nope VALUES(1)
    """).records
    assert records == [
        Statement(line=1, sql="CREATE TABLE t1(a INTEGER,\n  b TEXT)", expect_error=False),
        Statement(line=6, sql="INSERT INTO nope VALUES(1)", expect_error=True),
    ]


def test_parses_query_header_results_and_hash_line():
    first, second, third = script("""
        query ITR rowsort label-7
        SELECT a, b,
               c FROM t
        ----
        1
        x y
        2.500

        query I
        SELECT 1 WHERE 0

        query II valuesort
        SELECT a, b FROM t
        ----
        30 values hashing to 3c13dee48d9356ae19af2515e05e6b54
    """).records
    assert (first.types, first.sort_mode, first.label) == ("ITR", "rowsort", "label-7")
    assert first.sql == "SELECT a, b,\n       c FROM t"
    assert first.expected == ("1", "x y", "2.500") and first.expected_hash is None
    assert (second.sort_mode, second.label, second.expected) == ("nosort", None, ())
    assert third.expected_hash == (30, "3c13dee48d9356ae19af2515e05e6b54")


def test_parses_conditions_halt_and_hash_threshold():
    records = script("""
        hash-threshold 20

        onlyif mysql # DIV for integer division
        skipif postgresql
        query I nosort
        SELECT 1
        ----
        1

        onlyif mssql
        halt
    """).records
    threshold, query, halt = records
    assert threshold == HashThreshold(line=1, value=20)
    assert [(c.kind, c.engine) for c in query.conditions] == [("onlyif", "mysql"),
                                                             ("skipif", "postgresql")]
    assert isinstance(halt, Halt) and halt.line == 11 and halt.conditions[0].engine == "mssql"


def test_result_lines_that_look_like_headers_stay_results():
    (query,) = script("""
        query T nosort
        SELECT x FROM t
        ----
        halt
        statement ok
        ----
    """).records
    assert query.expected == ("halt", "statement ok", "----")


def test_crlf_line_endings_extra_blank_lines_and_no_final_newline():
    text = "\r\n\r\nstatement ok\r\nSELECT 1\r\n\r\n\r\n# c\r\n\r\nquery I nosort\r\nSELECT 2\r\n----\r\n2"
    records = parse_script(text).records
    assert [type(r) for r in records] == [Statement, Query]
    assert records[1].expected == ("2",) and records[1].line == 9


@pytest.mark.parametrize("bad, line", [
    ("statement ok\nSELECT 1\n\nbogus line\n", 4),
    ("query X nosort\nSELECT 1\n", 1),
    ("query I sideways\nSELECT 1\n", 1),
    ("statement maybe\nSELECT 1\n", 1),
    ("statement ok\n\n", 2),
])
def test_malformed_scripts_name_the_line(bad, line):
    with pytest.raises(ScriptSyntaxError) as info:
        parse_script(bad)
    assert info.value.line == line


def test_every_shared_script_parses_quickly_into_the_records_it_holds():
    base = require_corpus()
    started = time.perf_counter()
    for path in sorted(base.rglob("*.test")):
        parsed = read_script(path).records
        lines = path.read_text().replace("\r", "").split("\n")
        headers = sum(1 for line in lines if line.startswith(("statement ", "query ")))
        assert sum(isinstance(r, (Statement, Query)) for r in parsed) == headers, path
    elapsed = time.perf_counter() - started
    assert elapsed < 60, f"parsing the corpus took {elapsed:.1f}s"


# --- rendering -------------------------------------------------------------------------

def test_render_null_empty_and_unprintable():
    assert [render.render_value(None, t) for t in "ITR"] == ["NULL"] * 3
    assert render.render_value("", "T") == "(empty)"
    assert render.render_value("", "I") == "0"
    assert render.render_value("a\tb\x7f", "T") == "a@b@"
    assert render.render_value("café", "T") == "caf@@"  # two UTF-8 bytes, byte by byte
    assert render.render_value(b"x\x01y", "T") == "x@y"
    assert render.render_value("ab\0cd", "T") == "ab"  # C string ends at NUL


def test_render_integer_column_conversions():
    assert render.render_value(42, "I") == "42"
    assert render.render_value(-2.7, "I") == "-2"
    assert render.render_value(1e30, "I") == str(2**63 - 1)
    assert render.render_value(" 12abc", "I") == "12"
    assert render.render_value("abc", "I") == "0"
    assert render.render_value("1e5", "I") == "1"
    assert render.render_value(b"31", "I") == "31"


def test_render_real_column_keeps_sixteen_significant_digits():
    assert render.render_value(-9223372036854775808, "R") == "-9223372036854776000.000"
    assert render.render_value(-18446744073709551616.0, "R") == "-18446744073709550000.000"
    assert render.render_value(1.25, "R") == "1.250"
    assert render.render_value(5, "R") == "5.000"
    assert render.render_value("2.5xyz", "R") == "2.500"
    assert render.render_value(float("inf"), "R") == "Inf"


def test_render_real_in_text_column_as_the_corpus_sqlite_printed_it():
    # SQLite 3.40's CAST(x AS TEXT) (%!.15g) for these values.
    cases = {1e20: "1.0e+20", 1e15: "1.0e+15", 1e14: "100000000000000.0",
             123456789012345.6: "123456789012346.0", 0.1: "0.1", -2.5: "-2.5",
             1e-5: "1.0e-05", 1 / 3: "0.333333333333333", 12.0: "12.0", -0.0: "0.0",
             86383621280092.25: "86383621280092.3"}
    assert {x: render.render_value(x, "T") for x in cases} == cases


_db = apsw.Connection(":memory:")


def _sqlite(sql: str, *args):
    return _db.execute(sql, args).fetchone()[0]


_numeric_text = st.text(alphabet=" \t+-.eE0123456789xa", max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_numeric_text, st.floats(allow_nan=False), st.integers(-2**63, 2**63 - 1)))
def test_integer_rendering_matches_sqlite(value):
    assert render.render_value(value, "I") == str(_sqlite("SELECT CAST(? AS INTEGER)", value))


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e17, max_value=1e17))
def test_real_rendering_matches_sqlite_printf(value):
    assert render.render_value(value, "R") == _sqlite("SELECT printf('%.3f', ?)", value)


@settings(max_examples=300, deadline=None)
@given(_numeric_text)
def test_real_rendering_of_text_matches_sqlite(value):
    expected = _sqlite("SELECT printf('%.3f', CAST(? AS REAL))", value)
    assert render.render_value(value, "R") == expected


# --- sorting and hashing ---------------------------------------------------------------

ROWS = [("9", "b"), ("10", "a"), ("10", "c")]


def test_sort_modes():
    assert render.arrange(ROWS, "nosort") == ["9", "b", "10", "a", "10", "c"]
    assert render.arrange(ROWS, "rowsort") == ["10", "a", "10", "c", "9", "b"]
    assert render.arrange(ROWS, "valuesort") == ["10", "10", "9", "a", "b", "c"]


def test_hash_of_values_and_threshold_display():
    values = ["1", "NULL", "(empty)"]
    digest = hashlib.md5(b"1\nNULL\n(empty)\n").hexdigest()
    assert render.md5_of_values(values) == digest
    assert render.hash_line(values) == f"3 values hashing to {digest}"
    assert render.displayed_result(values, 2) == [f"3 values hashing to {digest}"]
    assert render.displayed_result(values, 3) == values
    assert render.displayed_result(values, 0) == values


# --- runner rules ----------------------------------------------------------------------

SETUP = """
        statement ok
        CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES(1,'x'),(2,'y'),(10,NULL)
"""


def test_statements_queries_and_sort_modes_pass_on_sqlite():
    result = run_text(SETUP + """
        query IT rowsort
        SELECT a, b FROM t
        ----
        1
        x
        10
        NULL
        2
        y

        query I valuesort
        SELECT a FROM t
        ----
        1
        10
        2

        query IT nosort
        SELECT a, b FROM t ORDER BY a DESC
        ----
        10 NULL
        2 y
        1 x

        statement error
        INSERT INTO missing VALUES(1)
    """)
    assert (result.passed, result.failed, result.skipped) == (5, 0, 0), result.failures


def test_wrong_results_and_unexpected_outcomes_fail_with_details():
    result = run_text(SETUP + """
        query I nosort
        SELECT a FROM t ORDER BY a
        ----
        1
        2
        3

        statement error
        SELECT 1

        statement ok
        INSERT INTO missing VALUES(1)

        query II nosort
        SELECT a FROM t
    """)
    assert (result.passed, result.failed) == (1, 4)
    wrong, no_error, failed_stmt, columns = result.failures
    assert (wrong.line, wrong.message, wrong.actual) == (4, "wrong result", ["1", "2", "10"])
    assert no_error.message == "statement succeeded but an error was expected"
    assert "no such table: missing" in failed_stmt.error
    assert "1 columns" in columns.message


def test_skipif_and_onlyif_select_records_for_engine_sqlite():
    result = run_text("""
        skipif sqlite
        statement ok
        THIS IS NOT SQL

        onlyif mysql
        statement ok
        THIS IS NOT SQL EITHER

        onlyif sqlite
        query I nosort
        SELECT 1
        ----
        1

        skipif mysql
        query I nosort
        SELECT 2
        ----
        2
    """)
    assert (result.passed, result.failed, result.skipped) == (2, 0, 2)


def test_plan_checks_read_explain_query_plan_before_the_record_runs():
    records = script("""
        plan contains SCAN t
        plan sqlite lacks USING INDEX
        query I nosort
        SELECT a FROM t
    """).records
    assert records[0].plans[0].contains and records[0].plans[0].text == "SCAN t"
    assert (records[0].plans[1].engine, records[0].plans[1].contains) == ("sqlite", False)
    result = run_text(SETUP + """
        plan contains SCAN t
        plan lacks USING INDEX
        query I rowsort
        SELECT a FROM t
        ----
        1
        10
        2

        plan contains USING INDEX
        query I nosort
        SELECT a FROM t WHERE a = 1
        ----
        1

        plan rowandb contains NOTHING LIKE THIS
        statement ok
        DELETE FROM t WHERE a = 1

        plan contains SCAN
        statement ok
        DELETE FROM missing
    """)
    assert (result.passed, result.failed) == (3, 2)     # the setup, two records; two fail
    missing_index, unknown_table = result.failures
    assert missing_index.message == "plan check failed: plan contains USING INDEX"
    assert "SCAN t" in missing_index.actual
    assert unknown_table.message == "EXPLAIN QUERY PLAN raised an error"


@pytest.mark.parametrize("bad", [
    "plan contains\nstatement ok\nSELECT 1\n",
    "plan sqlite has X\nstatement ok\nSELECT 1\n",
    "plan contains X\nhalt\n",
])
def test_malformed_plan_checks_name_the_line(bad):
    with pytest.raises(ScriptSyntaxError) as info:
        parse_script(bad)
    assert info.value.line == 1


def test_halt_stops_the_script_unless_its_condition_skips_it():
    result = run_text("""
        onlyif mysql
        halt

        query I nosort
        SELECT 1
        ----
        1

        halt

        query I nosort
        SELECT 1
        ----
        999
    """)
    assert (result.passed, result.failed, result.halted_at) == (1, 0, 9)


def test_hash_threshold_decides_the_reported_form_and_hashes_compare():
    good_hash = render.hash_line(["1", "10", "2"])  # rowsort order
    body = f"""
        query I rowsort
        SELECT a FROM t
        ----
        {good_hash}

        query I nosort
        SELECT a FROM t ORDER BY a
        ----
        3 values hashing to 00000000000000000000000000000000
    """
    default = run_text(SETUP + body)
    assert (default.passed, default.failed) == (2, 1)
    assert default.failures[0].actual == ["1", "2", "10"]  # 3 values: under 8, listed
    lowered = run_text(SETUP + "\n        hash-threshold 2\n" + body)
    assert lowered.failures[0].actual == [render.hash_line(["1", "2", "10"])]
    listed = run_text(SETUP + """
        hash-threshold 2

        query I rowsort
        SELECT a FROM t
        ----
        1
        10
        2
    """)
    assert (listed.passed, listed.failed) == (2, 0)


def test_queries_sharing_a_label_must_agree():
    result = run_text("""
        query I nosort label-a
        SELECT 1
        ----
        1

        query I nosort label-a
        SELECT 1 + 0
        ----
        1

        query I nosort label-a
        SELECT 2
        ----
        2
    """)
    assert (result.passed, result.failed) == (2, 1)
    assert "label-a" in result.failures[0].message and result.failures[0].line == 11


def test_skipped_labelled_query_still_checks_its_expected_results():
    result = run_text("""
        onlyif mysql
        query I nosort label-b
        SELECT 1 DIV 1
        ----
        5

        query I nosort label-b
        SELECT 1
        ----
        1
    """)
    assert (result.passed, result.failed, result.skipped) == (0, 1, 1)


def test_foreign_keys_are_enforced_and_each_script_gets_a_fresh_database():
    text = """
        statement ok
        CREATE TABLE p(id INTEGER PRIMARY KEY)

        statement ok
        CREATE TABLE c(p INTEGER REFERENCES p(id))

        statement error
        INSERT INTO c VALUES(1)
    """
    engine = SqliteEngine()
    first, second = run_text(text, engine), run_text(text, engine)
    assert (first.passed, second.passed, second.failed) == (3, 3, 0)


class CrashingEngine(SqliteEngine):
    """SQLite, except that SQL mentioning 'crash' raises a plain Python exception."""

    def query(self, sql):
        if "crash" in sql:
            raise TypeError("engine bug")
        return super().query(sql)


def test_an_engine_crash_fails_only_that_record():
    result = run_text("""
        query I nosort
        SELECT 'crash'
        ----
        crash

        query I nosort
        SELECT 2
        ----
        2
    """, CrashingEngine())
    assert (result.passed, result.failed) == (1, 1)
    assert result.failures[0].error == "TypeError: engine bug"


class FreezeProbe(CrashingEngine):
    """A crashing SQLite noting how many objects the collector is kept from walking at
    each query."""

    def __init__(self):
        super().__init__()
        self.frozen: list[int] = []

    def query(self, sql):
        import gc
        self.frozen.append(gc.get_freeze_count())
        return super().query(sql)


@pytest.mark.parametrize("freeze", [False, True])
def test_run_file_freezes_what_is_alive_only_while_the_script_runs(tmp_path, freeze):
    """``freeze`` (the command's choice) hides the read script and all else alive from the
    collector while the script runs, and gives it back after, whatever happened; the
    counts are the same either way."""
    import gc
    path = tmp_path / "f.test"
    path.write_text("query I nosort\nSELECT 2\n----\n2\n\nquery I nosort\nSELECT 'crash'\n"
                    "----\ncrash\n")
    engine = FreezeProbe()
    assert gc.get_freeze_count() == 0
    result = run_file(path, engine, freeze=freeze)
    assert (result.passed, result.failed) == (1, 1)
    assert gc.get_freeze_count() == 0
    assert all(count > 1000 for count in engine.frozen) if freeze else \
        engine.frozen == [0, 0]


class OpeningProbe(FreezeProbe):
    """A FreezeProbe that notes whether the collector runs while it opens and at each
    query, and makes at opening what a first connection's imports make: objects that
    live on (which the freeze should hide with the rest)."""

    def open(self):
        import gc
        self.collecting = [gc.isenabled()]
        self.kept = [[n] for n in range(5000)]
        super().open()

    def query(self, sql):
        import gc
        self.collecting.append(gc.isenabled())
        return super().query(sql)


@pytest.mark.parametrize("freeze", [False, True])
def test_run_file_keeps_the_collector_off_until_the_engine_is_open(tmp_path, freeze):
    """With ``freeze`` the collector is off from the start of the file until the engine
    has opened (what the opening made is hidden with the rest while the script runs), on
    while the records run, and as it was after; without, it is never touched."""
    import gc
    path = tmp_path / "f.test"
    path.write_text("query I nosort\nSELECT 2\n----\n2\n\nquery I nosort\nSELECT 'crash'\n"
                    "----\ncrash\n")
    engine = OpeningProbe()
    assert gc.isenabled()
    alive = len(gc.get_objects())
    result = run_file(path, engine, freeze=freeze)
    assert (result.passed, result.failed) == (1, 1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert engine.collecting == ([False, True, True] if freeze else [True, True, True])
    if freeze:
        assert min(engine.frozen) >= alive + 5000
    gc.disable()
    try:            # a collector the caller turned off stays off
        run_file(path, OpeningProbe(), freeze=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_engine_that_cannot_open_fails_every_record():
    def broken_connect(*args, **kwargs):
        raise RuntimeError("not built yet")

    result = run_text("""
        statement error
        SELECT nonsense

        onlyif mysql
        statement ok
        SELECT 1
    """, RowandbEngine(connect=broken_connect))
    assert (result.passed, result.failed, result.skipped) == (0, 1, 1)
    assert "not built yet" in result.error


def test_rowandb_adapter_runs_scripts_through_a_dbapi_connection():
    # Python's sqlite3 offers the same DB-API contract as rowandb.connect.
    result = run_text(SETUP + """
        statement ok
        CREATE TABLE u(x); INSERT INTO u VALUES(5); INSERT INTO u VALUES(6)

        query I rowsort
        SELECT x FROM u
        ----
        5
        6

        statement error
        SELECT * FROM nowhere
    """, RowandbEngine(connect=sqlite3.connect))
    assert (result.passed, result.failed) == (4, 0), result.failures


def test_time_limit_fails_a_runaway_query_on_sqlite_and_the_run_goes_on():
    result = run_text("""
        query I nosort
        WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT max(n) FROM c

        query I nosort
        SELECT 7
        ----
        7
    """, timeout=0.3)
    assert (result.passed, result.failed) == (1, 1)
    assert "RecordTimeout" in result.failures[0].error and result.seconds < 10


class SpinningConnection:
    def execute(self, sql):
        while True:
            pass

    def executescript(self, sql):
        while True:
            pass

    def close(self):
        pass


def test_time_limit_interrupts_a_python_engine():
    result = run_text("""
        statement error
        SELECT forever
    """, RowandbEngine(connect=lambda *a, **k: SpinningConnection()), timeout=0.2)
    assert result.failed == 1 and "timed out" in result.failures[0].message


# --- command line ----------------------------------------------------------------------

GOOD = "query I nosort\nSELECT 1\n----\n1\n"
BAD = "query I nosort\nSELECT 1\n----\n2\n\nstatement ok\nCREATE TABLE t(a)\n"


@pytest.fixture
def scripts(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.test").write_text(GOOD)
    (tmp_path / "sub" / "bad.test").write_text(BAD)
    (tmp_path / "notes.txt").write_text("not a script")
    return tmp_path


def test_cli_run_prints_table_json_and_failures(scripts, capsys, monkeypatch):
    monkeypatch.setenv(corpus.ENV_CORPUS_DIR, str(scripts))
    out_json = scripts / "out.json"
    status = cli.main(["run", "--engine", "sqlite", str(scripts), "--json", str(out_json),
                       "--show-failures", "5"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "good.test" in out and "sub/bad.test" in out and "pass rate 66.67%" in out
    assert "sub/bad.test:1: wrong result" in out and "SELECT 1" in out
    assert "compat: [1/2]" in err  # stderr is not a terminal: plain progress lines
    data = json.loads(out_json.read_text())
    assert data["files"]["sub/bad.test"] == {**data["files"]["sub/bad.test"],
                                             "passed": 1, "failed": 1, "skipped": 0}
    assert data["total"]["passed"] == 2


def test_cli_uses_the_corpus_from_the_environment_and_reports_when_missing(
        scripts, capsys, monkeypatch):
    monkeypatch.setenv(corpus.ENV_CORPUS_DIR, str(scripts / "sub"))
    assert cli.main(["compat", "run", "--engine", "sqlite", "--quiet"]) == 1
    assert "1 files: 1 passed, 1 failed" in capsys.readouterr().out
    missing = scripts / "nowhere"
    monkeypatch.setenv(corpus.ENV_CORPUS_DIR, str(missing))
    assert cli.main(["run", "--engine", "sqlite"]) == 2
    assert str(missing) in capsys.readouterr().err


def test_cli_baseline_writes_counts_and_refuses_to_lower_them(tmp_path, capsys, monkeypatch):
    (tmp_path / "evidence").mkdir()
    (tmp_path / "select1.test").write_text(GOOD)
    (tmp_path / "evidence" / "e.test").write_text(BAD)
    monkeypatch.setenv(corpus.ENV_CORPUS_DIR, str(tmp_path))
    monkeypatch.setattr(corpus, "RATCHET_ENGINE", "sqlite")
    baseline = tmp_path / "baseline.json"
    assert cli.main(["baseline", "--file", str(baseline)]) == 0 and not baseline.exists()
    assert cli.main(["baseline", "--file", str(baseline), "--write"]) == 0
    assert corpus.load_baseline(baseline) == {"evidence/e.test": 1, "select1.test": 1}
    baseline.write_text(json.dumps({"evidence/e.test": 5, "select1.test": 1}))
    assert cli.main(["baseline", "--file", str(baseline), "--write"]) == 1
    assert corpus.load_baseline(baseline)["evidence/e.test"] == 5
    assert cli.main(["baseline", "--file", str(baseline), "--write", "--allow-decrease"]) == 0
    assert corpus.load_baseline(baseline)["evidence/e.test"] == 1


def test_progress_bar_is_drawn_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(2, stream=stream)
    progress.start_file(1, "x.test")
    progress.update(5, 10)
    progress.finish()
    assert "\r[" in stream.getvalue() and "x.test" in stream.getvalue()


def test_python_dash_m_runs_the_cli(scripts):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "rowandb.compat", "run", "--engine", "sqlite",
                           str(scripts / "good.test")], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "pass rate 100.00%" in proc.stdout


# --- the shared corpus on SQLite itself ------------------------------------------------

KNOWN_SQLITE_DIFFERENCES = {("evidence/slt_lang_aggfunc.test", "SELECT sum(x) FROM t1")}
DEFAULT_SCRIPTS = [f"select{i}.test" for i in range(1, 6)] + [
    "evidence", "index/delete/10_slt_good_1.test", "random/groupby/slt_good_0.test"]
SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"


def _corpus_files(base: Path, chosen: list[str] | None) -> list[Path]:
    if chosen is None:
        return sorted(base.rglob("*.test"))
    files: list[Path] = []
    for name in chosen:
        path = base / name
        files.extend(sorted(path.rglob("*.test")) if path.is_dir() else [path])
    return files


def _assert_sqlite_passes(files: list[Path], base: Path) -> None:
    problems = []
    for path in files:
        name = path.relative_to(base).as_posix()
        result = run_file(path, "sqlite", name=name)
        assert result.passed > 0 and result.error is None, (name, result.error)
        for failure in result.failures:
            if (name, failure.sql) not in KNOWN_SQLITE_DIFFERENCES:
                problems.append(f"{failure.path}:{failure.line}: {failure.message}")
    assert not problems, "\n".join(problems[:20])


def test_sqlite_passes_the_default_corpus_selection():
    base = require_corpus()
    files = _corpus_files(base, DEFAULT_SCRIPTS)
    assert len(files) == 5 + 12 + 2
    _assert_sqlite_passes(files, base)


@pytest.mark.skipif(not SLOW, reason="rest of the corpus: set ROWANDB_SLOW_TESTS=1 (~8s)")
def test_sqlite_passes_the_rest_of_the_corpus():
    base = require_corpus()
    default = set(_corpus_files(base, DEFAULT_SCRIPTS))
    rest = [path for path in _corpus_files(base, None) if path not in default]
    assert rest, "the corpus holds only the default selection"
    _assert_sqlite_passes(rest, base)


def test_the_known_difference_is_the_sum_overflow_record():
    base = require_corpus()
    result = run_file(base / "evidence" / "slt_lang_aggfunc.test", "sqlite")
    assert [f.sql for f in result.failures] == ["SELECT sum(x) FROM t1"]
    assert "integer overflow" in result.failures[0].error


def test_a_caller_s_frozen_objects_stay_frozen(tmp_path):
    """``run_file(freeze=True)`` gives back only what it froze: a program that froze its
    own objects before calling it finds them frozen after (the review of the twenty-fifth
    round: the unfreeze gave back the caller's too)."""
    import gc
    script = tmp_path / "s.test"
    script.write_text("statement ok\nCREATE TABLE t(a)\n\nquery I nosort\nSELECT 1\n----\n1\n")
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        result = run_file(script, "rowandb", freeze=True)
        assert result.passed == 2
        assert gc.get_freeze_count() > 0     # (some of them may have been freed since)
    finally:
        gc.unfreeze()
