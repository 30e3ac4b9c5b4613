"""Constrained decoding: a local model's answer is valid by construction.

Given the chat messages of one step and the step's
:class:`~lamkit.agent.action_space.ActionSpace`, :class:`ConstrainedDecoder`
writes one answer JSON that parses (:func:`lamkit.agent.prompting.parse_answer`)
and is inside the space (``space.violation(...) is None``), whatever the weights:
at every point only tokens that keep the text inside the answer grammar
(:mod:`.answer`) are allowed, and the model only ranks them. Fixed and forced text
costs no forward pass of its own (:mod:`.lm`), a closed choice costs one pass per
token where its options branch (:mod:`.pieces`). Why this and not a library:
docs/decoding.md.
"""

from __future__ import annotations

import time

from pydantic import BaseModel

from lamkit.agent.action_space import ActionSpace
from lamkit.agent.decoding.answer import Limits, usable_functions, write_answer
from lamkit.agent.decoding.lm import LM, cpu_threads
from lamkit.agent.decoding.pieces import DecodingBug, Writer
from lamkit.agent.decoding.vocab import TokenVocab, vocab_for

__all__ = ["ConstrainedDecoder", "Decoded", "DecodingBug", "Limits", "TokenVocab", "usable_functions", "vocab_for"]


class Decoded(BaseModel):
    """One decoded answer and what it cost."""

    text: str
    seconds: float
    cpu_seconds: float  # CPU time of this process (all threads): the figure a busy shared machine does not inflate
    passes: int  # forward passes, the prompt's included
    choices: int  # tokens the model picked among several allowed ones
    answer_tokens: int
    prompt_tokens: int
    reused_tokens: int  # prompt tokens whose KV came from the prefix cache


class ConstrainedDecoder:
    """Decodes answers of one local causal LM (kept: the prefix cache lives here)."""

    def __init__(self, model, tokenizer, settings=None):
        from lamkit.train.config import DecodingSettings

        self.settings = settings or DecodingSettings()
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.vocab = vocab_for(tokenizer)
        self.lm = LM(model, prefix_cache=self.settings.prefix_cache)
        s = self.settings
        self.limits = Limits(thought=s.max_thought_tokens, plan_items=s.max_plan_items,
                             plan_item=s.max_plan_item_tokens, text=s.max_text_tokens, hint=s.hint_weight)

    def prompt_ids(self, messages: list[dict[str, str]] | str) -> list[int]:
        from lamkit.models.chat import prompt_text

        text = messages if isinstance(messages, str) else prompt_text(self.tokenizer, messages)
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def decode(self, messages: list[dict[str, str]] | str, space: ActionSpace, *, temperature: float = 0.0,
               seed: int | None = None, fast_forward: bool = True) -> Decoded:
        """One answer inside ``space``: greedy, or sampled at ``temperature`` (seeded by ``seed``).
        ``fast_forward=False`` feeds every token in its own pass (the slow reference)."""
        import torch

        t0, c0 = time.monotonic(), time.process_time()
        ids = self.prompt_ids(messages)
        gen = torch.Generator(device="cpu").manual_seed(seed) if seed is not None else None
        with cpu_threads(self.model, self.lm.device.type, self.settings.threads):
            session = self.lm.session(ids, fast_forward=fast_forward)
            w = Writer(session=session, vocab=self.vocab, temperature=temperature, generator=gen)
            write_answer(w, space, self.limits)
        text = w.text
        _check(text, space)
        return Decoded(text=text, seconds=time.monotonic() - t0, cpu_seconds=time.process_time() - c0,
                       passes=session.passes, choices=w.choices,
                       answer_tokens=len(session.fed) + len(session.pending) - len(ids),
                       prompt_tokens=len(ids), reused_tokens=session.reused)


def _check(text: str, space: ActionSpace) -> None:
    """The decoder's promise, verified on every answer: a failure here is a bug, not the model's."""
    from lamkit.agent.prompting import AnswerParseError, parse_answer

    try:
        a = parse_answer(text)
    except AnswerParseError as e:
        raise DecodingBug(f"decoded an unparsable answer ({e}): {text[:200]!r}") from None
    why = space.violation(a.function, a.args, a.status)
    if why:
        raise DecodingBug(f"decoded an answer outside the space ({why}): {text[:200]!r}")
