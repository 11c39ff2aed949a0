"""One shell session: runs SQL and dot-commands against a DB-API connection.

:class:`Shell` owns the settings (output mode, headers, timer...), turns input lines into
statements with :class:`~rowandb.shell.scanner.StatementScanner`, executes each one with
``connection.execute`` and prints the result through :mod:`rowandb.shell.render`. Errors
become one line on stderr (``Error: no such table: t``, in scripts ``Error: near line 3:
...``) and are remembered so that a non-interactive run can exit with status 1.
It knows nothing about argv or terminals; ``rowandb/cli.py`` wires those up.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from rowandb.shell import render
from rowandb.shell.dotcommands import DotCommand, DotCommandError, help_text, parse_dot_command
from rowandb.shell.scanner import StatementScanner, split_statements

PROMPT = "rowandb> "
CONTINUATION_PROMPT = "   ...> "
MAX_READ_DEPTH = 16  # .read nesting limit, so a file reading itself cannot recurse forever


class ExitShell(Exception):
    """Raised by ``.quit``/``.exit``; ``code`` None means "the usual status"."""

    def __init__(self, code: int | None = None) -> None:
        super().__init__(code)
        self.code = code


class BailOut(Exception):
    """A script stops at its first error because ``.bail on`` / ``-bail`` is set."""


@dataclass
class Settings:
    """What the dot-commands change."""

    mode: str = "table"
    timer: bool = False
    bail: bool = False
    display: render.RenderOptions = field(default_factory=render.RenderOptions)


class Shell:
    """Executes SQL and dot-commands and prints their results and errors."""

    def __init__(self, connection: Any, out: TextIO, err: TextIO, *,
                 error_types: tuple[type[BaseException], ...] = (),
                 settings: Settings | None = None) -> None:
        self.connection = connection
        self.out = out
        self.err = err
        self.error_types = error_types
        self.settings = settings or Settings()
        self.error_count = 0
        self._script_depth = 0  # >0 while running stdin, a .read file or argv commands

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
        if line.endswith("\r\n"):
            line = line[:-2] + "\n"  # a CRLF script reads like an LF one, as in sqlite3
        for statement in scanner.feed(line):
            self.run_sql(statement.sql, statement.line if number is not None else None)

    # -- SQL -----------------------------------------------------------------------------

    def run_sql(self, sql: str, line: int | None = None) -> bool:
        """Execute one statement and print its rows; report failure as an error line."""
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
        if clock is not None:
            self.out.write(clock.report() + "\n")
        if not ok:
            self._after_error()
        return ok

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
            return message
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
        try:
            command = parse_dot_command(line)
            handler = getattr(self, f"_dot_{command.name}")
            handler(command)
        except DotCommandError as exc:
            self.report(str(exc))
        if self.error_count > errors_before:
            self._after_error()
            return False
        return True

    def _dot_tables(self, command: DotCommand) -> None:
        rows = self.query("SELECT type, name FROM sqlite_schema")
        if rows is None:
            return
        pattern = like_matcher(command.arg)
        names = sorted(name for kind, name in rows
                       if kind in ("table", "view") and not name.lower().startswith("sqlite_")
                       and pattern(name))
        render.render_columns(names, self.out)

    def _dot_schema(self, command: DotCommand) -> None:
        rows = self.query("SELECT name, tbl_name, sql FROM sqlite_schema")
        if rows is None:
            return
        pattern = like_matcher(command.arg)
        for name, table_name, sql in rows:
            if sql is not None and (pattern(name) or pattern(table_name or "")):
                self.out.write(f"{sql};\n")

    def _dot_mode(self, command: DotCommand) -> None:
        if command.arg is None:
            self.out.write(f"current output mode: {self.settings.mode}\n")
        else:
            self.settings.mode = str(command.arg)

    def _dot_headers(self, command: DotCommand) -> None:
        self.settings.display.headers = bool(command.arg)

    def _dot_timer(self, command: DotCommand) -> None:
        self.settings.timer = bool(command.arg)

    def _dot_bail(self, command: DotCommand) -> None:
        self.settings.bail = bool(command.arg)

    def _dot_nullvalue(self, command: DotCommand) -> None:
        self.settings.display.nullvalue = str(command.arg)

    def _dot_separator(self, command: DotCommand) -> None:
        self.settings.display.separator = str(command.arg)

    def _dot_show(self, command: DotCommand) -> None:
        settings, display = self.settings, self.settings.display
        shown = {
            "mode": settings.mode, "headers": _on_off(display.headers),
            "timer": _on_off(settings.timer), "bail": _on_off(settings.bail),
            "nullvalue": _quoted(display.nullvalue), "separator": _quoted(display.separator),
        }
        width = max(len(key) for key in shown)
        for key, value in shown.items():
            self.out.write(f"{key.rjust(width)}: {value}\n")

    def _dot_help(self, command: DotCommand) -> None:
        self.out.write(help_text(None if command.arg is None else str(command.arg)) + "\n")

    def _dot_quit(self, command: DotCommand) -> None:
        raise ExitShell()

    def _dot_exit(self, command: DotCommand) -> None:
        raise ExitShell(None if command.arg is None else int(command.arg))

    def _dot_read(self, command: DotCommand) -> None:
        path = str(command.arg)
        if self._script_depth >= MAX_READ_DEPTH:
            self.report(f'.read nested too deeply: "{path}"')
            return
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as file:
                self.run_script(file)
        except OSError as exc:
            self.report(f'cannot open "{path}": {exc.strerror or exc}')


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


def like_matcher(pattern: Any) -> Callable[[str], bool]:
    """A test for SQL ``LIKE pattern`` (``%``, ``_``, ASCII case folded); None matches all."""
    if pattern is None:
        return lambda name: True
    parts = (".*" if char == "%" else "." if char == "_" else re.escape(char)
             for char in str(pattern))
    regex = re.compile("".join(parts), re.DOTALL | re.IGNORECASE | re.ASCII)
    return lambda name: regex.fullmatch(name) is not None


def _is_query_plan(sql: str) -> bool:
    words = sql.split(None, 3)
    return [w.upper() for w in words[:3]] == ["EXPLAIN", "QUERY", "PLAN"]


def _on_off(flag: bool) -> str:
    return "on" if flag else "off"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + '"'
