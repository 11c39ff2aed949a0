"""(feature ``window_names``) A window-function call's window named in the WINDOW clause.

gen_window draws a call's window -- PARTITION BY, ORDER BY, frame -- as it always did; with
this feature it now and then hands the three parts here, which put some of them into a
definition of the query's ``WINDOW`` clause and leave the rest in the call, so the window
means what the inline one meant and the call's answer is defined alike:

* ``OVER wN`` over ``wN AS (PARTITION BY ... ORDER BY ... frame)``;
* ``OVER (wN frame)`` or ``OVER (wN ORDER BY ... frame)`` over a definition that has the
  PARTITION BY (and the ORDER BY), as SQLite lets a call extend a named window with what
  it lacks (never a PARTITION BY: 'cannot override PARTITION clause of window: wN');
* a chain ``wA AS (PARTITION BY ...), wB AS (wA ORDER BY ...)``, written in either order:
  SQLite's parser gives a definition the base of one defined before it only, so with wA
  written after wB the call's window has no partition (docs/SQL.md, window functions) and
  a total order is still total;
* unused definitions beside it, and now and then a call that is SQLite's error: ``OVER
  nosuch`` ('no such window: nosuch') or one overriding the definition's ORDER BY or
  frame ('cannot override ORDER BY clause of window: wN').

Windows are named ``w90``, ``w91``... (feature ``names`` respells them as it does common
tables); every choice is drawn aside (``Gen.side_rng``), so the cases around stay those
the fixed seeds wrote before.
"""

from __future__ import annotations

from .sqltree import items, node

ERROR_RATE = 0.05


def named_over(g, windows: list, partition: list, order: list, frame: str) -> list:
    """The call's ``OVER ...`` parts; its definitions are appended to ``windows``."""
    side = g.side_rng
    name = f"w{90 + len(windows)}"
    split = side.choice([1, 2, 3]) if order else side.choice([1, 3])
    defined = list(partition) + (list(order) if split >= 2 else [])
    rest = (list(order) if split < 2 else []) + ([frame] if split < 3 and frame else [])
    if split >= 3 and frame:
        defined.append(frame.lstrip())
    if partition and order and split >= 2 and side.random() < 0.3:
        _chain(g, windows, name, partition, defined[len(partition):])
    else:
        windows.append(node(f"{name} AS (", *defined, ")"))
    if side.random() < 0.2:     # an unused definition, never looked at by the call
        windows.append(node(f"w{90 + len(windows)} AS (", side.choice(
            ["", "ORDER BY 1", "PARTITION BY 1 ORDER BY 2 DESC"]), ")", optional=True))
    if side.random() < ERROR_RATE:
        return [side.choice([" OVER nosuch", f" OVER ({name} ORDER BY 1)",
                             f" OVER ({name} ROWS CURRENT ROW)"])]
    if not rest:
        return [side.choice([f" OVER {name}", f" OVER ({name})"])]
    return [f" OVER ({name} ", *rest, ")"]


def _chain(g, windows: list, name: str, partition: list, tail: list) -> None:
    """``wA AS (PARTITION BY ...)`` and ``name AS (wA <tail>)``, wA first or last."""
    base = f"w{90 + len(windows) + 1}"
    first = node(f"{base} AS (", *partition, ")")
    second = node(f"{name} AS ({base} ", *tail, ")")
    windows += [first, second] if g.side_rng.random() < 0.7 else [second, first]


def window_clause(windows: list):
    """`` WINDOW a AS (...), ...`` for the select, or None."""
    return node(" WINDOW ", items(windows)) if windows else None
