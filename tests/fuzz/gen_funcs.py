"""Core scalar functions with edge arguments (feature ``function_edges``).

gen_expr.py calls every core function RowanDB has with drawn expressions and a few fixed
arguments. This module takes the place of such a call now and then (its choices come from
``g.side_rng``, as the date/time calls do, so a seed writes the same case without the
feature) and writes one whose arguments sit on the edges SQLite's func.c and printf.c
handle one by one: printf/format with every conversion, flag, width and precision (``*``
too) and too few arguments; substr/substring with negative, zero and 64-bit positions and
lengths; instr, replace (an empty pattern), trim/ltrim/rtrim with a second argument (empty,
a blob, NULL); char with code points 0, 0x10FFFF and beyond; unicode, hex/unhex (odd
digits, ignored characters), zeroblob of negative and non-integer sizes; quote;
likelihood with probabilities in range and out of it (integers, NULL, text, above
1.0); likely/unlikely; coalesce/ifnull/nullif/iif/if
with many arguments; typeof, sign, octet_length, length, abs of the smallest integer,
round to 30 or -1 digits; concat and concat_ws (a NULL separator); unistr and
unistr_quote; subtype; changes/total_changes/last_insert_rowid (the same statements ran on
both engines); the trigonometric and hyperbolic math functions gen_expr leaves out (with
feature ``math``); LIKE and GLOB with ESCAPE (one character, several, empty) as operators
and as functions; and operands under COLLATE NOCASE/RTRIM/BINARY, which instr, replace,
min/max, nullif and comparisons read differently.

Text that is not valid UTF-8 (``MALFORMED``: lone lead and continuation bytes, truncated,
overlong and surrogate forms, values past U+10FFFF, 5- and 6-byte forms) meets comparisons
under every collation, BETWEEN, IN, min/max, LIKE/GLOB (also as pattern and ESCAPE) and
the functions that count, cut or find characters (``MALFORMED_CALLS``), always where the
result is a number or goes through hex(): apsw cannot hand such text back to Python.

Arguments are drawn expressions of the call being replaced or edge literals. Nothing
grows large: widths and precisions stay under 30, zeroblob sizes under 10. Code points of
surrogates are left out of char() (its text would not be valid UTF-8, for the same
reason). A call that may raise is written only where errors are allowed (not inside a
subquery, KNOWN_BUGS ``subquery_errors``): there gen_expr writes its plain calls instead.
"""

from __future__ import annotations

import re

from .sqltree import Node, expr, items, leaf

# name -> argument kinds: "a" a drawn expression or an edge value, "i" an edge integer (a
# position, length or digit count), "f" a printf format, "c" a code point, "s" a short
# string (trim sets, separators, patterns), "p" a probability, "n" a zeroblob size,
# "u" a unistr text, "k" an operand under a COLLATE.
EDGE_CALLS = {
    "printf": ["f", "fa", "faa", "faaa", "fii"], "format": ["fa", "faa", "fia"],
    "substr": ["ai", "aii"], "substring": ["ai", "aii"], "instr": ["aa", "ka", "as"],
    "replace": ["aaa", "asa", "kaa"], "trim": ["a", "as"], "ltrim": ["as"], "rtrim": ["as"],
    "char": ["", "c", "cc", "ccc"], "unicode": ["a", "s"], "hex": ["a"],
    "unhex": ["s", "ss", "a"], "zeroblob": ["n"], "quote": ["a"], "likelihood": ["ap"],
    "likely": ["a"], "unlikely": ["a"], "coalesce": ["aa", "aaa", "aaaaa"],
    "ifnull": ["aa"], "nullif": ["aa", "ka"], "iif": ["aaa", "aaaaa", "aa"],
    "if": ["aa", "aaaa", "aaaaaa"], "typeof": ["a"], "sign": ["a"], "octet_length": ["a"],
    "length": ["a"], "abs": ["a"], "round": ["ai"], "concat": ["a", "aaa", "aaaa"],
    "concat_ws": ["sa", "saaa", "aaa"], "unistr": ["u"], "unistr_quote": ["a"],
    "subtype": ["a"], "changes": [""], "total_changes": [""], "last_insert_rowid": [""],
    "min": ["ka", "kaa"], "max": ["ka", "kaa"], "upper": ["a"], "lower": ["a"],
    "like": ["sa", "sas"], "glob": ["sa"],
}
MATH_EDGE_CALLS = {name: ["a"] for name in (
    "acos", "asin", "atan", "acosh", "asinh", "atanh", "tan", "cosh", "sinh", "tanh")}

EDGE_VALUES = ["NULL", "0", "-1", "1", "2.5", "-0.0", "9223372036854775807",
               "-9223372036854775808", "1e308", "'abc'", "'ABC '", "''", "' a '", "'é'",
               "'a%b_c'", "'12abc'", "x''", "x'00'", "x'616263'", "x'c3a9'", "'a''b'",
               "'\u00e9t\u00e9'", "'a\\b'", "'0x1F'"]
EDGE_INTS = ["0", "1", "-1", "2", "-2", "3", "5", "-5", "100", "2147483647", "-2147483648",
             "2147483648", "4294967296", "9223372036854775807", "-9223372036854775808",
             "NULL", "2.5", "-0.5", "'3'", "'x'", "1e300", "30", "-30"]
SHORT_STRINGS = ["''", "'a'", "'ab'", "' '", "'ba'", "'%'", "'_'", "'\\'", "'x'", "NULL",
                 "x'61'", "'A'", "'é'", "'aé'", "' \t'", "'0 1'", "'41'", "'4g'", "'a1B2'"]
CODE_POINTS = ["0", "65", "233", "0x10FFFF", "0x110000", "-1", "0x1F600", "NULL", "2.5",
               "'66'", "0xFFFD", "127", "128", "0x7FFFFFFF"]
PROBABILITIES = ["0.0", "1.0", "0.5", "0", "1", "0.9375"]
BAD_PROBABILITIES = ["1.5", "-0.1", "'a'", "NULL"]
ZEROBLOB_SIZES = ["-1", "0", "3", "2.5", "'4'", "NULL", "'x'", "-9223372036854775808"]
UNISTR_TEXTS = ["'a\\u00e9b'", "'\\+01F600'", "'\\\\'", "'\\x'", "'\\U0001F600'",
                "'\\u00'", "'plain'", "'\\0041'", "''", "NULL"]
PRINTF_CONVERSIONS = "diufeEgGxXocszqQw%npr"
PRINTF_FLAGS = ["", "", "-", "+", " ", "0", "#", ",", "!", "-0", "+ ", "#0", "!-", "ll", "l"]
PRINTF_WIDTHS = ["", "", "1", "5", "12", "*", "0"]
PRINTF_PRECISIONS = ["", "", ".0", ".2", ".10", ".*", ".", ".25"]
PRINTF_TAILS = ["", "", "|", " %s", "%", "%y", "%5", " %d%%"]
# *-width and *-precision arguments, and values a conversion meets
STAR_ARGUMENTS = ["-5", "0", "3", "12", "NULL", "'4'", "2.5"]
ESCAPES = ["'\\'", "'x'", "'%'", "'_'", "''", "'ab'", "NULL", "'é'"]
LIKE_PATTERNS = ["'a\\%'", "'\\%%'", "'x%x_'", "'%\\_'", "'ab'", "'A%'", "'%é%'", "'__'",
                 "'[a]%'", "'a*'"]
GLOB_PATTERNS = ["'[a-c]*'", "'*[^a]'", "'?b*'", "'[]]*'", "'a[*]'", "'*\\*'", "'[z-a]'",
                 "'[-a]'", "'é*'"]
COLLATIONS = ["NOCASE", "RTRIM", "BINARY"]
MALFORMED = [f"CAST(x'{h}' AS TEXT)" for h in (
    "c3", "ff", "80", "8080", "c0af", "e0808f", "eda080", "f4908080", "f8888080",
    "fc8080808080", "41c3", "c341", "e282", "4180", "80c3a9", "c3a9c3", "c380", "25c3", "5b80")]
# {m} a malformed text, {a} {s} {i} {f} as the argument kinds above
MALFORMED_CALLS = [
    "({a} < {m})", "({m} >= {a})", "({a} COLLATE NOCASE > {m})", "({m} COLLATE RTRIM <= {a})",
    "({m} < {m})", "({m} BETWEEN {a} AND {a})", "({m} IN ({a}, {m}))", "hex(min({a}, {m}))",
    "hex(max({m}, {a}))", "({a} LIKE {m})", "({m} LIKE {s})", "({m} GLOB {m})",
    "({a} GLOB '*' || {m} || '*')", "({m} LIKE {m} ESCAPE {m})", "({a} LIKE {s} ESCAPE {m})",
    "length({m})", "unicode({m})", "instr({a}, {m})", "instr({m}, {s})",
    "hex(substr({m}, {i}))", "hex(substr({m}, {i}, {i}))", "hex(trim({a}, {m}))",
    "hex(ltrim({m}, {m}))", "hex(rtrim({m}, {s}))", "hex(replace({a}, {m}, {s}))",
    "hex(replace({m}, {s}, {m}))", "hex(printf({f}, {m}))", "hex(upper({m} || {a}))",
    "hex({m} || {m})", "hex(quote({m}))", "octet_length({m})",
]


def edge_call(g, scope, expressions: list) -> Node:
    """An edge call in place of a function call just drawn (gen_expr ``function``), its
    drawn expressions among the arguments it may take."""
    side = g.side_rng
    table = dict(EDGE_CALLS)
    if g.config.has("math"):
        table.update(MATH_EDGE_CALLS)
    if side.random() < 0.15:
        return _like_operator(g, scope, expressions)
    if side.random() < 0.08:
        return _malformed_call(g, scope, expressions)
    name = side.choice(sorted(table))
    args, subs = [], []
    for kind in side.choice(table[name]):
        args.append(_argument(g, scope, kind, expressions, subs))
    return expr(f"{name}(", items(args), ")", subexprs=subs)


def _argument(g, scope, kind: str, expressions: list, subs: list) -> Node:
    side = g.side_rng
    if kind == "a" and expressions and side.random() < 0.5:
        subs.append(side.choice(expressions))
        return subs[-1]
    if kind == "k":
        collation = side.choice(COLLATIONS)
        scope.flags.add(collation.lower())
        inner = _argument(g, scope, "a", expressions, subs)
        return expr("(", inner, f" COLLATE {collation})", subexprs=[inner])
    if kind == "f":
        return leaf(_format(side))
    probabilities = PROBABILITIES + BAD_PROBABILITIES
    pool = {"a": EDGE_VALUES, "i": EDGE_INTS, "s": SHORT_STRINGS, "c": CODE_POINTS,
            "p": probabilities, "n": ZEROBLOB_SIZES, "u": UNISTR_TEXTS}[kind]
    return leaf(side.choice(pool))


def _malformed_call(g, scope, expressions: list) -> Node:
    """One of ``MALFORMED_CALLS``, its ``{m}`` a text that is not valid UTF-8."""
    side = g.side_rng
    parts, subs = [], []
    for piece in re.split(r"(\{[amsif]\})", side.choice(MALFORMED_CALLS)):
        if piece == "{m}":
            parts.append(leaf(side.choice(MALFORMED)))
        elif len(piece) == 3 and piece[0] == "{":
            parts.append(_argument(g, scope, piece[1], expressions, subs))
        elif piece:
            parts.append(piece)
    return expr(*parts, subexprs=subs)


def _format(side) -> str:
    """A printf format: one or two conversions with flags, width and precision."""
    parts = []
    for _ in range(side.choice([1, 1, 2])):
        parts.append("%" + side.choice(PRINTF_FLAGS) + side.choice(PRINTF_WIDTHS) +
                     side.choice(PRINTF_PRECISIONS) + side.choice(PRINTF_CONVERSIONS))
    text = side.choice(["", "x", "<"]) + "".join(parts) + side.choice(PRINTF_TAILS)
    return "'" + text.replace("'", "''") + "'"


def _like_operator(g, scope, expressions: list) -> Node:
    """``x [NOT] LIKE p [ESCAPE e]`` or ``x [NOT] GLOB p`` with edge patterns, escapes and
    operands under a COLLATE (which LIKE and GLOB ignore)."""
    side = g.side_rng
    subs: list = []
    operand = _argument(g, scope, side.choice(["a", "a", "k", "s"]), expressions, subs)
    negated = side.choice(["", "NOT "])
    if side.random() < 0.6:
        escape = f" ESCAPE {side.choice(ESCAPES)}" if side.random() < 0.7 else ""
        return expr("(", operand, f" {negated}LIKE {side.choice(LIKE_PATTERNS)}{escape})",
                    subexprs=subs)
    return expr("(", operand, f" {negated}GLOB {side.choice(GLOB_PATTERNS)})", subexprs=subs)
