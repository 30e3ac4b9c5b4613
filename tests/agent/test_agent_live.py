"""The agent loop and `lamkit agent run` in real Writer: gate, grounding, saving, clean failure."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from lamkit.agent.loop import run_episode
from lamkit.agent.policy import Decision
from lamkit.agent.prompting import ModelAnswer
from lamkit.agent.safety import SafetyGate
from lamkit.cli import app
from lamkit.dataflow.checkers import evaluate
from lamkit.dataflow.families import BY_NAME
from lamkit.dataflow.templates import build_catalog
from lamkit.envs.writer import WriterEnv
from lamkit.jsonl import write_jsonl

pytestmark = pytest.mark.writer


class Scripted:
    """A policy that answers from a fixed list (names a control by its name, not its label)."""

    name = "scripted"

    def __init__(self, answers):
        self.answers, self.i = answers, 0

    def reset(self, task):
        self.i = 0

    def act(self, task, observation, history):
        a = self.answers[min(self.i, len(self.answers) - 1)]
        self.i += 1
        return Decision(answer=a) if isinstance(a, ModelAnswer) else Decision(error=a)


@pytest.fixture(scope="module")
def env():
    with WriterEnv() as e:
        yield e


@pytest.fixture(scope="module")
def bold_task(tmp_path_factory):
    catalog = build_catalog(tmp_path_factory.mktemp("tpl"), per_kind=1)
    tpl = next(t for t in catalog if t.kind != "table")
    return BY_NAME["bold"].make_task(tpl, random.Random(3))


def test_loop_grounds_names_refuses_risky_steps_and_finishes(env, bold_task):
    word = bold_task.params.get("word") or bold_task.plan[0].args["text"]
    answers = [
        ModelAnswer(function="click_input", args={"control_label": "No Such Button"}),  # grounding fails, loop goes on
        ModelAnswer(function="keyboard_input", args={"control_label": "1", "keys": "^q"}),  # risky: refused
        ModelAnswer(function="select_text", args={"control_label": "<document>", "text": word}),
        ModelAnswer(function="click_input", args={"control_label": "Bold"}),  # a name: grounded to its label
        ModelAnswer(function="finish", status="FINISH"),
    ]
    doc_label_policy = Scripted(answers)

    # <document> is the heuristic's name for the document; the model-facing label is looked up here
    orig_act = doc_label_policy.act

    def act(task, obs, history):
        d = orig_act(task, obs, history)
        if d.answer and d.answer.args.get("control_label") == "<document>":
            doc = next(c for c in obs.controls if c.role == "document text")
            d.answer.args["control_label"] = doc.label
        return d

    doc_label_policy.act = act
    gate = SafetyGate()
    traj = run_episode(env, bold_task, doc_label_policy, max_steps=8, gate=gate)
    msgs = [s.result.message for s in traj.steps]
    assert len(traj.steps) == 5, msgs
    assert not traj.steps[0].result.ok and "No Such Button" in msgs[0] and "nearest" in msgs[0]
    assert not traj.steps[1].result.ok and "risky" in msgs[1]
    assert traj.steps[3].result.ok and traj.steps[3].action.args["control_label"] != "Bold"
    assert traj.steps[-1].status == "FINISH"
    assert evaluate(bold_task.checker, env.state()).success
    assert env.info()  # Writer survived the refused Ctrl+Q


def test_two_refusals_in_a_row_end_the_episode_and_policy_errors_end_it_cleanly(env, bold_task):
    risky = ModelAnswer(function="keyboard_input", args={"control_label": "1", "keys": "^w"})
    traj = run_episode(env, bold_task, Scripted([risky, risky, risky]), max_steps=6)
    assert len(traj.steps) == 2 and all("risky" in s.result.message for s in traj.steps)
    traj = run_episode(env, bold_task, Scripted(["unparsable answer: no JSON object"]), max_steps=6)
    assert len(traj.steps) == 1 and "policy error" in traj.steps[0].result.message
    assert traj.steps[0].status == "FINISH" and not traj.steps[0].result.ok


def test_agent_run_cli_with_the_expert_saves_trajectory_screens_and_document(bold_task, tmp_path):
    tasks = tmp_path / "tasks.jsonl"
    write_jsonl(tasks, [bold_task])
    save = tmp_path / "run"
    r = CliRunner().invoke(app, ["agent", "run", "--task", str(tasks), "--policy", "heuristic", "--save", str(save)])
    assert r.exit_code == 0, r.output
    assert "success" in r.output
    traj = json.loads((save / "trajectory.json").read_text())
    assert traj["verdict"]["success"] and traj["steps"][-1]["status"] == "FINISH"
    shots = sorted((save / "screens").glob("*.png"))
    assert len(shots) >= len(traj["steps"]) and all(s["observation"]["screenshot"] for s in traj["steps"])
    assert any(save.glob("result.*"))


def test_agent_run_cli_bad_input_is_one_clear_line(tmp_path):
    from lamkit.cli import main

    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        assert main(["agent", "run", "Make it bold", "--doc", str(tmp_path / "missing.odt"), "--policy", "heuristic"]) == 2
    assert main(["agent", "run", "Make it bold", "--doc", str(tmp_path / "missing.odt")]) == 2
    assert main(["agent", "run", "--task", str(tmp_path / "none.jsonl"), "--policy", "heuristic"]) == 2
    t = tmp_path / "x.docx"
    t.write_bytes(b"")
    assert main(["agent", "run", "Make it bold", "--doc", str(t), "--policy", "heuristic"]) == 2  # no plan for the expert
    assert main(["agent", "run", "Make it bold", "--doc", str(t), "--model", str(tmp_path / "nope")]) == 2


def test_a_risky_control_named_by_its_stable_name_is_grounded_then_refused(env, bold_task):
    """The gate judges the live control: answering "Print" (a name, not a label) must not
    slip past it. Each step also keeps how many invalid answers its decision needed."""
    from lamkit.agent.candidates import stable_name
    from lamkit.agent.safety import risk_of
    from lamkit.schema import Action

    seen = {}

    class RiskyByName(Scripted):
        def act(self, task, obs, history):
            c = next(c for c in obs.controls
                     if stable_name(c) and risk_of(Action(function="click_input", args={"control_label": c.label}), obs))
            seen["name"], seen["label"] = stable_name(c), c.label
            a = ModelAnswer(function="click_input", args={"control_label": stable_name(c)})
            return Decision(answer=a, invalid=2, label_of={stable_name(c): c.label})

    gate = SafetyGate()
    traj = run_episode(env, bold_task, RiskyByName([]), max_steps=4, gate=gate)
    assert not seen["name"].isdigit()
    assert len(traj.steps) == 2  # two refusals in a row end the episode
    for s in traj.steps:
        assert not s.result.ok and "risky" in s.result.message, s.result.message
        assert s.action.args["control_label"] == seen["label"]  # grounded before the gate
        assert s.invalid_answers == 2
    assert len(gate.refused) == 2
    assert env.info()
