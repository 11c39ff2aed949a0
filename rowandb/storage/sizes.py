"""The durable store's sizes that the SQL layer reads without opening a store: the page
size ``PRAGMA page_size`` and ``page_count`` report and the default checkpoint interval
``PRAGMA wal_autocheckpoint`` reads back (an in-memory database keeps it too).

They live apart from durable.py so that a process that only opens ``:memory:``
databases never imports the durable store's modules (its log, formats, directory lock
and the ``uuid`` they use): some 10 ms of CPU of every such process's start.
"""

PAGE_BYTES = 4096
DEFAULT_AUTOCHECKPOINT = 1000      # pages of log (4 MB), as SQLite's default
