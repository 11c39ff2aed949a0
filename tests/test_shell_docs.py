"""docs/SHELL.md's examples, run: every code block of the page shows a shell command line
(``$ rowandb ...``) or a session (``rowandb> ...``) and must print what the page says.

``$`` lines run in bash, in a fresh directory holding the files the examples read, with a
``rowandb`` command that starts this source tree's shell; stdout and stderr are compared
together. A session block is typed into one interactive Shell on an in-memory database: the
lines after the prompts are the input, the other lines the output (errors included).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import rowandb
from rowandb import cli
from rowandb.shell.session import Shell

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "SHELL.md"
FILES = {"schema.sql": "CREATE TABLE t(x);\n", "people.csv": "name,age\nann,31\nbo,27\n",
         "ragged.csv": "name,age\nann,31\nbo\ncy,4,extra\n",
         "broken.csv": 'name,age\nann,31\n"bo,27\n', "twice.csv": "ann,31\nbo,27\nann,40\n"}
PROMPTS = ("rowandb> ", "   ...> ")


def examples() -> list[str]:
    blocks = re.findall(r"^```\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
    return [block for block in blocks if block.startswith(("$ ", PROMPTS[0]))]


@pytest.fixture
def workdir(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    command = tmp_path / "bin" / "rowandb"
    command.parent.mkdir()
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m rowandb "$@"\n')
    command.chmod(0o755)
    return tmp_path


def test_the_page_has_examples_of_both_kinds_and_nothing_unrun():
    found = examples()
    every = re.findall(r"^```\w*\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
    assert len(found) == len(every), "a code block of SHELL.md that no test runs"
    assert sum(block.startswith("$ ") for block in found) >= 3
    assert sum(block.startswith(PROMPTS[0]) for block in found) >= 4


@pytest.mark.parametrize("block", examples(), ids=lambda block: block.splitlines()[0][:50])
def test_example(block, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    if block.startswith("$ "):
        assert run_commands(block, workdir) == block
    else:
        assert run_session(block) == block


def run_commands(block: str, workdir: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1",
               PATH=f"{workdir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PYTHONSTARTUP", None)
    transcript = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            transcript.append(line)
            done = subprocess.run(["bash", "-c", f"{{ {line[2:].rstrip()}; }} 2>&1"], cwd=workdir, env=env,
                                  capture_output=True, text=True, timeout=120)
            transcript.append(done.stdout)
    return "".join(transcript)


def run_session(block: str) -> str:
    typed = [line[len(prompt):] for line in block.splitlines() for prompt in PROMPTS
             if line.startswith(prompt)]
    transcript = io.StringIO()

    def read_line(prompt: str) -> str:
        if not typed:
            raise EOFError
        line = typed.pop(0)
        transcript.write(prompt + line + "\n")
        return line

    connection = rowandb.connect(":memory:", isolation_level=None)
    shell = Shell(connection, transcript, transcript, error_types=cli.error_types(connection),
                  connect=rowandb.connect, interactive=True)
    shell.interactive(read_line)
    text = transcript.getvalue()
    return text[:-1] if text.endswith("\n\n") else text  # the newline printed at end of input
