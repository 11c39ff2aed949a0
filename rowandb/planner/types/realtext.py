"""REAL <-> text conversion, digit for digit as SQLite does it: a numeric helper of values.py.

This is not a home for value semantics. ``values.py`` remains THE module of SQLite value
semantics (it decides *when* text becomes a number, which affinity applies, what CAST means);
this module only computes *how* the digits come out, and is used through ``values.py``.

- Text -> REAL: ``NUM_PREFIX``/``NUM_WHOLE`` match SQLite's numeric-literal grammar and
  ``groups_to_real`` turns the matched pieces into the double that sqlite3AtoF produces;
  beyond 2**53 or 10**22 it scales by a truncated 96-bit power of ten (``fp10_to_double``),
  so results can differ from Python's correctly rounded ``float()`` exactly as SQLite's do.
- REAL -> text: ``fp_decode`` mirrors sqlite3FpDecode's digit generation, including its
  rule for shortening 17 digits when fewer still round-trip, and ``real_to_text`` lays
  the digits out as SQLite's "%!.17g" does, so CAST(r AS TEXT) matches SQLite (checked
  against apsw in tests/test_values.py). printf()'s %f/%e/%g reuse ``fp_decode``.
"""
from __future__ import annotations

import math
import re
import struct
from functools import lru_cache

# ---------------------------------------------------------------------------------------
# Text -> REAL (sqlite3AtoF behaviour)
# ---------------------------------------------------------------------------------------

# Groups: sign, integer digits, fraction digits, fraction-only digits, exponent.
_NUM_BODY = r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?"
NUM_PREFIX = re.compile(r"[ \t\n\v\f\r]*" + _NUM_BODY, re.ASCII)
NUM_WHOLE = re.compile(r"[ \t\n\v\f\r]*" + _NUM_BODY + r"[ \t\n\v\f\r]*\Z", re.ASCII)
_DIGIT_CAP = ((1 << 64) - 1 - 9) // 10
_M64 = (1 << 64) - 1


def groups_to_real(sign, intd, frac, frac_only, exp) -> float:
    """The double SQLite's sqlite3AtoF produces for a parsed numeric literal."""
    if intd is None:
        intd, frac = "", frac_only
    frac = frac or ""
    digits = (intd + frac).lstrip("0")
    d = -len(frac)
    if exp is not None:
        d += _bounded_exponent(exp)
    if not digits:
        return -0.0 if sign == "-" else 0.0
    if len(digits) > 19:
        keep = 20 if int(digits[:19]) < _DIGIT_CAP else 19
        d += len(digits) - keep
        digits = digits[:keep]
    s = int(digits)
    if s < 9007199254740992 and -22 <= d <= 22:
        r = s * 10.0 ** d if d >= 0 else s / 10.0 ** -d
    else:
        r = fp10_to_double(s, d)
    return -r if sign == "-" else r


def _bounded_exponent(exp: str) -> int:
    neg = exp[0] == "-"
    body = exp.lstrip("+-").lstrip("0")
    e = int(body[:6]) if body else 0
    e = min(e, 100000)
    return -e if neg else e


def text_to_real(s: str) -> float:
    """CAST(text AS REAL): the longest numeric prefix as a double, 0.0 if none."""
    m = NUM_PREFIX.match(s)
    if m is None:
        return 0.0
    return groups_to_real(*m.groups())

# ---------------------------------------------------------------------------------------
# SQLite's binary <-> decimal conversions (truncated 96-bit powers of ten)
# ---------------------------------------------------------------------------------------

_P10_FIRST, _P10_LAST = -348, 347


def _pwr10to2(p: int) -> int:
    return (p * 108853) >> 15


def _pwr2to10(p: int) -> int:
    return (p * 78913) >> 18


def _power_of_ten_96(p: int) -> tuple[int, int]:
    """floor(10**p * 2**(95 - pwr10to2(p))) split into its high 64 and low 32 bits."""
    shift = 95 - _pwr10to2(p)
    if p >= 0:
        v = (10 ** p << shift) if shift >= 0 else (10 ** p >> -shift)
    else:
        v = (1 << shift) // 10 ** -p
    return v >> 32, v & 0xFFFFFFFF


_P10 = [_power_of_ten_96(p) for p in range(_P10_FIRST, _P10_LAST + 1)]
_pack_d = struct.Struct("<d").pack
_unpack_d = struct.Struct("<d").unpack
_pack_q = struct.Struct("<Q").pack
_unpack_q = struct.Struct("<Q").unpack


def fp10_to_double(d: int, p: int) -> float:
    """Approximately d * 10**p as a double, rounded the way SQLite rounds it."""
    if p < _P10_FIRST:
        return 0.0
    if p > _P10_LAST:
        return math.inf
    b = d.bit_length()
    lp = _pwr10to2(p)
    e = 53 - b - lp
    if e > 1074:
        if e >= 1130:
            return 0.0
        e = 1074
    s = -(e - (64 - b) + lp + 3)
    hi10, lo10 = _P10[p - _P10_FIRST]
    if lo10:
        hi10 += 1
        lo10 = ~lo10 & 0xFFFFFFFF
    x = (d << (64 - b)) & _M64
    prod = x * hi10
    hi = prod >> 64
    mid1 = (prod & _M64) >> 32
    sticky = 1
    if hi & ((1 << s) - 1) == 0:
        mid2 = ((x * (lo10 << 32)) >> 96) & 0xFFFFFFFF
        sticky = 1 if ((mid1 - mid2) & 0xFFFFFFFF) > 1 else 0
        if mid1 < mid2:
            hi -= 1
    u = (hi >> s) | sticky
    if u >= (1 << 55) - 2:
        u = (u >> 1) | (u & 1)
        e -= 1
    m = (u + 1 + ((u >> 2) & 1)) >> 2
    if e <= -972:
        return math.inf
    if m & (1 << 52):
        m = (m & ~(1 << 52)) | ((1075 - e) << 52)
    return _unpack_d(_pack_q(m & _M64))[0]


def _fp2_to_decimal(m: int, e: int, n: int) -> tuple[int, int]:
    """m * 2**e as (digits, p) with value ~ digits * 10**p and at least n digits."""
    p = n - 1 - _pwr2to10(e + 63)
    h = (m * _P10[p - _P10_FIRST][0]) >> 64
    if n == 18:
        h >>= -(e + _pwr10to2(p) + 2)
        return (h + ((h << 1) & 2)) >> 1, -p
    return h >> -(e + _pwr10to2(p) + 1), -p


def fp_decode(r: float, iround: int, mxround: int) -> tuple[str, int]:
    """SQLite's decimal digits of positive finite ``r``: (digits, position of the point).

    iround > 0 rounds to that many significant digits (at most mxround); iround <= 0
    rounds to -iround digits after the decimal point. Trailing zeros are removed.
    """
    v = _unpack_q(_pack_d(r))[0]
    e = (v >> 52) & 0x7FF
    v &= 0x000FFFFFFFFFFFFF
    if e == 0:
        shift = 64 - v.bit_length()
        v <<= shift
        e = -1074 - shift
    else:
        v = (v << 11) | (1 << 63)
        e -= 1086
    v, exp = _fp2_to_decimal(v, e, 18 if (iround <= 0 or iround >= 18) else iround + 1)
    z = str(v)
    n = len(z)
    idp = n + exp
    if iround <= 0:
        iround = idp - iround
        if iround == 0 and z[0] >= "5":
            iround = 1
            z = "0" + z
            n += 1
            idp += 1
    if iround > 0 and (iround < n or n > mxround):
        if iround > mxround:
            iround = mxround
        if iround == 17:
            iround = _shorten17(r, z, n, exp, idp, iround)
        z, idp = _round_digits(z, iround, idp)
    z = z.rstrip("0")
    return (z or "0"), idp


def _shorten17(r: float, z: str, n: int, exp: int, idp: int, iround: int) -> int:
    """SQLite's heuristic: use fewer than 17 digits when they still round-trip."""
    if z[15] == "9" and z[14] == "9":
        jj = 14
        while jj > 0 and z[jj - 1] == "9":
            jj -= 1
        v2 = 1 if jj == 0 else int(z[:jj]) + 1
        if r == fp10_to_double(v2, exp + n - jj):
            return jj + 1
    elif idp >= n or (z[15] == "0" and z[14] == "0" and z[13] == "0"):
        jj = 13
        while z[jj - 1] == "0":
            jj -= 1
        if r == fp10_to_double(int(z[:jj]), exp + n - jj):
            return jj + 1
    return iround


def _round_digits(z: str, keep: int, idp: int) -> tuple[str, int]:
    """Round the digit string to ``keep`` digits, half up, carrying into a new digit."""
    head = z[:keep]
    if len(z) > keep and z[keep] >= "5":
        bumped = str(int(head) + 1)
        if len(bumped) > keep:
            return bumped, idp + 1
        return bumped.rjust(keep, "0"), idp
    return head, idp


def _layout_real(neg: bool, digits: str, idp: int) -> str:
    """Format decimal digits the way SQLite's "%!.17g" lays them out."""
    e = idp - 1
    if -4 <= e < 17:
        if e >= 0:
            whole = digits[:idp].ljust(idp, "0")
            text = whole + "." + (digits[idp:] or "0")
        else:
            text = "0." + "0" * (-idp) + digits
    else:
        text = f"{digits[0]}.{digits[1:] or '0'}e{'-' if e < 0 else '+'}{abs(e):02d}"
    return "-" + text if neg else text


@lru_cache(maxsize=4096)
def real_to_text(r: float) -> str:
    if r == 0.0:
        return "0.0"
    if r != r:
        return "NaN"
    if r == math.inf:
        return "Inf"
    if r == -math.inf:
        return "-Inf"
    neg = r < 0
    digits, idp = fp_decode(-r if neg else r, 17, 20)
    return _layout_real(neg, digits, idp)
