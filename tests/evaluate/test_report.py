"""The HTML/JSON report, training curves read from phase folders, and `lamkit report`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lamkit.cli import app, main
from lamkit.errors import DataError
from lamkit.evaluate.metrics import OfflineMetrics, OnlineMetrics, aggregate_online
from lamkit.evaluate.report import build_report, collect_report_data, training_curves


def offline(policy: str, tsr: float) -> dict:
    return OfflineMetrics(policy=policy, tasks=10, steps=50, object_acc=0.9, operation_acc=0.95, status_acc=0.97,
                          step_success_rate=0.85, task_success_rate=tsr, parse_failures=1, mean_step_latency_s=0.4,
                          by_family={"bold": {"tasks": 4, "task_success_rate": tsr, "step_success_rate": 0.9},
                                     "align_center": {"tasks": 6, "task_success_rate": 0.5, "step_success_rate": 0.8}},
                          ).model_dump(mode="json")


def online(policy: str, tsr: float, lat: list[float]) -> dict:
    return OnlineMetrics(policy=policy, tasks=4, successes=round(4 * tsr), task_success_rate=tsr, avg_steps=5.5,
                         avg_completion_s=30.2, step_latency_s={"mean": 2.0, "p50": 1.5, "p95": 4.2}, latencies=lat,
                         env_errors=1, by_family={"bold": {"tasks": 2, "successes": 2, "task_success_rate": 1.0},
                                                  "italic": {"tasks": 2, "successes": 0, "task_success_rate": 0.0}},
                         ).model_dump(mode="json")


FULL = {
    "offline": {"expert": offline("expert", 1.0), "phase1": offline("phase1", 0.356), "phase4": offline("phase4", 0.812)},
    "online": {"expert": online("expert", 0.75, [0.5, 1.0, 1.5, 9.0]), "phase4": online("phase4", 0.5, [2.0, 3.0])},
    "training": {"phase1": {"steps": 4, "first_loss": 3.2, "last_loss": 1.1, "val_loss": 1.3, "wall_seconds": 12.0,
                            "log_history": [{"step": 1, "loss": 3.2}, {"step": 2, "loss": 2.0}, {"step": 4, "loss": 1.1},
                                            {"step": 4, "eval_loss": 1.3}]},
                 "phase3": {"steps": 0, "note": "no new successes"}},
    "stages": {"harvest": 12.5, "collect": 300.0, "train": 900.0, "report": None},
    "meta": {"profile": "smoke", "summaries": {"collect": {"passed": 3}}},
}


def test_full_report_has_tables_and_plots(tmp_path):
    html_p, json_p = tmp_path / "r" / "report.html", tmp_path / "r" / "report.json"
    build_report(FULL, html_p, json_p)
    page = html_p.read_text()
    for text in ("object acc", "operation acc", "status acc", "SSR", "TSR", "avg steps", "completion time", "p95",
                 "Online success by task family", "Per-step latency", "phase1: loss", "Pipeline stage wall time",
                 "81.2%", "35.6%", "no new successes", "smoke"):
        assert text in page, text
    assert page.count("<svg") == 4  # family success, latency, one loss curve, stage times
    assert "not run" not in page
    assert "<script" not in page and "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page)  # self-contained
    data = json.loads(json_p.read_text())
    assert data["offline"]["phase4"]["task_success_rate"] == 0.812
    assert data["online"]["expert"]["latencies"] == [0.5, 1.0, 1.5, 9.0]
    assert data["training"]["phase1"]["log_history"][2] == {"step": 4, "loss": 1.1}
    assert data["stages"] == {"harvest": 12.5, "collect": 300.0, "train": 900.0}  # no time, no row


@pytest.mark.parametrize("data", [{}, {"offline": {}, "online": {}, "training": {}, "stages": {}}, {"stages": {"x": 1.0}}])
def test_missing_parts_still_render(tmp_path, data):
    html_p = tmp_path / "report.html"
    out = build_report(data, html_p, tmp_path / "report.json")
    page = html_p.read_text()
    assert "Offline evaluation: not run" in page and "Online evaluation: not run" in page and "Training: not run" in page
    assert json.loads((tmp_path / "report.json").read_text())["offline"] == {} == out["online"]


def test_online_metrics_from_aggregate_render(tmp_path):
    m = aggregate_online("p", [])
    build_report({"online": {"p": m}}, tmp_path / "a.html", tmp_path / "a.json")
    assert "no step latencies recorded" in (tmp_path / "a.html").read_text()


def test_malformed_metrics_are_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="offline metrics of 'x'"):
        build_report({"offline": {"x": {"object_acc": "lots"}}}, tmp_path / "a.html", tmp_path / "a.json")


# ----------------------------------------------------------------------------- training curves
def fake_checkpoints(root: Path) -> Path:
    p1 = root / "phase1"
    (p1 / "trainer" / "checkpoint-2").mkdir(parents=True)
    (p1 / "trainer" / "checkpoint-4").mkdir(parents=True)
    (p1 / "metrics.json").write_text(json.dumps({"phase": 1, "steps": 4, "first_loss": 3.0, "last_loss": 1.0}))
    (p1 / "DONE").write_text("ok\n")
    state = {"global_step": 4, "log_history": [{"step": 2, "loss": 3.0}, {"step": 4, "loss": 1.0},
                                               {"step": 4, "train_loss": 2.0, "train_runtime": 1.0}]}
    (p1 / "trainer" / "checkpoint-4" / "trainer_state.json").write_text(json.dumps(state))
    (p1 / "trainer" / "checkpoint-2" / "trainer_state.json").write_text(json.dumps({"global_step": 2, "log_history": [{"step": 2, "loss": 3.0}]}))
    p3 = root / "phase3"
    p3.mkdir()
    (p3 / "metrics.json").write_text(json.dumps({"phase": 3, "steps": 0, "note": "no new successes"}))
    return root


def test_training_curves_from_trainer_state(tmp_path):
    c = training_curves(fake_checkpoints(tmp_path / "ck"))
    assert list(c) == ["phase1", "phase3"]
    assert c["phase1"]["log_source"] == "trainer_state" and c["phase1"]["done"] is True
    assert [(h["step"], h.get("loss")) for h in c["phase1"]["log_history"]] == [(2, 3.0), (4, 1.0), (4, None)]
    assert c["phase1"]["last_loss"] == 1.0
    assert c["phase3"]["log_history"] == [] and c["phase3"]["done"] is False
    assert training_curves(tmp_path / "nothing") == {}


def test_training_curves_from_tensorboard_events(tmp_path):
    from torch.utils.tensorboard import SummaryWriter  # what transformers' TensorBoardCallback writes with

    d = tmp_path / "ck" / "phase2"
    w = SummaryWriter(log_dir=str(d / "tensorboard" / "run1"))
    for step, loss in ((5, 2.5), (10, 1.5)):
        w.add_scalar("train/loss", loss, step)
    w.add_scalar("eval/loss", 1.7, 10)
    w.close()
    (d / "metrics.json").write_text(json.dumps({"phase": 2, "steps": 10}))
    c = training_curves(tmp_path / "ck")
    assert c["phase2"]["log_source"] == "tensorboard"
    assert c["phase2"]["log_history"] == [{"step": 5, "loss": 2.5}, {"step": 10, "loss": 1.5, "eval_loss": pytest.approx(1.7)}]


# ----------------------------------------------------------------------------- gathering inputs, CLI
def pipeline_folder(root: Path) -> Path:
    (root / "evaluate" / "online" / "expert").mkdir(parents=True)
    (root / "evaluate" / "offline.json").write_text(json.dumps({"expert": offline("expert", 1.0), "phase2": offline("phase2", 0.7)}))
    (root / "evaluate" / "online" / "online.json").write_text(json.dumps({"expert": online("expert", 0.75, [1.0])}))
    (root / "evaluate" / "online" / "expert" / "summary.json").write_text(json.dumps({"total": 4, "run": 4}))
    (root / "pipeline.json").write_text(json.dumps({"profile": "smoke", "stages": {
        "harvest": {"seconds": 3.0, "summary": {"pairs": 10}}, "train": {"seconds": 60.0, "summary": {}}}}))
    (root / "report.json").write_text(json.dumps({"offline": {"stale": offline("stale", 0.0)}}))
    fake_checkpoints(root / "checkpoints")
    return root


def test_collect_report_data_from_a_pipeline_folder(tmp_path):
    data = collect_report_data([pipeline_folder(tmp_path / "run")])
    assert list(data["offline"]) == ["expert", "phase2"]  # report.json is never an input
    assert list(data["online"]) == ["expert"]
    assert data["stages"] == {"harvest": 3.0, "train": 60.0}
    assert data["meta"]["profile"] == "smoke" and data["meta"]["summaries"]["harvest"] == {"pairs": 10}
    assert set(data["training"]) == {"phase1", "phase3"}


def test_report_cli_on_pipeline_folder_and_files(tmp_path):
    run = pipeline_folder(tmp_path / "run")
    extra = tmp_path / "phase4.json"
    extra.write_text(json.dumps({"offline": {"phase4": offline("phase4", 0.8)}}))
    out = tmp_path / "out" / "report.html"
    r = CliRunner().invoke(app, ["report", "--inputs", str(run), "--inputs", str(extra), "--out", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text()
    assert "phase4" in page and "phase2" in page and "Online success by task family" in page
    rep = json.loads((tmp_path / "out" / "report.json").read_text())
    assert set(rep["offline"]) == {"expert", "phase2", "phase4"} and rep["stages"]["train"] == 60.0


def test_report_cli_bad_inputs_are_one_line(capsys, tmp_path):
    def err_of(argv):
        assert main(argv) == 2
        e = capsys.readouterr().err.strip()
        assert e.startswith("error:") and "\n" not in e
        return e

    assert "missing.json: no such file or folder" in err_of(["report", "--inputs", str(tmp_path / "missing.json")])
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    assert "junk.json: not an evaluation file" in err_of(["report", "--inputs", str(junk)])
    junk.write_text("{not json")
    assert "junk.json: not a readable JSON file" in err_of(["report", "--inputs", str(junk)])
    (tmp_path / "empty").mkdir()
    assert "no evaluation results found" in err_of(["report", "--inputs", str(tmp_path / "empty")])


def test_report_cli_prints_journal_warnings_in_yellow(tmp_path, monkeypatch):
    """Results side by side made with different code: `lamkit report` says so on the terminal
    (yellow), one line per warning, besides the report page."""
    from rich.console import Console

    from lamkit import journal
    from lamkit.evaluate import cli as evaluate_cli

    for name, commit in (("e1", "a" * 40), ("e2", "b" * 40)):
        d = tmp_path / name
        d.mkdir()
        (d / "online.json").write_text(json.dumps({"p" + name[-1]: online("p", 1.0, [1.0])}))
        inv = journal.Invocation(command="evaluate online", started_at="2025-01-01T00:00:00+00:00",
                                 git=journal.GitInfo(commit=commit), config={"limit": 1})
        (d / "journal.json").write_text(journal.Journal(invocations=[inv]).model_dump_json())
    term = Console(record=True, force_terminal=True, width=300)
    monkeypatch.setattr(evaluate_cli, "console", term)
    r = CliRunner().invoke(app, ["report", "--inputs", str(tmp_path / "e1"), "--inputs", str(tmp_path / "e2"),
                                 "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    (line,) = [x for x in term.export_text(styles=True).splitlines() if "warning:" in x]
    assert "\x1b[33m" in line  # yellow
    assert "results made with different code" in line and "aaaaaaaaaaaa" in line and "bbbbbbbbbbbb" in line
    # no warning when the code and config are the same
    (tmp_path / "e2" / "journal.json").write_text((tmp_path / "e1" / "journal.json").read_text())
    term2 = Console(record=True, force_terminal=True, width=300)
    monkeypatch.setattr(evaluate_cli, "console", term2)
    assert CliRunner().invoke(app, ["report", "--inputs", str(tmp_path / "e1"), "--inputs", str(tmp_path / "e2"),
                                    "--out", str(tmp_path / "r.html")]).exit_code == 0
    text = term2.export_text()
    assert "warning:" not in text and "report written" in text
