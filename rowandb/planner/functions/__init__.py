"""SQLite's built-in functions, one family per module: ``core`` (coalesce, iif, nullif,
min/max...), ``numeric``, ``text`` and its ``printf``, and the ``aggregates``. Scalar
functions are found by name and argument count through ``registry``; the arguments'
conversions every family shares are in ``convert``."""
