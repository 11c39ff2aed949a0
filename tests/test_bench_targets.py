"""``make bench``'s targets module (bench/targets/) on tiny sizes: not timed, only checked.

The worker runs the shared workload of issue 12 in a fresh process per engine, and every
workload, the memory job and the failure-3 seed must compute the same results on RowanDB
and on SQLite; otherwise the benchmark would compare different work, or break unseen. The
runner's comparison and the table's verdicts are checked to fail when they should.
"""

from __future__ import annotations

import pytest

from bench import __main__ as bench_main
from bench.targets import runner, workloads
from bench.targets.report import Line, format_table

CHILDREN = 300


@pytest.fixture(scope="module", params=["memory", "disk"])
def figures(request):
    return request.param, {engine: runner.run_job({"kind": "workloads", "engine": engine,
                                                   "mode": request.param,
                                                   "children": CHILDREN})
                           for engine in runner.ENGINES}


def test_every_workload_computes_the_same_result_on_both_engines(figures):
    mode, by_engine = figures
    expected = [w.__name__ for w in workloads.SEQUENCE
                if mode == "disk" or w.__name__ not in workloads.DISK_ONLY]
    assert list(by_engine["rowandb"]) == list(by_engine["sqlite"]) == expected
    for name in expected:
        mine, theirs = by_engine["rowandb"][name], by_engine["sqlite"][name]
        assert mine["result"] == theirs["result"], name
        assert mine["wall"] > 0 and mine["cpu"] >= 0 and mine["operations"] > 0


def test_the_workloads_do_the_work_they_claim(figures):
    mode, by_engine = figures
    results = by_engine["sqlite"]
    assert results["bulk_insert"]["result"][0][0] == CHILDREN
    assert results["point_pk"]["result"]["rows"] == CHILDREN
    assert 0 < results["group_by"]["result"]["rows"] <= CHILDREN // 10
    assert results["order_limit"]["result"]["rows"] == 10
    assert results["join_filter"]["result"]["rows"] > 0
    parents_left, children_left, _ = results["cascade_delete"]["result"][0]
    assert parents_left == CHILDREN // 10 - CHILDREN // 100
    assert 0 < children_left < CHILDREN
    if mode == "disk":
        assert results["commit_latency"]["result"][0][0] == parents_left + workloads.COMMITS


def test_only_the_named_workloads_are_measured(tmp_path):
    """``--workloads``: bulk_insert still loads the children but is reported only if
    named; a later workload reads the same data as in the whole sequence."""
    only = workloads.run_sequence("rowandb", "memory", CHILDREN, str(tmp_path), ["group_by"])
    whole = workloads.run_sequence("rowandb", "memory", CHILDREN, str(tmp_path))
    assert list(only) == ["group_by"]
    assert only["group_by"]["result"] == whole["group_by"]["result"]


def test_memory_and_seed_jobs_agree_between_engines():
    for job in ({"kind": "memory", "children": 2_000}, {"kind": "seed", "n": 5}):
        mine, theirs = (runner.run_job(dict(job, engine=e)) for e in runner.ENGINES)
        assert mine["result"] == theirs["result"], job
    assert mine["warm_delete"]["wall"] > 0 and mine["cold_delete"]["wall"] > 0


def _figures(rowan_result, sqlite_result):
    def run(result, wall):
        return {"group_by": {"wall": wall, "cpu": wall, "result": result, "operations": 10}}
    return {"rowandb": [run(rowan_result, 3.0), run(rowan_result, 5.0)],
            "sqlite": [run(sqlite_result, 1.0), run(sqlite_result, 1.0)]}


def test_a_difference_between_the_engines_is_reported():
    same = runner.workload_lines("memory", _figures([1], [1]), "wall")
    assert [line.note for line in same] == [""]
    differ = runner.workload_lines("memory", _figures([1], [2]), "wall")
    assert differ[0].note.startswith("RESULTS DIFFER")
    assert "RESULTS DIFFER" in format_table(differ)


def test_lines_take_the_median_and_judge_the_target():
    line = runner.workload_lines("memory", _figures([1], [1]), "wall")[0]
    assert (line.rowandb, line.sqlite, line.value, line.target) == (4.0, 1.0, 4.0, 4.0)
    assert line.met is True
    assert Line("x", "disk", 5.0, 1.0, 5.0, 4.0).met is False
    assert Line("x growth", "memory", 1.4, 1.0, 1.4, 1.3, unit="x").cells()[6] == "MISSED"
    assert Line("x", "memory", 1.0, 1.0, 1.0).met is None


def test_scale_growth_is_per_row_from_10k_to_the_largest():
    def sized(size, wall):
        return {e: [{"group_by": {"wall": wall * (1 if e == "sqlite" else 2), "cpu": 0,
                                  "result": [size], "operations": size}}]
                for e in runner.ENGINES}
    lines = runner.scale_lines("memory", {1_000: sized(1_000, 1.0), 10_000: sized(10_000, 5.0),
                                          100_000: sized(100_000, 70.0)}, "wall")
    growth = lines[-1]
    assert growth.workload == "group_by growth 10k->100k"
    assert growth.value == pytest.approx(1.4) and growth.met is False


def test_scale_runs_in_the_modes_it_names_and_replays_them(tmp_path, capsys):
    """``--scale`` alone measures memory; ``--scale disk`` (or both) on disk too, kept
    under its own key of the JSON, and a replay prints each mode's growth lines."""
    import json

    from bench import targets
    assert targets._scale_modes(None) == []
    assert targets._scale_modes([]) == ["memory"]
    assert targets._scale_modes(["disk", "memory", "disk"]) == ["disk", "memory"]
    assert targets._parser().parse_args(["--scale", "disk"]).scale == ["disk"]
    assert targets._parser().parse_args(["--scale"]).scale == []

    def sized(size, wall):
        return {e: [{"group_by": {"wall": wall, "cpu": wall, "result": [size],
                                  "operations": size}}] for e in runner.ENGINES}
    by_size = {"10000": sized(10_000, 1.0), "1000000": sized(1_000_000, 100.0)}
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps({"meta": {"args": {"runs": 1}},
                                 "runs": {"scale": by_size, "scale disk": by_size}}))
    assert targets.main(["--replay", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "memory 1M" in out and "disk 1M" in out
    assert out.count("group_by growth 10k->1M") == 2


def test_python_m_bench_routes_to_the_targets_unless_asked_for_registered_workloads():
    assert not bench_main._wants_registered([])
    assert not bench_main._wants_registered(["--scale", "--json", "out.json"])
    assert bench_main._wants_registered(["--all"])
    assert bench_main._wants_registered(["group_by"])
    assert bench_main._wants_registered(["--only-suites", "--fk"])


def test_a_saved_run_replays_with_either_clock(tmp_path, capsys):
    import json

    from bench import targets
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps({"meta": {"args": {"runs": 2}},
                                 "runs": {"workloads memory": _figures([1], [1])}}))
    assert targets.main(["--replay", str(saved), "--clock", "cpu"]) == 0
    assert "group_by" in capsys.readouterr().out
    saved.write_text(json.dumps({"meta": {"args": {"runs": 2}},
                                 "runs": {"workloads disk": _figures([1], [2])}}))
    assert targets.main(["--replay", str(saved)]) == 1


def test_the_corpus_job_runs_compat_on_both_engines_alike():
    from rowandb.compat import corpus
    try:
        base = corpus.find_corpus()
    except corpus.CorpusNotFound:
        base = None
    if base is None:
        import os
        if os.environ.get("ROWANDB_REQUIRE_COMPAT"):
            pytest.fail("the sqllogictest corpus is missing")
        pytest.skip("no sqllogictest corpus here (ROWANDB_COMPAT_DIR)")
    script = str(base / "evidence" / "slt_lang_dropindex.test")
    mine, theirs = (runner.run_job({"kind": "corpus", "engine": e, "paths": [script]})
                    for e in runner.ENGINES)
    assert mine["corpus"]["result"] == theirs["corpus"]["result"]
    assert mine["corpus"]["result"]["passed"] > 0
