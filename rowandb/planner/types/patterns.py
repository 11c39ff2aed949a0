"""LIKE and GLOB: SQLite's pattern matching (sqlite.org/lang_expr.html#like), without
exponential backtracking.

LIKE folds ASCII letters only (none under PRAGMA case_sensitive_like) and has ``%`` (any
run), ``_`` (one character) and an optional ESCAPE character; GLOB is case-sensitive with ``*``, ``?`` and ``[...]`` classes.
Semantics follow ``patternCompare`` and ``likeFunc`` in SQLite's src/func.c: characters are
code points as SQLite's UTF-8 reader takes them (text that is not valid UTF-8 is read with
its rules first, ``_as_read``: each malformed sequence one character); pattern, text and ESCAPE end at their first NUL (SQLite reads them as C
strings); an ESCAPE of ``%`` or ``_`` turns that wildcard off; an escape at the end of the
pattern, an unterminated ``[`` class or an empty one (``[z-a]``) can never match; a BLOB
operand gives 0, a pattern over 50,000 bytes an error, both before NULL is looked at.

**The algorithm.** A pattern is compiled once (cached per pattern) into *segments*: the
runs between stars (``%`` / ``*``), each a fixed-length sequence of single-character
tests -- a literal, any character (``_`` / ``?``), a class. Without a star the pattern is
one segment that must match the whole text. With stars, the first segment is anchored at
the start and the last at the end (each checked in place), and each middle segment is
looked for at its *leftmost* occurrence after the previous one. Leftmost is always right
for these wildcards: a star accepts any run, so if any placement of the middle segments
fits between head and tail, the leftmost-first one fits too (each choice leaves the longest
possible rest of the text). No choice is ever undone: the search never goes back across a
star.

**The bound.** For a text of n characters and a pattern of m, matching costs O(n·m) in the
worst case: a middle segment of k tests is tried at each start position at most once, at
most k steps each, and the start positions only move forward from one segment to the next;
segments of plain literals cost O(n + m). Compiling costs O(m) once per pattern (about
0.1 s for a 50,000-byte pattern of 12,000 distinct segments). SQLite's patternCompare is
O(n·m) too; the regex translation used before could backtrack across every star, a
polynomial of the degree of the number of stars (``%a%a%b`` against 5,000 ``a`` took two
minutes).

Segments are matched by Python's ``re``; a segment has no quantifier, so ``re`` has nothing
to backtrack into. The head and up to eight middle segments form one regex in which every
middle segment consumes the text through its leftmost occurrence and can never be made to
give any back: ``[^a]*+a`` (a possessive skip) for a one-character segment, an atomic
group ``(?>.*?abc)`` for a longer one. The tail is checked first, in place, and bounds the
search. More middle segments are searched one after the other, each from where the last
one ended. Common shapes get a direct test: exact text, ``abc%``, ``%abc``, ``%abc%``,
``a%z``.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import NamedTuple

from ...errors import OperationalError
from ..functions.sqltext import char_count, read_char
from .limit_values import current
from .values import has_surrogate, text_bytes, to_text

# SQLITE_MAX_LIKE_PATTERN_LENGTH: the longest pattern, in UTF-8 bytes, unless the
# connection lowered it (limit_values.py). A str of at most ``like_surely_short`` characters
# cannot exceed the limit in force (4 bytes per character).
_MAX_PATTERN_BYTES = 50000
# SQLite as shipped with apsw (the project's oracle) is built with
# SQLITE_LIKE_DOESNT_MATCH_BLOBS: a BLOB operand makes LIKE and GLOB false, even with NULL.
LIKE_DOESNT_MATCH_BLOBS = True
_NO_ESCAPE = object()      # like() called with two arguments
_LIKE_FLAGS = re.DOTALL | re.IGNORECASE | re.ASCII    # ASCII-only case folding
_GLOB_FLAGS = re.DOTALL


class _Test(NamedTuple):
    """A test of one character: ``regex`` matches the characters it accepts, ``skip`` those
    it rejects ("" when it accepts all); ``char`` is the character of a plain literal."""
    regex: str
    skip: str
    char: str | None = None


# A compiled pattern is first a list of tokens: _STAR or a _Test. A segment is the list of
# tests between two stars.
_STAR = None
_ANY = _Test(".", "")
Segment = list[_Test]
# Up to this many middle segments are searched by one regex (see _chain).
_ONE_REGEX_MIDDLES = 8


def like(pattern, text, escape=_NO_ESCAPE, case_sensitive=False):
    """SQLite's like(pattern, text[, escape]); an ESCAPE that is NULL gives NULL.
    ``case_sensitive``: PRAGMA case_sensitive_like is on, so no letter is folded."""
    if type(text) is str and type(pattern) is str and escape is _NO_ESCAPE and \
            len(pattern) <= current().like_surely_short and "\0" not in text and \
            (text.isascii() or not has_surrogate(text)):
        return 1 if _compile_like(pattern, None, case_sensitive)(text) else 0   # per row
    if LIKE_DOESNT_MATCH_BLOBS and (type(pattern) is bytes or type(text) is bytes):
        return 0
    pattern = _checked_pattern(pattern)
    if escape is _NO_ESCAPE:
        escape = None
    else:
        escape = _escape_character(escape)
        if escape is None:
            return None
    if pattern is None or text is None:
        return None
    pattern, text, escape = _as_read(pattern.partition("\0")[0], _subject(text), escape)
    return 1 if _compile_like(pattern, escape, case_sensitive)(text) else 0


def glob(pattern, text):
    """SQLite's glob(pattern, text): case-sensitive *, ?, [...] and [^...]."""
    if type(text) is str and type(pattern) is str and \
            len(pattern) <= current().like_surely_short and "\0" not in text and \
            (text.isascii() or not has_surrogate(text)):
        return 1 if _compile_glob(pattern)(text) else 0            # the per-row common case
    if LIKE_DOESNT_MATCH_BLOBS and (type(pattern) is bytes or type(text) is bytes):
        return 0
    pattern = _checked_pattern(pattern)
    if pattern is None or text is None:
        return None
    pattern, text, _ = _as_read(pattern.partition("\0")[0], _subject(text), None)
    return 1 if _compile_glob(pattern)(text) else 0


def _checked_pattern(pattern):
    """The pattern as text, refused past SQLite's length limit (checked before NULLs)."""
    if pattern is None:
        return None
    if type(pattern) is not str:
        pattern = to_text(pattern)
    limits = current()
    if len(pattern) > limits.like_surely_short and \
            len(pattern.encode("utf-8", "surrogatepass")) > limits.like_pattern_length:
        raise OperationalError("LIKE or GLOB pattern too complex")
    return pattern


def _escape_character(escape):
    """The ESCAPE character: None for NULL; exactly one character before any NUL."""
    if escape is None:
        return None
    escape = to_text(escape).partition("\0")[0]
    if (char_count(escape, 0xC0) if has_surrogate(escape) else len(escape)) != 1:
        raise OperationalError("ESCAPE expression must be a single character")
    return escape


# -- text as sqlite3Utf8Read reads it --------------------------------------------------------
# Python's characters are the ones SQLite reads but in text holding bytes that are not
# valid UTF-8 (surrogate escapes, ``has_surrogate``).

def _as_read(pattern: str, text: str, escape):
    """Pattern, text and escape as the characters sqlite3Utf8Read gives (``read_char``):
    a malformed sequence is one character, U+FFFD or the value its bits make. Values past
    U+10FFFF, which a str cannot hold, take the top 2,048 code points, ranked, while every
    code point from U+E000 up moves down into the surrogates' gap (no surrogate is left
    after reading): characters keep their order, for GLOB's ranges, and their equality."""
    if not any(map(has_surrogate, (pattern, text, escape or ""))):
        return pattern, text, escape
    codes = [_codes(s) for s in (pattern, text, "" if escape is None else escape)]
    big = sorted({c for cs in codes for c in cs if c > 0x10FFFF})
    if big:
        stand = {c: 0x10F800 + min(i, 0x7FF) for i, c in enumerate(big)}
        codes = [[c if c < 0xE000 else c - 0x800 if c <= 0x10FFFF else stand[c] for c in cs]
                 for cs in codes]
    pattern, text, escape_read = ("".join(map(chr, cs)) for cs in codes)
    return pattern, text, None if escape is None else escape_read


_ESCAPED = re.compile("[\udc80-\udcff]")     # a pattern's escaped bytes (once per pattern)
_GLOB = object()


def _read_then_match(pattern: str, escape, case_sensitive: bool, text: str) -> bool:
    """The matcher of a pattern holding escaped bytes: pattern and text read together."""
    glob_ = escape is _GLOB
    pattern, text, escape = _as_read(pattern, text, None if glob_ else escape)
    if glob_:
        return _compile_glob(pattern)(text)
    return _compile_like(pattern, escape, case_sensitive)(text)


def _codes(s: str) -> list:
    if not has_surrogate(s):
        return list(map(ord, s))
    data, i, codes = text_bytes(s), 0, []
    while i < len(data):
        c, i = read_char(data, i)
        codes.append(c)
    return codes


def _subject(text) -> str:
    """The text matched: numbers as their text, cut at the first NUL as SQLite reads it."""
    if type(text) is not str:
        text = to_text(text)
    if "\0" in text:
        return text[:text.index("\0")]
    return text


# -- compiling a pattern -------------------------------------------------------------------
@lru_cache(maxsize=512)
def _compile_like(pattern: str, escape: str | None, case_sensitive: bool = False):
    """A matcher for a LIKE pattern (pattern cut at NUL; escape None for none)."""
    if _ESCAPED.search(pattern) or escape is not None and _ESCAPED.search(escape):
        return partial(_read_then_match, pattern, escape, case_sensitive)
    tokens = []
    chars = iter(pattern.partition("\0")[0])
    for c in chars:
        if c == escape:
            c = next(chars, None)
            if c is None:
                return _never                  # an escape at the end matches nothing
            tokens.append(_literal_token(c))
        elif c == "%":
            tokens.append(_STAR)
        elif c == "_":
            tokens.append(_ANY)
        else:
            tokens.append(_literal_token(c))
    return _matcher(tokens, _GLOB_FLAGS if case_sensitive else _LIKE_FLAGS)


@lru_cache(maxsize=512)
def _compile_glob(pattern: str):
    """A matcher for a GLOB pattern (cut at NUL)."""
    pattern = pattern.partition("\0")[0]
    if _ESCAPED.search(pattern):
        return partial(_read_then_match, pattern, _GLOB, False)
    tokens = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            tokens.append(_STAR)
        elif c == "?":
            tokens.append(_ANY)
        elif c == "[":
            cls, i = _glob_class(pattern, i)
            if cls is None:
                return _never                  # unterminated or empty: matches nothing
            tokens.append(cls)
        else:
            tokens.append(_literal_token(c))
    return _matcher(tokens, _GLOB_FLAGS)


def _literal_token(c: str) -> _Test:
    return _Test(re.escape(c), f"[^{re.escape(c)}]", c)


def _glob_class(pattern: str, i: int):
    """The test for a ``[...]`` class whose body starts at ``i``, and the index after its
    ``]``; None when the class is unterminated or can match no character. As in SQLite: a
    ``^`` first inverts; a ``]`` first (after any ``^``) is a member; ``x-y`` is a range
    unless ``-`` comes first, last, or right after another range."""
    n = len(pattern)
    invert = i < n and pattern[i] == "^"
    if invert:
        i += 1
    items: list[str] = []
    if i < n and pattern[i] == "]":
        items.append(re.escape("]"))
        i += 1
    prior = None
    while i < n and pattern[i] != "]":
        c = pattern[i]
        i += 1
        if c == "-" and prior is not None and i < n and pattern[i] != "]":
            if prior <= pattern[i]:
                items.append(f"{re.escape(prior)}-{re.escape(pattern[i])}")
            i += 1
            prior = None
        else:
            items.append(re.escape(c))
            prior = c
    if i >= n:
        return None, i
    if not items:
        return (_ANY if invert else None), i + 1
    body = "".join(items)
    inside, outside = f"[{body}]", f"[^{body}]"
    return (_Test(outside, inside) if invert else _Test(inside, outside)), i + 1


def _matcher(tokens: list, flags: int):
    """A function text -> truthy for the pattern of ``tokens`` (see the module docstring)."""
    segments: list[Segment] = [[]]
    for token in tokens:
        if token is _STAR:
            segments.append([])
        else:
            segments[-1].append(token)
    if len(segments) == 1:
        return _exact(segments[0], flags)
    head, *middles, tail = segments
    middles = [m for m in middles if m]
    if not middles:
        if not tail:
            return _prefix(head, flags)
        if not head:
            return _suffix(tail, flags)
        # one star between head and tail: re tries the tail at each position, O(n·len(tail))
        return re.compile(f"{_regex(head)}.*{_regex(tail)}", flags).fullmatch
    if len(middles) == 1 and not head and not tail:
        return re.compile(_regex(middles[0]), flags).search
    return _general(head, middles, tail, flags)


def _literal(segment: Segment, flags: int) -> str | None:
    """The segment's text when plain ``str`` comparison is exact for it, else None."""
    chars = [test.char for test in segment]
    if None in chars:
        return None
    text = "".join(chars)
    if flags & re.IGNORECASE and _has_ascii_letter(text):
        return None
    return text


def _regex(segment: Segment) -> str:
    return "".join(test.regex for test in segment)


def _has_ascii_letter(text: str) -> bool:
    return any("a" <= c <= "z" or "A" <= c <= "Z" for c in text)


def _exact(segment: Segment, flags: int):
    literal = _literal(segment, flags)
    if literal is not None:
        return literal.__eq__
    return re.compile(_regex(segment), flags).fullmatch


def _prefix(head: Segment, flags: int):
    if not head:
        return _always
    literal = _literal(head, flags)
    if literal is not None:
        return lambda text: text.startswith(literal)
    return re.compile(_regex(head), flags).match


def _suffix(tail: Segment, flags: int):
    literal = _literal(tail, flags)
    if literal is not None:
        return lambda text: text.endswith(literal)
    size, match = len(tail), re.compile(_regex(tail), flags).match
    return lambda text: len(text) >= size and match(text, len(text) - size)


def _general(head: Segment, middles: list[Segment], tail: Segment, flags: int):
    """Head anchored at 0, tail at the end, (non-empty) middles leftmost-first between."""
    chain = _chain(head, middles, flags)
    if not tail:
        return chain
    size, tail_match = len(tail), re.compile(_regex(tail), flags).match

    def match(text: str):
        end = len(text) - size
        return end >= 0 and tail_match(text, end) is not None and chain(text, 0, end)
    return match


def _chain(head: Segment, middles: list[Segment], flags: int):
    """A function (text, start=0, end=len(text)) -> truthy when text[start:end] begins with
    ``head`` and then holds the middle segments in order, without overlapping. Up to
    _ONE_REGEX_MIDDLES segments make one regex (see _through_leftmost); more (long patterns
    such as ``%a%a%a...``, up to 25,000 segments) are searched one by one, which spares
    compiling a regex of that size."""
    if len(middles) <= _ONE_REGEX_MIDDLES:
        return re.compile(_regex(head) + "".join(map(_through_leftmost, middles)), flags).match
    head_match = re.compile(_regex(head), flags).match
    searches = [re.compile(_regex(m), flags).search for m in middles]

    def find(text: str, start: int = 0, end: int | None = None) -> bool:
        end = len(text) if end is None else end
        found = head_match(text, start, end)
        if found is None:
            return False
        for search in searches:
            found = search(text, found.end(), end)
            if found is None:
                return False
        return True
    return find


def _through_leftmost(segment: Segment) -> str:
    """A regex that consumes the text up to and including the segment's leftmost
    occurrence and never gives any of it back: a one-character segment skips what it
    rejects possessively (``[^a]*+a``), a longer one is a lazy search in an atomic group."""
    if len(segment) == 1:
        test = segment[0]
        return f"{test.skip}*+{test.regex}" if test.skip else test.regex
    return f"(?>.*?{_regex(segment)})"


def _always(_text) -> bool:
    return True


def _never(_text) -> bool:
    return False
