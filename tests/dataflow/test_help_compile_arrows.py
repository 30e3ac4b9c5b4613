"""Tool bar split buttons' drop-down arrows (issue 14): "click the arrow next to the X icon" is a
click on the arrow control the observer shows beside the button ("X arrow"), and the next clause
picks an entry of the popup it opens, as the inventory read it (``UIInventory.arrows``): by name
("click No Fill"), or, where the help leaves it open ("Select one of the options"), one entry
chosen deterministically per plan, never one that opens a dialog. A paste through Paste's arrow in
a plan that copied nothing first copies the target's word (an episode's clipboard is empty).

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help, the page named beside it.
"""

from __future__ import annotations

from help_cases import click, comp, key, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.inventory import UIInventory, load

HIGHLIGHT = ["Select the highlighted text.",
             "On the Formatting bar, click the arrow next to the Character Highlighting Color icon, and then click No Fill."]
#: a document with a highlighted word (as the references document: templates.HELP_REFERENCES)
MARKED = Target(word="Sales", paragraph="Sales grew", objects=(("highlighted text", "agreed"),))
PASTE = ["Click the arrow next to the Paste icon on the Standard Bar to open the menu.", "Select one of the options."]


def test_the_arrow_then_an_entry_by_name():
    """shared/02/02160000.html "Remove highlighting": the highlighted word, then the palette's No
    Fill, not the icon (which applies its last color)."""
    got = Compiler(load("writer"), MARKED).compile(plan("Remove highlighting", HIGHLIGHT, "shared/02/02160000.html"))
    assert got.failures == []
    assert steps(got) == [sel("agreed")] + click("Character Highlighting Color arrow", "No Fill")


def test_one_of_the_options_is_an_inventoried_entry_chosen_by_seed(comp):
    """shared/guide/pasting.html "Paste clipboard contents using an icon menu": the clipboard is
    filled first (the target's word copied, the cursor at its paragraph's end), then one of the
    menu's entries, the same for the same plan, recorded as a default choice."""
    got = comp.compile(plan("Paste clipboard contents using an icon menu", PASTE, "shared/guide/pasting.html"))
    assert got.failures == []
    menu = load("writer").arrows["Paste"]
    *head, (fn, pick, args) = steps(got)
    assert head == [sel("Sales"), key("^c"), key("{END}")] + click("Paste arrow")
    assert fn == "click_input" and args == {} and pick in menu and not pick.endswith(("...", "…"))
    assert got.defaults == ["Select one of the options"]
    again = comp.compile(plan("Paste clipboard contents using an icon menu", PASTE, "shared/guide/pasting.html"))
    assert steps(again) == steps(got)


def test_an_open_pick_never_opens_a_dialog():
    """Underline's arrow holds "(Without)" and "More Options..." (a dialog): only the first can be the pick."""
    c = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"))
    for seed in "abcdefgh":
        got = c.compile(plan("x", ["Click the arrow next to the Underline icon.", "Select one of the options."]).model_copy(update={"id": seed}))
        assert steps(got)[-1] == ("click_input", "(Without)", {}), seed


def test_no_copy_when_the_plan_copied_already(comp):
    got = comp.compile(["Select the text.", "Press Ctrl+C.", "Click the arrow next to the Paste icon.", "Click Unformatted text."])
    assert got.failures == []
    assert [s for s in steps(got) if s == key("^c")] == [key("^c")]
    assert steps(got)[-2:] == click("Paste arrow", "Unformatted text")


def test_an_entry_the_popup_does_not_hold_is_not_compiled(comp):
    got = comp.compile(["On the Formatting bar, click the arrow next to the Character Highlighting Color icon, and then click Sparkles."])
    assert reasons(got) == ["icon_not_in_inventory"]


def test_an_arrow_the_inventory_did_not_read_is_not_compiled(comp):
    """swriter/guide/stylist_update.html: the Styles deck's Style actions icon is no tool bar's split button."""
    got = comp.compile(["Click the arrow next to the Style actions icon and choose Update Selected Style from the submenu."])
    assert reasons(got)[0] == "icon_not_in_inventory"
    assert "Style actions arrow" not in [s.control for s in got.steps]


def test_an_inventory_without_arrows_still_loads():
    """A cache written before the arrows were read has none: the arrow clause is not compiled."""
    inv = UIInventory.model_validate_json('{"app": "writer", "menus": [], "toolbars": {"Formatting": ["Character Highlighting Color"]}}')
    assert inv.arrows == {}
    got = Compiler(inv, MARKED).compile(HIGHLIGHT)
    assert reasons(got) == ["icon_not_in_inventory"]
