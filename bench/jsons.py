"""JSON functions over 100,000 documents, RowanDB beside SQLite (issue 10, Speed).

Registers three workloads (group ``json``) over a table of 100,000 JSON documents from a
fixed seed (an object with a name, a number, a nested object and a small array):

- ``json_extract`` — json_extract of a nested member and of an array element on every row;
- ``json_arrow`` — ``->>`` of a member and ``->`` of the array on every row;
- ``json_set`` — json_set of a new member, and json_array_length, on every row.

Each query aggregates (count DISTINCT, max) so the rows are computed but not fetched, and
both engines must give the same answer. Run: ``python -m bench json``.
"""

from __future__ import annotations

import json
import random

from .harness import Engine, Workload, register

ROWS = 100_000
SEED = 20261203


def _documents() -> list[tuple]:
    rnd = random.Random(SEED)
    rows = []
    for i in range(1, ROWS + 1):
        doc = {"id": i, "name": f"user{rnd.randrange(5000)}", "score": rnd.random() * 100,
               "address": {"city": rnd.choice(["Oslo", "Lima", "Pune", "Kyiv"]),
                           "zip": rnd.randrange(10000, 99999)},
               "tags": [rnd.choice("abcdef") for _ in range(rnd.randrange(1, 5))]}
        rows.append((i, json.dumps(doc)))
    return rows


def _setup(engine: Engine):
    engine.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO docs(id, body) VALUES (?, ?)", _documents())
    engine.execute("COMMIT")
    return None


QUERIES = {
    "json_extract": (
        "json_extract(body, '$.address.city') and json_extract(body, '$.tags[0]') over 100k",
        "SELECT count(DISTINCT json_extract(body, '$.address.city')), "
        "max(json_extract(body, '$.tags[0]')) FROM docs"),
    "json_arrow": (
        "body ->> 'name' and body -> 'tags' over 100k documents",
        "SELECT count(DISTINCT body ->> 'name'), max(body -> 'tags') FROM docs"),
    "json_set": (
        "json_set(body, '$.seen', 1) and json_array_length(body, '$.tags') over 100k",
        "SELECT max(length(json_set(body, '$.seen', 1))), "
        "sum(json_array_length(body, '$.tags')) FROM docs"),
}


def _runner(sql: str):
    return lambda engine, context: engine.execute(sql)


for _name, (_what, _sql) in QUERIES.items():
    register(Workload(_name, _what, setup=_setup, run=_runner(_sql), repeat=3, group="json"))
