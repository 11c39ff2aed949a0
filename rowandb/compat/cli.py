"""The ``rowandb compat`` command line.

    rowandb compat run [PATH ...] [--engine rowandb|sqlite] [--json FILE]
                       [--show-failures N] [--quiet] [--timeout SECONDS]
    rowandb compat baseline [--write] [--allow-decrease] [--file FILE]

``main(argv)`` takes the arguments that follow ``compat`` and returns the exit status:
0 when every record run passed (or the baseline is fine), 1 when some failed, 2 for
usage errors and a missing corpus. ``python -m rowandb.compat`` runs the same ``main``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import corpus, report
from .engines import ENGINES, make_engine
from .runner import FileResult, collect_scripts, run_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rowandb compat", description="Run sqllogictest scripts against an engine.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run scripts and print a per-file summary")
    run.add_argument("paths", nargs="*", metavar="PATH",
                     help="script files or directories (searched for *.test); "
                          f"default: the shared corpus (${corpus.ENV_CORPUS_DIR})")
    run.add_argument("--engine", choices=sorted(ENGINES), default="rowandb")
    run.add_argument("--json", metavar="FILE", help="also write the per-file numbers as JSON")
    run.add_argument("--show-failures", type=int, default=0, metavar="N",
                     help="print the first N failing records")
    run.add_argument("--quiet", action="store_true",
                     help="no progress and no per-file table, only the total line")
    run.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help="fail a record that runs longer than this")

    base = commands.add_parser(
        "baseline", help="run the ratchet scripts on rowandb and show or rewrite the baseline")
    base.add_argument("--write", action="store_true", help="rewrite the baseline file")
    base.add_argument("--allow-decrease", action="store_true",
                      help="let --write lower a script's count")
    base.add_argument("--file", type=Path, default=None,
                      help="baseline file (default: compat/baseline.json in the repository)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["compat"]:  # tolerate being handed the whole shell command line
        args_list = args_list[1:]
    args = _parser().parse_args(args_list)
    try:
        if args.command == "run":
            return _run(args)
        return _baseline(args)
    except corpus.CorpusNotFound as exc:
        print(f"rowandb compat: {exc}", file=sys.stderr)
        return 2


def _scripts(paths: list[str]) -> tuple[list[Path], Path | None]:
    """The scripts to run and the corpus they are named relative to."""
    if paths:
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise corpus.CorpusNotFound(f"no such file or directory: {', '.join(missing)}")
        try:
            base = corpus.find_corpus()
        except corpus.CorpusNotFound:
            base = None
        return collect_scripts(paths), base
    base = corpus.find_corpus()
    return collect_scripts([base]), base


def run_scripts(files: list[Path], engine_name: str, base: Path | None, *,
                quiet: bool = False, timeout: float | None = None,
                keep_failures: int | None = None) -> list[FileResult]:
    """Run files one after another with progress on stderr."""
    engine = make_engine(engine_name)
    progress = report.Progress(len(files), quiet=quiet)
    results: list[FileResult] = []
    try:
        for index, path in enumerate(files):
            name = corpus.display_name(path, base)
            progress.start_file(index, name)
            results.append(run_file(path, engine, name=name, timeout=timeout,
                                    keep_failures=keep_failures, progress=progress.update,
                                    freeze=True))
    finally:
        progress.finish()
    return results


def _run(args: argparse.Namespace) -> int:
    files, base = _scripts(args.paths)
    if not files:
        print("rowandb compat: no *.test scripts found", file=sys.stderr)
        return 2
    keep = max(args.show_failures, 0)
    results = run_scripts(files, args.engine, base, quiet=args.quiet, timeout=args.timeout,
                          keep_failures=keep)
    print(report.total_line(results) if args.quiet else report.summary_table(results))
    for failure in report.first_failures(results, keep):
        print()
        print(report.format_failure(failure))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(results, args.engine), indent=2)
                                   + "\n", encoding="utf-8")
    return 0 if all(r.failed == 0 for r in results) else 1


def _baseline(args: argparse.Namespace) -> int:
    base = corpus.find_corpus()
    path = args.file or corpus.baseline_path()
    old = corpus.load_baseline(path) if path.exists() else {}
    names = corpus.ratchet_scripts(base)
    results = run_scripts([base / name for name in names], corpus.RATCHET_ENGINE, base,
                          keep_failures=0)
    new = {r.path: r.passed for r in results}
    lowered = {name: (old[name], count) for name, count in new.items()
               if count < old.get(name, 0)}
    for name in names:
        before = old.get(name)
        change = "" if before == new[name] else f"  (was {before})"
        print(f"{name:<40} {new[name]:>8}{change}")
    if not args.write:
        print(f"dry run; pass --write to rewrite {path}")
        return 0
    if lowered and not args.allow_decrease:
        print(f"refusing to lower {', '.join(lowered)}; pass --allow-decrease", file=sys.stderr)
        return 1
    corpus.write_baseline(new, path)
    print(f"wrote {path}")
    return 0
