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
"""

from __future__ import annotations

import argparse
import re
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

    def entries(self, name: str) -> list[str] | None:
        """The entries of the list or combo box the help names ("the Style list box"), or None."""
        key = fold(name)
        for n, items in self.lists.items():
            if fold(n) == key or fold(n).rstrip(":") == key:
                return items
        return None


class UIInventory(BaseModel):
    app: str
    menus: list[MenuNode]  # the menu bar's top-level menus, in order
    toolbars: dict[str, list[str]]  # toolbar name -> its named buttons and boxes
    dialogs: dict[str, DialogControls] = Field(default_factory=dict)  # "Format - Page Style..." -> its controls
    # The document's context menus, by where the cursor is ("text": a body paragraph, "list": a
    # list entry, "table": a table cell), each the menu tree the popup shows (Shift+F10 opens it at the cursor)
    context_menus: dict[str, list[MenuNode]] = Field(default_factory=dict)

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
    node = {"role": r, "name": o.get_name() or "", "children": []}
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
_DIALOG_WALK = _FIND_APP + r'''
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

# Runs in the env worker: the menu tree of the popup (context) menu on screen, walked whole
# (its submenus are populated while closed, like the menu bar's).
_POPUP_WALK = _TREE + r'''
result = None
for i in range(app.get_child_count()):
    w = app.get_child_at_index(i)
    if w is not None and w.get_role_name() != "frame" and w.get_state_set().contains(Atspi.StateType.SHOWING):
        result = walk(w, 0, 12)
'''

#: Menu entries whose dialog is not opened while discovering: they act on files, printers,
#: macros or extensions, or start wizards (their controls are outside the document anyway).
_SKIP_DIALOG = re.compile(r"(?i)^(file|help)$|macro|extension|mail merge|wizard|address book|bibliography database|"
                          r"xml filter|open|save|print|export|import|^image\.\.\.|text from file|signature|scan|"
                          r"audio|video|certificate|customize|envelope|^chart|^options|online|compare|merge document|^replace|"
                          r"exchange database|^form$")


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
    return out


def discover_dialogs(env, template: str, menus: list[MenuNode], log=print) -> dict[str, DialogControls]:
    """Open each dialog of the menu tree once in a started ``WriterEnv`` and read its controls.
    A dialog that does not open (an entry disabled on this document) is left out."""
    from lamkit.agent.heuristic import ground
    from lamkit.schema import Action, Task

    found: dict[str, DialogControls] = {}
    task = Task(id="ui-dialogs", request="discover the dialogs", template=template)
    for path in dialog_paths(menus):
        obs = env.reset(task)
        ok = True
        for name in path:
            c = ground(name, "click_input", obs)
            if c is None or not env.step(Action(function="click_input", args={"control_label": c.label})).ok:
                ok = False
                break
            obs = env.observe()
        got = env.run_uno(_DIALOG_WALK) if ok else None
        if got and got["title"] in _MESSAGE_BOXES:
            got = None  # a message box ("Information: the spellcheck is complete"), not the entry's dialog
        if got:
            found[" - ".join(path)] = DialogControls.model_validate(got)
        log(f"{' - '.join(path)}: {'%d tabs, %d lists' % (len(got['tabs']), len(got['lists'])) if got else 'no dialog'}")
    return found


#: Where the cursor is put before the context menu is opened: the text the template's
#: paragraph or table cell holds is selected, the selection collapsed (End), then Shift+F10.
CONTEXT_KEYS = "+{F10}"


def discover_context_menus(env, template: str, places: dict[str, str], log=print) -> dict[str, list[MenuNode]]:
    """The document's context menu in each place (``{"text": <a word of a paragraph>, "table":
    <a cell's text>}``), read from the popup Shift+F10 opens at the cursor in a started
    ``WriterEnv``. Why Shift+F10 and not a right-click: it opens the same menu at the cursor
    without moving it, so a selection the plan made before stays what the menu acts on."""
    from lamkit.schema import Action, Task

    found: dict[str, list[MenuNode]] = {}
    for place, text in places.items():
        obs = env.reset(Task(id=f"ui-context-{place}", request="discover the context menus", template=template))
        doc = next((c for c in obs.controls if c.role == "document text"), None)
        if doc is None:
            continue
        for a in (Action(function="select_text", args={"control_label": doc.label, "text": text}),
                  Action(function="keyboard_input", args={"control_label": doc.label, "keys": "{END}"}),
                  Action(function="keyboard_input", args={"control_label": doc.label, "keys": CONTEXT_KEYS})):
            if not env.step(a).ok:
                break
        raw = env.run_uno(_POPUP_WALK)
        tree = _popup_entries(raw) if raw else []
        if tree:
            found[place] = tree
        log(f"context menu in {place}: {len(tree)} entries")
    return found


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


def from_tree(app: str, bars: list[dict]) -> UIInventory:
    """The inventory from the raw walk: the fuller of the two menu bars (LibreOffice also shows a
    hidden VCL duplicate, quirk 3) and every named tool bar with its named controls."""
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
                    if c["name"] and c["name"] not in names:
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
                    help="Open every dialog of the menu tree once and record its controls (minutes); keeps the cached menus and toolbars.")
    ap.add_argument("--context-menus", action="store_true",
                    help="Open the document's context menu in a paragraph, a list entry and a table cell of a generated "
                         "document (templates.build_help_template) and record them; keeps the cached menus, toolbars and dialogs.")
    args = ap.parse_args(argv)
    import tempfile

    from docx import Document

    from lamkit.envs.base import make_env

    with tempfile.TemporaryDirectory() as d:
        doc = Path(d) / "blank.docx"
        Document().save(str(doc))
        with make_env("writer") as env:
            if (args.dialogs or args.context_menus) and args.out.exists():  # keep what is cached; add to it
                inv = UIInventory.model_validate_json(args.out.read_text())
            else:
                inv = discover(env, str(doc))
            if args.dialogs:
                inv.dialogs = discover_dialogs(env, str(doc), inv.menus)
            if args.context_menus:
                from lamkit.dataflow.help.compile import Target
                from lamkit.dataflow.templates import build_help_template

                tpl = build_help_template(Path(d) / "templates")  # a paragraph, a list and a table
                tgt = Target.of(tpl)
                inv.context_menus = discover_context_menus(env, str(tpl.path),
                                                           {"text": tgt.word, "list": tgt.item or "", "table": tgt.cell or ""})
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(inv.model_dump_json(indent=1))
    tmp.replace(args.out)  # atomic
    n = sum(1 for _ in _iter(inv.menus))
    print(f"{args.out}: {len(inv.menus)} menus, {n} menu entries, toolbars {', '.join(f'{k} ({len(v)})' for k, v in inv.toolbars.items())}, "
          f"{len(inv.dialogs)} dialogs, context menus {', '.join(f'{k} ({len(v)})' for k, v in inv.context_menus.items())}")


def _iter(nodes: list[MenuNode]):
    for n in nodes:
        yield n
        yield from _iter(n.children)


if __name__ == "__main__":
    main()
