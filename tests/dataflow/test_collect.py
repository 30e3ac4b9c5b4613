"""Instantiation and collection runs on real Writer: workers, Ray, resume after kill -9."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.dataflow.instantiate import family_tasks, taskplan_tasks, write_instantiation
from lamkit.dataflow.split import SPLIT
from lamkit.dataflow.runner import collect, load_items
from lamkit.schema import Source, TaskPlan

pytestmark = pytest.mark.writer
QUICK = ["bold", "italic", "underline", "align_right", "heading2", "font_size", "strikethrough", "bullets"]


def _ids(out: Path) -> list[str]:
    ids = []
    for name in ("pass", "fail", "unsure"):
        p = out / "execution" / f"{name}.jsonl"
        if p.exists():
            ids += [json.loads(line)["task_id"] for line in p.read_text().splitlines() if line.strip()]
    return ids


_WORKDIR = re.compile(rb"lamkit-writer-\w+")


def _writer_procs() -> dict[int, tuple[int, set[bytes]]]:
    """pid -> (parent pid, Writer work folders named in its command line or environment), live processes only."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().split(") ", 1)[1].split()
            if stat[0] == "Z":
                continue
            names = set(_WORKDIR.findall((d / "cmdline").read_bytes() + b" " + (d / "environ").read_bytes()))
            out[int(d.name)] = (int(stat[1]), names)
        except (OSError, IndexError, ValueError):
            continue
    return out


def _workdirs_under(root: int) -> set[bytes]:
    """Writer work folders named by processes descending from ``root``."""
    procs = _writer_procs()
    mine, grew = {root}, True
    while grew:
        new = {p for p, (pp, _) in procs.items() if pp in mine} - mine
        mine |= new
        grew = bool(new)
    return {w for p in mine if p in procs for w in procs[p][1]}


def _still_running(workdirs: set[bytes]) -> list[int]:
    return [p for p, (_, names) in _writer_procs().items() if names & workdirs]


def test_instantiation_maps_harvested_pairs(catalog, tmp_path):
    tps = [
        TaskPlan(id="h1", app="writer", task="Make text bold", plan=["Select the text.", "Click the Bold icon."], source=Source(path="a.html")),
        TaskPlan(id="h2", app="writer", task="Record a macro", plan=["Choose Tools - Macros - Record Macro."], source=Source(path="b.html")),
        TaskPlan(id="h3", app="calc", task="Apply AutoFilter", plan=["Choose Data - Filter - AutoFilter."], source=Source(path="c.html")),
    ]
    recs = taskplan_tasks(tps, catalog)
    by = {r.taskplan.id: r for r in recs}
    assert by["h1"].ok and by["h1"].task.family == "bold" and by["h1"].task.checker and by["h1"].task.origin == "h1"
    assert by["h2"].ok and by["h2"].task.checker is None and by["h2"].task.params["judge_only"]
    assert not by["h3"].ok and "not a Writer task" in by["h3"].reason
    fam = family_tasks(20, catalog, seed=3)
    by_path = {t.path: t for t in catalog}
    assert len({r.task.id for r in fam}) == 20
    assert all(r.task.split == SPLIT.template(by_path[r.task.template]) for r in fam)
    ok, bad = write_instantiation(recs + fam, tmp_path)
    assert (ok, bad) == (22, 1)
    assert len(load_items(tmp_path / "instantiation" / "pass.jsonl")) == 22


def test_two_workers_then_ray_on_the_same_run(catalog, tmp_path):
    items = [(r.task, None) for r in family_tasks(6, catalog, seed=4, families=QUICK)]
    s = collect(items[:4], tmp_path, workers=2)
    assert s.run == 4 and s.passed + s.failed + s.unsure == 4 and s.passed >= 3
    rec = json.loads((tmp_path / "execution" / "pass.jsonl").read_text().splitlines()[0])
    assert rec["trajectory"]["steps"] and rec["timings"]["execute_s"] > 0 and rec["verdict"]["judge"] == "checker"
    # the rest on a local Ray cluster, with the policy given as a picklable factory (how phase 3 plugs in its model)
    s2 = collect(items, tmp_path, workers=1, ray_address="local", policy=HeuristicExpert)
    assert s2.skipped_done == 4 and s2.run == 2
    ids = _ids(tmp_path)
    assert sorted(ids) == sorted(t.id for t, _ in items)
    import ray

    ray.shutdown()


def test_resume_after_kill_9_loses_and_duplicates_nothing(catalog, tmp_path):
    recs = family_tasks(8, catalog, seed=5, families=QUICK)
    write_instantiation(recs, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "lamkit.cli", "collect", "--out", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while len(_ids(tmp_path)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    ours = _workdirs_under(proc.pid)  # the killed run's own Writer stack (others may run Writer beside us)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = _ids(tmp_path)
    assert 3 <= len(first) < 8 and ours
    # the killed run's Writer processes are reaped
    end = time.monotonic() + 15
    while _still_running(ours) and time.monotonic() < end:
        time.sleep(0.3)
    assert not _still_running(ours)
    s = collect(load_items(tmp_path / "instantiation" / "pass.jsonl"), tmp_path)
    assert s.skipped_done == len(first) and s.run == 8 - len(first)
    ids = _ids(tmp_path)
    assert len(ids) == len(set(ids)) == 8


def test_collect_cli_screenshots_one_png_per_step_shown_by_the_viewer(catalog, tmp_path):
    """`lamkit collect --screenshots`: a shrunk PNG per step in the run, named by the step's
    observation relative to execution/, embedded by the viewer; without the flag, none."""
    import struct

    from lamkit.cli import main
    from lamkit.dataflow.runner import close_worker_env
    from lamkit.evaluate.viewer import build_viewer_data

    write_instantiation(family_tasks(2, catalog, seed=4, families=["bold"]), tmp_path)
    try:
        assert main(["collect", "--out", str(tmp_path), "--limit", "1", "--screenshots"]) == 0
    finally:
        close_worker_env()  # the in-process collection's Writer
    rec = json.loads((tmp_path / "execution" / "pass.jsonl").read_text().splitlines()[0])
    steps = rec["trajectory"]["steps"]
    assert len(steps) >= 2
    for k, s in enumerate(steps, 1):
        rel = s["observation"]["screenshot"]
        assert rel == f"screenshots/{rec['task_id']}/step{k:02d}.png"
        png = (tmp_path / "execution" / rel).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (640, 400)  # the 1280x800 screen at half size
    assert json.loads((tmp_path / "journal.json").read_text())["invocations"][-1]["config"]["screenshots"] is True
    data = build_viewer_data(tmp_path)
    ep = next(e for e in data["episodes"] if e["task_id"] == rec["task_id"])
    assert all(s["screenshot"]["src"].startswith("data:image/png;base64,") for s in ep["steps"])
