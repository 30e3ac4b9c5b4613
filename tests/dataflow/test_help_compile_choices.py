"""The step compiler's fourth batch of general rules (issue 14), on sentences from the installed
Writer help: a clause's other way when its first is a gesture, characters and kinds the help
names as values ("a space", "the abbreviation followed by a period"), examples after a box,
choices a dialog the plan opened already holds (kinds listed, "where you want", the remaining
boxes, a box named with no value), and "In the X dialog, ..." read with the clause after it.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); the template
target is fixed.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC, Compiler, Target
from lamkit.dataflow.help.inventory import load

from help_cases import click, comp, entry, steps  # noqa: F401 (comp is a fixture)




# (the help's sentences, the steps expected, the clauses kept as the dialog's defaults); each from the installed pages
CASES = [
    # shared/01/05020200.html: the other way, when the first reads as nothing
    (["Click once, or press the Esc key."], [("keyboard_input", DOC, {"keys": "{ESC}"})], []),
    # shared/guide/workfolder.html: the other way, when the clause is a gesture
    (["Choose Tools - Options - LibreOffice - Paths.", "Click My Documents and click the Edit button, or double-click on My Documents."],
     click("Tools", "Options...", "LibreOffice", "Paths", "My Documents", "Edit"), []),
    # swriter/guide/header_with_chapter.html: a character named as a word, also after a literal; an
    # example after the box (the Number list's entries are not inventoried: its entry stands)
    (["Choose Tools - Chapter Numbering.",
      'In the Style box, select the paragraph style that you want to use for chapter titles, for example, "Heading 1".',
      'Select the numbering scheme for the chapter titles in the Number box, for example, "1,2,3...".',
      'Type "Chapter" followed by a space in the Before box.', "Enter a space in the After box.", "Click OK."],
     click("Tools", "Chapter Numbering...") + [entry("Heading 1", "Style")]
     + [("set_edit_text", "Before", {"text": "Chapter "}), ("set_edit_text", "After", {"text": " "})] + click("OK"),
     ['Select the numbering scheme for the chapter titles in the Number box, for example, "1,2,3..."']),
    # shared/guide/border_paragraph.html: a choice named by the kinds it lists
    (["Place the cursor in the paragraph for which you want to define a border.", "Choose Format - Paragraph - Borders.",
      "Select a line style, width and color for the selected border style in the Line area. These settings apply to all "
      "border lines that are included in the selected border style.", "Click OK to apply the changes."],
     [("select_text", DOC, {"text": "Sales grew"}), ("keyboard_input", DOC, {"keys": "{END}"})]
     + click("Format", "Paragraph...", "Borders", "OK"),
     ["Select a line style, width and color for the selected border style"]),  # read without its place
    # swriter/guide/border_character.html: "the range of characters" is a text selection
    (["Select the range of characters around which you want to add a border.", "Choose Format - Character - Borders."],
     [("select_text", DOC, {"text": "Sales"})] + click("Format", "Character...", "Borders"), []),
    # swriter/guide/autotext.html: a place "where you want" to put something, inside the dialog the plan opened
    (["Choose Tools - AutoText.", "Select the category where you want to store the AutoText."],
     click("Tools", "AutoText..."), ["Select the category where you want to store the AutoText"]),
    # swriter/01/title_page.html: boxes of the inventoried dialog named with no value
    (["From the menu bar select Format - Title page.", "Select Insert new title pages", "Set number of title pages to add and",
      "Set the title page location by setting its page number in the spin box.", "Set the page numbering reset options.", "Click OK"],
     click("Format", "Title Page...", "Insert new title pages", "OK"),
     ["Set number of title pages to add and", "Set the title page location by setting its page number in the spin box",
      "Set the page numbering reset options"]),
    # swriter/guide/indices_literature.html: the remaining boxes as they are; "In the ... dialog, click
    # Insert" is read as one clause (the dialog's name is not a verb's object)
    (["Click in your document where you want to add the bibliography entry.",
      "Choose Insert - Table of Contents and Index - Bibliography Entry.", "Select From document content and click New.",
      "Select the publication source for the record in the Type box, and then add additional information in the remaining boxes.",
      "Click OK.", "In the Insert Bibliography Entry dialog, click Insert, and then Close."],
     [("select_text", DOC, {"text": "Sales grew"}), ("keyboard_input", DOC, {"keys": "{END}"})]
     + click("Insert", "Table of Contents and Index", "Bibliography Entry...", "Document Content", "New", "OK", "Insert", "Close"),
     ["Select the publication source for the record in the Type box", "add additional information in the remaining boxes"]),
]


@pytest.mark.parametrize("sentences, expected, defaults", CASES, ids=[c[0][-2 if len(c[0]) > 1 else -1][:40] for c in CASES])
def test_choice_shapes_compile(comp, sentences, expected, defaults):
    got = comp.compile(sentences)
    assert got.failures == [], got.failures
    assert steps(got) == expected
    assert got.defaults == defaults


def test_an_abbreviation_is_a_short_word_followed_by_its_period(comp):
    """swriter/guide/autocorr_except.html."""
    got = comp.compile(["Choose Tools - AutoCorrect - AutoCorrect Options, and then click the Exceptions tab.",
                        "Type the abbreviation followed by a period in the Abbreviations (no subsequent capital) box and click New."])
    assert got.complete
    typed = got.steps[-3]
    assert (typed.function, typed.control) == ("set_edit_text", "Abbreviations (no subsequent capital)")
    word = typed.args["text"]
    assert word.endswith(".") and word[:-1].isalpha() and word[:-1].islower() and len(word) == 4
    assert got.steps[-2].control == "New"


def test_the_other_way_is_not_taken_when_it_cannot_run(comp):
    # shared/guide/spadmin.html: a button with nothing open before it is no dialog's: the gesture stays reported
    assert [f.reason for f in comp.compile(["Double-click its name or click the Default button."]).failures] == ["mouse_gesture"]
    # swriter/guide/navigator.html: the other way acts in the Navigator, which the inventory does not hold
    got = comp.compile(["To quickly jump to a location in your document, double-click an item listed in the Navigator window "
                        "or enter the respective page number in the spin box."])
    assert [f.reason for f in got.failures] == ["mouse_gesture"]


def test_a_name_is_not_a_value_the_dialog_already_holds(comp):
    """swriter/guide/autotext.html: the AutoText dialog's name is empty until typed (New needs it);
    its box is not inventoried, so the name has nowhere to go."""
    got = comp.compile(["Choose Tools - AutoText.", "Type a name that is longer than four characters."])
    assert [f.reason for f in got.failures] == ["open_choice"]
    # a number is (the Insert Table dialog's rows and columns)
    assert comp.compile(["Choose Table - Insert Table.", "Enter the number of rows and columns.", "Click Insert."]).complete


def test_a_working_directory_is_outside_the_document(comp):
    """shared/guide/workfolder.html: the Select Path dialog picks a folder of the file system."""
    got = comp.compile(["Choose Tools - Options - LibreOffice - Paths.",
                        "In the Select Path dialog, choose the working directory you want and click Select."])
    assert [f.reason for f in got.failures] == ["outside_document"]


def test_things_the_template_does_not_hold_and_files_are_reported_by_their_reason():
    """swriter/guide/footnote_usage.html, references_modify.html, header_with_chapter.html,
    fields_userdata.html; "Move the cursor into the table" (table_select.html) is a cell of the
    template's table."""
    comp = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1"))
    for c in ("Click in the footnote", "Delete the footnote anchor in the text", "Click in the header or footer",
              "Click in front of the cross-reference that you want to modify"):
        assert comp.clause(c).reason == "needs_object", c
    assert comp.clause("print the document").reason == "outside_document"
    # "save the document" (fields_userdata.html) is now File - Save's key: test_help_compile_save.py
    assert [s.args for s in comp.clause("save the document")] == [{"keys": "^s"}]
    assert [(s.function, s.args) for s in comp.clause("Move the cursor into the table")] == \
        [("select_text", {"text": "Rent 1"}), ("keyboard_input", {"keys": "{END}"})]
