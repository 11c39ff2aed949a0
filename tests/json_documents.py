"""Hypothesis strategies for JSON documents as SQLite reads them, shared by the JSON tests.

``documents()`` draws text: RFC 8259 JSON and every JSON5 extension SQLite accepts
(comments, trailing commas, bare and single-quoted labels, hex, signs, bare dots,
Infinity/NaN, JSON5 escapes, raw control characters), big and small numbers, unicode and
escapes, plus near-misses that SQLite rejects. ``paths()`` draws JSON paths, valid and
not, that tend to hit the documents' labels and indexes.
"""
from __future__ import annotations

from hypothesis import strategies as st

LABELS = ("a", "b", "A", "x y", "", "é", "a.b", "0", "$", "\u4e2d")

_space = st.sampled_from(["", "", " ", "\n", "\t", " /* c */ ", "//c\n", "\u00a0", "\r\n"])
_number = st.one_of(
    st.integers(-2**70, 2**70).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "-0", "1.0", "1e5", "1E+2", "-1.5e-3", "0x1F", "-0xab", ".5", "5.",
                     "+5", "+.5", "Infinity", "-Infinity", "NaN", "1e999", "-1e999",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                     "0xFFFFFFFFFFFFFFFF", "01", "1.2.3", "1e", "-", "inf", "+inf", "QNaN"]),
)
_char = st.one_of(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    st.sampled_from(['\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9",
                     "\\ud83d\\ude00", "\\ud83d", "\\x41", "\\'", "\\v", "\\0", "\\\n",
                     "\t", "\x01", "'", '"', "\\q", "\\u12"]),
)


def _string(quote: str):
    return st.lists(_char, max_size=6).map(lambda cs: quote + "".join(cs) + quote)


_scalar = st.one_of(_number, _string('"'), _string("'"),
                    st.sampled_from(["true", "false", "null", "truex", "nul"]))


def _label():
    return st.one_of(st.sampled_from(LABELS).map(lambda s: '"' + s + '"'),
                     st.sampled_from(["a", "b", "_x", "$y", "a1"]), _string('"'))


def _containers(children):
    sep = st.sampled_from([",", ",", ", ", " ,"])
    array = st.tuples(st.lists(children, max_size=4), sep, st.booleans(), _space).map(
        lambda t: "[" + t[3] + t[1].join(t[0]) + ("," if t[2] and t[0] else "") + "]")
    member = st.tuples(_label(), _space, children).map(lambda t: t[0] + t[1] + ":" + t[2])
    obj = st.tuples(st.lists(member, max_size=4), sep, st.booleans()).map(
        lambda t: "{" + t[1].join(t[0]) + ("," if t[2] and t[0] else "") + "}")
    return st.one_of(array, obj)


_value = st.recursive(_scalar, _containers, max_leaves=12)


def documents():
    """JSON text: mostly well-formed, some JSON5, some malformed."""
    return st.tuples(_space, _value, _space).map(lambda t: t[0] + t[1] + t[2])


def paths():
    step = st.one_of(
        st.sampled_from(LABELS).map(lambda s: '."' + s + '"' if not s.isalnum() else "." + s),
        st.integers(0, 4).map(lambda n: f"[{n}]"),
        st.integers(1, 4).map(lambda n: f"[#-{n}]"),
        st.sampled_from(["[#]", ".", "[", "[x]", "[-1]", '."unterminated', "[#-0]"]),
    )
    return st.one_of(
        st.lists(step, max_size=3).map(lambda s: "$" + "".join(s)),
        st.sampled_from(["a", "0", "[0]", "x y", "", "$x", "-1"]),
    )
