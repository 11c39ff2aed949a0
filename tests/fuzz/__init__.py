"""RowanDB's differential fuzzer: random schemas, data, queries and DML, run on RowanDB and
on SQLite (apsw), plus SQLancer's TLP and NoREC oracles on RowanDB alone.

Modules, in the order a case flows through them: features.py (what may be generated; the
known bugs steered around), sqltree.py (SQL as a shrinkable tree), gen_schema.py,
gen_expr.py, gen_query.py, gen_dml.py (the generators), case.py (a seeded script of
steps), engines.py (both engines behind one DB-API), compare.py (what counts as the same
answer), runner.py (the oracles), reduce.py (delta debugging), session.py and
__main__.py (``python -m tests.fuzz``, ``make fuzz``). test_fuzz.py runs a fixed seed in
``make test``. docs/TESTING.md describes it for users.
"""
