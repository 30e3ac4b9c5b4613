"""The step compiler's coverage batch (issue 14): a key pressed "until" a selection the help's own
shortcut table defines, two keys offered for one press, a menu entry the help names with a slash,
the cursor before a footnote's anchor and in "the note", the other branch of an "or" task on the
same check box, and places of objects the document does not hold (no longer read as a body
paragraph).

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence
is quoted from the installed Writer help, the page named beside it.
"""

from __future__ import annotations

from lamkit.dataflow.help.compile import DOC, Compiler, Target
from lamkit.dataflow.help.inventory import load
from lamkit.schema import Source, TaskPlan

from help_cases import box, click, comp, steps  # noqa: F401 (comp is a fixture)

TABLE = Target(word="Sales", paragraph="Sales grew", cell="Rent 1", cell_next="{RIGHT}")
#: an object document's target: the paragraph ending with the footnote's anchor, and the footnote's text
OBJECTS = Target(word="Sales", paragraph="Sales grew", cell="Rent 1",
                 objects=(("footnote", "Figures are rounded to the nearest thousand."), ("footnote anchor", "The second")))


def key(k):
    return ("keyboard_input", DOC, {"keys": k})


def sel(text):
    return ("select_text", DOC, {"text": text})


def plan(task, sentences):
    return TaskPlan(id="t", app="writer", task=task, plan=sentences, source=Source(path="swriter/guide/x.html"))


def reasons(got):
    return [f.reason for f in got.failures]


# ----------------------------------------------------------------------- a key pressed "until"
def test_select_all_until_all_cells_are_selected_is_two_presses_in_a_cell():
    """swriter/guide/table_delete.html, table_select.html. Ctrl+A in a cell with text selects the
    cell's contents, the next press the table (swriter/04/01020000.html)."""
    c = Compiler(load("writer"), TABLE)
    got = c.compile(["Click in the table, press Ctrl+A until all cells are selected, and then press Delete or Backspace."])
    assert got.complete, got.failures
    assert steps(got) == [sel("Rent 1"), key("{END}"), key("^a"), key("^a"), key("{DELETE}")]
    got = c.compile(["Move the cursor into the table, and then press Ctrl+A until all the cells are selected."])
    assert steps(got) == [sel("Rent 1"), key("{END}"), key("^a"), key("^a")]


def test_until_without_a_defined_count_stays_unrecognised(comp):
    """An "until" the help's shortcut table does not count: the focus order of a window
    (shared/guide/keyboard.html), or Ctrl+A outside a table cell. Read as one press (as "Press the
    right arrow key ..." was before) the plan would stop short."""
    c = Compiler(load("writer"), TABLE)
    for sentences in (["Press F6 until the focus is on the Insert toolbar."],
                      ["Choose View - Toolbars - Insert to open the Insert toolbar.",
                       "Press the right arrow key until the Section icon is selected."],
                      ["Click in the paragraph.", "Press Ctrl+A until all cells are selected."]):
        assert reasons(c.compile(sentences)) == ["unrecognised"], sentences
    # the document has no table: the cell is what is missing first
    assert reasons(comp.compile(["Click in the table, press Ctrl+A until all cells are selected."]))[0] == "needs_object"


def test_two_keys_offered_for_one_press_are_the_first_key(comp):
    """swriter/guide/table_delete.html: "press Delete or Backspace" is a key, not a click on a
    control called Delete (the Table menu has one)."""
    got = comp.compile(["Press Delete or Backspace."])
    assert steps(got) == [key("{DELETE}")]
    # a key and a word that is no key: not two keys (read as before)
    assert comp.compile(["Press Enter or click OK."]).steps[0].args.get("keys") == "{ENTER}"


# ------------------------------------------------------------------ a menu entry with a slash
def test_a_slash_in_a_menu_name_is_the_ui_or(comp):
    """swriter/guide/footnote_usage.html: "Edit - Footnote/Endnote" is Edit - Reference -
    Footnote or Endnote... (a submenu down, as older help names it). The entry is enabled only at
    a footnote's anchor (the tenth batch's inventory: needs "footnote anchor"): needs_object on a
    document without one; on one with a footnote the plan selects its anchor first."""
    assert reasons(comp.compile(["Choose Edit - Footnote/Endnote."])) == ["needs_object"]
    noted = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", objects=(("footnote anchor", "Sales grew"),)))
    got = noted.compile(["Choose Edit - Footnote/Endnote."])
    assert steps(got) == [("select_text", DOC, {"text": "Sales grew"}), ("keyboard_input", DOC, {"keys": "{END}"}),
                          ("keyboard_input", DOC, {"keys": "+{LEFT}"})] + click("Edit", "Reference", "Footnote or Endnote...")
    # a slash whose "or" reaches nothing either is still not in the inventory
    assert reasons(comp.compile(["Choose Edit - Cut/Glue."])) == ["menu_not_in_inventory"]


# ------------------------------------------------------------------ before the footnote's anchor
ANCHOR = "Click in front of the anchor, and choose Edit - Footnote/Endnote."  # swriter/guide/footnote_usage.html


def test_in_front_of_the_anchor_of_a_footnote_is_end_then_left():
    got = Compiler(load("writer"), OBJECTS).compile(plan("Edit the numbering properties of a footnote or endnote anchor", [ANCHOR]))
    assert got.complete, got.failures
    assert steps(got) == [sel("The second"), key("{END}"), key("{LEFT}"), *click("Edit", "Reference", "Footnote or Endnote...")]


def test_an_anchor_of_no_footnote_or_no_document_footnote_stays_needs_object(comp):
    objects = Compiler(load("writer"), OBJECTS)
    # "the anchor" of a task that names no footnote: a frame's or an image's anchor is not reached
    assert reasons(objects.compile(plan("Change the anchor of a frame", [ANCHOR]))) == ["needs_object"]
    # a footnote task on a document without footnotes
    assert reasons(comp.compile(plan("Edit the numbering properties of a footnote or endnote anchor", [ANCHOR]))) == ["needs_object"]


def test_the_note_of_a_footnote_task_is_the_footnote():
    """swriter/guide/footnote_usage.html: the first of the ways it offers; before, "in the text"
    at its end put the cursor in a body paragraph."""
    sentence = "Click in the note, or click the anchor for the note in the text, or press Ctrl+Shift+PageDown."
    objects = Compiler(load("writer"), OBJECTS)
    got = objects.compile(plan("Edit the text of a footnote or endnote", [sentence]))
    assert steps(got) == [sel("Figures are rounded to the nearest thousand."), key("{END}")]
    # "the note" of a task about something else (a comment was a note once): not read
    assert reasons(objects.compile(plan("Edit a comment", [sentence]))) == ["needs_object"]


# ------------------------------------------------------------- places of objects not in the document
def test_a_place_in_an_object_the_document_lacks_is_needs_object(comp):
    """swriter/guide/indices_edit.html, conditional_text.html: the index, the field the task before
    defined: a body paragraph is another place (Edit - Fields there has no field to edit)."""
    for sentence in ("Place the cursor in the index or table of contents.",
                     "Place your cursor in front of the field that you defined in the first part of this example, and then "
                     "choose Edit - Fields."):
        assert reasons(comp.compile([sentence])) == ["needs_object"], sentence


def test_places_in_the_text_still_put_the_cursor_in_a_paragraph(comp):
    """swriter/guide/border_paragraph.html, table_insert.html. The footer is no paragraph of the
    text: alone, "Place the cursor in the footer" names a footer the template does not hold (the
    one a plan has just switched on is test_help_compile_batch9's; before, both put the cursor
    in a body paragraph, and footer_nextpage's page number field went into the text)."""
    cursor = [sel("Sales grew"), key("{END}")]
    assert steps(comp.compile(["Place the cursor in the paragraph for which you want to define a border."])) == cursor
    assert steps(comp.compile(["Place the cursor in your document where you want to insert the table."])) == cursor
    assert reasons(comp.compile(["Place the cursor in the footer."])) == ["needs_object"]
    # a dialog's box called a field is no object of the document
    got = comp.compile(["Choose Insert - Bookmark.", "Click in the Name field."])
    assert "needs_object" not in reasons(got)


# ------------------------------------------------------------------ the other branch of an "or" task
EXEMPT = ["Select all the paragraphs you want to exempt, then choose Format - Paragraph - Indents & Spacing.",
          "Clear the Activate page line-spacing checkbox to exempt paragraphs. Set the checkbox to enable. The checkbox has "
          "no effect, if Page line-spacing is disabled in the Page style."]  # swriter/guide/registertrue.html


def test_the_same_check_box_the_other_way_for_the_other_purpose_is_left_out(comp):
    got = comp.compile(plan("Exempt or enable paragraphs for page line-spacing printing", EXEMPT))
    assert got.complete, got.failures
    assert steps(got) == [sel("Sales grew"), *click("Format", "Paragraph...", "Indents & Spacing"), box("Activate page line-spacing", False)]
    assert got.dropped == ["Set the checkbox to enable"]


def test_a_check_box_named_only_as_the_checkbox_is_not_left_out_otherwise(comp):
    head = EXEMPT[0]
    # the same way again, or the same purpose: not the other branch
    for second in ("Clear the Activate page line-spacing checkbox to exempt paragraphs. Clear the checkbox to finish.",
                   "Clear the Activate page line-spacing checkbox to exempt paragraphs. Set the checkbox to exempt."):
        got = comp.compile([head, second])
        assert reasons(got) == ["unrecognised"] and not got.dropped, second
    # no check box clicked right before it
    got = comp.compile([head, "Set the checkbox to enable."])
    assert reasons(got) == ["unrecognised"] and not got.dropped
