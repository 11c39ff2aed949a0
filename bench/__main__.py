"""``python -m bench [TARGETS OPTIONS]`` and ``python -m bench --all | NAME ... [--repeat N]
[--json FILE] [--list] [--storage] [--fk] [--patterns]``.

Without workload names (and without ``--all``, ``--list``, ``--repeat``, ``--only-suites``
or a suite flag) this is ``make bench``: issue 12's targets table, ``bench.targets``, which
takes the options ``python -m bench.targets --help`` lists.

Otherwise it runs the registered workloads (all, or those named; a name may also be a group such as
``slt``) on RowanDB and SQLite and prints a table of best times and ratios. Every module of
the package is imported first, so a module that calls ``bench.harness.register`` at import
adds its workloads. ``--storage``,
``--fk`` and ``--patterns`` also run the durable-storage, foreign-key and LIKE/GLOB suites
(``bench/storage.py``, ``bench/fk.py``, ``bench/patterns.py``) when those modules are
present; ``--only-suites`` runs just those.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time

from . import queries  # noqa: F401  (registers the SQL workloads)
from .harness import REGISTRY, format_table, measure, write_json

#: Optional suites: flag -> module exposing ``main(argv) -> int``.
SUITES = {"storage": "bench.storage", "fk": "bench.fk", "patterns": "bench.patterns",
          "windows": "bench.windows", "alter": "bench.alter", "vacuum": "bench.vacuum",
          "sqlitefile": "bench.sqlitefile", "pgmigrate": "bench.pgmigrate",
          "triggers": "bench.triggers"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="workloads or groups to run")
    parser.add_argument("--all", action="store_true", help="run every registered workload")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions (best is kept)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--list", action="store_true", help="list workloads and exit")
    for flag in SUITES:
        parser.add_argument(f"--{flag}", action="store_true",
                            help=f"also run the {flag} suite ({SUITES[flag]}) if present")
    parser.add_argument("--only-suites", action="store_true",
                        help="run only the suites given by flags, no SQL workloads")
    return parser


def _import_workload_modules() -> None:
    """Import every module of the bench package: a module adds workloads by calling
    ``harness.register`` when imported. One that fails to import is reported and skipped."""
    import pkgutil
    package = sys.modules[__package__ or "bench"]
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"{package.__name__}.{info.name}")
        except Exception as exc:        # another suite's module must not stop the others
            print(f"bench: cannot import bench.{info.name}: {exc}", file=sys.stderr)


def _load_optional(module: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def _selected(names: list[str]) -> list[str]:
    if not names:
        return list(REGISTRY)
    chosen, unknown = [], []
    for name in names:
        matches = [w for w in REGISTRY if w == name or REGISTRY[w].group == name]
        if not matches:
            unknown.append(name)
        chosen += [m for m in matches if m not in chosen]
    if unknown:
        raise SystemExit(f"unknown workload(s): {', '.join(unknown)} "
                         f"(known: {', '.join(REGISTRY)})")
    return chosen


def _wants_registered(argv: list[str]) -> bool:
    """Whether the arguments ask for the registered workloads rather than the targets."""
    flags = {"--all", "--list", "--repeat", "--only-suites"} | {f"--{s}" for s in SUITES}
    return bool(argv) and (not argv[0].startswith("-")
                           or any(arg.split("=")[0] in flags for arg in argv))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _wants_registered(argv):
        from . import targets
        return targets.main(argv)
    args = _parser().parse_args(argv)
    _import_workload_modules()
    if args.list:
        for name, w in REGISTRY.items():
            print(f"{name:<24} [{w.group}] {w.description}")
        return 0
    status = 0
    results = []
    if not args.only_suites:
        started = time.perf_counter()
        for name in _selected(args.names):
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            results.append(measure(REGISTRY[name], args.repeat))
        print(format_table(results))
        print(f"(best of N wall-clock times; ratio = RowanDB / SQLite; "
              f"{time.perf_counter() - started:.0f} s in all)")
        if any(m.same_result is False for m in results):
            status = 1
        if args.json:
            write_json(args.json, results, {"python": platform.python_version(),
                                            "machine": platform.machine()})
    for flag, module_name in SUITES.items():
        if getattr(args, flag):
            module = _load_optional(module_name)
            if module is None:
                print(f"bench: {module_name} is not present; --{flag} skipped")
                continue
            print(f"\n== {module_name} ==", flush=True)
            status = max(status, module.main([]) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
