"""Refit what a finished run's renderer retrieves, without training again.

Why: the exemplar index (:mod:`lamkit.agent.exemplars`) is fitted from the training
trajectories, not learned by the model, and it is stored in each phase's
``lamkit_train_config.json``. When the index learns to record more of each exemplar step
(what it typed, :class:`lamkit.agent.values.ValueRef`), a run trained before that can get
the richer index by fitting it again from the same trajectories: the prompt text the model
sees is unchanged, only the decoder's hint is. To keep that claim checkable, the refit is
refused when its entries (requests, task ids, steps) are not exactly the stored ones.

The same holds for the optional arguments the decoder offers (``RenderSettings.optional_args``,
fitted from the training answers since they were found to let the model right-click): a run
trained before them gets them with :func:`refit_optional_args`; the prompt is unchanged.
:func:`set_clause_targets` is the one setting here that changes the prompt (the order of the
target options of a two-edit request), which is why it is measured before it is set.
"""

from __future__ import annotations

from pathlib import Path

from lamkit.errors import DataError
from lamkit.train import checkpoint as ck

_PHASES = (1, 2, 3, 4)


def _finished_configs(out_dir: str | Path):
    """(phase folder, its lamkit_train_config.json path, the config as stored) of each finished phase."""
    for n in _PHASES:
        d = ck.phase_dir(out_dir, n)
        cfg_path = d / "lamkit_train_config.json"
        if ck.is_done(d) and cfg_path.exists():
            yield d, cfg_path, ck.read_json(cfg_path)


def _entries(index: dict) -> list[tuple]:
    return [(e["request"], e["task_id"], tuple(e["steps"])) for e in index.get("entries", [])]


def refit_exemplar_values(out_dir: str | Path, trajectories: list[Path]) -> dict[str, int]:
    """Add each exemplar step's typed value to the index of every finished phase of ``out_dir``
    that has one, fitted from ``trajectories`` exactly as the run fitted it (its augmentation and
    seed). Returns {phase folder: entries}. Raises DataError when a refit would change the entries."""
    from lamkit.schema import Trajectory
    from lamkit.train import data as D
    from lamkit.train.config import TrainConfig

    trajs = None
    fits: dict[tuple[str, int], dict] = {}  # phases inherit phase 2's renderer: one fit serves them all
    done: dict[str, int] = {}
    for d, cfg_path, dump in _finished_configs(out_dir):
        old = (dump.get("render") or {}).get("exemplars")
        if not old:
            continue
        cfg = TrainConfig.model_validate(dump)
        if trajs is None:
            trajs = [t for p in trajectories for t in D.read_records(p, Trajectory, "Trajectory")]
        key = (repr(cfg.phase2.augmentation), cfg.seed)
        if key not in fits:
            seen = D.augmented(D.training_successes(trajs), cfg.phase2.augmentation, cfg.seed)
            fits[key] = D.exemplar_index(seen).model_dump(mode="json")
        new = {**fits[key], "version": old.get("version", 1)}
        if _entries(new) != _entries(old):
            raise DataError(f"{cfg_path}: the exemplars fitted from {', '.join(map(str, trajectories))} are not the "
                            f"stored ones ({len(new['entries'])} vs {len(old.get('entries', []))} entries): "
                            "give the trajectories this run was trained on")
        dump["render"]["exemplars"] = new
        ck.write_json(cfg_path, dump)
        done[d.name] = len(new["entries"])
    if not done:
        raise DataError(f"{out_dir}: no finished phase with an exemplar index")
    return done


def refit_optional_args(out_dir: str | Path, trajectories: list[Path]) -> dict[str, dict[str, list[str]]]:
    """Set ``render.optional_args`` of every finished phase of ``out_dir`` that has none to the
    optional arguments the training successes of ``trajectories`` use
    (:func:`lamkit.train.data.optional_arguments`; augmentation rewords requests, never an
    action's arguments, so the run's augmentation needs no repeating). Returns {phase folder:
    the fitted arguments}. Raises DataError when no finished phase needs them or no training
    success is given."""
    from lamkit.schema import Trajectory
    from lamkit.train import data as D

    trajs = [t for p in trajectories for t in D.read_records(p, Trajectory, "Trajectory")]
    base = D.training_successes(trajs)
    if not base:
        raise DataError(f"{', '.join(map(str, trajectories))}: no successful training-split trajectory to fit from")
    fitted = D.optional_arguments(base)
    done: dict[str, dict[str, list[str]]] = {}
    for d, cfg_path, dump in _finished_configs(out_dir):
        render = dump.setdefault("render", {})
        if render.get("optional_args") is not None:
            continue
        render["optional_args"] = fitted
        ck.write_json(cfg_path, dump)
        done[d.name] = fitted
    if not done:
        raise DataError(f"{out_dir}: no finished phase without fitted optional arguments")
    return done


def set_clause_targets(out_dir: str | Path, on: bool = True) -> list[str]:
    """Set ``render.clause_targets`` of every finished phase of ``out_dir``: a two-edit request's
    targets read clause by clause (:func:`lamkit.agent.targets.resolve_clause_targets`) in a run
    trained on prompt layout 1, which read them whole. Unlike the refits above, this changes the
    prompt's Targets section (its options and their order, not its form), so the choice is
    measured, not assumed: benchmarks/RESULTS.md "validation_online". Returns the phase folders set."""
    done = []
    for d, cfg_path, dump in _finished_configs(out_dir):
        dump.setdefault("render", {})["clause_targets"] = on
        ck.write_json(cfg_path, dump)
        done.append(d.name)
    if not done:
        raise DataError(f"{out_dir}: no finished phase to set")
    return done


__all__ = ["refit_exemplar_values", "refit_optional_args", "set_clause_targets"]
