"""The state-diff judge on the help's references document (issue 14): an index entry edited
(Edit - Reference - Index Entry, a different text in the Entry box) changes the entry's text, not
the number of entries, so the reader's ``index_entries`` is what shows it; an entry deleted shows
in both. States as recorded live on templates.build_help_references' document (the facets that
matter, cut down); an older state without ``index_entries`` never makes an edit a success."""

from __future__ import annotations

from lamkit.dataflow import state_diff
from lamkit.schema import DocState, ParagraphState, PlanStep

REQUEST = "Edit or delete index and table entries"  # swriter/guide/indices_delete.html
PLAN = [PlanStep(step="Click Index Entry...", function="click_input", control="Index Entry...")]
TEXT = "Budget overview\nSummary of costs\nCosts remained stable despite higher coffee prices."


def _doc(**kw) -> DocState:
    return DocState(reader=2, text=TEXT, paragraphs=[ParagraphState(text=t) for t in TEXT.split("\n")],
                    indexes=["ContentIndex", "DocumentIndex"], **kw)


def test_an_index_entry_edited_or_deleted_is_the_index_change_asked_for():
    before = _doc(index_marks=1, index_entries=["Costs"])
    edited = _doc(index_marks=1, index_entries=["Orion note 62"])
    deleted = _doc(index_marks=0, index_entries=[])
    assert [c.kind for c in state_diff.diff(before, edited)] == ["index"]
    for after in (edited, deleted):
        assert state_diff.decision(state_diff.judge(REQUEST, PLAN, before, after, True)) == "success"
    # nothing changed (the dialog closed with the entry as it was): refuted
    assert state_diff.decision(state_diff.judge(REQUEST, PLAN, before, before, True)) == "failure"


def test_a_state_without_entry_texts_does_not_show_an_edit():
    """Before the reader read ``index_entries`` an edit left the state as it was: never a success."""
    old = _doc(index_marks=1)
    assert state_diff.decision(state_diff.judge(REQUEST, PLAN, old, old, True)) != "success"
