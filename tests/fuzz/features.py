"""What the generators may produce: switchable features and the engine bugs they steer around.

**Features.** ``OPTIONAL_FEATURES`` names the parts of SQLite the generators know how to
write beyond the core. ``DEFAULT_FEATURES`` is what ``make test`` and ``make fuzz``
generate: today every feature built (``alter``, ALTER TABLE between the steps, on again
since the fourteenth round: docs/TESTING.md) -- UPSERT, STRICT, AUTOINCREMENT, ON
CONFLICT clauses on constraints, the math functions,
the date and time functions, aggregates' FILTER and ORDER BY, the JSON functions, window
functions, common tables, views, triggers, partial and expression indexes, row values,
RIGHT and FULL JOIN, UPDATE ... FROM, generated columns, WITHOUT ROWID and TEMP tables,
VALUES lists, core functions with edge arguments, json_each and json_tree, respelled
names, pragmas switched between steps, compound subqueries, INDEXED BY and NOT INDEXED,
and branch fuzzgrow's six (more aggregates, query shapes, ANALYZE/REINDEX/VACUUM, the
spellings of transaction control, WITH forms, non-ASCII text; on since branch fuzzon) --
``trigger_forms`` (INSTEAD OF triggers on views and ON CONFLICT in trigger steps, new in
the sixteenth round, on since branch fuzzforms) -- and ``alter_forms`` (ALTER TABLE's
SET / DROP NOT NULL, ADD CHECK and DROP CONSTRAINT) and ``nested_joins`` (parenthesised
joins), both new in the seventeenth round and on since branch fuzzleft (eighteenth) --
and branch fuzzhunt's ``window_names`` (the WINDOW clause), ``schema_steps`` (CREATE and
DROP between the steps) and ``introspection`` (PRAGMA table_info and kin), new in the
nineteenth round and on since branch fuzzgens (twentieth) -- and ``parameters`` (literals
bound as ``?``, the lead's of the twenty-sixth round, on since branch fuzz28) -- and
``returning_forms`` (RETURNING lists of many shapes, new and on since branch fuzz29). A new
feature's generator goes into ``OPTIONAL_FEATURES`` and is left out of ``DEFAULT_FEATURES``
(``frozenset(OPTIONAL_FEATURES) - {"new"}``) until fresh runs with it find no difference
(to try one: ``python -m tests.fuzz --enable new``; ``--disable right_join`` leaves one
out). Whatever SQLite has and RowanDB answers with
NotSupportedError shows up as a ``not-supported`` failure, so switching a feature on before
it lands is how to see what is still missing.

**Known bugs.** ``KNOWN_BUGS`` lists each engine bug the fuzzer has found and not yet seen
fixed, by a short name, with its row in docs/TESTING.md's table of known bugs. Each generator that would run
into one asks ``config.steer(name)`` and writes something else while the answer is True.
When a bug is fixed, delete its entry here and the steers that name it (``steer`` refuses a
name that is not listed, so none is left behind); ``--no-steer`` ignores all of them for one
run, to check which are fixed, and ``--no-steer NAME`` ignores only that one. A bug is never papered over in the comparison:
only the generators avoid it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPTIONAL_FEATURES = {
    "upsert": "INSERT ... ON CONFLICT [(cols) [WHERE ...]] DO NOTHING | DO UPDATE SET ...",
    "right_join": "RIGHT [OUTER] JOIN",
    "full_join": "FULL [OUTER] JOIN",
    "update_from": "UPDATE t SET ... FROM <items> WHERE ... (the SET list reads the target only)",
    "strict": "STRICT tables (declared types checked on write)",
    "autoincrement": "INTEGER PRIMARY KEY AUTOINCREMENT, and sqlite_sequence in the dumps",
    "math": "the math functions (mod, pow, sqrt, floor, ceil, ln, exp...)",
    "datetime": "the date and time functions (date, time, datetime, julianday, unixepoch, "
                "strftime, timediff) over time values, modifiers and strftime formats",
    "json": "the JSON functions (json, json_extract, ->, ->>, json_set, json_array...) over "
            "JSON documents (JSON5 and malformed ones too), paths and drawn expressions",
    "without_rowid": "WITHOUT ROWID tables",
    "cte": "WITH [RECURSIVE] common tables (a derived query or a recursive counter) read "
           "in the FROM clauses of a query",
    "view": "CREATE [TEMP] VIEW vN(c0, ...) AS <a derived query> in the setup (views over "
            "earlier views too), read in the FROM clauses of queries and DML subqueries",
    "window": "window functions in select lists: every built-in window function and "
              "aggregate with OVER (PARTITION BY, ORDER BY, ROWS/RANGE/GROUPS frames, "
              "EXCLUDE, FILTER)",
    "trigger": "CREATE TRIGGER on the generated tables: BEFORE/AFTER INSERT, UPDATE [OF], "
               "DELETE, WHEN, bodies writing the tables from NEW/OLD, RAISE",
    "aggregate_clauses": "FILTER (WHERE ...) on aggregates and ORDER BY inside their "
                         "arguments (group_concat's parts sorted)",
    "generated": "generated columns (AS (expr) [STORED|VIRTUAL]) reading earlier columns, "
                 "with NOT NULL, CHECK, UNIQUE, COLLATE, indexes; never written by DML",
    "index_kinds": "partial indexes (CREATE INDEX ... WHERE) and indexes on expressions "
                   "in the setup (gen_index_kinds.py)",
    "row_values": "row values: (a, b) op (c, d), BETWEEN, IN lists/VALUES/subqueries, "
                  "= (SELECT x, y ...), CASE over rows (gen_rows.py)",
    "temp_tables": "CREATE TEMP TABLE for some of the generated tables, with their "
                   "indexes, triggers and foreign keys (to earlier temp tables)",
    "values": "VALUES lists as FROM items (maybe opening a UNION ALL with a SELECT), as "
              "arms of compound queries, and opening a UNION ALL compound as an INSERT's "
              "source (gen_values.py)",
    "indexed_by": "FROM tables with NOT INDEXED or INDEXED BY one of their indexes",
    "table_functions": "json_each and json_tree (a document, maybe a path) as FROM items",
    "json_values": "json_each's and json_tree's values read by JSON functions that nest "
                   "JSON (json_array, json_object, json_set...) through scalar subqueries "
                   "(max/min, DISTINCT, UNION [ALL], EXCEPT, ORDER BY, GROUP BY), and the "
                   "table functions as FROM subqueries, on either side of joins "
                   "(gen_json_values.py)",
    "parameters": "now and then a query's or DML statement's literals bound as "
                  "parameters (``?``) with the values they read as (gen_params.py)",
    "alter": "ALTER TABLE RENAME TO / RENAME COLUMN / ADD COLUMN / DROP COLUMN after the "
             "rows and between steps, over indexes, triggers, views and foreign keys; the "
             "dumps compare every schema text (gen_alter.py)",
    "constraint_conflict": "ON CONFLICT ROLLBACK/ABORT/FAIL/IGNORE/REPLACE clauses on the "
                           "generated tables' NOT NULL, PRIMARY KEY, UNIQUE and CHECK "
                           "constraints (gen_schema.on_conflict)",
    "names": "every generated name (tables, columns, aliases, views, common tables, "
             "indexes, triggers, savepoints) respelled for the case: non-ASCII letters, "
             "ASCII case, keywords quoted or bare, quotes and spaces inside, strings where "
             "SQLite reads a name (gen_names.py)",
    "pragmas": "PRAGMA case_sensitive_like, recursive_triggers, foreign_keys and "
               "defer_foreign_keys switched on and off between steps (gen_dml.PRAGMAS)",
    "compound_subqueries": "compound selects with ORDER BY and LIMIT/OFFSET as IN and "
                           "scalar subqueries, their arms maybe correlated (gen_query.py)",
    "function_edges": "core scalar functions with edge arguments in place of some drawn "
                      "calls: printf/format conversions, flags, widths and precisions, "
                      "substr's 64-bit positions, char, unhex, likelihood, many-argument "
                      "coalesce/iif, concat_ws, unistr, LIKE/GLOB ESCAPE, COLLATE operands "
                      "(gen_funcs.py)",
    # branch fuzzgrow: SQL users write that the generators did not
    "aggregate_kinds": "json_group_array/json_group_object, group_concat/sum/total/avg "
                       "(DISTINCT ...), string_agg, median and the percentiles, HAVING "
                       "without GROUP BY (gen_aggregate_kinds.py)",
    "query_shapes": "LIMIT/OFFSET expressions and LIMIT offset, count; result columns "
                    "named [AS] oK and ORDER BY the names; views and FROM subqueries "
                    "with ORDER BY ... LIMIT (gen_shapes.py)",
    "maintenance": "ANALYZE, REINDEX and VACUUM between steps; sqlite_stat1 compared "
                   "like every table (gen_control.py)",
    "transaction_forms": "BEGIN DEFERRED/EXCLUSIVE [TRANSACTION], COMMIT/END/ROLLBACK "
                         "TRANSACTION, [RELEASE|ROLLBACK TO] SAVEPOINT nested three "
                         "deep, between steps (gen_control.py)",
    "cte_forms": "WITH of several tables reading earlier ones, recursive tables with "
                 "UNION, LIMIT, ORDER BY, two columns or a table seed, WITH before "
                 "INSERT and DELETE (gen_cte.py)",
    "trigger_forms": "INSTEAD OF INSERT/UPDATE/DELETE triggers on the generated views, and "
                     "INSERT, UPDATE and DELETE of those views; trigger steps that INSERT "
                     "with ON CONFLICT clauses (DO NOTHING / DO UPDATE)",
    "alter_forms": "SQLite 3.54's ALTER TABLE ALTER [COLUMN] c SET / DROP NOT NULL, ADD "
                   "[CONSTRAINT k] CHECK (p) and DROP CONSTRAINT k among gen_alter's "
                   "statements (gen_alter_forms.py)",
    "unicode_text": "non-ASCII text among the drawn values: case SQLite does not fold, "
                    "combining marks, emoji, other scripts' digits (gen_text.py)",
    "nested_joins": "parenthesised joins as a later FROM item, `a LEFT JOIN (b JOIN c ON "
                    "...) ON ...`, inner, LEFT, CROSS (and RIGHT, FULL when on) inside "
                    "(gen_query._nested; new in the seventeenth round)",
    # branch fuzzhunt (nineteenth round): built, never generated before
    "window_names": "a window call's window named in the query's WINDOW clause: OVER wN, "
                    "OVER (wN [ORDER BY ...] frame), definitions based on others (before "
                    "or after them), unused ones, and now and then an unknown window or "
                    "an override SQLite refuses (gen_window_names.py)",
    "schema_steps": "CREATE [UNIQUE] INDEX, CREATE [TEMP] TABLE ... AS SELECT and DROP "
                    "TABLE / INDEX / VIEW / TRIGGER between the steps, over tables holding "
                    "rows (gen_ddl.py)",
    "introspection": "PRAGMA table_info, table_xinfo, index_list, index_info, index_xinfo, "
                     "foreign_key_list, foreign_key_check, integrity_check of a table, and "
                     "their functions joined to sqlite_schema over every table or index "
                     "(gen_introspect.py)",
    # branch fuzz29 (twenty-ninth round)
    "returning_forms": "RETURNING lists of one to four items: * beside others, t.c, the "
                       "rowid's spellings, expressions, AS/bare/string aliases, subqueries "
                       "over the written row, counts of tables, now and then one item "
                       "SQLite refuses (gen_returning.py)",
}

# Everything RowanDB supports today; the generators always write the core (tables,
# indexes, expressions, joins, subqueries, compound selects, DML, transactions).
# alter: on again since the fourteenth round's merge (docs/TESTING.md has its runs); branch
# fuzzgrow's six features on since branch fuzzon (fourteenth round)
# trigger_forms: on since branch fuzzforms (seventeenth round), after clean 20-minute runs
# alter_forms, nested_joins: on since branch fuzzleft (eighteenth round; docs/TESTING.md)
# window_names, schema_steps, introspection (branch fuzzhunt, nineteenth round): on since
# branch fuzzgens (twentieth round), once make test's fixed-seed cases 0-399 agreed with
# them (docs/TESTING.md)
# json_values (branch jsonsub2): on since the lead's twenty-sixth round, once VACUUM gave
# fixed-seed case 355's rowids as SQLite does and cases 0-399 agreed with it
# parameters (the lead's, twenty-sixth round): on since branch fuzz28 (twenty-eighth round),
# once fixed-seed cases 0-399 agreed with it (docs/TESTING.md)
# returning_forms (branch fuzz29, twenty-ninth round): on once fixed-seed cases 0-399 agreed
# with it (docs/TESTING.md)
DEFAULT_FEATURES = frozenset(OPTIONAL_FEATURES)

# name -> the bug, in a few words (docs/TESTING.md has a row for each).
KNOWN_BUGS: dict[str, str] = {
    "subquery_errors": "an error raised inside a subquery, where SQLite's loop order "
                       "decides whether it runs: SQLite may compute a FROM subquery after "
                       "the first FROM item before any loop (materialized, its constant "
                       "terms flattened, or put outermost by its cost estimates), and, "
                       "beside an outer join, runs a WHERE's EXISTS as a join whose empty "
                       "table may stop the other terms; "
                       "RowanDB keeps its nested loops in FROM order and tests the terms "
                       "per outer row; and a term reading a flattened FROM subquery, view "
                       "or common table whose column is constant is, to SQLite, a term of "
                       "no table, tested in its outermost loop (which its costs may make "
                       "another FROM item's) -- so no expression that can raise is written "
                       "inside a subquery or in a statement reading such a FROM item",
    "sqlite_like_left_join": "NOT A ROWANDB BUG: SQLite 3.54.1 (and 3.40) drop the left row "
                             "of LEFT JOIN t AS b ON b.ipk LIKE 'x%' when ipk is an INTEGER "
                             "PRIMARY KEY, also when the LIKE is a view's or FROM subquery's WHERE "
                             "flattened into an outer join (fuzz seed 25001451); ON "
                             "clauses, views and the subqueries an outer join may flatten "
                             "use GLOB instead of LIKE",
    "sqlite_strict_journal": "NOT A ROWANDB BUG: SQLite opens no statement journal for a STRICT "
                             "datatype error, so inside a transaction an INSERT of several "
                             "rows (any conflict clause, OR ROLLBACK too) keeps the rows "
                             "before the failing one; RowanDB undoes the statement, as an "
                             "error does; STRICT tables get one row per INSERT and no OR IGNORE / "
                             "OR REPLACE (which keep going past the error's row), and "
                             "trigger bodies write them no rows (an AFTER trigger's error "
                             "left the firing row in place: fuzz seed 36001184)",
    "sqlite_trigger_depth_journal": "NOT A ROWANDB BUG: inside a transaction SQLite keeps "
                                    "what a statement wrote before 'triggers nested too "
                                    "deep' stopped its recursion (no constraint may abort "
                                    "it, so no statement journal; lead fuzz 85500103); "
                                    "RowanDB undoes the statement, as an error does; the "
                                    "case ends at such an error (runner._depth_kept)",
    "sqlite_fk_set_null_trigger": "NOT A ROWANDB BUG: SQLite 3.54.1 lets a row that breaks a "
                                  "FOREIGN KEY ... ON DELETE (UPDATE) SET NULL into the child "
                                  "when the statement codes a trigger whose body DELETEs from "
                                  "(UPDATEs) the parent before the row's check (even WHERE 0; "
                                  "PRAGMA foreign_key_check then reports it), or an INSERT or "
                                  "UPDATE of an ON DELETE SET NULL parent that an OR REPLACE "
                                  "makes a REPLACE (the firing statement's overrides the step's "
                                  "own: fuzz seed 62000242), also a trigger on the parent "
                                  "itself whose body then inserts the child; no trigger writes "
                                  "an ON DELETE SET NULL parent or updates an ON UPDATE one",
    "sqlite_strict_generated": "NOT A ROWANDB BUG: SQLite 3.54 computes a generated column "
                               "before NOT NULL is checked, and may compute `c0 IN (...)` "
                               "as if the PRIMARY KEY column c0 of a STRICT table could "
                               "not be NULL: INSERT of a NULL key then fails on the "
                               "generated column's datatype (REAL 0.0 in a BLOB column) "
                               "rather than on NOT NULL; a STRICT table's generated "
                               "columns are declared ANY",
    "sqlite_using_error_cte": "with a RIGHT or FULL JOIN in the FROM clause, a USING (or "
                              "NATURAL) column two items to its left have is SQLite's "
                              "'ambiguous reference to c0 in USING()' -- but when a "
                              "subquery of the statement reads a common table, SQLite "
                              "reports 'no such table: w' instead (it goes on past the "
                              "first error, its WITH no longer in scope), which RowanDB "
                              "matches, as it matches since branch errorder5 a missing "
                              "table in a RIGHT JOIN's ON subquery before a NATURAL LEFT "
                              "JOIN whose statement holds (a, b) IN ((1, 2), ...), the "
                              "VALUES SQLite's walk stops at (fuzz 81000526); steered "
                              "until the fixed-seed cases run clean without it; USING and "
                              "NATURAL joins name only columns one item to their left has",
    "sqlite_json_subtype_generated": "NOT A ROWANDB BUG: SQLite 3.54.1 indexes a generated "
                                     "column json_quote(c0) as computed from an input still "
                                     "marked JSON after UPDATE t SET c0 = c1, so its own "
                                     "integrity_check finds the index broken; generated "
                                     "columns do not call json_quote",
    "sqlite_natural_nested_tvf": "NOT A ROWANDB BUG: SQLite 3.54.1 gives a NATURAL LEFT JOIN "
                                 "of a parenthesised join, with no column in common, "
                                 "no match when a parenthesised join of json_each or "
                                 "json_tree comes before it after another FROM item "
                                 "(`z, (json_each('[1]') AS a JOIN json_each('[2]') AS b "
                                 "ON 1) NATURAL LEFT JOIN (t FULL JOIN x ON 0)` has x.q "
                                 "NULL there, 7 and 8 with ON 1 in its place; lead fuzz "
                                 "85400223); such a NATURAL join is written as a comma",
    "sqlite_not_null_in": "NOT A ROWANDB BUG: SQLite 3.54 computes x IN (...) over a NOT "
                          "NULL column x as if x could not be NULL, so in a BEFORE trigger "
                          "NEW's generated column c1 AS (c0 IN (1, 2)) reads 0 for a row "
                          "whose c0 is NULL (refused by NOT NULL only after the trigger); "
                          "BEFORE triggers read no generated column of NEW",
    "sqlite_nested_from_dotted_name": "NOT A ROWANDB BUG: SQLite 3.54.1 parses an UPDATE "
                                      "... FROM of two or more items as one nested FROM "
                                      "(parse.y, SF_NestedFrom), whose columns it names "
                                      "'item.column' and matches as 'db.table.column': "
                                      "an item whose name holds a dot is then no such "
                                      "column, qualified or not (`UPDATE t1 SET a = NULL "
                                      "FROM u AS \"a.b\", u AS v WHERE \"a.b\".x` fails "
                                      "'no such column: a.b.x', with one FROM item it "
                                      "runs; fuzz seed 88000050); with an UPDATE ... FROM "
                                      "in the case, feature names gives no FROM item a "
                                      "name holding a dot",
    "sqlite_rename_wr_integer_key": "NOT A ROWANDB BUG: SQLite 3.54.1 cannot RENAME COLUMN "
                                    "a WITHOUT ROWID table's PRIMARY KEY column declared "
                                    "INTEGER that a UNIQUE constraint names too ('error in "
                                    "table t0 after rename: no such column: c0', the table "
                                    "unchanged; fuzz seeds 73100197, 73100236, 73100298); "
                                    "the alter generator renames no such column",
    "sqlite_rename_temp_shadow": "NOT A ROWANDB BUG: once a TEMP table has the name of a main "
                                 "table (a RENAME TO of either, which SQLite takes), SQLite's "
                                 "check after a RENAME or DROP COLUMN of main reads main's "
                                 "indexes and triggers on that name against the TEMP table "
                                 "('error in index i1_1: no such column: c1'; fuzz 77000435), "
                                 "where loading the schema reads them against main's; "
                                 "the alter generator renames no table to a name the other "
                                 "schema has",
    "sqlite_like_schema_unloadable": "NOT A ROWANDB BUG: after PRAGMA case_sensitive_like "
                                     "like() is no longer deterministic, so SQLite 3.54.1 "
                                     "refuses an ADD COLUMN whose schema holds a LIKE in an "
                                     "index or generated column ('error in index i after "
                                     "add column: non-deterministic functions prohibited "
                                     "in partial index WHERE clauses', as RowanDB does) and "
                                     "then cannot load its schema: every later statement "
                                     "reading it fails 'malformed database schema (i)' "
                                     "(CorruptError); so does a RENAME TO that fails over "
                                     "a TEMP index (fuzz 69000059, fixed-seed cases 158, "
                                     "390), and a TEMP table's DROP COLUMN that fails "
                                     "after its edit ('error in table t7 after drop "
                                     "column: ...', fuzz 101000103). RowanDB models that "
                                     "reading since branch oddsleft "
                                     "(sql/schema_unloadable.py); after the PRAGMA the alter "
                                     "generator renames no table, adds no column and "
                                     "drops none, nor edits a constraint (feature "
                                     "alter_forms), and gen_control writes no VACUUM "
                                     "(which reloads the schema: fixed-seed case 78 "
                                     "with feature maintenance) and no ANALYZE (a "
                                     "ROLLBACK of the ANALYZE that created sqlite_stat1 "
                                     "reloads it: fuzz 110200048); no PRAGMA "
                                     "case_sensitive_like follows an ANALYZE (the "
                                     "same, fixed-seed case 74); no PRAGMA "
                                     "case_sensitive_like follows an ALTER of the steps, "
                                     "which a ROLLBACK after the PRAGMA would undo, "
                                     "reloading the schema (fuzz 75000868: 'database "
                                     "disk image is malformed')",
    "sqlite_vacuum_temp_shadow": "NOT A ROWANDB BUG: after a RENAME TO gives a TEMP "
                                 "table the name of a table of main (or a table of "
                                 "main a TEMP one's), SQLite 3.54.1's VACUUM remakes "
                                 "main's indexes on that table from their CREATE INDEX "
                                 "texts, which now find the TEMP table: the index moves "
                                 "into temp, onto the TEMP table (fuzz 119400051); "
                                 "gen_control writes no VACUUM after such a rename",
    "sqlite_rename_later_upserts": "NOT A ROWANDB BUG: SQLite 3.54's RENAME COLUMN renames "
                                   "the names of a trigger step's first ON CONFLICT clause "
                                   "only (renameResolveTrigger knows pStep->pUpsert alone), "
                                   "leaving a later clause naming a column that is gone; "
                                   "RowanDB renames every clause (docs/SQL.md). With alter, "
                                   "gen_trigger writes one ON CONFLICT clause per step",
    "sqlite_rename_vector_set": "NOT A ROWANDB BUG: SQLite 3.54's RENAME TO and RENAME "
                                "COLUMN leave the names inside a one-column vector "
                                "assignment of a trigger step (UPDATE t SET (a) = (t.b), "
                                "a DO UPDATE's too) unrenamed, and then fail their own "
                                "check ('error in trigger tw after rename: no such "
                                "column: t.b', fuzz 80200054); RowanDB renames. With "
                                "alter, gen_trigger's upsert steps write SET a = x",
}

# Text that shows a known bug, for the reducer (reduce.py): shrinking never produces a
# statement that matches one of these unless the original did, so a reduction cannot
# wander from the bug it started from into one already known.
BUG_PATTERNS: dict[str, str] = {
}


@dataclass(frozen=True)
class Config:
    """The generator's switches for one run."""

    features: frozenset = DEFAULT_FEATURES
    steered: frozenset = field(default_factory=lambda: frozenset(KNOWN_BUGS))

    def has(self, feature: str) -> bool:
        assert feature in OPTIONAL_FEATURES, feature
        return feature in self.features

    def steer(self, bug: str) -> bool:
        """True while the generators must avoid the area of known bug ``bug``."""
        assert bug in KNOWN_BUGS, f"{bug} is not in KNOWN_BUGS: remove its steer"
        return bug in self.steered


def make_config(enable=(), disable=(), steer: bool = True, unsteer=()) -> Config:
    """A Config with features switched on/off by name (unknown names are an error);
    without ``steer`` no known bug is steered around, and the bugs named in ``unsteer``
    are not (to check one at a time which remain)."""
    unknown = (set(enable) | set(disable)) - set(OPTIONAL_FEATURES)
    if unknown:
        raise ValueError(f"unknown feature(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(OPTIONAL_FEATURES))}")
    unknown = set(unsteer) - set(KNOWN_BUGS)
    if unknown:
        raise ValueError(f"unknown known bug(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(KNOWN_BUGS)}")
    features = (DEFAULT_FEATURES | frozenset(enable)) - frozenset(disable)
    steered = frozenset(KNOWN_BUGS) - frozenset(unsteer) if steer else frozenset()
    return Config(features, steered)
