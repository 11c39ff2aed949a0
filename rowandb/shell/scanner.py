"""Finding where SQL statements end in the shell's input.

The shell reads text a line at a time and must know when a statement is complete: a ``;``
that is not inside a string, a quoted identifier (``"x"``, ``[x]``, `` `x` ``) or a comment
ends it. ``CREATE TRIGGER`` bodies hold ``;`` of their own, so there the statement ends
only at ``; END ;`` — the same rule as SQLite's ``sqlite3_complete()``. Parentheses are not
counted, so an unbalanced ``(`` cannot trap the user in the continuation prompt; the
engine reports it as a syntax error instead.

This is a small hand-written scanner rather than a SQL tokenizer: it only needs to tell
statement boundaries, it must be resumable across lines (a string may span many lines),
and it must never reject input — judging the SQL is the engine's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rowandb.sql.parse.char_classes import ascii_and_beyond

_WORD = re.compile(ascii_and_beyond("A-Za-z0-9_$") + "+")   # and every non-ASCII character
_SPACE = re.compile(r"\s+")
_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}
_HEAD_SIZE = 6  # enough tokens to recognise EXPLAIN QUERY PLAN CREATE TEMP TRIGGER


@dataclass(frozen=True)
class Statement:
    """One complete statement: its text (with the ``;`` if it had one) and 1-based line."""

    sql: str
    line: int


class StatementScanner:
    """Accumulates input and hands back each statement as soon as it is complete."""

    def __init__(self, first_line: int = 1) -> None:
        self._buf = ""
        self._pos = 0  # next character of _buf to examine
        self._state: str | None = None  # None, a quote opener, "/*" or "--"
        self._line = first_line  # line number of _buf[0]
        self._start_line: int | None = None  # line of the statement's first token
        self._head: list[str] = []  # first tokens of the statement, upper-cased
        self._last: str | None = None  # most recent token of the statement
        self._before_last: str | None = None  # the token before that
        self.ends_seen = 0  # statement-ending semicolons met so far, empty statements too

    # -- public interface --------------------------------------------------------------

    def feed(self, text: str) -> list[Statement]:
        """Add ``text`` to the pending input; return the statements it completes."""
        self._buf += text
        return self._scan()

    def flush(self) -> Statement | None:
        """End of input: return what is pending if it holds anything but blanks/comments.

        An unterminated string or comment is returned as well, so that the engine can
        report it ("unrecognized token", "incomplete input") instead of it vanishing.
        """
        word = _WORD.match(self._buf, self._pos) if self._state is None else None
        if word:                    # a last word, left for more input (``_scan_normal``)
            self._take_word(word, self._pos)
        pending = None
        if not self.blank:
            line = self._start_line if self._start_line is not None else self._line
            pending = Statement(self._buf, line)
        self.reset(self._line + self._buf.count("\n"))
        return pending

    def reset(self, first_line: int | None = None) -> None:
        """Forget pending input (Ctrl-C at the prompt)."""
        line = self._line if first_line is None else first_line
        self.__init__(line)  # type: ignore[misc]

    @property
    def blank(self) -> bool:
        """True when nothing but whitespace and finished comments is pending."""
        if self._start_line is not None:
            return False
        if self._state is None:
            return self._pos >= len(self._buf)  # else a lone '-' or '/' awaits its successor
        return self._state == "--"

    def discard_blank(self) -> None:
        """Drop pending whitespace/comments so they do not pile up between statements."""
        if self.blank and self._state is None:
            self.reset(self._line + self._buf.count("\n"))

    # -- scanning ----------------------------------------------------------------------

    def _scan(self) -> list[Statement]:
        done: list[Statement] = []
        buf = self._buf
        while self._pos < len(buf):
            if self._state is not None:
                if not self._finish_state(buf):
                    break
                continue
            end = self._scan_normal(buf)
            if end is None:
                break
            if end >= 0:
                had_content = self._start_line is not None
                statement = self._take(end)
                self.ends_seen += 1
                if had_content:
                    done.append(statement)
                buf = self._buf
        return done

    def _finish_state(self, buf: str) -> bool:
        """Look for the end of the open string/comment; False when it is not in ``buf``."""
        state = self._state
        if state == "/*":
            end = buf.find("*/", self._pos)
            if end < 0:
                self._pos = max(self._pos, len(buf) - 1)  # a '*' may pair with a later '/'
                return False
            self._pos = end + 2
        elif state == "--":
            end = buf.find("\n", self._pos)
            if end < 0:
                self._pos = len(buf)
                return False
            self._pos = end + 1
        else:
            closer = _CLOSERS[state]  # type: ignore[index]
            end = buf.find(closer, self._pos)
            if end < 0:
                self._pos = len(buf)
                return False
            self._pos = end + 1
            if state != "[" and buf.startswith(closer, self._pos):
                self._pos += 1  # a doubled quote is an escaped quote: still inside
                return True
        self._state = None
        return True

    def _take_word(self, word, pos: int) -> None:
        self._token(word.group().upper(), pos)
        self._pos = word.end()

    def _scan_normal(self, buf: str) -> int | None:
        """Examine one token outside strings and comments.

        Returns the index of a statement-ending ``;``, -1 to keep scanning, or None when
        more input is needed to decide (a lone ``-`` or ``/`` at the end of the buffer, or a
        word reaching it: ``CREATE`` may go on as ``CREATETRIGGER``).
        """
        pos = self._pos
        space = _SPACE.match(buf, pos)
        if space:
            self._pos = space.end()
            return -1
        char = buf[pos]
        pair = buf[pos:pos + 2]
        if char in "-/" and len(pair) == 1:
            return None
        if pair in ("--", "/*"):
            self._state = pair
            self._pos = pos + 2
            return -1
        if char in _CLOSERS:
            self._token(char, pos)
            self._state = char
            self._pos = pos + 1
            return -1
        word = _WORD.match(buf, pos)
        if word:
            if word.end() == len(buf):
                return None         # the word may go on in the next piece of input
            self._take_word(word, pos)
            return -1
        self._pos = pos + 1
        if char == ";" and self._ends_statement():
            return pos
        self._token(char, pos)
        return -1

    def _token(self, token: str, pos: int) -> None:
        if self._start_line is None:
            self._start_line = self._line + self._buf.count("\n", 0, pos)
        if len(self._head) < _HEAD_SIZE:
            self._head.append(token)
        self._before_last, self._last = self._last, token

    def _ends_statement(self) -> bool:
        """A ``;`` ends the statement, except inside a trigger body, which ends at ``; END ;``."""
        if not self._is_trigger():
            return True
        return self._last == "END" and self._before_last == ";"

    def _is_trigger(self) -> bool:
        words = list(self._head)
        if words[:1] == ["EXPLAIN"]:
            words = words[3:] if words[1:3] == ["QUERY", "PLAN"] else words[1:]
        if words[:1] != ["CREATE"]:
            return False
        if words[1:2] in (["TEMP"], ["TEMPORARY"]):
            return words[2:3] == ["TRIGGER"]
        return words[1:2] == ["TRIGGER"]

    def _take(self, end: int) -> Statement:
        """Cut the statement ending at ``end`` (its ``;``) out of the buffer."""
        text = self._buf[:end + 1]
        line = self._start_line if self._start_line is not None else self._line
        rest, ends_seen = self._buf[end + 1:], self.ends_seen
        self.__init__(self._line + text.count("\n"))  # type: ignore[misc]
        self._buf, self.ends_seen = rest, ends_seen
        return Statement(text, line)


def split_statements(text: str) -> list[Statement]:
    """Every statement in ``text``, the last one possibly without its ``;``.

    Statements holding only blanks and comments (``;;``) are dropped.
    """
    scanner = StatementScanner()
    statements = scanner.feed(text)
    last = scanner.flush()
    if last is not None:
        statements.append(last)
    return statements


def is_complete(sql: str) -> bool:
    """Like ``sqlite3.complete_statement``: does ``sql`` end with a finished statement?"""
    scanner = StatementScanner()
    scanner.feed(sql)
    return scanner.ends_seen > 0 and scanner.blank
