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

Profiles (``PROFILES``): ``quickstart`` (the tiny model; the whole run fits
about 20 minutes on a 2-core laptop) and ``standard`` (SmolLM2-135M with
LoRA; hours on a CPU, minutes on a GPU). ``smoke`` is the tests' few-task run.
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
    tasks_per_family: int = 3  # family tasks generated per family; the first of each goes to the test split
    families: list[str] = Field(default_factory=list)  # empty: all families
    templates_per_kind: int = 3
    harvested_tasks: bool = True  # also instantiate harvested help pairs (those matching a family get its checker)
    max_harvested_checkable: int = 0  # keep at most this many harvested pairs that got a checker (0: all)
    workers: int = 1  # Writer environments in parallel for collection and online evaluation
    max_steps: int = 10
    train_config: str = "tiny.yaml"  # in configs/, or a path
    train_overrides: dict[str, Any] = Field(default_factory=dict)
    fresh_tasks: int = 10  # extra train-split tasks for phase 3's exploration
    online_tasks: int = 12  # test tasks run live per policy (0: all)
    offline_trajectories: int = 0  # test trajectories scored offline (0: all)
    seed: int = 0


PROFILES: dict[str, Profile] = {
    "quickstart": Profile(name="quickstart", max_plans=300, tasks_per_family=2, max_harvested_checkable=12,
                          online_tasks=10, offline_trajectories=20),
    "standard": Profile(name="standard", max_plans=0, tasks_per_family=6, workers=2, train_config="smollm2-135m.yaml",
                        fresh_tasks=20, online_tasks=10, max_steps=12),  # online: ~6 s a model step on a CPU desktop
    "smoke": Profile(name="smoke", max_plans=40, tasks_per_family=2, families=["bold", "italic", "align_center", "underline"],
                     templates_per_kind=1, harvested_tasks=False, fresh_tasks=2, online_tasks=2, max_steps=6,
                     train_overrides={"phase1": {"max_steps": 4}, "phase2": {"max_steps": 6}, "phase3": {"max_steps": 2},
                                      "reward_model": {"max_steps": 4}, "phase4": {"max_steps": 2},
                                      "explore": {"max_tasks": 2, "max_steps": 3},
                                      "offline_rl": {"max_states": 4, "samples_per_state": 2}}),
}


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
        self.train_trajs = out / "data" / "train_trajectories.jsonl"
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
    if not pairs:
        raise LamkitError(f"the harvest of LibreOffice's {p.help_app} help found no task-plan pairs "
                          "(is libreoffice-help-en-us installed?)")
    if p.max_plans and len(pairs) > p.max_plans:
        # keep the originals before their paraphrases, then a seeded sample
        derived = [x for x in pairs if "subtask" in x.tags or any(t.startswith("paraphrase") for t in x.tags)]
        ids = {x.id for x in derived}
        orig = [x for x in pairs if x.id not in ids]
        rest = derived
        random.Random(p.seed).shuffle(rest)
        pairs = (orig + rest)[: p.max_plans]
    write_jsonl(paths.train_plans, pairs)
    return {"pages": rep.pages_total, "pairs": sum(rep.pairs_after_augment.values()), "phase1_plans": len(pairs)}


def _split_by_family(recs) -> None:
    """The first task of each family goes to the test split, the rest to train: every
    family is tested, and no test task (or its trajectory) is ever trained on."""
    seen: dict[str, int] = {}
    for r in recs:
        if r.task is None or r.task.family is None:
            continue
        k = seen.get(r.task.family, 0)
        seen[r.task.family] = k + 1
        r.task.split = "test" if k == 0 else "train"  # type: ignore[assignment]


def stage_instantiate(p: Profile, paths: Paths) -> dict:
    from lamkit.dataflow.families import BY_NAME, FAMILIES
    from lamkit.dataflow.instantiate import family_tasks, observe_inventory, taskplan_tasks, write_instantiation
    from lamkit.dataflow.runner import _env
    from lamkit.dataflow.templates import build_catalog
    from lamkit.jsonl import read_jsonl, write_jsonl
    from lamkit.schema import TaskPlan

    fams = p.families or [f.name for f in FAMILIES]
    bad = [f for f in fams if f not in BY_NAME]
    if bad:
        raise LamkitError(f"profile {p.name}: unknown families {', '.join(bad)}")
    catalog = build_catalog(paths.out / "templates", per_kind=p.templates_per_kind, seed=p.seed)
    inv = observe_inventory(catalog, _env())  # the same Writer the collection will use
    recs = family_tasks(p.tasks_per_family * len(fams), catalog, p.seed, fams, inv)
    _split_by_family(recs)
    if p.harvested_tasks:
        harvested = taskplan_tasks(read_jsonl(paths.plans, TaskPlan), catalog, p.seed, inv)
        if p.max_harvested_checkable:
            mapped = [r for r in harvested if r.ok and r.task is not None and r.task.checker is not None]
            drop = {id(r) for r in mapped[p.max_harvested_checkable:]}
            harvested = [r for r in harvested if id(r) not in drop]
        recs += harvested
    ok, filtered = write_instantiation(recs, paths.run)
    fresh = [r.task for r in family_tasks(p.fresh_tasks, catalog, p.seed + 1, fams, inv) if r.ok and r.task]
    for t in fresh:
        t.split = "train"  # type: ignore[assignment]
    write_jsonl(paths.fresh, fresh)
    checkable = sum(1 for r in recs if r.ok and r.task and r.task.checker is not None)
    if p.workers > 1:  # collection brings its own Writers, one per worker process
        from lamkit.dataflow import runner

        if runner._ENV is not None:
            runner._ENV.close()
            runner._ENV = None
    return {"tasks": len(recs), "passed": ok, "filtered": filtered, "checkable": checkable, "fresh_tasks": len(fresh)}


def _progress(label: str):
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeRemainingColumn(), console=console, transient=False)


def stage_collect(p: Profile, paths: Paths) -> dict:
    from lamkit.dataflow.runner import collect, load_items
    from lamkit.jsonl import iter_jsonl, write_jsonl
    from lamkit.schema import Trajectory

    items = [(t, tp) for t, tp in load_items(paths.tasks) if t.checker is not None]
    ok = {"n": 0}
    with _progress("collect (expert)") as prog:
        bar = prog.add_task("", total=len(items), rate="")

        def on_result(rec, done, total):
            ok["n"] += rec["verdict"]["success"]
            prog.update(bar, total=total, completed=done, rate=f"success {ok['n'] / done:.0%}")

        s = collect(items, paths.run, policy="heuristic", workers=p.workers, max_steps=p.max_steps, on_result=on_result)
    # Training data: every judged trajectory of the train/val splits (success and failure).
    trajs = []
    for name in ("pass", "fail"):
        f = paths.run / "execution" / f"{name}.jsonl"
        if f.exists():
            trajs += [Trajectory.model_validate(r["trajectory"]) for r in iter_jsonl(f, strict=False)
                      if r.get("trajectory") and r["task"].get("split") != "test"]
    write_jsonl(paths.train_trajs, trajs)
    n_ok = sum(1 for t in trajs if t.verdict and t.verdict.success)
    if not n_ok:
        raise LamkitError(f"the expert succeeded on no training task (see {paths.run / 'execution'}); nothing to train on")
    return {"episodes": s.run, "passed": s.passed, "failed": s.failed, "unsure": s.unsure,
            "episodes_per_hour": round(s.episodes_per_hour), "train_trajectories": len(trajs), "train_successes": n_ok}


def train_config(p: Profile):
    from lamkit.train.config import TrainConfig, load_config

    path = Path(p.train_config)
    if not path.exists():
        path = CONFIGS / p.train_config
    cfg = load_config(path)
    if p.train_overrides:
        data = cfg.model_dump()
        for k, v in p.train_overrides.items():
            data[k] = {**data[k], **v} if isinstance(v, dict) and isinstance(data.get(k), dict) else v
        cfg = TrainConfig.model_validate(data)
    return cfg


def stage_train(p: Profile, paths: Paths) -> dict:
    from lamkit.train.explore import DataflowExplorer
    from lamkit.train.phases import DataPaths, run_phase

    cfg = train_config(p)
    data = DataPaths(plans=[paths.train_plans], trajectories=[paths.train_trajs], tasks=[paths.fresh])
    out = {}
    for n in (1, 2, 3, 4):
        what = {1: "task-plan SFT", 2: "expert imitation", 3: "self-boosting in live Writer", 4: "reward model + offline RL"}[n]
        with console.status(f"train phase {n}: {what}…"):
            explorer = DataflowExplorer(paths.checkpoints / "phase3" / "explore", p.workers, cfg.explore.max_steps) if n == 3 else None
            if n == 4:
                # The reward model learns bad steps from failures: the expert's and, above all,
                # the phase-3 model's own failed explorations (the expert rarely fails).
                explored = paths.checkpoints / "phase3" / "explored.jsonl"
                data = DataPaths(plans=data.plans, trajectories=[paths.train_trajs] + ([explored] if explored.exists() else []),
                                 tasks=data.tasks)
            m = run_phase(n, cfg, data, paths.checkpoints, explorer=explorer)
        console.print(f"phase {n} ({what}): {m.get('wall_seconds', 0):.0f} s, val loss {m.get('val_loss')}"
                      + (f", {m.get('new_successes')} new successes" if n == 3 else ""))
        out[f"phase{n}"] = {k: m.get(k) for k in ("wall_seconds", "val_loss", "steps", "new_successes") if k in m}
    return out


def phase_policies(paths: Paths) -> dict[str, str]:
    return {f"phase{n}": f"model:{paths.checkpoints / f'phase{n}'}" for n in (1, 2, 3, 4)
            if (paths.checkpoints / f"phase{n}" / "DONE").exists()}


def stage_evaluate_offline(p: Profile, paths: Paths) -> dict:
    from lamkit.dataflow.runner import make_policy
    from lamkit.evaluate.offline import evaluate_offline, load_test_trajectories

    trajs = load_test_trajectories([paths.run], split="test")
    if p.offline_trajectories:
        trajs = trajs[: p.offline_trajectories]
    results = {}
    specs = {"expert": "heuristic", **phase_policies(paths)}
    total = sum(len(t.steps) for t in trajs) * len(specs)
    with _progress("evaluate offline") as prog:
        bar = prog.add_task("", total=total, rate="")
        for name, spec in specs.items():
            prog.update(bar, rate=name)
            m, _ = evaluate_offline(trajs, make_policy(spec), name=name, on_step=lambda *a: prog.advance(bar))
            results[name] = m.model_dump(mode="json")
    write_json_atomic(paths.offline, results)
    return {name: {"TSR": r["task_success_rate"], "SSR": r["step_success_rate"]} for name, r in results.items()}


def stage_evaluate_online(p: Profile, paths: Paths) -> dict:
    from lamkit.evaluate.online import checkable_tasks, evaluate_online

    policies = {"expert": "heuristic", **phase_policies(paths)}
    n = len(checkable_tasks(paths.tasks, "test", p.online_tasks))
    with _progress("evaluate online") as prog:
        bar = prog.add_task("", total=n * len(policies), rate="")
        ok: dict[str, int] = {}

        def on_result(name, rec, done, total):
            ok[name] = ok.get(name, 0) + rec["verdict"]["success"]
            prog.advance(bar)
            prog.update(bar, rate=f"{name}: {ok[name]}/{done}")

        res = evaluate_online(paths.tasks, policies, paths.online, p.workers, p.max_steps, split="test",
                              limit=p.online_tasks, on_result=on_result)
    return {name: {"TSR": m.task_success_rate, "avg_steps": m.avg_steps} for name, m in res.items()}


def report_data(paths: Paths, st: PipelineState | None = None) -> dict:
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
    if st is not None:
        data["stages"] = {k: v.get("seconds") for k, v in st.stages.items()}
        data["meta"] = {"profile": st.profile, "summaries": {k: v.get("summary") for k, v in st.stages.items()}}
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

                    build_report(report_data(paths, st), paths.report, paths.report.with_suffix(".json"))
                console.print(f"{name}: {st.stages[name]['seconds']:.0f} s  {summary}", highlight=False)
            if name == stop_after:
                break
    finally:
        from lamkit.dataflow import runner

        if runner._ENV is not None:  # the pipeline's one Writer, shared by every stage
            runner._ENV.close()
            runner._ENV = None
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
