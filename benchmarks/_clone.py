"""A fresh clone of the repository's HEAD for the benchmarks that run what a new user runs
(flaky_bench: the test suite; demo_bench: `make demo`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".venv/.lamkit-installed"  # scripts/setup.sh touches it after installing for pyproject.toml


def clone_head(dest: Path) -> str:
    """``git clone`` of HEAD into ``dest`` (committed code only); returns the commit."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(dest)], check=True)
    return subprocess.run(["git", "-C", str(dest), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


def borrow_venv(repo: Path, env: dict) -> dict:
    """Let the clone ``repo`` use this checkout's ``.venv`` without changing it; returns ``env``
    with the clone's code first on PYTHONPATH.

    Why: a fresh clone's pyproject.toml is newer than the venv's stamp, so its set-up would run
    `pip install -e` there and re-point the shared venv at the clone, deleted afterwards (every
    later `lamkit` command then failed). The clone's pyproject gets this checkout's time, and
    PYTHONPATH makes the clone's code, in every subprocess too, the one imported.

    That holds only while this checkout's own venv is up to date: with a stamp older than its
    pyproject.toml the clone's set-up would install all the same, so it is refused with the
    command that brings the venv up to date."""
    stamp = ROOT / STAMP
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        raise SystemExit(f"{ROOT / '.venv'} is not installed for {ROOT / 'pyproject.toml'} (no newer {STAMP}): "
                         f"run `make setup` in {ROOT} before borrowing its venv")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    st = (ROOT / "pyproject.toml").stat()
    os.utime(repo / "pyproject.toml", (st.st_atime, st.st_mtime))
    return {**env, "PYTHONPATH": os.pathsep.join([str(repo), *filter(None, [env.get("PYTHONPATH")])])}
