"""RowanDB's own version and the SQLite version whose semantics it follows.

It sits below every layer, beside errors.py, so the planner can answer ``rowandb_version()``
and ``sqlite_version()`` without importing the package's DB-API face.
"""

__version__ = "0.1.0"
SQLITE_VERSION = "3.54.1"    # the SQLite whose semantics RowanDB follows (apsw's, the oracle)
