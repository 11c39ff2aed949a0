"""The recognizer's LALR(1) table: what ``driver.py`` reads, and where it comes from.

``table_build.py`` builds it from ``sqlite.lark`` as SQLite's parser generator builds
SQLite's; that takes most of a second of CPU, and every process that prepares a DDL
statement needs the table (``statement_text.parse_one`` checks each CREATE against
SQLite's grammar), so the built table is stored beside the grammar in ``table.json``. It
is used only while its key -- a hash of the grammar, of ``table_build.py`` and of the
operators' precedences -- is that of the sources at hand; otherwise the table is built
again here (right, only slower) and tests/test_recognizer_table.py says to run
``python -m rowandb.sql.parse.recognizer.table_build``.

The table is read (or built) once per process, on the first statement that needs it; a
stored state's actions are decoded at its first look-up (``_States``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

START = "input"
SHIFT, REDUCE = 0, 1


@dataclass
class Table:
    """``actions[state][symbol]``: ``(SHIFT, state)`` or ``(REDUCE, (lhs, length))``, a
    nonterminal's entry being its goto; ``defaults[state]``: its default reduce action
    (None: none); ``conflicts``: what precedence did not resolve (a grammar bug)."""
    actions: list[dict]
    defaults: list
    start: int
    conflicts: list[str]


@cache
def table() -> Table:
    """The stored table when it was built from the sources at hand, else a fresh build."""
    stored = stored_table()
    if stored is not None:
        return stored
    from .table_build import build
    return build()


def stored_path():
    return files(__package__).joinpath("table.json")


def source_key() -> str:
    """A hash of everything the table is built from."""
    from .terminals import PRECEDENCE
    digest = hashlib.sha256()
    for name in ("sqlite.lark", "table_build.py"):
        digest.update(files(__package__).joinpath(name).read_bytes())
    digest.update(repr(sorted(PRECEDENCE.items())).encode())
    return digest.hexdigest()


def stored_table() -> Table | None:
    """``table.json`` decoded, or None when it is missing or built from other sources."""
    try:
        data = json.loads(stored_path().read_text())
    except (OSError, ValueError):
        return None
    if data.get("key") != source_key():
        return None
    reduces = [(REDUCE, (lhs, length)) for lhs, length in data["rules"]]
    shifts = [(SHIFT, n) for n in range(len(data["states"]))]

    def action(code: int | None):
        return None if code is None else shifts[code] if code >= 0 else reduces[-1 - code]
    return Table(_States(data["states"], action), [action(code) for code in data["defaults"]],
                 data["start"], data["conflicts"])


class _States(dict):
    """The stored table's ``actions``: a state's actions decoded from their stored codes
    at its first look-up (a statement visits a few dozen of the 893 states; decoding all
    14,000 actions was a third of reading the table, at each process's first DDL
    statement). Equal to a list of the decoded states when every state is."""

    def __init__(self, coded: list[dict], action) -> None:
        super().__init__()
        self.coded, self.action = coded, action

    def __missing__(self, state: int) -> dict:
        acts = {name: self.action(code) for name, code in self.coded[state].items()}
        self[state] = acts
        return acts

    def __eq__(self, other) -> bool:
        return [self[state] for state in range(len(self.coded))] == list(other)

    __hash__ = None
