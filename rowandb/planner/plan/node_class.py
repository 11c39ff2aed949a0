"""How the plan's node classes (``bound.py``'s, ``logical.py``'s, ``cte.py``'s) become
dataclasses: at the first node of each class a process makes, not at import.

``dataclass`` writes each class's ``__init__`` and ``__repr__`` (and, frozen, its
``__setattr__`` and ``__delattr__``) as source text and runs ``exec`` on it: about 0.35 ms
a class, some 30 ms for the 89 node classes at every process's start, though a process
running a sqllogictest script makes nodes of 10 to 22 of them. So ``node`` and
``statement`` only mark a class, giving it an ``__init__`` that stands in; the first node
made hands the class and its marked bases to ``dataclass`` (the same call the decorator
made at import before, less ``__init__`` and ``__repr__``), then puts in the stand-in's
place the ``__init__`` (and gives the ``__repr__``) that ``dataclass`` writes for a bare
class of the same fields, made for that and dropped: the ones the class would have had.
A class made so costs about twice what it did at import (0.7 ms), which the classes
never made pay for many times over. The class's ``__init__`` is never missing
meanwhile, so another thread making a node of the class waits at the stand-in instead of
finding a base's. From then on the class is the dataclass an eager decorator would have
made (``__doc__`` too) and a node is made as fast; ``dataclasses.fields``, ``replace``
and ``is_dataclass`` read an instance's class, made by then, and reading a class's
``__dataclass_fields__`` makes it. ``make_all`` makes every class marked so far (the
tests check each against an eager dataclass). (A ``__new__`` standing in cannot be taken
back: once a class has had one, CPython calls ``__new__`` through the attribute for good,
and ``object.__new__`` then refuses the arguments.)

``ROWANDB_FROZEN_NODES=1`` (set by tests/conftest.py) makes the expression and plan
nodes frozen dataclasses, where any assignment to a node raises; without it they are
plain ones (why: ``bound.py``'s comment on ``node``).
"""

from __future__ import annotations

import dataclasses
import os
import threading

_FROZEN = os.environ.get("ROWANDB_FROZEN_NODES") == "1"

#: marked classes not made yet, each with whether it is frozen
_PENDING: dict[type, bool] = {}
_LOCK = threading.RLock()


def _marker(frozen: bool):
    def mark(cls: type) -> type:
        _PENDING[cls] = frozen
        cls.__init__ = _stand_in(cls)
        cls.__dataclass_fields__ = _FIELDS_STAND_IN
        return cls
    return mark


class _Fields:
    """``__dataclass_fields__`` of a class not made yet: read (``dataclasses.fields``,
    ``is_dataclass`` on the class itself), it makes the class first."""

    def __get__(self, instance, owner):
        _make(owner)
        return owner.__dataclass_fields__


_FIELDS_STAND_IN = _Fields()


def _stand_in(owner: type):
    def __init__(self, *args, **kwargs):
        _make(type(self))
        owner.__init__(self, *args, **kwargs)
    return __init__


def _make(cls: type) -> None:
    """Make ``cls``'s marked classes dataclasses, bases first (a dataclass reads its
    bases' fields)."""
    with _LOCK:
        for klass in reversed(cls.__mro__):
            frozen = _PENDING.pop(klass, None)
            if frozen is not None:
                _make_one(klass, frozen)


def _make_one(klass: type, frozen: bool) -> None:
    written = klass.__doc__
    klass.__doc__ = written or "made"   # else dataclass signs the stand-in
    dataclasses.dataclass(klass, init=False, repr=False, frozen=frozen, eq=False)
    bare = _bare_twin(klass, frozen, written)
    klass.__repr__ = bare.__repr__
    klass.__dataclass_params__ = bare.__dataclass_params__
    klass.__init__ = bare.__init__      # the stand-in's place, in one step
    klass.__doc__ = written or bare.__doc__     # dataclass's words for the class


def _bare_twin(klass: type, frozen: bool, doc: str | None) -> type:
    """A dataclass of ``klass``'s fields and of no base: its ``__init__`` and
    ``__repr__`` are the ones dataclass writes for ``klass`` (both read the node's own
    class, never the twin), and without ``doc`` its ``__doc__`` the one dataclass
    writes (a signature, worked out only then)."""
    space = {"__module__": klass.__module__, "__qualname__": klass.__qualname__,
             "__annotations__": {}, "__doc__": doc}
    for f in dataclasses.fields(klass):
        space["__annotations__"][f.name] = f.type
        space[f.name] = dataclasses.field(
            default=f.default, default_factory=f.default_factory, init=f.init, repr=f.repr,
            hash=f.hash, compare=f.compare, metadata=f.metadata, kw_only=f.kw_only)
    if hasattr(klass, "__post_init__"):
        space["__post_init__"] = klass.__post_init__
    return dataclasses.dataclass(type(klass.__name__, (), space), frozen=frozen, eq=False)


def make_all() -> int:
    """Make every marked class now; how many there were."""
    with _LOCK:
        pending = list(_PENDING)
        for cls in pending:
            _make(cls)
    return len(pending)


#: expression and plan nodes: frozen under ``ROWANDB_FROZEN_NODES=1``
node = _marker(_FROZEN)
#: the bound statements (Select, Insert, ...): plain dataclasses always
statement = _marker(False)
