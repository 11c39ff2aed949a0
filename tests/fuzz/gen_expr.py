"""Random expressions: every operator, the core functions, CASE, CAST, COLLATE, subqueries.

``gen_expr(g, scope, depth)`` returns an expression ``Node`` over the column references in
``scope`` (already qualified, ``a1.c0``). Every form SQLite's expression grammar has is
drawn: unary ``- + NOT ~``; arithmetic, bitwise, concatenation; every comparison spelling
(``= == <> != < <= > >= IS [NOT] [DISTINCT FROM]``); AND/OR; the postfix tests (``IS
[NOT] NULL``, ``ISNULL``, ``NOTNULL``, ``NOT NULL``, ``IS [NOT] TRUE|FALSE``); LIKE/GLOB
with NOT and ESCAPE; BETWEEN; IN lists (the empty one too) and IN subqueries; EXISTS;
scalar subqueries, correlated or not; simple and searched CASE; CAST to every type name;
COLLATE; and calls of every core scalar function RowanDB has (``FUNCTIONS``), the math
functions and the date and time functions (``DATE_TIME_FUNCTIONS``); with feature
``function_edges``, calls with edge arguments (gen_funcs.py) in place of some of them.

Determinism: SQLite must give one answer. ``random()`` and ``randomblob()`` appear only
where their value cannot show (``typeof(random())``, ``length(randomblob(3))``). A scalar
subquery returns at most one row, chosen by an ORDER BY that leaves no tie:
``ORDER BY x COLLATE BINARY, typeof(x) LIMIT 1`` (two rows that tie on both show the same
value) -- or is a count. Aggregate calls (``gen_aggregate``) are only ever a whole select
item or one side of a HAVING comparison, so that the comparator can allow for the two
legitimately order-dependent things about them (query.py says which).

Sizes stay small: arguments that set a length (zeroblob, randomblob, printf widths) are
small literals, so no expression builds megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gen_schema import TYPE_NAMES, Column, draw_value
from .sqltree import Node, expr, items, leaf, literal, node


@dataclass(frozen=True)
class Ref:
    """A column reference usable in a scope: its SQL text and its column definition."""

    text: str
    column: Column | None = None


@dataclass
class Scope:
    """What an expression may refer to, and what it may contain."""

    refs: list
    aggregates: bool = False        # aggregate calls allowed (select list / HAVING)
    flags: set = field(default_factory=set)  # facts for the comparator: "nocase", ...
    sub_refs: list | None = None    # how subqueries refer to these columns, if not as refs


UNARY = ["-", "+", "NOT ", "~"]
BINARY = ["+", "-", "*", "/", "%", "||", "&", "|", "<<", ">>"]
COMPARE = ["=", "==", "<>", "!=", "<", "<=", ">", ">=", "IS", "IS NOT",
           "IS DISTINCT FROM", "IS NOT DISTINCT FROM"]
POSTFIX = ["IS NULL", "IS NOT NULL", "ISNULL", "NOTNULL", "NOT NULL"]
TRUTH = ["IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE"]
CAST_TYPES = sorted(set(TYPE_NAMES) - {""})
PRINTF_FORMATS = ["%d", "%s", "%.3f", "%5s", "%-5s|", "%x", "%q", "%Q", "%c", "%05d", "%e",
                  "%g", "%i", "%%", "%s-%s", "%.2s", "%w", "%+d", "%,d", "%o", "%X"]
GLOB_PATTERNS = ["*", "a*", "*a", "?", "[ab]", "[^a]*", "A*", "1*", "*[0-9]*", "[a-c]?"]
LIKE_PATTERNS = ["%", "a%", "%a", "_", "A_", "%b%", "1%", "\\%", "%\\_%", "a\\%"]

# name -> argument lists: "e" any expression, "n" a small integer literal, "f" a printf
# format, "p" a probability, "c" a one-character literal (a LIKE escape).
FUNCTIONS = {
    "abs": ["e"], "char": ["e", "ee", "eee"], "coalesce": ["ee", "eee"],
    "concat": ["e", "ee", "eee"], "concat_ws": ["ee", "eee"], "format": ["fe", "fee"],
    "printf": ["f", "fe", "fee"], "glob": ["ee"], "hex": ["e"], "ifnull": ["ee"],
    "iif": ["eee", "ee"], "if": ["ee", "eee"], "instr": ["ee"], "length": ["e"],
    "like": ["ee", "eee", "eec"], "likelihood": ["ep"], "likely": ["e"], "lower": ["e"],
    "ltrim": ["e", "ee"], "max": ["ee", "eee"], "min": ["ee", "eee"], "nullif": ["ee"],
    "octet_length": ["e"], "quote": ["e"], "replace": ["eee"], "round": ["e", "ee"],
    "rtrim": ["e", "ee"], "sign": ["e"], "substr": ["ee", "eee"], "substring": ["ee", "eee"],
    "trim": ["e", "ee"], "typeof": ["e"], "unhex": ["e", "ee"], "unicode": ["e"],
    "unlikely": ["e"], "upper": ["e"], "zeroblob": ["n"],
}
MATH_FUNCTIONS = {
    "mod": ["ee"], "pow": ["ee"], "power": ["ee"], "sqrt": ["e"], "floor": ["e"],
    "ceil": ["e"], "ceiling": ["e"], "trunc": ["e"], "ln": ["e"], "log": ["e", "ee"],
    "log10": ["e"], "log2": ["e"], "exp": ["e"], "pi": [""], "sin": ["e"], "cos": ["e"],
    "atan2": ["ee"], "degrees": ["e"], "radians": ["e"],
}
# "t" a time value (one of the drawn call's argument expressions, or a time-value literal),
# "m" a modifier literal, "s" a strftime format (``_date_time_call``). No 'now' (the
# engines read their clocks at different moments), no localtime/utc (the time zone).
DATE_TIME_FUNCTIONS = {
    "date": ["t", "tm", "tmm"], "time": ["t", "tm"], "datetime": ["t", "tm", "tmm"],
    "julianday": ["t", "tm"], "unixepoch": ["t", "tm"], "strftime": ["st", "stm"],
    "timediff": ["tt"],
}
TIME_VALUES = ["'2024-02-29'", "'2024-01-31 12:34:56.789'", "'1999-12-31T23:59:59Z'",
               "'12:30'", "'24:00'", "'2023-02-31'", "'-0044-03-15 +05:30'", "2460000.5",
               "1700000000", "'bad'", "'0000-01-01'", "'9999-12-31 23:59:59'"]
MODIFIERS = ["'+1 month'", "'-1 year'", "'+1.5 days'", "'-90 minutes'", "'+3600 seconds'",
             "'start of month'", "'start of year'", "'start of day'", "'weekday 0'",
             "'weekday -3'", "'floor'", "'ceiling'", "'unixepoch'", "'auto'", "'julianday'",
             "'subsec'", "'+12:30'", "'-0001-02-03'", "'+1 fortnight'", "NULL"]
STRFTIME_FORMATS = ["'%Y-%m-%d'", "'%H:%M:%S %f'", "'%j %U %V %W %G %g'", "'%s %J'",
                    "'%e %k %l %I %p %P'", "'%u %w %F %T %R %%'", "'%q'", "'%'"]

FORMS = {  # form -> weight
    "unary": 4, "binary": 10, "compare": 12, "logic": 8, "postfix": 4, "truth": 2,
    "like": 4, "glob": 3, "between": 3, "in_list": 4, "in_query": 2, "exists": 2,
    "scalar_query": 2, "case": 4, "cast": 4, "collate": 2, "function": 14,
}


def gen_expr(g, scope: Scope, depth: int = 3) -> Node:
    """A random expression at most ``depth`` operators deep."""
    if depth <= 0 or g.rng.random() < 0.25:
        return gen_leaf(g, scope)
    form = g.weighted(FORMS)
    if form in ("in_query", "exists", "scalar_query") and not g.may_subquery():
        form = "compare"
    return getattr(_Forms, form)(g, scope, depth - 1)


def gen_predicate(g, scope: Scope, depth: int = 3) -> Node:
    """A boolean-ish expression: a comparison, test or logic tree at the top."""
    form = g.rng.choice(["compare", "compare", "logic", "logic", "postfix", "like", "between",
                         "in_list", "in_query", "exists", "any"])
    if form in ("in_query", "exists") and not g.may_subquery():
        form = "compare"
    if form == "any":
        return gen_expr(g, scope, depth)
    return getattr(_Forms, form)(g, scope, max(depth - 1, 0))


def gen_leaf(g, scope: Scope) -> Node:
    if scope.refs and g.rng.random() < 0.6:
        ref = g.rng.choice(scope.refs)
        if ref.column is not None and ref.column.collation in ("NOCASE", "RTRIM"):
            scope.flags.add(ref.column.collation.lower())
        return leaf(ref.text, ref.text)
    return leaf(literal(draw_value(g)))


class _Forms:
    """One static method per expression form: (g, scope, depth) -> Node."""

    @staticmethod
    def unary(g, scope, depth):
        a = gen_expr(g, scope, depth)
        return expr("(", g.rng.choice(UNARY), a, ")", subexprs=[a])

    @staticmethod
    def binary(g, scope, depth):
        a, b = gen_expr(g, scope, depth), gen_expr(g, scope, depth)
        return expr("(", a, f" {g.rng.choice(BINARY)} ", b, ")", subexprs=[a, b])

    @staticmethod
    def compare(g, scope, depth):
        if g.config.has("row_values") and g.side_rng.random() < 0.15:
            from .gen_rows import row_predicate
            return row_predicate(g, scope, depth)
        a, b = gen_expr(g, scope, depth), gen_expr(g, scope, depth)
        return expr("(", a, f" {g.rng.choice(COMPARE)} ", b, ")", subexprs=[a, b])

    @staticmethod
    def logic(g, scope, depth):
        a, b = gen_predicate(g, scope, depth), gen_predicate(g, scope, depth)
        return expr("(", a, f" {g.rng.choice(['AND', 'OR'])} ", b, ")", subexprs=[a, b])

    @staticmethod
    def postfix(g, scope, depth):
        a = gen_expr(g, scope, depth)
        return expr("(", a, f" {g.rng.choice(POSTFIX)}", ")", subexprs=[a])

    @staticmethod
    def truth(g, scope, depth):
        a = gen_expr(g, scope, depth)
        return expr("(", a, f" {g.rng.choice(TRUTH)}", ")", subexprs=[a])

    @staticmethod
    def like(g, scope, depth):
        if g.no_like:
            return _Forms.glob(g, scope, depth)
        a = gen_expr(g, scope, depth)
        pattern = (leaf(literal(g.rng.choice(LIKE_PATTERNS))) if g.rng.random() < 0.6
                   else gen_expr(g, scope, depth))
        op = g.rng.choice(["LIKE", "NOT LIKE"])
        escape = " ESCAPE '\\'" if g.rng.random() < 0.3 else ""
        return expr("(", a, f" {op} ", pattern, escape, ")", subexprs=[a])

    @staticmethod
    def glob(g, scope, depth):
        a = gen_expr(g, scope, depth)
        pattern = (leaf(literal(g.rng.choice(GLOB_PATTERNS))) if g.rng.random() < 0.6
                   else gen_expr(g, scope, depth))
        op = g.rng.choice(["GLOB", "NOT GLOB"])
        return expr("(", a, f" {op} ", pattern, ")", subexprs=[a])

    @staticmethod
    def between(g, scope, depth):
        a, lo, hi = (gen_expr(g, scope, depth) for _ in range(3))
        op = g.rng.choice(["BETWEEN", "NOT BETWEEN"])
        return expr("(", a, f" {op} ", lo, " AND ", hi, ")", subexprs=[a, lo, hi])

    @staticmethod
    def in_list(g, scope, depth):
        a = gen_expr(g, scope, depth)
        values = [node(gen_expr(g, scope, depth - 1), optional=True)
                  for _ in range(g.rng.choice([0, 1, 2, 3, 4]))]
        op = g.rng.choice(["IN", "NOT IN"])
        return expr("(", a, f" {op} (", items(values), "))", subexprs=[a])

    @staticmethod
    def in_query(g, scope, depth):
        a = gen_expr(g, scope, depth)
        op = g.rng.choice(["IN", "NOT IN"])
        return expr("(", a, f" {op} ", g.subquery(scope, "column"), ")", subexprs=[a])

    @staticmethod
    def exists(g, scope, depth):
        op = g.rng.choice(["EXISTS", "NOT EXISTS"])
        return expr("(", op, " ", g.subquery(scope, "exists"), ")")

    @staticmethod
    def scalar_query(g, scope, depth):
        return expr(g.subquery(scope, "scalar"))

    @staticmethod
    def case(g, scope, depth):
        simple = g.rng.random() < 0.4
        operand = gen_expr(g, scope, depth) if simple else None
        whens, subs = [], []
        for _ in range(g.rng.randint(1, 3)):
            w = gen_expr(g, scope, depth) if operand else gen_predicate(g, scope, depth)
            t = gen_expr(g, scope, depth)
            whens.append(node(" WHEN ", w, " THEN ", t, optional=True))
            subs.append(t)
        other = gen_expr(g, scope, depth) if g.rng.random() < 0.6 else None
        if other is not None:
            subs.append(other)
        return expr("(CASE", node(" ", operand) if operand else None, *whens,
                    node(" ELSE ", other, optional=True) if other else None, " END)",
                    subexprs=subs)

    @staticmethod
    def cast(g, scope, depth):
        a = gen_expr(g, scope, depth)
        return expr("CAST(", a, f" AS {g.rng.choice(CAST_TYPES)})", subexprs=[a])

    @staticmethod
    def collate(g, scope, depth, a=None):
        a = a if a is not None else gen_expr(g, scope, depth)
        collation = g.rng.choice(["NOCASE", "BINARY", "RTRIM"])
        scope.flags.add(collation.lower())
        return expr("(", a, f" COLLATE {collation})", subexprs=[a])

    @staticmethod
    def function(g, scope, depth):
        rng = g.rng
        if rng.random() < 0.05:
            return expr(rng.choice(["typeof(random())", "length(randomblob(3))",
                                    "(random() IS NOT NULL)", "typeof(randomblob(2))"]))
        table = dict(FUNCTIONS)
        if g.config.has("math"):
            table.update(MATH_FUNCTIONS)
        errors = g.subquery_errors
        if errors:                  # abs(-9223372036854775808) raises
            del table["abs"]
        name = rng.choice(sorted(table))
        kinds = rng.choice(table[name])
        if errors and kinds == "eee" and name == "like":    # like()'s ESCAPE may raise
            kinds = "eec"
        args = [_argument(g, scope, depth, kind) for kind in kinds]
        subs = [a for a, kind in zip(args, kinds) if kind == "e"]
        if g.config.has("function_edges") and not errors and g.side_rng.random() < 0.3:
            from .gen_funcs import edge_call    # edge arguments (feature function_edges)
            return edge_call(g, scope, subs)
        if g.config.has("datetime") and g.side_rng.random() < 0.25:
            return _date_time_call(g, subs)
        if g.config.has("json") and g.side_rng.random() < 0.2:
            return _json_call(g, subs, errors)
        if g.config.has("json_values") and g.side_rng.random() < 0.08:
            from .gen_json_values import reader_call    # (feature json_values)
            return reader_call(g, subs)
        return expr(f"{name}(", items(args), ")", subexprs=subs)


def _argument(g, scope, depth, kind: str) -> Node:
    rng = g.rng
    if kind == "n":
        return leaf(str(rng.choice([0, 1, 2, 3, -1])))
    if kind == "f":
        return leaf(literal(rng.choice(PRINTF_FORMATS)))
    if kind == "p":
        return leaf(rng.choice(["0.5", "0.0", "1.0", "0.25"]))
    if kind == "c":
        return leaf(rng.choice(["'\\'", "'x'", "'%'", "'_'"]))
    return gen_expr(g, scope, depth)


_LITERALS = {"T": TIME_VALUES, "m": MODIFIERS, "s": STRFTIME_FORMATS}


def _date_time_call(g, expressions: list) -> Node:
    """A date/time call in place of the function call just drawn: its choices come from
    ``g.side_rng``, so the rest of the case is what it was without the feature; a time
    value is one of the call's drawn argument expressions or a literal."""
    side = g.side_rng
    name = side.choice(sorted(DATE_TIME_FUNCTIONS))
    args, subs = [], []
    for kind in side.choice(DATE_TIME_FUNCTIONS[name]):
        if kind == "t" and expressions and side.random() < 0.4:
            subs.append(side.choice(expressions))
            args.append(subs[-1])
        else:
            args.append(leaf(side.choice(_LITERALS["T" if kind == "t" else kind])))
    return expr(f"{name}(", items(args), ")", subexprs=subs)


# "d" a JSON document (a literal, or one of the drawn expressions), "p" a path, "e" a drawn
# expression, "k" a label. ``->`` and ``->>`` are written as operators.
JSON_FUNCTIONS = {
    "json": ["d"], "json_extract": ["dp", "dpp"], "jsonb_extract": ["dp"], "json_type": ["d", "dp"],
    "json_array_length": ["d", "dp"], "json_valid": ["e", "ee"], "json_quote": ["e"],
    "json_array": ["", "e", "ee"], "json_object": ["ke", "keke"], "json_set": ["dpe"],
    "json_insert": ["dpe"], "json_replace": ["dpe"], "json_remove": ["dp"],
    "json_patch": ["dd"], "json_error_position": ["e"], "json_pretty": ["d"], "->": ["dp"],
    "->>": ["dp"], "json_array_insert": ["dpe"], "jsonb": ["d"],
}
# Where errors are steered off: these calls with well-formed documents and '$' paths.
JSON_SAFE_CALLS = {name: kinds for name, kinds in JSON_FUNCTIONS.items()
                   if name not in ("json_array_insert", "json_valid")} | {"json_valid": ["e"]}
# Calls that take any value without raising.
JSON_TOLERANT = ("json_valid", "json_error_position")
JSON_DOCUMENTS = ["'{\"a\":1,\"b\":[1,2.5,\"x\"],\"c\":{\"d\":null}}'",
                  "'[1,[2,3],{\"a\":true},\"\\u00e9\"]'", "'{a:1, b:[0x10, .5,], c:''q'',}'",
                  "'\"s\"'", "'1e999'", "'{\"a\":1'", "NULL", "jsonb('[1,{\"a\":2}]')",
                  "'-0'", "'{\"a\":{\"b\":{\"c\":[]}}}'"]
JSON_GOOD_DOCUMENTS = [d for d in JSON_DOCUMENTS if d != """'{"a":1'"""]
JSON_PATHS = ["'$'", "'$.a'", "'$.b[1]'", "'$.b[#-1]'", "'$[1][0]'", "'$.c.d'", "'$.x'",
              "'a'", "'$['", "'$[#]'", "1", "-1", "'$.\"a\"'", "NULL"]


def _json_call(g, expressions: list, errors: bool) -> Node:
    """A JSON call in place of the function call just drawn (choices from ``g.side_rng``,
    as ``_date_time_call``). Where errors are steered off (subqueries), only calls that
    cannot raise: well-formed documents, '$' paths, drawn expressions cast to TEXT."""
    side = g.side_rng
    safe = errors
    table = JSON_SAFE_CALLS if safe else JSON_FUNCTIONS
    name = side.choice(sorted(table))
    args, subs = [], []
    for kind in side.choice(table[name]):
        drawn = expressions and (kind == "e" or kind == "d" and side.random() < 0.25)
        if drawn:
            subs.append(side.choice(expressions))
            arg = subs[-1]
            if safe and name not in JSON_TOLERANT:
                arg = expr("CAST(", arg, " AS TEXT)", subexprs=[arg])
                if kind == "d":
                    arg = expr("json_quote(", arg, ")", subexprs=[arg])
            args.append(arg)
        elif kind in "de":
            args.append(leaf(side.choice(JSON_GOOD_DOCUMENTS if safe else JSON_DOCUMENTS)))
        elif kind == "p":
            paths = JSON_PATHS if not safe else [
                p for p in JSON_PATHS
                if (p.startswith("'$") or name in ("->", "->>")) and p != "'$['"]
            args.append(leaf(side.choice(paths)))
        else:
            args.append(leaf(side.choice(["'k'", "'a'", "''"])))
    if name in ("->", "->>"):
        return expr("(", args[0], f" {name} ", args[1], ")", subexprs=subs)
    return expr(f"{name}(", items(args), ")", subexprs=subs)


# ---------------------------------------------------------------------------------------
# aggregates
# ---------------------------------------------------------------------------------------

AGGREGATES = ["count(*)", "count", "count_distinct", "sum", "total", "avg", "min", "max",
              "group_concat_length", "max_distinct"]


def gen_aggregate(g, scope: Scope) -> Node:
    """An aggregate call over a non-aggregate expression, flagging what it implies.

    sum/avg/total of reals depend on the order rows arrive in (floating-point addition is
    not associative): they set the ``float_order`` flag. min/max of values that compare
    equal but look different (1 and 1.0, 'a' and 'A' under NOCASE) return whichever came
    first: they set ``representative``. group_concat is wrapped in octet_length(), which
    does not depend on the order of the parts (length() would: it counts up to a NUL) --
    unless, with the ``aggregate_clauses`` feature, it sorts its parts by an ORDER BY that
    leaves only ties that print alike. That feature also gives other aggregates an ORDER
    BY of any terms (which changes no result beyond ``float_order``) and any aggregate a
    FILTER (WHERE ...).
    """
    rng = g.rng
    clauses = g.config.has("aggregate_clauses")
    kind = rng.choice(AGGREGATES)
    condition = _filter(g, scope) if clauses else None
    if kind == "count(*)":
        return expr("count(*)", condition, literals=())
    plain = Scope(scope.refs, False, scope.flags)
    a = gen_expr(g, plain, rng.choice([0, 0, 1, 2]))
    order = _order_by(g, plain) if clauses else None
    if g.config.has("aggregate_kinds") and g.side_rng.random() < 0.3:
        from .gen_aggregate_kinds import other_aggregate    # JSON, DISTINCT, percentiles
        return other_aggregate(g, scope, a, condition)
    if kind == "count_distinct":
        return expr("count(DISTINCT ", a, order, ")", condition, literals=())
    if kind == "group_concat_length":
        sep = rng.choice(["", ", '-'", ", ''"])
        if clauses and rng.random() < 0.5:      # sorted by what tells the parts apart
            return expr("group_concat(", a, f"{sep} ORDER BY ", a, " COLLATE BINARY",
                        rng.choice(["", " DESC"]), ", typeof(", a, "), CAST(", a,
                        " AS TEXT))", condition, literals=())
        return expr("octet_length(group_concat(", a, f"{sep}", order, ")", condition, ")",
                    literals=())
    if kind in ("sum", "total", "avg"):
        scope.flags.add("float_order")
        if kind == "sum":
            scope.flags.add("sum")
    if kind in ("min", "max", "max_distinct"):
        scope.flags.add("representative")
    if kind == "max_distinct":
        return expr(f"{rng.choice(['min', 'max'])}(DISTINCT ", a, order, ")", condition,
                    literals=())
    return expr(f"{kind}(", a, order, ")", condition, literals=())


def _filter(g, scope: Scope) -> Node | None:
    """Now and then a FILTER (WHERE ...) clause over the rows' columns."""
    if g.rng.random() >= 0.3:
        return None
    return expr(" FILTER (WHERE ", gen_predicate(g, Scope(scope.refs, False, scope.flags), 2),
                ")", literals=())


def _order_by(g, scope: Scope) -> Node | None:
    """Now and then an ORDER BY of one or two terms inside an aggregate's arguments."""
    rng = g.rng
    if rng.random() >= 0.3:
        return None
    terms = [expr(gen_expr(g, scope, rng.choice([0, 1])), rng.choice(["", " DESC"]),
                  rng.choice(["", " NULLS FIRST", " NULLS LAST"]), literals=())
             for _ in range(rng.randint(1, 2))]
    return expr(" ORDER BY ", items(terms), literals=())
