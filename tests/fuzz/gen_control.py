"""Statements written between steps (case.py): maintenance (feature ``maintenance``) and
the other spellings of transaction control (feature ``transaction_forms``).

**maintenance** -- ANALYZE (all, main, a table, an index), REINDEX (all, a table, an
index, a collation) and VACUUM, each now and then before a step. ANALYZE writes
``sqlite_stat1``, which the runner then compares whole like every table (its ``stat``
texts are row counts and distinct-key estimates SQLite defines exactly); REINDEX and
VACUUM must change nothing a query can see; VACUUM inside a transaction is SQLite's
error. After a PRAGMA case_sensitive_like no VACUUM or ANALYZE is written: SQLite reloads
its schema after a VACUUM, and after a ROLLBACK of the transaction whose ANALYZE created
sqlite_stat1, and cannot when an index holds a LIKE (KNOWN_BUGS
sqlite_like_schema_unloadable, fixed-seed case 78, fuzz 110200048); nor VACUUM after a
RENAME TO that may have given a TEMP table the name of a table of main, or the reverse
(KNOWN_BUGS sqlite_vacuum_temp_shadow, fuzz 119400051). PRAGMA optimize is not written: RowanDB refuses it (NotSupportedError) today.

**transaction_forms** -- the control statements with their optional words (``BEGIN
DEFERRED TRANSACTION``, ``COMMIT TRANSACTION``, ``END TRANSACTION``, ``ROLLBACK
TRANSACTION TO SAVEPOINT s2``, ``RELEASE SAVEPOINT s1``) and savepoints nested three
deep, a name used twice (``ROLLBACK TO`` and ``RELEASE`` then find the newest), a
SAVEPOINT outside BEGIN (which starts the transaction and whose RELEASE commits it).

Every choice is drawn aside (``Gen.side_rng``).
"""

from __future__ import annotations

from .sqltree import node

MAINTENANCE_RATE = 0.06     # the chance of a maintenance statement before a step
CONTROL_RATE = 0.12         # the chance of a transaction control statement before a step
TRANSACTION_FORMS = [
    "BEGIN DEFERRED", "BEGIN IMMEDIATE TRANSACTION", "BEGIN EXCLUSIVE", "BEGIN TRANSACTION",
    "COMMIT TRANSACTION", "END TRANSACTION", "ROLLBACK TRANSACTION", "END",
    "SAVEPOINT s1", "SAVEPOINT s2", "SAVEPOINT s3", "SAVEPOINT s1",
    "RELEASE SAVEPOINT s1", "RELEASE s2", "RELEASE SAVEPOINT s3",
    "ROLLBACK TO SAVEPOINT s1", "ROLLBACK TRANSACTION TO s2",
    "ROLLBACK TRANSACTION TO SAVEPOINT s3", "ROLLBACK TO s3",
]


def between_steps(g) -> list:
    """The statements (``Node``s of kind control) to run before the next step."""
    side = g.side_rng
    statements = []
    if g.config.has("maintenance") and side.random() < MAINTENANCE_RATE:
        statements.append(node(_maintenance(g), kind="control"))
    if g.config.has("transaction_forms") and side.random() < CONTROL_RATE:
        statements.append(node(side.choice(TRANSACTION_FORMS), kind="control"))
    return statements


def _maintenance(g) -> str:
    side = g.side_rng
    table = side.choice(g.schema.tables)
    index = side.choice(table.indexes) if table.indexes else table.name
    statements = [
        "ANALYZE", "ANALYZE main", f"ANALYZE {table.name}", f"ANALYZE {index}",
        f"ANALYZE main.{table.name}", "REINDEX", f"REINDEX {table.name}",
        f"REINDEX {index}", "REINDEX NOCASE", "REINDEX RTRIM", "REINDEX BINARY",
        "VACUUM", "VACUUM main",
    ]
    if g.like_switched:     # VACUUM reloads the schema, and so does a ROLLBACK of the
        # ANALYZE that created sqlite_stat1 (KNOWN_BUGS sqlite_like_schema_unloadable)
        statements = [s for s in statements if not s.startswith(("VACUUM", "ANALYZE"))]
    if g.shadowed and g.config.steer("sqlite_vacuum_temp_shadow"):
        # a TEMP table may share a name with a table of main: SQLite's VACUUM moves
        # main's indexes on it onto the TEMP table
        statements = [s for s in statements if not s.startswith("VACUUM")]
    chosen = side.choice(statements)
    g.analyzed |= chosen.startswith("ANALYZE")
    return chosen
