"""Which arguments of an accepted statement's tree no binder reads (tests/test_parse_audit.py).

Run as a script: reads a JSON list of statements on stdin, prints JSON on stdout:
``{"bound": n, "pure_python": bool, "unread": {sql: ["Class.arg", ...]}}``.

sqlglot ships compiled (sqlglotc); its compiled properties (``node.this``) read the
argument dict in C, out of a recorder's sight. So this script first makes Python import
sqlglot's pure-Python modules, which sit beside the compiled ones, then parses each
statement with RowanDB's parser, replaces every node's argument dict by one that records
the keys read, and binds the statement as a session would. A statement the parser or the
binder refuses has nothing to report. ``--hide Class.arg`` removes that argument from the
tree the binder sees (after recording it as set), to show the probe notices a clause nobody
reads.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path


class _PurePython(importlib.abc.MetaPathFinder):
    """Finds sqlglot's modules as their .py sources, never the compiled extensions."""

    def find_spec(self, name, path=None, target=None):
        if name != "sqlglot" and not name.startswith("sqlglot."):
            return None
        for base in (path or sys.path):
            candidate = Path(base) / (name.rsplit(".", 1)[-1])
            for file, is_package in ((candidate / "__init__.py", True),
                                     (candidate.with_suffix(".py"), False)):
                if file.is_file():
                    return importlib.util.spec_from_file_location(
                        name, file, submodule_search_locations=[str(candidate)] if is_package
                        else None)
        return None


sys.meta_path.insert(0, _PurePython())
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlglot import expressions as exp  # noqa: E402

from rowandb.errors import Error  # noqa: E402
from rowandb.sql.parse.audit import FLAGS, Source, _is_set, audit_tree  # noqa: E402
from rowandb.sql.parse.lexer import tokenize  # noqa: E402
from rowandb.sql.session import open_session  # noqa: E402
from parse_audit_cases import SCHEMA  # noqa: E402


class Recording(dict):
    """An argument dict that remembers the keys read through get() and []; a ``hidden``
    key reads as absent and is never recorded (a binder that does not look at it)."""

    def __init__(self, args, hidden=None):
        super().__init__(args)
        self.read = set()
        self.hidden = hidden

    def get(self, key, default=None):
        if key == self.hidden:
            return default
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        if key == self.hidden:
            raise KeyError(key)
        self.read.add(key)
        return super().__getitem__(key)


def _instrument(tree, hide: tuple | None) -> dict:
    """Record reads on every node; the set arguments of each, by node."""
    set_args = {}
    for node in list(tree.walk()):
        set_args[id(node)] = (node, sorted(k for k, v in node.args.items() if _is_set(v)))
        hidden = hide[1] if hide and type(node).__name__ == hide[0] else None
        node.args = Recording(node.args, hidden)
    return set_args


def _existing_tables_definition(tree, session) -> set:
    """ids of the nodes of the column list of a CREATE TABLE IF NOT EXISTS whose table (or
    view) exists: SQLite checks nothing of it then (sqlite3StartTable's noErr;
    ``CREATE TABLE IF NOT EXISTS t(a, a)`` is no error there)."""
    schema = tree.this if isinstance(tree, exp.Create) and tree.args.get("exists") else None
    if not isinstance(schema, exp.Schema) or not session.execute(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
            (schema.this.name,)).rows[0][0]:
        return set()
    return {id(schema)} | {id(n) for e in schema.expressions for n in e.walk()}


def _unused_window_definitions(tree) -> set:
    """ids of the nodes of WINDOW clause definitions no window names: SQLite resolves no
    name in them (only its parser's checks of their frames apply)."""
    named = {w.args.get("alias").name.lower() for w in tree.find_all(exp.Window)
             if w.args.get("alias") is not None}
    found: set = set()
    for select in tree.find_all(exp.Select):
        for definition in select.args.get("windows") or []:
            if definition.this.name.lower() not in named:
                found |= {id(n) for n in definition.walk()}
    return found


def probe(statements: list[str], hide: tuple | None) -> dict:
    unread, bound = {}, 0
    for sql in statements:
        session = open_session(":memory:")
        session._quick = lambda *_: None    # the full path: the audit reads sqlglot's tree
        for statement in SCHEMA.strip().split(";\n"):
            if statement.strip():
                session.execute(statement)
        try:
            prepared = session._prepare(sql)
        except Error:
            continue
        tree = prepared.parsed.tree
        if tree is None:
            continue
        # ON CONFLICT clauses and the pieces WITH clauses cut a statement into: parsed apart
        trees = prepared.parsed.trees()
        per_tree = {id(part): _instrument(part, hide) for part in trees}
        try:
            tokens = tokenize(sql)
            for part in trees:                  # the audit's value checks read arguments too
                audit_tree(part, Source(sql, tokens, tokens))
            audited = {id(part): set(part.args.read) for part in trees}
            session._bind_parsed(prepared.parsed)
        except Error:
            continue
        bound += 1
        set_args = {}
        for part in trees:      # a common table nobody references is never bound, as in SQLite
            if part is tree or part in prepared.parsed.upserts or part.args.read - audited[id(part)]:
                set_args.update(per_tree[id(part)])
        unused = _unused_window_definitions(tree) | _existing_tables_definition(tree, session)
        missing = sorted(f"{type(node).__name__}.{key}"
                         for node, keys in set_args.values() for key in keys
                         if id(node) not in unused
                         if key not in node.args.read
                         and key not in FLAGS.get(type(node), ()))
        if missing:
            unread[sql] = missing
    return {"bound": bound, "unread": unread,
            "pure_python": sys.modules[exp.Expression.__module__].__file__.endswith(".py")}


if __name__ == "__main__":
    hidden = None
    if "--hide" in sys.argv:
        hidden = tuple(sys.argv[sys.argv.index("--hide") + 1].split("."))
    print(json.dumps(probe(json.loads(sys.stdin.read()), hidden)))
