"""Learning curve of a finished pipeline run: online TSR after training on a fraction of its data.

Does more expert data help, and how much? For each fraction f < 1 the run's training
trajectories are subsampled by task (a task is kept iff a hash of its id falls below f,
so the 25% set is inside the 50% set), the run's profile trains phases 1..``--last-phase``
on them into ``RUN/curve/fNN/checkpoints`` (phase 1's plans and phase 3's fresh tasks are
the run's own; phase 1 is the run's own checkpoint when it reads no trajectories), the
profile's post-hoc hint weight is chosen on the share's own validation trajectories, and
that final phase runs live on the run's held-out test tasks. The 100% point is the run's
own checkpoint of the same phase on the same tasks (its online row when it is the phase the
run evaluated). Resumable: a finished phase or episode is not redone.

    .venv/bin/python benchmarks/learning_curve_bench.py --run runs/quickstart               # 25% and 50%
    .venv/bin/python benchmarks/learning_curve_bench.py --run runs/standard --last-phase 2   # phases 1-2 only
    .venv/bin/python benchmarks/learning_curve_bench.py --run runs/quickstart --quick        # 50%, 4 test tasks

Writes the ``learning_curve`` section of benchmarks/RESULTS.md and the run's
``learning_curve`` key in benchmarks/results/lam.json (``{profile: [{fraction,
train_trajectories, online_tsr, online_tsr_ci, online_tasks}]}``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402


def kept(task_id: str, fraction: float) -> bool:
    """Nested subsamples: the same task is kept at every fraction above its hash."""
    return int(hashlib.sha1(task_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


def reuse_phase1(run: Path, out: Path, cfg) -> None:
    """Phase 1 learns from the task-plan data alone unless the model trains its own tokenizer
    (then it reads the trajectories too): in that case the run's finished phase 1 is exactly
    what this share would train, so it is linked instead of trained again."""
    from lamkit.train.phases import trains_tokenizer

    src, dst = run / "checkpoints" / "phase1", out / "checkpoints" / "phase1"
    if trains_tokenizer(cfg) or dst.exists() or not (src / "DONE").exists():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.symlink_to(src.resolve(), target_is_directory=True)


def hint_weight(checkpoint: Path) -> float | None:
    """The hint weight a checkpoint decodes with (its lamkit_train_config.json)."""
    f = checkpoint / "lamkit_train_config.json"
    return json.loads(f.read_text())["decoding"]["hint_weight"] if f.exists() else None


def run_online(run: Path, p, checkpoint: Path, out: Path, online_tasks: int) -> dict:
    """``checkpoint`` live on the run's held-out test tasks into ``out`` (resumable): its TSR row."""
    from lamkit.agent.policies import PolicySpec
    from lamkit.evaluate.online import evaluate_online
    from lamkit.pipeline import Paths

    name = checkpoint.name
    m = evaluate_online(Paths(run).tasks, {name: PolicySpec(kind="model", model=str(checkpoint))}, out, p.workers,
                        p.episode_steps, split="test", limit=online_tasks or p.online_tasks)[name]
    return {"task_success_rate": m.task_success_rate, "tsr_ci": m.tsr_ci, "tasks": m.tasks}


def run_fraction(run: Path, fraction: float, last_phase: int, online_tasks: int) -> dict:
    """Train on ``fraction`` of the run's training trajectories and run the final phase online."""
    from lamkit.journal import read_journal
    from lamkit.jsonl import read_jsonl, write_jsonl
    from lamkit.pipeline import PROFILES, Paths, load_state, train_config
    from lamkit.schema import Trajectory
    from lamkit.train.explore import DataflowExplorer
    from lamkit.train.calibrate import calibrate_finished
    from lamkit.train.phases import DataPaths, run_phase

    st = json.loads((run / "pipeline.json").read_text())
    p = PROFILES[st["profile"]]
    if (run / "journal.json").exists():  # the profile's seed the run was made with
        p = p.model_copy(update={"seed": read_journal(run).invocations[-1].seeds.get("profile", p.seed)})
    load_state(run, p.name)  # refuses a folder of another profile
    paths = Paths(run)
    out = run / "curve" / f"f{round(fraction * 100):02d}"
    trajs = [t for t in read_jsonl(paths.train_trajs, Trajectory) if kept(t.task.id, fraction)]
    sub = out / "data" / "train_trajectories.jsonl"
    if not sub.exists():
        write_jsonl(sub, trajs)
    cfg = train_config(p)
    data = DataPaths(plans=[paths.train_plans], trajectories=[sub], tasks=[paths.fresh])
    explorer = DataflowExplorer(out / "checkpoints" / "phase3" / "explore", p.workers, cfg.explore.max_steps)
    reuse_phase1(run, out, cfg)
    for n in range(1, last_phase + 1):
        run_phase(n, cfg, data, out / "checkpoints", explorer=explorer if n == 3 else None)
    # The profile's post-hoc hint weight, chosen as its pipeline does (on this share's own
    # validation trajectories), so each point decodes the way the 100% point does.
    cal = calibrate_finished(out / "checkpoints", cfg, trajs)
    name = f"phase{last_phase}"
    m = run_online(run, p, out / "checkpoints" / name, out / "online", online_tasks)
    return {"fraction": fraction, "train_trajectories": len(trajs), "train_successes": sum(1 for t in trajs if t.verdict and t.verdict.success),
            "phase": name, "hint_weight": hint_weight(out / "checkpoints" / name), "posthoc_calibration": bool(cal),
            "online_tsr": m["task_success_rate"], "online_tsr_ci": m["tsr_ci"], "online_tasks": m["tasks"]}


def full_point(run: Path, last_phase: int, online_tasks: int) -> dict | None:
    """The 100% point: the run's own phase ``last_phase`` online, like the shares. When that is
    the phase the run itself evaluated online, its online row; otherwise (``--last-phase 2`` on
    a run evaluated at phase 4) the run's phase-``last_phase`` checkpoint runs live on the same
    test tasks into ``RUN/curve/f100/online`` (resumable), so every point is the same phase."""
    from lam_bench import final_phase
    from lamkit.pipeline import PROFILES

    f = run / "evaluate" / "online" / "online.json"
    on = json.loads(f.read_text()) if f.exists() else {}
    fin, name = final_phase(on), f"phase{last_phase}"
    n = sum(1 for line in (run / "data" / "train_trajectories.jsonl").open()) if (run / "data" / "train_trajectories.jsonl").exists() else None
    if fin == name:
        m = on[fin]
    else:
        if not (run / "checkpoints" / name / "DONE").exists():
            return None
        p = PROFILES[json.loads((run / "pipeline.json").read_text())["profile"]]
        m = run_online(run, p, run / "checkpoints" / name, run / "curve" / "f100" / "online", online_tasks)
    return {"fraction": 1.0, "train_trajectories": n, "phase": name, "hint_weight": hint_weight(run / "checkpoints" / name),
            "online_tsr": m["task_success_rate"], "online_tsr_ci": m.get("tsr_ci"), "online_tasks": m["tasks"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, required=True, help="a finished pipeline run folder")
    ap.add_argument("--fractions", type=float, nargs="*", default=[0.25, 0.5])
    ap.add_argument("--last-phase", type=int, default=4, choices=(2, 3, 4), help="train phases 1..N for each fraction")
    ap.add_argument("--online-tasks", type=int, default=0, help="test tasks run live (0: the profile's)")
    ap.add_argument("--quick", action="store_true", help="50%% only, phases 1-2, 4 test tasks; writes nothing")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    fractions, last, online = (([0.5], 2, 4) if a.quick else (a.fractions, a.last_phase, a.online_tasks))
    bad = [f for f in fractions if not 0 < f < 1]
    if bad:
        ap.error(f"fractions must be in (0, 1): {bad}")
    if not (a.run / "pipeline.json").exists():
        ap.error(f"{a.run}: no pipeline.json (not a finished `lamkit pipeline` run folder)")
    from lamkit.errors import LamkitError

    rows = []
    for f in sorted(fractions):
        try:
            rows.append(run_fraction(a.run, f, last, online))
        except LamkitError as e:  # e.g. no training success in a small share of a small run
            print(f"{f:.0%}: not trained: {e}")
    if not a.quick and (full := full_point(a.run, last, online)):
        rows.append(full)
    profile = json.loads((a.run / "pipeline.json").read_text())["profile"]
    for r in rows:
        ci = r.get("online_tsr_ci")
        print(f"{r['fraction']:.0%}: {r['train_trajectories']} trajectories, {r['phase']} online TSR "
              f"{r['online_tsr']:.1%} ({r['online_tasks']} tasks" + (f", 95% CI {ci[0]:.0%}-{ci[1]:.0%})" if ci else ")"))
    if a.quick or a.no_write:
        return
    lines = [f"## Learning curve: {profile} (`benchmarks/learning_curve_bench.py`)", "",
             f"Run `{a.run}`: its held-out test tasks run live after training on a nested, seeded share of its "
             "training trajectories (by task); the 100% row is the run's own checkpoint of the same phase. Bootstrap 95% intervals "
             "over tasks.", "",
             "| share | training trajectories | phase | hint weight | online TSR | 95% CI | test tasks |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        ci = r.get("online_tsr_ci")
        lines.append(f"| {r['fraction']:.0%} | {r['train_trajectories']} | {r['phase']} | {r.get('hint_weight')} | {r['online_tsr']:.1%} | "
                     + (f"{ci[0]:.1%}-{ci[1]:.1%}" if ci else "—") + f" | {r['online_tasks']} |")
    write_section(f"learning_curve_{profile}", "\n".join(lines),
                  f".venv/bin/python benchmarks/learning_curve_bench.py --run {a.run} --fractions "
                  + " ".join(f"{f:g}" for f in fractions) + (f" --last-phase {last}" if last != 4 else ""))
    from lamkit.jsonl import write_json_atomic

    res = ROOT / "benchmarks" / "results" / "lam.json"
    data = json.loads(res.read_text()) if res.exists() else {}
    data.setdefault("learning_curve", {})[profile] = rows
    write_json_atomic(res, data)


if __name__ == "__main__":
    main()
