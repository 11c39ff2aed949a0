"""pandas and the SQLAlchemy ORM through RowanDB's SQLAlchemy dialect, beside SQLAlchemy on
SQLite (issue 13, Speed).

Registers four workloads (group ``sqla``). Each builds an SQLAlchemy engine over a fresh
in-memory database -- ``rowandb://`` for RowanDB, ``sqlite://`` (SQLAlchemy's pysqlite
dialect, Python's sqlite3) for SQLite -- so both sides pay SQLAlchemy's and pandas' own
costs and the ratio is the engines' difference:

- ``pd_read_sql`` -- ``pd.read_sql`` of a 100,000-row table (int, float with NaN, text with
  None, a timestamp, a bool);
- ``pd_to_sql`` -- ``DataFrame.to_sql`` of those 100,000 rows into a new table;
- ``orm_insert`` -- the ORM adds 10,000 objects in one session and commits;
- ``orm_get_by_pk`` -- 2,000 ``select(...).where(id == k)`` by primary key through a session.

Run: ``python -m bench sqla``. Needs the test extra (SQLAlchemy, pandas).
"""

from __future__ import annotations

import random

from .harness import Engine, Skip, Workload, register

ROWS = 100_000
OBJECTS = 10_000
LOOKUPS = 2_000
SEED = 20261204


def _sqlalchemy():
    try:
        import numpy
        import pandas
        import sqlalchemy
        from sqlalchemy import orm
    except ImportError as error:            # the test extra is not installed
        raise Skip(f"needs {error.name}") from None
    from sqlalchemy.dialects import registry
    registry.register("rowandb", "rowandb.sqla", "RowanDialect")
    return sqlalchemy, orm, pandas, numpy


def _engine(engine: Engine):
    sa = _sqlalchemy()[0]
    return sa.create_engine("rowandb://" if engine.name == "rowandb" else "sqlite://")


def _frame():
    _, _, pd, np = _sqlalchemy()
    rnd = random.Random(SEED)
    return pd.DataFrame({
        "id": np.arange(1, ROWS + 1),
        "score": [rnd.random() * 100 if i % 7 else np.nan for i in range(ROWS)],
        "name": [f"user{rnd.randrange(5000)}" if i % 11 else None for i in range(ROWS)],
        "seen": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(ROWS), unit="min"),
        "active": [i % 3 == 0 for i in range(ROWS)],
    })


def _read_setup(engine: Engine):
    sa_engine = _engine(engine)
    _frame().to_sql("frame", sa_engine, index=False)
    return sa_engine


def _read(engine: Engine, sa_engine):
    pd = _sqlalchemy()[2]
    df = pd.read_sql("SELECT * FROM frame", sa_engine)
    return len(df), int(df["id"].sum()), int(df["name"].isna().sum())


def _write_setup(engine: Engine):
    return _engine(engine), _frame()


def _write_before(engine: Engine, context):
    sa = _sqlalchemy()[0]
    with context[0].begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS frame"))


def _write(engine: Engine, context):
    return context[1].to_sql("frame", context[0], index=False)


def _models():
    sa, orm, _, _ = _sqlalchemy()

    class Base(orm.DeclarativeBase):
        pass

    class Customer(Base):
        __tablename__ = "customer"
        id = sa.Column(sa.Integer, primary_key=True)
        name = sa.Column(sa.String(40), nullable=False)
        city = sa.Column(sa.String(20))
        balance = sa.Column(sa.Float)

    return Base, Customer


def _orm_setup(engine: Engine):
    base, customer = _models()
    sa_engine = _engine(engine)
    base.metadata.create_all(sa_engine)
    return sa_engine, customer


def _orm_before(engine: Engine, context):
    sa = _sqlalchemy()[0]
    with context[0].begin() as conn:
        conn.execute(sa.text("DELETE FROM customer"))


def _orm_insert(engine: Engine, context):
    sa, orm, _, _ = _sqlalchemy()
    sa_engine, customer = context
    with orm.Session(sa_engine) as session:
        session.add_all(customer(name=f"c{i}", city=("Oslo", "Lima")[i % 2], balance=i / 4)
                        for i in range(OBJECTS))
        session.commit()
        return session.scalar(sa.select(sa.func.count()).select_from(customer))


def _get_setup(engine: Engine):
    context = _orm_setup(engine)
    _orm_insert(engine, context)
    return context


def _get_by_pk(engine: Engine, context):
    sa, orm, _, _ = _sqlalchemy()
    sa_engine, customer = context
    rnd = random.Random(SEED)
    total = 0.0
    with orm.Session(sa_engine) as session:
        for _ in range(LOOKUPS):
            key = rnd.randrange(1, OBJECTS + 1)
            total += session.scalars(sa.select(customer).where(customer.id == key)).one().balance
    return total


register(Workload("pd_read_sql", "pd.read_sql of 100k rows through the engine",
                  setup=_read_setup, run=_read, repeat=2, group="sqla"))
register(Workload("pd_to_sql", "DataFrame.to_sql of 100k rows through the engine",
                  setup=_write_setup, before=_write_before, run=_write, repeat=2, group="sqla"))
register(Workload("orm_insert", "ORM: add 10k objects in one session and commit",
                  setup=_orm_setup, before=_orm_before, run=_orm_insert, repeat=2, group="sqla"))
register(Workload("orm_get_by_pk", "ORM: 2,000 selects by primary key",
                  setup=_get_setup, run=_get_by_pk, repeat=2, group="sqla"))
