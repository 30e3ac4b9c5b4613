"""A policy backed by a chat model (a trained checkpoint, or any endpoint).

It sees only the user's request and the live screen, rendered by
:func:`lamkit.agent.prompting.render_step` (the renderer training uses), and plans
for itself (the answer's ``plan`` is fed back as "Plan" at the next step when the
answer carries one).

Two ways to get a valid answer (``DecodingSettings.constrained``):
- a local model is decoded inside the step's ActionSpace
  (:mod:`lamkit.agent.decoding`): the answer parses and is valid by construction,
  so there is nothing to retry;
- an endpoint model (or a local one with ``constrained: false``) answers freely;
  the answer is parsed strictly and checked with ``ActionSpace.violation``; an
  invalid one is retried once with the reason, then the step fails cleanly.
Either way, ``Decision.invalid`` counts the invalid or unparsable answers the model
produced for the step, so evaluations can report them.
"""

from __future__ import annotations

import time

from lamkit.agent.policy import Decision
from lamkit.agent.prompting import AnswerParseError, RenderedStep, RenderSettings, parse_answer, render_step
from lamkit.errors import LamkitError
from lamkit.schema import Observation, Step, Task


class ModelPolicy:
    def __init__(self, model, name: str | None = None, max_new_tokens: int = 192, max_obs_chars: int | None = None,
                 retries: int = 1, render: RenderSettings | None = None, decoding=None):
        from lamkit.train.config import DecodingSettings

        self.model = model
        self.name = name or f"model:{model.name}"
        self.max_new_tokens = max_new_tokens
        render = render or RenderSettings()
        if max_obs_chars is not None:
            render = render.model_copy(update={"max_obs_chars": max_obs_chars})
        self.render = render
        self.decoding = decoding or DecodingSettings()
        self.retries = retries
        self.plan: list[str] = []

    @property
    def constrained(self) -> bool:
        """Constrained decoding needs the weights: a local model (one with a ``decoder``)."""
        return self.decoding.constrained and hasattr(self.model, "decoder")

    def reset(self, task: Task) -> None:
        self.plan = []

    def _render(self, task: Task, observation: Observation, history: list[Step], plan: list[str]) -> RenderedStep:
        return render_step(task.request, observation, history, plan, self.render, task_id=task.id)

    def act(self, task: Task, observation: Observation, history: list[Step]) -> Decision:
        t0 = time.monotonic()
        r = self._render(task, observation, history, self.plan)
        d = self._constrained(r) if self.constrained else self._free(r)
        d.latency_s = time.monotonic() - t0
        if d.answer is not None:
            self.plan = d.answer.plan
        return d

    def _constrained(self, r: RenderedStep, temperature: float = 0.0, seed: int | None = None) -> Decision:
        from lamkit.agent.decoding import DecodingBug

        try:
            out = self.model.decoder(self.decoding).decode(r.messages, r.space, temperature=temperature, seed=seed)
        except DecodingBug as e:  # never expected: counted as an invalid answer, the step fails cleanly
            return Decision(error=f"constrained decoding failed: {e}", invalid=1, label_of=r.label_of)
        except LamkitError as e:  # the space allows nothing (no control for any function)
            return Decision(error=str(e), label_of=r.label_of)
        return Decision(answer=parse_answer(out.text), raw=out.text, label_of=r.label_of)

    def _free(self, r: RenderedStep) -> Decision:
        msgs, raw, err, invalid = r.messages, "", None, 0
        for _ in range(self.retries + 1):
            try:
                raw, _lat = self.model.chat(msgs, max_new_tokens=self.max_new_tokens)
            except Exception as e:  # noqa: BLE001 - an endpoint that fails is a failed step, not a crashed run
                return Decision(raw=raw, error=f"model call failed: {type(e).__name__}: {e}", invalid=invalid,
                                label_of=r.label_of)
            ans, err = check_answer(raw, r)
            if ans is not None:
                return Decision(answer=ans, raw=raw, invalid=invalid, label_of=r.label_of)
            invalid += 1
            msgs = _retry(msgs, raw, err)
        return Decision(raw=raw, error=_failure(err), invalid=invalid, label_of=r.label_of)

    def can_batch(self) -> bool:
        return hasattr(self.model, "chat_batch")

    def on_gpu(self) -> bool:
        return str(getattr(self.model, "device", "cpu")).startswith("cuda")

    def act_batch(self, items: list[tuple[Task, Observation, list[Step], list[str]]],
                  batch_size: int = 32) -> list[Decision]:
        """Decide many independent states at once: (task, observation, history, plan) each,
        as in offline evaluation. Constrained: one by one (each answer is a few forward
        passes; the prompt-prefix cache carries over between them). Free: the same prompts,
        checks and single retry as :meth:`act`, each round's generations batched; a
        Decision's latency is its share of the round's time."""
        renders = [self._render(t, o, h, p) for t, o, h, p in items]
        if self.constrained:
            out = []
            for r in renders:
                t0 = time.monotonic()
                d = self._constrained(r)
                d.latency_s = time.monotonic() - t0
                out.append(d)
            return out
        convs = [r.messages for r in renders]
        done: list[Decision | None] = [None] * len(items)
        raws = [""] * len(items)
        errs: list[str | None] = [None] * len(items)
        invalid = [0] * len(items)
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
                    done[i] = Decision(raw=raws[i], error=f"model call failed: {type(e).__name__}: {e}",
                                       latency_s=spent[i], invalid=invalid[i], label_of=renders[i].label_of)
                return [d for d in done if d is not None]
            again = []
            for i, raw in zip(todo, texts):
                raws[i] = raw
                spent[i] += secs / len(todo)
                ans, errs[i] = check_answer(raw, renders[i])
                if ans is not None:
                    done[i] = Decision(answer=ans, raw=raw, latency_s=spent[i], invalid=invalid[i],
                                       label_of=renders[i].label_of)
                else:
                    invalid[i] += 1
                    convs[i] = _retry(convs[i], raw, errs[i])
                    again.append(i)
            todo = again
        for i in todo:
            done[i] = Decision(raw=raws[i], error=_failure(errs[i]), latency_s=spent[i], invalid=invalid[i],
                               label_of=renders[i].label_of)
        return [d for d in done if d is not None]


_OUTSIDE = "outside the action space: "


def check_answer(raw: str, r: RenderedStep):
    """(answer, None) when ``raw`` parses and is inside the step's space, else (None, why)."""
    try:
        ans = parse_answer(raw)
    except AnswerParseError as e:
        return None, str(e)
    why = r.space.violation(ans.function, ans.args, ans.status)
    return (None, _OUTSIDE + why) if why else (ans, None)


def _failure(err: str | None) -> str:
    """The step's error after the last invalid answer: unparsable, or parsed but outside the space."""
    err = err or "no answer"
    return f"invalid answer: {err}" if err.startswith(_OUTSIDE) else f"unparsable answer: {err}"


def _retry(msgs: list[dict], raw: str, err: str) -> list[dict]:
    """The conversation asking again after an invalid answer, with the reason."""
    return msgs + [{"role": "assistant", "content": raw},
                   {"role": "user", "content": f"Your answer was not valid: {err}. Answer with one JSON object only."}]


def checkpoint_policy(path: str, name: str | None = None, int8: bool | None = None, **kw) -> ModelPolicy:
    """A ModelPolicy over a local model folder or lamkit checkpoint.

    A lamkit checkpoint records the settings it was trained with
    (``lamkit_train_config.json``): the agent renders screens with the same renderer
    settings (``render``, or an older config's ``max_obs_chars``), so the model sees at
    inference what it saw in training, and decodes with its ``decoding`` settings.
    """
    import json
    from pathlib import Path

    from lamkit.models.chat import LocalChatModel
    from lamkit.train.config import DecodingSettings

    cfg_path = Path(path) / "lamkit_train_config.json"
    cfg: dict = {}
    if cfg_path.exists():
        try:
            cfg = json.loads(cfg_path.read_text())
        except ValueError:
            cfg = {}
    if "render" not in kw and isinstance(cfg.get("render"), dict):
        try:
            kw["render"] = RenderSettings.model_validate(cfg["render"])
        except ValueError:
            pass
    if "render" not in kw and "max_obs_chars" not in kw and cfg.get("max_obs_chars") is not None:
        try:
            kw["max_obs_chars"] = int(cfg["max_obs_chars"])
        except (ValueError, TypeError):
            pass
    if "decoding" not in kw and isinstance(cfg.get("decoding"), dict):
        try:
            kw["decoding"] = DecodingSettings.model_validate(cfg["decoding"])
        except ValueError:
            pass
    decoding = kw.get("decoding") or DecodingSettings()
    use_int8 = decoding.int8 if int8 is None else int8
    model = LocalChatModel(path, device="cpu" if use_int8 else None, int8=use_int8, bf16=decoding.bf16 and not use_int8)
    return ModelPolicy(model, name=name or f"model:{path}", **kw)


_ZERO_SHOT: dict[tuple[str, str], ModelPolicy] = {}


def zero_shot_policy(backbone: str, like: str | None = None) -> ModelPolicy:
    """The untrained ``backbone`` (e.g. ``smollm2``) as an agent that renders and decodes
    exactly as the trained checkpoint ``like`` does (its ``render`` settings, learned ranker
    and typed values included): the "prompted base model" row of an evaluation, on equal
    terms with the trained phases; without ``like``, the default renderer settings. Built
    once per process (a spec may be called per episode)."""
    import json
    from pathlib import Path

    from lamkit.models.chat import LocalChatModel

    key = (backbone, str(like))
    if key not in _ZERO_SHOT:
        render = None
        if like is not None:
            cfg = json.loads((Path(like) / "lamkit_train_config.json").read_text())
            render = RenderSettings.model_validate(cfg["render"]) if isinstance(cfg.get("render"), dict) else None
        _ZERO_SHOT[key] = ModelPolicy(LocalChatModel(backbone), name=f"model:{backbone}",
                                      render=render)
    p = _ZERO_SHOT[key]
    p.reset(None)
    return p
