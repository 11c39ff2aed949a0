"""Regular-expression classes of some ASCII characters and every character past ASCII,
written so that ``re`` compiles them in microseconds.

SQLite's tokenizer takes every character past U+007F as part of a name, so the lexer's
patterns (and the shell's) hold classes such as ``[A-Za-z_\\x80-\\U0010ffff]``. Python's
``re`` compiles such a range by marking its code points one by one in a table up to
U+FFFF: 3 to 5 ms of CPU per class, and the lexer's three patterns hold nine -- some
60 ms of every process's start, paid for each script the corpus runs. The same set,
written as the complement of the ASCII characters it leaves out (``[^\\x00-@...]``),
holds only ASCII ranges and matches exactly the same characters, every code point past
U+007F included (lone surrogates too).
"""

from __future__ import annotations

import re

_ASCII = range(128)


def ascii_and_beyond(ascii_class: str) -> str:
    """A class (with its brackets) matching the ASCII characters the class body
    ``ascii_class`` matches (such as ``A-Za-z_0-9$``) and every character past U+007F,
    written as the negation of the ASCII characters it leaves out (any character at all
    where it leaves none out)."""
    wanted = re.compile(f"[{ascii_class}]")
    left_out = [code for code in _ASCII if not wanted.match(chr(code))]
    return "[^" + "".join(_ranges(left_out)) + "]" if left_out else "(?s:.)"


def _ranges(codes: list[int]):
    """``\\xNN`` escapes of sorted ``codes``, a run of three or more as one range."""
    start = 0
    while start < len(codes):
        end = start
        while end + 1 < len(codes) and codes[end + 1] == codes[end] + 1:
            end += 1
        first, last = codes[start], codes[end]
        if end - start >= 2:
            yield f"\\x{first:02x}-\\x{last:02x}"
        else:
            yield "".join(f"\\x{code:02x}" for code in range(first, last + 1))
        start = end + 1
