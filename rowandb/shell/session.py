"""One shell session: runs SQL and dot-commands against a DB-API connection.

:class:`Shell` owns the settings (output mode, headers, timer...), turns input lines into
statements with :class:`~rowandb.shell.scanner.StatementScanner`, executes each one with
``connection.execute`` and prints the result through :mod:`rowandb.shell.render`. Errors
become one line on stderr (``Error: no such table: t``, in scripts ``Error: near line 3:
...``) and are remembered so that a non-interactive run can exit with status 1.
It knows nothing about argv or terminals; ``rowandb/cli.py`` wires those up. The
dot-commands themselves are ``rowandb/shell/commands.py``'s, which this class inherits.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from rowandb.shell import render
from rowandb.shell.commands import BailOut, DotCommands, ExitShell
from rowandb.shell.dotcommands import DotCommandError, parse_dot_command
from rowandb.shell.scanner import StatementScanner, split_statements

PROMPT = "rowandb> "
CONTINUATION_PROMPT = "   ...> "
_POSITION = re.compile(r" \(line \d+, column \d+\)$")


@dataclass
class Settings:
    """What the dot-commands change."""

    mode: str = "table"
    timer: bool = False
    bail: bool = False
    echo: bool = False
    changes: bool = False
    eqp: str = "off"  # off, on or full
    display: render.RenderOptions = field(default_factory=render.RenderOptions)


class Shell(DotCommands):
    """Executes SQL and dot-commands and prints their results and errors.

    ``connect(database, isolation_level=None)`` opens databases for :meth:`open_database`
    and ``.open``; ``interactive`` says whether a person is typing (``.shell`` runs only
    then).
    """

    def __init__(self, connection: Any, out: TextIO, err: TextIO, *,
                 error_types: tuple[type[BaseException], ...] = (),
                 settings: Settings | None = None, connect: Callable[..., Any] | None = None,
                 database: str = ":memory:", interactive: bool = False) -> None:
        self.connection = connection
        self.stdout = out
        self.out = out  # where results go now: stdout, or a file named by .output/.once
        self.err = err
        self.error_types = error_types
        self.settings = settings or Settings()
        self.connect = connect
        self.database = database
        self.interactive_session = interactive
        self.error_count = 0
        self._script_depth = 0  # >0 while running stdin, a .read file or argv commands
        self._once = False  # the output file is .once's: back to stdout after one statement

    # -- input ---------------------------------------------------------------------------

    def run_script(self, lines: Iterable[str]) -> None:
        """Run SQL and dot-command lines to the end, as for piped stdin or ``.read``.

        SQL errors name the line their statement starts on.
        """
        scanner = StatementScanner()
        self._script_depth += 1
        try:
            for number, line in enumerate(lines, start=1):
                self.feed_line(scanner, line, number)
            pending = scanner.flush()
            if pending is not None:
                self.run_sql(pending.sql, pending.line)
        finally:
            self._script_depth -= 1

    def run_argument(self, text: str) -> None:
        """Run one command-line argument: a dot-command, or any number of SQL statements."""
        self._script_depth += 1
        try:
            if text.lstrip().startswith("."):
                self.run_dot(text)
                return
            for statement in split_statements(text):
                self.run_sql(statement.sql)
        finally:
            self._script_depth -= 1

    def interactive(self, read_line: Callable[[str], str]) -> None:
        """Prompt, read and run until end of input or ``.quit``.

        ``read_line(prompt)`` returns a line without its newline, raises EOFError at the
        end (Ctrl-D) and KeyboardInterrupt on Ctrl-C, which drops the pending input.
        """
        scanner = StatementScanner()
        while True:
            prompt = PROMPT if scanner.blank else CONTINUATION_PROMPT
            try:
                line = read_line(prompt)
            except EOFError:
                self.out.write("\n")
                break
            except KeyboardInterrupt:
                self.out.write("\n")
                scanner.reset()
                continue
            try:
                self.feed_line(scanner, line + "\n", None)
            except KeyboardInterrupt:
                self.report("interrupted")
                scanner.reset()
            except BailOut:
                pass
        pending = scanner.flush()
        if pending is not None:
            self.run_sql(pending.sql)

    def feed_line(self, scanner: StatementScanner, line: str, number: int | None) -> None:
        """Take one input line: a dot-command if no statement is pending, else SQL."""
        if scanner.blank:
            scanner.reset(number)
            if line.lstrip().startswith("."):
                self.run_dot(line)
                return
        if self.settings.echo and line.strip():
            self.out.write(line if line.endswith("\n") else line + "\n")
        if line.endswith("\r\n"):
            line = line[:-2] + "\n"  # a CRLF script reads like an LF one, as in sqlite3
        for statement in scanner.feed(line):
            self.run_sql(statement.sql, statement.line if number is not None else None)

    # -- SQL -----------------------------------------------------------------------------

    def run_sql(self, sql: str, line: int | None = None) -> bool:
        """Execute one statement and print its rows; report failure as an error line."""
        if self.settings.eqp != "off" and not _is_explain(sql):
            self.print_plan(sql)
        clock = _Clock() if self.settings.timer else None
        ok = True
        try:
            names, rows = self._execute(sql)
        except Exception as exc:  # noqa: BLE001 - the shell must survive any failure
            self.report(self._describe(exc), line)
            ok = False
        else:
            if names == list(render.PLAN_COLUMNS) and _is_query_plan(sql):
                self.out.write(render.plan_tree(rows))
            elif names is not None:
                render.render(self.settings.mode, names, rows, self.out, self.settings.display)
            if self.settings.changes:
                self.print_changes()
        if clock is not None:
            self.out.write(clock.report() + "\n")
        self.end_once()
        if not ok:
            self._after_error()
        return ok

    def print_plan(self, sql: str) -> None:
        """``.eqp on``: the statement's query plan as a tree; ``full`` adds EXPLAIN's rows.
        A statement without a plan (or that does not parse) prints nothing here."""
        with contextlib.suppress(Exception):
            names, rows = self._execute(f"EXPLAIN QUERY PLAN {sql}")
            if names == list(render.PLAN_COLUMNS) and rows:
                self.out.write(render.plan_tree(rows))
            if self.settings.eqp == "full":
                names, rows = self._execute(f"EXPLAIN {sql}")
                if names:
                    render.render("list", names, rows, self.out, render.RenderOptions())

    def print_changes(self) -> None:
        """``.changes on``: rows changed by the last statement and since the start."""
        with contextlib.suppress(Exception):
            (changed, total), = self._execute("SELECT changes(), total_changes()")[1]
            self.out.write(f"changes: {changed}   total_changes: {total}\n")

    def _execute(self, sql: str) -> tuple[list[str] | None, list[tuple]]:
        cursor = self.connection.execute(sql)
        try:
            description = cursor.description
            if not description:
                return None, []
            return [str(column[0]) for column in description], cursor.fetchall()
        finally:
            close = getattr(cursor, "close", None)
            if close is not None:
                close()

    def _describe(self, exc: Exception) -> str:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        message = lines[0].strip() if lines else type(exc).__name__
        if isinstance(exc, self.error_types):
            return _without_position(message, exc)
        return f"internal error: {type(exc).__name__}: {message}"

    def query(self, sql: str) -> list[tuple] | None:
        """Rows of a shell-internal query, or None after reporting its error."""
        try:
            return self._execute(sql)[1]
        except Exception as exc:  # noqa: BLE001
            self.report(self._describe(exc))
            return None

    # -- errors --------------------------------------------------------------------------

    def report(self, message: str, line: int | None = None) -> None:
        """Print ``Error: message`` on stderr and remember that something failed."""
        where = f"near line {line}: " if line is not None else ""
        self.err.write(f"Error: {where}{message}\n")
        self.err.flush()
        self.error_count += 1

    @property
    def failed(self) -> bool:
        """Did any statement or command fail so far?"""
        return self.error_count > 0

    def _after_error(self) -> None:
        if self.settings.bail and self._script_depth > 0:
            raise BailOut()

    # -- dot-commands --------------------------------------------------------------------

    def run_dot(self, line: str) -> bool:
        """Parse and run one dot-command line; report it if it is invalid or fails."""
        errors_before = self.error_count
        if self.settings.echo:
            self.out.write(line if line.endswith("\n") else line + "\n")
        once = self.out if self._once else None  # this command's output goes to .once's file
        try:
            command = parse_dot_command(line)
            handler = getattr(self, f"_dot_{command.name}")
            handler(command)
        except DotCommandError as exc:
            self.report(str(exc))
        except (ExitShell, BailOut):
            raise
        except Exception as exc:  # noqa: BLE001 - a failing command must not end the shell
            self.report(self._describe(exc))
        finally:
            if once is not None and self.out is once:  # (unless it redirected elsewhere)
                self.end_once()
        if self.error_count > errors_before:
            self._after_error()
            return False
        return True


class _Clock:
    """Real, user and system time since creation, printed as sqlite3's ``.timer`` does."""

    def __init__(self) -> None:
        self._real = time.perf_counter()
        self._times = os.times()

    def report(self) -> str:
        real = time.perf_counter() - self._real
        now = os.times()
        user = now.user - self._times.user
        system = now.system - self._times.system
        return f"Run Time: real {real:.3f} user {user:.6f} sys {system:.6f}"


def _is_query_plan(sql: str) -> bool:
    words = sql.split(None, 3)
    return [w.upper() for w in words[:3]] == ["EXPLAIN", "QUERY", "PLAN"]


def _is_explain(sql: str) -> bool:
    words = sql.split(None, 1)
    return bool(words) and words[0].upper() == "EXPLAIN"


def _without_position(message: str, exc: Exception) -> str:
    """RowanDB adds ``(line 2, column 5)`` to syntax errors; the shell names the line
    itself, as sqlite3 does, so the suffix goes."""
    if getattr(exc, "line", None) is None:
        return message
    return _POSITION.sub("", message)
