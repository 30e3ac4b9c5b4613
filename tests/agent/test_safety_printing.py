"""The gate's ``allow_printing``: the help episodes' gate (lamkit.dataflow.help.execute) lets
printing through, since the Writer environment's printer writes into the episode's folder; every
other risky action stays refused."""

from lamkit.agent.safety import SafetyGate, prints
from lamkit.schema import Action, Control, Observation

WRITER = "Untitled 1 - LibreOffice Writer"


def click(role: str, name: str, window: str = WRITER) -> tuple[Action, Observation]:
    path = "w1:3" if window != WRITER else "m:0.1"  # a dialog's control, or the document window's menu
    obs = Observation(window=window, controls=[Control(label="1", role=role, name=name, path=path)])
    return Action(function="click_input", args={"control_label": "1"}), obs


def keys(k: str) -> tuple[Action, Observation]:
    obs = Observation(window=WRITER, controls=[Control(label="1", role="document text", path="m:0.0")])
    return Action(function="keyboard_input", args={"control_label": "1", "keys": k}), obs


def test_printing_passes_and_nothing_else():
    gate = SafetyGate(allow_printing=True)
    for a, o in (click("menu item", "Print..."), click("push button", "Print", "Print"), keys("^p"), keys("%fp")):
        assert prints(a, o) and gate.check(a, o) is None
    for a, o in (click("menu item", "Exit LibreOffice"), click("push button", "Send"), keys("^q"), keys("%fx")):
        assert not prints(a, o) and gate.check(a, o) is not None


def test_a_default_gate_still_refuses_printing():
    a, o = click("push button", "Print", "Print")
    assert SafetyGate().check(a, o) is not None
