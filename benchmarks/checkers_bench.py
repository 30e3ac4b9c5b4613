"""Checkers against near misses (issue 12): does every family's checker fail every wrong outcome?

For each family of ``FAMILIES`` (``--tasks-per-family`` tasks each, on generated templates) this
runs, in live Writer and from a fresh reset each time, the family's gold solution, the
do-nothing outcome and every near miss of ``lamkit/dataflow/near_misses.py``, and judges
each with the task's checker. It prints the confusion per family and writes:

- the ``checkers`` section of benchmarks/RESULTS.md (per family: gold pass, do-nothing fail,
  near misses tried, false successes, false failures; then every false success named);
- ``benchmarks/results/checkers.json``: ``families``, ``near_misses`` (outcomes tried),
  ``false_successes``, ``false_failures`` (counts over all families), ``per_family`` and
  every outcome with its verdict.

``--quick`` runs ``near_misses.QUICK`` (three near misses of six varied families) and writes
nothing (a smoke run, ~1 min on an idle 2-core machine).

Run: .venv/bin/python benchmarks/checkers_bench.py [--quick] [--workers 2] [--tasks-per-family 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import write_section  # noqa: E402

from lamkit.dataflow.families import FAMILIES, BY_NAME  # noqa: E402
from lamkit.dataflow.near_misses import QUICK, Outcome, judge_outcomes  # noqa: E402
from lamkit.dataflow.templates import build_catalog  # noqa: E402

CMD = ".venv/bin/python benchmarks/checkers_bench.py"
JSON_OUT = Path(__file__).with_name("results") / "checkers.json"


def tasks_for(families: list[str], catalog, per_family: int, seed: int):
    """Deterministic tasks: one rng per (seed, family, i), so a subset run draws the same tasks."""
    out = []
    for name in families:
        f = BY_NAME[name]
        fits = [t for t in catalog if (t.kind == "table") == (f.needs == "table")]
        for i in range(per_family):
            rng = random.Random(f"{seed}:{name}:{i}")
            out.append(f.make_task(rng.choice(fits), rng))
    return out


def sweep(tasks, workers: int, subset: dict[str, list[str]] | None = None) -> list[Outcome]:
    """Judge every task's outcomes; ``workers`` threads, each driving its own WriterEnv (the
    envs are separate processes, so threads in this process only wait on them). ``subset``:
    family -> the near misses to run (default all)."""
    from lamkit.envs.base import make_env

    local, envs, lock = threading.local(), [], threading.Lock()

    def one(task) -> list[Outcome]:
        if not hasattr(local, "env"):
            local.env = make_env("writer")
            with lock:
                envs.append(local.env)
        t0 = time.monotonic()
        res = judge_outcomes(local.env, task, names=subset.get(task.family) if subset else None)
        bad = [o.outcome for o in res if o.wrong or o.error]
        print(f"{task.family:18} {len(res):2} outcomes {time.monotonic() - t0:5.1f} s"
              + (f"  wrong/error: {', '.join(bad)}" if bad else ""), flush=True)
        return res

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return [o for res in pool.map(one, tasks) for o in res]
    finally:
        for e in envs:
            e.close()


def summarise(outcomes: list[Outcome], families: list[str]) -> dict:
    per: dict[str, dict] = {}
    by_fam: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_fam[o.family].append(o)
    for name in families:
        os_ = by_fam[name]
        gold = [o for o in os_ if o.kind == "gold" and o.passed is not None]
        none = [o for o in os_ if o.kind == "do_nothing" and o.passed is not None]
        nms = [o for o in os_ if o.kind not in ("gold", "do_nothing") and o.passed is not None]
        fs = [o for o in nms if o.passed]
        per[name] = {
            "gold_runs": len(gold), "gold_pass": sum(o.passed for o in gold),
            "do_nothing_runs": len(none), "do_nothing_fail": sum(not o.passed for o in none),
            "near_misses": len(nms), "false_successes": len(fs),
            "false_failures": sum(not o.passed for o in gold),
            "false_success_rate": len(fs) / len(nms) if nms else None,
            "false_failure_rate": sum(not o.passed for o in gold) / len(gold) if gold else None,
            "errors": sum(1 for o in os_ if o.error),
            "false_success_names": sorted({o.outcome for o in fs}),
            "invisible_to_state": sorted({o.outcome for o in nms if o.same_state_as == "gold"}),
            "read_as_do_nothing": sorted({o.outcome for o in nms if o.same_state_as == "do_nothing"}),
        }
    tot = lambda k: sum(p[k] for p in per.values())  # noqa: E731
    return {
        "families": len(families), "tasks": sum(p["gold_runs"] for p in per.values()),
        "near_misses": tot("near_misses"), "false_successes": tot("false_successes"),
        "false_failures": tot("false_failures"),
        "do_nothing_passes": tot("do_nothing_runs") - tot("do_nothing_fail"),
        "errors": tot("errors"), "per_family": per,
    }


def section(s: dict, outcomes: list[Outcome], wall_s: float, workers: int, per_family: int, version) -> str:
    rows = "\n".join(
        f"| {n} | {p['gold_pass']}/{p['gold_runs']} | {p['do_nothing_fail']}/{p['do_nothing_runs']} | {p['near_misses']} "
        f"| {'**' + str(p['false_successes']) + '**' if p['false_successes'] else 0} | {p['false_failures']} |"
        for n, p in s["per_family"].items()
    )
    fs = [o for o in outcomes if o.kind not in ("gold", "do_nothing") and o.passed]
    seen, lines = set(), []
    for o in fs:
        if (o.family, o.outcome) not in seen:
            seen.add((o.family, o.outcome))
            lines.append(f"- {o.family} / `{o.outcome}` ({o.kind}): {o.what}"
                         + (" (its DocState equals gold's: no checker can tell them apart)" if o.same_state_as == "gold" else ""))
    errs = [f"- {o.family} / `{o.outcome}`: {o.error}" for o in outcomes if o.error]
    unseen = [f"{n} / `{x}`" for n, p in s["per_family"].items() for x in p["read_as_do_nothing"]]
    fsr = s["false_successes"] / s["near_misses"] if s["near_misses"] else 0.0
    ffr = s["false_failures"] / s["tasks"] if s["tasks"] else 0.0
    return f"""## Checkers against near misses (issue 12)

Every family's gold solution, the do-nothing outcome and every near miss of
`lamkit/dataflow/near_misses.py` (wrong target, everything, lookalike, half of a two-part task,
wrong value; each a UNO script run in live Writer from a fresh reset) judged by the task's checker
(checker version {version}); {per_family} task(s) per family, {workers} Writer worker(s), wall time **{wall_s / 60:.1f} min**.

**Totals**: {s['families']} families, {s['tasks']} tasks, {s['near_misses']} near-miss outcomes tried:
**{s['false_successes']} false successes** (rate {fsr:.1%}, target 0), **{s['false_failures']} false failures** on gold
(rate {ffr:.1%}, target 0), do-nothing passing: {s['do_nothing_passes']}, outcomes that could not be produced: {s['errors']}.

| family | gold pass | do-nothing fail | near misses tried | false successes | false failures |
| --- | --- | --- | --- | --- | --- |
{rows}

**Near misses that passed their checker** ({len(lines)}):
{chr(10).join(lines) or '- none'}

Near misses whose `DocState` equals the untouched template's (DocState does not read what they change, so
they fail for the do-nothing reason; a checker cannot do better until DocState reads it): {', '.join(unseen) or 'none'}.
{(chr(10) + '**Outcomes that could not be produced**:' + chr(10) + chr(10).join(errs)) if errs else ''}
"""


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"three near misses of each of {', '.join(QUICK)}; writes nothing")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--tasks-per-family", type=int, default=1)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--families", default="", help="comma-separated subset (writes nothing)")
    a = ap.parse_args()
    families = list(QUICK) if a.quick else ([x for x in a.families.split(",") if x] or [f.name for f in FAMILIES])
    unknown = [x for x in families if x not in BY_NAME]
    if unknown:
        sys.exit(f"checkers_bench: unknown family {', '.join(unknown)} (have {', '.join(BY_NAME)})")
    full = not a.quick and not a.families
    with tempfile.TemporaryDirectory(prefix="lamkit-ckbench-") as root:
        catalog = build_catalog(Path(root) / "templates", per_kind=2)
        tasks = tasks_for(families, catalog, a.tasks_per_family, a.seed)
        t0 = time.monotonic()
        outcomes = sweep(tasks, a.workers, QUICK if a.quick else None)
        wall = time.monotonic() - t0
    s = summarise(outcomes, families)
    version = tasks[0].checker.get("version") if tasks and tasks[0].checker else None
    body = section(s, outcomes, wall, a.workers, a.tasks_per_family, version)
    print(body)
    if full:
        cmd = CMD + (f" --workers {a.workers}" if a.workers != 1 else "") + (
            f" --tasks-per-family {a.tasks_per_family}" if a.tasks_per_family != 1 else "")
        write_json(JSON_OUT, {**s, "checker_version": version, "wall_s": round(wall, 1), "workers": a.workers,
                              "command": cmd, "outcomes": [o.model_dump() for o in outcomes]})
        write_section("checkers", body, cmd)
        print(f"wrote {JSON_OUT} and the checkers section of benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
