"""One help procedure, end to end: compiled from the help's own sentences, executed by the
heuristic expert in live Writer (Xvfb + soffice), judged by the state-diff judge.

The procedure is swriter/guide/text_capital.html's "Capitalize text", as harvested; a second
one whose step names a control that is not there checks that such an episode ends as a
recorded failure and not a crash.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import execute, help_task, load_records, pending
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.state_diff import decision
from lamkit.schema import Source, TaskPlan


@pytest.fixture(scope="module")
def compiler() -> Compiler:
    return Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"))


def test_help_procedure_compiled_executed_and_judged(compiler, sample_docx, tmp_path):
    good = TaskPlan(id="capitalize", app="writer", task="Capitalize text", source=Source(path="swriter/guide/text_capital.html"),
                    plan=["Select the text that you want to capitalize.", "Choose Format - Text - Uppercase."])
    bad = TaskPlan(id="missing", app="writer", task="Make text bold", source=Source(path="made-up.html"),
                   plan=["Select the text.", "Click the Emboldener button."])  # a control Writer does not have
    items = []
    for tp in (good, bad):
        compiled = compiler.compile(tp)
        assert compiled.complete, compiled.failures
        items.append((help_task(tp, compiled, str(sample_docx)), tp))

    records = execute(items, tmp_path)
    by_id = {r.task_id: r for r in records}
    ok = by_id["help-capitalize"]
    assert ok.executed_to_end and decision(ok.verdict) == "success", ok.verdict.reason
    assert "SALES" in ok.after.text and "Sales" in ok.before.text  # what the judge read, from the document model
    assert "case" in ok.verdict.reason

    miss = by_id["help-missing"]
    assert not miss.executed_to_end and decision(miss.verdict) == "failure"
    assert "Emboldener" in miss.why_not

    # resumable: a rerun runs nothing and duplicates nothing
    again = execute(items, tmp_path, env_factory=lambda: pytest.fail("a rerun must not start Writer"))
    assert [r.task_id for r in again] == [r.task_id for r in records] == [r.task_id for r in load_records(tmp_path)]
    # a task whose compiled plan changed since is pending again; the others are not
    changed = items[0][0].model_copy(update={"plan": items[0][0].plan[1:]})
    assert [t.id for t, _ in pending([(changed, good), items[1]], tmp_path)] == ["help-capitalize"]
