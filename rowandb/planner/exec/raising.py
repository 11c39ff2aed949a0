"""RAISE() in a trigger program, and what it raises.

The binder turns ``RAISE(kind[, message])`` into a call of ``RAISE_FUNCTION`` whose first
argument is the kind's code (sql/parse/trigger_syntax.RAISE_KINDS). Evaluating it raises, as
SQLite's OP_Halt does (sqlite.org/lang_createtrigger.html#the_raise_function):

- IGNORE: ``TriggerIgnore``, caught where the trigger was fired (``triggers.Triggers.fire``):
  the rest of the trigger program and of the row's processing is abandoned, nothing is
  undone, and the statement goes on with its next row;
- ABORT, FAIL, ROLLBACK: a constraint error (``writer.ConflictError``, an IntegrityError)
  with the message and that resolution, which the session applies to the statement that
  fired the trigger as it does to a conflict clause: ABORT undoes the statement, FAIL keeps
  what it did before, ROLLBACK ends the transaction.
"""

from __future__ import annotations

from ..types import values as V
from .writer import ConflictError

RAISE_FUNCTION = "__raise"
_RESOLUTIONS = {1: "ROLLBACK", 2: "ABORT", 3: "FAIL"}


class TriggerIgnore(Exception):
    """RAISE(IGNORE): abandon the row that fired the running trigger."""


def compile_raise(args):
    """The closure that raises; ``args`` are compiled (the kind code, then the message)."""
    kind = args[0]
    message = args[1] if len(args) > 1 else None

    def raising(env):
        code = kind(env)
        if code == 0:
            raise TriggerIgnore()
        text = message(env)
        raise ConflictError("" if text is None else V.to_text(text), _RESOLUTIONS[code])
    return raising
