"""Judges for episodes: the decision where a task has no checker, a second opinion where it has one.

Two kinds, chosen by a judge spec (``lamkit collect --judge SPEC``, :func:`check_judge`,
:func:`make_judge`):

- ``state-diff`` (:class:`StateDiffJudge`): the offline judge of help-derived tasks
  (:mod:`lamkit.dataflow.state_diff`): it compares the document state before the episode with
  the state after it and decides success only when every step executed and a change of the kind
  the request names is there. It needs the state *before* the first action, which the runner
  reads through :class:`ReadsBefore` (after the loop's reset, so no extra document load).
- ``llm`` / ``model:PATH`` (:class:`ModelJudge`): as in UFO's dataflow evaluator, a model reads
  the request, the actions taken and (our addition) the document's final text, and answers with a
  verdict, a reason and sub-scores.

The checker still decides wherever a task has one; the judge's verdict is stored next to it and
disagreements are counted, which measures how far a judge can be trusted on the tasks where it
is all we have. A judge that cannot tell says so (``*-unsure``): such an episode is recorded
as unsure and never becomes training data.
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

    needs_before = False  # reads the final state only

    def judge(self, traj: Trajectory, state: DocState | None, before: DocState | None = None) -> Verdict:
        try:
            text, _ = self.model.chat(judge_messages(traj, state), max_new_tokens=self.max_new_tokens)
        except Exception as e:  # noqa: BLE001 - an unreachable judge is an unsure opinion, not a failed run
            return Verdict(success=False, reason=f"judge call failed: {type(e).__name__}: {e}", judge=f"model-unsure:{self.model.name}")
        succ, reason, subs = parse_judgement(text)
        if succ is None:
            return Verdict(success=False, reason=reason, sub_scores=subs, judge=f"model-unsure:{self.model.name}")
        return Verdict(success=succ, reason=reason, sub_scores=subs, judge=f"model:{self.model.name}")


#: The spec, and the verdict labels, of the state-diff judge (:mod:`lamkit.dataflow.state_diff`).
STATE_DIFF = "state-diff"
STATE_DIFF_UNSURE = "state-diff-unsure"
JUDGE_SPECS = f"{STATE_DIFF} | llm | model:PATH"


class StateDiffJudge:
    """The state-diff judge as a judge spec: the verdict of :func:`lamkit.dataflow.state_diff.judge`
    on the states before and after the episode, with "every step executed" read from the
    trajectory (:func:`lamkit.dataflow.help.execute.executed_to_end`: no failed or refused step,
    and the policy said FINISH within the step limit)."""

    name = STATE_DIFF
    needs_before = True  # the runner wraps the policy in ReadsBefore

    def judge(self, traj: Trajectory, state: DocState | None, before: DocState | None = None) -> Verdict:
        from lamkit.dataflow import state_diff
        from lamkit.dataflow.help.execute import executed_to_end

        if before is None:
            return Verdict(success=False, reason="state-diff judge: no document state before the episode (it ended before "
                                                 "the first action)", judge=STATE_DIFF_UNSURE)
        ok, why = executed_to_end(traj)
        return state_diff.judge(traj.task.request, traj.task.plan, before, state, ok, why)


class ReadsBefore:
    """A policy wrapper that reads the document state at the episode's first decision (after the
    loop's reset: the document as the task starts from it, at the cost of one state read, not a
    second document load). Everything else is the wrapped policy's."""

    def __init__(self, policy, env):
        self.policy, self.env, self.name = policy, env, policy.name
        self.before: DocState | None = None

    def reset(self, task) -> None:
        self.before = None
        self.policy.reset(task)

    def act(self, task, observation, history):
        if self.before is None:
            self.before = self.env.state()
        return self.policy.act(task, observation, history)

    def __getattr__(self, name: str):  # anything else a loop may ask of the policy
        if name == "policy":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.policy, name)


def judge_is_usable(v: Verdict | None) -> bool:
    """A decisive opinion: ``model:<name>`` or ``state-diff``; ``model-unsure:<name>`` and
    ``state-diff-unsure`` mean no usable answer."""
    return v is not None and (v.judge.startswith("model:") or v.judge == STATE_DIFF)


def is_unsure(label: str) -> bool:
    """A verdict label that decides nothing: a judge that could not tell (the episode is
    recorded as unsure, not as a failure to learn from)."""
    return label.startswith("model-unsure") or label == STATE_DIFF_UNSURE


def check_judge(spec: str) -> str:
    """A judge spec checked before anything starts (a bad one would otherwise fail inside every
    episode): ``state-diff``, ``llm``, or ``model:PATH`` whose model exists (the rule of model
    policies)."""
    if spec in (STATE_DIFF, "llm"):
        return spec
    if spec.startswith("model:") and spec.split(":", 1)[1]:
        from lamkit.agent.policies import check_policy

        check_policy(spec)
        return spec
    from lamkit.errors import LamkitError

    raise LamkitError(f"--judge {spec!r}: unknown judge: use {JUDGE_SPECS}")


def make_judge(spec: str) -> ModelJudge | StateDiffJudge:
    """``state-diff`` (offline, no model), ``llm`` (the endpoint in LAMKIT_LLM_*) or ``model:PATH``
    (a local model, ``model:smollm2``)."""
    if spec == STATE_DIFF:
        return StateDiffJudge()
    if spec == "llm":
        return ModelJudge()
    if spec.startswith("model:"):
        from lamkit.models.chat import LocalChatModel

        return ModelJudge(LocalChatModel(spec.split(":", 1)[1]))
    from lamkit.errors import LamkitError

    raise LamkitError(f"unknown judge {spec!r}: use {JUDGE_SPECS}")
