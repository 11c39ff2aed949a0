"""The parse audit: nothing sqlglot parses is accepted and silently ignored.

sqlglot reads a superset of SQLite's grammar (other dialects' clauses, options SQLite does
not have) and keeps them in its tree; the binders read only what they implement. Without
this module a clause the binders do not look at would simply vanish: ``SELECT ... FOR
UPDATE`` would run as a plain SELECT, ``DELETE ... LIMIT 1`` would delete every row. So
every parsed statement is checked twice before it is bound:

1. **Tree audit** (``audit_tree``). ``HANDLED`` lists, for every sqlglot class the binders
   accept, the arguments they read. Any other argument that is set is refused; so is any
   class the table does not know. Function calls are checked by the binder's own lookup
   (``no such function``), but a function node that carries syntax rather than arguments
   (``TRIM(LEADING ...)``) is refused here.
2. **Keyword audit** (``audit_keywords``). sqlglot drops a few words without a trace
   (``OFFSET 1 ROWS``, ``UNION DISTINCT``, ``SUBSTRING(x FROM 2)``), so the tree cannot
   show them. Every SQLite keyword in the text must still be in the statement sqlglot
   regenerates from its tree; the spellings its generator normalises away on purpose
   (``NULLS FIRST`` where that is the default, ``ISNULL``, ``IS NOT DISTINCT FROM``) are
   taken out first.

A refusal says what SQLite says when SQLite rejects the syntax (``REFUSALS``: a syntax
error near the token SQLite stops at, or SQLite's own message) and otherwise raises
``NotSupportedError`` naming the construct. ``tests/test_parse_audit.py`` runs a long list
of SQLite and non-SQLite syntax through both engines and, with instrumented trees, checks
that every argument of every statement RowanDB accepts was read by a binder.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter

from sqlglot import expressions as exp

from ...errors import NotSupportedError, OperationalError
from .dialect import DIALECT, to_sql
from .keyword_floor import covers, node_floor
from .lexer import (
    FALLBACK_KEYWORDS, SQLITE_KEYWORDS, Token, indexes_of, is_name, syntax_error, uppers,
)
from ...catalog.ascii_case import ascii_lower, ascii_upper

_EXPRESSION = frozenset(("this", "expression"))

# Arguments the binders read (or the value checks below validate), per class.
HANDLED: dict[type, frozenset] = {
    # statements
    exp.Select: frozenset(("expressions", "from_", "joins", "where", "group", "having",
                           "order", "limit", "offset", "distinct", "windows")),
    # window functions (bind_window.py; ``over`` is the word OVER itself)
    exp.Window: frozenset(("this", "partition_by", "order", "spec", "alias")),
    exp.WindowSpec: frozenset(("kind", "start", "start_side", "end", "end_side", "exclude")),
    exp.Filter: _EXPRESSION,                    # only over a function call: _check_values
    exp.Union: frozenset(("this", "expression", "distinct", "order", "limit", "offset")),
    exp.Intersect: frozenset(("this", "expression", "distinct", "order", "limit", "offset")),
    exp.Except: frozenset(("this", "expression", "distinct", "order", "limit", "offset")),
    exp.Values: frozenset(("expressions", "alias")),
    exp.Insert: frozenset(("this", "expression", "alternative", "default", "returning",
                           "conflict")),
    exp.Update: frozenset(("this", "expressions", "where", "returning", "from_")),
    exp.Delete: frozenset(("this", "where", "returning")),
    exp.Create: frozenset(("this", "kind", "exists", "unique", "expression", "properties")),
    exp.Drop: frozenset(("this", "tables", "kind", "exists")),
    # clauses
    exp.From: frozenset(("this",)),
    exp.Join: frozenset(("this", "on", "using", "kind", "side", "method")),
    exp.Table: frozenset(("this", "db", "alias", "joins", "indexed")),
    exp.TableAlias: frozenset(("this",)),
    exp.Subquery: frozenset(("this", "alias")),
    exp.Where: frozenset(("this",)),
    exp.Group: frozenset(("expressions",)),
    exp.Having: frozenset(("this",)),
    exp.Order: frozenset(("this", "expressions")),      # this: f(x ORDER BY y)
    exp.Ordered: frozenset(("this", "desc", "nulls_first")),
    exp.Limit: frozenset(("expression",)),
    exp.Offset: frozenset(("expression",)),
    exp.Distinct: frozenset(("expressions",)),
    exp.Returning: frozenset(("expressions",)),
    exp.OnConflict: frozenset(("conflict_keys", "action", "expressions", "where",
                               "index_predicate")),
    exp.Tuple: frozenset(("expressions",)),
    exp.Alias: frozenset(("this", "alias")),
    exp.Star: frozenset(),
    exp.Column: frozenset(("this", "table", "db")),
    exp.Identifier: frozenset(("this",)),
    exp.Var: frozenset(("this",)),
    exp.Schema: frozenset(("this", "expressions")),
    # expressions
    exp.Literal: frozenset(("this", "is_string")),
    exp.Null: frozenset(),
    exp.Boolean: frozenset(("this",)),
    exp.HexString: frozenset(("this",)),
    exp.Placeholder: frozenset(("this",)),
    exp.Paren: frozenset(("this",)),
    exp.Neg: frozenset(("this",)),
    exp.Not: frozenset(("this",)),
    exp.BitwiseNot: frozenset(("this",)),
    exp.Is: _EXPRESSION,
    exp.In: frozenset(("this", "expressions", "query", "field")),
    exp.Exists: frozenset(("this",)),
    exp.Between: frozenset(("this", "low", "high")),
    exp.Like: frozenset(("this", "expression", "negate")),
    exp.Glob: _EXPRESSION,
    exp.Match: _EXPRESSION,
    exp.Escape: _EXPRESSION,
    exp.Case: frozenset(("this", "ifs", "default")),
    exp.Cast: frozenset(("this", "to")),
    exp.Collate: _EXPRESSION,
    exp.DataType: frozenset(("this", "expressions", "kind")),
    exp.DataTypeParam: frozenset(("this",)),
    exp.Div: _EXPRESSION,
    exp.DPipe: _EXPRESSION,
    exp.Anonymous: frozenset(("this", "expressions")),
    # CREATE TABLE / CREATE INDEX
    exp.ColumnDef: frozenset(("this", "constraints", "kind")),     # kind: bind_ddl._null_type
    exp.ColumnConstraint: frozenset(("this", "kind")),
    exp.Constraint: frozenset(("this", "expressions")),
    exp.PrimaryKeyColumnConstraint: frozenset(("desc",)),
    exp.NotNullColumnConstraint: frozenset(("allow_null",)),
    exp.UniqueColumnConstraint: frozenset(("this",)),
    exp.DefaultColumnConstraint: frozenset(("this",)),
    exp.CollateColumnConstraint: frozenset(("this",)),
    exp.CheckColumnConstraint: frozenset(("this",)),
    exp.AutoIncrementColumnConstraint: frozenset(),
    exp.Reference: frozenset(("this", "options")),
    exp.ForeignKey: frozenset(("expressions", "reference")),
    exp.PrimaryKey: frozenset(("expressions",)),
    exp.Properties: frozenset(("expressions",)),
    exp.StrictProperty: frozenset(),
    exp.TemporaryProperty: frozenset(),
    exp.Index: frozenset(("this", "table", "params")),
    exp.IndexParameters: frozenset(("columns", "where")),
}
for _cls in (exp.Add, exp.Sub, exp.Mul, exp.Mod, exp.BitwiseAnd, exp.BitwiseOr,
             exp.BitwiseLeftShift, exp.BitwiseRightShift, exp.And, exp.Or, exp.EQ, exp.NEQ,
             exp.LT, exp.LTE, exp.GT, exp.GTE, exp.NullSafeEQ, exp.NullSafeNEQ):
    HANDLED[_cls] = _EXPRESSION

# Arguments sqlglot sets for itself, with no syntax of their own: accepted, never read.
# (Identifier.quoted is read only where quoting changes a meaning: SQLite's fallback of a
# double-quoted name that names no column to a string, binder.Binder._double_quoted.)
FLAGS: dict[type, frozenset] = {
    exp.Identifier: frozenset(("quoted",)), exp.Cast: frozenset(("_type",)),
    exp.DataType: frozenset(("nested",)), exp.Div: frozenset(("typed", "safe")),
    exp.DPipe: frozenset(("safe",)), exp.CheckColumnConstraint: frozenset(("enforced",)),
    exp.Window: frozenset(("over",)),
    exp.UniqueColumnConstraint: frozenset(("nulls", "index_type")),
    exp.PrimaryKey: frozenset(("include",)),       # an empty IndexParameters
}

# Function nodes: the binder passes every argument that is an expression on to the
# function it names, so only settings that are not expressions need checking. These are
# the ones sqlglot sets for itself (Trim.position: ltrim and rtrim are Trim nodes).
_FUNCTION_FLAGS = {exp.Count: {"big_int"}, exp.Trim: {"position"}}


# How SQLite answers a construct it does not have, by (class, argument) or by class:
# ("word", words, k)   a syntax error at the k-th token after the first of ``words``, or
#                      at the token after it where SQLite reads the word as an alias;
# ("last", word, k)    the same from the last ``word``;
# ("error", text)      an error in SQLite's words;
# ("unsupported", msg) a SQLite feature RowanDB has not built yet.
# with_clause.py takes every WITH clause where SQLite's grammar has one out of the text; a
# WITH sqlglot still finds stands where SQLite has none, and SQLite stops at it.
_WITH = ("word", ("WITH",), 0)
REFUSALS: dict[tuple, tuple] = {
    ("Select", "locks"): ("word", ("FOR", "LOCK"), 0),
    ("Select", "qualify"): ("word", ("QUALIFY",), 0),
    ("Select", "connect"): ("word", ("CONNECT", "START"), 0),
    ("Select", "cluster"): ("word", ("CLUSTER",), 0),
    ("Select", "distribute"): ("word", ("DISTRIBUTE",), 0),
    ("Select", "sort"): ("word", ("SORT",), 0),
    ("Select", "laterals"): ("word", ("LATERAL",), 0),
    ("Select", "into"): ("word", ("INTO",), 0),
    ("Select", "with_"): _WITH, ("Union", "with_"): _WITH, ("Insert", "with_"): _WITH,
    ("Update", "with_"): _WITH, ("Delete", "with_"): _WITH,
    ("Group", "rollup"): ("word", ("WITH",), 0),
    ("Group", "cube"): ("word", ("WITH",), 0),
    ("Group", "totals"): ("word", ("WITH",), 0),
    ("Group", "all"): ("word", ("ALL",), 0),
    ("Limit", "limit_options"): ("word", ("PERCENT", "WITH"), 0),
    ("TableAlias", "columns"): ("alias_columns",),
    ("Distinct", "on"): ("word", ("ON",), 0),
    ("Table", "sample"): ("word", ("TABLESAMPLE", "SAMPLE"), 0),
    ("Table", "pivots"): ("word", ("PIVOT", "UNPIVOT"), 0),
    ("Table", "hints"): ("word", ("WITH", "USE", "FORCE", "IGNORE"), 0),
    ("Table", "version"): ("word", ("FOR",), 0),
    ("Star", "except_"): ("word", ("EXCEPT",), 1),
    ("Star", "replace"): ("word", ("REPLACE",), 0),
    ("Star", "rename"): ("word", ("RENAME",), 0),
    ("Returning", "into"): ("last", "INTO", 0),
    ("Insert", "by_name"): ("word", ("BY",), 0),
    ("Between", "symmetric"): ("word", ("SYMMETRIC",), 1),
    ("Values", "order"): ("word", ("ORDER",), 0),  # VALUES takes no ORDER BY or LIMIT
    ("Values", "limit"): ("word", ("LIMIT",), 0),
    ("OnConflict", "duplicate"): ("word", ("DUPLICATE",), 0),
    ("OnConflict", "constraint"): ("word", ("CONSTRAINT",), -1),
    ("UniqueColumnConstraint", "options"): ("word", ("DEFERRABLE", "NOT", "INITIALLY"), 0),
    ("IndexParameters", "using"): ("word", ("USING",), 0),
    ("IndexParameters", "tablespace"): ("word", ("USING",), 0),
    ("IndexParameters", "include"): ("word", ("INCLUDE",), 0),
    ("IndexParameters", "with_storage"): ("word", ("WITH",), 0),
}
CLASS_REFUSALS: dict[str, tuple] = {
    "TryCast": ("word", ("AS",), 0),
    "ILike": ("word", ("ILIKE",), 0),
    "SimilarTo": ("word", ("SIMILAR",), 0),
    "Any": ("word", ("ANY", "SOME"), 2),
    "All": ("word", ("ALL",), 0),
    "Fetch": ("word", ("FETCH",), 0),
    "Interval": ("word", ("INTERVAL",), 1),
    "Extract": ("word", ("FROM",), 0),
    "Overlay": ("word", ("PLACING",), 0),
    "Struct": ("word", ("AS",), 0),
    "IntDiv": ("word", ("DIV",), 0),
    "National": ("word", ("N",), 1),
    "Rollup": ("error", "no such function: ROLLUP"),
    "Cube": ("error", "no such function: CUBE"),
    "GroupingSets": ("word", ("SETS",), 0),
    "Lateral": ("word", ("LATERAL",), 0),
    "CommentColumnConstraint": ("word", ("COMMENT",), 1),
    "ExcludeColumnConstraint": ("word", ("EXCLUDE",), 1),
    "OnUpdateColumnConstraint": ("word", ("ON",), 0),
    "CharacterSetColumnConstraint": ("word", ("SET",), 0),
    "With": _WITH,
    "ComputedColumnConstraint": ("unsupported", "generated columns are not supported"),
    "GeneratedAsIdentityColumnConstraint": ("unsupported", "generated columns are not supported"),
}


class Source:
    """The statement as written (``sql``, ``tokens``) and the words sqlglot read
    (``word_tokens``: different where the parser rewrote words: REPLACE, UPDATE OR, the
    declared types it took out of CREATE TABLE); ``word_ups``: ``uppers(word_tokens)``,
    when the caller has them."""

    def __init__(self, sql: str, tokens: list[Token], word_tokens: list[Token],
                 word_ups: list[str] | None = None):
        self.sql, self.tokens, self.word_tokens = sql, tokens, word_tokens
        self.word_ups = word_ups

    def at(self, i: int) -> OperationalError:
        """SQLite's syntax error at token ``i`` ("incomplete input" past the end)."""
        return syntax_error(self.sql, self.tokens[i] if 0 <= i < len(self.tokens) else None)

    def near_word(self, words: tuple, k: int = 0, last: bool = False) -> OperationalError:
        """The syntax error ``k`` tokens after the first (or last) of ``words``; where
        SQLite's parser takes that word for an alias, the error is at the token after it."""
        hits = [i for i, t in enumerate(self.tokens) if t.upper in words or t.text in words]
        if not hits:
            return syntax_error(self.sql, None)
        i = hits[-1] if last else hits[0]
        return self.at(i + 1 if k == 0 and self._alias_position(i) else i + k)

    def _alias_position(self, i: int) -> bool:
        """Whether SQLite reads token ``i`` as the alias of the name before it (a FROM item
        or a result column: ``FROM t FETCH`` is ``FROM t AS FETCH``)."""
        if i < 2 or not is_name(self.tokens[i]) or self.tokens[i].kind != "word":
            return False
        before, name = self.tokens[i - 2], self.tokens[i - 1]
        return is_name(name) and (before.upper in ("FROM", "JOIN", "SELECT") or before.text in (",", "."))

    def at_word(self, word: str, ordinal: int) -> OperationalError:
        """SQLite's syntax error at the ``ordinal``-th (0-based) occurrence of ``word``."""
        hits = [t for t in self.tokens if t.kind == "word" and t.upper == word]
        return syntax_error(self.sql, hits[min(ordinal, len(hits) - 1)] if hits else None)


def audit(tree: exp.Expression, source: Source, nodes: list | None = None) -> bool:
    """Refuse ``tree`` if any part of it would be ignored; see the module docstring.
    ``nodes``: ``list(tree.walk())``, when the caller has it (``fold`` walks the same
    list). Whether the tree was written back by sqlglot's generator (which is handed the
    tree itself, so the caller's list is of the tree as parsed only when it was not).

    The verdict depends only on the shape of the text sqlglot read -- its tokens with the
    values of string and number literals and the texts of numbered names left out, since
    sqlglot builds the same tree whatever a literal holds and whatever such a name is
    (``_key``) -- so a shape that passed once is not audited again. Statements that
    differ only in their values (a script of INSERTs) or in their numbered names (the
    corpus's ``col0``, ``tab1``) are audited once."""
    shape = _key(source.word_tokens)
    if shape in _PASSED:
        return False
    floor = audit_tree(tree, source, nodes)
    written = audit_keywords(tree, source, floor)
    _PASSED[shape] = True
    if len(_PASSED) > _PASSED_LIMIT:
        del _PASSED[next(iter(_PASSED))]
    return written


_PASSED: dict[tuple, bool] = {}
_PASSED_LIMIT = 4096


def _shape(tokens: list[Token]) -> tuple:
    """The tokens' texts, a literal's replaced by its kind; only the literals are visited.
    Hex literals keep their text: the lexer rewrites them, into a negation for some."""
    return tuple(_literals_out(tokens)[0])


def _literals_out(tokens: list[Token]) -> tuple[list, list]:
    """``_shape`` as a list, and the tokens' kinds."""
    shape, kinds = list(map(_TEXT, tokens)), list(map(_KIND, tokens))
    for kind in ("string", "blob", "number"):
        for i in indexes_of(kinds, kind):
            if kind != "number" or shape[i][:2] not in ("0x", "0X"):
                shape[i] = kind
    return shape, kinds


def _key(tokens: list[Token]) -> tuple:
    """The shape ``audit`` keeps: ``_shape``, a numbered name's text replaced by ``_NAME``
    (``_numbered_name``); only the word tokens are visited."""
    shape, kinds = _literals_out(tokens)
    last = len(shape) - 1
    for i in indexes_of(kinds, "word"):
        numbered = _NUMBERED.get(shape[i])
        if numbered is None:
            numbered = _numbered_name(shape[i])
        if numbered and (i == last or shape[i + 1] != "("):
            shape[i] = _NAME
    return tuple(shape)


# A name with a digit in it (``col0``, ``tab1``, ``cor0``: the corpus's columns, tables
# and aliases) that is neither a keyword of SQLite nor a word sqlglot's tokenizer or
# parser tells apart (its keywords, ``INT8`` and the other type names; the names of the
# calls it maps, ``LOG10``, are read only before a parenthesis, where a name keeps its
# text): sqlglot reads every such word as the same kind of token, a name, so two
# statements that differ only in them get trees that differ only in those names' texts,
# which the audit never reads but to place an error. ``_NAME`` stands for them in
# ``_key``'s shape; no token's text is empty.
_NAME = ""
_NUMBERED: dict[str, bool] = {}
_NUMBERED_LIMIT = 8192
_SQLGLOT_WORDS = frozenset(word for key in DIALECT.tokenizer_class.KEYWORDS
                           for word in key.split())


def _numbered_name(text: str) -> bool:
    """Whether the word ``text`` stands for ``_NAME`` in a shape (kept in ``_NUMBERED``)."""
    upper = ascii_upper(text)
    numbered = _DIGIT.search(text) is not None and upper not in SQLITE_KEYWORDS \
        and upper not in _SQLGLOT_WORDS
    if len(_NUMBERED) >= _NUMBERED_LIMIT:
        _NUMBERED.clear()
    _NUMBERED[text] = numbered
    return numbered


_DIGIT = re.compile(r"[0-9]")


_TEXT, _KIND = itemgetter(1), itemgetter(0)


def audit_tree(tree: exp.Expression, source: Source, nodes: list | None = None) -> dict:
    """Refuse what the tree holds and no binder reads; return the keywords the tree is sure
    to be written back with (keyword_floor.py), counted on the way. ``nodes``: the tree's
    walk, when the caller has made it.

    Most nodes are of a class with no rule but its arguments (``_rules``: ``simple``):
    for those the floor's words and one ``issuperset`` are the whole audit."""
    floor: dict = {}
    for node in tree.walk() if nodes is None else nodes:
        cls = type(node)
        quick = _QUICK.get(cls)             # simple, no floor counter: two steps
        if quick is not None and quick[0].issuperset(node.args):
            for word in quick[1]:
                floor[word] = floor.get(word, 0) + 1
            continue
        simple, allowed, words, more, function, calls, refusal, handled, flags, checks_values = \
            _RULES.get(cls) or _rules(cls)
        for word in words:
            floor[word] = floor.get(word, 0) + 1
        if more is not None:
            more(node, floor)
        if simple and allowed.issuperset(node.args):
            continue
        if calls and any(
                isinstance(arg, (exp.Query, exp.Values)) and not isinstance(arg, exp.Subquery)
                for arg in node.iter_expressions()):
            raise _query_as_argument(source)
        if refusal is not None:
            raise _refuse(refusal, source, node, None)
        if cls is exp.Dot and isinstance(node.parent, exp.In) and node.arg_key == "field":
            handled, allowed = _EXPRESSION, _EXPRESSION | flags   # x IN schema.f(args)
        if handled is None:
            if function:
                _check_function(node, source)
                continue
            raise _refuse(None, source, node, None)
        if cls is exp.Subquery and (isinstance(node.parent, exp.From) and isinstance(
                node.parent.parent, exp.Update) or isinstance(node.parent, exp.Subquery)):
            # UPDATE ... FROM (SELECT ...) JOIN ...; ((SELECT ...) AS s JOIN ...)
            handled = handled | {"joins"}
            allowed = allowed | {"joins"}
        if not allowed.issuperset(node.args):   # else every argument read or a flag
            _check_unread(node, cls, handled, flags, source)
        if checks_values:
            _check_values(node, source)
    return floor


def _check_unread(node, cls: type, handled: frozenset, flags: frozenset,
                  source: Source) -> None:
    """Refuse an argument of ``node`` that is set and neither read nor a flag."""
    unread = [key for key, value in node.args.items()
              if key not in handled and key not in flags and _is_set(value)]
    if unread:
        # A syntax error outranks a missing feature: SQLite would stop at the syntax.
        rules = [(REFUSALS.get((cls.__name__, key)), key) for key in unread]
        rule, key = min(rules, key=lambda r: r[0] is not None and r[0][0] == "unsupported")
        raise _refuse(rule, source, node, key)


# What ``audit_tree`` looks up for a node, by its class (``_rules``): whether nothing but
# its arguments' names is to check (``simple``), the arguments allowed, the floor's words
# and counter, whether it is a function call (and one other than EXISTS), its refusal, the
# arguments read, the flags, and whether ``_check_values`` has a check for it.
_RULES: dict[type, tuple] = {}
# The classes that are simple and have no floor counter: (allowed arguments, floor words).
_QUICK: dict[type, tuple] = {}
_VALUE_CHECKED = (exp.Intersect, exp.Except, exp.Select, exp.Union, exp.Join, exp.Filter,
                  exp.Exists, exp.In, exp.Order, exp.Escape)


def _rules(cls: type) -> tuple:
    function = issubclass(cls, exp.Func)
    handled, flags = HANDLED.get(cls), FLAGS.get(cls, frozenset())
    calls, refusal = function and cls is not exp.Exists, CLASS_REFUSALS.get(cls.__name__)
    checks_values = issubclass(cls, _VALUE_CHECKED)
    simple = not calls and refusal is None and handled is not None and not checks_values \
        and cls is not exp.Dot and cls is not exp.Subquery
    rules = _RULES[cls] = (simple, handled | flags if handled is not None else None,
                           *node_floor(cls), function, calls, refusal, handled, flags,
                           checks_values)
    if simple and rules[3] is None:
        _QUICK[cls] = (rules[1], rules[2])
    return rules


def _is_set(value) -> bool:
    if isinstance(value, exp.IndexParameters):     # sqlglot's empty placeholder on keys
        return any(_is_set(v) for v in value.args.values())
    return not (value is None or value is False or value == [] or value == "")


def _check_function(node: exp.Func, source: Source) -> None:
    """A function call whose node holds a setting that is not an argument is syntax SQLite
    does not have."""
    if isinstance(node, exp.RegexpLike):
        # x REGEXP y calls regexp(y, x), which SQLite has only when an application adds it
        # (create_function): the binder looks it up (folds.py records the word written).
        if any(t.upper == "RLIKE" for t in source.tokens):
            raise source.near_word(("RLIKE",))
        return
    flags = _FUNCTION_FLAGS.get(type(node), ())
    for key, value in node.args.items():
        if key in flags or not _is_set(value):
            continue
        if isinstance(value, exp.Expression) or (
                isinstance(value, list) and all(isinstance(v, exp.Expression) for v in value)):
            continue
        raise _refuse(None, source, node, key)


def _check_values(node, source: Source) -> None:
    """Arguments whose value, not only presence, may be foreign syntax."""
    if isinstance(node, (exp.Intersect, exp.Except)) and not node.args.get("distinct"):
        raise source.near_word(("ALL",))
    if isinstance(node, (exp.Select, exp.Union, exp.Intersect, exp.Except)) \
            and node.args.get("offset") is not None and node.args.get("limit") is None:
        raise source.near_word(("OFFSET",))           # OFFSET only follows LIMIT
    if isinstance(node, exp.Join):
        _check_join_kind(node, source)
    elif isinstance(node, exp.Filter):
        _check_filter(node, source)
    elif isinstance(node, exp.Exists):
        _check_exists(source)
    elif isinstance(node, exp.In) and isinstance(node.args.get("field"), exp.Column) \
            and node.args["field"].args.get("db"):
        raise _in_three_names(source)
    elif isinstance(node, exp.Order) and isinstance(node.this, exp.Star):
        raise _order_after_star(source)             # count(* ORDER BY x)
    elif isinstance(node, exp.Escape) and not isinstance(node.this, exp.Like):
        if isinstance(node.this, exp.RegexpLike):
            raise _no_regexp(source)
        name = "MATCH" if isinstance(node.this, exp.Match) else "GLOB"
        raise OperationalError(f"wrong number of arguments to function {name}()")


def _check_filter(node: exp.Filter, source: Source) -> None:
    """FILTER follows a function call (not a CAST) and its parenthesis holds WHERE, which
    sqlglot would let go missing: ``count(*) FILTER (x > 1)``."""
    if not isinstance(node.this, exp.Func) or isinstance(node.this, exp.Cast):
        raise source.near_word(("FILTER",))         # CAST(x AS t) FILTER (...)
    tokens = source.tokens
    for i, token in enumerate(tokens[:-2]):
        if token.upper == "FILTER" and tokens[i + 1].text == "(" and \
                tokens[i + 2].upper != "WHERE" and i and tokens[i - 1].text == ")":
            raise source.at(i + 2)                  # not filter(1), a call


def _check_exists(source: Source) -> None:
    """SQLite's EXISTS takes a query in one parenthesis (``EXISTS (SELECT ...)``, VALUES or
    WITH); sqlglot also takes an expression or a parenthesised query there."""
    tokens = source.tokens
    for i, token in enumerate(tokens[:-2]):
        if token.upper == "EXISTS" and tokens[i + 1].text == "(" \
                and tokens[i + 2].upper not in ("SELECT", "VALUES", "WITH"):
            raise source.at(i + 2)


_CALLED_KEYWORDS = {"REPLACE", "LIKE", "GLOB", "IF", "CAST"}   # keywords SQLite also calls


def _query_as_argument(source: Source) -> OperationalError:
    """``f(SELECT ...)``: an argument list holds expressions, and a bare query is none
    (a subquery needs its own parenthesis): SQLite stops at the SELECT or VALUES -- or
    after a WITH, which it takes for a column's name."""
    tokens = source.tokens
    for i, token in enumerate(tokens[:-2]):
        if tokens[i + 1].text == "(" and tokens[i + 2].upper in ("SELECT", "VALUES", "WITH") \
                and (token.kind == "quoted" or token.kind == "word" and (
                    token.upper not in SQLITE_KEYWORDS or token.upper in _CALLED_KEYWORDS)):
            return source.at(i + 3 if tokens[i + 2].upper == "WITH" else i + 2)
    return syntax_error(source.sql, None)


def _in_three_names(source: Source) -> OperationalError:
    """``x IN a.b.c``: SQLite's grammar takes at most ``schema.table`` after IN, and stops
    at the second dot."""
    tokens = source.tokens
    i = next((i + 4 for i in range(len(tokens) - 4) if tokens[i].upper == "IN"
              and tokens[i + 2].text == "." and tokens[i + 4].text == "."), len(tokens))
    return source.at(i)


def _no_regexp(source: Source) -> OperationalError:
    """SQLite's error for the REGEXP operator: the function is named by the operator's
    word as written (``a regexp b``: ``no such function: regexp``)."""
    word = next((t.text for t in source.tokens if t.upper == "REGEXP"), "REGEXP")
    return OperationalError(f"no such function: {word}")


def _order_after_star(source: Source) -> OperationalError:
    """SQLite's syntax error at the ORDER of ``f(* ORDER BY ...)``."""
    tokens = source.tokens
    i = next((i for i in range(1, len(tokens)) if tokens[i].upper == "ORDER"
              and tokens[i - 1].text == "*"), len(tokens))
    return source.at(i)


def _check_join_kind(join: exp.Join, source: Source) -> None:
    """The join operators SQLite knows are checked on the tokens (grammar.py); any other
    word sqlglot took for a join kind (SEMI, ANTI, ASOF, STRAIGHT_JOIN) is, to SQLite, the
    alias of the table before it."""
    kind = ascii_upper(join.args.get("kind") or "")
    if kind in ("", "INNER", "CROSS", "OUTER"):
        return
    i = next((i for i, t in enumerate(source.tokens) if t.upper == kind), None)
    if i is not None and i + 1 < len(source.tokens) and source.tokens[i + 1].upper == "JOIN":
        raise NotSupportedError(f"{source.tokens[i].text} as the alias of a table before JOIN "
                                "is not supported yet")
    raise source.at(i + 1 if i is not None else len(source.tokens))


def _refuse(rule, source: Source, node, key) -> Exception:
    if rule is None:
        what = type(node).__name__ if key is None else f"{type(node).__name__}.{key}"
        return NotSupportedError(f"unsupported syntax ({what}): {_snippet(node, key)}")
    kind = rule[0]
    if kind == "unsupported":
        return NotSupportedError(f"{rule[1]}: {_snippet(node, key)}")
    if kind == "error":
        return OperationalError(rule[1])
    if kind == "word":
        return source.near_word(rule[1], rule[2])
    if kind == "last":
        return source.near_word((rule[1],), rule[2], last=True)
    if kind == "alias_columns":            # t AS x(a, b): SQLite stops at the parenthesis
        return source.at(_alias_columns_start(source, node))
    raise AssertionError(rule)


def _alias_columns_start(source: Source, node) -> int:
    """The index of the parenthesis opening the columns of ``node``, a TableAlias: after
    its name, or, without one (``VALUES (1) (2)``, read as VALUES aliased ``(2)``), before
    its first column."""
    tokens = source.tokens
    if node.name:
        name = ascii_lower(node.name)
        return next((i + 1 for i, t in enumerate(tokens) if ascii_lower(t.text) == name),
                    len(tokens))
    first = ascii_lower(node.columns[0].name) if node.columns else None
    return next((i for i in range(len(tokens) - 1) if tokens[i].text == "("
                 and ascii_lower(tokens[i + 1].text) == first), len(tokens))


def _snippet(node, key) -> str:
    part = node.args.get(key) if key is not None else node
    parts = part if isinstance(part, list) else [part]
    if all(isinstance(p, exp.Expression) for p in parts):
        return ", ".join(p.sql(dialect="sqlite") for p in parts)[:80]
    return f"{key}={part!r}"[:80]


# -- the keyword audit -----------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def audit_keywords(tree: exp.Expression, source: Source, floor: dict | None = None) -> bool:
    """Every SQLite keyword of the text must survive into the regenerated statement
    (``floor``: keywords the regeneration is sure to hold, ``audit_tree``'s answer; when
    they cover the text's, nothing needs writing back). Whether it was written back."""
    written = _normalised_keywords(source.word_tokens, source.word_ups)
    if not written or floor is not None and covers(floor, written):
        return False
    generated = _regenerate(_exclude_kept(tree) if "EXCLUDE" in written else tree)
    if generated is None:
        return True
    regenerated = Counter(ascii_upper(w) for w in _WORD.findall(generated))
    lost = written - regenerated
    if lost and isinstance(tree, exp.Create):
        # SQLite's generator moves a one-column PRIMARY KEY onto its column, writing a
        # column named by a keyword once (``abort INT DEFAULT 1, PRIMARY KEY (abort)``):
        # sqlglot's own dialect writes it where it stood
        lost -= _regenerated_words(tree, None)
    if not lost:
        return True
    seen: Counter = Counter()
    for tok in source.word_tokens:
        if tok.kind == "word":
            if tok.upper in lost:
                raise source.at_word(tok.upper, seen[tok.upper])
            seen[tok.upper] += 1


def _exclude_kept(tree: exp.Expression) -> exp.Expression:
    """``tree``, or a copy whose frames with an EXCLUDE and no end name the end they mean
    (CURRENT ROW): sqlglot's SQLite generator writes ``RANGE CURRENT ROW`` alone, without
    its EXCLUDE."""
    if not any(_ends_unwritten(spec) for spec in tree.find_all(exp.WindowSpec)):
        return tree
    tree = tree.copy()
    for spec in tree.find_all(exp.WindowSpec):
        if _ends_unwritten(spec):
            spec.set("end", "CURRENT ROW")
    return tree


def _ends_unwritten(spec: exp.WindowSpec) -> bool:
    return spec.args.get("exclude") is not None and spec.args.get("end") is None


def _regenerated_words(tree: exp.Expression, dialect) -> Counter:
    """The words sqlglot writes back from ``tree`` in ``dialect``, counted (none when it
    cannot)."""
    try:
        text = to_sql(tree, dialect, copy=True)
    except Exception:                       # noqa: BLE001 - sqlglot's generator bugs
        return Counter()
    return Counter(ascii_upper(w) for w in _WORD.findall(text))


def _regenerate(tree: exp.Expression) -> str | None:
    """The statement sqlglot writes back from ``tree``: in SQLite's dialect, else in its
    own when the SQLite generator cannot write it (a PRIMARY KEY naming an untyped
    column); None when neither can (the tree audit still holds)."""
    for dialect in ("sqlite", None):
        try:
            # SQLite's generator rewrites a CREATE TABLE it writes (it moves the PRIMARY KEY),
            # so that one is copied first; other trees that passed the tree audit are
            # written as they are.
            text = to_sql(tree, dialect, copy=isinstance(tree, exp.Create))
        except Exception:                   # noqa: BLE001 - sqlglot's generator bugs
            continue
        # sqlglot's own dialect spells SQLite's ``x IS NOT y`` the standard way
        return text if dialect else _IS_DISTINCT.sub(
            lambda m: "IS" if m.group(1) else "IS NOT", text)
    return None


_IS_DISTINCT = re.compile(r"\bIS (NOT )?DISTINCT FROM\b", re.IGNORECASE)


# Spellings sqlglot's generator writes differently on purpose, each a sequence of keywords
# taken out of the text before comparing.
_NORMALISED = (("IS", "NOT", "DISTINCT", "FROM"), ("IS", "DISTINCT", "FROM"),
               ("NULLS", "FIRST"), ("NULLS", "LAST"), ("ISNULL",), ("NOTNULL",))


_NORMALISED_BY_FIRST: dict = {}
for _seq in _NORMALISED:
    _NORMALISED_BY_FIRST.setdefault(_seq[0], []).append(_seq)


def _normalised_keywords(tokens: list[Token], ups: list[str] | None = None) -> Counter:
    """The SQLite keywords of ``tokens``, counted, less the spellings sqlglot's generator
    writes differently on purpose. Where none of the sequences taken out can occur, the
    keywords are counted at once and only the words after SELECT or CREATE, or before a
    parenthesis, are visited (``_keywords_counted``). ``ups``: their ``uppers``, when the
    caller has them."""
    ups = uppers(tokens) if ups is None else ups
    present = set(ups)
    if present.isdisjoint(_SEQUENCE_WORDS) and not ("IS" in present and "DISTINCT" in present):
        return _keywords_counted(ups)
    return _keywords_visited(tokens)


# The words that start a sequence taken out (IS only before DISTINCT).
_SEQUENCE_WORDS = frozenset(("NULLS", "ISNULL", "NOTNULL"))


def _keywords_counted(ups: list[str]) -> Counter:
    """``_keywords_visited``'s count for a statement with no sequence to take out: every
    keyword (a word token's text only can be one), less ALL after SELECT, TEMP after
    CREATE, and a fallback keyword called as a function."""
    keep = Counter(filter(SQLITE_KEYWORDS.__contains__, ups))
    dropped = {i for i in indexes_of(ups, "ALL") if i and ups[i - 1] == "SELECT"}
    dropped.update(i for i in indexes_of(ups, "TEMP") if i and ups[i - 1] == "CREATE")
    dropped.update(i - 1 for i in indexes_of(ups, "(") if i and ups[i - 1] in FALLBACK_KEYWORDS)
    for i in dropped:
        keep[ups[i]] -= 1
        if not keep[ups[i]]:
            del keep[ups[i]]
    return keep


def _keywords_visited(tokens: list[Token]) -> Counter:
    """The keywords of ``tokens`` less the normalised spellings, visiting each keyword."""
    keep = Counter()
    after = 0                               # the first token not taken out yet
    for i in [i for i, t in enumerate(tokens) if t.upper in SQLITE_KEYWORDS and t.kind == "word"]:
        if i < after:
            continue
        w = tokens[i].upper
        skip = next((len(seq) for seq in _NORMALISED_BY_FIRST.get(w, ())
                     if _words(tokens, i, len(seq)) == seq), 0)
        if skip:
            after = i + skip
            continue
        before = tokens[i - 1] if i > 0 and tokens[i - 1].kind == "word" else None
        if w == "ALL" and before is not None and before.upper == "SELECT":
            continue                        # SELECT ALL is SELECT
        if w == "TEMP" and before is not None and before.upper == "CREATE":
            continue                        # sqlglot writes CREATE TEMP as TEMPORARY
        if w in FALLBACK_KEYWORDS and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            continue                        # a function named like a keyword: if(), replace()
        keep[w] += 1
    return keep


def _words(tokens: list[Token], i: int, n: int) -> tuple:
    """The upper-case words of tokens ``i`` to ``i + n`` (None for a token not a word)."""
    return tuple(t.upper if t.kind == "word" else None for t in tokens[i:i + n])
