"""RowanDB's SQLAlchemy dialect (``create_engine("rowandb:///path")``, ``"rowandb://"``).

The one place in the package that imports SQLAlchemy: installing ``rowandb[sqlalchemy]``
registers :class:`RowanDialect` under the ``sqlalchemy.dialects`` entry point ``rowandb``
(and ``rowandb.pysqlite``). docs/SQLALCHEMY.md says what it does and how well SQLAlchemy's
own compliance suite passes on it.
"""

from rowandb.sqla.dialect import RowanDialect

dialect = RowanDialect

__all__ = ["RowanDialect", "dialect"]
