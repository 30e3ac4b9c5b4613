"""`lamkit tasks families`, `lamkit instantiate`, `lamkit collect`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.agent.policies import SPEC_HELP
from lamkit.errors import LamkitError

console = Console()
tasks_app = typer.Typer(help="Task families (generators of checkable Writer tasks) and hand-written task suites.", no_args_is_help=True)


@tasks_app.command("families")
def families_cmd():
    """List the task families: name, category, parameters, an example request."""
    import random

    from lamkit.dataflow.families import FAMILIES
    from lamkit.dataflow.templates import Template

    text = Template(name="demo", path="demo.docx", kind="report", description="", paragraphs=[
        "Quarterly report", "Sales grew by five percent in the north region.", "Costs remained stable."], table=[])
    table = Template(name="demo-table", path="demo-table.docx", kind="table", description="", paragraphs=[
        "Budget overview", "Figures for the first half year.", "End of overview."],
        table=[["Item", "Q1", "Q2"], ["Rent 1", "40", "TBD"], ["Travel 2", "12", "TBD"]], table_at=2)
    for f in FAMILIES:
        demo = next(t for t in (text, table) if f.fits(t))  # a table family needs a table to name
        ex = f.make_task(demo, random.Random(1)).request
        params = ", ".join(f"{k}={len(v)} values" for k, v in f.params.items()) or "-"
        typer.echo(f"{f.name}\t{f.category}\tparams: {params}; target: {f.target}\te.g. {ex}")


def instantiate_cmd(
    out: Path = typer.Option(Path("runs/collect"), help="Run folder (instantiation/ is written inside)."),
    n: int = typer.Option(100, help="Family tasks to generate."),
    families: str = typer.Option("", help="Comma-separated family names (default: all)."),
    taskplans: Path = typer.Option(None, help="Harvested TaskPlan JSONL to instantiate as well."),
    templates: Path = typer.Option(None, help="Template folder (default: <out>/templates)."),
    per_kind: int = typer.Option(6, help="Templates generated per document kind."),
    seed: int = typer.Option(0),
    check_ui: bool = typer.Option(True, help="Check plans against the templates' real UI (starts Writer)."),
    help_tasks: int = typer.Option(0, "--help-tasks", help="Compile the harvested procedures that match no family into "
                                   "help-derived tasks (judged by `collect --judge state-diff`) and keep this many "
                                   "(-1: all, 0: none). Needs --taskplans."),
    help_max_steps: int = typer.Option(MAX_EPISODE_STEPS, help="Leave out compiled help plans longer than this (the episode step limit)."),
):
    """Choose templates, prefill plans with real controls, filter tasks that cannot be done."""
    from lamkit.dataflow.instantiate import family_tasks, observe_inventory, taskplan_tasks, write_instantiation
    from lamkit.dataflow.templates import build_catalog
    from lamkit.jsonl import read_jsonl
    from lamkit.schema import TaskPlan

    fams = [f.strip() for f in families.split(",") if f.strip()] or None
    from lamkit.dataflow.families import BY_NAME

    if help_tasks and not taskplans:
        raise LamkitError("--help-tasks: give the harvested procedures with --taskplans FILE.jsonl")
    if help_tasks < -1:
        raise LamkitError(f"--help-tasks {help_tasks}: give a number of tasks, -1 for all or 0 for none")

    bad = [f for f in fams or [] if f not in BY_NAME]
    if bad:
        raise LamkitError(f"unknown famil{'y' if len(bad) == 1 else 'ies'} {', '.join(bad)}; see `lamkit tasks families`")
    catalog = build_catalog(templates or out / "templates", per_kind=per_kind, seed=seed)
    inv = None
    if check_ui:
        from lamkit.envs.base import make_env

        with console.status("observing the templates' UI in Writer…"), make_env("writer") as env:
            inv = observe_inventory(catalog, env)
    recs = family_tasks(n, catalog, seed, fams, inv)
    helped = None
    if taskplans:
        pairs = read_jsonl(taskplans, TaskPlan)
        recs += taskplan_tasks(pairs, catalog, seed, inv)
        if help_tasks:
            from lamkit.dataflow.instantiate import help_tasks as make_help_tasks
            from lamkit.dataflow.instantiate import with_help_tasks

            helped = make_help_tasks(pairs, catalog, max(help_tasks, 0), seed, max_steps=help_max_steps)
            recs = with_help_tasks(recs, helped)
    ok, bad_n = write_instantiation(recs, out)
    judge_only = sum(1 for r in recs if r.ok and r.task and r.task.checker is None and r.task.params.get("judge_only"))
    console.print(f"instantiated {len(recs)} tasks into {out / 'instantiation'}: {ok} pass ({judge_only} judge-only), {bad_n} filtered")
    if helped is not None:
        show_help_tasks(helped)


def show_help_tasks(helped) -> None:
    """What :func:`lamkit.dataflow.instantiate.help_tasks` made, and why it left procedures out."""
    from collections import Counter

    split = Counter(r.task.split for r in helped.records if r.task)
    console.print(f"help-derived tasks: {len(helped.records)} ({split.get('train', 0)} train, {split.get('test', 0)} test, "
                  f"split by help page) of {helped.compiled} compiled from {helped.procedures} procedures that match "
                  "no family; judge them with `lamkit collect --judge state-diff`", highlight=False)
    for why, k in list(helped.left_out.items())[:6]:
        console.print(f"  left out {k}: {why}", highlight=False)


def collect_cmd(
    out: Path = typer.Option(Path("runs/collect"), help="Run folder (execution/ is written inside)."),
    tasks: Path = typer.Option(None, help="Tasks to run: a Task JSONL or a task suite .yaml/.json (default: <out>/instantiation/pass.jsonl)."),
    workers: int = typer.Option(1, help="Writer environments in parallel."),
    ray: str = typer.Option(None, "--ray", help="Ray cluster address ('local' starts one here)."),
    policy: str = typer.Option("heuristic", help=f"Expert: {SPEC_HELP} (llm: the OpenAI-compatible endpoint of LAMKIT_LLM_*)."),
    judge: str = typer.Option(None, help="Judge for tasks without a checker (and a second opinion on the others): "
                              "state-diff (help-derived tasks, no model) | llm | model:PATH."),
    max_steps: int = typer.Option(MAX_EPISODE_STEPS, help="Step limit per episode."),
    limit: int = typer.Option(0, help="Run at most this many tasks (0: all)."),
    screenshots: bool = typer.Option(False, "--screenshots", help="Keep a small screenshot of every step (<out>/execution/screenshots/; shown by `lamkit view`)."),
):
    """Execute tasks with an expert in live Writer, judge them by checker; resumable. Writes the
    training data (<out>/data/train_trajectories.jsonl, test_trajectories.jsonl) as `lamkit export` does."""
    from lamkit.agent.policies import check_policy
    from lamkit.dataflow.runner import collect, export_trajectories, load_items

    from lamkit.dataflow.judge import check_judge
    from lamkit.dataflow.runner import check_workers

    spec = check_policy(policy)  # an unknown policy or a missing model fails before Writer starts
    check_workers(workers)  # so do an unknown judge and --workers 0
    if judge:
        check_judge(judge)
    path = tasks or out / "instantiation" / "pass.jsonl"
    if not path.exists():
        raise LamkitError(f"no tasks at {path}: run `lamkit instantiate --out {out}` first or pass --tasks")
    skipped: list = []
    items = load_items(path, run_dir=out, skipped=skipped)
    show_skipped(skipped, out)
    if not items:
        raise LamkitError(f"{path}: no task to run" + (f" (all {len(skipped)} skipped as invalid, listed above)" if skipped else ""))
    if limit:
        items = items[:limit]
    if not judge and any(t.checker is None for t, _ in items):
        console.print(f"[yellow]{sum(1 for t, _ in items if t.checker is None)} task(s) have no checker and will be recorded "
                      "unsure: give --judge state-diff (help-derived tasks) or a model judge[/]")
    from lamkit import journal  # the run's provenance: journal.json in the run folder (docs/journal.md)

    journal.start(out, "collect", config={"tasks": path, "workers": workers, "ray": ray, "policy": policy,
                                          "judge": judge, "max_steps": max_steps, "limit": limit,
                                          "screenshots": screenshots})
    stats = {"ok": 0}
    with Progress(TextColumn("collect"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=console) as prog:
        t = prog.add_task("episodes", total=len(items), rate="")

        def on_result(rec, done, total):
            stats["ok"] += rec["verdict"]["success"]
            prog.update(t, total=total, completed=done, rate=f"success {stats['ok'] / done:.0%}")

        s = collect(items, out, policy=spec, workers=workers, ray_address=ray, max_steps=max_steps, judge=judge, on_result=on_result,
                    screenshots=screenshots)
    tab = Table(title=f"{out}: {s.run} run, {s.skipped_done} already done; {s.episodes_per_hour:.0f} episodes/hour")
    for c in ("family", "pass", "fail", "unsure"):
        tab.add_column(c)
    for fam, c in s.by_family.items():
        tab.add_row(fam, str(c["pass"]), str(c["fail"]), str(c["unsure"]))
    console.print(tab)
    if s.judged:
        console.print(f"judge {judge}: {s.judged} checked tasks judged too, {s.judge_disagreements} disagreements with the checker")
    show_export(export_trajectories(out))


def export_cmd(
    run: Path = typer.Argument(..., help="A collection run folder (holds execution/)."),
    out: Path = typer.Option(None, "--out", help="Folder for the trajectory files (default: <run>/data)."),
):
    """Write a run's judged trajectories as training data: train_trajectories.jsonl (train/val tasks)
    and test_trajectories.jsonl (test tasks), the files `lamkit train` and `lamkit evaluate offline` read."""
    from lamkit.dataflow.runner import export_trajectories

    if not (run / "execution").is_dir():
        raise LamkitError(f"{run}: not a collection run folder (no execution/; run `lamkit collect --out {run}` first)")
    show_export(export_trajectories(run, out))


def show_export(ex) -> None:
    """One line per file :func:`lamkit.dataflow.runner.export_trajectories` wrote."""
    console.print(f"training data: {ex.train_path} ({ex.train} trajectories, {ex.train_successes} successful); "
                  f"test: {ex.test_path} ({ex.test}, {ex.test_successes} successful)", highlight=False)


def show_skipped(skipped: list, run_dir: Path | None) -> None:
    """Print a suite's skipped tasks, one reason a line (the same lines as its suite-report.json)."""
    if not skipped:
        return
    from lamkit.dataflow.suites import REPORT_FILE

    where = f" (also in {run_dir / REPORT_FILE})" if run_dir is not None else ""
    console.print(f"[yellow]skipped {len(skipped)} invalid task(s){where}; the others run:[/]")
    for s in skipped:
        console.print(f"  {s.reason}", markup=False, highlight=False, soft_wrap=True)


@tasks_app.command("check")
def check_cmd(suite: Path = typer.Argument(..., help="A task suite (.yaml, .yml, .json).")):
    """Validate a hand-written task suite (fields, checkers, templates, documents) without running it."""
    import tempfile

    from lamkit.dataflow.suites import is_suite, load_suite

    if not is_suite(suite):
        raise LamkitError(f"{suite}: a suite is a .yaml, .yml or .json file")
    tab = Table(title=f"{suite}: valid tasks")
    for c in ("id", "split", "starts from", "plan steps", "request"):
        tab.add_column(c)
    with tempfile.TemporaryDirectory(prefix="lamkit-suite-check-") as tmp:  # documents are written, then dropped
        loaded = load_suite(suite, docs_dir=tmp)
        for t in loaded.tasks:
            start = "inline document" if Path(t.template).parent == Path(tmp) else Path(t.template).name
            tab.add_row(t.id, t.split, start, str(len(t.plan)), t.request[:60])
    tab.title = f"{suite}: {len(loaded.tasks)} of {loaded.total} tasks valid"
    console.print(tab)
    show_skipped(loaded.skipped, None)
    if loaded.skipped:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")
    app.command("instantiate")(instantiate_cmd)
    app.command("collect")(collect_cmd)
    app.command("export")(export_cmd)
