"""SQLite's grammar where sqlglot's is looser: checks on a statement's tokens.

sqlglot reads many dialects at once, so it accepts statements SQLite rejects, and some of
them it reads into trees that look like plain SQLite (``DELETE ... LIMIT 1`` becomes a
DELETE of every row once the binder ignores the limit). ``check`` runs on RowanDB's own
tokens before sqlglot sees the text and raises what SQLite raises -- a syntax error at the
token SQLite's parser stops at (src/parse.y), or SQLite's own message:

- statement shapes: the words that may start a statement (``MERGE``, ``TRUNCATE``, ``CREATE
  SCHEMA`` are syntax errors); CREATE TABLE's column names and table options; CREATE
  INDEX's shape (and no parameter in it); what may follow the table in DELETE and UPDATE
  (no ORDER BY or LIMIT: SQLite's default build has neither); nothing after the name in
  DROP;
- join operators, by the rules of SQLite's sqlite3JoinType ("unknown join type: ..."), and
  only in a FROM clause: sqlglot reads a comma or a join after WHERE, GROUP BY, HAVING,
  WINDOW, ORDER BY or LIMIT as one more FROM item (``FROM t WHERE a, b`` would join b);
  also a third LIMIT operand and a window definition without its ``AS``;
- where words may stand (aliases, result columns, CASE arms, CAST types): grammar_places.py;
- where ALL, DEFAULT and NULLS may stand, operators that cannot follow one another,
  numbers that cannot follow one another, RAISE() outside a trigger, TRIM(LEADING ...),
  ``CURRENT_DATE()`` (a keyword, not a function), anything after a star but the end of its
  list (``SELECT * x`` and BigQuery's ``* REPLACE (...)``), a FILTER that follows no call,
  a call of anything but a name (``'abs'(x)``, ``1(2)``), ORDER BY or LIMIT after VALUES.

ON CONFLICT clauses on constraints, which sqlglot cannot parse at all, are checked by
``constraint_conflicts.py``, generated columns' clauses by ``generated.py``; both give
spans to blank. ``check`` returns the spans the parser blanks before sqlglot reads the
text (a ``main.`` schema prefix on an index name, which sqlglot misreads).
"""

from __future__ import annotations

from operator import itemgetter

from ...errors import OperationalError
from . import grammar_places, join_operators, misread_names, table_name_places
from .table_name_places import calls_table_function as _tvf
from .as_written import starts_operand
from .constraint_conflicts import check_item as check_conflicts
from ..bind.generated import check_syntax as check_generated
from .trigger_syntax import raise_coded
from .lexer import (JOIN_KEYWORDS, SQLITE_KEYWORDS, Token, closing_paren, indexes_of, is_name,
                    names_by_string, syntax_error, unquote)
from ...catalog.ascii_case import ascii_lower, ascii_upper

_HEADS = frozenset(("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE",
                    "CREATE", "DROP", "ALTER", "BEGIN", "COMMIT", "END", "ROLLBACK",
                    "SAVEPOINT", "RELEASE", "PRAGMA", "EXPLAIN", "VACUUM", "REINDEX",
                    "ANALYZE", "ATTACH", "DETACH"))
_RESOLUTIONS = frozenset(("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"))
_BINARY = frozenset(("||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "<", ">", "=", "&",
                     "|", "%", "/", "*"))
_OPERATORS = _BINARY | {"+", "-"}
_TABLE_CONSTRAINTS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
# what may follow a result-column star, and the words that open a list a star may stand in
_AFTER_STAR = frozenset(("FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "UNION",
                         "INTERSECT", "EXCEPT"))
_STAR_LISTS = frozenset(("SELECT", "DISTINCT", "ALL", "RETURNING", "VALUES", "BY", "SET",
                         "WHERE", "ON", "HAVING", "LIMIT", "OFFSET", "FROM"))
_VALUE_TOKENS = frozenset(("string", "number", "blob"))
_RESULT_LIST_HEADS = frozenset(("SELECT", "DISTINCT", "ALL", "RETURNING"))
_CLOCK_KEYWORDS = frozenset(("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"))


class _Tokens:
    """The statement's tokens with the helpers the shape checks share."""

    def __init__(self, sql: str, tokens: list[Token]):
        self.sql, self.tokens = sql, tokens
        self.words = [t.upper if t.kind == "word" else "" for t in tokens]
        self.tables = frozenset()   # the keywords naming a table (table_name_places)

    def word(self, i: int) -> str:
        """The keyword or name at ``i`` in capitals ("" for another token or past the end;
        a negative ``i`` counts from the end, as a list index does)."""
        return self.words[i] if i < len(self.words) else ""

    def fail(self, i: int) -> OperationalError:
        return syntax_error(self.sql, self.tokens[i] if i < len(self.tokens) else None)

    def name(self, i: int) -> int:
        """Past ``nm [. nm]`` at ``i``; a syntax error when there is no name."""
        if i >= len(self.tokens) or not (is_name(self.tokens[i]) or self.word(i) in JOIN_KEYWORDS):
            raise self.fail(i)
        if i + 1 < len(self.tokens) and self.tokens[i + 1].text == ".":
            return self.name(i + 2)
        return i + 1

    def if_exists(self, i: int, words: tuple) -> int:
        if self.word(i) == "IF":
            for k, word in enumerate(words):
                if self.word(i + 1 + k) != word:
                    raise self.fail(i + 1 + k)
            return i + 1 + len(words)
        return i

    def closing(self, i: int) -> int:
        """The index of the ``)`` that closes the ``(`` at ``i`` (len(tokens) if none)."""
        depth = 0
        for j in range(i, len(self.tokens)):
            if self.tokens[j].text == "(":
                depth += 1
            elif self.tokens[j].text == ")":
                depth -= 1
                if depth == 0:
                    return j
        return len(self.tokens)

    def top_level(self, start: int, within: bool = False):
        """Indexes of the tokens from ``start`` on that are outside parentheses (``within``:
        up to the parenthesis that closes one ``start`` is inside)."""
        depth = 0
        for j in range(start, len(self.tokens)):
            text = self.tokens[j].text
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
                if depth < 0 and within:
                    return
            elif depth == 0:
                yield j


def check(sql: str, tokens: list[Token], in_trigger: bool = False) -> tuple[list, frozenset]:
    """Raise SQLite's error if the statement breaks SQLite's grammar where sqlglot would
    not notice; return the spans to blank (or rewrite: ``lexer.blank_span``) before sqlglot
    reads it, and the start offsets of the names to quote for it (``misread_names``).
    ``in_trigger``: a statement of a trigger's body (or its WHEN), where RAISE() is
    allowed."""
    t = _Tokens(sql, tokens)
    head = t.word(0)
    if head not in _HEADS:
        raise t.fail(0)
    t.tables = table_name_places.places(t, head)
    blanks = (_SHAPES[head](t) if head in _SHAPES else []) or []
    blanks += join_operators.check(t)
    join_operators.check_constraints(t)
    _check_clause_order(t)
    _check_empty_clauses(t, head)
    grammar_places.check(t, head)
    return blanks + _check_words(t, head, in_trigger), misread_names.misread(t, head)


# -- statement shapes ------------------------------------------------------------------------
def _create(t: _Tokens):
    i = 1
    temp = t.word(i) in ("TEMP", "TEMPORARY")
    if temp:
        i += 1
    what = t.word(i)
    if what == "TABLE":
        return _create_table(t, i + 1)
    if what == "UNIQUE" and not temp:
        if t.word(i + 1) != "INDEX":
            raise t.fail(i + 1)
        return _create_index(t, i + 2)
    if what == "INDEX" and not temp:
        return _create_index(t, i + 1)
    if what in ("VIEW", "TRIGGER") or (what == "VIRTUAL" and not temp):
        return None                     # refused by the parser, naming the feature
    raise t.fail(i)


def has_column_list(tokens) -> bool:
    """CREATE [TEMP] TABLE with a column list (not ``AS select``, whose parentheses are
    the query's)."""
    words = [t.upper for t in tokens[1:4]]
    if "TABLE" not in words:
        return False
    i = words.index("TABLE") + 2
    if [t.upper for t in tokens[i:i + 3]] == ["IF", "NOT", "EXISTS"]:
        i += 3
    i += 3 if i + 1 < len(tokens) and tokens[i + 1].text == "." else 1     # [schema.]name
    return not (i < len(tokens) and tokens[i].upper == "AS")


def _create_table(t: _Tokens, i: int):
    i = t.name(t.if_exists(i, ("NOT", "EXISTS")))
    if t.word(i) == "AS":
        return None
    if i >= len(t.tokens) or t.tokens[i].text != "(":
        raise t.fail(i)
    end = t.closing(i)
    spans = _column_definitions(t, i + 1, end)
    _table_options(t, end + 1)
    return spans


def _column_definitions(t: _Tokens, start: int, end: int) -> list:
    """Each item of the column list: a column (whose name must be a name, not followed by
    a parenthesis) or, after the first column, a table constraint; ON CONFLICT and
    generated columns refused. No column may follow a table constraint (SQLite's
    ``columnlist conslist_opt``). Returns the spans of generated-column clauses."""
    items, item, spans = [], start, []
    for j in t.top_level(start):
        if j >= end:
            break
        if t.tokens[j].text == ",":
            items.append((item, j))
            item = j + 1
    items.append((item, end))
    columns, constraints = set(), []
    for first, last in items:
        spans += _column_item(t, first, last, first == start)
        if t.word(first) in _TABLE_CONSTRAINTS:
            constraints.append((first, last))
        elif first < last:
            if constraints:
                _key_columns_defined(t, constraints, columns)
                raise t.fail(first)
            columns.add(ascii_lower(unquote(t.tokens[first].text)))
    return spans


def _key_columns_defined(t: _Tokens, constraints: list, columns: set) -> None:
    """SQLite resolves a PRIMARY KEY, UNIQUE or FOREIGN KEY table constraint as it parses
    it, so one naming a column defined only later (or a foreign key whose column lists
    differ in length) fails that way before the column is reached."""
    for first, last in constraints:
        kind = t.word(first + 2 if t.word(first) == "CONSTRAINT" else first)
        groups = _name_lists(t, first, last)
        if kind not in ("PRIMARY", "UNIQUE", "FOREIGN") or not groups:
            continue
        if kind == "FOREIGN" and len(groups) > 1 and len(groups[1]) != len(groups[0]):
            raise OperationalError("number of columns in foreign key does not match the "
                                   "number of columns in the referenced table")
        for name in groups[0]:
            if ascii_lower(name) not in columns:
                if kind == "FOREIGN":
                    raise OperationalError(f'unknown column "{name}" in foreign key definition')
                raise OperationalError(f"no such column: {name}")


def _name_lists(t: _Tokens, first: int, last: int) -> list[list[str]]:
    """The leading name of each comma-separated part of each top-level parenthesis."""
    lists, j = [], first
    while j < last:
        if t.tokens[j].text != "(":
            j += 1
            continue
        close, names, part, depth = t.closing(j), [], j + 1, 0
        for k in range(j + 1, close + 1):
            depth += (t.tokens[k].text == "(") - (t.tokens[k].text == ")")
            if k == close or depth == 0 and t.tokens[k].text == ",":
                if part < k:
                    names.append(unquote(t.tokens[part].text))
                part = k + 1
        lists.append(names)
        j = close + 1
    return lists


def _column_item(t: _Tokens, start: int, end: int, first_item: bool) -> list:
    if start >= end:
        return []
    first, spans = t.word(start), []
    if first in _TABLE_CONSTRAINTS:
        _table_constraint_head(t, start, end, first_item)
    elif not (is_name(t.tokens[start]) or first in JOIN_KEYWORDS):
        raise t.fail(start)
    elif start + 1 < end and t.tokens[start + 1].text == "(":
        raise t.fail(start + 1)
    else:
        spans = check_generated(t, start, end)
    depth, check_depth = 0, None      # check_depth: the depth of an open CHECK's body
    for j in range(start, end):
        text = t.tokens[j].text
        if check_depth is not None and text == ")" and depth == check_depth:
            check_depth = None
        depth += (text == "(") - (text == ")")
        word = t.word(j)
        if word == "CHECK" and j + 1 < end and t.tokens[j + 1].text == "(":
            check_depth = depth + 1
        elif t.tokens[j].kind == "param" and check_depth is None and \
                not any(a <= t.tokens[j].start < z for a, z in spans):   # (an AS clause's)
            # SQLite refuses these as it parses the DEFAULT, before any binding; a
            # CHECK's and an AS clause's where their names are resolved.
            raise OperationalError(f"default value of column [{t.tokens[start].text}] "
                                   "is not constant")
    return spans + check_conflicts(t, start, end)


def _table_constraint_head(t: _Tokens, i: int, end: int, first_item: bool) -> None:
    """``[CONSTRAINT name] PRIMARY KEY ( | UNIQUE ( | CHECK ( | FOREIGN KEY (``, never
    before the first column (these words are keywords, never column names). A name with
    no constraint after it is allowed, and names nothing."""
    if first_item:
        raise t.fail(i)
    while t.word(i) == "CONSTRAINT":       # the last of several names holds
        i = t.name(i + 1)
        if i == end:
            return
    words = {"PRIMARY": ("PRIMARY", "KEY"), "FOREIGN": ("FOREIGN", "KEY"),
             "UNIQUE": ("UNIQUE",), "CHECK": ("CHECK",)}.get(t.word(i))
    if words is None:
        raise t.fail(i)
    for k, word in enumerate(words):
        if t.word(i + k) != word:
            raise t.fail(i + k)
    i += len(words)
    if i >= len(t.tokens) or t.tokens[i].text != "(":
        raise t.fail(i)


def _table_options(t: _Tokens, i: int) -> None:
    """``WITHOUT ROWID`` and ``STRICT``, separated by commas (sqlite.org/lang_createtable)."""
    options = []
    if i < len(t.tokens) and t.tokens[i].text == ",":
        i += 1                          # SQLite's option list may start with a comma
    while i < len(t.tokens):
        if t.word(i) == "WITHOUT":
            if i + 1 >= len(t.tokens) or not is_name(t.tokens[i + 1]):
                raise t.fail(i + 1)
            options.append(("WITHOUT", t.tokens[i + 1].text))
            i += 2
        elif is_name(t.tokens[i]) or t.word(i) in JOIN_KEYWORDS:
            options.append(("", t.tokens[i].text))
            i += 1
        else:
            raise t.fail(i)
        if i < len(t.tokens):
            if t.tokens[i].text != ",":
                raise t.fail(i)
            i += 1
            if i >= len(t.tokens):
                raise t.fail(i)
    for without, word in options:
        if ascii_upper(word) != ("ROWID" if without else "STRICT"):
            raise OperationalError(f"unknown table option: {word}")


def _create_index(t: _Tokens, i: int):
    i = t.if_exists(i, ("NOT", "EXISTS"))
    blanks = []
    if i + 1 < len(t.tokens) and t.tokens[i + 1].text == ".":
        schema = t.tokens[i].text
        if ascii_lower(schema) not in ("main", "temp"):     # the binder tells them apart
            raise OperationalError(f"unknown database {schema}")
        blanks.append((t.tokens[i].start, t.tokens[i + 1].end))
    i = t.name(i)
    if t.word(i) != "ON":
        raise t.fail(i)
    i = t.name(i + 1)
    if i >= len(t.tokens) or t.tokens[i].text != "(":
        raise t.fail(i)
    end = t.closing(i)
    _no_nulls_order(t, i, end)
    if end + 1 < len(t.tokens) and t.word(end + 1) != "WHERE":
        raise t.fail(end + 1)
    return blanks


def _no_nulls_order(t: _Tokens, start: int, end: int) -> None:
    """An index's columns (and an upsert's target) take no NULLS FIRST or LAST, even one
    that matches the default."""
    for j in range(start, end):
        if t.word(j) == "NULLS" and t.word(j + 1) in ("FIRST", "LAST"):
            raise OperationalError(f"unsupported use of NULLS {t.word(j + 1)}")


def _drop(t: _Tokens):
    if t.word(1) not in ("TABLE", "INDEX", "VIEW", "TRIGGER"):
        raise t.fail(1)
    i = t.name(t.if_exists(2, ("EXISTS",)))
    if i < len(t.tokens):
        raise t.fail(i)


def _insert(t: _Tokens):
    i = 1
    if t.word(0) == "INSERT" and t.word(1) == "OR":
        if t.word(2) not in _RESOLUTIONS:
            raise t.fail(2)
        i = 3
    if t.word(i) != "INTO":
        raise t.fail(i)
    top = list(t.top_level(i + 1))
    for j in top:
        if t.word(j) == "DEFAULT" and t.word(j + 1) == "VALUES" and j + 2 < len(t.tokens) \
                and t.word(j + 2) != "RETURNING":
            raise t.fail(j + 2)           # DEFAULT VALUES takes no upsert clause
    clauses = [j for j in top if t.word(j) == "ON" and t.word(j + 1) == "CONFLICT"]
    for k, j in enumerate(clauses):
        if k == 0:
            _upsert_not_a_join(t, j)
        if k + 1 < len(clauses) and t.word(j + 2) == "DO":
            raise t.fail(clauses[k + 1])  # only the last clause may leave out its target
        if j + 2 < len(t.tokens) and t.tokens[j + 2].text == "(":
            _no_nulls_order(t, j + 2, t.closing(j + 2))
        do = next((d for d in t.top_level(j) if t.word(d) == "DO"), None)
        if do is not None and t.word(do + 1) == "UPDATE" and t.word(do + 2) == "SET":
            _check_set_list(t, do + 3)


def _upsert_not_a_join(t: _Tokens, on: int) -> None:
    """``INSERT ... SELECT ... FROM u ON CONFLICT ...``: SQLite's parser reads the ON as the
    join constraint of the last FROM item, a syntax error at DO (see ``ends_in_bare_from``)."""
    if ends_in_bare_from(t.tokens, 0, on):
        do = next((d for d in range(on, len(t.tokens)) if t.word(d) == "DO"), None)
        raise t.fail(do if do is not None else len(t.tokens))


def ends_in_bare_from(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the query in tokens[start:end] ends in a FROM list whose last item has no ON
    or USING, so that an ON after it reads as that item's join constraint (lang_upsert.html,
    "parsing ambiguity"): not when a WHERE, GROUP BY, ORDER BY or LIMIT comes between."""
    depth, last_item = 0, True
    for k in range(end - 1, start - 1, -1):
        text = tokens[k].text
        depth += (text == ")") - (text == "(")
        if depth:
            continue
        word = tokens[k].upper if tokens[k].kind == "word" else ""
        if word in ("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "VALUES",
                    "SELECT", "INTO") or (last_item and word in ("ON", "USING")):
            return False
        if word == "JOIN" or text == ",":
            last_item = False
        elif word == "FROM":
            return True
    return False


def _check_set_list(t: _Tokens, i: int) -> None:
    """Each item of a SET list is ``name = expr`` or ``(name, ...) = expr``: ``SET t.c = 1``
    is a syntax error at the dot, ``SET b, c = 1`` at the comma, ``SET b`` incomplete."""
    _assignment_target(t, i)
    for j in t.top_level(i):
        if t.tokens[j].text == ",":
            _assignment_target(t, j + 1)
        elif t.word(j) in ("WHERE", "FROM", "RETURNING", "ON"):
            return


def _assignment_target(t: _Tokens, first: int) -> None:
    if first < len(t.tokens) and t.tokens[first].text == "(":
        after = t.closing(first) + 1
    elif first < len(t.tokens) and (is_name(t.tokens[first]) or t.word(first) in JOIN_KEYWORDS):
        after = first + 1
    else:
        raise t.fail(first)
    if after >= len(t.tokens) or t.tokens[after].text not in ("=", "=="):
        raise t.fail(after)


def _qualified_table(t: _Tokens, i: int) -> int:
    """Past ``name [AS alias] [INDEXED BY index | NOT INDEXED]`` (UPDATE and DELETE take
    an alias only after AS)."""
    i = t.name(i)
    if t.word(i) == "AS":
        i = t.name(i + 1)
    if t.word(i) == "INDEXED":
        if t.word(i + 1) != "BY":
            raise t.fail(i + 1)
        if t.name(i + 2) != i + 3:          # an index is named without its schema
            raise t.fail(i + 3)
        i += 3
    elif t.word(i) == "NOT":
        if t.word(i + 1) != "INDEXED":
            raise t.fail(i + 1)
        i += 2
    return i


def _delete(t: _Tokens):
    if t.word(1) != "FROM":
        raise t.fail(1)
    i = _qualified_table(t, 2)
    if i < len(t.tokens) and t.word(i) not in ("WHERE", "RETURNING"):
        raise t.fail(i)
    _no_order_or_limit(t, i)


def _update(t: _Tokens):
    i = 1
    if t.word(1) == "OR":
        if t.word(2) not in _RESOLUTIONS:
            raise t.fail(2)
        i = 3
    i = _qualified_table(t, i)
    if t.word(i) != "SET":
        raise t.fail(i)
    _check_set_list(t, i + 1)
    _no_order_or_limit(t, i)


def _no_order_or_limit(t: _Tokens, start: int) -> None:
    """SQLite's default build has no ORDER BY or LIMIT on DELETE and UPDATE
    (SQLITE_ENABLE_UPDATE_DELETE_LIMIT is off): the first is a syntax error."""
    for j in t.top_level(start):
        if t.word(j) in ("ORDER", "LIMIT"):
            raise t.fail(j)


_SHAPES = {"CREATE": _create, "DROP": _drop, "INSERT": _insert, "REPLACE": _insert,
           "DELETE": _delete, "UPDATE": _update}


# -- what may follow the clauses after FROM --------------------------------------------------
# Clauses after a FROM clause: none of them may be followed by a join in the same query.
_AFTER_FROM = frozenset(("WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT"))
# Words that start a new query, or a part of a statement, at the same depth.
_NEW_QUERY = frozenset(("SELECT", "VALUES", "UNION", "INTERSECT", "EXCEPT", "RETURNING", "DO",
                        "SET"))
# Reserved words that continue an expression or a statement's table but have no place
# right after a FROM item (``JOIN t is ON``, ``FROM t AND``).
_NOT_AFTER_ITEM = frozenset(("AND", "OR", "IN", "IS", "BETWEEN", "THEN", "ELSE", "WHEN",
                             "SET", "DEFAULT", "ESCAPE"))
_CLAUSE_ORDER_GATE = _AFTER_FROM | {"FROM", "JOIN"}
_NOT_A_CLAUSE = {"FROM": "DISTINCT", "GROUP": "EXCLUDE"}      # the word, what it follows
_CLAUSE_RANK = {"WHERE": 1, "GROUP": 2, "HAVING": 3, "WINDOW": 4, "ORDER": 5, "LIMIT": 6,
                "LIMIT+": 6}
# The states of ``_check_clause_order`` whose clause holds expressions only, and the tokens
# that end a value there.
_EXPRESSION_CLAUSES = frozenset(("ON", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "LIMIT+"))
_VALUE_KINDS = frozenset(("number", "string", "blob", "param", "quoted"))
_CLAUSE_ORDER_WATCH = _AFTER_FROM | _NEW_QUERY | _NOT_AFTER_ITEM | {"FROM", "JOIN", "ON",
                                                                   "OFFSET"}


def _check_clause_order(t: _Tokens) -> None:
    """Joins stand in a FROM clause only; a comma ends no WHERE or HAVING expression; LIMIT
    takes two operands at most; each window definition is ``name AS (...)``; no operator
    follows a FROM item. One state per parenthesis depth: None, "FROM", "ON" (a join's
    ON expression, after which a join may follow), or the clause after FROM the query is
    in. A parenthesis opened where a FROM item starts continues the FROM clause (``FROM
    (t JOIN u)``); a SELECT starts over."""
    if _CLAUSE_ORDER_GATE.isdisjoint(t.words):
        return
    tokens, words = t.tokens, t.words
    states: list = [None]
    for i, tok in enumerate(tokens):
        text, word, state = tok.text, words[i], states[-1]
        if text == "(":
            states.append("FROM" if state == "FROM" and _item_starts(t, i) else None)
        elif text == ")":
            if len(states) > 1:
                states.pop()
        elif text == ";":
            states = [None]
        elif text == ",":
            if state in ("WHERE", "HAVING") or state == "LIMIT+":
                raise t.fail(i)
            if state == "LIMIT":
                states[-1] = "LIMIT+"
            elif state == "ON":
                states[-1] = "FROM"
            elif state == "WINDOW" and t.word(i + 2) != "AS":
                raise t.fail(i + 2)         # past the end: SQLite's 'incomplete input'
        elif state in _EXPRESSION_CLAUSES and _name_after_value(t, i):
            raise t.fail(i)                 # WHERE a = 1 START WITH ...: no alias there
        elif word not in _CLAUSE_ORDER_WATCH or t.word(i - 1) == _NOT_A_CLAUSE.get(word) \
                or i in t.tables:
            continue                        # (x IS DISTINCT FROM y, a frame's EXCLUDE GROUP)
        elif word in _NOT_AFTER_ITEM and state == "FROM":
            if grammar_places.ends_expression(t, i - 1):
                raise t.fail(i)
        elif word == "JOIN":
            if state != "FROM" and state != "ON":
                raise t.fail(join_operators.start(t, i))
            states[-1] = "FROM"
        elif word == "FROM" or word in _NEW_QUERY:
            states[-1] = "FROM" if word == "FROM" else None
        elif word == "ON":                  # INSERT ... SELECT ... WHERE x ON CONFLICT
            states[-1] = "ON" if state == "FROM" or state == "ON" else None
        elif word == "OFFSET":
            if state == "LIMIT":
                states[-1] = "LIMIT+"
        elif word in _AFTER_FROM and (word != "WINDOW" or t.word(i + 2) == "AS"):
            if _CLAUSE_RANK.get(state, 0) >= _CLAUSE_RANK[word]:
                raise t.fail(i)             # ORDER BY a WHERE 1: each clause once, in order
            states[-1] = word               # WINDOW may be a name


def _name_after_value(t: _Tokens, i: int) -> bool:
    """Whether the token at ``i`` is a name (no keyword of SQLite's) right after a value, a
    closing parenthesis or another such name: in an expression clause, where no alias
    stands, SQLite's parser stops at it."""
    tok, before = t.tokens[i], t.tokens[i - 1]
    if tok.kind not in ("word", "quoted") or tok.kind == "word" and tok.upper in SQLITE_KEYWORDS:
        return False
    return before.kind in _VALUE_KINDS or before.text == ")" or \
        before.kind == "word" and before.upper not in SQLITE_KEYWORDS


def _item_starts(t: _Tokens, i: int) -> bool:
    """Whether the parenthesis at ``i`` opens a FROM item (not a function's arguments or a
    USING list)."""
    return t.word(i - 1) in ("FROM", "JOIN") or t.tokens[i - 1].text in (",", "(")


# -- words and operators ---------------------------------------------------------------------
# Words that end a clause and cannot start an expression (none falls back to a name)
_CLAUSE_WORDS = frozenset(("ORDER", "GROUP", "HAVING", "LIMIT", "UNION", "INTERSECT", "EXCEPT",
                           "WHERE", "FROM", "ON", "USING", "JOIN", "SET", "VALUES", "SELECT",
                           "AND", "OR", "THEN", "ELSE", "AS", "INTO", "RETURNING"))


# The words ``_check_empty_clauses`` looks at (besides commas).
_EMPTY_CLAUSE_WATCH = ("BY", "USING", "WHERE", "HAVING", "ON")
_TEXT = itemgetter(1)


def _check_empty_clauses(t: _Tokens, head: str) -> None:
    """A clause that needs an expression or a list and has none (``GROUP BY`` at the end,
    ``WHERE ORDER BY``, ``ON WHERE``, ``a, GROUP BY``, ``USING`` without its list): SQLite's
    parser stops at the next token, or past the end ('incomplete input'), sqlglot not.
    Only the watched words and the commas are visited, found by ``indexes_of``."""
    tokens, words = t.tokens, t.words
    texts = list(map(_TEXT, tokens))
    watched = [i for word in _EMPTY_CLAUSE_WATCH for i in indexes_of(words, word)]
    for i in sorted(watched + indexes_of(texts, ",")):     # only these can fail, in order
        tok, word = tokens[i], words[i]
        if word == "BY" and t.word(i - 1) in ("GROUP", "ORDER", "PARTITION"):
            if t.word(i - 1) == "PARTITION" and i + 1 >= len(tokens):
                continue                    # ``t PARTITION BY``: PARTITION names t there
        elif word == "USING" and "JOIN" in (t.word(i - 2), t.word(i - 3), t.word(i - 4)):
            if i + 1 >= len(tokens) or tokens[i + 1].text != "(":
                raise t.fail(i + 1)
            continue
        elif tok.text == "," and i + 1 < len(tokens):
            pass                            # a comma at the end: the parse decides
        elif word not in ("WHERE", "HAVING", "ON"):
            continue
        j = i + 1
        if j >= len(tokens) or tokens[j].text in (")", ",") or t.word(j) in _CLAUSE_WORDS \
                or t.word(j) == "WINDOW" and t.word(j + 2) == "AS":
            raise t.fail(j)


# The words and operators ``_check_words`` looks at (besides numbers).
_NO_ALIAS = frozenset(("ISNULL", "NOTNULL", "VALUES"))      # sqlglot's names after AS
_WATCHED_WORDS = frozenset(("ALL", "DISTINCT", "DEFAULT", "NULLS", "RAISE", "TRIM", "VALUES",
                            "FILTER", "CAST")) | _CLOCK_KEYWORDS | _NO_ALIAS
_WATCHED_TEXTS = _BINARY | {"*", "("}


def _check_words(t: _Tokens, head: str, in_trigger: bool = False) -> list[tuple[int, int]]:
    """Raise SQLite's error for a misplaced word or operator; return the spans of the ALLs
    that open a function's arguments (``min(ALL x)``: the default, which sqlglot cannot
    read, so they are blanked)."""
    tokens, words = t.tokens, t.words
    blanks = []
    for i, tok in enumerate(tokens):
        word = words[i]
        if word not in _WATCHED_WORDS and tok.text not in _WATCHED_TEXTS \
                and tok.kind != "number" or i in t.tables:
            continue                        # none of the tests below can hold
        before = tokens[i - 1] if i else None
        if word == "ALL":
            if t.word(i - 1) in ("SELECT", "UNION"):
                continue
            if not _opens_arguments(t, i):
                raise t.fail(i)
            if i + 1 < len(tokens) and tokens[i + 1].text == "*":
                raise t.fail(i + 1)         # count(ALL *) is no call SQLite's grammar has
            blanks.append((tok.start, tok.end))
        elif word == "DISTINCT" and i + 1 < len(tokens) and tokens[i + 1].text == "*" \
                and _opens_arguments(t, i):
            raise t.fail(i + 1)             # count(DISTINCT *)
        elif word == "DEFAULT" and head not in ("CREATE", "ALTER") and t.word(i + 1) != "VALUES":
            # where INSERT's DEFAULT VALUES stands, SQLite's parser stops after the DEFAULT
            after = head in ("INSERT", "REPLACE") and before.text not in ("(", ",", "=")
            raise t.fail(i + 1 if after else i)
        elif word == "NULLS" and t.word(i - 2) == "NULLS" and t.word(i - 1) in ("FIRST", "LAST"):
            raise t.fail(i)
        elif word in _NO_ALIAS and t.word(i - 1) == "AS" and (
                word != "VALUES" or head not in ("CREATE", "ALTER")):
            raise t.fail(i)                 # a AS isnull: a keyword SQLite takes for no name
        elif tok.text == "*" and before is not None and _is_star(t, i):
            _check_star(t, i)
        elif word in _CLOCK_KEYWORDS and i + 1 < len(tokens) and tokens[i + 1].text == "(" \
                and not _tvf(tokens, i):
            raise t.fail(i + 1)     # a keyword, not a function name: current_date() fails
        elif word in ("CAST", "RAISE") and i + 1 < len(tokens) and tokens[i + 1].text == "." \
                and starts_operand(tokens, i):
            raise t.fail(i + 1)     # an operand's keyword, no table's name: cast.a fails
        elif word == "RAISE" and grammar_places.text_at(t, i + 1) == "(" and not _tvf(tokens, i) \
                and not in_trigger and not raise_coded(head, tokens):   # else bind_trigger
            raise OperationalError("RAISE() may only be used within a trigger-program")
        elif word == "TRIM" and i + 2 < len(tokens) and tokens[i + 1].text == "(" \
                and t.word(i + 2) in ("LEADING", "TRAILING", "BOTH"):
            raise t.fail(i + 3)
        elif before is not None and before.kind == "op" and before.text in _OPERATORS \
                and tok.text in _BINARY:
            raise t.fail(i)
        elif before is not None and before.kind == tok.kind == "number":
            raise t.fail(i)
        elif tok.text == "(" and before is not None and before.kind in _VALUE_TOKENS \
                and head not in ("CREATE", "ALTER") and t.word(i - 2) != "AS" \
                and not names_by_string(tokens, i - 1):
            raise t.fail(i)                 # 'abs'(x), 1(2): no call; 'VARCHAR'(10) is a type
        elif word == "VALUES" and head != "INSERT":
            _no_order_after_values(t, i)
        elif word == "FILTER" and i + 1 < len(tokens) and tokens[i + 1].text == "(" \
                and not _follows_call(t, i) and not starts_operand(tokens, i) \
                and not _tvf(tokens, i):                    # filter(1): a call
            # (count(*)) FILTER, f() FILTER (...) FILTER, OVER () FILTER; after a name or a
            # value SQLite takes FILTER for an alias and stops at the parenthesis
            raise t.fail(i if before is not None and before.text == ")" else i + 1)
    return blanks


def _no_order_after_values(t: _Tokens, i: int) -> None:
    """ORDER BY and LIMIT belong to a SELECT in SQLite's grammar (parse.y's ``oneselect``),
    so a VALUES list -- alone or the last arm of a compound -- cannot be followed by them,
    where sqlglot hangs them on the compound."""
    tokens, j = t.tokens, i + 1
    while j < len(tokens) and tokens[j].text == "(":
        j = closing_paren(tokens, j) + 1
        if j < len(tokens) and tokens[j].text == ",":
            j += 1
        else:
            break
    if t.word(j) in ("ORDER", "LIMIT"):
        raise t.fail(j)


def _follows_call(t: _Tokens, i: int) -> bool:
    """Whether the token at ``i`` comes right after a function call's closing parenthesis
    (SQLite's ``idj LP exprlist RP filter_over``)."""
    tokens, depth = t.tokens, 0
    for j in range(i - 1, -1, -1):
        depth += (tokens[j].text == ")") - (tokens[j].text == "(")
        if depth == 0:          # 'abs'(x) is an error of its own, at its parenthesis
            return j < i - 1 and (j > 0 and tokens[j - 1].kind == "string" or _opens_arguments(
                t, j + 1) and (t.word(j - 1) not in ("FILTER", "OVER")
                               or starts_operand(tokens, j - 1)))   # filter(1) FILTER
        if depth < 0:
            return False
    return False


def _is_star(t: _Tokens, i: int) -> bool:
    """True if the ``*`` at ``i`` stands for columns (``SELECT *``, ``t.*``, ``count(*)``),
    not for multiplication."""
    before = t.tokens[i - 1]
    return before.text in (",", ".", "(") or t.word(i - 1) in ("SELECT", "DISTINCT", "ALL")


def _check_star(t: _Tokens, i: int) -> None:
    """A star for columns stands only where SQLite's grammar has one: ``count(*)``, a
    result column ``*`` or ``nm.*`` (one name: not ``main.t.*``, ``f(t.*)``, ``(t.*)`` or
    ``ORDER BY t.*``); nothing may follow it but the end of the list or of the call:
    sqlglot reads ``SELECT * x`` as an alias it then drops and ``* REPLACE (...)`` as
    BigQuery's."""
    tokens = t.tokens
    if tokens[i - 1].text == "(" and not (i >= 2 and tokens[i - 2].kind != "string" and (
            is_name(tokens[i - 2]) or t.word(i - 2) in JOIN_KEYWORDS)):
        # (*) is no call: VALUES (*), SELECT (*); 'name'(*) fails at its parenthesis
        raise t.fail(i - 1 if i >= 2 and tokens[i - 2].kind == "string" else i)
    opening = i - 3 if tokens[i - 1].text == "." else i - 1     # what the column follows
    if tokens[i - 1].text in (",", ".") and not _opens_result_column(t, opening):
        raise t.fail(i)
    if i + 1 < len(tokens):
        after = tokens[i + 1]
        if after.text not in (",", ")", ";") and t.word(i + 1) not in _AFTER_STAR:
            raise t.fail(i + 1)


def _opens_result_column(t: _Tokens, i: int) -> bool:
    """Whether the token at ``i`` opens a result column: the list's first word, or a
    comma of a SELECT's or RETURNING's list."""
    if i < 0 or t.tokens[i].text != ",":
        return i >= 0 and t.word(i) in _RESULT_LIST_HEADS
    depth = 0
    for j in range(i, -1, -1):
        text, word = t.tokens[j].text, t.word(j)
        depth += (text == ")") - (text == "(")
        if depth < 0 or (depth == 0 and word in _STAR_LISTS):
            return word in _RESULT_LIST_HEADS
    return False


def _opens_arguments(t: _Tokens, i: int) -> bool:
    """Whether the token at ``i`` comes first inside a function call's parentheses: after
    ``name(``, where the name is an identifier (a fallback keyword too, ``replace(``), not
    ``CAST(`` and not a string (SQLite's ``idj LP distinct exprlist RP``)."""
    if i < 2 or t.tokens[i - 1].text != "(":
        return False
    name = t.tokens[i - 2]
    return (is_name(name) and name.kind != "string" and name.upper != "CAST") \
        or t.word(i - 2) in JOIN_KEYWORDS

