"""The maintenance statements -- VACUUM (vacuum.py) and ANALYZE (analyze.py) -- as the
parser and the session meet them: each has its own small grammar, read from the tokens
(sqlglot is not involved), and runs outside the planner, on the catalog and the store.

Their modules are imported at the first such statement, not with the parser: most
processes never run one (vacuum.py, analyze.py and what they import cost some 3 ms of
CPU at import)."""

from __future__ import annotations


def _parse_vacuum(sql, tokens):
    from .vacuum import parse_vacuum
    return parse_vacuum(sql, tokens)


def _parse_analyze(sql, tokens):
    from .analyze import parse_analyze
    return parse_analyze(sql, tokens)


def _run_vacuum(session, statement, params):
    from .vacuum import run_vacuum
    return run_vacuum(session, statement, params)


def _run_analyze(session, statement, params):
    from .analyze import run_analyze
    return run_analyze(session, statement, params)


#: statement head -> parse(sql, tokens) -> Parsed
OWN_GRAMMARS = {"VACUUM": _parse_vacuum, "ANALYZE": _parse_analyze}

#: Parsed.kind -> run(session, Parsed.maintenance, params)
RUNNERS = {"vacuum": _run_vacuum, "analyze": _run_analyze}
