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
    """configs/tiny.yaml cut to a few steps per phase, so the four phases take ~10 s and the
    whole fast set stays well inside the area's budget on a shared 2-core CPU."""
    from lamkit.train.config import PhaseSettings, RewardSettings

    cfg = load_config(CONFIG)
    few = dict(batch_size=4, epochs=1)
    return cfg.model_copy(update={
        "max_length": 512, "max_obs_chars": 600, "save_steps": 1000,
        "phase1": PhaseSettings(learning_rate=3e-3, max_steps=5, **few),
        "phase2": PhaseSettings(learning_rate=3e-3, max_steps=6, **few),
        "phase3": PhaseSettings(learning_rate=1e-3, max_steps=6, warmup_ratio=0.5, **few),
        "reward_model": RewardSettings(learning_rate=1e-3, max_steps=8, **few),
        "phase4": PhaseSettings(learning_rate=3e-4, max_steps=4, batch_size=6, epochs=1),  # all pairs each step
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


def test_reward_data_keeps_every_bad_step_and_a_seeded_sample_of_good_ones():
    from lamkit.train.data import balance_rewards

    rows = [{"answer": f"g{i}", "label": 1.0} for i in range(10)] + [{"answer": "b0", "label": -1.0},
                                                                     {"answer": "b1", "label": -1.0}]
    kept = balance_rewards(rows, 2, seed=0)
    assert [r["answer"] for r in kept if r["label"] < 0] == ["b0", "b1"]
    good = [r["answer"] for r in kept if r["label"] > 0]
    assert len(good) == 4 and good == sorted(good, key=lambda a: int(a[1:]))  # original order kept
    assert balance_rewards(rows, 2, seed=0) == kept and balance_rewards(rows, 2, seed=1) != kept
    assert balance_rewards(rows, None, seed=0) == rows and balance_rewards(rows, 5, seed=0) == rows


def test_tiny_profile_trains_its_own_tokenizer_with_smollm2s_chat_template(run):
    """Phase 1 trains a small byte-level BPE on the run's text; it renders chat exactly like
    SmolLM2's template, keeps the special tokens whole, and phases 2-4 reuse it."""
    from transformers import AutoTokenizer

    from lamkit.train.data import step_answer, step_prompt

    m1 = run["metrics"][1]
    assert m1["tokenizer"]["kind"] == "trained" and m1["tokenizer"]["vocab_size"] <= run["cfg"].tiny.vocab_size
    tok = AutoTokenizer.from_pretrained(run["out"] / "phase1")
    traj = trajectories(2)[0]
    msgs = step_prompt(traj, 1, 600)
    text = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
    want = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in msgs) + "<|im_start|>assistant\n"
    assert text == want
    ids = tok(text, add_special_tokens=False)["input_ids"]
    assert tok.decode(ids) == text  # byte-level: lossless
    full = tok.apply_chat_template(msgs + [{"role": "assistant", "content": step_answer(traj.steps[1])}], tokenize=False)
    assert tok(full, add_special_tokens=False)["input_ids"][:len(ids)] == ids  # the generation prompt is a token prefix
    assert ids.count(tok.convert_tokens_to_ids("<|im_start|>")) == 3
    assert tok.eos_token == "<|im_end|>" and tok.pad_token_id != tok.eos_token_id
    answer = step_answer(traj.steps[1])
    assert len(tok(answer)["input_ids"]) < len(answer) / 2.5  # trained on this text: it compresses well
    for n in (2, 3, 4):
        assert json.loads((run["out"] / f"phase{n}" / "tokenizer.json").read_text()) == \
            json.loads((run["out"] / "phase1" / "tokenizer.json").read_text())


def test_checkpoint_loads_in_the_agent(run):
    from lamkit.agent.model_policy import ModelPolicy
    from lamkit.models.chat import LocalChatModel

    traj = trajectories(2)[0]
    policy = ModelPolicy(LocalChatModel(str(run["out"] / "phase4"), device="cpu"), max_new_tokens=16, retries=0)
    d = policy.act(traj.task, traj.steps[0].observation, [])
    assert d.raw  # it generated something (a 16-token answer need not parse)


KILL_AFTER_FIRST_SAVE = """
import os, signal, sys
import transformers
orig = transformers.Trainer._save_checkpoint
def save_then_die(self, *a, **k):
    orig(self, *a, **k)
    os.kill(os.getpid(), signal.SIGKILL)  # as hard as a kill -9 or an OOM kill: no cleanup runs
transformers.Trainer._save_checkpoint = save_then_die
from lamkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_phase_killed_mid_training_resumes_from_its_trainer_checkpoint(tmp_path):
    """`lamkit train --phase 1` is SIGKILLed right after its first Trainer checkpoint; the rerun
    resumes from that checkpoint (same trained tokenizer), finishes all steps and writes DONE."""
    import os
    import signal
    import subprocess

    import yaml

    cfg = fast_config().model_copy(update={"save_steps": 2})
    cfg.phase1.max_steps = 5
    (tmp_path / "cfg.yaml").write_text(yaml.safe_dump(cfg.model_dump(mode="json")))
    write_jsonl(tmp_path / "plans.jsonl", taskplans(24))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    p = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_SAVE, "train", "--phase", "1", "--config",
                        str(tmp_path / "cfg.yaml"), "--plans", str(tmp_path / "plans.jsonl"), "--out", str(out)],
                       env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    d = out / "phase1"
    assert not (d / "DONE").exists() and (d / "trainer" / "checkpoint-2").is_dir()
    m = run_phase(1, load_config(tmp_path / "cfg.yaml"), DataPaths(plans=[tmp_path / "plans.jsonl"]), out)
    assert m["resumed_from"].endswith("checkpoint-2")
    assert m["steps"] == 5 and (d / "DONE").exists()


def test_an_incomplete_trainer_checkpoint_is_not_resumed_from(tmp_path):
    from lamkit.train.checkpoint import last_trainer_checkpoint

    for n in (2, 4):
        (tmp_path / f"checkpoint-{n}").mkdir()
    (tmp_path / "checkpoint-2" / "trainer_state.json").write_text("{}")
    assert last_trainer_checkpoint(tmp_path).endswith("checkpoint-2")  # 4 was cut short by the kill


@pytest.mark.slow
def test_phase2_checkpoint_reloads_and_generates_a_parsable_action(tmp_path):
    """configs/tiny.yaml as is, on data shaped like the default pipeline's (150 plans, 40
    trajectories of 3-5 steps on a ~60-control Writer screen, a quarter failed): phases 1-2
    take about a minute, and the phase-2 checkpoint, loaded by the agent, answers training
    prompts with parsable JSON actions."""
    from train_fixtures import writer_taskplans, writer_trajectories

    from lamkit.agent.model_policy import ModelPolicy
    from lamkit.agent.prompting import AnswerParseError
    from lamkit.models.chat import LocalChatModel
    from lamkit.train.data import is_success, step_prompt

    cfg = load_config(CONFIG)
    write_jsonl(tmp_path / "plans.jsonl", writer_taskplans(150))
    trajs = writer_trajectories(40)
    write_jsonl(tmp_path / "trajs.jsonl", trajs)
    data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "trajs.jsonl"])
    m = {n: run_phase(n, cfg, data, tmp_path / "out") for n in (1, 2)}
    assert m[2]["last_loss"] < m[2]["first_loss"] / 3
    model = LocalChatModel(str(tmp_path / "out" / "phase2"), device="cpu")
    ok = [t for t in trajs if is_success(t)][:8]
    parsed = 0
    for t in ok:
        text, _ = model.chat(step_prompt(t, 0, cfg.max_obs_chars), max_new_tokens=160)
        try:
            ans = parse_answer(text)
            parsed += 1
        except AnswerParseError:
            continue
        assert ans.function in ("select_text", "click_input", "set_edit_text", "keyboard_input", "finish")
    assert parsed >= 1, "no training prompt got a parsable action"
    d = ModelPolicy(model, max_obs_chars=cfg.max_obs_chars, max_new_tokens=160).act(ok[0].task,
                                                                                    ok[0].steps[0].observation, [])
    assert d.answer is not None or d.error.startswith("unparsable")


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
    # through run_phase: phase 1 from a broken model folder, phase 2 from a broken phase-1 checkpoint
    write_jsonl(tmp_path / "plans.jsonl", taskplans(6))
    write_jsonl(tmp_path / "t.jsonl", trajectories(4))
    data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "t.jsonl"])
    cfg = load_config(CONFIG).model_copy(update={"model": str(tmp_path / "broken")})
    with pytest.raises(LamkitError, match="does not load"):
        run_phase(1, cfg, data, tmp_path / "out")
    assert not (tmp_path / "out" / "phase1" / "DONE").exists()
    (tmp_path / "out2" / "phase1").mkdir(parents=True)
    (tmp_path / "out2" / "phase1" / "config.json").write_text("{not json")
    (tmp_path / "out2" / "phase1" / "DONE").write_text("ok\n")
    with pytest.raises(LamkitError, match="does not load"):
        run_phase(2, load_config(CONFIG), data, tmp_path / "out2")
    assert not (tmp_path / "out2" / "phase2" / "DONE").exists()


def test_broken_plan_line_or_empty_plan_file_is_a_data_error(tmp_path):
    good = taskplans(1)[0].model_dump_json()
    (tmp_path / "plans.jsonl").write_text(good + "\n" + good[:-5] + "\n")
    with pytest.raises(DataError, match=r"plans.jsonl:2"):
        run_phase(1, load_config(CONFIG), DataPaths(plans=[tmp_path / "plans.jsonl"]), tmp_path / "out")
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(DataError, match="no TaskPlan records"):
        run_phase(1, load_config(CONFIG), DataPaths(plans=[tmp_path / "empty.jsonl"]), tmp_path / "out")
    # the trained tokenizer reads the trajectories in phase 1 too: a broken one fails there, early
    write_jsonl(tmp_path / "ok.jsonl", taskplans(3))
    (tmp_path / "t.jsonl").write_text("{}\n")
    with pytest.raises(DataError, match=r"t.jsonl:1"):
        run_phase(1, load_config(CONFIG), DataPaths(plans=[tmp_path / "ok.jsonl"], trajectories=[tmp_path / "t.jsonl"]),
                  tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_cli_refuses_ambiguous_phase_selection():
    from lamkit.cli import main

    assert main(["train", "--all", "--phase", "1"]) == 2


# --------------------------------------------------------------------- shipping checkpoints
def _weights(d):
    from safetensors.torch import load_file

    return load_file(str(d / "model.safetensors"))


def test_packed_phases_unpack_to_the_same_weights_elsewhere(run, tmp_path):
    """Full fine-tuning (the tiny profile) ships its weights; the rebuilt folders are finished
    checkpoints with identical tensors, and a killed unpack never looks finished."""
    from lamkit.train.transfer import pack, unpack

    shipped = pack(run["out"], tmp_path / "all.tgz")
    assert set(shipped["units"]) == {"phase1", "phase2", "phase3", "phase4/reward_model", "phase4"}
    r = unpack(tmp_path / "all.tgz", tmp_path / "there")
    for name in shipped["units"]:
        a, b = _weights(run["out"] / name), _weights(tmp_path / "there" / name)
        assert a.keys() == b.keys() and all((a[k] == b[k]).all() for k in a), name
        assert (tmp_path / "there" / name / "DONE").exists()
    assert all(v.startswith(("full", "previous")) for v in r["units"].values())
    # the explored trajectories and the training logs (curves) travel with their phase
    assert (tmp_path / "there" / "phase3" / "explored.jsonl").exists()
    assert list((tmp_path / "there" / "phase2" / "trainer").rglob("trainer_state.json")) or \
        list((tmp_path / "there" / "phase2" / "tensorboard").rglob("*"))
    # a second unpack keeps what is finished
    assert set(unpack(tmp_path / "all.tgz", tmp_path / "there")["units"].values()) == {"kept (already finished here)"}


def test_lora_phases_ship_as_adapters_and_rebuild_on_the_previous_phase(run, tmp_path):
    """With LoRA, phase 2 travels as its adapter (a fraction of the model) and is merged into
    phase 1 on the other side: same tensors up to float rounding."""
    import torch

    from lamkit.train.config import LoraSettings, PhaseSettings
    from lamkit.train.transfer import pack, unpack

    cfg = run["cfg"].model_copy(update={
        "lora": LoraSettings(enabled=True, r=4, alpha=16, dropout=0.0),
        "phase1": PhaseSettings(learning_rate=3e-3, max_steps=2, batch_size=4),
        "phase2": PhaseSettings(learning_rate=3e-3, max_steps=2, batch_size=4)})
    here = tmp_path / "here"
    for n in (1, 2):
        run_phase(n, cfg, run["data"], here)
    assert (here / "phase2" / "adapter" / "adapter_config.json").exists()
    shipped = pack(here, tmp_path / "p12.tgz")
    assert shipped["units"] == {"phase1": "full", "phase2": "adapter"}
    unpack(tmp_path / "p12.tgz", tmp_path / "there")
    a, b = _weights(here / "phase2"), _weights(tmp_path / "there" / "phase2")
    assert a.keys() == b.keys()
    assert all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)


def test_unpack_refuses_what_is_not_a_checkpoint_archive(tmp_path):
    import tarfile

    from lamkit.train.transfer import unpack

    (tmp_path / "x.txt").write_text("hello")
    with tarfile.open(tmp_path / "bad.tgz", "w:gz") as t:
        t.add(tmp_path / "x.txt", arcname="x.txt")
    with pytest.raises(DataError, match="not a lamkit checkpoint archive"):
        unpack(tmp_path / "bad.tgz", tmp_path / "o")
    (tmp_path / "junk.tgz").write_text("not a tar")
    with pytest.raises(DataError, match="not a readable tar archive"):
        unpack(tmp_path / "junk.tgz", tmp_path / "o")
    with pytest.raises(LamkitError, match="no such archive"):
        unpack(tmp_path / "missing.tgz", tmp_path / "o")


def test_explore_only_writes_the_explored_trajectories_and_no_checkpoint(run, tmp_path):
    """Phase 3's live half alone (for a training box without Writer): explored.jsonl, no DONE;
    the training run that follows uses that file and does not explore again."""
    import shutil

    out = tmp_path / "out"
    for n in (1, 2):
        shutil.copytree(run["out"] / f"phase{n}", out / f"phase{n}")
    explorer = FakeExplorer()
    m = run_phase(3, run["cfg"], run["data"], out, explorer=explorer, explore_only=True)
    assert m["explore_only"] and m["explored_trajectories"] == len(explorer.calls[0][1])
    assert (out / "phase3" / "explored.jsonl").exists() and not (out / "phase3" / "DONE").exists()
    later = FakeExplorer()
    m3 = run_phase(3, run["cfg"], run["data"], out, explorer=later)
    assert not later.calls and m3["explored_trajectories"] == m["explored_trajectories"]
    assert (out / "phase3" / "DONE").exists()


def test_batched_offline_evaluation_answers_like_one_by_one(run):
    """Offline evaluation batches a checkpoint's generations; greedy answers are the same."""
    from lamkit.agent.model_policy import checkpoint_policy
    from lamkit.evaluate.offline import evaluate_offline

    trajs = trajectories(4)
    policy = checkpoint_policy(str(run["out"] / "phase2"), max_new_tokens=24)
    m1, s1 = evaluate_offline(trajs, policy, batch_size=1)
    mb, sb = evaluate_offline(trajs, policy, batch_size=8)
    assert [s.success for s in s1] == [s.success for s in sb]
    assert [(s.pred_function, s.pred_label, s.parse_error is None) for s in s1] == \
        [(s.pred_function, s.pred_label, s.parse_error is None) for s in sb]
    assert m1.step_success_rate == mb.step_success_rate
