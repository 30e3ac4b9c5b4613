"""Training throughput on this CPU: tiny profile (full FT) and SmolLM2-135M (LoRA), tokens/s and
efficiency against a plain torch matmul's FLOP/s. `--quick`: few steps each."""

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


def matmul_peak(n=1024, reps=10) -> float:
    import torch

    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t)


def bench(model_name: str, lora: bool, steps: int, tmp: Path):
    from train_fixtures import trajectories

    from lamkit.jsonl import write_jsonl
    from lamkit.train.config import PhaseSettings, load_config
    from lamkit.train.data import step_examples
    from lamkit.train.phases import _base_model, _sft

    cfg = load_config(Path(__file__).parents[1] / "configs" / "tiny.yaml")
    cfg = cfg.model_copy(update={"model": model_name, "lora": cfg.lora.model_copy(update={"enabled": lora}),
                                 "save_steps": 10000, "max_length": 512, "max_obs_chars": 600})
    write_jsonl(tmp / "t.jsonl", trajectories(16))
    rows = step_examples(trajectories(16), cfg.max_obs_chars)
    model, tok = _base_model(cfg)
    params = sum(p.numel() for p in model.parameters())
    s = PhaseSettings(learning_rate=1e-3, max_steps=steps, batch_size=4)
    _, m = _sft(model, tok, rows, [], cfg, s, tmp / model_name)
    tps = m["train_tokens"] / m["train_seconds"]
    return params, tps, m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(2)
    peak = matmul_peak()
    lines = [f"Shared 2-core CPU (other engineers' jobs running), torch threads 2. Matmul peak (1024^3 fp32): "
             f"{peak / 1e9:.1f} GFLOP/s.", "", "| model | trainable | params | tokens/s | FLOP/s (6N/token) | of peak |",
             "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, lora, steps in (("tiny", False, 4 if a.quick else 10), ("smollm2", True, 2 if a.quick else 4)):
            params, tps, m = bench(name, lora, steps, Path(tmp))
            flops = 6 * params * tps
            lines.append(f"| {name} | {'LoRA' if lora else 'full'} | {params / 1e6:.1f}M | {tps:.0f} | "
                         f"{flops / 1e9:.2f} G | {flops / peak:.0%} |")
            print(lines[-1], flush=True)
    lines += ["", "6N FLOP/token overstates LoRA work slightly (frozen weights need no weight gradient)."]
    from _results import write_section

    write_section("train", "\n".join(lines), "python benchmarks/train_bench.py" + (" --quick" if a.quick else ""))


if __name__ == "__main__":
    main()
