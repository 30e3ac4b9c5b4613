"""Two things that stopped executed help plans, on hand-built observations (the expert and the
gate are plain logic; the live episodes are in runs/help-bench, benchmarks/help_bench.py):

- after Enter confirmed a dialog, its "Insert" step must not ground to the Insert *menu*
  ("Insert a new section": the episode clicked the menu and left it open);
- the safety gate must not refuse controls that do not act by themselves (the Tools - Macros
  submenu on the way to XML Filter Settings..., the "Print" entry of Tools - Options' page tree,
  a frame's "Print" check box), while the risky entries beside them stay refused.
"""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.agent.safety import SafetyGate
from lamkit.schema import Action, Control, Observation, PlanStep, Step, StepResult, Task

WRITER = "table-00.docx - LibreOffice Writer"


def test_a_confirmed_dialogs_insert_does_not_ground_to_the_insert_menu():
    plan = [PlanStep(step='Type "Cobalt87" in the New Section box', function="set_edit_text", control="New Section", args={"text": "Cobalt87"}),
            PlanStep(step="Click Insert", function="click_input", control="Insert"),
            PlanStep(step="Finish", function="finish")]
    task = Task(id="help-s", request="Insert a new section", template="x.docx", plan=plan)
    menu = Control(label="5", role="menu", name="Insert", path="m0:0.3")
    main = Observation(window=WRITER, controls=[Control(label="1", role="document text", path="m0:1"), menu])
    dialog = Observation(window="Insert Section", controls=[*main.controls,
                                                            Control(label="9", role="text", name="New Section", path="w1:0.2"),
                                                            Control(label="10", role="push button", name="Insert", path="w1:0.9")])
    pol = HeuristicExpert()
    pol.reset(task)
    assert pol.act(task, dialog, []).answer.args["control_label"] == "9"
    hist = [Step(index=0, observation=dialog, action=Action(function="set_edit_text", args={"control_label": "9", "text": "Cobalt87"}),
                 result=StepResult(ok=True, dialog_closed=True))]
    d = pol.act(task, main, hist)
    assert d.error is None and d.answer.function == "finish"  # the dialog's Insert is moot, the menu is not clicked
    # without the environment's fact, the same screen still grounds "Insert" (to the menu): nothing is hidden
    pol.reset(task)
    pol.act(task, dialog, [])
    hist[0] = hist[0].model_copy(update={"result": StepResult(ok=True)})
    assert pol.act(task, main, hist).answer.args["control_label"] == "5"


def _check(role: str, name: str, window: str = WRITER, path: str = "m0:0.1") -> str | None:
    obs = Observation(window=window, controls=[Control(label="1", role=role, name=name, path=path)])
    return SafetyGate().check(Action(function="click_input", args={"control_label": "1"}), obs)


def test_the_gate_lets_inert_controls_named_like_risky_ones_through():
    assert _check("menu", "Macros") is None  # opens the submenu holding XML Filter Settings...
    assert _check("table cell", "Print", "Options - LibreOffice Writer - Print", "w1:0.4") is None
    assert _check("check box", "Print", "Frame", "w1:0.5") is None
    # the acting entries next to them are still refused
    for role, name, window in (("menu item", "Run Macro...", WRITER), ("menu item", "Edit Macros...", WRITER),
                               ("menu item", "Print...", WRITER), ("push button", "Print", "Print")):
        why = _check(role, name, window)
        assert why and "--allow-risky" in why, (role, name)
