"""Feeding a statement's terminals to the LALR table, the way SQLite's parser is fed.

For each token the parser looks up the current state's action: the token's own when
listed, else (a fallback keyword) a name's, else the wildcard's, else the state's default
reduction, else it stops -- that token is the one SQLite names. The end of the text is a
semicolon with no text, then the end marker; stopping at either is 'incomplete input'.
Beside the states, the feed keeps which terminals each symbol on the stack spans, so a
caller can see the phrases SQLite's actions run on (``from_actions.py``).
"""

from __future__ import annotations

from .tables import SHIFT, START, Table, table
from .terminals import FALLBACK

END = "$END"


def stop_index(terms: list[str], watch: dict | None = None) -> int | None:
    """Where ``terms`` (a statement's terminals, then ``SEMI`` and ``$END``) stop being a
    prefix of a statement SQLite accepts: the index of that terminal, or None when the
    whole is a statement. ``watch``: a dict whose keys are nonterminals; each reduction
    to one appends (index of the look-ahead, [(symbol, first terminal, count)...] of the
    rule's right side) to its list."""
    built = table()
    if not watch:
        return _stop_unwatched(built, terms)
    stack = [built.start]
    spans: list = []
    for index, term in enumerate(terms):
        if not _feed(built, stack, term, spans, index, watch):
            return index
    return None


def _stop_unwatched(built: Table, terms: list[str]) -> int | None:
    """``stop_index`` when no reduction is watched: ``_feed``'s steps without the spans
    (every DDL statement that prepares is fed here, statement_text.parse_one)."""
    actions, defaults = built.actions, built.defaults
    stack = [built.start]
    for index, term in enumerate(terms):
        while True:
            state = stack[-1]
            action = _action(actions[state], defaults[state], term)
            if action is None:
                return index
            kind, arg = action
            if kind == SHIFT:
                stack.append(arg)
                break
            lhs, length = arg
            if length:
                del stack[-length:]
            stack.append(actions[stack[-1]][lhs][1])
            if lhs == START:
                break                   # the whole statement, at the end marker
    return None


def _feed(built: Table, stack: list[int], term: str, spans: list, index: int,
          watch: dict) -> bool:
    """Reduce as the table says, then shift ``term``; False where no action takes it.
    ``spans`` holds (symbol, first terminal, count) for each state on ``stack`` but the
    first."""
    actions, defaults = built.actions, built.defaults
    while True:
        state = stack[-1]
        action = _action(actions[state], defaults[state], term)
        if action is None:
            return False
        kind, arg = action
        if kind == SHIFT:
            stack.append(arg)
            spans.append((term, index, 1))
            return True
        lhs, length = arg
        right = spans[len(spans) - length:]
        if length:
            del stack[-length:], spans[-length:]
        if lhs in watch:
            watch[lhs].append((index, right))
        first = right[0][1] if right else index
        spans.append((lhs, first, sum(count for _, _, count in right)))
        stack.append(actions[stack[-1]][lhs][1])
        if lhs == START:
            return True                 # the whole statement, at the end marker


def _action(acts: dict, default, term: str):
    own = acts.get(term)
    if own is not None and own != default:
        return own
    if term in FALLBACK:
        name = acts.get("ID")
        if name is not None and name != default:
            return name
    if term != END and "ANY" in acts:
        return acts["ANY"]
    return default if default is not None else own
