"""Every family on real Writer: the checker fails on the untouched template and
passes after a scripted correct solution; the heuristic expert really works."""

from __future__ import annotations

import random

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.agent.loop import run_episode
from lamkit.dataflow.checkers import evaluate, validate
from lamkit.dataflow.families import FAMILIES, UNO_PRELUDE

pytestmark = pytest.mark.writer


def test_at_least_30_families_and_thousands_of_tasks(catalog):
    assert len(FAMILIES) >= 30 and len({f.name for f in FAMILIES}) == len(FAMILIES)
    rng = random.Random(0)
    tasks = {f.make_task(rng.choice([t for t in catalog if (t.kind == "table") == (f.needs == "table")]), rng).id
             for _ in range(40) for f in FAMILIES}
    assert len(tasks) > 600  # distinct tasks from 2 templates per kind already; 6 per kind by default
    for f in FAMILIES:
        t = f.make_task(next(x for x in catalog if (x.kind == "table") == (f.needs == "table")), rng)
        validate(t.checker)
        assert t.plan[-1].function == "finish" and t.family == f.name


def test_checkers_fail_untouched_and_pass_scripted_for_every_family(env, catalog):
    rng = random.Random(1)
    problems = []
    for f in FAMILIES:
        tpl = rng.choice([t for t in catalog if (t.kind == "table") == (f.needs == "table")])
        task = f.make_task(tpl, rng)
        env.reset(task)
        if evaluate(task.checker, env.state()).success:
            problems.append(f"{f.name}: checker passes on the untouched template")
        env.run_uno(UNO_PRELUDE + f.solution(task.params))
        v = evaluate(task.checker, env.state())
        if not v.success:
            problems.append(f"{f.name}: scripted solution fails: {v.reason}")
    assert not problems, problems


@pytest.mark.parametrize("family", ["bold", "font_size", "indent", "insert_table", "header_text", "find_replace"])
def test_heuristic_expert_completes_ui_tasks(env, catalog, family):
    from lamkit.dataflow.families import BY_NAME

    f = BY_NAME[family]
    rng = random.Random(2)
    task = f.make_task(next(t for t in catalog if (t.kind == "table") == (f.needs == "table")), rng)
    traj = run_episode(env, task, HeuristicExpert(), max_steps=12)
    v = evaluate(task.checker, env.state())
    assert v.success, (v.reason, [(s.action.function, s.result.message) for s in traj.steps])
    assert traj.steps[-1].action.function == "finish" and all(s.result.ok for s in traj.steps), \
        [(s.index, s.action.function, s.result.message) for s in traj.steps if not s.result.ok]
    assert traj.steps[0].plan == [s.step for s in task.plan[1:]]  # the remaining plan is recorded for phase 2
