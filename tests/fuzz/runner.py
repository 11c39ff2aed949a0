"""Running a case: the differential oracle, table comparison, and the metamorphic oracles.

Each step of a case (case.py) runs as its check says:

* differential (setup, query, dml, control, integrity): the statement runs on RowanDB and on
  SQLite and the outcomes must agree (compare.py). After every setup/dml/control step both
  databases are compared whole: the list of tables in ``sqlite_schema`` and
  ``sqlite_temp_schema`` (with feature ``alter``, every schema text as well: type, name,
  tbl_name and sql of each row), every table's rows
  with their rowids (a multiset: ``SELECT rowid, *``), and ``in_transaction``.
* TLP (ternary logic partitioning, SQLancer): on RowanDB alone,
  ``SELECT s FROM f`` must equal ``SELECT s FROM f WHERE p UNION ALL ... WHERE NOT p UNION
  ALL ... WHERE p IS NULL`` as a multiset (with DISTINCT: ``SELECT DISTINCT`` and UNION).
* NoREC (non-optimizing reference engine construction, SQLancer): on RowanDB alone,
  ``SELECT count(*) FROM f WHERE p`` must equal ``SELECT sum((p) IS TRUE) FROM f`` -- the
  first lets the optimizer use indexes and short cuts, the second evaluates p on every row.

A metamorphic check that fails on RowanDB is run on SQLite too before it is reported: if
SQLite breaks the same relation the relation does not hold for that query (say, p is not
deterministic) and the check counts as ``oracle_invalid``, not as a failure.

The first failure ends the case (the two databases may differ from then on). ``Tally``
counts what was checked and how it came out; ``Failure`` describes the difference.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .case import Case, Step, oracle_queries
from .compare import OrderDependent, difference, same_rows, text_folder
from .engines import Engine, Outcome, open_pair
from .features import Config

STATE_CHECKS = ("setup", "dml", "control")
MAX_ROWID = 2 ** 63 - 1
# Every table of both schemas, named with its schema (TEMP tables: feature temp_tables).
# The names quoted (feature names: "a b", "select"). Not sqlite_stat4, which SQLite as
# apsw builds it (SQLITE_ENABLE_STAT4) fills on ANALYZE (feature maintenance) and RowanDB
# does not have (docs/SQL.md, ANALYZE; docs/TESTING.md "Where RowanDB differs from SQLite
# on purpose").
_NOT_STAT4 = "type = 'table' AND name <> 'sqlite_stat4'"
TABLES = ("SELECT 'main.\"' || replace(name, '\"', '\"\"') || '\"' FROM sqlite_schema "
          f"WHERE {_NOT_STAT4} UNION ALL SELECT 'temp.\"' || replace(name, '\"', '\"\"') "
          f"|| '\"' FROM sqlite_temp_schema WHERE {_NOT_STAT4} ORDER BY 1")
# Every schema text (feature alter: renames rewrite them), compared after each change.
SCHEMA_TEXTS = ("SELECT 'main', type, name, tbl_name, sql FROM sqlite_schema WHERE name <> "
                "'sqlite_stat4' UNION ALL SELECT 'temp', type, name, tbl_name, sql FROM "
                "sqlite_temp_schema WHERE name <> 'sqlite_stat4' ORDER BY 1, 3, 2")
_POSITION = re.compile(r" \(line \d+, column \d+\)$")


@dataclass
class Failure:
    check: str          # the step's check
    kind: str           # a compare.KINDS name
    extra: str          # the exception type, error class, or table concerned
    step: int
    sql: str
    rowandb: str
    sqlite: str

    @property
    def signature(self) -> tuple:
        """What the reducer must keep: the same kind of difference on the same check."""
        return self.check, self.kind, self.extra

    def describe(self) -> str:
        return (f"{self.kind} ({self.extra}) in a {self.check} step" if self.extra
                else f"{self.kind} in a {self.check} step")


class Tally(Counter):
    """Counts of steps and outcomes over one or many cases."""


def run_case(case: Case, config: Config, timeout: float | None = None,
             tally: Tally | None = None) -> Failure | None:
    """Run every step; the first difference as a Failure, else None."""
    tally = tally if tally is not None else Tally()
    mine, theirs = open_pair(timeout)
    context = _Context(mine, theirs, text_folder(case.nocase, case.rtrim), tally,
                       config.has("alter"), config.steer("sqlite_trigger_depth_journal"))
    try:
        for index, step in enumerate(case.steps):
            failure = context.run(step)
            if failure is not None:
                failure.step = index
                tally["failures"] += 1
                return failure
            if mine.dead or theirs.dead:
                tally["cases_cut_short"] += 1
                return None
        tally["cases_agreed"] += 1
        return None
    finally:
        mine.close()
        theirs.close()


@dataclass
class _Context:
    mine: Engine
    theirs: Engine
    fold: object
    tally: Tally
    schema_texts: bool = False
    depth_steered: bool = False     # KNOWN_BUGS sqlite_trigger_depth_journal
    theirs_last: Outcome | None = None

    def run(self, step: Step) -> Failure | None:
        self.tally[f"steps_{step.check}"] += 1
        if step.check in ("tlp", "norec"):
            return self._oracle(step)
        failure = self._differential(step)
        if failure is None and step.check in STATE_CHECKS and self._depth_kept():
            return None
        if failure is None and step.check in STATE_CHECKS and not self._dead():
            failure = self._compare_state(step)
        return failure

    def _depth_kept(self) -> bool:
        """Did SQLite stop a statement at 'triggers nested too deep' inside a transaction?
        Then it may have kept what the statement wrote (no statement journal: KNOWN_BUGS
        sqlite_trigger_depth_journal) where RowanDB undid it, so the case ends here."""
        theirs = self.theirs_last
        if not (self.depth_steered and theirs.status == "error"
                and theirs.message.startswith("triggers nested too deep")
                and self.theirs.in_transaction):
            return False
        self.tally["cases_cut_short_trigger_depth"] += 1
        self.mine.dead = True
        return True

    def _dead(self) -> bool:
        return self.mine.dead or self.theirs.dead

    # -- differential ----------------------------------------------------------------

    def _differential(self, step: Step) -> Failure | None:
        sql, params = step.sql(), step.params()
        a, b = self.mine.run(sql, params), normalise(self.theirs.run(sql, params))
        a, self.theirs_last = normalise(a), b
        if self._incomparable(b):
            return None
        info = step.node.info
        ordered, flags = info.get("ordered", False), frozenset(info.get("flags", ()))
        try:
            diff = difference(a, b, ordered=ordered, flags=flags, fold=self.fold)
        except OrderDependent:
            self.tally["order_dependent"] += 1
            self.mine.dead = step.check in STATE_CHECKS  # the states may now differ
            return None
        if diff is not None and step.check in STATE_CHECKS and self._random_rowids():
            return None
        if diff is not None:
            if diff[0] == "columns":
                return Failure(step.check, *diff, -1, sql, f"columns {a.columns}",
                               f"columns {b.columns}")
            return Failure(step.check, *diff, -1, sql, a.brief(), b.brief())
        self.tally["statements_agreed"] += 1
        if a.status == "ok" and not same_rows(a.rows, b.rows, ordered):
            self.tally["agreed_up_to_representatives"] += 1
        if a.status == "error":
            self.tally["agreed_errors"] += 1
        return None

    def _incomparable(self, theirs: Outcome) -> bool:
        """SQLite's outcome gives nothing to compare with: text apsw cannot decode, or a
        statement SQLite too runs for ages (the states may differ from here on)."""
        if theirs.status not in ("undecodable", "timeout"):
            return False
        self.tally["undecodable" if theirs.status == "undecodable" else "sqlite_timeouts"] += 1
        self.mine.dead = True
        return True

    def _random_rowids(self) -> bool:
        """Has a table reached rowid 2**63-1? From then on SQLite picks new rowids at
        random -- in the statement that got there too -- so the case ends here."""
        tables = self.theirs.run(TABLES)
        for (name,) in tables.rows:
            top = self.theirs.run(f"SELECT max(rowid) FROM {name}")
            if top.status == "ok" and top.rows and top.rows[0][0] == MAX_ROWID:
                self.tally["cases_cut_short_random_rowid"] += 1
                self.mine.dead = True
                return True
        return False

    def _compare_state(self, step: Step) -> Failure | None:
        failure, tables = self._same(step, TABLES, "sqlite_schema", ordered=True)
        if failure is None and self.schema_texts:
            failure, _ = self._same(step, SCHEMA_TEXTS, "sqlite_schema", ordered=True)
        if failure is not None:
            return failure
        if tables.status != "ok":       # else SQLite's list, just read: the same again
            tables = self.theirs.run(TABLES)
        for (name,) in tables.rows:
            dump = f"SELECT rowid, * FROM {name}"
            rows = self.theirs.run(dump)
            if name.endswith('."sqlite_stat1"'):
                # ANALYZE visits tables in SQLite's schema hash order, RowanDB's in
                # creation order: the rows' rowids differ (docs/TESTING.md "Where RowanDB
                # differs from SQLite on purpose"), the rows do not
                dump = f"SELECT * FROM {name}"
            elif rows.status != "ok":  # WITHOUT ROWID
                dump = f"SELECT * FROM {name}"
            elif any(row[0] == MAX_ROWID for row in rows.rows):
                # From this rowid on SQLite picks new rowids at random (in this statement
                # too): nothing to compare them with.
                self.tally["cases_cut_short_random_rowid"] += 1
                self.mine.dead = True
                continue
            failure, _ = self._same(step, dump, name)
            if failure is not None:
                return failure
        if self.mine.in_transaction != self.theirs.in_transaction:
            return Failure(step.check, "transaction-state", "", -1, step.sql(),
                           f"in_transaction={self.mine.in_transaction}",
                           f"in_transaction={self.theirs.in_transaction}")
        return None

    def _same(self, step, sql, what, ordered=False) -> tuple[Failure | None, Outcome]:
        """(the difference or None, SQLite's outcome) of ``sql`` run on both."""
        a, b = normalise(self.mine.run(sql)), normalise(self.theirs.run(sql))
        if self._incomparable(b):
            return None, b
        if a.status in ("crash", "timeout"):
            return Failure(step.check, a.status, a.error, -1, sql, a.brief(), b.brief()), b
        if a.status != b.status or not same_rows(a.rows, b.rows, ordered):
            return Failure(step.check, "table-state", "", -1,
                           f"{step.sql()}\n-- then: {sql}", a.brief(), b.brief()), b
        return None, b

    # -- metamorphic -----------------------------------------------------------------

    def _oracle(self, step: Step) -> Failure | None:
        first, second, flags = oracle_queries(step)
        return self._metamorphic(step.check, first, second, flags)

    def _metamorphic(self, kind, first, second, flags) -> Failure | None:
        a, b = self.mine.run(first), self.mine.run(second)
        # SQLite runs them too, whatever RowanDB found: a query may leave SQLite knowing a
        # view's columns, which a later statement's errors show (fuzz 85300449: a DELETE
        # from a view over a dropped index is 'no such index' only while they are unknown)
        c, d = self.theirs.run(first), self.theirs.run(second)
        for outcome, sql in ((a, first), (b, second)):
            if outcome.status in ("crash", "timeout"):
                return Failure(kind, outcome.status, outcome.error, -1, sql,
                               outcome.brief(), "")
        if a.status != "ok" or b.status != "ok":
            self.tally[f"{kind}_skipped_error"] += 1
            return None
        if same_rows(a.rows, b.rows, False, flags, self.fold):
            self.tally[f"{kind}_held"] += 1
            return None
        if c.status != "ok" or d.status != "ok" or \
                not same_rows(c.rows, d.rows, False, flags, self.fold):
            self.tally["oracle_invalid"] += 1
            return None
        return Failure(kind, kind, "", -1, f"{first};\n{second};",
                       f"{a.brief()} vs {b.brief()}", f"{c.brief()} vs {d.brief()}")


def normalise(outcome: Outcome) -> Outcome:
    """Drop the ``(line N, column M)`` RowanDB adds to syntax errors on purpose."""
    if outcome.status == "error" and _POSITION.search(outcome.message):
        return Outcome(outcome.status, error=outcome.error,
                       message=_POSITION.sub("", outcome.message))
    return outcome
