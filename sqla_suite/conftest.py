"""Bootstraps SQLAlchemy's pytest plugin for its dialect compliance suite (test_suite.py),
as SQLAlchemy's README.dialects.rst describes for a third-party dialect. The dialect is
also registered here so the suite runs from a checkout that was not ``pip install``-ed."""

import pytest
from sqlalchemy.dialects import registry

registry.register("rowandb", "rowandb.sqla", "RowanDialect")
registry.register("rowandb.rowandb", "rowandb.sqla", "RowanDialect")

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

import sqlalchemy.dialects.sqlite.provision  # noqa: E402,F401  (registers SQLite's hooks)
from sqlalchemy.testing import provision  # noqa: E402

# SQLAlchemy's test provisioning is chosen by backend name, and RowanDB's dialect is SQLite's:
# the hooks that shape test engines, temp tables and upserts are SQLite's for "rowandb" too
# (not post_configure_engine, which ATTACHes a test_schema database RowanDB refuses).
for hook in (provision.temp_table_keyword_args, provision.post_configure_testing_engine,
             provision.upsert):
    hook.fns["rowandb"] = hook.fns["sqlite"]

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403
