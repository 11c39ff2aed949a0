"""The planner: bound statements -> logical plans -> optimizer rules -> compiled closures.

Its rooms: ``plan`` (bound tree, logical nodes, building and describing plans),
``optimizer`` (one rewrite rule per module, applied in a listed order), ``exec`` (the
compiled operators, DML, DDL and foreign-key enforcement), ``types`` (SQLite's value
semantics) and ``functions`` (the built-in function families). Calls catalog and storage.
"""
