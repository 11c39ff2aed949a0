"""Window frame clauses built from the pieces of SQLite's grammar, valid and not, each
run through RowanDB and SQLite (apsw).

SQLite's parse.y reads a frame as ``frame_opt``: ``RANGE|ROWS|GROUPS`` then a start bound
(``frame_bound_s``) or ``BETWEEN`` a start ``AND`` an end (``frame_bound_e``), then
``frame_exclude_opt``. A bound is ``UNBOUNDED PRECEDING`` (start only), ``UNBOUNDED
FOLLOWING`` (end only), ``CURRENT ROW`` or ``expr PRECEDING|FOLLOWING``; its window words
fall back to names where the keyword cannot stand, so ``ROWS 1 AND unbounded PRECEDING``
is a frame whose offset names a column. The cases below put every bound piece (and
broken ones: ``1`` alone, ``CURRENT``, ``UNBOUNDED``, ``ROW``) at each place, with each
EXCLUDE and after each window prefix, in OVER and in a WINDOW definition: each must give
SQLite's rows or SQLite's error (``window_syntax.py``, ``recognizer/``).
"""

from __future__ import annotations

import random

import pytest

from oracle import outcomes

_KINDS = ("ROWS", "RANGE", "GROUPS")
_BOUNDS = ("UNBOUNDED PRECEDING", "UNBOUNDED FOLLOWING", "CURRENT ROW", "1 PRECEDING",
           "2 FOLLOWING", "1", "CURRENT", "UNBOUNDED", "PRECEDING", "FOLLOWING", "a PRECEDING",
           "0 FOLLOWING", "ROW", "CURRENT ROW ROW", "1 + 1 PRECEDING", "UNBOUNDED 1 PRECEDING",
           "-1 PRECEDING", "NULL FOLLOWING", "'x' PRECEDING", "1 PRECEDING FOLLOWING", "")
_EXCLUDES = ("", "EXCLUDE NO OTHERS", "EXCLUDE CURRENT ROW", "EXCLUDE GROUP", "EXCLUDE TIES",
             "EXCLUDE", "EXCLUDE NO", "EXCLUDE CURRENT", "EXCLUDE OTHERS", "EXCLUDE ROW",
             "EXCLUDE NO OTHERS EXCLUDE TIES", "EXCLUDE GROUP ROW")
_PREFIXES = ("", "ORDER BY a", "PARTITION BY b ORDER BY a", "w", "w ORDER BY a",
             "ORDER BY a ROWS")
SETUP = ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 1), (2, 1), (2, 2), (4, NULL)"]


def _specs():
    for kind in _KINDS:
        for first in _BOUNDS:
            yield f"{kind} {first}"
            yield f"{kind} BETWEEN {first}"
            for second in _BOUNDS:
                yield f"{kind} BETWEEN {first} AND {second}"
                yield f"{kind} {first} AND {second}"


def _queries(share: int, shares: int) -> list[str]:
    """One share of the cases: each frame spec once after ORDER BY a, once after a
    random prefix, each with a random EXCLUDE, in OVER (...) or in a WINDOW definition."""
    rnd = random.Random(96000000)
    queries = []
    for n, spec in enumerate(_specs()):
        for prefix in ("ORDER BY a", rnd.choice(_PREFIXES)):
            body = f"{prefix} {spec} {rnd.choice(_EXCLUDES)}"
            if rnd.random() < 0.5:
                sql = f"SELECT a, count(*) OVER ({body}) FROM t WINDOW w AS (PARTITION BY b)"
            else:
                sql = f"SELECT a, count(*) OVER w2 FROM t WINDOW w AS (PARTITION BY b), " \
                      f"w2 AS ({body})"
            if n % shares == share:
                queries.append(sql + " ORDER BY 1, 2")
    return queries


@pytest.mark.parametrize("share", range(4))
def test_frames_from_the_grammar_match_sqlite(share):
    differences = [f"{sql}\n  rowandb: {mine}\n  sqlite:  {theirs}"
                   for sql, mine, theirs in outcomes(SETUP, _queries(share, 4))
                   if mine != theirs]
    assert not differences, f"{len(differences)} differ:\n" + "\n".join(differences[:20])


@pytest.mark.parametrize("sql", [
    # a window word read as a name where the keyword cannot stand
    "SELECT count(*) OVER (ORDER BY a ROWS 1 AND unbounded PRECEDING) FROM t",
    "SELECT count(*) OVER (ORDER BY a ROWS rows BETWEEN current AND 1 FOLLOWING) FROM t",
    "SELECT count(*) OVER (ORDER BY a ROWS BETWEEN preceding PRECEDING AND CURRENT ROW) FROM t",
    "SELECT count(*) OVER (ORDER BY a ROWS BETWEEN CURRENT ROW AND 1 AND following FOLLOWING) "
    "FROM t",
    "SELECT count(*) OVER (ORDER BY rows ROWS 1 PRECEDING) FROM (SELECT 1 AS rows)",
    "SELECT count(*) OVER (ORDER BY a RANGE CURRENT ROW EXCLUDE TIES) FROM t",
    "SELECT count(*) OVER (ROWS 1) FROM t", "SELECT count(*) OVER (RANGE UNBOUNDED) FROM t",
    "SELECT count(*) OVER (ROWS CURRENT ROW EXCLUDE NO) FROM t",
    # the first WINDOW definition's base is never looked up; a later one's among those
    # before it only
    "SELECT a, count(*) OVER w2 FROM t WINDOW w2 AS (w ORDER BY a), w AS (PARTITION BY b)",
    "SELECT a, count(*) OVER w2 FROM t WINDOW w2 AS (nosuch ORDER BY a)",
    "SELECT a, count(*) OVER w FROM t WINDOW w AS (w ORDER BY a)",
    "SELECT a, count(*) OVER w2 FROM t WINDOW x AS (), w2 AS (w ORDER BY a), "
    "w AS (PARTITION BY b)",
    "SELECT a, count(*) OVER w FROM t WINDOW w AS (PARTITION BY b), w AS (w ORDER BY a), "
    "w AS (w ROWS 1 PRECEDING)",
])
def test_frame_corners_match_sqlite(sql):
    [(_, mine, theirs)] = outcomes(SETUP, [sql + " ORDER BY 1"])
    assert mine == theirs
