"""The corpus target: the shared sqllogictest corpus through ``rowandb compat run``.

``compat_run`` runs, in a fresh worker process, what ``rowandb compat run --quiet [--engine
sqlite]`` runs (``rowandb.compat.cli.main``) over the whole corpus (``$ROWANDB_COMPAT_DIR``,
else ``../shared/compat/sqllogictest`` beside the checkout) and returns its time and its
totals; the runner compares the totals (passed, failed, skipped) of the two engines. It
takes minutes (about five of CPU for RowanDB), hence its own option, ``--corpus``.
Issue 12's target: RowanDB at most 5x SQLite.
"""

from __future__ import annotations

import contextlib
import io
import json
import os

from rowandb.compat import cli

from .workloads import Stopwatch


def compat_run(engine: str, directory: str, paths: list[str] = ()) -> dict:
    """The whole corpus, or only ``paths`` (scripts or folders: the test's small run)."""
    out = os.path.join(directory, "totals.json")
    watch = Stopwatch()
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["run", *paths, "--quiet", "--engine", engine, "--json", out])
    seconds = watch.stop()
    if not os.path.exists(out):
        raise RuntimeError(f"rowandb compat run --engine {engine} exited with {status}")
    with open(out) as f:
        total = json.load(f)["total"]
    return {"corpus": dict(seconds, result={k: total[k] for k in ("passed", "failed",
                                                                   "skipped")})}
