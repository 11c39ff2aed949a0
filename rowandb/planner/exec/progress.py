"""A connection's progress handler and interrupt flag, as the executor's row loops see them.

SQLite calls its progress handler every N virtual-machine instructions and checks the
interrupt flag between them (sqlite.org/c3ref/progress_handler.html, c3ref/interrupt.html).
RowanDB has no virtual machine; what it counts instead is *rows visited*: each row a table
scan, rowid range, index search, table-valued function or recursive common table
expression produces (before any WHERE test), plus one at the start of each statement.
The loops check ``armed`` (one attribute test per row) and call ``tick`` only when a
handler is set or an interrupt is pending; either way a statement stops with SQLite's
``interrupted`` (an OperationalError).
"""

from __future__ import annotations

from typing import Callable

from ...errors import OperationalError


def interrupted() -> OperationalError:
    """SQLITE_INTERRUPT's error; ``is_interrupt`` knows it (a write's whole transaction is
    then rolled back, as in SQLite)."""
    error = OperationalError("interrupted")
    error.interrupt = True
    return error


def is_interrupt(error: BaseException) -> bool:
    return getattr(error, "interrupt", False)


class Progress:
    def __init__(self):
        self.armed = False          # a handler is set or an interrupt is pending
        self.handler: Callable[[], bool] | None = None
        self.every = 0
        self.count = 0
        self.interrupted = False
        self.active = 0             # statements running (nested ones included)
        self._calling = False       # inside the handler: statements it runs do not call it

    def set_handler(self, handler: Callable[[], bool] | None, every: int) -> None:
        """Call ``handler()`` every ``every`` rows visited; None or ``every`` < 1 removes
        it. A true answer interrupts the statement."""
        self.handler = handler if handler is not None and every >= 1 else None
        self.every, self.count = every, 0
        self._arm()

    def interrupt(self) -> None:
        """Stop the running statements (from any thread); a no-op when none runs."""
        if self.active:
            self.interrupted = True
            self._arm()

    def start(self) -> None:
        """A statement starts: an interrupt that came while none ran is forgotten."""
        if not self.active:
            self.interrupted = False
            self._arm()
        self.active += 1
        if self.armed:
            try:
                self.tick()
            except BaseException:
                self.finish()
                raise

    def finish(self) -> None:
        self.active -= 1
        if not self.active and self.interrupted:
            self.interrupted = False
            self._arm()

    def tick(self) -> None:
        """One row visited."""
        if self.interrupted:
            raise interrupted()
        if self.handler is None or self._calling:
            return
        self.count += 1
        if self.count >= self.every:
            self.count = 0
            self._calling = True
            try:
                stop = self.handler()
            finally:
                self._calling = False
            if stop:
                raise interrupted()

    def _arm(self) -> None:
        self.armed = self.interrupted or self.handler is not None


IDLE = Progress()
"""The Progress of an execution without a session: never armed."""
