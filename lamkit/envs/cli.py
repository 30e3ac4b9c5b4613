"""`lamkit env …`: look at and poke the live application environments."""

from __future__ import annotations

from pathlib import Path

import typer

env_app = typer.Typer(help="Live application environments (LibreOffice Writer over AT-SPI).", no_args_is_help=True)


@env_app.command("demo")
def demo(out: Path = typer.Option(Path("out/demo"), help="Folder for the screenshot and the edited document.")):
    """Start Writer, observe it, run a short scripted edit, print the resulting document state."""
    from lamkit.envs.demo import run_demo

    if not run_demo(out)["ok"]:
        raise typer.Exit(1)


@env_app.command("observe")
def observe(
    doc: Path = typer.Argument(..., help="A .odt/.docx document to open."),
    screenshot: Path = typer.Option(None, help="Also save a PNG screenshot here."),
):
    """Open a document and print the controls an agent would see."""
    from rich.console import Console

    from lamkit.envs.base import make_env
    from lamkit.schema import Task

    with make_env("writer") as env:
        obs = env.reset(Task(id="observe", request="", template=str(doc)))
        for c in obs.controls:
            Console().print(f"{c.label:>4} {c.role:<16} {c.name!r:<40} {c.rect} {','.join(c.states)}")
        if screenshot:
            env.screenshot(screenshot)


def register(app: typer.Typer) -> None:
    app.add_typer(env_app, name="env")

    @app.command("demo")
    def _demo(out: Path = typer.Option(Path("out/demo"), help="Output folder.")):
        """The embedded default demo (see README)."""
        demo(out)
