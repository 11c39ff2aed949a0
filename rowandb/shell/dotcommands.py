"""Parsing the shell's dot-commands (``.tables``, ``.mode csv``...) with a lark grammar.

The grammar lives next to this module in ``dotcommands.lark``; here it becomes a
:class:`DotCommand` (a name and its arguments), and the usage/help text is kept in one
table so that ``.help`` and the "Usage:" errors cannot drift apart. Running a command
is the session's job (``rowandb/shell/session.py``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

#: name -> (usage, one-line description), in the order ``.help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "bail": (".bail on|off", "Stop a script after the first error (default off)"),
    "changes": (".changes on|off", "Print the number of rows each statement changed"),
    "databases": (".databases", "List the attached databases and their files"),
    "dump": (".dump ?TABLE ...?", "SQL text that rebuilds the database (or tables LIKE TABLE)"),
    "echo": (".echo on|off", "Print each command before running it"),
    "eqp": (".eqp on|off|full", "Print the query plan before running each statement"),
    "exit": (".exit ?CODE?", "Exit the shell with return code CODE"),
    "headers": (".headers on|off", "Turn display of column names on or off"),
    "help": (".help ?COMMAND?", "Show help for all commands or for one"),
    "import": (".import ?--csv? ?--skip N? FILE TABLE", "Import CSV data from FILE into TABLE;"
               " .import --sqlite FILE copies an SQLite file into the open, empty database"),
    "indexes": (".indexes ?TABLE?", "List names of indexes, of tables LIKE TABLE"),
    "mode": (".mode MODE ?TABLE?", "Set the output mode (no argument: show it); MODE is one of "
             "box column markdown table json csv tabs line list quote insert html"),
    "nullvalue": (".nullvalue STRING", "Show STRING in place of NULL values"),
    "once": (".once FILE", "Send the output of the next command only to FILE"),
    "open": (".open ?--new? ?FILE?", "Close this database and open FILE (--new: empty it)"),
    "output": (".output ?FILE?", "Send output to FILE, or back to stdout without FILE"),
    "print": (".print STRING ...", "Print the STRINGs, separated by blanks"),
    "quit": (".quit", "Exit the shell"),
    "read": (".read FILE", "Run the SQL and dot-commands in FILE"),
    "schema": (".schema ?PATTERN?", "Show the CREATE statements matching LIKE PATTERN"),
    "separator": (".separator COL ?ROW?", "Column (and row) separator for list mode"),
    "shell": (".shell CMD ARGS...", "Run CMD in a system shell (interactive sessions only); "
              "also .system"),
    "show": (".show", "Show the current settings"),
    "tables": (".tables ?PATTERN?", "List names of tables and views matching LIKE PATTERN"),
    "timer": (".timer on|off", "Print the run time of each statement"),
    "width": (".width NUM ...", "Column widths of the columnar modes (negative: right-aligned)"),
}
_ALIASES = {"header": "headers", "indices": "indexes", "system": "shell"}
_TRUE_WORDS = {"on", "yes", "true", "1"}
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}  # inside "double-quoted" arguments


class DotCommandError(Exception):
    """A dot-command line that does not parse; the message is what the user sees."""


@dataclass(frozen=True)
class DotCommand:
    """A parsed dot-command: ``name`` is canonical (``.header`` gives ``headers``)."""

    name: str
    args: tuple[str | bool | int, ...] = ()

    @property
    def arg(self) -> str | bool | int | None:
        """The first argument, or None when the command was given none."""
        return self.args[0] if self.args else None


@functools.cache
def _parser():
    from lark import Lark  # imported on first use: plain SQL sessions never pay for it

    grammar = Path(__file__).with_name("dotcommands.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", maybe_placeholders=False)


def parse_dot_command(line: str) -> DotCommand:
    """Parse one line starting with ``.``; raise :class:`DotCommandError` if it is invalid."""
    from lark.exceptions import LarkError

    text = line.strip()
    try:
        tree = _parser().parse(text)
    except LarkError:
        raise DotCommandError(_error_message(text)) from None
    return DotCommand(str(tree.data), tuple(_argument_value(token) for token in _tokens(tree)))


def _tokens(tree):
    """The tree's tokens in order (a ``skip`` or ``argument`` subtree gives its own)."""
    from lark import Token

    for child in tree.children:
        if isinstance(child, Token):
            yield child
        else:
            yield from _tokens(child)


def _argument_value(token) -> str | bool | int:
    text = str(token)
    if token.type == "SWITCH":
        return text.lower() in _TRUE_WORDS
    if token.type in ("EXIT_CODE", "WIDTH"):
        return int(text)
    if token.type in ("NEW_FLAG", "CSV_FLAG", "SKIP_FLAG", "SQLITE_FLAG"):
        return "--" + text.lstrip("-")
    if token.type == "FULL":
        return "full"
    if token.type == "SQ_STRING":
        return text[1:-1]
    if token.type == "DQ_STRING":
        return re.sub(r"\\(.)", _unescape, text[1:-1])
    return text


def _unescape(match: re.Match) -> str:
    return _ESCAPES.get(match.group(1), match.group(1))


def _error_message(text: str) -> str:
    match = re.match(r"\.(\S*)", text)
    name = match.group(1) if match else text
    name = _ALIASES.get(name, name)
    if name in COMMANDS:
        return f"usage: {COMMANDS[name][0]}"
    return f'unknown command or invalid arguments: "{name}". Enter ".help" for help'


def help_text(name: str | None = None) -> str:
    """The ``.help`` listing, or the entry for one command (``None`` if it has none)."""
    if name is not None:
        name = _ALIASES.get(name.lstrip("."), name.lstrip("."))
        if name not in COMMANDS:
            raise DotCommandError(f'no such command: ".{name}"')
        usage, description = COMMANDS[name]
        return f"{usage}\n    {description}"
    width = max(len(usage) for usage, _ in COMMANDS.values())
    return "\n".join(f"{usage.ljust(width)}  {text}" for usage, text in COMMANDS.values())
