"""The SQL layer: SQL text in, bound statements and results out.

Its rooms, in the order a statement passes them: ``dbapi`` (what Python programs call:
PEP 249's Connection and Cursor, the sqlite3 module's extra names and callbacks),
``parse`` (text to sqlglot trees, with what SQLite's grammar decides that sqlglot's does
not, and SQLite's syntax errors), ``bind`` (sqlglot trees to the planner's bound trees,
names resolved as SQLite resolves them), and two rooms for statement families outside the
query path: ``alter_table`` (ALTER TABLE's forms and the schema texts they rewrite) and
``pragma`` (every PRAGMA). What stays at the top runs a statement once it is read: the
Session that executes one statement at a time (session.py), the shared Database
(database.py), the statement cache's entries (prepared.py), DDL, EXPLAIN, VACUUM, ANALYZE,
the TEMP schema and the PostgreSQL transpiler. Only this package imports sqlglot's
expressions. It imports nothing eagerly, so importing one of its modules does not drag in
the rest of the engine.
"""
