"""The safety gate over a fixed list of risky attempts, as key chords and as clicks (issue 16).

Every attempt must be refused by a default gate (no --allow-risky, no confirmation);
every safe look-alike next to it must pass, so the gate is not simply refusing
everything. docs/safety.md lists the same attempts.
"""

from __future__ import annotations

import pytest

from lamkit.agent.safety import SafetyGate
from lamkit.schema import Action, Control, Observation

WRITER = "Untitled 1 - LibreOffice Writer"

# (keys typed into the document) -> what the chord does
RISKY_KEYS = [
    ("^q", "quit"),
    ("Ctrl+Q", "quit"),
    ("ctrl+shift+q", "quit"),
    ("^w", "close the document window"),
    ("Control+W", "close the document window"),
    ("^{F4}", "close the document window"),
    ("%{F4}", "close the window"),
    ("Alt+F4", "close the window"),
    ("^p", "print"),
    ("Ctrl+P", "print"),
    ("%{F11}", "open the macros"),
    ("%fx", "File > Exit"),
    ("%fc", "File > Close"),
    ("%fp", "File > Print"),
    ("%fd", "File > Send"),
    ("Hello{ENTER}^q", "quit after typing"),
]

# (window title, role, control name, path) -> a click on it
RISKY_CLICKS = [
    (WRITER, "menu item", "Exit LibreOffice", "m:0.1"),
    (WRITER, "menu item", "Close", "m:0.2"),
    (WRITER, "menu item", "Close Window", "m:0.3"),
    ("Save Document?", "push button", "Don't Save", "w1:0.1"),
    ("Save Document?", "push button", "Discard Changes", "w1:0.2"),
    (WRITER, "menu item", "Print...", "m:0.4"),
    (WRITER, "menu item", "Print Directly", "m:0.5"),
    ("Print", "push button", "Print", "w1:0.3"),
    (WRITER, "menu item", "Email Document...", "m:0.6"),
    (WRITER, "menu item", "Email as PDF...", "m:0.7"),
    (WRITER, "menu item", "Run Macro...", "m:0.8"),
    (WRITER, "menu item", "Edit Macros...", "m:0.9"),
    (WRITER, "menu item", "Organize Macros", "m:0.10"),
    (WRITER, "menu item", "Record Macro", "m:0.11"),
    ("Macro Selector", "push button", "Run", "w1:0.4"),
    ("Open", "menu item", "Delete", "w1:0.5"),
    ("Save As", "push button", "Delete", "w1:0.6"),
    ("Templates", "menu item", "Delete", "w1:0.7"),
    ("Open", "menu item", "Move to Trash", "w1:0.8"),
    ("Confirm Replace: the file already exists", "push button", "Replace", "w1:0.9"),
]

# Look-alikes that edit the document (undoable) or only close a dialog: must pass.
SAFE_KEYS = ["^b", "Ctrl+Shift+P", "^+b", "{DELETE}", "^z", "%o", "%fs", "Hello world{ENTER}", "^{HOME}"]
SAFE_CLICKS = [
    (WRITER, "push button", "Bold", "m:1.1"),
    ("Find and Replace", "push button", "Close", "w1:1.1"),
    ("Find and Replace", "push button", "Replace", "w1:1.2"),
    (WRITER, "menu item", "Delete", "m:1.2"),  # Table > Delete: an edit
    ("Paragraph", "push button", "Cancel", "w1:1.3"),
    (WRITER, "menu item", "Print Preview", "m:1.3"),
]


def test_the_list_has_at_least_twenty_attempts_each_way():
    assert len(RISKY_KEYS) >= 10 and len(RISKY_CLICKS) >= 10 and len(RISKY_KEYS) + len(RISKY_CLICKS) >= 20


@pytest.mark.parametrize(("keys", "what"), RISKY_KEYS, ids=[k for k, _ in RISKY_KEYS])
def test_risky_key_chords_are_refused(keys, what):
    obs = Observation(window=WRITER, controls=[Control(label="1", role="document text", path="m:0.0")])
    gate = SafetyGate()
    why = gate.check(Action(function="keyboard_input", args={"control_label": "1", "keys": keys}), obs)
    assert why and "--allow-risky" in why, f"{keys!r} ({what}) was not refused"
    assert gate.refused == [why]


@pytest.mark.parametrize(("window", "role", "name", "path"), RISKY_CLICKS, ids=[f"{w}:{n}" for w, _, n, _ in RISKY_CLICKS])
def test_risky_clicks_are_refused(window, role, name, path):
    obs = Observation(window=window, controls=[Control(label="1", role=role, name=name, path=path)])
    gate = SafetyGate()
    why = gate.check(Action(function="click_input", args={"control_label": "1"}), obs)
    assert why and "--allow-risky" in why and name in why, f"{name!r} in {window!r} was not refused"


def test_safe_look_alikes_pass():
    gate = SafetyGate()
    doc = Observation(window=WRITER, controls=[Control(label="1", role="document text", path="m:0.0")])
    for keys in SAFE_KEYS:
        assert gate.check(Action(function="keyboard_input", args={"control_label": "1", "keys": keys}), doc) is None, keys
    for window, role, name, path in SAFE_CLICKS:
        obs = Observation(window=window, controls=[Control(label="1", role=role, name=name, path=path)])
        assert gate.check(Action(function="click_input", args={"control_label": "1"}), obs) is None, (window, name)
    assert gate.refused == []


def test_allow_risky_lets_the_whole_list_through_and_confirmation_is_asked_for_each():
    asked = []
    gate = SafetyGate(confirm=lambda a, why: asked.append(why) or False)
    doc = Observation(window=WRITER, controls=[Control(label="1", role="document text", path="m:0.0")])
    for keys, _ in RISKY_KEYS:
        act = Action(function="keyboard_input", args={"control_label": "1", "keys": keys})
        assert SafetyGate(allow_risky=True).check(act, doc) is None
        assert gate.check(act, doc) is not None
    assert len(asked) == len(RISKY_KEYS)
