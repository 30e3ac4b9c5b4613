"""The step compiler on the sidebar's Styles deck (issue 14): an icon of an inventoried deck
("the Page Styles icon") opens the deck from its menu entry, then is clicked; "double-click an
entry in the list" applies an entry of the deck's list by a double click, on the view the plan
switched to or the one the clause names.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json, its ``decks``
discovered from live Writer: ``inventory --decks``); the template target is fixed.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC

from help_cases import click, comp, steps  # noqa: F401 (comp is a fixture)




def double(name):
    return [("click_input", name, {"double": True})]


CURSOR = [("select_text", DOC, {"text": "Sales grew"}), ("keyboard_input", DOC, {"keys": "{END}"})]

# (the help's sentences, the steps expected, the clauses kept as the deck list's open choice); each from the installed pages
CASES = [
    # swriter/guide/pagenumbers.html: the deck opened by its menu path, the icon "in the Styles window", a quoted entry
    (["Click into the first page of your document.", "Choose View - Styles (F11).", "In the Styles window, click the Page Styles icon.",
      'Double-click the "First Page" style.'],
     CURSOR + click("View", "Styles", "Page Styles") + double("First Page"), []),
    # swriter/guide/pagestyles.html: the icon in the singular; "a name" is a choice: the first entry the list did not have selected
    (["Click in the page that you want to apply the page style to.",
      "Choose View - Styles, and then click the Page Style icon. Double-click a name in the list."],
     CURSOR + click("View", "Styles", "Page Styles") + double("Endnote"), ["Double-click a name in the list"]),
    # swriter/guide/pagebackground.html: a kind with a purpose
    (["Choose View - Styles (F11).", "Click the Page Styles icon.",
      "Double-click the page style that uses the page background that you want to apply."],
     click("View", "Styles", "Page Styles") + double("Endnote"),
     ["Double-click the page style that uses the page background that you want to apply"]),
    # swriter/guide/pagenumbers.html (without the menu path): the icon opens its deck first
    (["In the Styles window, click the Page Styles icon.", 'Double-click the "First Page" style.'],
     click("View", "Styles", "Page Styles") + double("First Page"), []),
]


@pytest.mark.parametrize("sentences, expected, defaults", CASES, ids=[c[0][-1][:40] for c in CASES])
def test_styles_deck_shapes_compile(comp, sentences, expected, defaults):
    got = comp.compile(sentences)
    assert got.failures == [], got.failures
    assert steps(got) == expected
    assert got.defaults == defaults


def test_an_icon_at_the_top_of_the_deck(comp):
    """swriter/00/00000405.html: "the deck" is the one deck with the icon."""
    assert steps(comp.compile(["Click on the Character Style icon at top of the deck."])) == click("View", "Styles", "Character Styles")


def test_a_request_word_names_the_entry(comp):
    """A choice the help leaves open takes the entry sharing a word with the request."""
    from lamkit.schema import Source, TaskPlan

    plan = TaskPlan(id="t", app="writer", task="Apply a landscape page style", source=Source(path="x"),
                    plan=["Choose View - Styles, and then click the Page Style icon. Double-click a name in the list."])
    assert steps(comp.compile(plan))[-1] == ("click_input", "Landscape", {"double": True})


def test_what_the_deck_rules_do_not_read(comp):
    # swriter/01/05140000.html: the paragraph styles' list is longer than it shows: which entries show depends on the document
    got = comp.compile(["Double-click the desired paragraph style in the Styles window."])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]
    # swriter/01/04090200.html: a dialog's box, not a deck's list
    got = comp.compile(["Choose View - Styles.", "Click the Page Styles icon.", "In the Database selection box, double-click an address book."])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]
    # swriter/guide/stylist_fromselect.html: an icon the deck has under another name
    got = comp.compile(["Click the Style actions menu icon at the top right corner of the Styles deck."])
    assert [f.reason for f in got.failures] == ["icon_not_in_inventory"]
    # a quoted entry the list does not have is not another entry
    got = comp.compile(["Choose View - Styles.", "Click the Page Styles icon.", 'Double-click "Title Page" in the list.'])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]
