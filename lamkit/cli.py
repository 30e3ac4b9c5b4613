"""The `lamkit` command line: a thin layer over the stage packages.

Each stage package contributes its commands through ``register(app)`` in its own
``cli`` module, so this file stays a table of contents. Errors a user can fix
(LamkitError) print one clear line and exit 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer
from rich.console import Console

from lamkit.errors import LamkitError

app = typer.Typer(
    name="lamkit",
    help="Build Large Action Models: harvest, instantiate, collect, train, evaluate, run agents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True, highlight=False)  # one line per error, never wrapped mid-path

# Stage packages that add commands (in pipeline order).
STAGE_CLIS = (
    "lamkit.envs.cli",
    "lamkit.tasks.cli",
    "lamkit.dataflow.cli",
    "lamkit.models.cli",
    "lamkit.train.cli",
    "lamkit.agent.cli",
    "lamkit.evaluate.cli",
    "lamkit.pipeline",
)

for _name in STAGE_CLIS:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as _e:
        if _e.name == _name:  # that stage has no commands yet
            continue
        raise
    _mod.register(app)


@app.command("view")
def view_cmd(
    run: Path = typer.Argument(..., help="A run folder (its execution/*.jsonl files, collection and online evaluation)."),
    out: Path = typer.Option(None, "--out", help="The HTML page (default: RUN/viewer.html)."),
):
    """Write the trajectory viewer: one self-contained HTML page to filter, step through and compare episodes."""
    from lamkit.evaluate.viewer import write_viewer

    page, data = write_viewer(run, out)
    skipped = f", {len(data['skipped'])} malformed line(s) skipped" if data["skipped"] else ""
    Console().print(f"viewer written to {page} ({len(data['episodes'])} episodes{skipped})", highlight=False)


def one_line(e: BaseException) -> str:
    """An error as one line of plain text: markup-like text (``[@CHECKPOINT]``) is shown as is."""
    from rich.markup import escape

    return escape(" ".join(str(e).split()))


def main(argv: list[str] | None = None) -> int:
    try:
        app(args=argv, standalone_mode=True)
    except LamkitError as e:
        err.print(f"[bold red]error:[/] {one_line(e)}")
        return 2
    except OSError as e:  # disk full, permissions: the file and the cause, not a traceback
        err.print(f"[bold red]error:[/] {one_line(e)}")
        return 2
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
