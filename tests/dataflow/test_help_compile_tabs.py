"""The step compiler reads a tab dialog's controls page by page (issue 14, ninth batch).

A LibreOffice tab dialog's accessibility tree holds only the pages it has shown, so the walk of a
dialog as it opens (``DialogControls``) lists the first-shown page's controls: the Paragraph dialog's
Area tab's Color button was not in the inventory. The discovery now clicks each tab and records what
its page shows (``DialogControls.pages``), and the compiler, once the plan clicked a tab ("Click the
Area tab", "On the Area tab page, ...", "Format - Paragraph - Text flow tab"), looks the dialog's
controls up on that page (``Compiler._dialog``: the page's controls and the dialog's own buttons).

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help (the harvested procedures), the page named beside it.
"""

from __future__ import annotations

import json

from lamkit.dataflow.help.compile import _KIND_NOTE, Compiler, Target
from lamkit.dataflow.help.inventory import INVENTORIES, UIInventory, load

from help_cases import box, click, comp, key, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)

PARAGRAPH_AREA = ["Place the cursor in the paragraph or select several paragraphs.", "Choose Format - Paragraph.",
                  "On the Area tab page, select the background color or a background graphic."]


# ----------------------------------------------------------------------- the inventory's pages
def test_the_paragraph_dialogs_pages_hold_what_each_tab_shows():
    """The Paragraph dialog opens on Indents & Spacing: its Area tab's fill buttons are only on the
    Area page, its Borders tab's presets and edge check boxes only on the Borders page."""
    d = load("writer").dialogs["Format - Paragraph..."]
    assert "Color" not in d.buttons
    area, borders = d.on("Area"), d.on("borders")  # the help's case is not the UI's
    assert {"None", "Color", "Gradient", "Image", "Pattern", "Hatch", "OK", "Cancel"} <= set(area.buttons)
    assert area.tabs == d.tabs and area.title == "Paragraph" and not area.pages
    assert "All Four Borders" in borders.entries("Presets") and "Top border line" in borders.checks
    assert "Color" not in borders.buttons  # a page shows only its own controls
    assert d.on(None) is d and d.on("Outline & Numbering") is d  # no tab, or one not inventoried: the dialog
    assert "Color" in d.whole().buttons and "Top border line" in d.whole().checks


def test_page_style_tabs_are_inventoried():
    """Format - Page Style: each tab's page (Page: the orientation options; Header: Header on)."""
    d = load("writer").dialogs["Format - Page Style..."]
    assert {"Landscape", "Portrait"} <= set(d.on("Page").options)
    assert "Header on" in d.on("Header").checks and "Footer on" in d.on("Footer").checks


# ----------------------------------------------------------------------- the compiler on a page
def test_background_of_a_paragraph_clicks_the_area_pages_color(comp):
    """swriter/guide/background.html "Apply a background to a paragraph": the Area page has the
    Color button, so "the background color" is that kind (a setting made: the dialog is confirmed).
    Before, the Paragraph dialog's inventory had no Area buttons and the tab's current choice
    (None) was kept. Replayed live: paragraph background None -> #729fcf, judged success."""
    got = comp.compile(plan("Apply a background to a paragraph", PARAGRAPH_AREA))
    assert got.complete, got.failures
    assert steps(got) == [sel("Sales grew"), key("{END}")] + click("Format", "Paragraph...", "Area", "Color", "OK")
    assert got.steps[5].step.endswith(_KIND_NOTE) and not got.defaults


def test_the_last_tab_clicked_is_the_page_read(comp):
    """The page follows the plan's tab clicks: after the Borders tab (no Color button), "On the Area
    tab page, ..." switches to the Area page, where the Color button is."""
    got = comp.compile(plan("Apply a background to a paragraph", [
        "Choose Format - Paragraph.", "Click the Borders tab.", PARAGRAPH_AREA[2]]))
    assert got.complete, got.failures
    assert steps(got) == click("Format", "Paragraph...", "Borders", "Area", "Color", "OK")


def test_highlighting_and_page_area_read_their_pages(comp):
    """swriter/guide/background.html "Apply a background to text characters" (Format - Character,
    Highlighting page: None, Color) and shared/guide/background.html (Format - Page Style, Area
    page): the Color button of the page the plan clicked."""
    got = comp.compile(plan("Apply a background to text characters", [
        "Select the characters.", "Choose Format - Character.", "Click the Highlighting tab, select the background color."]))
    assert steps(got) == [sel("Sales")] + click("Format", "Character...", "Highlighting", "Color", "OK")
    got = comp.compile(plan("Define graphics or colors in the background of pages (watermark)", [
        "Choose Format - Page Style.", "On the Area tab page, select a background color or a background graphic."],
        page="shared/guide/background.html"))
    assert steps(got) == click("Format", "Page Style...", "Area", "Color", "OK")


def test_check_boxes_of_the_text_flow_page(comp):
    """swriter/guide/using_hyphen.html and pagenumbers.html: the Text Flow page's check boxes, the tab
    clicked by name ("Click the Text Flow tab") or as the menu path's last name ("Text flow tab")."""
    got = comp.compile(plan("Automatically hyphenate text in a paragraph", [
        "Right-click in a paragraph, and choose Paragraph.", "Click the Text Flow tab.",
        "In the Hyphenation area, select the Automatically check box.", "Click OK."]))
    assert got.complete, got.failures
    assert steps(got)[-4:] == click("Paragraph...", "Text Flow") + [box("Automatically")] + click("OK")
    got = comp.compile(plan("Start with a defined page number", [
        "Click into the first paragraph of your document.", "Choose Format - Paragraph - Text flow tab.",
        "In the Breaks area, enable Insert. Enable With Page Style just to be able to set the new Page number. Click OK."],
        page="swriter/guide/pagenumbers.html"))
    assert got.complete, got.failures
    assert steps(got)[2:] == click("Format", "Paragraph...", "Text flow") + [box("Insert"), box("With Page Style")] + click("OK")


def test_options_and_boxes_of_a_page(comp):
    """swriter/guide/pageorientation.html (the Page page's orientation options) and
    numbering_lines.html (the Outline & List page's line-numbering check boxes and Start with box)."""
    got = comp.compile(plan("Change the page orientation for all pages", [
        "Choose Format - Page Style.", "Click the Page tab.", 'Under Paper format, select "Portrait" or "Landscape".', "Click OK."],
        page="swriter/guide/pageorientation.html"))
    assert steps(got) == click("Format", "Page Style...", "Page", "Portrait", "OK")
    got = comp.compile(plan("Specify the starting line number", [
        "Click in a paragraph.", "Choose Format - Paragraph, and then click the Outline & List tab.",
        "Select the Include this paragraph in line numbering check box.", "Select Restart at the paragraph check box.",
        "Enter a line number in the Start with box.", "Click OK."], page="swriter/guide/numbering_lines.html"))
    assert got.complete, got.failures
    assert [s[1] for s in steps(got)][2:] == ["Format", "Paragraph...", "Outline & List", "Include this paragraph in line numbering",
                                             "Restart at the paragraph", "Start with", "OK"]


def test_border_presets_stay_the_dialogs_choice(comp):
    """shared/guide/border_paragraph.html: the Borders page has the Presets list ("All Four Borders",
    ...), but its entries are not in the environment's observation (a value set: measured live), so
    "one of the default border styles" stays the dialog's current one (kept in ``defaults``), as before."""
    got = comp.compile(plan("Set a predefined border style", [
        "Place the cursor in the paragraph for which you want to define a border.", "Choose Format - Paragraph - Borders.",
        "Select one of the default border styles in the Default area.",
        "Select a line style, width and color for the selected border style in the Line area. These settings apply to all "
        "border lines that are included in the selected border style.",
        "Click OK to apply the changes."], page="shared/guide/border_paragraph.html"))
    assert got.complete, got.failures
    assert steps(got)[2:] == click("Format", "Paragraph...", "Borders", "OK")
    assert "Select one of the default border styles" in got.defaults and not got.params


# ----------------------------------------------------------------------- an old cache
def test_a_cache_without_pages_loads_and_reads_the_dialog_whole():
    """A cache written before the pages (no "pages" key) still loads: every dialog's pages are
    empty, a tab's page is the dialog as a whole, and the compiler reads it as before (the
    Paragraph dialog's Area tab: its current choice kept, nothing clicked on it)."""
    raw = json.loads(INVENTORIES["writer"].read_text())
    for d in raw["dialogs"].values():
        d.pop("pages", None)
    for d in raw.get("decks", {}).values():
        d.pop("pages", None)
    old = UIInventory.model_validate_json(json.dumps(raw))
    d = old.dialogs["Format - Paragraph..."]
    assert d.pages == {} and d.on("Area") is d and d.whole() is d
    got = Compiler(old, Target(word="Sales", paragraph="Sales grew")).compile(plan("Apply a background to a paragraph", PARAGRAPH_AREA))
    assert got.complete and got.defaults, got.failures
    assert steps(got)[-1] == ("click_input", "Area", {})
