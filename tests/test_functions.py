"""Scalar functions (rowandb.planner.functions) checked against SQLite through apsw.

Each call is evaluated by SQLite (arguments rendered as SQL literals) and by our
implementation from the registry; value and storage class must agree, and errors must carry
SQLite's message.
"""
import math
import re

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowandb.errors import DataError, OperationalError
from rowandb.planner.functions import registry as F
from rowandb.planner.types.values import INT64_MAX, INT64_MIN

DB = apsw.Connection(":memory:")
PROPS = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def lit(v) -> str:
    if v is None:
        return "NULL"
    if type(v) is int:
        if v == INT64_MIN:
            return "(-9223372036854775807-1)"
        return f"({v})" if v < 0 else str(v)
    if type(v) is float:
        if math.isinf(v):
            return "1e999" if v > 0 else "(-1e999)"
        return f"({v!r})" if math.copysign(1.0, v) < 0 else repr(v)
    if type(v) is str:
        return "'" + v.replace("'", "''") + "'"
    return "X'" + v.hex() + "'"


def sqlite_call(name, args):
    sql = f"SELECT {name}({', '.join(lit(a) for a in args)})"
    try:
        return DB.execute(sql).fetchall()[0][0]
    except apsw.Error as exc:
        return ("error", str(exc))


def our_call(name, args):
    try:
        return F.lookup_scalar(name, len(args))(*args)
    except OperationalError as exc:
        return ("error", str(exc))


def check(name, *args):
    mine, theirs = our_call(name, args), sqlite_call(name, args)
    same = type(mine) is type(theirs) and mine == theirs
    assert same, f"{name}{args!r}: rowandb={mine!r} sqlite={theirs!r}"


CASES = [
    ("abs", (INT64_MIN,)), ("abs", ("-5",)), ("abs", ("abc",)), ("abs", (b"-5",)), ("abs", (-0.0,)),
    ("abs", (None,)), ("abs", (-3,)), ("abs", (-2.5,)), ("abs", (INT64_MAX,)),
    ("round", (2.5,)), ("round", (-2.5,)), ("round", (1.005, 2)), ("round", (5,)),
    ("round", ("2.55x", 1)), ("round", (1e20,)), ("round", (2.5, -1)), ("round", (2.5, 400)),
    ("round", (123.456, 1.9)), ("round", (5e-301, 400)), ("round", (1e300, 3)), ("round", (None,)),
    ("round", (1.5, None)), ("round", (0.49999999999999994,)), ("round", (-0.0, 1)),
    ("round", (9.95, 1)), ("round", (-9.95, 1)), ("round", (1234.5678, 2)), ("round", (1e-5, 3)),
    ("sign", (-3,)), ("sign", ("abc",)), ("sign", ("-2.5",)), ("sign", (b"\x01",)), ("sign", (0.0,)),
    ("sign", (None,)), ("sign", (" 7 ",)),
    ("substr", ("hello", 0)), ("substr", ("hello", -2)), ("substr", ("hello", 2, -1)),
    ("substr", ("hello", 0, 2)), ("substr", ("hello", -10, 7)), ("substr", (b"\x01\x02\x03", 2)),
    ("substr", ("héllo", 2, 2)), ("substr", (12345, 2, 2)), ("substr", ("abc", 2.7)),
    ("substr", ("abc", None)), ("substr", ("hello", 3, -10)), ("substring", ("hello", 2)),
    ("substr", ("abc", 2, None)), ("substr", (None, 1)), ("substr", (b"\x01\x02", -1, 5)),
    ("instr", ("héllo", "l")), ("instr", (b"\x01\x02\x03", b"\x03")), ("instr", ("abc", "")),
    ("instr", (123, 2)), ("instr", (None, "a")), ("instr", ("a", "b")),
    ("hex", (12,)), ("hex", ("é",)), ("hex", (1.5,)), ("hex", (None,)), ("hex", (b"\x00\xff",)),
    ("quote", (1.5,)), ("quote", ("a'b",)), ("quote", (b"\n",)), ("quote", (None,)), ("quote", (1e20,)),
    ("quote", (-0.0,)), ("quote", (0.1,)), ("quote", (1 / 3,)), ("quote", (1e-5,)), ("quote", (7,)),
    ("char", (72, 105, None, 0x1F600)), ("char", ()), ("char", (-1, 0x110000, "65")),
    ("unicode", ("é",)), ("unicode", ("",)), ("unicode", (None,)), ("unicode", (12,)),
    ("unhex", ("4142",)), ("unhex", ("41 42", " ")), ("unhex", ("4G",)), ("unhex", ("414",)),
    ("unhex", ("4 142", " ")), ("unhex", (None,)), ("unhex", ("41", None)),
    ("length", (b"\x01\x02",)), ("length", (1.5,)), ("length", ("héllo",)), ("length", (None,)),
    ("length", (-12,)),
    ("octet_length", ("é",)), ("octet_length", (1.5,)), ("octet_length", (None,)),
    ("lower", ("ÀB",)), ("upper", ("àb",)), ("lower", (None,)), ("upper", (1.5,)),
    ("ltrim", ("  a ",)), ("rtrim", ("xxaxx", "x")), ("trim", ("abcba", "ab")), ("trim", (" a ", None)),
    ("trim", (None,)), ("ltrim", (1200, 1)), ("trim", ("  ",)),
    ("replace", ("aaa", "a", "bb")), ("replace", ("abc", "", "x")), ("replace", (123, 2, 9)),
    ("replace", ("abc", None, "x")), ("replace", ("abc", "b", None)),
    ("nullif", (1, 1.0)), ("nullif", ("a", "A")), ("nullif", (None, 1)), ("nullif", (1, None)),
    ("iif", (0, 1, 2)), ("iif", (None, 1)), ("iif", (1, 2, 3, 4)), ("iif", ("0.0", "y", "n")),
    ("iif", (0, 1, 0, 2)), ("iif", (0, 1, 1, 2, 3)),
    ("coalesce", (None, 2, 3)), ("coalesce", (None, None)), ("ifnull", (None, None)), ("ifnull", (1, 2)),
    ("max", (1, "a", None)), ("max", (1, "a")), ("min", (1, 2.0, "0")), ("min", (1, 1.0)),
    ("max", (1, 1.0)), ("max", (b"a", "z", 10**9)), ("min", (None, 1)),
    ("concat", (1, None, "a")), ("concat", (None,)), ("concat_ws", (",", 1, None, 2)),
    ("concat_ws", (None, 1, 2)), ("concat_ws", (1.5, "a", "b")),
    ("zeroblob", (3,)), ("zeroblob", (-1,)), ("zeroblob", ("2",)),
    ("likelihood", (5, 0.5)), ("likely", (7,)), ("unlikely", ("x",)),
    ("like", ("a%", "ABC")), ("like", ("a!%", "a%", "!")), ("like", ("a", "a", None)),
    ("glob", ("a*", "abc")), ("glob", ("A*", "abc")),
    ("typeof", (1,)), ("typeof", (1.5,)), ("typeof", ("x",)), ("typeof", (b"x",)), ("typeof", (None,)),
    ("printf", ()), ("printf", (None,)), ("printf", ("%d",)), ("format", ("%s-%s", 1, 2.5)),
    ("nosuchfn", (1,)), ("coalesce", (1,)), ("iif", (1,)), ("concat", ()), ("concat_ws", ("-",)),
    ("substr", ("a",)), ("abs", (1, 2)), ("random", (1,)),
]


@pytest.mark.parametrize("name,args", CASES)
def test_function_matches_sqlite(name, args):
    check(name, *args)


def test_length_of_text_stops_at_nul():
    assert F.lookup_scalar("length", 1)("a\x00b") == DB.execute(
        "SELECT length(?)", ("a\x00b",)).fetchall()[0][0] == 1


def test_abs_overflow_message():
    with pytest.raises(OperationalError, match="^integer overflow$"):
        F.lookup_scalar("abs", 1)(INT64_MIN)


def test_lookup_errors_use_sqlite_wording():
    with pytest.raises(OperationalError, match=r"^no such function: FOO$"):
        F.lookup_scalar("FOO", 1)
    with pytest.raises(OperationalError, match=re.escape("wrong number of arguments to function Abs()")):
        F.lookup_scalar("Abs", 0)
    assert F.lookup_scalar("ABS", 1) is F.SCALAR_FUNCTIONS["abs"][0]


def test_likelihood_rejects_non_probability():
    """The check is the binder's: SQLite wants a REAL literal, before any row is read
    (tests/test_sqlite_edge_cases.py has the cases)."""
    assert F.lookup_scalar("likelihood", 2)(5, 0.5) == 5
    with pytest.raises(apsw.SQLError, match="must be a constant between 0.0 and 1.0"):
        DB.execute("SELECT likelihood(5, 2.0)").fetchall()


def test_random_and_randomblob_shapes():
    values = {F.lookup_scalar("random", 0)() for _ in range(50)}
    assert all(INT64_MIN <= v <= INT64_MAX and type(v) is int for v in values)
    assert len(values) > 40
    blob = F.lookup_scalar("randomblob", 1)
    assert [len(blob(n)) for n in (-5, 0, 1, 16)] == [
        DB.execute(f"SELECT length(randomblob({lit(n)}))").fetchall()[0][0] for n in (-5, 0, 1, 16)]


def test_zeroblob_too_big():
    # SQLITE_TOOBIG is a DataError, as Python's sqlite3 maps it.
    with pytest.raises(DataError, match="string or blob too big"):
        F.lookup_scalar("zeroblob", 1)(10**10)
    with pytest.raises(apsw.TooBigError):
        DB.execute("SELECT zeroblob(10000000000)").fetchall()


PRINTF_CASES = [
    ("%5.2f|%-6d|%06.1f|%+d|% d|%x|%X|%o|%#x|%#o|%e|%g|%G|%10.3e",
     (3.14159, 42, -2.5, 5, 5, 255, 255, 8, 255, 8, 12345.678, 0.0001, 1e-5, 1234.5)),
    ("%s|%q|%Q|%w|%c|%.3c|%5s|%-5s|%.2s|%%|%z", ("ab", "it's", None, 'a"b', "hello", "x", "ab", "ab",
                                                "abcdef", "zz")),
    ("%,d", (1234567,)), ("%x", (-1,)), ("%d", ("12abc",)), ("%d", (3.9,)), ("%.20f", (0.1,)),
    ("%!.20f", (0.1,)), ("%!.25g", (1 / 3,)), ("%.0f", (2.5,)), ("%.0f", (0.5,)), ("%g", (100000,)),
    ("%g", (1000000,)), ("%#g", (1.0,)), ("%010.2f", (-3.14159,)), ("%f", (1e300,)), ("%s", (1.5,)),
    ("%i %u", (-5, -5)), ("%5.1s|", ("abc",)), ("%y", (1,)), ("a%", ()), ("%d %d", (1,)),
    ("%Q", (1.5,)), ("%q", (12,)), ("%e", (0,)), ("%f", ("inf",)), ("%f", (1e400,)), ("%c", ("",)),
    ("%.1e", (9.96,)), ("%#010x", (255,)), ("%-#8o|", (8,)), ("%+.3g", (123456,)), ("%08d", (-42,)),
    ("%.5d", (42,)), ("%!g", (1e100,)), ("%*d|%-*d", (5, 1, 4, 2)), ("%.*f", (2, 3.14159)),
    ("%r %r %r %r %r", (1, 2, 3, 11, 112)), ("%,.2f", (1234567.891,)), ("%n%d", (3,)),
    ("%5s|%-5s|", ("é", "é")), ("%!5s|%!.1s|", ("é", "éa")), ("%lld %ld", (7, 8)),
    ("%.3s", (None,)), ("%e", (-1e-310,)), ("%g", (-0.0,)), ("%+f", (float("inf"),)),
    ("%.15g|%.16g|%.17g", (0.1, 0.1, 0.1)), ("%020.3e", (-1.5e-7,)), ("%p", (255,)),
    ("%#q|%#Q|%#Q|%#q|%#Q|%#w", ("a\x1fb\\c'd", "a\x1fb\\c'd", "abc", "a\\b", "a\\b", "\n")),
]


@pytest.mark.parametrize("fmt,args", PRINTF_CASES)
def test_printf_matches_sqlite(fmt, args):
    check("printf", fmt, *args)


# ---------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------

TEXTS = st.one_of(
    st.sampled_from(["", " a ", "abc", "héllo", "12", "-2.5", " 7 ", "1e3", "x'y", "ÀbC", "%", "a_b"]),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
            max_size=6))
VALUES = st.one_of(
    st.none(), st.integers(INT64_MIN, INT64_MAX), st.integers(-20, 20),
    st.floats(allow_nan=False, allow_infinity=False), st.floats(-1e4, 1e4, allow_nan=False),
    TEXTS, TEXTS.map(str.encode))
SMALL = st.one_of(st.integers(-8, 8), st.none(), st.sampled_from([2.5, "3", -1.5]))

UNARY = ["abs", "length", "octet_length", "lower", "upper", "hex", "quote", "typeof", "unicode",
         "sign", "round", "trim", "ltrim", "rtrim", "unhex", "zeroblob", "likely", "char"]


@PROPS
@given(st.sampled_from(UNARY), VALUES)
def test_unary_functions_property(name, v):
    if name == "zeroblob" and type(v) in (int, float) and v > 10**6:
        v = 5
    check(name, v)


@PROPS
@given(VALUES, SMALL, st.one_of(st.none(), SMALL))
def test_substr_property(x, start, length):
    if length is None:
        check("substr", x, start)
    else:
        check("substr", x, start, length)


@PROPS
@given(st.one_of(st.floats(allow_nan=False), st.floats(-1e6, 1e6), st.integers(-10**6, 10**6)),
       st.integers(-2, 35))
def test_round_property(x, digits):
    check("round", x, digits)


@PROPS
@given(st.sampled_from(["instr", "nullif", "max", "min", "ifnull", "coalesce", "trim", "ltrim",
                        "rtrim", "concat", "concat_ws", "like", "glob"]), VALUES, VALUES)
def test_binary_functions_property(name, a, b):
    check(name, a, b)


@PROPS
@given(st.sampled_from(["replace", "max", "min", "concat", "concat_ws", "iif", "coalesce"]),
       VALUES, VALUES, VALUES)
def test_ternary_functions_property(name, a, b, c):
    check(name, a, b, c)


SPECS = st.builds(
    lambda flags, width, prec, conv: f"%{flags}{width}{prec}{conv}",
    st.text(alphabet="-+ #0,!", max_size=3),
    st.sampled_from(["", "1", "5", "12"]),
    st.sampled_from(["", ".0", ".1", ".3", ".10", ".17", ".25"]),
    st.sampled_from(list("dixXoufeEgGsqQwc")))


@PROPS
@given(SPECS, VALUES)
def test_printf_property(spec, value):
    conv = spec[-1]
    if conv in "sqQwc" and type(value) is bytes:
        value = value.decode("utf-8", "replace")
    if conv in "sqQwc" and type(value) is str and not value.isascii() and "." in spec:
        value = value.encode("ascii", "replace").decode()
    check("printf", spec + "|", value)
