"""Phase 3's exploration: run a checkpoint live and return its trajectories.

An explorer is any callable ``explore(checkpoint_dir, tasks) -> list[Trajectory]``
(each trajectory carrying the checker's verdict). The default runs the model in
live Writer through the dataflow runner, imported lazily so training never pulls
in the desktop stack unless phase 3 actually runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Sequence

from lamkit.schema import Task, Trajectory


class Explorer(Protocol):
    def __call__(self, checkpoint_dir: str | Path, tasks: Sequence[Task]) -> list[Trajectory]: ...


class DataflowExplorer:
    """The real one: ``lamkit.dataflow.runner.explore`` (live LibreOffice, checker verdicts)."""

    def __init__(self, out_dir: Path | None = None, workers: int = 1, max_steps: int | None = None):
        self.out_dir, self.workers, self.max_steps = out_dir, workers, max_steps

    def __call__(self, checkpoint_dir, tasks):
        from lamkit.dataflow.runner import explore

        kw = {"max_steps": self.max_steps} if self.max_steps else {}  # else the episode default (MAX_EPISODE_STEPS)
        return explore(checkpoint_dir, list(tasks), self.out_dir, workers=self.workers, **kw)
