"""`lamkit train`: run one phase (--phase N) or all four (--all)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from lamkit.errors import LamkitError

out = Console()


def register(app: typer.Typer) -> None:
    @app.command("train")
    def train(
        phase: Optional[int] = typer.Option(None, "--phase", help="1 plans, 2 expert, 3 exploration, 4 reward model + offline RL"),
        all_phases: bool = typer.Option(False, "--all", help="run phases 1-4, each from the previous checkpoint"),
        config: Optional[Path] = typer.Option(None, "--config", help="configs/tiny.yaml, configs/smollm2-135m.yaml, ..."),
        plans: list[Path] = typer.Option([], "--plans", help="TaskPlan JSONL (phase 1)"),
        trajectories: list[Path] = typer.Option([], "--trajectories", "--data", help="Trajectory JSONL (phases 2-4)"),
        tasks: list[Path] = typer.Option([], "--tasks", help="fresh Task JSONL to explore in phase 3"),
        out_dir: Path = typer.Option(Path("runs/train"), "--out", help="checkpoints go to OUT/phaseN"),
        force: bool = typer.Option(False, "--force", help="redo a phase that is already DONE"),
    ) -> None:
        """Train the action model; a killed run resumes from its last checkpoint."""
        from lamkit.train import DataPaths, load_config, run_phase

        if all_phases == (phase is not None):
            raise LamkitError("give exactly one of --phase N or --all")
        cfg = load_config(config)
        data = DataPaths(plans=plans, trajectories=trajectories, tasks=tasks)
        for n in (1, 2, 3, 4) if all_phases else (phase,):
            m = run_phase(n, cfg, data, out_dir, force=force)
            out.print(f"[bold green]phase {n} done[/] -> {out_dir / f'phase{n}'}")
            out.print(json.dumps({k: v for k, v in m.items() if not isinstance(v, (dict, list))}, default=str))
