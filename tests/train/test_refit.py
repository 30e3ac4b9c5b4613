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
from lamkit.schema import ACTION_FUNCTIONS
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


def _with_clicks(trajs, double_every: int):
    """The fixtures' clicks without their modifiers, but every ``double_every``-th one double."""
    n = 0
    for t in trajs:
        for s in t.steps:
            if s.action.function == "click_input":
                n += 1
                keep = {"double": True} if double_every and n % double_every == 0 else {}
                s.action.args = {"control_label": s.action.args["control_label"], **keep}
    return trajs


def test_optional_arguments_are_the_ones_the_training_steps_give_often_enough():
    trajs = _with_clicks(trajectories(24, seed=3), double_every=0)
    fitted = D.optional_arguments(trajs)
    assert fitted["click_input"] == []
    assert fitted["keyboard_input"] == ["control_label"]  # the fixtures' Enter steps name their box
    assert set(fitted) == set(ACTION_FUNCTIONS)
    clicks = sum(s.action.function == "click_input" for t in trajs for s in t.steps)
    assert clicks >= 20
    rare = _with_clicks(trajectories(24, seed=3), double_every=clicks)  # one double-click in all
    assert D.optional_arguments(rare, min_share=2 / clicks)["click_input"] == []  # under the share: left out
    assert D.optional_arguments(rare, min_share=0.5 / clicks)["click_input"] == ["double"]
    assert D.MIN_ARGUMENT_SHARE * 1908 > 1  # the standard run's one double-click in 1,908 clicks is left out
    common = _with_clicks(trajectories(24, seed=3), double_every=2)
    assert D.optional_arguments(common)["click_input"] == ["double"]
    settings, info = D.fit_render(trajs, RenderSettings(), ranker=False, typed=False)
    assert settings.optional_args == D.optional_arguments(D.training_successes(trajs))
    named = RenderSettings(optional_args={"click_input": ["button"]})  # a config that names them keeps them
    assert D.fit_render(trajs, named, ranker=False, typed=False)[0].optional_args == {"click_input": ["button"]}


def test_a_run_fitted_before_optional_arguments_gets_them_and_its_prompt_is_unchanged(tmp_path):
    from lamkit.train.refit import refit_optional_args

    trajs = _with_clicks(trajectories(24, seed=3), double_every=0)
    for t in trajs:
        t.task.split = "train"
    data = tmp_path / "train.jsonl"
    data.write_text("".join(t.model_dump_json() + "\n" for t in trajs))
    cfg = TrainConfig()
    out = tmp_path / "run"
    for n in (2, 4):
        _finished_phase(out, n, cfg, None)
    before = {n: json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text()) for n in (2, 4)}

    r = CliRunner().invoke(app, ["checkpoints", "arguments", str(out), "--data", str(data)])
    assert r.exit_code == 0, r.output
    assert "keyboard_input(control_label)" in r.output
    for n in (2, 4):
        after = json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text())
        assert after["render"]["optional_args"] == D.optional_arguments(D.training_successes(trajs))
        after["render"]["optional_args"] = None
        assert after == before[n]  # nothing else changed
    with pytest.raises(DataError, match="no finished phase without"):  # a second refit has nothing to do
        refit_optional_args(out, [data])
    for t in trajs:
        t.task.split = "test"
    test_only = tmp_path / "test.jsonl"
    test_only.write_text("".join(t.model_dump_json() + "\n" for t in trajs))
    with pytest.raises(DataError, match="no successful training-split trajectory"):
        refit_optional_args(tmp_path / "run2", [test_only])


def test_clause_targets_are_set_on_every_finished_phase_and_nothing_else_changes(tmp_path):
    from lamkit.train.refit import set_clause_targets

    out = tmp_path / "run"
    for n in (2, 4):
        _finished_phase(out, n, TrainConfig(), None)
    before = {n: json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text()) for n in (2, 4)}
    r = CliRunner().invoke(app, ["checkpoints", "clause-targets", str(out)])
    assert r.exit_code == 0, r.output
    for n in (2, 4):
        after = json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text())
        assert after["render"]["clause_targets"] is True
        after["render"]["clause_targets"] = before[n]["render"].get("clause_targets")
        assert after == before[n]  # nothing else changed
        assert RenderSettings.model_validate(
            json.loads((out / f"phase{n}" / "lamkit_train_config.json").read_text())["render"]).clause_targets
    assert set_clause_targets(out, on=False) == ["phase2", "phase4"]
    with pytest.raises(DataError, match="no finished phase"):
        set_clause_targets(tmp_path / "empty")
    r = CliRunner().invoke(app, ["checkpoints", "clause-targets", str(tmp_path / "empty")])
    assert r.exit_code != 0 and isinstance(r.exception, DataError)  # the CLI's entry point prints it, no traceback
