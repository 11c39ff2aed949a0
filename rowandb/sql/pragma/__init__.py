"""PRAGMA statements: their grammar, the pragmas of the dictionary and of durable storage, and
the pragma_<name> table-valued functions."""
