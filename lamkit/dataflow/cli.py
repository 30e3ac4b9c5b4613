"""`lamkit tasks families`, `lamkit instantiate`, `lamkit collect`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from lamkit.errors import LamkitError

console = Console()
tasks_app = typer.Typer(help="Task families (generators of checkable Writer tasks).", no_args_is_help=True)


@tasks_app.command("families")
def families_cmd():
    """List the task families: name, category, parameters, an example request."""
    import random

    from lamkit.dataflow.families import FAMILIES
    from lamkit.dataflow.templates import Template

    demo = Template(name="demo", path="demo.docx", kind="report", description="", paragraphs=[
        "Quarterly report", "Sales grew by five percent in the north region.", "Costs remained stable."], table=[])
    for f in FAMILIES:
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
):
    """Choose templates, prefill plans with real controls, filter tasks that cannot be done."""
    from lamkit.dataflow.instantiate import family_tasks, observe_inventory, taskplan_tasks, write_instantiation
    from lamkit.dataflow.templates import build_catalog
    from lamkit.jsonl import read_jsonl
    from lamkit.schema import TaskPlan

    fams = [f.strip() for f in families.split(",") if f.strip()] or None
    from lamkit.dataflow.families import BY_NAME

    bad = [f for f in fams or [] if f not in BY_NAME]
    if bad:
        raise LamkitError(f"unknown famil{'y' if len(bad) == 1 else 'ies'} {', '.join(bad)}; see `lamkit tasks families`")
    catalog = build_catalog(templates or out / "templates", per_kind=per_kind, seed=seed)
    inv = None
    if check_ui:
        from lamkit.envs.writer import WriterEnv

        with console.status("observing the templates' UI in Writer…"), WriterEnv() as env:
            inv = observe_inventory(catalog, env)
    recs = family_tasks(n, catalog, seed, fams, inv)
    if taskplans:
        recs += taskplan_tasks(read_jsonl(taskplans, TaskPlan), catalog, seed, inv)
    ok, bad_n = write_instantiation(recs, out)
    judge_only = sum(1 for r in recs if r.ok and r.task and r.task.checker is None)
    console.print(f"instantiated {len(recs)} tasks into {out / 'instantiation'}: {ok} pass ({judge_only} judge-only), {bad_n} filtered")


def collect_cmd(
    out: Path = typer.Option(Path("runs/collect"), help="Run folder (execution/ is written inside)."),
    tasks: Path = typer.Option(None, help="Tasks to run (default: <out>/instantiation/pass.jsonl)."),
    workers: int = typer.Option(1, help="Writer environments in parallel."),
    ray: str = typer.Option(None, "--ray", help="Ray cluster address ('local' starts one here)."),
    policy: str = typer.Option("heuristic", help="Expert: heuristic | llm (OpenAI-compatible endpoint from LAMKIT_LLM_*) | model:PATH."),
    judge: str = typer.Option(None, help="Optional model judge: llm | model:PATH (second opinion; decides judge-only tasks)."),
    max_steps: int = typer.Option(15),
    limit: int = typer.Option(0, help="Run at most this many tasks (0: all)."),
):
    """Execute tasks with an expert in live Writer, judge them by checker; resumable."""
    from lamkit.dataflow.runner import collect, load_items

    path = tasks or out / "instantiation" / "pass.jsonl"
    if not path.exists():
        raise LamkitError(f"no tasks at {path}: run `lamkit instantiate --out {out}` first or pass --tasks")
    items = load_items(path)
    if limit:
        items = items[:limit]
    stats = {"ok": 0}
    with Progress(TextColumn("collect"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=console) as prog:
        t = prog.add_task("episodes", total=len(items), rate="")

        def on_result(rec, done, total):
            stats["ok"] += rec["verdict"]["success"]
            prog.update(t, total=total, completed=done, rate=f"success {stats['ok'] / done:.0%}")

        s = collect(items, out, policy=policy, workers=workers, ray_address=ray, max_steps=max_steps, judge=judge, on_result=on_result)
    tab = Table(title=f"{out}: {s.run} run, {s.skipped_done} already done; {s.episodes_per_hour:.0f} episodes/hour")
    for c in ("family", "pass", "fail", "unsure"):
        tab.add_column(c)
    for fam, c in s.by_family.items():
        tab.add_row(fam, str(c["pass"]), str(c["fail"]), str(c["unsure"]))
    console.print(tab)
    if s.judged:
        console.print(f"model judge: {s.judged} judged, {s.judge_disagreements} disagreements with the checker")


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")
    app.command("instantiate")(instantiate_cmd)
    app.command("collect")(collect_cmd)
