"""The heuristic expert and a menu's check entry the plan wants in a state ("Choose Tools -
AutoCorrect, and ensure that While Typing is selected": ``args["check"]``): an entry in the other
state is clicked (the click also closes the menus); one already in it is not clicked, and the menus
the plan opened to reach it are closed with Escape, once per open menu, so the next step starts
with no menu open. Observations are built by hand with the states the observer reads; the live
run of both cases is in tests/dataflow/test_help_options_live.py."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Control, Observation, PlanStep, Task

PLAN = [PlanStep(step="Click Tools on the menu bar", function="click_input", control="Tools"),
        PlanStep(step="Click AutoCorrect", function="click_input", control="AutoCorrect"),
        PlanStep(step="Select While Typing (a check entry of the menu)", function="click_input", control="While Typing",
                 args={"check": True}),
        PlanStep(step="Finish: the task is done", function="finish")]


def _menu(on: bool) -> list[Control]:
    st = ["enabled", "showing", "visible", "checkable"] + (["checked"] if on else [])
    return [Control(label="5", role="check menu item", name="While Typing", states=st, path="m0:7:0"),
            Control(label="6", role="menu item", name="Apply", states=["enabled", "showing"], path="m0:7:1")]


def _task():
    return Task(id="t", request="Enable automatic numbering and bullet", template="x.docx", plan=PLAN)


def test_a_check_entry_already_on_closes_the_menus_instead_of_clicking():
    pol, task = HeuristicExpert(), _task()
    pol.seek(2)
    d = pol.act(task, Observation(controls=_menu(True)), [])
    assert (d.answer.function, d.answer.args) == ("keyboard_input", {"keys": "{ESC}{ESC}"})  # Tools and AutoCorrect open
    assert pol.act(task, Observation(controls=[]), []).answer.function == "finish"


def test_a_check_entry_off_is_clicked_without_the_note():
    pol, task = HeuristicExpert(), _task()
    pol.seek(2)
    d = pol.act(task, Observation(controls=_menu(False)), [])
    assert (d.answer.function, d.answer.args) == ("click_input", {"control_label": "5"})
