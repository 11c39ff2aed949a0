"""A compound's tables are looked up once (rowandb/sql/bind/bind_compound.py): the
compound's walk (``tables.look_up_tables``, SQLite's expansion of the whole statement)
covers every arm, so binding an arm does not walk it again -- select4.test's compounds
of up to five arms with long WHERE clauses paid each arm's walk twice. The errors the
walk finds keep SQLite's order (differential, ``oracle.assert_same``)."""

from __future__ import annotations

import rowandb.sql.bind.binder as binder_module
from oracle import assert_same, pair, run

SETUP = ["CREATE TABLE t(a, b)", "CREATE TABLE u(c, d)", "INSERT INTO t VALUES (1, 2)",
         "INSERT INTO u VALUES (3, 4)"]


def _walks(monkeypatch, sql: str) -> list:
    mine, _ = pair(SETUP)
    walked = []
    real = binder_module.look_up_tables

    def counting(catalog, query, *args, **kwargs):
        walked.append(query.sql())
        return real(catalog, query, *args, **kwargs)
    monkeypatch.setattr(binder_module, "look_up_tables", counting)
    assert run(mine, sql)[0] == "ok"
    return walked


def test_a_statement_compound_is_walked_once(monkeypatch):
    sql = ("SELECT a FROM t WHERE a IN (SELECT c FROM u) UNION SELECT c FROM u "
           "EXCEPT SELECT b FROM t INTERSECT SELECT d FROM u")
    assert len(_walks(monkeypatch, sql)) == 1


def test_a_compound_in_a_from_subquery_walks_its_arms_with_it(monkeypatch):
    walked = _walks(monkeypatch, "SELECT * FROM (SELECT a FROM t UNION ALL SELECT c FROM u)")
    assert len(walked) == 2     # the statement, then the FROM subquery as it is bound


def test_errors_in_arms_keep_sqlites_order():
    assert_same(SETUP, [
        "SELECT a FROM t UNION SELECT x FROM nosuch",
        "SELECT nocol FROM t UNION SELECT c FROM nosuch",
        "SELECT a FROM nosuch1 UNION SELECT c FROM nosuch2",
        "SELECT a FROM t UNION SELECT c FROM u WHERE c IN (SELECT 1 FROM nosuch)",
        "SELECT a FROM t WHERE b = (SELECT 1 FROM gone) EXCEPT SELECT nocol FROM u",
        "SELECT a FROM t UNION SELECT c, d FROM u",
        "SELECT * FROM (SELECT a FROM t UNION SELECT zz FROM u)",
        "SELECT a FROM t UNION SELECT c FROM u JOIN t USING (zz)",
        "SELECT a FROM t UNION SELECT c FROM u ORDER BY (SELECT 1 FROM gone)",
        "SELECT a FROM t UNION SELECT c FROM u ORDER BY 1",
        "WITH w AS (SELECT a FROM t UNION SELECT c FROM nosuch) SELECT * FROM w",
        "CREATE VIEW v AS SELECT a FROM t UNION SELECT c FROM u",
        "SELECT * FROM v UNION SELECT a FROM t",
        "INSERT INTO t SELECT a, b FROM t UNION SELECT c, nocol FROM u",
        "INSERT INTO t SELECT a, b FROM t UNION SELECT c, d FROM nosuch",
    ])
