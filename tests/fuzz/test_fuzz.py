"""The fuzzer in ``make test``: a fixed seed and a bounded number of cases, plus tests that
each part of the fuzzer can tell right from wrong.

``test_fixed_seed_agrees`` runs ``CASES`` cases from seed 0 (about 1 s of CPU a case:
about 7 minutes of CPU), as one test per ``PART`` cases (seeds 0-49, 50-99, ...; every
case runs once): ``make test``'s workers (tests/workers.py) claim the parts one by one, as
this module sets ``CLAIM_EACH_TEST``, so the two cores share them; under plain pytest each
part runs its later half in a forked process beside it where the platform forks. A failure
shows the case reduced to a minimal SQL reproduction.
``ROWANDB_FUZZ_CASES`` changes the count. Exploring with fresh seeds is ``make fuzz``'s
job, not the test suite's.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import time

import pytest

from .case import Case, Step, gen_case
from .compare import OrderDependent, difference, same_rows, shape, text_folder
from .engines import Engine, Outcome, open_pair
from .features import KNOWN_BUGS, OPTIONAL_FEATURES, make_config
from .gen_schema import BLOBS, EDGE_INTS, NUMERIC_TEXT, PLAIN_TEXT, REALS
from .reduce import Reducer
from . import runner
from .runner import Tally, run_case
from .session import fuzz, no_steer_option, repro_text
from .sqltree import literal, node

CASES = int(os.environ.get("ROWANDB_FUZZ_CASES", "400"))
PART = 50
CONFIG = make_config()
# tests/workers.py: each test of this module is a claim of its own (the parts above).
CLAIM_EACH_TEST = True


@functools.cache
def _case(seed: int) -> Case:
    """``gen_case(seed, CONFIG)``, generated once: the trigger tests below read cases
    0-299 again (generating is deterministic, and no test changes a case)."""
    return gen_case(seed, CONFIG)


def _later_half(first: int, count: int, queue) -> None:
    """A forked process's half of a part's cases; its report goes back by ``queue``."""
    try:
        queue.put(fuzz(CONFIG, seed=first, cases=count, reduce_seconds=30, max_repros=1))
    except BaseException as error:      # noqa: BLE001 -- reported by the parent
        queue.put(error)


def _fork_context():
    """The fork context when a forked process would use an idle core: the platform forks
    and this is plain pytest (``make test``'s workers already keep every core busy)."""
    if os.environ.get("ROWANDB_TEST_CLAIMS"):
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _fixed_seed_report(first: int, count: int):
    """Cases ``first``..``first+count-1`` of seed 0, the later half in a forked process
    beside this one where ``_fork_context`` allows (the cases and every check are the
    same), merged into one report."""
    half = count // 2
    context = _fork_context()
    if context is None or half == 0:
        return fuzz(CONFIG, seed=first, cases=count, reduce_seconds=30, max_repros=1,
                    generate=_case)
    queue = context.Queue()
    child = context.Process(target=_later_half, args=(first + half, count - half, queue))
    child.start()
    report = fuzz(CONFIG, seed=first, cases=half, reduce_seconds=30, max_repros=1,
                  generate=_case)
    later = queue.get()
    child.join()
    if isinstance(later, BaseException):
        raise later
    report.cases += later.cases
    report.seconds = max(report.seconds, later.seconds)
    report.tally.update(later.tally)
    report.failures.update(later.failures)
    report.first += later.first
    return report


@pytest.mark.parametrize("first", range(0, CASES, PART))
def test_fixed_seed_agrees(first):
    report = _fixed_seed_report(first, min(PART, CASES - first))
    reproductions = "\n\n".join(text for _, text in report.first)
    assert not report.failures, f"{report.summary()}\n\n{reproductions}"
    # Every kind of step ran, and the metamorphic oracles were valid on SQLite too.
    for check in ("setup", "query", "dml", "control", "tlp", "norec", "integrity"):
        assert report.tally[f"steps_{check}"] > 0, check
    assert report.tally["tlp_held"] > 0 and report.tally["norec_held"] > 0
    assert report.tally["oracle_invalid"] == 0


@pytest.mark.parametrize("feature", [None] + sorted(OPTIONAL_FEATURES))
def test_generated_sql_is_valid_sqlite(feature):
    """The generators write SQL SQLite parses, every optional feature included (the UPSERT
    generator too, before RowanDB has UPSERT): no step of 15 cases is a syntax error."""
    config = make_config([feature] if feature else [])
    seen = set()
    for seed in range(15):
        _, sqlite = open_pair()
        for step in gen_case(seed, config).steps:
            if step.check in ("tlp", "norec"):
                continue
            outcome = sqlite.run(step.sql(), step.params())
            assert "syntax error" not in outcome.message, (step.sql(), outcome.message)
            assert "incomplete input" not in outcome.message, step.sql()
            seen.add(step.sql().split(" ")[0])
        sqlite.close()
    assert {"CREATE", "SELECT", "INSERT", "UPDATE", "DELETE"} <= seen


def test_parameters_stand_for_the_literals_they_replace():
    """Feature parameters binds each ``?`` to the value its literal reads as: SQLite gives
    the same rows (as multisets; the plans may differ) for the statement with its values
    bound and for the statement written with the literals."""
    from tests.fuzz.gen_params import with_literals
    config = make_config(["parameters"], ["names"])    # names: respelled by position
    bound = 0
    for seed in range(8):
        _, sqlite = open_pair()
        for step in gen_case(seed, config).steps:
            if step.check in ("tlp", "norec"):
                continue
            if step.check != "query" or not step.params():
                sqlite.run(step.sql(), step.params())
                continue
            bound += 1
            given = sqlite.run(step.sql(), step.params())
            written = sqlite.run(with_literals(step.node))
            assert (given.status, given.message, sorted(map(repr, given.rows))) == \
                (written.status, written.message, sorted(map(repr, written.rows))), step.sql()
        sqlite.close()
    assert bound >= 5


def test_cases_are_reproducible_from_their_seed():
    assert gen_case(7, CONFIG).script() == gen_case(7, CONFIG).script()
    assert gen_case(7, CONFIG).script() != gen_case(8, CONFIG).script()


def test_literals_read_back_as_the_same_value_and_storage_class():
    values = EDGE_INTS + REALS + NUMERIC_TEXT + PLAIN_TEXT + BLOBS + [None, "a\x00b"]
    _, sqlite = open_pair()
    sql = "SELECT " + ", ".join(literal(v) for v in values)
    (row,) = sqlite.run(sql).rows
    for value, back in zip(values, row):
        assert (type(back), back) == (type(value), value) or \
            (isinstance(value, float) and back == value), value


def test_storage_classes_differ_strictly():
    def outcome(*rows):
        return Outcome("ok", ("a",), tuple(rows))

    assert difference(outcome((1,)), outcome((1,))) is None
    assert difference(outcome((1,)), outcome((1.0,))) == ("rows", "")
    assert difference(outcome((1,)), outcome(("1",))) == ("rows", "")
    # representatives: 1 and 1.0 compare equal, and 'a'/'A' under NOCASE
    assert difference(outcome((1,)), outcome((1.0,)), flags={"representative"}) is None
    assert difference(outcome(("a",)), outcome(("A",)), flags={"representative"}) == \
        ("rows", "")
    assert difference(outcome(("a",)), outcome(("A",)), flags={"representative"},
                      fold=text_folder(True, False)) is None
    # order matters only when the query fixes it
    assert difference(outcome((1,), (2,)), outcome((2,), (1,))) is None
    assert difference(outcome((1,), (2,)), outcome((2,), (1,)), ordered=True) == ("rows", "")
    # float sums: the last bits may differ, nothing more
    assert same_rows([(0.30000000000000004,)], [(0.3,)], False, {"float_order"})
    assert not same_rows([(0.31,)], [(0.3,)], False, {"float_order"})


def test_errors_compare_by_class_and_message():
    ok = Outcome("ok", (), ())
    unique = Outcome("error", error="IntegrityError", message="UNIQUE constraint failed: t.a")
    check = Outcome("error", error="IntegrityError", message="CHECK constraint failed: a > 0")
    assert difference(unique, unique) is None
    assert difference(unique, ok)[0] == "error-vs-ok"
    assert difference(ok, unique)[0] == "ok-vs-error"
    assert difference(unique, check) == ("error-message",
                                         "UNIQUE constraint failed / CHECK constraint failed")
    assert difference(Outcome("error", error="NotSupportedError", message="x"), ok)[0] == \
        "not-supported"
    assert shape('near "LIMIT": syntax error') == 'near "…"'
    overflow = Outcome("error", error="OperationalError", message="integer overflow")
    with pytest.raises(OrderDependent):
        difference(overflow, ok, flags={"sum"})
    assert difference(overflow, ok)[0] == "error-vs-ok"


class _Raising:
    """A connection whose execute raises a given exception (or sleeps)."""

    def __init__(self, error=None, sleep=0.0):
        self.error, self.sleep = error, sleep

    def execute(self, sql, params=()):
        if self.sleep:
            time.sleep(self.sleep)
        raise self.error


def test_python_exceptions_and_runaway_statements_are_caught():
    crash = Engine("rowandb", _Raising(TypeError("boom"))).run("SELECT 1")
    assert (crash.status, crash.error) == ("crash", "TypeError")
    assert difference(crash, Outcome("ok"))[0] == "crash"
    slow = Engine("rowandb", _Raising(sleep=2.0), timeout=0.2).run("SELECT 1")
    assert slow.status == "timeout"


# Finite, so that without SQLite's own time limit the tests below fail instead of hanging:
# SQLite counts to 20 million in a few seconds.
RUNAWAY = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) "
           "SELECT count(*) FROM c")


def test_sqlite_runaway_statements_time_out_too():
    """A statement SQLite runs for ages is stopped at the limit, and the next one runs
    (fuzz case 78000048 once held a run for an hour inside SQLite)."""
    _mine, theirs = open_pair(timeout=0.3)
    started = time.monotonic()
    outcome = theirs.run(RUNAWAY)
    assert outcome.status == "timeout" and theirs.dead
    assert time.monotonic() - started < 2.5
    assert theirs.run("SELECT 1").rows == ((1,),)   # the limit is per statement


def test_a_statement_both_engines_run_for_ages_cuts_the_case_short():
    case = Case(0, [Step("query", node(RUNAWAY)), Step("query", node("SELECT 1"))])
    tally = Tally()
    assert run_case(case, CONFIG, timeout=0.3, tally=tally) is None
    assert tally["sqlite_timeouts"] == 1 and tally["cases_cut_short"] == 1


def test_a_wrong_answer_is_found_and_reduced(monkeypatch):
    """A stand-in for an engine bug: RowanDB's connection answers one query wrongly. The
    runner must report it and the reducer must cut the case down to that query."""
    case = gen_case(3, CONFIG)
    target = next(i for i, s in enumerate(case.steps) if s.check == "query")
    case.steps[target] = Step("query", node("SELECT 'needle' AS x"))

    class Lying:
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            return getattr(self.real, name)

        def execute(self, sql, params=()):
            return self.real.execute("SELECT 'other' AS x" if "needle" in sql else sql, params)

    def lying_pair(timeout=None):
        mine, theirs = open_pair(timeout)
        mine.connection = Lying(mine.connection)
        return mine, theirs

    monkeypatch.setattr(runner, "open_pair", lying_pair)
    failure = run_case(case, CONFIG)
    assert failure is not None and failure.signature == ("query", "rows", "")
    assert failure.step == target

    def still_fails(steps):
        found = run_case(type(case)(case.seed, steps), CONFIG)
        return found is not None and found.signature == failure.signature

    steps = Reducer(still_fails, seconds=30).reduce(case.steps[:target + 1])
    assert [s.sql() for s in steps] == ["SELECT 'needle' AS x"]
    text = repro_text(type(case)(case.seed, steps), failure, CONFIG)
    assert "SELECT 'needle' AS x;" in text and "-- RowanDB: [('other')]" in text


def test_metamorphic_oracles_catch_a_broken_relation():
    """A TLP step whose partitions cannot add up (a nondeterministic predicate) is caught
    on RowanDB -- and then recognised as invalid because SQLite breaks it too."""
    values = ", ".join(f"({i})" for i in range(20))
    steps = [Step("setup", node("CREATE TABLE t0(c0)")),
             Step("dml", node(f"INSERT INTO t0 VALUES {values}")),
             Step("tlp", node(node("a1.c0"), node("t0 AS a1"), node("(random() % 2 = 0)")))]
    tally = Tally()
    for _ in range(10):  # each run breaks the relation on both engines with p > 0.7
        assert run_case(Case(0, steps), CONFIG, tally=tally) is None
    assert tally["tlp_held"] + tally["oracle_invalid"] == 10
    assert tally["oracle_invalid"] > 0


def test_every_known_bug_is_described():
    assert KNOWN_BUGS and all(isinstance(v, str) and v for v in KNOWN_BUGS.values())
    unsteered = make_config(steer=False)
    assert not any(unsteered.steer(name) for name in KNOWN_BUGS)


def test_no_steer_names_the_bugs_it_lets_in():
    """``--no-steer NAME`` leaves every other known bug steered; a repro's command says so."""
    one = make_config(unsteer=["sqlite_not_null_in"])
    assert [name for name in KNOWN_BUGS if not one.steer(name)] == ["sqlite_not_null_in"]
    assert no_steer_option(one) == " --no-steer sqlite_not_null_in"
    assert no_steer_option(make_config(steer=False)) == " --no-steer"
    assert no_steer_option(CONFIG) == ""
    with pytest.raises(ValueError, match="unknown known bug"):
        make_config(unsteer=["no_such_bug"])


@pytest.mark.parametrize("seed", [50000550, 50000725])
def test_no_trigger_deletes_from_a_strict_set_null_parent(seed):
    """A trigger step on a STRICT table is steered off INSERT and UPDATE (KNOWN_BUGS
    sqlite_strict_journal) after the SET NULL steer had made it an insert: it came out a
    DELETE from the parent of an ON DELETE SET NULL key (sqlite_fk_set_null_trigger)."""
    assert not _set_null_parents_written(_written(seed))


def test_no_trigger_writes_an_on_delete_set_null_parent():
    """Seed 62000242: a REPLACE into the child made its BEFORE trigger's UPDATE OR IGNORE
    of the parent of an ON DELETE SET NULL key a REPLACE, whose delete codes the SET NULL
    action, after which SQLite 3.54 checks no new child row (KNOWN_BUGS
    sqlite_fk_set_null_trigger): the case now agrees, and no trigger in 200 seeds writes
    such a parent."""
    assert run_case(gen_case(62000242, CONFIG), CONFIG) is None
    seen = 0
    for seed in range(300):
        script = _written(seed)
        assert not _set_null_parents_written(script), seed
        if _SET_NULL_PARENT.search(script):
            seen += len(_TRIGGER_BODY.findall(script))
    assert seen >= 3                    # the sample holds triggers beside such keys


def _written(seed: int) -> str:
    """The statements of case ``seed`` as the generators wrote them, before feature
    ``names`` respells the names (``t0``, ``c1``...: what the patterns below read)."""
    return "\n".join(step.node.render() for step in _case(seed).steps
                     if step.check not in ("tlp", "norec"))


_SET_NULL_PARENT = re.compile(r"REFERENCES (\w+)\([^)]*\)[^,;]*?ON DELETE SET NULL")
_TRIGGER_BODY = re.compile(r"CREATE TRIGGER .*? BEGIN (.*?) END")


def _set_null_parents_written(script: str) -> bool:
    """Whether a trigger body of ``script`` inserts into, updates or deletes from the
    parent table of an ON DELETE SET NULL foreign key."""
    parents = "|".join(_SET_NULL_PARENT.findall(script))
    return bool(parents) and any(
        re.search(rf"\b(?:INTO|UPDATE OR IGNORE|DELETE FROM) (?:{parents})\b", body)
        for body in _TRIGGER_BODY.findall(script))


_TRIGGER = re.compile(r"CREATE TRIGGER \w+ BEFORE (?:UPDATE|DELETE)\b[^;]*? ON (\w+)\b.*? BEGIN (.*?) END")


def test_no_before_update_or_delete_trigger_writes_its_own_rows():
    """SQLite leaves a statement's outcome undefined when its BEFORE UPDATE or DELETE
    trigger updates or deletes rows of the same table (seed 60001188: SQLite's own
    integrity_check then reports a rowid out of order): the generator never writes one,
    and the seed that met it still has a BEFORE trigger of another kind or an AFTER one."""
    seen = 0
    for seed in list(range(200)) + [60001188]:
        for table, body in _TRIGGER.findall(_written(seed)):
            seen += 1
            assert not re.search(rf"\b(?:UPDATE OR IGNORE|DELETE FROM) {table}\b", body), seed
    assert seen > 10                    # the sample holds BEFORE UPDATE/DELETE triggers


def test_names_respells_every_name_as_one_name():
    """Feature names: a case's names are drawn once and spelled anew in each statement --
    strings only where SQLite's grammar reads a name, never one that folds onto another
    name's ASCII case -- and the case runs alike on both engines."""
    config = make_config(["names"])
    texts = [gen_case(seed, config).script() for seed in range(20)]
    script = "\n".join(texts)
    assert "É" in script or "é" in script
    assert re.search(r"'\w+'\.", script) and re.search(r"\[\w+\]", script)
    names = gen_case(3, config).steps[0].names
    folded = [name.lower() for name in names.canonical.values() if name.isascii()]
    assert len(folded) == len(set(folded))
    assert names.respell("SELECT a1.c0 FROM t0 AS a1") == \
        names.respell("SELECT a1.c0 FROM t0 AS a1")      # the same text, the same spelling
    assert names.respell("SELECT 'c0', X'00' FROM t0 AS a1").count("'c0'") == 1
    assert run_case(gen_case(3, config), config) is None


def test_the_sqlite_session_takes_a_common_table_named_like_a_verb_for_a_name():
    """tests/apsw_session.py tells a WITH statement's kind by the word after its common
    tables: ``WITH replace(x) AS (...) SELECT`` is a SELECT (rowcount -1; fuzz 84200012)."""
    from apsw_session import _kind
    assert _kind("WITH replace(x) AS (SELECT 1) SELECT x FROM replace") == "select"
    assert _kind("WITH RECURSIVE delete AS (SELECT 1) DELETE FROM t") == "delete"
    assert _kind("WITH a AS (SELECT 1), [update] AS (SELECT 2) VALUES (1)") != "update"
