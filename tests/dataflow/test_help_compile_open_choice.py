"""Free parameters the help leaves open, filled from the UI inventory (issue 14): an entry of a
list the opened dialog's inventory lists (deterministic per plan, not the list's first entry), a
name or password typed into the one box of that kind the opened dialog has, a value for each of
two boxes the help names together, and the style the plan modified applied to the template's
paragraph. What the inventory does not know stays ``open_choice``.

Sentences from the installed Writer help (pages named per test); grounded against the cached UI
inventory (lamkit/dataflow/help/writer_ui.json); the template target is fixed.
"""

from __future__ import annotations

from lamkit.dataflow.help.compile import DOC
from lamkit.dataflow.help.inventory import load

from help_cases import click, comp, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)

TOC = "Table of Contents, Index or Bibliography..."


def test_an_index_level_and_a_style_from_the_lists_the_dialog_lists(comp):
    """swriter/guide/indices_form.html: the Styles tab's Levels and Paragraph Styles lists are
    inventoried; the help's singular "Paragraph Style list" is the UI's plural one."""
    got = comp.compile(["Choose Insert - Table of Contents and Index - Table of Contents, Index or Bibliography.",
                        "Click the Styles tab.", "Click an index level in the Levels list.",
                        "Click the style that you want to apply in the Paragraph Style list.", "Click OK."])
    assert got.failures == []
    assert got.params == {"levels:entry": "Level 6 [Contents 6]", "paragraph style:entry": "Default Paragraph Style"}
    assert steps(got) == click("Insert", "Table of Contents and Index", TOC, "Styles", "Level 6 [Contents 6]",
                               "Default Paragraph Style", "OK")
    assert got.steps[4].step == 'Select "Level 6 [Contents 6]" in the Levels list'
    assert got.defaults == []  # a choice made, not the dialog's current one kept


def test_the_list_choice_is_never_the_first_entry_and_is_deterministic():
    """Over many plans (seeds), the Levels pick covers several entries, never the first one (the
    one a list most likely opens on), and one plan always picks the same."""
    from lamkit.dataflow.help.compile import CompiledPlan, _list_pick

    entries = load("writer").dialogs[f"Insert - Table of Contents and Index - {TOC}"].entries("Levels")
    picks = {_list_pick(CompiledPlan(), f"seed{i}", "Levels", entries) for i in range(60)}
    assert entries[0] not in picks and len(picks) > 3 and picks <= set(entries)
    assert _list_pick(CompiledPlan(), "s", "Levels", entries) == _list_pick(CompiledPlan(), "s", "Levels", entries)


def test_a_choice_in_a_list_the_inventory_does_not_know_stays_open(comp):
    """shared/guide/text_animation.html: the Effect box of a dialog the inventory does not hold;
    swriter/guide/pagenumbers.html: "Select a number format" with no dialog opened."""
    assert reasons(comp.compile(["In the Effect box, select the animation that you want."])) == ["open_choice"]
    assert reasons(comp.compile(["Select a number format and click OK."])) == ["open_choice"]


def test_a_value_for_each_of_two_boxes_the_dialog_has(comp):
    """swriter/guide/footnote_with_line.html: the Borders page's Padding boxes Top and Bottom."""
    got = comp.compile(["Choose Format - Paragraph.", "Click the Borders tab.", "Enter a value in the Top and Bottom boxes.",
                        "Click OK."])
    assert got.failures == []
    assert steps(got) == click("Format", "Paragraph...", "Borders") + [
        ("set_edit_text", "Top", {"text": "9"}), ("set_edit_text", "Bottom", {"text": "6"})] + click("OK")
    # boxes the opened dialog does not have: still the user's
    got = comp.compile(["Choose Table - Insert Table.", "Enter a value in the Top and Bottom boxes."])
    assert reasons(got) == ["open_choice"]


def test_a_name_goes_into_the_one_name_box_of_the_opened_dialog(comp):
    """swriter/01/04150000.html (Insert Table): "Enter a name for the table."; a dialog the
    inventory does not hold keeps it open (swriter/guide/autotext.html)."""
    got = comp.compile(["Choose Table - Insert Table.", "Enter a name for the table.", "Click Insert."])
    assert steps(got) == click("Table", "Insert Table...") + [("set_edit_text", "Name", {"text": "Quartz75"})] + click("Insert")
    assert got.params == {"name:name": "Quartz75"}
    assert reasons(comp.compile(["Choose Tools - AutoText.", "Type a name that is longer than four characters."])) == ["open_choice"]


def test_the_correct_password_is_the_one_the_plan_set(comp):
    """swriter/guide/protection.html, shared/guide/protection.html: "enter the correct password"
    is the password the same plan set before; with none set, it cannot be known."""
    got = comp.compile(["Choose Edit - Track Changes - Protect.", "Enter and confirm a password of at least five characters.",
                        "Click OK.", "Choose Edit - Track Changes - Protect.", "Enter the correct password."])
    assert got.failures == []
    pw = got.params["password:password"]
    assert [s for s in steps(got) if s[0] == "set_edit_text"] == [
        ("set_edit_text", "Password", {"text": pw}), ("set_edit_text", "Confirm", {"text": pw}), ("set_edit_text", "Password", {"text": pw})]
    assert reasons(comp.compile(["Choose Edit - Track Changes - Protect.", "Enter the correct password."])) == ["open_choice"]


HYPHEN = ["Choose View - Styles, and then click the Paragraph Styles icon.",
          "Right-click the paragraph style that you want to hyphenate, and then choose Modify.", "Click the Text Flow tab.",
          "In the Hyphenation area, select the Automatically check box.", "Click OK.",
          "Apply the style to the paragraphs that you want to hyphenate."]


def test_the_modified_style_is_applied_to_the_templates_paragraph(comp):
    """swriter/guide/using_hyphen.html: the style the plan selected in the deck and modified, set in
    the Formatting toolbar's Paragraph Style box with the cursor in the template's paragraph."""
    got = comp.compile(plan("Automatically hyphenate text in multiple paragraphs", HYPHEN, "swriter/guide/using_hyphen.html"))
    assert got.failures == []
    assert steps(got)[-3:] == [sel("Sales grew"), ("keyboard_input", DOC, {"keys": "{END}"}),
                               ("set_edit_text", "Paragraph Style", {"text": "Body Text 2"})]
    assert steps(got)[3] == ("keyboard_input", "Default Paragraph Style", {"keys": "Body Text 2"})  # the entry the deck selected


def test_a_style_whose_change_was_left_open_is_not_applied(comp):
    """swriter/guide/using_numbering.html: the list style kept as it was (the List style box's
    entries are not inventoried), so applying the style would not add numbering."""
    got = comp.compile(plan("Apply numbering with a paragraph style", [
        "Choose View - Styles, and then click the Paragraph Styles icon.",
        "Right-click the paragraph style that you want to apply numbering to, and then choose Modify.",
        "Click the Outline & List tab.", "In the List style box, select the list style to apply.", "Click OK.",
        "Apply the paragraph style to the paragraphs that you want to add numbering to."], "swriter/guide/using_numbering.html"))
    assert reasons(got) == ["open_choice"]
    assert got.failures[0].clause.startswith("Apply the paragraph style")
