"""Executing the action set on LibreOffice through AT-SPI (inside the worker process).

Each function prefers the accessibility API (``do_action``, ``EditableText``,
``Text.set_selection``: milliseconds, no pointer, no focus races) and falls back
to real input through xdotool at the control's box only where AT-SPI has no
equivalent (right and double clicks, wheel, key chords). Errors never raise out
of :func:`execute`: they become a failed result naming the problem.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import time
from typing import Any, NamedTuple

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

from lamkit.envs.writer.keys import KeySyntaxError, to_chords  # noqa: E402
from lamkit.envs.writer.observe import Snapshot, _arrow_box  # noqa: E402
from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS, Action  # noqa: E402

DIALOG_SETTLE_S = 1.0  # how long Enter in a dialog field may take to close the dialog
TEXT_SETTLE_S = 0.5  # how long a box may take to read back the text just set, before Enter
# Ends a set_edit_text message when Enter in a dialog field confirmed (closed) the dialog: words for
# the agent's memory. Code reads the structured fact instead (StepResult.dialog_closed).
DIALOG_CONFIRMED = "Enter confirmed the dialog"

_PRESS_NAMES = ("click", "press", "activate", "toggle", "jump", "open")
_TEXT_ROLES = ("text", "entry", "password text", "spin button", "combo box")
_DOC_ROLES = ("paragraph", "document text", "heading")
# Entries of a list or tree: in a dialog a left click selects them (Executor.select_entry).
_ENTRY_ROLES = ("table cell", "tree item", "list item")
ENTRY_SELECT_S = 1.0  # how long a clicked entry may take to report SELECTED


class ActionFailed(Exception):
    """The action could not be carried out; the message is shown to the agent."""


class Outcome(NamedTuple):
    """What :meth:`Executor.execute` reports. ``dialog_closed``: the action confirmed the dialog
    it acted in and the dialog is gone (Enter in a field pressed its default button); ``dialog``:
    the dialog a clicked push button sat in, for the worker to check once the UI settled
    (an OK that closed it). Structured facts, so that no policy parses the message."""

    message: str
    output: str | None = None
    done: bool = False
    dialog_closed: bool = False
    dialog: Any = None


def validate(action: Action, snap: Snapshot | None) -> str | None:
    """Return an error message for a malformed action, or None."""
    fn = action.function
    if fn not in ACTION_FUNCTIONS:
        return f"unknown function {fn!r}; allowed: {', '.join(ACTION_FUNCTIONS)}"
    missing = [a for a in REQUIRED_ARGS[fn] if a not in action.args or action.args[a] is None]
    if missing:
        return f"{fn} needs argument(s): {', '.join(missing)}"
    unknown = [a for a in action.args if a not in ACTION_FUNCTIONS[fn]]
    if unknown:
        return f"{fn} takes no argument(s) {', '.join(unknown)}; it takes: {', '.join(ACTION_FUNCTIONS[fn]) or 'none'}"
    label = action.args.get("control_label")
    if label not in (None, "") and snap is not None and str(label) not in snap.objects:
        return f"no control with label {label!r} in the current observation; {nearest_labels(str(label), snap)}"
    return None


def nearest_labels(label: str, snap: Snapshot, k: int = 5) -> str:
    by_name = [c for c in snap.controls if c.name and c.name.lower() == label.lower()]
    if by_name:
        return "did you mean " + ", ".join(f"{c.label} ({c.role} {c.name!r})" for c in by_name[:k]) + "?"
    if label.isdigit():
        n = int(label)
        near = sorted(snap.controls, key=lambda c: abs(int(c.label) - n))[:k]
    else:
        names = difflib.get_close_matches(label, [c.name for c in snap.controls if c.name], n=k, cutoff=0.5)
        near = [c for c in snap.controls if c.name in names][:k]
    if not near:
        return f"valid labels are 1..{len(snap.controls)}"
    return "nearest valid labels: " + ", ".join(f"{c.label} ({c.role} {c.name!r})" for c in near)


class Executor:
    def __init__(self, display_env: dict[str, str], uno, doc_getter):
        self.env = display_env
        self.uno = uno
        self.doc = doc_getter

    # ------------------------------------------------------------------ helpers
    def xdo(self, *args: str) -> None:
        r = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=10)
        if r.returncode != 0:
            raise ActionFailed(f"xdotool {' '.join(args)} failed: {r.stderr.strip()[:200]}")

    def _center(self, obj) -> tuple[int, int]:
        e = obj.get_extents(Atspi.CoordType.SCREEN)
        if e.width <= 0 or e.height <= 0:
            raise ActionFailed("the control has no box on screen")
        return e.x + e.width // 2, e.y + e.height // 2

    def _press(self, obj) -> bool:
        names = self._action_names(obj)
        if not names:
            return False
        idx = next((i for i, nm in enumerate(names) if nm in _PRESS_NAMES), 0)
        return bool(Atspi.Action.do_action(obj, idx))

    def _role(self, obj) -> str:
        return obj.get_role_name()

    # ------------------------------------------------------------------ the action set
    def execute(self, action: Action, snap: Snapshot) -> Outcome:
        """Run one action and report it. Raises ActionFailed."""
        a = action.args
        fn = action.function
        if fn == "finish":
            return Outcome("finished", done=True)
        if fn == "summary":
            return Outcome("summary recorded", str(a["text"]))
        obj = snap.objects.get(str(a.get("control_label"))) if a.get("control_label") not in (None, "") else None
        if fn == "click_input" and str(a.get("control_label")) in (snap.arrows or {}):
            return Outcome(self.click_arrow(obj))
        if fn == "click_input":
            dialog = self._dialog_of(obj) if obj is not None and self._role(obj) == "push button" else None
            return Outcome(self.click(obj, str(a.get("button", "left")), bool(a.get("double", False))), dialog=dialog)
        if fn == "set_edit_text":
            msg, confirmed = self.set_text(obj, str(a["text"]), snap)
            return Outcome(msg, dialog_closed=confirmed)
        if fn == "keyboard_input":
            return Outcome(self.keys(obj, str(a["keys"]), self._window_of(a.get("control_label"), snap)))
        if fn == "select_text":
            return Outcome(self.select(obj, str(a["text"]), snap))
        if fn == "wheel_mouse_input":
            return Outcome(self.wheel(obj, int(a["wheel_dist"])))
        if fn == "texts":
            return Outcome("read", self.read(obj))
        raise ActionFailed(f"unknown function {fn!r}")

    def click(self, obj, button: str, double: bool) -> str:
        if button not in ("left", "right", "middle"):
            raise ActionFailed(f"button must be left, right or middle, not {button!r}")
        role = self._role(obj)
        # Read the name before acting: a context-menu item that opens a dialog (Paragraph...,
        # Edit Style...) and a dialog's page tab can be destroyed by the click itself, and a
        # D-Bus read of the name afterwards failed with "Method Get ... could not be processed
        # as object ... does not exist" although the click had worked (the dialog was open).
        name = obj.get_name()
        popup = self._popup_of(obj) if button == "left" and not double and role in _ENTRY_ROLES else None
        if popup is not None:
            return self.choose_popup_entry(obj, role, name, popup)
        if button == "left" and not double and role in _ENTRY_ROLES and (self._dialog_of(obj) is not None or self._in_tree(obj)) \
                and "toggle" not in self._action_names(obj):
            return self.select_entry(obj, role, name)
        if button == "left" and not double and role not in _DOC_ROLES and role not in _TEXT_ROLES:
            if self._press(obj):
                return f"clicked {role} {name!r}"
            if role in ("page tab", "list item", "tree item"):
                parent = obj.get_parent()
                if parent is not None and parent.get_selection_iface() is not None:
                    Atspi.Selection.select_child(parent, obj.get_index_in_parent())
                    return f"selected {role} {name!r}"
        x, y = self._center(obj)
        btn = {"left": "1", "middle": "2", "right": "3"}[button]
        args = ["mousemove", str(x), str(y), "click"]
        if double:
            args += ["--repeat", "2", "--delay", "60"]
        self.xdo(*args, btn)
        return f"{'double-' if double else ''}{button}-clicked {role} {name!r} at ({x}, {y})"

    def click_arrow(self, obj) -> str:
        """A left click on a tool bar split button's drop-down arrow (:func:`observe._arrow_box` of
        the button's box as AT-SPI reports it, like :meth:`_center`'s clicks): the real mouse, since
        the button's one AT-SPI action runs its command instead. A button not enabled yet is given
        up to 2 s to become so (then clicked all the same: the popup's absence is the step's failure)."""
        deadline = time.monotonic() + 2.0
        while not obj.get_state_set().contains(Atspi.StateType.ENABLED) and time.monotonic() < deadline:
            # measured: right after Ctrl+C, Paste is enabled only once the clipboard's owner
            # answers, and a click on its arrow while it is disabled opens nothing
            time.sleep(0.05)
        e = obj.get_extents(Atspi.CoordType.SCREEN)
        arrow = _arrow_box((e.x, e.y, e.width, e.height))
        if arrow is None:
            raise ActionFailed("the button shows no drop-down arrow")
        x, y = arrow[0] + arrow[2] // 2, arrow[1] + arrow[3] // 2
        self.xdo("mousemove", str(x), str(y), "click", "1")
        return f"clicked the drop-down arrow of {obj.get_name()!r} at ({x}, {y})"

    @staticmethod
    def _in_tree(obj) -> bool:
        """Whether the entry is a row of a tree outside any dialog (the sidebar Navigator's content
        list). Why: its cells offer "activate" first, GTK's row-activated (a double click's signal),
        which there jumps to the item instead of selecting it, and the Navigator's Promote and
        Demote icons act on the selected heading; a user's single click selects it
        (:meth:`select_entry`). A document table's cells sit in a "table", not a tree."""
        o = obj
        for _ in range(3):
            o = o.get_parent() if o is not None else None
            if o is None:
                return False
            if o.get_role_name() in ("tree table", "tree"):
                return True
        return False

    @staticmethod
    def _action_names(obj) -> list[str]:
        """The names of the actions ``obj`` offers, in their index order ([] without the interface)."""
        if not hasattr(obj, "get_action_iface") or obj.get_action_iface() is None:
            return []
        return [Atspi.Action.get_action_name(obj, i) for i in range(Atspi.Action.get_n_actions(obj))]

    @staticmethod
    def _selected(obj) -> bool | None:
        """Whether the entry reports SELECTED; None when it is gone (its list was rebuilt)."""
        try:
            st = obj.get_state_set()
        except Exception:  # noqa: BLE001 - a defunct accessible
            return None
        if st.contains(Atspi.StateType.DEFUNCT):
            return None
        return st.contains(Atspi.StateType.SELECTED)

    def _wait_selected(self, obj, timeout_s: float = ENTRY_SELECT_S) -> bool | None:
        deadline = time.monotonic() + timeout_s
        while True:
            sel = self._selected(obj)
            if sel or sel is None or time.monotonic() >= deadline:
                return sel
            time.sleep(0.05)

    @staticmethod
    def _selected_in(parent, name: str) -> bool | None:
        """Whether ``parent`` (a list or tree) has an entry named ``name`` selected now; None if
        that cannot be read (the list itself is gone)."""
        try:
            if parent is None or parent.get_selection_iface() is None:
                return None
            for i in range(Atspi.Selection.get_n_selected_children(parent)):
                child = Atspi.Selection.get_selected_child(parent, i)
                if child is not None and child.get_name() == name:
                    return True
            return False
        except Exception:  # noqa: BLE001 - a defunct list
            return None

    def select_entry(self, obj, role: str, name: str) -> str:
        """A left click on an entry of a list or tree in a dialog (the Options tree, the Fields
        dialog's Type and Select lists): select it the way a user's click does, and say so only
        if the selection really moved.

        Why: GTK's cell accessibles offer "expand or contract", "edit" and "activate", and
        ``_press`` picked "activate" (GTK's row-activated, a double click's signal): it returned
        success while the dialog's selection stayed where it was, so Tools - Options never left
        "User Data" and the Fields dialog kept its first type. ``Selection.select_child`` moves
        the highlight but LibreOffice's dialogs do not react to it (the Options page stays).
        What works, measured on LibreOffice 7.4: ``Component.grab_focus`` on the cell, which GTK
        turns into ``gtk_tree_view_set_cursor`` (cursor and selection move, LibreOffice shows the
        page); a real click at the entry's box is the fallback. A collapsed category (Options'
        "Language Settings") is then expanded, since selecting a category shows no page and the
        entries the next step names are under it."""
        how = ""
        parent = obj.get_parent()
        if obj.get_component_iface() is not None and Atspi.Component.grab_focus(obj):
            sel = self._wait_selected(obj)
        else:
            sel = False
        if sel is False:
            x, y = self._center(obj)
            self.xdo("mousemove", str(x), str(y), "click", "1")
            how = f" by a click at ({x}, {y})"
            sel = self._wait_selected(obj)
        if sel is None:  # the dialog refilled the list (the Fields dialog's Functions page does)
            sel = self._selected_in(parent, name)
            if sel is None:
                return f"clicked {role} {name!r}{how}; its list was rebuilt, so the selection could not be read back"
            if sel:
                return f"selected {role} {name!r}{how}"
        if not sel:
            raise ActionFailed(f"clicking {role} {name!r} did not select it: the list kept its selection")
        msg = f"selected {role} {name!r}{how}"
        try:
            st = obj.get_state_set()
            names = self._action_names(obj)
            if st.contains(Atspi.StateType.EXPANDABLE) and not st.contains(Atspi.StateType.EXPANDED) \
                    and "expand or contract" in names:
                Atspi.Action.do_action(obj, names.index("expand or contract"))
                if obj.get_state_set().contains(Atspi.StateType.EXPANDED):
                    msg += " and expanded it"
        except Exception:  # noqa: BLE001 - selected is what the click promised; expanding is a courtesy
            pass
        return msg

    def choose_popup_entry(self, obj, role: str, name: str, popup) -> str:
        """A left click on an entry of an open drop-down list's popup: choose it, as a user's
        click does, and say so only if the popup closed on it.

        Why: a dialog's drop-down list (the Table of Contents dialog's Type) opens as a separate
        unnamed top-level ``window`` holding a table of cells; the cell's "activate" action
        (what ``_press`` picks) closed the popup but left the list's choice as it was (measured
        on LibreOffice 7.4: the dialog kept showing Table of Contents' options). What chooses
        the entry: ``Component.grab_focus`` on the cell (GTK moves the cursor there, scrolling
        a long list) and Enter; a real click at its box is the fallback. ``popup``: the window it is in."""
        how = ""
        if obj.get_component_iface() is not None and Atspi.Component.grab_focus(obj) and self._wait_selected(obj):
            self.xdo("key", "--clearmodifiers", "Return")
        else:
            x, y = self._center(obj)
            self.xdo("mousemove", str(x), str(y), "click", "1")
            how = f" by a click at ({x}, {y})"
        if not self._wait_closed(popup, DIALOG_SETTLE_S):
            raise ActionFailed(f"clicking {role} {name!r} did not choose it: its drop-down list stayed open")
        return f"chose {role} {name!r} from the drop-down list{how}"

    @classmethod
    def _popup_of(cls, obj):
        """The drop-down popup ``obj`` is in (an unnamed top-level ``window``), or None."""
        return cls._top_window(obj, "window")

    def set_text(self, obj, text: str, snap: Snapshot) -> tuple[str, bool]:
        """Set an entry's text (or type into the document); returns (message, whether Enter
        confirmed and closed the entry's dialog)."""
        role = self._role(obj)
        if role in _DOC_ROLES:
            return self.type_into_document(obj, text, snap), False
        if obj.get_editable_text_iface() is None:
            raise ActionFailed(f"{role} {obj.get_name()!r} is not editable; set_edit_text needs an entry or the document")
        dialog = self._dialog_of(obj)
        if dialog is not None and role == "spin button" and obj.get_value_iface() is not None \
                and re.fullmatch(r"-?\d+(\.\d+)?", text.strip()):
            # In a dialog, Enter would confirm the whole dialog (Insert Table closes after its
            # first box): set a plain number through the Value interface, and let the plan press
            # OK. A value with a unit ("1.5 cm") goes in as text, as before.
            Atspi.Value.set_current_value(obj, float(text))
            return f"set {role} to {text!r}", False
        Atspi.EditableText.set_text_contents(obj, text)
        names = self._action_names(obj)
        if "activate" in names:
            self._wait_text(obj, text, TEXT_SETTLE_S)
            Atspi.Action.do_action(obj, names.index("activate"))  # toolbar boxes apply on Enter
            if dialog is not None and self._wait_closed(dialog, DIALOG_SETTLE_S):
                return f"set {role} to {text!r}; {DIALOG_CONFIRMED}", True
        return f"set {role} to {text!r}", False

    @staticmethod
    def _top_window(obj, role: str):
        """The application's top-level window ``obj`` is in when that window has ``role``, else None."""
        try:
            o = obj
            for _ in range(40):
                parent = o.get_parent()
                if parent is None or parent.get_role_name() == "application":
                    return o if o.get_role_name() == role else None
                o = parent
        except Exception:  # noqa: BLE001 - a defunct accessible is in no window
            return None
        return None

    @classmethod
    def _dialog_of(cls, obj):
        """The dialog window ``obj`` is in, or None (a toolbar box, the document)."""
        return cls._top_window(obj, "dialog")

    @staticmethod
    def gone(window) -> bool:
        """Whether ``window`` stopped showing (or is defunct) now."""
        try:
            st = window.get_state_set()
            return st.contains(Atspi.StateType.DEFUNCT) or not st.contains(Atspi.StateType.SHOWING)
        except Exception:  # noqa: BLE001 - gone
            return True

    @staticmethod
    def _wait_text(obj, text: str, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until ``obj`` reads back ``text``; True if it did.

        Why: under load, Enter sent right after the text was set pressed the Paragraph dialog's
        OK with the box's old value: the dialog closed and the indent stayed 0 (CI, stops 28
        and 29, tests/envs/test_writer_env.py). Reading it back first costs a few ms."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if Atspi.Text.get_text(obj, 0, -1) == text:
                    return True
            except Exception:  # noqa: BLE001 - a box that cannot be read back is pressed as before
                return False
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    @staticmethod
    def _wait_closed(window, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for ``window`` to stop showing; True if it did.

        Why: Enter in a dialog's last field (Insert Table's columns) presses its default
        button, and LibreOffice closes the dialog a moment later. Observed before it is gone,
        the screen still shows the dialog and its OK button, which an agent then clicks
        after it vanished: a failed step in a successful task (seen under load in CI)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if Executor.gone(window):
                return True
            time.sleep(0.05)
        return False

    def type_into_document(self, obj, text: str, snap: Snapshot) -> str:
        par = obj if self._role(obj) == "paragraph" else (self._selected_paragraph(snap) or self._caret_paragraph(snap))
        if par is None:
            raise ActionFailed("no paragraph to type into is showing")
        pos = Atspi.Text.get_caret_offset(par)
        if Atspi.Text.get_n_selections(par) > 0:
            # typing over a selection replaces it, as it does for a user
            rng = Atspi.Text.get_selection(par, 0)
            if rng.end_offset > rng.start_offset:
                Atspi.EditableText.delete_text(par, rng.start_offset, rng.end_offset)
                pos = rng.start_offset
        if pos < 0:
            pos = Atspi.Text.get_character_count(par)
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if part:
                # quirk 1: the length must be the UTF-8 byte length; -1 crashes soffice
                Atspi.EditableText.insert_text(par, pos, part, len(part.encode("utf-8")))
                pos += len(part)
            if i < len(parts) - 1:
                Atspi.Text.set_caret_offset(par, pos)
                self.xdo("key", "--clearmodifiers", "Return")
                time.sleep(0.05)
                par = self._live_caret_paragraph(snap) or par
                pos = max(Atspi.Text.get_caret_offset(par), 0)
        if pos >= 0:
            Atspi.Text.set_caret_offset(par, pos)
        return f"typed {len(text)} character(s)"

    def _selected_paragraph(self, snap: Snapshot):
        for o in snap.objects.values():
            if self._role(o) == "paragraph" and o.get_text_iface() is not None and Atspi.Text.get_n_selections(o) > 0:
                return o
        return None

    def _caret_paragraph(self, snap: Snapshot | None):
        if snap is not None:
            # The caret offset decides, not FOCUSED: the paragraph under reset's settling
            # click keeps FOCUSED for good, so after Ctrl+End two paragraphs report it and
            # only the one holding the caret has an offset >= 0.
            pars = [o for lbl, o in snap.objects.items() if self._role(o) == "paragraph"]
            with_caret = [p for p in pars if Atspi.Text.get_caret_offset(p) >= 0]
            for p in with_caret:
                if p.get_state_set().contains(Atspi.StateType.FOCUSED):
                    return p
            if with_caret:
                return with_caret[0]
            for p in pars:
                if p.get_state_set().contains(Atspi.StateType.FOCUSED):
                    return p
            return pars[-1] if pars else None
        return None

    def _live_caret_paragraph(self, snap: Snapshot):
        """The paragraph holding the caret now (a new one after Enter is not in the snapshot)."""
        doc = next((o for o in snap.objects.values() if self._role(o) == "document text"), None)
        if doc is None:
            return None
        for i in range(doc.get_child_count()):
            p = doc.get_child_at_index(i)
            if p is not None and p.get_text_iface() is not None and Atspi.Text.get_caret_offset(p) >= 0:
                return p
        return None

    def _window_of(self, label, snap: Snapshot) -> str | None:
        """Title of the window the keys are for: the control's own window, else the newest one."""
        if label not in (None, ""):
            c = next((c for c in snap.controls if c.label == str(label)), None)
            if c is not None:
                return snap.window_titles.get(c.path.split(":")[0])
        return snap.newest_window

    def focus_window(self, title: str | None) -> None:
        """Give a top-level window the X input focus. There is no window manager,
        so keys go wherever focus last was unless we say so (a dialog would not
        get its Escape)."""
        if not title:
            return
        r = subprocess.run(["xdotool", "search", "--name", f"^{re.escape(title)}$"], env=self.env, capture_output=True, text=True, timeout=10)
        ids = r.stdout.split()
        if not ids:
            return
        cur = subprocess.run(["xdotool", "getwindowfocus"], env=self.env, capture_output=True, text=True, timeout=10).stdout.strip()
        if cur in ids:
            return  # already there: re-focusing would move GTK's focus off the widget being edited
        subprocess.run(["xdotool", "windowfocus", ids[-1]], env=self.env, capture_output=True, timeout=10)

    def keys(self, obj, keys: str, window_title: str | None = None) -> str:
        try:
            chords = to_chords(keys)
        except KeySyntaxError as e:
            raise ActionFailed(f"cannot read keys {keys!r}: {e}") from None
        self.focus_window(window_title)
        if obj is not None and self._role(obj) not in _DOC_ROLES:  # grabbing the document's focus would drop its selection
            try:
                obj.get_component_iface() and Atspi.Component.grab_focus(obj)
            except Exception:  # noqa: BLE001 - focus is best effort; keys still go to the active window
                pass
        for ch in chords:
            self.xdo("key", "--clearmodifiers", ch)
        return f"pressed {' '.join(chords)}"

    def select(self, obj, text: str, snap: Snapshot) -> str:
        if not text:
            raise ActionFailed("select_text needs non-empty text")
        role = self._role(obj)
        candidates = [obj] if role in ("paragraph",) + _TEXT_ROLES else []
        if role == "document text" or not candidates:
            # a heading is body text too (Writer gives a Heading-style paragraph the role "heading");
            # skipped, its text was only found by Writer's search below, or in a later paragraph
            # that repeats it (a table of contents, a cross-reference)
            candidates = [o for o in snap.objects.values() if self._role(o) in ("paragraph", "heading")]
        for p in candidates:
            if p.get_text_iface() is None:
                continue
            n = Atspi.Text.get_character_count(p)
            s = Atspi.Text.get_text(p, 0, n)
            i = s.find(text)
            if i >= 0:
                if Atspi.Text.get_n_selections(p) > 0:
                    Atspi.Text.set_selection(p, 0, i, i + len(text))
                else:
                    Atspi.Text.add_selection(p, i, i + len(text))
                return f"selected {text!r}"
        # Off-screen paragraphs are not in the accessibility tree: let Writer find the text.
        doc = self.doc()
        if doc is not None and role in _DOC_ROLES:
            sd = doc.createSearchDescriptor()
            sd.SearchString = text
            sd.SearchCaseSensitive = True
            found = doc.findFirst(sd)
            if found is not None:
                doc.getCurrentController().select(found)
                return f"selected {text!r} (found by Writer's search)"
        raise ActionFailed(f"text {text!r} not found in the document")

    def wheel(self, obj, dist: int) -> str:
        x, y = self._center(obj)
        btn = "4" if dist > 0 else "5"
        self.xdo("mousemove", str(x), str(y), "click", "--repeat", str(max(1, abs(dist))), "--delay", "20", btn)
        return f"scrolled {'up' if dist > 0 else 'down'} {abs(dist)}"

    def read(self, obj) -> str:
        if obj.get_text_iface() is not None:
            n = Atspi.Text.get_character_count(obj)
            return Atspi.Text.get_text(obj, 0, min(n, 5000))
        return obj.get_name() or ""
