"""``renewed(node, **changes)``: ``dataclasses.replace`` for the plan's nodes, faster.

``dataclasses.replace`` checks every field of the node's class by name on each call and
calls the class with keywords: about 6 microseconds for a table read's node
(``L.IndexScan``: fifteen fields), which the rules of a one-table ORDER BY make anew
two or three times a query (``order_by_index``'s direction, ``mark_covering``'s mark,
their parents rebuilt around them). ``renewed`` reads each class's fields once and calls
it by position: the same node, for a class whose every field is set by ``__init__``
(any other class goes to ``dataclasses.replace``). Facts kept on a node (attributes
outside its fields) are not carried over, as with ``replace``.
"""

from __future__ import annotations

import dataclasses

_NAMES: dict = {}       # class -> its fields' names, in order; None: replace's work


def renewed(node, **changes):
    """``dataclasses.replace(node, **changes)``."""
    cls = node.__class__
    names = _NAMES.get(cls, False)
    if names is False:
        names = _NAMES[cls] = _field_names(cls)
    if names is None:
        return dataclasses.replace(node, **changes)
    return cls(*[changes[name] if name in changes else getattr(node, name)
                 for name in names])


def _field_names(cls):
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or \
            len(fields) != len(getattr(cls, "__dataclass_fields__", ())):
        return None                     # a field __init__ does not take, or an InitVar
    return tuple(f.name for f in fields)
