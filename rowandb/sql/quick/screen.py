"""A look at a statement's text, before the quick path tokenizes it, for what the quick
path is sure to decline: a second SELECT (a compound) but one right after a parenthesis
(a subquery the path may take: subquery.py), a FROM parenthesis but one before a
SELECT (a FROM subquery the path may take: view.py), a JOIN other than CROSS JOIN (a FROM
list of tables and CROSS JOIN the path reads: joined.py).

Why: the quick path (``__init__.py``) declines these only after the lexer has made every
token and the reader has read the result columns, spent for nothing before the full path
starts over: 86 microseconds of CPU a select3 statement (a subquery), 490 a select5 one (a
join of up to 64 tables). One regular expression over the text finds them in a few (three,
each led by its word, over an ASCII text in capitals: a few microseconds). It may
also find a word in a string literal or a quoted name (``SELECT 'select'``): such a
statement takes the full path, which makes the same bound query; the screen only decides
how fast, never what.
"""

from __future__ import annotations

import re

# Searched from the seventh character, past the statement's own SELECT: a second SELECT
# not right after a parenthesis (with a space at most between), FROM before a
# parenthesis not before SELECT (a space at most between), JOIN as a word but right after
# ``CROSS ``.
_DECLINED = re.compile(
    r"(?<!\()(?<!\( )\bSELECT\b|\bFROM\s*\((?!\s?SELECT\b)|(?<!\bCROSS )\bJOIN\b",
    re.IGNORECASE)


# The same three searched apart in an ASCII text put in capitals (where the case-blind
# match is the match in capitals): each starts with its word, which the regular
# expression engine finds by a plain substring search, and looks back for what comes
# before it (a quarter of a look at every character: 5 microseconds a long statement of
# index/between instead of 45)
_SECOND_SELECT = re.compile(r"SELECT\b(?<!\wSELECT)(?<!\(SELECT)(?<!\( SELECT)")
_JOIN = re.compile(r"JOIN\b(?<!\wJOIN)(?<!\bCROSS JOIN)")
_FROM_LIST = re.compile(r"FROM\b(?<!\wFROM)\s*\((?!\s?SELECT\b)")


def surely_declined(statement: str) -> bool:
    """Whether the quick path would decline ``statement`` (a text starting with SELECT)
    for a reason its text shows; False says nothing."""
    if not statement.isascii():
        return _DECLINED.search(statement, 6) is not None
    upper = statement.upper()
    return _SECOND_SELECT.search(upper, 6) is not None or _JOIN.search(upper, 6) is not None \
        or _FROM_LIST.search(upper, 6) is not None
