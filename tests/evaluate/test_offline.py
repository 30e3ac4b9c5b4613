"""Offline evaluation on hand-built expert trajectories: the expert, a scripted policy, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.agent.policy import Decision
from lamkit.agent.prompting import ModelAnswer
from lamkit.cli import app, main
from lamkit.dataflow.runner import ExecutionRecord
from lamkit.errors import DataError
from lamkit.evaluate.offline import evaluate_offline, load_test_trajectories, sample_trajectories
from lamkit.jsonl import append_jsonl, write_jsonl
from lamkit.schema import Action, Control, Observation, PlanStep, Step, StepResult, Task, Trajectory, Verdict

TOOLBAR = [
    Control(label="1", role="push button", name="Bold", path="0:1"),
    Control(label="2", role="push button", name="Italic", path="0:2"),
    Control(label="3", role="menu", name="Format", path="0:3"),
    Control(label="4", role="document text", name="", path="0:4"),
    Control(label="5", role="push button", name="Bold", path="0:9"),  # Bold again, on another toolbar
]
MENU_OPEN = TOOLBAR + [
    Control(label="6", role="menu item", name="Character...", path="0:3:1"),
    Control(label="7", role="menu item", name="Paragraph...", path="0:3:2"),
]


def make_task(tid: str, family: str, split: str, plan: list[tuple[str, str | None]]) -> Task:
    return Task(id=tid, request=f"request {tid}", template="t.docx", family=family, split=split,
                plan=[PlanStep(step=f"{fn} {ctl}", function=fn, control=ctl) for fn, ctl in plan])


def expert_trajectory(task: Task, observations: list[Observation], success: bool = True) -> Trajectory:
    """What the agent loop records when the heuristic expert runs ``task`` (the app faked by
    a list of screens): one step a plan step, then finish."""
    pol = HeuristicExpert()
    pol.reset(task)
    steps: list[Step] = []
    for i, obs in enumerate(observations):
        d = pol.act(task, obs, steps)
        a = d.answer
        steps.append(Step(index=i, observation=obs, thought=a.thought, action=Action(function=a.function, args=a.args),
                          status="FINISH" if a.function == "finish" else a.status, plan=a.plan,
                          result=StepResult(ok=True), latency_s=0.1))
        if a.function == "finish":
            break
    return Trajectory(task=task, steps=steps, policy="heuristic", verdict=Verdict(success=success),
                      timings={"episode_s": 1.0})


def gold_set() -> list[Trajectory]:
    tb, mo = Observation(controls=TOOLBAR), Observation(controls=MENU_OPEN)
    t1 = make_task("t1", "bold", "test", [("click_input", "Bold"), ("click_input", "Italic")])
    t2 = make_task("t2", "paragraph", "test", [("click_input", "Format"), ("click_input", "Paragraph...")])
    t3 = make_task("t3", "bold", "test", [("click_input", "Bold")])
    return [expert_trajectory(t1, [tb, tb, tb]), expert_trajectory(t2, [tb, mo, tb]), expert_trajectory(t3, [tb, tb])]


def test_gold_trajectories_are_what_the_expert_did():
    g = gold_set()
    assert [len(t.steps) for t in g] == [3, 3, 2]
    assert [s.action.function for s in g[1].steps] == ["click_input", "click_input", "finish"]
    assert g[1].steps[1].action.args["control_label"] == "7"
    assert g[0].steps[0].plan == ["click_input Italic"] and g[0].steps[2].status == "FINISH"


def test_heuristic_expert_scores_perfectly_on_its_own_trajectories():
    seen = []
    m, scores = evaluate_offline(gold_set(), HeuristicExpert(), name="expert", on_step=lambda s, d, n: seen.append((d, n)))
    assert (m.policy, m.tasks, m.steps) == ("expert", 3, 8)
    for v in (m.object_acc, m.operation_acc, m.status_acc, m.step_success_rate, m.task_success_rate):
        assert v == 1.0
    assert m.parse_failures == 0 and len(scores) == 8
    assert seen[-1] == (8, 8)
    assert m.by_family["bold"].tasks == 2 and m.by_family["paragraph"].task_success_rate == 1.0


class Scripted:
    """Answers each step with the gold action, except: a wrong control on t1's step 1 and an
    exception on t2's step 2. Records the history and plan it was given."""

    name = "scripted"

    def __init__(self, gold: list[Trajectory]):
        self.gold = {t.task.id: t.steps for t in gold}
        self.plan: list[str] = []
        self.calls: list[tuple[str, int, list[str]]] = []

    def reset(self, task: Task) -> None:
        self.plan = ["my own plan"]

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        i = len(history)
        g = self.gold[task.id][i]
        true_inputs = observation == g.observation and history == self.gold[task.id][:i]
        self.calls.append((task.id, i, list(self.plan), true_inputs))
        if (task.id, i) == ("t2", 2):
            raise RuntimeError("model server went away")
        args = dict(g.action.args)
        if (task.id, i) == ("t1", 1):
            args["control_label"] = "4"  # the document instead of Italic
        return Decision(answer=ModelAnswer(function=g.action.function, args=args, status=g.status))


def test_scripted_policy_wrong_on_known_steps_gives_exact_fractions():
    gold = gold_set()
    pol = Scripted(gold)
    m, scores = evaluate_offline(gold, pol)
    assert (m.policy, m.tasks, m.steps) == ("scripted", 3, 8)
    assert m.object_acc == pytest.approx(6 / 8)
    assert m.operation_acc == pytest.approx(7 / 8)
    assert m.status_acc == pytest.approx(7 / 8)
    assert m.step_success_rate == pytest.approx(6 / 8)
    assert m.task_success_rate == pytest.approx(1 / 3)
    assert m.parse_failures == 1
    failed = [(s.task_id, s.step_index) for s in scores if not s.success]
    assert failed == [("t1", 1), ("t2", 2)]
    assert "model server went away" in scores[5].parse_error
    # true memory: the first step keeps the policy's reset plan, later ones get the expert's plan
    assert all(c[3] for c in pol.calls) and len(pol.calls) == 8  # the gold screen and the true history
    by = {(t, i): p for t, i, p, _ in pol.calls}
    assert by[("t1", 0)] == ["my own plan"]
    assert by[("t1", 1)] == gold[0].steps[0].plan == ["click_input Italic"]
    assert by[("t2", 2)] == gold[1].steps[1].plan == []
    assert m.by_family["bold"].task_success_rate == pytest.approx(0.5)
    assert m.by_family["paragraph"].step_success_rate == pytest.approx(2 / 3)


def test_any_policy_with_seek_is_moved_to_each_gold_step_before_acting():
    """Evaluation asks for the capability (a public ``seek(step)``), not the expert's class:
    a plan follower of another class is moved to step i before act(), once per gold step."""

    class Follower:
        name = "follower"

        def __init__(self):
            self.at, self.seen = None, []

        def reset(self, task):
            self.at = None

        def seek(self, step: int) -> None:
            self.at = step

        def act(self, task, observation, history):
            self.seen.append((task.id, self.at, len(history)))
            return Decision(error="only recording")

    pol = Follower()
    evaluate_offline(gold_set(), pol)
    assert pol.seen == [(t.task.id, i, i) for t in gold_set() for i in range(len(t.steps))]


def test_policy_that_returns_an_error_fails_the_step():
    class Broken:
        name = "broken"

        def reset(self, task):
            pass

        def act(self, task, observation, history):
            return Decision(error="unparsable answer: no JSON object")

    m, scores = evaluate_offline(gold_set()[:1], Broken())
    assert m.step_success_rate == 0.0 and m.parse_failures == 3
    assert scores[0].parse_error == "unparsable answer: no JSON object"


# ----------------------------------------------------------------------------- loading
def write_run(folder: Path, trajs: list[Trajectory]) -> Path:
    for t in trajs:
        name = "pass" if t.verdict.success else "fail"
        rec = ExecutionRecord(task_id=t.task.id, task=t.task, trajectory=t, verdict=t.verdict, timings={"execute_s": 1.0})
        append_jsonl(folder / "execution" / f"{name}.jsonl", [rec])
    return folder


def mixed_set() -> list[Trajectory]:
    tb = Observation(controls=TOOLBAR)
    train = expert_trajectory(make_task("tr", "bold", "train", [("click_input", "Bold")]), [tb, tb])
    failed = expert_trajectory(make_task("tf", "bold", "test", [("click_input", "Bold")]), [tb, tb], success=False)
    return gold_set() + [train, failed]


def test_load_from_run_folder_and_trajectory_file(tmp_path):
    run = write_run(tmp_path / "run", mixed_set())
    got = load_test_trajectories([run])
    assert [t.task.id for t in got] == ["t1", "t2", "t3"]
    assert [t.task.id for t in load_test_trajectories(run, split="train")] == ["tr"]
    f = tmp_path / "trajs.jsonl"
    write_jsonl(f, mixed_set() + gold_set())  # duplicates of a task count once
    assert [t.task.id for t in load_test_trajectories([f])] == ["t1", "t2", "t3"]
    # execution records of another verdict file: only the successful ones
    assert [t.task.id for t in load_test_trajectories([run / "execution" / "fail.jsonl", f])] == ["t1", "t2", "t3"]


def test_sample_keeps_the_compound_share_whatever_the_file_order():
    """A collection's file order is the workers' finishing order: here every compound task
    comes first, as 14 of the first 16 did in one run. The first 10 would be all compound;
    the sample has the split's 40% (4 of 10), is the same whatever the input order, and
    takes everything when asked for as many or more (or 0)."""
    tb = Observation(controls=TOOLBAR)
    compound = [expert_trajectory(make_task(f"c{i}", "bold+italic", "test", [("click_input", "Bold")]), [tb, tb])
                for i in range(20)]
    single = [expert_trajectory(make_task(f"s{i}", "bold", "test", [("click_input", "Bold")]), [tb, tb])
              for i in range(30)]
    trajs = compound + single
    got = sample_trajectories(trajs, 10)
    assert len(got) == 10 and sum(t.task.family == "bold+italic" for t in got) == 4
    assert [t.task.id for t in sample_trajectories(list(reversed(trajs)), 10)] == [t.task.id for t in got]
    assert len({t.task.id for t in got}) == 10
    assert sample_trajectories(trajs, 0) == trajs and sample_trajectories(trajs, 80) == trajs


def test_load_errors_name_the_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_test_trajectories([tmp_path / "missing.jsonl"])
    with pytest.raises(DataError, match="execution/pass.jsonl"):
        load_test_trajectories([tmp_path])
    f = tmp_path / "train_only.jsonl"
    write_jsonl(f, [t for t in mixed_set() if t.task.split == "train"])
    with pytest.raises(DataError, match=r"train_only\.jsonl: no successful trajectories with split 'test'.*1 train"):
        load_test_trajectories([f])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"hello": 1}\n')
    with pytest.raises(DataError, match=r"bad\.jsonl: record 1"):
        load_test_trajectories([bad])


# ----------------------------------------------------------------------------- CLI
def test_cli_offline_then_report(tmp_path):
    run = write_run(tmp_path / "run", mixed_set())
    out = tmp_path / "eval" / "offline.json"
    r = CliRunner().invoke(app, ["evaluate", "offline", "--data", str(run), "--policy", "expert=heuristic",
                                 "--policy", "heuristic", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "expert" in r.output and "100.0%" in r.output
    data = json.loads(out.read_text())
    assert set(data["offline"]) == {"expert", "heuristic"}
    assert data["offline"]["expert"]["task_success_rate"] == 1.0 and data["offline"]["expert"]["steps"] == 8
    assert len(data["offline_steps"]["expert"]) == 8 and data["meta"]["trajectories"] == 3
    html = tmp_path / "rep" / "report.html"
    r = CliRunner().invoke(app, ["report", "--inputs", str(out), "--out", str(html)])
    assert r.exit_code == 0, r.output
    assert "object acc" in html.read_text() and "expert" in html.read_text()
    rep = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert rep["offline"]["expert"]["step_success_rate"] == 1.0 and rep["online"] == {}


def one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and "Traceback" not in err
    return err


def test_cli_bad_input_is_one_line(capsys, tmp_path):
    err = one_line_error(capsys, ["evaluate", "offline", "--data", str(tmp_path / "nope.jsonl")])
    assert "nope.jsonl: no such file" in err
    f = tmp_path / "train_only.jsonl"
    write_jsonl(f, [t for t in mixed_set() if t.task.split == "train"])
    err = one_line_error(capsys, ["evaluate", "offline", "--data", str(f)])
    assert "train_only.jsonl" in err and "split 'test'" in err
    err = one_line_error(capsys, ["evaluate", "offline", "--data", str(f), "--checkpoint", "phase2"])
    assert "NAME=VALUE" in err
    err = one_line_error(capsys, ["evaluate", "offline", "--data", str(f), "--checkpoint", f"p2={tmp_path / 'none'}"])
    assert "no such folder" in err
    err = one_line_error(capsys, ["evaluate", "online", "--tasks", str(tmp_path / "tasks.jsonl")])
    assert "no such task file" in err


class CannedChat:
    """Stands in for a language model behind ModelPolicy: answers from a script, keeps the prompts."""

    name = "canned"

    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.prompts: list[str] = []

    def chat(self, messages, max_new_tokens=192):
        self.prompts.append(messages[-1]["content"])
        return self.answers.pop(0), 0.0


def test_model_policy_gets_true_history_and_memory_and_bad_answers_fail_the_step():
    from lamkit.agent.model_policy import ModelPolicy

    gold = gold_set()[:1]  # t1: Bold (1), Italic (2), finish
    chat = CannedChat([
        '{"thought": "bold", "function": "click_input", "args": {"control_label": "Bold"}, "status": "CONTINUE", "plan": ["x"]}',
        "I am not sure", "still no JSON",  # step 1: one retry, then the step fails
        '{"function": "finish", "args": {}, "status": "FINISH"}',
    ])
    m, scores = evaluate_offline(gold, ModelPolicy(chat, name="canned-model"))
    assert [s.success for s in scores] == [True, False, True]  # the stable name "Bold" grounds to a gold Bold button
    assert scores[1].parse_error.startswith("unparsable answer") and m.parse_failures == 1
    assert m.task_success_rate == 0.0 and m.step_success_rate == pytest.approx(2 / 3)
    # step 1's prompt: the expert's step 0 in the history, its control by stable name; the default
    # answer fields carry no plan, so the prompt has no plan section (the model's "x" is not fed back)
    assert "1. click_input Bold" in chat.prompts[1]
    assert "Plan:" not in chat.prompts[1] and "- x" not in chat.prompts[1]


def test_the_expert_is_moved_to_its_plan_step_when_its_episode_skipped_one():
    """A check box already as the step wants it (args check) gets no action, so the recorded
    episode is one step shorter than the plan: gold step 1 is plan step 2 (Insert), gold step
    2 is the plan's Finish. Offline evaluation seeks the plan step the gold step before left
    next (its ``plan``), not step i: the expert then scores 1.0 on its own episode."""
    dialog = [Control(label="1", role="check box", name="Heading", path="w1:3", states=["enabled"]),
              Control(label="2", role="check box", name="Repeat heading rows", path="w1:4", states=["enabled", "checked"]),
              Control(label="3", role="push button", name="Insert", path="w1:9")]
    after = [Control(label="1", role="check box", name="Heading", path="w1:3", states=["enabled", "checked"]), *dialog[1:]]
    task = Task(id="t9", request="Repeat a table heading", template="t.docx", family="help", split="test", plan=[
        PlanStep(step="Select the Heading check box", function="click_input", control="Heading", args={"check": True}),
        PlanStep(step="Select the Repeat heading rows check box", function="click_input", control="Repeat heading rows",
                 args={"check": True}),
        PlanStep(step="Click Insert", function="click_input", control="Insert"),
        PlanStep(step="Finish: the task is done", function="finish")])
    gold = expert_trajectory(task, [Observation(controls=dialog), Observation(controls=after), Observation(controls=TOOLBAR)])
    assert [s.action.args.get("control_label") for s in gold.steps] == ["1", "3", None]  # Repeat: no action
    m, _ = evaluate_offline([gold], HeuristicExpert(), name="expert")
    assert (m.steps, m.step_success_rate, m.task_success_rate) == (3, 1.0, 1.0)
