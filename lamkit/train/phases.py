"""The four training phases of the LAM recipe, on TRL / PEFT / transformers.

1. task-plan pretraining (SFT, loss on the plan),
2. learning from the expert (SFT on successful steps, loss on the answer JSON),
3. self-boosting exploration (the phase-2 model explores live; its checker-judged
   successes are added and the model retrained),
4. learning from a reward model (a LoRA sequence-regressor on +-1 step labels, then
   offline RL on the failed trajectories' states: reward-ranked DPO, see docs/training.md).

Each phase starts from the previous phase's finished checkpoint and writes its own
(see :mod:`lamkit.train.checkpoint`). LoRA adapters are merged before saving, so
every checkpoint is a plain model folder that the agent loads directly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lamkit.agent.prompting import RenderSettings, current_layout
from lamkit.errors import DataError, LamkitError
from lamkit.jsonl import read_jsonl, write_jsonl
from lamkit.schema import Task, TaskPlan, Trajectory
from lamkit.train import checkpoint as ck
from lamkit.train import data as D
from lamkit.train.calibrate import run_decoding
from lamkit.train.common import device_name, lora_config, setup_torch, train_resumable, trainer_args
from lamkit.train.config import PhaseSettings, TrainConfig


@dataclass
class DataPaths:
    """Input files: TaskPlan JSONL (phase 1), Trajectory JSONL (phases 2-4),
    optional fresh Task JSONL for phase 3's exploration."""

    plans: list[Path] = field(default_factory=list)
    trajectories: list[Path] = field(default_factory=list)
    tasks: list[Path] = field(default_factory=list)


PHASES = (1, 2, 3, 4)
#: What each phase does, in a few words (progress lines of ``lamkit train`` and the pipeline).
PHASE_NAMES = {1: "task-plan SFT", 2: "expert imitation", 3: "self-boosting in live Writer",
               4: "reward model + offline RL"}
EXPLORED_FILE = "explored.jsonl"  # phase 3's judged explorations, in its phase folder


def explored_path(out_dir: str | Path) -> Path:
    """Where phase 3 writes the trajectories it explored (successes and failures)."""
    return ck.phase_dir(out_dir, 3) / EXPLORED_FILE


def phase4_data(data: DataPaths, out_dir: str | Path) -> DataPaths:
    """Phase 4's inputs: ``data`` plus phase 3's explored trajectories when they exist.

    Why here, for every caller (``lamkit train --phase 4``, ``--all``, the pipeline): the
    reward model learns bad steps from failures, and the expert rarely fails; most failures
    are the phase-3 model's own explorations. A file already listed is not added twice."""
    explored = explored_path(out_dir)
    if not explored.exists() or any(Path(p).resolve() == explored.resolve() for p in data.trajectories):
        return data
    return DataPaths(plans=list(data.plans), trajectories=[*data.trajectories, explored], tasks=list(data.tasks))


def run_render(cfg: TrainConfig, inp: dict, out_dir: Path, phase: int) -> tuple[RenderSettings, dict | None]:
    """The renderer settings of this run's phase ``phase`` and what was learned for them.

    The first phase that sees trajectories learns the candidate ranker and the typed
    values from their TRAINING split (:func:`lamkit.train.data.fit_render`); later phases
    take the settings of the phase before them (its ``lamkit_train_config.json``), so every
    phase of a run, and the agent loading any of its checkpoints, renders alike. Without
    trajectories (phase 1 of a model with its own tokenizer) the configured ``render`` is used."""
    if phase > 1:
        prev = ck.phase_dir(out_dir, phase - 1)
        learned = (ck.read_json(prev / "manifest.json").get("render") if (prev / "manifest.json").exists() else None)
        if learned and ck.is_done(prev):
            return RenderSettings.model_validate(ck.read_json(prev / "lamkit_train_config.json")["render"]), learned
    trajs = inp.get("trajs") or []
    if not trajs or not (cfg.fit_ranker or cfg.fit_typed_values or cfg.fit_exemplars):
        return current_layout(cfg.render), None
    render, info = D.fit_render(trajs, cfg.render, ranker=cfg.fit_ranker, typed=cfg.fit_typed_values,
                                exemplars=cfg.fit_exemplars, augment=cfg.phase2.augmentation, seed=cfg.seed)
    return render, {"learned_in_phase": phase, **info}


def config_dump(cfg: TrainConfig, render: RenderSettings) -> dict:
    """What a checkpoint's ``lamkit_train_config.json`` holds: the config, with the render
    settings the phase really used (its learned ranker and typed values inline)."""
    return cfg.model_copy(update={"render": render}).model_dump(mode="json")


def trains_tokenizer(cfg: TrainConfig) -> bool:
    return cfg.model == "tiny" and cfg.tiny.tokenizer == "trained"


def base_model(cfg: TrainConfig, corpus=None):
    """Phase 1's starting point: the tiny profile, the bundled SmolLM2, or a folder.

    The tiny profile's tokenizer is trained here on ``corpus`` (texts) unless the config
    asks for SmolLM2's (``tiny.tokenizer: smollm2``); phases 2-4 load it from the previous
    checkpoint like any other tokenizer."""
    from lamkit.models import backbone

    if cfg.model == backbone.TINY:
        if trains_tokenizer(cfg):
            if corpus is None:
                raise LamkitError("the tiny profile's trained tokenizer needs the phase-1 text (corpus)")
            tok = backbone.train_tokenizer(corpus, cfg.tiny.vocab_size)
        else:
            tok = backbone.smollm2_tokenizer()
        t = cfg.tiny
        model = backbone.tiny_model(tok, t.hidden_size, t.layers, t.heads, t.intermediate_size,
                                    max_positions=max(cfg.max_length, 512), seed=cfg.seed,
                                    tie_embeddings=t.tie_embeddings)
        return model, tok
    return backbone.load_model(cfg.model)


def sft_trainer(model, tok, train_rows, val_rows, cfg: TrainConfig, s: PhaseSettings, work: Path):
    """TRL's SFTTrainer on conversational prompt/completion rows: the loss is on the
    completion (the answer) only (``completion_only_loss``: TRL's collator sets the prompt's
    labels to -100; a test checks the batches), batches grouped by length
    (``cfg.group_by_length``: less padding), tokens counted without padding."""
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    args = SFTConfig(**trainer_args(cfg, s, work), max_length=cfg.max_length, completion_only_loss=True,
                     packing=False, eval_strategy="no", include_num_input_tokens_seen="non_padding",
                     train_sampling_strategy="group_by_length" if cfg.group_by_length else "random")
    return SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(train_rows),
                      eval_dataset=Dataset.from_list(val_rows) if val_rows else None,
                      processing_class=tok, peft_config=lora_config(cfg, "CAUSAL_LM"))


def sft(model, tok, train_rows, val_rows, cfg: TrainConfig, s: PhaseSettings, work: Path):
    """SFT (:func:`sft_trainer`), then merge the LoRA adapter; returns (model, metrics)."""
    lengths = D.length_check(tok, train_rows + val_rows, cfg.max_length, f"{work.name} training data")
    trainer = sft_trainer(model, tok, train_rows, val_rows, cfg, s, work)
    m = train_resumable(trainer, work)
    m["lengths"] = lengths
    if val_rows:
        m["val_loss"] = trainer.evaluate()["eval_loss"]
    model = ck.merge_lora(trainer.model, work)
    return model, m


def completion_loss(model, tok, rows, cfg: TrainConfig, work: Path) -> float | None:
    """Validation loss (completion tokens only) of ``model`` on prompt/completion rows."""
    if not rows:
        return None
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    s = PhaseSettings(max_steps=1)
    args = SFTConfig(**{**trainer_args(cfg, s, work), "report_to": []}, max_length=cfg.max_length,
                     completion_only_loss=True)
    tr = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), eval_dataset=Dataset.from_list(rows),
                    processing_class=tok)
    return tr.evaluate()["eval_loss"]


# --------------------------------------------------------------------- inputs
def _read_all(paths, model) -> tuple[list, list[dict]]:
    """Every record of ``paths`` (strict) and one manifest entry per file."""
    recs, files = [], []
    for p in paths:
        r = D.read_records(p, model, model.__name__)
        recs += r
        files.append(D.file_entry(p, len(r)))
    return recs, files


def _plans(data: DataPaths):
    if not data.plans:
        raise DataError("phase 1 needs TaskPlan data (--plans FILE.jsonl); none given")
    recs, files = _read_all(data.plans, TaskPlan)
    if not recs:
        raise DataError(f"phase 1: no TaskPlan records in {', '.join(map(str, data.plans))}")
    return recs, files


def _trajs(data: DataPaths, phase: int):
    if not data.trajectories:
        raise DataError(f"phase {phase} needs Trajectory data (--trajectories FILE.jsonl); none given")
    return _read_all(data.trajectories, Trajectory)


def _tasks(data: DataPaths):
    return _read_all(data.tasks, Task)


def _successes(trajs, phase, files):
    ok = [t for t in trajs if D.is_success(t) and t.steps]
    if not ok:
        raise DataError(f"phase {phase}: no successful trajectories with steps in "
                        f"{', '.join(f['path'] for f in files)}")
    return ok


# --------------------------------------------------------------------- phases
def run_phase(phase: int, config: TrainConfig, data: DataPaths, out_dir: str | Path, *,
              explorer: Callable | None = None, force: bool = False, explore_only: bool = False) -> dict:
    """Run one phase into ``out_dir/phase{N}`` and return its metrics.

    A finished phase (DONE present) is not redone unless ``force``; an unfinished one
    resumes from its last Trainer checkpoint.
    """
    if phase not in PHASES:
        raise LamkitError(f"phase must be 1, 2, 3 or 4, got {phase}")
    setup_torch(config)
    out_dir = Path(out_dir)
    d = ck.phase_dir(out_dir, phase)
    if ck.is_done(d) and not force:
        return ck.read_json(d / "metrics.json")
    t0 = time.monotonic()
    runner = {1: _phase1, 2: _phase2, 3: _phase3, 4: _phase4}[phase]
    # Validate the inputs before touching the folder, so bad input leaves nothing behind.
    inputs = _inputs(phase, phase4_data(data, out_dir) if phase == 4 else data, config)
    if explore_only:
        if phase != 3:
            raise LamkitError("--explore-only is phase 3's live half; give --phase 3")
        d.mkdir(parents=True, exist_ok=True)
        t1 = time.monotonic()
        tasks, explored = explore_phase3(config, inputs, out_dir, d, explorer)
        m = {"phase": 3, "explore_only": True, "explored_tasks": len(tasks),
             "explored_trajectories": len(explored),
             "new_successes": sum(1 for t in explored if D.is_success(t) and t.steps),
             "explore_seconds": round(time.monotonic() - t1, 2), "device": device_name()}
        if not (d / "explore_metrics.json").exists():  # the run that explored keeps its own time
            ck.write_json(d / "explore_metrics.json", m)
        return m
    ck.start(d)
    render, learned = run_render(config, inputs, out_dir, phase)
    inputs["render"] = render
    decoding, calibration = run_decoding(config, inputs.get("trajs") or [], out_dir, phase)
    config = config.model_copy(update={"decoding": decoding})
    kw = {"explorer": explorer} if phase == 3 else {}
    model, tok, manifest, metrics = runner(config, inputs, out_dir, d, **kw)
    metrics = {"phase": phase, **metrics, "wall_seconds": round(time.monotonic() - t0, 2), "device": device_name()}
    manifest = {"phase": phase, **manifest, "render": learned, "calibration": calibration}
    if calibration and phase == 2:
        metrics["calibration"] = calibration
    ck.finish(d, model, tok, config_dump(config, render), manifest, metrics)
    return metrics


def _inputs(phase: int, data: DataPaths, cfg: TrainConfig) -> dict:
    if phase == 1:
        recs, files = _plans(data)
        inp = {"plans": recs, "files": files, "trajs": [], "fresh_tasks": []}
        if trains_tokenizer(cfg):  # the tokenizer is trained on all the text phases 1-4 will see
            if data.trajectories:
                inp["trajs"], tfiles = _trajs(data, phase)
                inp["files"] = files + tfiles
            inp["fresh_tasks"], tfiles = _tasks(data)
            inp["files"] += tfiles
        return inp
    trajs, files = _trajs(data, phase)
    inp = {"trajs": trajs, "files": files}
    inp["successes"] = _successes(trajs, phase, files)
    if phase == 3:
        inp["fresh_tasks"], tfiles = _tasks(data)
        inp["files"] = files + tfiles
    return inp


def _previous(out_dir: Path, phase: int):
    from lamkit.models.backbone import load_model

    prev = ck.require_done(ck.phase_dir(out_dir, phase - 1), f"phase {phase - 1}")
    model, tok = load_model(prev)
    return model, tok, str(prev)


def _phase1(cfg, inp, out_dir, d):
    tok_dir = d / "tokenizer"
    if trains_tokenizer(cfg) and (tok_dir / "tokenizer.json").exists():
        # a resumed run keeps the tokenizer its Trainer checkpoint was trained with
        from transformers import AutoTokenizer

        from lamkit.models import backbone

        tok = AutoTokenizer.from_pretrained(tok_dir)
        t = cfg.tiny
        model = backbone.tiny_model(tok, t.hidden_size, t.layers, t.heads, t.intermediate_size,
                                    max_positions=max(cfg.max_length, 512), seed=cfg.seed,
                                    tie_embeddings=t.tie_embeddings)
        tok_seconds = 0.0
    else:
        t0 = time.monotonic()
        corpus = None
        if trains_tokenizer(cfg):
            corpus = list(D.tokenizer_corpus(inp["plans"], inp["trajs"], inp["fresh_tasks"], inp["render"],
                                             cfg.phase2.augmentation, cfg.seed))
        model, tok = base_model(cfg, corpus)
        tok_seconds = time.monotonic() - t0
        if trains_tokenizer(cfg):
            tok.save_pretrained(tok_dir)
    rows = [D.plan_example(tp) for tp in inp["plans"]]
    train, val = D.split(rows, cfg.val_fraction, cfg.seed)
    model, m = sft(model, tok, train, val, cfg, cfg.phase1, d)
    m["tokenizer"] = {"kind": cfg.tiny.tokenizer if cfg.model == "tiny" else "base model's",
                      "vocab_size": len(tok), "seconds": round(tok_seconds, 2)}
    return model, tok, {"base": cfg.model, "files": inp["files"], "examples": {"train": len(train), "val": len(val)}}, m


def _phase2(cfg, inp, out_dir, d):
    model, tok, base = _previous(out_dir, 2)
    train, val = _step_rows(inp["successes"], cfg, inp["render"])
    model, m = sft(model, tok, train, val, cfg, cfg.phase2, d)
    m["trajectories"] = len(inp["successes"])
    return model, tok, {"base": base, "files": inp["files"], "examples": {"train": len(train), "val": len(val)}}, m


def _step_rows(trajs, cfg: TrainConfig, render: RenderSettings) -> tuple[list[dict], list[dict]]:
    """(train, validation) step rows. The split is by trajectory, before augmentation, so a
    validation trajectory has no rephrased twin in training; only training ones are augmented."""
    train_t, val_t = D.split(trajs, cfg.val_fraction, cfg.seed)
    return (D.step_examples(train_t, render, cfg.phase2.augmentation, cfg.seed),
            D.step_examples(val_t, render))


def explore_phase3(cfg, inp, out_dir, d, explorer=None) -> tuple[list[Task], list[Trajectory]]:
    """Phase 3's live half: the phase-2 model runs the tasks the expert failed (and the
    fresh ones) in Writer; the judged trajectories go to ``d/explored.jsonl``. Run on its
    own (``lamkit train --phase 3 --explore-only``) where Writer is, it lets the training
    half run on another machine (a GPU box without a desktop): that run finds the file and
    does not explore again. Returns (the tasks to explore, the explored trajectories)."""
    from lamkit.train.explore import DataflowExplorer

    prev = ck.require_done(ck.phase_dir(out_dir, 2), "phase 2")
    tasks = _explore_tasks(cfg, inp)
    explored_file = d / EXPLORED_FILE
    if explored_file.exists():  # a resumed run does not explore again
        return tasks, read_jsonl(explored_file, Trajectory)
    explorer = explorer or DataflowExplorer(d / "explore", cfg.explore.workers, cfg.explore.max_steps)
    explored = list(explorer(prev, tasks)) if tasks else []
    write_jsonl(explored_file, explored)
    return tasks, explored


def _explore_tasks(cfg, inp) -> list[Task]:
    expert_ok = {t.task.id for t in inp["successes"]}
    failed_tasks = [t for t in D.tasks_of(inp["trajs"]) if t.id not in expert_ok]
    return (failed_tasks + [t for t in inp["fresh_tasks"] if t.id not in expert_ok])[: cfg.explore.max_tasks]


def _phase3(cfg, inp, out_dir, d, explorer=None):
    tasks, explored = explore_phase3(cfg, inp, out_dir, d, explorer)
    explored_file = d / EXPLORED_FILE
    new_ok = [t for t in explored if D.is_success(t) and t.steps]
    model, tok, base = _previous(out_dir, 3)
    train, val = _step_rows(inp["successes"] + new_ok, cfg, inp["render"])
    metrics = {"explored_tasks": len(tasks), "explored_trajectories": len(explored), "new_successes": len(new_ok),
               "new_success_task_ids": sorted({t.task.id for t in new_ok})}
    if new_ok:
        model, m = sft(model, tok, train, val, cfg, cfg.phase3, d)
        metrics.update(m)
    else:  # nothing new to learn: phase 3 is phase 2's model, said so in the metrics
        metrics.update({"steps": 0, "val_loss": completion_loss(model, tok, val, cfg, d), "note": "no new successes"})
    manifest = {"base": base, "files": inp["files"] + [D.file_entry(explored_file, len(explored))],
                "examples": {"train": len(train), "val": len(val)}}
    return model, tok, manifest, metrics


def _phase4(cfg, inp, out_dir, d):
    from lamkit.train.offline_rl import failed_trajectories, run_offline_rl
    from lamkit.train.reward import train_reward_model

    prev = ck.require_done(ck.phase_dir(out_dir, 3), "phase 3")
    render = inp["render"]
    if not failed_trajectories(inp["trajs"]):
        # Nothing failed: neither the expert's collection nor phase 3's exploration (a quickstart seed
        # whose explored tasks all succeeded). No reward model can be trained without a bad step, and
        # no state to improve on: like phase 3 without new successes, phase 4 keeps phase 3's weights
        # and says why (before, this ended the run with a DataError).
        model, tok, _ = _previous(out_dir, 4)
        files = ", ".join(f["path"] for f in inp["files"])
        m = {"method": "reward-ranked DPO", "pairs": 0, "steps": 0, "failed_trajectories": 0,
             "note": f"no failed trajectories in {files}: no reward model, no pairs; phase 3's weights kept"}
        return model, tok, {"base": str(prev), "files": inp["files"]}, m
    rm_dir, rm_metrics = train_reward_model(cfg, inp["trajs"], prev, d / "reward_model", render)
    model, tok, m = run_offline_rl(cfg, inp["trajs"], prev, rm_dir, d, render)
    _, val = _step_rows(inp["successes"], cfg, render)
    m["val_loss"] = completion_loss(model, tok, val, cfg, d)
    m["reward_model"] = rm_metrics
    manifest = {"base": str(prev), "reward_model": str(rm_dir), "files": inp["files"]}
    return model, tok, manifest, m


def run_all(config: TrainConfig, data: DataPaths, out_dir: str | Path, *, explorer: Callable | None = None,
            force: bool = False, on_start: Callable[[int], None] | None = None,
            on_done: Callable[[int, dict], None] | None = None) -> dict[int, dict]:
    """Phases 1-4 in order, each from the previous one's checkpoint; phase -> metrics.

    The one phase loop: ``lamkit train --all`` and the pipeline's train stage both call it,
    so they train on the same inputs (phase 4 adds phase 3's explorations, :func:`phase4_data`).
    ``on_start(n)`` / ``on_done(n, metrics)`` report progress."""
    out: dict[int, dict] = {}
    for n in PHASES:
        if on_start:
            on_start(n)
        out[n] = run_phase(n, config, data, out_dir, explorer=explorer, force=force)
        if on_done:
            on_done(n, out[n])
    if config.calibration.posthoc:  # the hint weight, scored with the final model (lamkit.train.calibrate)
        from lamkit.train.calibrate import calibrate_finished

        cal = calibrate_finished(out_dir, config, _trajs(data, 4)[0])
        if cal is not None:
            out[4] = {**out[4], "posthoc_calibration": cal}
    return out

