"""SQLite's built-in functions: the scalar functions (``scalar``) and the aggregates
(``aggregates``), each found by name and argument count through its lookup."""
