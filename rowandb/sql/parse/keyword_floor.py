"""The keywords sqlglot's SQLite generator is sure to write for a tree: a floor under the
keyword audit's regeneration.

The keyword audit (``audit.audit_keywords``) writes the parsed tree back as SQL and checks
that every SQLite keyword of the text is still there, so that no word sqlglot dropped goes
unnoticed. Writing a tree back costs more than parsing it. But many node classes are always
written with the same keywords (a ``Where`` with WHERE, an ``And`` with AND, a ``Case`` with
CASE, a WHEN and THEN per branch, END), so the tree audit's walk counts those words as it
goes (``node_floor``); when those counts already cover every keyword of the text, the
regenerated text would hold them too (its counts can only be higher), and nothing is
written back. Any keyword the floor does not cover -- ASC, a join's kind, a CREATE TABLE's
words -- leaves the decision to the regeneration, as before.
``tests/test_keyword_floor.py`` checks the floor against the regenerated text.
"""

from __future__ import annotations

from sqlglot import expressions as exp

# Node classes and the keywords the generator writes for every node of the class.
_WORDS: dict[type, tuple] = {
    exp.Select: ("SELECT",), exp.From: ("FROM",), exp.Where: ("WHERE",),
    exp.Group: ("GROUP", "BY"), exp.Order: ("ORDER", "BY"), exp.Having: ("HAVING",),
    exp.Limit: ("LIMIT",), exp.Offset: ("OFFSET",), exp.Distinct: ("DISTINCT",),
    exp.And: ("AND",), exp.Or: ("OR",), exp.Not: ("NOT",), exp.Between: ("BETWEEN", "AND"),
    exp.In: ("IN",), exp.Is: ("IS",), exp.Null: ("NULL",), exp.Exists: ("EXISTS",),
    exp.Like: ("LIKE",), exp.Glob: ("GLOB",), exp.Escape: ("ESCAPE",),
    exp.Cast: ("CAST", "AS"), exp.Alias: ("AS",), exp.Collate: ("COLLATE",),
    exp.Union: ("UNION",), exp.Except: ("EXCEPT",), exp.Intersect: ("INTERSECT",),
    exp.Join: ("JOIN",), exp.Values: ("VALUES",),
}


def _case(node, floor: dict) -> None:
    branches = len(node.args.get("ifs") or ())
    for word, count in (("CASE", 1), ("END", 1), ("WHEN", branches), ("THEN", branches),
                        ("ELSE", node.args.get("default") is not None)):
        floor[word] = floor.get(word, 0) + count


def _ordered(node, floor: dict) -> None:
    if node.args.get("desc") is True:
        floor["DESC"] = floor.get("DESC", 0) + 1


def _compound(node, floor: dict) -> None:
    if node.args.get("distinct") is False:
        floor["ALL"] = floor.get("ALL", 0) + 1


def _join(node, floor: dict) -> None:
    if node.args.get("on") is not None:
        floor["ON"] = floor.get("ON", 0) + 1


_MORE = {exp.Case: _case, exp.Ordered: _ordered, exp.Union: _compound,
         exp.Except: _compound, exp.Intersect: _compound, exp.Join: _join}


def node_floor(cls: type) -> tuple:
    """(the keywords written for every node of ``cls``, a function adding those that
    depend on the node's arguments, or None): exact classes only, as a subclass may be
    written otherwise."""
    return _WORDS.get(cls, ()), _MORE.get(cls)


def covers(floor: dict, written) -> bool:
    """Whether the counts of ``floor`` cover every keyword count of ``written``."""
    get = floor.get
    return all(get(word, 0) >= count for word, count in written.items())
