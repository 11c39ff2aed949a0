"""RowanDB's benchmarks: every workload run on RowanDB and on SQLite (apsw) side by side.

``python -m bench`` (or ``make bench``) runs the registered workloads and prints, for each,
RowanDB's best time, SQLite's best time and the ratio between them. ``harness`` holds the
registry and the timing loop, ``queries`` the SQL workloads; ``storage``, ``fk`` and
``patterns`` (LIKE and GLOB) are separate suites run with ``--storage`` / ``--fk`` /
``--patterns``. See docs/BENCHMARKS.md.
"""

from .harness import REGISTRY, Measurement, Skip, Workload, measure, register

__all__ = ["REGISTRY", "Measurement", "Skip", "Workload", "measure", "register"]
