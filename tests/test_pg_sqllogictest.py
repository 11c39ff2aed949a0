"""The schemas and data of shared sqllogictest scripts migrated to a real PostgreSQL server
(tests/pg_server.py), and their queries asked of it.

Each script's statements up to its first query build a RowanDB database; ``rowandb migrate``
copies it; the tables must then be equal cell by cell, and every following query (up to
the next statement, at most ``QUERIES``) that the script does not mark ``skipif
postgresql``, rewritten by rowandb/sql/transpile.py, must give on PostgreSQL the answer the
script records for SQLite. Without the corpus (a fresh clone) the cases skip as the other
compat tests do (tests/compat_corpus.py).
"""

from __future__ import annotations

import decimal
import io

import psycopg
import pytest

import rowandb
from rowandb import cli
from rowandb.compat import records, render, runner
from rowandb.sql import transpile

from compat_corpus import require_corpus
from pg_server import compare_tables, pg_value

SCRIPTS = ["select1.test", "select2.test", "index/between/10_slt_good_1.test",
           "random/aggregates/slt_good_0.test", "random/expr/slt_good_0.test",
           "random/groupby/slt_good_0.test"]
QUERIES = 250


def _python(value):
    """A PostgreSQL value as the Python value SQLite would hand the renderer."""
    value = pg_value(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
    return value


def _build(script, path: str) -> list:
    """Run the statements before the first query; the records after them."""
    con = rowandb.connect(path, isolation_level=None)
    runnable = [r for r in script.records if isinstance(r, (records.Statement, records.Query))]
    for count, record in enumerate(runnable):
        if isinstance(record, records.Query):
            con.close()
            return runnable[count:]
        if not record.expect_error and not records.is_skipped(record, "sqlite"):
            con.execute(record.sql)
    con.close()
    return []


def _answers(queries: list, url: str) -> tuple[int, list[str]]:
    """(queries that matched, descriptions of those that did not)."""
    matched, wrong = 0, []
    with psycopg.connect(url, autocommit=True) as pg:
        for query in queries[:QUERIES]:
            if isinstance(query, records.Statement):
                break
            if records.is_skipped(query, "postgresql"):
                continue
            try:
                rows = pg.execute(transpile.statement(query.sql)).fetchall()
            except (transpile.Untranslatable, psycopg.Error) as error:
                wrong.append(f"line {query.line}: {error}")
                continue
            rendered = render.render_rows([tuple(map(_python, row)) for row in rows],
                                          query.types)
            if runner.results_match(query, rendered, render.arrange(rendered, query.sort_mode)):
                matched += 1
            else:
                wrong.append(f"line {query.line}: {rendered[:3]}...")
    return matched, wrong


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_scripts_schema_migrates_and_answers_as_sqlite(tmp_path, postgres_url, name):
    script = records.read_script(require_corpus() / name)
    db = str(tmp_path / "slt.rowan")
    queries = _build(script, db)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["migrate", db, postgres_url], stdout=out, stderr=err) == 0, err.getvalue()
    assert compare_tables(db, postgres_url) > 0
    matched, wrong = _answers(queries, postgres_url)
    assert wrong == []
    assert matched >= 100
