"""pandas through RowanDB's SQLAlchemy engine (docs/SQLALCHEMY.md): ``DataFrame.to_sql``,
``read_sql``, ``read_sql_table`` and ``read_sql_query`` give the same frames, with the same
dtypes, as through SQLAlchemy on SQLite, and no warning (warnings are errors here)."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import registry

registry.register("rowandb", "rowandb.sqla", "RowanDialect")   # as the entry point does

FRAME = pd.DataFrame({
    "i": [1, 2, -(2 ** 62)],
    "f": [1.5, np.nan, -3.25],
    "s": ["a", None, "é"],
    "d": pd.to_datetime(["2024-01-01 10:00:00.250", "1969-07-20 20:17:00.000", None]),
    "b": [True, False, True],
})


def _round_trip(url: str) -> dict:
    engine = sa.create_engine(url)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = FRAME.to_sql("frame", engine, index=False)
        FRAME.to_sql("frame", engine, index=False, if_exists="append", chunksize=2)
        return {
            "written": written,
            "table": pd.read_sql_table("frame", engine),
            "query": pd.read_sql_query("SELECT * FROM frame WHERE f IS NULL OR i > 0", engine,
                                       parse_dates=["d"]),
            "read_sql": pd.read_sql("frame", engine),
            "params": pd.read_sql(sa.text("SELECT s, b FROM frame WHERE i = :i"), engine,
                                  params={"i": 2}),
            "columns": [c["type"].__class__.__name__
                        for c in sa.inspect(engine).get_columns("frame")],
        }


def test_frames_and_dtypes_are_sqlites():
    mine, theirs = _round_trip("rowandb://"), _round_trip("sqlite://")
    assert mine["written"] == theirs["written"] == 3
    assert mine["columns"] == theirs["columns"] == ["BIGINT", "FLOAT", "TEXT", "DATETIME",
                                                    "BOOLEAN"]
    for key in ("table", "query", "read_sql", "params"):
        assert dict(mine[key].dtypes) == dict(theirs[key].dtypes), key
        pd.testing.assert_frame_equal(mine[key], theirs[key])
    table = mine["table"]
    assert [str(t) for t in table.dtypes[["i", "f", "d", "b"]]] == [
        "int64", "float64", "datetime64[us]", "bool"]
    assert len(table) == 6 and table["f"].isna().sum() == 2 and table["s"].isna().sum() == 2
    assert table["d"].isna().sum() == 2
    pd.testing.assert_frame_equal(table.iloc[:3], FRAME, check_dtype=False)


@pytest.mark.parametrize("if_exists", ["fail", "replace"])
def test_to_sql_if_exists_as_on_sqlite(if_exists):
    def run(url):
        engine = sa.create_engine(url)
        FRAME.to_sql("frame", engine, index=False)
        try:
            FRAME.iloc[:1].to_sql("frame", engine, index=False, if_exists=if_exists)
        except ValueError as error:
            return str(error)
        return pd.read_sql_query("SELECT count(*) AS n FROM frame", engine)["n"].tolist()
    assert run("rowandb://") == run("sqlite://")
