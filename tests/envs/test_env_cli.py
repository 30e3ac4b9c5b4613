"""`lamkit env demo` and `lamkit env observe` on the real Writer (environments from make_env)."""

from __future__ import annotations

import pytest

from lamkit.cli import main

pytestmark = pytest.mark.writer


def test_env_demo_edits_and_reads_back_the_document(tmp_path, capsys):
    assert main(["env", "demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "demo succeeded" in out and "bold=True size=16" in out
    assert (tmp_path / "demo-result.odt").stat().st_size > 0
    assert (tmp_path / "demo-screenshot.png").read_bytes()[:4] == b"\x89PNG"


def test_env_observe_lists_controls_and_saves_a_screenshot(sample_docx, tmp_path, capsys):
    shot = tmp_path / "obs.png"
    assert main(["env", "observe", str(sample_docx), "--screenshot", str(shot)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("toggle button" in x and "'Bold'" in x for x in lines), lines[:20]
    assert any("document text" in x for x in lines)
    assert shot.read_bytes()[:4] == b"\x89PNG"
