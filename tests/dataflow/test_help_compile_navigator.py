"""The Navigator (issue 14): a sidebar deck whose menu entry (View - Navigator, F5) opens a floating
window whose contents never show over AT-SPI, so the plan opens the same Navigator in the sidebar
from the sidebar's own menu (``DeckControls.sidebar_path``); its icons, named in the UI only by
their tooltips, are found by the help's names for them (``DeckControls.names``, read from the
Navigator's help page by ``tips.help_names``); "the heading in the Navigator list" is the
document's heading under the list's Headings kind.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json) and the help's
references document (templates.build_help_references: the heading "Summary of costs"); every
sentence is quoted from swriter/guide/arrange_chapters.html or swriter/guide/navigator.html.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target, compile_first
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.templates import HELP_REFERENCES, build_help_references
from lamkit.schema import Source, TaskPlan

from help_cases import click, reasons, steps

INV = load("writer")
NAV = INV.decks["Navigator"]
OPEN = click("Menu", "Navigator")  # the sidebar's menu, then its Navigator entry
HEADING = HELP_REFERENCES["heading"]


def every_kind():
    """The list's own view icon made off (clicked only when on): the list shows every kind."""
    return [("click_input", NAV.names["Content Navigation View"], {"check": False})]


def tip(name: str) -> str:
    return NAV.names[name]


@pytest.fixture(scope="module")
def refs(tmp_path_factory):
    return build_help_references(tmp_path_factory.mktemp("refs"))


@pytest.fixture(scope="module")
def comp(refs) -> Compiler:
    return Compiler(INV, Target.of(refs))


def proc(task, sentences):
    return TaskPlan(id=f"nav-{task}", app="writer", task=task, plan=sentences,
                    source=Source(path="swriter/guide/arrange_chapters.html"))


def test_the_inventory_names_the_navigator_icons_as_the_help_does():
    """The walk read the Navigator deck from the sidebar's menu, its content list's kinds, and
    the help's names of its tooltip-named icons."""
    assert NAV.opened_by == ["View", "Navigator"] and NAV.sidebar_path == ["Menu", "Navigator"]
    assert NAV.lists["Content Navigation View"][:3] == ["Headings", "Tables", "Frames"]
    assert tip("Demote Level").startswith("Decreases the outline level of the selected heading")
    assert tip("Promote Chapter").startswith("Moves the selected heading, and the text below the heading, up")
    assert INV.deck_icon("Content Navigation View") == ("Navigator", tip("Content Navigation View"))
    assert NAV.views == {}  # the checked List Box icon switches no list: the deck's list has no views


def test_promote_or_demote_the_level_of_a_heading(comp):
    """arrange_chapters.html "Promote or demote the level of a heading", whole: the heading under
    Headings, then one of the two icons the help offers, kept per plan (by its seed)."""
    got = comp.compile(proc("Promote or demote the level of a heading", [
        "Select the heading in the Navigator list.", "Click the Promote Level or Demote Level icon."]))
    assert got.complete, got.failures
    chosen = got.params["promote level|demote level:icon"]
    assert chosen in ("Promote Level", "Demote Level") and not got.defaults
    assert steps(got) == OPEN + every_kind() + click("Headings", HEADING, tip(chosen))


def test_the_choice_follows_the_seed(comp):
    picks = set()
    for k in range(12):
        got = comp.compile(TaskPlan(id=f"s{k}", app="writer", task="Promote or demote the level of a heading",
                                    plan=["Select the heading in the Navigator list.", "Click the Promote Level or Demote Level icon."],
                                    source=Source(path="swriter/guide/arrange_chapters.html")))
        picks.add(got.params["promote level|demote level:icon"])
    assert picks == {"Promote Level", "Demote Level"}


def test_move_a_heading_up_or_down(comp):
    """arrange_chapters.html "Move a heading up or down in the document" (the icons' way): the
    Navigator icon of the Standard Bar and "to open the Navigator" open the sidebar's Navigator
    (View - Navigator's floating window is not readable); the Content Navigation View icon by
    the help's name; a heading; one of the two chapter icons."""
    got = comp.compile(proc("Move a heading up or down in the document", [
        "On the Standard Bar, click the Navigator icon to open the Navigator.",
        "On the Navigator, click the Content Navigation View icon.",
        "Click a heading in the Navigator list, and then click the Promote Chapter or Demote Chapter icon."]))
    assert got.complete, got.failures
    chosen = got.params["promote chapter|demote chapter:icon"]
    # the help's click shows one kind, the one selected then; the heading's kind needs every kind shown
    assert steps(got) == OPEN + click(tip("Content Navigation View")) + every_kind() + click("Headings", HEADING, tip(chosen))


def test_a_heading_needs_a_document_with_one():
    """On the table document (no heading) the clause needs an object; compile_first then takes the
    references document."""
    table = Compiler(INV, Target(word="Sales", paragraph="Sales grew"))
    got = table.compile(["Select the heading in the Navigator list."])
    assert reasons(got) == ["needs_object"]


def test_the_drag_stays_a_gesture(comp):
    got = comp.compile(["Drag a heading to a new location in the Navigator list."])
    assert reasons(got) == ["mouse_gesture"]


def test_compile_first_takes_the_references_document(refs, tmp_path):
    from lamkit.dataflow.templates import build_help_objects

    objects = build_help_objects(tmp_path)
    p = proc("Promote or demote the level of a heading", ["Select the heading in the Navigator list.",
                                                          "Click the Promote Level or Demote Level icon."])
    comps = {}
    got, tpl = compile_first(p, [objects], [objects, refs],
                             lambda t: comps.setdefault(t.path, Compiler(INV, Target.of(t))))
    assert got.complete and tpl.path == refs.path
