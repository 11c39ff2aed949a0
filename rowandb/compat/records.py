"""sqllogictest scripts -> record objects.

The record structure (headers, conditions, SQL, the ``----`` separator, expected results,
blank-line separation, comments) is described by the lark grammar ``sqllogictest.lark``
shipped beside this module; this module holds the record classes, the LALR parser built
from that grammar and the transformer that turns parse events into records. SQL text and
result values are opaque lines here: what they mean is the runner's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Union

import lark

GRAMMAR_FILE = "sqllogictest.lark"
_PLAN_CHECKS = ("contains", "lacks")
_HASH_LINE = re.compile(r"^(\d+) values hashing to ([0-9a-f]{32})$")


class ScriptSyntaxError(ValueError):
    """A script does not follow the record format; carries the 1-based line number."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class Condition:
    """A ``skipif <engine>`` or ``onlyif <engine>`` prefix line."""

    kind: str  # "skipif" | "onlyif"
    engine: str

    def skips(self, engine_name: str) -> bool:
        """True when this condition excludes a run as ``engine_name``."""
        if self.kind == "skipif":
            return self.engine == engine_name
        return self.engine != engine_name


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """A ``plan [engine] contains|lacks TEXT`` prefix line (a RowanDB extension of the
    format): some line of the record's EXPLAIN QUERY PLAN contains TEXT, or none does.
    With an engine name it is checked only when the script runs on that engine."""

    line: int
    contains: bool
    text: str
    engine: str | None = None

    def applies(self, engine_name: str) -> bool:
        return self.engine is None or self.engine == engine_name

    def holds(self, plan_lines: list[str]) -> bool:
        return any(self.text in line for line in plan_lines) == self.contains

    def __str__(self) -> str:
        engine = f"{self.engine} " if self.engine else ""
        return f"plan {engine}{'contains' if self.contains else 'lacks'} {self.text}"


@dataclass(frozen=True, slots=True)
class Statement:
    """``statement ok`` / ``statement error`` followed by SQL (maybe several statements)."""

    line: int
    sql: str
    expect_error: bool
    conditions: tuple[Condition, ...] = ()
    plans: tuple[PlanCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class Query:
    """``query <types> [sortmode] [label]``, SQL, and optionally ``----`` plus results.

    ``expected`` holds the result lines as written; an omitted ``----`` means an empty
    result. ``expected_hash`` is ``(count, md5)`` when the results are given as
    ``N values hashing to H``.
    """

    line: int
    sql: str
    types: str
    sort_mode: str = "nosort"
    label: str | None = None
    expected: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    plans: tuple[PlanCheck, ...] = ()

    @property
    def expected_hash(self) -> tuple[int, str] | None:
        if len(self.expected) != 1:
            return None
        match = _HASH_LINE.match(self.expected[0])
        return (int(match.group(1)), match.group(2)) if match else None


@dataclass(frozen=True, slots=True)
class Halt:
    """``halt``: ignore the rest of the script (subject to its conditions)."""

    line: int
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class HashThreshold:
    """``hash-threshold N``: results with more than N values are compared as a hash."""

    line: int
    value: int
    conditions: tuple[Condition, ...] = ()


Record = Union[Statement, Query, Halt, HashThreshold]


def is_skipped(record: Record, engine_name: str) -> bool:
    """True when the record's skipif/onlyif prefixes exclude ``engine_name``."""
    return any(cond.skips(engine_name) for cond in record.conditions)


@dataclass(slots=True)
class Script:
    """A parsed script: its records in order and where it came from."""

    records: list[Record] = field(default_factory=list)
    source: str = "<string>"


def _lines_of(tokens: list[lark.Token]) -> list[str]:
    """Content lines of one or more LINES tokens (comments between them already dropped)."""
    lines: list[str] = []
    for token in tokens:
        lines.extend(str(token).split("\n")[:-1])
    return lines


class _ToRecords(lark.Transformer):
    """Builds record objects while the LALR parser reduces (no parse tree is kept)."""

    def start(self, children: list) -> list[Record]:
        return children

    def record(self, children: list) -> Record:
        *prefixes, (kind, fields) = children
        conditions = tuple(p for p in prefixes if isinstance(p, Condition))
        plans = tuple(p for p in prefixes if isinstance(p, PlanCheck))
        if plans and kind not in (Statement, Query):
            raise ScriptSyntaxError("a plan check needs a statement or a query", plans[0].line)
        return kind(**fields, conditions=conditions, **({"plans": plans} if plans else {}))

    def condition(self, children: list) -> Condition:
        words = str(children[0]).split()
        return Condition(kind=words[0], engine=words[1])

    def plan(self, children: list) -> PlanCheck:
        token = children[0]
        words = str(token).split(None, 2)[1:]         # after "plan": check text, or engine rest
        engine = None
        if words[0] not in _PLAN_CHECKS:
            engine, words = words[0], words[1].split(None, 1)
        if len(words) < 2 or words[0] not in _PLAN_CHECKS or not words[1].strip():
            raise ScriptSyntaxError("expected 'plan [ENGINE] contains|lacks TEXT'", token.line)
        return PlanCheck(token.line, words[0] == "contains", words[1].strip(), engine)

    def statement(self, children: list) -> tuple:
        head, *body = children
        return Statement, {
            "line": head.line,
            "expect_error": head.split()[1] == "error",
            "sql": "\n".join(_lines_of(body)),
        }

    def query(self, children: list) -> tuple:
        head = children[0]
        words = head.split()
        sql_tokens, result_tokens, seen_separator = [], [], False
        for token in children[1:]:
            if token.type == "SEPARATOR":
                seen_separator = True
            elif seen_separator:
                result_tokens.append(token)
            else:
                sql_tokens.append(token)
        sort_mode = words[2] if len(words) > 2 else "nosort"
        label = words[3] if len(words) > 3 else None
        return Query, {
            "line": head.line,
            "types": words[1],
            "sort_mode": sort_mode,
            "label": label,
            "sql": "\n".join(_lines_of(sql_tokens)),
            "expected": tuple(_lines_of(result_tokens)),
        }

    def halt(self, children: list) -> tuple:
        return Halt, {"line": children[0].line}

    def hash_threshold(self, children: list) -> tuple:
        token = children[0]
        return HashThreshold, {"line": token.line, "value": int(token.split()[1])}


@lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    grammar = resources.files(__package__).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        transformer=_ToRecords(visit_tokens=False),
        maybe_placeholders=False,
    )


def normalize(text: str) -> str:
    """Line endings to ``\\n`` and a trailing blank line, as the grammar expects."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text + "\n"


def parse_script(text: str, source: str = "<string>") -> Script:
    """Parse a whole script; raises ScriptSyntaxError naming the offending line."""
    try:
        records = _parser().parse(normalize(text))
    except lark.exceptions.UnexpectedInput as exc:
        line = getattr(exc, "line", 0) or 0
        found = _offending_line(text, line)
        raise ScriptSyntaxError(f"not a valid sqllogictest record line: {found!r}", line) from None
    except lark.exceptions.VisitError as exc:  # a transformer callback failed
        raise ScriptSyntaxError(str(exc.orig_exc), 0) from None
    return Script(records=records, source=source)


def read_script(path: str | Path) -> Script:
    """Read and parse a script file (any line endings; bytes decoded as UTF-8 with escapes)."""
    path = Path(path)
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    return parse_script(text, source=str(path))


def _offending_line(text: str, line: int) -> str:
    lines = normalize(text).split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""
