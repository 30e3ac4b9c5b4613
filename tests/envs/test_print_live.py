"""File - Print in the real Writer environment (no mocks): the profile's "Print to file" printer
is the default, the dialog's More sections show the options the help names, the job lands in the
stack's print folder and env.state() reads it; the next reset forgets it."""

from __future__ import annotations

import time

import pytest

from lamkit.envs.writer import WriterEnv
from lamkit.schema import Action, Task

pytestmark = pytest.mark.writer


def click(env, name, role=None):
    obs = env.observe()
    # the last of the name: the dialog's Print button, not the toolbar's behind it
    c = [c for c in obs.controls if c.name == name and (role is None or c.role == role)][-1]
    assert env.step(Action(function="click_input", args={"control_label": c.label})).ok
    time.sleep(1)


def test_print_writes_a_job_the_state_reads(sample_docx):
    with WriterEnv() as env:
        task = Task(id="t", request="print", template=str(sample_docx))
        env.reset(task)
        assert env.state().printed.jobs == 0
        click(env, "File", "menu")
        click(env, "Print...", "menu item")
        names = {c.name for c in env.observe().controls}
        assert {"Print in reverse order", "Pages per sheet:", "Brochure"} <= names  # the More sections are open
        click(env, "Print", "push button")
        for _ in range(20):
            job = env.state().printed
            if job.jobs:
                break
            time.sleep(0.5)
        assert job.jobs == 1 and job.sheets == env.state().page_count and job.texts[0]
        env.reset(task)
        assert env.state().printed.jobs == 0


def test_the_next_print_finds_the_general_tab_options(sample_docx):
    """The Print dialog reopens on the tab used last in the same soffice run (vcl keeps
    "LastPage" in memory; a reset cannot restore it): after a print from the LibreOffice Writer
    tab, the General tab's options are not showing, and the heuristic expert turns to the tab
    that shows the control its step names."""
    from lamkit.agent.heuristic import HeuristicExpert
    from lamkit.schema import PlanStep

    step = PlanStep(step="Select Print in reverse order", function="click_input", control="Print in reverse order", args={"check": True})
    task = Task(id="t", request="print", template=str(sample_docx), plan=[step])
    with WriterEnv() as env:
        env.reset(task)
        click(env, "File", "menu")
        click(env, "Print...", "menu item")
        click(env, "LibreOffice Writer", "page tab")
        click(env, "Print", "push button")
        env.reset(task)
        click(env, "File", "menu")
        click(env, "Print...", "menu item")
        obs = env.observe()
        assert "Print in reverse order" not in {c.name for c in obs.controls}  # reopened on the LibreOffice Writer tab
        pol = HeuristicExpert()
        pol.reset(task)
        d = pol.act(task, obs, [])
        tab = obs.control(d.answer.args["control_label"])
        assert (tab.role, tab.name) == ("page tab", "General")
        assert env.step(Action(function="click_input", args=d.answer.args)).ok
        time.sleep(1)
        now = env.observe()
        assert ("text", "Pages") in {(c.role, c.name) for c in now.controls}  # the range entry, named after its option
        d = pol.act(task, now, [])
        assert now.control(d.answer.args["control_label"]).name == "Print in reverse order"
