"""The way out to PostgreSQL: ``rowandb dump --dialect postgres`` and ``rowandb migrate``.

``schema`` reads a RowanDB database's dictionary through its pragmas and chooses each
column's PostgreSQL type (from the declared type and the values actually stored);
``script`` turns that into PostgreSQL statements and COPY data; ``commands`` writes them as
a script or streams them to a server through psycopg. The SQL rewriting itself (views,
CHECKs, index expressions) is rowandb/sql/transpile.py, the only layer that may use
sqlglot. docs/MIGRATION.md describes the mapping for users.
"""
