"""File - Print compiles (stop 35): the environment's printer writes each job into a file the
state reads (lamkit.envs.writer.processes._psprint_conf, lamkit.envs.writer.printed), so the Print
dialog is inventoried (writer_ui.json "File - Print...", read live with its More sections open)
and the help's printing procedures compile to grounded steps. The other File entries (open,
save, send, close) stay outside the document.

Every sentence is quoted from the installed Writer help, the page named beside it.
"""

from __future__ import annotations

from help_cases import box, click, comp, entry, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)


def test_print_in_reverse_order(comp):
    got = comp.compile(plan("Print in reverse order", ["Choose File - Print.", "Click the General tab.",
                                                      "Choose Print in reverse page order.", "Click Print."],
                            page="swriter/guide/printing_order.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...", "General", "Print in reverse page order", "Print")


def test_print_text_in_black(comp):
    got = comp.compile(plan("Print the current text document with black and white text",
                            ["Choose File - Print. Then click the LibreOffice Writer tab.", "Choose Print text in black and click Print."],
                            page="shared/guide/print_blackwhite.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...", "LibreOffice Writer") + [box("Print text in black")] + click("Print")


def test_two_pages_per_sheet(comp):
    got = comp.compile(plan("Print multiple pages on one sheet", [
        "Choose File - Print",
        "In the Page Layout section: To print two pages side by side on the same sheet, select \"2\" in the Pages per sheet box.",
        "Click Print."], page="swriter/guide/print_small.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...") + [entry("2", "Pages per sheet")] + click("Print")


def test_a_selection_is_printed_by_confirming_with_the_dialogs_own_button(comp):
    """The help stops at the Selection option; the dialog is confirmed with its button named as
    the dialog (Print: the Print dialog has no OK)."""
    got = comp.compile(plan("Print a selection of text or graphics", [
        "Select the content to print.", "Choose File - Print to open the Print dialog.",
        "In the Range and Copies section, choose the Selection option.", "The preview box shows the selected material."],
        page="swriter/guide/print_selection.html"))
    assert got.complete, got.failures
    assert steps(got) == [sel("Sales")] + click("File", "Print...") + [box("Selection")] + click("Print")


def test_a_page_number_left_to_the_user_is_not_confirmed(comp):
    """"Enter the page number you want to print": the user's choice (its box shows the current
    page), kept in defaults; the help never says Print, so nothing confirms the dialog."""
    got = comp.compile(plan("Print a single page", [
        "Choose File - Print to open the Print dialog.",
        "In the Range and Copies section, select the Pages option. The text box will show the current page number.",
        "Enter the page number you want to print.", "The preview box on the left shows the selected page."],
        page="swriter/guide/print_selection.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...") + [box("Pages")]
    assert got.defaults == ["Enter the page number you want to print"]


def test_other_file_entries_stay_outside_the_document(comp):
    got = comp.compile(plan("Open a document", ["Choose File - Open."]))
    assert reasons(got) == ["outside_document"]


def test_a_range_of_pages_takes_the_help_s_example_for_the_box_left_to_the_user(comp):
    """The notes on the Pages box's syntax ("Use - for a range of pages", "Use, or; for a list of
    pages") are not steps; the first one's example ("1-4") is the value of the box the plan left
    to the user ("Enter the page numbers to print"), so the dialog is then confirmed."""
    got = comp.compile(plan("Print a range of pages", [
        "Choose File - Print to open the Print dialog.",
        "In the Range and Copies section, select the Pages option. The text box will show the current page number.",
        "Enter the page numbers to print.",
        "Use - for a range of pages. For example, 1-4 prints all pages from 1 to 4.",
        "Partial ranges are also allowed: -5 prints all pages up to page 5; 10- prints from page 10 to end of document.",
        "Use, or; for a list of pages. For example, 1,3;7 prints pages 1, 3 and 7. Spaces are optional: 1, 3, 7 also works.",
        "Combinations are also possible. For example, 1, 3, 5-10, 15- prints pages 1,3, 5 to 10, and 15 to end of document.",
        "The preview box on the left shows the selected pages."], page="swriter/guide/print_selection.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...") + [box("Pages"), ("set_edit_text", "Pages", {"text": "1-4"})] + click("Print")
    assert got.defaults == []
    assert [d.split(".")[0] for d in got.dropped] == ["Use - for a range of pages", "Use, or; for a list of pages"]


def test_a_syntax_note_without_a_box_left_open_is_no_step(comp):
    """The same note after a page number the plan did not leave to the user: nothing to fill."""
    got = comp.compile(plan("Print a range of pages", [
        "Choose File - Print to open the Print dialog.", "Use - for a range of pages. For example, 1-4 prints all pages from 1 to 4."],
        page="swriter/guide/print_selection.html"))
    assert got.complete, got.failures
    assert steps(got) == click("File", "Print...")
