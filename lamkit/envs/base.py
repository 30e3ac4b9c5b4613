"""The Environment protocol every application backend implements.

Agents, the dataflow runner and evaluators only ever talk to this protocol, so a
new application (Calc, a web browser) plugs in without touching them.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from lamkit.schema import Action, DocState, Observation, StepResult, Task


@runtime_checkable
class Environment(Protocol):
    def reset(self, task: Task) -> Observation:
        """Open a fresh copy of the task's template and return the first observation."""

    def step(self, action: Action) -> StepResult:
        """Execute one action for real and report what happened (never raise on bad input)."""

    def observe(self, screenshot: bool = False) -> Observation:
        """The interactive controls now showing, the focus, a document digest."""

    def state(self) -> DocState:
        """The document's real state, for checkers."""

    def info(self) -> dict[str, Any]:
        """Application version, screen size and the like, stored with trajectories."""

    def close(self) -> None:
        """Stop every process the environment started."""


class EnvironmentError_(RuntimeError):
    """The application failed (hung, crashed) and was restarted: the episode is void."""


def make_env(app: str = "writer", **kwargs) -> Environment:
    if app == "writer":
        from lamkit.envs.writer import WriterEnv

        return WriterEnv(**kwargs)
    from lamkit.errors import LamkitError

    raise LamkitError(f"unknown app {app!r}: known apps are 'writer'")
