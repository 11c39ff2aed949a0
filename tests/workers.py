"""``make test`` on every core: ``python -m tests.workers [pytest options and paths]``.

The suite is some 35 minutes of one process's CPU, and pytest runs one test at a time, so
a 2-core machine sits half idle (pytest-xdist is not a dependency). This module is both
halves of a small parallel runner of the project's own:

* the runner (``main``) starts one ``pytest`` per core with the same options, each writing
  to its own log, prints which worker took which test file as they go, then each worker's
  whole log in turn and one line adding their counts up; its exit status is the first
  worker's that failed (0 only when every worker's is 0). With one core (or
  ``ROWANDB_TEST_WORKERS=1``) it is plain ``pytest``, nothing else.
* the worker plugin (``pytest_runtestloop``, loaded with ``-p tests.workers`` and active
  only under ``ROWANDB_TEST_CLAIMS``) collects the whole suite as usual but runs only the
  test files it claims: a claim is a file created with ``O_EXCL`` in the shared claims
  directory, so each test file runs in exactly one worker, whole, in its usual order, with
  its module fixtures set up once. The files are offered longest first (``SECONDS``, from a
  measured run; a file missing there comes after them, in pytest's order), and a worker
  takes the next unclaimed one whenever it finishes one, so the split does not depend on
  how many tests a file has.
* a file whose module sets ``CLAIM_EACH_TEST = True`` (the fixed-seed fuzz cases in
  ranges, the compatibility ratchet's scripts: each test long, the file longer than all
  the rest of a worker's share) is claimed test by test instead, so both workers take its
  tests and end together; a module fixture of such a file is set up in each worker that
  runs one of its tests.

Every test still runs once, the same way; only which process runs a file changes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

CLAIMS = "ROWANDB_TEST_CLAIMS"

# Seconds a file took in one worker of a measured parallel run (the twenty slowest of a
# clean clone's `make test` at 8598a52, 2026-12-06, beside other test runs, load 3-5): the
# order files are offered in, longest first. Only the order depends on it; a stale or
# missing entry costs balance, never a test.
SECONDS = {
    "tests/fuzz/test_fuzz.py": 592,
    "tests/test_compat_ratchet.py": 443,
    "tests/test_alter.py": 63,
    "tests/test_fk_state_machine.py": 60,
    "tests/test_docs_examples.py": 58,
    "tests/test_plan_choice.py": 55,
    "tests/test_quick_from.py": 52,
    "tests/test_compat_runner.py": 52,
    "tests/test_compat_suites.py": 50,
    "tests/test_function_names.py": 47,
    "tests/test_comparison_affinity.py": 42,
    "tests/test_limits.py": 40,
    "tests/test_parse_skips.py": 38,
    "tests/test_parse_audit.py": 38,
    "tests/test_storage_crash.py": 36,
    "tests/test_keyword_table_names.py": 33,
    "tests/test_storage_open_failures.py": 33,
    "tests/test_function_txn.py": 33,
    "tests/test_quick_path.py": 32,
    "tests/test_json_subtype_writes.py": 31,
}

# A module with this attribute true is claimed test by test, not whole.
EACH = "CLAIM_EACH_TEST"

# Files that share a session fixture too costly to set up twice (a PostgreSQL server):
# claimed together, by the first of them.
TOGETHER = (("tests/test_pg_migrate.py", "tests/test_pg_sqllogictest.py"),)


def _file_of(item) -> str:
    """The test file of ``item`` as its node id names it (its path outside the rootdir)."""
    return item.nodeid.split("::", 1)[0] or str(item.path)


def _claimed_alone(item) -> bool:
    """Whether ``item``'s module asks for its tests to be claimed one by one."""
    return bool(getattr(getattr(item, "module", None), EACH, False))


def _key(item) -> str:
    """The name of the claim ``item`` belongs to: its node id in a file claimed test by
    test, else its file (or the first file of its ``TOGETHER``)."""
    return item.nodeid if _claimed_alone(item) else _key_file(item)


def _groups(items) -> list[list]:
    """``items`` as runs of one claim each (a test file, files in ``TOGETHER``, or one
    test of a file claimed test by test), longest first by ``SECONDS`` (a test claimed
    alone at its file's place, so a long file's tests come early), the rest in pytest's
    order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(_key(item), []).append(item)
    order = sorted(groups, key=lambda key: -SECONDS.get(_key_file(groups[key][0]), 0))
    return [groups[key] for key in order]


def _key_file(item) -> str:
    """The file (or first ``TOGETHER`` file) whose ``SECONDS`` places ``item``'s claim."""
    joined = {name: names[0] for names in TOGETHER for name in names}
    return joined.get(_file_of(item), _file_of(item))


def _claim_path(directory: str, item) -> str:
    return os.path.join(directory, quote(_key(item), safe=""))


def _claim(directory: str, item) -> bool:
    """Whether this worker is the first to ask for ``item``'s group (an atomic create)."""
    try:
        handle = os.open(_claim_path(directory, item), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(handle, os.environ.get("ROWANDB_TEST_WORKER", "?").encode())
    os.close(handle)
    return True


def _claimed(directory: str, groups):
    """The groups this worker claims, one at a time as it asks for them."""
    for group in groups:
        if _claim(directory, group[0]):
            yield group


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """pytest's own run loop over the claimed files only; without ``ROWANDB_TEST_CLAIMS``,
    pytest's loop (``None`` passes the hook on)."""
    directory = os.environ.get(CLAIMS)
    if not directory or session.config.option.collectonly:
        return None
    if session.testsfailed and not session.config.option.continue_on_collection_errors:
        raise session.Interrupted(f"{session.testsfailed} errors during collection")
    claimed = _claimed(directory, _groups(session.items))
    group = next(claimed, None)
    while group is not None:
        started = time.perf_counter()
        following = _run(session, group, claimed)
        with open(_claim_path(directory, group[0]), "a") as claim:
            claim.write(f" {time.perf_counter() - started:.1f}")
        group = following
    return True


def _run(session, items, claimed):
    """``items`` as pytest runs them; the next group is claimed as the last test starts
    (its teardown must know the next test this worker runs), and returned."""
    following = None
    for index, item in enumerate(items):
        if index + 1 < len(items):
            nextitem = items[index + 1]
        else:
            following = next(claimed, None)
            nextitem = following[0] if following else None
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if session.shouldfail:
            raise session.Failed(session.shouldfail)
        if session.shouldstop:
            raise session.Interrupted(session.shouldstop)
    return following


def _worker_count() -> int:
    asked = os.environ.get("ROWANDB_TEST_WORKERS")
    if asked:
        return max(1, int(asked))
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start(number: int, claims: str, logs: Path, argv: list[str]):
    env = {**os.environ, CLAIMS: claims, "ROWANDB_TEST_WORKER": str(number)}
    log = open(logs / f"worker{number}.log", "w+b")
    command = [sys.executable, "-m", "pytest", "-p", "tests.workers", *argv]
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env), log


def _claims(claims: str) -> dict[str, list[str]]:
    """Each claimed file's ``[worker, seconds]`` (seconds once it has finished)."""
    found = {}
    for name in sorted(os.listdir(claims)):
        try:
            found[unquote(name)] = Path(claims, name).read_text().split()
        except OSError:
            continue
    return found


def _follow(claims: str, workers) -> None:
    """Print each claim as it is made, until every worker has exited."""
    shown: set[str] = set()
    while True:
        running = any(process.poll() is None for process, _ in workers)
        for name, fields in _claims(claims).items():
            if name not in shown and fields:
                shown.add(name)
                print(f"[worker {fields[0]}] {name}", flush=True)
        if not running:
            return
        time.sleep(1)


WORDS = ("passed", "failed", "errors", "skipped", "xfailed", "xpassed", "deselected", "warnings")
COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)")
SUMMARY = re.compile(r"^=*\s*\d+ \w+.* in [\d.]+s")


def _counts(text: str) -> dict[str, int]:
    lines = [line for line in text.splitlines() if SUMMARY.match(line)]
    counts: dict[str, int] = {}
    for number, word in COUNT.findall(lines[-1] if lines else ""):
        word = {"error": "errors", "warning": "warnings"}.get(word, word)
        counts[word] = counts.get(word, 0) + int(number)
    return counts


def _report(claims: str, workers, seconds: float) -> int:
    """Every worker's log in turn, the slowest files, the counts added up; the exit status."""
    total: dict[str, int] = {}
    for number, (process, log) in enumerate(workers, 1):
        log.seek(0)
        text = log.read().decode(errors="replace")
        print(f"\n{'=' * 30} worker {number} of {len(workers)}: exit status "
              f"{process.returncode} {'=' * 30}\n{text}", end="", flush=True)
        for word, number_of in _counts(text).items():
            total[word] = total.get(word, 0) + number_of
    timed: dict[str, float] = {}
    parts: dict[str, int] = {}
    for name, fields in _claims(claims).items():
        if len(fields) > 1:
            file = name.split("::", 1)[0]
            timed[file] = timed.get(file, 0.0) + float(fields[1])
            parts[file] = parts.get(file, 0) + 1
    print(f"\n{'=' * 30} slowest test files (seconds in their workers) {'=' * 30}")
    for name in sorted(timed, key=lambda name: -timed[name])[:20]:
        alone = f"  ({parts[name]} tests claimed one by one)" if parts[name] > 1 else ""
        print(f"{timed[name]:8.1f}  {name}{alone}")
    status = next((process.returncode for process, _ in workers if process.returncode), 0)
    counts = ", ".join(f"{total[word]} {word}" for word in WORDS if word in total)
    print(f"\n{len(workers)} workers: {counts or 'no counts found'} in {seconds:.1f}s; "
          f"exit status {status}")
    return status


def main(argv: list[str]) -> int:
    count = _worker_count()
    if count <= 1:
        return subprocess.call([sys.executable, "-m", "pytest", *argv])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rowandb-tests-") as scratch:
        claims = os.path.join(scratch, "claims")
        os.mkdir(claims)
        workers = [_start(number, claims, Path(scratch), argv) for number in range(1, count + 1)]
        try:
            _follow(claims, workers)
        finally:
            for process, _ in workers:
                if process.poll() is None:
                    process.terminate()
                    process.wait()
        status = _report(claims, workers, time.monotonic() - started)
        for _, log in workers:
            log.close()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
