"""SQLite's built-in functions, one family per module: ``core`` (coalesce, iif, nullif,
min/max...), ``numeric``, ``text`` and its ``printf``, ``mathfuncs``, the date and time
functions (``datetimes``, which reads time values with ``timevalue`` and applies modifiers
with ``datemodifiers``; the statement clock is in ``date``), and the ``aggregates``.
Scalar functions are found by name and argument count through ``registry``; the
arguments' conversions every family shares are in ``convert``."""
