"""Date and time: the statement's clock, and CURRENT_TIME | CURRENT_DATE | CURRENT_TIMESTAMP.

The date and time functions (date(), strftime()...) are in ``datetimes``; they read 'now'
from the same clock, as a Julian day number in milliseconds (``jd_of``), through the
keyword argument ``now`` that ``clock_call`` binds to the statement's clock.

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

from ...errors import OperationalError


def utc_now() -> _datetime.datetime:
    return _datetime.datetime.now(_datetime.timezone.utc)


_UNIX_EPOCH = _datetime.datetime(1970, 1, 1, tzinfo=_datetime.timezone.utc)
_MILLISECOND = _datetime.timedelta(milliseconds=1)


def jd_of(moment: _datetime.datetime) -> int:
    """The Julian day number of ``moment`` in whole milliseconds, as SQLite's VFS reports
    the current time (sqlite3OsCurrentTimeInt64: the unix time's milliseconds, truncated,
    plus the JD of 1970-01-01, 210866760000000). A naive ``moment`` is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_datetime.timezone.utc)
    return 210_866_760_000_000 + (moment - _UNIX_EPOCH) // _MILLISECOND


def wall_clock_jd() -> int:
    return jd_of(utc_now())


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


def _no_clock(name: str, where: str):
    """The clock of a date and time function called in a CHECK, a generated column or an index
    (``where``): reading it fails."""
    def fail():
        raise OperationalError(f"non-deterministic use of {name}() in {where}")
    fail.impure = fail                      # the time-zone modifiers call it too
    return fail


def clock_call(fn, state, args, in_check: str | None = None, where: str = "a CHECK constraint"):
    """The compiled call of a date/time function ``fn`` (datetimes) with the compiled
    ``args``: its 'now' is the statement's moment, read only if the call needs it. In a
    CHECK constraint, a generated column or an index (``in_check``: the function's name; ``where``:
    which of them) reading the clock or the time zone ('now', 'localtime', 'utc') is
    SQLite's error instead (sqlite3NotPureFunc)."""
    def clock():
        moment = getattr(state.session, "clock", None)
        return jd_of(moment.moment() if moment is not None else utc_now())

    now = clock if in_check is None else _no_clock(in_check, where)

    if len(args) == 1:
        a0 = args[0]
        return lambda env: fn(a0(env), now=now)
    if len(args) == 2:
        a0, a1 = args
        return lambda env: fn(a0(env), a1(env), now=now)
    return lambda env: fn(*[a(env) for a in args], now=now)
