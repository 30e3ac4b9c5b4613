"""What a policy is: anything that, given the task and what is on screen, decides the next action.

The agent loop, the dataflow's expert execution and online evaluation all drive
policies through this one protocol, so a trained checkpoint, a model behind an
HTTP endpoint and the heuristic expert are interchangeable.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from lamkit.agent.prompting import ModelAnswer
from lamkit.schema import Observation, Step, Task


class Decision(BaseModel):
    """A policy's choice for one step. ``error`` set means no valid action could be produced."""

    answer: ModelAnswer | None = None
    raw: str = ""  # the model's text, kept for debugging and training data
    latency_s: float = 0.0
    error: str | None = None
    # invalid or unparsable answers the model wrote for this step (retried ones included);
    # constrained decoding makes it 0, evaluations report the total
    invalid: int = 0
    # rendered control name -> live label, for grounding the answer (RenderedStep.label_of)
    label_of: dict[str, str] = Field(default_factory=dict)


@runtime_checkable
class Policy(Protocol):
    name: str

    def reset(self, task: Task) -> None:
        """Forget the previous episode."""

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        """Choose the next action. Model policies must read only ``task.request``:
        the instantiated plan is training supervision, not an input (docs/paper_notes.md)."""
