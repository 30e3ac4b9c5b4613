"""The step compiler's fifth batch of general rules (issue 14), on sentences from the installed
Writer help: a dialog named by its window's title as the plan's first step, a bare "Choose
<entry>" outside a dialog, a password and its confirmation in an inventoried dialog, adjacent
table cells, and a menu name ended by a comma ("Choose Edit - Paste, or press Ctrl+V").

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); the template
target is fixed.
"""

from __future__ import annotations

from lamkit.dataflow.help.compile import DOC, Compiler, Target
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.templates import Template

from help_cases import box, click, comp, entry, steps  # noqa: F401 (comp is a fixture)


def test_a_dialog_named_by_its_title_first_is_opened_from_its_menu_entry(comp):
    """swriter/01/04090200.html: the procedure begins inside the dialog it names ("In the Fields
    dialog"); the inventoried dialogs of that title are opened by Insert - Cross-reference... and
    Insert - Field - More Fields...: the one whose entry's name holds the title's word."""
    got = comp.compile(["In the Fields dialog, click the Functions tab.", 'In the Type box, click "Conditional text".',
                        'In the Condition box, type: Addressbook.addresses.firstname == "Michael"',
                        'In the Then box, type "Dear".', 'In the Else box, type "Hello".', "Click Insert."])
    assert got.failures == []
    assert steps(got) == click("Insert", "Field", "More Fields...", "Functions") + [entry("Conditional text", "Type"), 
        ("set_edit_text", "Condition", {"text": 'Addressbook.addresses.firstname == "Michael"'}),
        ("set_edit_text", "Then", {"text": "Dear"}), ("set_edit_text", "Else", {"text": "Hello"})] + click("Insert")


def test_a_dialog_title_is_read_only_when_nothing_opened_one_and_only_when_it_is_known(comp):
    """swriter/guide/captions_numbers.html ("In the Caption dialog, click OK" after a menu path
    opened it): no second opening; a title no inventoried dialog has (shared/guide/
    digitalsign_send.html's Select Certificate) opens nothing."""
    got = comp.compile(["Choose Insert - Field - More Fields.", "In the Fields dialog, click the Functions tab."])
    assert steps(got) == click("Insert", "Field", "More Fields...", "Functions")
    assert comp.compile(["In the Select Certificate dialog, click the General tab."]).failures[0].reason == "no_dialog"


def test_choose_an_entry_named_alone_is_its_menu_path_and_a_password_fills_its_boxes(comp):
    """shared/guide/redlining_protect.html (the page said before: Edit - Track Changes - Protect):
    "Choose Protect" is the one menu entry of that name; the Enter Password dialog it opens has
    a Password and a Confirm box: one generated password typed in both."""
    got = comp.compile(["Choose Protect. This opens the Password dialog.",
                        "Enter a password consisting of at least one character and confirm it. Click OK."])
    assert got.failures == []
    password = got.params["password:password"]
    assert steps(got) == click("Edit", "Track Changes", "Protect...") + [
        ("set_edit_text", "Password", {"text": password}), ("set_edit_text", "Confirm", {"text": password})] + click("OK")
    # without "confirm", the Password box only
    got = comp.compile(["Choose Edit - Track Changes - Protect.", "Enter a password."])
    assert [s[1] for s in steps(got)][-1] == "Password" and got.failures == []
    # a password for a dialog without a Password box stays the user's (swriter/guide/protection.html);
    # Format - Sections opens only on a document with a section (tenth batch: needs "objects")
    sections = ["Choose Format - Sections.", "Enter and confirm a password of at least five characters."]
    assert [f.reason for f in comp.compile(sections).failures][:1] == ["needs_object"]
    with_section = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", objects=(("section", "Open questions"),)))
    assert [f.reason for f in with_section.compile(sections).failures] == ["open_choice"]


def test_choose_a_bare_name_stays_a_control_inside_a_dialog(comp):
    """swriter/guide/pageorientation.html-like: inside the dialog the plan opened, "Choose <name>"
    names the dialog's own control, not a menu entry of that name."""
    got = comp.compile(["Choose Format - Paragraph - Text Flow.", "Choose Protect."])
    assert steps(got) == click("Format", "Paragraph...", "Text Flow", "Protect")


def test_adjacent_cells_are_the_template_cell_and_its_neighbour():
    """swriter/guide/table_cellmerge.html: "Select the adjacent cells" before Table - Merge Cells
    is two cells: the template's cell, the cursor at its end, Shift and the arrow to its neighbour
    (crossing the cell's end, Writer selects both cells whole)."""
    comp = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1", cell_next="{RIGHT}"))
    got = comp.compile(["Select the adjacent cells.", "Choose Table - Merge Cells."])
    assert got.failures == []
    assert steps(got) == [("select_text", DOC, {"text": "Rent 1"}), ("keyboard_input", DOC, {"keys": "{END}"}),
                          ("keyboard_input", DOC, {"keys": "+{RIGHT}"})] + click("Table", "Merge Cells")
    # a cell with no known neighbour, or no table: the object is missing
    alone = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1"))
    assert alone.clause("Select the adjacent cells").reason == "needs_object"


def test_target_knows_where_the_cell_has_a_neighbour():
    """The neighbour's key is read from the template's table: right of the cell when it is not in
    the last column, else below it."""
    t = Template(name="t", path="t.odt", kind="table", description="", paragraphs=["Budget", "Sales grew a lot"],
                 table=[["Item", "Q1"], ["Rent", "96"], ["Power", "12"]], table_at=1)
    assert Target.of(t).cell == "Rent" and Target.of(t).cell_next == "{RIGHT}"
    t2 = Template(name="t", path="t.odt", kind="table", description="", paragraphs=["Budget", "Sales grew a lot"],
                  table=[["Item"], ["Rent"], ["Power"]], table_at=1)
    assert Target.of(t2).cell_next == "{DOWN}"


def test_a_menu_name_ends_at_its_comma(comp):
    """swriter/guide/calculate_clipboard.html: "Choose Tools - Calculate, or press Ctrl+Plus Sign
    (+)", "choose Edit - Paste, or press Ctrl+V": the comma ends the entry's name, the other way
    is dropped."""
    assert steps(comp.compile(["Choose Tools - Calculate, or press Ctrl+Plus Sign (+)."])) == click("Tools", "Calculate")
    assert steps(comp.compile(["Choose Edit - Paste, or press Ctrl+V."])) == click("Edit", "Paste")


def test_ensuring_a_state_is_read_as_the_state_wanted(comp):
    """swriter/guide/auto_numbering.html: "Choose Tools - AutoCorrect, and ensure that While
    Typing is selected": a check entry of the submenu the plan left open; the click carries the
    state wanted (the expert closes the menus instead when the entry is already so:
    tests/agent/test_heuristic_menu_check.py). shared/guide/digitalsign_receive.html: "Ensure that
    Use LibreOffice dialogs is enabled" on Tools - Options - LibreOffice - General, a page the
    inventory read (``inventory.discover_options_pages``): its check box in that state."""
    got = comp.compile(["Choose Tools - AutoCorrect, and ensure that While Typing is selected."])
    assert not got.failures, got.failures
    assert steps(got) == click("Tools", "AutoCorrect") + [box("While Typing")]
    got = comp.compile(["Choose Tools - Options - LibreOffice - General. Ensure that Use LibreOffice dialogs is enabled."])
    assert not got.failures, got.failures
    assert steps(got) == click("Tools", "Options...", "LibreOffice", "General") + [box("Use LibreOffice dialogs")]
