"""The agent loop's own rules, on a FAKE environment (tests/fakes.py): no Writer, well under a second.

What the loop does with a real LibreOffice is tested in tests/agent/test_agent_live.py; here
only its logic: a finished episode, the step limit, a policy error, a refused risky key.
"""

from __future__ import annotations

import time

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.agent.loop import MAX_REFUSALS_IN_A_ROW, run_episode
from lamkit.agent.policy import Decision
from lamkit.agent.prompting import ModelAnswer
from lamkit.agent.safety import SafetyGate
from lamkit.dataflow.checkers import evaluate
from lamkit.dataflow.families import FAMILIES, FINISH
from lamkit.envs.base import Environment
from lamkit.schema import Observation, Step, Task
from tests.fakes import FakeWriterEnv

WORD = "Sales"


def bold_task() -> Task:
    """The real bold family's plan and checker, on the word WORD."""
    fam = next(f for f in FAMILIES if f.name == "bold")
    p = {"word": WORD}
    return Task(id="fake-bold", request=f'Make "{WORD}" bold.', template="fake.docx",
                plan=fam.plan(p) + [FINISH], checker=fam.checker(p), family="bold")


class Scripted:
    """A policy that gives the same answer (or error) at every step."""

    name = "scripted"

    def __init__(self, answer: ModelAnswer | None = None, error: str | None = None):
        self.answer, self.error, self.calls = answer, error, 0

    def reset(self, task: Task) -> None:
        self.calls = 0

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        self.calls += 1
        return Decision(answer=self.answer, error=self.error)


@pytest.fixture
def env():
    e = FakeWriterEnv()
    yield e
    e.close()


def test_fake_implements_the_environment_protocol(env):
    assert isinstance(env, Environment)


def test_heuristic_expert_finishes_a_bold_task_and_the_checker_passes(env):
    task = bold_task()
    before = FakeWriterEnv()
    before.reset(task)
    assert not evaluate(task.checker, before.state()).success  # the untouched document fails

    t0 = time.monotonic()
    traj = run_episode(env, task, HeuristicExpert())
    assert time.monotonic() - t0 < 1.0

    assert [s.action.function for s in traj.steps] == ["select_text", "click_input", "finish"]
    assert traj.steps[-1].status == "FINISH"
    assert all(s.result is not None and s.result.ok for s in traj.steps)
    runs = env.state().paragraphs[1].runs
    assert [(r.text, r.bold) for r in runs] == [(WORD, True), (" grew by ten percent in the north region.", False)]
    verdict = evaluate(task.checker, env.state())
    assert verdict.success, verdict.reason
    assert traj.policy == "heuristic" and "fake" in traj.env_info["app"]
    # the episode's time, split: opening the document, reading the screen after each of the two
    # steps that did not finish, and the steps themselves (decision + grounding + execution)
    t = traj.timings
    assert set(t) == {"episode_s", "reset_s", "observe_s"}
    assert 0 <= t["reset_s"] and 0 <= t["observe_s"]
    assert t["reset_s"] + t["observe_s"] + sum(s.latency_s for s in traj.steps) <= t["episode_s"] + 1e-6


def test_step_limit_ends_an_episode_that_never_finishes(env):
    click_italic = ModelAnswer(function="click_input", args={"control_label": "Italic"}, status="CONTINUE")
    policy = Scripted(answer=click_italic)
    traj = run_episode(env, bold_task(), policy, max_steps=3)
    assert len(traj.steps) == 3 and policy.calls == 3
    assert len(env.executed) == 3
    # grounding turned the stable name "Italic" into the fake's live label
    assert all(a.args["control_label"] == "3" for a in env.executed)
    assert all(s.status == "CONTINUE" for s in traj.steps)


def test_a_policy_error_ends_the_episode_cleanly(env):
    traj = run_episode(env, bold_task(), Scripted(error="the model wrote no JSON"), max_steps=5)
    assert len(traj.steps) == 1
    step = traj.steps[0]
    assert step.status == "FINISH" and step.action.function == "finish"
    assert step.result is not None and not step.result.ok
    assert step.result.message == "policy error: the model wrote no JSON"
    assert env.executed == []  # nothing ran
    assert traj.verdict is None  # left to the caller's checker, not voided


def test_safety_gate_refuses_a_risky_key_before_it_runs(env):
    quit_keys = ModelAnswer(function="keyboard_input", args={"control_label": "Document", "keys": "^q"},
                            status="CONTINUE")
    gate = SafetyGate()
    traj = run_episode(env, bold_task(), Scripted(answer=quit_keys), max_steps=10, gate=gate)
    assert env.executed == []  # Ctrl+Q never reached the application
    assert len(traj.steps) == MAX_REFUSALS_IN_A_ROW  # two refusals in a row end the episode
    for s in traj.steps:
        assert s.result is not None and not s.result.ok
        assert "refused a risky action" in s.result.message and "quits LibreOffice" in s.result.message
    assert len(gate.refused) == MAX_REFUSALS_IN_A_ROW


def test_an_allowed_risky_key_reaches_the_environment(env):
    """The counterpart: with --allow-risky the same answer runs (the fake then reports it cannot)."""
    quit_keys = ModelAnswer(function="keyboard_input", args={"control_label": "Document", "keys": "^q"},
                            status="FINISH")
    traj = run_episode(env, bold_task(), Scripted(answer=quit_keys), gate=SafetyGate(allow_risky=True))
    assert [a.function for a in env.executed] == ["keyboard_input"]
    assert len(traj.steps) == 1
