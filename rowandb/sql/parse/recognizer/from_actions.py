"""Errors SQLite's actions raise while it reduces a FROM clause, found by the recognizer.

SQLite's parser adds each FROM item as it reduces ``seltablist ::= stl_prefix ... as
on_using`` (sqlite3SrcListAppendFromTerm), at the token after the item's ON expression or
USING list: the first item of a list (its ``stl_prefix`` empty: after FROM or an opening
parenthesis) with an ON or USING is 'a JOIN clause is required before ON' (or USING).
It reads each join operator as it reduces ``joinop`` (sqlite3JoinType), at the token
after its JOIN: words it does not know, INNER with OUTER, or OUTER alone are 'unknown join
type: ...' (join_operators.py holds the rule). The recognizer's driver reports both
reductions; ``first_error`` returns the first, with the index of its look-ahead token:
SQLite stops after that token, unless that very token is its syntax error.
"""

from __future__ import annotations

from ....errors import OperationalError
from ..join_operators import unknown_type
from ..lexer import Token
from .driver import stop_index


def first_error(terms: list[str], tokens: list[Token]):
    """(look-ahead index, error) of the first FROM clause action error among ``terms``
    (the statement's terminals and its ending) for ``tokens``, or None."""
    if "ON" not in terms and "USING" not in terms and "JOIN_KW" not in terms:
        return None
    watch: dict = {"seltablist": [], "joinop": []}
    stop_index(terms, watch)
    found = [(index, f"a JOIN clause is required before {terms[right[-1][1]]}")
             for index, right in watch["seltablist"]
             if right[0][0] == "stl_prefix" and right[0][2] == 0 and right[-1][2]]
    for index, right in watch["joinop"]:
        words = [tokens[first].text for _, first, _ in right[:-1]]
        if words and unknown_type(words):
            found.append((index, f"unknown join type: {' '.join(words)}"))
    if not found:
        return None
    index, message = min(found)
    return index, OperationalError(message)
