"""Choose the decoding's hint weight on validation data worded as the model never saw.

Why: constrained decoding adds ``decoding.hint_weight`` nats to the option the renderer
suggests (the nearest training task's next step, the first target, the first value:
:mod:`lamkit.agent.exemplars`, :mod:`lamkit.agent.targets`, :mod:`lamkit.agent.values`).
The trained model and the hints disagree most on requests worded in a way the model never
saw, which is what the held-out test split and the external suites ask. How far to trust
each is an interpolation weight, as in kNN-LM (Khandelwal et al., 2020), and like there it
is chosen on validation data, never on the test split.

The validation data: the TRAINING split's trajectories whose task uses the held-out
training phrasing (``CalibrationSettings.held_out_phrasing``: a family phrasing, compound
clause or connective index; :func:`lamkit.dataflow.compound.phrasing_indices`). A
calibration model is trained on the other training trajectories with phase 2's recipe, its
request and target augmentation included but never worded with the held-out phrasing (a
model trained without augmentation collapsed to one answer: a weaker proxy than the model it
stands for), under a renderer fitted on them alone (so no exemplar is a validation task). Each weight of
the grid is scored offline on the validation trajectories; the best task success rate wins
(then step success, then the smaller weight). The weight is written into the phase-2
checkpoint's decoding settings and later phases inherit it (:func:`run_decoding`).

Trained on fewer trajectories than the final model, the calibration model is somewhat
weaker, so the chosen weight may err toward the hints; the phase's metrics keep the whole
grid so a reader can see how much it mattered.
"""

from __future__ import annotations

from pathlib import Path

from lamkit.dataflow.compound import phrasing_indices
from lamkit.schema import Trajectory
from lamkit.train import checkpoint as ck
from lamkit.train import data as D
from lamkit.train.config import DecodingSettings, TrainConfig

RESULT_FILE = "calibration.json"


def held_out(trajs: list[Trajectory], index: int) -> tuple[list[Trajectory], list[Trajectory]]:
    """(fit, validation): training successes split by whether the task's wording uses
    phrasing ``index``; tasks with no phrasing (harvested, help-derived) always fit."""
    fit, val = [], []
    for t in D.training_successes(trajs):
        (val if index in phrasing_indices(t.task) else fit).append(t)
    return fit, val


def validation_sample(val: list[Trajectory], n: int) -> list[Trajectory]:
    """At most ``n`` of ``val`` (0: all), chosen by a hash of the task id: the same sample on
    every rerun and machine, and spread over the families rather than the file's first ones."""
    from lamkit.evaluate.offline import hash_order

    if not n or len(val) <= n:
        return val
    return sorted(val, key=hash_order)[:n]


def validation_tasks(items: list[tuple], index: int, n: int) -> list[tuple]:
    """The live counterpart of :func:`held_out` + :func:`validation_sample`: of (task, template)
    items (an instantiation's pass.jsonl), the checkable TRAINING-split tasks whose wording uses
    phrasing ``index``, at most ``n`` (0: all) in the hash order of their ids. Used to score hint
    weights online (benchmarks/validation_online_bench.py), never the test split."""
    from lamkit.evaluate.offline import hash_order

    val = [it for it in items if it[0].checker is not None and it[0].split == "train"
           and index in phrasing_indices(it[0])]
    val.sort(key=lambda it: hash_order(it[0]))
    return val[:n] if n else val


def best_weight(rows: list[dict]) -> float:
    """The grid row with the best strict task success (the typed values checked too,
    lamkit.evaluate.metrics.strict_success; rows without it: task success), then task success,
    then step success, then the smaller weight."""
    return max(rows, key=lambda r: (r.get("strict_tsr", r["tsr"]), r["tsr"], r["ssr"], -r["hint_weight"]))["hint_weight"]


def score_grid(policy, decoding: DecodingSettings, val: list[Trajectory], weights: list[float]) -> list[dict]:
    """One row per hint weight: ``policy`` decoding with it, scored offline on ``val``."""
    from lamkit.evaluate.offline import evaluate_offline

    rows = []
    for w in weights:
        policy.decoding = decoding.model_copy(update={"hint_weight": float(w)})
        m, _ = evaluate_offline(val, policy, name=f"hint weight {w:g}")
        rows.append({"hint_weight": float(w), "tsr": m.task_success_rate, "ssr": m.step_success_rate,
                     "strict_tsr": m.strict_task_success_rate, "strict_ssr": m.strict_step_success_rate,
                     "tasks": m.tasks, "steps": m.steps})
    return rows


def calibrate_hint_weight(cfg: TrainConfig, trajs: list[Trajectory], base: Path, work: Path) -> dict | None:
    """Train the calibration model from checkpoint ``base`` into ``work`` and score the grid
    (see the module docstring). Resumes: a finished ``work`` keeps its model and result.
    Returns the result (``hint_weight`` and the grid), or None when calibration is off or
    there is nothing to fit or validate on."""
    from lamkit.agent.model_policy import checkpoint_policy
    from lamkit.models.backbone import load_model
    from lamkit.train.phases import config_dump, sft

    c = cfg.calibration
    if not c.hint_weights or c.posthoc:
        return None
    fit, val = held_out(trajs, c.held_out_phrasing)
    val = validation_sample(val, c.max_validation)
    if not fit or not val:
        return None
    if (work / RESULT_FILE).exists():
        return ck.read_json(work / RESULT_FILE)
    if not ck.is_done(work):
        ck.start(work)
        avoid = {c.held_out_phrasing}
        aug = cfg.phase2.augmentation
        render, _ = D.fit_render(fit, cfg.render, ranker=cfg.fit_ranker, typed=cfg.fit_typed_values,
                                 exemplars=cfg.fit_exemplars, augment=aug, seed=cfg.seed, avoid=avoid)
        model, tok = load_model(base)
        model, m = sft(model, tok, D.step_examples(fit, render, aug, cfg.seed, avoid), [], cfg, cfg.phase2, work)
        ck.finish(work, model, tok, config_dump(cfg, render), {"base": str(base), "fit": len(fit), "validation": len(val)}, m)
    policy = checkpoint_policy(str(work), name="calibration")
    rows = score_grid(policy, cfg.decoding, val, c.hint_weights)
    out = {"hint_weight": best_weight(rows), "held_out_phrasing": c.held_out_phrasing,
           "fit_trajectories": len(fit), "validation_trajectories": len(val), "grid": rows}
    ck.write_json(work / RESULT_FILE, out)
    return out


POSTHOC_FILE = "posthoc_calibration.json"


def calibrate_finished(out_dir: str | Path, cfg: TrainConfig, trajs: list[Trajectory]) -> dict | None:
    """With ``calibration.posthoc``: score the grid with the run's last finished phase on the
    validation trajectories (as :func:`calibrate_hint_weight` chooses them) and write the chosen
    weight into the decoding settings of every finished phase from 2 on. The result is kept in
    ``out_dir/posthoc_calibration.json``; a rerun applies it again without scoring. None when
    off, or with no finished phase or no validation trajectory.

    Why and what it costs: on a CPU, calibrating in phase 2 trains phase 2 twice. The final model
    has seen the validation tasks' *wording* (their phrasing is in its training data, and a few of
    the tasks themselves when it trained on a sample of them), so this is weaker evidence than a
    calibration model that never saw the phrasing; it is still not the test split."""
    from lamkit.agent.model_policy import checkpoint_policy

    c = cfg.calibration
    if not (c.posthoc and c.hint_weights):
        return None
    out_dir = Path(out_dir)
    phases = [d for n in (2, 3, 4) if ck.is_done(d := ck.phase_dir(out_dir, n))]
    if not phases:
        return None
    if (out_dir / POSTHOC_FILE).exists():
        result = ck.read_json(out_dir / POSTHOC_FILE)
    else:
        _fit, val = held_out(trajs, c.held_out_phrasing)
        val = validation_sample(val, c.max_validation)
        if not val:
            return None
        final = phases[-1]
        decoding = DecodingSettings.model_validate(ck.read_json(final / "lamkit_train_config.json")["decoding"])
        rows = score_grid(checkpoint_policy(str(final), name="calibration"), decoding, val, c.hint_weights)
        result = {"hint_weight": best_weight(rows), "scored_with": final.name, "held_out_phrasing": c.held_out_phrasing,
                  "validation_trajectories": len(val), "grid": rows, "posthoc": True}
        ck.write_json(out_dir / POSTHOC_FILE, result)
    for d in phases:
        dump = ck.read_json(d / "lamkit_train_config.json")
        dump["decoding"]["hint_weight"] = result["hint_weight"]
        ck.write_json(d / "lamkit_train_config.json", dump)
    return result


def run_decoding(cfg: TrainConfig, trajs: list[Trajectory], out_dir: Path, phase: int) -> tuple[DecodingSettings, dict | None]:
    """The decoding settings phase ``phase`` records in its checkpoint, and its calibration.

    Phase 2 calibrates the hint weight (when ``calibration.hint_weights`` is set); later
    phases take the calibrated settings of the phase before them, as they take its renderer."""
    if phase > 2:
        prev = ck.phase_dir(out_dir, phase - 1)
        if ck.is_done(prev) and (cal := ck.read_json(prev / "manifest.json").get("calibration")):
            return DecodingSettings.model_validate(ck.read_json(prev / "lamkit_train_config.json")["decoding"]), cal
    if phase != 2:
        return cfg.decoding, None
    cal = calibrate_hint_weight(cfg, trajs, ck.phase_dir(out_dir, 1), ck.phase_dir(out_dir, 2) / "calibration")
    if cal is None:
        return cfg.decoding, None
    return cfg.decoding.model_copy(update={"hint_weight": cal["hint_weight"]}), cal
