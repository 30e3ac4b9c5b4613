"""Hint weights scored ONLINE on validation tasks: does the weight matter where errors compound?

Why: the post-hoc calibration (lamkit.train.calibrate) scores the weights offline, with the
gold history at every step, and on the standard-cpu run 8, 16 and 32 tie there; in stop 24
weight 16 beat 8 online by 10 points. This runs the final phase live on validation tasks (the
TRAINING split's checkable tasks worded with the held-out phrasing,
:func:`lamkit.train.calibrate.validation_tasks`; never the test split), once per weight, and
reports each weight's task success. The final model has trained on these tasks' phrasing (as
the offline post-hoc grid's has), so they are easier than the test split: a weak signal, but
not the test's.

    .venv/bin/python benchmarks/validation_online_bench.py --run runs/standard-cpu --tasks 40 --weights 8 16 32
    ... --variant "LABEL=runs/standard-cpu/validation-online-old/online.json"   # rows of an earlier run

Resumable: the episodes are kept in ``--out`` (default RUN/validation-online).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from _results import results_json, write_section  # noqa: E402

_POLICIES: dict = {}


def weighted_policy(checkpoint: str, weight: float):
    """The checkpoint's policy decoding with ``weight`` (built once per process, reset per episode)."""
    from lamkit.agent.model_policy import checkpoint_policy

    if (checkpoint, weight) not in _POLICIES:
        p = checkpoint_policy(checkpoint, name=f"w{weight:g}")
        p.decoding = p.decoding.model_copy(update={"hint_weight": float(weight)})
        _POLICIES[(checkpoint, weight)] = p
    p = _POLICIES[(checkpoint, weight)]
    p.reset(None)
    return p


def rows_of(online_json: Path, prefix: str = "") -> list[dict]:
    d = json.loads(Path(online_json).read_text())
    return [{"label": f"{prefix}{name}", "successes": m["successes"], "tasks": m["tasks"], "tsr": m["task_success_rate"],
             "tsr_ci": m.get("tsr_ci"), "by_compound": {k: [v["successes"], v["tasks"]] for k, v in m.get("by_compound", {}).items()}}
            for name, m in d.items()]


def main(argv: list[str] | None = None) -> None:
    from lamkit.dataflow.runner import load_items
    from lamkit.evaluate.online import evaluate_online
    from lamkit.train.calibrate import validation_tasks
    from lamkit.train.config import CalibrationSettings

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", type=Path, required=True, help="a pipeline run folder (collect/, checkpoints/)")
    ap.add_argument("--tasks", type=int, default=40, help="validation tasks (hash order of ids)")
    ap.add_argument("--weights", type=float, nargs="+", default=[8.0, 16.0, 32.0])
    ap.add_argument("--phase", default="phase4")
    ap.add_argument("--max-steps", type=int, default=12)
    ap.add_argument("--out", type=Path, help="episodes (default RUN/validation-online)")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL=ONLINE_JSON",
                    help="the rows of an earlier run of this benchmark, labelled; repeatable")
    ap.add_argument("--quick", action="store_true", help="2 tasks, the first weight; writes nothing")
    a = ap.parse_args(argv)
    if a.quick:
        a.tasks, a.weights, a.variant = 2, a.weights[:1], []
    out = a.out or a.run / "validation-online"
    index = CalibrationSettings().held_out_phrasing
    items = validation_tasks(load_items(a.run / "collect" / "instantiation" / "pass.jsonl"), index, a.tasks)
    if not items:
        if a.quick:  # a small run may have none: the quick mode only has to read the run
            print(f"0 validation tasks in {a.run}")
            return
        ap.error(f"{a.run}: no checkable training-split task worded with phrasing {index}")
    ck = str(a.run / "checkpoints" / a.phase)
    evaluate_online(items, {f"w{w:g}": functools.partial(weighted_policy, ck, w) for w in a.weights}, out,
                    workers=1, max_steps=a.max_steps)
    rows = [{**r, "label": f"{r['label']} (this build's decoder)"} for r in rows_of(out / "online.json")
            if r["label"] in {f"w{w:g}" for w in a.weights}]
    for spec in a.variant:
        label, _, path = spec.partition("=")
        rows += rows_of(Path(path), f"{label}: ")
    lines = [f"`{a.run}` {a.phase}, live, on {len(items)} validation tasks: the training split's checkable tasks "
             f"worded with held-out phrasing {index} (`lamkit.train.calibrate.validation_tasks`, the first in the "
             "hash order of their ids; never the test split). The final model has trained on their phrasing, "
             f"so they are easier than the test's. One worker, {a.max_steps} steps at most. A change found on these "
             "tasks' failures makes their later rows in-sample for it.", "",
             "| hint weight (row) | success [95% CI] | single | two-edit |", "| --- | --- | --- | --- |"]
    for r in rows:
        ci = f" [{r['tsr_ci'][0]:.1%}, {r['tsr_ci'][1]:.1%}]" if r.get("tsr_ci") else ""
        bc = r["by_compound"]
        lines.append(f"| {r['label']} | {r['successes']}/{r['tasks']} = {r['tsr']:.1%}{ci} | "
                     f"{'/'.join(map(str, bc.get('single', ['-'])))} | {'/'.join(map(str, bc.get('compound', ['-'])))} |")
    if a.quick:
        print("\n".join(lines))
        return
    cmd = (f".venv/bin/python benchmarks/validation_online_bench.py --run {a.run} --tasks {a.tasks} --weights "
           + " ".join(f"{w:g}" for w in a.weights) + "".join(f' --variant "{v}"' for v in a.variant)
           + (f" --out {a.out}" if a.out else ""))
    write_section("validation_online", "## Hint weights online on validation tasks (`benchmarks/validation_online_bench.py`)\n\n"
                  + "\n".join(lines), cmd)
    from lamkit.jsonl import write_json_atomic

    write_json_atomic(results_json("validation_online"), {"run": str(a.run), "tasks": len(items), "rows": rows})
    print("\n".join(lines))


if __name__ == "__main__":
    main()
