"""The name a CREATE TABLE, CREATE VIEW or CREATE TRIGGER statement gives, as written.

SQLite reports ``table %T already exists`` with the name's token as the statement wrote
it, quotes and all (build.c, sqlite3StartTable: ``table 'q1' already exists``, ``table
"Q1" already exists``; ``view [V] already exists`` for a view, ``trigger [tr] already
exists``: trigger.c, sqlite3BeginTrigger), where its other messages show the dequoted
name (an index's among them: sqlite3CreateIndex names it dequoted). sqlglot keeps the
dequoted name only, and the text it read has a string that is a name rewritten, so the
token is found again in the statement's own text.
"""

from __future__ import annotations

from .lexer import tokenize

def written_name(sql: str) -> str | None:
    """The created object's name token of ``sql`` (after a schema and its dot), or None
    when the statement does not read as ``CREATE [TEMP] TABLE|VIEW|TRIGGER [IF NOT
    EXISTS] ...``."""
    try:
        tokens = tokenize(sql)
    except Exception:               # noqa: BLE001 -- a statement that parsed tokenizes
        return None
    k = next((i for i, t in enumerate(tokens[:3]) if t.upper in ("TABLE", "VIEW", "TRIGGER")), None)
    if k is None or tokens[0].upper != "CREATE":
        return None
    k += 1
    if [t.upper for t in tokens[k:k + 3]] == ["IF", "NOT", "EXISTS"]:
        k += 3
    if k + 2 < len(tokens) and tokens[k + 1].text == ".":
        k += 2
    return tokens[k].text if k < len(tokens) else None
