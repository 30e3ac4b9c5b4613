"""The standard profile (SmolLM2-135M + LoRA) end to end, split between a CPU desktop
with Writer and a GPU box without one: wall time of every stage and phase, where it ran,
training throughput, and each phase against the expert offline and online.

    python benchmarks/standard_bench.py --out runs/standard     # figures of a finished run

How the run is made (docs/training.md, "Training on another machine"):

    lamkit pipeline --profile standard --stop-after collect                 # desktop
    lamkit train --phase 1|2 --config configs/smollm2-135m.yaml ...          # GPU box
    lamkit checkpoints pack runs/standard/checkpoints p12.tgz                # GPU box
    lamkit checkpoints unpack p12.tgz runs/standard/checkpoints              # desktop
    lamkit train --phase 3 --explore-only ...                                # desktop (live Writer)
    lamkit pipeline --profile standard --stop-after evaluate_offline         # GPU box: phases 3-4, offline
    lamkit checkpoints unpack p34.tgz ...; lamkit pipeline --profile standard   # desktop: online, report

benchmarks/device/standard_gpu.sh is the GPU half as run on a lent H200. Writes the
``standard`` section of benchmarks/RESULTS.md from the files the run left: each stage's
time from ``pipeline.json``, each phase's from its ``metrics.json`` (which names the device
that trained it), the exploration's from ``phase3/explore_metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import write_section  # noqa: E402
from pipeline_bench import offline_lines, online_lines, pct, stage_lines  # noqa: E402

def _json(p: Path):
    return json.loads(p.read_text()) if p.exists() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("runs/standard"))
    ap.add_argument("--gpu", default="one NVIDIA H200 (lent; 16 CPU cores)", help="the GPU box, in words")
    ap.add_argument("--note", action="append", default=[], help="a fact about this run to print with it")
    ap.add_argument("--ran-on", action="append", default=[], metavar="N=DEVICE",
                    help="the device of a phase whose metrics.json predates the device field")
    ap.add_argument("--quick", action="store_true", help="print the figures of --out (any pipeline run); write nothing")
    a = ap.parse_args()

    st = json.loads((a.out / "pipeline.json").read_text())
    stages = st["stages"]
    ck = a.out / "checkpoints"
    phases = {n: _json(ck / f"phase{n}" / "metrics.json") or {} for n in (1, 2, 3, 4)}
    explore = _json(ck / "phase3" / "explore_metrics.json") or {}
    for spec in a.ran_on:
        n, _, dev = spec.partition("=")
        if phases.get(int(n)) and "device" not in phases[int(n)]:
            phases[int(n)]["device"] = dev

    lines = ["## Pipeline: `lamkit pipeline --profile standard` (SmolLM2-135M + LoRA) (issue 6)", "",
             f"Split as a user without a GPU desktop would run it: the live stages (harvest, instantiate, collect, "
             f"phase 3's exploration, evaluation) on this 2-core machine with Writer; training where the "
             f"table's \"ran on\" says: a GPU, {a.gpu}, which has no desktop, or this CPU. Checkpoints travelled "
             f"as LoRA adapters "
             f"(`lamkit checkpoints pack|unpack`, ~10 MB a phase instead of ~540 MB)."]
    # Phases may have run through `lamkit train` (on the GPU box, between the live stages), so the
    # pipeline's train stage may have found them done: count each phase's own wall time instead.
    timings = _json(a.out / "timings.json") or {}  # stages run through their own commands, timed outside
    extra = {k: v for k, v in timings.items() if k not in stages and not k.startswith("_")}
    total = (sum(v["seconds"] for k, v in stages.items() if k != "train") + sum(extra.values())
             + sum(phases[n].get("wall_seconds", 0) for n in (1, 2, 3, 4)) + explore.get("explore_seconds", 0))
    lines += ["", f"**Wall time in all: {total / 60:.1f} min**: the stages below, each training phase's own time "
              "and the exploration (table after)."]
    if extra:
        lines += ["", "Stages run through their own commands (" + timings.get("_how", "") + "): "
                  + ", ".join(f"{k} {v:.0f} s" for k, v in extra.items()) + "."]
    lines += stage_lines(stages)
    lines += ["", "**Training, phase by phase** (each phase's own `metrics.json`):", "",
              "| phase | ran on | wall s | train s | steps | examples (train/val) | tokens trained | tokens/s | val loss | note |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for n in (1, 2, 3, 4):
        m = phases[n]
        if not m:
            continue
        man = _json(ck / f"phase{n}" / "manifest.json") or {}
        ex = man.get("examples") or {}
        tok, secs = m.get("train_tokens") or 0, m.get("train_seconds") or 0
        note = m.get("note") or (f"{m.get('new_successes')} new successes" if n == 3 else "")
        if n == 4 and m.get("reward_model"):
            rm = m["reward_model"]
            avail = f" (of {rm['good_available']})" if rm.get("good_available") else ""
            note = (f"reward model: {rm.get('good')}{avail} good / {rm.get('bad')} bad steps, pair accuracy "
                    f"{pct(rm.get('pair_accuracy'))}, {rm.get('train_seconds', 0):.0f} s; DPO pairs {m.get('pairs')}")
        lines.append(f"| {n} | {m.get('device', '?')} | {m.get('wall_seconds', 0):.0f} | {secs:.0f} | "
                     f"{m.get('steps', 0)} | {ex.get('train', '-')}/{ex.get('val', '-')} | {tok:,} | "
                     f"{tok / secs if secs else 0:,.0f} | {m.get('val_loss') or float('nan'):.3f} | {note} |")
    if explore:
        lines += ["", f"**Phase 3's exploration** (live Writer, the phase-2 model deciding on {explore.get('device')}): "
                  f"{explore['explored_tasks']} tasks (the expert's failures and fresh train-split tasks), "
                  f"{explore['new_successes']} new successes, {explore['explore_seconds']:.0f} s."]
    lines += offline_lines(a.out / "evaluate" / "offline.json")
    lines += online_lines(a.out / "evaluate" / "online" / "online.json")
    for n in (1, 2, 3, 4):
        if not phases[n]:
            lines += ["", f"**Phase {n} was not trained in this run.**"]
    lines += [""] + [f"- {x}" for x in a.note] if a.note else []
    cmd = "python benchmarks/standard_bench.py" + ("" if a.out == Path("runs/standard") else f" --out {a.out}")
    print("\n".join(lines) if a.quick else write_section("standard", "\n".join(lines), cmd))


if __name__ == "__main__":
    main()
