"""The heuristic expert reaches a child page of Tools - Options whose name the tree shows twice
("General" under LibreOffice and under Load/Save) in real Writer: the environment's click selects
and expands Load/Save, and the expert grounds "General" to the entry after it
(lamkit/agent/heuristic.py ``_tree_child``; the hand-made observations are in
tests/agent/test_heuristic_tree.py). About 10 s with Writer's start, so CI runs it."""

from __future__ import annotations

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.envs.writer import WriterEnv
from lamkit.envs.writer.paths import is_dialog_path
from lamkit.schema import Action, PlanStep, Step, Task

pytestmark = pytest.mark.writer

PLAN = [PlanStep(step="Click Tools", function="click_input", control="Tools"),
        PlanStep(step="Click Options...", function="click_input", control="Options..."),
        PlanStep(step="Click Load/Save", function="click_input", control="Load/Save"),
        PlanStep(step="Click General", function="click_input", control="General")]


def test_options_tree_child_page_is_reached(sample_docx):
    task = Task(id="t", request="Create a backup file every time you save a document", template=str(sample_docx), plan=PLAN)
    env = WriterEnv()
    try:
        obs = env.reset(task)
        pol = HeuristicExpert()
        pol.reset(task)
        history: list[Step] = []
        for i in range(len(PLAN)):
            d = pol.act(task, obs, history)
            assert d.error is None, d.error
            action = Action(function=d.answer.function, args=d.answer.args)
            r = env.step(action)
            assert r.ok, r.message
            history.append(Step(index=i, observation=obs, action=action, result=r))
            obs = env.observe()
        names = {c.name for c in obs.controls if is_dialog_path(c.path)}
        assert "Always create backup copy" in names, sorted(names)
        cancel = next(c for c in obs.controls if c.name == "Cancel" and is_dialog_path(c.path))
        assert env.step(Action(function="click_input", args={"control_label": cancel.label})).ok
    finally:
        env.close()
