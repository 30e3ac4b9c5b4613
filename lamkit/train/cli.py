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
        explore_only: bool = typer.Option(False, "--explore-only",
                                          help="phase 3's live half only: explore in Writer, write explored.jsonl, "
                                               "train elsewhere (see `lamkit checkpoints`)"),
    ) -> None:
        """Train the action model; a killed run resumes from its last checkpoint."""
        from lamkit.train import DataPaths, load_config, run_all, run_phase
        from lamkit.train.phases import PHASE_NAMES

        if all_phases == (phase is not None):
            raise LamkitError("give exactly one of --phase N or --all")
        if all_phases and explore_only:
            raise LamkitError("--explore-only is phase 3's live half: give --phase 3, not --all")
        cfg = load_config(config)
        data = DataPaths(plans=plans, trajectories=trajectories, tasks=tasks)
        from lamkit import journal  # the run's provenance: journal.json in the run folder (docs/journal.md)

        journal.start(out_dir, "train", config={"train": cfg, "data": data, "phase": phase, "all": all_phases,
                                                "force": force, "explore_only": explore_only},
                      seeds={"seed": getattr(cfg, "seed", None)})

        def show(n: int, m: dict) -> None:
            what = "explored" if explore_only else "done"
            out.print(f"[bold green]phase {n} ({PHASE_NAMES[n]}) {what}[/] -> {out_dir / f'phase{n}'}")
            out.print(json.dumps({k: v for k, v in m.items() if not isinstance(v, (dict, list))}, default=str))

        if all_phases:  # the pipeline's train stage runs the same loop (phase 4 adds phase 3's explorations)
            run_all(cfg, data, out_dir, force=force, on_done=show)
        else:
            show(phase, run_phase(phase, cfg, data, out_dir, force=force, explore_only=explore_only))

    ck_app = typer.Typer(help="Move finished phase checkpoints between machines as LoRA adapters (~10 MB, not ~540 MB).",
                         no_args_is_help=True)
    app.add_typer(ck_app, name="checkpoints")

    @ck_app.command("pack")
    def pack_cmd(
        out_dir: Path = typer.Argument(..., help="the training folder (holds phaseN/)"),
        archive: Path = typer.Argument(..., help="the .tar.gz to write"),
        phase: list[int] = typer.Option([], "--phase", help="phases to pack (default: every finished one)"),
    ) -> None:
        """Pack finished phases: small files + LoRA adapters (weights only for full fine-tuning)."""
        from lamkit.train.transfer import pack

        r = pack(out_dir, archive, sorted(phase) or None)
        out.print(f"[bold green]packed[/] {', '.join(f'{k}: {v}' for k, v in r['units'].items())} "
                  f"-> {archive} ({r['bytes'] / 1e6:.1f} MB)")

    @ck_app.command("exemplars")
    def exemplars_cmd(
        out_dir: Path = typer.Argument(..., help="the training folder (holds phaseN/)"),
        trajectories: list[Path] = typer.Option(..., "--trajectories", "--data",
                                                help="the Trajectory JSONL this run was trained on"),
    ) -> None:
        """Refit the exemplar index of finished phases so it records what each step typed (the
        decoder's value hint); the model and the prompt are unchanged (lamkit/train/refit.py)."""
        from lamkit.train.refit import refit_exemplar_values

        done = refit_exemplar_values(out_dir, trajectories)
        out.print("[bold green]refitted[/] " + ", ".join(f"{k}: {v} exemplars" for k, v in done.items()))

    @ck_app.command("arguments")
    def arguments_cmd(
        out_dir: Path = typer.Argument(..., help="the training folder (holds phaseN/)"),
        trajectories: list[Path] = typer.Option(..., "--trajectories", "--data",
                                                help="the Trajectory JSONL this run was trained on"),
    ) -> None:
        """Fit the optional arguments the decoder offers (the ones the training answers use) into
        finished phases trained before they were fitted; the model and the prompt are unchanged
        (lamkit/train/refit.py)."""
        from lamkit.train.refit import refit_optional_args

        done = refit_optional_args(out_dir, trajectories)
        for k, v in done.items():
            out.print(f"[bold green]fitted[/] {k}: " + "; ".join(f"{f}({', '.join(a)})" for f, a in v.items() if a))

    @ck_app.command("clause-targets")
    def clause_targets_cmd(
        out_dir: Path = typer.Argument(..., help="the training folder (holds phaseN/)"),
        on: bool = typer.Option(True, "--on/--off", help="read a two-edit request's targets clause by clause"),
    ) -> None:
        """Read a two-edit request's targets clause by clause in finished phases trained on prompt
        layout 1 (which read them whole); changes the Targets' order, not the layout (lamkit/train/refit.py)."""
        from lamkit.train.refit import set_clause_targets

        phases = set_clause_targets(out_dir, on)
        out.print(f"[bold green]clause targets {'on' if on else 'off'}[/]: {', '.join(phases)}")

    @ck_app.command("unpack")
    def unpack_cmd(
        archive: Path = typer.Argument(..., help="a .tar.gz written by `lamkit checkpoints pack`"),
        out_dir: Path = typer.Argument(..., help="the training folder to rebuild the phases in"),
        force: bool = typer.Option(False, "--force", help="replace phases already finished here"),
    ) -> None:
        """Unpack phases and rebuild their merged weights from the phase before (or the base model)."""
        from lamkit.train.transfer import unpack

        r = unpack(archive, out_dir, force=force)
        out.print(f"[bold green]unpacked[/] into {out_dir}: " + ", ".join(f"{k}: {v}" for k, v in r["units"].items()))
