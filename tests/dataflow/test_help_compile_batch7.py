"""The step compiler's seventh batch (issue 14, stop 31): procedures that executed to their end in
live Writer and changed nothing, because the help leaves the dialog open once its settings are
made, puts the cursor in "the paragraph" of a list, or names a box by the kind of value to choose
in it; and a place the document does not hold ("immediately in front of the index entry").

- a dialog the help's procedure leaves open is confirmed with its own button when the plan set
  something in it, or when the entry that opened it is the command the request asks for; never
  when a choice in it was left at the dialog's current value, a button of its own acted, or a
  formatting box was cleared (on the template's plain text such a box is off: the click sets it);
- "the paragraph that you want to remove the numbering from", "the paragraph where you want to
  restart numbering", and "the paragraph" of a request about "a list paragraph" or "a paragraph in
  an ordered list" are a list's paragraph: its second entry (the first is where Writer's Tab
  indents the whole list), ``needs_object`` on a document without a list;
- "Select the Language" in a dialog: a language typed in the Language box (a generated one, not
  the templates' English (USA)); before, a click on the box that chose nothing.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help (the harvested procedures), the page named beside it.
"""

from __future__ import annotations

from lamkit.dataflow.help.compile import _CHOSEN, Compiler, Target
from lamkit.dataflow.help.inventory import load

from help_cases import TABLE, box, click, comp, entry, key, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)

#: the list document's target: its ordered list's first and second entries
LIST = Target(word="Sales", paragraph="Sales grew", cell="Rent 1", item="Hire", next_item="Review", list_kind="number")


# ----------------------------------------------------------------------- a dialog left open
def test_a_dialog_left_open_after_its_settings_is_confirmed_with_insert(comp):
    """swriter/guide/fields_date.html: the help stops after the two list entries; the Fields
    dialog has Insert and Close (no OK), and its settings take effect only on Insert."""
    got = comp.compile(plan("Insert a fixed or variable date field", [
        "Choose Insert - Field - More Fields and click the Document tab.",
        'Click "Date" in the Type list and: To insert the date as a field that does not update, click "Date (fixed)" in the Select list.']))
    assert got.complete, got.failures
    assert steps(got) == click("Insert", "Field", "More Fields...", "Document") + [entry("Date", "Type"), entry("Date (fixed)", "Select")] + click("Insert")


def test_a_dialog_titled_insert_is_confirmed_with_insert_not_ok():
    """swriter/guide/indices_enter.html: the Insert Index Entry dialog shows Insert, Close and OK
    (OK is its edit mode's); a dialog titled "Insert ..." is confirmed by Insert."""
    got = Compiler(load("writer"), TABLE).compile(plan("Define index entries", [
        "Click in a word, or select the words in your document that you want to use as an index entry.",
        "Choose Insert - Table of Contents and Index - Index Entry, and: To change the text that appears in the index, type the "
        "text that you want in the Entry box. The text that you type here does not replace the selected text in the document."]))
    assert got.complete, got.failures
    got = steps(got)
    assert got[:5] == [sel("Sales grew"), key("{END}")] + click("Insert", "Table of Contents and Index", "Index Entry...")
    assert got[5][0] == "set_edit_text" and got[5][1] == "Entry"
    assert got[6:] == click("Insert")


def test_a_dialog_that_is_the_requested_command_is_confirmed_at_its_current_values():
    """swriter/01/04150000.html: the procedure is the menu command; the request names it
    (Table - Convert - Text to Table...: "Convert text into a table"; Table - Insert Table...:
    "Insert a table into a table"), so the dialog's current values are the command's."""
    c = Compiler(load("writer"), TABLE)
    got = c.compile(plan("Convert text into a table", ["Select the text, and then choose Table - Convert - Text to Table."]))
    assert steps(got) == [sel("Sales")] + click("Table", "Convert", "Text to Table...", "OK")
    got = c.compile(plan("Insert a table into a table", ["Click in a cell in the table and choose Table - Insert Table."]))
    assert steps(got) == [sel("Rent 1"), key("{END}")] + click("Table", "Insert Table...", "Insert")  # its Help, Cancel, Insert


def test_a_dialog_only_opened_is_left_open(comp):
    """Nothing set, and the entry is not the request's command: swriter/guide/using_numbered_lists2.html
    opens Bullets and Numbering for "Format an ordered list"; swriter/guide/footnote_usage.html's
    Edit - Reference - Footnote or Endnote... shares the request's words, but "edit" is the top
    menu's name, not the request's command. Confirming would apply the dialog's current values."""
    c = Compiler(load("writer"), LIST)
    got = c.compile(plan("Format an ordered list", ["Click in the list, then choose Format - Bullets and Numbering."]))
    assert steps(got)[-1] == ("click_input", "Bullets and Numbering...", {})
    objects = Target(word="Sales", paragraph="Sales grew", objects=(("footnote anchor", "The second"),))
    got = Compiler(load("writer"), objects).compile(plan("Edit the numbering properties of a footnote or endnote anchor", [
        "Click in front of the anchor, and choose Edit - Footnote/Endnote."]))
    assert got.complete, got.failures
    assert steps(got)[-1] == ("click_input", "Footnote or Endnote...", {})


def test_a_dialog_with_a_choice_left_to_the_user_is_not_confirmed(comp):
    """swriter/guide/page_break.html: the Page Style list is left at its current entry ([None]: a
    plain page break, not the landscape page the request asks for); confirming would insert what
    no one chose."""
    got = comp.compile(plan("Quickly switch between portrait and landscape page layout", [
        "Place the cursor where the page break is to be inserted.",
        "Go to Insert - More Breaks - Manual Break. The Insert Break dialog will open.",
        "Choose the option Page break and in the Page Style drop-down list choose the page style to be applied to the page after "
        "the break (Default Page Style, Landscape, etc)."]))
    assert got.complete and got.defaults, got.failures
    assert steps(got)[-1] == ("click_input", "Page break", {})


def test_a_dialog_whose_own_button_acted_is_not_confirmed(comp):
    """swriter/guide/spellcheck_dialog.html: Correct acts by itself; the Spelling dialog is not
    closed with an OK it does not have."""
    got = comp.compile(plan("Check spelling and grammar", [
        "Click in the document, or select the text that you want to check.", "Choose Tools - Spelling.",
        "When a possible spelling error is encountered, the Spelling dialog opens and LibreOffice offers some suggested corrections.",
        "To accept a correction, click the suggestion, and then click Correct."]))
    assert steps(got)[-1] == ("click_input", "Correct", {})


def test_a_formatting_box_cleared_is_not_confirmed_a_tools_setting_is():
    """swriter/guide/page_break.html: the template's table has no page break, so "Clear the Break
    check box" (a click) would set one: applied, the plan would add what "Delete a manual page
    break" removes. swriter/guide/word_completion.html: a setting of Tools, on by default, is
    cleared and the dialog confirmed."""
    got = Compiler(load("writer"), TABLE).compile(plan("Delete a manual page break that occurs before a table", [
        "Right-click in the table, and choose Table.", "Click the Text Flow tab.", "Clear the Break check box."]))
    assert got.complete, got.failures
    assert steps(got)[-2:] == click("Text Flow") + [box("Break", False)]
    got = Compiler(load("writer"), TABLE).compile(plan("Switch off the Word completion", [
        "Choose Tools - AutoCorrect - AutoCorrect Options - Word Completion.", "Uncheck Enable word completion."]))
    assert steps(got) == click("Tools", "AutoCorrect", "AutoCorrect Options...", "Word Completion") + [box("Enable word completion", False)] + click("OK")


# ----------------------------------------------------------------------- a list's paragraph
def test_the_paragraph_to_remove_the_numbering_from_is_a_list_entry():
    """swriter/guide/numbering_paras.html: the cursor before the list's second entry (not a body
    paragraph, where Backspace merged two paragraphs); on a document without a list, needs_object."""
    sentences = ["Click in front of the first character of the paragraph that you want to remove the numbering from.",
                 "To remove the number while preserving the indent of the paragraph, press the Backspace key."]
    got = Compiler(load("writer"), LIST).compile(plan("Remove the number from a paragraph in an ordered list", sentences))
    assert got.complete, got.failures
    assert steps(got) == [sel("Review"), key("{HOME}"), key("{BACKSPACE}")]
    got = Compiler(load("writer"), TABLE).compile(plan("Remove the number from a paragraph in an ordered list", sentences))
    assert reasons(got) == ["needs_object"]


def test_the_paragraph_of_a_request_about_a_list_paragraph_is_a_list_entry():
    """swriter/guide/auto_numbering.html: "the paragraph" of "Move a numbered or bulleted list
    paragraph down one list level". Its second entry: Tab at the start of a list's first entry
    indents the whole list, not the entry one level."""
    got = Compiler(load("writer"), LIST).compile(plan("Move a numbered or bulleted list paragraph down one list level",
                                                      ["Click at the beginning of the paragraph, and then press Tab."]))
    assert steps(got) == [sel("Review"), key("{HOME}"), key("{TAB}")]


def test_the_paragraph_where_numbering_restarts_is_a_list_entry_in_the_context_menu():
    """swriter/02/06140000.html: the right-click goes to the list entry; the start number is left to
    the dialog (kept in defaults), so the dialog is not confirmed: a restart at 1 is not the
    "number greater than 1" the request asks for."""
    got = Compiler(load("writer"), LIST).compile(plan("Restart numbering with a number greater than 1", [
        "Right-click in the paragraph where you want to restart numbering, choose Paragraph - Paragraph - Outline & List tab, "
        "select Restart numbering at this paragraph and enter the start number in Start with."]))
    assert got.complete, got.failures
    assert steps(got) == [sel("Review"), key("{END}"), key("+{F10}")] + click(
        "Paragraph", "Paragraph...", "Outline & List", "Restart numbering at this paragraph")


def test_a_paragraph_to_add_numbering_to_is_not_a_list_entry():
    """swriter/guide/using_numbered_lists.html: a paragraph to add bullets to is in no list yet;
    swriter/guide/numbering_lines.html: line numbers are not a list's."""
    c = Compiler(load("writer"), LIST)
    got = c.compile(plan("Add bullets", ["Select the paragraph(s) that you want to add bullets to.",
                                         "On the Formatting Bar, click the Toggle Unordered List icon (Shift+F12)."]))
    assert steps(got)[0] == sel("Sales grew")
    got = c.compile(plan("Specify the starting line number", ["Click in a paragraph."]))
    assert steps(got) == [sel("Sales grew"), key("{END}")]


# ----------------------------------------------------------------------- a value chosen by its kind
def test_select_the_language_types_a_language_in_the_language_box(comp):
    """shared/guide/language_select.html, twice: the Font tab's Language box gets a language (one
    of :data:`_CHOSEN`, deterministic per plan), not a click that chose nothing."""
    got = comp.compile(plan("Apply a language directly to selected text", [
        "Select the text to which you want to apply a language.", "Choose Format - Character. This opens the Character dialog.",
        "Select the Font tab.", "Select the Language and click OK."]))
    assert got.complete, got.failures
    s = steps(got)
    assert s[:4] == [sel("Sales")] + click("Format", "Character...", "Font")
    assert s[4][:2] == ("set_edit_text", "Language") and s[4][2]["text"] in _CHOSEN["language"]
    assert s[5:] == click("OK")
    got = comp.compile(plan("Select a language for a paragraph style", [
        "Place the cursor in the paragraph whose paragraph style you want to edit.",
        "Open the context menu and select Edit Paragraph Style. This opens the Paragraph Style dialog.",
        "Select the Font tab.",
        "Select the Language and click OK. All paragraphs formatted with the current paragraph style will have the selected language."]))
    assert got.complete, got.failures
    assert [x[:2] for x in steps(got)][-3:] == [("click_input", "Font"), ("set_edit_text", "Language"), ("click_input", "OK")]


def test_select_the_language_outside_a_dialog_is_not_a_box(comp):
    """Outside a dialog the plan opened there is no Language box to type in."""
    got = comp.compile(["Select the Language"])
    assert all(s.function != "set_edit_text" for s in got.steps)


# ----------------------------------------------------------------------- a place the document lacks
def test_immediately_in_front_of_the_index_entry_needs_the_entry():
    """swriter/guide/indices_delete.html: no template holds an index entry; before, the cursor
    went to a body paragraph and Edit - Reference - Index Entry... (disabled there) stopped the plan."""
    got = Compiler(load("writer"), TABLE).compile(plan("Edit or delete index and table entries", [
        "Place the cursor immediately in front of the index entry in your document.",
        "Choose Edit - Reference - Index Entry..., and: To change the entry, enter different text in the Entry box."]))
    assert reasons(got)[:1] == ["needs_object"]
