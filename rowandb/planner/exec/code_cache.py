"""Generated Python compiled once per distinct text, for every operator that writes some.

Several operators write the Python of their loop for the statement at hand: the fused
GROUP BY loop (``fused_aggregate``), the scan of a covering index that builds each row
from the entry (``index_only``), the fused UPDATE and DELETE writers (``fused_update``).
Each text names what the statement reads -- closures, tables, constants, slots -- only
through the scope it runs in, so one text is one code object whatever the statement, and
only the scope is made per statement. Python's ``compile`` is the dear part (tens of
microseconds a text, a quarter of random/groupby's CPU once, 40 us of the 100 us that
compiling an index/delete query cost); the corpus writes a few hundred distinct texts
over tens of thousands of statements. Bounded: a full store starts again.
"""

from __future__ import annotations

_CODES: dict = {}       # (source, label) -> its code object
_KEPT = 512


def compiled(source: str, label: str):
    """The code object of module ``source`` (``label`` its file name in tracebacks),
    compiled once per process."""
    key = (source, label)
    code = _CODES.get(key)
    if code is None:
        if len(_CODES) >= _KEPT:
            _CODES.clear()
        code = _CODES[key] = compile(source, label, "exec")
    return code
