"""`lamkit pipeline --profile smoke` end to end on real Writer and real training, then the agent
with the checkpoint it trained."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from lamkit.cli import app
from lamkit.pipeline import STAGES, run_pipeline

pytestmark = pytest.mark.writer


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("pipeline")
    t0 = time.monotonic()
    run_pipeline("smoke", out)
    return out, time.monotonic() - t0


def test_smoke_pipeline_runs_every_stage_and_writes_the_report(smoke_run):
    out, _ = smoke_run
    st = json.loads((out / "pipeline.json").read_text())
    assert list(st["stages"]) == list(STAGES)
    assert all(st["stages"][s]["seconds"] >= 0 for s in STAGES)
    for n in (1, 2, 3, 4):
        assert (out / "checkpoints" / f"phase{n}" / "DONE").exists()
    offline = json.loads((out / "evaluate" / "offline.json").read_text())
    assert set(offline) == {"expert", "phase1", "phase2", "phase3", "phase4"}
    assert offline["expert"]["task_success_rate"] == 1.0  # the expert's own successful test trajectories
    assert offline["expert"]["invalid_answers"] == 0 and offline["expert"]["tsr_ci"] == [1.0, 1.0]
    online = json.loads((out / "evaluate" / "online" / "online.json").read_text())
    assert set(online) == {"expert", "phase4"} and online["expert"]["tasks"] >= 1  # the profile's online policies
    assert all("invalid_answers" in m and m["by_target_ref"] and m["by_compound"] for m in online.values())
    html = (out / "report.html").read_text()
    assert "phase4" in html and "expert" in html and "invalid answers" in html and "TSR 95% CI" in html
    rep = json.loads((out / "report.json").read_text())
    assert rep["offline"]["expert"]["task_success_rate"] == 1.0
    assert "is test iff" in rep["meta"]["split rule"]  # the report states the split rule
    assert "phase4" in rep["meta"]["online evaluation"] and "phase1" in rep["meta"]["offline evaluation"]


def test_a_rerun_skips_finished_stages(smoke_run):
    out, first = smoke_run
    t0 = time.monotonic()
    st = run_pipeline("smoke", out)
    assert time.monotonic() - t0 < 20 < first
    assert list(st.stages) == list(STAGES)


def test_a_run_folder_of_another_profile_is_refused(smoke_run):
    from lamkit.cli import main

    out, _ = smoke_run
    assert main(["pipeline", "--profile", "quickstart", "--out", str(out)]) == 2
    assert main(["pipeline", "--profile", "nope", "--out", str(out)]) == 2


def test_the_agent_runs_a_test_task_with_the_trained_checkpoint(smoke_run, tmp_path):
    out, _ = smoke_run
    tasks = out / "collect" / "instantiation" / "pass.jsonl"
    r = CliRunner().invoke(app, ["agent", "run", "--task", str(tasks),
                                 "--model", str(out / "checkpoints" / "phase4"), "--max-steps", "3", "--save", str(tmp_path)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    traj = json.loads((tmp_path / "trajectory.json").read_text())
    first = json.loads(tasks.read_text().splitlines()[0])["task"]
    assert traj["task"]["id"] == first["id"] and traj["policy"] == f"model:{out / 'checkpoints' / 'phase4'}"
    assert 1 <= len(traj["steps"]) <= 3
    # a tiny model trained for a few steps rarely succeeds; whatever it did, the task's own checker
    # judged the document and the exit code says so
    assert traj["verdict"]["judge"] == "checker" and traj["verdict"]["reason"]
    assert r.exit_code == (0 if traj["verdict"]["success"] else 1), r.output
    assert ("success" if traj["verdict"]["success"] else "failure") in r.output
    assert len(list(tmp_path.glob("result.*"))) == 1  # the resulting document


def test_the_pipelines_training_data_is_what_lamkit_export_writes(smoke_run, tmp_path):
    from lamkit.cli import main

    out, _ = smoke_run
    assert main(["export", str(out / "collect"), "--out", str(tmp_path)]) == 0
    for name in ("train_trajectories.jsonl", "test_trajectories.jsonl"):
        assert (tmp_path / name).read_text() == (out / "data" / name).read_text(), name
    train = [json.loads(x) for x in (tmp_path / "train_trajectories.jsonl").read_text().splitlines()]
    assert train and all(t["task"]["split"] != "test" for t in train)
    assert any(t["verdict"]["success"] for t in train)


def test_every_profile_trains_the_current_prompt_layout_and_keeps_its_overrides():
    """A profile's step budgets are applied over the config file without pinning its defaults:
    a full dump pinned ``render.version`` 1, so runs/standard-cpu trained layout 1 (stop 29)."""
    from lamkit.agent.prompting import RENDER_VERSION, current_layout
    from lamkit.pipeline import PROFILES, train_config

    for name, profile in PROFILES.items():
        cfg = train_config(profile)
        assert current_layout(cfg.render).version == RENDER_VERSION, name
        for key, value in (profile.train_overrides or {}).items():
            got = getattr(cfg, key)
            if isinstance(value, dict):
                assert all(getattr(got, k) == v for k, v in value.items()), (name, key)
            else:
                assert got == value, (name, key)
