"""CREATE INDEX of plain names read without sqlglot (rowandb/sql/parse/create_index.py):
the reading against the full parse, field by field and node by node (offsets included),
for the texts it takes -- every CREATE INDEX of the corpus's index/delete script among
them -- and that it leaves to the full parse the texts it must not take (keywords of
SQLite's or sqlglot's as names among them: each is read by the full parse or equal to
it); then the outcome of CREATE INDEX texts, taken and not, against SQLite: the error,
and the schema after it."""

from __future__ import annotations

import re

import pytest
from sqlglot.tokens import Tokenizer

from compat_corpus import require_corpus
from parse_fields import fields
from oracle import connections, step_outcomes
from rowandb.planner.types.limit_values import EXPR_DEPTH, Limits
from rowandb.sql.parse import create_index
from rowandb.sql.parse.lexer import SQLITE_KEYWORDS
from rowandb.sql.parse.parser import parse
from rowandb.sql.statement_text import parse_one

TAKEN = [
    "CREATE INDEX i ON t (a)", "CREATE UNIQUE INDEX idx_tab2_0 ON tab2 (col0 DESC,col3)",
    "create index i on t(a asc , b desc,c)", "  CREATE INDEX  i  ON  t  ( a )  ",
    "CREATE INDEX IF NOT EXISTS x ON t (b)", "Create Unique Index If Not Exists j On t (a Desc)",
    "CREATE\tINDEX\ti\tON\tt\t(a\tASC)", "CREATE INDEX _i9 ON t (_c, a, b, a)",
    "CREATE INDEX rowid ON t (rowid)", "CREATE INDEX i ON nosuch (a)",
    "CREATE INDEX i ON t (nosuch DESC)", "CREATE INDEX t ON t (a)",
]
LEFT = [
    "CREATE INDEX \"i\" ON t (a)", "CREATE INDEX i ON [t] (a)", "CREATE INDEX i ON t (`a`)",
    "CREATE INDEX main.i ON t (a)", "CREATE INDEX i ON main.t (a)", "CREATE TEMP INDEX i ON t (a)",
    "CREATE INDEX i ON t (a) WHERE a > 1", "CREATE INDEX i ON t (a COLLATE nocase)",
    "CREATE INDEX i ON t (a + 1)", "CREATE INDEX i ON t (lower(a))", "CREATE INDEX i ON t ()",
    "CREATE INDEX i ON t (a,)", "CREATE INDEX i ON t (a b)", "CREATE INDEX i ON t (a ASC DESC)",
    "CREATE INDEX i ON t (a) -- c", "CREATE INDEX /* c */ i ON t (a)", "CREATE INDEX i\nON t (a)",
    "CREATE INDEX i ON t (a);", "CREATE INDEX i ON t (?)", "CREATE INDEX key ON t (a)",
    "CREATE INDEX i ON select (a)", "CREATE INDEX i ON t (order)", "CREATE INDEX i ON t (date)",
    "CREATE INDEX i ON t (a\u00e9)", "CREATE INDEX IF EXISTS i ON t (a)", "CREATE INDEX i ON t a",
    "CREATE INDEX i ON t (a) x", "CREATE UNIQUE i ON t (a)", "CREATE INDEX 1i ON t (a)",
    "CREATE INDEX i ON t (a\x0b)", "CREATE INDEX i ON t ((a))",
]



def _corpus_creates() -> list[str]:
    path = require_corpus() / "index" / "delete" / "10_slt_good_1.test"
    return sorted(set(re.findall(r"^(CREATE (?:UNIQUE )?INDEX[^\n]*)$", path.read_text(), re.M)))


@pytest.mark.parametrize("sql", TAKEN)
def test_reading_is_the_full_parse(sql):
    read = create_index.read(sql, parse)
    assert read is not None
    assert fields(read) == fields(parse(sql))


def test_corpus_creates_are_read_as_parsed():
    creates = _corpus_creates()
    assert len(creates) > 600
    for sql in creates:
        read = create_index.read(sql, parse)
        assert read is not None, sql
        assert fields(read) == fields(parse(sql)), sql


@pytest.mark.parametrize("sql", LEFT)
def test_other_texts_are_left_to_the_parser(sql):
    assert create_index.read(sql, parse) is None


def test_every_keyword_as_a_name_is_left_or_read_as_parsed():
    """SQLite's keywords and sqlglot's, as the index's, the table's and a column's name:
    the reading declines them all; a full parse that succeeds is what it would give."""
    words = sorted({w.lower() for w in set(SQLITE_KEYWORDS) | set(Tokenizer.KEYWORDS)
                    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", w)})
    assert len(words) > 200
    for word in words:
        for sql in (f"CREATE INDEX {word} ON t (a)", f"CREATE INDEX i ON {word} (a)",
                    f"CREATE INDEX i ON t (a, {word} DESC)"):
            assert create_index.read(sql, parse) is None, sql


def test_parse_one_takes_the_reading():
    sql = "CREATE INDEX i_first ON t (a DESC, b)"
    first = parse_one(sql, sql)
    again = parse_one(sql, sql)
    assert first is not again and first.tree is not again.tree    # a copy each time
    assert first.params is not again.params
    assert fields(first) == fields(parse(sql))


def test_a_limit_below_the_default_leaves_it_to_the_parser():
    """The full parse checks the tree's height (SQLITE_LIMIT_EXPR_DEPTH): with a limit
    lowered, every CREATE INDEX is parsed in full, whether or not one was read before."""
    with Limits().in_force():
        assert create_index.read("CREATE INDEX i ON t (a)", parse) is not None
    lowered = Limits()
    lowered.set(EXPR_DEPTH, 1)
    with lowered.in_force():
        assert create_index.read("CREATE INDEX i ON t (a)", parse) is None


SCHEMA = ["CREATE TABLE t(a, b, c)", "CREATE TABLE u(x UNIQUE)", "CREATE VIEW v AS SELECT a FROM t",
          "CREATE INDEX old ON t (b)", "INSERT INTO t VALUES (1, 2, 3), (1, 5, 6)",
          "INSERT INTO u VALUES (1), (2)"]


# Left out, as RowanDB differs from SQLite there with or without this reading (docs/SQL.md):
# the white space after the last token, kept in sqlite_schema; sqlite_schema's own name.
DIFFERING = ("  CREATE INDEX  i  ON  t  ( a )  ", "CREATE INDEX i ON sqlite_schema (name)")


@pytest.mark.parametrize("sql", [s for s in TAKEN + LEFT if s not in DIFFERING] + [
    "CREATE INDEX old ON t (a)", "CREATE INDEX IF NOT EXISTS old ON t (a)",
    "CREATE INDEX v ON t (a)", "CREATE INDEX u ON t (a)", "CREATE INDEX i ON v (a)",
    "CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (b DESC, a)",
    "CREATE INDEX sqlite_i ON t (a)",
    "CREATE INDEX sqlite_autoindex_u_1 ON t (a)", "CREATE INDEX i ON u (x, x)",
    "CREATE UNIQUE INDEX i ON u (x DESC)", "CREATE INDEX i ON t (_rowid_, oid)",
])
def test_outcome_as_sqlite(sql):
    rowan, lite = connections(SCHEMA)
    outcomes = step_outcomes(lite, rowan, sql)
    for conn in (lite, rowan):
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY 1, 2").fetchall()
        outcomes.append([tuple(r) for r in schema])
        outcomes.append([tuple(r) for r in conn.execute(
            "SELECT a, b FROM t ORDER BY b DESC").fetchall()])
    assert outcomes[0] == outcomes[1] and outcomes[2:4] == outcomes[4:6], sql
