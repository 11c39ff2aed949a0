"""Partial indexes and indexes on expressions for the generated schema (feature
``index_kinds``): an index key may be a deterministic expression of the table's columns,
and an index may have a WHERE. Queries need not mention them: the query generator's own
predicates sometimes imply a WHERE or repeat an expression, so the planner's choice to read
such an index, or not, is compared with SQLite's answers like any other plan."""

from __future__ import annotations

# Key expressions over one column ``{a}`` or two (``{b}``); each is deterministic.
KEYS = ["{a} + 1", "lower({a})", "abs({a})", "{a} || 'x'", "length({a})",
        "coalesce({a}, 0)", "-{a}", "{a} * {b}", "{a} = {b}", "typeof({a})",
        "CAST({a} AS TEXT)", "substr({a}, 1, 2)", "{a} > 0"]
# WHERE clauses of a partial index; the query generator writes terms like these too.
WHERES = ["{a} IS NOT NULL", "{a} > 0", "{a} NOTNULL", "{a} = 1 OR {b} < 3",
          "{a} IN (1, 2, 'a')", "{a} LIKE 'a%'", "{a} <> 0 AND {b} IS NULL", "{a} < {b}",
          "{a} IS NOT NULL AND {b} IS NOT NULL", "abs({a}) > 1", "{a} = 2"]


def _fill(rng, template: str, names: list) -> str:
    return template.format(a=rng.choice(names), b=rng.choice(names))


def index_key(g, names: list, column: str) -> tuple[str, bool]:
    """The key term for ``column``: itself, or now and then an expression (True)."""
    if not g.config.has("index_kinds") or g.rng.random() >= 0.3:
        return column, False
    return _fill(g.rng, g.rng.choice(KEYS), [column] + names), True


def index_where(g, names: list) -> str:
    """`` WHERE ...`` for a partial index, or nothing."""
    if not g.config.has("index_kinds") or g.rng.random() >= 0.3:
        return ""
    return " WHERE " + _fill(g.rng, g.rng.choice(WHERES), names)
