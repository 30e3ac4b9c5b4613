"""The benchmarks that run a fresh clone may borrow this checkout's venv only while it is
installed for the checkout's pyproject.toml: otherwise the clone's set-up would re-install the
shared venv pointing at the clone, which is deleted afterwards."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import _clone  # noqa: E402


def _checkout(tmp_path: Path, stamp_age: float | None) -> Path:
    root = tmp_path / "checkout"
    (root / ".venv").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    if stamp_age is not None:
        stamp = root / _clone.STAMP
        stamp.touch()
        t = (root / "pyproject.toml").stat().st_mtime + stamp_age
        os.utime(stamp, (t, t))
    return root


@pytest.mark.parametrize("stamp_age", [None, -60.0])
def test_a_stale_venv_is_not_lent(tmp_path, monkeypatch, stamp_age):
    root = _checkout(tmp_path, stamp_age)
    monkeypatch.setattr(_clone, "ROOT", root)
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "pyproject.toml").write_text("")
    with pytest.raises(SystemExit, match="make setup"):
        _clone.borrow_venv(clone, {})
    assert not (clone / ".venv").exists()


def test_an_installed_venv_is_lent_and_the_clone_will_not_reinstall(tmp_path, monkeypatch):
    root = _checkout(tmp_path, 60.0)
    monkeypatch.setattr(_clone, "ROOT", root)
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "pyproject.toml").write_text("")
    env = _clone.borrow_venv(clone, {"PYTHONPATH": "/elsewhere"})
    assert (clone / ".venv").resolve() == (root / ".venv").resolve()
    # setup.sh installs when pyproject.toml is newer than the stamp: the clone's is not
    assert (clone / "pyproject.toml").stat().st_mtime <= (root / _clone.STAMP).stat().st_mtime
    assert env["PYTHONPATH"].split(os.pathsep) == [str(clone), "/elsewhere"]
