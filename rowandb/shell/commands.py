"""What each dot-command does: the ``_dot_<name>`` methods of the shell.

:class:`DotCommands` is a mixin of :class:`~rowandb.shell.session.Shell`; it relies on the
shell's ``connection``, ``out``/``stdout``/``err`` streams, ``settings``, ``query`` (rows of
an internal query, or None after reporting its error), ``report`` and ``run_script``.
The grammar that parses the commands and the help text are ``dotcommands.py``'s;
``.dump`` and ``.import`` have modules of their own (``dump.py``, ``csvimport.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Callable
from typing import Any

from rowandb.shell import render
from rowandb.shell.csvimport import import_csv
from rowandb.shell.dotcommands import DotCommand, help_text
from rowandb.shell.dump import dump_lines
from rowandb.shell.sqltext import like_matcher

MAX_READ_DEPTH = 16  # .read nesting limit, so a file reading itself cannot recurse forever
MAX_WIDTH = 30_000  # .width is clamped to this, so a typo cannot fill the memory with blanks


class ExitShell(Exception):
    """Raised by ``.quit``/``.exit``; ``code`` None means "the usual status"."""

    def __init__(self, code: int | None = None) -> None:
        super().__init__(code)
        self.code = code


class BailOut(Exception):
    """A script stops at its first error because ``.bail on`` / ``-bail`` is set."""


class DotCommands:
    """The dot-command handlers, mixed into the Shell."""

    connection: Any
    connect: Callable[..., Any] | None
    database: str
    interactive_session: bool
    _once: bool
    _script_depth: int

    # -- databases -------------------------------------------------------------------------

    def open_database(self, path: str, *, new: bool = False) -> bool:
        """Connect to ``path`` (replacing the current connection); say on stderr when that
        created a database. ``new`` empties it. False after reporting a failure."""
        existed = path == ":memory:" or path == "" or os.path.exists(path)
        try:
            connection = self.connect(path, isolation_level=None)
        except Exception as exc:  # noqa: BLE001 - an unusable database is reported
            self.report(f'unable to open database "{path}": {_first_line(exc)}'
                        + _sqlite_hint(path))
            return False
        if not existed and os.path.exists(path):
            self.err.write(f'Created new database "{path}"\n')
        old, self.connection, self.database = self.connection, connection, path
        if old is not None:
            with contextlib.suppress(Exception):
                old.close()
        if new and existed:
            self._empty_database()
        return True

    def _empty_database(self) -> None:
        rows = self.query("SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view')"
                          " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        self.query("PRAGMA foreign_keys = OFF")
        for kind, name in rows or []:
            self.query(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')
        self.query("PRAGMA user_version = 0")

    def _dot_open(self, command: DotCommand) -> None:
        args = list(command.args)
        new = bool(args) and args[0] == "--new"
        if new:
            args.pop(0)
        if self.connect is None:
            self.report(".open is not available: the shell was given no way to connect")
            return
        self.open_database(str(args[0]) if args else ":memory:", new=new)

    def _dot_databases(self, command: DotCommand) -> None:
        for _, name, file in self.query("PRAGMA database_list") or []:
            self.out.write(f"{name}: {file or chr(34) * 2} r/w\n")

    # -- listing the schema ----------------------------------------------------------------

    def _dot_tables(self, command: DotCommand) -> None:
        rows = self.query("SELECT type, name FROM sqlite_schema")
        if rows is None:
            return
        pattern = like_matcher(command.arg)
        names = sorted(name for kind, name in rows
                       if kind in ("table", "view") and not name.lower().startswith("sqlite_")
                       and pattern(name))
        render.render_columns(names, self.out)

    def _dot_indexes(self, command: DotCommand) -> None:
        rows = self.query("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index'")
        if rows is None:
            return
        pattern = like_matcher(command.arg)
        render.render_columns(sorted(name for name, table in rows if pattern(table)), self.out)

    def _dot_schema(self, command: DotCommand) -> None:
        rows = self.query("SELECT name, tbl_name, sql FROM sqlite_schema")
        if rows is None:
            return
        pattern = like_matcher(command.arg)
        for name, table_name, sql in rows:
            if sql is not None and (pattern(name) or pattern(table_name or "")):
                self.out.write(f"{sql};\n")

    def _dot_dump(self, command: DotCommand) -> None:
        try:
            for line in dump_lines(self._execute, [str(arg) for arg in command.args]):
                self.out.write(line + "\n")
        except Exception as exc:  # noqa: BLE001 - a failed read is reported
            self.report(self._describe(exc))

    def _dot_import(self, command: DotCommand) -> None:
        args, csv_flag, skip = list(command.args), False, 0
        if args[0] == "--sqlite":
            self._import_sqlite(str(args[1]))
            return
        while args[0] in ("--csv", "--skip"):
            flag = args.pop(0)
            if flag == "--csv":
                csv_flag = True
            else:
                skip = int(args.pop(0))
        if skip < 0:
            self.report(f"usage: {help_text('import').splitlines()[0]}")
            return
        path, table = str(args[0]), str(args[1])
        separator = {"csv": ",", "tabs": "\t"}.get("csv" if csv_flag else self.settings.mode,
                                                    self.settings.display.separator)
        problem = import_csv(self.connection, path, table, separator=separator, skip=skip,
                             warn=self.err, progress=isatty(self.err))
        if problem is not None:
            self.report(problem)

    def _import_sqlite(self, path: str) -> None:
        from rowandb.shell.importer import import_into  # reads with the stdlib sqlite3
        from rowandb.shell.sqlitecopy import Progress

        try:
            import_into(path, self.connection, Progress(self.err, "importing"))
        except Exception as exc:  # noqa: BLE001 - the import's one error, reported
            self.report(_first_line(exc))

    # -- display settings ------------------------------------------------------------------

    def _dot_mode(self, command: DotCommand) -> None:
        if not command.args:
            self.out.write(f"current output mode: {self.settings.mode}\n")
            return
        mode = str(command.args[0])
        if len(command.args) > 1 and mode != "insert":
            self.report(f"usage: {help_text('mode').splitlines()[0]}")
            return
        self.settings.mode = mode
        if mode == "insert":
            self.settings.display.table_name = str(command.args[1]) if len(command.args) > 1 \
                else "table"

    def _dot_headers(self, command: DotCommand) -> None:
        self.settings.display.headers = bool(command.arg)

    def _dot_nullvalue(self, command: DotCommand) -> None:
        self.settings.display.nullvalue = str(command.arg)

    def _dot_separator(self, command: DotCommand) -> None:
        self.settings.display.separator = _backslashes(str(command.args[0]))
        if len(command.args) > 1:
            self.settings.display.row_separator = _backslashes(str(command.args[1]))

    def _dot_width(self, command: DotCommand) -> None:
        self.settings.display.widths = [max(-MAX_WIDTH, min(MAX_WIDTH, int(width)))
                                        for width in command.args]

    def _dot_show(self, command: DotCommand) -> None:
        settings, display = self.settings, self.settings.display
        mode = settings.mode
        if mode == "insert":
            mode += " " + display.table_name
        shown = {
            "echo": _on_off(settings.echo), "eqp": settings.eqp, "headers": _on_off(display.headers),
            "mode": mode, "nullvalue": _quoted(display.nullvalue),
            "output": "stdout" if self.out is self.stdout else getattr(self.out, "name", "file"),
            "colseparator": _quoted(display.separator),
            "rowseparator": _quoted(display.row_separator),
            "changes": _on_off(settings.changes), "bail": _on_off(settings.bail),
            "timer": _on_off(settings.timer),
            "width": " ".join(str(width) for width in display.widths),
            "filename": self.database,
        }
        width = max(len(key) for key in shown)
        for key, value in shown.items():
            self.out.write(f"{key.rjust(width)}: {value}".rstrip() + "\n")

    def _dot_timer(self, command: DotCommand) -> None:
        self.settings.timer = bool(command.arg)

    def _dot_bail(self, command: DotCommand) -> None:
        self.settings.bail = bool(command.arg)

    def _dot_echo(self, command: DotCommand) -> None:
        self.settings.echo = bool(command.arg)

    def _dot_changes(self, command: DotCommand) -> None:
        self.settings.changes = bool(command.arg)

    def _dot_eqp(self, command: DotCommand) -> None:
        value = command.arg
        self.settings.eqp = "full" if value == "full" else _on_off(bool(value))

    # -- output ----------------------------------------------------------------------------

    def _dot_output(self, command: DotCommand) -> None:
        self._redirect(None if command.arg is None else str(command.arg), once=False)

    def _dot_once(self, command: DotCommand) -> None:
        self._redirect(str(command.arg), once=True)

    def _redirect(self, path: str | None, *, once: bool) -> None:
        self._close_output()  # (a .once that follows a .once replaces it)
        if path is None or path == "stdout":
            return
        try:
            self.out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            self.report(f'cannot open "{path}": {exc.strerror or exc}')
            return
        self._once = once

    def end_once(self) -> None:
        """After the statement that ``.once`` was for, output goes back to stdout."""
        if self._once:
            self._close_output()

    def _close_output(self) -> None:
        if self.out is not self.stdout:
            with contextlib.suppress(OSError):
                self.out.close()
        self.out, self._once = self.stdout, False

    def _dot_print(self, command: DotCommand) -> None:
        self.out.write(" ".join(str(arg) for arg in command.args) + "\n")

    def _dot_shell(self, command: DotCommand) -> None:
        if not self.interactive_session:
            self.report(".shell and .system run only in an interactive session")
            return
        done = subprocess.run(" ".join(str(arg) for arg in command.args), shell=True,  # noqa: S602
                              capture_output=True, text=True, check=False)
        self.out.write(done.stdout)
        self.err.write(done.stderr)
        if done.returncode:
            self.report(f"System command returns {done.returncode}")

    # -- the session -----------------------------------------------------------------------

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


_BACKSLASHES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", '"': '"', "'": "'"}


def _backslashes(text: str) -> str:
    """``\\t``, ``\\n``, ``\\r`` in a separator given as a bare word, as sqlite3 reads it."""
    return re.sub(r"\\(.)", lambda m: _BACKSLASHES.get(m.group(1), m.group(0)), text)


def _sqlite_hint(path: str) -> str:
    """For an SQLite file that ``.open`` cannot open: how to copy it in from the shell."""
    with contextlib.suppress(OSError), open(path, "rb") as file:
        if file.read(16) == b"SQLite format 3\x00":
            return f"; or, in this shell, .import --sqlite {path} into an empty database"
    return ""


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def isatty(stream: Any) -> bool:
    """Is ``stream`` a terminal? False for anything that cannot say."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _on_off(flag: bool) -> str:
    return "on" if flag else "off"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + '"'
