"""SQL text -> ``Parsed`` statements: sqlglot (read="sqlite") plus what it does not keep.

sqlglot's classes are touched only inside ``rowandb/sql/`` (here and in the binder modules).
This module handles by itself the statements sqlglot has no faithful node for — transaction control
(BEGIN/COMMIT/END/ROLLBACK [TO]/SAVEPOINT/RELEASE), PRAGMA and EXPLAIN [QUERY PLAN] — and
recovers the declared type of every CREATE TABLE column from the raw tokens, because
sqlglot normalises type names (INT -> INTEGER, STRING -> TEXT) while SQLite's affinity and
rowid-alias rules depend on the exact words, and it rejects multi-word types
(``UNSIGNED BIG INT``). Errors become ``OperationalError`` in SQLite's words with the position.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlglot
import sqlglot.dialects.sqlite
import sqlglot.parser
from sqlglot import expressions as exp
from sqlglot.errors import ParseError, TokenError

from ...errors import NotSupportedError, OperationalError
from ...planner.functions.registry import is_known_function
from . import escape_terms, grammar, limits
from .first_checks import CONSTRAINT_WORDS as _CONSTRAINT_WORDS, check_first
from .list_widths import check_widths, may_differ
from ..bind.generated import generated_type_word
from .as_written import ANONYMOUS_PREFIX, parse_expression, restore, rewrite
from ..alter_table.alter_syntax import parse_alter
from .audit import Source, audit
from .constraint_lists import plain_constraints
from .dialect import parse_statements
from ..pragma.pragma_syntax import PragmaCall, parse_pragma
from .folds import fold, may_fold
from .key_terms import key_terms
from .lexer import (SQLITE_KEYWORDS, Parameters, Token, parameter_slots, blank_span as _blank, closing_paren, is_nm,
                    indexes_of, is_name, sqlglot_text, syntax_error, tokenize, unquote, uppers)
from ..maintenance import OWN_GRAMMARS
from .view_syntax import is_create_view, parse_create_view
from .trigger_syntax import (is_create_trigger, parse_create_trigger, parse_drop_trigger,
                             raise_codes_outside)
from .window_syntax import check_frames, mark_written_names, read_frames
from .table_name_places import names_a_table
from .with_clause import has_with, parse_with
from ...catalog.ascii_case import ascii_upper

logging.getLogger("sqlglot").setLevel(logging.ERROR)

# Words sqlglot reads before a string as a typed literal (its type names, and the string
# prefixes of other dialects); to SQLite the string is the word's alias.
_LITERAL_PREFIXES = frozenset(
    [w for w, t in sqlglot.dialects.sqlite.SQLite.Tokenizer.KEYWORDS.items()
     if t in sqlglot.parser.Parser.TYPE_TOKENS and w.isidentifier() and w not in SQLITE_KEYWORDS]
    + ["N", "E", "B", "R"])
_TABLE_CONSTRAINT_START = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}
_CONFLICTS = {"ABORT", "FAIL", "IGNORE", "REPLACE", "ROLLBACK"}


@dataclass
class Parsed:
    kind: str                       # see StatementInfo.kind
    text: str
    tree: exp.Expression | None = None
    params: Parameters = field(default_factory=Parameters)
    column_types: list[str] = field(default_factory=list)
    key_terms: list = field(default_factory=list)   # per table PRIMARY KEY/UNIQUE: KeyTerms
    conflict: str | None = None     # UPDATE OR <conflict>
    control: tuple = ()             # (action, mode, name) for transaction control
    pragma: PragmaCall | None = None   # a PRAGMA statement (pragma_syntax.py)
    inner: "Parsed | None" = None   # the statement an EXPLAIN explains
    select_texts: list = field(default_factory=list)  # per SELECT keyword: its items' source text
    returning_texts: list = field(default_factory=list)   # the RETURNING items' source text
    glot_text: str = ""             # the text sqlglot read (its nodes' offsets point here)
    upserts: list = field(default_factory=list)   # INSERT's ON CONFLICT clauses, in order
    with_: object = None            # the statement's own WITH clause (with_clause.WithClause)
    nested: dict = field(default_factory=dict)    # stand-in name -> Parsed of a subquery with one
    reindex: tuple | None = None    # REINDEX's (schema, name); (None, None): every index
    view: object = None             # CREATE VIEW: its view_syntax.ViewSyntax
    trigger: object = None          # CREATE/DROP TRIGGER: trigger_syntax.TriggerSyntax/DropTrigger
    alter: object = None            # ALTER TABLE: alter_syntax.AlterSyntax
    maintenance: object = None      # VACUUM: vacuum.Vacuum; ANALYZE: analyze.Analyze
    frame_kinds: list = field(default_factory=list)   # window frames' ROWS/RANGE/GROUPS, in text order
    over_parens: list = field(default_factory=list)   # per OVER: a parenthesis follows it
    without_rowid: bool = False     # CREATE TABLE ... WITHOUT ROWID (blanked for sqlglot)

    def trees(self) -> list:
        """Every sqlglot tree the statement was parsed into: its own, its ON CONFLICT
        clauses', and those of the pieces its WITH clauses were cut into."""
        found = [self.tree] + list(self.upserts) if self.tree is not None else []
        for table in self.with_.tables if self.with_ is not None else ():
            found += table.body.trees()
        for piece in self.nested.values():
            found += piece.trees()
        if self.view is not None:
            found += self.view.body.trees()
        return found


def parse(sql: str) -> Parsed:
    """Parse exactly one statement (no trailing ``;`` needed)."""
    tokens = tokenize(sql)
    if ";" in sql:                      # a semicolon token's text is in the text
        tokens = [t for t in tokens if t.kind != "semi"]
    if not tokens:
        raise OperationalError("incomplete input")
    head = tokens[0].upper
    if tokens == [tokens[0]] and head == "VALUES":
        raise OperationalError("incomplete input")      # sqlglot reads a name
    limits.check_tokens(tokens)
    if head == "PRAGMA":                # its whole grammar is pragma_syntax's
        return _parse_pragma(sql, tokens)
    if head in ("CREATE", "DROP") and _is_trigger_ddl(tokens):
        return _parse_trigger_ddl(sql, tokens)  # its pieces are checked one by one
    if head == "ALTER":                 # its whole grammar is alter_syntax's
        return Parsed("ddl", sql, alter=parse_alter(sql, tokens, parse),   # its parameters
                      params=parameter_slots(tokens)[1])  # counted as SQLite counts them
    if head in OWN_GRAMMARS:            # VACUUM, ANALYZE: maintenance.py
        return OWN_GRAMMARS[head](sql, tokens)
    coded = raise_codes_outside(sql, tokens, head)      # the same length as sql
    parsed = _parse_sql(sql, tokens, head) if coded is None else _parse_coded(sql, coded, head)
    last = tokens[-1]       # sqlglot takes some statements cut short (a bare SELECT...)
    if (last.kind != "word" and last.text in _NEVER_LAST or
            last.upper in _NEVER_LAST and not is_name(last) or
            last.upper == "VALUES" and tokens[-2].upper != "DEFAULT") \
            and not names_a_table(tokens, len(tokens) - 1):     # FROM with
        raise syntax_error(sql, last)
    return parsed


def _parse_coded(sql: str, coded: str, head: str) -> Parsed:
    """``sql`` parsed as ``coded``, its RAISE kinds made number codes."""
    parsed = _parse_sql(coded, [t for t in tokenize(coded) if t.kind != "semi"], head)
    parsed.text = sql
    return parsed


def _parse_sql(sql: str, tokens: list[Token], head: str) -> Parsed:
    """The statement of ``tokens`` (a PRAGMA aside), by its kind."""
    rewrites = grammar.check(sql, tokens)
    _refuse_unsupported(tokens)
    if head == "CREATE" and is_create_view(tokens):
        return Parsed("ddl", sql, view=parse_create_view(sql, tokens, parse))
    if head == "EXPLAIN":
        return _parse_explain(sql, tokens)
    if head in ("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"):
        return _parse_control(sql, tokens)
    if head == "REINDEX":
        return _parse_reindex(sql, tokens)
    _refuse_empty_list_items(sql, tokens)
    ups = uppers(tokens)
    if "WITH" in ups:
        return parse_with(sql, tokens, _parse_piece)
    return _parse_statement(sql, tokens, rewrites, ups=ups)


# Tokens no statement ends with (keywords only when they cannot be names): SQLite's parser
# needs more input after them; sqlglot takes some (``SELECT``, ``x IN``, ``VALUES (1),``).
_NEVER_LAST = frozenset((
    ",", "(", "=", "==", "<", ">", "<=", ">=", "!=", "<>", "+", "-", "/", "%", "||", "&",
    "|", "<<", ">>", "~", ".", "SELECT", "DISTINCT", "FROM", "WHERE", "ORDER", "GROUP",
    "HAVING", "LIMIT", "AND", "OR", "NOT", "IN", "IS", "AS", "ON", "JOIN", "CASE", "WHEN",
    "THEN", "ELSE", "SET", "INTO", "UNION", "INTERSECT", "EXCEPT", "COLLATE", "ESCAPE",
    "BETWEEN", "WITH", "UPDATE", "USING", "EXISTS", "REFERENCES", "CHECK", "UNIQUE",
    "PRIMARY", "FOREIGN", "CONSTRAINT", "DEFAULT", "INDEX", "TABLE", "ALL"))

# Short endings that complete a statement cut off in any of SQLite's clauses.
_ENDINGS = ("1", "x", ")", "1)", "x)", "x INT)", "END", "1 END", "(1)", "SELECT 1", "BY 1",
            "KEY (x))", "THEN 1 END", "1 THEN 1 END", "WHEN 1 THEN 1 END", "(1 AS INT)",
            "AS INT)", "INT)", "NULL", "VALUES (1)", "(x) VALUES (1)", "t VALUES (1)",
            "INTO t VALUES (1)", "ON t(x)", "t(x)", "(x)", "x ON t(x)", "t", "TABLE t",
            "EXISTS t", "(SELECT 1)", "x AS (SELECT 1) SELECT 1", "AS (SELECT 1) SELECT 1",
            "(SELECT 1) SELECT 1", "SELECT 1) SELECT 1", "1) SELECT 1", "x) SELECT 1",
            "NOTHING", "UPDATE SET x = 1", "SET x = 1", "x = 1", "= 1", "FIRST", "LAST",
            "1 AS INT)", "IGNORE INTO t VALUES (1)", "t SET x = 1", "INDEX i ON t(x)",
            "EXISTS x(a)", "EXISTS i ON t(x)", "x) AS (SELECT 1) SELECT 1", "NULL)",
            "DO NOTHING", "(x) DO NOTHING", "VALUES")


def ends_too_soon(statement: str) -> bool:
    """Whether ``statement``, which fails to parse, is the beginning of a statement that
    some short ending completes: SQLite's parser then fails at the end of the input
    ('incomplete input', or 'near ";"' when a semicolon ends it), not at a token."""
    if statement.rstrip().endswith("/*"):   # the tokens / and * (no comment opens at the end)
        statement = statement.rstrip()[:-1] + " *"
    for ending in _ENDINGS:
        try:
            parse(f"{statement}\n{ending}")
        except Exception:                   # noqa: BLE001 - any failure: not this ending
            continue
        return True
    return False
def _is_trigger_ddl(tokens: list[Token]) -> bool:
    if tokens[0].upper == "DROP":
        return len(tokens) > 1 and tokens[1].upper == "TRIGGER"
    return is_create_trigger(tokens)


def _parse_trigger_ddl(sql: str, tokens: list[Token]) -> Parsed:
    """CREATE TRIGGER (its WHEN and body parsed as pieces, trigger_syntax.py) or DROP
    TRIGGER; kind ``ddl``."""
    parsed = Parsed(kind="ddl", text=sql)
    parsed.trigger = parse_drop_trigger(sql) if tokens[0].upper == "DROP" \
        else parse_create_trigger(sql, parse_trigger_piece)
    return parsed


def parse_trigger_piece(text: str, head: str) -> Parsed:
    """A trigger's WHEN (as ``SELECT expr``) or one body statement: ``parse`` with RAISE
    allowed; a WITH clause may only lead a query."""
    tokens = [t for t in tokenize(text) if t.kind != "semi"]
    limits.check_tokens(tokens)
    rewrites = grammar.check(text, tokens, in_trigger=True)
    _refuse_empty_list_items(text, tokens)
    if has_with(tokens):
        parsed = parse_with(text, tokens, _parse_piece)
        if parsed.kind != "select" and any(t.upper == "WITH" and not names_a_table(tokens, k)
                                           for k, t in enumerate(tokens)):
            word = next(t for t in tokens if t.upper in ("INSERT", "REPLACE", "UPDATE", "DELETE"))
            raise syntax_error(text, word)
        return parsed
    return _parse_statement(text, tokens, rewrites)


def _parse_piece(text: str, slots: dict, sql: str) -> Parsed:
    """One piece of statement ``sql`` cut up by its WITH clauses (with_clause.py): as long
    as the statement, the rest blanked; ``slots`` numbers its parameters as in the
    statement, whose text names the result columns."""
    tokens = [t for t in tokenize(text) if t.kind != "semi"]
    return _parse_statement(text, tokens, grammar.check(text, tokens), slots, sql)


def _parse_statement(sql: str, tokens: list[Token], rewrites: tuple, slots: dict | None = None,
                     written: str | None = None, ups: list | None = None) -> Parsed:
    """``rewrites``: grammar.check's spans to blank and names to quote. ``ups``:
    ``uppers(tokens)``, whose set tells the passes below that have nothing to do (no OVER
    or frame word, no RETURNING, no SELECT) to skip their scans."""
    blanks, names = rewrites
    head = tokens[0].upper
    ups = uppers(tokens) if ups is None else ups
    words = set(ups)
    text = sql
    for span in blanks:
        text = _blank(text, span)
    frame_kinds, over_parens = [], []
    if not words.isdisjoint(_FRAME_WORDS):
        text, frame_kinds, over_parens, names = read_frames(sql, text, tokens, names)
    text, params = sqlglot_text(text, tokens, _LITERAL_PREFIXES, slots, names)
    parsed = Parsed(kind="other", text=sql, params=params, frame_kinds=frame_kinds,
                    over_parens=over_parens)
    if head == "REPLACE":
        # sqlglot has no REPLACE statement; it is INSERT OR REPLACE by definition.
        text = text[:tokens[0].start] + "INSERT OR REPLACE" + text[tokens[0].end:]
    if head == "UPDATE" and len(tokens) > 2 and tokens[1].upper == "OR":
        parsed.conflict = tokens[2].upper
        if parsed.conflict not in _CONFLICTS:
            raise syntax_error(sql, tokens[2])
        # OR <conflict> precedes every parameter, so its offsets are the same in ``text``.
        text = _blank(text, (tokens[1].start, tokens[2].end))
    if head == "CREATE" and grammar.has_column_list(tokens):
        text = plain_constraints(text, tokens if text == sql else tokenize(text))
        text, parsed.column_types = _strip_column_types(
            text, tokens if text == sql else tokenize(text))
        text = _drop_not_deferrable(text)
        text = _unique_then_constraint(text)
        text, parsed.key_terms = key_terms(sql, text, tokens)
        parsed.without_rowid = any(t.upper == "WITHOUT" for t in _options_tail(tokens))
        text = _table_options(text)
        text = _blank_autoincrement(sql, text)
    parsed.glot_text = text
    clauses = _upsert_clauses(text) if head in ("INSERT", "REPLACE") else []
    for start, end in clauses:                  # parsed alone below; blanked keeps offsets
        text = _blank(text, (start, end))
    parsed.tree = _sqlglot_parse(text, sql)
    if head == "CREATE":
        check_first(parsed.tree, tokens, text, _sqlglot_parse, sql)
    limits.check_tree(parsed.tree, tokens, ups)
    # sqlglot_text changes no word of the text but AS; these five change words.
    words_changed = head == "REPLACE" or parsed.conflict or parsed.column_types or clauses \
        or blanks or "groups" in frame_kinds
    read = tokenize(text) if words_changed else tokens
    folding = may_fold(read)
    nodes = list(parsed.tree.walk()) if folding else None     # one walk for both passes
    if audit(parsed.tree, Source(sql, tokens, read, ups if read is tokens else None), nodes):
        nodes = None                                # written back: walked again to fold
    if "WINDOW" in words or "OVER" in words:
        mark_written_names(parsed.tree, text, tokens)   # names kept as written, quotes too
    if not _WINDOW_WORDS.isdisjoint(words) or "OVER" in words and not _CALL_WORDS.isdisjoint(words):
        check_frames(parsed.tree)                   # what SQLite's parser refuses
    if ("VALUES" in words or "IN" in words) and may_differ(ups):
        check_widths(parsed.tree, written is not None)  # what SQLite's parser counts
    if folding:
        parsed.tree = fold(parsed.tree, text, nodes)    # what SQLite's parser folds
    parsed.upserts = [_parse_upsert(parsed.glot_text, span, sql, tokens) for span in clauses]
    if "SELECT" in words:
        parsed.select_texts = _select_item_texts(written or sql, tokens, ups)
    if "RETURNING" in words:
        parsed.returning_texts = _returning_item_texts(written or sql, tokens)
    parsed.kind = _kind_of(parsed.tree, head)
    return parsed


# sqlglot makes a named window only of a WINDOW clause, and a frame (WindowSpec) only of
# ROWS, RANGE or GROUPS; a call with OVER is wrong only with DISTINCT or ORDER BY: without
# these words there is nothing for ``check_frames``.
_WINDOW_WORDS = frozenset(("WINDOW", "ROWS", "RANGE", "GROUPS"))
_CALL_WORDS = frozenset(("DISTINCT", "ORDER"))
# ``read_frames`` reads the words after OVER and the frame clauses, which start with these.
_FRAME_WORDS = frozenset(("OVER", "ROWS", "RANGE", "GROUPS"))


# -- UPSERT ------------------------------------------------------------------------------
# sqlglot reads one ON CONFLICT clause per INSERT, SQLite any number: each clause is parsed on
# its own, behind a stand-in INSERT of the same length, so its nodes keep their offsets.
_UPSERT_STAND_IN = "INSERT INTO t SELECT 1"


def _upsert_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ON CONFLICT clause of an INSERT (up to the next one,
    or to RETURNING, or to the end)."""
    tokens = tokenize(text)
    depth, starts, returning = 0, [], None
    for i, tok in enumerate(tokens):
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.upper == "ON" and i + 1 < len(tokens) \
                and tokens[i + 1].upper == "CONFLICT":
            starts.append(tok.start)
        elif depth == 0 and tok.upper == "RETURNING" and starts:
            returning = tok.start
    ends = starts[1:] + [returning if returning is not None else len(text)]
    return list(zip(starts, ends))


def _parse_upsert(text: str, span: tuple[int, int], sql: str, tokens: list) -> exp.OnConflict:
    start, end = span
    if start <= len(_UPSERT_STAND_IN):
        raise syntax_error(sql, next((t for t in tokens if t.upper == "ON"), None))
    clause_text = _UPSERT_STAND_IN.ljust(start) + text[start:end]
    tree = _sqlglot_parse(clause_text, sql)
    limits.check_tree(tree)
    audit(tree, Source(sql, tokens, tokenize(clause_text)))
    conflict = fold(tree, clause_text).args["conflict"]
    if conflict.args.get("action") is None:       # ON CONFLICT (a) and no DO after it
        after = next((t for t in tokens if t.start >= end), None)
        raise syntax_error(sql, after or next(t for t in reversed(tokens) if t.start < end))
    return conflict


_UNSUPPORTED_HEADS = {
    "ATTACH": "ATTACH is not supported", "DETACH": "DETACH is not supported",
}


def _refuse_unsupported(tokens: list[Token]) -> None:
    """Statements RowanDB does not have yet fail with NotSupportedError naming the feature,
    before sqlglot (which would misread some of them) sees them."""
    head = tokens[0].upper
    if head in _UNSUPPORTED_HEADS:
        raise NotSupportedError(_UNSUPPORTED_HEADS[head])
    if head == "CREATE" and len(tokens) > 1 and tokens[1].upper == "VIRTUAL":
        raise NotSupportedError("CREATE VIRTUAL TABLE is not supported")


_EMPTY_ITEM = re.compile(r"[,(]\s*,|,\s*\)")


def _refuse_empty_list_items(sql: str, tokens: list[Token]) -> None:
    """sqlglot accepts ``(1,,2)`` and ``f(,1)``; SQLite calls them syntax errors. Such a
    pair of tokens, with no comment between them, is a match of ``_EMPTY_ITEM``."""
    if "--" not in sql and "/*" not in sql and not _EMPTY_ITEM.search(sql):
        return
    for before, after in zip(tokens, tokens[1:]):
        if after.text == "," and before.text in (",", "("):
            raise syntax_error(sql, after)
        if before.text == "," and after.text == ")":
            raise syntax_error(sql, after)


def _sqlglot_parse(text: str, original: str) -> exp.Expression:
    text, escapes = escape_terms.cut(text)
    rewritten = rewrite(text, is_known_function)
    try:
        trees = parse_statements(rewritten.text)
    except ParseError as error:
        raise _translate(_as_written(error, rewritten, text), original) from None
    except TokenError as error:
        raise OperationalError(f"unrecognized token: {error}") from None
    trees = [t for t in trees if t is not None]
    if len(trees) != 1:
        raise OperationalError("incomplete input" if not trees else "multiple statements")
    tree = restore(trees[0], rewritten)
    escape_terms.put_back(tree, escapes,
                          lambda term: _sqlglot_parse(f"SELECT {term}", original).expressions[0])
    if isinstance(tree, exp.Command):
        raise NotSupportedError(f"{ascii_upper(tree.this)} statements are not supported")
    return tree


def parse_written(text: str) -> exp.Expression:
    """An expression kept as written (a DEFAULT, a generated column), parsed alone, its
    calls as written (``as_written.parse_expression``); sqlglot's error on an expression
    it cannot read is SQLite's syntax error. An ESCAPE operand sqlglot cannot read is cut
    out and parsed on its own, as in a statement (escape_terms.py)."""
    try:
        cut, escapes = escape_terms.cut(text)
        tree = parse_expression(cut, is_known_function)
        escape_terms.put_back(tree, escapes, parse_written)
        return tree
    except TokenError as error:
        raise OperationalError(f"unrecognized token: {error}") from None
    except ParseError as error:         # no position: it would count from the expression
        raise _translate(error, text, with_position=False) from None


def _as_written(error: ParseError, rewritten, text: str) -> ParseError:
    """``error`` with its position and token as in ``text``, before ``as_written.rewrite``
    renamed the function calls and CAST types for sqlglot."""
    if not rewritten.edits or not error.errors or not error.errors[0].get("line"):
        return error
    detail = dict(error.errors[0])
    lines = rewritten.text.split("\n")
    offset = sum(len(line) + 1 for line in lines[:detail["line"] - 1]) + detail["col"] - 1
    offset = rewritten.original_offset(offset)
    detail["line"] = text.count("\n", 0, offset) + 1
    detail["col"] = offset - (text.rfind("\n", 0, offset) + 1) + 1
    highlight = (detail.get("highlight") or "").strip()
    if highlight.startswith(ANONYMOUS_PREFIX):
        detail["highlight"] = highlight[len(ANONYMOUS_PREFIX):]
    return ParseError(str(error), [detail])


def _translate(error: ParseError, sql: str, with_position: bool = True) -> OperationalError:
    detail = error.errors[0] if error.errors else {}
    highlight = (detail.get("highlight") or "").strip()
    line, col = detail.get("line"), detail.get("col")
    if not highlight:
        return OperationalError("incomplete input")
    if highlight[0] == highlight[-1] == "`" and highlight not in sql:
        highlight = highlight[1:-1]     # a word lexer.sqlglot_text quoted, as written
    if ascii_upper(highlight) in ("ORDER BY", "GROUP BY", "INDEXED BY"):   # one sqlglot token,
        highlight = highlight.split()[0]                                # two to SQLite
    message = f'near "{highlight}": syntax error'
    if line and with_position:
        message += f" (line {line}, column {max(1, col - len(highlight) + 1)})"
    translated = OperationalError(message)
    translated.line, translated.column = line, col
    return translated


def _kind_of(tree: exp.Expression, head: str) -> str:
    if isinstance(tree, (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Values)):
        return "select"
    if isinstance(tree, exp.Insert):
        return "replace" if head == "REPLACE" else "insert"
    if isinstance(tree, exp.Update):
        return "update"
    if isinstance(tree, exp.Delete):
        return "delete"
    if isinstance(tree, (exp.Create, exp.Drop, exp.Alter)):
        return "ddl"
    return "other"


# -- result column names -----------------------------------------------------------------
_ITEM_END = {"FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "INTERSECT",
             "EXCEPT", "WINDOW"}


def _select_item_texts(sql: str, tokens: list[Token], ups: list[str]) -> list[list[str]]:
    """For every SELECT keyword, in text order, the source text of each result item.

    SQLite names an unaliased expression column by its text as written; sqlglot keeps no
    spans, so the binder takes names from here.
    """
    out = []
    for k in indexes_of(ups, "SELECT"):     # only a word's upper text is SELECT
        i = k + 1
        if i < len(tokens) and ups[i] in ("DISTINCT", "ALL"):
            i += 1
        out.append(_item_texts(sql, tokens, i))
    return out


def _returning_item_texts(sql: str, tokens: list[Token]) -> list[str]:
    """The source text of each item of a top-level RETURNING clause (SQLite names those
    columns as it names result columns)."""
    depth = 0
    for k, tok in enumerate(tokens):
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.kind == "word" and tok.upper == "RETURNING":
            return _item_texts(sql, tokens, k + 1)
    return []


def span_text(sql: str, tokens: list[Token], first: int, end: int) -> str:
    """SQLite's text of an expression written from token ``first`` to the token before
    ``end``: it runs to where token ``end`` starts (the end of ``sql`` when there is none),
    so a comment after the expression is part of it (``SELECT 1 /*x*/, 2`` names its
    column ``1 /*x*/``), with trailing white space trimmed (parse.y's scanpt,
    sqlite3DbSpanDup)."""
    stop = tokens[end].start if end < len(tokens) else len(sql)
    return sql[tokens[first].start:stop].rstrip(" \t\n\f\r\v")


def _item_texts(sql: str, tokens: list[Token], i: int) -> list[str]:
    """The comma-separated items from token ``i`` to the end of their list."""
    items, depth, first = [], 0, i
    while i < len(tokens):
        t = tokens[i]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (t.text == "," or _ends_items(tokens, i)):
            if i > first:
                items.append(span_text(sql, tokens, first, i))
            if t.text != ",":
                return items
            first = i + 1
        i += 1
    if first < i:
        items.append(span_text(sql, tokens, first, i))
    return items


def _ends_items(tokens: list[Token], i: int) -> bool:
    """A keyword that ends a result list (FROM, except in IS [NOT] DISTINCT FROM)."""
    t = tokens[i]
    if t.kind != "word" or t.upper not in _ITEM_END:
        return False
    return not (t.upper == "FROM" and i and tokens[i - 1].upper == "DISTINCT"
                and i > 1 and tokens[i - 2].upper in ("IS", "NOT"))


# -- CREATE TABLE column types ---------------------------------------------------------
def _strip_column_types(text: str, tokens: list[Token]) -> tuple[str, list[str]]:
    """Remove the declared type of every column from the text; return them in order."""
    try:
        start = next(i for i, t in enumerate(tokens) if t.text == "(")
    except StopIteration:
        return text, []
    types: list[str] = []
    blanks: list[tuple[int, int]] = []
    i = start + 1
    depth = 1
    item_start = True
    while i < len(tokens) and depth > 0:
        tok = tokens[i]
        if depth == 1 and item_start:
            item_start = False
            if tok.kind in ("word", "quoted", "string") and tok.upper not in _TABLE_CONSTRAINT_START:
                i = _column_type(text, tokens, i + 1, types, blanks)
                continue
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif tok.text == "," and depth == 1:
            item_start = True
        i += 1
    for span in reversed(blanks):
        text = _blank(text, span)
    return text, types


def _type_word(tok: Token) -> bool:
    """SQLite's type names are names and strings (``ids``); a keyword that cannot be a name,
    or one that starts a constraint, ends the type."""
    return tok.kind in ("quoted", "string") or (
        tok.kind == "word" and tok.upper not in _CONSTRAINT_WORDS and is_name(tok))


def _column_type(text: str, tokens: list[Token], i: int, types: list, blanks: list) -> int:
    first = i
    while i < len(tokens) and (_type_word(tokens[i]) or generated_type_word(tokens, i)):
        i += 1
    if i > first and i < len(tokens) and tokens[i].text == "(":
        j = i
        while j < len(tokens) and tokens[j].text != ")":
            j += 1
        i = j + 1
    if i == first:
        types.append("")
        return i
    last = tokens[i - 1]
    words = text[tokens[first].start:last.end]
    types.append(" ".join(words.split()))
    blanks.append((tokens[first].start, last.end))
    return i


def _drop_not_deferrable(text: str) -> str:
    """sqlglot cannot parse ``NOT DEFERRABLE [INITIALLY ...]`` after REFERENCES. Only
    DEFERRABLE INITIALLY DEFERRED defers a constraint, so the clause means "immediate",
    which is the default: blanking it keeps the meaning."""
    tokens = tokenize(text)
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].upper == "DEFERRABLE" and tokens[i - 1].upper == "NOT":
            end = tokens[i].end
            if i + 2 < len(tokens) and tokens[i + 1].upper == "INITIALLY" \
                    and tokens[i + 2].upper in ("DEFERRED", "IMMEDIATE"):
                end = tokens[i + 2].end
            text = _blank(text, (tokens[i - 1].start, end))
    return text


def _unique_then_constraint(text: str) -> str:
    """sqlglot reads the word after a column's UNIQUE as the name of its index, so it
    cannot parse ``UNIQUE CONSTRAINT nm NOT NULL``. The name of the next constraint
    matters only for a CHECK's message, which is read from the text as written
    (bind_ddl._check_texts): blanking ``CONSTRAINT nm`` there keeps the meaning."""
    tokens = tokenize(text)
    for i in range(len(tokens) - 3, 0, -1):
        if tokens[i].upper == "CONSTRAINT" and tokens[i - 1].upper == "UNIQUE":
            text = _blank(text, (tokens[i].start, tokens[i + 1].end))
    return text


# -- CREATE TABLE options ----------------------------------------------------------------
def _table_options(text: str) -> str:
    """Leave sqlglot at most one STRICT (it cannot parse ``STRICT, STRICT``); grammar.check
    has already held the options to SQLite's grammar; WITHOUT ROWID is kept in
    ``Parsed.without_rowid``."""
    tokens = _options_tail(tokenize(text))
    strict = next((k for k, t in enumerate(tokens) if t.upper == "STRICT"), None)
    for k in range(len(tokens) - 1, -1, -1):
        if k != strict:
            text = _blank(text, (tokens[k].start, tokens[k].end))
    return text


def _options_tail(tokens: list[Token]) -> list[Token]:
    """The tokens after the column list of CREATE TABLE (none for CREATE TABLE ... AS)."""
    try:
        open_at = next(i for i, t in enumerate(tokens) if t.text == "(")
    except StopIteration:
        return []
    if any(t.upper == "AS" for t in tokens[:open_at]):
        return []
    return [t for t in tokens[closing_paren(tokens, open_at) + 1:] if t.kind != "semi"]


def _blank_autoincrement(sql: str, text: str) -> str:
    """Check that every AUTOINCREMENT stands where SQLite's grammar allows it -- after a
    column's ``PRIMARY KEY [ASC|DESC] [ON CONFLICT x]``, or last in a table's ``PRIMARY KEY
    (...)`` -- and blank it: sqlglot cannot parse the second form, and the binder reads the
    word from the original text."""
    tokens = tokenize(sql)
    for i, tok in enumerate(tokens):
        if tok.kind != "word" or tok.upper != "AUTOINCREMENT":
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if _after_column_key(tokens, i):
            if after is not None and after.upper == "ON":
                raise syntax_error(sql, after)
        elif _inside_table_key(tokens, i):
            if after is None or after.text != ")":
                raise syntax_error(sql, after)
        else:
            raise syntax_error(sql, tok)
    for token in reversed(tokenize(text)):
        if token.kind == "word" and token.upper == "AUTOINCREMENT":
            text = _blank(text, (token.start, token.end))
    return text


def _after_column_key(tokens: list[Token], i: int) -> bool:
    j = i - 1
    if j >= 2 and tokens[j - 2].upper == "ON" and tokens[j - 1].upper == "CONFLICT":
        j -= 3
    if j >= 0 and tokens[j].upper in ("ASC", "DESC"):
        j -= 1
    return j >= 1 and tokens[j - 1].upper == "PRIMARY" and tokens[j].upper == "KEY"


def _inside_table_key(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` follows a column inside ``PRIMARY KEY ( ... )``."""
    if tokens[i - 1].text in ("(", ","):
        return False
    depth, k = 0, i - 1
    while k >= 0:
        if tokens[k].text == ")":
            depth += 1
        elif tokens[k].text == "(":
            if depth == 0:
                break
            depth -= 1
        k -= 1
    return k >= 2 and tokens[k - 2].upper == "PRIMARY" and tokens[k - 1].upper == "KEY"


# -- statements sqlglot does not model faithfully ---------------------------------------
def _parse_control(sql: str, tokens: list[Token]) -> Parsed:
    words = [t.upper for t in tokens]
    head = words[0]

    def name_at(i: int) -> str:
        if i >= len(tokens) or not is_nm(tokens[i]):      # SAVEPOINT NULL: a syntax error
            raise syntax_error(sql, tokens[i] if i < len(tokens) else None)
        if i + 1 < len(tokens):
            raise syntax_error(sql, tokens[i + 1])
        return unquote(tokens[i].text)

    rest = words[1:]
    if head == "BEGIN":
        mode = "DEFERRED"
        if rest and rest[0] in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            mode = rest.pop(0)
        _expect_only(sql, tokens, rest, ("TRANSACTION",))
        return Parsed("begin", sql, control=("begin", mode, None))
    if head in ("COMMIT", "END"):
        _expect_only(sql, tokens, rest, ("TRANSACTION",))
        return Parsed("commit", sql, control=("commit", None, None))
    if head == "SAVEPOINT":
        return Parsed("savepoint", sql, control=("savepoint", None, name_at(1)))
    if head == "RELEASE":
        i = 2 if len(words) > 1 and words[1] == "SAVEPOINT" else 1
        return Parsed("release", sql, control=("release", None, name_at(i)))
    # ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name]
    i = 1
    if i < len(words) and words[i] == "TRANSACTION":
        i += 1
    if i < len(words) and words[i] == "TO":
        i += 1
        if i < len(words) and words[i] == "SAVEPOINT":
            i += 1
        return Parsed("rollback", sql, control=("rollback_to", None, name_at(i)))
    if i < len(words):
        raise syntax_error(sql, tokens[i])
    return Parsed("rollback", sql, control=("rollback", None, None))


def _parse_reindex(sql: str, tokens: list[Token]) -> Parsed:
    """``REINDEX [[schema.]name]``: one name at most, read as SQLite's parser reads it."""
    names = []
    for i, tok in enumerate(tokens[1:], 1):
        if i % 2 == 0:                       # between names: only the one dot
            if tok.text != "." or len(names) == 2:
                raise syntax_error(sql, tok)
        elif not is_nm(tok):                # (REINDEX cross: a join keyword is a name)
            raise syntax_error(sql, tok)
        else:
            names.append(unquote(tok.text))
    if len(tokens) % 2 == 1 and len(tokens) > 1:          # ends in a dot
        raise syntax_error(sql, None)
    schema, name = names if len(names) == 2 else (None, names[0] if names else None)
    return Parsed("reindex", sql, reindex=(schema, name))


def _expect_only(sql: str, tokens: list[Token], rest: list[str], allowed: tuple) -> None:
    if len(rest) > 1 or (rest and rest[0] not in allowed):
        bad = len(tokens) - len(rest) + (1 if rest and rest[0] in allowed else 0)
        raise syntax_error(sql, tokens[min(bad, len(tokens) - 1)])


def _parse_pragma(sql: str, tokens: list[Token]) -> Parsed:
    return Parsed("pragma", sql, pragma=parse_pragma(sql, tokens))


def _parse_explain(sql: str, tokens: list[Token]) -> Parsed:
    query_plan = len(tokens) > 2 and tokens[1].upper == "QUERY" and tokens[2].upper == "PLAN"
    body_start = tokens[3].start if query_plan else tokens[1].start if len(tokens) > 1 else None
    if body_start is None or (query_plan and len(tokens) < 4):
        raise OperationalError("incomplete input")
    inner = parse(sql[body_start:])
    parsed = Parsed("explain", sql, inner=inner, params=inner.params)
    parsed.control = ("query_plan" if query_plan else "program",)
    return parsed
