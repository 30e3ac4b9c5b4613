"""Invalid answers, bootstrap intervals and the target_ref / compound breakdowns (issue 13),
on hand-built records with known answers."""

from __future__ import annotations

import pytest

from lamkit.dataflow.runner import ExecutionRecord
from lamkit.evaluate.metrics import (
    NO_TARGET_REF,
    StepScore,
    aggregate_offline,
    aggregate_online,
    bootstrap_ci,
    task_groups,
)
from lamkit.evaluate.report import build_report
from lamkit.schema import Action, Control, Observation, Step, StepResult, Task, Trajectory, Verdict

OBS = Observation(window="w", controls=[Control(label="1", role="push button", name="Bold", path="m:0.1")])


def sc(task, i, ok=True, ref="quoted", compound=False, invalid=0, family="bold") -> StepScore:
    return StepScore(task_id=task, family=family, step_index=i, object_ok=ok, operation_ok=True, status_ok=True,
                     success=ok, target_ref=ref, compound=compound, invalid_answers=invalid)


def test_task_groups_reads_target_ref_and_compound_from_tasks_and_dicts():
    t = Task(id="a", request="r", template="t.docx", family="bold+align_center",
             params={"target_ref": "position", "compound": "and"})
    assert task_groups(t) == ("position", "compound")
    assert task_groups(t.model_dump(mode="json")) == ("position", "compound")
    assert task_groups({"family": "bold", "params": {"target_ref": "role"}}) == ("role", "single")
    assert task_groups({"family": None}) == (NO_TARGET_REF, "single")  # harvested: no target_ref


def test_bootstrap_ci_is_seeded_brackets_the_rate_and_degenerates_on_constant_data():
    groups = [(1, 1)] * 7 + [(0, 1)] * 3
    lo, hi = bootstrap_ci(groups)
    assert lo < 0.7 < hi and 0.3 < lo and hi <= 1.0
    assert bootstrap_ci(groups) == [lo, hi]  # same seed, same interval
    assert bootstrap_ci([(1, 1)] * 5) == [1.0, 1.0]
    assert bootstrap_ci([]) is None
    # a ratio of sums over groups: SSR resampled over tasks
    lo, hi = bootstrap_ci([(2, 2), (0, 3)], resamples=200)
    assert lo == 0.0 and hi == 1.0


def test_offline_breakdowns_invalid_answers_and_cis():
    scores = [
        sc("a", 0, ref="quoted"), sc("a", 1, ref="quoted"),  # right
        sc("b", 0, ok=False, ref="position", invalid=2),  # wrong after two invalid answers
        sc("c", 0, ref="position", compound=True, family="bold+italic"), sc("c", 1, ok=False, ref="position",
                                                                             compound=True, invalid=1, family="bold+italic"),
        sc("d", 0, ref="none"),
    ]
    m = aggregate_offline("phase4", scores)
    assert m.invalid_answers == 3
    assert m.task_success_rate == pytest.approx(0.5)
    assert m.tsr_ci is not None and m.tsr_ci[0] <= 0.5 <= m.tsr_ci[1]
    assert m.ssr_ci is not None and m.ssr_ci[0] <= m.step_success_rate <= m.ssr_ci[1]
    assert {k: (v.tasks, v.task_success_rate) for k, v in m.by_target_ref.items()} == {
        "none": (1, 1.0), "position": (2, 0.0), "quoted": (1, 1.0)}
    assert m.by_target_ref["position"].step_success_rate == pytest.approx(1 / 3)
    assert {k: (v.tasks, v.task_success_rate) for k, v in m.by_compound.items()} == {
        "compound": (1, 0.0), "single": (3, 2 / 3)}
    assert set(m.by_family) == {"bold", "bold+italic"}


def record(task_id, success, invalid, ref="quoted", family="bold", compound=None, judge="checker") -> dict:
    params = {"target_ref": ref} | ({"compound": compound} if compound else {})
    task = Task(id=task_id, request="r", template="t.docx", family=family, split="test", params=params)
    v = Verdict(success=success, judge=judge)
    steps = [Step(index=i, observation=OBS, action=Action(function="click_input", args={"control_label": "1"}),
                  result=StepResult(ok=True), latency_s=1.0, invalid_answers=n) for i, n in enumerate(invalid)]
    traj = Trajectory(task=task, steps=steps, policy="p", verdict=v, timings={"episode_s": 3.0})
    return ExecutionRecord(task_id=task_id, task=task, trajectory=traj, verdict=v).model_dump(mode="json")


def test_online_invalid_answers_breakdowns_and_ci():
    recs = [
        record("a", True, [0, 0], ref="quoted"),
        record("b", False, [1, 0, 2], ref="description"),
        record("c", True, [0], ref="role", family="bold+align_center", compound="and"),
        record("d", False, [1], ref="role", judge="env_error"),  # void episode: its invalid answers still count
    ]
    m = aggregate_online("phase4", recs)
    assert m.invalid_answers == 4
    # the void episode is counted apart, in no rate and no group (neither a success nor a failure)
    assert (m.tasks, m.successes, m.env_errors) == (3, 2, 1)
    assert m.tsr_ci is not None and m.tsr_ci[0] <= m.task_success_rate <= m.tsr_ci[1]
    assert {k: (v.tasks, v.successes) for k, v in m.by_target_ref.items()} == {
        "description": (1, 0), "quoted": (1, 1), "role": (1, 1)}
    assert {k: (v.tasks, v.successes) for k, v in m.by_compound.items()} == {"compound": (1, 1), "single": (2, 1)}
    old = dict(recs[0])  # records written before Step.invalid_answers existed read as 0
    for s in old["trajectory"]["steps"]:
        s.pop("invalid_answers")
    assert aggregate_online("x", [old]).invalid_answers == 0


def test_report_shows_invalid_answers_cis_and_breakdowns(tmp_path):
    off = aggregate_offline("phase4", [sc("a", 0, ref="position", invalid=2), sc("b", 0, ok=False, compound=True)])
    on = aggregate_online("phase4", [record("a", True, [3], ref="description")])
    nums = build_report({"offline": {"phase4": off}, "online": {"phase4": on}}, tmp_path / "r.html", tmp_path / "r.json")
    html = (tmp_path / "r.html").read_text()
    for text in ("invalid answers", "TSR 95% CI", "SSR 95% CI", "target_ref", "compound", "description", "position"):
        assert text in html, text
    assert nums["offline"]["phase4"]["invalid_answers"] == 2 and nums["online"]["phase4"]["invalid_answers"] == 3
    assert nums["offline"]["phase4"]["tsr_ci"] == off.tsr_ci


def test_evaluate_offline_counts_the_decisions_invalid_answers_and_groups_by_target_ref():
    from lamkit.agent.policy import Decision
    from lamkit.agent.prompting import ModelAnswer
    from lamkit.evaluate.offline import evaluate_offline

    class Stubborn:
        """A policy that needed one invalid answer at every step, then names the control by its name."""
        name = "stubborn"

        def reset(self, task):
            pass

        def act(self, task, obs, history):
            return Decision(answer=ModelAnswer(function="click_input", args={"control_label": "Bold"}), invalid=1,
                            label_of={"Bold": "1"})

    task = Task(id="t", request="Make the second paragraph bold", template="t.docx", family="bold", split="test",
                params={"target_ref": "position"})
    gold = [Step(index=0, observation=OBS, action=Action(function="click_input", args={"control_label": "1"}))]
    m, scores = evaluate_offline([Trajectory(task=task, steps=gold, policy="expert")], Stubborn())
    assert m.invalid_answers == 1 and scores[0].invalid_answers == 1
    assert m.step_success_rate == 1.0  # "Bold" grounded on the gold screen
    assert set(m.by_target_ref) == {"position"} and set(m.by_compound) == {"single"}
