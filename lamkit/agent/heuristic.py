"""The heuristic expert: follows an instantiated plan, grounding each step on the live UI.

No model. Each PlanStep names a function and a control by the name Writer's
accessibility tree gives it; the expert finds that control in the current
observation (exact name first, then a close match) and emits the action.
Ties go to the newest window (an open dialog), then to menus and menu items
over toolbar buttons of the same name ("Table" the menu, not the button).
When a step cannot be grounded the expert gives up with an error: its
failures are real data for phases 3 and 4, not something to hide.
"""

from __future__ import annotations

import difflib
import time

from lamkit.agent.policy import Decision
from lamkit.agent.prompting import ModelAnswer
from lamkit.envs.writer.paths import is_dialog_path, window_of, window_rank
from lamkit.schema import Control, Observation, PlanStep, Step, Task

DOC = "<document>"
_ROLE_RANK = {"menu item": 0, "check menu item": 0, "radio menu item": 0, "menu": 1, "page tab": 2, "radio button": 3,
              "check box": 3, "push button": 4, "toggle button": 4, "text": 2, "spin button": 2, "combo box": 2}
_EDIT_ROLES = ("text", "spin button", "combo box", "entry")
# Entries of a dialog's tree (GTK reports the Options tree's rows as table cells).
_TREE_ROLES = ("table cell", "tree item")
# What an entry of a list or drop-down list is on screen (a step naming its list clicks only these).
_ENTRY_ROLES = (*_TREE_ROLES, "list item", "menu item", "check menu item", "radio menu item")
# What opens a drop-down list: its button (the observer names it "<label> list").
_OPENER_ROLES = ("toggle button", "combo box", "push button")


def ground(name: str, function: str, obs: Observation) -> Control | None:
    """The control a plan step means, or None."""
    if name == DOC:
        return next((c for c in obs.controls if c.role == "document text"), None)
    cands = [c for c in obs.controls if c.name == name]
    if function == "click_input" and cands and all(c.role in _EDIT_ROLES for c in cands):
        # an entry named after the option beside it (observe._option_left: the Print dialog's
        # "Pages" range beside the "Pages:" option): a click means the option
        cands = [c for c in obs.controls if c.role not in _EDIT_ROLES and c.name and _bare(c.name) == _bare(name)] or cands
    if not cands:
        low = name.lower().rstrip(".…").strip()
        cands = [c for c in obs.controls if c.name.lower().rstrip(".…").strip() == low]
    if not cands:
        names = difflib.get_close_matches(name, [c.name for c in obs.controls if c.name], n=1, cutoff=0.85)
        cands = [c for c in obs.controls if names and c.name == names[0]]
    if not cands and function == "set_edit_text":
        cands = _entry_by_words(name, obs)
    if function == "set_edit_text":
        cands = [c for c in cands if c.role in _EDIT_ROLES] or cands
    elif function == "click_input":
        cands = [c for c in cands if c.role not in _EDIT_ROLES] or cands
    if not cands:
        return None
    newest = max((window_of(c.path) for c in cands), key=window_rank)
    return min(cands, key=lambda c: (window_of(c.path) != newest, _ROLE_RANK.get(c.role, 5), int(c.label)))


def _bare(name: str) -> str:
    return name.lower().rstrip(".…:").strip()


def _exact(c: Control, name: str) -> bool:
    """Whether ``c`` carries the step's name itself (case, a trailing "..." or ":" aside), not a
    close match of it."""
    return _bare(c.name) == _bare(name)


def _entry_by_words(name: str, obs: Observation) -> list[Control]:
    """The one entry of a dialog named by the step's words with words more or fewer at one end:
    the help (and so the plan) names a box as an older dialog labelled it ("the Replace with box"
    -> "Replace", "Words with TWo INitial CApitals" -> "Words With TWo INitial CApitals or sMALL
    iNITIAL", "the Condition box" -> "With Condition"). Only for typing, only entries of a dialog
    window, and only when exactly one such name is showing: else nothing (the step fails)."""
    key = " ".join(name.lower().split())
    if not key:
        return []

    def fits(n: str) -> bool:
        n = " ".join(n.lower().lstrip("_").rstrip(":").split())
        return n.startswith(key + " ") or n.endswith(" " + key) or key.startswith(n + " ")

    hits = [c for c in obs.controls if c.role in _EDIT_ROLES and c.name and is_dialog_path(c.path) and fits(c.name)]
    return hits if len({c.name for c in hits}) == 1 else []


def _tree_child(chosen: Control, obs: Observation, history: list[Step]) -> Control:
    """For a click on a tree entry whose name the dialog's tree shows more than once, the first
    one at or after the entry the episode clicked last, when that entry is expanded: a child
    follows its parent in the tree's order. Else ``chosen`` (``ground``'s pick) unchanged.

    Why: Tools - Options has "General", "View" and "Print" both under "LibreOffice" (which
    stays expanded) and under "Load/Save" / "LibreOffice Writer"; a plan clicks the parent (the
    environment selects and expands it) and then the child by name, and ``ground``'s lowest
    label took LibreOffice's entry, so the page the help means never showed (doc_autosave:
    "Always create backup copy", print_blackwhite: "Print black"). Only entries of a dialog's
    tree, only when the name is shown more than once there; every other control, and a tree
    entry before the episode clicked one, is grounded as before."""
    if chosen.role not in _TREE_ROLES or not is_dialog_path(chosen.path):
        return chosen
    win = window_of(chosen.path)
    same = [c for c in obs.controls if c.role == chosen.role and c.name == chosen.name and window_of(c.path) == win]
    if len(same) < 2:
        return chosen
    last = None
    for st in reversed(history):
        lab = st.action.args.get("control_label") if st.action.function == "click_input" else None
        was = st.observation.control(str(lab)) if lab is not None else None
        if was is not None and was.role == chosen.role and window_of(was.path) == win:
            last = was
            break
    if last is None:
        return chosen
    # The clicked entry now: the environment selected it, so prefer the selected one of its name.
    now = [c for c in obs.controls if c.role == last.role and c.name == last.name and window_of(c.path) == win]
    anchor = next((c for c in now if "selected" in c.states), None) or next((c for c in now if c.path == last.path), None)
    if anchor is None or "expanded" not in anchor.states:
        return chosen
    after = [c for c in same if int(c.label) >= int(anchor.label)]
    return min(after, key=lambda c: int(c.label)) if after else chosen


def _entry_of_list(name: str, obs: Observation) -> Control | None:
    """The entry ``name`` of a list, grounded only among list entries: a step that names its
    list means an entry, never a button or a frame that happens to carry the same word (the
    Fields dialog's "Page" frame for the Type list's "Page"). When no entry has that name, the
    one dialog entry whose name begins with it as whole words: the help names an entry as an
    older version labelled it (the Type list's "Page" is 7.4's "Page number (unstyled)"); two
    such names showing, and nothing (the step fails)."""
    entries = obs.model_copy(update={"controls": [c for c in obs.controls if c.role in _ENTRY_ROLES]})
    hit = ground(name, "click_input", entries)
    if hit is not None:
        return hit
    key = " ".join(name.lower().split())
    longer = [c for c in entries.controls if is_dialog_path(c.path) and " ".join(c.name.lower().split()).startswith(key + " ")]
    return longer[0] if key and len({c.name for c in longer}) == 1 else None


def _drop_downs(name: str, obs: Observation) -> list[Control]:
    """The buttons that may open the dialog's drop-down list the help calls ``name`` ("the Type
    list"), in screen order: the dialog controls named "<name> list" (the observer's name for a
    drop-down's button), else those whose name ends so ("Style" -> "Paragraph style list" and
    "Character style list": the help names the list by an older, shorter label, and only the
    lists' entries tell them apart). Empty when no such list is showing."""
    key = " ".join(f"{name} list".lower().split())
    ops = [c for c in obs.controls if c.role in _OPENER_ROLES and is_dialog_path(c.path)]
    for fits in (lambda n: n == key, lambda n: n.endswith(" " + key)):
        hits = [c for c in ops if fits(" ".join(c.name.lower().split()))]
        if hits:
            newest = max((window_of(c.path) for c in hits), key=window_rank)
            return sorted((c for c in hits if window_of(c.path) == newest), key=lambda c: int(c.label))
    return []


# Controls whose states say whether they are checked (for any other, a missing "checked" says nothing).
_CHECKABLE_ROLES = ("check box", "check menu item", "radio button", "radio menu item",
                    "toggle button")  # a sidebar deck's toggle icon (the Navigator's Content Navigation View)


def _in_state(c: Control, on: bool) -> bool:
    """Whether the observed control ``c`` is already checked (``on``) or unchecked: only for a
    control of a checkable role whose states were read (an observation without states, or a
    control of another role that happens to carry the box's name, is clicked as before)."""
    if c.role not in _CHECKABLE_ROLES or not c.states:
        return False
    return ("checked" in c.states) == on


_MENU_CHECK_ROLES = ("check menu item", "radio menu item")


def _menus_open(plan: list[PlanStep], i: int) -> int:
    """How many menus the plan's clicks before step ``i`` have open: the clicks back to the last
    one on the menu bar (its menu and each submenu after it); at least one."""
    n = 0
    for st in reversed(plan[:i]):
        if st.function != "click_input":
            break
        n += 1
        if st.step.endswith(" on the menu bar"):
            return n
    return max(n, 1)


def _in_closed_dialog(name: str, function: str, history: list[Step]) -> bool:
    """Whether the control ``name`` was in a dialog that the last action closed: the environment
    says the dialog closed (``StepResult.dialog_closed``) and the control was in a dialog on the
    screen that action was taken on."""
    last = history[-1] if history else None
    if last is None or last.result is None or not last.result.dialog_closed:
        return False
    was = ground(name, function, last.observation)
    return was is not None and is_dialog_path(was.path)


class HeuristicExpert:
    """Policy that replays ``task.plan`` step by step (an expert for data collection, not the product)."""

    name = "heuristic"

    def __init__(self) -> None:
        self.i = 0
        self.opened: int | None = None  # the plan step whose drop-down lists the expert opened
        self.tried: list[str] = []  # the drop-down buttons it clicked open for that step
        self.open_now: str | None = None  # the one whose popup it left open
        self.paged: int | None = None  # the plan step for which the expert turned a dialog's tabs
        self.pages: list[str] = []  # the tabs it clicked for that step

    def reset(self, task: Task) -> None:
        self.i = 0
        self.opened, self.tried, self.open_now = None, [], None
        self.paged, self.pages = None, []

    def seek(self, step: int) -> None:
        """Go on from plan step ``step`` (0-based): offline evaluation asks the expert about
        gold step ``step`` of a recorded episode, without replaying the steps before it."""
        self.i = step
        self.opened, self.tried, self.open_now = None, [], None
        self.paged, self.pages = None, []

    def _open_list(self, step: PlanStep, name: str, observation: Observation, rest: list[str]) -> ModelAnswer | None:
        """The next click towards a drop-down list ``name`` that shows the entry the step wants,
        or None when there is none left to try (the step then fails as any other: no loop).

        Why: a closed drop-down's entries are not on screen (only SHOWING controls are observed)
        and the plan names the entry, as the help does; a user opens the list first. When the
        help's name fits more than one list ("Style": Paragraph style, Character style), each is
        opened in turn, and one that did not show the entry is closed again by a second click on
        its button (measured: that closes its popup; opening another over it leaves both open).
        At most two clicks per fitting list and plan step."""
        if self.opened != self.i:
            self.opened, self.tried, self.open_now = self.i, [], None
        shown = {c.name: c for c in _drop_downs(name, observation)}
        if self.open_now is not None and self.open_now in shown:
            button, self.open_now = shown[self.open_now], None
            thought = f"Close the {button.name} (no {step.control!r} in it)"
        else:
            button = next((c for n, c in shown.items() if n not in self.tried), None)
            if button is None:
                return None
            self.tried.append(button.name)
            self.open_now = button.name
            thought = f"Open the {button.name} ({step.step})"
        return ModelAnswer(thought=thought, function="click_input", args={"control_label": button.label},
                           status="CONTINUE", plan=[step.step, *rest])

    def _other_tab(self, step: PlanStep, observation: Observation, rest: list[str]) -> ModelAnswer | None:
        """A click on a tab of the open tabbed dialog that the expert has not yet shown for this
        step, or None when none is left (the step then fails as any other: no loop).

        Why: a dialog may reopen on the tab used last (LibreOffice's Print dialog keeps its last
        tab in memory for the rest of the soffice run: ``PrintDialog::storeToSettings`` /
        ``readFromSettings``, "LastPage" in ``vcl::SettingsConfigItem``, read once, no change
        notification), and a plan names the control as the help does, without its tab; a user
        looks at the dialog's other tabs. A control on a tab not shown is not on screen (only
        SHOWING controls are observed). The tabs of the newest dialog are tried in screen order,
        each once per plan step, the tab already selected never."""
        if self.paged != self.i:
            self.paged, self.pages = self.i, []
        if step.control == DOC:
            return None
        tabs = [c for c in observation.controls if c.role == "page tab" and is_dialog_path(c.path)]
        if not tabs:
            return None
        newest = max((window_of(c.path) for c in tabs), key=window_rank)
        tab = next((c for c in sorted(tabs, key=lambda c: int(c.label)) if window_of(c.path) == newest
                    and "selected" not in c.states and c.name not in self.pages), None)
        if tab is None:
            return None
        self.pages.append(tab.name)
        return ModelAnswer(thought=f"Look for {step.control!r} on the {tab.name} tab ({step.step})", function="click_input",
                           args={"control_label": tab.label}, status="CONTINUE", plan=[step.step, *rest])

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        t0 = time.monotonic()
        if self.i >= len(task.plan):
            return Decision(answer=ModelAnswer(thought="The plan is done.", function="finish", status="FINISH"), latency_s=0.0)
        step = task.plan[self.i]
        rest = [s.step for s in task.plan[self.i + 1 :]]
        self.i += 1
        if step.function == "finish":
            return Decision(answer=ModelAnswer(thought=step.step, function="finish", args={}, status="FINISH", plan=[]),
                            latency_s=time.monotonic() - t0)
        args = dict(step.args)
        in_list = args.pop("list", None)  # the compiler's note for the expert, not an action argument
        wanted = args.pop("check", None)  # the state the step wants its check box in (also a note, not an argument)
        if step.control is not None:
            c = ground(step.control, step.function or "", observation) if in_list is None else \
                _entry_of_list(step.control, observation)
            if (c is None or not is_dialog_path(c.path)) and _in_closed_dialog(step.control, step.function or "", history):
                # The dialog this step belongs to is already gone: the last action confirmed it
                # (Enter in one of its fields; the environment says so in ``dialog_closed``).
                # Its other fields and its button are moot: go on with the plan, also when a
                # control of the same name is showing outside a dialog (its "Insert" button is
                # gone, the Insert menu is not what the step meant). Only on that fact: a
                # dialog that is merely not showing is a real failure to report.
                return self.act(task, observation, history)
            if c is None and in_list is not None:
                opening = self._open_list(step, str(in_list), observation, rest)
                if opening is not None:
                    self.i -= 1  # the entry is the next action
                    return Decision(answer=opening, latency_s=time.monotonic() - t0)
            if in_list is None and (c is None or not is_dialog_path(c.path) and not _exact(c, step.control)):
                # not showing, or only a close match outside the dialog (the sidebar's "Page" for
                # the Print dialog's "Pages" option on its other tab): the dialog's other tabs first
                turning = self._other_tab(step, observation, rest)
                if turning is not None:
                    self.i -= 1  # the step is the next action, on the tab now shown
                    return Decision(answer=turning, latency_s=time.monotonic() - t0)
            if c is None:
                where = f" (opened: {', '.join(self.tried)})" if in_list is not None and self.opened == self.i and self.tried else ""
                if in_list is None and self.paged == self.i and self.pages:
                    where = f" (tabs shown: {', '.join(self.pages)})"
                return Decision(error=f"step {self.i} ({step.step!r}): no control named {step.control!r} is showing{where}",
                                latency_s=time.monotonic() - t0)
            if step.function == "click_input":
                c = _tree_child(c, observation, history)
            if wanted is not None and _in_state(c, bool(wanted)) and c.role in _MENU_CHECK_ROLES:
                # A menu's check entry already as wanted ("ensure that While Typing is selected"):
                # not clicked, but the menus the plan opened to reach it are closed, so the next
                # step starts where it would after a click (a click closes them)
                n = _menus_open(task.plan, self.i - 1)
                return Decision(answer=ModelAnswer(thought=f"{step.step}: already so; close the menu (Escape x{n})",
                                                   function="keyboard_input", args={"keys": "{ESC}" * n},
                                                   status="CONTINUE", plan=rest), latency_s=time.monotonic() - t0)
            if wanted is not None and _in_state(c, bool(wanted)):
                # A click toggles: the box is already as the step wants it (on by default), so the
                # step is done without an action and the next one is acted on now. The trajectory
                # records only actions taken, as for a step of a dialog already closed (above).
                return self.act(task, observation, history)
            args = {"control_label": c.label, **args}
        ans = ModelAnswer(thought=step.step, function=step.function or "finish", args=args, status="CONTINUE", plan=rest)
        return Decision(answer=ans, latency_s=time.monotonic() - t0)
