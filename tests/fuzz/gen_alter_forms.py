"""SQLite 3.54's newer ALTER TABLE forms for the generated schema (feature ``alter_forms``).

gen_alter draws one of these in place of a RENAME, ADD or DROP COLUMN now and then, from
``g.side_rng`` like the rest of gen_alter (so the cases of a seed are those they were
while the feature is off):

* ``ALTER [COLUMN] c SET NOT NULL`` -- SQLite checks the rows there are ('constraint
  failed' where one holds NULL) -- and ``ALTER [COLUMN] c DROP NOT NULL``, of any column:
  a key, a generated one, one with an ON CONFLICT clause, one of a STRICT or WITHOUT ROWID
  table, one that has no NOT NULL, one that does not exist;
* ``ADD [CONSTRAINT kN] CHECK (p)``, ``p`` one of gen_alter's CHECK shapes over the
  table's columns (tested against the rows there are), now and then a name the table
  already has or a subquery (SQLite's errors);
* ``DROP CONSTRAINT kN`` of a CHECK added before (maybe spelled in another ASCII case),
  or of a name no constraint has.

The table model follows what is expected to succeed (``Column.notnull``,
``Table.constraints``, which gen_alter's DROP COLUMN reads); a wrong guess only makes
later statements fail alike on both engines. Every form rewrites the table's CREATE text
and checks the schema after it, so after PRAGMA case_sensitive_like SQLite is left unable
to load its schema as after an ADD COLUMN (KNOWN_BUGS ``sqlite_like_schema_unloadable``:
gen_alter draws none of them then).
"""

from __future__ import annotations

KINDS = {"alter_column": 3, "add_constraint": 3, "drop_constraint": 2}
CHECKS = ["{c} IS NULL OR {c} >= 0", "{c} <> 'b'", "length({c}) < 4", "{c} IS NOT {o}",
          "typeof({c}) <> 'blob'", "coalesce({c}, {o}, 0) < 1000", "{c} IS NOT NULL",
          "{c} NOT IN (2, 'a')"]
NAMES = ["k0", "k1", "k2"]


def gen_alter_form(g, table, kind: str) -> str:
    """The text after ``ALTER TABLE t `` of a form of kind ``kind`` (one of ``KINDS``)."""
    return {"alter_column": _alter_column, "add_constraint": _add_constraint,
            "drop_constraint": _drop_constraint}[kind](g, table)


def _alter_column(g, table) -> str:
    side = g.side_rng
    word = side.choice(["ALTER COLUMN", "ALTER"])
    if side.random() < 0.05:
        return f"{word} nosuch {side.choice(['SET', 'DROP'])} NOT NULL"
    column = side.choice(table.columns)
    name = column.name if side.random() < 0.8 else column.name.upper()
    if side.random() < 0.5:
        column.notnull = False
        return f"{word} {name} DROP NOT NULL"
    column.notnull = True           # unless a row holds NULL there: 'constraint failed'
    return f"{word} {name} SET NOT NULL"


def _add_constraint(g, table) -> str:
    side = g.side_rng
    others = table.names
    check = side.choice(CHECKS).format(c=side.choice(others), o=side.choice(others))
    if side.random() < 0.05:
        check = f"{side.choice(others)} > (SELECT 1)"     # SQLite: subqueries prohibited
    taken = [name for name, _ in table.constraints if name is not None]
    if side.random() < 0.25:
        table.constraints.append((None, check))
        return f"ADD CHECK ({check})"
    if taken and side.random() < 0.2:
        name = side.choice(taken)                       # 'constraint k0 already exists'
    else:
        name = side.choice([n for n in NAMES if n not in taken] or ["k9"])
    if name not in taken:
        table.constraints.append((name, check))
    return f"ADD CONSTRAINT {name} CHECK ({check})"


def _drop_constraint(g, table) -> str:
    side = g.side_rng
    named = [(name, check) for name, check in table.constraints if name is not None]
    if not named or side.random() < 0.2:
        return f"DROP CONSTRAINT {side.choice(['nosuch', 'k9', 'c0'])}"
    name, check = side.choice(named)
    table.constraints.remove((name, check))
    return f"DROP CONSTRAINT {name if side.random() < 0.8 else name.upper()}"
