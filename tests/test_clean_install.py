"""RowanDB as another project gets it: its wheel built from this checkout, installed into a
fresh virtual environment and used by a short program that runs from outside the
checkout. A package-data file left out of the wheel, or a dependency pyproject.toml does
not declare, fails here rather than on a user's machine.

pip runs with its ordinary configuration, so the dependencies come from wherever
``make test`` got them when it installed ``.[test]`` (the package index, or the mirror
and wheel directories pip is configured with): a machine that can run ``make test`` can
run this. Building the wheel uses pip's build isolation, as ``pip install
/path/to/rowandb`` does.
"""

import os
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = textwrap.dedent("""
    import os, subprocess, sys, tempfile
    import rowandb
    assert not rowandb.__file__.startswith({root!r}), rowandb.__file__   # the installed copy
    path = os.path.join(tempfile.mkdtemp(), "app.rowan")
    con = rowandb.connect(path)
    con.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO t(name) VALUES (?)", [("ash",), ("rowan",)])
    con.commit()
    con.close()
    con = rowandb.connect(path)
    assert con.execute("SELECT name FROM t ORDER BY id").fetchall() == [("ash",), ("rowan",)]
    try:
        con.execute("SELECT case FROM t")                  # recognizer/sqlite.lark
    except rowandb.OperationalError as error:
        assert 'near "FROM"' in str(error), error
    from rowandb.shell.dotcommands import parse_dot_command       # dotcommands.lark
    assert parse_dot_command(".tables").name == "tables"
    from rowandb.compat.records import parse_script                 # sqllogictest.lark
    assert parse_script("statement ok\\nSELECT 1\\n").records
    shell = os.path.join(os.path.dirname(sys.executable), "rowandb")
    out = subprocess.run([shell, ":memory:", "SELECT 40 + 2"], capture_output=True, text=True)
    assert out.returncode == 0 and "42" in out.stdout, (out.stdout, out.stderr)
    print("ok")
""")


def _run(command: list, **options) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **options)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
          str(out), str(ROOT)], cwd=out)
    (built,) = out.glob("rowandb-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_package(wheel):
    """Every non-Python file under rowandb/ (grammars...) is package data in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rowandb").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert expected - names == set()


def test_a_program_runs_on_the_installed_wheel_in_a_fresh_environment(wheel, tmp_path):
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], env=clean, cwd=tmp_path)
    program = tmp_path / "program.py"
    program.write_text(PROGRAM.format(root=str(ROOT)))
    done = _run([str(python), str(program)], env=clean, cwd=tmp_path)
    assert done.stdout.strip() == "ok"
