"""The references document live (templates.build_help_references, issue 14): two real help
procedures compiled on it, executed by the heuristic expert in Writer and judged by the state
diff. swriter/guide/chapter_numbering.html: the heading's text selected, Home (which in a heading
numbered by the outline style stops after the number), Backspace: the number is gone, the text,
the style and the outline level stay. swriter/guide/indices_delete.html: the cursor in front of
the index entry, Edit - Reference - Index Entry..., Delete: the entry is gone. Both judged success."""

from __future__ import annotations

import pytest

from lamkit.dataflow import state_diff
from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import help_task, run_one
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.templates import HELP_REFERENCES, build_help_references
from lamkit.schema import Source, TaskPlan

pytestmark = pytest.mark.writer

NUMBERING = TaskPlan(id="chapter-numbering", app="writer", task="Remove automatic chapter numbering from a heading paragraph",
                     source=Source(path="swriter/guide/chapter_numbering.html"),
                     plan=["Click at the beginning of the text in the heading paragraph, after the number.",
                           "Press the Backspace key to delete the number."])
ENTRY = TaskPlan(id="index-entry", app="writer", task="Edit or delete index and table entries",
                 source=Source(path="swriter/guide/indices_delete.html"),
                 plan=["Place the cursor immediately in front of the index entry in your document.",
                       "Choose Edit - Reference - Index Entry..., and: To remove the entry, click Delete."])


def test_a_heading_number_and_an_index_entry_removed_live(tmp_path):
    from lamkit.envs.base import make_env

    tpl = build_help_references(tmp_path / "templates")
    comp = Compiler(load("writer"), Target.of(tpl))
    env = make_env()
    try:
        recs = []
        for tp in (NUMBERING, ENTRY):
            compiled = comp.compile(tp)
            assert compiled.complete, compiled.failures
            recs.append(run_one(env, help_task(tp, compiled, tpl.path), tp)[0])
    finally:
        env.close()
    for rec in recs:
        assert rec.executed_to_end, rec.why_not
        assert state_diff.decision(rec.verdict) == "success", rec.verdict.reason
    heading = HELP_REFERENCES["heading"]
    before, after = ([p for p in s.paragraphs if p.text == heading][0] for s in (recs[0].before, recs[0].after))
    assert (before.list_type, after.list_type) == ("number", None)
    assert (after.style, after.outline_level) == ("Heading 1", 1) and recs[0].after.text == recs[0].before.text
    assert (recs[1].before.index_entries, recs[1].after.index_entries) == (["Costs"], [])
    assert recs[1].after.text == recs[1].before.text
