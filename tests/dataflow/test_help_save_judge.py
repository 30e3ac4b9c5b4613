"""The state-diff judge on a save in a format: the document's location and filter after the
episode (``DocState.location``/``filter``), on before/after states as the reader writes them."""

from __future__ import annotations

from lamkit.dataflow.state_diff import decision, judge
from lamkit.schema import DocState, PlanStep

BEFORE = DocState(reader=2, text="Costs", location="file:///tmp/w/episodes/ep00001.odt", filter="writer8")
PICK_WORD = [PlanStep(step="Click File", function="click_input", control="File"),
             PlanStep(step='Select "Word 2007–365 (.docx)" in the File type list', function="click_input",
                      control="Word 2007–365 (.docx)", args={"list": "File type"}),
             PlanStep(step="Click Save", function="click_input", control="Save")]


def _after(location, filter_):
    return BEFORE.model_copy(update={"location": location, "filter": filter_})


def test_word_file_is_success():
    after = _after("file:///tmp/w/episodes/Quartz17.docx", "MS Word 2007 XML")
    assert decision(judge("Save as a Microsoft office file", PICK_WORD, BEFORE, after, True)) == "success"


def test_format_kept_is_failure():
    after = _after("file:///tmp/w/episodes/Quartz17.odt", "writer8")
    assert decision(judge("Save as a Microsoft office file", PICK_WORD, BEFORE, after, True)) == "failure"


def test_nothing_saved_is_failure():
    assert decision(judge("Save as a Microsoft office file", PICK_WORD, BEFORE, BEFORE, True)) == "failure"


def test_other_formats_need_another_non_odf_filter():
    steps = [PlanStep(step='Select "Rich Text (.rtf)"', function="click_input", control="Rich Text (.rtf)", args={"list": "File type"})]
    assert decision(judge("Save documents in other formats", steps, BEFORE,
                          _after("file:///tmp/w/episodes/Harbor60.rtf", "Rich Text Format"), True)) == "success"
    assert decision(judge("Save documents in other formats", steps, BEFORE,
                          _after("file:///tmp/w/episodes/Harbor60.odt", "writer8"), True)) == "failure"


def test_html_page():
    steps = [PlanStep(step="x", function="click_input", control="HTML Document (Writer) (.html)", args={"list": "File type"})]
    assert decision(judge("Create an HTML page from your LibreOffice document", steps, BEFORE,
                          _after("file:///tmp/w/episodes/Summit10.html", "HTML (StarWriter)"), True)) == "success"


def test_location_alone_is_no_change_for_other_requests():
    """A Ctrl+S in another task (or a state that moved) is not a change of the document's content."""
    steps = [PlanStep(step="Press Ctrl+S", function="keyboard_input", control="<document>", args={"keys": "^s"})]
    after = _after("file:///tmp/w/episodes/other.odt", "writer8")
    assert decision(judge("Insert a bookmark", steps, BEFORE, after, True)) == "failure"
