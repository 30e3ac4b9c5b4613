"""Tools - Options pages the help opens, inventoried by the live walk (``inventory.discover_options_pages``:
each page under its tree path, "Load/Save - General"), and the help's own sentences on them;
the state-diff judge's reading of the profile settings they change (``option_judge``).

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json). The live walk of
two pages is the last test (real Writer)."""

from __future__ import annotations

import pytest
from help_cases import box, click, comp, entry, plan, reasons, steps  # noqa: F401 (comp is a fixture)

from lamkit.dataflow import state_diff
from lamkit.dataflow.help.inventory import OPTIONS_DIALOG, load, options_page_paths
from lamkit.schema import DocState, PlanStep

OPTIONS = click("Tools", "Options...")


def test_the_pages_are_read_off_the_help_sentences():
    got = options_page_paths(["Choose Tools - Options - Load/Save - General.",
                              "Set the grid resolution unit with Tools - Options - LibreOffice Writer - Grid in the Resolution area",
                              "Choose Tools - Options - LibreOffice Writer to open it."])
    assert got == [["Load/Save", "General"], ["LibreOffice Writer", "Grid"]]


def test_the_inventory_keys_each_page_by_its_tree_path():
    d = load("writer").dialog(OPTIONS_DIALOG)
    assert d is not None and "OK" in d.buttons
    page = d.on("Load/Save - General")
    assert "Save AutoRecovery information every:" in page.checks and "Always create backup copy" in page.checks
    assert "Word 2007–365 (*.docx)" in page.entries("Always save as")
    assert d.on("LibreOffice - General") is not page  # "General" under another parent is another page
    assert "Use LibreOffice dialogs" in d.on("LibreOffice - General").checks


def test_mark_a_check_box_and_select_the_time_interval(comp):
    """shared/guide/doc_autosave.html: the check box's label runs on into its value; the page's one
    box (the minutes, a spin button the observer names "Save") gets a generated number; the dialog is confirmed."""
    got = comp.compile(plan("Save recovery information automatically every n minutes",
                            ["Choose Tools - Options - Load/Save - General.",
                             "Mark Save AutoRecovery information every and select the time interval."],
                            page="shared/guide/doc_autosave.html"))
    assert not got.failures, got.failures
    n = got.params["save:number"]
    assert 2 <= int(n) <= 10
    assert steps(got) == OPTIONS + click("Load/Save", "General") + [
        box("Save AutoRecovery information every:"), ("set_edit_text", "Save", {"text": n}), ("click_input", "OK", {})]


def test_the_file_type_for_saving_is_the_request_s_family(comp):
    """shared/guide/ms_user.html: "a document type" is the application's own (Writer's Text document),
    "the file type for saving" the first entry of the family the request names (Microsoft Office: Word)."""
    got = comp.compile(plan("Save documents by default in Microsoft office formats",
                            ["Choose Tools - Options - Load/Save - General.",
                             "In the Default file format and ODF settings area, first select a document type, then select the file type for saving."],
                            page="shared/guide/ms_user.html"))
    assert not got.failures, got.failures
    assert steps(got) == OPTIONS + click("Load/Save", "General") + [
        entry("Text document", "Document type"), entry("Word 2007–365 (*.docx)", "Always save as"), ("click_input", "OK", {})]


def test_another_ui_language_needs_one_installed(comp):
    """shared/guide/language_select.html: "another UI language" is a language entry of the list other
    than the current one; this installation lists only English (USA), so there is none to choose."""
    got = comp.compile(plan("Set UI language", ["Choose Tools - Options - Language Settings - Languages.",
                                                'Select another UI language in the "User interface" listbox.',
                                                "Click OK and restart LibreOffice."], page="shared/guide/language_select.html"))
    assert reasons(got) == ["not_in_dialog"]
    assert load("writer").dialog(OPTIONS_DIALOG).on("Language Settings - Languages").entries("User interface") == [
        "Default - English (USA)", "English (USA)"]


def test_a_button_the_tree_page_lacks_covers_it(comp):
    """swriter/guide/hyphen_prevent.html: "click Edit" on Writing Aids (whose buttons read "Edit Options",
    "Edit User-defined dictionaries") opens a window the inventory did not read; its "New" is that
    window's, not the page's "New..."."""
    got = comp.compile(["Choose Tools - Options - Language Settings - Writing Aids",
                        "Select a dictionary in the User-defined dictionary list, and then click Edit.",
                        'In the Word box, type the word you want to exclude from hyphenation, followed by an equal sign (=), for example, "pretentious=".',
                        "Click New, and then click Close."])
    assert ("click_input", "New", {}) in steps(got)


def _state(**options):
    return DocState(reader=2, options=options)


def _judge(request, before, after):
    return state_diff.decision(state_diff.judge(request, [PlanStep(step="Click OK", function="click_input", control="OK")],
                                                before, after, True))


def test_the_judge_reads_the_setting_the_request_names():
    req = "Save recovery information automatically every n minutes"
    assert _judge(req, _state(autosave=False, autosave_minutes=10), _state(autosave=True, autosave_minutes=9)) == "success"
    assert _judge(req, _state(autosave=True, autosave_minutes=10), _state(autosave=True, autosave_minutes=10)) == "unsure"
    req = "Save documents by default in Microsoft office formats"
    assert _judge(req, _state(writer_default_filter=""), _state(writer_default_filter="MS Word 2007 XML")) == "success"


@pytest.mark.writer
def test_the_live_walk_reads_two_options_pages(tmp_path):
    from docx import Document

    from lamkit.dataflow.help.inventory import discover_options_pages
    from lamkit.envs.base import make_env

    doc = tmp_path / "blank.docx"
    Document().save(str(doc))
    cached = load("writer").dialog(OPTIONS_DIALOG)
    with make_env("writer") as env:
        got = discover_options_pages(env, str(doc), [["Load/Save", "General"], ["LibreOffice", "General"]], log=lambda _: None)
    assert got is not None and set(got.pages) == {"Load/Save - General", "LibreOffice - General"}
    for k, page in got.pages.items():
        assert page.checks == cached.pages[k].checks and page.lists == cached.pages[k].lists
