"""The agent's gate and grounding on hand-built observations (no application needed)."""

from __future__ import annotations

import pytest

from lamkit.agent.grounding import GroundingError, ground_action
from lamkit.agent.safety import SafetyGate, risk_of
from lamkit.schema import Action, Control, Observation


def obs(window="Untitled 1 - LibreOffice Writer", *controls):
    cs = [Control(label=str(i + 1), role=r, name=n, path=p) for i, (r, n, p) in enumerate(controls)]
    return Observation(controls=cs, window=window)


WRITER = obs(
    "Untitled 1 - LibreOffice Writer",
    ("push button", "Bold", "m:0.1"),
    ("push button", "Close", "m:0.2"),
    ("menu item", "Print...", "m:0.3"),
    ("menu item", "Delete", "m:0.4"),
    ("document text", "", "m:0.5"),
    ("menu item", "Run Macro...", "m:0.6"),
)


def test_safe_actions_pass_and_risky_ones_are_refused_by_default():
    gate = SafetyGate()
    assert gate.check(Action(function="click_input", args={"control_label": "1"}), WRITER) is None
    assert gate.check(Action(function="keyboard_input", args={"control_label": "5", "keys": "{DELETE}"}), WRITER) is None
    assert gate.check(Action(function="click_input", args={"control_label": "4"}), WRITER) is None  # Delete in the document: undoable
    for label in ("2", "3", "6"):
        why = gate.check(Action(function="click_input", args={"control_label": label}), WRITER)
        assert why and "--allow-risky" in why
    why = gate.check(Action(function="keyboard_input", args={"control_label": "5", "keys": "^q"}), WRITER)
    assert why and "quits" in why
    assert len(gate.refused) == 4


def test_functions_outside_the_action_set_are_refused_even_when_risky_is_allowed():
    gate = SafetyGate(allow_risky=True)
    why = gate.check(Action(function="run_shell", args={"cmd": "rm -rf ~"}), WRITER)
    assert why and "not in the action set" in why
    assert gate.check(Action(function="click_input", args={"control_label": "2"}), WRITER) is None


def test_confirmation_decides_risky_actions():
    asked = []
    gate = SafetyGate(confirm=lambda a, why: asked.append(why) or True)
    assert gate.check(Action(function="click_input", args={"control_label": "3"}), WRITER) is None
    assert asked and "Print" in asked[0]
    gate = SafetyGate(confirm=lambda a, why: False)
    assert gate.check(Action(function="click_input", args={"control_label": "3"}), WRITER) is not None


def test_deleting_in_a_file_dialog_is_risky_but_closing_a_dialog_is_not():
    dialog = obs("Save As", ("push button", "Delete", "w1:0.1"))
    assert risk_of(Action(function="click_input", args={"control_label": "1"}), dialog)
    find = obs("Find and Replace", ("push button", "Close", "w1:0.2"))
    assert risk_of(Action(function="click_input", args={"control_label": "1"}), find) is None


def test_grounding_keeps_valid_labels_and_maps_names_to_labels():
    a = Action(function="click_input", args={"control_label": "1"})
    assert ground_action(a, WRITER) == a
    g = ground_action(Action(function="click_input", args={"control_label": "bold"}), WRITER)
    assert g.args["control_label"] == "1"
    assert ground_action(Action(function="finish"), WRITER).function == "finish"


def test_grounding_error_names_the_nearest_controls():
    with pytest.raises(GroundingError) as e:
        ground_action(Action(function="click_input", args={"control_label": "Bolder text"}), WRITER)
    assert "Bolder text" in str(e.value) and "Bold" in str(e.value)
    with pytest.raises(GroundingError):
        ground_action(Action(function="click_input", args={"control_label": "99"}), WRITER)
