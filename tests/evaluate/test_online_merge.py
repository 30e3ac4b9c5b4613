"""One online evaluation loop (`evaluate_online`) for the family tasks and the held-out help tasks,
and an evaluation folder that grows a policy at a time: each call merges its policies' rows into
`online.json` and keeps the others' (real Writer, the heuristic expert)."""

from __future__ import annotations

import json

import pytest

from lamkit.cli import main
from lamkit.dataflow.instantiate import family_tasks, help_tasks, write_instantiation
from lamkit.dataflow.runner import close_worker_env
from lamkit.dataflow.templates import build_catalog
from lamkit.errors import DataError
from lamkit.evaluate.online import evaluate_online
from lamkit.schema import Source, TaskPlan


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("templates"), per_kind=2)


@pytest.fixture(scope="module")
def bold_task(catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("online-merge")
    recs = [r for r in family_tasks(4, catalog, seed=1, families=["bold"], compound=0) if r.ok][:1]
    assert recs
    write_instantiation(recs, root)
    return root / "instantiation" / "pass.jsonl"


@pytest.fixture(scope="module", autouse=True)
def _close_writer():
    yield
    close_worker_env()  # the in-process evaluation's Writer (workers=1)


def test_a_broken_online_json_is_refused_before_any_episode(bold_task, tmp_path, capsys):
    (tmp_path / "online.json").write_text("{not json")
    with pytest.raises(DataError, match="online.json: not valid JSON"):
        evaluate_online(bold_task, {"a": "heuristic"}, tmp_path, split=None)
    assert not (tmp_path / "a").exists()  # nothing ran
    (tmp_path / "online.json").write_text("[1, 2]")
    assert main(["evaluate", "online", "--tasks", str(bold_task), "--out", str(tmp_path), "--policy", "a=heuristic"]) == 2
    err = capsys.readouterr().err
    assert "online.json: not an online metrics table" in err and "Traceback" not in err


@pytest.mark.writer
def test_each_call_adds_its_policies_and_keeps_the_others(bold_task, tmp_path):
    first = evaluate_online(bold_task, {"a": "heuristic"}, tmp_path, split=None)
    assert first["a"].tasks == 1 and first["a"].task_success_rate == 1.0
    table = json.loads((tmp_path / "online.json").read_text())
    assert set(table) == {"a"}
    row_a = table["a"]

    second = evaluate_online(bold_task, {"b": "heuristic"}, tmp_path, split=None)
    assert set(second) == {"b"}  # the call returns its own policies
    table = json.loads((tmp_path / "online.json").read_text())
    assert set(table) == {"a", "b"} and table["a"] == row_a  # a's row survived b's run
    assert table["b"]["tasks"] == 1 and table["b"]["policy"] == "b"

    again = evaluate_online(bold_task, {"a": "heuristic"}, tmp_path, split=None)  # resumed: nothing runs again
    assert json.loads((tmp_path / "a" / "summary.json").read_text())["skipped_done"] == 1
    assert again["a"].task_success_rate == 1.0
    assert set(json.loads((tmp_path / "online.json").read_text())) == {"a", "b"}


# swriter/guide/subscript.html's procedure, as harvested (no family covers superscript)
SUPERSCRIPT = TaskPlan(id="superscript", app="writer", task="Make text superscript or subscript",
                       source=Source(path="swriter/guide/subscript.html"),
                       plan=["Select the text that you want to make superscript or subscript.",
                             "Press Ctrl+Shift+P to make the text superscript, and Ctrl+Shift+B to make the text subscript."])


@pytest.mark.writer
def test_held_out_help_tasks_run_through_the_same_loop_with_the_state_diff_judge(catalog, bold_task, tmp_path):
    from lamkit.dataflow.help_eval import evaluate_help_online

    made = help_tasks([SUPERSCRIPT], catalog)
    assert len(made.records) == 1
    rec = made.records[0]
    rec.task = rec.task.model_copy(update={"split": "test"})  # held out, whatever its page's side
    write_instantiation([rec], tmp_path / "tasks")
    out = tmp_path / "help"
    (out).mkdir()
    (out / "online.json").write_text(json.dumps({"earlier": {"policy": "earlier", "tasks": 3}}))
    res = evaluate_help_online(tmp_path / "tasks" / "instantiation" / "pass.jsonl", {"expert": "heuristic"}, out)
    m = res["expert"]
    assert m.tasks == 1 and m.task_success_rate == 1.0 and m.tsr_ci is not None
    record = json.loads((out / "expert" / "execution" / "pass.jsonl").read_text().splitlines()[0])
    assert record["task_id"] == rec.task.id and record["verdict"]["judge"] == "state-diff"  # not a checker
    assert set(json.loads((out / "online.json").read_text())) == {"earlier", "expert"}
    # the family tasks' evaluation (checkers) has no business with help tasks: a file of only them is refused
    with pytest.raises(DataError, match="no checkable tasks"):
        evaluate_online(tmp_path / "tasks" / "instantiation" / "pass.jsonl", {"expert": "heuristic"}, out)
