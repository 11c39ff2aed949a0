"""The planner: bound statements -> logical plans -> optimizer rules -> compiled closures,
plus SQLite's value semantics (values.py). Calls catalog and storage.
"""
