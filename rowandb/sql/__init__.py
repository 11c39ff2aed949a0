"""The SQL layer: SQL text in, bound statements and results out.

It holds the parser (the only place that imports sqlglot's expressions), the binder, the
statement cache, the Session that executes one statement at a time (session.py), and the
DB-API 2.0 Connection/Cursor built on a Session (connection.py, dbapi_types.py).
This package imports nothing eagerly, so importing one of its modules does not drag in the
rest of the engine.
"""
