"""The evaluation metrics on hand-built cases with known answers."""

from __future__ import annotations

import pytest

from lamkit.agent.prompting import ModelAnswer
from lamkit.dataflow.runner import ExecutionRecord
from lamkit.evaluate.metrics import (
    StepScore,
    acceptable_labels,
    aggregate_offline,
    aggregate_online,
    percentile,
    score_step,
)
from lamkit.schema import Action, Control, Observation, Step, StepResult, Task, Trajectory, Verdict

OBS = Observation(window="Untitled 1 - LibreOffice Writer", controls=[
    Control(label="1", role="push button", name="Bold", path="0:1"),
    Control(label="2", role="push button", name="Bold", path="0:7"),  # the same button on a second toolbar
    Control(label="3", role="menu item", name="Bold", path="0:9"),  # same name, another role: not a duplicate
    Control(label="4", role="push button", name="Italic", path="0:2"),
    Control(label="5", role="document text", name="", path="0:3"),
    Control(label="6", role="push button", name="", path="0:4"),
    Control(label="7", role="push button", name="", path="0:5"),
])


def gold(function: str, label: str | None = None, status: str = "CONTINUE", index: int = 0, **args) -> Step:
    if label is not None:
        args["control_label"] = label
    return Step(index=index, observation=OBS, action=Action(function=function, args=args), status=status)


def answer(function: str, label: str | None = None, status: str = "CONTINUE", **args) -> ModelAnswer:
    if label is not None:
        args["control_label"] = label
    return ModelAnswer(function=function, args=args, status=status)


# ----------------------------------------------------------------------------- acceptable labels
def test_acceptable_labels_include_duplicate_buttons_of_same_name_and_role():
    assert acceptable_labels(gold("click_input", "1")) == {"1", "2"}
    assert acceptable_labels(gold("click_input", "2")) == {"1", "2"}
    assert acceptable_labels(gold("click_input", "3")) == {"3"}  # the menu item is not the button
    assert acceptable_labels(gold("click_input", "4")) == {"4"}


def test_acceptable_labels_unnamed_controls_and_no_control():
    assert acceptable_labels(gold("click_input", "6")) == {"6"}  # unnamed buttons are not interchangeable
    assert acceptable_labels(gold("click_input", "99")) == {"99"}  # not on screen: only itself
    assert acceptable_labels(gold("finish", status="FINISH")) == set()
    assert acceptable_labels(gold("summary", text="done")) == set()
    assert acceptable_labels(gold("keyboard_input", keys="^b")) == set()


# ----------------------------------------------------------------------------- one step
def test_duplicate_button_counts_as_the_right_object():
    s = score_step("t1", "bold", answer("click_input", "2"), gold("click_input", "1"))
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (True, True, True, True)
    assert s.gold_labels == ["1", "2"] and s.pred_label == "2"


def test_wrong_object_wrong_operation_wrong_status():
    g = gold("click_input", "1")
    s = score_step("t1", "bold", answer("click_input", "4"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (False, True, True, False)
    s = score_step("t1", "bold", answer("set_edit_text", "1", text="x"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (True, False, True, False)
    s = score_step("t1", "bold", answer("click_input", "1", status="FINISH"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (True, True, False, False)


def test_label_compared_as_text():
    s = score_step("t1", None, answer("click_input", None, control_label=2), gold("click_input", "1"))
    assert s.object_ok


def test_finish_is_finish_whatever_status_it_claims():
    g = gold("finish", status="FINISH")
    s = score_step("t1", None, answer("finish", status="CONTINUE"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (True, True, True, True)
    # a last action that says FINISH has the right status but not the right operation
    s = score_step("t1", None, answer("click_input", "1", status="FINISH"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok) == (False, False, True)
    # both take no control: the object is right
    s = score_step("t1", None, answer("summary", text="ok", status="FINISH"), g)
    assert (s.object_ok, s.operation_ok, s.status_ok) == (True, False, True)


def test_no_prediction_is_wrong_on_all_three():
    s = score_step("t1", "bold", None, gold("finish", status="FINISH"), latency_s=1.5, error="unparsable answer: no JSON")
    assert (s.object_ok, s.operation_ok, s.status_ok, s.success) == (False, False, False, False)
    assert s.parse_error == "unparsable answer: no JSON" and s.latency_s == 1.5
    assert score_step("t1", "bold", None, gold("click_input", "1")).parse_error == "no prediction"


# ----------------------------------------------------------------------------- offline aggregate
def sc(task: str, family: str | None, i: int, obj=True, op=True, st=True, err: str | None = None, lat=1.0) -> StepScore:
    return StepScore(task_id=task, family=family, step_index=i, object_ok=obj, operation_ok=op, status_ok=st,
                     success=obj and op and st, parse_error=err, latency_s=lat)


def test_task_success_needs_every_step_and_families_are_split():
    scores = [
        sc("a", "bold", 0), sc("a", "bold", 1),  # right
        sc("b", "bold", 0), sc("b", "bold", 1, obj=False), sc("b", "bold", 2),  # one wrong object
        sc("c", None, 0, obj=False, op=False, st=False, err="unparsable", lat=3.0), sc("c", None, 1, st=False),
    ]
    m = aggregate_offline("phase2", scores)
    assert (m.policy, m.tasks, m.steps) == ("phase2", 3, 7)
    assert m.object_acc == pytest.approx(5 / 7)
    assert m.operation_acc == pytest.approx(6 / 7)
    assert m.status_acc == pytest.approx(5 / 7)
    assert m.step_success_rate == pytest.approx(4 / 7)
    assert m.task_success_rate == pytest.approx(1 / 3)
    assert m.parse_failures == 1
    assert m.mean_step_latency_s == pytest.approx(9 / 7)
    assert set(m.by_family) == {"bold", "(no family)"}  # offline tasks have checkers
    assert m.by_family["bold"].tasks == 2
    assert m.by_family["bold"].task_success_rate == pytest.approx(0.5)
    assert m.by_family["bold"].step_success_rate == pytest.approx(4 / 5)
    nf = m.by_family["(no family)"]
    assert nf.task_success_rate == 0.0 and nf.step_success_rate == 0.0


def test_empty_offline_is_zero_not_an_error():
    m = aggregate_offline("x", [])
    assert (m.tasks, m.steps, m.task_success_rate, m.by_family) == (0, 0, 0.0, {})


# ----------------------------------------------------------------------------- online aggregate
def record(task_id: str, family: str | None, success: bool, latencies: list[float] | None, episode_s: float = 0.0,
           judge: str = "checker") -> dict:
    task = Task(id=task_id, request="Make it bold", template="t.docx", family=family, split="test")
    v = Verdict(success=success, judge=judge)
    traj = None
    if latencies is not None:
        steps = [Step(index=i, observation=OBS, action=Action(function="click_input", args={"control_label": "1"}),
                      result=StepResult(ok=True), latency_s=lat) for i, lat in enumerate(latencies)]
        traj = Trajectory(task=task, steps=steps, policy="p", verdict=v, timings={"episode_s": episode_s})
    return ExecutionRecord(task_id=task_id, task=task, trajectory=traj, verdict=v,
                           timings={"execute_s": episode_s + 1}).model_dump(mode="json")


def test_aggregate_online_on_collect_records():
    recs = [
        record("a", "bold", True, [1.0, 3.0], episode_s=10.0),
        record("b", "bold", False, [2.0, 2.0, 2.0], episode_s=20.0),
        record("c", "italic", False, None, judge="env_error"),  # the app died before a step
        record("d", "italic", True, [9.0], episode_s=99.0, judge="env_error"),  # void, whatever it says
    ]
    m = aggregate_online("phase4", recs)
    # an interrupted episode is neither a success nor a failure of the policy: counted apart
    assert (m.policy, m.tasks, m.successes, m.env_errors) == ("phase4", 2, 1, 2)
    assert m.task_success_rate == pytest.approx(0.5)
    assert m.avg_steps == pytest.approx(2.5)
    assert m.avg_completion_s == pytest.approx(15.0)
    assert m.latencies == [1.0, 3.0, 2.0, 2.0, 2.0]
    assert m.step_latency_s.mean == pytest.approx(2.0)
    assert m.step_latency_s.p50 == pytest.approx(2.0)
    assert m.step_latency_s.p95 == pytest.approx(2.8)  # linear between ranks, as numpy
    assert m.by_family["bold"].model_dump() == {"tasks": 2, "successes": 1, "task_success_rate": 0.5}
    assert "italic" not in m.by_family  # both its episodes were void


def test_aggregate_online_empty_and_percentile_edges():
    m = aggregate_online("x", [])
    assert (m.tasks, m.task_success_rate, m.avg_steps, m.step_latency_s.p95) == (0, 0.0, 0.0, 0.0)
    assert percentile([], 50) == 0.0
    assert percentile([4.0], 95) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)


def test_the_value_typed_or_selected_is_a_fourth_check_beside_the_papers_three():
    """A right control, function and status with the wrong keys is the paper's step success
    but not a strict one: online, such a step types "Heading 2" into the document."""
    g = gold("keyboard_input", "5", keys="^{END}")
    wrong = score_step("t1", "x", answer("keyboard_input", "5", keys="Heading 2"), g)
    assert wrong.success and not wrong.argument_ok
    right = score_step("t1", "x", answer("keyboard_input", "5", keys=" ^{END} "), g)
    assert right.success and right.argument_ok
    sel = score_step("t1", "x", answer("select_text", "5", text="Several crashes"), gold("select_text", "5", text="Several"))
    assert sel.success and not sel.argument_ok  # exact: a lower bound
    click = score_step("t1", "x", answer("click_input", "1"), gold("click_input", "1"))
    assert click.argument_ok  # nothing typed on either side
    other = score_step("t1", "x", answer("set_edit_text", "1", text="x"), gold("click_input", "1"))
    assert not other.argument_ok
    m = aggregate_offline("p", [wrong, right, click])
    assert m.step_success_rate == 1.0 and m.task_success_rate == 1.0
    assert m.argument_acc == pytest.approx(2 / 3) and m.strict_step_success_rate == pytest.approx(2 / 3)
    assert m.strict_task_success_rate == 0.0
