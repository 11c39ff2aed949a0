"""The maintenance statements -- VACUUM (vacuum.py) and ANALYZE (analyze.py) -- as the
parser and the session meet them: each has its own small grammar, read from the tokens
(sqlglot is not involved), and runs outside the planner, on the catalog and the store."""

from __future__ import annotations

from .analyze import parse_analyze, run_analyze
from .vacuum import parse_vacuum, run_vacuum

#: statement head -> parse(sql, tokens) -> Parsed
OWN_GRAMMARS = {"VACUUM": parse_vacuum, "ANALYZE": parse_analyze}

#: Parsed.kind -> run(session, Parsed.maintenance, params)
RUNNERS = {"vacuum": run_vacuum, "analyze": run_analyze}
