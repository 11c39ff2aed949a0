"""``make test``'s parallel runner (tests/workers.py) keeps the suite's promises: every test
runs exactly once, a test file stays whole in one worker with its module fixture set up
once (unless its module sets ``CLAIM_EACH_TEST``: then both workers take its tests), and a
failure in any worker fails the run.

Each test starts the runner on a few small test files written to ``tmp_path`` (outside the
project's conftest), with two workers however many cores there are.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]

FILE = '''
import os, time, pytest

CLAIM_EACH_TEST = {each}

def _note(word):
    with open(os.environ["RAN"], "a") as ran:
        ran.write(f"{{os.environ['ROWANDB_TEST_WORKER']}} {{word}}\\n")

@pytest.fixture(scope="module")
def once():
    _note("{name}:setup")
    waited = 0
    while "{name}" == "test_file0" and len(os.listdir(os.environ["ROWANDB_TEST_CLAIMS"])) < 2:
        time.sleep(0.05)            # until the other worker has claimed a file too
        waited += 0.05
        assert waited < 120
    yield
    _note("{name}:teardown")

@pytest.mark.parametrize("n", range(3))
def test_case(once, n):
    _note(f"{name}:{{n}}")
    assert not ({fails} and n == 1)
'''


def _run(tmp_path, failing=(), each=()):
    names = [f"test_file{number}" for number in range(5)]
    for name in names:
        fails = "True" if name in failing else "False"
        (tmp_path / f"{name}.py").write_text(
            FILE.format(name=name, fails=fails, each=name in each))
    ran = tmp_path / "ran.txt"
    env = {**os.environ, "RAN": str(ran), "ROWANDB_TEST_WORKERS": "2"}
    done = subprocess.run([sys.executable, "-m", "tests.workers", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = ran.read_text().splitlines()
    return names, done, [line.split() for line in lines]


def test_every_test_runs_once_and_each_file_in_one_worker(tmp_path):
    names, done, lines = _run(tmp_path)
    assert done.returncode == 0, done.stdout
    notes = sorted(note for _, note in lines)
    expected = sorted(f"{name}:{part}" for name in names
                      for part in ("setup", "teardown", "0", "1", "2"))
    assert notes == expected
    for name in names:
        assert len({worker for worker, note in lines if note.startswith(name + ":")}) == 1
    assert {worker for worker, _ in lines} == {"1", "2"}
    assert "2 workers: 15 passed in" in done.stdout


def test_a_failure_in_one_worker_fails_the_run(tmp_path):
    names, done, lines = _run(tmp_path, failing=["test_file3"])
    assert done.returncode == 1, done.stdout
    assert "2 workers: 14 passed, 1 failed in" in done.stdout
    assert "FAILED " in done.stdout and "test_file3.py::test_case[1]" in done.stdout


SPLIT = '''
import os, time

CLAIM_EACH_TEST = True

def _note(word):
    with open(os.environ["RAN"], "a") as ran:
        ran.write(f"{os.environ['ROWANDB_TEST_WORKER']} {word}\\n")

def _workers_claiming():
    claims = os.environ["ROWANDB_TEST_CLAIMS"]
    found = set()
    for name in os.listdir(claims):
        with open(os.path.join(claims, name)) as claim:
            found.add(claim.read()[:1])
    return found
'''

SPLIT_TEST = '''
def test_{n}():
    _note("split:{n}")
    waited = 0
    while {n} == 0 and len(_workers_claiming()) < 2:
        time.sleep(0.05)            # until the other worker has claimed a test too
        waited += 0.05
        assert waited < 120
    assert {n} != 3
'''


def test_a_file_claimed_test_by_test_runs_in_both_workers_each_test_once(tmp_path):
    """A module setting CLAIM_EACH_TEST (the fuzz parts, the ratchet's scripts) is shared:
    its first test holds its worker until the other has claimed, which can then only be
    another test of the same file; every test runs once and a failing one fails the run."""
    tests = "".join(SPLIT_TEST.format(n=n) for n in range(6))
    (tmp_path / "test_split.py").write_text(SPLIT + tests)
    ran = tmp_path / "ran.txt"
    env = {**os.environ, "RAN": str(ran), "ROWANDB_TEST_WORKERS": "2"}
    done = subprocess.run([sys.executable, "-m", "tests.workers", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line.split() for line in ran.read_text().splitlines()]
    assert sorted(note for _, note in lines) == [f"split:{n}" for n in range(6)]
    assert {worker for worker, _ in lines} == {"1", "2"}
    assert done.returncode == 1 and "2 workers: 5 passed, 1 failed in" in done.stdout
    assert "test_split.py::test_3" in done.stdout
    assert "(6 tests claimed one by one)" in done.stdout
