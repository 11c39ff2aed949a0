"""SQLite value semantics (rowandb.planner.types.values), checked against SQLite through apsw.

Unit tests pin each rule on hand-picked edge cases; hypothesis tests render random values as
SQL literals, evaluate the same expression in SQLite and demand the same value and type.
"""
import math
import struct

import apsw
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rowandb.errors import OperationalError
from rowandb.planner.types import values as V

DB = apsw.Connection(":memory:")
PROPS = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def sq(sql, params=()):
    """Evaluate one SELECT in SQLite and return its single value."""
    return DB.execute("SELECT " + sql, params).fetchall()[0][0]


def lit(v) -> str:
    """Render a Python value as an SQL literal SQLite reads back as the same value."""
    if v is None:
        return "NULL"
    if type(v) is int:
        if v == V.INT64_MIN:
            return "(-9223372036854775807-1)"
        return f"({v})" if v < 0 else str(v)
    if type(v) is float:
        assert math.isfinite(v)
        return f"({v!r})" if math.copysign(1.0, v) < 0 else repr(v)
    if type(v) is str:
        return "'" + v.replace("'", "''") + "'"
    return "X'" + v.hex() + "'"


def same(mine, theirs):
    """Same SQLite value and storage class (0.0 and -0.0 count as equal, as in SQL)."""
    return type(mine) is type(theirs) and mine == theirs


def assert_same(mine, theirs, context=""):
    assert same(mine, theirs), f"{context}: rowandb={mine!r} sqlite={theirs!r}"


# ---------------------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------------------

EDGE_INTS = [0, 1, -1, 2, V.INT64_MAX, V.INT64_MIN, V.INT64_MAX - 1, V.INT64_MIN + 1,
             1 << 53, (1 << 53) + 1, 1 << 51, -(1 << 51), 4294967296, 7, -7, 3]
EDGE_FLOATS = [0.0, -0.0, 0.5, -0.5, 1.0, 2.5, -2.5, 1e20, -1e20, 9.2e18, 9.3e18,
               9.223372036854775e18, 1e300, -1e300, 5e-324, 1e-310, 0.1, 1 / 3, 1e16,
               2251799813685248.0, 123456789.125, 1e15]
NUMERIC_TEXT = st.one_of(
    st.sampled_from([" 12 ", "1e3", "0x10", "12abc", "9223372036854775808", "-0", "1.0",
                     "-0.0", "1.", ".5", "1e", "1e+", "+5", " ", "", "-", "abc", "1e400",
                     "9223372036854775807", "-9223372036854775808", "00012", "12 34",
                     "2251799813685248.0", "\t5\n", "1.5e3abc", "inf", "NaN", "3.0e0"]),
    st.builds(lambda ws, n, tail: ws + n + tail,
              st.sampled_from(["", " ", "  ", "\t"]),
              st.one_of(st.integers(-10**20, 10**20).map(str),
                        st.floats(allow_nan=False, allow_infinity=False).map(repr)),
              st.sampled_from(["", " ", "x", "e", "e5", ".5", "abc", " 1"])),
    st.text(alphabet="0123456789.eE+- x", max_size=10),
)
TEXTS = st.one_of(NUMERIC_TEXT, st.text(alphabet=st.characters(blacklist_characters="\x00",
                                                                blacklist_categories=("Cs",)),
                                        max_size=6))
INTS = st.one_of(st.sampled_from(EDGE_INTS), st.integers(V.INT64_MIN, V.INT64_MAX),
                 st.integers(-1000, 1000))
FLOATS = st.one_of(st.sampled_from(EDGE_FLOATS),
                   st.floats(allow_nan=False, allow_infinity=False),
                   st.floats(-1e6, 1e6, allow_nan=False))
BLOBS = st.one_of(TEXTS.map(lambda s: s.encode()), st.binary(max_size=6))
UTF8_BLOBS = TEXTS.map(lambda s: s.encode())
VALUES = st.one_of(st.none(), INTS, FLOATS, TEXTS, BLOBS)
TEXTUAL_VALUES = st.one_of(st.none(), INTS, FLOATS, TEXTS, UTF8_BLOBS)


# ---------------------------------------------------------------------------------------
# typeof and affinity
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("v", [None, 1, 1.5, "x", b"x", V.INT64_MIN, -0.0, ""])
def test_typeof_matches_sqlite(v):
    assert V.typeof(v) == sq(f"typeof({lit(v)})")


@pytest.mark.parametrize("declared,expected", [
    ("INT", "INTEGER"), ("integer", "INTEGER"), ("BIGINT", "INTEGER"), ("POINT", "INTEGER"),
    ("CHARINT", "INTEGER"), ("VARCHAR(10)", "TEXT"), ("CLOB", "TEXT"), ("text", "TEXT"),
    ("BLOB", "BLOB"), ("", "BLOB"), (None, "BLOB"), ("REAL", "REAL"), ("floating", "REAL"),
    ("DOUBLE PRECISION", "REAL"), ("NUMERIC", "NUMERIC"), ("DECIMAL(10,5)", "NUMERIC"),
    ("BOOLEAN", "NUMERIC"), ("DATETIME", "NUMERIC"), ("STRING", "NUMERIC"),
])
def test_affinity_of_type_rules(declared, expected):
    assert V.affinity_of_type(declared) == expected


@pytest.mark.parametrize("declared", ["INT", "VARCHAR(3)", "BLOB", "", "REAL", "FLOATING POINT",
                                      "NUMERIC", "STRING", "CHARINT", "DOUB"])
def test_affinity_of_type_agrees_with_sqlite_storage(declared):
    """Store a probe in a column of that type: the resulting class reveals its affinity."""
    decl = f'"{declared}"' if declared else ""
    con = apsw.Connection(":memory:")
    con.execute(f"CREATE TABLE t(c {decl})")
    con.execute("INSERT INTO t VALUES ('1.0'), (2), ('x1')")
    got = [r[0] for r in con.execute("SELECT c FROM t ORDER BY rowid")]
    aff = V.affinity_of_type(declared)
    assert [V.apply_affinity(v, aff) for v in ("1.0", 2, "x1")] == got
    assert [type(x) for x in got] == [type(V.apply_affinity(v, aff)) for v in ("1.0", 2, "x1")]


AFF_COLUMNS = {"n": "NUMERIC", "i": "INTEGER", "r": "REAL", "t": "TEXT", "b": "BLOB"}


def _store_in_sqlite(v):
    con = apsw.Connection(":memory:")
    con.execute("CREATE TABLE t(n NUMERIC, i INTEGER, r REAL, t TEXT, b BLOB)")
    con.execute("INSERT INTO t VALUES (?,?,?,?,?)", (v,) * 5)
    return dict(zip("nirtb", con.execute("SELECT n, i, r, t, b FROM t").fetchall()[0]))


@pytest.mark.parametrize("v", [
    " 12 ", "1e3", "0x10", "12abc", "9223372036854775808", "-0", "1.0", "-0.0", "1.",
    ".5", "1e", "9223372036854775807.0", "1e400", "\t5\n", "5\x0b", "1e16", "4.0e15",
    "-9223372036854775808", "", " ", 1.0, -0.0, 1e20, 9.3e18, 9.223372036854775e18,
    V.INT64_MAX, V.INT64_MIN, b"12", None, 1.5, "9223372036854775806.9", "-1e400"])
def test_apply_affinity_matches_column_storage(v):
    stored = _store_in_sqlite(v)
    for col, aff in AFF_COLUMNS.items():
        assert_same(V.apply_affinity(v, aff), stored[col], f"{aff} <- {v!r}")


@PROPS
@given(TEXTUAL_VALUES)
def test_apply_affinity_property(v):
    stored = _store_in_sqlite(v)
    for col, aff in AFF_COLUMNS.items():
        assert_same(V.apply_affinity(v, aff), stored[col], f"{aff} <- {v!r}")


# ---------------------------------------------------------------------------------------
# conversions and CAST
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("x", [1.0, 1e20, 0.1, 1 / 3, 2 / 3, 0.1 + 0.2, 1e15, 1e16, 1e17,
                               1.5e17, 1e-4, 1e-5, 123.456, 100.0, 5e-324,
                               1.7976931348623157e308, 9007199254740993.0, -2.5e-7,
                               527401.990262979, -440279.73966363654, 1e100, -0.0,
                               math.inf, -math.inf, 123456789012345678.0])
def test_real_to_text_matches_sqlite(x):
    assert V.to_text(x) == sq("CAST(? AS TEXT)", (x,))


@PROPS
@given(st.one_of(st.floats(allow_nan=False),
                 st.integers(0, (1 << 64) - 1).map(
                     lambda b: struct.unpack("<d", struct.pack("<Q", b))[0])))
def test_real_to_text_property(x):
    assume(not math.isnan(x))
    assert V.to_text(x) == sq("CAST(? AS TEXT)", (x,))


@PROPS
@given(st.builds(lambda sign, digits, point, exp: sign + digits[:point] + "." + digits[point:] + exp,
                 st.sampled_from(["", "-", "+"]),
                 st.text(alphabet="0123456789", min_size=1, max_size=40),
                 st.integers(0, 40),
                 st.one_of(st.just(""), st.integers(-400, 400).map(lambda e: f"e{e}"))))
def test_text_to_real_matches_sqlite_atof(text):
    """Long digit strings exercise SQLite's own (approximate) decimal -> binary scaling."""
    assert_same(V.to_real(text), sq(f"CAST({lit(text)} AS REAL)"), text)


@pytest.mark.parametrize("text", ["1e3", "9.3e18", "9223372036854775808", "-9223372036854775809",
                                  "  -12.5e1x", " 0x1A", "+5", "- 5", "", "abc", "00012",
                                  "1e400", "12abc"])
def test_cast_text_as_integer(text):
    assert_same(V.to_integer(text), sq(f"CAST({lit(text)} AS INTEGER)"), text)


@pytest.mark.parametrize("v", [1e20, -1e20, 9.3e18, 2.9, -2.9, -0.0, 1e-300, 9.223372036854775e18])
def test_cast_real_as_integer_truncates_and_saturates(v):
    assert_same(V.to_integer(v), sq(f"CAST({lit(v)} AS INTEGER)"), repr(v))


@pytest.mark.parametrize("text", ["9007199254740993abc", "2251799813685248.0", "2251799813685247.0",
                                  "-2251799813685248.0", "-0.0e5", "1e16", "4.0e15", "1e3", "1.0",
                                  "12abc", "", "abc", "9223372036854775808", "9223372036854775807x",
                                  " 1.5 ", "1e-400", "0x10"])
def test_cast_text_as_numeric(text):
    assert_same(V.to_numeric(text), sq(f"CAST({lit(text)} AS NUMERIC)"), text)


CAST_TYPES = ["TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB", "VARCHAR(5)", "FLOAT", "DECIMAL"]


@PROPS
@given(TEXTUAL_VALUES, st.sampled_from(CAST_TYPES))
def test_cast_property(v, type_name):
    assert_same(V.cast(v, type_name), sq(f"CAST({lit(v)} AS {type_name})"),
                f"CAST({v!r} AS {type_name})")


@PROPS
@given(st.binary(max_size=12), st.binary(max_size=12))
def test_blob_as_text_keeps_its_bytes(b1, b2):
    """SQLite keeps a TEXT value's bytes as they are, valid UTF-8 or not: CAST back to BLOB
    gives the same bytes, and distinct blobs stay distinct as text."""
    assert V.to_blob(V.to_text(b1)) == b1
    assert (V.to_text(b1) == V.to_text(b2)) == (b1 == b2)
    assert sq(f"hex(CAST(CAST({lit(b1)} AS TEXT) AS BLOB))") == b1.hex().upper()


# ---------------------------------------------------------------------------------------
# arithmetic
# ---------------------------------------------------------------------------------------

BINARY_OPS = {"+": V.add, "-": V.sub, "*": V.mul, "/": V.div, "%": V.mod, "||": V.concat,
              "&": V.bitand, "|": V.bitor, "<<": V.shl, ">>": V.shr}


@pytest.mark.parametrize("expr,fn,a,b", [
    ("7.5 % 2", V.mod, 7.5, 2), ("-7 % 3", V.mod, -7, 3), ("7 % -3", V.mod, 7, -3),
    ("5 % 0.5", V.mod, 5, 0.5), ("5.5 % 0", V.mod, 5.5, 0), ("1e30 % 7", V.mod, 1e30, 7),
    ("-1e30 % 7", V.mod, -1e30, 7), ("3 % 1e19", V.mod, 3, 1e19), ("7 % '2.5'", V.mod, 7, "2.5"),
    ("(-9223372036854775807-1) % -1", V.mod, V.INT64_MIN, -1), ("7.0 % -1", V.mod, 7.0, -1),
    ("(-9223372036854775807-1) / -1", V.div, V.INT64_MIN, -1), ("-7 / 2", V.div, -7, 2),
    ("7 / -2", V.div, 7, -2), ("1 / 0", V.div, 1, 0), ("1.0 / 0", V.div, 1.0, 0),
    ("1 / 0.0", V.div, 1, 0.0), ("'12abc' + 1", V.add, "12abc", 1), ("'abc' + 1", V.add, "abc", 1),
    ("'1.5x' * 2", V.mul, "1.5x", 2), ("9223372036854775807 + 1", V.add, V.INT64_MAX, 1),
    ("(-9223372036854775807-1) - 1", V.sub, V.INT64_MIN, 1),
    ("9223372036854775807 * 2", V.mul, V.INT64_MAX, 2), ("1e308 * 10", V.mul, 1e308, 10),
    ("1 << 64", V.shl, 1, 64), ("1 << 63", V.shl, 1, 63), ("1 << -1", V.shl, 1, -1),
    ("8 >> -2", V.shr, 8, -2), ("-8 >> 100", V.shr, -8, 100), ("8 << -100", V.shl, 8, -100),
    ("1 << 2.7", V.shl, 1, 2.7), ("'3' << 1", V.shl, "3", 1), ("1.5 & 3", V.bitand, 1.5, 3),
    ("1e30 | 0", V.bitor, 1e30, 0), ("-1e30 | 0", V.bitor, -1e30, 0), ("'1e3' | 0", V.bitor, "1e3", 0),
    ("x'3132' + 0", V.add, b"12", 0), ("'12' || x'41'", V.concat, "12", b"A"),
    ("1.0 || 2", V.concat, 1.0, 2), ("NULL || 'a'", V.concat, None, "a"), ("NULL + 1", V.add, None, 1),
    ("' 1e5 ' + 0", V.add, " 1e5 ", 0), ("'9223372036854775808' + 0", V.add, "9223372036854775808", 0),
    ("'-0.0' + 0", V.add, "-0.0", 0), ("'1e' + 0", V.add, "1e", 0),
])
def test_arithmetic_edge_cases(expr, fn, a, b):
    assert_same(fn(a, b), sq(expr), expr)


@pytest.mark.parametrize("v", [0.0, V.INT64_MIN, "-0", "abc", b"1", 1.5, None, "1.5", 3])
def test_negation(v):
    assert_same(V.neg(v), sq(f"-x FROM (SELECT {lit(v)} AS x)"), repr(v))


@pytest.mark.parametrize("v", [1.5, "abc", -1, 1e30, None, "7"])
def test_bitnot(v):
    assert_same(V.bitnot(v), sq(f"~{lit(v)}"), repr(v))


@PROPS
@given(TEXTUAL_VALUES, TEXTUAL_VALUES, st.sampled_from(sorted(BINARY_OPS)))
def test_binary_operator_property(a, b, op):
    expr = f"{lit(a)} {op} {lit(b)}"
    assert_same(BINARY_OPS[op](a, b), sq(expr), expr)


@PROPS
@given(st.one_of(INTS, FLOATS), st.one_of(INTS, FLOATS), st.sampled_from(["+", "-", "*", "/", "%"]))
def test_numeric_arithmetic_property(a, b, op):
    expr = f"{lit(a)} {op} {lit(b)}"
    assert_same(BINARY_OPS[op](a, b), sq(expr), expr)


# ---------------------------------------------------------------------------------------
# comparison, collation, sort order
# ---------------------------------------------------------------------------------------

CMP_OPS = {"=": V.eq, "<>": V.ne, "<": V.lt, "<=": V.le, ">": V.gt, ">=": V.ge,
           "IS": V.is_, "IS NOT": V.is_not}


@pytest.mark.parametrize("a,b", [(1, 1.0), (V.INT64_MAX, 9.223372036854775807e18),
                                 ((1 << 53) + 1, float(1 << 53)), (1, "1"), ("a", b"a"),
                                 (1e300, "0"), (b"", ""), ("abc", "abd"), (b"\x00", b""),
                                 (-0.0, 0), ("é", "z")])
def test_compare_cross_type_and_exact_numeric(a, b):
    expected = sq(f"CASE WHEN {lit(a)} < {lit(b)} THEN -1 WHEN {lit(a)} = {lit(b)} THEN 0 ELSE 1 END")
    assert V.compare(a, b) == expected


def test_compare_null_is_unknown():
    assert V.compare(None, 1) is None and V.compare(1, None) is None
    assert V.compare(None, None) is None


@pytest.mark.parametrize("coll,a,b", [("NOCASE", "abc", "ABC"), ("NOCASE", "é", "É"),
                                      ("RTRIM", "a  ", "a"), ("RTRIM", "a\t", "a"),
                                      ("BINARY", "a", "A"), ("nocase", "[", "a"),
                                      ("NOCASE", "_", "a"), ("RTRIM", " a", "a")])
def test_collations_match_sqlite(coll, a, b):
    expected = sq(f"CASE WHEN {lit(a)} < {lit(b)} COLLATE {coll} THEN -1 "
                  f"WHEN {lit(a)} = {lit(b)} COLLATE {coll} THEN 0 ELSE 1 END")
    assert V.compare(a, b, coll) == expected


def test_unknown_collation_raises_sqlite_message():
    with pytest.raises(OperationalError, match="no such collation sequence: FOO"):
        V.collation_key("FOO")
    with pytest.raises(apsw.SQLError, match="no such collation sequence: FOO"):
        sq("'a' = 'b' COLLATE FOO")
    assert V.collation_key("nocase")("ABC") == "abc"
    assert V.compare("a", "B", None) == V.compare("a", "B", "BINARY") == 1


@PROPS
@given(VALUES, VALUES, st.sampled_from(sorted(CMP_OPS)))
def test_comparison_operator_property(a, b, op):
    expr = f"{lit(a)} {op} {lit(b)}"
    assert_same(CMP_OPS[op](a, b), sq(expr), expr)


@PROPS
@given(TEXTS, TEXTS, st.sampled_from(["BINARY", "NOCASE", "RTRIM"]))
def test_collated_comparison_property(a, b, coll):
    expr = f"{lit(a)} < {lit(b)} COLLATE {coll}"
    assert_same(V.lt(a, b, coll), sq(expr), expr)
    assert_same(V.eq(a, b, coll), sq(f"{lit(a)} = {lit(b)} COLLATE {coll}"), expr)


@PROPS
@given(st.lists(VALUES, min_size=1, max_size=12), st.sampled_from(["BINARY", "NOCASE", "RTRIM"]))
def test_sort_key_matches_sqlite_order_by(vals, coll):
    con = apsw.Connection(":memory:")
    con.execute("CREATE TABLE t(x)")
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in vals])
    ordered = [r[0] for r in con.execute(f"SELECT x FROM t ORDER BY x COLLATE {coll}")]
    keys = [V.sort_key(v, coll) for v in ordered]
    assert keys == sorted(V.sort_key(v, coll) for v in vals)
    keyfn = V.sort_key_function(coll)
    assert [keyfn(v) for v in ordered] == sorted(keyfn(v) for v in vals)


@PROPS
@given(st.sampled_from([lambda v: True, lambda v: type(v) in (int, float),
                        lambda v: type(v) is str, lambda v: type(v) is bytes,
                        lambda v: v is None]),
       st.lists(VALUES, max_size=12), st.sampled_from(["BINARY", "NOCASE", "RTRIM"]))
def test_sort_keys_of_a_column_are_its_values_sort_keys(keep, vals, coll):
    """``sort_keys`` (a bulk INSERT's index keys, built without a call per value when a
    column holds one storage class) equals ``sort_key`` of each value, also for a column of
    one class only (numbers, text, blobs, NULLs) and under every collation."""
    column = [v for v in vals if keep(v)]
    from rowandb.planner.exec.bulk import sort_keys
    assert sort_keys(column, coll) == [V.sort_key(v, coll) for v in column]


@PROPS
@given(VALUES, VALUES, st.sampled_from(["BINARY", "NOCASE", "RTRIM"]))
def test_sort_key_agrees_with_compare(a, b, coll):
    ka, kb = V.sort_key(a, coll), V.sort_key(b, coll)
    c = V.compare(a, b, coll)
    if c is None:
        assert (a is None and ka < kb) or (b is None and kb <= ka)
    else:
        assert c == (ka > kb) - (ka < kb)


# ---------------------------------------------------------------------------------------
# affinity in comparisons
# ---------------------------------------------------------------------------------------

COLUMN_AFFS = {"i": "INTEGER", "r": "REAL", "n": "NUMERIC", "t": "TEXT", "b": "BLOB"}


def _table_with(value):
    con = apsw.Connection(":memory:")
    con.execute("CREATE TABLE t(i INTEGER, r REAL, n NUMERIC, t TEXT, b BLOB)")
    con.execute("INSERT INTO t VALUES (?,?,?,?,?)", (value,) * 5)
    return con


@pytest.mark.parametrize("stored,other", [("1", 1), (1, "1"), ("1.0", 1), (" 5 ", "5"),
                                          ("abc", "abc"), (1, b"1"), ("0x10", 16)])
def test_comparison_operands_column_vs_literal(stored, other):
    con = _table_with(stored)
    for col, aff in COLUMN_AFFS.items():
        col_value = V.apply_affinity(stored, aff)
        x, y = V.comparison_operands(col_value, aff, other, None)
        got = con.execute(f"SELECT {col} = {lit(other)}, {col} < {lit(other)} FROM t").fetchall()[0]
        assert (V.eq(x, y), V.lt(x, y)) == got, (col, stored, other)


def test_text_column_against_blob_column_converts_nothing():
    con = _table_with(None)
    con.execute("UPDATE t SET t = '1', b = 1")
    x, y = V.comparison_operands("1", "TEXT", 1, "BLOB")
    assert V.eq(x, y) == con.execute("SELECT t = b FROM t").fetchall()[0][0] == 0
    x, y = V.comparison_operands("1", "TEXT", 1, None)
    assert V.eq(x, y) == con.execute("SELECT t = +b FROM t").fetchall()[0][0] == 1


@PROPS
@given(TEXTUAL_VALUES, TEXTUAL_VALUES, st.sampled_from(sorted(COLUMN_AFFS)),
       st.sampled_from(sorted(COLUMN_AFFS) + [None]), st.sampled_from(["=", "<", ">="]))
def test_comparison_operands_property(a, b, col_a, col_b, op):
    """Column (and CAST / plain expression) operands of every affinity, both orders."""
    con = _table_with(a)
    aff_a = COLUMN_AFFS[col_a]
    va = V.apply_affinity(a, aff_a)
    if col_b is None:
        vb, aff_b, rhs = b, None, lit(b)
    else:
        con.execute(f"UPDATE t SET {col_b} = {lit(b)}")
        aff_b = COLUMN_AFFS[col_b]
        vb, rhs = V.apply_affinity(b, aff_b), col_b
        if col_b == col_a:
            va = vb
    x, y = V.comparison_operands(va, aff_a, vb, aff_b)
    got = con.execute(f"SELECT {col_a} {op} {rhs} FROM t").fetchall()[0][0]
    assert_same(CMP_OPS[op](x, y), got, f"{col_a}={va!r} {op} {rhs}={vb!r}")


# ---------------------------------------------------------------------------------------
# three-valued logic
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("v", [None, 0, 0.0, -0.0, "1abc", "abc", "0.5", b"1", b"", "1e-400", 2])
def test_truth_matches_sqlite(v):
    expected = sq(f"CASE WHEN {lit(v)} THEN 1 WHEN NOT {lit(v)} THEN 0 END")
    t = V.truth(v)
    assert (None if t is None else int(t)) == expected


@PROPS
@given(TEXTUAL_VALUES, TEXTUAL_VALUES)
def test_logic_property(a, b):
    assert_same(V.sql_and(a, b), sq(f"{lit(a)} AND {lit(b)}"), "AND")
    assert_same(V.sql_or(a, b), sq(f"{lit(a)} OR {lit(b)}"), "OR")
    assert_same(V.sql_not(a), sq(f"NOT {lit(a)}"), "NOT")
