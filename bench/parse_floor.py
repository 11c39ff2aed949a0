"""sqlglot's own parse of sqllogictest statements: the floor under RowanDB's parse stage.

Issue 12 asks for the whole corpus within 5x SQLite's time. RowanDB parses with sqlglot
(the project's chosen parser), so no RowanDB change makes a statement cheaper than
sqlglot's ``parse_one(sql, read="sqlite")`` of its text. This times that call alone over
every statement and query the ``rowandb`` engine runs (records skipped for it left out),
beside RowanDB's whole parse stage (``rowandb.sql.parse.parser.parse``: its tokenizer, its
checks and rewrites, then sqlglot), each as the CPU time of one pass, the collector off:

    python -m bench.parse_floor [SCRIPT_OR_DIR ...]      (from the corpus directory)

Set the output beside ``rowandb compat run --engine sqlite`` of the same scripts: the
first figure over SQLite's whole run is what sqlglot alone costs in the ratio.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time

from rowandb.compat.records import Query, Statement, is_skipped, read_script
from rowandb.compat.runner import collect_scripts
from rowandb.sql.parse.parser import parse

import sqlglot


def statements(paths) -> list[str]:
    """The SQL of every statement and query record the rowandb engine runs."""
    found = []
    for path in collect_scripts(paths):
        for record in read_script(path).records:
            if isinstance(record, (Statement, Query)) and not is_skipped(record, "rowandb"):
                found.append(record.sql)
    return found


def cpu_seconds(parse_one, texts: list[str]) -> float:
    """CPU seconds of ``parse_one`` over ``texts``; a text that fails counts all the same."""
    start = time.process_time()
    for text in texts:
        try:
            parse_one(text)
        except Exception:           # noqa: BLE001 - an error is a parse all the same
            pass
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["."])
    args = parser.parse_args(argv)
    sys.setrecursionlimit(20000)            # the corpus's deepest expressions, for sqlglot
    logging.getLogger("sqlglot").setLevel(logging.ERROR)   # its "falling back" warnings
    texts = statements(args.paths)
    gc.disable()
    own = cpu_seconds(lambda text: sqlglot.parse_one(text, read="sqlite"), texts)
    whole = cpu_seconds(parse, texts)
    print(f"statements {len(texts)}: sqlglot alone {own:.2f} s "
          f"({own / max(len(texts), 1) * 1e6:.0f} us each), "
          f"RowanDB's parse stage {whole:.2f} s ({whole / max(len(texts), 1) * 1e6:.0f} us each)")


if __name__ == "__main__":
    main()
