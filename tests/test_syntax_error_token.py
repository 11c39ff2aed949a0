"""SQLite's syntax-error token, exactly, for statements both engines refuse.

RowanDB finds syntax errors with sqlglot and its own checks; when preparing a statement
fails, the recognizer (rowandb/sql/parse/recognizer/: an LALR(1) parser of the language SQLite
accepts) names the token SQLite's own LALR(1) parser stops at. These tests compare the
messages with SQLite's (apsw), the ``(line N, column M)`` RowanDB adds left aside:

- statements of the lead's keyword survey (every keyword written in fifteen places) whose
  messages differed before the recognizer;
- which error comes first when SQLite raises another before its syntax error, or a
  syntax error comes before a token SQLite's tokenizer refuses;
- mutations of the parse audit's statements (a token deleted, inserted, repeated or two
  swapped) that SQLite refuses with a syntax error: RowanDB must refuse them with SQLite's
  message; before the recognizer a fifth of them differed (159 of 815, seeds
  79000000-79000002);
- the recognizer accepts every audit and golden statement SQLite's grammar accepts
  (bench/recognizer_corpus.py runs it over the sqllogictest corpus too), and alone stops
  where SQLite's parser does for every keyword in thirty places.

``python tests/test_syntax_error_token.py SEED N`` prints the sample's counts and each
difference.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import apsw
import pytest

import rowandb
from parse_audit_cases import SCHEMA, SQLITE
from rowandb.sql.parse.lexer import SQLITE_KEYWORDS, split_statements, tokenize
from rowandb.sql.parse.recognizer import syntax_error
from test_grammar_mutations import BASE, VOCABULARY

_POSITION = re.compile(r" \(line \d+, column \d+\)$")
_SYNTAX = ("syntax error", "incomplete input")

# The 70 statements of the keyword survey whose messages differed before the recognizer.
SURVEY = [
    'CREATE INDEX IF NOT EXISTS i_all ON all_x(all)',
    'SELECT case FROM (SELECT 1 AS case)',
    'SELECT case FROM t',
    'SELECT a FROM t WHERE case = 1',
    'SELECT a, case FROM (SELECT 1 AS a, 2 AS case)',
    'CREATE INDEX IF NOT EXISTS i_case ON case_x(case)',
    'UPDATE t SET a = 1 WHERE a IN (SELECT case FROM (SELECT 1 AS case))',
    'CREATE TABLE IF NOT EXISTS y_constraint(a, constraint INT, CHECK (constraint > 0))',
    'SELECT * FROM t AS x JOIN t cross ON x.a = cross.a',
    'SELECT current_date.a FROM t current_date',
    'SELECT * FROM t AS x JOIN t current_date ON x.a = current_date.a',
    'SELECT current_time.a FROM t current_time',
    'SELECT * FROM t AS x JOIN t current_time ON x.a = current_time.a',
    'SELECT current_timestamp.a FROM t current_timestamp',
    'SELECT * FROM t AS x JOIN t current_timestamp ON x.a = current_timestamp.a',
    'SELECT 1 else',
    'SELECT a else FROM t',
    'SELECT * FROM t AS x JOIN t except ON x.a = except.a',
    'SELECT exists FROM (SELECT 1 AS exists)',
    'SELECT exists FROM t',
    'SELECT a FROM t WHERE exists = 1',
    'SELECT a, exists FROM (SELECT 1 AS a, 2 AS exists)',
    'CREATE INDEX IF NOT EXISTS i_exists ON exists_x(exists)',
    'UPDATE t SET a = 1 WHERE a IN (SELECT exists FROM (SELECT 1 AS exists))',
    'SELECT * FROM t from',
    'SELECT * FROM t AS x JOIN t full ON x.a = full.a',
    'SELECT having.a FROM t having',
    'SELECT having FROM (SELECT 1 AS having)',
    'SELECT x.having FROM (SELECT 1 AS having) x',
    'SELECT having FROM t',
    'CREATE INDEX IF NOT EXISTS i_having ON having_x(having)',
    'UPDATE t SET a = 1 WHERE a IN (SELECT having FROM (SELECT 1 AS having))',
    'SELECT * FROM t AS x JOIN t inner ON x.a = inner.a',
    'SELECT * FROM t AS x JOIN t intersect ON x.a = intersect.a',
    'SELECT * FROM t AS x JOIN t join ON x.a = join.a',
    'SELECT * FROM t AS x JOIN t left ON x.a = left.a',
    'SELECT 1 match',
    'SELECT * FROM t AS x JOIN t natural ON x.a = natural.a',
    'SELECT a FROM t WHERE not = 1',
    'SELECT on.a FROM t on',
    'SELECT 1 on',
    'SELECT on FROM (SELECT 1 AS on)',
    'SELECT a on FROM t',
    'SELECT x.on FROM (SELECT 1 AS on) x',
    'SELECT on FROM t',
    'CREATE INDEX IF NOT EXISTS i_on ON on_x(on)',
    'UPDATE t SET a = 1 WHERE a IN (SELECT on FROM (SELECT 1 AS on))',
    'SELECT * FROM t AS x JOIN t outer ON x.a = outer.a',
    'SELECT * FROM t returning',
    'SELECT 1 returning',
    'SELECT a returning FROM t',
    'SELECT * FROM t AS x JOIN t returning ON x.a = returning.a',
    'SELECT * FROM t AS x JOIN t right ON x.a = right.a',
    'SELECT a select FROM t',
    'SELECT * FROM t AS x JOIN t select ON x.a = select.a',
    'CREATE INDEX IF NOT EXISTS i_select ON select_x(select)',
    'SELECT 1 then',
    'SELECT a then FROM t',
    'SELECT * FROM t AS x JOIN t union ON x.a = union.a',
    'SELECT 1 using',
    'SELECT a using FROM t',
    'CREATE INDEX IF NOT EXISTS i_values ON values_x(values)',
    'SELECT 1 when',
    'SELECT a when FROM t',
    'SELECT where.a FROM t where',
    'SELECT where FROM (SELECT 1 AS where)',
    'SELECT x.where FROM (SELECT 1 AS where) x',
    'SELECT where FROM t',
    'CREATE INDEX IF NOT EXISTS i_where ON where_x(where)',
    'UPDATE t SET a = 1 WHERE a IN (SELECT where FROM (SELECT 1 AS where))',
]


def sqlite_message(db, sql: str) -> str | None:
    db.execute("SAVEPOINT z")
    try:
        for _ in db.execute(sql):
            pass
        return None
    except apsw.Error as error:
        return str(error)
    finally:
        db.execute("ROLLBACK TO z; RELEASE z")


def rowandb_message(db, sql: str) -> str | None:
    db.execute("SAVEPOINT z")
    try:
        cursor = db.execute(sql)
        if cursor.description:
            cursor.fetchall()
        return None
    except rowandb.Error as error:
        return _POSITION.sub("", str(error))
    finally:
        db.execute("ROLLBACK TO z")
        db.execute("RELEASE z")


@pytest.fixture(scope="module")
def engines():
    theirs = apsw.Connection(":memory:")
    theirs.execute(SCHEMA + "; CREATE TABLE IF NOT EXISTS t(a)")
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(SCHEMA + "; CREATE TABLE IF NOT EXISTS t(a)")
    yield theirs, mine
    mine.close()


@pytest.mark.parametrize("sql", SURVEY)
def test_the_survey_statements_name_sqlites_token(engines, sql):
    theirs, mine = engines
    expected = sqlite_message(theirs, sql)
    assert expected is not None and any(s in expected for s in _SYNTAX)
    assert rowandb_message(mine, sql) == expected


# Which error comes first: a syntax error before an unrecognized token or in the first of
# several statements; SQLite's parser actions' errors before its syntax error (RowanDB's
# own, or CREATE TABLE's found by the recognizer, or a CREATE TRIGGER header's); an error
# RowanDB finds planning (SQLite: preparing).
FIRST_ERROR = [
    "SELECT FROM t WHERE a = 1x", "SELECT * FROM t WHERE a = 1x", "SELECT 1 +; SELECT 2",
    "SELECT case FROM t; SELECT 1", "SELECT 1 + -- c\n", "SELECT 1 +;",
    "CREATE TABLE t4(a, PRIMARY KEY (b), b)", "CREATE TABLE t4(a, PRIMARY KEY (b) b)",
    "SELECT * FROM t LEFT foo JOIN u", "SELECT * FROM t LEFT foo JOIN ON a = x",
    "SELECT * FROM INNER t JOIN u ON * a = x", "SELECT changes(), (), 1",
    "CREATE TABLE t4(a INT PRIMARY AUTO_INCREMENT) KEY", "CREATE TABLE t4(a, a, , b)",
    "CREATE TABLE t4(a INT, A TEXT,", "CREATE TABLE t4(a INT, a VARCHAR(10) UNIQUE, +)",
    "CREATE TABLE t4(a INT, a VARCHAR(10) +)", "CREATE TABLE t4(a, b) foo, bar baz",
    "CREATE TABLE t4(a, b) without foo,", "CREATE TABLE t4(a, b) strict foo",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM u INDEXED BY BY QUALIFY u_x; END",
    "CREATE TRIGGER tr AFTER INSERT ON nosuch BEGIN SELECT FROM; END",
    "CREATE TRIGGER tr INSTEAD OF INSERT ON t BEGIN SELECT FROM; END",
    "CREATE TRIGGER tr AFTER INSERT ON nosuch WHEN FROM BEGIN SELECT 1; END",
    "INSERT INTO t VALUES (1), (1, 2), 3", "VALUES (1), (2, 3) +", "VALUES (1, 2), (3), (4, 5",
    "VALUES (1), (2), (3 4)",
    # a trigger step's qualified table, refused as the step ends (not in a TEMP trigger)
    "CREATE TRIGGER m9 AFTER INSERT ON t BEGIN DELETE FROM main.log; SELECT FROM; END",
    "CREATE TRIGGER m8 AFTER INSERT ON t BEGIN UPDATE OR IGNORE main.log SET x = 1; SELECT; END",
    "CREATE TRIGGER m7 AFTER INSERT ON t BEGIN INSERT OR REPLACE INTO main.log VALUES (1); +; END",
    "CREATE TRIGGER m6 AFTER INSERT ON t BEGIN REPLACE INTO main.log VALUES (1) +; END",
    "CREATE TRIGGER m4 AFTER INSERT ON t BEGIN DELETE FROM main.log WHERE; END",
    "CREATE TEMP TRIGGER t9 AFTER INSERT ON t BEGIN DELETE FROM main.log; SELECT FROM; END",
    "CREATE TRIGGER temp.t8 AFTER INSERT ON t BEGIN DELETE FROM main.log; SELECT FROM; END",
    # DDL that sqlglot and RowanDB's own checks read but SQLite's grammar refuses: a DDL
    # statement goes through the recognizer even when it parses (statement_text.parse_one)
    "CREATE TABLE x(a INT IDENTITY(1, 1 SOME))", "CREATE TABLE x(t a (nosuch > 0))",
    "CREATE TABLE x(a INT REFERENCES FROM p(id))",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT ; END",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT RAISE COLLATE nocase (IGNORE, 'x'); END",
    "ALTER TABLE t ADD e DEFAULT INT - 1",
]


@pytest.mark.parametrize("sql", FIRST_ERROR)
def test_the_first_error_is_sqlites(engines, sql):
    theirs, mine = engines
    expected = sqlite_message(theirs, sql)
    assert expected is not None
    assert rowandb_message(mine, sql) == expected


def mutate(rng: random.Random, sql: str) -> str:
    """``sql`` a token or two away: one deleted, inserted (from the statement or
    ``VOCABULARY``), repeated, or two neighbours swapped."""
    tokens = [t.text for t in tokenize(sql)]
    for _ in range(rng.choice((1, 1, 2))):
        at, kind = rng.randrange(len(tokens)), rng.random()
        if kind < 0.3 and len(tokens) > 1:
            del tokens[at]
        elif kind < 0.55:
            tokens.insert(at, rng.choice(VOCABULARY))
        elif kind < 0.75:
            tokens.insert(at, rng.choice(tokens))
        elif at + 1 < len(tokens):
            tokens[at], tokens[at + 1] = tokens[at + 1], tokens[at]
    return " ".join(tokens)


def differences(engines, seed: int, count: int) -> tuple[int, list[str]]:
    """How many of the sample both engines refuse by SQLite's grammar, and the ones
    whose messages differ."""
    theirs, mine = engines
    rng = random.Random(seed)
    refused, wrong = 0, []
    for _ in range(count):
        sql = mutate(rng, rng.choice(BASE))
        expected = sqlite_message(theirs, sql)
        if expected is None or not any(s in expected for s in _SYNTAX):
            continue
        got = rowandb_message(mine, sql)
        if got is None:
            continue                    # accepted: test_grammar_mutations' business
        refused += 1
        if got != expected:
            wrong.append(f"{sql}\n  SQLite: {expected}\n  RowanDB: {got}")
    return refused, wrong


@pytest.mark.parametrize("seed", range(3))
def test_mutations_both_refuse_get_sqlites_message(engines, seed):
    refused, wrong = differences(engines, 79_000_000 + seed, 300)
    assert refused > 100
    assert not wrong, f"{len(wrong)} of {refused}:\n" + "\n".join(wrong)


def test_the_recognizer_accepts_what_sqlite_accepts(engines):
    """Every audit and golden statement SQLite's grammar takes, the recognizer takes."""
    theirs, _ = engines
    golden = Path(__file__).parent / "golden"
    statements = [s for sql in SQLITE for s in split_statements(sql)]
    statements += [s for path in sorted(golden.glob("*.sql"))
                   for s in split_statements(path.read_text())]
    refused = []
    for sql in statements:
        found = syntax_error(sql)
        if found is not None:
            message = sqlite_message(theirs, "EXPLAIN " + sql) or ""
            if not any(s in message for s in _SYNTAX):
                refused.append(f"{sql}: {found}")
    assert len(statements) > 800 and not refused


# Every SQLite keyword (and a few names) in thirty places, for the recognizer alone.
KEYWORD_FORMS = [
    "SELECT * FROM t {k}", "SELECT {k}.a FROM t {k}", "SELECT 1 {k}", "SELECT a {k} FROM t",
    "SELECT {k} FROM (SELECT 1 AS {k})", "CREATE TABLE {k}_x({k})", "SELECT {k} FROM t",
    "SELECT x.{k} FROM (SELECT 1 AS {k}) x", "SELECT a FROM t WHERE {k} = 1",
    "SELECT * FROM t AS x JOIN t {k} ON x.a = {k}.a", "SELECT 1 FROM t ORDER BY {k}",
    "CREATE TABLE y_{k}(a, {k} INT, CHECK ({k} > 0))", "CREATE INDEX i_{k} ON t({k})",
    "UPDATE t SET {k} = 1", "INSERT INTO t({k}) VALUES (1)", "CREATE TABLE z_{k}(a {k})",
    "CREATE TABLE w_{k}(a INT {k})", "SELECT {k}(1)", "SELECT a FROM t GROUP BY a {k}",
    "SELECT * FROM t WHERE a {k} 1", "WITH {k} AS (SELECT 1) SELECT * FROM {k}",
    "SELECT count(*) OVER ({k}) FROM t", "SELECT * FROM t LIMIT 1 {k}",
    "DELETE FROM t WHERE a IN (SELECT {k} FROM u)", "PRAGMA {k}",
    "CREATE TRIGGER tr_{k} {k} INSERT ON t BEGIN SELECT 1; END",
    "SELECT CAST(a AS {k}) FROM t", "SELECT a FROM t {k} JOIN u",
    "CREATE VIEW v_{k}({k}) AS SELECT 1", "SELECT * FROM t NATURAL {k} JOIN u",
]


def test_the_recognizer_stops_where_sqlite_does_for_every_keyword(engines):
    """The recognizer alone against SQLite's parser (``EXPLAIN``, nothing run): the same
    verdict and token for each keyword in each place -- its fallback to a name, the
    contextual WINDOW/OVER/FILTER, the default reductions."""
    theirs, _ = engines
    words = sorted(SQLITE_KEYWORDS | {"TRUE", "FALSE", "ROWID", "STRICT"})
    wrong = []
    for sql in (form.format(k=word.lower()) for word in words for form in KEYWORD_FORMS):
        message = sqlite_message(theirs, "EXPLAIN " + sql)
        expected = message if message and any(s in message for s in _SYNTAX) else None
        found = syntax_error(sql)
        got = None if found is None else _POSITION.sub("", str(found))
        if got != expected:
            wrong.append(f"{sql}: SQLite {message}, recognizer {got}")
    assert not wrong, "\n".join(wrong)


if __name__ == "__main__":                  # python tests/test_syntax_error_token.py SEED N
    theirs = apsw.Connection(":memory:")
    theirs.execute(SCHEMA + "; CREATE TABLE IF NOT EXISTS t(a)")
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(SCHEMA + "; CREATE TABLE IF NOT EXISTS t(a)")
    total, wrong = differences((theirs, mine), int(sys.argv[1]), int(sys.argv[2]))
    print("\n".join(wrong))
    print(f"{total} refused by both, {total - len(wrong)} with SQLite's message")
