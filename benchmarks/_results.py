"""Write one benchmark's section of benchmarks/RESULTS.md, leaving the others intact.

Each benchmark owns the text between ``<!-- BEGIN name -->`` and
``<!-- END name -->``; the file is replaced atomically so two benchmarks that
finish together cannot interleave.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

# LAMKIT_BENCH_RESULTS names another file (the slow test of every benchmark's --quick mode
# points it into a temporary folder, so a test run never touches the published figures).
RESULTS = Path(os.environ.get("LAMKIT_BENCH_RESULTS") or Path(__file__).with_name("RESULTS.md"))


def results_json(name: str) -> Path:
    """Where a benchmark's ``name``.json goes: benchmarks/results/, or beside the file
    LAMKIT_BENCH_RESULTS names (a trial or test run keeps the published JSON as it is too)."""
    if os.environ.get("LAMKIT_BENCH_RESULTS"):
        return RESULTS.with_name(f"{name}.json")
    return Path(__file__).with_name("results") / f"{name}.json"


HEADER = "# Benchmark results\n\nEach section is written by the benchmark named in it; rerun that command to refresh it.\n"


def machine() -> str:
    """One line describing the machine the figures came from."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    lo = ""
    try:
        lo = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
        lo = f", {lo.split(' (')[0]}" if lo else ""
    except (OSError, subprocess.SubprocessError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}{lo}"


def write_section(name: str, body: str, command: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"<!-- BEGIN {name} -->\n{body.rstrip()}\n\n"
        f"_Measured {stamp} on {machine()}. Reproduce: `{command}`._\n<!-- END {name} -->"
    )
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    pat = re.compile(rf"<!-- BEGIN {re.escape(name)} -->.*?<!-- END {re.escape(name)} -->", re.S)
    text = pat.sub(lambda _: block, text) if pat.search(text) else text.rstrip() + "\n\n" + block + "\n"
    fd, tmp = tempfile.mkstemp(dir=RESULTS.parent, prefix=".RESULTS.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, RESULTS)
    return RESULTS
