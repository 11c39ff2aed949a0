"""What a statement-shape cache could save on sqllogictest scripts: shapes and parse time.

A statement's shape is its token sequence with every number and string literal masked
(RowanDB's own tokenizer, ``rowandb.sql.parse.lexer.tokenize``). A cache of prepared statements
keyed by shape, the literals passed as parameters, can only save the preparation of a
statement whose shape came earlier in the same script (scripts run in fresh databases).
This counts those statements and, more to the point, the share of parsing time they
take (``time.process_time`` around ``rowandb.sql.parse.parser.parse`` of each statement, the
collector off): statements that repeat a shape are mostly the short ones, so the share
of the time is far below the share of the statements.

    python -m bench.corpus_shapes [SCRIPT_OR_DIR ...]      (from the corpus directory)

prints one line per group of scripts (the first path part) and the total.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import defaultdict

from rowandb.compat.records import read_script
from rowandb.compat.runner import collect_scripts
from rowandb.sql.parse.lexer import tokenize
from rowandb.sql.parse.parser import parse

_LITERALS = ("number", "string")


def shape(tokens) -> tuple:
    """The tokens' upper texts, each number or string literal masked."""
    return tuple("L" if t.kind in _LITERALS else t.upper for t in tokens)


def measure(path) -> tuple[int, int, float, float]:
    """(statements, repeated shapes, parse seconds, parse seconds of the repeats) of one
    script; a text that fails to tokenize is left out, one that fails to parse counts."""
    seen: set = set()
    count = repeats = 0
    total = repeated = 0.0
    for record in read_script(path).records:
        sql = getattr(record, "sql", None)
        if not sql:
            continue
        try:
            tokens = [t for t in tokenize(sql) if t.kind != "semi"]
        except Exception:           # noqa: BLE001 - an unrecognized token: not a shape
            continue
        if not tokens:
            continue
        start = time.process_time()
        try:
            parse(sql)
        except Exception:           # noqa: BLE001 - an error is a parse all the same
            pass
        spent = time.process_time() - start
        key = shape(tokens)
        count, total = count + 1, total + spent
        if key in seen:
            repeats, repeated = repeats + 1, repeated + spent
        seen.add(key)
    return count, repeats, total, repeated


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["."])
    args = parser.parse_args(argv)
    groups: dict = defaultdict(lambda: [0, 0, 0.0, 0.0])
    gc.disable()
    for path in collect_scripts(args.paths):
        group = groups[str(path).split("/")[0]]
        for k, value in enumerate(measure(path)):
            group[k] += value
    every = [sum(g[k] for g in groups.values()) for k in range(4)]
    for name, (count, repeats, total, repeated) in sorted(groups.items()) + [("all", every)]:
        print(f"{name:14s} statements {count:7d}  shape seen before {repeats:6d} "
              f"({repeats / max(count, 1):4.0%})  parse {total:7.2f} s, of it the repeats "
              f"{repeated:6.2f} s ({repeated / max(total, 1e-9):4.0%})")


if __name__ == "__main__":
    main()
