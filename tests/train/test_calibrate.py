"""The hint weight is chosen on training tasks worded with a held-out training phrasing
(lamkit/train/calibrate.py), by a model that never saw that wording; the test split is never read."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_train_phases import fast_config  # noqa: E402
from train_fixtures import taskplans, trajectories  # noqa: E402

from lamkit.jsonl import write_jsonl  # noqa: E402
from lamkit.train import DataPaths, run_phase  # noqa: E402
from lamkit.train import checkpoint as ck  # noqa: E402
from lamkit.train.calibrate import best_weight, held_out, run_decoding, validation_sample, validation_tasks  # noqa: E402
from lamkit.train.config import CalibrationSettings  # noqa: E402


def worded(trajs, split="train"):
    """The fixture's trajectories as family tasks worded with phrasing i % 4 (compound every 5th)."""
    out = []
    for i, t in enumerate(trajs):
        params = ({"compound": "same_word", "phrasing": 0, "clauses": [i % 4, 1]} if i % 5 == 4
                  else {"phrasing": i % 4})
        out.append(t.model_copy(update={"task": t.task.model_copy(update={"params": params, "split": split})}))
    return out


def test_validation_is_the_held_out_wording_of_training_successes_only():
    trajs = worded(trajectories(20, fail_every=100))
    fit, val = held_out(trajs + worded(trajectories(4, fail_every=100, seed=1), split="test"), 2)
    assert val and fit and len(fit) + len(val) == 20  # the test split is never used
    assert all(2 in [t.task.params["phrasing"], *t.task.params.get("clauses", [])] for t in val)
    assert not any(2 in [t.task.params["phrasing"], *t.task.params.get("clauses", [])] for t in fit)
    assert any(t.task.params.get("compound") for t in val)  # a compound with a held-out clause validates
    harvested = trajectories(3, fail_every=100)  # no phrasing: always fit
    assert held_out(harvested, 2) == (harvested, [])


def test_a_validation_cap_is_a_fixed_sample_by_task_id_not_the_first_in_the_file():
    _, val = held_out(worded(trajectories(40, fail_every=100)), 2)
    assert len(val) > 4
    sample = validation_sample(val, 4)
    assert len(sample) == 4 and all(t in val for t in sample)
    assert [t.task.id for t in validation_sample(list(reversed(val)), 4)] == [t.task.id for t in sample]
    assert [t.task.id for t in sample] != [t.task.id for t in val[:4]]  # not the file's first four
    assert validation_sample(val, 0) == val and validation_sample(val, len(val) + 1) == val


def test_the_best_row_wins_by_task_then_step_success_then_the_smaller_weight():
    rows = [{"hint_weight": 0.0, "tsr": 0.5, "ssr": 0.7}, {"hint_weight": 4.0, "tsr": 0.5, "ssr": 0.8},
            {"hint_weight": 100.0, "tsr": 0.5, "ssr": 0.8}, {"hint_weight": 1.0, "tsr": 0.25, "ssr": 0.9}]
    assert best_weight(rows) == 4.0


def test_phase2_calibrates_the_hint_weight_into_its_checkpoint_and_phase3_inherits_it(tmp_path):
    write_jsonl(tmp_path / "plans.jsonl", taskplans(12))
    trajs = worded(trajectories(16))
    write_jsonl(tmp_path / "trajs.jsonl", trajs)
    cfg = fast_config().model_copy(update={"calibration": CalibrationSettings(hint_weights=[0.0, 100.0])})
    data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "trajs.jsonl"])
    out = tmp_path / "out"
    for n in (1, 2):
        m = run_phase(n, cfg, data, out)
    cal = m["calibration"]
    fit, val = held_out(trajs, 2)
    assert cal["validation_trajectories"] == len(val) > 0 and cal["fit_trajectories"] == len(fit)
    assert [r["hint_weight"] for r in cal["grid"]] == [0.0, 100.0]
    assert all(r["tasks"] == len(val) and 0.0 <= r["tsr"] <= 1.0 for r in cal["grid"])
    assert cal["hint_weight"] == best_weight(cal["grid"])
    p2 = ck.phase_dir(out, 2)
    assert ck.read_json(p2 / "lamkit_train_config.json")["decoding"]["hint_weight"] == cal["hint_weight"]
    # the calibration model is a checkpoint of its own, trained without the validation wording
    assert ck.read_json(p2 / "calibration" / "manifest.json")["fit"] == len(fit)
    decoding, inherited = run_decoding(cfg, trajs, out, 3)
    assert decoding.hint_weight == cal["hint_weight"] and inherited == ck.read_json(p2 / "manifest.json")["calibration"]


def test_strict_task_success_ranks_first_when_the_rows_have_it():
    rows = [{"hint_weight": 8.0, "tsr": 0.8, "ssr": 0.9, "strict_tsr": 0.6},
            {"hint_weight": 16.0, "tsr": 0.8, "ssr": 0.9, "strict_tsr": 0.75},
            {"hint_weight": 32.0, "tsr": 0.8, "ssr": 0.9, "strict_tsr": 0.75}]
    assert best_weight(rows) == 16.0


def test_posthoc_calibration_scores_the_final_model_and_writes_the_weight_into_every_trained_phase(tmp_path):
    """The CPU profile's path: no calibration model in phase 2; after the phases, the last one
    scores the grid on the same validation trajectories, and its choice is applied (again, from
    its result file, on a rerun)."""
    from lamkit.train.calibrate import POSTHOC_FILE, calibrate_finished

    write_jsonl(tmp_path / "plans.jsonl", taskplans(12))
    trajs = worded(trajectories(16))
    write_jsonl(tmp_path / "trajs.jsonl", trajs)
    cfg = fast_config().model_copy(update={"calibration": CalibrationSettings(hint_weights=[0.0, 100.0], posthoc=True,
                                                                              max_validation=3)})
    data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "trajs.jsonl"])
    out = tmp_path / "out"
    for n in (1, 2):
        m = run_phase(n, cfg, data, out)
    assert "calibration" not in m and not (ck.phase_dir(out, 2) / "calibration").exists()  # none in phase 2
    cal = calibrate_finished(out, cfg, trajs)
    _fit, val = held_out(trajs, 2)
    assert cal["scored_with"] == "phase2" and cal["validation_trajectories"] == min(3, len(val)) > 0
    assert [r["hint_weight"] for r in cal["grid"]] == [0.0, 100.0]
    assert all({"strict_tsr", "strict_ssr"} <= set(r) for r in cal["grid"])
    assert cal["hint_weight"] == best_weight(cal["grid"])
    p2 = ck.phase_dir(out, 2)
    assert ck.read_json(p2 / "lamkit_train_config.json")["decoding"]["hint_weight"] == cal["hint_weight"]
    assert ck.read_json(out / POSTHOC_FILE) == cal
    assert calibrate_finished(out, cfg, []) == cal  # a rerun applies the kept result, scores nothing
    off = cfg.model_copy(update={"calibration": CalibrationSettings(hint_weights=[0.0, 100.0])})
    assert calibrate_finished(out, off, trajs) is None


def test_live_validation_tasks_are_the_held_out_wording_of_checkable_training_tasks_in_hash_order():
    trajs = worded(trajectories(40, fail_every=100)) + worded(trajectories(6, fail_every=100, seed=1), split="test")
    for t in trajs:
        t.task.checker = {"version": 2, "all": [{"check": "text", "contains": "x"}]}
    trajs[0].task.checker = None  # not checkable: never run live
    items = [(t.task, None) for t in trajs]
    _, val = held_out(trajs, 2)
    want = {t.task.id for t in val if t.task.checker is not None}
    got = validation_tasks(items, 2, 0)
    assert {t.id for t, _ in got} == want and all(t.split == "train" for t, _ in got)
    assert [t.id for t, _ in validation_tasks(list(reversed(items)), 2, 3)] == [t.id for t, _ in got[:3]]
    assert [t.id for t, _ in got[:3]] == [t.task.id for t in validation_sample(
        [t for t in val if t.task.checker is not None], 3)]  # the offline sample's order
