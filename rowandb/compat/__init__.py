"""RowanDB's compatibility runner: SQLite's sqllogictest scripts run against an engine.

``records`` parses scripts with the lark grammar ``sqllogictest.lark``; ``render`` prints
values as SQLite's runner does (I/R/T columns, NULL, ``(empty)``, ``@``), sorts and hashes
them; ``engines`` adapts SQLite (apsw) and RowanDB (DB-API); ``runner`` applies the rules
(skipif/onlyif as ``sqlite``, hash threshold, labels, halt) and counts results per file;
``report`` and ``cli`` give the ``rowandb compat`` command; ``corpus`` finds the shared
scripts and the ratchet baseline. See docs/COMPAT.md.

    >>> from rowandb.compat import run_file
    >>> result = run_file("select1.test", "sqlite")       # doctest: +SKIP
    >>> result.passed, result.failed, result.skipped     # doctest: +SKIP
"""

from .engines import Engine, RowandbEngine, SqliteEngine, make_engine
from .records import Halt, HashThreshold, Query, Script, ScriptSyntaxError, Statement, parse_script, read_script
from .runner import Failure, FileResult, collect_scripts, run_file, run_script

__all__ = [
    "Engine", "RowandbEngine", "SqliteEngine", "make_engine",
    "Halt", "HashThreshold", "Query", "Script", "ScriptSyntaxError", "Statement",
    "parse_script", "read_script",
    "Failure", "FileResult", "collect_scripts", "run_file", "run_script",
]
