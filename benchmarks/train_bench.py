"""Training on this CPU.

1. Throughput: tiny profile (full FT) and SmolLM2-135M (LoRA), tokens/s and efficiency against a
   plain torch matmul's FLOP/s. `--quick`: few steps each.
2. A full tiny four-phase run (configs/tiny.yaml as is) on data shaped like the default pipeline's
   (150 TaskPlans, 40 trajectories of 3-5 steps on a ~60-control Writer screen, a quarter failed):
   wall time and validation loss of each phase, and how often phase 2's greedy answers parse.
3. Phase 4's offline RL: reward-ranked DPO vs TRL GRPO (reward model as reward) from the same
   phase-3 checkpoint and reward model: wall time and the reward model's mean score of the
   policy's greedy answers on held-out failed states, before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "train"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def matmul_peak(n=1024, reps=10, dtype=None) -> float:
    import torch

    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t)


def bench(model_name: str, lora: bool, steps: int, tmp: Path, bf16: bool = False):
    from train_fixtures import trajectories

    from lamkit.jsonl import write_jsonl
    from lamkit.train.config import PhaseSettings, load_config
    from lamkit.train.data import step_examples
    from lamkit.train.phases import base_model, sft

    cfg = load_config(Path(__file__).parents[1] / "configs" / "tiny.yaml")
    from lamkit.train.data import tokenizer_corpus

    cfg = cfg.model_copy(update={"model": model_name, "lora": cfg.lora.model_copy(update={"enabled": lora}),
                                 "save_steps": 10000, "max_length": 512, "bf16": bf16})
    write_jsonl(tmp / "t.jsonl", trajectories(16))
    rows = step_examples(trajectories(16), cfg.render)
    model, tok = base_model(cfg, list(tokenizer_corpus([], trajectories(16), [], cfg.render)))
    params = sum(p.numel() for p in model.parameters())
    s = PhaseSettings(learning_rate=1e-3, max_steps=steps, batch_size=4)
    _, m = sft(model, tok, rows, [], cfg, s, tmp / f"{model_name}{'-bf16' if bf16 else ''}")
    tps = m["train_tokens"] / m["train_seconds"]
    return params, tps, m


class NoExplorer:
    """Phase 3 without live Writer: the benchmark's tasks are synthetic (no real document
    templates), so the phase-2 model finds no new successes and phase 3 keeps its weights."""

    def __call__(self, checkpoint_dir, tasks):
        return []


def parse_rate(ck: Path, trajs, n: int = 12) -> tuple[int, int, float]:
    """Valid answers of the checkpoint's agent policy (the checkpoint's own renderer and
    decoding: constrained for a local model, so this counts what the agent would run)."""
    from lamkit.agent.model_policy import checkpoint_policy
    from lamkit.train.data import is_success

    pol = checkpoint_policy(str(ck))
    ok, tot, t0 = 0, 0, time.perf_counter()
    for t in [t for t in trajs if is_success(t)][:n]:
        pol.reset(t.task)
        d = pol.act(t.task, t.steps[0].observation, [])
        tot += 1
        ok += d.answer is not None and d.error is None
    return ok, tot, time.perf_counter() - t0


def _num(x, digits: int) -> str:
    """A measured figure, or "-" where the run measured none (no held-out failed states)."""
    return "-" if x is None else f"{x:.{digits}f}"


def four_phases(tmp: Path) -> list[str]:
    import shutil

    from train_fixtures import writer_taskplans, writer_trajectories

    from lamkit.jsonl import write_jsonl
    from lamkit.train import DataPaths, load_config, run_phase

    cfg = load_config(Path(__file__).parents[1] / "configs" / "tiny.yaml")
    trajs = writer_trajectories(40)
    write_jsonl(tmp / "plans.jsonl", writer_taskplans(150))
    write_jsonl(tmp / "trajs.jsonl", trajs)
    data = DataPaths(plans=[tmp / "plans.jsonl"], trajectories=[tmp / "trajs.jsonl"])
    out = tmp / "run"
    t0 = time.perf_counter()
    ms = {n: run_phase(n, cfg, data, out, explorer=NoExplorer()) for n in (1, 2, 3, 4)}
    total = time.perf_counter() - t0
    ok, tot, gen_s = parse_rate(out / "phase2", trajs)
    n_ok = sum(1 for t in trajs if t.verdict.success)
    lines = ["", f"Full tiny four-phase run, `configs/tiny.yaml` as is: 150 TaskPlans, 40 trajectories "
             f"({n_ok} successful, {len(trajs) - n_ok} failed; {sum(len(t.steps) for t in trajs)} steps, "
             "Writer-like screens of ~60 controls; `tests/train/train_fixtures.py`). Phase 3's explorer returns "
             "no trajectories (the tasks are synthetic, without real document templates, so live Writer cannot "
             "run them): phase 3 keeps phase 2's weights and only measures.", "",
             "| phase | wall s | train s | steps | tokens | first -> last train loss | val loss |", "|---|---|---|---|---|---|---|"]
    for n, m in ms.items():
        fl = f"{m['first_loss']:.2f} -> {m['last_loss']:.2f}" if m.get("first_loss") is not None else "-"
        lines.append(f"| {n} | {m['wall_seconds']:.0f} | {m.get('train_seconds', 0):.0f} | {m.get('steps', 0)} | "
                     f"{m.get('train_tokens', 0)} | {fl} | {m['val_loss']:.3f} |")
    lines += ["", f"All four phases: {total:.0f} s (tokenizer: {ms[1]['tokenizer']['vocab_size']} tokens, trained in "
              f"{ms[1]['tokenizer']['seconds']:.1f} s). Phase-4 val loss is on phase-2 examples after DPO. "
              f"Phase-2 checkpoint, greedy, first step of {tot} training tasks: {ok}/{tot} answers parse as a "
              f"JSON action ({gen_s:.1f} s)."]
    # phase 4 again with GRPO, from the same phase-3 checkpoint and the same reward model
    g = tmp / "grpo"
    g.mkdir()
    for n in (1, 2, 3):
        (g / f"phase{n}").symlink_to(out / f"phase{n}")
    (g / "phase4").mkdir()
    shutil.copytree(out / "phase4" / "reward_model", g / "phase4" / "reward_model")
    gcfg = cfg.model_copy(update={"offline_rl": cfg.offline_rl.model_copy(update={"method": "grpo"})})
    mg = run_phase(4, gcfg, data, g, explorer=NoExplorer())
    md = ms[4]
    lines += ["", "Phase 4 offline RL from the same phase-3 checkpoint and reward model "
              f"(held-out: {md['heldout_failed_states']} states of a quarter of the failed trajectories; "
              "score = the reward model's mean output on the policy's greedy answers, +1 good / -1 bad):", "",
              "| method | RL wall s | optimizer steps | train states | RM score before -> after | parsable before -> after |",
              "|---|---|---|---|---|---|"]
    for name, m in (("reward-ranked DPO", md), ("GRPO (RM reward)", mg)):
        # a DPO run whose reward model separated no answer pairs trains nothing and has no
        # "states" (offline_rl.reward_ranked_dpo keeps phase 3's weights and says why in "note")
        lines.append(f"| {name} | {m['rl_seconds']:.0f} | {m.get('steps', 0)} | {m.get('states', 0)} | "
                     f"{_num(m['rm_score_before'], 3)} -> {_num(m['rm_score_after'], 3)} | "
                     f"{_num(m['parsable_before'], 2)} -> {_num(m['parsable_after'], 2)} |")
        print(lines[-1], flush=True)
    lines += [f"{name}: {m['note']}" for name, m in (("reward-ranked DPO", md), ("GRPO (RM reward)", mg)) if m.get("note")]
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(2)
    peak = matmul_peak()
    # bf16 autocast (TrainConfig.bf16): on a CPU with AMX / AVX512-BF16 its matmuls are the lever
    # for training the standard profile here; its row is compared with the bf16 matmul peak
    peak_bf16 = matmul_peak(dtype=torch.bfloat16)
    lines = [f"Shared 2-core CPU (other engineers' jobs running), torch threads 2. Matmul peak (1024^3): "
             f"fp32 {peak / 1e9:.1f} GFLOP/s, bf16 {peak_bf16 / 1e9:.1f} GFLOP/s; 1-min load average at the start "
             f"{os.getloadavg()[0]:.1f}.", "",
             "| model | trainable | precision | params | tokens/s | FLOP/s (6N/token) | of peak |",
             "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, lora, bf16, steps in (("tiny", False, False, 4 if a.quick else 10),
                                        ("smollm2", True, False, 2 if a.quick else 4),
                                        ("smollm2", True, True, 2 if a.quick else 4)):
            params, tps, m = bench(name, lora, steps, Path(tmp), bf16=bf16)
            flops = 6 * params * tps
            lines.append(f"| {name} | {'LoRA' if lora else 'full'} | {'bf16 autocast' if bf16 else 'fp32'} | "
                         f"{params / 1e6:.1f}M | {tps:.0f} | {flops / 1e9:.2f} G | {flops / (peak_bf16 if bf16 else peak):.0%} |")
            print(lines[-1], flush=True)
        lines += ["", "6N FLOP/token overstates LoRA work slightly (frozen weights need no weight gradient). "
                  "Tiny: d=128, 2 layers, trained 2k-vocab tokenizer (before: d=64 over SmolLM2's 49k vocabulary, "
                  "584 tokens/s, phase 2 740 s)."]
        lines += four_phases(Path(tmp))
    from _results import write_section

    write_section("train", "\n".join(lines), "python benchmarks/train_bench.py" + (" --quick" if a.quick else ""))


if __name__ == "__main__":
    main()
