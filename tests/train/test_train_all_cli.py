"""The plain commands make and use the pipeline's training data: `lamkit export` writes a run's
train/test trajectory files, and `lamkit train --all` trains the four phases on them with the
pipeline's inputs (phase 4 gets phase 3's explored trajectories). Tiny profile, real TRL/PEFT."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_train_phases import fast_config  # noqa: E402
from train_fixtures import taskplans, trajectory, trajectories  # noqa: E402

from lamkit.cli import main  # noqa: E402
from lamkit.dataflow.runner import ExecutionRecord  # noqa: E402
from lamkit.jsonl import append_jsonl, read_jsonl, write_jsonl  # noqa: E402
from lamkit.schema import Trajectory, Verdict  # noqa: E402


def _collection_run(run: Path, trajs: list[Trajectory]) -> None:
    """A run folder as `lamkit collect` leaves it: execution records by verdict, plus an
    unsure one (an environment error), which carries nothing to learn from."""
    for t in trajs:
        rec = ExecutionRecord(task_id=t.task.id, task=t.task, trajectory=t, verdict=t.verdict)
        append_jsonl(run / "execution" / f"{'pass' if t.verdict.success else 'fail'}.jsonl", [rec])
    void = trajectories(1)[0]
    v = Verdict(success=False, reason="environment error: crashed", judge="env_error")
    append_jsonl(run / "execution" / "unsure.jsonl",
                 [ExecutionRecord(task_id="void", task=void.task.model_copy(update={"id": "void"}), verdict=v)])


def test_export_then_train_all_uses_the_pipelines_inputs(tmp_path, capsys):
    run = tmp_path / "c1"
    train = trajectories(16)  # a quarter failed
    test = [t.model_copy(update={"task": t.task.model_copy(update={"id": f"{t.task.id}-t", "split": "test"})})
            for t in trajectories(3, seed=5)]
    _collection_run(run, train + test)

    assert main(["export", str(run)]) == 0
    got_train = read_jsonl(run / "data" / "train_trajectories.jsonl", Trajectory)
    got_test = read_jsonl(run / "data" / "test_trajectories.jsonl", Trajectory)
    assert sorted(t.task.id for t in got_train) == sorted(t.task.id for t in train)  # failures kept, test and unsure out
    assert sorted(t.task.id for t in got_test) == sorted(t.task.id for t in test)
    assert sum(not t.verdict.success for t in got_train) == 4
    assert "16 trajectories, 12 successful" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "nowhere")]) == 2  # not a run folder: a one-line error

    # phase 3's live half ran elsewhere (`--explore-only`) and left failed explorations of new
    # tasks: phase 4's reward model must learn from them, as in the pipeline
    cfg = fast_config()
    (tmp_path / "cfg.yaml").write_text(yaml.safe_dump(cfg.model_dump(mode="json")))
    write_jsonl(tmp_path / "plans.jsonl", taskplans(24))
    out = tmp_path / "ck"
    explored = [trajectory(k, "agenda", 100 + i, success=False).model_copy(update={"policy": "model:phase2"})
                for i, k in enumerate(("bold", "size", "menu"))]
    write_jsonl(out / "phase3" / "explored.jsonl", explored)

    code = main(["train", "--all", "--config", str(tmp_path / "cfg.yaml"), "--plans", str(tmp_path / "plans.jsonl"),
                 "--trajectories", str(run / "data" / "train_trajectories.jsonl"), "--out", str(out)])
    assert code == 0, capsys.readouterr().out[-2000:]
    printed = capsys.readouterr().out
    for n, what in ((1, "task-plan SFT"), (4, "reward model + offline RL")):
        assert f"phase {n} ({what}) done" in printed
        assert (out / f"phase{n}" / "DONE").exists()
    manifest = json.loads((out / "phase4" / "manifest.json").read_text())
    files = {Path(f["path"]).name: f["records"] for f in manifest["files"]}
    assert files == {"train_trajectories.jsonl": 16, "explored.jsonl": 3}
    bad_steps = 4 + 3  # one failing step per failed trajectory: the expert's and the explorations'
    rm = json.loads((out / "phase4" / "metrics.json").read_text())["reward_model"]
    assert rm["bad"] == bad_steps
    assert json.loads((out / "phase3" / "metrics.json").read_text())["explored_trajectories"] == 3

    assert main(["train", "--all", "--explore-only", "--out", str(out)]) == 2
