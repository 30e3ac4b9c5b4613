"""Check-box steps that carry the state the help wants (``args["check"]``): a click toggles, so a
plain click on a box that is on by default ("Select the Heading check box": Insert Table's Heading
is on) would switch it off. Every step that sets a box (select, mark, check, enable, activate)
wants it on, every step that clears one (clear, uncheck, unmark, remove the check mark from) off;
"ensure (that) / make sure (that) / verify that X is selected | not selected" is the same step,
grounded only where the open inventoried dialog's page shows a check box X.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help, the page named beside it, except where a test says the
help's wording is put on another inventoried dialog (no "ensure" sentence of the Writer help names
a box of an inventoried dialog).
"""

from __future__ import annotations

from help_cases import TABLE, box, click, comp, plan, reasons, steps  # noqa: F401 (comp is a fixture)


def test_select_two_check_boxes_wants_both_on(comp):
    """swriter/guide/table_repeat_multiple_headers.html: both boxes are on by default."""
    got = comp.compile(plan("Repeat a table heading on a new page", [
        "Choose Table - Insert Table.", "Select the Heading and the Repeat heading rows on new pages check boxes.",
        "Select the number of rows and columns for the table.", "Click OK."]))
    assert got.complete, got.failures
    assert steps(got) == click("Table", "Insert Table...") + [box("Heading"), box("Repeat heading rows on new pages")] + click("Insert")
    assert [s.step for s in got.steps[2:4]] == ["Select the Heading check box", "Select the Repeat heading rows on new pages check box"]


def test_uncheck_wants_the_box_off(comp):
    """swriter/guide/word_completion.html."""
    got = comp.compile(plan("Switch off the Word completion", [
        "Choose Tools - AutoCorrect - AutoCorrect Options - Word Completion.", "Uncheck Enable word completion."]))
    assert got.complete, got.failures
    assert steps(got) == click("Tools", "AutoCorrect", "AutoCorrect Options...", "Word Completion") + [box("Enable word completion", False)] + click("OK")
    assert got.steps[4].step == "Clear the Enable word completion check box"


def test_clear_the_quoted_check_box_wants_it_off(comp):
    """swriter/guide/auto_off.html."""
    got = comp.compile(plan("Stop replacing quotation marks", [
        "Choose Tools - AutoCorrect - AutoCorrect Options.", "Click the Localized Options tab", 'Clear the "Replace" check box(es).']))
    assert got.complete, got.failures
    assert box("Replace", False) in steps(got)


def test_remove_the_check_mark_wants_it_off(comp):
    """swriter/guide/even_odd_sdw.html."""
    got = comp.compile(plan("Suppress the printout of empty pages", [
        "Choose Tools - Options - LibreOffice Writer - Print.", "Remove the check mark from Print automatically inserted blank pages."]))
    assert got.complete, got.failures
    assert steps(got)[-2:] == [box("Print automatically inserted blank pages", False)] + click("OK")


def test_mark_wants_the_box_on(comp):
    """swriter/guide/doc_autosave.html."""
    got = comp.compile(plan("Create a backup file every time you save a document", [
        "Choose Tools - Options - Load/Save - General.", "Mark Always create backup copy."]))
    assert got.complete, got.failures
    assert box("Always create backup copy") in steps(got)


def test_activate_two_boxes_wants_both_on(comp):
    """swriter/guide/pageorientation.html: "activate Enable and With Page Style"."""
    got = comp.compile(plan('Apply the "page break with style" property to the current paragraph', [
        "Choose Format - Paragraph - Text Flow. In the Breaks area, activate Enable and With Page Style. Select a page style name from the listbox."]))
    assert got.complete, got.failures
    wanted = [s for s in got.steps if s.args.get("check") is not None]
    assert len(wanted) == 2 and all(s.args == {"check": True} for s in wanted)


def test_select_the_check_box_in_a_find_dialog(comp):
    """swriter/guide/search_regexp.html."""
    got = comp.compile(plan("Use regular expressions in text searches", [
        "Choose Edit - Find & Replace.", "Click More Options to expand the dialog.", "Select the Regular expressions check box.",
        "In the Find box, type the search term and the regular expression(s) that you want to use in your search.",
        "Click Find Next or Find All."]))
    assert box("Regular expressions") in [(s.function, s.control, s.args) for s in got.steps]


def test_ensure_that_a_box_is_selected(comp):
    """The help's "Ensure that Use LibreOffice dialogs is enabled" (shared/guide/digitalsign_receive.html)
    and "make sure that ... is checked" wording, on Insert Table's inventoried boxes."""
    got = comp.compile(plan("Insert a table with a heading", [
        "Choose Table - Insert Table.", "Ensure that Heading is selected.",
        "Make sure that the Repeat heading rows on new pages check box is not selected.", "Click OK."]))
    assert got.complete, got.failures
    assert steps(got) == click("Table", "Insert Table...") + [box("Heading"), box("Repeat heading rows on new pages", False)] + click("Insert")
    assert got.steps[3].step == "Clear the Repeat heading rows on new pages check box"


def test_ensure_names_no_inventoried_box_stays_unrecognised(comp):
    """swriter/guide/removing_line_breaks.html: the Options tab's entry is a row of a check list the
    inventory does not read as a check box; "verify that X is in ..." names no check state."""
    got = comp.compile(plan("Remove line breaks", [
        "Choose Tools - AutoCorrect - AutoCorrect Options.",
        "On the Options tab, ensure that Combine single line paragraphs if length greater than 50% is selected."]))
    assert "unrecognised" in reasons(got)
    got = comp.compile(plan("Insert a table", ["Choose Table - Insert Table.", "Verify that Heading is in the table.", "Click OK."]))
    assert reasons(got) == ["unrecognised"]
