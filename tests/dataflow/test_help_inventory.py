"""The context-menu part of the UI inventory: the popup's raw accessibility tree (as the walk in
the env worker returns it) becomes a menu tree; unnamed wrappers and separators are skipped.
The tree below has the shape the live walk of Writer's text context menu returned."""

from __future__ import annotations

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
