"""Every benchmark runs from a fresh clone in its --quick mode (issue 15: `make bench` once crashed
every time). Slow: real Writer, the smoke pipeline and real models, ~20 min on 2 cores; CI skips it.
The published figures (benchmarks/RESULTS.md, benchmarks/results/) are never touched: sections a
quick run writes go to a temporary file (LAMKIT_BENCH_RESULTS), and the scripts run from a private
copy of benchmarks/ (the rest of the repository linked beside it, so their paths resolve as in a
clone) whose published files must come out unchanged. Checking the copy, not the repository's own
files, keeps the check exact while other runs in the same tree refresh their sections."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# the project-wide 600 s per-test limit (pyproject.toml) is for one test; this one runs every
# benchmark in turn (each bounded by its own subprocess timeout)
pytestmark = [pytest.mark.slow, pytest.mark.writer, pytest.mark.timeout(7200)]

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def _published(bench: Path) -> dict[str, str]:
    files = [bench / "RESULTS.md", *sorted((bench / "results").glob("*"))]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def _private_tree(root: Path) -> Path:
    """``root`` as a clone: a copy of benchmarks/, every other top-level entry a link to the repository."""
    root.mkdir()
    for entry in ROOT.iterdir():
        if entry.name != "benchmarks":
            (root / entry.name).symlink_to(entry)
    shutil.copytree(BENCH, root / "benchmarks", ignore=shutil.ignore_patterns("__pycache__"))
    return root / "benchmarks"


def test_every_benchmark_runs_in_quick_mode(tmp_path):
    run = tmp_path / "smoke"
    # (script, arguments, a line its output must hold); the pipeline's run feeds the ones that read one
    cases = [
        ("pipeline_bench.py", ["--out", str(run)], "Wall time per stage"),
        ("standard_bench.py", ["--out", str(run)], "Training, phase by phase"),
        ("ranker_bench.py", ["--data", str(run / "collect")], "recall@5"),
        ("exemplar_bench.py", ["--run", str(run)], "masked + composed"),
        ("prompt_bench.py", ["--run", str(run)], "prompt tokens median"),
        ("probe_bench.py", ["--model", f"final={run / 'checkpoints' / 'phase4'}", "--out", str(tmp_path / "probe")], "expert: 4/4"),
        ("compound_bench.py", ["--tasks", str(run), "--model", f"final={run / 'checkpoints' / 'phase4'}"], ""),
        ("lam_bench.py", ["--runs", str(run), "--no-write"], ""),
        ("env_bench.py", [], ""),
        ("checkers_bench.py", [], ""),
        ("dataflow_bench.py", [], "Throughput"),
        ("harvest_bench.py", [], "gold precision"),
        ("decoding_bench.py", ["--no-write"], ""),
        ("load_stall_bench.py", ["--no-write"], ""),
        ("train_bench.py", [], ""),
        ("faults_bench.py", [], "0 lost, 0 duplicated, 0 false successes, 0 leaked"),
        ("flaky_bench.py", [], "Flaky tests (quick)"),
        ("demo_bench.py", [], '"profile": "smoke"'),
        ("help_bench.py", ["--out", str(tmp_path / "help-bench")], "compiled"),
        # the smoke run is its "with" and "without" run: the quick mode only has to read a pipeline run
        ("help_training_bench.py", ["--with", str(run), "--without", str(run)], "Help data in training"),
        ("learning_curve_bench.py", ["--run", str(run)], "50%"),
        ("validation_online_bench.py", ["--run", str(run), "--out", str(tmp_path / "validation")], "validation tasks"),
    ]
    assert {c[0] for c in cases} == {p.name for p in BENCH.glob("*_bench.py")}, "a benchmark is missing here"
    bench = _private_tree(tmp_path / "repo")
    before = _published(bench)
    env = {**os.environ, "LAMKIT_BENCH_RESULTS": str(tmp_path / "RESULTS.md"), "PYTHONPATH": str(ROOT)}
    failed = []
    for script, args, expect in cases:
        try:
            p = subprocess.run([sys.executable, str(bench / script), "--quick", *args], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=1800)
        except subprocess.TimeoutExpired as e:  # one hung benchmark is a failure among the others, not the end
            failed.append(f"{script}: over 1800 s\n{(e.output or b'')[-1500:]!r}")
            continue
        if p.returncode != 0 or expect not in p.stdout:
            failed.append(f"{script}: exit {p.returncode}\n{(p.stdout + p.stderr)[-1500:]}")
    assert not failed, "\n\n".join(failed)
    assert _published(bench) == before  # no quick run wrote a published figure
