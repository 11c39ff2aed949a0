"""Every built-in function SQLite has, called by its name as written, through RowanDB and
through SQLite (apsw): the same result with the same storage class, or the same error.

The names come from SQLite itself (``pragma_function_list``), so a function SQLite adds
shows up here by itself. Each is called with every argument count from none to one past
its largest, over several argument lists, and the one-argument functions are also nested in
pairs (``lower(hex('Z'))`` once came out of sqlglot as ``LowerHex``). A family RowanDB does
not implement must say so: NotSupportedError naming the function.
"""

from __future__ import annotations

import collections

import apsw
import pytest

from oracle import outcomes, pair, run
from rowandb.sql.parse.as_written import _MAPPED as MAPPED

_DB = apsw.Connection(":memory:")
_LISTED = _DB.execute("SELECT name, narg FROM pragma_function_list "
                      "WHERE name GLOB '[a-z]*'").fetchall()
ARITIES: dict[str, set] = collections.defaultdict(set)
for _name, _narg in _LISTED:
    ARITIES[_name].add(_narg)

# The date and time functions called with no argument read the clock ('now'), which the
# two engines read at different moments: tests/test_datetime.py covers those calls.
DATE_TIME = {"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff"}
# Families RowanDB refuses with NotSupportedError naming the function.
EXTENSIONS = {n for n in ARITIES if n.startswith(("fts", "geopoly", "rtree"))} | {
    "bm25", "highlight", "snippet", "matchinfo", "offsets", "optimize", "load_extension"}
UNSUPPORTED = EXTENSIONS
# Answers that depend on chance, the clock or how the engine was built, not on semantics:
# the call must work or fail alike, and give the same storage class where both have a value
# (RowanDB names only the options of SQLite's that describe it: test_compile_options.py).
BUILD_SPECIFIC = {"sqlite_source_id", "sqlite_compileoption_get", "sqlite_compileoption_used",
                  "random", "randomblob", "current_date", "current_time", "current_timestamp"}
NO_OPTIONS = {"sqlite_compileoption_get"}

ARGUMENT_LISTS = [
    ("16", "2", "3", "1", "5", "7"),
    ("'Hello'", "2", "1", "'x'", "'y'", "'z'"),
    ("0.5", "-1", "'abc'", "NULL", "x'41'", "'12'"),
    ("'-7.5e1'", "' 3 '", "x'3132'", "2.5", "-0.0", "9223372036854775807"),
    ("-0.0", "1e999", "'1e999'", "0", "-1e999", "''"),
]


def _arities(name: str) -> list[int]:
    counts = set()
    for n in ARITIES[name]:
        counts.update(range(6) if n < 0 else [n])
    return sorted(counts | {max(counts) + 1})


def _calls(name: str) -> list[str]:
    return [f"SELECT {name}({', '.join(args[:n])})"
            for n in _arities(name) for args in ARGUMENT_LISTS
            if not (n == 0 and name in DATE_TIME)]


SUPPORTED = sorted(n for n in ARITIES if n not in UNSUPPORTED and n not in BUILD_SPECIFIC)


@pytest.mark.parametrize("name", SUPPORTED)
def test_every_call_of_a_builtin_function_matches_sqlite(name):
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes((), _calls(name)) if a != b]
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("name", sorted(BUILD_SPECIFIC))
def test_build_specific_functions_answer_with_sqlites_storage_class(name):
    for sql, mine, theirs in outcomes((), _calls(name)):
        assert mine[0] == theirs[0], f"{sql}\n  rowandb: {mine}\n  sqlite:  {theirs}"
        if mine[0] != "ok":
            assert mine == theirs, sql
        elif name not in NO_OPTIONS:
            assert [v[0] for v in mine[1][0]] == [v[0] for v in theirs[1][0]], sql


@pytest.mark.parametrize("name", sorted(n for n in UNSUPPORTED if n in ARITIES))
def test_unimplemented_families_are_refused_by_name(name):
    mine, _ = pair()
    for n in sorted(ARITIES[name] - {-1}) or [1]:
        outcome = run(mine, f"SELECT {name}({', '.join(['1'] * n)})")
        assert outcome[:2] == ("error", "NotSupportedError"), outcome
        assert f"{name}()" in outcome[2], outcome


# The one-argument scalar functions with deterministic answers, nested two deep.
NESTABLE = sorted(n for n in SUPPORTED if 1 in ARITIES[n] or -1 in ARITIES[n]
                  if n not in ("likelihood", "sqlite_log", "changes", "total_changes",
                               "last_insert_rowid"))


@pytest.mark.parametrize("outer", NESTABLE)
def test_nested_pairs_of_functions_match_sqlite(outer):
    queries = [f"SELECT {outer}({inner}({value}))" for inner in NESTABLE
               for value in ("'Z'", "-2.5")]
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes((), queries) if a != b]
    assert not differences, "\n".join(differences)


def test_the_list_covers_what_sqlglot_renames():
    """The names sqlglot parses into classes of its own, or merges, are all exercised."""
    for name in ("lower", "upper", "hex", "log", "log10", "log2", "ln", "mod", "ifnull",
                 "iif", "if", "substr", "substring", "ceil", "ceiling", "pow", "power",
                 "char", "trim", "ltrim", "rtrim", "instr", "string_agg", "group_concat",
                 "coalesce", "like", "glob", "max", "min", "format", "printf", "round"):
        assert name in SUPPORTED, name


# Functions SQLite lacks that sqlglot's parser maps to classes of its own, checking their
# arguments (``generate_series(1)`` was sqlglot's syntax error): to SQLite each is a call
# of no such function, or in FROM no such table (as_written._maps_unknown), FILTER and
# CAST too (``SELECT * FROM cast(1)``; errmsgs3).
_MAPPED_UNKNOWN = sorted(n for n in MAPPED if n.isidentifier() and n.lower() not in ARITIES)
_FORMS = ("SELECT {}()", "SELECT {}(1)", "SELECT {}(1, 2)", "SELECT {}(a, b, 3) FROM t",
          "SELECT * FROM {}(1)", "SELECT * FROM t, {}()", "SELECT * FROM t JOIN {}(1, 2)")


@pytest.mark.parametrize("share", range(4))
def test_functions_sqlglot_maps_and_sqlite_lacks_are_unknown(share):
    names = _MAPPED_UNKNOWN[share::4]
    queries = [form.format(name.lower()) for name in names for form in _FORMS]
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes(["CREATE TABLE t(a, b)"], queries) if a != b]
    assert not differences, f"{len(differences)} differ:\n" + "\n".join(differences[:20])


# Every keyword of SQLite's called as a function where an operand stands: one that falls
# back to a name (or a join keyword, parse.y's ``idj LP``) calls a function of that name,
# no such function here, while the others are SQLite's syntax errors. sqlglot takes many
# as its own keywords (``asc(1)``, ``filter(1)``, ``full(1)`` were 'near "1": syntax
# error'; errmsgs3), so they reach it renamed (as_written._maps_unknown).
_KEYWORD_FORMS = (
    "SELECT {}(1)", "SELECT {}()", "SELECT {}(a) FROM t", "SELECT 1 FROM t WHERE {}(a, b)",
    "SELECT a FROM t ORDER BY {}(1)", "SELECT {}(*) FROM t", "SELECT {}(1) FILTER (WHERE 1)",
    "SELECT {}(a) OVER () FROM t", "SELECT a AS {} FROM t", "CREATE TABLE c1_{}(x CHECK ({}(x)))",
    "CREATE TABLE c2_{}(x DEFAULT ({}()))", "CREATE INDEX i_{} ON t({}(a))",
    "CREATE TABLE c3_{}(x, y AS ({}(x)))", "CREATE VIEW v_{} AS SELECT {}(a) FROM t",
    "SELECT * FROM t JOIN t AS u ON {}(1)", "UPDATE t SET a = {}(1)", "SELECT -{}(1)",
    "SELECT 1 IN ({}(1))", "SELECT a FROM t GROUP BY {}(a)",
    "CREATE TRIGGER tr_{} AFTER INSERT ON t BEGIN SELECT {}(1); END")


@pytest.mark.parametrize("share", range(4))
def test_keywords_called_as_functions_match_sqlite(share):
    names = sorted(apsw.keywords)[share::4]
    queries = [form.replace("{}", name.lower()) for name in names for form in _KEYWORD_FORMS]
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in outcomes(
        ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)"], queries) if a != b]
    assert not differences, f"{len(differences)} differ:\n" + "\n".join(differences[:20])
