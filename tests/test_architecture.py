"""The architecture's rules, checked over the source tree.

- Every Python name that docs/ARCHITECTURE.md or the package docstring cites exists, so the
  walk-through of a statement cannot silently go stale when code is renamed.
- Layers import downward only (storage < catalog < planner < sql; errors.py below all;
  the clients on top may import anything), and sqlglot stays inside rowandb/sql/.
- Every module opens with a docstring and stays within the project's size limit.
- No file of the project keeps a merge's conflict markers.

The module graph is read with ``ast`` (imports inside functions included), so a lazy
import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import pathlib
import re
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rowandb"
ARCHITECTURE_DOC = ROOT / "docs" / "ARCHITECTURE.md"
MAX_LINES = 800

# Modules allowed over MAX_LINES, each with the reason and who is shrinking it. Empty today:
# add an entry only for a module that is being split, and remove it when the split lands.
KNOWN_LONG_MODULES: dict[str, str] = {}

# Layer order: a module may import its own layer and any layer below it.
LAYERS = {"rowandb.errors": 0, "rowandb.version": 0, "rowandb.storage": 1, "rowandb.catalog": 2,
          "rowandb.planner": 3, "rowandb.sql": 4}
CLIENT = 5      # the top-level clients may import anything; no layer may import them
CLIENTS = ("rowandb", "rowandb.__main__", "rowandb.cli", "rowandb.shell", "rowandb.compat",
           "rowandb.sqla", "rowandb.pg")

# Upward imports that exist today, each with its reason; the fix is to remove the entry.
KNOWN_LAYER_EXCEPTIONS: dict[tuple[str, str], str] = {}

# sqlglot (any submodule: expressions, tokens/tokenizer, errors, ...) and its compiled
# extension may be imported only in rowandb/sql/. The brief also lets the planner use
# sqlglot's optimizer helpers (qualify, simplify, normalize, scope), and nothing else.
SQLGLOT_ROOTS = ("sqlglot", "sqlglotc")
SQLGLOT_PLANNER_ALLOWED = ("sqlglot.optimizer",)

# SQLAlchemy (an optional extra) may be imported only by the dialect, rowandb/sqla/: the
# engine must import and run without it.
SQLALCHEMY_ROOTS = ("sqlalchemy", "alembic")
SQLALCHEMY_ALLOWED = "rowandb.sqla"

# Dotted names in the docs that are not RowanDB's: other libraries (``exp`` is the usual
# alias of sqlglot.expressions).
FOREIGN_PREFIXES = ("sqlglot", "sqlglotc", "exp", "apsw", "sortedcontainers", "lark", "sqlite3",
                    "hypothesis", "pytest", "os", "sys", "threading")


# -- the module graph --------------------------------------------------------------------

def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULE_PATHS = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULE_PATHS[name].name == "__init__.py"


def _resolve_from(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (``from ..planner import x``)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@functools.cache
def _import_nodes(text: str) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """The import statements of a module's text, at any depth: parsed once per text, as
    five tests read every module's imports (the walk was most of this file's time)."""
    return tuple(node for node in ast.walk(ast.parse(text))
                 if isinstance(node, (ast.Import, ast.ImportFrom)))


def imported_modules(module: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in ``module``, at any depth.

    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module of
    ours (``from rowandb import errors``), else as importing ``pkg`` itself.
    """
    found = []
    for node in _import_nodes(MODULE_PATHS[module].read_text(encoding="utf-8")):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        else:
            target = _resolve_from(module, node)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if candidate in MODULE_PATHS or _is_external_submodule(candidate):
                    found.append((candidate, node.lineno))
                else:
                    found.append((target, node.lineno))
    return found


def _is_external_submodule(name: str) -> bool:
    """``from sqlglot import expressions`` imports the module sqlglot.expressions."""
    root = name.split(".")[0]
    if root not in SQLGLOT_ROOTS:
        return False
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def layer_of(module: str) -> int | None:
    """The layer number of one of our modules; None when it belongs to no known place."""
    for client in CLIENTS:
        if module == client or (client != "rowandb" and module.startswith(client + ".")):
            return CLIENT
    for prefix, level in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def _layer_violations() -> list[str]:
    problems = []
    for module in MODULE_PATHS:
        mine = layer_of(module)
        if mine == CLIENT:
            continue
        for target, line in imported_modules(module):
            if not (target == "rowandb" or target.startswith("rowandb.")):
                continue
            theirs = layer_of(target)
            if theirs is not None and theirs <= mine:
                continue
            if (module, target) in KNOWN_LAYER_EXCEPTIONS:
                continue
            problems.append(f"{module} (line {line}) imports {target}, a layer above it")
    return problems


# -- (b) layering ------------------------------------------------------------------------

def test_every_module_belongs_to_a_layer_or_is_a_client():
    unplaced = [m for m in MODULE_PATHS if layer_of(m) is None]
    assert unplaced == [], f"place these modules in LAYERS or CLIENTS: {unplaced}"


def test_layers_import_only_downward():
    assert _layer_violations() == []


def test_known_layer_exceptions_are_still_needed():
    """An exception whose import is gone must be removed, so the list cannot rot."""
    present = {(m, t) for m in MODULE_PATHS for t, _ in imported_modules(m)}
    stale = [pair for pair in KNOWN_LAYER_EXCEPTIONS if pair not in present]
    assert stale == []


def test_the_layer_check_detects_an_upward_import(tmp_path, monkeypatch):
    fake = tmp_path / "rowandb" / "storage" / "leaky.py"
    fake.parent.mkdir(parents=True)
    fake.write_text('"""Leaky."""\nfrom ..planner.types import values\n\n\ndef f():\n'
                    '    from rowandb.sql import session\n')
    monkeypatch.setitem(MODULE_PATHS, "rowandb.storage.leaky", fake)
    problems = [p for p in _layer_violations() if p.startswith("rowandb.storage.leaky")]
    assert problems == [
        "rowandb.storage.leaky (line 2) imports rowandb.planner.types.values, a layer above it",
        "rowandb.storage.leaky (line 6) imports rowandb.sql.session, a layer above it"]


def _sqlglot_imports(module: str) -> list[tuple[str, int]]:
    return [(t, line) for t, line in imported_modules(module)
            if t.split(".")[0] in SQLGLOT_ROOTS]


def test_sqlglot_is_imported_only_in_the_sql_layer():
    problems = []
    for module in MODULE_PATHS:
        if module.startswith("rowandb.sql."):
            continue
        for target, line in _sqlglot_imports(module):
            allowed_in_planner = target.startswith(SQLGLOT_PLANNER_ALLOWED)
            if module.startswith("rowandb.planner.") and allowed_in_planner:
                continue
            problems.append(f"{module} (line {line}) imports {target}")
    assert problems == []


def test_the_sql_layer_really_imports_sqlglot_expressions():
    """Guards the import reader: if it stopped seeing sqlglot imports, the rule above would
    pass vacuously."""
    seen = {t for m in MODULE_PATHS if m.startswith("rowandb.sql.")
            for t, _ in _sqlglot_imports(m)}
    assert "sqlglot.expressions" in seen


def _sqlalchemy_importers(modules) -> list[str]:
    return [f"{m} (line {line}) imports {t}" for m in modules for t, line in imported_modules(m)
            if t.split(".")[0] in SQLALCHEMY_ROOTS
            and not (m == SQLALCHEMY_ALLOWED or m.startswith(SQLALCHEMY_ALLOWED + "."))]


def test_sqlalchemy_is_imported_only_by_the_dialect():
    assert _sqlalchemy_importers(MODULE_PATHS) == []


def test_the_sqlalchemy_rule_detects_an_import(tmp_path, monkeypatch):
    fake = tmp_path / "rowandb" / "sql" / "orm.py"
    fake.parent.mkdir(parents=True)
    fake.write_text('"""Orm."""\n\n\ndef f():\n    from sqlalchemy import engine\n')
    monkeypatch.setitem(MODULE_PATHS, "rowandb.sql.orm", fake)
    assert _sqlalchemy_importers(["rowandb.sql.orm", "rowandb.sqla.dialect"]) == [
        "rowandb.sql.orm (line 5) imports sqlalchemy"]


# -- (c) docstrings, (d) size --------------------------------------------------------------

def _missing_docstrings(paths: dict) -> list[str]:
    """Modules that do not open with a docstring; an empty file (a bare package marker)
    has nothing to describe and is exempt."""
    missing = []
    for module, path in paths.items():
        text = path.read_text(encoding="utf-8")
        if text.strip() and not ast.get_docstring(ast.parse(text)):
            missing.append(module)
    return missing


def _too_long(paths: dict) -> dict[str, int]:
    too_long = {}
    for module, path in paths.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and module not in KNOWN_LONG_MODULES:
            too_long[module] = lines
    return too_long


def test_every_module_opens_with_a_docstring():
    assert _missing_docstrings(MODULE_PATHS) == []


def test_modules_stay_within_the_size_limit():
    assert _too_long(MODULE_PATHS) == {}, f"split these modules (limit {MAX_LINES} lines)"


_CONFLICT = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)
_PROJECT_TEXT = ("*.py", "*.md", "*.lark", "*.toml", "*.test", "Makefile")


def _conflicted(root: pathlib.Path) -> list[str]:
    """The project's text files (outside .venv, .git and build output) holding a line that
    a merge left as a conflict marker."""
    found = []
    for pattern in _PROJECT_TEXT:
        for path in root.rglob(pattern):
            parts = path.relative_to(root).parts
            if parts[0].startswith(".") or parts[0] in ("build", "dist") or "egg-info" in parts[0]:
                continue
            if _CONFLICT.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(str(path.relative_to(root)))
    return sorted(found)


def test_no_file_keeps_merge_conflict_markers(tmp_path):
    assert _conflicted(ROOT) == []
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "X.md").write_text("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> br\n")
    assert _conflicted(tmp_path) == ["docs/X.md"]


def test_docstring_and_size_checks_detect_offenders(tmp_path):
    bare = tmp_path / "bare.py"
    bare.write_text("# a comment is not a docstring\nX = 1\n")
    empty = tmp_path / "empty.py"
    empty.write_text("")
    long = tmp_path / "long.py"
    long.write_text('"""Long."""\n' + "X = 1\n" * MAX_LINES)
    at_limit = tmp_path / "at_limit.py"
    at_limit.write_text('"""At the limit."""\n' + "X = 1\n" * (MAX_LINES - 1))
    paths = {"bare": bare, "empty": empty, "long": long, "at_limit": at_limit}
    assert _missing_docstrings(paths) == ["bare"]
    assert _too_long(paths) == {"long": MAX_LINES + 1}


def test_known_long_modules_are_still_long():
    for module in KNOWN_LONG_MODULES:
        lines = len(MODULE_PATHS[module].read_text(encoding="utf-8").splitlines())
        assert lines > MAX_LINES, f"{module} is short now: remove it from KNOWN_LONG_MODULES"


# -- (a) names cited in the documentation ---------------------------------------------------

_FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(`{1,2})([^`\n]+?)\1")
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"
_CITATION = re.compile(rf"({_DOTTED})(?:\(.*\))?")
_BARE_ROWANDB = re.compile(r"(?<![\w./])rowandb(?:\.[A-Za-z_]\w*)+")
_FILE_SUFFIXES = (".py", ".md", ".lark", ".test", ".toml", ".txt")


def cited_names(text: str) -> set[str]:
    """Dotted Python names cited in markdown or reST text, outside code blocks.

    A citation is a code span holding one dotted name (a call's arguments are ignored:
    ``Session.execute("BEGIN")`` cites ``Session.execute``), or a bare ``rowandb.x.y``
    anywhere in the prose. File names, other libraries' names and SQL column references
    (``t.id``: a one-letter lowercase table alias) are not citations.
    """
    prose = _FENCE.sub("", text)
    names = set(_BARE_ROWANDB.findall(prose))
    for _, span in _CODE_SPAN.findall(prose):
        match = _CITATION.fullmatch(span.strip())
        if match is None:
            continue
        name = match.group(1)
        first = name.split(".")[0]
        if name.endswith(_FILE_SUFFIXES) or first in FOREIGN_PREFIXES:
            continue
        if len(first) == 1 and first.islower():
            continue
        names.add(name)
    return names


def _all_modules() -> dict:
    for name in MODULE_PATHS:
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)
    return {name: sys.modules[name] for name in MODULE_PATHS if name in sys.modules}


def _instance_attributes(cls) -> set[str]:
    """Attributes a class's instances have that ``getattr(cls, name)`` cannot show:
    dataclass fields without a class-level default and ``self.x = ...`` assignments."""
    names = set(getattr(cls, "__dataclass_fields__", {}))
    for klass in cls.__mro__:
        if klass.__module__ == "builtins":
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                    and isinstance(node.value, ast.Name) and node.value.id == "self"):
                names.add(node.attr)
    return names


@dataclasses.dataclass(frozen=True)
class InstanceAttribute:
    """What a cited name denotes when it is an attribute only instances have."""
    owner: type
    name: str


def _walk(obj, parts: list[str]):
    """Follow attribute ``parts`` from ``obj``: the object, an InstanceAttribute, or None."""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        # (a field whose class-level default is None reads as None: its instances' field)
        if last and inspect.isclass(obj) and getattr(obj, part, None) is None \
                and part in _instance_attributes(obj):
            return InstanceAttribute(obj, part)
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        return None
    return obj


def resolve(name: str, modules: dict) -> list:
    """Every distinct object ``name`` can denote.

    The first components name a module by its full name or a dotted suffix of it
    (``rowandb.sql.session``, ``sql.session``, ``session``), or a class or function by the
    name it is defined under in one of our modules (``Session``); the rest are attributes.
    """
    parts = name.split(".")
    found = []
    for mod_name, module in modules.items():
        mod_parts = mod_name.split(".")
        for k in range(1, min(len(parts), len(mod_parts)) + 1):
            if mod_parts[-k:] == parts[:k]:
                found.append(_walk(module, parts[k:]))
        defined = module.__dict__.get(parts[0])
        if (defined is not None and (inspect.isclass(defined) or inspect.isfunction(defined))
                and getattr(defined, "__module__", None) == mod_name):
            found.append(_walk(defined, parts[1:]))
    distinct = []
    for obj in found:
        if obj is not None and not any(_same(obj, d) for d in distinct):
            distinct.append(obj)
    return distinct


def _same(a, b) -> bool:
    return a is b or (isinstance(a, InstanceAttribute) and a == b)


def _unresolved(text: str) -> tuple[list[str], list[str]]:
    modules = _all_modules()
    missing, ambiguous = [], []
    for name in sorted(cited_names(text)):
        objects = resolve(name, modules)
        if not objects:
            missing.append(name)
        elif len(objects) > 1:
            ambiguous.append(name)
    return missing, ambiguous


def _package_docstring() -> str:
    return ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))


@pytest.mark.parametrize("source", ["docs/ARCHITECTURE.md", "rowandb/__init__.py"])
def test_every_cited_name_exists(source):
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8") if source.endswith(".md") \
        else _package_docstring()
    assert len(cited_names(text)) >= 10, "the walk-through should name the real functions"
    missing, ambiguous = _unresolved(text)
    assert missing == [], f"{source} cites names that do not exist: {missing}"
    assert ambiguous == [], f"{source} cites names that mean several things: {ambiguous}"


def test_the_name_check_catches_a_renamed_function():
    text = ("Then `Session._prepare` and `rowandb.planner.plan.build.plan_select` run, then "
            "`Session._prepare_twice`, ``rowandb.sql.bind.binder.Binder.bind_all`` and "
            "rowandb.planner.plan.logical.render_all. `t.id` and ``exp.Insert`` are not ours.")
    assert cited_names(text) == {
        "Session._prepare", "rowandb.planner.plan.build.plan_select", "Session._prepare_twice",
        "rowandb.sql.bind.binder.Binder.bind_all", "rowandb.planner.plan.logical.render_all"}
    missing, _ = _unresolved(text)
    assert missing == ["Session._prepare_twice", "rowandb.planner.plan.logical.render_all",
                       "rowandb.sql.bind.binder.Binder.bind_all"]


def test_short_names_resolve_through_modules_classes_and_instance_attributes():
    modules = _all_modules()
    from rowandb.planner.types import values
    from rowandb.sql.session import Session
    assert resolve("values.sort_key", modules) == [values.sort_key]
    assert resolve("planner.types.values.sort_key", modules) == [values.sort_key]
    assert resolve("session.Session.execute", modules) == [Session.execute]
    assert resolve("Session.execute", modules) == [Session.execute]
    assert resolve("Session.cache", modules) == [InstanceAttribute(Session, "cache")]
    assert resolve("Session.no_such_thing", modules) == []
    parsed = modules["rowandb.sql.parse.parser"].Parsed
    assert resolve("Parsed.params", modules) == [InstanceAttribute(parsed, "params")]
