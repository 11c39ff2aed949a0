"""Does the syntax-error recognizer (rowandb/sql/parse/recognizer/) accept every statement
SQLite accepts? Runs it over every statement of the sqllogictest corpus (``statement
ok`` and ``query`` records), the parse audit's SQLite list (on its schema), the golden scripts and the
fuzzer's cases, and lists each statement it refuses that SQLite's grammar accepts (a
bug of the recognizer's grammar). SQLite's verdict is ``EXPLAIN`` of the statement on an
empty database: a message other than a syntax error means its grammar took it.

    python -m bench.recognizer_corpus [CORPUS_DIR] [--fuzz-cases N]

The figure measured is in docs/TESTING.md ("The syntax-error recognizer").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import apsw

import rowandb

from rowandb.compat.corpus import find_corpus
from rowandb.compat.records import Query, Statement, read_script
from rowandb.sql.parse.lexer import split_statements
from rowandb.sql.parse.recognizer import syntax_error

ROOT = Path(__file__).resolve().parent.parent
_SYNTAX = ("syntax error", "incomplete input", "unrecognized token")


def corpus_statements(corpus: Path):
    for path in sorted(corpus.rglob("*.test")):
        for record in read_script(path).records:
            if isinstance(record, (Statement, Query)) and not getattr(record, "expect_error", 0) \
                    and not any(c.kind == "onlyif" and c.engine != "sqlite" or
                                c.kind == "skipif" and c.engine == "sqlite"
                                for c in record.conditions):
                yield from _split(record.sql)


def audit_statements():
    for sql in _audit_cases().SQLITE:
        yield from _split(sql)


def _audit_cases():
    sys.path.insert(0, str(ROOT / "tests"))
    import parse_audit_cases
    return parse_audit_cases


def golden_statements():
    for path in sorted((ROOT / "tests" / "golden").glob("*.sql")):
        yield from _split(path.read_text())


def fuzz_statements(cases: int):
    from tests.fuzz.case import gen_case
    from tests.fuzz.features import make_config
    config = make_config()
    for seed in range(cases):
        for step in gen_case(79_000_000 + seed, config).steps:
            yield from _split(step.sql())


def _split(sql: str) -> list[str]:
    """``sql``'s statements ([] when RowanDB's tokenizer refuses it: nothing to recognize)."""
    try:
        return split_statements(sql)
    except rowandb.Error:
        return []


def sqlite_takes(sql: str) -> bool:
    """Whether SQLite's grammar accepts ``sql`` (its error, if any, is not a syntax one)."""
    db = apsw.Connection(":memory:")
    db.execute(_audit_cases().SCHEMA)       # the tables CREATE TRIGGER needs to be read
    try:
        db.execute("EXPLAIN " + sql)
    except apsw.Error as error:
        return not any(s in str(error) for s in _SYNTAX)
    return True


def run(name: str, statements) -> tuple[int, int]:
    seen = refused = 0
    start = time.process_time()
    for sql in statements:
        seen += 1
        found = syntax_error(sql)
        if found is not None and sqlite_takes(sql):
            refused += 1
            print(f"  REFUSED ({found}): {sql[:160]!r}")
    print(f"{name}: {seen} statements, {refused} SQLite accepts that the recognizer refuses "
          f"({time.process_time() - start:.1f} s CPU)", flush=True)
    return seen, refused


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--fuzz-cases", type=int, default=200)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus) if args.corpus else find_corpus()
    totals = [run("sqllogictest corpus", corpus_statements(corpus)),
              run("parse audit (SQLite list)", audit_statements()),
              run("golden scripts", golden_statements()),
              run(f"fuzzer, {args.fuzz_cases} cases", fuzz_statements(args.fuzz_cases))]
    return 1 if any(refused for _, refused in totals) else 0


if __name__ == "__main__":
    sys.exit(main())
