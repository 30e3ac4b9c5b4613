"""`lamkit harvest`: task-plan pairs from documentation, and their statistics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from lamkit.errors import LamkitError

harvest_app = typer.Typer(help="Harvest (task, plan) pairs from documentation.", invoke_without_command=True)
console = Console()


@harvest_app.callback()
def harvest_cmd(
    ctx: typer.Context,
    source: str = typer.Option(None, help="'libreoffice-help' (the installed help) or 'docs' (a folder: --path)."),
    app: str = typer.Option("all", help="writer | calc | impress | draw | all (help); the label for --source docs."),
    path: Path = typer.Option(None, help="Folder of HTML or Markdown how-to pages (--source docs)."),
    out: Path = typer.Option(Path("data/taskplans.jsonl"), help="TaskPlan JSONL to write."),
    dedupe: str = typer.Option("minhash", help="Near-duplicate removal: minhash | embedding."),
    paraphrases: int = typer.Option(2, help="Paraphrases per pair (0: none)."),
    subtasks: bool = typer.Option(True, help="Add a sub-task pair per menu path in the plans."),
    llm_base_url: str = typer.Option(None, envvar="LAMKIT_LLM_BASE_URL", help="OpenAI-compatible endpoint for paraphrases (default: rule-based)."),
    llm_model: str = typer.Option(None, envvar="LAMKIT_LLM_MODEL", help="Model name at that endpoint."),
):
    if ctx.invoked_subcommand is not None:
        return
    if source is None:
        raise LamkitError("choose --source libreoffice-help or --source docs --path DIR (see `lamkit harvest --help`)")
    from lamkit.tasks.augment import LLMParaphraser
    from lamkit.tasks.harvest import HELP_ROOT, folder_pages, harvest, help_apps, help_pages

    if source == "libreoffice-help":
        pages, root, apps = help_pages(app), HELP_ROOT, help_apps(app)
    elif source == "docs":
        if path is None:
            raise LamkitError("--source docs needs --path DIR")
        app = "writer" if app == "all" else app
        pages, root, apps = folder_pages(path, app), path, [app]
    else:
        raise LamkitError(f"unknown source {source!r}: use libreoffice-help or docs")
    para = LLMParaphraser(llm_base_url, llm_model) if llm_base_url else None
    with Progress(TextColumn("harvest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console) as prog:
        t = prog.add_task("pages", total=len(pages))
        rep = harvest(
            pages, out, source if source != "docs" else f"docs:{path}", apps, root=root, dedupe_method=dedupe,
            paraphrases=paraphrases, paraphraser=para, subtasks=subtasks,
            progress=lambda done, total: prog.update(t, completed=done),
        )
    _print_report(rep, out)


@harvest_app.command("stats")
def stats(path: Path = typer.Argument(..., help="A TaskPlan JSONL written by `lamkit harvest`.")):
    """Counts per app and source, plan lengths, duplicates removed, filtered pairs with reasons."""
    from lamkit.jsonl import read_jsonl
    from lamkit.schema import TaskPlan
    from lamkit.tasks.harvest import load_report

    pairs = read_jsonl(path, TaskPlan)
    rep = load_report(path)
    _print_report(rep, path)
    t = Table(title=f"{path}: {len(pairs)} pairs")
    t.add_column("app")
    t.add_column("pairs", justify="right")
    t.add_column("by kind")
    for app, n in sorted(Counter(p.app for p in pairs).items()):
        kinds = Counter(next((x for x in p.tags if x in ("howto", "list", "markdown", "subtask") or x.startswith("paraphrase")), "?") for p in pairs if p.app == app)
        t.add_row(app, str(n), ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    console.print(t)
    src = Counter(p.source.path.split("/")[0] for p in pairs)
    console.print("sources: " + ", ".join(f"{k} {v}" for k, v in src.most_common(10)))


def _print_report(rep, out: Path) -> None:
    t = Table(title=f"harvest of {rep.source} -> {out}")
    t.add_column("app")
    for c in ("extracted", "after filter", "after dedupe", "after augment"):
        t.add_column(c, justify="right")
    for app in sorted(set(rep.pairs_extracted) | set(rep.pairs_after_augment)):
        t.add_row(app, *(str(d.get(app, 0)) for d in (rep.pairs_extracted, rep.pairs_after_filter, rep.pairs_after_dedupe, rep.pairs_after_augment)))
    console.print(t)
    console.print(
        f"pages: {rep.pages_total} ({rep.pages_with_procedures} with procedures, {rep.pages_without_procedure} without, "
        f"{len(rep.page_errors)} unreadable) at {rep.pages_per_second:.0f} pages/s; duplicates removed: {rep.duplicates_removed} "
        f"({rep.dedupe_method}); augmented: {rep.augmented}; requests with several plans that are not alternatives: "
        f"{rep.mixed_requests}"
    )
    if rep.filtered:
        console.print("filtered: " + ", ".join(f"{k} {v}" for k, v in sorted(rep.filtered.items(), key=lambda kv: -kv[1])))
    console.print("plan lengths (steps: pairs, 10 = 10+): " + ", ".join(f"{k}: {v}" for k, v in rep.plan_lengths.items()))
    for e in rep.page_errors[:10]:
        console.print(f"[yellow]page skipped[/] {e['page']}: {e['error']}")


def register(app: typer.Typer) -> None:
    app.add_typer(harvest_app, name="harvest")
