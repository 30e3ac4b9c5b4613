"""The ``llm`` expert: a chat model behind an OpenAI-compatible endpoint executes tasks.

Why a separate expert from the agent's ModelPolicy: an *expert* collects data,
so, as in UFO's dataflow, it is given the instantiated plan as its starting
"Plan" (the agent under evaluation is not). Everything else (prompt renderer,
strict parser, one retry on a malformed answer, a failed call recorded as a
failed step, never a crash) is the shared ModelPolicy's.

Configuration: arguments, else LAMKIT_LLM_BASE_URL / LAMKIT_LLM_MODEL /
LAMKIT_LLM_API_KEY. The key is never logged (OpenAIChatModel's repr hides it).
"""

from __future__ import annotations

from lamkit.agent.model_policy import ModelPolicy
from lamkit.schema import Task


class LLMExpert(ModelPolicy):
    """A model policy primed with the task's instantiated plan."""

    def __init__(self, model=None, *, base_url: str | None = None, model_name: str | None = None,
                 api_key: str | None = None, max_new_tokens: int = 192, timeout_s: float = 120):
        if model is None:
            from lamkit.models.chat import OpenAIChatModel

            model = OpenAIChatModel(base_url=base_url, model=model_name, api_key=api_key, timeout_s=timeout_s)
        super().__init__(model, name=f"llm:{model.name}", max_new_tokens=max_new_tokens)

    def reset(self, task: Task) -> None:
        super().reset(task)
        if task is not None:
            self.plan = [s.step for s in task.plan if s.function != "finish"]
