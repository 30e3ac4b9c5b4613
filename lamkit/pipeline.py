"""`lamkit pipeline`: the whole LAM workflow in one command, stage by stage, resumable.

harvest -> instantiate -> collect -> train (phases 1-4) -> evaluate offline ->
evaluate online -> report, each stage calling the same functions as its own
command (``lamkit harvest``, ``instantiate``, ``collect``, ``train``,
``evaluate``, ``report``), on the embedded default: LibreOffice's own help as
the documentation, generated templates, the heuristic expert, and a model
profile.

Resumable at two levels: a finished stage is recorded in ``<out>/pipeline.json``
(with its wall time and a summary) and skipped on a rerun; inside a stage,
collection runs and training phases resume where they stopped (execution
records are appended atomically; phase folders carry a DONE marker and
Trainer checkpoints). ``--redo STAGE`` reruns a stage and everything after it.

Profiles (``PROFILES``): ``quickstart`` (the tiny model; online: the expert and
the final phase on 30 held-out test tasks; offline: the expert, every phase and
the zero-shot SmolLM2 on its first 40 gold steps) and ``standard`` (SmolLM2-135M
with LoRA; online: expert, zero-shot and final phase on up to 80 test tasks;
offline: every phase and zero-shot; hours on a CPU, minutes on a GPU). ``smoke``
is the tests' few-task run. The report states the split rule
(``instantiation/split.json``) and which policies ran where.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel, Field
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from lamkit.agent.policies import PolicySpec, make_policy, parse_policy
from lamkit.dataflow.runner import DATA_DIR, TRAIN_TRAJECTORIES
from lamkit.errors import LamkitError
from lamkit.jsonl import write_json_atomic

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
STAGES = ("harvest", "instantiate", "collect", "train", "evaluate_offline", "evaluate_online", "report")
# Bound to the real terminal: while a stage runs, library chatter (Trainer log dicts,
# dataset progress bars) goes to <out>/logs/<stage>.log instead.
console = Console(file=sys.stdout)


class Profile(BaseModel):
    """How big each stage is. Every field has a reason to be tuned per machine."""

    name: str
    help_app: str = "writer"  # which part of LibreOffice's help to harvest
    max_plans: int = 0  # TaskPlans fed to phase 1 (0: all harvested)
    tasks_per_family: int = 3  # family tasks generated per family (compounds included); which are test: split.py
    test_per_family: int = 2  # test tasks per family (held-out phrasings on held-out templates, lamkit/dataflow/split.py)
    compound_share: float = 0.2  # share of the family tasks that combine two families in one request
    families: list[str] = Field(default_factory=list)  # empty: all families
    templates_per_kind: int = 3
    harvested_tasks: bool = True  # also instantiate harvested help pairs (those matching a family get its checker)
    max_harvested_checkable: int = 0  # keep at most this many harvested pairs that got a checker (0: all)
    # Help-derived tasks (compiled help procedures, judged by the state-diff judge; split by help
    # page): how many to instantiate (-1: all, 0: none), and whether their train split is collected
    # and trained on (False: the held-out ones are still evaluated, the "without help data" run).
    help_tasks: int = 0
    help_training: bool = True
    workers: int = 1  # Writer environments in parallel for collection and online evaluation
    episode_steps: int = 10  # step limit of every live episode (collection, online evaluation)
    train_config: str = "tiny.yaml"  # in configs/, or a path
    train_overrides: dict[str, Any] = Field(default_factory=dict)
    fresh_tasks: int = 10  # extra train-split tasks for phase 3's exploration
    online_tasks: int = 12  # test tasks run live per policy, the first in the file's order (0: all)
    offline_trajectories: int = 0  # test trajectories scored offline (0: all; else a sample: offline.sample_trajectories)
    # Test tasks the expert collects: the first N checkable ones in the file's order (0: all).
    # Collected test episodes serve offline evaluation and are the expert's online row (the
    # same policy on the same tasks and templates), so the expert need not run them twice.
    collect_test_tasks: int = 0
    # Which policies each evaluation runs (POLICY_KINDS): live episodes cost minutes a policy,
    # offline scoring seconds, so a profile picks.
    online_policies: list[str] = Field(default_factory=lambda: ["expert", "final"])
    offline_policies: list[str] = Field(default_factory=lambda: ["expert", "phases", "zero_shot"])
    zero_shot: str = "model:smollm2"  # the untrained backbone (a policy spec), same renderer and constrained decoding
    zero_shot_offline_steps: int = 0  # score the zero-shot row offline on whole trajectories up to this many steps (0: all)
    seed: int = 0


#: What a profile's ``online_policies`` / ``offline_policies`` may name: ``expert`` (the heuristic
#: expert), ``zero_shot`` (``Profile.zero_shot``), ``final`` (the last trained phase),
#: ``phases`` (every trained phase).
POLICY_KINDS = ("expert", "zero_shot", "final", "phases")

PROFILES: dict[str, Profile] = {
    # online: 30 of the test split's tasks (the first 30 in instantiation order spread over the
    # families), expert and the final phase; the zero-shot SmolLM2 (~2-3 s a step on a CPU)
    # only offline, on the first 40 gold steps
    "quickstart": Profile(name="quickstart", max_plans=300, tasks_per_family=5, max_harvested_checkable=12,
                          workers=2, online_tasks=30, collect_test_tasks=30, offline_trajectories=20,
                          zero_shot_offline_steps=24, help_tasks=30),
    # >= 1,000 expert trajectories (36 tasks a family: ~1,040 train, ~180 test of which 80 run online) on
    # 9 documents a kind; collection is ~30 min with 2 workers, training the SmolLM2 backbone is the long
    # part on a CPU; benchmarks/learning_curve_bench.py trains on shares of it (docs/training.md)
    "standard": Profile(name="standard", max_plans=0, tasks_per_family=36, test_per_family=3, templates_per_kind=9,
                        workers=2, train_config="smollm2-135m.yaml",
                        fresh_tasks=20, online_tasks=80, episode_steps=12,  # online: ~6 s a model step on a CPU desktop
                        online_policies=["expert", "zero_shot", "final"], help_tasks=-1),
    "smoke": Profile(name="smoke", max_plans=40, tasks_per_family=2, families=["bold", "italic", "align_center", "underline"],
                     templates_per_kind=2, harvested_tasks=False, fresh_tasks=2, online_tasks=2, episode_steps=6,
                     offline_policies=["expert", "phases"],
                     train_overrides={"phase1": {"max_steps": 4}, "phase2": {"max_steps": 6}, "phase3": {"max_steps": 2},
                                      "reward_model": {"max_steps": 4}, "phase4": {"max_steps": 2},
                                      "explore": {"max_tasks": 2, "max_steps": 3},
                                      "offline_rl": {"max_states": 4, "samples_per_state": 2}}),
}

# The standard run where no GPU is lent: the same data (collect it once, copy the run folder), the
# same SmolLM2-135M + LoRA, but each phase trains for a step budget instead of its epochs (~30-55 s
# a step of 4 examples on 2 shared CPU cores: phase 2's 2 epochs would be days), so collect -> 4
# phases -> evaluation fits a working day. The phases decode with hint weight 8, the weight the
# quickstart's calibration chose on validation wording on each of its 3 seeds (benchmarks/RESULTS.md,
# "lam"); after phase 4 the weight is chosen among 8, 16 and 32 by the final model on 24 validation
# trajectories (training split, held-out phrasing; calibrate.calibrate_finished: calibrating in
# phase 2 would train phase 2 twice). Online: one worker (a model step alone on the cores,
# so the latency is the model's), the expert and the final phase on the 80 test tasks; the zero-shot
# row offline, as the quickstart does (its failing episodes run to the step limit: ~40 min online).
PROFILES["standard-cpu"] = PROFILES["standard"].model_copy(update={
    "name": "standard-cpu", "workers": 1, "online_policies": ["expert", "final"],
    "offline_trajectories": 16, "zero_shot_offline_steps": 24,
    "train_overrides": {"phase1": {"max_steps": 20}, "phase2": {"max_steps": 60}, "phase3": {"max_steps": 10},
                        "reward_model": {"max_steps": 10}, "phase4": {"max_steps": 4},
                        "explore": {"max_tasks": 8, "max_steps": 10}, "offline_rl": {"max_states": 8},
                        "calibration": {"hint_weights": [8.0, 16.0, 32.0], "posthoc": True, "max_validation": 24},
                        "decoding": {"hint_weight": 8.0}}})

# the quickstart without help data in training (its held-out help tasks still evaluated, the same
# tasks): the "without" row of benchmarks/help_training_bench.py
PROFILES["quickstart-nohelp"] = PROFILES["quickstart"].model_copy(update={"name": "quickstart-nohelp", "help_training": False})


# ----------------------------------------------------------------------------- bookkeeping
class PipelineState(BaseModel):
    profile: str
    stages: dict[str, dict[str, Any]] = Field(default_factory=dict)  # name -> {"seconds": s, "summary": {...}}


def _state_path(out: Path) -> Path:
    return out / "pipeline.json"


def load_state(out: Path, profile: str) -> PipelineState:
    p = _state_path(out)
    if not p.exists():
        return PipelineState(profile=profile)
    st = PipelineState.model_validate_json(p.read_text())
    if st.profile != profile:
        raise LamkitError(f"{out} holds a {st.profile!r} pipeline run; use another --out for {profile!r} "
                          f"(or --profile {st.profile} to resume it)")
    return st


def save_state(out: Path, st: PipelineState) -> None:
    write_json_atomic(_state_path(out), st.model_dump(mode="json"))


class Paths:
    """Where each stage writes (all under the pipeline's ``out`` folder)."""

    def __init__(self, out: Path):
        self.out = out
        self.plans = out / "harvest" / "taskplans.jsonl"
        self.train_plans = out / "harvest" / "train_plans.jsonl"
        self.run = out / "collect"  # instantiation/ and execution/ of the expert run
        self.tasks = self.run / "instantiation" / "pass.jsonl"
        self.train_trajs = out / DATA_DIR / TRAIN_TRAJECTORIES  # written by export_trajectories
        self.fresh = out / "data" / "fresh_tasks.jsonl"
        self.checkpoints = out / "checkpoints"
        self.offline = out / "evaluate" / "offline.json"
        self.online = out / "evaluate" / "online"
        self.report = out / "report.html"


# ----------------------------------------------------------------------------- stages
def stage_harvest(p: Profile, paths: Paths) -> dict:
    from lamkit.jsonl import read_jsonl, write_jsonl
    from lamkit.schema import TaskPlan
    from lamkit.tasks.harvest import harvest_help

    rep = harvest_help(p.help_app, paths.plans)
    pairs = read_jsonl(paths.plans, TaskPlan)
    if p.help_tasks:  # a held-out help page's procedures never train, not even as phase 1's plans (split.py)
        from lamkit.dataflow.split import SPLIT

        pairs = [x for x in pairs if SPLIT.help_page(x.source.path) == "train"]
    if not pairs:
        raise LamkitError(f"the harvest of LibreOffice's {p.help_app} help found no task-plan pairs "
                          "(is libreoffice-help-en-us installed?)")
    if p.max_plans and len(pairs) > p.max_plans:
        # keep the originals before their paraphrases, then a seeded sample
        from lamkit.dataflow.instantiate import is_original

        derived = [x for x in pairs if not is_original(x)]
        ids = {x.id for x in derived}
        orig = [x for x in pairs if x.id not in ids]
        rest = derived
        random.Random(p.seed).shuffle(rest)
        pairs = (orig + rest)[: p.max_plans]
    write_jsonl(paths.train_plans, pairs)
    return {"pages": rep.pages_total, "pairs": sum(rep.pairs_after_augment.values()), "phase1_plans": len(pairs)}


def stage_instantiate(p: Profile, paths: Paths) -> dict:
    from lamkit.dataflow.families import BY_NAME, FAMILIES
    from lamkit.dataflow.instantiate import family_tasks, observe_inventory, split_counts, taskplan_tasks, write_instantiation
    from lamkit.dataflow.runner import close_worker_env, worker_env
    from lamkit.dataflow.split import SPLIT
    from lamkit.dataflow.templates import build_catalog
    from lamkit.jsonl import read_jsonl, write_jsonl
    from lamkit.schema import TaskPlan

    fams = p.families or [f.name for f in FAMILIES]
    bad = [f for f in fams if f not in BY_NAME]
    if bad:
        raise LamkitError(f"profile {p.name}: unknown families {', '.join(bad)}")
    catalog = build_catalog(paths.out / "templates", per_kind=p.templates_per_kind, seed=p.seed)
    inv = observe_inventory(catalog, worker_env())  # the same Writer the collection will use
    # the split is the one rule of lamkit/dataflow/split.py (written to instantiation/split.json)
    recs = family_tasks(p.tasks_per_family * len(fams), catalog, p.seed, fams, inv,
                        test_per_family=p.test_per_family, compound=p.compound_share)
    if p.harvested_tasks:
        harvested = taskplan_tasks(read_jsonl(paths.plans, TaskPlan), catalog, p.seed, inv)
        if p.max_harvested_checkable:
            mapped = [r for r in harvested if r.ok and r.task is not None and r.task.checker is not None]
            drop = {id(r) for r in mapped[p.max_harvested_checkable:]}
            harvested = [r for r in harvested if id(r) not in drop]
        recs += harvested
    if p.help_tasks:  # compiled help procedures replace their judge-only tasks (lamkit/dataflow/instantiate.py)
        from lamkit.dataflow.instantiate import help_tasks, with_help_tasks

        recs = with_help_tasks(recs, help_tasks(read_jsonl(paths.plans, TaskPlan), catalog, max(p.help_tasks, 0), p.seed,
                                                max_steps=p.episode_steps, app=p.help_app))
    ok, filtered = write_instantiation(recs, paths.run)
    fresh = [r.task for r in family_tasks(p.fresh_tasks, catalog, p.seed + 1, fams, inv, parts=("train",),
                                          compound=p.compound_share) if r.ok and r.task]
    write_jsonl(paths.fresh, fresh)
    checkable = sum(1 for r in recs if r.ok and r.task and r.task.checker is not None)
    if p.workers > 1:  # collection brings its own Writers, one per worker process
        close_worker_env()
    return {"tasks": len(recs), "passed": ok, "filtered": filtered, "checkable": checkable, "fresh_tasks": len(fresh),
            "split": split_counts(recs), "split_rule": SPLIT.describe()}


def _progress(label: str):
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeRemainingColumn(), console=console, transient=False)


def stage_collect(p: Profile, paths: Paths) -> dict:
    from lamkit.dataflow.instantiate import is_help_task
    from lamkit.dataflow.judge import STATE_DIFF
    from lamkit.dataflow.runner import collect, export_trajectories, load_items

    # checkable tasks, and help-derived ones (their test split always: the expert's held-out help episodes)
    items = [(t, tp) for t, tp in load_items(paths.tasks)
             if t.checker is not None or (is_help_task(t) and (p.help_training or t.split == "test"))]
    if p.collect_test_tasks:
        test_ids = [t.id for t, _ in items if t.split == "test" and not is_help_task(t)][: p.collect_test_tasks]
        keep = set(test_ids)
        items = [(t, tp) for t, tp in items if t.split != "test" or t.id in keep or is_help_task(t)]
    judge = STATE_DIFF if any(is_help_task(t) for t, _ in items) else None  # decides help tasks; a second opinion on the rest
    ok = {"n": 0}
    with _progress("collect (expert)") as prog:
        bar = prog.add_task("", total=len(items), rate="")

        def on_result(rec, done, total):
            ok["n"] += rec["verdict"]["success"]
            prog.update(bar, total=total, completed=done, rate=f"success {ok['n'] / done:.0%}")

        s = collect(items, paths.run, policy="heuristic", workers=p.workers, max_steps=p.episode_steps, on_result=on_result,
                    judge=judge)
    # Training data: every judged trajectory of the train/val splits (success and failure),
    # written as `lamkit collect` / `lamkit export` write it.
    ex = export_trajectories(paths.run, paths.train_trajs.parent)
    if not ex.train_successes:
        raise LamkitError(f"the expert succeeded on no training task (see {paths.run / 'execution'}); nothing to train on")
    return {"episodes": s.run, "passed": s.passed, "failed": s.failed, "unsure": s.unsure,
            "episodes_per_hour": round(s.episodes_per_hour), "train_trajectories": ex.train,
            "train_successes": ex.train_successes,
            **({"help": s.by_family.get("help", {}), "judge_on_checked": s.judged, "judge_disagreements": s.judge_disagreements}
               if judge else {})}


def train_config(p: Profile):
    from lamkit.train.config import TrainConfig, load_config

    path = Path(p.train_config)
    if not path.exists():
        path = CONFIGS / p.train_config
    cfg = load_config(path)
    if p.train_overrides:
        # only what was set: a full dump would pin every default (render.version among them, so
        # current_layout kept layout 1 for every profile with overrides: runs/standard-cpu, stop 29)
        data = cfg.model_dump(exclude_unset=True)
        for k, v in p.train_overrides.items():
            data[k] = {**data.get(k, {}), **v} if isinstance(v, dict) and isinstance(data.get(k, {}), dict) else v
        cfg = TrainConfig.model_validate(data)
    return cfg


def stage_train(p: Profile, paths: Paths) -> dict:
    """``lamkit train --all`` on the run's files: the same loop (:func:`lamkit.train.phases.run_all`),
    with the profile's workers exploring in phase 3."""
    from lamkit.train.explore import DataflowExplorer
    from lamkit.train.phases import PHASE_NAMES, DataPaths, run_all

    cfg = train_config(p)
    data = DataPaths(plans=[paths.train_plans], trajectories=[paths.train_trajs], tasks=[paths.fresh])
    explorer = DataflowExplorer(paths.checkpoints / "phase3" / "explore", p.workers, cfg.explore.max_steps)
    out = {}
    with console.status("training…") as status:
        def done(n: int, m: dict) -> None:
            console.print(f"phase {n} ({PHASE_NAMES[n]}): {m.get('wall_seconds', 0):.0f} s, val loss {m.get('val_loss')}"
                          + (f", {m.get('new_successes')} new successes" if n == 3 else ""))
            out[f"phase{n}"] = {k: m.get(k) for k in ("wall_seconds", "val_loss", "steps", "new_successes") if k in m}

        run_all(cfg, data, paths.checkpoints, explorer=explorer,
                on_start=lambda n: status.update(f"train phase {n}: {PHASE_NAMES[n]}…"), on_done=done)
    return out


def phase_policies(paths: Paths) -> dict[str, PolicySpec]:
    return {f"phase{n}": PolicySpec(kind="model", model=str(paths.checkpoints / f"phase{n}")) for n in (1, 2, 3, 4)
            if (paths.checkpoints / f"phase{n}" / "DONE").exists()}


def eval_policies(p: Profile, paths: Paths, kinds: list[str]) -> dict[str, PolicySpec]:
    """Policy name -> spec for the ``kinds`` a profile names (POLICY_KINDS), in a stable order:
    expert, zero-shot, then the trained phases."""
    bad = [k for k in kinds if k not in POLICY_KINDS]
    if bad:
        raise LamkitError(f"profile {p.name}: unknown evaluation policies {', '.join(bad)} (use {', '.join(POLICY_KINDS)})")
    phases = phase_policies(paths)
    out: dict[str, PolicySpec] = {}
    if "expert" in kinds:
        out["expert"] = PolicySpec(kind="expert")
    if "zero_shot" in kinds:
        zs = parse_policy(p.zero_shot)
        if phases and zs.kind == "model":
            # the same prompt as the trained phases: the run's render settings, ranker, typed values
            zs = PolicySpec(kind="zero_shot", model=zs.model, like=phases[list(phases)[-1]].model)
        out["zero_shot"] = zs
    if "phases" in kinds:
        out.update(phases)
    elif "final" in kinds and phases:
        last = list(phases)[-1]
        out[last] = phases[last]
    return out


def first_steps(trajs: list, total_steps: int) -> list:
    """The first trajectories whose steps add up to at most ``total_steps`` (at least one; 0: all):
    whole trajectories, so that TSR stays defined."""
    if not total_steps:
        return trajs
    out, n = [], 0
    for t in trajs:
        if out and n + len(t.steps) > total_steps:
            break
        out.append(t)
        n += len(t.steps)
    return out


def offline_test_sets(collect_dir: Path, n: int) -> tuple[list, list]:
    """(family trajectories, help-derived trajectories) a run scores offline: the collection's
    held-out test successes, the family ones sampled to ``n`` (0: all;
    :func:`lamkit.evaluate.offline.sample_trajectories`), the help-derived ones all (rows of their
    own, ``<name>@help``). One rule for the pipeline and benchmarks/lam_bench.py's hint ablation."""
    from lamkit.dataflow.instantiate import is_help_task
    from lamkit.evaluate.offline import load_test_trajectories, sample_trajectories

    trajs = load_test_trajectories([collect_dir], split="test")
    family = [t for t in trajs if not is_help_task(t.task)]
    return sample_trajectories(family, n), [t for t in trajs if is_help_task(t.task)]


def stage_evaluate_offline(p: Profile, paths: Paths) -> dict:
    from lamkit.evaluate.offline import evaluate_offline

    trajs, help_trajs = offline_test_sets(paths.run, p.offline_trajectories)
    specs = eval_policies(p, paths, p.offline_policies)
    sets = {name: first_steps(trajs, p.zero_shot_offline_steps) if name == "zero_shot" else trajs for name in specs}
    sets.update({f"{name}@help": help_trajs for name in specs if help_trajs and name not in ("expert", "zero_shot")})
    results = {}
    total = sum(len(t.steps) for ts in sets.values() for t in ts)
    with _progress("evaluate offline") as prog:
        bar = prog.add_task("", total=total, rate="")
        for name, ts in sets.items():
            prog.update(bar, rate=name)
            spec = specs[name.removesuffix("@help")]
            m, _ = evaluate_offline(ts, make_policy(spec), name=name, on_step=lambda *a: prog.advance(bar))
            results[name] = m.model_dump(mode="json")
    write_json_atomic(paths.offline, results)
    return {name: {"TSR": r["task_success_rate"], "SSR": r["step_success_rate"], "tasks": r["tasks"], "steps": r["steps"],
                   "invalid": r["invalid_answers"]} for name, r in results.items()}


def stage_evaluate_online(p: Profile, paths: Paths) -> dict:
    from lamkit.evaluate.online import checkable_tasks, evaluate_online

    policies = eval_policies(p, paths, p.online_policies)
    n = len(checkable_tasks(paths.tasks, "test", p.online_tasks))
    with _progress("evaluate online") as prog:
        bar = prog.add_task("", total=n * len(policies), rate="")
        ok: dict[str, int] = {}

        def on_result(name, rec, done, total):
            ok[name] = ok.get(name, 0) + rec["verdict"]["success"]
            prog.advance(bar)
            prog.update(bar, rate=f"{name}: {ok[name]}/{done}")

        if "expert" in policies and p.collect_test_tasks:
            reuse_expert_episodes(paths.run, paths.online / "expert")
        res = evaluate_online(paths.tasks, policies, paths.online, p.workers, p.episode_steps, split="test",
                              limit=p.online_tasks, on_result=on_result)
    out = {name: {"TSR": m.task_success_rate, "avg_steps": m.avg_steps, "tasks": m.tasks, "invalid": m.invalid_answers}
           for name, m in res.items()}
    if p.help_tasks:  # the held-out help-derived tasks, judged by the state-diff judge (lamkit/dataflow/help_eval.py)
        from lamkit.dataflow.help_eval import evaluate_help_online

        if "expert" in policies:  # its collection episodes of the held-out help tasks, as for the family tasks
            reuse_expert_episodes(paths.run, paths.online / "help" / "expert")
        help_res = evaluate_help_online(paths.tasks, policies, paths.online / "help", p.workers, p.episode_steps)
        out.update({f"{name}@help": {"TSR": m.task_success_rate, "TSR_CI": m.tsr_ci, "avg_steps": m.avg_steps, "tasks": m.tasks,
                                     "invalid": m.invalid_answers} for name, m in help_res.items()})
    return out


def reuse_expert_episodes(collect_dir: Path, online_dir: Path) -> int:
    """Seed the expert's online run folder with its collection's test episodes (the same
    policy on the same tasks and templates, judged by the same checkers): the online run
    then skips them as done, as a resumed run would. Returns the episodes copied; a folder
    that already has records is left alone (a resumed pipeline)."""
    from lamkit.dataflow.runner import VERDICT_FILES
    from lamkit.jsonl import append_jsonl, iter_jsonl

    dst = online_dir / "execution"
    if dst.exists() and any((dst / f"{n}.jsonl").exists() for n in VERDICT_FILES):
        return 0
    n = 0
    for name in VERDICT_FILES:
        src = collect_dir / "execution" / f"{name}.jsonl"
        if not src.exists():
            continue
        recs = [r for r in iter_jsonl(src, strict=False) if (r.get("task") or {}).get("split") == "test"]
        if recs:
            n += append_jsonl(dst / f"{name}.jsonl", recs)
    return n


def evaluation_scope(p: Profile, st: PipelineState | None) -> dict[str, str]:
    """One line per evaluation: which policies ran on what (for the report's header)."""
    out = {}
    summ = {k: (v.get("summary") or {}) for k, v in (st.stages.items() if st else ())}
    off, on = summ.get("evaluate_offline") or {}, summ.get("evaluate_online") or {}
    if off:
        out["offline evaluation"] = "; ".join(
            f"{n}: {v.get('tasks', '?')} test trajectories, {v.get('steps', '?')} steps" for n, v in off.items()) + (
            f" (zero-shot capped at the first {p.zero_shot_offline_steps} gold steps, whole trajectories)"
            if "zero_shot" in off and p.zero_shot_offline_steps else "")
    if on:
        out["online evaluation"] = "; ".join(f"{n}: {v.get('tasks', '?')} test tasks" for n, v in on.items()) + (
            f" ({f'the first {p.online_tasks}' if p.online_tasks else 'all'} checkable test tasks in the file's order, "
            f"{p.workers} worker(s), at most {p.episode_steps} steps)")
    if "expert" in on and p.collect_test_tasks:
        out["expert online"] = ("the expert's collection episodes of the same test tasks (same policy, tasks, "
                                "templates and checkers), not a second run")
    if "zero_shot" in {*off, *on}:
        out["zero-shot"] = (f"{p.zero_shot}: the untrained backbone, with the final checkpoint's renderer "
                            "settings (its ranker and typed values) and the same constrained decoding")
    return out


def report_data(paths: Paths, st: PipelineState | None = None, p: Profile | None = None) -> dict:
    """Everything the report shows, from the files the stages wrote."""
    import json

    from lamkit.evaluate.report import training_curves

    data: dict[str, Any] = {"offline": {}, "online": {}, "training": {}, "stages": {}, "meta": {}}
    if paths.offline.exists():
        data["offline"] = json.loads(paths.offline.read_text())
    if (paths.online / "online.json").exists():
        data["online"] = json.loads((paths.online / "online.json").read_text())
    if paths.checkpoints.exists():
        data["training"] = training_curves(paths.checkpoints)
    split = paths.run / "instantiation" / "split.json"
    if split.exists():
        with contextlib.suppress(ValueError, OSError):
            sp = json.loads(split.read_text())
            data["meta"]["split rule"] = f"{sp.get('rule', '')} (instantiation/split.json; counts {sp.get('counts', {})})"
    if st is not None:
        data["stages"] = {k: v.get("seconds") for k, v in st.stages.items()}
        data["meta"] = {"profile": st.profile, **data["meta"],
                        **evaluation_scope(p or PROFILES.get(st.profile) or Profile(name=st.profile), st),
                        "summaries": {k: v.get("summary") for k, v in st.stages.items()}}
    return data


def stage_report(p: Profile, paths: Paths, st: PipelineState) -> dict:
    """Nothing to compute: :func:`run_pipeline` writes the report once this stage's own time
    is recorded, so that the report lists every stage."""
    return {"html": str(paths.report)}


RUNNERS: dict[str, Callable] = {
    "harvest": stage_harvest, "instantiate": stage_instantiate, "collect": stage_collect, "train": stage_train,
    "evaluate_offline": stage_evaluate_offline, "evaluate_online": stage_evaluate_online, "report": stage_report,
}


@contextlib.contextmanager
def _stage_log(path: Path):
    """Send what libraries print during a stage to a log file; our console keeps the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    with contextlib.suppress(Exception):
        import datasets
        import transformers

        datasets.disable_progress_bars()
        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
    with open(path, "a") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        yield


def run_pipeline(profile: str | Profile, out: Path, *, redo: str | None = None, workers: int | None = None,
                 stop_after: str | None = None) -> PipelineState:
    p = PROFILES[profile] if isinstance(profile, str) else profile
    if workers:
        p = p.model_copy(update={"workers": workers})
    for s in (redo, stop_after):
        if s is not None and s not in STAGES:
            raise LamkitError(f"unknown stage {s!r}; stages: {', '.join(STAGES)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    st = load_state(out, p.name)
    from lamkit import journal  # the run's provenance: journal.json in the run folder (docs/journal.md)

    journal.start(out, "pipeline", config={"profile": p, "train": train_config(p), "redo": redo, "stop_after": stop_after},
                  seeds={"profile": p.seed, "train": train_config(p).seed})
    if redo:
        for s in STAGES[STAGES.index(redo):]:
            st.stages.pop(s, None)
        save_state(out, st)
    paths = Paths(out)
    t_all = time.monotonic()
    try:
        for name in STAGES:
            if name in st.stages and "seconds" in st.stages[name]:
                console.print(f"[dim]{name}: done earlier ({st.stages[name]['seconds']:.0f} s), skipped[/]")
            else:
                console.rule(f"[bold]{name}")
                t0 = time.monotonic()
                args = (p, paths, st) if name == "report" else (p, paths)
                with _stage_log(out / "logs" / f"{name}.log"):
                    summary = RUNNERS[name](*args)
                st.stages[name] = {"seconds": round(time.monotonic() - t0, 1), "summary": summary}
                save_state(out, st)
                if name == "report":  # the report shows its own stage time too
                    from lamkit.evaluate.report import build_report

                    build_report(report_data(paths, st, p), paths.report, paths.report.with_suffix(".json"))
                console.print(f"{name}: {st.stages[name]['seconds']:.0f} s  {summary}", highlight=False)
            if name == stop_after:
                break
    finally:
        from lamkit.dataflow.runner import close_worker_env

        close_worker_env()  # the pipeline's one Writer, shared by every stage
    console.print(f"pipeline {p.name}: {time.monotonic() - t_all:.0f} s this run; report: {paths.report}")
    return st


def pipeline_cmd(
    profile: str = typer.Option("quickstart", help=f"One of: {', '.join(PROFILES)}."),
    out: Path = typer.Option(None, help="Run folder (default: runs/<profile>)."),
    redo: str = typer.Option(None, help=f"Rerun this stage and the ones after it ({', '.join(STAGES)})."),
    stop_after: str = typer.Option(None, help="Stop after this stage."),
    workers: int = typer.Option(0, help="Writer environments in parallel (default: the profile's)."),
):
    """harvest -> instantiate -> collect -> train 1-4 -> evaluate offline + online -> report; resumable."""
    if profile not in PROFILES:
        raise LamkitError(f"unknown profile {profile!r}; profiles: {', '.join(PROFILES)}")
    run_pipeline(profile, out or Path("runs") / profile, redo=redo, workers=workers or None, stop_after=stop_after)


def register(app: typer.Typer) -> None:
    app.command("pipeline")(pipeline_cmd)
