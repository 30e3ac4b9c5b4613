"""The UI inventory the step compiler grounds help sentences against.

Why an inventory, and why discovered: the help names menus and icons the way the UI shows
them ("Format - Paragraph", "the Bold icon"), so a help sentence is grounded when its names
resolve in the live application's own menu tree and toolbars. Writing those names by hand
per page would not carry over to Calc or Impress; reading them once from the running
application does. GTK populates every menu in the accessibility tree even while it is closed
(docs/writer_env.md, quirk 10), so one walk of the tree yields the whole menu tree, dynamic
submenus included, in ~2 s.

The walk runs inside the environment's worker process (it owns the AT-SPI connection), through
``WriterEnv.run_uno``. Regenerate the cached file with::

    .venv/bin/python -m lamkit.dataflow.help.inventory --out lamkit/dataflow/help/writer_ui.json

and add the dialogs, context menus or sidebar decks to the cache with ``--dialogs``,
``--context-menus``, ``--decks`` (each keeps what is cached); ``--object-dialogs`` adds only the
dialogs not cached yet, looked for on the help's documents that hold objects.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from lamkit.errors import LamkitError

HERE = Path(__file__).resolve().parent
INVENTORIES = {"writer": HERE / "writer_ui.json"}
_MENU_ROLES = {"menu": "menu", "menu item": "item", "check menu item": "check", "radio menu item": "radio"}


class MenuNode(BaseModel):
    name: str  # exactly as the UI (and so the observation) names it: "Paragraph...", "Text"
    kind: str = "item"  # "menu" (opens a submenu) | "item" | "check" | "radio"
    children: list[MenuNode] = Field(default_factory=list)


class DialogControls(BaseModel):
    """What one dialog shows, read once from the live dialog: its tabs, the entries of its lists
    and combo boxes (by the name or label of the list), its boxes, check boxes, options, buttons."""

    title: str = ""
    tabs: list[str] = Field(default_factory=list)
    lists: dict[str, list[str]] = Field(default_factory=dict)
    boxes: list[str] = Field(default_factory=list)
    checks: list[str] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list)  # radio buttons
    buttons: list[str] = Field(default_factory=list)
    # tab -> what the dialog shows once that tab is clicked (its page's controls and the dialog's own
    # buttons, no tabs). Why per tab: a tab dialog's tree holds only the pages it has shown, so the
    # controls above are the first-shown page's (and pages it kept from before); the Area tab's
    # "Color" is only there after the Area tab is clicked. Empty in caches written before.
    pages: dict[str, DialogControls] = Field(default_factory=dict)
    # What the document must offer for the dialog's menu entry to be enabled: None (it opened on a
    # blank document), "text" (the cursor in a paragraph), "selection" (a word selected), "table"
    # (the cursor in a table cell), "list" (in a list entry), "objects" (a document holding objects,
    # the cursor anywhere: Format - Sections needs a section to exist), or an object's kind as
    # ``templates.ObjectTemplate.objects`` names it ("frame", "image", "field": that object selected,
    # or the cursor in its text). Why: the compiler must run such a procedure on a document that has
    # the object, with the cursor where the dialog opens (``Compiler.cursor_for``). None in caches
    # written before, and for a dialog that opened on the blank document.
    needs: str | None = None

    def on(self, tab: str | None) -> DialogControls:
        """What the dialog shows with ``tab`` clicked: that page's controls, with the dialog's title
        and tabs (the tab row stays); the dialog as a whole when ``tab`` is None or its page was not
        inventoried (a tab the discovery could not click, a cache without pages)."""
        key = fold(tab or "")
        page = next((p for t, p in self.pages.items() if fold(t) == key), None) if key else None
        if page is None:
            return self
        return page.model_copy(update={"title": self.title, "tabs": self.tabs, "pages": {}})

    def whole(self) -> DialogControls:
        """Every control the dialog has on any of its pages (the dialog's own first): for what asks
        whether a name is the dialog's at all (a tab the help names from another version of the
        dialog, a button of another page the plan clicked), not for what the dialog shows now."""
        if not self.pages:
            return self
        every = [self, *self.pages.values()]
        merged = {k: list(dict.fromkeys(n for d in every for n in getattr(d, k)))
                  for k in ("boxes", "checks", "options", "buttons")}
        lists = {n: e for d in reversed(every) for n, e in d.lists.items()}
        return self.model_copy(update={**merged, "lists": lists})

    def entries(self, name: str) -> list[str] | None:
        """The entries of the list or combo box the help names ("the Style list box"), or None; the
        help's singular names a list the UI labels in the plural ("the Paragraph Style list": the
        Index dialog's "Paragraph Styles") when no list has the singular name."""
        key = fold(name)
        for k in (key, key + "s"):
            for n, items in self.lists.items():
                if fold(n).rstrip(":") == k:
                    return items
        return None


class DeckControls(DialogControls):
    """What one sidebar deck shows once opened from its menu entry (View - Styles): its icons and
    other controls (as :class:`DialogControls`), and the entries its list shows after each icon
    that switches the list ("Page Styles" -> "Default Page Style", "First Page", ...)."""

    opened_by: list[str] = Field(default_factory=list)  # the menu path that opens the deck
    views: dict[str, list[str]] = Field(default_factory=dict)  # icon -> the entries its list then shows
    selected: dict[str, str] = Field(default_factory=dict)  # icon -> the entry its list had selected (the current one)
    rows: int = 0  # how many entries the list shows at once: only a showing entry can be clicked, and a
    # longer list scrolls to the document's current style, so which of its entries show is not known ahead
    # icon -> the context menu an entry of that view's list opens (Shift+F10 on it: New..., Modify..., Hide, ...)
    entry_menus: dict[str, list[MenuNode]] = Field(default_factory=dict)
    # icon -> the dialog that menu's dialog entries open on an entry (the style's own dialog: Paragraph Style: X)
    entry_dialogs: dict[str, DialogControls] = Field(default_factory=dict)
    # What opens the deck in the sidebar when its menu entry opens it elsewhere: View - Navigator (F5)
    # opens a floating Navigator window whose contents never show over AT-SPI; the sidebar's own menu
    # (its tab bar's "Menu" button, then the deck's entry) shows the same Navigator as a deck, and
    # keeps it shown when it is already (the deck's tab, a toggle, would close it: the sidebar stays
    # as the last episode left it). [] when the menu entry opens the deck.
    sidebar_path: list[str] = Field(default_factory=list)
    # the help's name of an icon -> the name the UI gives it, for icons the UI names only by their
    # tooltip, the help's extended tip ("Demote Level" -> "Decreases the outline level of ...": tips.help_names)
    names: dict[str, str] = Field(default_factory=dict)


class UIInventory(BaseModel):
    app: str
    menus: list[MenuNode]  # the menu bar's top-level menus, in order
    toolbars: dict[str, list[str]]  # toolbar name -> its named buttons and boxes
    dialogs: dict[str, DialogControls] = Field(default_factory=dict)  # "Format - Page Style..." -> its controls
    # The document's context menus, by where the cursor is ("text": a body paragraph, "list": a
    # list entry, "table": a table cell), each the menu tree the popup shows (Shift+F10 opens it at the cursor)
    context_menus: dict[str, list[MenuNode]] = Field(default_factory=dict)
    decks: dict[str, DeckControls] = Field(default_factory=dict)  # sidebar deck ("Styles") -> its controls
    # A tool bar split button ("Paste", "Character Highlighting Color") -> the named controls the
    # popup its drop-down arrow opens shows (a menu's entries, a palette's buttons and colors), in
    # order (:func:`discover_arrows`); the observer shows the arrow as the control "<button> arrow"
    arrows: dict[str, list[str]] = Field(default_factory=dict)

    def deck_icon(self, name: str, deck: str | None = None) -> tuple[str, str] | None:
        """(deck, icon name) for an icon of a sidebar deck the help names ("the Page Styles
        icon"), in ``deck`` when the help says which; None when no deck, or more than one, has it."""
        key = fold(name)
        hits = [(d, b) for d, dc in self.decks.items() if deck is None or fold(d) == fold(deck)
                for b in dc.buttons + dc.checks if fold(b) == key]
        hits += [(d, b) for d, dc in self.decks.items() if deck is None or fold(d) == fold(deck)
                 for n, b in dc.names.items() if fold(n) == key and b in dc.buttons + dc.checks]
        return hits[0] if len(hits) == 1 else None

    def top(self, name: str) -> MenuNode | None:
        return find_child(self.menus, name)

    def dialog(self, path: list[str]) -> DialogControls | None:
        """The controls of the dialog a menu path opens (names as the menu tree has them)."""
        return self.dialogs.get(" - ".join(path))

    def entry_path(self, name: str) -> list[MenuNode] | None:
        """The menu path (top menu first) down to the entry the help names without its menu
        ("Open the Styles window" -> View - Styles). Why by leaf name: the help often names a
        window, deck or toolbar by itself; the menu tree knows where it is opened. Entries that
        open something (not submenus) are preferred, then the shortest path; None when nothing,
        or more than one equally short path, fits."""
        key = fold(name)
        if not key:
            return None
        hits: list[list[MenuNode]] = []

        def walk(nodes: list[MenuNode], path: list[MenuNode]) -> None:
            for n in nodes:
                if fold(n.name) == key:
                    hits.append(path + [n])
                walk(n.children, path + [n])

        walk(self.menus, [])
        leaves = [h for h in hits if not h[-1].children] or hits
        if not leaves:
            return None
        short = min(len(h) for h in leaves)
        best = [h for h in leaves if len(h) == short]
        return best[0] if len(best) == 1 else None

    def toolbar_control(self, name: str) -> tuple[str, str] | None:
        """(toolbar, control name) for a button the help names ("Bold", "Insert Table"), or None."""
        key = fold(name)
        for bar, names in self.toolbars.items():
            for n in names:
                if fold(n) == key:
                    return bar, n
        return None


def fold(name: str) -> str:
    """How names compare: case, a trailing ellipsis, "&" vs "and" and spacing do not matter."""
    s = name.lower().replace("…", "").replace("...", "").replace("&", " and ").replace("~", "")
    return re.sub(r"\s+", " ", s).strip(" .")


def find_child(nodes: list[MenuNode], name: str) -> MenuNode | None:
    key = fold(name)
    return next((n for n in nodes if fold(n.name) == key), None)


def load(app: str = "writer") -> UIInventory:
    path = INVENTORIES.get(app)
    if path is None or not path.exists():
        raise LamkitError(f"no UI inventory for {app!r}: run `python -m lamkit.dataflow.help.inventory --app {app}` first")
    try:
        return UIInventory.model_validate_json(path.read_text())
    except ValueError as e:
        raise LamkitError(f"{path}: not a UI inventory ({str(e).splitlines()[0]})") from None


# The walks run in the env worker (``run_uno``), which already holds the AT-SPI connection;
# each starts by finding the soffice application.
_FIND_APP = r'''
import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi
desk = Atspi.get_desktop(0)
app = None
for i in range(desk.get_child_count()):
    a = desk.get_child_at_index(i)
    if a is not None and (a.get_name() or "").lower().startswith("soffice"):
        app = a
'''

# The one raw walk of an accessibility subtree, as nested {"role", "name", "children"} dicts:
# ``walk(obj, 0, max_depth, stop_roles)`` goes no deeper than ``max_depth`` and does not enter a
# node of a role in ``stop_roles`` (the document's text: thousands of nodes a menu walk never needs).
# The menu-bar walk (:data:`_WALK`) and the popup walk (:data:`_POPUP_WALK`) differ only in these two.
_TREE = _FIND_APP + r'''
def walk(o, depth, max_depth, stop_roles=()):
    r = o.get_role_name()
    node = {"role": r, "name": o.get_name() or "", "children": [],
            "showing": o.get_state_set().contains(Atspi.StateType.SHOWING)}
    if depth > max_depth or r in stop_roles:
        return node
    for i in range(o.get_child_count()):
        c = o.get_child_at_index(i)
        if c is not None:
            node["children"].append(walk(c, depth + 1, max_depth, stop_roles))
    return node
'''

# The raw tree of menu bars and tool bars of the soffice application.
_WALK = _TREE + r'''
bars = []
def find(n):
    if n["role"] in ("menu bar", "tool bar"):
        bars.append(n)
        return
    for c in n["children"]:
        find(c)
for i in range(app.get_child_count()):
    find(walk(app.get_child_at_index(i), 0, 25, ("document text", "document frame")))
result = bars
'''


# Runs in the env worker: the newest dialog window of soffice, walked once for its controls.
# With ``ONLY_SHOWING`` true, a node not showing is not entered: a tab dialog keeps the pages it
# showed before in its tree, hidden, and a tab's page is only what shows once the tab is clicked.
_DIALOG_BODY = r'''
wins = []
for i in range(app.get_child_count()):
    w = app.get_child_at_index(i)
    if w is not None and w.get_role_name() != "frame":
        st = w.get_state_set()
        if st.contains(Atspi.StateType.SHOWING) or st.contains(Atspi.StateType.VISIBLE):
            wins.append(w)
def label(o):
    n = (o.get_name() or "").strip()
    if n:
        return n.replace("~", "")
    try:
        for rel in o.get_relation_set() or []:
            if rel.get_relation_type() == Atspi.RelationType.LABELLED_BY and rel.get_n_targets() > 0:
                t = rel.get_target(0)
                if t is not None and (t.get_name() or "").strip():
                    return t.get_name().strip().rstrip(":").replace("~", "")
    except Exception:
        pass
    return ""
out = {"title": "", "tabs": [], "lists": {}, "boxes": [], "checks": [], "options": [], "buttons": []}
seen = [0]
def items(o, acc, depth):
    for i in range(min(o.get_child_count(), 400)):
        c = o.get_child_at_index(i)
        if c is None or len(acc) >= 80:
            continue
        r = c.get_role_name()
        if r in ("menu item", "list item", "table cell", "tree item", "check menu item", "radio menu item"):
            n = (c.get_name() or "").strip()
            if n and n not in acc:
                acc.append(n)
        if depth < 4 and r not in ("menu item", "list item"):
            items(c, acc, depth + 1)
def walk(o, depth):
    seen[0] += 1
    if depth > 30 or seen[0] > 4000:
        return
    if ONLY_SHOWING and depth > 0 and not o.get_state_set().contains(Atspi.StateType.SHOWING):
        return
    r = o.get_role_name()
    n = label(o)
    if r == "page tab" and n:
        out["tabs"].append(n)
    elif r in ("combo box", "list", "list box", "tree table", "table", "tree") and n:
        acc = []
        items(o, acc, 0)
        if acc:
            out["lists"].setdefault(n, acc)
        return
    elif r in ("text", "spin button", "password text", "entry") and n:
        out["boxes"].append(n)
    elif r == "check box" and n:
        out["checks"].append(n)
    elif r == "radio button" and n:
        out["options"].append(n)
    elif r in ("push button", "toggle button") and n:
        out["buttons"].append(n)
    for i in range(min(o.get_child_count(), 400)):
        c = o.get_child_at_index(i)
        if c is not None:
            walk(c, depth + 1)
if wins:
    out["title"] = wins[-1].get_name() or ""
    walk(wins[-1], 0)
    for k in ("tabs", "boxes", "checks", "options", "buttons"):
        out[k] = list(dict.fromkeys(out[k]))
result = out if wins else None
'''
_DIALOG_WALK = _FIND_APP + "ONLY_SHOWING = False\n" + _DIALOG_BODY  # the dialog as opened: every page its tree holds
_PAGE_WALK = _FIND_APP + "ONLY_SHOWING = True\n" + _DIALOG_BODY  # the page the clicked tab shows

# Runs in the env worker: the menu tree of the popup (context) menu on screen, walked whole
# (its submenus are populated while closed, like the menu bar's).
_POPUP_WALK = _TREE + r'''
result = None
for i in range(app.get_child_count()):
    w = app.get_child_at_index(i)
    if w is not None and w.get_role_name() != "frame" and w.get_state_set().contains(Atspi.StateType.SHOWING):
        result = walk(w, 0, 12)
'''

# Runs in the env worker: the menu bar's entries enabled now, as " - "-joined menu paths. GTK keeps
# a closed menu's entries' states current, like its entries (quirk 10). Both menu bars are read (the
# hidden VCL duplicate too, quirk 3): an entry either shows enabled counts.
_ENABLED_WALK = _FIND_APP + r'''
res = set()
def walk(o, path, depth):
    r = o.get_role_name()
    n = o.get_name() or ""
    if r in ("menu", "menu item", "check menu item", "radio menu item") and n:
        path = path + [n]
        if o.get_state_set().contains(Atspi.StateType.ENABLED):
            res.add(" - ".join(path))
    if depth > 25 or r in ("document text", "document frame"):
        return
    for i in range(o.get_child_count()):
        c = o.get_child_at_index(i)
        if c is not None:
            walk(c, path, depth + 1)
for i in range(app.get_child_count()):
    walk(app.get_child_at_index(i), [], 0)
result = sorted(res)
'''

#: Menu entries whose dialog is not opened while discovering: they act on files, printers,
#: macros or extensions, or start wizards (their controls are outside the document anyway).
_SKIP_DIALOG = re.compile(r"(?i)^(file|help)$|macro|extension|mail merge|wizard|address book|bibliography database|"
                          r"xml filter|open|save|print|export|import|^image\.\.\.|text from file|signature|scan|"
                          r"audio|video|certificate|customize|envelope|^chart|^options|online|compare|merge document|^replace|"
                          r"exchange database|^form$")


#: Dialogs of skipped menus that are opened all the same: File - Print..., because the
#: environment's printer writes into a file the state reads (``lamkit.envs.writer.processes._psprint_conf``),
#: so the help's printing procedures act on something a judge can check.
_READ_ANYWAY = (("File", "Print..."),)

_MESSAGE_BOXES = {"Error", "Information", "Warning", "Question"}


def dialog_paths(menus: list[MenuNode]) -> list[list[str]]:
    """Menu paths that end on an entry opening a dialog ("Paragraph..."), minus :data:`_SKIP_DIALOG`."""
    out: list[list[str]] = []

    def walk(nodes: list[MenuNode], path: list[str]) -> None:
        for n in nodes:
            if _SKIP_DIALOG.search(n.name):
                continue
            p = path + [n.name]
            if n.children:
                walk(n.children, p)
            elif n.name.endswith(("...", "…")):
                out.append(p)

    walk(menus, [])
    for path in _READ_ANYWAY:
        nodes = menus
        for name in path:
            node = find_child(nodes, name)
            nodes = node.children if node is not None else []
        if node is not None:
            out.append(list(path))
    return out


def discover_dialogs(env, template: str, menus: list[MenuNode], log=print,
                     known: dict[str, DialogControls] | None = None, places: Sequence[Place] = ()) -> dict[str, DialogControls]:
    """Open each dialog of the menu tree once in a started ``WriterEnv`` on the blank ``template``
    and read its controls; a dialog that does not open there (an entry disabled on a blank
    document) is left out of this pass. ``known``: dialogs already read on the blank document (a
    cache): that pass is skipped and they are kept as they are. Then the dialogs still missing are
    looked for at ``places`` (:func:`discover_dialogs_at`)."""
    from lamkit.schema import Task

    found: dict[str, DialogControls] = dict(known or {})
    task = Task(id="ui-dialogs", request="discover the dialogs", template=template)
    if known is None:
        for path in dialog_paths(menus):
            env.reset(task)
            dialog = _read_dialog(env, path, log)
            if dialog is not None:
                found[" - ".join(path)] = dialog
            log(f"{' - '.join(path)}: {_said(dialog)}")
    if places:
        env.reset(task)
        found |= discover_dialogs_at(env, menus, places, found, _enabled(env), log)
    return found


#: Seconds to wait after putting the cursor before the menus' enabled states are read.
_SETTLE = 1.5

#: Where a dialog that a blank document does not enable may open: (what the dialog then needs,
#: as :attr:`DialogControls.needs` names it; the document; the plan steps that put the cursor
#: there, as the compiler writes them: ``Compiler.cursor_for``).
Place = tuple[str, str, list]


def discover_dialogs_at(env, menus: list[MenuNode], places: Sequence[Place], found: dict[str, DialogControls],
                        blank: set[str], log=print) -> dict[str, DialogControls]:
    """The dialogs not in ``found`` whose entries a place enables, each read at the first such
    place and recorded with what it needs (:attr:`DialogControls.needs`).

    Why by the entries' enabled state: the accessibility tree keeps a closed menu's entries'
    states current (Table - Properties... is disabled on a blank document, enabled with the
    cursor in a table cell), so one walk per place (:data:`_ENABLED_WALK`) says which dialogs to
    open there. An entry already enabled on the blank document (``blank``: Tools - Spelling,
    which there ends in a message box) is not one the place enables, so it is not tried: the
    place is not what it needs. A place whose cursor cannot be put is logged and skipped."""
    from lamkit.schema import Task

    missing = [p for p in dialog_paths(menus) if " - ".join(p) not in found]
    new: dict[str, DialogControls] = {}
    for needs, template, steps in places:
        task = Task(id=f"ui-dialogs-{needs}", request="discover the dialogs", template=template)
        if not _at(env, task, steps):
            log(f"[{needs}] the cursor could not be put there: skipped")
            continue
        time.sleep(_SETTLE)  # the menus' states follow the selection a moment later (an image's: once in two runs)
        on = _enabled(env) - blank
        for path in [p for p in missing if " - ".join(p) in on and " - ".join(p) not in new]:
            dialog = _read_dialog(env, path, log) if _at(env, task, steps) else None
            if dialog is not None:
                dialog.needs = needs
                new[" - ".join(path)] = dialog
            log(f"[{needs}] {' - '.join(path)}: {_said(dialog)}")
    return new


def _read_dialog(env, path: list[str], log=print) -> DialogControls | None:
    """Open the dialog of menu ``path`` where the document is now and read it, each tab's page
    too; None when it does not open (or a message box shows instead)."""
    got = env.run_uno(_DIALOG_WALK) if _open(env, path) else None
    if not got or got["title"] in _MESSAGE_BOXES:
        return None  # a message box ("Information: the spellcheck is complete"), not the entry's dialog
    dialog = DialogControls.model_validate(got)
    dialog.pages = _pages(env, dialog, log)
    return dialog


#: The File menu's entries whose dialog saves the open document (read by ``--save-dialog``); the
#: rest of the File menu opens, prints, sends or exports files and stays out (:data:`_SKIP_DIALOG`).
SAVE_DIALOGS = (["File", "Save As..."],)


def discover_save_dialogs(env, template: str, log=print) -> dict[str, DialogControls]:
    """Open each of :data:`SAVE_DIALOGS` on the blank ``template`` and read it, with the boxes and
    drop-down lists only the observation names (:func:`_observed_controls`)."""
    from lamkit.schema import Task

    found: dict[str, DialogControls] = {}
    for path in SAVE_DIALOGS:
        env.reset(Task(id="ui-save-dialog", request="discover the save dialog", template=template))
        dialog = _read_dialog(env, path, log)
        if dialog is not None:
            _observed_controls(env, dialog)
            found[" - ".join(path)] = dialog
        log(f"{' - '.join(path)}: {_said(dialog)}")
    return found


def _observed_controls(env, dialog: DialogControls) -> None:
    """Add to ``dialog`` what the tree walk misses but the observation names: a box labelled only by
    the label beside it (LibreOffice's own file dialog's "File name", which has no LABELLED_BY; the
    Load/Save - General page's AutoRecovery minutes, a spin button the observer names "Save") and
    a drop-down list whose entries exist only while it is open ("File type list": a hidden combo
    box and a toggle button): the list is opened, its entries read from the popup, and closed again.

    Why from the observation: the expert grounds these controls by the names the observation gives
    them, so the inventory records them under those names."""
    from lamkit.schema import Action

    obs = env.observe()
    win = max((c.path.split(":")[0] for c in obs.controls if not c.path.startswith("m")), key=lambda w: int(w[1:] or 0), default=None)
    mine = [c for c in obs.controls if win and c.path.split(":")[0] == win]
    for c in mine:
        if c.role in ("text", "spin button") and c.name and "editable" in c.states and c.name not in dialog.boxes:
            dialog.boxes.append(c.name)
    for c in mine:
        name = c.name[:-len(" list")] if c.role == "toggle button" and c.name.endswith(" list") else None
        if not name or name in dialog.boxes or dialog.entries(name) is not None:
            continue  # a combo entry's button ("File name list"): the box is the control
        if not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            continue
        popup = env.observe()
        entries = [p.name for p in popup.controls if p.path.split(":")[0] not in (win,) and not p.path.startswith("m")
                   and p.role in ("table cell", "list item", "menu item") and p.name]
        if entries:
            dialog.lists[name] = list(dict.fromkeys(entries))
        again = next((p for p in popup.controls if p.path.split(":")[0] == win and p.name == c.name), None)
        if again is not None:
            env.step(Action(function="click_input", args={"control_label": again.label}))  # closes the popup


def _said(dialog: DialogControls | None) -> str:
    if dialog is None:
        return "no dialog"
    return f"{len(dialog.tabs)} tabs ({len(dialog.pages)} pages read), {len(dialog.lists)} lists"


def _at(env, task, steps: list) -> bool:
    """Open ``task``'s document afresh and run the plan ``steps`` that put the cursor (selections
    and keys on the document); False when the document or a step fails."""
    from lamkit.schema import Action

    obs = env.reset(task)
    doc = next((c for c in obs.controls if c.role == "document text"), None)
    if doc is None:
        return False
    return all(env.step(Action(function=s.function, args={"control_label": doc.label, **s.args})).ok for s in steps)


def _enabled(env) -> set[str]:
    """The menu paths (" - "-joined) of the menu bar's entries enabled now."""
    return set(env.run_uno(_ENABLED_WALK) or [])


def object_places(inventory: UIInventory, help_template, objects_template) -> list[Place]:
    """Where the dialogs a blank document lacks are looked for: on the help's list-and-table
    document the cursor in a body paragraph ("text"), a word selected ("selection"), a list entry
    ("list"), a table cell ("table"); on the objects document in a body paragraph ("objects": a
    dialog enabled there needs only that the document holds them) and each object it holds,
    selected or the cursor in its text, in the order it lists them (``ObjectTemplate.objects``).
    Why this order: a dialog is recorded at the first place that enables it, so the plainer
    places come first (a field's text selected also enables what any selection does). The cursor steps are the compiler's (``Compiler.cursor_for``): a
    plan puts the cursor where the dialog was found to open the same way."""
    from lamkit.dataflow.help.compile import Compiler, Target

    out: list[Place] = []
    for tpl, kinds in ((help_template, ["text", "selection", "list", "table"]),
                       (objects_template, ["objects", *getattr(objects_template, "objects", {})])):
        comp = Compiler(inventory, Target.of(tpl))
        for kind in kinds:
            steps = comp.cursor_for(kind)
            if steps:
                out.append((kind, str(tpl.path), steps))
    return out


def _pages(env, dialog: DialogControls, log=print) -> dict[str, DialogControls]:
    """Click each tab of the open ``dialog`` in turn and read what its page shows. A tab that is
    not showing, does not click, or after whose click the dialog is gone (a message box instead)
    is left out: the compiler then reads the dialog as a whole for it."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action

    pages: dict[str, DialogControls] = {}
    for tab in dialog.tabs:
        obs = env.observe()
        c = ground(tab, "click_input", obs)
        if c is None or c.role != "page tab" or not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            log(f"  tab {tab}: not clicked")
            continue
        got = env.run_uno(_PAGE_WALK)
        if not got or got["title"] != dialog.title:
            log(f"  tab {tab}: the dialog is gone")
            break
        pages[tab] = DialogControls.model_validate({**got, "title": "", "tabs": []})
    return pages


#: The menu path of the dialog whose pages are a tree ("Tools - Options - Load/Save - General"), and
#: the help's way of naming one of its pages: the path after the dialog's entry.
OPTIONS_DIALOG = ["Tools", "Options..."]
_OPTIONS_PATH = re.compile(r"\bTools\s+-\s+Options((?:\s+-\s+[A-Z][\w/&. ]*?)+)(?=[,.;:]|\s+(?:and|to|in|then|or|for|under)\b|$)")


def options_page_paths(sentences) -> list[list[str]]:
    """The pages of the Options dialog the help's steps open ("Choose Tools - Options - Load/Save -
    General" -> ["Load/Save", "General"]), two names deep (a tree entry and its child), in first-seen
    order. Why from the help's own sentences: the dialog has some 60 pages; the inventory reads the
    ones the procedures reach, not the rest."""
    out: list[list[str]] = []
    for s in sentences:
        for m in _OPTIONS_PATH.finditer(s):
            names = [t.strip(" .") for t in re.split(r"\s+-\s+", m.group(1).strip(" -"))]
            if len(names) == 2 and names not in out:
                out.append(names)
    return out


def discover_options_pages(env, template: str, pages: list[list[str]], log=print) -> DialogControls | None:
    """Open Tools - Options once per page of ``pages`` on the blank ``template``, click the page's
    tree entries (the parent, then its child of that name: "General" is under both "LibreOffice"
    and "Load/Save") and read what the page shows. The dialog is recorded with its own buttons and
    one page per path, keyed "Load/Save - General" (:meth:`DialogControls.on` takes that key), so
    the compiler finds a page's controls once the plan has clicked its tree path."""
    from lamkit.schema import Task

    dialog: DialogControls | None = None
    task = Task(id="ui-options", request="discover the options pages", template=template)
    for names in pages:
        env.reset(task)
        got = env.run_uno(_PAGE_WALK) if _open(env, OPTIONS_DIALOG) and _tree_path(env, names) else None
        key = " - ".join(names)
        if not got or got["title"] in _MESSAGE_BOXES:
            log(f"{key}: not read")
            continue
        tree = got["title"].split(" - ")[0] + " - "  # the tree of pages, named after the title: the dialog's, not the page's
        got["lists"] = {n: e for n, e in got["lists"].items() if not n.startswith(tree)}
        page = DialogControls.model_validate({**got, "title": "", "tabs": []})
        _observed_controls(env, page)  # the page's drop-down lists (entries only while open) and boxes named by a label beside them
        if dialog is None:
            dialog = DialogControls(title=got["title"].split(" - ")[0], buttons=[b for b in got["buttons"] if b in ("OK", "Cancel", "Help", "Reset", "Apply")])
        dialog.pages[key] = page
        log(f"{key}: {len(page.checks)} check boxes, {len(page.boxes)} boxes, {len(page.lists)} lists")
        _close(env)
    return dialog


def _tree_path(env, names: list[str]) -> bool:
    """Click a dialog tree's entries in turn, each child the first entry of its name after its
    parent (the tree lists a parent's children after it, once the click expanded it)."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action

    after = -1
    for name in names:
        obs = env.observe()
        tree = [c for c in obs.controls if c.role in ("tree item", "table cell", "list item") and c.name == name
                and not c.path.startswith("m") and int(c.label) > after]
        c = min(tree, key=lambda c: int(c.label)) if tree else ground(name, "click_input", obs)
        if c is None or not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            return False
        after = int(c.label)
    return True


def _close(env) -> None:
    from lamkit.schema import Action

    env.step(Action(function="keyboard_input", args={"keys": "{ESC}"}))


#: Where the cursor is put before the context menu is opened: the text the template's
#: paragraph or table cell holds is selected, the selection collapsed (End), then Shift+F10.
CONTEXT_KEYS = "+{F10}"


def discover_context_menus(env, template: str, places: dict[str, str], log=print) -> dict[str, list[MenuNode]]:
    """The document's context menu in each place (``{"text": <a word of a paragraph>, "table":
    <a cell's text>}``), read from the popup Shift+F10 opens at the cursor in a started
    ``WriterEnv``. Why Shift+F10 and not a right-click: it opens the same menu at the cursor
    without moving it, so a selection the plan made before stays what the menu acts on."""
    from lamkit.schema import PlanStep

    doc = "<document>"
    return {k: v for k, v in ((place, _context_menu_at(env, template, place, [
        PlanStep(step="", function="select_text", control=doc, args={"text": text}),
        PlanStep(step="", function="keyboard_input", control=doc, args={"keys": "{END}"})], log)) for place, text in places.items()) if v}


#: The objects of the help's object documents whose context menu is read
#: (:func:`discover_object_context_menus`): the ones the compiler reaches by the same steps
#: (``Compiler.cursor_for``): a frame and an image selected, the cursor in a table of contents
#: and an alphabetical index.
CONTEXT_OBJECTS = ("frame", "image", "table of contents", "alphabetical index")


def discover_object_context_menus(env, inventory: UIInventory, documents, log=print) -> dict[str, list[MenuNode]]:
    """The context menu of each object of :data:`CONTEXT_OBJECTS` the help's object documents
    (``templates.build_help_objects``, ``build_help_references``) hold, keyed by its kind as
    ``Target.objects`` names it: the object reached by the compiler's own steps
    (``Compiler.cursor_for``: one place for both sides, as :func:`object_places`), then Shift+F10
    as in :func:`discover_context_menus`. Why: a plan's "right-click the frame" opens this menu."""
    from lamkit.dataflow.help.compile import Compiler, Target

    found: dict[str, list[MenuNode]] = {}
    for tpl in documents:
        for kind in CONTEXT_OBJECTS:
            steps = None if kind in found else Compiler(inventory, Target.of(tpl)).cursor_for(kind)
            if steps:
                tree = _context_menu_at(env, str(tpl.path), kind, steps, log)
                if tree:
                    found[kind] = tree
    return found


def _context_menu_at(env, template: str, place: str, steps: list, log=print) -> list[MenuNode]:
    """The popup Shift+F10 opens after ``steps`` (PlanSteps on the document that put the cursor
    or selection in ``place``, run by :func:`_at`) on a fresh ``template``, walked; [] when a
    step failed or no popup opened."""
    from lamkit.schema import PlanStep, Task

    keys = PlanStep(step="", function="keyboard_input", control="<document>", args={"keys": CONTEXT_KEYS})
    if not _at(env, Task(id=f"ui-context-{place}", request="discover the context menus", template=template), [*steps, keys]):
        log(f"context menu in {place}: a step failed")
        return []
    raw = env.run_uno(_POPUP_WALK)
    tree = _popup_entries(raw) if raw else []
    log(f"context menu in {place}: {len(tree)} entries")
    return tree


# Runs in the env worker: the sidebar's deck on screen, walked like a dialog (:data:`_DIALOG_WALK`).
# The sidebar is found by its tab bar (a row of three or more tool bars that each hold one button,
# one per deck); the deck is what the sidebar's window shows beside it. Only showing nodes count (a
# deck keeps hidden variants of its list and buttons). An unnamed button takes the name the
# observation gives it (lamkit/envs/writer/observe.py): its unnamed panel's tooltip, without the
# shortcut, else the nearest named panel or tool bar around it.
_DECK_WALK = _FIND_APP + r'''
import re
def showing(o):
    return o.get_state_set().contains(Atspi.StateType.SHOWING)
def tip(o):
    return re.sub(r"\s*\([^()]*\)$", "", (o.get_description() or "").strip())
def tabbar(o, path):
    """The path down to the tab bar's row (get_parent() skips nodes: the path is kept top-down)."""
    kids = [o.get_child_at_index(i) for i in range(min(o.get_child_count(), 60))]
    bars = [k for k in kids if k is not None and k.get_role_name() == "tool bar" and (k.get_name() or "") and k.get_child_count() == 1]
    if len(bars) >= 3:
        return path + [o], [b.get_name() for b in bars]
    for k in kids:
        if k is not None and len(path) < 30 and k.get_role_name() not in ("document text", "menu bar", "tool bar"):
            got = tabbar(k, path + [o])
            if got:
                return got
    return None
out = {"title": "", "tabs": [], "lists": {}, "boxes": [], "checks": [], "options": [], "buttons": [],
       "decks": [], "checked": [], "list": [], "list_selected": "", "rows": 0}
def inside(c, o):
    """Whether the row is on screen inside its list's box (off-screen rows report SHOWING too)."""
    a, b = c.get_extents(Atspi.CoordType.SCREEN), o.get_extents(Atspi.CoordType.SCREEN)
    return a.height > 0 and a.y >= b.y and a.y + a.height <= b.y + b.height
def rows_of(o):
    """The entries of a list: its children, or, for a tree whose rows are unnamed cells holding
    named ones (the Navigator's content list), those named cells."""
    kids = [o.get_child_at_index(i) for i in range(min(o.get_child_count(), 400))]
    if any(c is not None and (c.get_name() or "").strip() for c in kids):
        return kids
    return [g for c in kids if c is not None and c.get_role_name() == "table cell"
            for g in (c.get_child_at_index(j) for j in range(min(c.get_child_count(), 4)))]
def entries(o, n):
    items = []
    for c in rows_of(o):
        if c is not None and c.get_role_name() in ("table cell", "tree item", "list item") and (c.get_name() or "").strip():
            items.append(c.get_name().strip())
            if not out["list"] and inside(c, o):
                out["rows"] += 1
            if c.get_state_set().contains(Atspi.StateType.SELECTED) and not out["list"]:
                out["list_selected"] = out["list_selected"] or items[-1]
    if items and not out["list"]:
        out["list"] = items
    if n and items:
        out["lists"].setdefault(n, items)
def walk(o, depth, named):
    if depth > 30 or not showing(o):
        return
    r = o.get_role_name()
    n = (o.get_name() or "").strip() or (tip(o) if r == "panel" else "")
    if r in ("panel", "tool bar") and n:
        named = n
    if r in ("tree table", "tree", "list", "list box", "table"):
        entries(o, n)
        return
    label = n or named
    if r in ("push button", "toggle button") and label:
        out["buttons"].append(label)
        if r == "toggle button" and o.get_state_set().contains(Atspi.StateType.CHECKED):
            out["checked"].append(label)
    elif r == "check box" and label:
        out["checks"].append(label)
    elif r == "radio button" and label:
        out["options"].append(label)
    elif r in ("text", "spin button", "entry") and n:
        out["boxes"].append(n)
    for i in range(min(o.get_child_count(), 400)):
        c = o.get_child_at_index(i)
        if c is not None:
            walk(c, depth + 1, named)
found = None
for i in range(app.get_child_count()):
    w = app.get_child_at_index(i)
    if w is not None and w.get_role_name() == "frame" and showing(w):
        found = found or tabbar(w, [])  # a floating window (the Navigator F5 opens) is a frame too
if found:
    path, out["decks"] = found
    # the sidebar's window is the nearest named node above the tab bar (named after the deck it
    # shows); the deck is what it holds beside the tab bar's branch
    k = max(i for i, o in enumerate(path) if (o.get_name() or "") or i == 0)
    side, branch = path[k], path[k + 1] if k + 1 < len(path) else None
    out["title"] = side.get_name() or ""
    for i in range(side.get_child_count()):
        part = side.get_child_at_index(i)
        if part is not None and part != branch:
            walk(part, 0, "")
    for k in ("buttons", "checks", "options", "boxes", "checked"):
        out[k] = list(dict.fromkeys(out[k]))
result = out if found else None
'''


_SIDEBAR_MENU = "Menu"  # the sidebar tab bar's button whose menu lists the decks (the first control of that name)


def deck_of(raw: dict) -> tuple[DeckControls, list[str], str]:
    """The deck a :data:`_DECK_WALK` read (its controls and the entries its list shows), the icons
    checked in it (the list's current view among them) and the list's selected entry."""
    deck = DeckControls.model_validate({k: raw[k] for k in ("title", "tabs", "lists", "boxes", "checks", "options", "buttons")})
    return deck, raw["checked"], raw["list_selected"]


def _open(env, path: list[str]) -> bool:
    """Click down a menu path in a started ``WriterEnv``; False when an entry is not showing."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action

    obs = env.observe()
    for name in path:
        c = ground(name, "click_input", obs)
        if c is None or not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            return False
        obs = env.observe()
    return True


def discover_decks(env, template: str, menus: list[MenuNode], log=print) -> dict[str, DeckControls]:
    """Open each sidebar deck that has a menu entry of its name (View - Styles, View - Navigator)
    in a started ``WriterEnv``, read what it shows, then click each of its toggle icons once: an
    icon after which the deck's list shows other entries switches the list's view ("Page
    Styles"), and the entries it then shows are recorded. Why by clicking: the list holds only
    the current view's entries; the icons that switch it are named only by their tooltips."""
    from lamkit.schema import Task

    inv = UIInventory(app="writer", menus=menus, toolbars={})
    task = Task(id="ui-decks", request="discover the sidebar decks", template=template)
    env.reset(task)
    first = env.run_uno(_DECK_WALK)
    names = first["decks"] if first else []
    found: dict[str, DeckControls] = {}
    for name in names:
        path = inv.entry_path(name)
        if path is None or path[-1].children:
            continue  # a deck no menu entry opens (Properties, Page): the help reaches it otherwise
        env.reset(task)
        raw = env.run_uno(_DECK_WALK) if _open(env, [n.name for n in path]) else None
        side: list[str] = []
        if not raw or fold(raw["title"]) != fold(name):
            # the menu entry opened it elsewhere (View - Navigator: a floating window): the sidebar's menu
            env.reset(task)
            side = [_SIDEBAR_MENU, name]
            raw = env.run_uno(_DECK_WALK) if _open(env, side) else None
        if not raw or fold(raw["title"]) != fold(name):
            log(f"deck {name}: did not open")
            continue
        deck, checked, selected = deck_of(raw)
        deck.opened_by, deck.sidebar_path = [n.name for n in path], side
        from lamkit.dataflow.help.tips import help_names

        deck.names = help_names(deck.buttons + deck.checks)
        deck.views, deck.selected = _views(env, raw, checked, selected)
        deck.rows = raw["rows"]
        deck.entry_menus, deck.entry_dialogs = _entry_menus(env, deck, log)
        found[name] = deck
        log(f"deck {name}: {len(deck.buttons)} buttons, views {', '.join(f'{k} ({len(v)})' for k, v in deck.views.items())}")
    return found


def _views(env, raw: dict, checked: list[str], selected: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Click each toggle icon of the open deck in turn; one after which the list shows other
    entries is a view of the list (as is the icon checked when the deck opened). An icon that
    leaves the list as it was (Fill Format Mode) is clicked again, to undo it."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action

    views: dict[str, list[str]] = {}
    chosen: dict[str, str] = {}
    before = raw["list"]
    switched, kept = False, []
    toggles = [b for b in raw["buttons"] if b != raw["title"]]
    for icon in toggles:
        obs = env.observe()
        c = ground(icon, "click_input", obs)
        if c is None or c.role != "toggle button" or sum(o.name == icon for o in obs.controls) > 1:
            continue  # not a toggle, or a name the expert could not tell apart ("Menu": two drop-downs)
        if not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            continue
        now = env.run_uno(_DECK_WALK) or {"list": [], "list_selected": ""}
        if now["list"] and now["list"] != before:
            views[icon], chosen[icon] = now["list"], now["list_selected"]
            before, switched = now["list"], True
        elif icon in checked and raw["list"]:
            views[icon], chosen[icon] = raw["list"], selected
            kept.append(icon)
        else:
            env.step(Action(function="click_input", args={"control_label": c.label}))
    if not switched:
        # no icon switched the list, so a checked one is no view of it either (the Navigator's List
        # Box, checked, leaves its list as it is): the deck's list has one view, and is no view's
        for icon in kept:
            c = ground(icon, "click_input", env.observe())
            if c is not None:
                env.step(Action(function="click_input", args={"control_label": c.label}))
        return {}, {}
    return views, chosen


def _entry_menus(env, deck: DeckControls, log=print) -> tuple[dict[str, list[MenuNode]], dict[str, DialogControls]]:
    """For each view of the open deck: the context menu of its list's selected entry (else its
    first), opened with Shift+F10 on that entry (:data:`CONTEXT_KEYS`), and the dialog the menu's
    first dialog entry opens there (New... and Modify... open the same style dialog), read like a
    menu's dialog, each page too, then cancelled (Escape left it open once a page was read). Why by Shift+F10: the help's
    right-click on the entry opens the same menu; the key keeps the entry selected."""
    menus: dict[str, list[MenuNode]] = {}
    dialogs: dict[str, DialogControls] = {}
    for view, entries in deck.views.items():
        entry = deck.selected.get(view) or (entries[0] if entries else "")
        if not entry or not _open(env, [view]) or not _keys_on(env, entry, CONTEXT_KEYS):
            continue
        raw = env.run_uno(_POPUP_WALK)
        menus[view] = _popup_entries(raw) if raw else []
        _keys_on(env, None, "{ESCAPE}")
        for item in [m.name for m in menus[view] if m.name.endswith(("...", "…")) and not m.children]:
            got = env.run_uno(_DIALOG_WALK) if _keys_on(env, entry, CONTEXT_KEYS) and _open(env, [item]) else None
            if got and got["title"] and got["title"] not in _MESSAGE_BOXES:
                dialogs[view] = DialogControls.model_validate(got)
                dialogs[view].pages = _pages(env, dialogs[view], log)
            if not (got and _open(env, ["Cancel"])):
                _keys_on(env, None, "{ESCAPE}")
            if view in dialogs:
                break
        log(f"  {view}: entry menu {[m.name for m in menus[view]]}, dialog {_said(dialogs.get(view))}")
    return menus, dialogs


def _keys_on(env, name: str | None, keys: str) -> bool:
    """Press ``keys`` on the showing control ``name`` (None: the active window); False when it is not showing."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action

    c = ground(name, "keyboard_input", env.observe()) if name else None
    if name and c is None:
        return False
    return env.step(Action(function="keyboard_input", args={**({"control_label": c.label} if c else {}), "keys": keys})).ok


def _popup_entries(raw: dict) -> list[MenuNode]:
    """The entries of a walked popup window (its menu's children, unnamed wrappers skipped)."""
    out: list[MenuNode] = []
    for c in raw["children"]:
        m = _menu(c) if c["role"] in _MENU_ROLES and c["name"] else None
        if m is not None:
            out.append(m)
        elif not c["name"] or c["role"] == "menu":
            out += _popup_entries(c)
    return out


def _menu(node: dict) -> MenuNode | None:
    kind = _MENU_ROLES.get(node["role"])
    if kind is None or not node["name"]:
        return None
    kids = [m for c in node["children"] for m in ([_menu(c)] if c["role"] in _MENU_ROLES else [_menu(g) for g in c["children"]]) if m]
    return MenuNode(name=node["name"], kind=kind, children=kids)


#: What is on the clipboard while the arrows are read: a split button acting on the clipboard
#: (Paste) is disabled, its arrow opening nothing, while the clipboard is empty.
_ARROW_CLIPBOARD_KEYS = "^a^c{END}"
_ARROW_ROLES = ("menu item", "check menu item", "radio menu item", "push button", "toggle button", "list item", "table cell")


def discover_arrows(env, template: str, log=print) -> dict[str, list[str]]:
    """Each tool bar split button's drop-down: click the arrow control the observer shows for it
    ("Paste arrow", :data:`lamkit.envs.writer.observe.ARROW`), read the named controls of the popup
    window that opened (its entries, in order), close it with Escape. Why the observer's control
    and a click, not the buttons' AT-SPI tree: the arrow has no node of its own (the button has one
    action, "press", which runs its command), and its popup's entries exist only once opened. On a
    document whose text was copied (:data:`_ARROW_CLIPBOARD_KEYS`); an arrow that opens nothing
    (Undo's while nothing was done) is left out."""
    from lamkit.agent.heuristic import ground
    from lamkit.envs.writer.paths import ARROW
    from lamkit.schema import Action, Task

    obs = env.reset(Task(id="ui-inventory-arrows", request="read the tool bars' drop-down arrows", template=template))
    doc = ground("<document>", "keyboard_input", obs)
    env.step(Action(function="keyboard_input", args={"control_label": doc.label, "keys": _ARROW_CLIPBOARD_KEYS}))
    names = [c.name for c in env.observe().controls if c.path.endswith("." + ARROW)]
    found: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        c = ground(name, "click_input", env.observe())
        if c is None or not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
            continue
        time.sleep(_SETTLE)
        env.run_uno(_POPUP_WALK)  # a palette's colors are made only once something walks its tree (measured: before, only its buttons showed)
        entries = [x.name for x in env.observe().controls if not x.path.startswith("m") and x.name and x.role in _ARROW_ROLES]
        button = name[: -len(ARROW) - 1]
        if entries:
            found[button] = list(dict.fromkeys(entries))
        log(f"  {button}: {len(entries)} entries {entries[:8]}")
        env.step(Action(function="keyboard_input", args={"keys": "{ESCAPE}"}))
        time.sleep(0.5)
    return found


def from_tree(app: str, bars: list[dict]) -> UIInventory:
    """The inventory from the raw walk: the fuller of the two menu bars (LibreOffice also shows a
    hidden VCL duplicate, quirk 3) and every named tool bar with its named controls that show.
    Why only those: a tool bar also holds the buttons its configuration hides (Double Underline,
    Overline) and those that do not fit the window's width (at 1280 px the Formatting bar ends at
    Unordered List; Ordered List and No List are in its overflow), and a plan that clicks one
    stops with "no control named ... is showing" (the compiler takes the command's menu entry
    instead, :meth:`Compiler._command_entry`). A walk without the SHOWING flag keeps them all."""
    menubars = [b for b in bars if b["role"] == "menu bar"]
    if not menubars:
        raise LamkitError("no menu bar found in the application's accessibility tree")

    def size(n: dict) -> int:
        return 1 + sum(size(c) for c in n["children"])

    mb = max(menubars, key=size)
    toolbars: dict[str, list[str]] = {}
    for b in bars:
        if b["role"] == "tool bar" and b["name"]:
            names = []

            def named(n: dict) -> None:
                for c in n["children"]:
                    if c["name"] and c["name"] not in names and c.get("showing", True):
                        names.append(c["name"])
                    elif not c["name"]:
                        named(c)

            named(b)
            if names:
                toolbars[b["name"]] = names
    return UIInventory(app=app, menus=[m for c in mb["children"] if (m := _menu(c))], toolbars=toolbars)


def discover(env, template: str) -> UIInventory:
    """Walk a started ``WriterEnv`` (a document open on ``template``) once."""
    from lamkit.schema import Task

    env.reset(Task(id="ui-inventory", request="discover the UI", template=template))
    return from_tree("writer", env.run_uno(_WALK))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Discover Writer's menu tree and toolbars from the live UI and cache them.")
    ap.add_argument("--out", type=Path, default=INVENTORIES["writer"])
    ap.add_argument("--dialogs", action="store_true",
                    help="Open every dialog of the menu tree once and record its controls (minutes), on a blank document, then "
                         "those it lacks on the help's list-and-table and objects documents; keeps the cached menus and toolbars.")
    ap.add_argument("--object-dialogs", action="store_true",
                    help="Only the second part of --dialogs: keep the cached dialogs and look for the missing ones on the "
                         "help's list-and-table and objects documents (templates.build_help_objects).")
    ap.add_argument("--context-menus", action="store_true",
                    help="Open the document's context menu in a paragraph, a list entry and a table cell of a generated "
                         "document (templates.build_help_template) and record them; keeps the cached menus, toolbars and dialogs.")
    ap.add_argument("--object-context-menus", action="store_true",
                    help="Only the objects' part of --context-menus: open the context menu of each object of CONTEXT_OBJECTS "
                         "on the help's object documents and record it; keeps the rest of the cache.")
    ap.add_argument("--decks", action="store_true",
                    help="Open each sidebar deck a menu entry of its name opens (View - Styles, View - Navigator), record its "
                         "controls and the entries each of its icons makes its list show; keeps the rest of the cache.")
    ap.add_argument("--save-dialog", action="store_true",
                    help="Open the dialog that saves the open document (File - Save As...) and record its controls, the "
                         "file type list's entries too; keeps the rest of the cache.")
    ap.add_argument("--options-pages", action="store_true",
                    help="Open the Tools - Options pages the help's procedures open (options_page_paths of the harvested "
                         "plans) and record each page's controls under the dialog's menu path; keeps the rest of the cache.")
    ap.add_argument("--toolbars", action="store_true",
                    help="Walk the tool bars again and record the controls that show at the environment's window size; "
                         "keeps the rest of the cache.")
    ap.add_argument("--arrows", action="store_true",
                    help="Open each tool bar split button's drop-down arrow and record what its popup shows; keeps the rest of the cache.")
    args = ap.parse_args(argv)
    import tempfile

    from docx import Document

    from lamkit.envs.base import make_env

    with tempfile.TemporaryDirectory() as d:
        doc = Path(d) / "blank.docx"
        Document().save(str(doc))
        arrow_doc = Path(d) / "text.docx"  # a paragraph to copy (:data:`_ARROW_CLIPBOARD_KEYS`)
        text = Document()
        text.add_paragraph("Costs of the trip")
        text.save(str(arrow_doc))
        with make_env("writer") as env:
            if (args.dialogs or args.object_dialogs or args.context_menus or args.object_context_menus or args.decks
                    or args.toolbars or args.save_dialog or args.arrows or args.options_pages) and args.out.exists():
                inv = UIInventory.model_validate_json(args.out.read_text())  # keep what is cached; add to it
            else:
                inv = discover(env, str(doc))
            if args.toolbars:
                inv.toolbars = discover(env, str(doc)).toolbars
            if args.dialogs or args.object_dialogs:
                from lamkit.dataflow.templates import build_help_objects, build_help_template

                places = object_places(inv, build_help_template(Path(d) / "templates"), build_help_objects(Path(d) / "templates"))
                known = None if args.dialogs else inv.dialogs
                inv.dialogs = discover_dialogs(env, str(doc), inv.menus, known=known, places=places)
            if args.save_dialog:
                inv.dialogs |= discover_save_dialogs(env, str(doc))
            if args.arrows:
                inv.arrows = discover_arrows(env, str(arrow_doc))
            if args.options_pages:
                opts = discover_options_pages(env, str(doc), options_page_paths(_help_sentences()))
                if opts is not None:
                    inv.dialogs[" - ".join(OPTIONS_DIALOG)] = opts
            if args.decks:
                inv.decks = discover_decks(env, str(doc), inv.menus)
            if args.context_menus:
                from lamkit.dataflow.help.compile import Target
                from lamkit.dataflow.templates import build_help_template

                tpl = build_help_template(Path(d) / "templates")  # a paragraph, a list and a table
                tgt = Target.of(tpl)
                inv.context_menus = discover_context_menus(env, str(tpl.path),
                                                           {"text": tgt.word, "list": tgt.item or "", "table": tgt.cell or ""})
            if args.context_menus or args.object_context_menus:
                from lamkit.dataflow.templates import build_help_objects, build_help_references

                objs = [build_help_objects(Path(d) / "templates"), build_help_references(Path(d) / "templates")]
                inv.context_menus.update(discover_object_context_menus(env, inv, objs))
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(inv.model_dump_json(indent=1))
    tmp.replace(args.out)  # atomic
    n = sum(1 for _ in _iter(inv.menus))
    print(f"{args.out}: {len(inv.menus)} menus, {n} menu entries, toolbars {', '.join(f'{k} ({len(v)})' for k, v in inv.toolbars.items())}, "
          f"{len(inv.dialogs)} dialogs, decks {', '.join(inv.decks)}, context menus {', '.join(f'{k} ({len(v)})' for k, v in inv.context_menus.items())}")


def _help_sentences() -> list[str]:
    """Every step sentence of Writer's harvested help procedures."""
    import tempfile

    from lamkit.jsonl import read_jsonl
    from lamkit.schema import TaskPlan
    from lamkit.tasks.harvest import harvest_help

    with tempfile.TemporaryDirectory() as d:
        h = Path(d) / "w.jsonl"
        harvest_help("writer", h, paraphrases=0, subtasks=False)
        return [s for p in read_jsonl(h, TaskPlan) if p.app == "writer" for s in p.plan]


def _iter(nodes: list[MenuNode]):
    for n in nodes:
        yield n
        yield from _iter(n.children)


if __name__ == "__main__":
    main()
