"""rowandb/sql/transpile.py without a server: the rewrites that keep SQLite's meaning on
PostgreSQL, and the refusals that keep the migration honest (docs/MIGRATION.md)."""

from __future__ import annotations

import re

import pytest

from rowandb.sql import transpile


@pytest.mark.parametrize("name, written", [
    ("Book", "book"), ("order", '"order"'), ("my table", '"my table"'), ("Ünï", '"Ünï"'),
    ('a"b', '"a""b"'), ("_x1", "_x1")])
def test_names_fold_ascii_case_and_quote_only_when_needed(name, written):
    assert transpile.pg_name(name) == written


@pytest.mark.parametrize("sqlite, postgres", [
    ("a / b", "a / NULLIF(b, 0)"),                   # x / 0 is NULL in SQLite
    ("a % b", "a % NULLIF(b, 0)"),
    ("x'00ff'", "CAST('\\x00ff' AS BYTEA)"),          # a blob, not a bit string
    ("CAST(a AS INTEGER)", "CAST(a AS BIGINT)"),     # SQLite's INTEGER is 64-bit
    ("a LIKE 'x%'", "a ILIKE 'x%'"),                 # SQLite's LIKE ignores ASCII case
    ("\"Col\" IS NOT b", "col IS DISTINCT FROM b"),
    ("ifnull(a, 1)", "COALESCE(a, 1)"),
])
def test_expressions_keep_sqlites_meaning(sqlite, postgres):
    assert transpile.expression(sqlite) == postgres


def test_order_by_puts_nulls_where_sqlite_does():
    assert transpile.statement("SELECT a FROM T ORDER BY a, b DESC") == \
        "SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST"


@pytest.mark.parametrize("sqlite, reason", [
    ("typeof(a)", "function typeof() has no PostgreSQL counterpart"),
    ("printf('%d', a)", "function printf() has no PostgreSQL counterpart"),
    ("max(a, b)", "function greatest() has no PostgreSQL counterpart"),
    ("a GLOB 'x*'", "GLOB has no PostgreSQL counterpart"),
    ("a COLLATE NOCASE", "COLLATE NOCASE has no PostgreSQL counterpart"),
    ("julianday(a)", "function julianday() has no PostgreSQL counterpart"),
])
def test_what_postgresql_lacks_is_refused_by_name(sqlite, reason):
    with pytest.raises(transpile.Untranslatable, match=re.escape(reason)):
        transpile.expression(sqlite)


def test_a_tables_checks_collations_and_generated_columns():
    parts = transpile.table_parts(
        "CREATE TABLE t(a INTEGER CHECK (a > 0), b TEXT COLLATE NOCASE,"
        " c AS (a * 2) STORED, d AS (typeof(b)), CHECK (b <> ''),"
        " CONSTRAINT k CHECK (hex(b) <> '')) WITHOUT ROWID")
    assert parts.checks == ["a > 0", "b <> ''"]
    assert parts.generated == {"c": "(a * 2)"}
    assert parts.problems == [
        'column b COLLATE NOCASE: no PostgreSQL counterpart; it compares as BINARY ("C")',
        "generated column d: function typeof() has no PostgreSQL counterpart (its values "
        "are copied as a plain column)",
        "CHECK (HEX(b) <> ''): function hex() has no PostgreSQL counterpart (left out)"]
