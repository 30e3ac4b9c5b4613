"""The heuristic expert and a check-box step that carries the state it wants (``args["check"]``,
the compiler's note, never passed to the environment): a click toggles, so a box already in that
state is left alone (the step is done without an action and the next step is acted on at once);
a box in the other state is clicked. Observations are built by hand, with the states the observer
reads (``Atspi.StateType.CHECKED`` -> "checked"); the live run is in
tests/dataflow/test_help_checkstate_live.py."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Control, Observation, PlanStep, Task

PLAN = [PlanStep(step="Select the Heading check box", function="click_input", control="Heading", args={"check": True}),
        PlanStep(step="Clear the Repeat heading rows on new pages check box", function="click_input",
                 control="Repeat heading rows on new pages", args={"check": False}),
        PlanStep(step="Click Insert", function="click_input", control="Insert"),
        PlanStep(step="Finish: the task is done", function="finish")]


def _dialog(heading: bool, repeat: bool) -> list[Control]:
    def states(on):
        return ["enabled", "focusable", "showing", "visible"] + (["checked"] if on else [])
    return [Control(label="1", role="check box", name="Heading", states=states(heading), path="w1:3"),
            Control(label="2", role="check box", name="Repeat heading rows on new pages", states=states(repeat), path="w1:4"),
            Control(label="3", role="push button", name="Insert", states=states(False), path="w1:9")]


def _task():
    return Task(id="t", request="Insert a table with a heading", template="x.docx", plan=PLAN)


def _act(pol, task, controls):
    d = pol.act(task, Observation(controls=controls), [])
    assert d.answer is not None, d.error
    return d.answer.function, d.answer.args, d.answer.thought


def test_a_box_already_in_the_wanted_state_is_skipped():
    pol, task = HeuristicExpert(), _task()
    pol.reset(task)
    # Heading on (wanted on), Repeat off (wanted off): both steps done, Insert is the action
    assert _act(pol, task, _dialog(True, False)) == ("click_input", {"control_label": "3"}, "Click Insert")
    assert _act(pol, task, [])[0] == "finish"


def test_a_box_in_the_other_state_is_clicked_without_the_note():
    pol, task = HeuristicExpert(), _task()
    pol.reset(task)
    assert _act(pol, task, _dialog(False, True)) == ("click_input", {"control_label": "1"}, "Select the Heading check box")
    assert _act(pol, task, _dialog(True, True)) == ("click_input", {"control_label": "2"},
                                                    "Clear the Repeat heading rows on new pages check box")
    assert _act(pol, task, _dialog(True, False))[1] == {"control_label": "3"}


def test_skipping_the_last_step_finishes():
    plan = [PlanStep(step="Select the Heading check box", function="click_input", control="Heading", args={"check": True})]
    pol, task = HeuristicExpert(), Task(id="t", request="r", template="x.docx", plan=plan)
    pol.reset(task)
    assert _act(pol, task, _dialog(True, False))[0] == "finish"


def test_a_control_whose_state_is_not_read_is_clicked():
    """No states (an observation that did not read them), or a control of a role that has no check
    state: nothing says the box is as wanted, so the step clicks as a step without the note."""
    bare = [c.model_copy(update={"states": []}) for c in _dialog(False, False)]
    pol, task = HeuristicExpert(), _task()
    pol.reset(task)
    pol.seek(1)
    assert _act(pol, task, bare)[1] == {"control_label": "2"}
    label = [Control(label="7", role="label", name="Heading", states=["enabled"], path="w1:2")]
    pol.seek(0)
    assert _act(pol, task, label)[1] == {"control_label": "7"}
