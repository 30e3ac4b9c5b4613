"""The step compiler on the sidebar's Styles deck (issue 14): an icon of an inventoried deck
("the Page Styles icon") opens the deck from its menu entry, then is clicked; "double-click an
entry in the list" applies an entry of the deck's list by a double click, on the view the plan
switched to or the one the clause names; a list longer than it shows is typed into (type-ahead);
an entry's context menu (Shift+F10) and the style dialog its New.../Modify... opens are the
deck's inventoried ``entry_menus`` and ``entry_dialogs``.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json, its ``decks``
discovered from live Writer: ``inventory --decks``); the template target is fixed.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC

from help_cases import click, comp, key, steps  # noqa: F401 (comp is a fixture)




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


def typed(on, entry, close):
    """An entry of a list longer than it shows: its name typed on an entry sure to show (the tree's
    type-ahead selects and scrolls to it), then Enter (applies it) or Escape (closes the search box)."""
    return [("keyboard_input", on, {"keys": entry}), ("keyboard_input", entry, {"keys": close})]


def context(entry, item):
    return [("keyboard_input", entry, {"keys": "+{F10}"}), ("click_input", item, {})]


PARA, CHAR, PAGE = click("View", "Styles", "Paragraph Styles"), click("View", "Styles", "Character Styles"), click("View", "Styles", "Page Styles")

# (the help's sentences, the steps expected, the clauses kept as open choices): the long lists and the entries' context menu
LONG_CASES = [
    # swriter/01/05140000.html "Apply a paragraph style": 52 entries, 12 show; the choice is the first not selected
    (["Place the cursor in the paragraph, or select multiple paragraphs.", "Double-click the desired paragraph style in the Styles window."],
     CURSOR + PARA + typed("Default Paragraph Style", "Addressee", "{ENTER}"),
     ["Double-click the desired paragraph style in the Styles window"]),
    # swriter/01/05140000.html "Apply a character style to a selected text"
    (["Select the text.", "Double-click the desired character style in the Styles window."],
     [("select_text", DOC, {"text": "Sales"})] + CHAR + typed("No Character Style", "Bullets", "{ENTER}"),
     ["Double-click the desired character style in the Styles window"]),
    # swriter/guide/numbering_lines.html: the help's old name "Default" is the entry of that name and kind; Modify opens
    # the style's dialog (the deck's inventoried entry_dialogs), whose tab follows
    (["Press F11 to open the Styles window, and then click the Paragraph Styles icon.",
      'Right-click the "Default" paragraph style and choose Modify. All paragraph styles are based on the "Default" style.',
      "Click the Outline & List tab."],
     [key("{F11}")] + click("Paragraph Styles") + typed("Default Paragraph Style", "Default Paragraph Style", "{ESCAPE}")
     + context("Default Paragraph Style", "Modify...") + click("Outline & List"), []),
    # shared/guide/hyperlink_edit.html: the first of the quoted alternatives
    (["Open the Styles window.", "Click the Character Styles icon.",
      'Right-click the "Internet Link" or "Visited Internet Link" character style, and choose Modify.'],
     CHAR + typed("No Character Style", "Internet Link", "{ESCAPE}") + context("Internet Link", "Modify..."), []),
    # shared/guide/language_select.html: an entry clicked, then "the context menu in the Styles window" is that entry's
    (["Open the Styles window and click on the Character Styles icon.",
      "Click on the name of the character style to which you want to apply a different language.",
      "Then open the context menu in the Styles window and select Modify. This opens the Character Style dialog.", "Select the Font tab."],
     CHAR + typed("No Character Style", "Bullets", "{ESCAPE}") + context("Bullets", "Modify...") + click("Font"),
     ["Click on the name of the character style to which you want to apply a different language"]),
    # swriter/guide/registertrue.html: "click X, right-click that style" in one clause
    (["Open the Styles window (F11), click the Paragraph Style you want to exempt, right-click that style, choose Modify. "
      "In the dialog, click the Indents & Spacing tab."],
     PARA + typed("Default Paragraph Style", "Addressee", "{ESCAPE}") + context("Addressee", "Modify...") + click("Indents & Spacing"),
     ["click the Paragraph Style you want to exempt"]),
    # swriter/guide/pageorientation.html: New... opens the same style dialog; the choice avoids "Endnote" (also a paragraph style)
    (["Choose View - Styles.", "Click the Page Styles icon.",
      "Right-click a page style and choose New. The new page style initially gets all properties of the selected page style.",
      'On the Organizer tab page, type a name for the page style in the Name box, for example "My Landscape".'],
     PAGE + typed("Default Page Style", "Envelope", "{ESCAPE}") + context("Envelope", "New...") + click("Organizer")
     + [("set_edit_text", "Name", {"text": "My Landscape"})], ["Right-click a page style"]),
]


@pytest.mark.parametrize("sentences, expected, defaults", LONG_CASES, ids=[c[0][-1][:40] for c in LONG_CASES])
def test_styles_deck_long_lists_and_entry_menus(comp, sentences, expected, defaults):
    got = comp.compile(sentences)
    assert got.failures == [], got.failures
    assert steps(got) == expected
    assert got.defaults == defaults


def test_what_the_deck_rules_do_not_read(comp):
    # swriter/guide/header_pagestyles.html: a style dialog's drop-down entry that the open deck shows behind it
    got = comp.compile(["Choose View - Styles and click the Page Styles icon in the Styles sidebar deck.",
                        'Right-click "Right Page" in the list of page styles and choose Modify.',
                        "In the Page Styles dialog, click the Header tab.", "Select Header on and click the Organizer tab.",
                        'In the Next Style box, select "Left Page".'])
    assert [f.reason for f in got.failures] == ["deck_entry_behind"]
    # swriter/guide/pageorientation.html: boxes the 7.4 Text Flow page calls "Insert" and "With page style:": the
    # help's "Enable" is read as the renamed "Insert" (compile._RENAMED, stop 33); a box of no name on the page fails
    got = comp.compile(["Choose View - Styles. Click the Paragraph Styles icon. Right-click the name of the paragraph style you "
                        "want to modify and choose Modify. Click the Text Flow tab. In the Breaks area, activate Enable and With Page Style."])
    assert got.complete and [s.control for s in got.steps[-3:-1]] == ["Insert", "With Page Style"]
    got = comp.compile(["Choose View - Styles. Click the Paragraph Styles icon. Right-click the name of the paragraph style you "
                        "want to modify and choose Modify. Click the Text Flow tab. In the Breaks area, activate Permit and With Page Style."])
    assert [f.reason for f in got.failures] == ["not_in_dialog"]
    # type-ahead stops at the first entry starting with what is typed ("caption" before "Caption"); a name two views
    # have ("Endnote": a paragraph and a page style) is grounded in either list
    for name in ("Caption", "Endnote"):
        got = comp.compile(["Choose View - Styles.", "Click the Paragraph Styles icon.", f'Double-click the "{name}" style.'])
        assert [f.reason for f in got.failures] == ["mouse_gesture"]
    # the Table Styles entry's Modify... opened no dialog the discovery could read
    got = comp.compile(["Choose View - Styles.", "Click the Table Styles icon.", 'Right-click "Default Table Style" and choose Modify.'])
    assert [f.reason for f in got.failures] == ["context_menu"]
    # swriter/01/04090200.html: a dialog's box, not a deck's list
    got = comp.compile(["Choose View - Styles.", "Click the Page Styles icon.", "In the Database selection box, double-click an address book."])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]
    # swriter/guide/stylist_fromselect.html: an icon the deck has under another name
    got = comp.compile(["Click the Style actions menu icon at the top right corner of the Styles deck."])
    assert [f.reason for f in got.failures] == ["icon_not_in_inventory"]
    # a quoted entry the list does not have is not another entry
    got = comp.compile(["Choose View - Styles.", "Click the Page Styles icon.", 'Double-click "Title Page" in the list.'])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]
