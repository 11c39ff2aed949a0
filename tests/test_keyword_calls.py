"""Keywords and other words called as functions, against SQLite (apsw).

SQLite reads a keyword that falls back to a name (parse.y %fallback ID) as a function's
name before a parenthesis where an operand starts, and any word its tokenizer does not
know as a keyword always (``true(1)``, ``cube(1)``: 'no such function'); a reserved word
there is its syntax error (``null(1)``: 'near "(": syntax error'). sqlglot reads some of
these its own way: its keywords (TRUE, CUBE, QUALIFY...) as syntax errors or literals, a
BETWEEN's low bound without its AND (``1 BETWEEN null(1) AND 2`` as ``(1 BETWEEN NULL AND
(1)) AND 2``), END after a WHEN as the CASE's end (``sql/parse/as_written.py``,
``sql/parse/grammar_places.py``). Every word of SQLite's keyword list and of sqlglot's is
called in several places; each statement must give SQLite's rows or error.
"""

import apsw
import pytest

from oracle import pair, run
from rowandb.sql.parse.dialect import DIALECT

SHAPES = ["SELECT {k}(1)", "SELECT 1 {k}(1)", "SELECT x {k}(1) FROM t", "SELECT count(*) {k}(1)",
          "SELECT CASE WHEN {k}(1) THEN 1 END", "SELECT CASE 1 WHEN {k}(1) THEN 2 END",
          "SELECT CASE WHEN {k} THEN 1 END", "SELECT 1 BETWEEN {k}(1) AND 2",
          "SELECT 1 NOT BETWEEN 0 AND {k}(1)", "SELECT 1 + {k}(1)", "SELECT x FROM t WHERE {k}(1)",
          "SELECT x FROM t ORDER BY {k}(1)"]

WRITTEN = ["SELECT 1 BETWEEN (1)(1) AND 2", "SELECT 1 BETWEEN 2 (1) AND 2",
           "SELECT 1 BETWEEN 0 (2)", "SELECT x FROM t WHERE x BETWEEN null (1) AND 2",
           "SELECT CASE end WHEN 1 THEN end ELSE end END", "SELECT CASE WHEN 1 THEN end END",
           "SELECT CASE WHEN end = 1 THEN 1 END", "SELECT CASE WHEN 1 END",
           "SELECT CASE WHEN 1 THEN 2 END END", "SELECT 1 BETWEEN (1) AND (2)",
           "SELECT 1 BETWEEN 1 AND 2 AND (3)", "SELECT 1 BETWEEN abs(1) AND 2"]

SQLITE_WORDS = sorted(apsw.keywords)
# the words sqlglot's tokenizer knows as keywords that SQLite does not (but OPTIMIZE, an
# FTS3 function RowanDB refuses by name)
OTHER_WORDS = sorted(w for w in DIALECT.tokenizer_class.KEYWORDS if w.replace("_", "").isalpha()
                     and w not in {k.upper() for k in apsw.keywords} and w != "OPTIMIZE")


def _differences(words, shapes) -> list:
    ours, theirs = pair(["CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"])
    wrong = []
    for sql in (shape.format(k=word) for word in words for shape in shapes):
        got, expected = run(ours, sql), run(theirs, sql)
        if got != expected:
            wrong.append(f"{sql}\n  rowandb: {got}\n  sqlite:  {expected}")
    return wrong


@pytest.mark.parametrize("words", [SQLITE_WORDS, OTHER_WORDS], ids=["sqlite", "sqlglot"])
def test_words_called_as_functions_answer_as_sqlite(words):
    wrong = _differences(words, SHAPES)
    assert not wrong, "\n".join(wrong)


def test_written_statements_answer_as_sqlite():
    wrong = _differences([""], WRITTEN)
    assert not wrong, "\n".join(wrong)


if __name__ == "__main__":
    found = _differences(SQLITE_WORDS + OTHER_WORDS, SHAPES) + _differences([""], WRITTEN)
    print("\n".join(found))
    print(f"{len(found)} differ of {len(SQLITE_WORDS + OTHER_WORDS) * len(SHAPES) + len(WRITTEN)}")
