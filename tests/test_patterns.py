"""LIKE and GLOB (rowandb.planner.types.patterns) against SQLite through apsw.

Every case runs through SQLite and through RowanDB — the matcher functions ``P.like`` and
``P.glob`` directly, and the SQL forms (``x LIKE p ESCAPE e``, ``x GLOB p``, ``like()``,
``glob()``) — and must give the same value or the same error. Operands travel as
parameters, so texts and patterns may hold NUL characters. Hypothesis draws patterns and
texts over a small alphabet of wildcards, class syntax, escape candidates, ASCII letters of
both cases, non-ASCII letters and NUL; texts are often drawn *from* the pattern, so that
matches are as common as mismatches. Pathological patterns must finish within a time
bound that the old backtracking-regex matcher missed by minutes. ``ROWANDB_EXPLORE=1``
draws fresh random examples, ten times as many (as in test_differential.py).
"""
from __future__ import annotations

import contextlib
import os
import signal

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rowandb
from rowandb.errors import OperationalError
from rowandb.planner.types import patterns as P

SQLITE = apsw.Connection(":memory:")
ROWAN = rowandb.connect(":memory:")
EXPLORE = os.environ.get("ROWANDB_EXPLORE") == "1"     # fresh examples, ten times as many
PROPS = settings(max_examples=400 * (10 if EXPLORE else 1), deadline=None,
                 derandomize=not EXPLORE, database=None,
                 suppress_health_check=[HealthCheck.too_slow])
ABSENT = object()            # like() called with two arguments

# Letters of both cases (ASCII and not: É/é fold in Python but not in SQLite; the Kelvin
# sign and long s fold to k and s under Unicode rules only), wildcards of both operators,
# class syntax, escape candidates, NUL and a newline.
ALPHABET = "aAbBkKzZéÉ\u212aſ%_*?[]^-\\\x00\n"
PATTERNS = st.text(alphabet=ALPHABET, max_size=10)
ESCAPES = st.sampled_from([ABSENT, ABSENT, "\\", "\\", "%", "_", "a", "A", "é", "[", None,
                           "ab", "", "\x00", "a\x00b", 5])


def outcome(run):
    """('ok', storage class, value) or ('error', PEP 249 class name, message)."""
    try:
        value = run()
    except apsw.SQLError as error:
        return ("error", "OperationalError", str(error))
    except rowandb.Error as error:
        return ("error", type(error).__name__, str(error))
    return ("ok", type(value).__name__, value)


def sqlite(sql: str, params: tuple = ()):
    return outcome(lambda: SQLITE.execute("SELECT " + sql, params).fetchall()[0][0])


def rowan(sql: str, params: tuple = ()):
    return outcome(lambda: ROWAN.execute("SELECT " + sql, params).fetchall()[0][0])


def check_like(pattern, text, escape=ABSENT) -> None:
    """like() and ``text LIKE pattern [ESCAPE e]`` on both engines, and P.like."""
    if escape is ABSENT:
        forms = [("like(?, ?)", (pattern, text)), ("? LIKE ?", (text, pattern)),
                 ("? NOT LIKE ?", (text, pattern))]
        direct = outcome(lambda: P.like(pattern, text))
    else:
        forms = [("like(?, ?, ?)", (pattern, text, escape)),
                 ("? LIKE ? ESCAPE ?", (text, pattern, escape))]
        direct = outcome(lambda: P.like(pattern, text, escape))
    _check_forms(forms, direct, (pattern, text, escape))


def check_glob(pattern, text) -> None:
    forms = [("glob(?, ?)", (pattern, text)), ("? GLOB ?", (text, pattern)),
             ("? NOT GLOB ?", (text, pattern))]
    _check_forms(forms, outcome(lambda: P.glob(pattern, text)), (pattern, text))


def _check_forms(forms, direct, context) -> None:
    expected = sqlite(*forms[0])
    assert direct == expected, f"{context!r}: P -> {direct}, sqlite -> {expected}"
    for sql, params in forms:
        theirs, mine = sqlite(sql, params), rowan(sql, params)
        assert mine == theirs, f"{sql} {params!r}: rowandb {mine}, sqlite {theirs}"


@st.composite
def pattern_and_text(draw, wildcards: str):
    """A pattern, and a text that is either random or an instance of the pattern (each
    wildcard replaced by a short random run, each letter perhaps in the other case)."""
    pattern = draw(PATTERNS)
    if draw(st.booleans()):
        return pattern, draw(st.text(alphabet=ALPHABET, max_size=12))
    filler = st.text(alphabet="abAB%_é\x00", max_size=3)
    text = []
    for c in pattern:
        if c == wildcards[0]:
            text.append(draw(filler))
        elif c == wildcards[1]:
            text.append(draw(st.sampled_from("aBé_%")))
        else:
            text.append(c.swapcase() if draw(st.booleans()) else c)
    return pattern, "".join(text)


# ---------------------------------------------------------------------------------------
# hand-picked cases
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern,text,escape", [
    ("a%", "ABC", ABSENT), ("_b_", "abc", ABSENT), ("%", "", ABSENT), ("_", "", ABSENT),
    ("a\\%", "a%", "\\"), ("a\\%", "ab", "\\"), ("a%", "a\nb", ABSENT), ("É%", "éa", ABSENT),
    ("%x%", "aXb", ABSENT), ("100%", 100, ABSENT), ("a%%", "a", "%"), ("ab\\", "ab", "\\"),
    (None, "a", ABSENT), ("a", None, ABSENT), ("a_c", "a€c", ABSENT), ("a_c", "a😀c", ABSENT),
    # ESCAPE turning a wildcard off; the escape escaping itself; a letter as the escape
    ("%a", "a", "%"), ("a%", "a", "%"), ("%%", "%", "%"), ("a__", "a_", "_"), ("a_", "ab", "_"),
    ("a\\\\b", "a\\b", "\\"), ("aab", "ab", "a"), ("aAb", "ab", "a"), ("Aab", "aB", "a"),
    ("%\\", "x", "\\"), ("\\", "", "\\"), ("x\\_y", "x_y", "\\"), ("x\\_y", "xzy", "\\"),
    # NULL anywhere; an ESCAPE that is NULL, a number, a blob, empty, two characters
    ("a", "a", None), (None, None, "x"), ("a", "a", 5), ("5", "5", 5), ("a", "a", b"\\"),
    ("a", "a", ""), ("a", "a", "ab"), (None, "a", "ab"), ("a", None, "ab"),
    # NUL ends pattern, text and escape, as C strings do
    ("a", "a\x00b", ABSENT), ("a\x00b", "a", ABSENT), ("a\x00%", "ab", ABSENT),
    ("b", "b", "a\x00b"), ("ab", "b", "a\x00b"), ("a", "a", "\x00"), ("a", "a", "\x00a"),
    # BLOBs: false, even against NULL; numbers compare as their text
    (b"a", "a", ABSENT), ("a", b"a", ABSENT), (b"a", None, ABSENT), (None, b"a", ABSENT),
    (1.0, 1.0, ABSENT), ("1.0", 1.0, ABSENT), ("1%", 1e20, ABSENT), ("-_", -5, ABSENT),
    ("%.5", 2.5, ABSENT), ("9223372036854775807", 9223372036854775807, ABSENT),
    # case folding is ASCII only
    ("k", "\u212a", ABSENT), ("s", "ſ", ABSENT), ("é", "É", ABSENT), ("ß", "SS", ABSENT),
    ("i", "İ", ABSENT), ("%Z%", "aza", ABSENT), ("[a]", "[A]", ABSENT),
])
def test_like_matches_sqlite(pattern, text, escape):
    check_like(pattern, text, escape)


@pytest.mark.parametrize("pattern,text", [
    ("a*", "abc"), ("a*", "Abc"), ("?b?", "abc"), ("[a-c]x", "bx"), ("[^a-c]x", "bx"),
    ("[]]", "]"), ("[]a]", "a"), ("[a-]", "-"), ("[z-a]", "m"), ("[abc", "a"), ("*[*]*", "a*b"),
    ("[^]]", "a"), ("", ""), ("*", ""), ("[-a]", "-"), ("a?", "a"), (None, "a"), (12, 12),
    # classes: ] first, ^ then ], ranges after ranges, - after a range, empty and inverted
    ("[]-a]", "-"), ("[]-a]", "b"), ("[^]-a]", "b"), ("[a-c-e]", "d"), ("[a-c-e]", "-"),
    ("[--a]", "0"), ("[^z-a]", "q"), ("[z-a]*", "zz"), ("*[z-a]", "zz"), ("[", "["),
    ("[]", "]"), ("[^]", "^"), ("*[", "a["), ("[^", "a"), ("a[b-]", "a-"), ("[a^]", "^"),
    ("[\\]", "\\"), ("[[]", "["), ("[&&]", "&"), ("[~~]", "~"), ("[a-é]", "b"), ("[é-ë]", "ê"),
    ("[a-c]", "B"), ("[é]", "É"), ("?", "😀"), ("[😀-😂]", "😁"),
    # wildcards of LIKE are literals here, and the other way round
    ("%", "%"), ("%", "x"), ("_", "x"), ("*?", "a"),
    # NUL, BLOB, numbers
    ("a", "a\x00b"), ("a\x00b", "a"), ("[a\x00]", "a"), (b"a", "a"), ("a", b"a"),
    (None, b"a"), ("1.5*", 1.5), ("1*", 1e100),
])
def test_glob_matches_sqlite(pattern, text):
    check_glob(pattern, text)


@pytest.mark.parametrize("op", ["like", "glob"])
def test_pattern_too_complex(op):
    """SQLITE_MAX_LIKE_PATTERN_LENGTH: 50,000 bytes of UTF-8, checked before NULL operands
    and the ESCAPE; a BLOB operand still wins."""
    check = check_like if op == "like" else check_glob
    for pattern in ["a" * 50000, "a" * 50001, "é" * 25000, "é" * 25001, "€" * 16667,
                    "€" * 16666 + "ab", "😀" * 12500, "😀" * 12501, "%" * 50001]:
        check(pattern, "a")
        check(pattern, None)
        check(pattern, b"a")
    check_like("a" * 50001, "a", "ab")
    check_like("a" * 50001, "a", None)
    with pytest.raises(OperationalError, match="LIKE or GLOB pattern too complex"):
        getattr(P, op)("x" * 50001, None)


def test_escape_must_be_one_character():
    with pytest.raises(OperationalError, match="ESCAPE expression must be a single character"):
        P.like("a", "a", "ab")
    with pytest.raises(OperationalError, match="ESCAPE expression must be a single character"):
        P.like(None, None, "")


def test_like_in_a_where_clause_counts_as_sqlite():
    """The operators inside a query, over a table of mixed values."""
    values = ["abc", "ABC", "aXc", "xabcx", "a_c", "a%c", "", None, 12, 1.5, b"abc", "é",
              "a\x00c", "[a]", "*"]
    for db in (SQLITE, ROWAN):
        db.execute("DROP TABLE IF EXISTS t")
        db.execute("CREATE TABLE t(s)")
        for v in values:
            db.execute("INSERT INTO t VALUES (?)", (v,))
    for where, params in [("s LIKE ?", ("a%",)), ("s LIKE ?", ("%b%",)),
                          ("s NOT LIKE ?", ("a_c",)), ("s LIKE ? ESCAPE ?", ("a\\_c", "\\")),
                          ("s GLOB ?", ("[a-z]*",)), ("s NOT GLOB ?", ("*c",)),
                          ("s LIKE s", ()), ("like('%' || s || '%', 'xabcx')", ())]:
        sql = f"SELECT count(*) FROM t WHERE {where}"
        assert ROWAN.execute(sql, params).fetchall() == SQLITE.execute(sql, params).fetchall(), sql


# ---------------------------------------------------------------------------------------
# generated cases
# ---------------------------------------------------------------------------------------

@PROPS
@given(pattern_and_text("%_"), ESCAPES)
def test_like_property(case, escape):
    pattern, text = case
    check_like(pattern, text, escape)


@PROPS
@given(pattern_and_text("*?"))
def test_glob_property(case):
    check_glob(*case)


SEGMENT = st.text(alphabet="ab_?[]^-", min_size=1, max_size=3)


@settings(PROPS, max_examples=150 * (10 if EXPLORE else 1))
@given(st.lists(SEGMENT, min_size=11, max_size=16), st.text(alphabet="abAB_?[]", max_size=40),
       st.booleans())
def test_many_stars_property(segments, text, glob):
    """Patterns of many stars (more middle segments than one regex takes; see
    patterns._middles), against texts long enough to hold them."""
    if glob:
        check_glob("*".join(segments), text)
        check_glob("*".join(segments), "".join(segments))
    else:
        check_like("%".join(segments), text)
        check_like("%".join(segments), "".join(segments))


OPERANDS = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False),
                     PATTERNS, st.binary(max_size=3))


@PROPS
@given(OPERANDS, OPERANDS)
def test_operands_of_every_class(pattern, text):
    check_like(pattern, text)
    check_glob(pattern, text)


# ---------------------------------------------------------------------------------------
# no exponential backtracking
# ---------------------------------------------------------------------------------------

PATHOLOGICAL = [
    # the shape: the old matcher took minutes at 5,000 characters
    ("like", "%a%a%b", "a" * 5000),
    ("like", "%a%a%a%a%a%a%a%a%b%", "a" * 20000),
    ("like", "%a" * 100 + "%b%", "a" * 20000),
    ("like", "%_%_%_%_%_%_%b", "a" * 20000),
    ("like", "%" + "a_" * 20 + "b%", "a" * 20000),
    ("like", "%A%a%A%a%Ab%", "a" * 20000),
    ("glob", "*a*a*a*a*a*a*b", "a" * 20000),
    ("glob", "*[a]*[a]*[a]*[a]*[b]*", "a" * 20000),
    ("glob", "*" + "a?" * 20 + "b*", "a" * 20000),
    # a pattern at the length limit with 24,999 stars
    ("like", "%a" * 24998 + "%b%", "a" * 100000),
    ("glob", "*a" * 24998 + "*b*", "a" * 100000),
]


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail the test when the block runs longer than ``seconds`` of wall time, rather than
    wait for it: ``re`` checks for signals while it matches, so the alarm stops even the
    old backtracking regex."""
    def expired(*_):
        raise TimeoutError(f"took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("op,pattern,text", PATHOLOGICAL,
                         ids=[f"{op}-{len(p)}-{len(t)}" for op, p, t in PATHOLOGICAL])
def test_pathological_pattern_is_fast(op, pattern, text):
    """Well under a second each, compiling included (SQLite: milliseconds; RowanDB: tens of
    milliseconds at most; the old regex translation: minutes to forever). The result must
    still be SQLite's. No other test uses these patterns: compiling is timed too."""
    with time_limit(1.0):
        mine = getattr(P, op)(pattern, text)
    assert mine == SQLITE.execute(f"SELECT {op}(?, ?)", (pattern, text)).fetchall()[0][0]


def test_pathological_pattern_through_sql_is_fast():
    with time_limit(1.0):
        rows = ROWAN.execute("SELECT ? LIKE ?, ? GLOB ?, ? LIKE ?",
                             ("a" * 5000, "%a%a%b", "a" * 5000, "*a*a*b",
                              "a" * 20000, "%a" * 100 + "%b%")).fetchall()
    assert rows == [(0, 0, 0)]
