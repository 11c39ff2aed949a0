"""The examples of README.md, docs/DBAPI.md, docs/TESTING.md and docs/SQLALCHEMY.md, run
(docs/SHELL.md's run in ``test_shell_docs.py``), so a stale one fails the build.

- A ```` ```python ```` block is a doctest: ``>>>`` lines are run, the lines after them are
  their output. A page's blocks run in order in one namespace, so later ones use earlier
  names. The one exception is a block holding just a call signature, ``rowandb.f(a, b=1,
  *, c=2)``, which must be ``f``'s signature, defaults included.
- A ```` ```sh ```` block holds command lines, each checked for what it claims: ``make
  TARGET VAR=x`` is a target of the Makefile whose commands (``make -n``) take the value;
  ``pytest`` lines collect at least one test, and an ``ROWANDB_*`` variable set before one
  is read by the file it runs; ``python -m tests.fuzz`` lines parse, name only features
  the fuzzer has, and ``--case N`` is run; other commands name files that exist.
- Tables of values (docs/DBAPI.md's limits) agree with the engine, and docs/TESTING.md
  with the tree: the test files it names, the fuzzer's default features, its known bugs.
"""

from __future__ import annotations

import ast
import doctest
import fnmatch
import inspect
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import rowandb

REPO = Path(__file__).resolve().parent.parent
PAGES = ["README.md", "docs/DBAPI.md", "docs/TESTING.md", "docs/SQLALCHEMY.md"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def blocks(page: str, language: str) -> list[tuple[int, str]]:
    """(line number, text) of each fenced block of ``language`` on ``page``."""
    text = (REPO / page).read_text(encoding="utf-8")
    return [(text[:m.start()].count("\n") + 2, m.group(1))
            for m in re.finditer(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)]


def _is_signature(block: str) -> bool:
    return not block.lstrip().startswith(">>>") and block.lstrip().startswith("rowandb.")


@pytest.mark.parametrize("page", PAGES)
def test_python_examples(page, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)                  # an example that writes files writes here
    found = blocks(page, "python")
    if page == "docs/TESTING.md":
        assert found == [], "TESTING.md has no Python examples yet: give this test one"
        return
    if page == "docs/SQLALCHEMY.md":         # as the installed package's entry point does
        from sqlalchemy.dialects import registry
        registry.register("rowandb", "rowandb.sqla", "RowanDialect")
    parser, namespace = doctest.DocTestParser(), {}
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for line, block in found:
        if _is_signature(block):
            check_signature(block)
            continue
        assert block.lstrip().startswith(">>>"), f"{page}:{line}: a python block that is no doctest"
        test = parser.get_doctest(block, namespace, f"{page}:{line}", page, line - 1)
        runner.run(test, clear_globs=False)
        namespace = test.globs                   # the next block goes on from here
    assert found and runner.summarize(verbose=False).failed == 0


def check_signature(block: str) -> None:
    """``rowandb.f(...)`` as written is f's signature: names, kinds and defaults."""
    dotted, rest = block.strip().split("(", 1)
    written = ast.parse(f"def f({rest}: pass").body[0].args
    function = eval(dotted, {"rowandb": rowandb})
    P = inspect.Parameter

    def value(node):
        return eval(compile(ast.Expression(node), "doc", "eval"), {"rowandb": rowandb})

    positional = written.posonlyargs + written.args
    defaults = [P.empty] * (len(positional) - len(written.defaults)) + written.defaults
    expected = [(a.arg, P.POSITIONAL_OR_KEYWORD, d) for a, d in zip(positional, defaults)]
    expected += [(a.arg, P.KEYWORD_ONLY, P.empty if d is None else d)
                 for a, d in zip(written.kwonlyargs, written.kw_defaults)]
    expected = [(name, kind, d if d is P.empty else value(d)) for name, kind, d in expected]
    if written.kwarg:
        expected.append((written.kwarg.arg, P.VAR_KEYWORD, P.empty))
    actual = [(p.name, p.kind, p.default)
              for p in inspect.signature(function).parameters.values()]
    assert actual == expected


def test_dbapi_limits_table_is_the_engine_s():
    text = (REPO / "docs" / "DBAPI.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \|", text, re.M)
    assert len(rows) >= 7
    con = rowandb.connect(":memory:")
    for name, default in rows:
        assert con.getlimit(getattr(rowandb, f"SQLITE_LIMIT_{name}")) == int(default), name
    others = re.findall(r"`(\w+)` \((\d+)", text.split("The others keep SQLite's values")[1][:400])
    assert len(others) >= 4
    for name, default in others:
        assert con.getlimit(getattr(rowandb, f"SQLITE_LIMIT_{name}")) == int(default), name


def command_lines() -> list[tuple[str, int, str]]:
    return [(page, line + i, text.split("#")[0].strip())
            for page in PAGES for line, block in blocks(page, "sh")
            for i, text in enumerate(block.splitlines()) if text.split("#")[0].strip()]


@pytest.mark.parametrize("page,line,command", command_lines(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_sh_example(page, line, command):
    words = shlex.split(command)
    env = {}
    while "=" in words[0] and words[0].split("=")[0].isupper():
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if words[0] == "make":
        check_make(words[1:], env)
    elif words[:3] == [".venv/bin/python", "-m", "pytest"]:
        check_pytest(words[3:], env)
    elif words[:3] == [".venv/bin/python", "-m", "tests.fuzz"]:
        check_fuzz(words[3:])
    else:
        paths = [word for word in words[1:] if "/" in word]
        assert paths and all((REPO / path).exists() for path in paths), command


def check_make(args: list[str], env: dict) -> None:
    target, assignments = args[0], dict(arg.split("=", 1) for arg in args[1:])
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"no make target {target}"
    done = subprocess.run(["make", "-n", "-B", target, *args[1:]], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    recipe = done.stdout.split("touch .venv/.installed")[-1]
    for name, value in assignments.items():
        assert f"$({name})" in makefile, f"the Makefile reads no {name}"
        assert value in recipe, f"{target}'s commands do not take {name}={value}"
    assert not env


def check_pytest(args: list[str], env: dict) -> None:
    files = [arg for arg in args if arg.startswith("tests/")]
    for name in env:
        assert any(name in (REPO / path).read_text(encoding="utf-8") for path in files), \
            f"{name} is read by none of {files}"
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    counts = re.findall(r"^(\d+)(?:/\d+)? tests? collected|^tests/\S+\.py: (\d+)$", done.stdout, re.M)
    assert done.returncode == 0 and sum(int(a or b) for a, b in counts) > 0, done.stdout[-2000:]


def check_fuzz(args: list[str]) -> None:
    from tests.fuzz import __main__ as fuzz_main
    if "--case" in args:
        done = subprocess.run([sys.executable, "-m", "tests.fuzz", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "failures: 0" in done.stdout, done.stdout[-2000:]
        return
    calls = []
    original = fuzz_main.fuzz
    fuzz_main.fuzz = lambda config, **kw: calls.append((config, kw)) or _NoFailures()
    try:
        assert fuzz_main.main(args) == 0
    finally:
        fuzz_main.fuzz = original
    assert len(calls) == 1


class _NoFailures:
    failures = 0
    first = ()

    def summary(self) -> str:
        return ""


def _testing_page() -> str:
    return (REPO / "docs" / "TESTING.md").read_text(encoding="utf-8")


def test_testing_md_names_every_test_file_and_only_files_that_exist():
    named = set(re.findall(r"\b(test_[\w*]+\.py)", _testing_page()))
    files = {path.name for path in (REPO / "tests").rglob("test_*.py")}
    assert {name for name in named if "*" not in name} - files == set()
    assert all(fnmatch.filter(files, name) for name in named if "*" in name)
    assert sorted(f for f in files if not any(fnmatch.fnmatch(f, name) for name in named)) == []


def test_testing_md_lists_the_fuzzer_s_default_features_and_known_bugs():
    from tests.fuzz.features import DEFAULT_FEATURES, KNOWN_BUGS, OPTIONAL_FEATURES
    text = _testing_page()
    on = text[text.index("On by default (`DEFAULT_FEATURES`)"):
              text.index("Built but not yet on by default")]
    off = text[text.index("Built but not yet on by default"):text.index("## Where RowanDB differs")]
    assert set(re.findall(r"`(\w+)`", on)) & set(OPTIONAL_FEATURES) == DEFAULT_FEATURES
    assert set(re.findall(r"`(\w+)`", off)) & set(OPTIONAL_FEATURES) == \
        set(OPTIONAL_FEATURES) - DEFAULT_FEATURES
    assert set(re.findall(r"fuzz `(\w+)`", text)) == set(KNOWN_BUGS)
