"""Help-derived tasks through the normal dataflow (issue 14, "use in training"), end to end:
`lamkit instantiate --help-tasks` compiles one harvested procedure into a task on a generated
template, `lamkit collect --judge state-diff` replays it with the heuristic expert in live Writer
and the state-diff judge decides it from the document before and after, and the judged
trajectory lands in the run's training or test data by its page's split."""

from __future__ import annotations

import json

import pytest

from lamkit.dataflow.instantiate import HELP_FAMILY, help_tasks
from lamkit.dataflow.split import SPLIT
from lamkit.jsonl import read_jsonl, write_jsonl
from lamkit.schema import Source, TaskPlan, Trajectory

pytestmark = pytest.mark.writer

# swriter/guide/subscript.html's procedure, as harvested (no family covers superscript)
SUPERSCRIPT = TaskPlan(id="superscript", app="writer", task="Make text superscript or subscript",
                       source=Source(path="swriter/guide/subscript.html"),
                       plan=["Select the text that you want to make superscript or subscript.",
                             "Press Ctrl+Shift+P to make the text superscript, and Ctrl+Shift+B to make the text subscript."])


def test_help_task_instantiated_collected_and_judged_by_state_diff(tmp_path):
    from lamkit.cli import main
    from lamkit.dataflow.runner import close_worker_env

    plans = tmp_path / "plans.jsonl"
    write_jsonl(plans, [SUPERSCRIPT])
    run = tmp_path / "run"
    assert main(["instantiate", "--out", str(run), "--n", "0", "--taskplans", str(plans), "--help-tasks", "-1",
                 "--templates", str(tmp_path / "tpl"), "--per-kind", "3", "--no-check-ui"]) == 0
    recs = [r for r in read_jsonl(run / "instantiation" / "pass.jsonl") if r["task"]["family"] == HELP_FAMILY]
    assert len(recs) == 1  # the procedure became one help task, not also a judge-only one
    task = recs[0]["task"]
    assert task["origin"] == "superscript" and task["checker"] is None
    assert task["split"] == SPLIT.help_page(SUPERSCRIPT.source.path)
    assert [s["function"] for s in task["plan"]][-1] == "finish" and any(s["args"].get("keys") == "^+p" for s in task["plan"])
    split = json.loads((run / "instantiation" / "split.json").read_text())
    assert "help page" in split["rule"] and split["counts"][f"help_{task['split']}"] == 1

    try:
        assert main(["collect", "--out", str(run), "--judge", "state-diff"]) == 0
    finally:
        close_worker_env()  # the in-process collection's Writer
    rec = json.loads((run / "execution" / "pass.jsonl").read_text().splitlines()[0])
    assert rec["task_id"] == task["id"]
    assert rec["verdict"]["judge"] == "state-diff" and rec["verdict"]["success"], rec["verdict"]
    env_info = rec["trajectory"]["env_info"]
    sup = lambda state: [r for p in state["paragraphs"] for r in p.get("runs", []) if r.get("superscript")]  # noqa: E731
    assert not sup(env_info["before_state"]) and sup(env_info["final_state"])  # what the judge compared
    data = run / "data" / ("test_trajectories.jsonl" if task["split"] == "test" else "train_trajectories.jsonl")
    trajs = read_jsonl(data, Trajectory)
    assert [t.task.id for t in trajs] == [task["id"]] and trajs[0].verdict.success


def test_help_tasks_without_a_judge_are_unsure_and_never_trained_on(catalog, tmp_path):
    """No --judge: a help task has no checker, so it is recorded unsure (no Writer is started)
    and stays out of the training data."""
    from lamkit.dataflow.runner import collect, export_trajectories

    h = help_tasks([SUPERSCRIPT], catalog)
    items = [(r.task, r.taskplan) for r in h.records]
    s = collect(items, tmp_path)
    assert s.unsure == 1 and s.passed == s.failed == 0
    ex = export_trajectories(tmp_path)
    assert ex.train == ex.test == 0
