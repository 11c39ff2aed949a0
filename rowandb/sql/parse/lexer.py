"""A small SQLite-aware scanner that runs before sqlglot.

sqlglot parses the statements, but a few pieces of SQLite's surface syntax it does not keep
the way SQLite means them, so this scanner handles them on the raw text first:

- parameters: ``?``, ``?NNN``, ``:name``, ``@name``, ``$name``, ``#name`` are numbered by
  SQLite's rules and rewritten to ``:__pN`` so the binder finds each occurrence's slot
  without relying on tree-walk order;
- statement boundaries for scripts (``;`` outside strings, identifiers and comments);
- the first keywords of a statement (transaction control, PRAGMA, EXPLAIN, ``UPDATE OR``);
- numbers, scanned as SQLite's tokenizer scans them (tokenize.c): digit separators
  (``1_000``), and a number run into letters (``12abc``, ``1e``, ``0x``) is one
  unrecognized token. sqlglot reads ``1_000`` as ``1 AS _000`` and turns hex literals into
  unsigned decimals, so ``sqlglot_text`` hands it plain decimals instead.

Tokens are ``(kind, text, start, end, upper)`` with kind one of: ``word``, ``quoted`` (a quoted
identifier), ``string``, ``blob``, ``number``, ``param``, ``op``, ``semi``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from ...errors import OperationalError
from ...planner.types.limit_values import current
from ...catalog.ascii_case import ascii_upper
from .char_classes import ascii_and_beyond
from .renamed_tokens import renamed_tokens

# A name's characters, as SQLite's tokenizer reads them: ASCII letters, digits, ``_`` and
# ``$`` (not first), and every character past ASCII (char_classes.py: written so that
# compiling the patterns below costs no 60 ms at import).
_NAME_START = ascii_and_beyond("A-Za-z_")
_NAME_CHAR = ascii_and_beyond("A-Za-z_0-9$")
# White space as SQLite's tokenizer reads it (tokenize.c): a run opens with a space, tab,
# line feed, form feed or carriage return and goes on over those and the vertical tab
# (sqlite3Isspace), so a vertical tab -- and any other control character -- where a token
# starts is an unrecognized token; Unicode spaces are characters of names, as every
# character past ASCII is.
_SPACE = r"[ \t\n\f\r][ \t\n\v\f\r]*"

# Every token but whitespace, each kind a named group (``_scan`` reads ``lastgroup``).
_TOKEN_KINDS = rf"""
    (?P<comment>--[^\n]*|/\*(?=.).*?(?:\*/|\Z))
  | (?P<blob>[xX]'[^']*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])
  | (?P<number>(?:0[xX][0-9a-fA-F][0-9a-fA-F_]*
                 |(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?)
               {_NAME_CHAR}*)
  | (?P<param>\?[0-9]*|[:@$\#](?:::)*{_NAME_CHAR}(?:{_NAME_CHAR}|::)*(?:\([^ \t\n\v\f\r)]*\)?)?)
  | (?P<word>{_NAME_START}{_NAME_CHAR}*)
  | (?P<semi>;)
  | (?P<op>\|\||->>|->|<<|>>|<=|>=|==|!=|<>|[-+*/%&|~<>=(),.])
"""
_TOKEN = re.compile(r"(?P<ws>" + _SPACE + r") | " + _TOKEN_KINDS, re.VERBOSE | re.DOTALL)

# SQLite's 147 keywords (sqlite.org/lang_keywords.html, as of 3.54).
SQLITE_KEYWORDS = frozenset((
    "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS",
    "ASC", "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE",
    "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT",
    "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH",
    "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE",
    "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR",
    "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF",
    "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT",
    "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE",
    "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL",
    "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION",
    "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE",
    "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RESTRICT",
    "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE",
    "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED",
    "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN",
    "WHERE", "WINDOW", "WITH", "WITHOUT"

))

# Keywords SQLite's parser turns back into identifiers where a keyword does not fit (the
# "%fallback ID" list of its grammar, parse.y): they can name tables, columns and aliases.
FALLBACK_KEYWORDS = frozenset((
    "ABORT", "ACTION", "AFTER", "ANALYZE", "ASC", "ATTACH", "BEFORE", "BEGIN", "BY", "CASCADE",
    "CAST", "COLUMN", "CONFLICT", "DATABASE", "DEFERRED", "DESC", "DETACH", "DO", "EACH",
    "END", "EXCLUSIVE", "EXPLAIN", "FAIL", "FOR", "IGNORE", "IMMEDIATE", "INITIALLY",
    "INSTEAD", "LIKE", "GLOB", "REGEXP", "MATCH", "NO", "PLAN", "QUERY", "KEY", "OF", "OFFSET",
    "PRAGMA", "RAISE", "RECURSIVE", "RELEASE", "REPLACE", "RESTRICT", "ROW", "ROWS",
    "ROLLBACK", "SAVEPOINT", "TEMP", "TEMPORARY", "TRIGGER", "VACUUM", "VIEW", "VIRTUAL",
    "WITH", "WITHOUT", "NULLS", "FIRST", "LAST", "CURRENT", "FOLLOWING", "PARTITION",
    "PRECEDING", "RANGE", "UNBOUNDED", "EXCLUDE", "GROUPS", "OTHERS", "TIES", "GENERATED",
    "ALWAYS", "MATERIALIZED", "REINDEX", "RENAME", "CURRENT_DATE", "CURRENT_TIME",
    "CURRENT_TIMESTAMP", "IF",
))
JOIN_KEYWORDS = frozenset(("NATURAL", "LEFT", "RIGHT", "FULL", "OUTER", "INNER", "CROSS"))


def is_nm(tok: "Token") -> bool:
    """SQLite's ``nm``: a name (``is_name``) or a join keyword -- not NULL or another
    reserved word (``SAVEPOINT NULL`` is a syntax error)."""
    return is_name(tok) or tok.kind == "word" and tok.upper in JOIN_KEYWORDS


def creates_trigger(words: list[str]) -> bool:
    """Whether a statement whose first words (in capitals) are ``words`` is CREATE [TEMP]
    TRIGGER -- not CREATE TABLE or VIEW of a table named ``trigger``."""
    k = 2 if words[1:2] in (["TEMP"], ["TEMPORARY"]) else 1
    return words[:1] == ["CREATE"] and words[k:k + 1] == ["TRIGGER"]


def is_name(tok: "Token") -> bool:
    """Whether SQLite can read the token as a name (an identifier, a quoted identifier, a
    string, or a keyword that falls back to an identifier)."""
    if tok.kind in ("quoted", "string"):
        return True
    return tok.kind == "word" and (tok.upper not in SQLITE_KEYWORDS
                                   or tok.upper in FALLBACK_KEYWORDS or tok.upper == "INDEXED"
                                   or tok.upper in CONTEXT_KEYWORDS)


def blank_span(text: str, span: tuple) -> str:
    """``text`` with the characters of ``span`` (start, end) turned into spaces, so every
    offset after it stays where it was; a span (start, end, words) puts ``words`` (no
    longer than the span) at its start instead."""
    start, end = span[0], span[1]
    fill = span[2] if len(span) > 2 else ""
    return text[:start] + fill.ljust(end - start) + text[end:]


def closing_paren(tokens: list[Token], open_at: int) -> int:
    """The index of the token that closes the parenthesis at ``open_at`` (the last token
    when none does: such text is a syntax error that sqlglot reports)."""
    depth = 0
    for j in range(open_at, len(tokens)):
        if tokens[j].text == "(":
            depth += 1
        elif tokens[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


_UNTERMINATED = re.compile(r"""'|"|`|\[""")


class _TokenFields(NamedTuple):
    kind: str
    text: str
    start: int
    end: int
    upper: str              # ``text.upper()``, computed once: the checks read it often


class Token(_TokenFields):
    """One token; built from ``(kind, text, start, end)``, its ``upper`` derived."""

    __slots__ = ()

    def __new__(cls, kind: str, text: str, start: int, end: int) -> "Token":
        return tuple.__new__(cls, (kind, text, start, end, ascii_upper(text)))


_UPPER = itemgetter(4)


def _upper_for(sql: str):
    """How a token of ``sql`` is put in capitals: ``ascii_upper`` (SQLite's folding), or
    ``str.upper`` itself when ``sql`` is all ASCII, where the two agree -- one call less
    per token on ``_scan``'s path (``_tokenize`` keeps each piece's capitals)."""
    return str.upper if sql.isascii() else ascii_upper


def uppers(tokens: list[Token]) -> list[str]:
    """Every token's ``upper``, in order (made without a Python step per token). Its set
    tells which keywords and operators occur, so a pass that needs one of them is skipped
    at once where none does; a bare word in it (``WITH``, ``RETURNING``) can only be a
    word token's, as other kinds keep their quotes, prefixes or digits."""
    return list(map(_UPPER, tokens))


def indexes_of(ups: list[str], text: str) -> list[int]:
    """The indexes of ``text`` in ``ups`` (``uppers(tokens)``), in order: counted, then
    each found by ``list.index``, so a statement's other tokens cost no Python step."""
    found, i = [], -1
    for _ in range(ups.count(text)):
        i = ups.index(text, i + 1)
        found.append(i)
    return found


#: The tokens of the texts tokenized last (a statement is tokenized when a script is split,
#: again when it is parsed, and its pieces again by the checks of parser.py).
_RECENT: dict = {}
_RECENT_SIZE = 4


def tokenize(sql: str) -> list[Token]:
    """Tokens of ``sql`` without whitespace and comments (a new list each call)."""
    found = _RECENT.get(sql)
    if found is None:
        found = renamed_tokens(sql, _BY_LENGTH.get(len(sql), ()))
        if found is None:
            found = tuple(_tokenize(sql))   # an error is raised again each time: not kept
        if len(_RECENT) >= _RECENT_SIZE:
            _RECENT.clear()             # a statement's tokenizations come one after another
        _RECENT[sql] = found
        if len(sql) <= _BY_LENGTH_TEXT:     # (a long script's tokens are not held)
            if len(_BY_LENGTH) >= _BY_LENGTH_SIZE:
                _BY_LENGTH.clear()
            _BY_LENGTH[len(sql)] = [(sql, found)] + _BY_LENGTH.get(len(sql), [])[:3]
    return list(found)


#: A length -> the last four texts of that length tokenized, newest first, each with its
#: tokens, for ``renamed_tokens`` (renamed_tokens.py): texts of up to ``_BY_LENGTH_TEXT``
#: characters; emptied when full.
_BY_LENGTH: dict = {}
_BY_LENGTH_SIZE = 64
_BY_LENGTH_TEXT = 8192


def _tokenize(sql: str) -> list[Token]:
    """The tokens of ``sql``: its pieces cut by one ``findall`` (no match object per
    token), placed by their summed lengths. Where the pieces leave a gap (a character no
    token starts with), ``_tokenize_matched`` raises the error at it.

    A piece is a token with the whitespace after it (or the whitespace that opens the
    text), so a statement's spaces cost no step of their own. A piece's kind, token text,
    capitals and trailing whitespace depend on its text alone, so each text's are found
    once (``_piece``) and kept in ``_PIECE_KINDS``: the corpus's statements are made of a
    few thousand pieces (its keywords, names, operators and common numbers, each with a
    space after it), and a piece seen before costs one dictionary look-up."""
    parts = _PIECES.findall(sql)
    ends = list(accumulate(map(len, parts)))
    if (ends[-1] if ends else 0) != len(sql):
        return _tokenize_matched(sql)
    tokens = []
    append, new_token, known = tokens.append, tuple.__new__, _PIECE_KINDS
    start = 0
    for text, end in zip(parts, ends):
        piece = known.get(text)
        if piece is None:
            piece = _piece(text)
        if piece:
            kind, token, upper, trailing = piece
            append(new_token(Token, (kind, token, start, end - trailing, upper)))
        start = end
    return tokens


#: Piece text -> its (kind, token text, capitals, length of the whitespace after the
#: token), or () for whitespace and comments; made by ``_piece``, emptied when full (a
#: script of many distinct numbers or names). Only short pieces are kept: a long string,
#: blob or comment would be held (twice, with its capitals) until the table is emptied,
#: and its one pass costs little beside its length.
_PIECE_KINDS: dict = {}
_PIECE_KINDS_SIZE = 8192
_PIECE_KEPT_LENGTH = 64


def _piece(text: str) -> tuple:
    """What ``_PIECE_KINDS`` keeps of a piece of ``_PIECES`` (() for one that is no token),
    each kind told by the first character; a malformed number is an error, raised again
    each time (not kept)."""
    kind = _FIRST_KIND.get(text[0], "")
    if kind == "ws":
        piece = ()                          # the whitespace that opens the text
    else:
        token = text[:_TOKEN_BODY.match(text).end()]    # as it matched in the text
        if kind is None:
            kind = _kind_after_first(token)
        elif not kind:                      # a character past ASCII
            kind = "word"
        if _refused(kind, token):
            raise OperationalError(f'unrecognized token: "{token}"')
        piece = () if kind == "comment" else \
            (kind, token, ascii_upper(token), len(text) - len(token))
    if len(text) <= _PIECE_KEPT_LENGTH:
        if len(_PIECE_KINDS) >= _PIECE_KINDS_SIZE:
            _PIECE_KINDS.clear()
        _PIECE_KINDS[text] = piece
    return piece


# ``_TOKEN_KINDS`` without its group names (``findall`` then gives each match's whole
# text), alone and as the pieces: whitespace that opens the text, or a token and the
# whitespace after it. The token's part of a piece is what ``_TOKEN`` matches there: the
# trailing white space can always match nothing, so no run of a token gives it anything (a
# name's run keeps a no-break space, a comment's lazy run stops at the same ``*/``).
_TOKEN_BODY = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_KINDS), re.VERBOSE | re.DOTALL)
_PIECES = re.compile(_SPACE + r" | (?:" + _TOKEN_BODY.pattern + r") (?:" + _SPACE + ")?",
                     re.VERBOSE | re.DOTALL)


def _first_kind(char: str) -> str | None:
    """The kind of the token an ASCII character starts (None: the next ones tell)."""
    if char in "-/xX.":
        return None
    if char in " \t\n\f\r":
        return "ws"
    for kind, chars in (("string", "'"), ("quoted", '"`['), ("param", "?:@$#"), ("semi", ";")):
        if char in chars:
            return kind
    if char.isdigit():
        return "number"
    return "word" if char.isalpha() or char == "_" else "op"


_FIRST_KIND = {chr(n): _first_kind(chr(n)) for n in range(128)}


def _kind_after_first(text: str) -> str:
    """The kind of a token whose first character alone does not tell it."""
    char = text[0]
    if char in "-/":
        return "comment" if text[:2] in ("--", "/*") else "op"
    if char in "xX":
        return "blob" if text[1:2] == "'" else "word"
    return "number" if len(text) > 1 else "op"           # .5 or .


def _tokenize_matched(sql: str) -> list[Token]:
    """``_tokenize`` one match at a time: it raises the error where no token starts."""
    tokens, pos = _scan(sql)
    if pos < len(sql):
        refused = _TOKEN.match(sql, pos)
        if refused is not None and refused.lastgroup in ("number", "blob", "param"):
            raise OperationalError(f'unrecognized token: "{refused.group()}"')
        char = sql[pos]
        if _UNTERMINATED.match(char):       # SQLite's token runs to the end of the text,
            if char == "'" and tokens and tokens[-1].end == pos and \
                    tokens[-1].text in ("x", "X"):
                pos -= 1                    # a blob's X' too
            raise OperationalError(f'unrecognized token: "{sql[pos:]}"')
        if char in ":@$#":                  # a prefix with no name: the ``::``s read
            char = _PREFIX_ONLY.match(sql, pos).group()
        raise OperationalError(f'unrecognized token: "{char}"')
    return tokens


# A parameter's prefix that no name character follows, with the ``::`` pairs SQLite's
# tokenizer reads after it before refusing it (``$::`` is one unrecognized token).
_PREFIX_ONLY = re.compile(r"[:@$#](?:::)*")


def tokens_before_error(sql: str) -> list[Token]:
    """The tokens of ``sql`` before the first one SQLite's tokenizer refuses (all of them
    when it refuses none): what SQLite's parser reads before that error."""
    return _scan(sql)[0]


def _scan(sql: str) -> tuple[list[Token], int]:
    """The tokens of ``sql`` up to the first refused one, and where that one starts
    (``len(sql)`` when none is)."""
    tokens = []
    new_token, upper = tuple.__new__, _upper_for(sql)
    pos = 0
    for m in _TOKEN.finditer(sql):
        if m.start() != pos:                # no token starts at ``pos``
            break
        kind, text = m.lastgroup, m.group()
        if _refused(kind, text):
            break
        pos = m.end()
        if kind != "ws" and kind != "comment":
            tokens.append(new_token(Token, (kind, text, m.start(), pos, upper(text))))
    return tokens, pos


def _refused(kind: str, text: str) -> bool:
    """Whether SQLite's tokenizer refuses a token the patterns cut: a malformed number or
    blob, or a parameter whose Tcl-style ``(...)`` suffix is not closed before a space."""
    return kind == "number" and not _NUMBER.fullmatch(text) or \
        kind == "blob" and not _BLOB.fullmatch(text) or \
        kind == "param" and text[-1] != ")" and "(" in text


# A well-formed blob literal: an even number of hex digits (sqlite3GetToken's CC_X; any
# other is an unrecognized token, as written).
_BLOB = re.compile(r"[xX]'(?:[0-9a-fA-F]{2})*'")

# A well-formed number: every digit separator between two digits (hex digits in a hex
# literal), and nothing run into it (sqlite3GetToken, sqlite3DequoteNumber).
_NUMBER = re.compile(r"""0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*
                       |(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?
                          |\.[0-9]+(?:_[0-9]+)*)
                        (?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?""", re.VERBOSE)
_INT64_MIN_HEX = 1 << 63


def _number_for_sqlglot(tokens: list[Token], i: int) -> str | None:
    """The decimal text sqlglot should read for number token ``i`` when it is not the
    text as written: hex literals (two's complement 64-bit, so 0xFFFFFFFFFFFFFFFF is -1)
    and numbers with digit separators. None when the text can stay."""
    text = tokens[i].text
    if text[:2] in ("0x", "0X"):
        value = int(text[2:].replace("_", ""), 16)
        negated = i > 0 and tokens[i - 1].text == "-"
        if value >= 1 << 64 or (negated and value == _INT64_MIN_HEX):
            raise OperationalError(f"hex literal too big: {'-' if negated and value < 1 << 64 else ''}{text}")
        return f"(-{(1 << 64) - value})" if value >= _INT64_MIN_HEX else str(value)
    if "_" in text:
        return text.replace("_", "")
    return None


def syntax_error(sql: str, token: Token | None) -> OperationalError:
    if token is None:
        return OperationalError("incomplete input")
    line = sql.count("\n", 0, token.start) + 1
    column = token.start - (sql.rfind("\n", 0, token.start) + 1) + 1
    error = OperationalError(f'near "{token.text}": syntax error (line {line}, column {column})')
    error.line, error.column = line, column
    return error


def split_statements(sql: str) -> list[str]:
    """The statements of a script, each without its semicolon; empty ones are dropped.
    A CREATE TRIGGER statement runs to its END, past the semicolons of its body."""
    tokens = tokenize(sql)
    if ";" not in sql:                  # no semicolon token: one statement, or none
        return [sql[tokens[0].start:]] if tokens else []
    out = []
    start = None
    head: list[str] = []                # the statement's first four words, and its last
    last = None
    ended = False                       # the last token is an END right after a semicolon
    for tok in tokens:
        if tok.kind == "semi":
            in_trigger = creates_trigger(head) and not ended    # (DELETE FROM end;: a name)
            if start is not None and not in_trigger:
                out.append(sql[start:tok.start])
                start, head = None, []
            last = ";"
        else:
            if start is None:
                start = tok.start
            ended = tok.upper == "END" and last == ";"
            last = tok.upper if tok.kind == "word" else tok.text
            if len(head) < 4:
                head.append(last)
    if start is not None:
        out.append(sql[start:])
    return out


def count_statements(sql: str) -> int:
    return len(split_statements(sql))


@dataclass
class Parameters:
    """How a statement's parameter occurrences map to slots (SQLite's numbering rules)."""
    count: int = 0
    names: list = None              # one per slot: the name without prefix, or None

    def __post_init__(self):
        if self.names is None:
            self.names = []


def parameter_slots(tokens: list[Token]) -> tuple[dict, Parameters]:
    """The slot of every parameter token (by its offset) and the statement's layout, by
    SQLite's rules: ``?`` takes the largest slot so far plus one, ``?NNN`` takes slot NNN,
    a name takes the slot it had at its first occurrence, else the next one."""
    params = Parameters()
    by_name: dict[str, int] = {}
    slots = {tok.start: _slot(tok.text, params, by_name) for tok in tokens
             if tok.kind == "param" and not is_register(tok.text)}
    return slots, params


def is_register(text: str) -> bool:
    """Whether a parameter token is ``#`` and a digit: SQLite's tokenizer reads it as a
    variable, but its parser takes ``#N`` only in the statements it writes itself (a
    register), so in a user's text it is 'near "#N": syntax error' (parse.y, the
    VARIABLE rule of ``expr``)."""
    return text[0] == "#" and "0" <= text[1:2] <= "9"      # ASCII digits (sqlite3Isdigit)


def sqlglot_text(sql: str, tokens: list[Token], prefixes: frozenset = frozenset(),
                 slots: dict | None = None, names: frozenset = frozenset()
                 ) -> tuple[str, Parameters]:
    """The text sqlglot should read for ``sql`` (whose tokens are ``tokens``), and the
    parameters' slot layout. Five kinds of token are rewritten:

    - every parameter becomes ``:__pN`` (N = 0-based slot, ``parameter_slots``; a part of
      a statement parsed alone -- a WITH clause's query -- passes the whole statement's
      ``slots``, by offset);
    - hex literals and numbers with digit separators become plain decimals
      (``_number_for_sqlglot``);
    - a string right after another string, or after one of the words in ``prefixes`` (the
      type names sqlglot reads as typed literals: ``DATE '2024-01-01'``), is an alias in
      SQLite (``SELECT DATE '2024-01-01'`` names the column DATE; ``SELECT 'a' 'b'`` names
      'a' b), where sqlglot would read a typed literal or a concatenation: it gets an AS;
    - WINDOW, OVER and FILTER where they are names to SQLite (``CONTEXT_KEYWORDS``), and
      the words that start at an offset in ``names`` (``misread_names``), are quoted in
      backquotes (no string to SQLite's double-quote fallback);
    - a string that SQLite's grammar reads as a name (its ``nm`` is ``ID | STRING |
      JOIN_KW``) where sqlglot would not (``names_by_string``) is quoted in backquotes;
    - a name holding a Unicode space (``_UNICODE_SPACES``) is quoted in backquotes: the
      space is a character of the name to SQLite, white space to sqlglot.
    """
    end = tokens[-1].end if tokens else len(sql)     # not a comment left open at the end
    if not names and not _MAY_REWRITE.search(sql, 0, end):
        return sql[:end], Parameters()      # no token below can be rewritten, none a parameter
    if slots is None:
        slots, params = parameter_slots(tokens)
    else:
        params = Parameters()
    pieces = []
    last = 0
    for i, tok in enumerate(tokens):
        if tok.kind == "number":
            replacement = _number_for_sqlglot(tokens, i)
            if replacement is None:
                continue
        elif tok.kind == "param":
            if tok.start not in slots:
                continue                    # ``#N``: the parser refuses it
            replacement = f":__p{slots[tok.start]}"
        elif tok.kind == "string" and i and _takes_alias(tokens[i - 1], prefixes):
            replacement = "AS " + tok.text
        elif tok.kind == "string" and names_window(tokens, i):  # kept whole: 'w' is its name
            replacement = "`" + tok.text.replace("`", "``") + "`"
        elif tok.kind == "string" and names_by_string(tokens, i):
            replacement = "`" + tok.text[1:-1].replace("''", "'").replace("`", "``") + "`"
        elif tok.kind == "word" and (tok.start in names or tok.upper in CONTEXT_KEYWORDS
                                     and not CONTEXT_KEYWORDS[tok.upper](tokens, i)
                                     and not _context_word_call(tokens, i)
                                     or _UNICODE_SPACE.search(tok.text)):
            replacement = "`" + tok.text.replace("`", "``") + "`"
        else:
            continue
        pieces.append(sql[last:tok.start])
        pieces.append(replacement)
        if _TOUCHING.match(sql, tok.end):   # ``?a``, ``$a(b)c``, a name quoted before a
            pieces.append(" ")              # quoted one: the next token stays apart
        last = tok.end
    if not pieces:
        return sql[:end], params
    pieces.append(sql[last:end])
    return "".join(pieces), params


# What may start the token right after a rewritten one and run into the rewrite: a name's
# character (the alias after ``?a`` or ``$a(b)c``) or a quote.
_TOUCHING = re.compile(f"{_NAME_CHAR}|[`\"'\\[]")

# The characters past ASCII that Python's ``str.isspace`` -- and so sqlglot's tokenizer --
# takes for white space; SQLite's tokenizer takes every character past ASCII for a
# character of a name (tests/test_sqlite_whitespace.py checks the list against Python's).
UNICODE_SPACES = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_UNICODE_SPACE = re.compile(f"[{UNICODE_SPACES}]")

# What every token ``sqlglot_text`` rewrites holds: a parameter one of ``?:@$#``, a hex
# literal ``0x``, a separated number ``_``, a string a quote, WINDOW, OVER, FILTER
# themselves, a Unicode space; a text without any of them is read as written.
_MAY_REWRITE = re.compile(f"[?:@$#'_{UNICODE_SPACES}]|0[xX]|WINDOW|OVER|FILTER",
                          re.IGNORECASE)


# WINDOW, OVER and FILTER are keywords to SQLite's tokenizer only where they open their
# clause (tokenize.c, analyzeWindowKeyword and its siblings); anywhere else they are names:
# a column ``window``, ``FROM t over``. A string counts as a name there (getToken).
_NAME_KINDS = ("word", "quoted", "string")


def _opens_window_clause(tokens: list[Token], i: int) -> bool:
    return i + 2 < len(tokens) and tokens[i + 1].kind in _NAME_KINDS \
        and tokens[i + 2].upper == "AS"


def _opens_over_clause(tokens: list[Token], i: int) -> bool:
    return 0 < i < len(tokens) - 1 and tokens[i - 1].text == ")" \
        and (tokens[i + 1].text == "(" or tokens[i + 1].kind in _NAME_KINDS)


def names_window(tokens: list[Token], i: int) -> bool:
    """Whether the string ``tokens[i]`` is a window's name to SQLite's grammar (its ``nm``
    takes a STRING): after OVER or ``OVER (``, before ``AS (`` in a WINDOW clause, or
    first in a definition there. SQLite keeps the name as written, quotes and all
    (window_syntax.mark_written_names), so sqlglot is given it whole, backquoted."""
    def opens(k: int, word: str) -> bool:
        return k >= 0 and tokens[k].upper == word and CONTEXT_KEYWORDS[word](tokens, k)

    def defined(k: int) -> bool:        # tokens[k] is a window's name in a WINDOW clause
        return opens(k - 1, "WINDOW") or k >= 1 and tokens[k - 1].text == "," \
            and _in_window_clause(tokens, k - 1)
    if opens(i - 1, "OVER") or i >= 1 and tokens[i - 1].text == "(" and opens(i - 2, "OVER"):
        return True
    if i + 2 < len(tokens) and tokens[i + 1].upper == "AS" and tokens[i + 2].text == "(":
        return defined(i)
    return i >= 3 and tokens[i - 1].text == "(" and tokens[i - 2].upper == "AS" and defined(i - 3)


def _in_window_clause(tokens: list[Token], comma: int) -> bool:
    """Whether the ``,`` at ``comma`` separates the definitions of a WINDOW clause."""
    depth = 0
    for k in range(comma - 1, -1, -1):
        depth += (tokens[k].text == ")") - (tokens[k].text == "(")
        if depth < 0:
            return False
        if depth == 0 and tokens[k].upper == "WINDOW" and _opens_window_clause(tokens, k):
            return True
        if depth == 0 and tokens[k].upper in _NOT_FROM | {"FROM"}:
            return False
    return False


def _opens_filter_clause(tokens: list[Token], i: int) -> bool:
    return 0 < i < len(tokens) - 1 and tokens[i - 1].text == ")" and tokens[i + 1].text == "("


def _context_word_call(tokens: list[Token], i: int) -> bool:
    """``filter(``, ``over(``, ``window(`` not after a parenthesis: a call of a function of
    that name, which sqlglot reads only unquoted (as_written renames it, as a call of a
    function SQLite lacks)."""
    return i + 1 < len(tokens) and tokens[i + 1].text == "(" and \
        (i == 0 or tokens[i - 1].text != ")")


CONTEXT_KEYWORDS = {"WINDOW": _opens_window_clause, "OVER": _opens_over_clause,
                     "FILTER": _opens_filter_clause}


def names_by_string(tokens: list[Token], i: int) -> bool:
    """Whether the string ``tokens[i]`` is a name sqlglot must be told of: a qualifier
    (``'t'.a``, ``'main'.'t'.a``, ``'t'.*``) or an INSERT's table before its column list
    (``INSERT INTO 't'('a')``), or a table-valued function's name (``FROM 'json_each'(x)``, ``a IN 'json_each'(x)``). sqlglot reads a string after a dot and a table's name
    elsewhere as SQLite does."""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if after == ".":
        return True
    if i and tokens[i - 1].text in "(," and _in_column_list(tokens, i):
        return True
    if i and after in ("(", "AS") and tokens[i - 1].upper in ("WITH", "RECURSIVE", ","):
        if after == "(" and _in_with_clause(tokens, i):
            return True
        if after == "AS" or tokens[i - 1].upper != ",":
            return False
    if after != "(":
        return False
    before = i - 2 if i >= 2 and tokens[i - 1].text == "." else i
    if before < 1:
        return False
    head = tokens[before - 1].upper
    return head in ("INTO", "FROM", "JOIN", "IN") or head == "," and in_from(tokens, before - 1)


_NOT_FROM = frozenset(("SELECT", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "SET",
                       "VALUES", "RETURNING", "WINDOW", "BY"))


def in_from(tokens: list[Token], comma: int) -> bool:
    """Whether the ``,`` at ``comma`` separates the items of a FROM clause."""
    depth = 0
    for k in range(comma - 1, -1, -1):
        text = tokens[k].upper
        depth += (text == ")") - (text == "(")
        if depth < 0 or depth == 0 and text in _NOT_FROM:
            return False
        if depth == 0 and text == "FROM":
            return True
    return False


def _in_column_list(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]``, after a ``(`` or ``,``, starts a column definition of
    ``CREATE [TEMP] TABLE name (...)``: one level inside the parenthesis that follows the
    table's name (SQLite's ``columnname ::= nm typetoken``, ``'b' INT``)."""
    if tokens[0].upper != "CREATE":
        return False
    opening = next((k for k, tok in enumerate(tokens[:i]) if tok.text == "("), None)
    if opening is None or not any(tok.upper == "TABLE" for tok in tokens[1:opening]) or any(
            tok.kind == "word" and tok.upper == "AS" for tok in tokens[1:opening]):
        return False                    # no column list: CREATE TABLE ... AS <query>
    depth = 0
    for tok in tokens[opening:i]:
        depth += (tok.text == "(") - (tok.text == ")")
    return depth == 1


def _in_with_clause(tokens: list[Token], i: int) -> bool:
    """Whether the string ``tokens[i]``, before a ``(``, names a common table: the
    statement's WITH clause, before its query, at the WITH's own depth."""
    depth = 0
    for k in range(i - 1, -1, -1):
        text = tokens[k].upper
        depth += (text == ")") - (text == "(")
        if depth < 0:
            return False
        if depth == 0 and text == "WITH":
            return True
        if depth == 0 and text in ("SELECT", "VALUES", "INSERT", "UPDATE", "DELETE"):
            return False
    return False


def _takes_alias(before: Token, prefixes: frozenset) -> bool:
    return before.kind == "string" or (before.kind == "word" and before.upper in prefixes)


def _slot(text: str, params: Parameters, by_name: dict) -> int:
    highest = current().variable_number     # SQLITE_LIMIT_VARIABLE_NUMBER
    if text == "?":
        slot = params.count
    elif text[0] == "?":
        number = int(text[1:])
        if not 1 <= number <= highest:
            raise OperationalError(f"variable number must be between ?1 and ?{highest}")
        slot = number - 1
    else:
        slot = by_name.get(text)
        if slot is None:
            slot = params.count
            by_name[text] = slot
    if slot >= highest:
        raise OperationalError("too many SQL variables")
    while len(params.names) <= slot:
        params.names.append(None)
    if text[0] != "?":
        params.names[slot] = text[1:]
    params.count = max(params.count, slot + 1)
    return slot


def unquote(text: str) -> str:
    """The name a (possibly quoted) identifier token stands for; a string names what it
    holds, as a name may be a string in SQLite's grammar (``ids``)."""
    if text[:1] in ('"', "`", "'"):
        return text[1:-1].replace(text[0] * 2, text[0])
    if text[:1] == "[":
        return text[1:-1]
    return text
