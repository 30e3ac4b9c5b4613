"""The run journal: written, resumed as a list, fields present, differences warned about in the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lamkit import journal
from lamkit.errors import DataError
from lamkit.evaluate.report import build_report, collect_report_data

ROOT = Path(__file__).resolve().parent.parent
VIEWER_RUN = ROOT / "tests" / "data" / "viewer_run"


def test_start_writes_every_field_and_finish_stamps_the_end(tmp_path):
    h = journal.start(tmp_path, "collect", config={"policy": "heuristic", "tasks": tmp_path / "t.jsonl"},
                      seeds={"seed": 3}, argv=["lamkit", "collect"])
    inv = json.loads((tmp_path / "journal.json").read_text())["invocations"][0]
    assert inv["command"] == "collect" and inv["argv"] == ["lamkit", "collect"] and inv["ended_at"] is None
    assert inv["config"] == {"policy": "heuristic", "tasks": str(tmp_path / "t.jsonl")} and inv["seeds"] == {"seed": 3}
    assert len(inv["git"]["commit"]) == 40 and isinstance(inv["git"]["dirty"], bool)  # the lamkit checkout
    assert set(inv["versions"]) == {"python", "torch", "transformers", "trl", "peft", "libreoffice"}
    assert inv["versions"]["libreoffice"].startswith("LibreOffice ")
    assert inv["machine"]["cores"] >= 1 and inv["machine"]["memory_gb"] > 0 and inv["machine"]["gpu"]
    assert inv["lamkit_version"] and inv["started_at"].endswith("+00:00")
    h.finish()
    assert journal.read_journal(tmp_path).invocations[0].ended_at is not None


def test_resume_appends_and_keeps_history(tmp_path):
    journal.start(tmp_path, "pipeline", config={"profile": "smoke"}).finish()
    first = journal.read_journal(tmp_path).invocations[0]
    journal.start(tmp_path, "pipeline", config={"profile": "smoke"})
    j = journal.read_journal(tmp_path)
    assert len(j.invocations) == 2 and j.invocations[0] == first and j.invocations[1].ended_at is None


def test_a_malformed_journal_is_one_clear_error(tmp_path):
    (tmp_path / "journal.json").write_text('{"invocations": [{"command": "collect"}]}')
    with pytest.raises(DataError, match=r"journal.json: not a lamkit run journal: invocations.0.started_at: Field required"):
        journal.start(tmp_path, "collect")


def _journal(commit: str, config: dict, command: str = "evaluate online", dirty: bool = False) -> journal.Journal:
    return journal.Journal(invocations=[journal.Invocation(command=command, started_at="2026-01-01T00:00:00+00:00",
                                                           git=journal.GitInfo(commit=commit, dirty=dirty,
                                                                               diff_sha256="ab" if dirty else None),
                                                           config=config)])


def test_differences_name_code_and_config():
    a, b = "a" * 40, "b" * 40
    assert journal.differences({"x": _journal(a, {"k": 1}), "y": _journal(a, {"k": 1})}) == []
    (w,) = journal.differences({"x": _journal(a, {"k": 1}), "y": _journal(b, {"k": 1})})
    assert w.startswith("results made with different code") and "aaaaaaaaaaaa in x #1" in w and "bbbbbbbbbbbb in y #1" in w
    (w,) = journal.differences({"x": _journal(a, {"k": 1}), "y": _journal(a, {"k": 2, "m": 0})})
    assert w == "evaluate online: x #1 and y #1 differ in config k, m"
    # a dirty tree is other code than its clean commit; different commands are not compared by config
    assert journal.differences({"x": _journal(a, {}), "y": _journal(a, {}, dirty=True)})
    assert journal.differences({"x": _journal(a, {"k": 1}, "collect"), "y": _journal(a, {"k": 2}, "train")}) == []


def test_report_shows_journals_and_warns_on_different_commits(tmp_path):
    for name, commit in (("e1", "a" * 40), ("e2", "b" * 40)):
        d = tmp_path / name
        d.mkdir()
        (d / "online.json").write_text(json.dumps({"p" + name[-1]: {
            "policy": "p", "tasks": 1, "successes": 1, "task_success_rate": 1.0, "avg_steps": 2.0,
            "avg_completion_s": 1.0}}))
        (d / "journal.json").write_text(_journal(commit, {"limit": 1}).model_dump_json())
    data = collect_report_data([tmp_path / "e1", tmp_path / "e2"])
    assert set(data["journals"]) == {str(tmp_path / "e1" / "journal.json"), str(tmp_path / "e2" / "journal.json")}
    nums = build_report(data, tmp_path / "r.html", tmp_path / "r.json")
    page = (tmp_path / "r.html").read_text()
    assert "Warning: results made with different code" in page and "<h2>Run journal</h2>" in page
    assert "aaaaaaaaaaaa" in page and "bbbbbbbbbbbb" in page
    assert nums["journal_warnings"] and json.loads((tmp_path / "r.json").read_text())["journals"]


def test_report_in_a_run_folder_links_the_viewer_and_shows_its_journal(tmp_path):
    import shutil

    run = tmp_path / "run"
    shutil.copytree(VIEWER_RUN, run)
    journal.start(run, "pipeline", config={"profile": "smoke"}).finish()
    build_report({"meta": {"summaries": {"collect": {"episodes": 3, "passed": 2},
                                         "evaluate_online": {"expert": {"TSR": 1.0, "avg_steps": 4.25}}}}},
                 run / "report.html", run / "report.json")
    page = (run / "report.html").read_text()
    assert '<a href="viewer.html" id="viewer-link">' in page and (run / "viewer.html").exists()
    assert "pipeline" in page and "same code and configs" in page
    # the stage summaries as tables, not a JSON dump
    assert "<h2>Stage summaries</h2>" in page and "<td>avg_steps</td>" not in page
    assert "<th>TSR</th><th>avg_steps</th>" in page and "<td>100.0%</td><td>4.25</td>" in page
    assert "<td>episodes</td><td>3</td>" in page and '{"episodes"' not in page


def test_a_command_journals_its_run_from_start_to_end(tmp_path):
    """`lamkit evaluate offline` (no Writer needed) in its own process: the end time is stamped at exit."""
    out = tmp_path / "eval" / "offline.json"
    r = subprocess.run([sys.executable, "-m", "lamkit.cli", "evaluate", "offline", "--data",
                        str(VIEWER_RUN / "collect"), "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-1500:]
    (inv,) = journal.read_journal(out.parent).invocations
    assert inv.command == "evaluate offline" and inv.ended_at is not None and inv.ended_at >= inv.started_at
    assert inv.config["split"] == "test" and inv.config["out"] == str(out) and "evaluate" in inv.argv
