"""The heuristic expert looks for a control the plan names on the open dialog's other tabs.

Why: LibreOffice's Print dialog reopens on the tab used last within one soffice run (its
"LastPage" lives in vcl's in-memory SettingsConfigItem, read without change notification), so a
plan that names "Selection" (General tab) fails after an episode that printed from the
"LibreOffice Writer" tab. Observations are built by hand (the expert is plain logic); the live
sequence is tests/envs/test_print_live.py::test_the_next_print_finds_the_general_tab_options."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Control, Observation, PlanStep, Task

PLAN = [PlanStep(step="Choose the Selection option", function="click_input", control="Selection"),
        PlanStep(step="Click Print", function="click_input", control="Print")]
TASK = Task(id="t", request="Print a selection of text or graphics", template="x.docx", plan=PLAN)
DOC = Control(label="1", role="document text", path="m0:0.1")
TABS = [Control(label="2", role="page tab", name="General", path="w1:0.1.0"),
        Control(label="3", role="page tab", name="LibreOffice Writer", path="w1:0.1.1", states=["selected"]),
        Control(label="4", role="push button", name="Print", path="w1:0.9")]
ON_WRITER_TAB = Observation(controls=[DOC, *TABS, Control(label="5", role="check box", name="Print text in black", path="w1:0.1.1.3")])
ON_GENERAL_TAB = Observation(controls=[DOC, TABS[0].model_copy(update={"states": ["selected"]}), TABS[1].model_copy(update={"states": []}),
                                       TABS[2], Control(label="6", role="radio button", name="Selection", path="w1:0.1.0.4")])


def test_a_control_on_another_tab_is_found_by_turning_to_it():
    pol = HeuristicExpert()
    pol.reset(TASK)
    d = pol.act(TASK, ON_WRITER_TAB, [])
    assert d.error is None and d.answer.args == {"control_label": "2"}  # the General tab, not the selected one
    d = pol.act(TASK, ON_GENERAL_TAB, [])
    assert d.answer.args == {"control_label": "6"}  # the step itself, now showing
    assert pol.act(TASK, ON_GENERAL_TAB, []).answer.args == {"control_label": "4"}


def test_each_tab_is_tried_once_then_the_step_fails():
    plan = [PlanStep(step="Click Brochure", function="click_input", control="Brochure")]
    task = TASK.model_copy(update={"plan": plan})
    pol = HeuristicExpert()
    pol.reset(task)
    assert pol.act(task, ON_WRITER_TAB, []).answer.args == {"control_label": "2"}
    d = pol.act(task, ON_GENERAL_TAB, [])  # General tried; LibreOffice Writer was the tab first shown, now unselected
    assert d.answer.args == {"control_label": "3"}
    d = pol.act(task, ON_WRITER_TAB, [])
    assert d.answer is None and "no control named 'Brochure'" in d.error and "tabs shown: General, LibreOffice Writer" in d.error


def test_no_dialog_tabs_no_turning():
    pol = HeuristicExpert()
    pol.reset(TASK)
    d = pol.act(TASK, Observation(controls=[DOC]), [])
    assert d.answer is None and "no control named 'Selection'" in d.error


def test_a_close_match_outside_the_dialog_waits_for_the_dialog_s_tabs():
    """The sidebar's "Page" toggle is a close match of "Pages" (difflib), but the step means the
    Print dialog's "Pages:" option on its General tab: the tab first; the option itself is then
    clicked, not the entry beside it that the observer names after it ("Pages")."""
    plan = [PlanStep(step="Select the Pages check box", function="click_input", control="Pages", args={"check": True}),
            PlanStep(step='Type "1-4" in the Pages box', function="set_edit_text", control="Pages", args={"text": "1-4"})]
    task = TASK.model_copy(update={"plan": plan})
    side = Control(label="9", role="toggle button", name="Page", path="m0:0.90", states=["enabled"])
    general = ON_GENERAL_TAB.model_copy(update={"controls": [*ON_GENERAL_TAB.controls, side,
                                                             Control(label="7", role="radio button", name="Pages:", path="w1:0.1.0.5"),
                                                             Control(label="8", role="text", name="Pages", path="w1:0.1.0.6")]})
    writer = ON_WRITER_TAB.model_copy(update={"controls": [*ON_WRITER_TAB.controls, side]})
    pol = HeuristicExpert()
    pol.reset(task)
    assert pol.act(task, writer, []).answer.args == {"control_label": "2"}  # General, not the sidebar's Page
    assert pol.act(task, general, []).answer.args == {"control_label": "7"}  # the option "Pages:", not its entry
    assert pol.act(task, general, []).answer.args == {"control_label": "8", "text": "1-4"}
