"""The four training phases on the tiny profile and tiny data (real TRL/PEFT/transformers).

One module-scoped run of phases 1-4 feeds most tests, to stay inside the area's time budget.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from train_fixtures import FakeExplorer, taskplans, trajectories  # noqa: E402

from lamkit.agent.prompting import parse_answer  # noqa: E402
from lamkit.errors import DataError, LamkitError  # noqa: E402
from lamkit.jsonl import write_jsonl  # noqa: E402
from lamkit.train import DataPaths, load_config, run_phase  # noqa: E402

CONFIG = Path(__file__).parents[2] / "configs" / "tiny.yaml"
N_TRAJ = 16


def fast_config():
    """configs/tiny.yaml cut to a few steps per phase: the shared 2-core CPU trains the tiny
    model at only ~300-500 tokens/s, and the area's budget is 4 minutes."""
    from lamkit.train.config import PhaseSettings

    cfg = load_config(CONFIG)
    few = dict(batch_size=4, epochs=1)
    return cfg.model_copy(update={
        "max_length": 512, "max_obs_chars": 600, "save_steps": 1000,
        "phase1": PhaseSettings(learning_rate=3e-3, max_steps=5, **few),
        "phase2": PhaseSettings(learning_rate=3e-3, max_steps=6, **few),
        "phase3": PhaseSettings(learning_rate=1e-3, max_steps=4, **few),
        "reward_model": PhaseSettings(learning_rate=1e-3, max_steps=8, **few),
        "phase4": PhaseSettings(learning_rate=1e-3, max_steps=4, batch_size=2, epochs=1),
        "offline_rl": cfg.offline_rl.model_copy(update={"max_states": 6, "max_new_tokens": 48, "min_margin": 0.0}),
    })


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("train")
    write_jsonl(d / "plans.jsonl", taskplans(24))
    write_jsonl(d / "trajs.jsonl", trajectories(N_TRAJ))
    cfg = fast_config()
    data = DataPaths(plans=[d / "plans.jsonl"], trajectories=[d / "trajs.jsonl"])
    explorer = FakeExplorer()
    metrics = {n: run_phase(n, cfg, data, d / "out", explorer=explorer) for n in (1, 2, 3, 4)}
    return {"dir": d, "out": d / "out", "cfg": cfg, "data": data, "metrics": metrics, "explorer": explorer}


def test_every_phase_writes_a_finished_checkpoint_and_its_loss_decreases(run):
    for n, m in run["metrics"].items():
        d = run["out"] / f"phase{n}"
        for f in ("DONE", "config.json", "model.safetensors", "tokenizer.json", "manifest.json", "metrics.json"):
            assert (d / f).exists(), f"phase {n} lacks {f}"
        assert m["steps"] > 0
        assert m["last_loss"] < m["first_loss"], f"phase {n}: loss {m['first_loss']} -> {m['last_loss']}"
        assert any((d / "tensorboard").iterdir())
    manifest = json.loads((run["out"] / "phase2" / "manifest.json").read_text())
    assert manifest["files"][0]["records"] == N_TRAJ and len(manifest["files"][0]["sha256"]) == 64


def test_phase3_explores_the_failed_tasks_and_counts_new_successes(run):
    (ckpt, asked), = run["explorer"].calls
    assert ckpt.endswith("phase2")
    failed = {t.task.id for t in trajectories(N_TRAJ) if not t.verdict.success}
    assert set(asked) == failed
    assert run["metrics"][3]["new_successes"] == len(failed)


def test_reward_model_ranks_held_out_good_steps_above_bad_ones(run):
    rm = run["metrics"][4]["reward_model"]
    assert rm["pair_accuracy_on"] == "validation"
    assert rm["pair_accuracy"] > 0.5
    assert run["metrics"][4]["pairs"] > 0


@pytest.mark.slow
def test_phase2_checkpoint_reloads_and_generates_a_parsable_action(tmp_path):
    """Needs a real (minutes-long) phase-2 training of the tiny profile to learn the format."""
    from lamkit.models.chat import LocalChatModel
    from lamkit.train.data import step_prompt

    cfg = load_config(CONFIG)
    write_jsonl(tmp_path / "plans.jsonl", taskplans(60))
    write_jsonl(tmp_path / "trajs.jsonl", trajectories(80))
    data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "trajs.jsonl"])
    for n in (1, 2):
        run_phase(n, cfg, data, tmp_path / "out")
    model = LocalChatModel(str(tmp_path / "out" / "phase2"), device="cpu")
    traj = trajectories(3, seed=7)[0]
    text, _ = model.chat(step_prompt(traj, 0, cfg.max_obs_chars), max_new_tokens=120)
    ans = parse_answer(text)
    assert ans.function in ("select_text", "click_input", "set_edit_text", "keyboard_input", "finish")


def test_finished_phase_is_not_redone(run):
    before = (run["out"] / "phase1" / "metrics.json").stat().st_mtime
    assert run_phase(1, run["cfg"], run["data"], run["out"]) == run["metrics"][1]
    assert (run["out"] / "phase1" / "metrics.json").stat().st_mtime == before


def test_broken_line_is_a_clear_error_and_leaves_no_checkpoint(tmp_path):
    good = trajectories(2)[0].model_dump_json()
    bad = tmp_path / "trajs.jsonl"
    bad.write_text(good + "\n{not json\n" + good + "\n")
    with pytest.raises(DataError, match=r"trajs.jsonl:2"):
        run_phase(2, load_config(CONFIG), DataPaths(trajectories=[bad]), tmp_path / "out")
    assert not (tmp_path / "out" / "phase2").exists()


def test_missing_data_and_missing_previous_phase_are_clear_errors(tmp_path):
    cfg = load_config(CONFIG)
    with pytest.raises(DataError, match="phase 1 needs TaskPlan data"):
        run_phase(1, cfg, DataPaths(), tmp_path / "out")
    write_jsonl(tmp_path / "t.jsonl", trajectories(4))
    with pytest.raises(LamkitError, match="phase 1 has no finished checkpoint"):
        run_phase(2, cfg, DataPaths(trajectories=[tmp_path / "t.jsonl"]), tmp_path / "out")
    assert not (tmp_path / "out" / "phase2" / "DONE").exists()


def test_a_model_that_does_not_load_is_a_clear_error(tmp_path):
    from lamkit.models.backbone import load_model

    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}")
    with pytest.raises(LamkitError, match="does not load"):
        load_model(tmp_path / "broken")
    with pytest.raises(LamkitError, match="no such folder"):
        load_model(tmp_path / "nowhere")


def test_cli_refuses_ambiguous_phase_selection():
    from lamkit.cli import main

    assert main(["train", "--all", "--phase", "1"]) == 2
