"""How often the exemplar the renderer shows does the request's edit (lamkit.agent.exemplars).

For each successful expert trajectory of a run, the exemplar the prompt would show for
its request (its own task excluded, as in training) is compared with the trajectory
itself: do the exemplar's edit steps (every step but the selections and finish, as
``function control``) equal the expert's? Index version 1 (whole request as written)
and version 2 (quoted text masked; a two-clause request gets a composed exemplar) are
built from the same training successes. Reported separately for single edits and
compound requests, on the training split (leave-one-out: what version 2 was designed
on) and on the held-out split (reported only, never used to choose a rule).

    .venv/bin/python benchmarks/exemplar_bench.py --run runs/standard
    .venv/bin/python benchmarks/exemplar_bench.py --run runs/quickstart --quick   # 60 requests a split, prints only

Writes the ``exemplars`` section of benchmarks/RESULTS.md and benchmarks/results/exemplars.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402


def agreement(trajs, index, version: int) -> dict:
    """{kind: [agreeing, total]} for single and compound requests."""
    from lamkit.agent.exemplars import ExemplarIndex, key_steps
    from lamkit.train.data import exemplar_index

    idx = index if index.version == version else ExemplarIndex(entries=index.entries, version=version)
    out = {"single": [0, 0], "compound": [0, 0]}
    for t in trajs:
        own = exemplar_index([t]).entries
        if not own:
            continue
        ex = idx.exemplar(t.task.request, exclude=t.task.id)
        kind = "compound" if "+" in (t.task.family or "") else "single"
        out[kind][0] += ex is not None and key_steps(ex.steps) == key_steps(own[0].steps)
        out[kind][1] += 1
    return out


def main(argv=None) -> dict:
    from ranker_bench import load

    from lamkit.train.data import exemplar_index, is_success

    ap = argparse.ArgumentParser()
    ap.add_argument("--run", type=Path, required=True, help="run folder (its collect/) or execution JSONL")
    ap.add_argument("--quick", action="store_true", help="60 requests a split; prints, writes nothing")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args(argv)
    src = a.run / "collect" if (a.run / "collect").is_dir() else a.run
    every = load(src)
    trajs = [t for t in every if is_success(t) and t.task.family and t.task.family != "help"]
    train = [t for t in trajs if t.task.split == "train"]
    held = [t for t in trajs if t.task.split != "train"]
    if a.quick:
        train, held = train[:60], held[:60]
    index = exemplar_index([t for t in every if t.task.split == "train"])
    res = {"run": str(a.run), "index_entries": len(index.entries), "splits": {}}
    for split, these in (("train (leave-one-out)", train), ("held-out", held)):
        res["splits"][split] = {f"v{v}": agreement(these, index, v) for v in (1, 2)}
    rows = ["| split | requests | v1: whole request | v2: masked + composed |", "| --- | --- | --- | --- |"]
    for split, by in res["splits"].items():
        for kind in ("single", "compound"):
            n = by["v1"][kind][1]
            cell = [f"{by[v][kind][0]}/{n} = {by[v][kind][0] / n:.0%}" if n else "–" for v in ("v1", "v2")]
            rows.append(f"| {split}, {kind} | {n} | {cell[0]} | {cell[1]} |")
    body = ("## Exemplars: does the shown exemplar do the request's edit?\n\n"
            f"Run `{a.run}`, {res['index_entries']} indexed training requests. A request agrees when the "
            "exemplar's edit steps (all but selections and finish) equal its own expert's.\n\n" + "\n".join(rows))
    print(body)
    if not (a.quick or a.no_write):
        write_section("exemplars", body, f"python benchmarks/exemplar_bench.py --run {a.run}")
        out = ROOT / "benchmarks" / "results" / "exemplars.json"
        out.write_text(json.dumps(res, indent=1) + "\n")
    return res


if __name__ == "__main__":
    main()
