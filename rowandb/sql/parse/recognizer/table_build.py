"""The recognizer's LALR(1) table built from ``sqlite.lark`` as SQLite's parser generator
(Lemon) builds SQLite's.

lark computes the LR(0) states and their LALR(1) look-aheads; the conflicts are resolved
here the way Lemon resolves them, not lark's way (always shift): a shift/reduce conflict
goes to the higher of the terminal's and the rule's precedence, associativity deciding a
tie, and a reduce/reduce conflict to the rule of higher precedence. A rule's precedence is
its leftmost terminal's, or the one its ``prec_<terminal>`` alias names. Resolving
conflicts decides which statements are accepted (``a BETWEEN b OR c AND d`` is not), so
it must be Lemon's.

Each state also gets Lemon's default reduction: the reduce action with the most
look-aheads. Lemon does not list a look-ahead whose action is the default, and a keyword
with no listed action falls back to a name (``ID``) -- so a keyword that could end a
phrase by the default reduction is still taken as a name where a name can be shifted
(``a INT GENERATED ALWAYS`` is a type of three words). ``driver.py`` follows that rule.

Building takes most of a second of CPU, so the built table is stored beside the grammar
(``table.json``, read by ``tables.py``); ``python -m rowandb.sql.parse.recognizer.table_build``
writes it again after the grammar, this module or the operators' precedences change
(tests/test_recognizer_table.py fails until it is).
"""

from __future__ import annotations

from collections import Counter
from importlib.resources import files

from lark.common import ParserConf
from lark.load_grammar import load_grammar
from lark.parsers.lalr_analysis import LALR_Analyzer

from .tables import REDUCE, SHIFT, START, Table, source_key, stored_path
from .terminals import PRECEDENCE


def build() -> Table:
    """The table, computed from the grammar (lark's analysis, Lemon's resolution)."""
    grammar, _ = load_grammar(files(__package__).joinpath("sqlite.lark").read_text(),
                              "sqlite.lark", [], True)
    _, rules, _ = grammar.compile([START], set())
    analyzer = _Analyzer(ParserConf(rules, {}, [START]))
    analyzer.compute_lalr()
    return analyzer.built


def _in_order(start, itemsets) -> list:
    """The states numbered the same in every build: breadth first from the start state,
    each state's transitions by symbol name (lark keeps them in sets, whose order
    changes from one process to the next)."""
    order, seen = [start], {start}
    for itemset in order:
        for _, target in sorted(itemset.transitions.items(), key=lambda t: t[0].name):
            if target not in seen:
                seen.add(target)
                order.append(target)
    assert len(order) == len(itemsets), "a state the start state does not reach"
    return order


def _rule_precedence(rule):
    alias = rule.alias or ""
    if alias.startswith("prec_"):
        return PRECEDENCE[alias[5:].upper()]
    for symbol in rule.expansion:
        if symbol.is_term and symbol.name in PRECEDENCE:
            return PRECEDENCE[symbol.name]
    return None


class _Analyzer(LALR_Analyzer):
    """lark's LALR analysis with Lemon's conflict resolution and default reductions."""

    def compute_lalr1_states(self) -> None:
        itemsets = _in_order(self.lr0_start_states[START], self.lr0_itemsets)
        number = {itemset: n for n, itemset in enumerate(itemsets)}
        conflicts: list[str] = []
        actions = [self._actions(itemset, number, conflicts) for itemset in itemsets]
        defaults = [_default(acts) for acts in actions]
        start = number[self.lr0_start_states[START]]
        self.built = Table(actions, defaults, start, conflicts)

    def _actions(self, itemset, number: dict, conflicts: list) -> dict:
        acts = {symbol.name: (SHIFT, number[target])
                for symbol, target in itemset.transitions.items()}
        for la, rules in itemset.lookaheads.items():
            rule = _best_rule(rules, conflicts)
            reduce = (REDUCE, (rule.origin.name, len(rule.expansion)))
            if la.name not in acts:
                acts[la.name] = reduce
                continue
            decision = _shift_or_reduce(la.name, rule, conflicts)
            if decision == "reduce":
                acts[la.name] = reduce
            elif decision == "error":
                del acts[la.name]
        return acts


def _best_rule(rules, conflicts: list):
    rules = sorted(rules, key=lambda r: (r.origin.name, str(r)))
    if len(rules) == 1:
        return rules[0]
    ranked = sorted(((_rule_precedence(r) or (0, ""))[0], n, r) for n, r in enumerate(rules))
    if ranked[-1][0] == ranked[-2][0]:
        conflicts.append("reduce/reduce: " + " | ".join(map(str, rules)))
    return ranked[-1][2]


def _shift_or_reduce(terminal: str, rule, conflicts: list) -> str:
    """Lemon's choice between shifting ``terminal`` and reducing by ``rule``."""
    token, by_rule = PRECEDENCE.get(terminal), _rule_precedence(rule)
    if token is None or by_rule is None:
        conflicts.append(f"shift/reduce on {terminal}: {rule}")
        return "shift"
    if token[0] != by_rule[0]:
        return "shift" if token[0] > by_rule[0] else "reduce"
    return {"left": "reduce", "right": "shift"}.get(token[1], "error")


def _default(acts: dict):
    """The state's most common reduce action (Lemon's default), unless the wildcard can
    be shifted there."""
    if "ANY" in acts:
        return None
    reduces = Counter(a for name, a in acts.items() if a[0] == REDUCE and name.isupper())
    return reduces.most_common(1)[0][0] if reduces else None


def write() -> None:
    """Build the table and store it, keyed by the sources it was built from."""
    stored_path().write_text(encode(build(), source_key()) + "\n")


def encode(built: Table, key: str) -> str:
    """The table as compact JSON: an action is a number, ``n >= 0`` shifting to (or going
    to) state n, ``-1 - r`` reducing by rule r of ``rules`` ([lhs, length])."""
    import json
    rules: dict = {}

    def code(action) -> int:
        kind, arg = action
        return arg if kind == SHIFT else -1 - rules.setdefault(arg, len(rules))
    states = [{name: code(acts[name]) for name in sorted(acts)} for acts in built.actions]
    defaults = [None if act is None else code(act) for act in built.defaults]
    return json.dumps({"key": key, "start": built.start, "rules": [list(r) for r in rules],
                       "states": states, "defaults": defaults,
                       "conflicts": built.conflicts}, separators=(",", ":"))


if __name__ == "__main__":
    write()
