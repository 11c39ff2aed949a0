"""README.md's lists of what works, what differs and what is refused, held to docs/SQL.md's
reference table (whose examples ``test_sql_reference.py`` runs against SQLite).

- The "differs" and "refused" lists between ``<!-- generated lists -->`` and ``<!-- end of
  generated lists -->`` are generated from the table's rows (and from SQL.md's table of
  absent functions); a stale copy fails, and ``ROWANDB_UPDATE_DOCS=1`` rewrites it.
- "What works today" is prose. ``CLAIMS`` ties its phrases to the table's features: each
  phrase must be in the section, each feature it claims must be **supported**, and every
  supported feature must be claimed by some phrase (or be in ``NOT_CLAIMED``, with why).
  So a feature that lands and flips its row to supported fails here until the README says
  it works, and a phrase claiming a refused feature fails at once.
- The pragmas the section names as built, or as refused, have that status in the table;
  the SYS_* tables it names are the dictionary's; the dependencies it counts are
  pyproject's. Its Documentation list names every page of docs/, and every relative link
  of README.md and docs/*.md leads to a file. Where the corpus is looked for, and the
  variables that move it or require it, are the code's and CI's.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from rowandb.catalog import dictionary
from test_sql_reference import reference_table

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
SQL_DOC = REPO / "docs" / "SQL.md"
BEGIN, END = "<!-- generated lists -->\n", "<!-- end of generated lists -->\n"
ROWS = reference_table()
NUMBERS = "none one two three four five six seven eight nine ten".split()
STATUS = {feature: status for feature, status, _, _ in ROWS}

#: phrase of README's "What works today" -> the reference table's features it claims work.
CLAIMS = {
    "RENAME TO (indexes, foreign keys, views, triggers and sqlite_sequence follow the table)":
        ("ALTER TABLE ... RENAME TO",),
    "RENAME COLUMN (the table's text": ("ALTER TABLE ... RENAME COLUMN",),
    "ALTER TABLE ADD COLUMN (SQLite's restrictions": ("ALTER TABLE ... ADD COLUMN",),
    "DROP COLUMN (SQLite's refusals": ("ALTER TABLE ... DROP COLUMN",),
    "`ALTER COLUMN a SET/DROP NOT NULL`": ("ALTER TABLE ... ALTER COLUMN ... SET/DROP NOT NULL",),
    "`ADD [CONSTRAINT name] CHECK (expr)`": ("ALTER TABLE ... ADD CONSTRAINT ... CHECK",),
    "`DROP CONSTRAINT name`": ("ALTER TABLE ... DROP CONSTRAINT",),
    "Every form works on a TEMP table as well":
        ("ALTER TABLE ... ADD COLUMN / RENAME TO of a TEMP table",
         "ALTER TABLE ... RENAME COLUMN / DROP COLUMN / ALTER COLUMN / ADD or DROP CONSTRAINT "
         "of a TEMP table"),
    "`ANALYZE [table | index]` fills `sqlite_stat1`": ("ANALYZE", "ANALYZE table or index"),
    "`ANALYZE temp` and ANALYZE of a TEMP table fill `temp.sqlite_stat1`":
        ("ANALYZE temp", "ANALYZE of a TEMP table"),
    "transactions (`BEGIN [DEFERRED | IMMEDIATE | EXCLUSIVE]`, `COMMIT` / `END`, `ROLLBACK`)":
        ("BEGIN [DEFERRED]", "BEGIN IMMEDIATE / EXCLUSIVE", "COMMIT / END", "ROLLBACK"),
    "savepoints (`SAVEPOINT`, `RELEASE`, `ROLLBACK TO`)":
        ("SAVEPOINT / RELEASE", "ROLLBACK TO SAVEPOINT"),
    "CREATE/DROP TABLE (declared types": ("CREATE TABLE", "DROP TABLE"),
    "COLLATE, CHECK, in any order as SQLite reads them, IF [NOT] EXISTS)":
        ("CREATE TABLE IF NOT EXISTS",),
    "`ON CONFLICT` clauses on NOT NULL, PRIMARY KEY, UNIQUE and CHECK constraints":
        ("ON CONFLICT clauses on constraints",),
    "STRICT tables (the standard datatypes only": ("CREATE TABLE ... STRICT",),
    "AUTOINCREMENT (rowids never reused": ("CREATE TABLE ... AUTOINCREMENT",),
    "`CREATE TABLE ... AS SELECT` (SQLite's generated CREATE text": ("CREATE TABLE ... AS SELECT",),
    "WITHOUT ROWID tables (rows in PRIMARY KEY order": ("CREATE TABLE ... WITHOUT ROWID",),
    "Generated columns: `[GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]`": ("generated columns",),
    "TEMP tables (`CREATE TEMP TABLE`, also `... AS SELECT`: in the connection's memory":
        ("CREATE TEMP TABLE",),
    "foreign keys among temp tables": ("CREATE TEMP TABLE ... FOREIGN KEY",),
    "CREATE [UNIQUE]/DROP INDEX": ("CREATE INDEX", "CREATE UNIQUE INDEX", "DROP INDEX"),
    "partial indexes, `... WHERE expr`": ("partial indexes",),
    "indexes on expressions, with SQLite's restrictions": ("indexes on expressions",),
    "views (`CREATE [TEMP] VIEW [IF NOT EXISTS] v [(cols)] AS select`, `DROP VIEW [IF EXISTS]`":
        ("CREATE VIEW", "CREATE TEMP VIEW", "DROP VIEW"),
    "triggers (`CREATE [TEMP] TRIGGER [IF NOT EXISTS] name BEFORE|AFTER|INSTEAD OF":
        ("CREATE TRIGGER", "CREATE TEMP TRIGGER"),
    "`DROP TRIGGER [IF EXISTS]`": ("DROP TRIGGER",),
    "`RAISE(IGNORE | ABORT | FAIL | ROLLBACK, ...)`": ("RAISE()",),
    "INSERT (VALUES, SELECT, DEFAULT VALUES, OR REPLACE/IGNORE/ABORT/FAIL/ROLLBACK, REPLACE, "
    "RETURNING, UPSERT": ("INSERT ... VALUES", "INSERT ... SELECT", "INSERT ... DEFAULT VALUES",
                          "INSERT OR REPLACE / IGNORE / ABORT / FAIL / ROLLBACK", "REPLACE",
                          "upsert (ON CONFLICT DO)"),
    "UPDATE (also `UPDATE OR ...`, `SET (a, b) = (x, y)`, `= (SELECT ...)` and `UPDATE ... FROM`)":
        ("UPDATE", "UPDATE OR ...", "UPDATE SET (a, b) = (...)", "UPDATE SET (a, b) = (SELECT ...)",
         "UPDATE ... FROM"),
    "DELETE, SELECT with joins (inner, LEFT, RIGHT, FULL, CROSS, USING, NATURAL":
        ("DELETE", "SELECT", "inner join, ON, USING", "LEFT [OUTER] JOIN", "RIGHT [OUTER] JOIN",
         "FULL [OUTER] JOIN", "CROSS JOIN, comma", "NATURAL JOIN"),
    "NATURAL, a table in parentheses;": ("a table in parentheses in FROM",),
    "`INDEXED BY` / `NOT INDEXED`": ("INDEXED BY / NOT INDEXED",),
    "WHERE, GROUP BY / HAVING": ("GROUP BY / HAVING",),
    "aggregates (with DISTINCT, `FILTER (WHERE ...)` and ORDER BY inside the arguments":
        ("aggregate DISTINCT, ORDER BY, FILTER",),
    "ORDER BY (COLLATE, NULLS FIRST/LAST), LIMIT/OFFSET, DISTINCT, compound SELECTs, VALUES (also "
    "in FROM and `IN (VALUES ...)`)": ("ORDER BY ... NULLS FIRST / LAST", "LIMIT / OFFSET",
                                      "SELECT DISTINCT / ALL", "compound SELECT", "VALUES",
                                      "VALUES in FROM", "IN (VALUES ...)"),
    "row values (`(a, b) < (1, 2)`": ("row values",),
    "subqueries (scalar, IN, EXISTS, correlated, in FROM; `x IN table`)":
        ("subqueries (scalar, IN, EXISTS, correlated, in FROM)", "IN table"),
    "common table expressions (`WITH [RECURSIVE]": ("WITH (common table expressions)",
                                                     "WITH RECURSIVE"),
    "window functions (`row_number`": ("window functions",),
    "CASE, CAST, COLLATE, LIKE / GLOB with ESCAPE, BETWEEN, IN, IS [NOT] DISTINCT FROM, REGEXP":
        ("CASE", "CAST", "COLLATE", "LIKE / GLOB / ESCAPE", "BETWEEN, IN, IS [NOT] DISTINCT FROM",
         "REGEXP / MATCH"),
    "parameters (`?`, `?NNN`, `:name`, `@name`, `$name`, `#name`)":
        ("parameters (?, ?NNN, :name, @name, $name, #name)",),
    "`json_extract`, `->`, `->>`": ("-> and ->>",),
    "`sqlite_schema`, and PRAGMAs": ("sqlite_schema", "PRAGMA"),
    "table-valued functions in FROM": ("table-valued functions",),
    "REINDEX (every form": ("REINDEX",),
    "`VACUUM` rewrites every table and index file": ("VACUUM",),
}

#: supported rows the README rightly does not list as working, and why.
NOT_CLAIMED = {
    "DELETE ... ORDER BY / LIMIT": "a syntax error in both, as in SQLite's default build",
    "UPDATE ... ORDER BY / LIMIT": "a syntax error in both, as in SQLite's default build",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


def _bullets(rows) -> list[str]:
    return [f"- {feature}" + (f": {notes}" if notes else "") for feature, _, _, notes in rows]


def _absent_functions() -> list[str]:
    """SQL.md's absent functions, an extension's all named by the extension."""
    part = SQL_DOC.read_text(encoding="utf-8").split("## SQLite's functions RowanDB does not have")[1]
    extensions, others = [], []
    for name, why in re.findall(r"^\| `([^`]+)` \| [^|]+ \| ([^|]+?) \|$", part, re.M):
        family = re.match(r"(\S+) extension:", why)
        if family and family.group(1) not in extensions:
            extensions.append(family.group(1))
        elif not family:
            others.append(f"`{name}` ({why})")
    return [f"- the functions of SQLite's {', '.join(sorted(extensions))} extensions"
            " (no virtual tables); " + ", ".join(others)]


def generated_lists() -> str:
    """The README's lists of differing and refused features, from docs/SQL.md."""
    statements = [row for row in ROWS if not row[0].startswith("PRAGMA ")]
    pragmas = [row for row in ROWS if row[0].startswith("PRAGMA ") and row[0] != "PRAGMA"]

    def names(status):
        return ", ".join(f"`{row[0].removeprefix('PRAGMA ')}`" for row in pragmas if row[1] == status)

    differs = _bullets(row for row in statements if row[1] == "differs")
    refused = _bullets(row for row in statements if row[1] == "refused")
    return "\n".join([
        BEGIN + "Runs, and differs from SQLite on purpose (generated from the reference table of",
        "[docs/SQL.md](docs/SQL.md) by `tests/test_docs_readme.py`):", "", *differs,
        f"- PRAGMA {names('differs')} ([docs/PRAGMAS.md](docs/PRAGMAS.md))", "",
        "Refused with `NotSupportedError` naming the feature (not built yet, or without a meaning",
        "in RowanDB):", "", *refused, *_absent_functions(),
        f"- PRAGMA {names('refused')}", END])


def test_the_generated_lists_are_current():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    expected = generated_lists()
    if os.environ.get("ROWANDB_UPDATE_DOCS") and text[start:end] != expected:
        README.write_text(text[:start] + expected + text[end:], encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    assert text[start:end] == expected, \
        "README.md's lists are stale: ROWANDB_UPDATE_DOCS=1 pytest tests/test_docs_readme.py"


def works_section() -> str:
    return _flat(_section(README.read_text(encoding="utf-8"), "## What works today", BEGIN))


def test_every_claim_is_made_in_what_works():
    section = works_section()
    missing = [phrase for phrase in CLAIMS if _flat(phrase) not in section]
    assert missing == []


def test_every_claimed_feature_is_a_supported_row():
    wrong = {feature: STATUS.get(feature, "not in docs/SQL.md") for features in CLAIMS.values()
             for feature in features if STATUS.get(feature) != "supported"}
    assert wrong == {}


def test_every_supported_feature_is_claimed():
    claimed = {feature for features in CLAIMS.values() for feature in features}
    unclaimed = [feature for feature, status in STATUS.items() if status == "supported"
                 and not feature.startswith("PRAGMA ") and feature not in claimed | set(NOT_CLAIMED)]
    assert unclaimed == [], "docs/SQL.md says these work; README.md's What works does not"
    assert all(STATUS.get(feature) == "supported" for feature in NOT_CLAIMED)


def test_the_pragmas_named_have_their_status():
    section = works_section()
    sentence = _section(section, "and PRAGMAs:", "docs/PRAGMAS.md")
    built, refused = sentence.split("or refused with")
    built_names = re.findall(r"`(\w+)`", built)
    refused_names = re.findall(r"`(\w+)`", refused.split("(", 1)[1])
    assert len(built_names) >= 5 and len(refused_names) >= 2
    assert {name: STATUS.get(f"PRAGMA {name}") for name in built_names} == \
        dict.fromkeys(built_names, "supported")
    assert {name: STATUS.get(f"PRAGMA {name}") for name in refused_names} == \
        dict.fromkeys(refused_names, "refused")
    differing = sum(status == "differs" for feature, status in STATUS.items()
                    if feature.startswith("PRAGMA "))
    assert f"({NUMBERS[differing]} answer otherwise on purpose, listed below)" in built


def test_the_dictionary_tables_named_are_the_dictionary_s():
    section = works_section()
    named = _section(section, "The data dictionary (", ")")
    assert set(re.findall(r"SYS_\w+", named)) == {name for name, *_ in dictionary._SYS_LAYOUT}


def test_the_dependencies_counted_are_pyproject_s():
    text = _flat(README.read_text(encoding="utf-8"))
    word = re.search(r"it brings its (\w+) dependencies", text).group(1)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert NUMBERS.index(word) == len(project["dependencies"])


def test_the_documentation_list_names_every_page():
    listed = README.read_text(encoding="utf-8").split("## Documentation")[1].split("\n## ")[0]
    assert [page.name for page in sorted((REPO / "docs").glob("*.md"))
            if f"(docs/{page.name})" not in listed] == []


def test_every_relative_link_leads_to_a_file():
    broken = []
    for page in [README, *sorted((REPO / "docs").glob("*.md"))]:
        for link in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            path = link.split("#")[0]
            if path and not re.match(r"\w+:", link) and not (page.parent / path).exists():
                broken.append(f"{page.name}: {link}")
    assert broken == []


def test_the_corpus_setup_it_describes_is_the_code_s():
    from compat_corpus import REQUIRE
    from rowandb.compat import corpus
    text = _flat(README.read_text(encoding="utf-8"))
    assert f"look for it in `{corpus.CORPUS_RELATIVE}` beside the checkout" in text
    assert f"`{corpus.ENV_CORPUS_DIR}=/path/to/sqllogictest make test`" in text
    assert f"sets `{REQUIRE}=1`" in text
    assert f"{REQUIRE}=1 make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
