"""SQLAlchemy's dialect compliance suite, as shipped in its wheel."""

from sqlalchemy.testing.suite import *  # noqa: F401,F403
