"""Where SQLite's grammar lets a word stand, and sqlglot's lets more: token checks.

sqlglot takes almost any word for an alias, a CASE arm without THEN, an empty result
list and a CAST to any words, and reads them into trees that look like plain SQLite
(``SELECT a IN FROM t`` is ``a AS "IN"``, ``SELECT FROM t`` a query of no columns, ``CASE
WHEN a > 1 'big' END`` a CASE whose THEN is 'big'). SQLite's parser (src/parse.y) rejects
each with a syntax error; ``check`` (called by grammar.check) raises it at the token
SQLite's parser stops at where that is plain from the tokens, else at the nearest token
that shows the error:

- **reserved words as aliases.** ``RESERVED`` are the keywords that never fall back to a
  name (measured with apsw: each keyword as a bare alias, after AS, as a table name). One
  of them written where an expression ended and followed by the end of a list or a clause
  (``a IN FROM``, ``4 IN)``, ``a ESCAPE, b``, ``NULL NULL``) is no alias: SQLite stops at
  the word itself, or at the token after it when the word may follow an expression there
  (``IN``, ``ORDER``...). After AS only the queries of CREATE VIEW / TABLE ... AS and a
  common table's ``AS [NOT] MATERIALIZED`` may follow. Not in column definitions, where
  ``a UNIQUE,`` is a constraint;
- **reserved words as names or operands**: one that starts no operand (all but NOT, CASE,
  EXISTS, NULL) after a dot (``x.values``), an operator or a word an expression follows
  (``WHERE isnull = 1``), a comma or an opening parenthesis (``ON t(a, delete)``; a query,
  DISTINCT, a window's ORDER BY or a FILTER's WHERE may open one), and after NOT that
  follows an expression only LIKE, GLOB, REGEXP, MATCH, IN, BETWEEN or NULL (``x NOT
  ILIKE y``);
- **empty result columns**: ``SELECT FROM``, ``SELECT , a``, ``SELECT AS x``;
- **CASE arms**: each WHEN has its THEN before the next WHEN, ELSE or END;
- **CAST type names**: names (no reserved word), then at most ``(signed [, signed])``, and
  the closing parenthesis;
- **an operator's operand**: ``+``, ``-`` or ``~`` before a comma or a closing parenthesis
  (sqlglot drops such a unary ``+``); and a name after INTO (``INSERT INTO (t) ...``);
- **a dot** after anything but a name (``FROM . t``, ``BETWEEN . 0``), and LIMIT or OFFSET
  without operand.
"""

from __future__ import annotations

from .lexer import in_from, is_name, is_nm

# The keywords SQLite never reads as a name (its parse.y %fallback list leaves them out).
RESERVED = frozenset((
    "ADD", "ALL", "ALTER", "AND", "AS", "AUTOINCREMENT", "BETWEEN", "CASE", "CHECK", "COLLATE",
    "COMMIT", "CONSTRAINT", "CREATE", "DEFAULT", "DEFERRABLE", "DELETE", "DISTINCT", "DROP",
    "ELSE", "ESCAPE", "EXCEPT", "EXISTS", "FOREIGN", "FROM", "GROUP", "HAVING", "IN", "INDEX",
    "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LIMIT", "NOT", "NOTHING", "NULL", "ON", "OR",
    "ORDER", "PRIMARY", "REFERENCES", "RETURNING", "SELECT", "SET", "TABLE", "THEN", "TO",
    "TRANSACTION", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "WHEN", "WHERE"))
# Reserved words that may follow a complete expression: SQLite reads on and stops later.
_AFTER_EXPRESSION = frozenset(("AND", "OR", "IN", "IS", "NOT", "BETWEEN", "COLLATE", "FROM",
                               "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION",
                               "INTERSECT", "EXCEPT", "THEN", "ELSE", "WHEN", "AS", "ON",
                               "USING", "RETURNING"))
# Tokens after which a list item or a clause has ended.
_ENDS = frozenset((",", ")", ";", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
                   "UNION", "INTERSECT", "EXCEPT", "RETURNING"))
# What may follow AS though reserved: a view's or a table's query, MATERIALIZED's NOT.
_AFTER_AS = frozenset(("SELECT", "VALUES", "NOT"))
_POSTFIX = frozenset(("ISNULL", "NOTNULL"))
# Reserved words that may follow a table's name in FROM (or a statement's table).
_AFTER_TABLE = frozenset(("AS", "ON", "USING", "JOIN", "NOT", "WHERE", "GROUP", "HAVING",
                          "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "RETURNING", "SET",
                          "VALUES", "DEFAULT", "SELECT", "WHEN"))
# Keywords that fall back to names but, where they stand as keywords, an operand or a
# statement follows them (GROUP BY NULL, OFFSET NULL, LIKE NULL, DO NOTHING, a trigger's
# BEGIN DELETE FROM, EXPLAIN QUERY PLAN DELETE FROM, a frame's ROWS 1 PRECEDING).
_LEADS = frozenset(("BY", "OFFSET", "LIKE", "GLOB", "MATCH", "REGEXP", "DO", "BEGIN",
                    "EXPLAIN", "PLAN", "EXCLUDE", "ROWS", "RANGE", "GROUPS"))
_VALUES = frozenset(("number", "string", "blob", "param", "quoted"))
_OPERANDS = frozenset(("number", "string", "blob", "param"))
_NAMES = frozenset(("word", "quoted", "string"))       # what a dot may follow (parse.y's nm)
_LIST_HEADS = frozenset(("SELECT", "DISTINCT", "ALL"))
# What follows NOT after an expression (and IF, INDEXED's table, a foreign key).
_AFTER_BINARY_NOT = frozenset(("LIKE", "GLOB", "REGEXP", "MATCH", "IN", "BETWEEN", "NULL",
                               "EXISTS", "INDEXED", "DEFERRABLE"))
# Reserved words that may open a parenthesis: a query, DISTINCT or ALL arguments, a
# window's ORDER BY, a FILTER's WHERE.
_AFTER_PAREN = frozenset(("SELECT", "VALUES", "DISTINCT", "ALL", "ORDER", "WHERE"))
# Operators after which an operand starts, and words after which an expression does.
_OPERATORS_BEFORE = frozenset(("||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "<", ">", "=",
                               "&", "|", "+", "-", "/", "%", "->", "->>", "~"))
_EXPRESSION_HEADS = frozenset(("WHERE", "HAVING", "AND", "OR", "WHEN", "THEN", "ELSE",
                               "LIMIT"))
# Reserved words no operand starts with (NOT, CASE, EXISTS and NULL do).
_NO_OPERAND = (RESERVED | _POSTFIX) - {"NOT", "CASE", "EXISTS", "NULL"}
_JOIN_WORDS = frozenset(("NATURAL", "LEFT", "RIGHT", "FULL", "OUTER", "INNER", "CROSS",
                         "INDEXED"))
# Clause words a backward walk stops at (``clause_of``); DISTINCT and ALL count as SELECT.
_CLAUSES = frozenset(("SELECT", "DISTINCT", "ALL", "RETURNING", "FROM", "JOIN", "ON", "USING",
                      "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "SET", "VALUES"))
# After a VALUES row: another row, the end of the query or of the statement's source.
_AFTER_ROW = frozenset((",", ")", ";", "ON", "RETURNING", "UNION", "INTERSECT", "EXCEPT",
                        "ORDER", "LIMIT"))
# The statements that hold queries, expressions or aliases (BEGIN ... TRANSACTION,
# DROP TABLE, ALTER TABLE ... ADD COLUMN and the others are grammar.py's to check).
_QUERYING = frozenset(("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE",
                       "CREATE", "EXPLAIN"))
# Reserved words that may follow an expression or a table (COLLATE aside: its check
# looks back at what it follows).
_FOLLOWERS = (_AFTER_EXPRESSION | _AFTER_TABLE) - {"COLLATE"}
_WATCH = RESERVED | _POSTFIX | _JOIN_WORDS | {"CASE", "CAST", "OFFSET", "*"}
# Operators that may open an operand, and so need one after them (sqlglot drops a unary +
# with none)
_PREFIX_OPS = frozenset(("+", "-", "~"))


def check(t, head: str) -> None:
    """Raise SQLite's syntax error for a word where SQLite's grammar has no place for it."""
    if head not in _QUERYING:
        return
    definitions = head == "CREATE" and t.word(1) in ("TABLE", "TEMP", "TEMPORARY")
    tokens, words, count = t.tokens, t.words, len(t.tokens)
    for i, word in enumerate(words):
        if tokens[i].text in _PREFIX_OPS and text_at(t, i + 1) in (",", ")") \
                or word == "INTO" and text_at(t, i + 1) == "(":
            raise t.fail(i + 1)             # SELECT + , b (no operand); INSERT INTO (t)
        if word not in _WATCH and tokens[i].text != "*":
            if tokens[i].text == "." and (not i or tokens[i - 1].kind not in _NAMES
                                          or words[i - 1] in RESERVED):
                raise t.fail(i)             # a dot after no name: BETWEEN . 0
            if i and tokens[i].kind in _OPERANDS and not definitions and \
                    (tokens[i - 1].kind != "op" or tokens[i - 1].text == ")"):
                _operand_place(t, i)        # (after an operator or a comma it has a place)
            continue
        if i and word in _NO_OPERAND and _no_place(t, i, word, definitions):
            raise t.fail(i)                 # x.values, WHERE isnull = 1, (a, delete)
        if word in _JOIN_WORDS or word in _POSTFIX or not word:
            _stray_word(t, i, word)
            continue
        if word == "SELECT" or word == "RETURNING":
            _result_column(t, i)
        elif word == "VALUES" and t.word(i - 1) in ("FROM", "JOIN"):
            raise t.fail(i)                 # FROM VALUES (1): a FROM item has no VALUES
        elif word == "VALUES" and text_at(t, i + 1) == "(":
            _after_rows(t, i + 1)
        elif word == "CASE":
            _case_arms(t, i)
        elif word == "BETWEEN":
            _between_low(t, i)
        elif word == "CAST" and t.tokens[i + 1:i + 2] and t.tokens[i + 1].text == "(":
            _cast_type(t, i + 1)
        elif word in ("LIMIT", "OFFSET") and text_at(t, i + 1) == "," \
                and (word == "LIMIT" or clause_of(t, i) == "LIMIT"):
            raise t.fail(i + 1)
        elif word in ("FROM", "JOIN") and text_at(t, i + 1) == ".":
            raise t.fail(i + 1)
        if word == "IN" and i + 1 < len(t.tokens) and text_at(t, i + 1) != "(" and \
                not is_nm(t.tokens[i + 1]):
            raise t.fail(i + 1)             # x IN NOTNULL: a list, a table ('t' too) or a function
        if word == "COLLATE" and i + 1 < count and not _collation_name(t.tokens[i + 1]):
            raise t.fail(i + 1)             # x COLLATE cross: SQLite's ids, a name or string
        if word == "IS" and t.word(i - 1) == "NOT":
            raise t.fail(i)                 # x NOT IS y
        if word == "NULL" and text_at(t, i + 1) == "(":
            raise t.fail(i + 1)             # null(1): no name (sqlglot: BETWEEN null (1) AND)
        if word == "NOT" and i + 1 < count and t.word(i + 1) not in _AFTER_BINARY_NOT \
                and ends_expression(t, i - 1):
            raise t.fail(i + 1)             # x NOT ILIKE y
        if word in RESERVED and word != "AS" and i and not definitions and (
                word not in _FOLLOWERS or words[i - 1] == "AS" or i + 1 == count
                or tokens[i + 1].text in _ENDS or words[i + 1] in _ENDS):
            _alias_place(t, i, word)        # (a follower with more after it is in place)


def _collation_name(tok) -> bool:
    """Whether ``tok`` may name a collation (parse.y's ``ids``: an identifier, with the
    keywords that fall back to one, or a string)."""
    return tok.kind in ("string", "quoted") or \
        tok.kind == "word" and is_name(tok) and tok.upper != "INDEXED"


def _no_place(t, i: int, word: str, definitions: bool) -> bool:
    """Whether the reserved word at ``i``, which starts no operand, stands where only a
    name or an operand may: after a dot, an operator or a clause word that an expression
    follows, or (outside a table's definitions, where constraints follow a comma) after a
    comma or an opening parenthesis, where a few start a query, a window or a filter."""
    before = t.tokens[i - 1].text
    if before == "." or _operand_starts(t, i):
        return True
    return not definitions and (before == "," or before == "(" and word not in _AFTER_PAREN)


def _operand_starts(t, i: int) -> bool:
    """Whether an operand starts at ``i``: after a binary operator (not ``*``, which may
    be a star) or a word after which only an expression stands."""
    before = t.tokens[i - 1]
    if before.kind == "op":
        return before.text in _OPERATORS_BEFORE
    word = t.words[i - 1]
    return word in _EXPRESSION_HEADS or word == "BY" and t.word(i - 2) in ("ORDER", "GROUP",
                                                                          "PARTITION")


def text_at(t, i: int) -> str:
    """The text of the token at ``i`` ("" past the end)."""
    return t.tokens[i].text if i < len(t.tokens) else ""


def ends_expression(t, i: int) -> bool:
    """Whether the token at ``i`` can be the last of an expression or a table name."""
    tok = t.tokens[i]
    if tok.kind in _VALUES or tok.text == ")":
        return True
    word = t.words[i]
    return bool(word) and (word not in RESERVED or word == "NULL") and word not in _LEADS


def _operand_place(t, i: int) -> None:
    """A number, blob, parameter or string right after a complete expression: no place
    for it, but a string after a result column or a table (its alias). Only after a value,
    a quoted name, NULL or a parenthesis that follows no other operand: after a word
    (``a DIV 1``, ``NOT ILIKE 'x'``) SQLite stops at the word, as sqlglot's parse does."""
    before = t.tokens[i - 1]
    if t.tokens[i].kind != "string" and i > 1 and ends_expression(t, i - 1) and \
            (t.tokens[i - 2].text in (",", "(") or t.words[i - 2] in _LIST_HEADS):
        raise t.fail(i)                     # a list item of one name, then a value
    if not (before.kind in _VALUES or before.text == ")" or t.words[i - 1] == "NULL") \
            or i > 1 and ends_expression(t, i - 2):
        return
    if t.tokens[i].kind == "string" and (
            clause_of(t, i) in ("SELECT", "RETURNING", "FROM", "JOIN", "") or _after_item(t, i)):
        return                              # an alias, or a place this check does not judge
    raise t.fail(i)


def _after_item(t, i: int) -> bool:
    """Whether the token at ``i`` follows a table's name after a comma of a FROM clause
    (``FROM t JOIN u USING (a), v 'x'``, whose nearest clause word is USING)."""
    k = i - 1
    while k > 0 and (t.tokens[k].kind in _NAMES or t.tokens[k].text == "."):
        k -= 1
    return k < i - 1 and t.tokens[k].text == "," and in_from(t.tokens, k)


def _alias_place(t, i: int, word: str) -> None:
    before = t.word(i - 1)
    if before == "AS":
        if word not in _AFTER_AS and word not in _POSTFIX:
            raise t.fail(i)
        return
    if word in _POSTFIX or not ends_expression(t, i - 1):
        return
    if word == "COLLATE":                   # after an expression: its collation follows
        if t.tokens[i - 1].kind in ("word", "quoted") and clause_of(t, i) in ("FROM", "JOIN"):
            raise t.fail(i)
        return
    if word not in _AFTER_TABLE and word not in _AFTER_EXPRESSION \
            and t.tokens[i - 1].kind in ("word", "quoted") and clause_of(t, i) in ("FROM", "JOIN"):
        raise t.fail(i)                     # FROM t CASE: no alias
    after = i + 1
    if word == "DELETE" and t.word(after) == "FROM" and not clause_of(t, i):
        return                              # WITH c AS (...) DELETE FROM t
    if after < len(t.tokens) and text_at(t, after) not in _ENDS and t.word(after) not in _ENDS:
        return
    raise t.fail(after if word in _AFTER_EXPRESSION else i)


def clause_of(t, i: int) -> str:
    """The clause the token at ``i`` stands in: the nearest clause word before it at its
    parenthesis depth (DISTINCT and ALL read as SELECT), or "" if none."""
    depth = 0
    for j in range(i - 1, -1, -1):
        text = t.tokens[j].text
        if text == ")":
            depth += 1
        elif text == "(":
            if depth == 0:
                return ""
            depth -= 1
        elif depth == 0 and t.words[j] in _CLAUSES:
            word = t.words[j]
            if word == "FROM" and t.word(j - 1) == "DISTINCT" or \
                    word == "DISTINCT" and t.word(j + 1) == "FROM":
                continue                    # x IS [NOT] DISTINCT FROM y
            return "SELECT" if word in ("DISTINCT", "ALL") else word
    return ""


def _stray_word(t, i: int, word: str) -> None:
    """A join word as a bare alias of a result column (``SELECT a LEFT FROM t``: SQLite
    has join words as names only after AS), and a star or ISNULL/NOTNULL right after a
    table in FROM (``FROM t *``)."""
    if not i or not ends_expression(t, i - 1):
        return
    if word in _JOIN_WORDS:
        after = i + 1
        if after < len(t.tokens) and text_at(t, after) not in _ENDS and t.word(after) not in _ENDS:
            return
        clause = clause_of(t, i)
        if clause in ("SELECT", "RETURNING"):
            raise t.fail(i)
        if clause in ("FROM", "JOIN"):     # a join or INDEXED BY begun: SQLite reads on
            raise t.fail(after)
    elif (word or t.tokens[i].text == "*") and clause_of(t, i) in ("FROM", "JOIN") \
            and t.tokens[i - 1].kind in ("word", "quoted") and t.word(i - 1) not in RESERVED:
        raise t.fail(i)


def _after_rows(t, open_at: int) -> None:
    """What follows the rows of VALUES: another row, or the end of the query; sqlglot
    takes a word there for an alias (``VALUES (2) KEY``) and a row for its columns."""
    j = open_at
    while j < len(t.tokens) and t.tokens[j].text == "(":
        j = t.closing(j) + 1
        if text_at(t, j) != ",":
            break
        j += 1
    if j < len(t.tokens) and text_at(t, j) not in _AFTER_ROW and t.word(j) not in _AFTER_ROW:
        raise t.fail(j)


def _result_column(t, i: int) -> None:
    """A result list opens with an expression or a star (after DISTINCT or ALL): no
    reserved word but those an operand starts with."""
    j = i + 1
    if t.word(j) in ("DISTINCT", "ALL"):
        j += 1
    if j >= len(t.tokens):
        return                              # the parse says 'incomplete input'
    if text_at(t, j) in (",", ")") or t.word(j) in _ENDS or t.word(j) == "AS" or \
            t.word(j) in _NO_OPERAND:
        raise t.fail(j)


def _case_arms(t, i: int) -> None:
    """Each WHEN of the CASE at ``i`` meets its THEN before the next WHEN, ELSE or END at
    the CASE's depth (nested CASEs and parentheses skipped)."""
    depth, waiting = 0, None                # waiting: the index of a WHEN without THEN yet
    for j in range(i + 1, len(t.tokens)):
        text, word = t.tokens[j].text, t.words[j]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth < 0:
                return
        elif depth or not word:
            continue
        elif word == "CASE":
            return                          # a nested CASE: checked on its own
        elif word == "THEN":
            waiting = None
        elif word == "END" and not ends_expression(t, j - 1):
            continue                        # where an operand starts: a name (fallback ID)
        elif word in ("WHEN", "ELSE", "END"):
            if waiting is not None:
                raise t.fail(_second_operand(t, waiting + 1, j))
            if word == "END":
                return
            waiting = j if word == "WHEN" else None


def _between_low(t, i: int) -> None:
    """The low bound of the BETWEEN at ``i`` is one expression before its AND: a
    parenthesis right after a parenthesised operand opens nothing there (sqlglot reads
    ``BETWEEN (1)(2) AND 3`` as ``(BETWEEN (1) AND (2)) AND 3``)."""
    depth = 0
    for j in range(i + 1, len(t.tokens)):
        text = t.tokens[j].text
        if text == "(":
            if not depth and t.tokens[j - 1].text == ")":
                raise t.fail(j)
            depth += 1
        elif text == ")":
            depth -= 1
            if depth < 0:
                return
        elif not depth and t.words[j] == "AND":
            return


def _second_operand(t, first: int, end: int) -> int:
    """The first token in ``first:end`` that starts a new operand right after one ended
    (``a > 1 'big'``: where SQLite's parser stops), else ``end``."""
    for j in range(first + 1, end):
        tok = t.tokens[j]
        if ends_expression(t, j - 1) and (tok.kind in _VALUES or tok.text == "(" or
                                           t.words[j] and t.words[j] not in RESERVED):
            return j
    return end


def _cast_type(t, open_at: int) -> None:
    """``CAST(x AS type)``: the type is names (ids), then maybe ``(signed [, signed])``."""
    close = t.closing(open_at)
    if close >= len(t.tokens):
        raise t.fail(close)                 # never closed (sqlglot reads CAST(a AS INT FROM
                                            # t as closed); the recognizer finds the token
    as_at = max((j for j in t.top_level(open_at + 1) if j < close and t.words[j] == "AS"),
                default=None)
    if as_at is not None:
        _type_name(t, as_at + 1, close)


def _type_name(t, first: int, end: int) -> None:
    j = first
    while j < end and (t.tokens[j].kind in ("quoted", "string") or t.words[j] and
                       t.words[j] not in RESERVED and t.words[j] not in _JOIN_WORDS):
        j += 1
    if j == end:
        return
    if j == first or t.tokens[j].text != "(":
        raise t.fail(j)
    j += 1
    for operand in range(2):
        if text_at(t, j) in ("+", "-"):
            j += 1
        if j >= end or t.tokens[j].kind != "number":
            raise t.fail(j)
        j += 1
        if text_at(t, j) != "," or operand:
            break
        j += 1
    if text_at(t, j) != ")" or j + 1 != end:
        raise t.fail(j)
