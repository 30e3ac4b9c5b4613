"""An entry of a closed drop-down list, live: the Table of Contents dialog's Type list is an
unnamed toggle button (the observer names it "Type list") whose entries show only once opened.
The compiled plan names the list; the heuristic expert opens it, then clicks the entry, and the
environment chooses it from the popup (grab_focus + Enter: the cell's "activate" action only
closed the popup). The document then holds an alphabetical index."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import execute, help_task
from lamkit.dataflow.help.inventory import load
from lamkit.schema import Source, TaskPlan

pytestmark = pytest.mark.writer


def test_an_entry_of_a_closed_drop_down_is_chosen(sample_docx, tmp_path):
    tp = TaskPlan(id="alpha", app="writer", task="Insert an alphabetical index", source=Source(path="swriter/01/04120250.html"),
                  plan=["Choose Insert - Table of Contents and Index - Table of Contents, Index or Bibliography.",
                        'Select "Alphabetical Index" in the Type box.', "Click OK."])
    compiled = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew")).compile(tp)
    assert compiled.complete, compiled.failures
    assert compiled.steps[3].args == {"list": "Type"}
    (rec,) = execute([(help_task(tp, compiled, str(sample_docx)), tp)], tmp_path)
    assert rec.executed_to_end, rec.why_not
    msgs = [s.message for s in rec.steps]
    assert msgs[3].startswith("clicked toggle button") and "chose table cell 'Alphabetical Index'" in msgs[4], msgs
    assert all("list" not in s.args for s in rec.steps)
    assert rec.before.indexes == [] and rec.after.indexes == ["DocumentIndex"]
