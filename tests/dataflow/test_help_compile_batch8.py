"""The step compiler's eighth batch (issue 14, stop 31): procedures on help pages with no judged
success yet, read again where the compiled plan did nothing the request names or did something
else:

- "select a background color" on a dialog's tab whose inventory has a button of that kind's name
  (the Area tab's Color, beside None, Gradient, Image, Pattern, Hatch): the button, a setting
  made, so the dialog the help leaves open is confirmed (before: the tab's current choice, None);
- "click the arrow next to the <X> icon": the icon's drop-down, which the inventory does not hold
  (before: the icon itself, which applies its color: "Remove highlighting" highlighted the text);
- a sentence that ends in a capitalised word ("... and click OK. In the Find & Replace dialog,
  you now can read ...") ends there, and "In the <X> dialog, you ..." is a remark (before, the
  OK and the remark were one clause that compiled to nothing);
- "Click at the beginning of the text in the heading paragraph, after the number": a heading,
  which no template holds (``needs_object``; before, Home and Backspace merged a body paragraph).

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help (the harvested procedures), the page named beside it.
"""

from __future__ import annotations

from lamkit.dataflow.help.compile import _KIND_NOTE, Compiler, Target, clauses
from lamkit.dataflow.help.inventory import load

from help_cases import TABLE, box, click, comp, key, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)



# ----------------------------------------------------------------------- a kind chosen by its button
def test_select_a_background_color_on_the_area_tab_clicks_color_and_confirms(comp):
    """shared/guide/background.html: the Page Style dialog's Area tab has the fill buttons None,
    Color, Gradient, Image, Pattern, Hatch; "a background color" is the Color button (the first
    alternative), which fills the page with the dialog's proposed color; the help stops there, so
    the dialog is confirmed. Replayed live: page background None -> #729fcf, judged success."""
    got = comp.compile(plan("Define graphics or colors in the background of pages (watermark)", [
        "Choose Format - Page Style.",
        "On the Area tab page, select a background color or a background graphic."], page="shared/guide/background.html"))
    assert got.complete, got.failures
    assert steps(got) == click("Format", "Page Style...", "Area", "Color", "OK")
    assert got.steps[3].step.endswith(_KIND_NOTE)
    assert not got.defaults  # the kind is the help's choice, not a choice left open


def test_select_the_background_color_on_the_highlighting_tab(comp):
    """swriter/guide/background.html: the Character dialog's Highlighting tab has the same buttons
    (inventoried); the selected characters get the dialog's proposed highlighting. Replayed live:
    the run's highlight changed, judged unsure (the request names a background, which a character's
    highlight is not for the judge): no false success."""
    got = comp.compile(plan("Apply a background to text characters", [
        "Select the characters.", "Choose Format - Character.", "Click the Highlighting tab, select the background color."]))
    assert got.complete, got.failures
    assert steps(got) == [sel("Sales")] + click("Format", "Character...", "Highlighting", "Color", "OK")


def test_a_kind_on_the_tab_page_is_its_button(comp):
    """swriter/guide/background.html "Apply a background to a paragraph": the Paragraph dialog's
    Area page (recorded per tab since the ninth batch) has the Color button, so the kind the help
    names is clicked and the dialog confirmed; before, the inventory held only the first page's
    controls, the tab's current choice (None) was kept and the episode changed nothing."""
    got = comp.compile(plan("Apply a background to a paragraph", [
        "Place the cursor in the paragraph or select several paragraphs.", "Choose Format - Paragraph.",
        "On the Area tab page, select the background color or a background graphic."]))
    assert got.complete and not got.defaults, got.failures
    assert steps(got)[-3:] == [("click_input", "Area", {}), ("click_input", "Color", {}), ("click_input", "OK", {})]


def test_a_word_before_the_kind_must_be_the_requests(comp):
    """swriter/guide/border_character.html: "a line style" is not the Borders tab's Style button
    (it opens a list of line styles; "line" is no word of the request), and a list of kinds ("a line
    style, width and color") is not one kind: both keep the dialog's current values."""
    got = comp.compile(plan("Set a predefined border style", [
        "Select the range of characters around which you want to add a border.",
        "Choose Format - Character - Borders.",
        "Select a line style, width and color for the selected border style in the Line area. These settings apply to all "
        "border lines that are included in the selected border style.",
        "Click OK to apply the changes."]))
    assert got.complete, got.failures
    assert "Style" not in [s[1] for s in steps(got)] and "Color" not in [s[1] for s in steps(got)]
    got = comp.compile(plan("Set a predefined border style", [
        "Choose Format - Character - Borders.", "Select a line style.", "Click OK."]))
    assert "Style" not in [s[1] for s in steps(got)]


def test_a_kind_outside_a_dialog_is_still_an_open_choice(comp):
    """Outside a dialog the plan opened there is no button to read the kind by."""
    got = comp.compile(["Select a background color"])
    assert reasons(got) == ["open_choice"]


# ----------------------------------------------------------------------- an icon's drop-down arrow
def test_the_arrow_next_to_an_icon_is_not_the_icon(comp):
    """shared/02/02160000.html "Remove highlighting": the arrow opens the highlighting palette
    (inventoried since: test_help_compile_arrows.py); before, the clause grounded to the icon,
    which applies the last color, the opposite of the request. The icon itself still reads (the
    same page's "A text selection")."""
    marked = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", objects=(("highlighted text", "agreed"),)))
    got = marked.compile(plan("Remove highlighting", [
        "Select the highlighted text.",
        "On the Formatting bar, click the arrow next to the Character Highlighting Color icon, and then click No Fill."],
        page="shared/02/02160000.html"))
    assert got.failures == [] and "Character Highlighting Color" not in [s.control for s in got.steps]
    assert [s.control for s in got.steps][1:3] == ["Character Highlighting Color arrow", "No Fill"]
    got = comp.compile(["Click the Character Highlighting Color icon on the Formatting or Text Object bar."])
    assert got.complete and steps(got) == click("Character Highlighting Color")


# ----------------------------------------------------------------------- a sentence after "OK."
def test_a_sentence_ending_in_ok_ends_there():
    """shared/guide/find_attributes.html: "... and click OK. In the Find & Replace dialog, you now
    can read ..." is two sentences; the second is a remark on where the search term shows."""
    s = ('In the Attributes dialog, select the Font check box, and click OK. In the Find & Replace dialog, you now can read '
         '"Font" below the Find text box.')
    assert clauses(s)[1:] == ["click OK", 'In the Find & Replace dialog, you now can read "Font" below the Find text box']


def test_search_for_all_font_changes_confirms_the_attributes_dialog(comp):
    """shared/guide/find_attributes.html: before, the Attributes dialog stayed open (its OK was lost
    in the remark) and Find Next was clicked behind it."""
    got = comp.compile(plan("Search for all font changes", [
        "Choose Edit - Find & Replace.", "Clear the Find text box if necessary.", "Click Attributes.",
        'In the Attributes dialog, select the Font check box, and click OK. In the Find & Replace dialog, you now can read '
        '"Font" below the Find text box.',
        "Click Find Next."], page="shared/guide/find_attributes.html"))
    assert got.complete, got.failures
    s = steps(got)
    assert s[2][:2] == ("set_edit_text", "Find")
    assert s[:2] + s[3:] == click("Edit", "Find and Replace...", "Attributes...") + [box("Font")] + click("OK", "Find Next")


# ----------------------------------------------------------------------- a heading the document lacks
def test_the_heading_paragraph_needs_a_heading():
    """swriter/guide/chapter_numbering.html: the number of a numbered heading; no template holds a
    heading (before, Home and Backspace at a body paragraph merged it into the one above: "whitespace
    changed", judged unsure)."""
    got = Compiler(load("writer"), TABLE).compile(plan("Remove automatic chapter numbering from a heading paragraph", [
        "Click at the beginning of the text in the heading paragraph, after the number.",
        "Press the Backspace key to delete the number."]))
    assert reasons(got) == ["needs_object"]


# ----------------------------------------------------------------------- an icon twice
def test_an_icon_clicked_twice_is_two_clicks(comp):
    """swriter/guide/join_numbered_lists.html "Combine two ordered lists": "twice" is two clicks (a
    toggle: once is the opposite; before, one click made the selected paragraphs a new list)."""
    got = comp.compile(["On the Formatting Bar, click the Toggle Ordered List icon twice."])
    assert got.complete, got.failures
    assert steps(got) == click("Format", "Lists", "Ordered List") * 2  # the bar does not show it: its menu entry (stop 33)
