"""The safety gate: which actions the agent may run without asking.

A model's answer is untrusted text. Two rules stand between it and the
application:

* only the functions of the action set (docs/paper_notes.md) run at all: anything else
  is refused, whatever a policy returns;
* *risky* actions, those whose effect cannot be undone inside the document
  (closing the window or the application, discarding changes, deleting or
  overwriting files, printing, sending mail, running or editing macros), run
  only when the user confirms them: interactively, or once for the whole run
  with ``--allow-risky``.

Risk is read from the control the action targets (its name, its role and the
window it sits in, e.g. a "Delete" button in a file dialog; a submenu, check box,
tab or list entry does not act by itself, whatever its name) and from key chords
(Ctrl+Q quits, Ctrl+W, Ctrl+F4 and Alt+F4 close, Ctrl+P prints, Alt+F11 opens
the macros, Alt+F then X/C/P/D exits, closes, prints or sends through the File
menu). Chords are compared after parsing (:func:`lamkit.envs.writer.keys.to_chords`),
so ``^q``, ``Ctrl+Q`` and ``^(q)`` are one chord. Ordinary edits, including the
Delete key in the document and Ctrl+Shift+P (superscript), are not risky: they
can be undone. The fixed list the gate is tested on is in docs/safety.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lamkit.envs.writer.paths import is_dialog_path
from lamkit.schema import ACTION_FUNCTIONS, Action, Control, Observation

# Names of controls whose activation leaves the document (or the machine) changed
# for good. Matched on the control's accessible name, case-insensitively.
_RISKY_NAMES = re.compile(
    r"^(don'?t save|discard( changes)?|close without saving|"
    r"print( directly)?|send|e-?mail( (as|document).*)?|send (document|via).*|"
    r"(run |edit |organi[sz]e )?macros?.*|record macro|delete( files?)?|move to (the )?trash|overwrite|replace file)\.*$",
    re.I,
)
# Roles that do not act by themselves: a "menu" only opens its submenu (Tools - Macros holds
# XML Filter Settings...; its entries are checked when they are clicked), a check box, option,
# tab, list or tree entry only changes a setting or a selection ("Print" in Tools - Options'
# page tree, a frame's "Print" check box). Risky names are read on the other roles.
_INERT_ROLES = {"menu", "check box", "radio button", "page tab", "table cell", "tree item", "list item", "label"}
# Closing is risky for the document window or the application, not for a dialog
# (Find & Replace's "Close" button only closes the dialog).
_CLOSE_NAMES = re.compile(r"^(close( window| document)?|exit( libreoffice)?|quit( libreoffice)?)\.*$", re.I)
# Key chords as parsed by lamkit.envs.writer.keys.to_chords, normalised by _chord:
# (sorted modifiers, key in lower case). Exact matches: Ctrl+Shift+P is superscript.
_RISKY_CHORDS = {
    (("ctrl",), "q"): "quits LibreOffice",
    (("ctrl", "shift"), "q"): "quits LibreOffice",
    (("ctrl",), "w"): "closes the document window",
    (("ctrl",), "f4"): "closes the document window",
    (("alt",), "f4"): "closes the window",
    (("ctrl",), "p"): "prints",
    (("alt",), "f11"): "opens the macros",
    (("alt", "shift"), "f11"): "opens the macros",
}
# Alt+F opens the File menu; these keys then pick Exit, Close, Print and Send.
_FILE_MENU_KEYS = {"x": "exits LibreOffice", "c": "closes the document", "p": "prints", "d": "sends the document"}
# Windows in which "Run" runs a macro, and in which "Replace" overwrites a file.
_MACRO_WINDOWS = re.compile(r"\bmacro", re.I)
_OVERWRITE_WINDOWS = re.compile(r"already exists|overwrite|replace file|confirm", re.I)
# Windows (dialog titles) in which deleting means deleting files.
_FILE_DIALOGS = re.compile(r"\b(open|save( as)?|export|insert|templates?|file)\b", re.I)


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
        return _key_risk(str(action.args.get("keys", "")))
    if fn != "click_input":
        return None
    c = _control(action, obs)
    if c is None:
        return None
    name = c.name.strip()
    if _CLOSE_NAMES.match(name) and not is_dialog_path(c.path):  # a dialog's Close only closes the dialog
        return f"{c.role} {name!r} closes the document or the application"
    where = f"in {obs.window}" if obs.window else "on screen"
    if c.role in _INERT_ROLES:
        return None
    if _RISKY_NAMES.match(name):
        if name.lower().startswith("delete") and not _FILE_DIALOGS.search(obs.window or ""):
            return None  # "Delete" in a table or comment menu edits the document: undoable
        return f"{c.role} {name!r} ({where})"
    bare = name.rstrip(".").lower()
    if bare in ("run", "execute") and _MACRO_WINDOWS.search(obs.window or ""):
        return f"{c.role} {name!r} runs a macro ({where})"
    if bare == "replace" and _OVERWRITE_WINDOWS.search(obs.window or ""):
        return f"{c.role} {name!r} overwrites a file ({where})"
    return None


def _chord(chord: str) -> tuple[tuple[str, ...], str]:
    *mods, key = chord.split("+") if chord != "plus" else [chord]
    return tuple(sorted(m.lower() for m in mods)), key.lower()


def _key_risk(keys: str) -> str | None:
    """Why typing ``keys`` is risky, or None. Keys that cannot be parsed are not run
    by the environment either (a clear error), so they are not risky here."""
    from lamkit.envs.writer.keys import KeySyntaxError, to_chords

    try:
        chords = [_chord(c) for c in to_chords(keys)]
    except KeySyntaxError:
        return None
    for i, ch in enumerate(chords):
        if ch in _RISKY_CHORDS:
            return f"the key chord {keys!r} {_RISKY_CHORDS[ch]}"
        if ch == (("alt",), "f") and i + 1 < len(chords) and chords[i + 1] in {((), k) for k in _FILE_MENU_KEYS}:
            return f"the keys {keys!r} open the File menu and pick an entry that {_FILE_MENU_KEYS[chords[i + 1][1]]}"
    return None


_PRINT_NAMES = re.compile(r"^print( directly)?\.*$", re.I)


def prints(action: Action, obs: Observation) -> bool:
    """``action`` prints or opens the Print dialog (File - Print..., the dialog's Print button,
    Ctrl+P, Alt+F P): the risk :class:`SafetyGate` ``allow_printing`` lets through."""
    if action.function == "keyboard_input":
        from lamkit.envs.writer.keys import KeySyntaxError, to_chords

        try:
            chords = [_chord(c) for c in to_chords(str(action.args.get("keys", "")))]
        except KeySyntaxError:
            return False
        return (("ctrl",), "p") in chords or any(a == (("alt",), "f") and b == ((), "p") for a, b in zip(chords, chords[1:]))
    c = _control(action, obs) if action.function == "click_input" else None
    return c is not None and c.role not in _INERT_ROLES and bool(_PRINT_NAMES.match(c.name.strip()))


Confirm = Callable[[Action, str], bool]


class SafetyGate:
    """Decides, per action, whether it may run: ``None`` to go ahead, else the refusal.

    ``allow_risky`` approves every risky action (unattended runs the user vouched
    for); otherwise ``confirm(action, why)`` asks (the CLI asks on the terminal);
    with neither, risky actions are refused. Refusals are counted for the report.
    ``allow_printing`` approves printing only (:func:`prints`): for environments whose printer
    writes into a file of the episode (the Writer environment's does), where a print job is
    something to read back, not paper.
    """

    def __init__(self, allow_risky: bool = False, confirm: Confirm | None = None, allow_printing: bool = False):
        self.allow_risky = allow_risky
        self.allow_printing = allow_printing
        self.confirm = confirm
        self.refused: list[str] = []

    def check(self, action: Action, obs: Observation) -> str | None:
        why = check_function(action)
        if why is None:
            risk = risk_of(action, obs)
            if risk is None or self.allow_risky or self.allow_printing and prints(action, obs):
                return None
            if self.confirm is not None and self.confirm(action, risk):
                return None
            why = f"refused a risky action: {risk}; rerun with --allow-risky to permit it"
        self.refused.append(why)
        return why
