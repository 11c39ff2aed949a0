"""The keyword audit's floor (rowandb/sql/parse/keyword_floor.py) never claims a keyword the
regenerated statement lacks, so skipping the regeneration when the floor covers the text
cannot let a dropped word through; and the audit refuses what it refused before when the
floor covers part of the text.

Every statement of the parse audit's cases (SQLite's syntax and other dialects') and a set
of statements shaped like the sqllogictest corpus's are parsed; for each tree the audit
walks, the floor is compared with the keyword counts of the text sqlglot writes back.
"""

from __future__ import annotations

from collections import Counter

import pytest

from rowandb.errors import DatabaseError
from rowandb.sql.parse import audit
from rowandb.sql.parse.parser import parse

from parse_audit_cases import FOREIGN, SQLITE

CORPUS_LIKE = [
    "SELECT DISTINCT - col2 * + 45 AS col1 FROM tab1 AS cor0 WHERE NOT ( col0 ) IN ( 1, 2 )",
    "SELECT ALL CAST ( NULL AS INTEGER ) FROM tab0 WHERE col1 IS NOT NULL OR NULL IS NULL",
    "SELECT CASE WHEN a > 1 THEN 2 WHEN a < 0 THEN 3 ELSE 4 END FROM t ORDER BY 1 DESC",
    "SELECT pk FROM tab0 WHERE col3 BETWEEN 1 AND 5 AND (col0 < 3 OR col4 NOT BETWEEN 2 AND 9)",
    "SELECT a FROM t CROSS JOIN u ON 1 LEFT JOIN p ON p.id = t.a GROUP BY a HAVING COUNT(*) > 1",
    "SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4 LIMIT 1 OFFSET 1",
    "SELECT EXISTS (SELECT 1) FROM t WHERE b LIKE 'a%' ESCAPE 'x' AND b GLOB '*' COLLATE nocase",
    "INSERT INTO t VALUES (1, 2, 3, 4)", "SELECT * FROM t ORDER BY a ASC NULLS FIRST",
    "SELECT x ISNULL, y NOTNULL, z NOT NULL FROM u", "UPDATE t SET a = 1 WHERE b IS NULL",
    "DELETE FROM t WHERE a IN (SELECT x FROM u)", "SELECT 1 FROM t NATURAL JOIN u",
]


def _statements():
    return [s for s in SQLITE + FOREIGN + CORPUS_LIKE if isinstance(s, str)]


def test_floor_is_below_the_regenerated_keywords(monkeypatch):
    checked, over = [], []
    keywords = audit.audit_keywords

    def compare(tree, source, floor=None):
        text = audit._regenerate(tree)
        if floor is not None and text is not None:
            counts = Counter(w.upper() for w in audit._WORD.findall(text))
            checked.append(source.sql)
            over.extend((source.sql, word) for word, n in floor.items() if counts[word] < n)
        return keywords(tree, source, floor)

    monkeypatch.setattr(audit, "audit_keywords", compare)
    monkeypatch.setattr(audit, "_PASSED", {})           # no shape passed by earlier tests
    monkeypatch.setattr(audit, "_PASSED_LIMIT", -1)     # audit every statement
    for statement in _statements():
        try:
            parse(statement)
        except DatabaseError:
            pass
    assert len(checked) > 300
    assert over == []


@pytest.mark.parametrize("statement", _statements())
def test_same_verdict_without_the_floor(statement, monkeypatch):
    """The audit with the floor gives the verdict of the audit that always regenerates."""
    def outcome():
        audit._PASSED.clear()
        try:
            parsed = parse(statement)
        except DatabaseError as error:
            return type(error).__name__, str(error)
        return parsed.kind, repr(parsed.tree)

    with_floor = outcome()
    monkeypatch.setattr(audit, "covers", lambda floor, written: False)
    assert outcome() == with_floor
