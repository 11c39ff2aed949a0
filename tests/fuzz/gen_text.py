"""Non-ASCII text among the drawn values (feature ``unicode_text``), for the string
functions, LIKE/GLOB, NOCASE, CAST and the indexes to meet.

SQLite folds case for A-Z only (upper('ß') is 'ß', 'ä' LIKE 'Ä' is false, NOCASE leaves
'Σ' and 'σ' apart), counts characters as code points (a combining accent is one, an
emoji one, not two UTF-16 units), takes no digit but 0-9 as a number ('１２' and '١٢'
are text to CAST) and trims, replaces and searches by code point. The values here test
each of those: letters whose case Python folds and SQLite does not, letters of two code
points that one grapheme shows, characters beyond the Basic Multilingual Plane, other
scripts' digits and spaces, ligatures.

``draw_value`` (gen_schema.py) hands over now and then, the choice drawn aside
(``Gen.side_rng``).
"""

from __future__ import annotations

UNICODE_TEXT = [
    "ß", "ẞ", "straße", "İ", "ı", "i̇", "ǅ", "ǆ", "Σ", "σ", "ς", "Ä", "ä", "a\u0308",
    "é", "e\u0301", "\u212b", "Å", "ﬁ", "日本語", "語", "😀", "a😀b", "\U0001f468\u200d\U0001f469",
    "１２", "١٢", "\u00a0 1", "1\u2009", "a\u200bb", "€1", "Ω", "ω", "ŉ", "ǰ",
    "\u0301", "ÿ", "Ÿ", "%ß_", "ab\u00ad",
]


def wanted(g) -> bool:
    return g.config.has("unicode_text") and g.side_rng.random() < 0.1


def draw(g) -> str:
    return g.side_rng.choice(UNICODE_TEXT)
