"""The safety gate: which actions the agent may run without asking.

A model's answer is untrusted text. Two rules stand between it and the
application:

* only the functions of the action set (DESIGN.md) run at all: anything else
  is refused, whatever a policy returns;
* *risky* actions, those whose effect cannot be undone inside the document
  (closing the window or the application, discarding changes, deleting or
  overwriting files, printing, sending mail, running or editing macros), run
  only when the user confirms them: interactively, or once for the whole run
  with ``--allow-risky``.

Risk is read from the control the action targets (its name and the window it
sits in, e.g. a "Delete" button in a file dialog) and from key chords
(Ctrl+Q quits, Ctrl+W and Alt+F4 close, Ctrl+P prints). Ordinary edits,
including the Delete key in the document, are not risky: they can be undone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lamkit.schema import ACTION_FUNCTIONS, Action, Control, Observation

# Names of controls whose activation leaves the document (or the machine) changed
# for good. Matched on the control's accessible name, case-insensitively.
_RISKY_NAMES = re.compile(
    r"^(don'?t save|discard|"
    r"print( directly)?|send|e-?mail( (as|document).*)?|send (document|via).*|"
    r"(run |edit |organi[sz]e )?macros?.*|record macro|delete( file)?s?|overwrite|replace file)\.*$",
    re.I,
)
# Closing is risky for the document window or the application, not for a dialog
# (Find & Replace's "Close" button only closes the dialog).
_CLOSE_NAMES = re.compile(r"^(close( window| document)?|exit( libreoffice)?|quit( libreoffice)?)\.*$", re.I)
# Key chords in pywinauto syntax (lamkit.envs.writer.keys): ^ Ctrl, % Alt, + Shift.
_RISKY_KEYS = {
    "^q": "quits LibreOffice",
    "^w": "closes the document window",
    "%{f4}": "closes the window",
    "^p": "prints",
    "^+p": "prints",
    "%{f11}": "opens the macro organiser",
}
# Windows (dialog titles) in which deleting means deleting files.
_FILE_DIALOGS = re.compile(r"\b(open|save( as)?|export|insert|templates?|file)\b", re.I)


class SafetyRefusal(Exception):
    """An action the gate refused; the message says why (shown to the user and the model)."""


def check_function(action: Action) -> str | None:
    """Why ``action`` is outside the action set, or None."""
    if action.function not in ACTION_FUNCTIONS:
        return f"function {action.function!r} is not in the action set ({', '.join(ACTION_FUNCTIONS)})"
    return None


def _control(action: Action, obs: Observation) -> Control | None:
    label = str(action.args.get("control_label", ""))
    return next((c for c in obs.controls if c.label == label), None) if label else None


def risk_of(action: Action, obs: Observation) -> str | None:
    """A short description of what makes ``action`` risky here, or None if it is safe."""
    fn = action.function
    if fn == "keyboard_input":
        keys = str(action.args.get("keys", "")).lower().replace(" ", "")
        for chord, what in _RISKY_KEYS.items():
            if chord in keys:
                return f"the key chord {chord!r} {what}"
        return None
    if fn != "click_input":
        return None
    c = _control(action, obs)
    if c is None:
        return None
    name = c.name.strip()
    if _CLOSE_NAMES.match(name) and not c.path.startswith("w"):  # "w" paths: dialogs and other secondary windows
        return f"{c.role} {name!r} closes the document or the application"
    if _RISKY_NAMES.match(name):
        if name.lower().startswith("delete") and not _FILE_DIALOGS.search(obs.window or ""):
            return None  # "Delete" in a table or comment menu edits the document: undoable
        return f"{c.role} {name!r} ({'in ' + obs.window if obs.window else 'on screen'})"
    return None


Confirm = Callable[[Action, str], bool]


class SafetyGate:
    """Decides, per action, whether it may run: ``None`` to go ahead, else the refusal.

    ``allow_risky`` approves every risky action (unattended runs the user vouched
    for); otherwise ``confirm(action, why)`` asks (the CLI asks on the terminal);
    with neither, risky actions are refused. Refusals are counted for the report.
    """

    def __init__(self, allow_risky: bool = False, confirm: Confirm | None = None):
        self.allow_risky = allow_risky
        self.confirm = confirm
        self.refused: list[str] = []

    def check(self, action: Action, obs: Observation) -> str | None:
        why = check_function(action)
        if why is None:
            risk = risk_of(action, obs)
            if risk is None or self.allow_risky:
                return None
            if self.confirm is not None and self.confirm(action, risk):
                return None
            why = f"refused a risky action: {risk}; rerun with --allow-risky to permit it"
        self.refused.append(why)
        return why
