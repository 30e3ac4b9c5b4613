"""The heuristic expert's rule for a tree entry whose name a dialog's tree shows more than once
(Tools - Options: "General" under "LibreOffice" and under "Load/Save"): after the episode clicked
an entry that is now expanded, the step's name grounds to the first entry of that name at or
after it. Observations are built by hand after the live Options tree (GTK reports its rows as
table cells; labels and paths in the tree's order); the live click is in
tests/envs/test_writer_env.py."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Action, Control, Observation, PlanStep, Step, StepResult, Task

PLAN = [PlanStep(step="Click Load/Save", function="click_input", control="Load/Save"),
        PlanStep(step="Click General", function="click_input", control="General"),
        PlanStep(step="Select the Always create backup copy check box", function="click_input",
                 control="Always create backup copy")]
TASK = Task(id="t", request="Create a backup file every time you save a document", template="x.docx", plan=PLAN)
MAIN = [Control(label="1", role="document text", path="m0:0"), Control(label="2", role="push button", name="General", path="m0:1")]


def _tree(*rows: tuple[str, list[str]]) -> list[Control]:
    return [Control(label=str(10 + i), role="table cell", name=n, states=st, path=f"w1:{4 + i}") for i, (n, st) in enumerate(rows)]


OPEN = Observation(controls=[*MAIN, *_tree(("LibreOffice", ["expanded"]), ("User Data", ["selected"]), ("General", []),
                                           ("View", []), ("Load/Save", []), ("LibreOffice Writer", []))])
LOAD_SAVE = Observation(controls=[*MAIN, *_tree(("LibreOffice", ["expanded"]), ("User Data", []), ("General", []), ("View", []),
                                                ("Load/Save", ["selected", "expanded"]), ("General", []),
                                                ("VBA Properties", []), ("LibreOffice Writer", []))])


def _clicked(obs: Observation, label: str) -> list[Step]:
    return [Step(index=0, observation=obs, action=Action(function="click_input", args={"control_label": label}),
                 result=StepResult(ok=True, message="selected table cell"))]


def test_a_child_follows_the_expanded_entry_clicked_last():
    pol = HeuristicExpert()
    pol.reset(TASK)
    assert pol.act(TASK, OPEN, []).answer.args == {"control_label": "14"}  # Load/Save
    d = pol.act(TASK, LOAD_SAVE, _clicked(OPEN, "14"))
    assert d.answer.args == {"control_label": "15"}  # Load/Save's General, not LibreOffice's (12)


def test_without_a_clicked_expanded_entry_the_first_is_taken():
    """Before any tree click, and after a click on an entry that did not expand (a leaf), the
    name grounds as before: the first entry of that name."""
    task = TASK.model_copy(update={"plan": PLAN[1:]})
    pol = HeuristicExpert()
    pol.reset(task)
    assert pol.act(task, LOAD_SAVE, []).answer.args == {"control_label": "12"}
    leaf = Observation(controls=[c.model_copy(update={"states": ["selected"] if c.name == "Load/Save" else c.states})
                                 for c in LOAD_SAVE.controls])
    pol.reset(task)
    assert pol.act(task, leaf, _clicked(OPEN, "14")).answer.args == {"control_label": "12"}


def test_other_controls_are_grounded_as_before():
    """A name shown once in the tree, and a same-named control that is no tree entry, keep
    ground's choice."""
    plan = [PlanStep(step="Click VBA Properties", function="click_input", control="VBA Properties")]
    task = TASK.model_copy(update={"plan": plan})
    pol = HeuristicExpert()
    pol.reset(task)
    assert pol.act(task, LOAD_SAVE, _clicked(OPEN, "14")).answer.args == {"control_label": "16"}
    no_tree = Observation(controls=[*MAIN, Control(label="3", role="push button", name="VBA Properties", path="w1:0"),
                                    Control(label="4", role="push button", name="VBA Properties", path="w1:1")])
    pol.reset(task)
    assert pol.act(task, no_tree, _clicked(OPEN, "14")).answer.args == {"control_label": "3"}
