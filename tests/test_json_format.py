"""The JSON text parser, JSONB encoder and text renderer (rowandb/planner/functions/json/)
against SQLite (apsw): for each document, the JSONB blob byte for byte (``jsonb()``), the
minified text (``json()``), whether it is canonical JSON (``json_valid(X, 1)``) and where
a malformed one fails (``json_error_position()``)."""
from __future__ import annotations

import sys

import apsw
import pytest
from hypothesis import given

from json_documents import documents
from rowandb.planner.functions.json.jsonb import first_error, render
from rowandb.planner.functions.json.parse import JsonSyntaxError, parse_text
from test_datetime_differential import props

_SQLITE = apsw.Connection(":memory:")

CASES = [
    '[1,2]', ' {"a" : [1, 2.5, -0, 1e5, "x\\ny"]} ', '{a:1,}', "['x\\x41', 0x1f, -0XaB, .5, 5.]",
    "[+5, +.5, -.5e3, 5.e3]", 'NaN', '-Infinity', '+inf', 'infinity', 'Infinityx', '[1,]',
    '[,]', '{"a" 1}', '[1 2]', '/*c*/ [1] // x', '[1]/*', '"\\u00e9\\uD83D\\uDE00"', "'a\"b'",
    '{$a:1, _b:2, é:3, a\\u0041:4}', '{1a:1}', '{null:1}', '[01]', '[-01]', '[1.2.3]', '[1e]',
    '[1e+]', '[.e1]', '[1.e5]', '[-]', '[--1]', '"abc', '[1,2', '{"a":1', '{"a":}', '{:1}',
    '[true,false,null]', '[truex]', '"\t"', '"\x01"', '"\\q"', '["\\v\\0\\\n"]',
    '\u00a0[1]\u3000', '[1]\x00garbage', '[1]x', '   ', '123456789012345678901234567890',
    '[1e999, -1e999]', '[0x]', '[0x1g]', '{"a":{"b":{"c":[[[]]]}}}', '[' * 1000 + ']' * 1000,
    '[' * 1001 + ']' * 1001, '{"a":1 , "b":2 }', '[1 ,2 ]', '[1\t,\n2]', '[1/**/,2]',
    '{"a"/**/:1}', '{"a" /**/ :1}', "{'a':1}", '["\\x4"]', '"\\u12"', '0', '-0', '1.0', '1E+2',
    '"a' + 'b' * 300 + '"', '[' + ','.join(['"' + 'x' * 20 + '"'] * 4000) + ']',
    '0x10000000000000000',
]


def sqlite_reads(text: str):
    """(json, hex of jsonb, json_valid(X,1), json_error_position) as SQLite gives them."""
    try:
        minified, blob, canonical = _SQLITE.execute(
            "SELECT json(?1), hex(jsonb(?1)), json_valid(?1, 1)", (text,)).fetchone()
    except apsw.SQLError as error:
        assert str(error).endswith("malformed JSON")
        minified = blob = canonical = None
    position = _SQLITE.execute("SELECT json_error_position(?)", (text,)).fetchone()[0]
    return minified, blob, canonical, position


def rowandb_reads(text: str):
    data = text.encode("utf-8")
    try:
        parsed = parse_text(data)
    except JsonSyntaxError as error:
        return None, None, None, len(data[:error.position].decode("utf-8", "replace")) + 1
    blob = bytes(parsed.out)
    assert first_error(blob, 0, len(blob), 1) == 0      # what we write is valid JSONB
    return render(blob).decode("utf-8"), blob.hex().upper(), int(not parsed.nonstd), 0


@pytest.fixture(autouse=True)
def deep_recursion():
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)           # as limits.deep_enough gives every statement
    yield
    sys.setrecursionlimit(before)


@pytest.mark.parametrize("text", CASES)
def test_documents_read_as_sqlite_reads_them(text):
    assert rowandb_reads(text) == sqlite_reads(text)


@props(400)
@given(documents())
def test_random_documents_read_as_sqlite_reads_them(text):
    assert rowandb_reads(text) == sqlite_reads(text)
