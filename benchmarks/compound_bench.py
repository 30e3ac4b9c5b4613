"""Two edits in one request: trained checkpoints online on many held-out compound tasks.

A quickstart run holds 3 compound test tasks, too few to tell two models apart. A bigger
instantiation (the standard profile's: 80+ compound test tasks over 9 documents a kind)
uses the same split rule (lamkit/dataflow/split.py: test phrasings, connectives and
templates never train), so its compound TEST tasks are held out for any quickstart
checkpoint too. This runs each checkpoint live on the same ``--n`` of them, spread over
the family pairs (sorted by task id), and reports task success with a Wilson 95% interval
(the checker of a compound task requires both edits: a near miss that does one fails).

    .venv/bin/python benchmarks/compound_bench.py --tasks runs/standard \\
        --model v1=runs/quickstart/checkpoints/phase4 --model v2=runs/qs2-seed-0/checkpoints/phase4
    .venv/bin/python benchmarks/compound_bench.py --tasks runs/smoke --model a=runs/smoke/checkpoints/phase2 --quick

Writes the ``compound`` section of benchmarks/RESULTS.md and benchmarks/results/compound.json
(resumable: episodes are kept in ``--out``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402
from _outcomes import outcomes, tally  # noqa: E402  (one tally of online outcomes for probe and compound)


def main(argv=None) -> dict:
    from lamkit.agent.policies import PolicySpec
    from lamkit.dataflow.runner import load_items
    from lamkit.errors import LamkitError
    from lamkit.evaluate.online import evaluate_online

    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=Path, required=True, help="a pipeline run folder whose instantiation to draw from")
    ap.add_argument("--model", action="append", default=[], metavar="NAME=CHECKPOINT", required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--steps", type=int, default=10, help="episode step limit")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="episodes (default: TASKS/compound-eval)")
    ap.add_argument("--quick", action="store_true", help="2 tasks; prints, writes nothing to RESULTS")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL=ONLINE_JSON",
                    help="rows of an earlier run of this benchmark on the same tasks (its out folder's online.json, "
                         "e.g. an older build run from its own checkout); repeatable")
    a = ap.parse_args(argv)
    models = {}
    for m in a.model:
        name, _, path = m.partition("=")
        if not path or not (Path(path) / "config.json").exists():
            sys.exit(f"compound_bench: --model {m!r}: want NAME=CHECKPOINT (a folder with config.json)")
        models[name] = PolicySpec(kind="model", model=path)
    inst = a.tasks / "collect" / "instantiation" / "pass.jsonl"
    if not inst.exists():
        sys.exit(f"compound_bench: {inst} does not exist (instantiate the run first)")
    items = [(t, tp) for t, tp in load_items(inst) if t.split == "test" and t.checker is not None and "+" in (t.family or "")]
    items.sort(key=lambda it: it[0].id)
    n = 2 if a.quick else a.n
    items = items[:n]
    if not items:
        print(f"no compound test task in {inst}")
        return {}
    out = a.out or a.tasks / "compound-eval"
    try:
        res = evaluate_online(items, models, out, a.workers, a.steps, split=None)
    except LamkitError as e:
        sys.exit(f"compound_bench: {e}")
    rows, data = [], {"tasks_from": str(a.tasks), "tasks": len(items), "families": sorted({t.family for t, _ in items}),
                      "models": {}}
    shape_of = {t.id: t.params.get("compound", "?") for t, _ in items}
    shapes = sorted(set(shape_of.values()))
    entries = [(name, models[name].model, out / name, m.model_dump()) for name, m in res.items()]
    for v in a.variant:
        label, _, path = v.partition("=")
        if not path or not Path(path).exists():
            sys.exit(f"compound_bench: --variant {v!r}: want LABEL=PATH/online.json of an earlier run")
        for name, m in json.loads(Path(path).read_text()).items():
            if name != "expert":
                entries.append((f"{label}: {name}", "(earlier run)", Path(path).parent / name, m))
    for name, checkpoint, episodes, m in entries:
        got = outcomes(episodes)
        if set(got) - set(shape_of):
            sys.exit(f"compound_bench: {episodes} holds tasks that are not this run's {len(items)}")
        t = tally(got, lambda task: shape_of.get(task, "?"), shapes)
        ok, n, (lo, hi), by_shape = t["successes"], t["tasks"], t["ci"], t["by_group"]
        data["models"][name] = {"checkpoint": checkpoint, "successes": ok, "tasks": n, "tsr": t["tsr"],
                                "tsr_wilson95": [lo, hi], "env_errors": m.get("env_errors"), "avg_steps": m.get("avg_steps"),
                                "invalid_answers": m.get("invalid_answers"), "by_shape": by_shape}
        rows.append(f"| {name} | `{checkpoint}` | {ok}/{n} = {100 * ok / max(n, 1):.0f}% "
                    f"[{100 * lo:.0f}%, {100 * hi:.0f}%] | " + " | ".join(f"{s}/{k}" for s, k in by_shape.values())
                    + f" | {m.get('avg_steps') or 0:.1f} | {m.get('env_errors')} | {m.get('invalid_answers')} |")
    body = (f"## Two edits in one request (`benchmarks/compound_bench.py`)\n\n"
            f"{len(items)} held-out compound test tasks of `{a.tasks}` (test phrasings, connectives and templates, "
            f"{len(data['families'])} family pairs), each model live, {a.steps} steps at most; by shape "
            "(lamkit/dataflow/compound.py).\n\n"
            "| model | checkpoint | task success [Wilson 95%] | " + " | ".join(shapes)
            + " | steps (mean) | env errors | invalid answers |\n"
            "| --- | --- | --- | " + "--- | " * len(shapes) + "--- | --- | --- |\n" + "\n".join(rows))
    print(body)
    if not a.quick:
        write_section("compound", body, "python benchmarks/compound_bench.py " + shlex.join(sys.argv[1:] if argv is None else argv))
        (ROOT / "benchmarks" / "results" / "compound.json").write_text(json.dumps(data, indent=1) + "\n")
    return data


if __name__ == "__main__":
    main()
