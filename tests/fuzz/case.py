"""A fuzz case: a seeded script of steps over one random schema.

``gen_case(seed, config)`` builds the same ``Case`` for the same seed and config on every
machine (everything is drawn from one ``random.Random(seed)``): the schema, the rows, then
``STEPS`` steps, each one of

* ``setup`` -- CREATE TABLE / CREATE INDEX / the first INSERTs; compared like DML;
* ``query`` -- a SELECT run on both engines, rows compared (gen_query.py says how);
* ``dml`` / ``control`` -- a change or transaction control statement (with feature
  ``alter``, an ALTER TABLE too: one to three after the rows, and now and then before a
  step; with ``schema_steps`` a CREATE or DROP now and then before one, gen_ddl.py): same
  outcome, then every table compared whole;
* ``tlp`` / ``norec`` -- a metamorphic check run on RowanDB alone (oracles.py);
* ``integrity`` -- ``PRAGMA integrity_check`` on both, last.

A step's ``node`` is the statement's SQL tree; for ``tlp`` it is ``(select list, FROM,
predicate)`` and for ``norec`` ``(FROM, predicate)``, which the oracles assemble into
queries. The reducer shrinks steps and their trees; the ``Step`` keeps its check.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field, replace

from .features import Config
from .gen_alter import gen_alter
from .gen_control import between_steps
from .gen_ddl import between_steps_ddl
from .gen_dml import PRAGMAS, gen_dml
from .gen_introspect import between_steps_introspection
from .gen_names import Names, case_names
from .gen_params import parameters, with_parameters
from .gen_expr import Scope, gen_expr, gen_predicate
from .gen_query import gen_from, gen_query, gen_subquery, gen_views
from .gen_schema import gen_rows, gen_schema
from .gen_trigger import gen_view_triggers
from .sqltree import Node, items, node

STEPS = 24
MAX_SUBQUERY_DEPTH = 2
MAX_SUBQUERIES = 4


@dataclass(frozen=True)
class Step:
    check: str          # setup | query | dml | control | tlp | norec | integrity
    node: Node
    names: Names | None = None      # feature ``names``: how the case respells its names

    def sql(self) -> str:
        return self.respelled(self.node.render())

    def params(self) -> tuple:
        """The values bound to the statement's ``?`` (feature parameters, gen_params.py)."""
        return parameters(self.node)

    def respelled(self, text: str) -> str:
        return text if self.names is None else self.names.respell(text)


@dataclass
class Case:
    seed: int
    steps: list
    nocase: bool = False       # some column, index or COLLATE uses NOCASE / RTRIM
    rtrim: bool = False
    notes: dict = field(default_factory=dict)

    def script(self) -> str:
        """The case as one SQL script."""
        return "\n".join(render_step(step) for step in self.steps)


def render_step(step: Step) -> str:
    """A step as SQL text; an oracle step as its two queries under a comment."""
    if step.check in ("tlp", "norec"):
        first, second, _ = oracle_queries(step)
        what = {"tlp": "TLP: a query and the UNION of its WHERE p / NOT p / p IS NULL parts",
                "norec": "NoREC: count(*) WHERE p, and the sum of (p) IS TRUE over all rows"}
        return f"-- {what[step.check]} (must give the same rows on RowanDB):\n" \
               f"{first};\n{second};"
    params = step.params()
    return step.sql() + ";" + (f"  -- parameters: {params!r}" if params else "")


def oracle_queries(step: Step) -> tuple[str, str, set]:
    """(query, reference query, comparison flags) of a tlp or norec step."""
    if step.check == "tlp":
        columns, from_, predicate = (part.render() for part in step.node.parts)
        distinct = "DISTINCT " if step.node.info.get("distinct") else ""
        base = f"SELECT {distinct}{columns} FROM {from_}"
        union = (" UNION " if distinct else " UNION ALL ").join(
            f"{base} WHERE {p}" for p in
            (f"({predicate})", f"NOT ({predicate})", f"({predicate}) IS NULL"))
        return step.respelled(base), step.respelled(union), \
            ({"representative"} if distinct else set())
    from_, predicate = (part.render() for part in step.node.parts)
    optimized = f"SELECT count(*) FROM {from_} WHERE {predicate}"
    return step.respelled(optimized), \
        step.respelled(f"SELECT coalesce(sum(({predicate}) IS TRUE), 0) FROM {from_}"), set()


class Gen:
    """The state every generator function receives as ``g``."""

    def __init__(self, seed: int, config: Config):
        self.rng = random.Random(seed)
        # draws that must not shift ``rng``'s stream: with an added feature's choices made
        # here, a fixed seed still writes the cases it wrote before (gen_expr's date/time)
        self.side_rng = random.Random(seed * 7919 + 1)
        self.returning_rng = random.Random(seed * 7919 + 2)    # gen_returning's own draws
        self.config = config
        self.schema = None
        self._aliases = 0
        self._depth = 0
        self.subquery_budget = MAX_SUBQUERIES
        self.no_like = False       # LIKE not wanted here (KNOWN_BUGS sqlite_like_left_join)
        self.ctes = []             # (name, column count) of the WITH tables in force
        self.views = []            # (name, column count) of the views the setup created
        self.temp_views = set()    # the names of those that are TEMP
        self.view_triggers = []    # (view, column count, event) of their INSTEAD OF triggers
        self.no_vector_set = False  # no SET (c) = (x) (KNOWN_BUGS sqlite_rename_vector_set)
        # the statement reads a FROM item SQLite may flatten (a FROM subquery, a view or
        # a common table): its terms may then be constant to SQLite (KNOWN_BUGS
        # subquery_errors)
        self.reads_flattened = False
        self.schema_texts = []     # the setup's CREATE texts, renamed as ALTERs rename
        self.like_switched = False  # a PRAGMA case_sensitive_like was written (gen_alter)
        self.analyzed = False       # an ANALYZE was written (gen_control), which a ROLLBACK
                                    # may undo, reloading the schema
        self.shadowed = False       # a RENAME TO may have given a table the name of one
                                    # of the other schema (gen_alter; KNOWN_BUGS
                                    # sqlite_vacuum_temp_shadow)
        self.made = {"index": [], "table": []}  # what gen_ddl's CREATEs named

    def weighted(self, weights: dict) -> str:
        names = sorted(weights)
        return self.rng.choices(names, [weights[n] for n in names])[0]

    def alias(self) -> str:
        self._aliases += 1
        return f"a{self._aliases}"

    @property
    def in_subquery(self) -> bool:
        return self._depth > 0

    @property
    def subquery_errors(self) -> bool:
        """Whether an expression written now must not raise (KNOWN_BUGS subquery_errors):
        inside a subquery, or anywhere in a statement that reads a FROM subquery, a view
        or a common table, whose constant columns SQLite may flatten into a term it
        computes before or outside the loop RowanDB computes it in."""
        return (self.in_subquery or self.reads_flattened) and \
            self.config.steer("subquery_errors")

    def may_subquery(self) -> bool:
        return self._depth < MAX_SUBQUERY_DEPTH and self.subquery_budget > 0

    def new_statement(self) -> None:
        """Each statement may hold at most ``MAX_SUBQUERIES`` subqueries: nested correlated
        subqueries over joins cost RowanDB (which does not cache or short-circuit them
        yet) seconds per statement, and a fuzzer that waits learns nothing."""
        self.subquery_budget = MAX_SUBQUERIES
        self.reads_flattened = False

    @contextlib.contextmanager
    def nested(self, no_subqueries: bool = False):
        """One subquery level deeper (with ``no_subqueries``, as deep as allowed)."""
        step = MAX_SUBQUERY_DEPTH if no_subqueries else 1
        self._depth += step
        try:
            yield
        finally:
            self._depth -= step

    def subquery(self, outer: Scope, kind: str) -> Node:
        self.subquery_budget -= 1
        return gen_subquery(self, outer, kind)


STEP_WEIGHTS = {"query": 10, "dml": 6, "tlp": 3, "norec": 3}
ALTER_RATE = 0.1    # feature alter: the chance of an ALTER TABLE before each step
PRAGMA_RATE = 0.1   # feature pragmas: the chance of a PRAGMA (gen_dml.PRAGMAS) before one


def gen_case(seed: int, config: Config, steps: int = STEPS) -> Case:
    g = Gen(seed, config)
    g.schema = gen_schema(g)
    script = [Step("setup", s) for s in g.schema.statements]
    if config.has("view"):
        script += [Step("setup", s) for s in gen_views(g)]
        if config.has("trigger") and config.has("trigger_forms"):
            script += [Step("setup", s) for s in gen_view_triggers(g)]
    for table in g.schema.tables:
        script += [Step("dml", s) for s in gen_rows(g, table)]
    alter = config.has("alter")
    if alter:   # after the rows, over every index, trigger and view (gen_alter.py)
        g.schema_texts = [step.sql() for step in script if step.check == "setup"]
        script += [Step("dml", gen_alter(g)) for _ in range(g.side_rng.randint(1, 3))]
    stepped_alter = False       # an ALTER of the steps, which a ROLLBACK may undo
    for _ in range(steps):
        if alter and g.side_rng.random() < ALTER_RATE:
            script.append(Step("dml", gen_alter(g)))
            stepped_alter = True
        if config.has("pragmas") and g.side_rng.random() < PRAGMA_RATE:
            pragma = g.side_rng.choice(PRAGMAS)
            like = "case_sensitive_like" in pragma and \
                config.steer("sqlite_like_schema_unloadable")
            # SQLite reloads its schema when a ROLLBACK undoes an ALTER, and cannot
            # after this PRAGMA (fuzz 75000868); gen_alter then writes no ALTER that
            # reloads the schema
            if not (like and (stepped_alter or g.analyzed)):
                script.append(Step("control", node(pragma, kind="control")))
                g.like_switched |= like
        # (features maintenance, transaction_forms) ANALYZE, REINDEX, VACUUM, savepoints
        script += [Step("control", s) for s in between_steps(g)]
        ddl = between_steps_ddl(g)      # feature schema_steps: CREATE / DROP over rows
        script += [Step("dml", s) for s in ddl]
        stepped_alter |= bool(ddl)      # a ROLLBACK may undo it too, reloading the schema
        # feature introspection: the schema read back through PRAGMAs (gen_introspect.py)
        script += [Step("query", s) for s in between_steps_introspection(g)]
        check = g.weighted(STEP_WEIGHTS)
        script.append(_gen_step(g, check))
    script.append(Step("integrity", node("PRAGMA integrity_check")))
    text = " ".join(step.sql() for step in script)
    if config.has("names"):     # every name respelled (gen_names.py)
        names = case_names(seed, [step.node.render() for step in script], config)
        script = [replace(step, names=names) for step in script]
    return Case(seed, script, "NOCASE" in text.upper(), "RTRIM" in text.upper())


def _gen_step(g, check: str) -> Step:
    g.new_statement()
    if check == "query":
        return Step("query", with_parameters(g, gen_query(g)))
    if check == "dml":
        statement = gen_dml(g)
        if statement.kind == "control":
            return Step("control", statement)
        return Step("dml", with_parameters(g, statement))
    from_node, refs = gen_from(g)
    scope = Scope(refs)
    predicate = gen_predicate(g, scope, g.rng.choice([1, 2, 3]))
    if check == "norec":
        return Step("norec", node(from_node, predicate))
    columns = items([gen_expr(g, scope, g.rng.choice([0, 1, 2]))
                     for _ in range(g.rng.randint(1, 3))])
    distinct = g.rng.random() < 0.3
    return Step("tlp", Node((columns, from_node, predicate), info={"distinct": distinct}))
