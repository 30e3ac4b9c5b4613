"""Rebuild tests/data/viewer_run, the small recorded run folder the viewer tests read.

Two episodes of the heuristic expert are re-run now in live Writer with the
collection's own ``run_task`` (so their records carry the final document state),
and the quickstart run's online-evaluated phase-4 episode of the first task is
copied as recorded (without a final state: older records have none). Controls are
trimmed to those the actions used plus the first 25, to keep the fixture small.

    .venv/bin/python tests/evaluate/make_viewer_run.py runs/quickstart
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lamkit.dataflow.runner import run_task
from lamkit.jsonl import write_jsonl

TASKS = ("4c172dedd555e240", "f751e4a826e6f8c6")  # bold (also run by phase 4), highlight
OUT = Path(__file__).resolve().parent.parent / "data" / "viewer_run"


def trim(rec: dict) -> dict:
    for s in (rec.get("trajectory") or {}).get("steps", []):
        used = {str(s["action"]["args"].get("control_label"))}
        obs = s["observation"]
        obs["controls"] = [c for i, c in enumerate(obs["controls"]) if i < 25 or c["label"] in used]
    return rec


def main(run: Path) -> None:
    by_id = {json.loads(l)["task_id"]: json.loads(l) for l in open(run / "collect/execution/pass.jsonl")}
    expert = []
    for tid in TASKS:
        task = by_id[tid]["task"]
        task["template"] = str(run / "templates" / Path(task["template"]).name)
        expert.append(trim(run_task(task, "heuristic", 10)))
    rec = next(json.loads(l) for l in open(run / "evaluate/online/phase4/execution/fail.jsonl")
               if json.loads(l)["task_id"] == TASKS[0])
    write_jsonl(OUT / "collect/execution/pass.jsonl", expert)
    write_jsonl(OUT / "evaluate/online/phase4/execution/fail.jsonl", [trim(rec)])


if __name__ == "__main__":
    from lamkit.dataflow.runner import close_worker_env

    try:
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "runs/quickstart"))
    finally:
        close_worker_env()
