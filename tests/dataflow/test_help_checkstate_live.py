"""A check box that is on by default, live: swriter/guide/table_repeat_multiple_headers.html's
"Select the Heading and the Repeat heading rows on new pages check boxes" in Table - Insert Table.
Measured in this Writer: Heading is off when the dialog opens, "Repeat heading rows on new pages"
is on (greyed until Heading is on). The compiled steps carry the state the help wants
(``args["check"]: True``); the heuristic expert clicks Heading (observed unchecked), sees the
Repeat box checked (the observer's "checked" state) and leaves it alone, then clicks Insert.
Before, both were plain clicks: the second switched the repeat off. The inserted table repeats
its heading row (UNO: RepeatHeadline, HeaderRowCount)."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import help_task, run_one
from lamkit.dataflow.help.inventory import load
from lamkit.schema import Source, TaskPlan

pytestmark = pytest.mark.writer

READ_HEADING = """
t = doc.getTextTables()
last = t.getByIndex(t.getCount() - 1) if t.getCount() else None
result = None if last is None else [bool(last.RepeatHeadline), int(last.HeaderRowCount)]
"""


def test_a_box_on_by_default_is_left_on(sample_docx):
    from lamkit.envs.base import make_env

    tp = TaskPlan(id="heading", app="writer", task="Repeat a table heading on a new page",
                  source=Source(path="swriter/guide/table_repeat_multiple_headers.html"),
                  plan=["Choose Table - Insert Table.", "Select the Heading and the Repeat heading rows on new pages check boxes.",
                        "Select the number of rows and columns for the table.", "Click OK."])
    compiled = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew")).compile(tp)
    assert compiled.complete, compiled.failures
    assert [s.args for s in compiled.steps[2:4]] == [{"check": True}, {"check": True}]
    env = make_env()
    try:
        rec, traj = run_one(env, help_task(tp, compiled, str(sample_docx)), tp)
        heading = env.run_uno(READ_HEADING)
    finally:
        env.close()
    assert rec.executed_to_end, rec.why_not
    msgs = [s.message for s in rec.steps]
    # Table, Insert Table..., Heading, Insert, finish: the repeat box was observed checked and not clicked
    assert msgs == ["clicked menu 'Table'", "clicked menu item 'Insert Table...'", "clicked check box 'Heading'",
                    "clicked push button 'Insert'", "finished"], msgs
    assert all("check" not in s.args for s in rec.steps)
    boxes = {c.name: c for c in traj.steps[3].observation.controls if c.role == "check box"}
    assert "checked" in boxes["Heading"].states and "checked" in boxes["Repeat heading rows on new pages"].states
    assert len(rec.after.tables) == len(rec.before.tables) + 1
    assert heading == [True, 1]
