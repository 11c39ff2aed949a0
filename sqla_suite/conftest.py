"""Bootstraps SQLAlchemy's pytest plugin for its dialect compliance suite (test_suite.py),
as SQLAlchemy's README.dialects.rst describes for a third-party dialect. The dialect is
also registered here so the suite runs from a checkout that was not ``pip install``-ed."""

import pytest
from sqlalchemy.dialects import registry

registry.register("rowandb", "rowandb.sqla", "RowanDialect")
registry.register("rowandb.rowandb", "rowandb.sqla", "RowanDialect")

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403
