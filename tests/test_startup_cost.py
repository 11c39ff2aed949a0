"""What a process pays once, before its first answer: the patterns compiled at import and
the modules imported by ``import rowandb``, a first connection and its first statements.

- ``sql/parse/char_classes.ascii_and_beyond`` writes a class of ASCII characters and
  every character past ASCII as a negated ASCII class (cheap for ``re`` to compile): each
  class the lexer, the quick path's renamed tokens and the shell build with it matches
  exactly the code points of the range class it replaces.
- A process that opens only ``:memory:`` databases and runs ordinary statements does not
  import the modules of features it never uses (the durable store's, the shell's); one
  that uses them still gets them, with the same answers.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

from rowandb.sql.parse.char_classes import ascii_and_beyond

ROOT = pathlib.Path(__file__).resolve().parents[1]

# Every ASCII code point, the edges of Latin-1, the BMP, the surrogates and the last
# plane, and a stride through the rest (the whole range is 1.1M code points).
_EDGES = (0x7F, 0x80, 0xA0, 0xFF, 0x100, 0x2028, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF,
          0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFE, 0x10FFFF)
CODE_POINTS = sorted(set(range(0x180)) | set(_EDGES) | set(range(0x180, 0x110000, 251)))


def _matched(pattern: str) -> list[int]:
    compiled = re.compile(pattern)
    return [code for code in CODE_POINTS if compiled.fullmatch(chr(code))]


@pytest.mark.parametrize("ascii_class, written", [
    ("A-Za-z_", r"[A-Za-z_\x80-\U0010ffff]"),
    ("A-Za-z_0-9$", r"[A-Za-z_0-9$\x80-\U0010ffff]"),
    ("A-Za-z0-9_$", r"[A-Za-z0-9_$\u0080-\U0010ffff]"),
    (r"""\x00-\x20"',\x7f""", r"""[\x00-\x20"',\x7f-\U0010ffff]"""),
    ("a", r"[a\x80-\U0010ffff]"),
    (r"\x00-\x7f", r"[\x00-\U0010ffff]"),
])
def test_ascii_and_beyond_matches_the_range_class(ascii_class, written):
    built = ascii_and_beyond(ascii_class)
    assert not re.search(r"\\[uU]|\\x[89a-f]", built)     # no range past ASCII
    assert _matched(built) == _matched(written)


@pytest.mark.parametrize("name, written", [
    ("lexer word", r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*"),
])
def test_name_tokens_past_ascii(name, written):
    """Names made of non-ASCII characters (the last plane's, a lone surrogate's, a
    no-break space's) are one word token, as SQLite reads them."""
    from rowandb.sql.parse.lexer import tokenize
    from rowandb.sql.parse.renamed_tokens import _NAME
    for code in (0x80, 0xA0, 0xE9, 0xD800, 0xFFFF, 0x10000, 0x10FFFF):
        text = f"x{chr(code)}$1"
        assert re.fullmatch(written, text) and _NAME.fullmatch(text), name
        assert [(t.kind, t.text) for t in tokenize(f"SELECT {text} FROM t")] == [
            ("word", "SELECT"), ("word", text), ("word", "FROM"), ("word", "t")]


# -- modules a process imports only when it uses their feature ---------------------------

_ORDINARY = """
import sys, rowandb
connection = rowandb.connect(":memory:")
for sql in ["CREATE TABLE t1(x INTEGER PRIMARY KEY, y TEXT)", "CREATE INDEX t1y ON t1(y)",
            "INSERT INTO t1 VALUES(1, 'a'), (2, 'b')", "UPDATE t1 SET y = 'c' WHERE x = 2",
            "SELECT y, count(*) FROM t1 WHERE x > 0 GROUP BY y ORDER BY 1",
            "CREATE VIEW v1 AS SELECT x FROM t1", "SELECT * FROM v1", "DROP VIEW v1",
            "REINDEX t1y", "PRAGMA page_size", "PRAGMA wal_autocheckpoint",
            "DELETE FROM t1", "DROP TABLE t1"]:
    cursor = connection.execute(sql)
    rows = cursor.fetchall() if cursor.description else None
print(" ".join(sorted(sys.modules)))
"""

#: Modules (or packages) of features the statements above do not use.
NOT_IMPORTED = ("rowandb.storage.durable", "rowandb.storage.snapshots", "rowandb.shell",
                "rowandb.sql.vacuum", "rowandb.sql.analyze",
                "uuid")


def _user_process(code: str) -> str:
    """What ``code`` prints, run as a user's process runs it: the suite's
    ``ROWANDB_FROZEN_NODES=1`` (conftest.py) left out, so plan nodes are plain."""
    env = {name: value for name, value in os.environ.items()
           if name != "ROWANDB_FROZEN_NODES"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True, env=env).stdout


def _modules_after(code: str) -> set[str]:
    return set(_user_process(code).split())


def test_ordinary_statements_leave_feature_modules_unimported():
    loaded = _modules_after(_ORDINARY)
    assert "rowandb.sql.session" in loaded
    assert not [name for name in loaded for unused in NOT_IMPORTED
                if name == unused or name.startswith(unused + ".")]


def test_a_database_directory_still_opens_the_durable_store(tmp_path):
    code = (f"import sys, rowandb\nc = rowandb.connect({str(tmp_path / 'd.rowan')!r})\n"
            "c.execute('CREATE TABLE t(a)'); c.execute('INSERT INTO t VALUES (1)')\n"
            "c.commit(); print(c.execute('PRAGMA page_size').fetchall(), "
            "c.execute('SELECT a FROM t').fetchall())\n"
            "print(' '.join(sorted(sys.modules)))")
    first, modules = _user_process(code).split("\n", 1)
    assert first == "[(4096,)] [(1,)]" and "rowandb.storage.durable" in modules.split()


_EVERY_MODULE = """
import importlib, pkgutil, rowandb
for found in pkgutil.walk_packages(rowandb.__path__, "rowandb."):
    if not found.name.startswith(("rowandb.sqla", "rowandb.pg")) and \\
            not found.name.endswith("__main__"):
        importlib.import_module(found.name)
connection = rowandb.connect(":memory:")
print(connection.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                         "WHERE n < 3), d AS MATERIALIZED (SELECT n FROM c) "
                         "SELECT sum(n) FROM d").fetchall())
"""


def test_every_module_imports_with_plain_plan_nodes():
    """Outside the suite the plan nodes are plain dataclasses (bound.node), so a frozen
    dataclass subclassing one cannot be defined: every module imports and a query with
    common tables runs (a frozen CteScan broke this while the suite, all frozen, passed)."""
    assert _user_process(_EVERY_MODULE).strip() == "[(6,)]"
