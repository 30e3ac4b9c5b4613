"""Flaky tests made visible (issue 16): the test suite, run from a fresh clone, K times, outcome per test.

Each run clones the repository's HEAD into a temporary folder (``git clone``: only committed
code, nothing of the working tree), runs CI's own command there (``bash .ci/run``, i.e.
``make test``) with a junit XML report requested through PYTEST_ADDOPTS, and appends the run to
``benchmarks/results/flaky.json``: commit, date, duration, exit status, every test's outcome,
and the reruns of the known LibreOffice crash signature (pyproject.toml lets pytest-rerunfailures
rerun only that crash; each rerun is listed in the terminal summary, requested with -rR).

The file is cumulative and resumable: ``--runs K`` adds K runs to those already there (a run
cut short is simply not recorded). The ``flaky`` section of RESULTS.md then shows the runs,
the failures per test (target: none) and the crash reruns.

Run: .venv/bin/python benchmarks/flaky_bench.py --runs 5          (the full suite, ~15 min a run)
     .venv/bin/python benchmarks/flaky_bench.py --runs 1 --select tests/test_schema_jsonl.py
     .venv/bin/python benchmarks/flaky_bench.py --quick             (one tiny run; prints, writes nothing)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clone import borrow_venv, clone_head  # noqa: E402
from _results import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "benchmarks" / "results" / "flaky.json"
CMD = ".venv/bin/python benchmarks/flaky_bench.py"
QUICK_SELECT = "tests/test_schema_jsonl.py"
# pytest-rerunfailures (pyproject.toml: reruns only on the known LibreOffice crash signature) lists
# each rerun in the "rerun test summary info" as "RERUN <test id> - <error>" (with -rR).
RERUN_LINE = re.compile(r"^RERUN .*$", re.M)


def durations(junit: Path, top: int = 10) -> list[list]:
    """The slowest tests of a run, [test id, seconds], from the junit report: explains a slow run."""
    if not junit.exists():
        return []
    rows = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        cls, name = case.get("classname", ""), case.get("name", "")
        rows.append([f"{cls.replace('.', '/')}.py::{name}" if cls else name, round(float(case.get("time", 0) or 0), 1)])
    return sorted(rows, key=lambda r: -r[1])[:top]


def failure_messages(junit: Path, chars: int = 800) -> dict[str, str]:
    """test id -> the end of its failure or error text (the assertion and the lines before it), so that
    a failure seen once can be diagnosed after the clone is gone."""
    out: dict[str, str] = {}
    if not junit.exists():
        return out
    for case in ET.parse(junit).getroot().iter("testcase"):
        for child in case:
            if child.tag in ("failure", "error"):
                cls, name = case.get("classname", ""), case.get("name", "")
                tid = f"{cls.replace('.', '/')}.py::{name}" if cls else name
                out[tid] = ((child.get("message") or "") + "\n" + (child.text or ""))[-chars:]
    return out


def outcomes(junit: Path) -> dict[str, str]:
    """test id -> passed / failed / error / skipped, from a pytest junit XML report."""
    out: dict[str, str] = {}
    if not junit.exists():
        return out
    for case in ET.parse(junit).getroot().iter("testcase"):
        cls, name = case.get("classname", ""), case.get("name", "")
        tid = f"{cls.replace('.', '/')}.py::{name}" if cls else name
        state = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                state = {"failure": "failed"}.get(child.tag, child.tag)
        out[tid] = state
    return out


def one_run(select: str | None, venv: Path, timeout_s: float) -> dict:
    """Clone, run CI's command in the clone (its venv: the main checkout's, carried by symlink so
    that a run does not reinstall torch), read back the junit report."""
    work = Path(tempfile.mkdtemp(prefix="lamkit-flaky-"))
    try:
        repo = work / "repo"
        commit = clone_head(repo)
        junit = work / "junit.xml"
        env = borrow_venv(repo, {**os.environ, "PYTEST_ADDOPTS": f"--junitxml={junit} -o junit_family=xunit1 -rR"})
        if select:  # a selection (testing this benchmark): the Makefile's own pytest command on it
            cmd = [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-ra", *select.split()]
        else:
            cmd = ["bash", ".ci/run"]
        t0 = time.monotonic()
        load_before = os.getloadavg()[0]
        try:
            p = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout_s)
            rc, text = p.returncode, p.stdout + p.stderr
        except subprocess.TimeoutExpired as e:
            rc, text = 124, (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        seconds = time.monotonic() - t0
        tests = outcomes(junit)
        load_after = os.getloadavg()[0]
        return {
            "commit": commit,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(cmd if select else ["bash", ".ci/run"]),
            "select": select or "",
            "seconds": round(seconds, 1),
            "exit": rc,
            "tests": len(tests),
            "failures": sorted(t for t, s in tests.items() if s in ("failed", "error")),
            "skipped": sum(1 for s in tests.values() if s == "skipped"),
            "crash_reruns": RERUN_LINE.findall(text),
            # the host is shared: the 1-min load average before and after, and the slowest tests,
            # say whether a slow run was the suite or the machine
            "load_avg_1min": [round(load_before, 2), round(load_after, 2)],
            "slowest": durations(junit),
            "failure_text": failure_messages(junit),
            "tail": text[-1500:] if rc not in (0, 124) and not tests else "",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text())["runs"] if path.exists() else []


def save(path: Path, runs: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"runs": runs}, indent=1))
    tmp.replace(path)


def section(runs: list[dict]) -> str:
    full = [r for r in runs if not r["select"]]
    shown = full or runs
    fails = Counter(t for r in shown for t in r["failures"])
    reruns = sum(len(r["crash_reruns"]) for r in shown)
    rows = "\n".join(f"| {r['date']} | `{r['commit'][:10]}` | {r['seconds'] / 60:.1f} min | {r['tests']} | "
                     f"{len(r['failures'])} | {len(r['crash_reruns'])} | {r['exit']} |" for r in shown)
    per_test = "\n".join(f"- `{t}`: failed in {n} of {len(shown)} runs" for t, n in fails.most_common()) or \
        "- none: every test passed in every run"
    what = "the full suite (`bash .ci/run`)" if full else f"a selection (`{shown[-1]['select']}`), not the full suite yet"
    return f"""## Flaky tests (issue 16)

{len(shown)} run(s) of {what}, each from a fresh `git clone` of HEAD. Failures per test (target: 0), and reruns of
the known LibreOffice crash signature (the only rerun pyproject.toml allows; reported, never hidden): **{sum(fails.values())}
failures, {reruns} crash reruns**.

| date | commit | duration | tests | failures | crash reruns | exit |
| --- | --- | --- | --- | --- | --- | --- |
{rows}

{per_test}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=1, help="runs to add to benchmarks/results/flaky.json")
    ap.add_argument("--select", default=None, help="test files or ids to run instead of the full suite (testing the benchmark)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a run is stopped (exit 124)")
    ap.add_argument("--results", type=Path, default=RESULTS_JSON)
    ap.add_argument("--quick", action="store_true", help=f"one run of {QUICK_SELECT}; prints, writes nothing")
    a = ap.parse_args()
    venv = ROOT / ".venv"
    if a.quick:
        r = one_run(QUICK_SELECT, venv, 600)
        print(f"## Flaky tests (quick): {r['tests']} tests of {QUICK_SELECT} from a fresh clone of {r['commit'][:10]}: "
              f"{len(r['failures'])} failures, exit {r['exit']}, {r['seconds']:.0f} s")
        if not r["tests"] or r["exit"] != 0:
            raise SystemExit(f"flaky bench: the run failed\n{r['tail']}")
        return
    runs = load(a.results)
    for i in range(a.runs):
        r = one_run(a.select, venv, a.timeout)
        runs.append(r)
        save(a.results, runs)  # after every run: a cut-short session keeps what it measured
        print(f"run {len(runs)}: {r['tests']} tests, {len(r['failures'])} failures, {len(r['crash_reruns'])} crash reruns, "
              f"exit {r['exit']}, {r['seconds'] / 60:.1f} min", flush=True)
    cmd = CMD + (f" --runs {a.runs}" if not a.select else f" --runs {a.runs} --select {a.select}")
    write_section("flaky", section(runs), cmd)


if __name__ == "__main__":
    main()
