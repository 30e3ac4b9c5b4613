"""The quickstart pipeline's wall time per stage, each phase against the expert offline and
online, and per-step latency of the tiny and SmolLM2-135M models against the heuristic expert.

    python benchmarks/pipeline_bench.py                    # runs (or resumes) runs/bench-quickstart
    python benchmarks/pipeline_bench.py --out runs/quickstart --no-run   # figures of an existing run
    python benchmarks/pipeline_bench.py --quick            # the smoke profile, printed only (minutes)

Writes the ``pipeline`` section of benchmarks/RESULTS.md. The wall times are
those recorded in ``pipeline.json`` by the run that did each stage, so a run
interrupted and resumed still reports each stage's own time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import write_section  # noqa: E402


def pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def decision_latency(policy, trajs, n: int) -> list[float]:
    """Seconds the policy takes to choose an action, on recorded test observations (no Writer)."""
    out = []
    steps = [(t, i) for t in trajs for i in range(len(t.steps))][:n]
    for t, i in steps:
        if i == 0:
            policy.reset(t.task)
        if hasattr(policy, "i"):
            policy.i = i
        t0 = time.monotonic()
        policy.act(t.task, t.steps[i].observation, t.steps[:i])
        out.append(time.monotonic() - t0)
    return out


def stage_lines(stages: dict) -> list[str]:
    from lamkit.pipeline import STAGES

    lines = ["", "| stage | seconds | what it did |", "| --- | --- | --- |"]
    for s in STAGES:
        if s in stages:
            summ = stages[s].get("summary") or {}
            if s == "train":
                summ = {k: f"{v.get('wall_seconds', 0):.0f} s, val loss {v.get('val_loss') or float('nan'):.3f}"
                        + (f", {v['new_successes']} new successes" if 'new_successes' in v else "")
                        for k, v in summ.items()}
            elif s in ("evaluate_offline", "evaluate_online"):
                # a policy's figures; a non-number (an interval, a help row's dict) is shown as it is
                summ = {k: ", ".join(f"{m} {pct(x) if m in ('TSR', 'SSR') else f'{x:.1f}' if isinstance(x, (int, float)) else x}"
                                     for m, x in v.items()) if isinstance(v, dict) else v
                        for k, v in summ.items()}
            lines.append(f"| {s} | {stages[s]['seconds']:.0f} | {'; '.join(f'{k}: {v}' for k, v in summ.items())} |")
    return lines


def offline_lines(off_p: Path) -> list[str]:
    if not off_p.exists():
        return []
    off = json.loads(off_p.read_text())
    lines = ["", "**Offline** (held-out test-split expert trajectories, true history; as in the paper's table):", "",
             "| policy | tasks | steps | object acc | operation acc | status acc | SSR | TSR |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, m in off.items():
        lines.append(f"| {name} | {m['tasks']} | {m['steps']} | {pct(m['object_acc'])} | {pct(m['operation_acc'])} | "
                     f"{pct(m['status_acc'])} | {pct(m['step_success_rate'])} | {pct(m['task_success_rate'])} |")
    return lines


def online_lines(on_p: Path) -> list[str]:
    if not on_p.exists():
        return []
    on = json.loads(on_p.read_text())
    lines = ["", "**Online** (live Writer, judged by checker, same test tasks for every policy):", "",
             "| policy | tasks | TSR | avg steps | completion s | step latency mean s | p95 s | env errors |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, m in on.items():
        lat = m["step_latency_s"]
        lines.append(f"| {name} | {m['tasks']} | {pct(m['task_success_rate'])} | {m['avg_steps']:.1f} | "
                     f"{m['avg_completion_s']:.1f} | {lat['mean']:.2f} | {lat['p95']:.2f} | {m['env_errors']} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("runs/bench-quickstart"))
    ap.add_argument("--profile", default="quickstart")
    ap.add_argument("--no-run", action="store_true", help="only report an existing run folder")
    ap.add_argument("--latency-steps", type=int, default=12, help="steps timed per model for the latency table")
    ap.add_argument("--no-smollm2", action="store_true", help="skip the SmolLM2-135M latency row")
    ap.add_argument("--quick", action="store_true",
                    help="the tests' smoke profile in a temporary folder (unless --out), 4 latency steps, no SmolLM2 "
                         "row; prints, writes nothing")
    a = ap.parse_args()
    if a.quick:
        import tempfile

        if a.out == Path("runs/bench-quickstart"):
            a.out = Path(tempfile.mkdtemp(prefix="lamkit-pipeline-bench-"))
        a.profile, a.latency_steps, a.no_smollm2 = "smoke", min(a.latency_steps, 4), True

    from lamkit.agent.heuristic import HeuristicExpert
    from lamkit.agent.model_policy import checkpoint_policy
    from lamkit.evaluate.offline import load_test_trajectories
    from lamkit.pipeline import STAGES, run_pipeline

    t0 = time.monotonic()
    if not a.no_run:
        run_pipeline(a.profile, a.out)
    this_run = time.monotonic() - t0
    st = json.loads((a.out / "pipeline.json").read_text())
    stages = st["stages"]
    total = sum(stages[s]["seconds"] for s in STAGES if s in stages)
    lines = [f"## Pipeline: `lamkit pipeline --profile {st['profile']}` (issue 6)", ""]
    lines.append(f"**Wall time per stage** (target for quickstart: at most 20 minutes in all on this 2-core machine): "
                 f"**{total / 60:.1f} min** in all.")
    lines += stage_lines(stages)
    lines += offline_lines(a.out / "evaluate" / "offline.json")
    lines += online_lines(a.out / "evaluate" / "online" / "online.json")

    # Per-step decision latency on the same recorded observations (no Writer in the loop).
    trajs = load_test_trajectories([a.out / "collect"])
    rows = [("heuristic expert", decision_latency(HeuristicExpert(), trajs, a.latency_steps))]
    ck = a.out / "checkpoints" / "phase4"
    if (ck / "DONE").exists():
        rows.append((f"tiny model ({st['profile']} phase 4)", decision_latency(checkpoint_policy(str(ck)), trajs, a.latency_steps)))
    if not a.no_smollm2:
        rows.append(("SmolLM2-135M-Instruct (bundled)", decision_latency(checkpoint_policy("smollm2"), trajs, a.latency_steps)))
    lines += ["", "**Per-step decision latency** (policy only: prompt rendering and constrained decoding "
              "of the answer (docs/decoding.md), on recorded test observations; add the Writer step, "
              "~50-300 ms, for the online latency):", "",
              "| policy | steps | median s | p95 s |", "| --- | --- | --- | --- |"]
    for name, xs in rows:
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
        lines.append(f"| {name} | {len(xs)} | {statistics.median(xs):.3f} | {p95:.3f} |")
    if not a.no_run:
        lines.append(f"\nThis benchmark invocation took {this_run / 60:.1f} min (stages already done are not rerun).")
    cmd = "python benchmarks/pipeline_bench.py" + ("" if a.out == Path("runs/bench-quickstart") else f" --out {a.out}")
    print("\n".join(lines) if a.quick else write_section("pipeline", "\n".join(lines), cmd))


if __name__ == "__main__":
    main()
