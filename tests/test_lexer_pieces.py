"""The lexer's pieces (a token with the whitespace after it) against the tokenizer they
replaced (whitespace its own piece) and the one-match scanner, over corpus statements and
random texts.

``lexer._tokenize`` cuts a text into pieces with one ``findall`` and keeps what each
piece's text gives (kind, token, capitals, trailing whitespace) in ``_PIECE_KINDS``; the
twenty-second round made the whitespace after a token part of the token's piece, to halve
the pieces of a statement. Nothing a caller sees may change: every token (kind, text,
start, end, capitals) and every error (SQLite's 'unrecognized token' texts) must be the
ones the tokenizer before it gave, and the ones ``_tokenize_matched`` (one ``_TOKEN`` match
at a time) gives. ``_old_tokenize`` below is the tokenizer of main at 3954b54b, kept here
as the reference.
"""

from __future__ import annotations

import random
import re
from itertools import accumulate

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.catalog.ascii_case import ascii_upper
from rowandb.compat.records import Query, Statement, read_script
from rowandb.errors import OperationalError
from rowandb.sql.parse import lexer

# main's pieces at 3954b54b: every token and every run of whitespace a piece of its own
# (whitespace as SQLite's tokenizer reads it since branch errorder11, ``lexer._SPACE``:
# Python's ``\s`` took the vertical tab, other control characters and Unicode spaces)
_OLD_PIECES = re.compile(r"(?:" + lexer._SPACE + r") | " + lexer._TOKEN_BODY.pattern,
                         re.VERBOSE | re.DOTALL)


def _old_tokenize(sql: str) -> list:
    """main's ``_tokenize`` at 3954b54b, without its table of kept pieces (and with the
    checks made after it: ``lexer._refused``'s blob literal and Tcl-style parameter)."""
    parts = _OLD_PIECES.findall(sql)
    ends = list(accumulate(map(len, parts)))
    if (ends[-1] if ends else 0) != len(sql):
        return lexer._tokenize_matched(sql)
    tokens, start = [], 0
    for text, end in zip(parts, ends):
        kind = lexer._FIRST_KIND.get(text[0], "")
        if kind is None:
            kind = lexer._kind_after_first(text)
        elif not kind:
            kind = "word"                   # (every character past ASCII is a name's)
        if lexer._refused(kind, text):
            raise OperationalError(f'unrecognized token: "{text}"')
        if kind not in ("ws", "comment"):
            tokens.append(lexer.Token(kind, text, start, end))
        start = end
    return tokens


def _outcome(tokenize, text: str):
    """The tokens as plain tuples (the capitals included), or the error's class and text."""
    try:
        return [tuple(tok) for tok in tokenize(text)]
    except OperationalError as error:
        return ("error", str(error))


def _assert_same(texts) -> None:
    differ = []
    for text in texts:
        new = _outcome(lexer._tokenize, text)
        if new != _outcome(_old_tokenize, text) or new != _outcome(lexer._tokenize_matched, text):
            differ.append(text)
    assert differ == []


_SCRIPTS = ("select1.test", "index/between/10_slt_good_1.test",
            "evidence/slt_lang_createtrigger.test", "evidence/in1.test")


def test_corpus_statements_tokenize_as_before():
    """Every statement and query of four corpus scripts (long WHERE clauses, triggers, IN
    lists), as the first time and as kept pieces the second."""
    root = require_corpus()
    texts = [record.sql for name in _SCRIPTS for record in read_script(root / name).records
             if isinstance(record, (Statement, Query))]
    assert len(texts) > 10_000
    lexer._PIECE_KINDS.clear()
    for _ in range(2):
        _assert_same(texts)


# What the random texts are made of: every kind of token and its malformed forms, the
# characters that open one, whitespace SQLite does not know (a no-break space, U+2028),
# letters past ASCII ('ſ' folds to 'S' in Python, not in SQLite), NUL.
_FRAGMENTS = (
    "SELECT", "select", "a", "b1", "_x", "ſ", "é", "Ǳ", "x", "X", "e", "E", "1", "12", "0",
    "0x", "0X1f", "1_000", "1__0", "_", ".", ".5", "5.", "1e", "1e+", "3E-2", "12abc", "$",
    "?", "?12", ":", ":a", "@b", "$c", "::", "'", "''", "'ab'", '"', '"q"', "`", "[", "]",
    "x'", "X'0a'", "x'abc'", "--", "/*", "*/", "/", "*", "-", "+", "||", "->", "->>", "<",
    ">", "<=", "<>", "!=", "!", "==", "=", "(", ")", ",", ";", "~", "%", "&", "|", "#",
    " ", "  ", "\n", "\t", "\r\n", "\x0c", "\u00a0", "\u2028", "\u3000", "\x00", "\x85",
    "AND", "OR", "NOT", "BETWEEN", "IN", "'it''s'", "/* c */", "-- c\n",
)


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_tokenize_as_before(seed, monkeypatch):
    """5,000 texts of up to 24 fragments each, seeded; at seed 3 the table of kept pieces
    holds two (emptied as a statement is read), at the others its full 8,192."""
    monkeypatch.setattr(lexer, "_PIECE_KINDS", {})
    if seed == 3:
        monkeypatch.setattr(lexer, "_PIECE_KINDS_SIZE", 2)
    rng = random.Random(22_000 + seed)
    texts = ["".join(rng.choices(_FRAGMENTS, k=rng.randint(0, 24))) for _ in range(5000)]
    _assert_same(texts)
    _assert_same(texts)


@pytest.mark.parametrize("text", [
    "SELECT 1x", "SELECT 12abc", "SELECT 1e", "SELECT 0x ", "SELECT 1__000", "SELECT 1_",
    "SELECT 1\u00a0 + 1", "SELECT 'ab", 'SELECT "ab', "SELECT [ab", "SELECT `ab",
    "SELECT 1 # 2", "SELECT !", "SELECT :", "SELECT @", "SELECT $",
    # a blob as SQLite's tokenizer cuts it, as written; a quote unterminated to the end
    "SELECT X'0a", "SELECT x'0a", "SELECT x'abc'", "SELECT 1 + x'0g'", "SELECT x'0G1'",
    "SELECT 'abcdefghijklmnopqrstuvwxyz0123", 'SELECT "abcdefghijklmnopqrstuvwxyz 0123',
    "SELECT x 'ab",
    # a parameter's Tcl-style suffix not closed before a space; a prefix without a name
    "SELECT $a(b c)", "SELECT @x(", "SELECT $::", "SELECT #:: 1",
])
def test_lexer_errors_as_sqlite_words_them(text):
    """SQLite's 'unrecognized token' texts, from apsw: the malformed number with what runs
    into it, an unterminated quote to the end, a character no token starts with; and the
    tokenizer before the pieces gave the same."""
    with pytest.raises(apsw.SQLError) as expected:
        apsw.Connection(":memory:").execute(text)
    with pytest.raises(OperationalError) as raised:
        rowandb.connect(":memory:").execute(text)
    assert str(raised.value) == str(expected.value)
    assert _outcome(_old_tokenize, text) == ("error", str(raised.value))


def test_a_token_keeps_a_no_break_space_and_drops_trailing_whitespace():
    """A name runs over characters past ASCII (a no-break space included, as in SQLite);
    the whitespace after a token is part of its piece but not of the token."""
    tokens = lexer._tokenize("SELECT a\u00a0b \t\n, c  ")
    assert [(t.kind, t.text, t.start, t.end) for t in tokens] == [
        ("word", "SELECT", 0, 6), ("word", "a\u00a0b", 7, 10), ("op", ",", 13, 14),
        ("word", "c", 15, 16)]
    assert [t.upper for t in tokens] == [ascii_upper(t.text) for t in tokens]
