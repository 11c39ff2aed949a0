"""Comparing two outcomes: what counts as the same answer.

Strict by default: every value is compared together with its storage class (1, 1.0 and
'1' all differ), rows as an ordered list when the query's ORDER BY fixes the order, else
as a multiset; column names, row counts, error classes and messages must match.

Two allowances, each requested by the generator for a reason it can name (gen_query.py):

* ``representative`` -- SQLite may show either of two values that compare equal (1 or 1.0;
  'a' or 'A' in a case with NOCASE; 'a' or 'a ' in a case with RTRIM). When the strict
  comparison fails, values are compared again in a canonical form: numbers by value (Python
  compares int and float exactly, as SQLite does), text folded as the case's collations
  fold it. The result counts as an agreement "up to representatives".
* ``float_order`` -- sums of reals depend on the order of the additions: REALs are compared
  rounded to 10 significant digits, and an ``integer overflow`` from sum() on one side only
  is reported as order-dependent rather than as a difference.

``difference()`` returns None when the outcomes agree, else ``(kind, extra)``: ``kind`` is
one of the names in ``KINDS``, ``extra`` the error classes and messages in outline.
"""

from __future__ import annotations

import re
from collections import Counter

from .engines import Outcome

KINDS = {
    "crash": "a Python exception escaped from RowanDB",
    "timeout": "RowanDB ran past the per-statement time limit",
    "not-supported": "RowanDB raised NotSupportedError where SQLite succeeded",
    "error-vs-ok": "RowanDB failed where SQLite succeeded",
    "ok-vs-error": "RowanDB succeeded where SQLite failed",
    "error-class": "both failed, with different PEP 249 classes",
    "error-message": "both failed with the same class, different messages",
    "rows": "different rows (values, storage classes, order or count)",
    "columns": "different result column names",
    "rowcount": "different cursor.rowcount",
    "table-state": "a table holds different rows after the statement",
    "transaction-state": "in_transaction differs after the statement",
    "tlp": "RowanDB breaks ternary logic partitioning",
    "norec": "RowanDB's count(*) WHERE p differs from its sum((p) IS TRUE)",
}


class OrderDependent(Exception):
    """The outcomes differ only in a way SQLite leaves to the order rows arrive in."""


def difference(mine: Outcome, theirs: Outcome, *, ordered=False, flags=frozenset(),
               fold=None) -> tuple | None:
    """None if RowanDB's outcome equals SQLite's, else (kind, extra). May raise
    OrderDependent. ``fold`` canonicalises text for the representative comparison."""
    if mine.status in ("crash", "timeout"):
        return mine.status, mine.error
    if mine.status == "ok" and theirs.status == "ok":
        if mine.columns != theirs.columns:
            return "columns", ""
        if not same_rows(mine.rows, theirs.rows, ordered, flags, fold):
            return "rows", ""
        if mine.rowcount != theirs.rowcount:
            return "rowcount", ""
        return None
    if "sum" in flags and "integer overflow" in (mine.message, theirs.message):
        raise OrderDependent("integer overflow in sum()")
    if mine.status == "error" and theirs.status == "ok":
        return ("not-supported" if mine.error == "NotSupportedError" else "error-vs-ok",
                f"{mine.error}: {shape(mine.message)}")
    if mine.status == "ok":
        return "ok-vs-error", f"{theirs.error}: {shape(theirs.message)}"
    if mine.error != theirs.error:
        return "error-class", f"{mine.error}/{theirs.error}: {shape(theirs.message)}"
    if mine.message != theirs.message:
        return "error-message", f"{shape(mine.message)} / {shape(theirs.message)}"
    return None


def shape(message: str) -> str:
    """An error message without its particulars -- ``no such column: a1.c0`` becomes ``no
    such column`` -- so that a reduction keeps the same error, not the same names."""
    message = re.sub(r'"[^"]*"|\'[^\']*\'', '"…"', message)
    return message.split(": ")[0]


def same_rows(mine, theirs, ordered: bool, flags=frozenset(), fold=None) -> bool:
    """Strictly equal, or equal up to representatives when ``flags`` allow it."""
    def key(value):
        return strict(value, "float_order" in flags)

    if _equal(mine, theirs, ordered, key):
        return True
    if "representative" not in flags:
        return False
    return _equal(mine, theirs, ordered,
                  lambda v: canonical(v, fold, "float_order" in flags))


def _equal(mine, theirs, ordered: bool, key) -> bool:
    a = [tuple(key(v) for v in row) for row in mine]
    b = [tuple(key(v) for v in row) for row in theirs]
    return a == b if ordered else Counter(a) == Counter(b)


def strict(value, rounded: bool = False):
    """A value with its storage class: 1, 1.0 and '1' are three different keys."""
    if isinstance(value, float) and rounded:
        value = _round(value)
    return type(value).__name__, value


def canonical(value, fold=None, rounded: bool = False):
    """A value up to SQLite's equality: numbers by value, text folded by ``fold``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number", _round(value) if rounded and isinstance(value, float) else value
    if isinstance(value, str):
        return "text", fold(value) if fold else value
    return type(value).__name__, value


def _round(value: float) -> float:
    return float(f"{value:.10g}")


def text_folder(nocase: bool, rtrim: bool):
    """How NOCASE (ASCII letters only, as SQLite folds) and RTRIM (trailing spaces)
    canonicalise text; None when the case uses neither."""
    if not (nocase or rtrim):
        return None
    table = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

    def fold(text: str) -> str:
        if nocase:
            text = text.translate(table)
        return text.rstrip(" ") if rtrim else text

    return fold
