"""Refitting a finished run's exemplar index (lamkit/train/refit.py, `lamkit checkpoints exemplars`).

Real parts: the training data path (augmentation, fit of the index) on the fixtures'
trajectories, the checkpoint files as phases write them, the CLI. No model is trained:
the refit touches only the renderer's retrieval settings.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lamkit.agent.prompting import RenderSettings
from lamkit.cli import app
from lamkit.errors import DataError
from lamkit.train import checkpoint as ck
from lamkit.train import data as D
from lamkit.train.config import TrainConfig
from lamkit.train.refit import refit_exemplar_values
from train_fixtures import trajectories  # noqa: E402


def _finished_phase(out, n: int, cfg: TrainConfig, index) -> None:
    d = ck.phase_dir(out, n)
    d.mkdir(parents=True)
    dump = cfg.model_copy(update={"render": RenderSettings(exemplars=index)}).model_dump(mode="json")
    ck.write_json(d / "lamkit_train_config.json", dump)
    ck.mark_done(d)


def test_a_run_fitted_before_values_gets_them_from_the_same_trajectories_and_nothing_else(tmp_path):
    trajs = trajectories(24, seed=3)
    for t in trajs:
        t.task.split = "train"
    data = tmp_path / "train.jsonl"
    data.write_text("".join(t.model_dump_json() + "\n" for t in trajs))
    cfg = TrainConfig()
    fitted = D.exemplar_index(D.augmented(D.training_successes(trajs), cfg.phase2.augmentation, cfg.seed))
    assert any(v is not None for e in fitted.entries for v in e.values)
    before = fitted.model_copy(update={"entries": [e.model_copy(update={"values": []}) for e in fitted.entries]})
    out = tmp_path / "run"
    for n in (2, 3):
        _finished_phase(out, n, cfg, before)

    r = CliRunner().invoke(app, ["checkpoints", "exemplars", str(out), "--data", str(data)])
    assert r.exit_code == 0, r.output
    for n in (2, 3):
        after = json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text())["render"]["exemplars"]
        assert after == fitted.model_dump(mode="json")  # the entries as stored, now with their values

    other = tmp_path / "other.jsonl"  # not the data this run was trained on: refused, nothing written
    other.write_text("".join(t.model_dump_json() + "\n" for t in trajs[:10]))
    stored = (out / "phase2" / "lamkit_train_config.json").read_text()
    with pytest.raises(DataError, match="not the stored ones"):
        refit_exemplar_values(out, [other])
    assert (out / "phase2" / "lamkit_train_config.json").read_text() == stored
    with pytest.raises(DataError, match="no finished phase"):
        refit_exemplar_values(tmp_path / "empty", [data])
