"""SQLite value semantics on plain Python values: THE module that knows them.

Values are NULL=None, INTEGER=int (64-bit range), REAL=float (never NaN: SQLite makes a
NaN result NULL), TEXT=str, BLOB=bytes. TEXT that is not valid UTF-8 keeps its bytes as
surrogate escapes (``text_from_bytes``), so it compares equal, groups, stores and converts
back byte for byte; ordered, it is compared (``compare``) and keyed (``sort_key``) as a
``storage.textorder.ByteOrderText``, by its bytes as SQLite orders it (only against other
non-ASCII text does that differ from code points). This module holds storage classes
(``typeof``), column affinity (``affinity_of_type``, ``apply_affinity``,
``comparison_operands``), comparison and sort order with collations (``compare``,
``sort_key``), three-valued logic, arithmetic with SQLite's overflow and division rules,
conversions and CAST, SQLite's length limit (``check_size``), and the row keys of DISTINCT
and compound selects. The executor calls these per row, so the hot functions keep an
int/int or str/str fast path up front.

Every other module takes value semantics from here; LIKE and GLOB, which build on them, are
in ``patterns.py``. The digit-level REAL <-> text
algorithms (sqlite3AtoF's truncated powers of ten, sqlite3FpDecode's digit generation) are
in the helper ``realtext.py``, which decides no semantics: this module decides when and how
a value converts, and calls it for the digits.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ...errors import DataError, OperationalError
from ..functions.user import LayeredCollations
from .realtext import NUM_PREFIX, NUM_WHOLE, groups_to_real, real_to_text
from .realtext import text_to_real as _text_to_real
from ...catalog.ascii_case import ascii_lower, ascii_upper, collation_spelling
from ...storage.textorder import byte_ordered, has_escape as has_surrogate

TEXT, NUMERIC, INTEGER, REAL, BLOB = "TEXT", "NUMERIC", "INTEGER", "REAL", "BLOB"
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
_TWO63 = 9.223372036854775808e18
_TWO51 = 1 << 51

# ---------------------------------------------------------------------------------------
# Storage classes and affinity
# ---------------------------------------------------------------------------------------

_TYPEOF = {type(None): "null", int: "integer", bool: "integer", float: "real",
           str: "text", bytes: "blob", bytearray: "blob"}


def typeof(v) -> str:
    """SQLite's typeof(): 'null', 'integer', 'real', 'text' or 'blob'."""
    return _TYPEOF[type(v)]


@lru_cache(maxsize=512)
def affinity_of_type(declared: str | None) -> str:
    """The affinity of a declared column type, by SQLite's five ordered rules."""
    if not declared:
        return BLOB
    t = ascii_upper(declared)
    if "INT" in t:
        return INTEGER
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return TEXT
    if "BLOB" in t:
        return BLOB
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return REAL
    return NUMERIC


def apply_affinity(v, affinity: str | None):
    """The value SQLite stores when ``v`` is written into a column of ``affinity``."""
    t = type(v)
    if affinity == TEXT:
        if t is int or t is float:
            return to_text(v)
        return v
    if affinity == NUMERIC or affinity == INTEGER or affinity == "FLEXNUM":
        if t is str:            # FLEXNUM (a CREATE TABLE AS's own rows): a REAL stays REAL
            return _text_numeric_affinity(v)
        if t is float and affinity != "FLEXNUM":
            return _float_intify(v)
        return v
    if affinity == REAL:
        if t is int:
            return float(v)
        if t is float:
            return v if v != 0.0 else 0.0
        if t is str:
            r = _text_numeric_affinity(v)
            return float(r) if type(r) is int else r
    return v


def comparison_operands(a, a_aff: str | None, b, b_aff: str | None):
    """Apply the affinity conversions SQLite makes before comparing ``a`` with ``b``.

    ``None`` means an expression with no affinity (literals, most expressions); ``BLOB``
    means a column (or CAST) of BLOB affinity. As in SQLite's sqlite3CompareAffinity, two
    operands that both have an affinity get NUMERIC if either is numeric and nothing
    otherwise (so a TEXT column against a BLOB column converts nothing); when only one has
    an affinity, that affinity is applied to both operands.
    """
    if a_aff is not None and b_aff is not None:
        aff = NUMERIC if (a_aff in _NUMERIC_AFFS or b_aff in _NUMERIC_AFFS) else None
    else:
        aff = a_aff if a_aff is not None else b_aff
        if aff in _NUMERIC_AFFS:
            aff = NUMERIC
    if aff == NUMERIC:
        if type(a) is str:
            a = _text_numeric_affinity(a)
        if type(b) is str:
            b = _text_numeric_affinity(b)
    elif aff == TEXT:
        if type(a) is int or type(a) is float:
            a = to_text(a)
        if type(b) is int or type(b) is float:
            b = to_text(b)
    return a, b


_NUMERIC_AFFS = frozenset((NUMERIC, INTEGER, REAL))

# ---------------------------------------------------------------------------------------
# Collations, comparison and sort order
# ---------------------------------------------------------------------------------------

def _nocase(s: str) -> str:
    """ASCII letters folded; SQLite's compare stops at a NUL both texts have at the same
    place (sqlite3StrNICmp), then their lengths in bytes decide: the key ends so. Text
    that is not valid UTF-8 keys by its bytes (``byte_ordered``)."""
    folded = s.lower() if s.isascii() else byte_ordered(ascii_lower(s))  # ASCII: no call
    nul = folded.find("\0")
    return folded if nul < 0 else \
        byte_ordered(f"{folded[:nul + 1]}{len(s.encode('utf-8', 'surrogateescape')):020d}")


def _rtrim(s: str) -> str:
    return byte_ordered(s.rstrip(" "))


def _binary(s: str) -> str:
    return s


_COLLATIONS = LayeredCollations({"BINARY": _binary, "NOCASE": _nocase, "RTRIM": _rtrim})


def collation_key(name: str) -> Callable[[str], str]:
    """The function mapping text to its comparison key under collation ``name``.

    ``None`` means the default, BINARY; lookup is case-insensitive.
    """
    fn = _COLLATIONS.get(name)
    if fn is None:
        if name is None:
            return _binary
        fn = _COLLATIONS.get(ascii_upper(name))
        if fn is None:
            raise OperationalError(f"no such collation sequence: {collation_spelling(name)}")
    return fn


def is_collation(name: str) -> bool:
    """Whether ``name`` (any case) is a collation RowanDB has."""
    return ascii_upper(name) in _COLLATIONS


_RANK = {int: 1, bool: 1, float: 1, str: 2, bytes: 3, bytearray: 3}


def compare(a, b, collation: str = "BINARY") -> int | None:
    """-1/0/1 by SQLite's order (numbers < text < blob), None if either is NULL."""
    ta = type(a)
    if ta is type(b):
        if ta is str:
            if collation != "BINARY":
                key = collation_key(collation)
                a, b = key(a), key(b)
            elif not (a.isascii() or b.isascii()):  # either ASCII: code points = bytes
                a, b = byte_ordered(a), byte_ordered(b)
        elif a is None:
            return None
        return (a > b) - (a < b)
    if a is None or b is None:
        return None
    ra = _RANK[ta]
    rb = _RANK[type(b)]
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 2 and collation != "BINARY":
        key = collation_key(collation)
        a = key(a)
        b = key(b)
    return (a > b) - (a < b)


def eq(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c == 0)


def ne(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c != 0)


def lt(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c < 0)


def le(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c <= 0)


def gt(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c > 0)


def ge(a, b, collation="BINARY"):
    c = compare(a, b, collation)
    return None if c is None else int(c >= 0)


def is_(a, b, collation="BINARY") -> int:
    """``a IS b``: like = but NULL IS NULL is true and never NULL."""
    if a is None or b is None:
        return int(a is None and b is None)
    return int(compare(a, b, collation) == 0)


def is_not(a, b, collation="BINARY") -> int:
    return 1 - is_(a, b, collation)


def sort_key(v, collation: str = "BINARY"):
    """A Python-comparable key giving SQLite's total order (NULL first)."""
    t = type(v)
    if t is int or t is float:
        return (1, v)
    if t is str:
        return (2, (v if v.isascii() else byte_ordered(v)) if collation == "BINARY"
                else collation_key(collation)(v))
    if v is None:
        return (0,)
    if t is bytes:
        return (3, v)
    if t is bool:
        return (1, int(v))
    return (3, bytes(v))


def sort_key_function(collation: str = "BINARY") -> Callable:
    """A one-argument sort-key function for ``collation`` (for sorted(key=...))."""
    key = collation_key(collation)
    if key is _binary:
        return sort_key

    def collated(v):
        if type(v) is str:
            return (2, key(v))
        return sort_key(v)
    return collated

# ---------------------------------------------------------------------------------------
# Text -> number: which text is a number, and of which class (sqlite3Atoi64, affinity)
# ---------------------------------------------------------------------------------------

_INT_PREFIX = re.compile(r"[ \t\n\v\f\r]*([+-]?)([0-9]*)", re.ASCII)
_M64 = (1 << 64) - 1


def _text_to_number(s: str):
    """Longest numeric prefix as INTEGER or REAL (arithmetic operands); 0 if none.

    A NUL ends the text; a whole number ended by one is a REAL ('12' || x'00' is 12.0),
    as SQLite's sqlite3AtoF judges such text."""
    if "\x00" in s:
        s = s[:s.index("\x00")]
        m = NUM_WHOLE.match(s)
        if m is not None:
            return groups_to_real(*m.groups())
    m = NUM_PREFIX.match(s)
    if m is None:
        return 0
    sign, intd, frac, frac_only, exp = m.groups()
    if frac is None and exp is None and intd is not None:
        v = int(intd)
        if sign == "-":
            v = -v
        if INT64_MIN <= v <= INT64_MAX:
            return v
    return groups_to_real(sign, intd, frac, frac_only, exp)


def _text_to_int(s: str) -> int:
    """CAST(text AS INTEGER): the integer prefix, saturating at the int64 bounds."""
    sign, digits = _INT_PREFIX.match(s).groups()
    if not digits:
        return 0
    v = int(digits)
    if sign == "-":
        v = -v
        return v if v >= INT64_MIN else INT64_MIN
    return v if v <= INT64_MAX else INT64_MAX


def _text_numeric_affinity(s: str, intify: bool = True):
    """NUMERIC affinity on text: convert only a well-formed number, else keep the text.

    With ``intify`` false (SQLite's bTryForInt=0, as sqlite3_value_numeric_type uses it)
    a number written with a point or exponent stays REAL even when integral.
    """
    m = NUM_WHOLE.match(s)
    if m is None:
        if "\x00" in s:                    # a NUL ends the number: '12' || x'00' is 12
            number = _text_numeric_affinity(s[:s.index("\x00")], intify)
            return s if type(number) is str else number
        return s
    sign, intd, frac, frac_only, exp = m.groups()
    if frac is None and exp is None and intd is not None:
        v = int(intd)
        if sign == "-":
            v = -v
        if INT64_MIN <= v <= INT64_MAX:
            return v
    r = groups_to_real(sign, intd, frac, frac_only, exp)
    return _float_intify(r) if intify else r


def number_literal(text: str):
    """The value of a numeric literal as SQLite types it, or None if ``text`` is not one.

    Digits alone are an INTEGER when the value fits in 64 bits and a REAL otherwise (read
    by SQLite's sqlite3AtoF, so a 10,000-digit literal is Inf, not an error), leading zeros
    not counted; anything with a point or an exponent is a REAL. (9223372036854775808 is
    REAL here; under a minus sign it is INT64_MIN, which the binder decides.)
    """
    if text.isdigit() and text.isascii():
        digits = text.lstrip("0")
        if len(digits) <= 19 and int(digits or "0") <= INT64_MAX:
            return int(digits or "0")
        return _text_to_real(text)
    m = NUM_WHOLE.match(text)
    if m is None or text != text.strip():
        return None
    return groups_to_real(*m.groups())


def _float_intify(r: float):
    """A REAL holding an exact integer strictly inside the int64 range becomes INTEGER."""
    if -_TWO63 < r < _TWO63 and r.is_integer():
        return int(r)
    return r


def must_be_int(v) -> int | None:
    """The INTEGER a rowid takes for ``v`` (SQLite's OP_MustBeInt), or None when there is
    none and SQLite says 'datatype mismatch'. Text is read as NUMERIC affinity reads it, so
    it must be a number that is an integer strictly inside the int64 range ('1e3', ' 5 ',
    '-9223372036854775808', but not '-9223372036854775808.0'); a REAL must be integral and
    in [-2**63, 2**63) (-9223372036854775808.0 is taken, as SQLite 3.54 takes it)."""
    t = type(v)
    if t is int:
        return v
    if t is float:
        return int(v) if v.is_integer() and -_TWO63 <= v < _TWO63 else None
    if t is str:
        r = _text_numeric_affinity(v)
        return r if type(r) is int else None
    return None


def seek_rowid(v) -> int | None:
    """The rowid a search for ``v`` looks up (SQLite's OP_SeekRowid), or None when no row
    can match: unlike must_be_int, text read as a REAL counts when that REAL is integral,
    so '-9223372036854775809' finds the rowid -2**63."""
    if type(v) is str:
        v = _text_numeric_affinity(v)
    return must_be_int(v) if type(v) is not str else None


def _real_to_i64(r: float) -> int:
    """C-style double -> int64 as SQLite does it: truncate, saturate, NaN -> 0."""
    if r != r:
        return 0
    if r <= -_TWO63:
        return INT64_MIN
    if r >= _TWO63:
        return INT64_MAX
    return int(r)

# ---------------------------------------------------------------------------------------
# Conversions and CAST
# ---------------------------------------------------------------------------------------


# TEXT is kept as a str. SQLite keeps a TEXT value's bytes as they are, valid UTF-8 or not
# (CAST(x'ff' AS TEXT) is one byte); such bytes are held as surrogate escapes, U+DC80 to
# U+DCFF standing for the bytes 0x80 to 0xFF (Python's "surrogateescape"), so distinct
# byte strings stay distinct text and turn back into the same bytes. No other surrogate
# ever enters the engine: binding refuses a str with a lone surrogate (connection.py).
# ``has_surrogate`` (storage.textorder.has_escape, imported) tells whether a str has one.
SURROGATE = re.compile("[\ud800-\udfff]")


def text_from_bytes(data) -> str:
    """TEXT with exactly the bytes ``data`` (CAST(blob AS TEXT))."""
    return bytes(data).decode("utf-8", "surrogateescape")


def text_bytes(s: str) -> bytes:
    """The bytes SQLite holds for TEXT ``s`` (its UTF-8, escapes turned back into bytes)."""
    return s.encode("utf-8", "surrogateescape")


def normalize_text(s: str) -> str:
    """Text built by joining pieces, in its one representation: escaped bytes that now
    form a UTF-8 character (x'c3' || x'a9' is 'é') become that character."""
    return text_from_bytes(text_bytes(s)) if has_surrogate(s) else s


_blob_text = text_from_bytes

MAX_LENGTH = 1_000_000_000      # SQLite's default SQLITE_MAX_LENGTH, in bytes


def check_size(n: int) -> None:
    """Refuse, before building it, a string or blob of ``n`` bytes past SQLite's limit."""
    if n > MAX_LENGTH:
        raise DataError("string or blob too big")


def check_text_size(n_chars: int, pieces) -> None:
    """Refuse text of ``n_chars`` characters made of ``pieces`` whose UTF-8 form would be
    past the limit. A character is 1 to 4 bytes: bytes are counted only near the limit."""
    check_size(n_chars)
    if n_chars * 4 > MAX_LENGTH:
        check_size(sum(len(text_bytes(p)) for p in pieces))


def to_text(v):
    """The TEXT form of a value (REAL rendered as SQLite renders it); NULL stays NULL."""
    t = type(v)
    if t is str or v is None:
        return v
    if t is int:
        return str(v)
    if t is float:
        return real_to_text(v)
    if t is bool:
        return str(int(v))
    return _blob_text(v)


def to_blob(v):
    """CAST(v AS BLOB)."""
    t = type(v)
    if t is bytes or v is None:
        return v
    if t is str:
        return text_bytes(v)
    if t is bytearray:
        return bytes(v)
    return text_bytes(to_text(v))


def to_integer(v):
    """CAST(v AS INTEGER): reals truncate and saturate; text takes its integer prefix."""
    t = type(v)
    if t is int or v is None:
        return v
    if t is float:
        return _real_to_i64(v)
    if t is str:
        return _text_to_int(v)
    if t is bool:
        return int(v)
    return _text_to_int(_blob_text(v))


def to_real(v):
    """CAST(v AS REAL), a new float even from a float (see exec/returning.Returning)."""
    t = type(v)
    if t is float:
        return v * 1.0
    if v is None:
        return v
    if t is int or t is bool:
        return float(v)
    if t is str:
        return _text_to_real(v)
    return _text_to_real(_blob_text(v))


def to_numeric(v):
    """CAST(v AS NUMERIC): text becomes INTEGER when its value is (safely) integral."""
    t = type(v)
    if t is int or t is float or v is None:
        return v
    if t is bool:
        return int(v)
    r = _text_to_number(v if t is str else _blob_text(v))
    if type(r) is int:
        return r
    if r == 0.0:
        return 0
    if r.is_integer() and -_TWO51 <= r < _TWO51:
        return int(r)
    return r


def to_number(v):
    """The numeric value SQLite uses for an arithmetic operand (text -> numeric prefix)."""
    t = type(v)
    if t is int or t is float or v is None:
        return v
    if t is str:
        return _text_to_number(v)
    if t is bool:
        return int(v)
    return _text_to_number(_blob_text(v))


def _to_int_operand(v) -> int:
    """The integer SQLite uses for a bitwise operand (sqlite3VdbeIntValue)."""
    t = type(v)
    if t is int:
        return v
    if t is float:
        return _real_to_i64(v)
    if t is str:
        return _text_to_int(v)
    if t is bool:
        return int(v)
    return _text_to_int(_blob_text(v))


_CAST_BY_AFFINITY = {TEXT: to_text, BLOB: to_blob, INTEGER: to_integer,
                     REAL: to_real, NUMERIC: to_numeric}


def cast(v, type_name: str | None):
    """CAST(v AS type_name), by the affinity of the type name."""
    return _CAST_BY_AFFINITY[affinity_of_type(type_name)](v)

# ---------------------------------------------------------------------------------------
# Three-valued logic
# ---------------------------------------------------------------------------------------


def truth(v) -> bool | None:
    """The boolean value of v in a condition: NULL -> None, else numeric value != 0."""
    t = type(v)
    if t is int or t is float or t is bool:
        return v != 0
    if v is None:
        return None
    if t is str:
        return _text_to_real(v) != 0.0
    return _text_to_real(_blob_text(v)) != 0.0


def sql_not(v):
    t = truth(v)
    return None if t is None else (0 if t else 1)


def is_true(v) -> int:
    """``v IS TRUE``: 1 when v is a true value (non-NULL, numerically non-zero), else 0."""
    return 1 if truth(v) else 0


def is_false(v) -> int:
    """``v IS FALSE``: 1 when v is a false value (non-NULL, numerically zero), else 0."""
    return 1 if truth(v) is False else 0


def sql_and(a, b):
    ta = truth(a)
    if ta is False:
        return 0
    tb = truth(b)
    if tb is False:
        return 0
    if ta is None or tb is None:
        return None
    return 1


def sql_or(a, b):
    ta = truth(a)
    if ta:
        return 1
    tb = truth(b)
    if tb:
        return 1
    if ta is None or tb is None:
        return None
    return 0

# ---------------------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------------------


def _operands(a, b):
    """Both operands as numbers, or None if either is NULL."""
    if a is None or b is None:
        return None
    ta = type(a)
    if ta is not int and ta is not float:
        a = to_number(a)
    tb = type(b)
    if tb is not int and tb is not float:
        b = to_number(b)
    return a, b


def _real_result(r: float):
    return None if r != r else r


def add(a, b):
    if type(a) is int and type(b) is int:
        r = a + b
        if INT64_MIN <= r <= INT64_MAX:
            return r
        return float(a) + float(b)
    ops = _operands(a, b)
    if ops is None:
        return None
    a, b = ops
    if type(a) is int and type(b) is int:
        return add(a, b)
    return _real_result(float(a) + float(b))


def sub(a, b):
    if type(a) is int and type(b) is int:
        r = a - b
        if INT64_MIN <= r <= INT64_MAX:
            return r
        return float(a) - float(b)
    ops = _operands(a, b)
    if ops is None:
        return None
    a, b = ops
    if type(a) is int and type(b) is int:
        return sub(a, b)
    return _real_result(float(a) - float(b))


def mul(a, b):
    if type(a) is int and type(b) is int:
        r = a * b
        if INT64_MIN <= r <= INT64_MAX:
            return r
        return float(a) * float(b)
    ops = _operands(a, b)
    if ops is None:
        return None
    a, b = ops
    if type(a) is int and type(b) is int:
        return mul(a, b)
    return _real_result(float(a) * float(b))


def div(a, b):
    """a / b: integer division truncates toward zero; division by zero is NULL."""
    if type(a) is int and type(b) is int:
        if b == 0:
            return None
        if b == -1 and a == INT64_MIN:
            return -float(a)
        q = abs(a) // abs(b)
        return q if (a < 0) == (b < 0) else -q
    ops = _operands(a, b)
    if ops is None:
        return None
    a, b = ops
    if type(a) is int and type(b) is int:
        return div(a, b)
    b = float(b)
    if b == 0.0:
        return None
    return _real_result(float(a) / b)


def mod(a, b):
    """a % b: C remainder; REAL operands are truncated to integers, giving a REAL."""
    if type(a) is int and type(b) is int:
        if b == 0:
            return None
        if b == -1:
            return 0
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    ops = _operands(a, b)
    if ops is None:
        return None
    if type(ops[0]) is int and type(ops[1]) is int:
        return mod(*ops)
    # The REAL path re-reads each original operand as an integer (text: integer prefix).
    ia = _to_int_operand(a)
    ib = _to_int_operand(b)
    if ib == 0:
        return None
    if ib == -1:
        return 0.0
    r = abs(ia) % abs(ib)
    return float(-r if ia < 0 else r)


def neg(v):
    """Unary minus (0 - v in SQLite, so -(INT64_MIN) overflows to REAL)."""
    if type(v) is int:
        if v == INT64_MIN:
            return -float(v)
        return -v
    return sub(0, v)


def _wrap64(v: int) -> int:
    v &= _M64
    return v - (1 << 64) if v >> 63 else v


def bitand(a, b):
    if a is None or b is None:
        return None
    return _to_int_operand(a) & _to_int_operand(b)


def bitor(a, b):
    if a is None or b is None:
        return None
    return _to_int_operand(a) | _to_int_operand(b)


def bitnot(v):
    if v is None:
        return None
    return ~_to_int_operand(v)


def _shift(value: int, amount: int, left: bool) -> int:
    if amount < 0:
        left = not left
        amount = -amount if amount > -64 else 64
    if amount >= 64:
        return 0 if (value >= 0 or left) else -1
    if left:
        return _wrap64(value << amount)
    return value >> amount


def shl(a, b):
    if a is None or b is None:
        return None
    return _shift(_to_int_operand(a), _to_int_operand(b), True)


def shr(a, b):
    if a is None or b is None:
        return None
    return _shift(_to_int_operand(a), _to_int_operand(b), False)


_CONCAT_UNCHECKED = MAX_LENGTH // 4   # below this many characters text is within the limit


def concat(a, b):
    """a || b: both rendered as text; NULL if either is NULL."""
    if type(a) is str and type(b) is str:
        if len(a) + len(b) > _CONCAT_UNCHECKED:
            check_text_size(len(a) + len(b), (a, b))
        if a and b and "\udc80" <= a[-1] <= "\udcff" and "\udc80" <= b[0] <= "\udcff":
            return normalize_text(a + b)    # the escaped bytes may join into characters
        return a + b
    if a is None or b is None:
        return None
    return concat(to_text(a), to_text(b))


def row_key_function(collations: tuple):
    """``key(row)``: rows with equal keys are equal under the columns' collations
    (DISTINCT, UNION, INTERSECT, EXCEPT compare this way)."""
    if all(c in ("BINARY", None) for c in collations):
        return _row_key
    keys = [sort_key_function(c or "BINARY") for c in collations]
    return lambda row: tuple([k(v) for k, v in zip(keys, row)])


def _row_key(row: tuple) -> tuple:
    return tuple(map(sort_key, row))
