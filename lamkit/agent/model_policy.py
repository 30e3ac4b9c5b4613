"""A policy backed by a chat model (a trained checkpoint, or any endpoint).

It sees only the user's request and the live screen, plans for itself (the
answer's ``plan`` is fed back as "Plan" at the next step) and is parsed
strictly; a malformed answer is retried once with the parser's message, then
the step fails cleanly.
"""

from __future__ import annotations

import time

from lamkit.agent.policy import Decision
from lamkit.agent.prompting import AnswerParseError, action_messages, parse_answer
from lamkit.schema import Observation, Step, Task


class ModelPolicy:
    def __init__(self, model, name: str | None = None, max_new_tokens: int = 192, max_obs_chars: int = 4000, retries: int = 1):
        self.model = model
        self.name = name or f"model:{model.name}"
        self.max_new_tokens = max_new_tokens
        self.max_obs_chars = max_obs_chars
        self.retries = retries
        self.plan: list[str] = []

    def reset(self, task: Task) -> None:
        self.plan = []

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        t0 = time.monotonic()
        msgs = action_messages(task.request, observation, history, self.plan, max_obs_chars=self.max_obs_chars)
        raw, err = "", None
        for _ in range(self.retries + 1):
            try:
                raw, _lat = self.model.chat(msgs, max_new_tokens=self.max_new_tokens)
            except Exception as e:  # noqa: BLE001 - an endpoint that fails is a failed step, not a crashed run
                return Decision(raw=raw, error=f"model call failed: {type(e).__name__}: {e}", latency_s=time.monotonic() - t0)
            try:
                ans = parse_answer(raw)
                self.plan = ans.plan
                return Decision(answer=ans, raw=raw, latency_s=time.monotonic() - t0)
            except AnswerParseError as e:
                err = str(e)
                msgs = _retry(msgs, raw, err)
        return Decision(raw=raw, error=f"unparsable answer: {err}", latency_s=time.monotonic() - t0)

    def can_batch(self) -> bool:
        return hasattr(self.model, "chat_batch")

    def on_gpu(self) -> bool:
        return str(getattr(self.model, "device", "cpu")).startswith("cuda")

    def act_batch(self, items: list[tuple[Task, Observation, list[Step], list[str]]],
                  batch_size: int = 32) -> list[Decision]:
        """Decide many independent states at once: (task, observation, history, plan) each,
        as in offline evaluation. The same prompts, parser and single retry as :meth:`act`,
        with each round's generations batched; a Decision's latency is its share of the
        round's time (the model works on the whole batch at once)."""
        convs = [action_messages(t.request, o, h, p, max_obs_chars=self.max_obs_chars) for t, o, h, p in items]
        out: list[Decision | None] = [None] * len(items)
        raws = [""] * len(items)
        errs: list[str | None] = [None] * len(items)
        spent = [0.0] * len(items)
        todo = list(range(len(items)))
        for _ in range(self.retries + 1):
            if not todo:
                break
            try:
                texts, secs = self.model.chat_batch([convs[i] for i in todo], max_new_tokens=self.max_new_tokens,
                                                    batch_size=batch_size)
            except Exception as e:  # noqa: BLE001 - a failing model fails these steps, not the evaluation
                for i in todo:
                    out[i] = Decision(raw=raws[i], error=f"model call failed: {type(e).__name__}: {e}", latency_s=spent[i])
                return [d for d in out if d is not None]
            again = []
            for i, raw in zip(todo, texts):
                raws[i] = raw
                spent[i] += secs / len(todo)
                try:
                    out[i] = Decision(answer=parse_answer(raw), raw=raw, latency_s=spent[i])
                except AnswerParseError as e:
                    errs[i] = str(e)
                    convs[i] = _retry(convs[i], raw, errs[i])
                    again.append(i)
            todo = again
        for i in todo:
            out[i] = Decision(raw=raws[i], error=f"unparsable answer: {errs[i]}", latency_s=spent[i])
        return [d for d in out if d is not None]


def _retry(msgs: list[dict], raw: str, err: str) -> list[dict]:
    """The conversation asking again after an unparsable answer, with the parser's message."""
    return msgs + [{"role": "assistant", "content": raw},
                   {"role": "user", "content": f"Your answer was not valid: {err}. Answer with one JSON object only."}]


def checkpoint_policy(path: str, name: str | None = None, **kw) -> ModelPolicy:
    """A ModelPolicy over a local model folder or lamkit checkpoint.

    A lamkit checkpoint records the observation budget it was trained with
    (``lamkit_train_config.json``: ``max_obs_chars``); the agent renders screens
    with the same budget, so the model sees at inference what it saw in training.
    """
    import json
    from pathlib import Path

    from lamkit.models.chat import LocalChatModel

    cfg = Path(path) / "lamkit_train_config.json"
    if cfg.exists() and "max_obs_chars" not in kw:
        try:
            kw["max_obs_chars"] = int(json.loads(cfg.read_text())["max_obs_chars"])
        except (ValueError, KeyError, TypeError):
            pass
    return ModelPolicy(LocalChatModel(path), name=name or f"model:{path}", **kw)
