"""SQLite's JSON functions (https://sqlite.org/json1.html) and its JSONB format
(https://sqlite.org/jsonb.html), one module per concern: ``parse`` reads JSON text into
JSONB, ``jsonb`` walks, renders and checks JSONB blobs, ``path`` finds and edits what a
path names, ``sqlvalues`` converts SQL values, ``scalars`` and ``groups`` are the
functions. json_each and json_tree (table-valued) are not here.

``JSON_FUNCTIONS`` is this family's part of the scalar registry (name -> implementation,
min and max argument count); ``JSON_AGGREGATES`` its aggregates. ``JsonText`` marks text
that SQLite would give the JSON subtype; ``JSON_VALUE_FUNCTIONS`` are the functions that
read their value arguments with that mark in mind (the executor keeps it for them only).
"""
from __future__ import annotations

from functools import partial

from . import scalars as s
from .groups import JSON_AGGREGATES, JSON_TEXT_AGGREGATES
from .sqlvalues import JsonBlob, JsonText, subtype_of

_BLOB = {"as_blob": True}

JSON_FUNCTIONS: dict[str, tuple] = {
    "json": (s.f_json, 1, 1),
    "jsonb": (partial(s.f_json, **_BLOB), 1, 1),
    "json_array": (s.f_json_array, 0, -1),
    "jsonb_array": (partial(s.f_json_array, **_BLOB), 0, -1),
    "json_object": (s.f_json_object, 0, -1),
    "jsonb_object": (partial(s.f_json_object, **_BLOB), 0, -1),
    "json_quote": (s.f_json_quote, 1, 1),
    "json_array_length": (s.f_json_array_length, 1, 2),
    "json_type": (s.f_json_type, 1, 2),
    "json_extract": (s.f_json_extract, 0, -1),
    "jsonb_extract": (partial(s.f_json_extract, **_BLOB), 0, -1),
    "->": (s.f_arrow, 2, 2),
    "->>": (s.f_arrow2, 2, 2),
    "json_insert": (s.f_json_insert, 0, -1),
    "jsonb_insert": (partial(s.f_json_insert, **_BLOB), 0, -1),
    "json_replace": (s.f_json_replace, 0, -1),
    "jsonb_replace": (partial(s.f_json_replace, **_BLOB), 0, -1),
    "json_set": (s.f_json_set, 0, -1),
    "jsonb_set": (partial(s.f_json_set, **_BLOB), 0, -1),
    "json_array_insert": (s.f_json_array_insert, 0, -1),
    "jsonb_array_insert": (partial(s.f_json_array_insert, **_BLOB), 0, -1),
    "json_remove": (s.f_json_remove, 0, -1),
    "jsonb_remove": (partial(s.f_json_remove, **_BLOB), 0, -1),
    "json_patch": (s.f_json_patch, 2, 2),
    "jsonb_patch": (partial(s.f_json_patch, **_BLOB), 2, 2),
    "json_valid": (s.f_json_valid, 1, 2),
    "json_error_position": (s.f_json_error_position, 1, 1),
    "json_pretty": (s.f_json_pretty, 1, 2),
}

#: Functions whose value arguments embed JSON-marked text as JSON (SQLite's
#: sqlite3_value_subtype readers): the executor passes them the mark.
JSON_VALUE_FUNCTIONS = frozenset((
    "json_array", "jsonb_array", "json_object", "jsonb_object", "json_quote", "json_insert",
    "jsonb_insert", "json_array_insert", "jsonb_array_insert", "json_replace", "jsonb_replace", "json_set", "jsonb_set",
    "json_group_array", "jsonb_group_array", "json_group_object", "jsonb_group_object",
    "subtype",
))

#: The functions SQLite registers as able to give their result a subtype
#: (SQLITE_RESULT_SUBTYPE), as measured: a constant calling one, at its top or as an
#: argument of other functions, is not propagated (``optimizer/propagate_constants.py``).
RESULT_SUBTYPE_FUNCTIONS = frozenset((
    "json", "json_array", "jsonb_array", "json_object", "jsonb_object", "json_quote",
    "json_extract", "->", "json_insert", "json_replace", "json_set", "json_array_insert",
    "json_remove", "json_patch",
))

__all__ = ["JSON_AGGREGATES", "RESULT_SUBTYPE_FUNCTIONS", "JSON_TEXT_AGGREGATES", "JSON_FUNCTIONS", "JSON_VALUE_FUNCTIONS", "JsonBlob", "JsonText",
           "subtype_of"]
