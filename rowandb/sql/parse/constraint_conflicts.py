"""ON CONFLICT clauses of a CREATE TABLE's constraints, read from its tokens.

SQLite's grammar (src/parse.y) gives an ``onconf`` -- ``ON CONFLICT ROLLBACK | ABORT |
FAIL | IGNORE | REPLACE`` -- to the column constraints PRIMARY KEY (after its ASC/DESC,
before AUTOINCREMENT), NOT NULL, NULL (where it means nothing) and UNIQUE, and to the
table constraints PRIMARY KEY (...), UNIQUE (...) and CHECK (...). A column's CHECK,
DEFAULT, COLLATE, REFERENCES and generated clause take none (a syntax error, at the ON --
at the CONFLICT inside a REFERENCES clause, whose ``ON`` starts ON DELETE/UPDATE). A
table CHECK's clause is parsed and then dropped by SQLite (sqlite3AddCheckConstraint has
no parameter for it): a CHECK fails under the statement's conflict clause or ABORT.

sqlglot reads none of this, so ``check_item`` (called by grammar.py on each item of the
column list) raises SQLite's syntax errors and returns the spans to blank, and
``clauses`` gives the binder (bind_ddl.py) each constraint's clause, None when it has
none; what a clause does when a row is written is decided in the planner
(``writer.RowWriter``).
"""

from __future__ import annotations

from .lexer import tokenize

RESOLUTIONS = frozenset(("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"))
_TABLE_WORDS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
# the words that start a column or table constraint, and the kind of constraint each starts
_STARTS = {"CONSTRAINT": "name", "PRIMARY": "primary", "UNIQUE": "unique", "CHECK": "check",
           "NOT": "notnull", "NULL": "null", "DEFAULT": "default", "COLLATE": "collate",
           "REFERENCES": "ref", "FOREIGN": "ref", "GENERATED": "generated", "AS": "generated"}
# the constraints that take a clause, as a column's and as a table's
_COLUMN_TAKES = frozenset(("primary", "unique", "notnull", "null"))
_TABLE_TAKES = frozenset(("primary", "unique", "check"))


def _constraints(words: list, texts: list, start: int, end: int, fail, table: bool) -> list:
    """[kind, clause, (ON index, resolution index)] of each constraint of the item
    ``start:end`` (``words``: upper-case words, "" for other tokens), checked."""
    found, depth, j = [], 0, start if table else start + 1
    while j < end:
        text, word = texts[j], words[j]
        if text in ("(", ")"):
            depth += 1 if text == "(" else -1
        elif depth == 0 and word == "ON" and words[j + 1] == "CONFLICT":
            kind = found[-1][0] if found else None
            if kind == "ref":
                raise fail(j + 1)
            prev = words[j - 1] if texts[j - 1] != ")" else ")"
            takes = _TABLE_TAKES if table else _COLUMN_TAKES
            if kind not in takes or found[-1][1] is not None or \
                    (prev == ")") != table or kind == "primary" and \
                    not table and prev not in ("KEY", "ASC", "DESC"):
                raise fail(j)
            if j + 2 >= end or words[j + 2] not in RESOLUTIONS:
                raise fail(j + 2)
            found[-1][1:] = [words[j + 2], (j, j + 2)]
            j += 3
            continue
        elif depth == 0 and word in _STARTS and not _inside_reference(found, words, j):
            kind = _STARTS[word]
            if word == "NULL" and j > start and words[j - 1] in ("NOT", "DEFAULT"):
                kind = None             # the NOT NULL already started, or a DEFAULT's value
            if kind is not None:
                found.append([kind, None, None])
        j += 1
    return found


def _inside_reference(found: list, words: list, j: int) -> bool:
    """Whether ``words[j]`` continues a REFERENCES clause (``ON DELETE SET NULL``, ``NOT
    DEFERRABLE``) rather than starting a constraint."""
    if not found or found[-1][0] != "ref":
        return False
    if words[j] == "NOT":
        return words[j + 1] == "DEFERRABLE"
    return words[j] in ("NULL", "DEFAULT") and words[j - 1] == "SET"


def check_item(t, start: int, end: int) -> list[tuple[int, int]]:
    """Check the ON CONFLICT clauses of one item of a CREATE TABLE's column list (a column
    or table constraints: ``t`` is grammar's token view) and return their character
    spans, which sqlglot is not shown."""
    if "CONFLICT" not in t.words[start:end]:
        return []
    table = t.word(start) in _TABLE_WORDS
    words = t.words + ["", "", ""]
    texts = [tok.text for tok in t.tokens] + ["", "", ""]
    spans = []
    for _, clause, at in _constraints(words, texts, start, end, t.fail, table):
        if clause is not None:
            spans.append((t.tokens[at[0]].start, t.tokens[at[1]].end))
    return spans


class Clauses:
    """Each constraint's clause in the order written: ``columns[i][kind]`` lists those of
    column item ``i`` (kinds primary, unique, notnull), ``keys`` those of the table's
    PRIMARY KEY and UNIQUE constraints (CHECK's are dropped, as SQLite drops them)."""

    def __init__(self, columns: list, keys: list):
        self.columns, self.keys = columns, keys

    def column(self, i: int, kind: str):
        """The clause of column ``i``'s next constraint of ``kind`` (None: none)."""
        clauses = self.columns[i].get(kind) if i < len(self.columns) else None
        return clauses.pop(0) if clauses else None

    def key(self):
        """The clause of the next table PRIMARY KEY or UNIQUE constraint."""
        return self.keys.pop(0) if self.keys else None


def clauses(sql: str) -> Clauses:
    """The clauses of CREATE TABLE ``sql`` (whose grammar ``check_item`` has checked)."""
    if "CONFLICT" not in sql.upper():
        return Clauses([], [])          # none (the usual case): no second tokenizing
    tokens = tokenize(sql)
    words = [t.upper if t.kind == "word" else "" for t in tokens] + ["", "", ""]
    texts = [t.text for t in tokens] + ["", "", ""]
    open_at = next(i for i, t in enumerate(texts) if t == "(")
    columns, keys, depth, item = [], [], 0, open_at + 1
    for j in range(open_at, len(tokens)):
        depth += (texts[j] == "(") - (texts[j] == ")")
        if depth == 1 and texts[j] == "," or depth == 0:
            table = words[item] in _TABLE_WORDS
            found = _constraints(words, texts, item, j, None, table)
            if table:
                keys += [clause for kind, clause, _ in found if kind in ("primary", "unique")]
            elif item < j:
                kinds: dict = {}
                for kind, clause, _ in found:
                    kinds.setdefault(kind, []).append(clause)
                columns.append(kinds)
            item = j + 1
            if depth == 0:
                break
    return Clauses(columns, keys)
