"""DROP VIEW of plain names read without sqlglot (rowandb/sql/parse/drop_view.py): the
reading against the full parse, field by field and name by name (offsets included), for
the texts it takes -- each DROP VIEW of the corpus's index/view script among them -- and
that it leaves to the full parse the texts it must not take; then the outcome of DROP
VIEW texts, taken and not, against SQLite: the error, and the schema after it."""

from __future__ import annotations

import re

import pytest

import rowandb

from compat_corpus import require_corpus
from oracle import connections, step_outcomes
from rowandb.planner.types.limit_values import EXPR_DEPTH, Limits
from rowandb.sql.parse import drop_view
from rowandb.sql.parse.parser import parse
from rowandb.sql.statement_text import parse_one

TAKEN = [
    "DROP VIEW v", "DROP VIEW IF EXISTS v", "drop view if exists view_1_tab0_153",
    "DROP VIEW main.v", "DROP VIEW IF EXISTS aux.v", "DROP VIEW main . v",
    "  DROP\tVIEW  v  ", "DROP VIEW v;", "DROP VIEW v ; ", "DROP VIEW _x9",
    "DROP VIEW IF EXISTS nosuch.v", "Drop View If Exists V_2", "DROP VIEW IF EXISTS rowid",
]
LEFT = [
    "DROP VIEW \"v\"", "DROP VIEW [v]", "DROP VIEW 'v'", "DROP VIEW `v`",
    "DROP VIEW key", "DROP VIEW select", "DROP VIEW IF",
    "DROP VIEW IF EXISTS", "DROP VIEW v -- gone", "DROP VIEW /* c */ v", "DROP VIEW\nv",
    "DROP VIEW v.w.x", "DROP VIEW v w", "DROP VIEW ?", "DROP VIEW", "DROP TABLE v",
    "DROP VIEW v;;", "DROP VIEW 1v", "DROP VIEW IF EXISTS temp.v", "DROP VIEW v\u00e9",
    "DROP VIEW IF NOT EXISTS v", "DROP VIEW v\x0b", "DROP VIEW v.", "DROP VIEW .v",
]


def _fields(parsed) -> dict:
    """Every field of a ``Parsed``, its tree as text, and each name's offsets."""
    out = {k: v for k, v in vars(parsed).items() if k != "tree"}
    out["tree"] = repr(parsed.tree)
    out["names"] = [(n.this, n.quoted, dict(n.meta)) for n in parsed.tree.find_all(
        type(parsed.tree.args["tables"][0].this))]
    return out


def _corpus_drops() -> list[str]:
    path = require_corpus() / "index" / "view" / "10_slt_good_1.test"
    return sorted(set(re.findall(r"^(DROP VIEW[^\n]*)$", path.read_text(), re.M)))


@pytest.mark.parametrize("sql", TAKEN)
def test_reading_is_the_full_parse(sql):
    read = drop_view.read(sql, parse)
    assert read is not None
    assert _fields(read) == _fields(parse(sql))


def test_corpus_drops_are_read_as_parsed():
    drops = _corpus_drops()
    assert len(drops) > 1000
    for sql in drops:
        read = drop_view.read(sql, parse)
        assert read is not None, sql
        assert _fields(read) == _fields(parse(sql)), sql


@pytest.mark.parametrize("sql", LEFT)
def test_other_texts_are_left_to_the_parser(sql):
    assert drop_view.read(sql, parse) is None


def test_parse_one_takes_the_reading():
    first = parse_one("DROP VIEW IF EXISTS v", "DROP VIEW IF EXISTS v")
    again = parse_one("DROP VIEW IF EXISTS v", "DROP VIEW IF EXISTS v")
    assert first is not again and first.tree is not again.tree    # a copy each time
    assert first.params is not again.params


def test_a_limit_below_the_default_leaves_it_to_the_parser():
    """The full parse checks the tree's height (SQLITE_LIMIT_EXPR_DEPTH): with a limit
    lowered, every DROP VIEW is parsed in full, whether or not one was read before."""
    rowan, _ = connections(["CREATE TABLE t(a)", "CREATE VIEW v AS SELECT a FROM t"])
    rowan.execute("DROP VIEW IF EXISTS nosuch")              # the reading's template made
    with Limits().in_force():
        assert drop_view.read("DROP VIEW v", parse) is not None
    lowered = Limits()
    lowered.set(EXPR_DEPTH, 1)
    with lowered.in_force():
        assert drop_view.read("DROP VIEW v", parse) is None
    rowan.setlimit(EXPR_DEPTH, 1)
    for sql in ("DROP VIEW IF EXISTS w", "DROP VIEW v"):    # as on 73f3ac0b (docs/SQL.md)
        with pytest.raises(rowandb.OperationalError, match="Expression tree is too large"):
            rowan.execute(sql)


SCHEMA = ["CREATE TABLE t(a, b)", "CREATE VIEW v AS SELECT a FROM t",
          "CREATE TEMP VIEW tv AS SELECT b FROM t", "CREATE VIEW w AS SELECT * FROM v"]


# Left out, as RowanDB differs from SQLite there with or without this reading (docs/SQL.md):
# IF EXISTS with an unknown schema, a vertical tab after the name, DROP VIEW sqlite_master.
DIFFERING = ("DROP VIEW IF EXISTS aux.v", "DROP VIEW IF EXISTS nosuch.v", "DROP VIEW v\x0b")


@pytest.mark.parametrize("sql", [s for s in TAKEN + LEFT if s not in DIFFERING] + [
    "DROP VIEW t", "DROP VIEW IF EXISTS t", "DROP VIEW temp.tv", "DROP VIEW main.tv",
    "DROP VIEW tv", "DROP VIEW IF EXISTS main.tv", "DROP VIEW w", "DROP VIEW aux.v",
    "DROP VIEW IF EXISTS V", "DROP VIEW IF EXISTS main.nosuch",
])
def test_outcome_as_sqlite(sql):
    rowan, lite = connections(SCHEMA)
    outcomes = []
    for conn in (lite, rowan):
        outcome = step_outcomes(lite, rowan, sql) if conn is lite else None
        if outcome is not None:
            outcomes = outcome
        schema = conn.execute(
            "SELECT type, name FROM sqlite_schema UNION ALL "
            "SELECT type, name FROM sqlite_temp_schema ORDER BY 1, 2").fetchall()
        outcomes.append([tuple(r) for r in schema])
    assert outcomes[0] == outcomes[1] and outcomes[2] == outcomes[3], sql
