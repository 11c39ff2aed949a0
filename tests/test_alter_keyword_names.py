"""Every keyword of apsw's ``keywords`` as a table or column name through every ALTER TABLE
form, against SQLite: the ALTER grammar's names are SQLite's ``nm``, which takes a join
keyword too (CROSS, FULL, INNER, LEFT, NATURAL, OUTER, RIGHT: ``ALTER TABLE full RENAME TO
n`` failed to parse), and a keyword that falls back to an identifier.
"""

from __future__ import annotations

import apsw
import pytest

from test_alter import assert_answers_as_sqlite


def _scripts(kw: str) -> list[list[str]]:
    return [
        [f"CREATE TABLE {kw}(a, b)", f"ALTER TABLE {kw} RENAME TO n"],
        [f"CREATE TABLE {kw}(a, b)", f"ALTER TABLE {kw} ADD COLUMN c"],
        [f"CREATE TABLE {kw}(a, b)", f"ALTER TABLE {kw} RENAME COLUMN a TO c"],
        [f"CREATE TABLE {kw}(a, b)", f"ALTER TABLE {kw} DROP COLUMN a"],
        [f"CREATE TABLE {kw}(a, b)", f"ALTER TABLE main.{kw} RENAME TO n"],
        ["CREATE TABLE t(a, b)", f"ALTER TABLE t RENAME TO {kw}"],
        ["CREATE TABLE t(a, b)", f"ALTER TABLE t RENAME COLUMN a TO {kw}"],
        [f"CREATE TABLE t({kw}, b)", f"ALTER TABLE t RENAME COLUMN {kw} TO c"],
        [f"CREATE TABLE t({kw}, b)", f"ALTER TABLE t RENAME {kw} TO c"],
        [f"CREATE TABLE t({kw}, b)", f"ALTER TABLE t DROP COLUMN {kw}"],
        [f"CREATE TABLE t({kw}, b)", f"ALTER TABLE t DROP {kw}"],
        ["CREATE TABLE t(a, b)", f"ALTER TABLE t ADD COLUMN {kw}"],
        ["CREATE TABLE t(a, b)", f"ALTER TABLE t ADD {kw} INT"],
    ]


@pytest.mark.parametrize("kw", sorted(apsw.keywords))
def test_a_keyword_as_a_name_through_every_alter_form(kw):
    for script in _scripts(kw):
        assert_answers_as_sqlite(script)
