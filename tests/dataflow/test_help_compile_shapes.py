"""The step compiler's third batch of general rules (issue 14, H14a), on sentences from the
installed Writer help: preconditions the template meets, windows named without their menu,
optional and descriptive conditionals, choices a dialog or an open submenu already holds,
values the help names as a kind ("a space", "a password", "a statement").

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); the template
target is fixed.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC, Compiler, Target
from lamkit.dataflow.help.inventory import load

from help_cases import box, click, comp, steps  # noqa: F401 (comp is a fixture)




# (the help's sentences, the steps expected); each from the installed pages
CASES = [
    # a window named without its menu: the one menu entry of that name (View - Styles, not the Styles menu)
    (["Open the Styles window.", "Press Ctrl+B."], click("View", "Styles") + [("keyboard_input", DOC, {"keys": "^b"})]),
    # the Navigator: View - Navigator opens a floating window whose contents never show over AT-SPI; the
    # sidebar's menu opens the same Navigator as a deck (DeckControls.sidebar_path, test_help_compile_navigator.py)
    (["Open the Navigator.", "Press Ctrl+B."], click("Menu", "Navigator") + [("keyboard_input", DOC, {"keys": "^b"})]),
    (["Open the Form Controls toolbar.", "Press Ctrl+B."],
     click("View", "Toolbars", "Form Controls") + [("keyboard_input", DOC, {"keys": "^b"})]),
    # "When finished, ..." is a time, not a condition
    (["Choose Format - Paragraph.", "When finished, close the dialog with OK."], click("Format", "Paragraph...", "OK")),
    # a descriptive conditional is a remark
    (["Click the No List icon on the Formatting Bar. If you save the document in HTML format, a separate numbered list "
      "is created for the numbered paragraphs that follow the current paragraph."], click("Styles", "No List")),
    # sentence-case button names inside a dialog the plan opened
    (["Choose Edit - Find and Replace.", "Click Other options to expand the dialog."],
     click("Edit", "Find and Replace...", "Other options")),
    # "the option X and ..." : the option's name follows; the rest is its own clause (a choice left to the dialog)
    (["Go to Insert - More Breaks - Manual Break.",
      "Choose the option Page break and in the Page Style drop-down list choose the page style to be applied."],
     click("Insert", "More Breaks", "Manual Break...", "Page break")),
    # a character the help names as a word
    (["Choose Insert - Field - Page Count, and then enter a space."],
     click("Insert", "Field", "Page Count") + [("keyboard_input", DOC, {"keys": " "})]),
    # one capitalised word is the literal to type
    (["Choose Insert - Field - More Fields.", "Type Pages in the Then box."],
     click("Insert", "Field", "More Fields...") + [("set_edit_text", "Then", {"text": "Pages"})]),
    # an alternative after ", or leave ..." is dropped on the second reading; the dialog's value stays
    (["Choose Insert - Field - More Fields.", "Type a number in the Value box, or leave the box empty to use automatic numbering."],
     click("Insert", "Field", "More Fields...") + [("set_edit_text", "Value", {"text": "3"})]),  # generated from the plan's seed
    # an open choice right after a path that opened a submenu: the submenu's first entry
    (["Choose Insert - Header and Footer - Footer, and select the page style that you want to add the footer to."],
     click("Insert", "Header and Footer", "Footer", "Default Page Style")),
    # two check boxes named in one clause
    (["Choose Table - Insert Table.", "Select the Heading and the Repeat heading rows on new pages check boxes.", "Click OK."],
     click("Table", "Insert Table...") + [box("Heading"), box("Repeat heading rows on new pages")] + click("Insert")),  # the dialog has no OK: Insert confirms it
    # "Select all of the text", "Select all of the paragraphs": the template's target ("Select the
    # highlighted text" is text with highlighting: test_help_compile_references.py)
    (["Select all of the text.", "Press Ctrl+B."], [("select_text", DOC, {"text": "Sales"}), ("keyboard_input", DOC, {"keys": "^b"})]),
    (["Select all of the paragraphs in the lists.", "Press Ctrl+B."],
     [("select_text", DOC, {"text": "Sales grew"}), ("keyboard_input", DOC, {"keys": "^b"})]),
]


@pytest.mark.parametrize("sentences, expected", CASES, ids=[c[0][-1][:40] for c in CASES])
def test_new_shapes_compile(comp, sentences, expected):
    got = comp.compile(sentences)
    assert got.failures == [], got.failures
    assert steps(got) == expected


def test_value_in_a_named_box_is_deterministic(comp):
    a = comp.compile(["Choose Insert - Field - More Fields.", "Type a number in the Value box, or leave the box empty."])
    b = comp.compile(["Choose Insert - Field - More Fields.", "Type a number in the Value box, or leave the box empty."])
    assert a.steps == b.steps and a.steps[-2].args["text"].isdigit()


def test_the_template_is_the_document_the_help_asks_to_open(comp):
    for s in ("Open a new text document.", "Open the document where you want to insert the object.", "Create or open a text document."):
        got = comp.compile([s, "Press Ctrl+B."])
        assert got.complete and got.assumed == [s.rstrip(".")], s
    # another application's file or a database is not the template
    for s in ("Open the database file where you want to create the new table.", "Open LibreOffice Calc."):
        assert not comp.compile([s, "Press Ctrl+B."]).complete, s


def test_an_optional_sentence_that_does_not_compile_is_dropped_and_counted(comp):
    got = comp.compile(["Choose Insert - Section.", "If you want, set the formatting options for the section by dragging.",
                        "Click Insert."])
    assert got.complete and got.dropped == ["If you want, set the formatting options for the section by dragging."]
    assert [s.control for s in got.steps[:-1]] == ["Insert", "Section...", "Insert"]
    # an optional sentence that compiles is kept
    kept = comp.compile(["Choose Insert - Section.", "If you want, click the Indents tab.", "Click Insert."])
    assert kept.dropped == [] and "Indents" in [s.control for s in kept.steps]
    # a real condition is still reported
    assert [f.reason for f in comp.compile(["If the protection has a password, uncheck the Protect box."]).failures] == ["conditional"]


def test_a_value_the_help_only_names_by_kind(comp):
    got = comp.compile(["Choose Insert - Field - More Fields.", "Enter a statement in the Condition box."])
    cond = got.steps[-2].args["text"]
    assert got.complete and "==" in cond
    # a password is never typed into the document
    assert [f.reason for f in comp.compile(["Enter the password of the OpenPGP private key."]).failures] == ["open_choice"]


def test_a_choice_named_by_its_kind_keeps_the_dialog_entry_only_inside_a_dialog(comp):
    got = comp.compile(["Choose Format - Character.", "Click the Highlighting tab, select the background color.", "Click OK."])
    assert got.complete and got.defaults == ["select the background color"]
    assert [s.control for s in got.steps[:-1]] == ["Format", "Character...", "Highlighting", "OK"]
    assert [f.reason for f in comp.compile(["Select the background color."]).failures] == ["open_choice"]
    # inside a dialog, "select the line style" is the dialog's, not a text selection
    got = comp.compile(["Choose Format - Paragraph.", "Click the Borders tab.", "Select the line style.", "Click OK."])
    assert "select_text" not in [s.function for s in got.steps]


def test_entry_path_prefers_the_entry_that_opens_something():
    inv = load("writer")
    assert [n.name for n in inv.entry_path("Styles")] == ["View", "Styles"]  # not the Styles menu
    assert [n.name for n in inv.entry_path("Gallery")] == ["View", "Gallery"]  # the shorter of two
    assert inv.entry_path("Frobnicator") is None


def test_a_contingency_after_the_steps_own_sentence_is_left_out(comp):
    """swriter/guide/hyphen_prevent.html: "... and then click Edit. If the list is empty, click New
    to create a dictionary." The case is not the plan's: left out and counted; a step that is all
    condition is still reported, unless it is a contingency on how the step before turned out."""
    got = comp.compile(["Choose Insert - Footnote and Endnote - Footnote or Endnote.",
                        "In the Type area, select Footnote. If you select Character, click the Choose button and drag a character.",
                        "Click OK."])
    assert got.complete and got.dropped == ["If you select Character, click the Choose button and drag a character."]
    assert "Choose" not in [s.control for s in got.steps]
    # a step that is all condition on what the user has (not) done is still reported ...
    assert [f.reason for f in comp.compile(["If you have not yet registered the address book, click the Address Data Source... button."]).failures] \
        == ["conditional"]
    # ... one on how the step before turned out (a negated state of a thing) is a contingency (H14b)
    # (Edit - Fields opens only at a field, tenth batch: a document with one, its field selected first)
    with_field = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", objects=(("field", "Ada Lovelace"),)))
    f9 = with_field.compile(["Choose Edit - Fields.", "Click Close.", "If the field does not automatically update, press F9."])
    assert f9.complete and f9.dropped == ["If the field does not automatically update, press F9."]


def test_keys_held_down_go_with_the_next_key_pressed():
    """swriter/01/05090201.html: "hold down Alt, and then press the left or the right arrow";
    "hold down Alt and press Delete, release, and then press the up or the down arrow"."""
    comp = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1"))
    got = comp.compile(["Place the cursor in a table cell, hold down Alt, and then press the left or the right arrow."])
    assert got.complete and [s.args.get("keys") or s.args.get("text") for s in got.steps[:-1]] == ["Rent 1", "{END}", "%{LEFT}"]
    got = comp.compile(["Place the cursor in the row that you want to delete, hold down Alt and press Delete, release, "
                        "and then press the up or the down arrow."])
    assert [s.args.get("keys") for s in got.steps[2:-1]] == ["%{DELETE}", "{UP}"]  # released before the arrow
    assert comp.compile(["Hold down Alt+Shift, and then press the right arrow key."]).steps[0].args["keys"] == "%+{RIGHT}"
    # a key held while the mouse drags is still a gesture
    assert [f.reason for f in comp.compile(["To copy the selected text, hold down Ctrl while you drag."]).failures] == ["mouse_gesture"]


def test_a_procedure_on_a_dialogs_own_page_begins_with_the_pages_access_sentence(tmp_path):
    """swriter/01/06030000.html (the Hyphenation dialog's page): "Click Hyphenate." alone is
    no_dialog; the page's "To access this command" box (read as the help marks it) opens the
    dialog first."""
    from lamkit.dataflow.help.access import access_sentences
    from lamkit.schema import Source, TaskPlan

    page = tmp_path / "swriter" / "01" / "hyph.html"
    page.parent.mkdir(parents=True)
    page.write_text('<div class="howtoget"><div class="howtogetheader">To access this command...</div>\n'
                    '<div class="howtogetbody">\n  <div class="embedded"><p class="embedded"><a name="x"></a>Choose '
                    '<span class="emph">Tools - Language - Hyphenation</span></p></div>\n</div>\n</div>')
    assert access_sentences("swriter/01/hyph.html", tmp_path) == ("Choose Tools - Language - Hyphenation",)
    assert access_sentences("swriter/01/missing.html", tmp_path) == ()
    tp = TaskPlan(id="h", app="writer", task="Accept the hyphenation of the displayed word",
                  source=Source(path="swriter/01/hyph.html"), plan=["Click Hyphenate."])
    alone = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew")).compile(tp)
    assert [f.reason for f in alone.failures] == ["no_dialog"]
    got = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"),
                   access=lambda p: access_sentences(p, tmp_path)).compile(tp)
    assert got.complete and got.access == "Choose Tools - Language - Hyphenation"
    assert [s.control for s in got.steps[:-1]] == ["Tools", "Language", "Hyphenation...", "Hyphenate"]


def test_a_dialog_named_after_the_clause_is_opened_first(comp):
    """swriter/guide/hidden_text_display.html: "Check the Hidden Paragraphs box in the dialog Tools -
    Options - LibreOffice Writer - View." (the box is named without "box")."""
    got = comp.compile(["Check the Hidden Paragraphs box in the dialog Tools - Options - LibreOffice Writer - View."])
    assert got.complete
    assert [s.control for s in got.steps[:-1]] == ["Tools", "Options...", "LibreOffice Writer", "View", "Hidden Paragraphs"]
