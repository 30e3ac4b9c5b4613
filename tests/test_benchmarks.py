"""Every benchmark runs from a fresh clone in its --quick mode (issue 15: `make bench` once crashed
every time). Slow: real Writer, the smoke pipeline and real models, ~20 min on 2 cores; CI skips it.
The published figures (benchmarks/RESULTS.md, benchmarks/results/) are never touched: sections a
quick run writes go to a temporary file (LAMKIT_BENCH_RESULTS)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.writer]

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def _published() -> dict[str, str]:
    files = [BENCH / "RESULTS.md", *sorted((BENCH / "results").glob("*"))]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def test_every_benchmark_runs_in_quick_mode(tmp_path):
    run = tmp_path / "smoke"
    # (script, arguments, a line its output must hold); the pipeline's run feeds the ones that read one
    cases = [
        ("pipeline_bench.py", ["--out", str(run)], "Wall time per stage"),
        ("standard_bench.py", ["--out", str(run)], "Training, phase by phase"),
        ("ranker_bench.py", ["--data", str(run / "collect")], "recall@5"),
        ("lam_bench.py", ["--runs", str(run), "--no-write"], ""),
        ("env_bench.py", [], ""),
        ("checkers_bench.py", [], ""),
        ("dataflow_bench.py", [], "Throughput"),
        ("harvest_bench.py", [], "gold precision"),
        ("decoding_bench.py", ["--no-write"], ""),
        ("load_stall_bench.py", ["--no-write"], ""),
        ("train_bench.py", [], ""),
    ]
    assert {c[0] for c in cases} == {p.name for p in BENCH.glob("*_bench.py")}, "a benchmark is missing here"
    before = _published()
    env = {**os.environ, "LAMKIT_BENCH_RESULTS": str(tmp_path / "RESULTS.md"), "PYTHONPATH": str(ROOT)}
    failed = []
    for script, args, expect in cases:
        p = subprocess.run([sys.executable, str(BENCH / script), "--quick", *args], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=1800)
        if p.returncode != 0 or expect not in p.stdout:
            failed.append(f"{script}: exit {p.returncode}\n{(p.stdout + p.stderr)[-1500:]}")
    assert not failed, "\n\n".join(failed)
    assert _published() == before
