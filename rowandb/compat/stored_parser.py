"""The sqllogictest grammar's parser, stored: what ``records.py`` parses scripts with.

lark builds an LALR parser from ``sqllogictest.lark`` in about 25 ms of CPU, and every
``rowandb compat run`` process -- the corpus runs one per script -- builds it again. lark
can write a built parser out as plain data (its tables, rules and terminals: strings,
numbers, lists and dicts, ``Lark.memo_serialize``) and load it back in about 2 ms, so that
data is stored beside the grammar in ``sqllogictest_parser.py``, a module of literals (no
pickle: loading it runs no code but building those values). It is used only while its key
-- a hash of the grammar, of the parser's options and of lark's version -- is that of the
sources at hand; otherwise ``records.py`` builds the parser from the grammar (right, only
slower) and tests/test_startup_cost.py says to run ``python -m rowandb.compat.stored_parser``.
"""

from __future__ import annotations

import ast
import hashlib
from importlib import resources
from pprint import pformat
from typing import Any

import lark

GRAMMAR_FILE = "sqllogictest.lark"
STORED_MODULE = "sqllogictest_parser"
#: How the parser is built from the grammar (and the transformer, passed to each).
OPTIONS = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def grammar_text() -> str:
    return resources.files(__package__).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")


def source_key(grammar: str) -> str:
    """A hash of everything the stored parser is built from."""
    digest = hashlib.sha256(grammar.encode())
    digest.update(repr(sorted(OPTIONS.items())).encode())
    digest.update(lark.__version__.encode())
    return digest.hexdigest()


def built(grammar: str, transformer: lark.Transformer) -> lark.Lark:
    """The parser built from ``grammar`` (the slow way, and what the stored one is)."""
    return lark.Lark(grammar, transformer=transformer, **OPTIONS)


def stored(grammar: str, transformer: lark.Transformer) -> lark.Lark | None:
    """The stored parser when it was built from ``grammar`` with ``OPTIONS``, else None."""
    try:
        from . import sqllogictest_parser as data
    except ImportError:
        return None
    if data.KEY != source_key(grammar):
        return None
    return lark.Lark._load_from_dict(data.DATA, data.MEMO, transformer=transformer)


def encode(parser: lark.Lark, key: str) -> str:
    """The text of the stored module for ``parser``."""
    from lark.grammar import Rule
    from lark.lexer import TerminalDef
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    # the transformer is the caller's object, passed again at each load
    data["options"] = {name: value for name, value in data["options"].items()
                       if name != "transformer"}
    return "\n".join([
        '"""The sqllogictest grammar\'s parser as lark serializes it: written by',
        "``python -m rowandb.compat.stored_parser``, read by ``stored_parser.stored``.",
        '"""', "",
        f"KEY = {key!r}", f"DATA = {_literal(data)}", f"MEMO = {_literal(memo)}", ""])


def _literal(value: Any) -> str:
    """``value`` written as a Python literal, which must read back as ``value``."""
    text = pformat(value, width=96, compact=True, sort_dicts=False)
    if ast.literal_eval(text) != value:     # a repr that is no literal raises here
        raise ValueError("lark's serialized parser does not read back as written")
    return text


def write() -> None:
    """Build the parser from the grammar and store it, keyed by its sources."""
    grammar = grammar_text()
    text = encode(built(grammar, lark.Transformer()), source_key(grammar))
    resources.files(__package__).joinpath(f"{STORED_MODULE}.py").write_text(text)


if __name__ == "__main__":
    write()
