"""The worker: one measurement in a fresh process, its figures printed as one JSON line.

``python -m bench.targets.worker '<job as JSON>'``; the runner (``runner.run_job``) starts
one of these per engine and run, so that no engine inherits the other's (or an earlier
run's) heap, caches or garbage. A job is ``{"kind": "workloads", "engine", "mode",
"children"[, "only"]}`` (``workloads.run_sequence``), ``{"kind": "memory", "engine", "children"}``
(``footprint.rss_growth``), ``{"kind": "seed", "engine", "n"}`` (``seed.failure3``) or
``{"kind": "corpus", "engine"[, "paths"]}`` (``corpus.compat_run``).
Databases on disk live in a temporary directory removed at the end.
"""

from __future__ import annotations

import json
import sys
import tempfile

from . import corpus, footprint, seed, workloads


def run(job: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="rowandb-bench-") as directory:
        if job["kind"] == "workloads":
            return workloads.run_sequence(job["engine"], job["mode"], job["children"],
                                          directory, job.get("only"))
        if job["kind"] == "memory":
            return footprint.rss_growth(job["engine"], job["children"])
        if job["kind"] == "seed":
            return seed.failure3(job["engine"], job["n"], directory)
        if job["kind"] == "corpus":
            return corpus.compat_run(job["engine"], directory, job.get("paths", []))
    raise ValueError(f"unknown job kind {job['kind']!r}")


def main(argv: list[str] | None = None) -> int:
    job = json.loads((sys.argv[1:] if argv is None else argv)[0])
    print(json.dumps(run(job)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
