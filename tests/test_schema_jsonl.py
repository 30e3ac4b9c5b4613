"""Data types and their JSONL files."""

from __future__ import annotations

import json
import multiprocessing as mp

import pytest

from lamkit.errors import DataError
from lamkit.jsonl import append_jsonl, read_jsonl, to_dataset, write_jsonl
from lamkit.schema import Action, Control, Observation, Step, StepResult, Task, TaskPlan, Trajectory, Verdict


def _traj(i: int) -> Trajectory:
    obs = Observation(controls=[Control(label="1", role="toggle button", name="Bold", rect=(1, 2, 3, 4))], document="hello")
    step = Step(index=0, observation=obs, thought="make it bold", action=Action(function="click_input", args={"control_label": "1"}),
                status="FINISH", result=StepResult(ok=True, message="clicked"))
    return Trajectory(task=Task(id=f"t{i}", request="Bold it", template="a.odt"), steps=[step], policy="heuristic",
                      verdict=Verdict(success=True, reason="bold", sub_scores={"bold": 1.0}))


def test_round_trip_and_dataset(tmp_path):
    p = tmp_path / "t.jsonl"
    assert append_jsonl(p, [_traj(1), _traj(2)]) == 2
    back = read_jsonl(p, Trajectory)
    assert back == [_traj(1), _traj(2)]
    ds = to_dataset(back)
    assert ds.num_rows == 2 and ds[0]["steps"][0]["action"]["function"] == "click_input"


def test_unknown_field_and_bad_line_name_file_and_line(tmp_path):
    p = tmp_path / "plans.jsonl"
    good = TaskPlan(id="a", app="writer", task="Bold text", plan=["Select", "Press Bold"], source={"path": "x.html"})
    append_jsonl(p, [good])
    with open(p, "a") as f:
        f.write(json.dumps({**good.model_dump(), "extra": 1}) + "\n")
        f.write("{not json}\n")
    with pytest.raises(DataError, match=r"plans.jsonl:2: bad record: extra"):
        read_jsonl(p, TaskPlan)
    errors: list[str] = []
    assert read_jsonl(p, TaskPlan, strict=False, errors=errors) == [good]
    assert [e.split(": ")[0] for e in errors] == [f"{p}:2", f"{p}:3"]


def test_torn_last_line_is_skipped_and_next_append_is_clean(tmp_path):
    p = tmp_path / "t.jsonl"
    append_jsonl(p, [_traj(1)])
    with open(p, "ab") as f:
        f.write(b'{"task": {"id": "t2"')  # an append killed mid-write
    errors: list[str] = []
    assert len(read_jsonl(p, Trajectory, errors=errors)) == 1 and "torn last line" in errors[0]
    append_jsonl(p, [_traj(3)])
    ids = [t.task.id for t in read_jsonl(p, Trajectory, strict=False)]
    assert ids == ["t1", "t3"]


def _writer(path, start):
    append_jsonl(path, [_traj(start + k) for k in range(50)])


def test_concurrent_appends_never_interleave(tmp_path):
    p = tmp_path / "c.jsonl"
    procs = [mp.get_context("fork").Process(target=_writer, args=(p, i * 100)) for i in range(4)]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join()
    ids = sorted(int(t.task.id[1:]) for t in read_jsonl(p, Trajectory))
    assert ids == sorted(i * 100 + k for i in range(4) for k in range(50))


def test_write_jsonl_replaces_atomically(tmp_path):
    p = tmp_path / "w.jsonl"
    write_jsonl(p, [_traj(1)])
    write_jsonl(p, [_traj(2), _traj(3)])
    assert [t.task.id for t in read_jsonl(p, Trajectory)] == ["t2", "t3"]
    assert not list(tmp_path.glob(".w.jsonl.*"))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_jsonl(tmp_path / "nope.jsonl")
