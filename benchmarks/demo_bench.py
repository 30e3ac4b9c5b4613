"""`make demo` from a fresh clone, set-up included (issue 13 target: at most 20 minutes).

What a new user does: clone, `make demo`. This clones HEAD (committed code only) into a temporary
folder and runs, there, first `bash scripts/setup.sh` (the set-up `make demo` starts with: the
Debian packages it checks, a NEW virtual environment with torch, the package and its
dependencies, from PyPI or the local wheel cache) and then `make demo` (set-up again, now a no-op,
then the quickstart pipeline), timing each. The pipeline's run folder is copied to
``runs/demo-fresh`` so `benchmarks/pipeline_bench.py --out runs/demo-fresh --no-run` and
`benchmarks/lam_bench.py` can read it.

    .venv/bin/python benchmarks/demo_bench.py                 # the real thing: a new venv (~minutes of pip)
    .venv/bin/python benchmarks/demo_bench.py --reuse-venv    # the clone borrows this checkout's venv
    .venv/bin/python benchmarks/demo_bench.py --quick         # the smoke profile, borrowed venv; prints only

Writes ``benchmarks/results/demo.json`` and the ``demo`` section of benchmarks/RESULTS.md (not
with --quick). The host is shared: the 1-minute load average before and after is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clone import borrow_venv, clone_head  # noqa: E402
from _results import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "benchmarks" / "results" / "demo.json"
TARGET_MIN = 20.0


def timed(cmd: list[str], cwd: Path, env: dict, log: Path, timeout_s: float) -> tuple[int, float]:
    t0 = time.monotonic()
    with log.open("w") as out:
        try:
            rc = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout_s).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    return rc, time.monotonic() - t0


def run(reuse_venv: bool, quick: bool, timeout_s: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lamkit-demo-"))
    try:
        repo = work / "repo"
        commit = clone_head(repo)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        if reuse_venv:  # the clone borrows this checkout's venv, unchanged
            env = borrow_venv(repo, env)
        load_before = os.getloadavg()[0]
        rc_setup, setup_s = timed(["bash", "scripts/setup.sh"], repo, env, work / "setup.log", timeout_s)
        demo_cmd = ["make", "demo"] if not quick else \
            ["bash", "-c", "make setup && .venv/bin/python -m lamkit.cli pipeline --profile smoke --out runs/quickstart"]
        rc_demo, demo_s = (1, 0.0) if rc_setup else timed(demo_cmd, repo, env, work / "demo.log", timeout_s)
        load_after = os.getloadavg()[0]
        tail = ""
        if rc_setup or rc_demo:
            tail = ((work / ("setup.log" if rc_setup else "demo.log")).read_text(errors="replace"))[-2000:]
        run_dir = repo / "runs" / "quickstart"
        stages = json.loads((run_dir / "pipeline.json").read_text())["stages"] if (run_dir / "pipeline.json").exists() else {}
        if not quick and run_dir.exists():
            dest = ROOT / "runs" / "demo-fresh"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(run_dir, dest, symlinks=True)
        return {
            "commit": commit, "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "fresh_venv": not reuse_venv, "profile": "smoke" if quick else "quickstart",
            "setup_s": round(setup_s, 1), "demo_s": round(demo_s, 1), "total_s": round(setup_s + demo_s, 1),
            "exit_setup": rc_setup, "exit_demo": rc_demo,
            "stage_seconds": {k: v.get("seconds") for k, v in stages.items()},
            "load_avg_1min": [round(load_before, 2), round(load_after, 2)], "tail": tail,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def section(runs: list[dict]) -> str:
    rows = "\n".join(
        f"| {r['date']} | `{r['commit'][:10]}` | {'new' if r['fresh_venv'] else 'borrowed'} | {r['setup_s'] / 60:.1f} | "
        f"{r['demo_s'] / 60:.1f} | **{r['total_s'] / 60:.1f}** | {r['exit_demo']} | {r['load_avg_1min'][0]:.1f} / {r['load_avg_1min'][1]:.1f} | "
        + ", ".join(f"{k} {v:.0f} s" for k, v in r["stage_seconds"].items() if v is not None) + " |" for r in runs)
    last = runs[-1]
    verdict = "within" if last["exit_demo"] == 0 and last["total_s"] / 60 <= TARGET_MIN else "NOT within"
    return f"""## `make demo` from a fresh clone, set-up included (issue 13; target <= {TARGET_MIN:.0f} min)

Each row: `git clone` of HEAD into a temporary folder, then `bash scripts/setup.sh` (a new virtual
environment when "venv" says new: torch, the package and its dependencies installed) and `make demo`
there, each timed. The latest run is **{last['total_s'] / 60:.1f} min: {verdict} the target**. The host is shared (1-min load
average before / after shown): compare within a row, and repeat before believing a difference.

| date | commit | venv | set-up min | demo min | total min | exit | load | pipeline stages |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
{rows}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuse-venv", action="store_true", help="borrow this checkout's .venv instead of making a new one")
    ap.add_argument("--quick", action="store_true", help="the smoke profile with a borrowed venv; prints, writes nothing")
    ap.add_argument("--timeout", type=float, default=3600)
    a = ap.parse_args()
    r = run(a.reuse_venv or a.quick, a.quick, a.timeout)
    print(json.dumps({k: v for k, v in r.items() if k != "tail"}, indent=1))
    if r["exit_setup"] or r["exit_demo"]:
        raise SystemExit(f"demo bench: the run failed\n{r['tail']}")
    if a.quick:
        return
    runs = json.loads(RESULTS_JSON.read_text())["runs"] if RESULTS_JSON.exists() else []
    runs.append(r)
    tmp = RESULTS_JSON.with_suffix(".tmp")
    tmp.write_text(json.dumps({"runs": runs}, indent=1))
    tmp.replace(RESULTS_JSON)
    write_section("demo", section(runs), ".venv/bin/python benchmarks/demo_bench.py" + (" --reuse-venv" if a.reuse_venv else ""))


if __name__ == "__main__":
    main()
