"""A menu's check entry and the profile settings, live (swriter/guide/auto_numbering.html: "Choose
Tools - AutoCorrect, and ensure that While Typing is selected").

Episode 1 wants the entry off: the expert sees it checked (on by default) and clicks it; the state
reads the setting off afterwards (``DocState.options``, read through the configuration provider).
Episode 2, in the same environment, wants it on: the reset wrote the setting back as the first reset
found it (on), so the expert finds the entry already checked and closes the two open menus with
Escape instead of clicking; no menu entry shows afterwards and the setting is still on."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import help_task, run_one
from lamkit.dataflow.help.inventory import load
from lamkit.schema import Source, TaskPlan

pytestmark = pytest.mark.writer


def _plan(state: str) -> TaskPlan:
    return TaskPlan(id=f"while-typing-{state.replace(' ', '-')}", app="writer", task="Enable automatic numbering and bullet",
                    source=Source(path="swriter/guide/auto_numbering.html"),
                    plan=[f"Choose Tools - AutoCorrect, and ensure that While Typing is {state}."])


def test_a_menu_check_entry_both_ways(sample_docx):
    from lamkit.envs.base import make_env

    comp = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"))
    off, on = comp.compile(_plan("not selected")), comp.compile(_plan("selected"))
    assert off.complete and on.complete, (off.failures, on.failures)
    env = make_env()
    try:
        rec1, _ = run_one(env, help_task(_plan("not selected"), off, str(sample_docx)), _plan("not selected"))
        rec2, _ = run_one(env, help_task(_plan("selected"), on, str(sample_docx)), _plan("selected"))
        shown = {c.name for c in env.observe().controls}
    finally:
        env.close()
    assert [s.message for s in rec1.steps][:3] == ["clicked menu 'Tools'", "clicked menu 'AutoCorrect'",
                                                   "clicked check menu item 'While Typing'"], [s.message for s in rec1.steps]
    assert rec1.before.options["autoformat_while_typing"] is True
    assert rec1.after.options["autoformat_while_typing"] is False
    assert rec2.before.options["autoformat_while_typing"] is True  # written back at the reset
    assert [s.function for s in rec2.steps][:3] == ["click_input", "click_input", "keyboard_input"]
    assert rec2.steps[2].args["keys"] == "{ESC}{ESC}"
    assert rec2.after.options["autoformat_while_typing"] is True
    assert "While Typing" not in shown and "AutoCorrect Options..." not in shown
