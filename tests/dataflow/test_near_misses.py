"""Near misses (issue 12): every family has them, and checkers fail them in real Writer.

The quick live test runs a few near misses of six varied families; the full sweep is
``benchmarks/checkers_bench.py`` (and the slow test below)."""

from __future__ import annotations

import random

import pytest

from lamkit.dataflow.families import BY_NAME, FAMILIES
from lamkit.dataflow.near_misses import KINDS, MIN_PER_FAMILY, NEAR_MISSES, QUICK, coverage_problems, judge_outcomes, near_misses
from lamkit.dataflow.templates import Template
from lamkit.errors import LamkitError

_TEXT = Template(name="t", path="/nonexistent/t.odt", kind="report", description="",
                 paragraphs=["Quarterly report", "Sales grew by five percent in the north region.", "Costs remained stable."])
_TABLE = Template(name="tb", path="/nonexistent/tb.odt", kind="table", description="",
                  paragraphs=["Budget overview", "The team met most goals this quarter."],
                  table=[["Item", "Q1", "Q2"], ["Rent 1", "40", "TBD"], ["Travel 2", "12", "TBD"]])


def test_every_family_has_at_least_three_near_misses_of_three_kinds():
    assert not coverage_problems(), coverage_problems()
    for f in FAMILIES:
        nms = near_misses(f.name)
        assert len(nms) >= MIN_PER_FAMILY and len({n.kind for n in nms}) >= 3, f.name
        assert all(n.kind in KINDS and n.what for n in nms), f.name
    assert set(NEAR_MISSES) == {f.name for f in FAMILIES}


def test_the_quick_subset_names_real_near_misses_of_three_kinds():
    for family, names in QUICK.items():
        by_name = {n.name: n for n in near_misses(family)}
        assert set(names) <= set(by_name) and len({by_name[n].kind for n in names}) == 3, family
    assert len({BY_NAME[f].category for f in QUICK}) == len(QUICK)


def test_a_family_without_near_misses_is_named():
    with pytest.raises(LamkitError, match="'nope' has no near misses"):
        near_misses("nope")


def test_every_near_miss_script_compiles_for_every_parameter_value():
    """Each script is built for every value of its family's parameters and compiled (a
    typo fails here, not halfway through the benchmark)."""
    for f in FAMILIES:
        tpl = _TABLE if f.needs == "table" else _TEXT
        rng = random.Random(f.name)
        for _ in range(12):
            task = f.make_task(tpl, rng)
            for n in near_misses(f.name):
                compile(n.code(task.params), f"<{f.name}/{n.name}>", "exec")


def _task(catalog, family: str, seed: int = 3):
    f = BY_NAME[family]
    rng = random.Random(f"{seed}:{family}")
    return f.make_task(rng.choice([t for t in catalog if (t.kind == "table") == (f.needs == "table")]), rng)


def _problems(outcomes) -> list[str]:
    return [f"{o.family}/{o.outcome}: " + (f"could not be produced: {o.error}" if o.error else
                                           "gold fails: " + o.reason if o.kind == "gold" else "passes its checker")
            for o in outcomes if o.error or o.wrong]


@pytest.mark.writer
@pytest.mark.parametrize("family", list(QUICK))
def test_near_misses_fail_and_gold_passes_in_writer(env, catalog, family):
    outcomes = judge_outcomes(env, _task(catalog, family), names=QUICK[family])
    assert [o.outcome for o in outcomes] == ["gold", "do_nothing", *QUICK[family]]
    assert outcomes[0].passed is True and outcomes[1].passed is False, _problems(outcomes)
    assert not _problems(outcomes), _problems(outcomes)


@pytest.mark.writer
@pytest.mark.slow
def test_every_near_miss_of_every_family_fails_in_writer(env, catalog):
    problems = []
    for f in FAMILIES:
        problems += _problems(judge_outcomes(env, _task(catalog, f.name)))
    assert not problems, problems
