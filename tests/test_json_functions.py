"""Differential property tests of the JSON functions against SQLite (apsw).

Hypothesis draws JSON documents (RFC 8259, JSON5, malformed; ``json_documents.py``),
paths that hit their labels and indexes or are malformed, and SQL values of every storage
class (big integers, infinities, text that looks like JSON, BLOBs that are and are not
JSONB). Each example calls every JSON function -- on the text and on its JSONB -- through
bound parameters on both engines; the outcomes must be identical: the same value with the
same storage class (``oracle.exact``), or the same error class and message.
"""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from json_documents import documents, paths
from oracle import pair, run
from test_datetime_differential import props

# ?1 document, ?2 and ?4 paths, ?3 a value, ?5 json_valid flags, ?6 a second document
CALLS = [
    "json(?1)", "jsonb(?1)", "json_valid(?1)", "json_valid(?1, ?5)", "json_error_position(?1)",
    "json_type(?1)", "json_type(?1, ?2)", "json_array_length(?1)", "json_array_length(?1, ?2)",
    "json_extract(?1, ?2)", "json_extract(?1, ?2, ?4)", "jsonb_extract(?1, ?2)",
    "?1 -> ?2", "?1 ->> ?2", "json_set(?1, ?2, ?3)", "json_insert(?1, ?2, ?3, ?4, json(?6))",
    "json_replace(?1, ?2, ?3)", "json_remove(?1, ?2, ?4)", "jsonb_set(?1, ?2, ?3)",
    "jsonb_insert(?1, ?2, ?3)", "jsonb_replace(?1, ?4, ?3)", "jsonb_remove(?1, ?2)",
    "json_array_insert(?1, ?2, ?3)", "jsonb_array_insert(?1, ?4, ?3)",
    "json_patch(?1, ?6)", "jsonb_patch(?1, ?6)", "json_pretty(?1)", "json_pretty(?1, ?2)",
    "json_quote(?3)", "json_array(?3, json(?6), ?1)", "jsonb_array(?3)",
    "json_object(?2, ?3, 'k', json(?6))", "jsonb_object('k', ?3)", "subtype(json_quote(?3))",
    "json_set(?1, ?2, json(?6))", "json_array(?1 -> ?2)", "json_array(?1 ->> ?2)",
]
# The same calls with the document given as JSONB (made by SQLite, so both read one blob).
BLOB_CALLS = [c.replace("?1", "?7") for c in CALLS if "?1" in c]

_values = st.one_of(
    st.none(), st.integers(-2**63, 2**63 - 1), st.integers(-10, 10),
    st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from(["[1,2]", '{"a":1}', "null", "", "$.a", "'x'", "é\u0000", "\x01"]),
    st.binary(max_size=4), st.sampled_from([b"\x0b", b"\x13\x31", b"\x01", b"\x0c\x01"]),
)
_flags = st.one_of(st.integers(0, 16), st.sampled_from(["3", None, 1.5]))


@pytest.fixture(scope="module")
def engines():
    return pair()


@pytest.fixture(autouse=True)
def deep_recursion():
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    yield
    sys.setrecursionlimit(before)


def _both(engines, template, call, params=()):
    """Both engines' outcomes of ``template`` with ``call`` in it; when apsw cannot decode
    SQLite's text, the two engines' bytes are compared through hex()."""
    mine, sqlite = engines
    sql = template.format(call)
    ours, theirs = run(mine, sql, params), run(sqlite, sql, params)
    if theirs[:2] == ("python", "UnicodeDecodeError"):
        sql = template.format(f"hex({call})")
        ours, theirs = run(mine, sql, params), run(sqlite, sql, params)
    return ours, theirs


def _jsonb(sqlite, text):
    outcome = run(sqlite, "SELECT jsonb(?)", (text,))
    return outcome[1][0][0][1] if outcome[0] == "ok" else None


@props(300)
@given(documents(), paths(), _values, paths(), _flags, documents())
def test_every_json_function_matches_sqlite(engines, doc, path, value, path2, flags, doc2):
    params = (doc, path, value, path2, flags, doc2, _jsonb(engines[1], doc))
    calls = CALLS + (BLOB_CALLS if params[-1] is not None else [])
    differences = []
    for call in calls:
        used = params[:max(int(n) for n in re.findall(r"\?(\d)", call))]
        ours, theirs = _both(engines, "SELECT {}", call, used)
        if ours != theirs:
            differences.append(f"{call}\n  rowandb: {ours}\n  sqlite:  {theirs}")
    assert not differences, f"params {params!r}\n" + "\n".join(differences)


@props(60)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None, 1]), _values), max_size=6),
       st.integers(0, 2))
def test_json_aggregates_and_windows_match_sqlite(engines, rows, preceding):
    mine, sqlite = engines
    setup = ["DROP TABLE IF EXISTS j", "CREATE TABLE j(id INTEGER PRIMARY KEY, k, v)"]
    setup += ["INSERT INTO j(k, v) VALUES (?, ?)"] * len(rows)
    for session in (mine, sqlite):
        run(session, setup[0])
        run(session, setup[1])
        for k, v in rows:
            run(session, setup[2], (k, v))
    frame = f"OVER (ORDER BY id ROWS {preceding} PRECEDING)"
    for call in ["json_group_array(v)", "json_group_object(k, v)", "jsonb_group_array(v)",
                 "jsonb_group_object(k, v)", "json_array(json_group_array(v))",
                 "json_group_array(json(v))", f"json_group_array(v) {frame}",
                 f"json_group_object(k, v) {frame}", f"json_array(json_group_array(k) {frame})"]:
        ours, theirs = _both(engines, "SELECT {} FROM j", call)
        assert ours == theirs, call


def _nested(depth: int, innermost: bytes, kind: int, label: bytes = b"") -> bytes:
    """JSONB ``depth`` containers deep (objects when ``label`` is given)."""
    from rowandb.planner.functions.json.jsonb import header_bytes
    blob = innermost
    for _ in range(depth - 1):
        blob = header_bytes(kind, len(label) + len(blob)) + label + blob
    return blob


DEEP_CALLS = ["length(json(?1))", "length(json_pretty(?1))", "length(json_extract(?1, '$[0]'))",
              "length(json_array(?1))", "hex(jsonb_patch('{}', ?1)) IS NULL",
              "length(json_patch(?1, ?1))", "json_group_array(?1) IS NULL",
              "json_valid(?1, 8)", "json_error_position(?1)"]


@pytest.mark.parametrize("depth", [999, 1000, 1001, 1002, 3000])
def test_jsonb_nested_past_the_depth_limit_is_sqlites_error_not_a_recursion_error(
        engines, depth):
    """Blobs can nest deeper than any text SQLite parses: rendering, json_pretty and
    json_patch stop at SQLite's limit with 'JSON nested too deep'."""
    for blob in (_nested(depth, b"\x0b", 11), _nested(depth, b"\x0c", 12, b"\x17a"),
                 _nested(depth, b"\x13\x31", 12, b"\x17a"), _nested(depth, b"\x13\x31", 11)):
        for call in DEEP_CALLS:
            ours, theirs = _both(engines, "SELECT {}", call, (blob,))
            assert ours == theirs, (depth, call)
