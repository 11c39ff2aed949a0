"""What the full path's parse of a corpus script's statements costs, pass by pass.

``bench.run_stages`` times the full path's parse as one stage; this names its passes. The
script is run once through ``rowandb compat run`` with ``Session._parse`` recording the
texts the quick path declined (the full path's statements); then each text is parsed
again, ``--rounds`` times, with a ``process_time`` timer on each of the parser's passes
(outermost calls only, as the parser module finds them): the recognizer
(``grammar.check``), ``as_written.rewrite``, sqlglot's tokenizer and parser
(``parse_statements``), ``limits.check_tree``, ``audit``, ``may_fold`` and ``fold``,
``check_widths``, the item texts of SELECT, and the whole ``parse``. Printed: the best
round's microseconds per statement for each pass, the collector off while a round runs.

    python -P -m bench.parse_passes [--rounds N] SCRIPT     (PYTHONPATH: the tree)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import time
from collections import defaultdict

from .run_stages import wrap_attribute

PASSES = (("grammar", "check", "grammar.check"),
          (None, "rewrite", "as_written.rewrite"),
          (None, "parse_statements", "sqlglot (tokenize + parse)"),
          (None, "restore", "as_written.restore"),
          ("limits", "check_tree", "limits.check_tree"),
          ("limits", "check_tokens", "limits.check_tokens"),
          (None, "audit", "audit"),
          (None, "may_fold", "may_fold"),
          (None, "fold", "fold"),
          (None, "check_widths", "check_widths"),
          (None, "sqlglot_text", "sqlglot_text"),
          (None, "tokenize", "tokenize"),
          (None, "_select_item_texts", "_select_item_texts"),
          (None, "_refuse_empty_list_items", "_refuse_empty_list_items"),
          (None, "raise_codes_outside", "raise_codes_outside"))


def full_path_texts(script: str) -> list[str]:
    """The statements of ``script`` the runner gives the full path's parse."""
    from rowandb.cli import main as cli
    session = importlib.import_module("rowandb.sql.session")
    texts, inner = [], session.Session._parse

    def recording(self, sql, statement):
        texts.append(statement)
        return inner(self, sql, statement)

    session.Session._parse = recording
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            cli(["compat", "run", "--quiet", script])
        except SystemExit:
            pass
    session.Session._parse = inner
    return texts


def measure(texts: list[str], rounds: int) -> dict:
    parser = importlib.import_module("rowandb.sql.parse.parser")
    best: dict = {}
    spent: dict = defaultdict(float)
    for module, name, label in PASSES:
        holder = getattr(parser, module) if module else parser
        wrap_attribute(holder, name, label, spent)
    for _ in range(rounds):
        spent.clear()
        gc.disable()
        start = time.process_time()
        for text in texts:
            try:
                parser.parse(text)
            except Exception:           # noqa: BLE001 - an error statement: its cost counts
                pass
        spent["the whole parse"] = time.process_time() - start
        gc.enable()
        for label, value in spent.items():
            best[label] = min(best.get(label, value), value)
    return best


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("script")
    opts = args.parse_args()
    texts = full_path_texts(opts.script)
    best = measure(texts, opts.rounds)
    print(f"{opts.script}: {len(texts)} full-path statements, best of {opts.rounds}, "
          "us per statement")
    for label, value in sorted(best.items(), key=lambda item: -item[1]):
        print(f"  {label:32s} {1e6 * value / max(len(texts), 1):9.1f}")


if __name__ == "__main__":
    main()
