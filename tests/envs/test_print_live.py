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
