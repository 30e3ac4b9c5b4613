"""The heuristic expert skips a dialog's remaining steps only on the environment's fact that
the dialog was confirmed (``StepResult.dialog_closed``), never because no dialog is showing;
and offline evaluation moves it through its public ``seek``. Observations are built by hand
(the expert is plain logic); the live behaviour is in tests/envs/test_writer_env.py and
tests/dataflow/test_families_writer.py (indent, insert_table)."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Action, Control, Observation, PlanStep, Step, StepResult, Task

PLAN = [PlanStep(step='Set the Before text box to "1 cm"', function="set_edit_text", control="Before text", args={"text": "1 cm"}),
        PlanStep(step="Click OK", function="click_input", control="OK"),
        PlanStep(step="Click Bold", function="click_input", control="Bold")]
TASK = Task(id="t", request="Indent the paragraph by 1 cm and make it bold", template="x.docx", plan=PLAN)
MAIN = Observation(controls=[Control(label="1", role="document text", path="m0:0.1"),
                             Control(label="2", role="toggle button", name="Bold", path="m0:0.2")])
DIALOG = Observation(controls=[*MAIN.controls, Control(label="3", role="spin button", name="Before text", path="w1:0.4"),
                               Control(label="4", role="push button", name="OK", path="w1:0.9")])


def _history(result: StepResult) -> list[Step]:
    return [Step(index=0, observation=DIALOG, action=Action(function="set_edit_text", args={"control_label": "3", "text": "1 cm"}),
                 result=result)]


def test_confirmed_dialog_skips_its_button():
    pol = HeuristicExpert()
    pol.reset(TASK)
    assert pol.act(TASK, DIALOG, []).answer.args == {"control_label": "3", "text": "1 cm"}
    d = pol.act(TASK, MAIN, _history(StepResult(ok=True, message="set spin button to '1 cm'", dialog_closed=True)))
    assert d.error is None and d.answer.function == "click_input" and d.answer.args == {"control_label": "2"}  # Bold, OK skipped


def test_a_missing_dialog_without_the_fact_is_a_failure():
    """The same screen, but the environment did not say the dialog closed (the old rule skipped
    any missing OK when no dialog showed; now that is reported, not hidden), even if the message
    says so in words."""
    pol = HeuristicExpert()
    pol.reset(TASK)
    pol.act(TASK, DIALOG, [])
    d = pol.act(TASK, MAIN, _history(StepResult(ok=True, message="set spin button to '1 cm'; Enter confirmed the dialog")))
    assert d.answer is None and "no control named 'OK'" in d.error


def test_the_fact_skips_only_controls_of_the_closed_dialog():
    """After a confirmed dialog, a missing control that was not in it (Bold, gone from the
    toolbar) is still a failure, not skipped."""
    plan = [PLAN[0], PlanStep(step="Click Bold", function="click_input", control="Bold")]
    task = TASK.model_copy(update={"plan": plan})
    pol = HeuristicExpert()
    pol.reset(task)
    pol.act(task, DIALOG, [])
    no_bold = Observation(controls=[MAIN.controls[0]])
    d = pol.act(task, no_bold, _history(StepResult(ok=True, dialog_closed=True)))
    assert d.answer is None and "no control named 'Bold'" in d.error


def test_seek_moves_the_expert_to_a_plan_step():
    pol = HeuristicExpert()
    pol.reset(TASK)
    pol.seek(2)
    assert pol.act(TASK, MAIN, []).answer.args == {"control_label": "2"}
    pol.seek(3)
    assert pol.act(TASK, MAIN, []).answer.function == "finish"
