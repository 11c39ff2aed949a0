"""TEXT that is not valid UTF-8, byte for byte as SQLite 3.54 (apsw) has it (issue 8).

RowanDB keeps such text as a str whose stray bytes are surrogate escapes. Two things must
still be SQLite's:

- **order**: SQLite orders text under BINARY, NOCASE and RTRIM by its bytes (memcmp), so
  ``CAST(x'c3' AS TEXT) < 'é'`` (c3 < c3 a9) although U+DCC3 > U+00E9. Checked for the
  comparison operators, BETWEEN, min/max, IN, ORDER BY (sorted, top-k, window), GROUP BY,
  DISTINCT and UNION, index ranges and covering scans, on disk after reopening too;
- **characters**: LIKE and GLOB read a malformed sequence as one character
  (sqlite3Utf8Read: U+FFFD, or the value its bits make), and length, substr, instr,
  trim, replace, unicode and printf's widths cut characters as SQLite 3.54 does.

apsw cannot hand such text to Python, so every result goes through hex().
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from oracle import assert_same
from rowandb.storage.columns import decode_entries, encode_entries
from rowandb.storage.codec import Reader
from rowandb.storage.textorder import ByteOrderText, byte_ordered

# lone lead and continuation bytes, truncated sequences, overlong forms, UTF-8 surrogates,
# values past U+10FFFF, 5- and 6-byte forms, and valid text around them
MALFORMED = ["c3", "ff", "80", "8080", "c0af", "e0808f", "eda080", "f4908080", "f7bfbfbf",
             "f8888080", "fc8080808080", "41c3", "c341", "e282", "4180", "80c3a9", "c3a9c3",
             "c380", "fe", "5b80", "2580"]
VALID = ["", "41", "61", "c3a9", "c3bf", "c480", "e282ac", "f09f9880", "efbfbf", "7f"]


def _t(h: str) -> str:
    return f"CAST(x'{h}' AS TEXT)"


@pytest.mark.parametrize("left", MALFORMED)
def test_comparisons_order_bytes(left):
    """Every operator, collation, BETWEEN and scalar min/max against valid and malformed
    text: SQLite's memcmp order."""
    queries = []
    for right in MALFORMED + VALID:
        a, b = _t(left), _t(right)
        queries.append(
            f"SELECT {a} < {b}, {a} <= {b}, {a} > {b}, {a} >= {b}, {a} = {b}, {a} <> {b}, "
            f"{a} COLLATE NOCASE < {b}, {a} COLLATE RTRIM > {b}, {a} BETWEEN 'a' AND {b}, "
            f"hex(min({a}, {b})), hex(max({a}, {b})), {a} IN ({b}, 'é'), "
            f"{b} < {a} || 'x'")
    assert_same([], queries)


_TABLE = [
    "CREATE TABLE t(k INTEGER PRIMARY KEY, a TEXT, b TEXT COLLATE NOCASE, c TEXT COLLATE RTRIM)",
    "CREATE TABLE w(a TEXT, k INT, PRIMARY KEY (a, k)) WITHOUT ROWID",
    "CREATE TABLE plain(a TEXT, k INT)",
]
_INDEXES = ["CREATE INDEX ta ON t(a)", "CREATE INDEX tb ON t(b, a)", "CREATE INDEX tc ON t(c DESC)"]


def _rows() -> list:
    values = MALFORMED + VALID + ["c3a941", "c3c3", "e282ac20", "ff20"]
    return [f"INSERT INTO {table} VALUES " + ", ".join(
        f"({k}, {_t(h)}, {_t(h)}, {_t(h)})" if table == "t" else f"({_t(h)}, {k})"
        for k, h in enumerate(values)) for table in ("t", "w")] + \
        ["INSERT INTO plain SELECT a, k FROM w"]


_ORDERED = [
    "SELECT hex(a), k FROM {t} ORDER BY a, k",
    "SELECT hex(a), k FROM {t} ORDER BY a DESC, k LIMIT 5",
    "SELECT hex(a), k FROM {t} ORDER BY a LIMIT 4 OFFSET 3",
    "SELECT hex(min(a)), hex(max(a)), typeof(max(a)) FROM {t}",
    "SELECT hex(a) FROM {t} WHERE a > 'é' ORDER BY a",
    "SELECT hex(a) FROM {t} WHERE a < 'é' AND a > 'a' ORDER BY a DESC",
    "SELECT hex(a) FROM {t} WHERE a BETWEEN CAST(x'c3' AS TEXT) AND CAST(x'e282' AS TEXT) "
    "ORDER BY 1",
    "SELECT hex(a) FROM {t} WHERE a >= CAST(x'80' AS TEXT) ORDER BY a",
    "SELECT hex(a), typeof(a) FROM {t} WHERE a IN ('é', CAST(x'c3' AS TEXT)) ORDER BY k",
    "SELECT hex(a), count(*) FROM {t} GROUP BY a ORDER BY a",
    "SELECT k % 3, hex(min(a)), hex(max(a)) FROM {t} GROUP BY 1 ORDER BY 1",
    "SELECT DISTINCT hex(a) FROM {t} ORDER BY a",
    "SELECT hex(x) FROM (SELECT a x FROM {t} UNION SELECT 'é') ORDER BY x",
    "SELECT hex(a), rank() OVER (ORDER BY a) FROM {t} ORDER BY 2, 1",
    "SELECT count(*) FROM {t} x, {t} y WHERE x.a < y.a",
    "SELECT group_concat(hex(a)) FROM (SELECT a FROM {t} ORDER BY a DESC)",
]
_COLLATED = [
    "SELECT hex(b), k FROM t ORDER BY b, k", "SELECT hex(c), k FROM t ORDER BY c, k",
    "SELECT hex(b) FROM t WHERE b < 'É' ORDER BY b, k",
    "SELECT hex(c) FROM t WHERE c > CAST(x'c3' AS TEXT) ORDER BY c, k",
    "SELECT hex(min(b)), hex(max(c)) FROM t",
    "SELECT hex(a) FROM t ORDER BY a COLLATE NOCASE DESC, k LIMIT 6",
]


def _queries() -> list:
    return [q.format(t=t) for q in _ORDERED for t in ("t", "w", "plain")] + _COLLATED


@pytest.mark.parametrize("indexed", [False, True])
def test_tables_order_bytes(indexed):
    """ORDER BY (sorted and top-k), min/max, ranges, GROUP BY, DISTINCT, UNION, windows
    and joins over tables, with and without indexes (also covering, and WITHOUT ROWID)."""
    assert_same(_TABLE + (_INDEXES if indexed else []) + _rows(), _queries())


def _hex_rows(connection, sql):
    return [tuple(row) for row in connection.cursor().execute(sql)]


def test_indexes_on_disk_keep_byte_order(tmp_path):
    """An index written with such text orders the same after the database is reopened
    (its keys are decoded by bytes) and takes more rows in the right places."""
    theirs = apsw.Connection(":memory:")
    path = str(tmp_path / "u.db")
    mine = rowandb.connect(path)
    for sql in _TABLE + _INDEXES + _rows():
        mine.execute(sql)
        theirs.execute(sql)
    mine.commit()
    mine.close()
    mine = rowandb.connect(path)
    more = "INSERT INTO t(a, b, c) VALUES " + ", ".join(
        f"({_t(h)}, {_t(h)}, {_t(h)})" for h in ("c3a8", "c3", "c3aa", "e1", "e2", "e3"))
    mine.execute(more)
    theirs.execute(more)
    for sql in _queries() + ["PRAGMA integrity_check"]:
        assert _hex_rows(mine, sql) == _hex_rows(theirs, sql), sql


def test_entry_batches_decode_text_keys_by_bytes():
    """The storage's entry codec gives back keys of malformed text as ByteOrderText."""
    key = byte_ordered("\udcc3")
    assert type(key) is ByteOrderText and key < "é" and "é" > key and key == "\udcc3"
    entries = [((2, "a"), 1), ((2, key), 2), ((2, "é"), 3)]
    parts: list = []
    encode_entries(entries, parts)
    data = b"".join(parts)
    decoded = decode_entries(Reader(data, "test"), len(entries))
    assert decoded == entries
    assert [type(e[0][1]) for e in decoded] == [str, ByteOrderText, str]
    assert sorted(decoded) == entries


_CHAR_FUNCTIONS = (
    "length({a}), hex(substr({a}, 2)), hex(substr({a}, 1, 1)), hex(substr({a}, -1)), "
    "hex(substr({a}, -2, 1)), unicode({a}), hex(trim({a}, {b})), hex(ltrim({a}, {b})), "
    "hex(rtrim({a}, {b})), instr({a}, {b}), hex(replace({a}, {b}, '-')), "
    "hex(printf('%!5s|%-!6.2s|%.1s|%c', {a}, {a}, {a}, {a})), hex(upper({a} || {b})), "
    "{a} LIKE {b}, {a} GLOB {b}, {a} LIKE {b} || '%', {a} GLOB '*' || {b}, "
    "{a} GLOB '[' || {b} || ']', {a} GLOB '[^' || {b} || ']', {a} LIKE '_', {a} GLOB '??'")


@pytest.mark.parametrize("left", MALFORMED)
def test_characters_as_sqlite_reads_them(left):
    """LIKE/GLOB (malformed characters read as sqlite3Utf8Read reads them), ESCAPE's one
    character, and the functions that count, cut or find characters."""
    rights = MALFORMED + VALID[:5]
    queries = [f"SELECT {_CHAR_FUNCTIONS.format(a=_t(left), b=_t(right))}" for right in rights]
    queries += [f"SELECT like('a', {_t(left)}, {_t(right)})" for right in rights]
    assert_same([], queries)


def test_values_past_unicode_order_in_glob_ranges():
    """sqlite3Utf8Read gives values past U+10FFFF (x'f4908080' is 0x110000): they equal
    only themselves and order above every character, in GLOB's ranges too."""
    big, bigger = _t("f4908080"), _t("f7bfbfbf")
    assert_same([], [
        f"SELECT {big} GLOB '[a-' || char(0x10FFFF) || ']', "
        f"{big} GLOB '[' || char(0x10FFFF) || '-' || {bigger} || ']', "
        f"{big} GLOB {big}, {big} GLOB {_t('f4908081')}, {_t('f590808041')} LIKE '_A', "
        f"char(0xE000) || {_t('c3')} GLOB '[' || char(0xE000) || ']?', "
        f"{big} GLOB '[^' || char(0xE000) || '-' || char(0x10FFFF) || ']', "
        f"{bigger} GLOB '[' || {big} || '-' || char(0x10FFFF) || ']'"])
