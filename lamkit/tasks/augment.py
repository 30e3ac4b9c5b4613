"""Augmenting task-plan pairs, as the published work "evolved" its harvest.

Two kinds of new pairs:

- **paraphrases**: the same plan under other wordings of the request (how a
  user would ask: "How do I …?", "Please …", "I need to …"). Rule-based
  offline by default; through any OpenAI-compatible chat endpoint when one is
  configured (``LAMKIT_LLM_BASE_URL``, ``LAMKIT_LLM_MODEL``,
  ``LAMKIT_LLM_API_KEY``), keeping the paper's limit: a paraphrase may add at
  most ~20 words.
- **sub-tasks**: every step that names a menu path ("Choose Format -
  Character") is also a task of its own ("Open Format > Character"), the
  grounding skill the action model needs most.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from lamkit.schema import TaskPlan

_TEMPLATES = (
    "How do I {t}?",
    "Please {t}.",
    "I need to {t}.",
    "Can you {t}?",
    "{T} in this document.",
    "Help me {t}.",
)
_MENU_STEP = re.compile(r"\b(?:Choose|Select|Go to|Open)\s+((?:[A-Z][\w.&/]*(?: [\w.&/]+)*?)(?:\s+-\s+[A-Z][\w.&/]*(?: [\w.&/]+)*?)+)(?=[.,;]|\s+(?:and|then|to|,)\b|$)")


def _id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not (len(s) > 1 and s[1].isupper()) else s


class Paraphraser(Protocol):
    name: str

    def paraphrase(self, task: str, n: int) -> list[str]: ...


class RuleParaphraser:
    """Deterministic rewordings; a pair gets a rotating subset so the data stays varied."""

    name = "rules"

    def paraphrase(self, task: str, n: int) -> list[str]:
        t = _lower_first(task.rstrip("."))
        start = int(hashlib.md5(task.encode()).hexdigest(), 16) % len(_TEMPLATES)
        out = []
        for k in range(min(n, len(_TEMPLATES))):
            tpl = _TEMPLATES[(start + k) % len(_TEMPLATES)]
            out.append(tpl.format(t=t, T=t[:1].upper() + t[1:]))
        return out


class LLMParaphraser:
    """Paraphrases from an OpenAI-compatible chat endpoint (the key is never logged)."""

    name = "llm"

    def __init__(self, base_url: str | None = None, model: str | None = None, api_key: str | None = None, timeout_s: float = 60):
        from openai import OpenAI

        self.base_url = base_url or os.environ.get("LAMKIT_LLM_BASE_URL")
        self.model = model or os.environ.get("LAMKIT_LLM_MODEL", "default")
        if not self.base_url:
            from lamkit.errors import LamkitError

            raise LamkitError("no endpoint configured: pass --llm-base-url or set LAMKIT_LLM_BASE_URL")
        self.client = OpenAI(base_url=self.base_url, api_key=api_key or os.environ.get("LAMKIT_LLM_API_KEY", "none"), timeout=timeout_s, max_retries=1)

    def paraphrase(self, task: str, n: int) -> list[str]:
        msg = (
            f"Rewrite this request to a word processor in {n} different ways a user might say it. "
            "Keep its meaning; add at most 20 words. Answer with one rewrite per line, no numbering.\n"
            f"Request: {task}"
        )
        r = self.client.chat.completions.create(model=self.model, messages=[{"role": "user", "content": msg}], temperature=0.7, max_tokens=256)
        text = r.choices[0].message.content or ""
        lines = [re.sub(r"^\s*(?:\d+[.)]|[-*•])\s*", "", ln).strip() for ln in text.splitlines()]
        limit = len(task.split()) + 20
        return [ln for ln in lines if ln and ln.lower() != task.lower() and len(ln.split()) <= limit][:n]


def paraphrase_pairs(pairs: Sequence[TaskPlan], paraphraser: Paraphraser, n: int = 2) -> list[TaskPlan]:
    out = []
    for tp in pairs:
        if "subtask" in tp.tags:
            continue
        for k, alt in enumerate(paraphraser.paraphrase(tp.task, n)):
            out.append(
                tp.model_copy(
                    update={"id": _id(tp.id, "para", alt), "task": alt, "tags": [*tp.tags, f"paraphrase:{paraphraser.name}"]}
                )
            )
    return out


def menu_paths(step: str) -> list[str]:
    return [m.group(1).strip() for m in _MENU_STEP.finditer(step)]


def subtask_pairs(pairs: Iterable[TaskPlan]) -> list[TaskPlan]:
    """One pair per menu path named in a plan ("Open Format > Character"), deduplicated by path."""
    seen: set[tuple[str, str]] = set()
    out = []
    for tp in pairs:
        for step in tp.plan:
            for path in menu_paths(step):
                path = path.rstrip(".")
                parts = [p.strip() for p in path.split(" - ")]
                if len(parts) < 2 or (tp.app, path) in seen:
                    continue
                seen.add((tp.app, path))
                task = f"Open {' > '.join(parts)}"
                out.append(
                    TaskPlan(
                        id=_id(tp.app, "sub", path),
                        app=tp.app,
                        task=task,
                        plan=[f"Choose {path}."],
                        source=tp.source,
                        tags=[*[t for t in tp.tags if not t.startswith("paraphrase")], "subtask"],
                    )
                )
    return out
