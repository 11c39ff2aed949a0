"""SQLite's grammar against statements a token away from valid ones.

Each case takes a statement of the parse audit's SQLite list (parse_audit_cases.SQLITE),
inserts a word or symbol from ``VOCABULARY`` (keywords of SQLite and of other dialects,
names, values, operators), deletes a token or repeats one, once or twice, and runs the
result on SQLite (apsw) and on RowanDB, each on the audit's schema inside a savepoint.
sqlglot reads many dialects and takes almost any word for an alias, so most of these are
statements sqlglot reads and SQLite rejects. The test demands, for every case:

- no Python exception other than a PEP 249 error escapes from RowanDB;
- a statement SQLite rejects with a syntax error ('syntax error', 'incomplete input',
  'unrecognized token') is not accepted by RowanDB -- it is rejected, by SQLite's message
  where grammar.py and grammar_places.py find SQLite's token, or refused.

Statements SQLite accepts that RowanDB rejects (``NATURAL NATURAL JOIN``, a table aliased
``GLOB``) are counted by ``python tests/test_grammar_mutations.py SEED N`` but not failed
on: the ones these mutations meet are listed in docs/TESTING.md.
"""

from __future__ import annotations

import random
import re
import sys

import apsw
import pytest

import rowandb
from parse_audit_cases import SCHEMA, SQLITE
from rowandb.sql.parse.lexer import tokenize

VOCABULARY = (
    ",", "JOIN", "u", "WHERE", "a", "1", "(", ")", "ORDER BY", "AS", "ON", "USING (a)",
    "LIMIT 1", "GROUP BY", "HAVING", "DISTINCT", "ALL", "*", ".", "NOT", "IS", "NULL",
    "COLLATE nocase", "ESCAPE", "FILTER", "OVER", "RETURNING", "INDEXED BY u_x", "NOT INDEXED",
    "NATURAL", "LEFT", "CROSS", "OUTER", "SELECT", "UNION", "VALUES (1)", "DEFAULT", "IN",
    "BETWEEN", "AND", "OR", "CASE", "WHEN", "THEN", "END", "ELSE", "CAST", "EXISTS", "x", "t",
    "FROM", "SET", "=", "+", "-", "||", "'s'", "x'00'", "b", "OFFSET", "ASC", "DESC",
    "NULLS FIRST", "WINDOW", "PARTITION BY", "ROWS", "RANGE", "UNBOUNDED PRECEDING",
    "CURRENT ROW", "TO", "MATERIALIZED", "WITH", "RECURSIVE", "EXCEPT", "INTERSECT", "LIKE",
    "GLOB", "REGEXP", "MATCH", "ISNULL", "NOTNULL", "COLLATE", "INTO", "OR REPLACE",
    "DO NOTHING", "ON CONFLICT", "KEY", "PRIMARY", "TEMP", "IF NOT EXISTS", "->", "->>", "~",
    "count(*)", "a.b", "t.*", "GENERATED", "STRICT", "WITHOUT ROWID", "TOP 1",
    "FETCH FIRST 1 ROWS ONLY", "QUALIFY", "PIVOT", "::", "[a]", "`a`", '"a"', "1.", ".5",
    "1e5", "ILIKE", "DIV", "ASOF", "LATERAL", "UNNEST", "ARRAY", "INTERVAL", "ANY", "SOME")
# Statements that change the connection rather than the data, left out of the sample.
_SKIPPED = re.compile(r"(?i)\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ATTACH|"
                      r"DETACH|PRAGMA)")
_SYNTAX = ("syntax error", "incomplete input", "unrecognized token")
BASE = [sql for sql in SQLITE if not _SKIPPED.match(sql) and "?" not in sql]


def mutate(rng: random.Random, sql: str) -> str:
    tokens = [t.text for t in tokenize(sql)]
    for _ in range(rng.choice((1, 1, 2))):
        kind, at = rng.random(), rng.randrange(len(tokens) + 1)
        if kind < 0.6:
            tokens.insert(at, rng.choice(VOCABULARY))
        elif kind < 0.8:
            del tokens[min(at, len(tokens) - 1)]
        else:
            tokens.insert(at, tokens[rng.randrange(len(tokens))])
    return " ".join(tokens)


def sqlite_verdict(sql: str) -> str:
    """'ok', 'syntax' (a syntax error) or 'error' (any other)."""
    db = apsw.Connection(":memory:")
    db.execute(SCHEMA)
    try:
        db.execute("SAVEPOINT z")
        for _ in db.execute(sql):
            pass
        return "ok"
    except apsw.Error as error:
        return "syntax" if any(s in str(error) for s in _SYNTAX) else "error"


def rowandb_verdict(sql: str) -> tuple[str, str]:
    """('ok' | 'syntax' | 'error' | 'refused' | 'escaped', message)."""
    db = rowandb.connect(":memory:", isolation_level=None)
    db.executescript(SCHEMA)
    try:
        db.execute("SAVEPOINT z")
        db.execute(sql).fetchall()
        return "ok", ""
    except rowandb.NotSupportedError as error:
        return "refused", str(error)
    except rowandb.Error as error:
        return ("syntax" if any(s in str(error) for s in _SYNTAX) else "error"), str(error)
    except Exception as error:          # noqa: BLE001 -- what the test exists to catch
        return "escaped", f"{type(error).__name__}: {error}"
    finally:
        db.close()


def cases(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [mutate(rng, rng.choice(BASE)) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_no_mutation_sqlite_rejects_is_accepted_and_nothing_escapes(seed):
    wrong = []
    for sql in cases(seed, 250):
        mine, message = rowandb_verdict(sql)
        if mine == "escaped":
            wrong.append(f"{sql}\n  escaped: {message}")
        elif mine == "ok" and sqlite_verdict(sql) == "syntax":
            wrong.append(f"{sql}\n  accepted; SQLite: syntax error")
    assert not wrong, "\n".join(wrong)


def test_the_mutations_reach_the_cases_they_exist_for():
    """The sample holds statements SQLite rejects by its grammar and RowanDB must too:
    without the grammar checks a fixed sample has such cases (so the test can fail). The
    whole sample the test above runs is counted (its four seeds), as the base statements
    it mutates grow."""
    verdicts = [sqlite_verdict(sql) for seed in range(4) for sql in cases(seed, 250)]
    assert verdicts.count("syntax") > 400 and verdicts.count("ok") > 40


if __name__ == "__main__":                  # python tests/test_grammar_mutations.py SEED N
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    for sql in cases(seed, count):
        mine, message = rowandb_verdict(sql)
        theirs = sqlite_verdict(sql)
        if mine == "escaped" or theirs == "syntax" and mine == "ok" or \
                theirs == "ok" and mine == "syntax":
            print(f"{theirs:>6} / {mine:<7} {sql}  | {message[:90]}")
