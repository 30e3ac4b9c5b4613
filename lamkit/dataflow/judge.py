"""An optional model judge: a second opinion on an episode, beside the exact checker.

As in UFO's dataflow evaluator, the judge reads the request, the actions taken
and (our addition) the document's final text, and answers with a verdict, a
reason and sub-scores. The checker still decides; the judge's verdict is stored
next to it and disagreements are counted, which measures how far a model judge
can be trusted on the judge-only tasks where it is all we have.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lamkit.schema import DocState, Trajectory, Verdict

JUDGE_SYSTEM = (
    "You evaluate whether a computer agent completed a task in LibreOffice Writer. "
    "Answer with one JSON object only: "
    '{"success": true|false, "reason": "...", "sub_scores": {"request_understood": 0-1, "actions_valid": 0-1, "document_correct": 0-1}}'
)


def judge_messages(traj: Trajectory, state: DocState | None, max_doc_chars: int = 2500) -> list[dict[str, str]]:
    acts = []
    for s in traj.steps:
        ok = "ok" if (s.result and s.result.ok) else f"failed: {s.result.message if s.result else '?'}"
        acts.append(f"{s.index + 1}. {s.action.function}({json.dumps(s.action.args, ensure_ascii=False)}) -> {ok}")
    doc = (state.text if state else "(not available)")[:max_doc_chars]
    user = (f"Task: {traj.task.request}\n\nActions taken:\n" + ("\n".join(acts) or "(none)")
            + f"\n\nDocument text after the episode:\n{doc}\n\nDid the agent complete the task?")
    return [{"role": "system", "content": JUDGE_SYSTEM}, {"role": "user", "content": user}]


def parse_judgement(text: str) -> tuple[bool | None, str, dict[str, float]]:
    """(success or None when unreadable, reason, sub-scores) from the judge's answer."""
    m = re.search(r"\{.*\}", text, re.S)
    if m:
        try:
            d: dict[str, Any] = json.loads(m.group(0))
            subs = {str(k): float(v) for k, v in (d.get("sub_scores") or {}).items() if isinstance(v, (int, float))}
            succ = d.get("success")
            if isinstance(succ, str):
                succ = succ.strip().lower() in ("true", "yes", "1")
            return (bool(succ) if succ is not None else None), str(d.get("reason", "")), subs
        except (ValueError, TypeError, AttributeError):
            pass
    low = text.lower()
    if re.search(r"\b(no|not|fail(ed|s)?|unsuccessful|incomplete)\b", low):
        return False, text.strip()[:300], {}
    if re.search(r"\b(yes|success(ful(ly)?)?|completed|done)\b", low):
        return True, text.strip()[:300], {}
    return None, f"unreadable judgement: {text.strip()[:200]!r}", {}


class ModelJudge:
    """Judge episodes with any chat model (``chat(messages) -> (text, latency)``)."""

    def __init__(self, model=None, max_new_tokens: int = 160):
        if model is None:
            from lamkit.models.chat import OpenAIChatModel

            model = OpenAIChatModel()
        self.model = model
        self.max_new_tokens = max_new_tokens

    def judge(self, traj: Trajectory, state: DocState | None) -> Verdict:
        try:
            text, _ = self.model.chat(judge_messages(traj, state), max_new_tokens=self.max_new_tokens)
        except Exception as e:  # noqa: BLE001 - an unreachable judge is an unsure opinion, not a failed run
            return Verdict(success=False, reason=f"judge call failed: {type(e).__name__}: {e}", judge=f"model-unsure:{self.model.name}")
        succ, reason, subs = parse_judgement(text)
        if succ is None:
            return Verdict(success=False, reason=reason, sub_scores=subs, judge=f"model-unsure:{self.model.name}")
        return Verdict(success=succ, reason=reason, sub_scores=subs, judge=f"model:{self.model.name}")


def judge_is_usable(v: Verdict | None) -> bool:
    """A decisive opinion: ``model:<name>``; ``model-unsure:<name>`` means no usable answer."""
    return v is not None and v.judge.startswith("model:")


def check_judge(spec: str) -> str:
    """A judge spec checked before anything starts (a bad one would otherwise fail inside every
    episode): ``llm``, or ``model:PATH`` whose model exists (the rule of model policies)."""
    if spec == "llm":
        return spec
    if spec.startswith("model:") and spec.split(":", 1)[1]:
        from lamkit.agent.policies import check_policy

        check_policy(spec)
        return spec
    from lamkit.errors import LamkitError

    raise LamkitError(f"--judge {spec!r}: unknown judge: use llm or model:PATH")


def make_judge(spec: str) -> ModelJudge:
    """``llm`` (the endpoint in LAMKIT_LLM_*) or ``model:PATH`` (a local model, ``model:smollm2``)."""
    if spec == "llm":
        return ModelJudge()
    if spec.startswith("model:"):
        from lamkit.models.chat import LocalChatModel

        return ModelJudge(LocalChatModel(spec.split(":", 1)[1]))
    from lamkit.errors import LamkitError

    raise LamkitError(f"unknown judge {spec!r}: use llm or model:PATH")
