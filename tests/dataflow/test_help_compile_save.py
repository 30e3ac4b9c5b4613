"""Saving the open document in a format (File - Save As): the help's own sentences compile to the
Save As dialog's controls the live walk inventoried (``inventory.SAVE_DIALOGS``), and the other
File-menu acts stay refused."""

from __future__ import annotations

from help_cases import click, comp, entry, key, plan, reasons, steps  # noqa: F401 (comp is a fixture)

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.inventory import load

SAVE_AS = click("File", "Save As...")


def _typed(got):
    return [s for s in got.steps if s.function == "set_edit_text"]


def test_save_as_a_microsoft_office_file(comp):
    """shared/guide/ms_user.html: the help stops at the file type; the dialog is completed with a
    generated name (the open file's own would be overwritten) and its Save button."""
    got = comp.compile(plan("Save as a Microsoft office file",
                            ["Choose File - Save As.", "In the File type box, select a Microsoft Office file format."],
                            page="shared/guide/ms_user.html"))
    assert not got.failures, got.failures
    name = got.params["file name:name"]
    assert steps(got) == SAVE_AS + [entry("Word 2007–365 (.docx)", "File type"),
                                    ("set_edit_text", "File name", {"text": name}), ("click_input", "Save", {})]


def test_save_documents_in_other_formats_picks_another_format(comp):
    """shared/guide/export_ms.html: "the desired format" is an open choice filled with a non-ODF
    entry other than the template's own format, deterministic per plan; the help's name and Save
    click are the dialog's (not the Standard toolbar's Save)."""
    sentences = ["Choose File - Save as. You will see the Save as dialog.",
                 "In the Save as type or File type list box, select the desired format.",
                 "Enter a name in the File name box and click Save."]
    docx = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", suffix=".docx"))
    got = docx.compile(plan("Save documents in other formats", sentences, page="shared/guide/export_ms.html"))
    assert not got.failures, got.failures
    picked = got.params["file type:entry"]
    assert not picked.endswith("(.docx)") and "ODF" not in picked and "Template" not in picked
    assert steps(got) == SAVE_AS + [entry(picked, "File type"), ("set_edit_text", "File name", {"text": got.params["file name:name"]}),
                                    ("click_input", "Save", {})]
    assert docx.compile(plan("Save documents in other formats", sentences)).params == got.params


def test_html_page_from_the_document(comp):
    """shared/07/09000000.html: "Save the page using one of the "HTML Document" file types."."""
    got = comp.compile(plan("Create an HTML page from your LibreOffice document",
                            ['Save the page using one of the "HTML Document" file types.'], page="shared/07/09000000.html"))
    assert not got.failures, got.failures
    assert steps(got)[:3] == SAVE_AS + [entry("HTML Document (Writer) (.html)", "File type")]
    assert steps(got)[-1] == ("click_input", "Save", {})


def test_save_the_document_is_ctrl_s(comp):
    """swriter/guide/fields_userdata.html: "Click Insert and then save the document."."""
    got = comp.compile(["Choose Insert - Section.", "Click Insert and then save the document."])
    assert not got.failures, got.failures
    assert steps(got)[-1] == key("^s")


def test_other_file_acts_stay_refused(comp):
    """ms_user.html's File - Open, the wizards, email.html's File - Send: files outside the open document
    (File - Print... compiles: its printer writes a file the state reads, test_help_compile_print.py)."""
    assert reasons(comp.compile(["Choose File - Open. Select a Microsoft Office file in the LibreOffice file open dialog."])) \
        == ["outside_document", "outside_document"]
    assert reasons(comp.compile(["Choose File - Wizards - Document Converter to start the wizard."])) == ["outside_document"]
    assert reasons(comp.compile(["Choose File - Send - Email Document."])) == ["outside_document"]
