"""The way out to PostgreSQL, checked against a real server (tests/pg_server.py).

Generated databases (foreign keys, indexes, views, every storage class, mixed columns) go
through ``rowandb migrate`` and through ``rowandb dump --dialect postgres`` loaded by
``psql``; both sides are then compared cell by cell with types, and the same queries,
transpiled, must answer the same on both sides. The schemas and data of shared
sqllogictest scripts go the same way, and their queries must give SQLite's recorded
answers on PostgreSQL, apart from the documented differences (docs/MIGRATION.md). Bad
input: a refused connection, a failure mid-migration and a value PostgreSQL cannot hold
exit with status 1, a message naming the object, and leave the server as it was.
"""

from __future__ import annotations

import io
import random
import re
import subprocess

import psycopg
import pytest

import rowandb
from rowandb import cli
from rowandb.sql import transpile

from pg_server import compare_tables, pg_value, typed


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# -- generated databases ------------------------------------------------------------------

SCHEMA = [
    "CREATE TABLE author(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,"
    " born INT, rating REAL, photo BLOB, joined TEXT DEFAULT CURRENT_TIMESTAMP)",
    "CREATE TABLE \"Book\"(id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL"
    " REFERENCES author(id) ON DELETE CASCADE, title TEXT, pages INTEGER CHECK (pages > 0),"
    " price NUMERIC, notes)",
    "CREATE TABLE tag(book INTEGER REFERENCES \"Book\", label TEXT, weight DOUBLE,"
    " PRIMARY KEY (book, label)) WITHOUT ROWID",
    "CREATE TABLE loose(k INTEGER PRIMARY KEY, anything, big INTEGER, nums)",
    "CREATE INDEX book_title ON \"Book\"(title DESC)",
    "CREATE UNIQUE INDEX tag_label ON tag(label, book)",
    "CREATE INDEX partial_pages ON \"Book\"(pages) WHERE pages > 100",
    "CREATE VIEW book_counts AS SELECT a.name, count(b.id) AS books, sum(b.pages) AS pages"
    " FROM author a LEFT JOIN \"Book\" b ON b.author_id = a.id GROUP BY a.name",
    "CREATE VIEW long_books AS SELECT title, pages / 100 AS hundreds FROM \"Book\""
    " WHERE pages >= 200",
]
TEXTS = ["", "plain", "tab\there", "line\nbreak", "back\\slash", "crlf\r\n", "ünïcødé ✓",
         "quote's", '"dq"', "  spaced  "]


def _database(tmp_path, *statements: str) -> str:
    """A RowanDB database made by ``statements``; its path."""
    db = str(tmp_path / "app.rowan")
    con = rowandb.connect(db)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return db


def make_database(path: str, seed: int) -> None:
    """A database of SCHEMA with random rows of every storage class."""
    rng = random.Random(seed)
    con = rowandb.connect(path)
    for statement in SCHEMA:
        con.execute(statement)
    for i in range(1, 31):
        con.execute("INSERT INTO author(name, born, rating, photo) VALUES (?, ?, ?, ?)",
                    (f"author {i} {rng.choice(TEXTS)}", rng.choice([None, rng.randint(1800, 2000)]),
                     rng.choice([None, rng.uniform(-5, 5), 1e300, -0.5]),
                     rng.choice([None, b"", bytes(rng.randrange(256) for _ in range(8))])))
    for i in range(1, 121):
        con.execute("INSERT INTO \"Book\" VALUES (?, ?, ?, ?, ?, ?)",
                    (i * 3, rng.randint(1, 30), rng.choice(TEXTS + [None]),
                     rng.choice([None, rng.randint(1, 900)]),
                     rng.choice([None, rng.randint(1, 99), rng.randint(1, 9999) / 100]),
                     rng.choice([None, "note", 7, 2.5, b"\x00\x01"])))
    for book in range(3, 361, 21):
        for label in rng.sample(["a", "b", "c", "d"], 2):
            con.execute("INSERT INTO tag VALUES (?, ?, ?)", (book, label, rng.random()))
    for k in range(1, 41):
        con.execute("INSERT INTO loose VALUES (?, ?, ?, ?)",
                    (k, rng.choice([1, 2.5, "x", None]), rng.choice([2**62, -2**63, 5]),
                     rng.choice([1, 0.25, 2**60])))
    con.commit()
    con.close()


SAME_ANSWERS = [
    "SELECT name, books, pages FROM book_counts ORDER BY name",
    "SELECT title, hundreds FROM long_books ORDER BY title, hundreds",
    "SELECT author_id, count(*), sum(pages), min(title), max(pages) FROM \"Book\""
    " GROUP BY author_id ORDER BY author_id",
    "SELECT id, pages / 7, pages % 7, -pages / 7 FROM \"Book\" ORDER BY id",
    "SELECT id, pages / 0, pages % 0 FROM \"Book\" ORDER BY id",
    "SELECT title, pages FROM \"Book\" ORDER BY pages, id",
    "SELECT title FROM \"Book\" WHERE title LIKE 'PL%' ORDER BY 1",
    "SELECT a.name, b.title FROM author a JOIN \"Book\" b ON a.id = b.author_id"
    " WHERE b.pages BETWEEN 100 AND 300 ORDER BY 1, 2",
    "SELECT coalesce(born, -1), upper(substr(name, 1, 8)), length(name) FROM author"
    " ORDER BY id",
    "SELECT book, label, weight FROM tag WHERE book IN (SELECT id FROM \"Book\""
    " WHERE pages IS NOT NULL) ORDER BY 1, 2",
    "SELECT k, big FROM loose WHERE big > 0 ORDER BY k",
]


def _same_answers(db: str, url: str) -> None:
    con = rowandb.connect(db)
    with psycopg.connect(url) as pg:
        for query in SAME_ANSWERS:
            mine = [tuple(map(typed, row)) for row in con.execute(query).fetchall()]
            theirs = [tuple(typed(pg_value(v)) for v in row)
                      for row in pg.execute(transpile.statement(query)).fetchall()]
            assert mine == theirs, query
    con.close()


# Queries that answer differently, each listed in docs/MIGRATION.md ("Differences"): the
# test keeps the list true.
DOCUMENTED_DIFFERENCES = [
    # a mixed column is text in PostgreSQL: compared as text, where SQLite puts every
    # number before every text
    ("SELECT k FROM loose WHERE anything < '10' ORDER BY k", None),
    # integer overflow: SQLite's + goes on in floating point, PostgreSQL's bigint fails
    ("SELECT big + big FROM loose WHERE big > 0", psycopg.errors.NumericValueOutOfRange),
]


def test_documented_differences_are_real(tmp_path, postgres_url):
    db = str(tmp_path / "app.rowan")
    make_database(db, 1)
    assert _run("migrate", db, postgres_url)[0] == 0
    con = rowandb.connect(db)
    with psycopg.connect(postgres_url, autocommit=True) as pg:
        for query, pg_error in DOCUMENTED_DIFFERENCES:
            mine = [tuple(map(typed, row)) for row in con.execute(query).fetchall()]
            if pg_error:
                with pytest.raises(pg_error):
                    pg.execute(transpile.statement(query))
                continue
            theirs = [tuple(typed(pg_value(v)) for v in row)
                      for row in pg.execute(transpile.statement(query)).fetchall()]
            assert mine != theirs, query


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_migrate_gives_the_same_tables_and_answers(tmp_path, postgres_url, seed):
    db = str(tmp_path / "app.rowan")
    make_database(db, seed)
    status, out, err = _run("migrate", db, postgres_url)
    assert status == 0, err
    assert "row counts verified" in out
    assert compare_tables(db, postgres_url) == 30 + 120 + 36 + 40
    _same_answers(db, postgres_url)
    assert "loose column anything holds" in err       # mixed storage classes: warned


def test_migrated_schema_keeps_keys_identity_and_checks(tmp_path, postgres_url):
    db = str(tmp_path / "app.rowan")
    make_database(db, 4)
    assert _run("migrate", db, postgres_url)[0] == 0
    with psycopg.connect(postgres_url, autocommit=True) as pg:
        # the identity continues past the largest id (and AUTOINCREMENT's counter)
        (new_id, joined), = pg.execute(
            "INSERT INTO author(name) VALUES ('new') RETURNING id, joined")
        assert new_id == 31
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", joined)   # SQLite's text
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            pg.execute('INSERT INTO "book"(author_id) VALUES (999)')
        with pytest.raises(psycopg.errors.CheckViolation):
            pg.execute('INSERT INTO "book"(author_id, pages) VALUES (1, 0)')
        with pytest.raises(psycopg.errors.UniqueViolation):
            pg.execute("INSERT INTO author(name) VALUES ('new')")
        (author,), = pg.execute(
            "SELECT min(author_id) FROM book WHERE author_id NOT IN"
            " (SELECT author_id FROM book JOIN tag ON tag.book = book.id)").fetchall()
        pg.execute("DELETE FROM author WHERE id = %s", (author,))      # ON DELETE CASCADE
        assert pg.execute("SELECT count(*) FROM book WHERE author_id = %s",
                          (author,)).fetchone() == (0,)
        with pytest.raises(psycopg.errors.ForeignKeyViolation):        # tag -> book
            pg.execute("DELETE FROM book WHERE id IN (SELECT book FROM tag)")
        indexes = {name for (name,) in pg.execute("SELECT indexname FROM pg_indexes")}
        assert {"book_title", "tag_label", "partial_pages"} <= indexes
        types = dict(pg.execute("SELECT table_name || '.' || column_name, data_type"
                                " FROM information_schema.columns"
                                " WHERE table_schema = 'public'").fetchall())
    assert types["author.id"] == "bigint" and types["author.rating"] == "double precision"
    assert types["author.photo"] == "bytea" and types["loose.anything"] == "text"
    assert types["loose.nums"] == "numeric"              # integers and reals
    assert types["tag.weight"] == "double precision"


def test_dump_loads_with_psql_into_the_same_database(tmp_path, postgres_url):
    from pgserver._commands import POSTGRES_BIN_PATH

    db = str(tmp_path / "app.rowan")
    make_database(db, 5)
    status, script, err = _run("dump", "--dialect", "postgres", db)
    assert status == 0, err
    assert "COPY author (id, name, born, rating, photo, joined) FROM STDIN;" in script
    loaded = subprocess.run([str(POSTGRES_BIN_PATH / "psql"), "-X", "-q", "-v",
                             "ON_ERROR_STOP=1", "-d", postgres_url],
                            input=script, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert compare_tables(db, postgres_url) == 30 + 120 + 36 + 40
    _same_answers(db, postgres_url)


def test_views_and_checks_postgresql_cannot_take_are_reported(tmp_path, postgres_url):
    db = _database(tmp_path,
                   "CREATE TABLE t(a, b TEXT CHECK (typeof(b) = 'text') COLLATE NOCASE,"
                   " c AS (b || '!'), d AS (typeof(a)))",
                   "INSERT INTO t VALUES (1, 'x'), ('y', 'z')",
                   "CREATE VIEW kinds AS SELECT typeof(a) FROM t",
                   "CREATE VIEW globbed AS SELECT b FROM t WHERE b GLOB 'x*'",
                   "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN SELECT 1; END",
                   "CREATE TABLE loner(x)", "CREATE TABLE follower(p REFERENCES loner)",
                   "CREATE TABLE orphan(p REFERENCES ghost)")
    status, out, err = _run("migrate", db, postgres_url)
    assert status == 0, err
    assert "view kinds: function typeof() has no PostgreSQL counterpart" in err
    assert "view globbed: GLOB has no PostgreSQL counterpart" in err
    assert "CHECK (TYPEOF(b) = 'text')" in err and "trigger t_ai" in err
    assert "t column a holds integer, text values: written as text" in err
    assert "column b COLLATE NOCASE: no PostgreSQL counterpart" in err
    assert "generated column d: function typeof()" in err
    assert "table follower: foreign key to loner, which has no primary key" in err
    assert "table orphan: foreign key to missing table ghost (left out)" in err
    with psycopg.connect(postgres_url) as pg:      # c computed by PostgreSQL, d copied
        assert pg.execute("SELECT a, b, c, d FROM t ORDER BY b").fetchall() == [
            ("1", "x", "x!", "integer"), ("y", "z", "z!", "text")]


# -- bad input: nothing half-written, a clear error, status 1 -----------------------------

def _pg_tables(url: str) -> list[str]:
    with psycopg.connect(url) as pg:
        return sorted(name for (name,) in pg.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))


def test_a_refused_connection_is_a_clear_error(tmp_path):
    db = str(tmp_path / "app.rowan")
    make_database(db, 6)
    status, _, err = _run("migrate", db, "postgresql://nobody@127.0.0.1:1/none")
    assert status == 1
    assert err.splitlines()[-1].startswith("Error: cannot connect to PostgreSQL: ")


def test_a_failure_mid_migration_leaves_the_target_as_it_was(tmp_path, postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as pg:
        pg.execute("CREATE TABLE tag(x int)")          # the third table will collide
    db = str(tmp_path / "app.rowan")
    make_database(db, 7)
    status, _, err = _run("migrate", db, postgres_url)
    assert status == 1
    assert 'Error: CREATE TABLE tag: relation "tag" already exists; nothing was written' in err
    assert _pg_tables(postgres_url) == ["tag"]


def test_text_postgresql_cannot_hold_names_its_row(tmp_path, postgres_url):
    db = _database(tmp_path, "CREATE TABLE t(a TEXT)",
                   "INSERT INTO t VALUES ('ok'), ('nul' || char(0) || 'inside')")
    status, _, err = _run("migrate", db, postgres_url)
    assert status == 1
    assert "copying table t: table t row 2: column a: text 'nul\\x00inside'..." in err
    assert _pg_tables(postgres_url) == []
    status, _, err = _run("dump", "--dialect", "postgres", db)
    assert status == 1 and "table t row 2: column a" in err


def test_a_missing_database_is_refused(tmp_path):
    status, _, err = _run("dump", "--dialect", "postgres", str(tmp_path / "none"))
    assert status == 1 and "no such database" in err
    assert _run("dump", "--dialect", "oracle", "x")[0] == 1


def test_data_violating_a_foreign_key_fails_the_whole_migration(tmp_path, postgres_url):
    db = _database(tmp_path, "PRAGMA foreign_keys = OFF",  # SQLite allows the orphan so
                   "CREATE TABLE parent(id INTEGER PRIMARY KEY)",
                   "CREATE TABLE child(p INTEGER REFERENCES parent)",
                   "INSERT INTO child VALUES (7)")
    status, _, err = _run("migrate", db, postgres_url)
    assert status == 1
    assert ("Error: ALTER TABLE child ADD FOREIGN KEY (p) REFERENCES parent (id): insert or "
            'update on table "child" violates foreign key constraint') in err
    assert _pg_tables(postgres_url) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_a_progress_bar(tmp_path, postgres_url):
    from rowandb.pg import commands

    db = str(tmp_path / "app.rowan")
    make_database(db, 8)
    stderr = _Terminal()
    con = rowandb.connect(db)
    assert commands.migrate(con, postgres_url, stderr) == {
        "author": 30, "Book": 120, "tag": 36, "loose": 40}
    assert "] 30/226 rows (copying table author)" in stderr.getvalue()
    assert stderr.getvalue().endswith("\r\x1b[K")     # the bar is wiped at the end


def test_dump_without_a_dialect_is_the_shells_dump(tmp_path):
    db = str(tmp_path / "app.rowan")
    make_database(db, 9)
    status, script, _ = _run("dump", db)
    assert status == 0
    assert script == _run(db, ".dump")[1]
    assert script.startswith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE author")
