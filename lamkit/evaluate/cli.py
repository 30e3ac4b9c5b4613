"""`lamkit evaluate offline`, `lamkit evaluate online`, `lamkit report`."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.agent.policies import SPEC_HELP
from lamkit.errors import LamkitError

console = Console()
evaluate_app = typer.Typer(help="Offline (gold trajectories) and online (live Writer) evaluation.", no_args_is_help=True)

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def parse_named(values: list[str] | None, what: str, require_name: bool = False) -> dict[str, str]:
    """``NAME=SPEC`` (or a bare ``SPEC``, named by itself) options as an ordered dict."""
    out: dict[str, str] = {}
    for v in values or []:
        name, sep, spec = v.partition("=")
        if not sep or not _NAME.match(name):
            if require_name:
                raise LamkitError(f"{what} {v!r}: expected NAME=VALUE")
            name, spec = v, v
        if not spec:
            raise LamkitError(f"{what} {v!r}: empty value after '='")
        if name in out:
            raise LamkitError(f"{what} name {name!r} given twice")
        out[name] = spec
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# ----------------------------------------------------------------------------- offline
@evaluate_app.command("offline")
def offline_cmd(
    data: list[Path] = typer.Option(..., "--data", help="Run folder (its execution/pass.jsonl) or Trajectory / execution-record JSONL; repeatable."),
    split: str = typer.Option("test", help="Only gold trajectories of this split."),
    policy: list[str] = typer.Option(None, "--policy", help=f"[NAME=]SPEC, SPEC: {SPEC_HELP}; repeatable."),
    checkpoint: list[str] = typer.Option(None, "--checkpoint", help="NAME=PATH of a trained checkpoint (e.g. phase2=runs/x/checkpoints/phase2); repeatable."),
    out: Path = typer.Option(None, "--out", help="Write the metrics (and every step's score) to this JSON file."),
    limit: int = typer.Option(0, help="Score this many trajectories (0: all): a sample with the split's share of compound tasks, in a hash order of their ids."),
):
    """Score policies step by step on held-out expert trajectories (object / operation / status accuracy, SSR, TSR)."""
    import time

    from lamkit.agent.policies import check_policy, make_policy
    from lamkit.evaluate.offline import evaluate_offline, load_test_trajectories, sample_trajectories
    from lamkit.jsonl import write_json_atomic

    specs = parse_named(policy, "--policy")
    for name, path in parse_named(checkpoint, "--checkpoint", require_name=True).items():
        if name in specs:
            raise LamkitError(f"policy name {name!r} given twice")
        if not Path(path).exists():
            raise LamkitError(f"--checkpoint {name}={path}: no such folder")
        specs[name] = f"model:{path}"
    if not specs:
        specs = {"heuristic": "heuristic"}
    specs = {name: check_policy(spec) for name, spec in specs.items()}  # bad specs fail before any scoring
    trajs = sample_trajectories(load_test_trajectories(data, split=split), limit)
    n_steps = sum(len(t.steps) for t in trajs)
    if out:
        from lamkit import journal  # the run's provenance: journal.json beside the metrics (docs/journal.md)

        journal.start(out.parent, "evaluate offline", config={"data": data, "split": split, "policies": specs,
                                                              "limit": limit, "out": out})
    results, steps = {}, {}
    t0 = time.monotonic()
    with Progress(TextColumn("{task.fields[name]}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as prog:
        for name, spec in specs.items():
            bar = prog.add_task("", total=n_steps, name=name)
            m, scores = evaluate_offline(trajs, make_policy(spec), name=name,
                                         on_step=lambda s, done, total, _b=bar: prog.update(_b, completed=done))
            results[name], steps[name] = m, scores
    tab = Table(title=f"offline, {len(trajs)} {split} trajectories, {n_steps} steps")
    for c in ("policy", "object", "operation", "status", "SSR", "TSR", "value", "unparsed/invalid", "s/step"):
        tab.add_column(c, justify="left" if c == "policy" else "right")
    for name, m in results.items():
        tab.add_row(name, _pct(m.object_acc), _pct(m.operation_acc), _pct(m.status_acc), _pct(m.step_success_rate),
                    _pct(m.task_success_rate), _pct(m.argument_acc), f"{m.parse_failures}/{m.invalid_answers}",
                    f"{m.mean_step_latency_s:.2f}")
    console.print(tab)
    if out:
        write_json_atomic(out, {
            "offline": {n: m.model_dump(mode="json") for n, m in results.items()},
            "offline_steps": {n: [s.model_dump(mode="json") for s in sc] for n, sc in steps.items()},
            "meta": {"offline_data": [str(p) for p in data], "split": split, "trajectories": len(trajs),
                     "steps": n_steps, "policies": {n: str(p) for n, p in specs.items()}, "offline_seconds": round(time.monotonic() - t0, 2)},
        })
        console.print(f"metrics written to {out}")


# ----------------------------------------------------------------------------- online
@evaluate_app.command("online")
def online_cmd(
    tasks: Path = typer.Option(..., "--tasks", help="Task JSONL, instantiation/pass.jsonl or a task suite .yaml/.json (its checkable test tasks run)."),
    policy: list[str] = typer.Option(None, "--policy", help=f"NAME=SPEC, SPEC: {SPEC_HELP}; repeatable."),
    workers: int = typer.Option(1, help="Writer environments in parallel."),
    max_steps: int = typer.Option(MAX_EPISODE_STEPS, help="Step limit per episode."),
    out: Path = typer.Option(Path("runs/eval-online"), "--out", help="Output folder: one run folder per policy, online.json."),
    limit: int = typer.Option(0, "--limit", help="Run at most this many test tasks per policy (0: all)."),
    screenshots: bool = typer.Option(False, "--screenshots", help="Keep a small screenshot of every step (<out>/<policy>/execution/screenshots/; shown by `lamkit view`)."),
):
    """Run policies on the same tasks in live Writer, judged by checkers (TSR, steps, time, latency)."""
    from lamkit.dataflow.cli import show_skipped
    from lamkit.evaluate.online import ONLINE_JSON, checkable_tasks, evaluate_online, read_online_metrics  # imported only when used

    if not tasks.exists():
        raise LamkitError(f"{tasks}: no such task file")
    from lamkit.agent.policies import check_policy

    from lamkit.dataflow.runner import check_workers

    specs = {n: check_policy(s) for n, s in (parse_named(policy, "--policy") or {"heuristic": "heuristic"}).items()}
    check_workers(workers)  # before Writer starts
    skipped: list = []
    read_online_metrics(out / ONLINE_JSON)
    checkable_tasks(tasks, "test", limit, run_dir=out, skipped=skipped)  # bad input fails (or is listed) before Writer starts
    show_skipped(skipped, out)
    from lamkit import journal  # the run's provenance: journal.json in the output folder (docs/journal.md)

    journal.start(out, "evaluate online", config={"tasks": tasks, "policies": specs, "workers": workers,
                                                  "max_steps": max_steps, "limit": limit, "screenshots": screenshots})
    res = evaluate_online(tasks, specs, out, workers, max_steps, limit=limit, screenshots=screenshots)
    tab = Table(title=f"online, {out}")
    for c in ("policy", "tasks", "TSR", "avg steps", "s/task", "s/step mean", "p95", "env errors", "invalid"):
        tab.add_column(c, justify="left" if c == "policy" else "right")
    for n, m in res.items():
        tab.add_row(n, str(m.tasks), _pct(m.task_success_rate), f"{m.avg_steps:.2f}",
                    f"{m.avg_completion_s:.1f}", f"{m.step_latency_s.mean:.2f}", f"{m.step_latency_s.p95:.2f}",
                    str(m.env_errors), str(m.invalid_answers))
    console.print(tab)
    kept = sorted(set(read_online_metrics(out / ONLINE_JSON)) - set(res))
    console.print(f"metrics merged into {out / ONLINE_JSON}" + (f" (it also holds {', '.join(kept)})" if kept else ""))


# ----------------------------------------------------------------------------- report
def report_cmd(
    inputs: list[Path] = typer.Option(..., "--inputs", help="Evaluation JSON files or folders (a pipeline run folder, a checkpoint root); repeatable."),
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML report; its numbers go to the same name with .json."),
):
    """One self-contained HTML report: offline and online tables, plots, training curves, stage times."""
    from lamkit.evaluate.report import build_report, collect_report_data

    out_json = out.with_suffix(".json")
    if out_json == out:
        raise LamkitError(f"--out {out}: give the report an .html name (its JSON goes beside it)")
    data = collect_report_data(inputs, exclude=[out_json])
    numbers = build_report(data, out, out_json)
    for w in numbers["journal_warnings"]:  # results side by side made with different code or configs
        console.print(f"[yellow]warning: {escape(w)}[/]", highlight=False, soft_wrap=True)
    have = [k for k in ("offline", "online", "training", "stages") if data.get(k)]
    console.print(f"report written to {out} and {out_json} ({', '.join(have) or 'no results'})")


def register(app: typer.Typer) -> None:
    app.add_typer(evaluate_app, name="evaluate")
    app.command("report")(report_cmd)
