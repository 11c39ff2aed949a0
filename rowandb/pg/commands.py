"""``rowandb dump --dialect postgres DATABASE`` and ``rowandb migrate DATABASE URL``.

``dump`` prints a PostgreSQL script (one transaction: tables, COPY data, sequences,
indexes, foreign keys, views) that ``psql -v ON_ERROR_STOP=1 -f app.sql`` loads;
``--dialect sqlite`` (the default) prints the shell's ``.dump`` instead. ``migrate`` sends
the same steps to a PostgreSQL server through psycopg in one transaction, with a progress
bar when stderr is a terminal, then compares every table's row count on both sides before
it commits. Any failure rolls the transaction back, so the server is left as it was, and
exits with status 1 after one line naming the object that failed.

Objects PostgreSQL cannot take as they are (a view using ``typeof``, a trigger, a column
holding mixed storage classes...) are reported on stderr as warnings, one a line. In a
migration, a view, index or CHECK that sqlglot rewrote but the server still refuses (a
CHECK comparing a text column with a number, ``round(double precision, 2)``...) is rolled
back to a savepoint, reported and left out; the rest of the migration goes on.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from rowandb.pg import script
from rowandb.pg.schema import read_schema

DUMP_USAGE = "Usage: rowandb dump [--dialect sqlite|postgres] DATABASE\n"
MIGRATE_USAGE = "Usage: rowandb migrate DATABASE postgresql://USER@HOST/DBNAME\n"


class MigrationError(Exception):
    """A migration step failed; the message names the step."""


def run_dump(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    dialect, rest = "sqlite", list(args)
    if rest[:1] == ["--dialect"] and len(rest) > 1:
        dialect, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--dialect="):
        dialect, rest = rest[0].split("=", 1)[1], rest[1:]
    if len(rest) != 1 or dialect not in ("sqlite", "postgres"):
        stderr.write(DUMP_USAGE)
        return 1
    try:
        con = _open(rest[0])
    except Exception as error:  # noqa: BLE001 - any failure to open is reported
        stderr.write(f"Error: {error}\n")
        return 1
    try:
        if dialect == "sqlite":
            from rowandb.shell.dump import dump_lines
            stdout.writelines(f"{line}\n" for line in dump_lines(
                lambda sql: (None, con.execute(sql).fetchall())))
        else:
            write_postgres(con, stdout, stderr)
    except Exception as error:  # noqa: BLE001 - reported with the object it concerns
        stderr.write(f"Error: {error}\n")
        return 1
    finally:
        con.close()
    return 0


def write_postgres(con, out: TextIO, stderr: TextIO) -> None:
    """The PostgreSQL script of the database ``con`` on ``out``; warnings on ``stderr``."""
    schema = read_schema(con)
    steps = script.steps(schema)
    _warn(schema.problems, stderr)
    out.write("-- PostgreSQL script written by rowandb dump (docs/MIGRATION.md)\n")
    out.write("BEGIN;\n")
    for step in steps:
        if isinstance(step, script.Copy):
            out.write(f"{step.statement};\n")
            out.writelines(text for _, text in step.blocks(con))
            out.write("\\.\n")
        else:
            out.write(f"{step};\n")
    out.write("COMMIT;\n")


def run_migrate(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    if len(args) != 2:
        stderr.write(MIGRATE_USAGE)
        return 1
    try:
        con = _open(args[0])
    except Exception as error:  # noqa: BLE001
        stderr.write(f"Error: {error}\n")
        return 1
    try:
        counts = migrate(con, args[1], stderr)
    except Exception as error:  # noqa: BLE001 - psycopg's, RowanDB's: reported
        stderr.write(f"Error: {error}\n")
        return 1
    finally:
        con.close()
    stdout.write(f"migrated {len(counts)} tables, {sum(counts.values())} rows "
                 f"from {args[0]}; row counts verified\n")
    return 0


def migrate(con, url: str, stderr: TextIO) -> dict[str, int]:
    """Copy the RowanDB database ``con`` to the PostgreSQL server at ``url`` in one
    transaction; the row count of each table, as verified on the server."""
    try:
        import psycopg
    except ImportError:
        raise MigrationError("rowandb migrate needs psycopg: pip install 'psycopg[binary]'")
    schema = read_schema(con)
    steps = script.steps(schema)
    _warn(schema.problems, stderr)
    try:
        target = psycopg.connect(url)
    except psycopg.Error as error:
        raise MigrationError(f"cannot connect to PostgreSQL: {_message(error)}") from None
    progress = _Progress(stderr, sum(table.rows for table in schema.tables))
    try:
        with target.transaction():
            for step in steps:
                _run_step(target, con, step, progress, stderr)
            progress.done()
            progress.step = "verifying row counts"
            counts = _verify(target, schema)
    except psycopg.Error as error:
        raise MigrationError(f"{progress.step}: {_message(error)}; nothing was "
                             "written (the transaction was rolled back)") from None
    except Exception as error:
        raise MigrationError(f"{progress.step}: {error}; nothing was written "
                             "(the transaction was rolled back)") from None
    finally:
        target.close()
    return counts


def _run_step(target, con, step, progress: "_Progress", stderr: TextIO) -> None:
    import psycopg

    progress.step = _describe(step)
    if isinstance(step, script.Copy):
        with target.cursor() as cursor, cursor.copy(step.statement) as copy:
            for rows, text in step.blocks(con):
                copy.write(text)
                progress.advance(rows)
    elif script.optional(step):
        try:
            with target.transaction():
                target.execute(step)
        except psycopg.Error as error:
            _warn([f"{progress.step}: PostgreSQL refused it ({_message(error)}) (left out)"],
                  stderr)
    else:
        target.execute(step)


def _verify(target, schema) -> dict[str, int]:
    from rowandb.sql.transpile import pg_name

    counts = {}
    for table in schema.tables:
        (count,), = target.execute(f"SELECT count(*) FROM {pg_name(table.name)}").fetchall()
        if count != table.rows:
            raise MigrationError(f"table {table.name}: {table.rows} rows in RowanDB but "
                                 f"{count} in PostgreSQL")
        counts[table.name] = count
    return counts


def _describe(step) -> str:
    if isinstance(step, script.Copy):
        return f"copying table {step.table.name}"
    first = step.splitlines()[0].removesuffix(" (")
    return first if len(first) <= 80 else first[:77] + "..."


def _message(error) -> str:
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag else None
    return primary or str(error).strip().splitlines()[0]


def _warn(problems: list[str], stderr: TextIO) -> None:
    for problem in problems:
        stderr.write(f"warning: {problem}\n")


def _open(database: str):
    import rowandb

    if database != ":memory:" and not Path(database).exists():
        raise FileNotFoundError(f"no such database: {database}")
    return rowandb.connect(database)


class _Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream, self.total, self.rows = stream, total, 0
        self.shown = bool(isatty and isatty())
        self.step, self.last = "connecting", 0.0

    def advance(self, rows: int) -> None:
        self.rows += rows
        now = time.monotonic()
        if self.shown and now - self.last > 0.1:
            self.last = now
            share = self.rows / self.total if self.total else 1.0
            bar = "#" * int(share * self.WIDTH)
            self.stream.write(f"\r[{bar:<{self.WIDTH}}] {self.rows}/{self.total} rows "
                              f"({self.step})\x1b[K")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
