"""Date and time: the statement's clock and SQLite's text forms of a moment.

So far only what DEFAULT CURRENT_TIME | CURRENT_DATE | CURRENT_TIMESTAMP need (and the same
keywords in expressions); date(), time(), datetime(), julianday(), unixepoch() and
strftime() belong in this module when they are built.

SQLite reads the clock once per statement (sqlite3StmtCurrentTime), so every CURRENT_*
value of one statement is the same moment -- in every row of a multi-row INSERT, in its
SELECT and in its defaults alike -- and it is UTC, formatted ``HH:MM:SS``, ``YYYY-MM-DD`` and
``YYYY-MM-DD HH:MM:SS`` (sqlite.org/lang_createtable.html#dfltval). A session owns a
``StatementClock`` and resets it before every statement; compiled expressions reach it through
``State.session`` (``statement_time``). Without a session (constant folding never sees these
functions; the bulk INSERT path, where each row is a statement of its own) the system clock
is read at each call.
"""

from __future__ import annotations

import datetime as _datetime


def utc_now() -> _datetime.datetime:
    return _datetime.datetime.now(_datetime.timezone.utc)


class StatementClock:
    """The moment the current statement runs: read on first use, kept until ``reset``."""

    def __init__(self, source=utc_now):
        self.source = source            # where moments come from (tests replace it)
        self._moment = None

    def reset(self) -> None:
        self._moment = None

    def moment(self) -> _datetime.datetime:
        if self._moment is None:
            self._moment = self.source()
        return self._moment


def current_time(moment: _datetime.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def current_date(moment: _datetime.datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def current_timestamp(moment: _datetime.datetime) -> str:
    return f"{current_date(moment)} {current_time(moment)}"


#: name -> the text form of a moment it returns
STATEMENT_TIME = {"current_time": current_time, "current_date": current_date,
                  "current_timestamp": current_timestamp}


def statement_time(name: str, state):
    """The compiled form of CURRENT_TIME/DATE/TIMESTAMP: the statement's moment, read
    through the session the execution ``state`` runs for."""
    form = STATEMENT_TIME[name]

    def now(env):
        clock = getattr(state.session, "clock", None)
        return form(clock.moment() if clock is not None else utc_now())
    return now


def _wall_clock(form):
    return lambda: form(utc_now())


#: registry entries (zero arguments); the executor compiles calls with ``statement_time``
SCALAR = {name: (_wall_clock(form), 0, 0) for name, form in STATEMENT_TIME.items()}
