"""The step compiler's ninth batch (issue 14, stop 33): plans that compiled but did nothing the
request names, read again from the executed episodes of runs/help-bench-s33:

- the text to search for ("Enter the text to search in the Find text box") is text the document
  has: the target's word (before: a generated text the document does not hold, found nowhere);
- "First enter a bookmark at that position (Insert - Bookmark)": the thing made by the menu
  entry the help names in parentheses, its dialog confirmed with its own button.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help, the page named beside it.
"""

from __future__ import annotations

import pytest

from help_cases import click, comp, plan, reasons, steps  # noqa: F401 (comp is a fixture)

@pytest.mark.parametrize("sentence", [
    "Enter the text to search in the Find text box.",  # swriter/guide/finding.html
    "Type the word that you want to find in the Find box.",
])
def test_the_text_to_search_for_is_the_documents(comp, sentence):
    got = comp.compile(plan("Replace text", ["Choose Edit - Find & Replace to open the Find & Replace dialog.", sentence]))
    assert ("set_edit_text", "Find", {"text": "Sales"}) in steps(got)


def test_text_to_replace_with_is_still_generated(comp):
    """swriter/guide/finding.html: the replacement is new text, not the document's."""
    got = comp.compile(plan("Replace text", [
        "Choose Edit - Find & Replace to open the Find & Replace dialog.",
        "Enter the text to search in the Find text box.",
        "Enter the text to replace the found text in the Replace with text box.",
        "Either click Replace or Replace All."], page="swriter/guide/finding.html"))
    assert got.complete, got.failures
    typed = [s for s in steps(got) if s[0] == "set_edit_text"]
    assert typed[0] == ("set_edit_text", "Find", {"text": "Sales"})
    assert typed[1][1] == "Replace with" and "Sales" not in typed[1][2]["text"]


def test_a_thing_made_by_the_menu_entry_in_parentheses(comp):
    """shared/guide/hyperlink_insert.html: the Bookmark dialog proposes a name; confirmed with Insert."""
    got = comp.compile(plan("Jump to a specific line in a text document",
                            ["First enter a bookmark at that position (Insert - Bookmark)."], page="shared/guide/hyperlink_insert.html"))
    assert got.complete, got.failures
    assert steps(got) == click("Insert", "Bookmark...", "Insert")


def test_a_parenthesised_menu_entry_of_another_thing_is_not_read_so(comp):
    """"enter a name for the cell (Sheet - Named Ranges ...)": the entry does not name the thing
    (and no such menu in Writer): the clause stays an open choice."""
    got = comp.compile(plan("Jump to a cell in a spreadsheet",
                            ["First enter a name for the cell (Sheet - Named Ranges and Expressions - Define)."]))
    assert not got.complete
    assert reasons(got) == ["open_choice"]


def test_keys_alone_about_the_table_act_in_a_cell(comp):
    """swriter/01/05090201.html: "Hold down Alt+Shift, and then press the right arrow." for
    "Increase the left indent of the table": the page's shortcuts act on the table the cursor is in,
    so the cursor goes in a cell first. Replayed live (runs on the table document): the table's
    left margin changed, judged success (before: the keys in body text, nothing changed)."""
    from help_cases import TABLE
    from lamkit.dataflow.help.compile import Compiler
    from lamkit.dataflow.help.inventory import load

    table = Compiler(load("writer"), TABLE)
    got = table.compile(plan("Increase the left indent of the table", ["Hold down Alt+Shift, and then press the right arrow."],
                             page="swriter/01/05090201.html"))
    assert steps(got) == [("select_text", "<document>", {"text": "Rent 1"}), ("keyboard_input", "<document>", {"keys": "{END}"}),
                          ("keyboard_input", "<document>", {"keys": "%+{RIGHT}"})]
    # a table of contents is no table; and a document without a table gets the keys alone
    got = table.compile(plan("Update the table of contents", ["Press F9."]))
    assert steps(got) == [("keyboard_input", "<document>", {"keys": "{F9}"})]
    got = comp.compile(plan("Increase the left indent of the table", ["Hold down Alt+Shift, and then press the right arrow."]))
    assert steps(got) == [("keyboard_input", "<document>", {"keys": "%+{RIGHT}"})]


def test_an_icon_the_toolbar_does_not_show_takes_its_menu_entry(comp):
    """swriter/guide/join_numbered_lists.html: at the environment's 1280 px the Formatting bar ends
    at Unordered List (Ordered List is in its overflow, measured live), so the inventory records
    only the buttons that show and "the Toggle Ordered List icon" is the command's menu entry,
    twice as the help says. Replayed live, "Add numbering to a list" (using_numbered_lists2.html)
    numbers the paragraph, judged success (before: "no control named 'Ordered List' is showing")."""
    got = comp.compile(plan("Combine two ordered lists", ["Select all of the paragraphs in the lists.",
                                                          "On the Formatting Bar, click the Toggle Ordered List icon twice."]))
    assert steps(got)[1:] == click("Format", "Lists", "Ordered List") * 2
    # a button that shows stays the toolbar's
    got = comp.compile(plan("Make text bold", ["Select the text.", "On the Formatting bar, click the Bold icon."]))
    assert steps(got)[1:] == click("Bold")


def test_an_entry_of_the_open_submenu_is_clicked_there(comp):
    """shared/guide/redlining_enter.html: "choose Edit - Track Changes and then choose Record":
    Record is the open submenu's (clicking down from the menu bar again would close the menu)."""
    got = comp.compile(plan("Record changes", [
        "To start recording changes, open the document to be edited and choose Edit - Track Changes and then choose Record."]))
    assert steps(got) == click("Edit", "Track Changes", "Record")


def test_a_tab_by_its_pre_7_2_name(comp):
    """swriter/guide/numbering_lines.html: "the Outline & Numbering tab" is the Paragraph dialog's
    "Outline & List" (renamed in LibreOffice 7.2); a tab the dialog has keeps its name."""
    got = comp.compile(["Choose Format - Paragraph.", "Click the Outline & Numbering tab."])
    assert got.complete, got.failures
    assert steps(got) == click("Format", "Paragraph...", "Outline & List")


def test_a_key_that_opens_the_deck_opens_it(comp):
    """swriter/guide/numbering_lines.html: "Press F11 to open the Styles window": the deck is open,
    so its icon is clicked at once (before, View - Styles followed, and that toggle closed it)."""
    got = comp.compile(["Press F11 to open the Styles window, and then click the Paragraph Styles icon."])
    assert steps(got) == [("keyboard_input", "<document>", {"keys": "{F11}"})] + click("Paragraph Styles")


def test_a_formula_typed_after_f2_leaves_out_the_bars_equals_sign(comp):
    """swriter/guide/calculate.html: F2 opens the Formula bar holding "=" already; the help's
    example "=10000/12" typed as written made "==10000/12" (a field showing "** Expression is
    faulty **", labelled failure). Live: the field shows 833.33."""
    got = comp.compile(plan("Calculate in text documents", [
        "Click in the document where you want to insert the calculation, and then press F2. If you are in a table cell, type an equals sign =.",
        "Type the calculation that you want to insert, for example, =10000/12, and then press Enter."], page="swriter/guide/calculate.html"))
    assert got.complete, got.failures
    typed = [s for s in steps(got) if s[0] == "keyboard_input"]
    assert ("keyboard_input", "<document>", {"keys": "{F2}"}) in typed
    assert ("keyboard_input", "<document>", {"keys": "10000/12"}) in typed


def test_the_cursor_is_in_the_footer_the_plan_switched_on(comp):
    """swriter/guide/footer_nextpage.html: after Insert - Header and Footer - Footer - <page
    style> Writer's cursor is in the new footer; "Place the cursor in the footer" is no step (before:
    a body word selected, so the page number field went into the text)."""
    got = comp.compile(plan("Insert page numbers of continuation pages", [
        "Choose Insert - Header and Footer - Footer and select the page style that you want to add the footer to.",
        "Place the cursor in the footer and choose Insert - Field - More Fields.",
        "In the Fields dialog, click the Document tab."], page="swriter/guide/footer_nextpage.html"))
    assert got.complete, got.failures
    assert not [s for s in steps(got) if s[0] == "select_text"]
    assert [s[1] for s in steps(got)][:8] == ["Insert", "Header and Footer", "Footer", "Default Page Style",
                                              "Insert", "Field", "More Fields...", "Document"]


def test_a_footer_the_plan_did_not_switch_on_is_not_the_documents(comp):
    got = comp.compile(plan("Format headers or footers", ["Place the cursor in the footer.", "Choose Format - Paragraph."]))
    assert not got.complete
    assert reasons(got)[0] == "needs_object"
