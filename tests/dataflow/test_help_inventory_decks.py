"""The sidebar-deck part of the UI inventory: what the deck walk in the env worker returns
becomes a :class:`DeckControls`, and an icon the help names is found in the one deck that has
it. The raw dict below has the shape the live walk of Writer's Styles deck returned (View -
Styles); no live Writer is needed."""

from __future__ import annotations

from lamkit.dataflow.help.inventory import DeckControls, UIInventory, deck_of

RAW = {"title": "Styles", "tabs": [], "lists": {"Style List": ["Default Paragraph Style", "Addressee"]}, "boxes": [],
       "checks": ["Show previews"], "options": [],
       "buttons": ["Close Sidebar Deck", "Paragraph Styles", "Character Styles", "Page Styles", "Fill Format Mode", "Menu"],
       "decks": ["Properties", "Styles", "Gallery", "Navigator"], "checked": ["Paragraph Styles"],
       "list": ["Default Paragraph Style", "Addressee"], "list_selected": "Default Paragraph Style", "rows": 12}


def test_a_walked_deck_becomes_its_controls():
    deck, checked, selected = deck_of(RAW)
    assert deck.title == "Styles" and "Page Styles" in deck.buttons and deck.checks == ["Show previews"]
    assert deck.entries("Style List") == ["Default Paragraph Style", "Addressee"]
    assert checked == ["Paragraph Styles"] and selected == "Default Paragraph Style"


def test_a_deck_icon_is_found_in_the_one_deck_that_has_it():
    styles = DeckControls(title="Styles", buttons=["Page Styles", "Close Sidebar Deck"], opened_by=["View", "Styles"],
                          views={"Page Styles": ["Default Page Style", "First Page"]}, rows=12)
    gallery = DeckControls(title="Gallery", buttons=["New...", "Close Sidebar Deck"], opened_by=["View", "Gallery"])
    inv = UIInventory(app="writer", menus=[], toolbars={}, decks={"Styles": styles, "Gallery": gallery})
    assert inv.deck_icon("page styles") == ("Styles", "Page Styles")
    assert inv.deck_icon("Page Styles", deck="Gallery") is None
    assert inv.deck_icon("Close Sidebar Deck") is None  # in both decks: the help must say which
    assert inv.deck_icon("Close Sidebar Deck", deck="gallery") == ("Gallery", "Close Sidebar Deck")


def test_an_inventory_without_decks_still_loads():
    """A cache written before decks were discovered has none."""
    inv = UIInventory.model_validate_json('{"app": "writer", "menus": [], "toolbars": {}}')
    assert inv.decks == {} and inv.deck_icon("Page Styles") is None


def test_help_names_read_from_the_installed_help():
    """The Navigator's icons are named in the UI only by their tooltips (the help's extended tips);
    the help page that documents each gives its name (swriter/01/02110000.html). A short tooltip is
    a name already and is left out."""
    from lamkit.dataflow.help.tips import help_names
    from lamkit.tasks.harvest import HELP_ROOT

    demote = ("Decreases the outline level of the selected heading, and the headings that occur below the heading, by one. "
              "To only decrease the outline level of the selected heading, hold down Ctrl, and then click this icon.")
    view = "Switches between the display of all categories in the Navigator and the selected category."
    got = help_names([demote, view, "Close Sidebar Deck"], pages=[HELP_ROOT / "swriter/01/02110000.html"])
    assert got == {"Demote Level": demote, "Content Navigation View": view}
