"""Evaluation metrics of the published LAM recipe, as pydantic records and pure functions.

Offline (step by step on held-out expert trajectories, the policy given the true
history at every step):

- **object accuracy**: the predicted ``args.control_label`` is one of the
  acceptable controls (:func:`acceptable_labels`), or neither the prediction nor
  the gold action takes a control;
- **operation accuracy**: the predicted function is the gold function;
- **status accuracy**: CONTINUE / FINISH agrees (a ``finish`` call is FINISH);
- **step success rate (SSR)**: all three right for the step;
- **task success rate (TSR)**: every step of the task right.

Online (live episodes in Writer, judged by the task's checker): TSR, average
steps, completion time, per-step latency (policy + execution), environment
errors. See docs/evaluation.md for what differs from the published numbers.

Both also count the model's invalid or unparsable answers (``invalid_answers``:
0 under constrained decoding), give a seeded bootstrap 95% interval over tasks
for TSR (and SSR offline), and break TSR down by task family, by how the
request names its target (``target_ref``: quoted / position / role /
description / none) and by single vs compound ("a+b") tasks.

Everything here is pure: no model, no application, no files.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from lamkit.agent.prompting import ModelAnswer
from lamkit.schema import Step, family_label

#: ``target_ref`` of a task that does not say how it names its target (harvested tasks, old data).
NO_TARGET_REF = "none"
#: Bootstrap defaults: one place, so every CI in a report is computed alike.
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 0


def task_groups(task: Mapping[str, Any] | Any) -> tuple[str, str]:
    """(target_ref, "compound" | "single") of a task (a Task or its dict).

    ``target_ref`` is ``Task.params["target_ref"]`` as the families write it; a compound
    task (family "a+b", ``params["compound"]``) is "compound"."""
    if not isinstance(task, Mapping):
        task = {"family": getattr(task, "family", None), "params": getattr(task, "params", None)}
    params = task.get("params") or {}
    family = task.get("family") or ""
    ref = str(params.get("target_ref") or NO_TARGET_REF)
    return ref, ("compound" if params.get("compound") or "+" in family else "single")


def bootstrap_ci(groups: Sequence[tuple[float, float]], *, resamples: int = BOOTSTRAP_RESAMPLES,
                 seed: int = BOOTSTRAP_SEED, level: float = 0.95) -> list[float] | None:
    """Percentile bootstrap interval of ``sum(hits) / sum(n)`` resampling the groups (tasks).

    ``groups`` holds one (hits, n) per task: (1 or 0, 1) for TSR, (right steps, steps) for
    SSR, so both are resampled over tasks, the unit the data was drawn in. Seeded, hence
    the same interval on every rerun; None when there are no groups."""
    groups = [(float(h), float(n)) for h, n in groups]
    if not groups:
        return None
    rng = random.Random(seed)
    k = len(groups)
    stats = []
    for _ in range(resamples):
        h = n = 0.0
        for _ in range(k):
            gh, gn = groups[rng.randrange(k)]
            h += gh
            n += gn
        stats.append(h / n if n else 0.0)
    a = (1 - level) / 2 * 100
    return [percentile(stats, a), percentile(stats, 100 - a)]


# --------------------------------------------------------------------------- one step
def acceptable_labels(gold: Step) -> set[str]:
    """The control labels a prediction may name and still hit the gold step's object.

    That is the gold action's ``control_label`` plus every control of the gold
    observation with the same (name, role) as that control: Writer shows some
    buttons twice (the same "Bold" on two toolbars) and either one does the
    same thing. Unnamed controls are never treated as duplicates of each other.
    Empty when the gold action takes no control (``finish``, ``summary``, a
    ``keyboard_input`` without a target).
    """
    label = gold.action.args.get("control_label")
    if label is None or label == "":
        return set()
    label = str(label)
    out = {label}
    target = gold.observation.control(label)
    if target is not None and target.name:
        out.update(c.label for c in gold.observation.controls if c.name == target.name and c.role == target.role)
    return out


def _status(function: str, status: str) -> str:
    return "FINISH" if function == "finish" else str(status).upper()


class StepScore(BaseModel):
    """One predicted step compared with its gold step."""

    task_id: str
    family: str | None = None
    target_ref: str = NO_TARGET_REF  # how the task's request names its target (task_groups)
    compound: bool = False  # a compound ("a+b") task
    step_index: int
    object_ok: bool
    operation_ok: bool
    status_ok: bool
    success: bool  # all three (the paper's step success)
    argument_ok: bool = True  # the typed/selected value equals the gold's (typed_argument); see strict_success
    parse_error: str | None = None  # why there was no prediction (unparsable answer, policy error)
    invalid_answers: int = 0  # invalid/unparsable answers the policy wrote for this step (Decision.invalid)
    latency_s: float = 0.0
    # For error analysis: what was predicted and what was expected.
    pred_function: str | None = None
    pred_label: str | None = None
    gold_function: str = ""
    gold_labels: list[str] = Field(default_factory=list)


def score_step(
    task_id: str,
    family: str | None,
    pred: ModelAnswer | None,
    gold: Step,
    latency_s: float = 0.0,
    error: str | None = None,
    *,
    invalid: int = 0,
    target_ref: str = NO_TARGET_REF,
    compound: bool = False,
) -> StepScore:
    """Score one prediction against one gold step.

    ``pred`` None (no answer could be parsed, the policy failed) is wrong on
    all three counts; ``error`` says why and is kept as ``parse_error``.
    """
    ok_labels = acceptable_labels(gold)
    common = dict(task_id=task_id, family=family, step_index=gold.index, latency_s=float(latency_s),
                  gold_function=gold.action.function, gold_labels=sorted(ok_labels), invalid_answers=int(invalid),
                  target_ref=target_ref, compound=compound)
    if pred is None:
        return StepScore(**common, object_ok=False, operation_ok=False, status_ok=False, success=False,
                         parse_error=error or "no prediction")
    raw_label = pred.args.get("control_label")
    pred_label = None if raw_label is None or raw_label == "" else str(raw_label)
    object_ok = (pred_label in ok_labels) if pred_label is not None else not ok_labels
    operation_ok = pred.function == gold.action.function
    status_ok = _status(pred.function, pred.status) == _status(gold.action.function, gold.status)
    argument_ok = operation_ok and typed_argument(pred.function, pred.args) == typed_argument(
        gold.action.function, gold.action.args)
    return StepScore(**common, object_ok=object_ok, operation_ok=operation_ok, status_ok=status_ok,
                     success=object_ok and operation_ok and status_ok, argument_ok=argument_ok, parse_error=error,
                     pred_function=pred.function, pred_label=pred_label)


def typed_argument(function: str, args: dict) -> str | None:
    """The value a step selects or types (select_text / set_edit_text ``text``, keyboard_input
    ``keys``), spaces at the ends ignored; None for the other functions.

    Why a fourth check: the paper's step success compares the control, the function and the
    status, not what was typed. The standard-cpu 135M got 98% of offline steps that way while
    its online failures were mostly a right function with a wrong value ("Heading 2" typed into
    the document where the expert pressed Ctrl+End). Exact equality is a lower bound: selecting
    "Several crashes" where the gold selects "Several" counts as a miss though both may do."""
    key = {"select_text": "text", "set_edit_text": "text", "keyboard_input": "keys"}.get(function)
    if key is None:
        return None
    v = args.get(key)
    return None if v is None else str(v).strip()


def strict_success(s: StepScore) -> bool:
    """A step right on all three of the paper's counts and in its typed value."""
    return s.success and s.argument_ok


# --------------------------------------------------------------------------- offline aggregate
class OfflineFamily(BaseModel):
    tasks: int = 0
    task_success_rate: float = 0.0
    step_success_rate: float = 0.0


class OfflineMetrics(BaseModel):
    """Offline metrics of one policy over a set of gold trajectories (rates in 0..1)."""

    policy: str
    tasks: int = 0
    steps: int = 0
    object_acc: float = 0.0
    operation_acc: float = 0.0
    status_acc: float = 0.0
    step_success_rate: float = 0.0  # SSR
    task_success_rate: float = 0.0  # TSR: a task is right iff every one of its steps is
    argument_acc: float = 0.0  # steps whose typed/selected value equals the gold's (typed_argument)
    strict_step_success_rate: float = 0.0  # SSR with the value checked too (strict_success)
    strict_task_success_rate: float = 0.0
    parse_failures: int = 0  # steps with no usable prediction
    invalid_answers: int = 0  # invalid/unparsable answers written, retried ones included (target: 0)
    mean_step_latency_s: float = 0.0
    tsr_ci: list[float] | None = None  # bootstrap 95% interval over tasks
    ssr_ci: list[float] | None = None  # bootstrap 95% interval, resampling tasks
    by_family: dict[str, OfflineFamily] = Field(default_factory=dict)
    by_target_ref: dict[str, OfflineFamily] = Field(default_factory=dict)
    by_compound: dict[str, OfflineFamily] = Field(default_factory=dict)  # "single" / "compound"


def _rate(n: float, d: float) -> float:
    return n / d if d else 0.0


def _by_task(scores: Iterable[StepScore]) -> dict[str, list[StepScore]]:
    tasks: dict[str, list[StepScore]] = {}
    for s in scores:
        tasks.setdefault(s.task_id, []).append(s)
    return tasks


def _offline_groups(tasks: Iterable[list[StepScore]], key) -> dict[str, OfflineFamily]:
    groups: dict[str, list[list[StepScore]]] = {}
    for steps in tasks:
        groups.setdefault(key(steps[0]), []).append(steps)
    return {
        g: OfflineFamily(
            tasks=len(ts),
            task_success_rate=_rate(sum(all(s.success for s in t) for t in ts), len(ts)),
            step_success_rate=_rate(sum(s.success for t in ts for s in t), sum(len(t) for t in ts)),
        )
        for g, ts in sorted(groups.items())
    }


def aggregate_offline(policy_name: str, scores: Sequence[StepScore]) -> OfflineMetrics:
    """Aggregate step scores; tasks are grouped by ``task_id`` (one gold trajectory a task)."""
    scores = list(scores)
    n = len(scores)
    tasks = _by_task(scores)
    per_task = list(tasks.values())
    return OfflineMetrics(
        policy=policy_name,
        tasks=len(tasks),
        steps=n,
        object_acc=_rate(sum(s.object_ok for s in scores), n),
        operation_acc=_rate(sum(s.operation_ok for s in scores), n),
        status_acc=_rate(sum(s.status_ok for s in scores), n),
        step_success_rate=_rate(sum(s.success for s in scores), n),
        task_success_rate=_rate(sum(all(s.success for s in t) for t in per_task), len(tasks)),
        argument_acc=_rate(sum(s.argument_ok for s in scores), n),
        strict_step_success_rate=_rate(sum(strict_success(s) for s in scores), n),
        strict_task_success_rate=_rate(sum(all(strict_success(s) for s in t) for t in per_task), len(tasks)),
        parse_failures=sum(s.parse_error is not None for s in scores),
        invalid_answers=sum(s.invalid_answers for s in scores),
        mean_step_latency_s=_rate(sum(s.latency_s for s in scores), n),
        tsr_ci=bootstrap_ci([(all(s.success for s in t), 1) for t in per_task]),
        ssr_ci=bootstrap_ci([(sum(s.success for s in t), len(t)) for t in per_task]),
        by_family=_offline_groups(per_task, lambda s: family_label(s.family, {})),  # offline tasks all have checkers
        by_target_ref=_offline_groups(per_task, lambda s: s.target_ref),
        by_compound=_offline_groups(per_task, lambda s: "compound" if s.compound else "single"),
    )


# --------------------------------------------------------------------------- online aggregate
class LatencyStats(BaseModel):
    mean: float = 0.0
    p50: float = 0.0
    p95: float = 0.0


class OnlineFamily(BaseModel):
    tasks: int = 0
    successes: int = 0
    task_success_rate: float = 0.0


class OnlineMetrics(BaseModel):
    """Online metrics of one policy over live episodes (rates in 0..1, times in seconds).

    ``tasks``, ``successes``, ``task_success_rate`` (and the groups) count the
    episodes that ran without an environment error: an episode a crash or a hung
    app interrupted (after the runner's one retry) says nothing about the policy, so
    it is neither a success nor a failure and is counted in ``env_errors`` instead
    (docs/reliability.md). The step and time averages are over the same episodes.
    """

    policy: str
    tasks: int = 0
    successes: int = 0
    task_success_rate: float = 0.0
    avg_steps: float = 0.0
    avg_completion_s: float = 0.0
    step_latency_s: LatencyStats = Field(default_factory=LatencyStats)
    latencies: list[float] = Field(default_factory=list)  # per step: policy + execution
    env_errors: int = 0
    invalid_answers: int = 0  # invalid/unparsable answers over all steps (Step.invalid_answers; target: 0)
    tsr_ci: list[float] | None = None  # bootstrap 95% interval over tasks
    by_family: dict[str, OnlineFamily] = Field(default_factory=dict)
    by_target_ref: dict[str, OnlineFamily] = Field(default_factory=dict)
    by_compound: dict[str, OnlineFamily] = Field(default_factory=dict)  # "single" / "compound"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks (numpy's default); 0.0 when empty."""
    v = sorted(values)
    if not v:
        return 0.0
    k = (len(v) - 1) * q / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def latency_stats(values: Sequence[float]) -> LatencyStats:
    return LatencyStats(mean=_rate(sum(values), len(values)), p50=percentile(values, 50), p95=percentile(values, 95))


def _is_env_error(rec: dict[str, Any]) -> bool:
    return (rec.get("verdict") or {}).get("judge") == "env_error"


def aggregate_online(policy_name: str, records: Sequence[dict[str, Any]]) -> OnlineMetrics:
    """Aggregate ExecutionRecord dicts (as ``lamkit.dataflow.runner.collect`` writes them)."""
    records = list(records)
    successes = 0
    env_errors = 0
    steps_n: list[int] = []
    completion: list[float] = []
    latencies: list[float] = []
    invalid = 0
    outcomes: list[tuple[int, int]] = []
    groups: dict[str, dict[str, OnlineFamily]] = {"family": {}, "target_ref": {}, "compound": {}}
    scored = []
    for rec in records:
        env_err = _is_env_error(rec)
        env_errors += env_err
        traj = rec.get("trajectory")
        # invalid answers count whatever became of the episode: they are the model's doing
        invalid += sum(int(s.get("invalid_answers") or 0) for s in (traj or {}).get("steps") or [])
        if env_err:
            continue
        scored.append(rec)
        ok = bool((rec.get("verdict") or {}).get("success"))
        successes += ok
        outcomes.append((int(ok), 1))
        task = rec.get("task") or {}
        ref, kind = task_groups(task)
        for table, key in (("family", family_label(task.get("family"), task.get("checker"))), ("target_ref", ref), ("compound", kind)):
            f = groups[table].setdefault(key, OnlineFamily())
            f.tasks += 1
            f.successes += ok
        if not traj:
            continue
        steps = traj.get("steps") or []
        steps_n.append(len(steps))
        latencies += [float(s.get("latency_s", 0.0)) for s in steps]
        secs = (traj.get("timings") or {}).get("episode_s")
        if secs is None:
            secs = (rec.get("timings") or {}).get("execute_s")
        if secs is not None:
            completion.append(float(secs))
    for table in groups.values():
        for f in table.values():
            f.task_success_rate = _rate(f.successes, f.tasks)
    return OnlineMetrics(
        policy=policy_name,
        tasks=len(scored),
        successes=successes,
        task_success_rate=_rate(successes, len(scored)),
        avg_steps=_rate(sum(steps_n), len(steps_n)),
        avg_completion_s=_rate(sum(completion), len(completion)),
        step_latency_s=latency_stats(latencies),
        latencies=latencies,
        env_errors=env_errors,
        invalid_answers=invalid,
        tsr_ci=bootstrap_ci(outcomes),
        by_family=dict(sorted(groups["family"].items())),
        by_target_ref=dict(sorted(groups["target_ref"].items())),
        by_compound=dict(sorted(groups["compound"].items())),
    )
