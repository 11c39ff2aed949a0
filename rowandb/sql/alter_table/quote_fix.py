"""SQLite's quote fix before RENAME COLUMN and DROP COLUMN: each double-quoted name a schema
text reads as a string becomes a single-quoted string.

sqlite3AlterRenameColumn and sqlite3AlterDropColumn (src/alter.c, SQLite 3.54) run
renameFixQuotes before they edit anything: sqlite_rename_quotefix parses every text of the
table's schema -- and of temp too when the table is main's -- resolves its names as the
schema's reader does (a double-quoted name that names no column is a string,
sqlite.org/quirks.html#dblquote) and rewrites every token read so into a single-quoted
string, its quotes undoubled and any ``'`` doubled (``"it's"`` -> ``'it''s'``), with a space
after it when a ``'`` follows at once (``"x"'y'`` -> ``'x' 'y'``). It walks a CREATE TABLE's
CHECK constraints and generated columns (not a DEFAULT: ``DEFAULT "x"`` stays), a CREATE
INDEX's expression terms and WHERE, a view's query and a trigger's WHEN and steps. RENAME TO
and ADD COLUMN rewrite nothing (their statement texts keep their double quotes).

RowanDB's binder reads the names (``binder.READ_AS_STRINGS`` collects each Column node it
read as a string, with the views being bound then); this module turns them into the tokens
of each text and the replacements. A lone index term ``"x"`` read as the string 'x' becomes
``'x'``, which SQLite reads back as the column name x ("no such column: x"):
``index_error`` gives that error of an index's fixed text.
"""

from __future__ import annotations

from contextlib import contextmanager

from ..bind.binder import READ_AS_STRINGS, Binder
from ..parse.lexer import Token, tokenize, unquote
from ..parse.parser import parse
from ...errors import OperationalError
from ...catalog.ascii_case import ascii_lower


@contextmanager
def collecting():
    """A list that gets (Column node, views being bound, the text it was read from) of
    each name read as a string while the block binds."""
    found: list = []
    token = READ_AS_STRINGS.set(found)
    try:
        yield found
    finally:
        READ_AS_STRINGS.reset(token)


def single_quoted(text: str, following: str) -> str:
    """The single-quoted string SQLite writes for the double-quoted token ``text`` (%Q of
    its value), a space after it when the text goes on with ``'`` (``following``)."""
    quoted = "'" + unquote(text).replace("'", "''") + "'"
    return quoted + " " if following == "'" else quoted


def replacements(sql: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, new text) of each double-quoted token of ``tokens``."""
    return [(t.start, t.end, single_quoted(t.text, sql[t.end:t.end + 1])) for t in tokens
            if t.text[:1] == '"']


def replaced(sql: str, edits) -> str:
    """``sql`` with each (start, end, text) of ``edits`` (not overlapping) put in."""
    for start, end, text in sorted(edits, reverse=True):
        sql = sql[:start] + text + sql[end:]
    return sql


def fixed(sql: str, tokens: list[Token]) -> str:
    """``sql`` with its double-quoted ``tokens`` single-quoted."""
    return replaced(sql, replacements(sql, tokens))


def schema_strings(catalog, dictionary, schema: str = "main") -> dict:
    """(kind, lower-case name) -> the tokens of that object's text read as strings, for
    every table, index, view and trigger of ``dictionary`` (main's, or the temp tables')
    whose text has any."""
    found = {}
    for kind, name, tbl_name, _, sql in dictionary.schema_rows():
        if not sql or '"' not in sql or ascii_lower(name).startswith("sqlite_"):
            continue
        try:
            tokens = _object_strings(catalog, dictionary, kind, name, tbl_name, sql, schema)
        except OperationalError:
            continue                    # a broken object: the ALTER's schema check says so
        if tokens:
            found[(kind, ascii_lower(name))] = tokens
    return found


def _object_strings(catalog, dictionary, kind, name, tbl_name, sql, schema) -> list[Token]:
    if kind == "table":
        return table_strings(catalog, sql)
    if kind == "index":
        return index_strings(catalog, dictionary.table(tbl_name), sql)
    if kind == "view":
        return view_strings(catalog, dictionary.view(name), schema)
    return trigger_strings(catalog, dictionary.trigger(name))


def fixed_rows(dictionary, strings: dict):
    """(kind, name, tbl_name, fixed text) of each object of ``dictionary`` ``strings``
    (``schema_strings``) has tokens for."""
    for kind, name, tbl_name, _, sql in dictionary.schema_rows():
        tokens = strings.get((kind, ascii_lower(name)))
        if tokens:
            yield kind, name, tbl_name, fixed(sql, tokens)


def temp_texts(catalog, table) -> dict:
    """(temp dictionary's SYS table, rowid) -> fixed text of the temp tables and indexes,
    when ``table``, the altered one, is main's (else the temp dictionary is its own)."""
    temp = getattr(catalog, "temp", None)
    tables = getattr(temp, "tables", None)
    if tables is None or getattr(table, "in_temp", False):
        return {}
    strings = schema_strings(catalog, tables, "temp")
    return {tables.object_row(kind, name): text
            for kind, name, _, text in fixed_rows(tables, strings)}


def temp_fixed(catalog, strings: dict) -> tuple[list, list]:
    """(the (TEMP view, fixed text) and (TEMP trigger, fixed trigger) pairs) of the temp
    views and triggers ``strings`` (``temp_strings``) has tokens for."""
    import dataclasses
    temp = getattr(catalog, "temp", None)
    if temp is None:
        return [], []
    views = [(v, fixed(v.sql, strings[("view", lname)])) for lname, v in temp.views.items()
             if ("view", lname) in strings]
    triggers = [(t, dataclasses.replace(t, sql=fixed(t.sql, strings[("trigger", lname)])))
                for lname, t in temp.triggers.items() if ("trigger", lname) in strings]
    return views, triggers


def temp_strings(catalog) -> dict:
    """``schema_strings`` of the temp schema's views and triggers."""
    temp = getattr(catalog, "temp", None)
    found = {}
    if temp is None:
        return found
    for kind, objects, strings in (
            ("view", temp.views, lambda v: view_strings(catalog, v, "temp")),
            ("trigger", temp.triggers, lambda t: trigger_strings(catalog, t))):
        for lname, obj in list(objects.items()):
            try:
                tokens = strings(obj) if '"' in obj.sql else []
            except OperationalError:
                continue
            if tokens:
                found[(kind, lname)] = tokens
    return found


def _tokens(nodes, sql: str) -> list[Token]:
    """The distinct tokens of ``sql`` the Column nodes ``nodes`` were parsed from."""
    from .rename_refs import ident_token        # rename_refs imports the binder too
    by_start = {}
    for node in nodes:
        tok = ident_token(node.this, sql)
        by_start[tok.start] = tok
    return [by_start[k] for k in sorted(by_start)]


def table_strings(catalog, sql: str) -> list[Token]:
    """The tokens of a CREATE TABLE's CHECKs and generated columns read as strings (a
    bare ``DEFAULT "x"`` is no expression SQLite walks)."""
    from ..bind.bind_ddl import bind_definition
    parsed = parse(sql)
    with collecting() as found:
        bind_definition(Binder(catalog, parsed), parsed)
    tokens = tokenize(sql)
    after_default = {tokens[i].start for i in range(1, len(tokens))
                     if tokens[i - 1].upper == "DEFAULT"}
    own = [t for t in _tokens([n for n, _, text in found if text == sql], sql)
           if t.start not in after_default]
    # a generated column's expression is bound from its own text, found in ``sql``
    bases = _generated_bases(tokens, sql)
    for text in {text for _, _, text in found if text != sql}:
        for tok in _tokens([n for n, _, t in found if t == text], text):
            own += [Token(tok.kind, tok.text, tok.start + base, tok.end + base)
                    for base in bases.get(text, ())]
    return own


def _generated_bases(tokens, sql: str) -> dict:
    """Generated column expression text (as generated.clauses gives it) -> the offsets in
    ``sql`` where such a text stands."""
    from ..bind.generated import clauses
    bases: dict = {}
    texts = {text for _, text in clauses(tokens, sql).values()}
    for i, tok in enumerate(tokens[:-1]):
        if tok.upper == "AS" and tokens[i + 1].text == "(":
            rest = sql[tokens[i + 1].end:]
            for text in texts:
                if rest.lstrip().startswith(text):
                    bases.setdefault(text, []).append(
                        tokens[i + 1].end + len(rest) - len(rest.lstrip()))
    return bases


def index_strings(catalog, table, sql: str) -> list[Token]:
    """The tokens of a CREATE INDEX's terms and WHERE read as strings."""
    from ..bind.index_forms import bind_index_terms, index_parts
    parsed = parse(sql)
    terms, where = index_parts(parsed.tree)
    with collecting() as found:
        bind_index_terms(Binder(catalog, parsed), table, terms, where)
    return _tokens([n for n, _, _ in found], sql)


def index_error(catalog, table, sql: str) -> str | None:
    """The error of an index's fixed text ``sql``: a lone term that was ``"x"`` now names
    a column x; None when it binds."""
    from ..bind.index_forms import bind_index_terms, index_parts
    parsed = parse(sql)
    terms, where = index_parts(parsed.tree)
    try:
        bind_index_terms(Binder(catalog, parsed), table, terms, where)
    except OperationalError as error:
        return str(error)
    return None


def view_strings(catalog, view, schema: str = "main") -> list[Token]:
    """The tokens of ``view``'s own text read as strings (not those of a view it reads)."""
    from .rename_refs import bound_view
    with collecting() as found:
        bound_view(catalog, view, schema)
    inside = frozenset((ascii_lower(view.name),))
    return _tokens([n for n, views, _ in found if views == inside], view.sql)


def trigger_strings(catalog, trigger) -> list[Token]:
    """The tokens of ``trigger``'s WHEN and steps read as strings."""
    from .rename_refs import bound_trigger_pieces, trigger_on
    on = trigger_on(catalog, trigger)
    with collecting() as found:
        for _ in bound_trigger_pieces(catalog, trigger, on, lambda binder, piece: None):
            pass
    return _tokens([n for n, views, _ in found if not views], trigger.sql)
