"""Judge specs (lamkit/dataflow/judge.py): the state-diff judge as `--judge state-diff`, its
verdicts filed by the runner, and bad specs refused with one line before anything starts."""

from __future__ import annotations

import pytest

from lamkit.dataflow.judge import (STATE_DIFF, STATE_DIFF_UNSURE, ReadsBefore, StateDiffJudge, check_judge, is_unsure,
                                   judge_is_usable, make_judge)
from lamkit.dataflow.runner import verdict_file
from lamkit.errors import LamkitError
from lamkit.schema import (Action, DocState, Observation, ParagraphState, PlanStep, RunState, Step, StepResult, Task,
                           Trajectory, Verdict)


def _state(superscript: bool) -> DocState:
    return DocState(paragraphs=[ParagraphState(text="Water boils at 100 degrees.", runs=[
        RunState(text="Water boils at 100 "), RunState(text="degrees", superscript=superscript), RunState(text=".")])])


def _traj(ok: bool = True) -> Trajectory:
    task = Task(id="t", request="Make text superscript or subscript", template="x.odt", family="help",
                plan=[PlanStep(step="select", function="select_text", control="<document>", args={"text": "degrees"}),
                      PlanStep(step="keys", function="keyboard_input", control="<document>", args={"keys": "^+p"}),
                      PlanStep(step="Finish", function="finish")])
    obs = Observation(controls=[])
    steps = [Step(index=0, observation=obs, action=Action(function="keyboard_input", args={"keys": "^+p"}),
                  result=StepResult(ok=ok, message="" if ok else "no control named 'X'")),
             Step(index=1, observation=obs, action=Action(function="finish"), status="FINISH", result=StepResult(ok=True))]
    return Trajectory(task=task, steps=steps, policy="heuristic")


def test_state_diff_is_a_judge_spec():
    assert check_judge(STATE_DIFF) == STATE_DIFF
    j = make_judge(STATE_DIFF)
    assert isinstance(j, StateDiffJudge) and j.needs_before
    good = j.judge(_traj(), _state(True), before=_state(False))
    assert good.judge == STATE_DIFF and good.success and judge_is_usable(good)
    assert verdict_file({"verdict": good.model_dump()}) == "pass"
    # a step that failed: a decided failure, filed as one (phase 4 may learn from it)
    bad = j.judge(_traj(ok=False), _state(False), before=_state(False))
    assert bad.judge == STATE_DIFF and not bad.success and verdict_file({"verdict": bad.model_dump()}) == "fail"
    # no state before the episode: unsure, filed with the unsure ones (never trained on)
    none = j.judge(_traj(), _state(True), before=None)
    assert none.judge == STATE_DIFF_UNSURE and is_unsure(none.judge) and not judge_is_usable(none)
    assert verdict_file({"verdict": none.model_dump()}) == "unsure"
    assert verdict_file({"verdict": Verdict(success=False, reason="?", judge="model-unsure:m").model_dump()}) == "unsure"


@pytest.mark.parametrize("spec", ["statediff", "state-diff:x", "model:", "gpt"])
def test_bad_judge_specs_are_refused_naming_the_choices(spec):
    with pytest.raises(LamkitError, match="state-diff") as e:
        check_judge(spec)
    assert spec in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(LamkitError):
        make_judge(spec)


def test_collect_refuses_a_bad_judge_before_starting(tmp_path, capsys):
    from lamkit.cli import main

    assert main(["collect", "--out", str(tmp_path), "--judge", "diff"]) == 2
    err = capsys.readouterr().err
    assert "--judge 'diff'" in err and "state-diff" in err and "Traceback" not in err
    assert not (tmp_path / "execution").exists()


def test_reads_before_reads_the_state_once_at_the_first_decision():
    class Env:
        reads = 0

        def state(self):
            Env.reads += 1
            return _state(False)

    class Pol:
        name = "p"
        extra = 7

        def reset(self, task):
            pass

        def act(self, task, obs, history):
            return "decision"

    w = ReadsBefore(Pol(), Env())
    w.reset(None)
    assert w.before is None and w.act(None, None, []) == "decision" and w.act(None, None, []) == "decision"
    assert Env.reads == 1 and w.before == _state(False) and w.name == "p" and w.extra == 7
    w.reset(None)
    assert w.before is None
