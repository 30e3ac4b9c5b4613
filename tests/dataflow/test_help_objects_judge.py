"""The state-diff judge on the help's object document (issue 14): objects the document always
held are no change, and a request whose change the state cannot show (an object's wrap) is not
refuted by an unchanged document."""

from __future__ import annotations

from lamkit.dataflow import state_diff
from lamkit.schema import DocState, ObjectState, PageState, PlanStep


def _doc(**kw) -> DocState:
    return DocState(reader=2, text="Budget overview", page=PageState(header_on=True, header_text="Budget office internal"),
                    objects=[ObjectState(kind="frame", name="Frame1"), ObjectState(kind="image", name="Image1")],
                    footnotes=1, endnotes=1, sections=["Section1"], bookmarks=["Checkpoint"], **kw)


def test_objects_present_before_and_after_are_no_change():
    assert state_diff.diff(_doc(), _doc()) == []
    removed = _doc().model_copy(update={"footnotes": 0})
    assert [c.kind for c in state_diff.diff(_doc(), removed)] == ["footnote"]
    v = state_diff.judge("Remove a footnote", [], _doc(), removed, True)
    assert state_diff.decision(v) == "success"


def test_an_unchanged_document_does_not_refute_what_the_state_cannot_show():
    plan = [PlanStep(step="Click Wrap", function="click_input", control="Wrap")]
    v = state_diff.judge("Wrap text around an object", plan, _doc(), _doc(), True)
    assert state_diff.decision(v) == "unsure"
    # a kind the state shows, unchanged, still refutes
    assert state_diff.decision(state_diff.judge("Insert an image", plan, _doc(), _doc(), True)) == "failure"
