"""What a session hands back up to the DB-API layer: a statement's result and, before it
runs, what ``Connection``'s cursor asks of its text (``Session.statement_info``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatementInfo:
    kind: str
    param_count: int
    param_names: tuple
    statement_count: int


@dataclass
class Result:
    columns: tuple | None
    rows: list
    rowcount: int = -1
    lastrowid: int | None = None
    decltypes: tuple | None = None      # per column: the declared type it reads, or None
