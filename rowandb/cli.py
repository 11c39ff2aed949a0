"""The ``rowandb`` command: an SQL shell in the style of ``sqlite3``, and ``rowandb compat``.

``rowandb [OPTIONS] [DATABASE] [SQL ...]`` opens DATABASE (default ``:memory:``) through the
DB-API, ``connect(database, isolation_level=None)`` so that every statement commits on its
own unless the user says BEGIN. Then it runs the SQL arguments and exits, or runs piped
stdin as a script and exits, or — on a terminal — prompts interactively with readline
history. ``rowandb compat ...`` hands the rest of the command line to the compatibility
runner (``rowandb.compat.cli``).

This module does the wiring: options, choosing the mode, terminal I/O and history. What
the shell does with each line lives in ``rowandb/shell/``. The engine is imported lazily,
and ``main`` takes ``connect`` and the three streams as parameters so tests can drive it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

# rowandb/shell/'s modules are imported where the shell runs, not here: ``rowandb compat``
# and the other subcommands never use them (some 8 ms of CPU of each process's start).
if TYPE_CHECKING:
    from rowandb.shell.session import Settings, Shell

USAGE = """\
Usage: rowandb [OPTIONS] [DATABASE] [SQL ...]
       rowandb compat [ARGS ...]
       rowandb import SQLITE_FILE DATABASE
       rowandb export DATABASE SQLITE_FILE
       rowandb dump [--dialect sqlite|postgres] DATABASE
       rowandb migrate DATABASE postgresql://...

Opens DATABASE (default :memory:) and runs each SQL argument (or dot-command), then exits.
Without SQL arguments, runs the SQL piped on stdin, or prompts when stdin is a terminal.

Options:
  -bail            stop a script at its first error
  -echo            print each command before running it
  -batch           no prompts, even on a terminal
  -interactive     prompt even when stdin is not a terminal
  -box, -column, -markdown, -table, -json, -csv, -tabs, -line, -list, -quote,
  -insert, -html   output mode (default: table)
  -header, -noheader
                   show or hide column names (default: show)
  -nullvalue TEXT  text shown for NULL (default: empty)
  -separator SEP   column separator for list mode (default: |)
  -version         print the version and exit
  -help            print this message and exit
Enter ".help" in the shell for its dot-commands.
"""
HISTORY_FILE = "~/.rowandb_history"
HISTORY_LENGTH = 2000

Connect = Callable[..., Any]


class UsageError(Exception):
    """The command line itself is wrong."""


def _shell_settings() -> Settings:
    """The shell's settings at their defaults (rowandb/shell/session.py)."""
    from rowandb.shell.session import Settings
    return Settings()


@dataclass
class Options:
    """The parsed command line."""

    database: str = ":memory:"
    commands: list[str] = field(default_factory=list)
    settings: Settings = field(default_factory=_shell_settings)
    interactive: bool | None = None  # None: decide from whether stdin is a terminal
    show_help: bool = False
    show_version: bool = False


def main(argv: list[str] | None = None, connect: Connect | None = None,
         stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the shell; return the process exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    if args[:1] == ["compat"]:
        return run_compat(args[1:], stderr)
    if args[:1] == ["import"]:          # an SQLite file into RowanDB (shell/importer.py)
        importer = importlib.import_module("rowandb.shell.importer")
        return importer.run_import(args[1:], stdout, stderr)
    if args[:1] == ["export"]:          # a RowanDB database out as an SQLite file
        exporter = importlib.import_module("rowandb.shell.exporter")
        return exporter.run_export(args[1:], stdout, stderr)
    if args[:1] in (["dump"], ["migrate"]):     # the way out to PostgreSQL (rowandb/pg/)
        commands = importlib.import_module("rowandb.pg.commands")
        run = commands.run_dump if args[0] == "dump" else commands.run_migrate
        return run(args[1:], stdout, stderr)
    try:
        options = parse_args(args)
    except UsageError as exc:
        stderr.write(f'Error: {exc}\nUse "rowandb -help" for a list of options.\n')
        return 1
    if options.show_help:
        stdout.write(USAGE)
        return 0
    if options.show_version:
        stdout.write(f"RowanDB {version()}\n")
        return 0
    try:
        return _run_shell(options, connect, stdin, stdout, stderr)
    except BrokenPipeError:
        _silence_stdout(stdout)
        return 1


def parse_args(args: list[str]) -> Options:
    """Options may appear anywhere (``-`` or ``--`` prefix); ``--`` ends them."""
    options = Options()
    positional: list[str] = []
    queue = list(args)
    while queue:
        arg = queue.pop(0)
        if arg == "--":
            positional.extend(queue)
            break
        if arg.startswith("-") and len(arg) > 1:
            _apply_option(options, arg.lstrip("-"), queue)
        else:
            positional.append(arg)
    if positional:
        options.database = positional[0]
        options.commands = positional[1:]
    return options


def _apply_option(options: Options, name: str, queue: list[str]) -> None:
    from rowandb.shell.render import MODES
    settings = options.settings
    flags: dict[str, Callable[[], None]] = {
        "bail": lambda: setattr(settings, "bail", True),
        "echo": lambda: setattr(settings, "echo", True),
        "batch": lambda: setattr(options, "interactive", False),
        "interactive": lambda: setattr(options, "interactive", True),
        "header": lambda: setattr(settings.display, "headers", True),
        "headers": lambda: setattr(settings.display, "headers", True),
        "noheader": lambda: setattr(settings.display, "headers", False),
        "help": lambda: setattr(options, "show_help", True),
        "h": lambda: setattr(options, "show_help", True),
        "version": lambda: setattr(options, "show_version", True),
    }
    if name in MODES:
        settings.mode = name
    elif name in flags:
        flags[name]()
    elif name in ("nullvalue", "separator"):
        if not queue:
            raise UsageError(f"missing argument to -{name}")
        value = queue.pop(0)
        if name == "nullvalue":
            settings.display.nullvalue = value
        else:
            settings.display.separator = value
    else:
        raise UsageError(f"unknown option: -{name}")


def run_compat(args: list[str], stderr: TextIO) -> int:
    """``rowandb compat ...``: the compatibility runner's own command line."""
    try:
        compat_cli = importlib.import_module("rowandb.compat.cli")
    except ImportError as exc:
        stderr.write(f"Error: the compat runner is not available: {exc}\n")
        return 1
    status = compat_cli.main(args)
    return 0 if status is None else int(status)


def _run_shell(options: Options, connect: Connect | None, stdin: TextIO, stdout: TextIO,
               stderr: TextIO) -> int:
    from rowandb.shell.commands import BailOut, ExitShell, isatty
    from rowandb.shell.session import Shell
    if connect is None:
        try:
            connect = _engine_connect()
        except Exception as exc:  # noqa: BLE001 - an unusable engine is reported, not raised
            stderr.write(f"Error: the RowanDB engine is not available: {exc}\n")
            return 1
    interactive = options.interactive
    if interactive is None:
        interactive = not options.commands and isatty(stdin)
    shell = Shell(None, stdout, stderr, settings=options.settings, connect=connect,
                  database=options.database, interactive=interactive)
    if not shell.open_database(options.database):
        return 1
    shell.error_types = error_types(shell.connection)
    try:
        if options.commands:
            for command in options.commands:
                shell.run_argument(command)
        elif interactive:
            _run_interactive(shell, options.database, stdin, stdout)
            return 0
        else:
            shell.run_script(_script_lines(stdin))
    except ExitShell as exit_request:
        if exit_request.code is not None:
            return exit_request.code
    except BailOut:
        pass
    except KeyboardInterrupt:
        stderr.write("Error: interrupted\n")
        return 130
    finally:
        with contextlib.suppress(Exception):
            shell.connection.close()
    return 1 if shell.failed and not interactive else 0


def _script_lines(stdin: TextIO) -> TextIO:
    """The process's stdin with line ends kept as they are (a lone CR inside a string
    literal stays a CR) and undecodable bytes replaced rather than fatal."""
    if stdin is sys.stdin and hasattr(stdin, "reconfigure"):
        with contextlib.suppress(Exception):
            stdin.reconfigure(newline="", errors="replace")
    return stdin


def _engine_connect() -> Connect:
    import rowandb

    return rowandb.connect


def error_types(connection: Any) -> tuple[type[BaseException], ...]:
    """The classes whose errors are the user's (shown plainly), not the engine's bugs."""
    found: list[type[BaseException]] = []
    with contextlib.suppress(Exception):
        found.append(importlib.import_module("rowandb.errors").Error)
    connection_error = getattr(connection, "Error", None)  # a PEP 249 optional extension
    if isinstance(connection_error, type) and issubclass(connection_error, Exception):
        found.append(connection_error)
    return tuple(found)


def _run_interactive(shell: Shell, database: str, stdin: TextIO, stdout: TextIO) -> None:
    from rowandb.shell.commands import isatty
    stdout.write(f'RowanDB {version()}\nEnter ".help" for usage hints.\n')
    if database == ":memory:":
        stdout.write("Connected to a transient in-memory database.\n")
    if stdin is sys.stdin and stdout is sys.stdout and isatty(stdout):
        with readline_history():
            shell.interactive(input)
    else:
        shell.interactive(_stream_reader(stdin, stdout))


def _stream_reader(stdin: TextIO, stdout: TextIO) -> Callable[[str], str]:
    """``input()`` for streams that are not the process's terminal."""
    def read_line(prompt: str) -> str:
        stdout.write(prompt)
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")
    return read_line


@contextlib.contextmanager
def readline_history() -> Iterator[None]:
    """Line editing and a history file ($ROWANDB_HISTORY or ~/.rowandb_history) if the
    readline module exists; without it the shell still works, just without history."""
    try:
        import readline
    except ImportError:
        yield
        return
    path = os.path.expanduser(os.environ.get("ROWANDB_HISTORY") or HISTORY_FILE)
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(path)


def version() -> str:
    """The installed package's version, or a marker when running from a source tree."""
    from importlib import metadata

    try:
        return metadata.version("rowandb")
    except metadata.PackageNotFoundError:
        return "(source tree)"


def _silence_stdout(stdout: TextIO) -> None:
    """After a broken pipe (``rowandb db 'SELECT ...' | head``) stop writing quietly."""
    if stdout is sys.stdout:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
