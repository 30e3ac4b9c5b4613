"""Turning LibreOffice's accessibility tree into the model's list of controls.

Runs inside the AT-SPI worker process (it imports gi). One Collection query per
top-level window fetches every showing node in a single D-Bus call (a recursive
walk costs ~1.8 s; this costs ~10 ms), then the quirks of LibreOffice's tree are
repaired (docs/writer_env.md, "LibreOffice's accessibility tree"):

- the hidden VCL menubar duplicates File…Help: menus under a zero-height menu
  bar are dropped (quirk 3);
- toolbar combo boxes are an unnamed ``text`` + ``toggle button`` inside a
  named panel: they take the name of the smallest named container around
  them (quirk 4), and so do unnamed sidebar buttons (quirk 5);
- closed native menus are populated but not showing: only nodes that are
  showing, visible and have a non-empty box on screen are kept (quirk 10).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

from lamkit.envs.writer.paths import ARROW, DIALOG_PREFIX, MAIN_PREFIX, window_id  # noqa: E402
from lamkit.schema import Control  # noqa: E402

#: Roles a user can act on (UFO's list, in AT-SPI's words).
INTERACTIVE_ROLES = frozenset(
    {
        "push button", "toggle button", "menu", "menu item", "check menu item", "radio menu item",
        "page tab", "text", "entry", "password text", "combo box", "check box", "radio button",
        "spin button", "list item", "tree item", "table cell", "document text", "paragraph",
        "heading", "link", "slider", "scroll bar", "push button menu", "toggle button menu",
    }
)
#: Containers whose names label the unnamed controls inside them.
NAMING_CONTAINERS = frozenset({"panel", "tool bar", "filler", "combo box", "list box", "grouping"})
_STATES = {
    Atspi.StateType.ENABLED: "enabled",
    Atspi.StateType.FOCUSED: "focused",
    Atspi.StateType.CHECKED: "checked",
    Atspi.StateType.SELECTED: "selected",
    Atspi.StateType.EXPANDED: "expanded",
    Atspi.StateType.PRESSED: "pressed",
    Atspi.StateType.EDITABLE: "editable",
    Atspi.StateType.FOCUSABLE: "focusable",
}
_SHOWING_RULE = None


def _rule():
    global _SHOWING_RULE
    if _SHOWING_RULE is None:
        ss = Atspi.StateSet.new([Atspi.StateType.SHOWING])
        none = Atspi.CollectionMatchType.NONE
        _SHOWING_RULE = Atspi.MatchRule.new(ss, Atspi.CollectionMatchType.ALL, {}, none, [], none, [], none, False)
    return _SHOWING_RULE


@dataclass
class Snapshot:
    controls: list[Control]
    objects: dict[str, Atspi.Accessible]  # label -> live accessible, valid until the next snapshot
    focused: str | None
    window: str
    window_titles: dict[str, str] = None  # path prefix ("m0", "w2") -> window title
    newest_window: str | None = None  # title of the last-opened top-level window
    # label -> screen box of a tool bar split button's drop-down arrow (:func:`_arrow_box`): its
    # control shares the button's accessible, and a click on it clicks that box, not the button
    arrows: dict[str, tuple[int, int, int, int]] = None


def showing_windows(app: Atspi.Accessible) -> list[tuple[int, Atspi.Accessible]]:
    """Top-level windows of the application that are on screen, the main frame first."""
    out = []
    for i in range(app.get_child_count()):
        w = app.get_child_at_index(i)
        if w is None:
            continue
        st = w.get_state_set()
        if st.contains(Atspi.StateType.SHOWING) or st.contains(Atspi.StateType.VISIBLE):
            out.append((i, w))
    return out


def _box(obj) -> tuple[int, int, int, int]:
    e = obj.get_extents(Atspi.CoordType.SCREEN)
    return (e.x, e.y, e.width, e.height)


def _contains(outer, inner) -> bool:
    ox, oy, ow, oh = outer
    cx, cy = inner[0] + inner[2] / 2, inner[1] + inner[3] / 2
    return ox <= cx <= ox + ow and oy <= cy <= oy + oh


def snapshot(app: Atspi.Accessible, screen: tuple[int, int], max_paragraphs: int = 40) -> Snapshot:
    controls: list[Control] = []
    objects: dict[str, Atspi.Accessible] = {}
    arrows: dict[str, tuple[int, int, int, int]] = {}
    focused = None
    active_title = ""
    sw, sh = screen
    windows = showing_windows(app)
    titles: dict[str, str] = {}
    for wi, win in windows:
        wrole = win.get_role_name()
        wname = win.get_name() or ""
        titles[window_id(wrole == "frame", wi)] = wname
        if win.get_state_set().contains(Atspi.StateType.ACTIVE) or not active_title:
            active_title = wname
        prefix = MAIN_PREFIX if wrole == "frame" else DIALOG_PREFIX
        col = win.get_collection_iface() if hasattr(win, "get_collection_iface") else win
        matches = col.get_matches(_rule(), Atspi.CollectionSortOrder.CANONICAL, 0, True)
        named: list[tuple[tuple[int, int, int, int], str]] = []
        labels: list[tuple[tuple[int, int, int, int], str]] = []
        options: list[tuple[tuple[int, int, int, int], str]] = []  # a dialog's radio buttons: they may label the entry beside them
        zero_menubars = False
        n_par = 0
        # First pass: roles, and the names that label others (labels come after
        # the fields they label in tree order, so naming needs them all first).
        nodes = []
        menubar_bottom, toolbar_top = None, None
        for k, obj in enumerate(matches):
            if obj is None:
                continue
            try:
                role = obj.get_role_name()
                if role == "menu bar":
                    b = _box(obj)
                    if b[3] > 0 and menubar_bottom is None:
                        menubar_bottom = b[1] + b[3]
                elif role == "tool bar":
                    b = _box(obj)
                    if b[3] > 0:
                        toolbar_top = b[1] if toolbar_top is None else min(toolbar_top, b[1])
                if role == "radio button" and prefix == DIALOG_PREFIX and (obj.get_name() or "").strip():
                    options.append((_box(obj), obj.get_name()))
                if role in NAMING_CONTAINERS or role == "label":
                    nm = obj.get_name() or (_tooltip(obj) if role == "panel" else "")
                    if nm:
                        (labels if role == "label" else named).append((_box(obj), nm))
                    continue
            except Exception:  # noqa: BLE001 - the node vanished between query and read
                continue
            nodes.append((k, obj, role))
        # Quirk 2: VCL-drawn widgets sometimes report boxes shifted up by the native
        # menubar's height (toolbars then overlap the menubar). Measure the shift
        # and move VCL boxes back; native GTK parts (menus, combo entries) are right.
        shift = 0
        if prefix == MAIN_PREFIX and menubar_bottom is not None and toolbar_top is not None:
            d = menubar_bottom - toolbar_top
            shift = d if 0 < d <= 40 else 0
        if shift:
            named = [((bx, by + shift, bw, bh), nm) for (bx, by, bw, bh), nm in named]
            labels = [((bx, by + shift, bw, bh), nm) for (bx, by, bw, bh), nm in labels]
        for k, obj, role in nodes:
            if role == "menu bar":
                b = _box(obj)
                zero_menubars = b[3] == 0
                continue
            if role not in INTERACTIVE_ROLES:
                continue
            st = obj.get_state_set()
            if not st.contains(Atspi.StateType.VISIBLE):
                continue
            box = _box(obj)
            x, y, w, h = box
            if w <= 0 or h <= 0 or x + w <= 0 or y + h <= 0 or x >= sw or y >= sh:
                continue
            if role == "menu" and zero_menubars and _parent_role(obj) == "menu bar":
                continue  # quirk 3: the hidden VCL menubar's duplicates
            if role == "paragraph":
                n_par += 1
                if n_par > max_paragraphs:
                    continue
            name = obj.get_name() or ""
            value = None
            if role in ("text", "entry", "spin button", "paragraph", "combo box", "heading"):
                value = _text_of(obj, 200)
            native = role in _NATIVE_ROLES or (role == "text" and prefix == MAIN_PREFIX)
            if shift and not native and not (role == "toggle button" and _is_combo_button(controls, box)):
                box = (x, y + shift, w, h)
                x, y, w, h = box
            if not name:
                name = _labelled_by(obj)
                if not name and role in ("text", "combo box", "spin button", "entry"):
                    # a label left of it, else the option left of it (:func:`_option_left`), else a label above
                    name = _label_near(labels, box, above=False) or \
                        (_option_left(options, box) if role in ("text", "entry") and prefix == DIALOG_PREFIX else "") or \
                        _label_near(labels, box)
                if not name and role == "toggle button" and prefix == DIALOG_PREFIX:
                    name = _drop_down_name(obj)
                name = name or _container_name(named, box)
                if role == "toggle button" and _is_combo_button(controls, box) and controls[-1].name:
                    name = f"{controls[-1].name} list"  # the drop-down button of a combo entry
                if not name and role == "paragraph":
                    name = (value or "")[:40]
            states = [s for t, s in _STATES.items() if st.contains(t)]
            label = str(len(controls) + 1)
            c = Control(label=label, role=role, name=name, rect=box, states=states, value=value, path=f"{prefix}{wi}:{k}")
            controls.append(c)
            objects[label] = obj
            if "focused" in states and focused is None:
                focused = label
            arrow = _arrow_box(box) if prefix == MAIN_PREFIX and name and role in ("push button", "toggle button") \
                and _parent_role(obj) == "tool bar" else None
            if arrow is not None:
                label = str(len(controls) + 1)
                controls.append(Control(label=label, role="push button", name=f"{name} {ARROW}", rect=arrow,
                                        states=[s for s in states if s in ("enabled", "focusable")], path=f"{prefix}{wi}:{k}.{ARROW}"))
                objects[label] = obj
                arrows[label] = arrow
    newest = list(titles.values())[-1] if titles else None
    return Snapshot(controls, objects, focused, active_title, titles, newest, arrows)


def _arrow_box(box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box of a tool bar button's drop-down arrow, or None for a button without one.

    Why by the box: over AT-SPI a split button (Paste, Undo, Font Color, Character Highlighting
    Color) is one push button with the one action "press" and no child; pressing it runs its
    command, and its menu or palette opens only on a click on the arrow drawn at its right
    (measured on LibreOffice 7.4, 1280 px: such buttons are 44 x 35 px, an icon-only button
    33 x 35; a click 4 px inside the right edge opened Paste's menu and the highlighting palette;
    the keyboard's Alt+Down on the focused button opened nothing). The arrow is what lies right of
    the square icon part (its width minus the height, plus the 2 px the icon's box is narrower)."""
    x, y, w, h = box
    if w <= h + 4:
        return None
    aw = w - h + 2
    return (x + w - aw, y, aw, h)


_NATIVE_ROLES = frozenset({"menu", "menu item", "check menu item", "radio menu item", "menu bar"})


def _is_combo_button(controls: list[Control], box) -> bool:
    """An unnamed toggle button glued to the right of the text entry just before it."""
    if not controls or controls[-1].role != "text":
        return False
    px, py, pw, _ = controls[-1].rect
    return abs(py - box[1]) <= 4 and abs(px + pw - box[0]) <= 6


def _parent_role(obj) -> str:
    try:
        p = obj.get_parent()
        return p.get_role_name() if p is not None else ""
    except Exception:  # noqa: BLE001
        return ""


def _labelled_by(obj) -> str:
    """Dialog fields are unnamed; their visible label points at them (LABELLED_BY)."""
    try:
        for rel in obj.get_relation_set() or []:
            if rel.get_relation_type() == Atspi.RelationType.LABELLED_BY and rel.get_n_targets() > 0:
                t = rel.get_target(0)
                nm = (t.get_name() or "").strip() if t is not None else ""
                if nm:
                    return nm.rstrip(":").replace("~", "")
    except Exception:  # noqa: BLE001
        pass
    return ""


def _drop_down_name(obj) -> str:
    """"<label> list" for the button of a dialog's drop-down list, else "".

    Why: LibreOffice 7.4's GTK dialogs draw a drop-down list (the Table of Contents dialog's
    Type, Chapter Numbering's Paragraph style) as an unnamed toggle button beside a hidden
    ``combo box``; only that combo box carries the label (LABELLED_BY "Type:"), and its menu is
    empty until opened. Without this the button took the enclosing frame's name ("Type and
    Title"), so nothing on screen said which list it opens. Named like a toolbar combo's
    button ("Font Name list"), which also keeps it apart from a page tab of the same word."""
    try:
        parent = obj.get_parent()
        for i in range(parent.get_child_count() if parent is not None else 0):
            sib = parent.get_child_at_index(i)
            if sib is not None and sib.get_role_name() == "combo box":
                label = _labelled_by(sib)
                return f"{label} list" if label else ""
    except Exception:  # noqa: BLE001 - the node vanished between query and read
        pass
    return ""


def _label_near(labels: list, box, above: bool = True) -> str:
    """The visible label left of a field on the same row, else (``above``) just above it."""
    x, y, w, h = box
    left, over = [], []
    for (lx, ly, lw, lh), nm in labels:
        if abs((ly + lh / 2) - (y + h / 2)) <= h / 2 and lx + lw <= x + 6 and lx >= x - 260:
            left.append((x - (lx + lw), nm))
        elif ly + lh <= y + 6 and ly >= y - 50 and lx < x + w and lx + lw > x - 10:
            over.append((y - (ly + lh), nm))
    pick = min(left or (over if above else []), default=(0, ""))[1]
    return pick.strip().rstrip(":").replace("~", "")


def _option_left(options: list, box) -> str:
    """The radio button just left of an unnamed entry on its row: the option the entry belongs
    to ("Pages: [1-4]" in the Print dialog, whose page-range entry has no name or label of its own
    and took the name of its frame, "Range and Copies"); named as the option without its colon
    ("Pages"), as a label names the field it labels. "" when none is there."""
    x, y, w, h = box
    left = [(x - (ox + ow), nm) for (ox, oy, ow, oh), nm in options
            if abs((oy + oh / 2) - (y + h / 2)) <= h / 2 and ox + ow <= x + 6 and ox >= x - 260]
    return min(left, default=(0, ""))[1].strip().rstrip(":").replace("~", "")


def _tooltip(obj) -> str:
    """An unnamed panel's description: the tooltip of the one button it wraps. The sidebar's
    icons (the Styles deck's "Paragraph Styles", "Page Styles", "Fill Format Mode") are unnamed
    buttons in unnamed panels that carry only this; without it they all took the deck's name
    ("Styles"). A shortcut the tooltip adds ("Properties (Ctrl+Alt+1)") is not part of the name."""
    try:
        return re.sub(r"\s*\([^()]*\)$", "", (obj.get_description() or "").strip())
    except Exception:  # noqa: BLE001 - the node vanished between query and read
        return ""


def _container_name(named: list, box) -> str:
    best, best_area = "", None
    for b, nm in named:
        if _contains(b, box):
            area = b[2] * b[3]
            if best_area is None or area < best_area:
                best, best_area = nm, area
    return best


def _text_of(obj, limit: int) -> str | None:
    ti = obj.get_text_iface() if hasattr(obj, "get_text_iface") else None
    if ti is None:
        return None
    try:
        n = Atspi.Text.get_character_count(obj)
        return Atspi.Text.get_text(obj, 0, min(n, limit))
    except Exception:  # noqa: BLE001 - a control that vanished mid-read has no value
        return None
