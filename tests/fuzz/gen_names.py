"""(feature ``names``) Every generated name respelled: non-ASCII, keywords, quotes, strings.

The generators name things ``t0``, ``c0``, ``a1``, ``v0``, ``w3``, ``i0_1``, ``tr0``, ``s1``
(tables, columns, aliases, views, common tables, indexes, triggers, savepoints). With this
feature each of those names stands, for the whole case, for another name drawn here
(``Names``), and each time a statement is rendered every occurrence gets one of that
name's spellings. So names reach every generator at once, with no generator knowing:

- non-ASCII letters, bare or quoted: ``É`` and ``é``, ``ſ`` and ``s``, ``ı`` and ``i``,
  ``K`` (Kelvin) and ``k`` are different names to SQLite, which folds A-Z only;
- names that differ from their other spellings in ASCII case only (``"Ab"``, ``aB``,
  ``[AB]`` are one name);
- keywords, always quoted (``"select"``, ``[order]``, `` `group` ``), and keywords SQLite
  takes for names where the keyword has no place, bare (``key``, ``action``, ``replace``);
- names holding spaces and quotes (``"a b"``, ``"a""b"``, ``[x'y]``);
- strings where SQLite's grammar reads a name (its ``nm`` is ``ID | STRING | JOIN_KW``):
  beside a dot (``'a1'.c0``), after ``FROM``/``JOIN``/``INTO``/``AS``..., in the name
  lists of CREATE TABLE, INSERT, USING, views, common tables, keys and indexes
  (``_string_allowed``); anywhere else ``'c0'`` would be a string, so there it is never
  written.

Names stay distinct up to ASCII case across the whole case (no alias shadows a table, no
view's name is a table's). ``rowid``, ``oid``, ``_rowid_`` and json_each's column names
are never drawn: a column so named would change what the generators' ``a.rowid`` and
NATURAL joins mean. The spelling of each occurrence is drawn from a generator seeded by
the case and the statement's text, so a statement renders the same every time (the
reducer re-renders shrunk trees: a shrunk statement may spell a name differently, but
never names another thing).
"""

from __future__ import annotations

import random
import re


# SQLite's folding of names: A-Z only (the fuzzer does not borrow RowanDB's).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(name: str) -> str:
    return name.translate(_ASCII_LOWER)


# The generators' names: tN, cN, aN, vN, wN, iN_M, trN, sN (tests/fuzz/gen_*.py).
BASE = re.compile(r"(?:tr|[tcavws])\d+|i\d+_\d+")
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]
                    |[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*|\s+|.""",
                    re.VERBOSE | re.DOTALL)

NON_ASCII = ["É", "é", "ſ", "s", "ı", "i", "\u212a", "k", "ß", "Ω", "ω", "ñ", "Ñ", "ÿ",
             "Éa", "éA", "ſt", "st", "ıd", "İd"]
MIXED_CASE = ["Ab", "xY", "Col", "TBL", "nAmE", "Q1"]
RESERVED = ["select", "order", "group", "from", "where", "table", "index", "null", "join",
            "on", "values", "set", "limit", "as", "and", "in", "is", "not", "case", "when",
            "default", "check", "unique", "primary", "having", "union", "exists"]
FALLBACK = ["key", "action", "replace", "abort", "plan", "query", "row", "first", "after",
            "instead", "cascade", "restrict", "ignore", "fail"]
ODD = ["a b", 'a"b', "x'y", "a`b", "a]b", " lead", "trail ", "a.b", "(p)", "-", "1x",
       "123", "a;b", "%", "$d"]
POOLS = [NON_ASCII, NON_ASCII, MIXED_CASE, RESERVED, FALLBACK, ODD]
NEVER = {"rowid", "oid", "_rowid_", "value", "type", "atom", "id", "parent", "fullkey",
         "path", "json", "main", "temp", "new", "old", "excluded"}

_KEYWORDS = {w.upper() for w in RESERVED}
# The words before which a name may be written as a string.
_NAME_AFTER = {"AS", "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "VIEW", "INDEX", "TRIGGER",
               "REFERENCES", "SAVEPOINT", "RELEASE", "TO", "OF", "WITH", "RECURSIVE",
               "EXISTS"}
# The openers of a parenthesised list of names, and what may follow a listed name.
_LIST_OPENERS = {"BASE", "USING", "KEY", "UNIQUE"}
_LIST_NEXT = {",", ")", "COLLATE", "ASC", "DESC"}


class Names:
    """One case's names: base name -> its canonical name; ``respell`` writes a statement."""

    def __init__(self, seed: int, bases, dotless_from: bool = False):
        rng = random.Random(seed * 7907 + 3)
        self.seed = seed
        self.canonical: dict = {}
        taken = set()
        for base in sorted(bases, key=_base_order):
            name = base
            if rng.random() < 0.8:
                pool = rng.choice(POOLS)
                fresh = [n for n in pool if ascii_lower(n) not in taken
                         and ascii_lower(n) not in NEVER
                         and not (dotless_from and "." in n and _FROM_ITEM.match(base))]
                if fresh:
                    name = rng.choice(fresh)
            if ascii_lower(name) in taken:
                name = base
            taken.add(ascii_lower(name))
            self.canonical[base] = name

    def respell(self, text: str) -> str:
        """``text`` with each base name replaced by one spelling of its canonical name."""
        rng = random.Random(f"{self.seed}:{text}")
        tokens = _TOKEN.findall(text)
        significant = [k for k, tok in enumerate(tokens) if not tok.isspace()]
        out = list(tokens)
        openers, create_table = [], _creates_table(tokens, significant)
        for pos, k in enumerate(significant):
            tok = tokens[k]
            if tok == "(":
                before = tokens[significant[pos - 1]] if pos else ""
                openers.append("BASE" if BASE.fullmatch(before) else before.upper())
                continue
            if tok == ")":
                openers = openers[:-1]
                continue
            if not BASE.fullmatch(tok) or tok not in self.canonical:
                continue
            prev = tokens[significant[pos - 1]].upper() if pos else ""
            nxt = tokens[significant[pos + 1]].upper() if pos + 1 < len(significant) else ""
            as_string = _string_allowed(prev, nxt, openers, create_table)
            out[k] = spell(rng, self.canonical[tok], as_string)
        return "".join(out)


_KIND_ORDER = "t c v w tr i s a".split()
# What names a FROM item: tables, views, common tables, aliases.
_FROM_ITEM = re.compile(r"[tvwa]\d")
# An UPDATE ... FROM (feature update_from), which SQLite parses as a nested FROM.
_UPDATE_FROM = re.compile(r"\bUPDATE\b[^;]*?\bSET\b[^;]*?\bFROM\b")


def _base_order(base: str):
    """Tables, columns, views... first, aliases last: the pools run out on aliases."""
    kind = re.sub(r"\d.*", "", base)
    return (_KIND_ORDER.index(kind), [int(n) for n in re.findall(r"\d+", base)])


def _creates_table(tokens: list, significant: list) -> bool:
    heads = [tokens[k].upper() for k in significant[:4]]
    return heads[:1] == ["CREATE"] and "TABLE" in heads


def _string_allowed(prev: str, nxt: str, openers: list, create_table: bool) -> bool:
    """Whether SQLite reads a string written here as a name (see the module's list)."""
    if nxt == "." or prev == ".":
        return True
    if prev in _NAME_AFTER and nxt != "(" or prev == "SET" and nxt == "=":
        return True
    if prev in ("(", ",") and openers:
        if create_table and len(openers) == 1:
            return True                     # a column definition: 'c0' INT
        return openers[-1] in _LIST_OPENERS and nxt in _LIST_NEXT
    return False


def spell(rng: random.Random, name: str, as_string: bool = False) -> str:
    """One way to write ``name``: bare (if SQLite reads it bare as this name), in one of
    the three identifier quotes, or (``as_string``) as a string; ASCII letters in any
    case."""
    name = "".join(c.swapcase() if c.isascii() and rng.random() < 0.3 else c for c in name)
    ways = ["double", "backquote"] + (["bracket"] if "]" not in name else [])
    if as_string:
        ways.append("string")
    if _bare(name):
        ways += ["bare", "bare"]
    way = rng.choice(ways)
    if way == "bare":
        return name
    if way == "bracket":
        return f"[{name}]"
    quote = {"double": '"', "backquote": "`", "string": "'"}[way]
    return quote + name.replace(quote, quote * 2) + quote


def _bare(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*", name) \
        is not None and name.upper() not in _KEYWORDS


def case_names(seed: int, texts, config) -> Names:
    """The Names of a case whose statements render as ``texts``. With an UPDATE ... FROM
    among them, or with parenthesised joins drawn (feature nested_joins), no FROM item's
    name holds a dot (KNOWN_BUGS sqlite_nested_from_dotted_name: both are SQLite's nested
    FROM)."""
    bases = set()
    for text in texts:
        for tok in _TOKEN.findall(text):
            if BASE.fullmatch(tok):
                bases.add(tok)
    dotless = (config.has("nested_joins") or any(_UPDATE_FROM.search(text) for text in texts)) \
        and config.steer("sqlite_nested_from_dotted_name")
    return Names(seed, bases, dotless)
