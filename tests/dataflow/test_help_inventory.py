"""The context-menu part of the UI inventory: the popup's raw accessibility tree (as the walk in
the env worker returns it) becomes a menu tree; unnamed wrappers and separators are skipped.
The tree below has the shape the live walk of Writer's text context menu returned. The live
walks themselves run in the last test (real Writer)."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.inventory import _popup_entries


def node(role, name="", *children):
    return {"role": role, "name": name, "children": list(children)}


def test_popup_tree_becomes_menu_nodes():
    raw = node("window", "", node("menu", "",
                                  node("menu item", "Paste"),
                                  node("separator"),
                                  node("menu", "Paragraph", node("menu item", "Paragraph..."), node("menu item", "Edit Style...")),
                                  node("panel", "", node("check menu item", "Clone Formatting")),
                                  node("menu item", "")))
    got = _popup_entries(raw)
    assert [n.name for n in got] == ["Paste", "Paragraph", "Clone Formatting"]
    assert [c.name for c in got[1].children] == ["Paragraph...", "Edit Style..."] and got[1].kind == "menu"
    assert got[2].kind == "check"


def test_a_toolbar_keeps_the_buttons_that_show():
    """A tool bar's walk holds the buttons its configuration hides and those in its overflow, not
    showing (measured at 1280 px: Ordered List is past the Formatting bar's end): they are left
    out, so a plan never clicks them; a walk without the flag (an older raw tree) keeps them all."""
    from lamkit.dataflow.help.inventory import from_tree

    def btn(name, showing=None):
        n = node("push button", name)
        if showing is not None:
            n["showing"] = showing
        return n

    menubar = node("menu bar", "", node("menu", "Format", node("menu item", "Bold")))
    bar = node("tool bar", "Formatting", btn("Bold", True), btn("Double Underline", False), node("panel", "", btn("Ordered List", False)))
    assert from_tree("writer", [menubar, bar]).toolbars == {"Formatting": ["Bold"]}
    old = node("tool bar", "Formatting", btn("Bold"), btn("Double Underline"))
    assert from_tree("writer", [menubar, old]).toolbars == {"Formatting": ["Bold", "Double Underline"]}


@pytest.mark.writer
def test_the_live_walks_read_the_menu_bar_toolbars_and_context_menus(tmp_path):
    """Both worker-side walks (menu bar and tool bars; the popup Shift+F10 opens) through the one
    tree walk they share, in live Writer: the menus, a submenu two levels down, the toolbars'
    buttons, and the context menus of a paragraph and a table cell, as the cached inventory has them."""
    from lamkit.dataflow.help.compile import Target
    from lamkit.dataflow.help.inventory import discover, discover_context_menus, find_child, load
    from lamkit.dataflow.templates import build_help_template
    from lamkit.envs.base import make_env

    tpl = build_help_template(tmp_path / "templates")
    tgt = Target.of(tpl)
    cached = load("writer")
    with make_env("writer") as env:
        inv = discover(env, str(tpl.path))
        ctx = discover_context_menus(env, str(tpl.path), {"text": tgt.word, "table": tgt.cell or ""}, log=lambda _: None)
    assert [m.name for m in inv.menus] == [m.name for m in cached.menus]
    text = find_child(inv.top("Format").children, "Text")
    assert text is not None and text.kind == "menu" and find_child(text.children, "Bold") is not None
    assert {"Bold", "Italic", "Font Size"} <= set(inv.toolbars["Formatting"])
    assert inv.toolbars == cached.toolbars  # the buttons that show at the environment's window size
    assert {"Paste", "Character", "Paragraph"} <= {n.name for n in ctx["text"]}
    assert find_child(ctx["text"], "Paragraph").children  # the popup's submenus are walked too
    assert "Split Cells..." in {n.name for n in ctx["table"]}


@pytest.mark.writer
def test_the_live_walk_reads_the_objects_context_menus(tmp_path):
    """The objects' walk in live Writer (``discover_object_context_menus``): each object of the
    help's object documents reached by the compiler's steps, its Shift+F10 popup read, as the
    cached inventory has it (the table of contents' Update Index, the image's Wrap submenu)."""
    from lamkit.dataflow.help.inventory import CONTEXT_OBJECTS, discover_object_context_menus, load
    from lamkit.dataflow.templates import build_help_objects, build_help_references
    from lamkit.envs.base import make_env

    cached = load("writer")
    docs = [build_help_objects(tmp_path), build_help_references(tmp_path)]
    with make_env("writer") as env:
        got = discover_object_context_menus(env, cached, docs, log=lambda _: None)
    assert set(got) == set(CONTEXT_OBJECTS)
    assert {k: [n.name for n in v] for k, v in got.items()} == {k: [n.name for n in cached.context_menus[k]] for k in CONTEXT_OBJECTS}
