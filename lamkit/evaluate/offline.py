"""Offline evaluation: replay held-out expert trajectories step by step against a policy.

At every gold step the policy sees what the expert saw (the observation), the
true history (the gold steps before it) and, for policies that keep a plan, the
expert's plan as it stood after the previous step (true memory). Its answer is
scored against the gold action with :func:`lamkit.evaluate.metrics.score_step`.
No application runs, so this is cheap enough to compare every phase's checkpoint.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError

from lamkit.agent.grounding import GroundingError, ground_action
from lamkit.agent.policy import Policy
from lamkit.errors import DataError
from lamkit.evaluate.metrics import OfflineMetrics, StepScore, aggregate_offline, score_step, task_groups
from lamkit.jsonl import iter_jsonl
from lamkit.schema import Action, Observation, Task, Trajectory


def _source_file(path: Path) -> Path:
    if path.is_dir():
        p = path / "execution" / "pass.jsonl"
        if not p.exists():
            raise DataError(f"{path}: a run folder needs execution/pass.jsonl (run `lamkit collect --out {path}` first)")
        return p
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    return path


def _read(path: Path) -> Iterable[tuple[Trajectory, bool]]:
    """(trajectory, succeeded) from ExecutionRecord lines or Trajectory lines."""
    for i, r in enumerate(iter_jsonl(path), start=1):
        try:
            if "trajectory" in r and "verdict" in r and "task" in r:  # an ExecutionRecord
                if not r.get("trajectory"):
                    continue
                t = Trajectory.model_validate(r["trajectory"])
                yield t, bool(r["verdict"].get("success"))
            else:
                t = Trajectory.model_validate(r)
                yield t, bool(t.verdict and t.verdict.success)
        except (ValidationError, AttributeError, TypeError) as e:
            raise DataError(f"{path}: record {i} is neither an execution record nor a trajectory: "
                            f"{str(e).splitlines()[0][:160]}") from None


def load_test_trajectories(paths: Sequence[str | Path] | str | Path, split: str = "test") -> list[Trajectory]:
    """Successful gold trajectories of one split, from run folders or JSONL files.

    Each path is a run folder (its ``execution/pass.jsonl`` is read), a file of
    ExecutionRecords, or a Trajectory JSONL. Only successful trajectories with
    steps whose ``task.split == split`` are kept, one per task id (the first).
    Raises DataError naming the files when none is left.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise DataError("no trajectory files or run folders given")
    files = [_source_file(Path(p)) for p in paths]
    out: list[Trajectory] = []
    seen: set[str] = set()
    total, ok, splits = 0, 0, {}
    for f in files:
        for t, success in _read(f):
            total += 1
            if not success or not t.steps:
                continue
            ok += 1
            splits[t.task.split] = splits.get(t.task.split, 0) + 1
            if t.task.split == split and t.task.id not in seen:
                seen.add(t.task.id)
                out.append(t)
    if not out:
        where = ", ".join(str(f) for f in files)
        found = ", ".join(f"{n} {s}" for s, n in sorted(splits.items())) or "none"
        raise DataError(f"{where}: no successful trajectories with split {split!r} "
                        f"({total} read, {ok} successful; by split: {found})")
    return out


def hash_order(t: Trajectory | Task) -> str:
    """A trajectory's (or a task's) place in a fixed pseudo-random order (a hash of its task id):
    samples taken in it are the same on every run and machine, spread over the families, and
    chosen by no outcome (this sample, and the calibration's validation samples)."""
    return hashlib.sha1((t.task.id if isinstance(t, Trajectory) else t.id).encode()).hexdigest()


def sample_trajectories(trajectories: Sequence[Trajectory], n: int) -> list[Trajectory]:
    """``n`` of ``trajectories`` to score when scoring them all costs too much (0: all).

    Why not the first ``n``: a collection's files are in the order the workers finished, and
    in one run the first 16 test trajectories held 14 compound tasks where the split has 41%,
    so the "offline SSR" measured mostly one kind of task. The sample keeps the split's share
    of compound ("a+b") tasks (:func:`lamkit.evaluate.metrics.task_groups`), and within single
    and compound takes the tasks in :func:`hash_order`. The result keeps that order."""
    if not n or n >= len(trajectories):
        return list(trajectories)
    compound = sorted((t for t in trajectories if task_groups(t.task)[1] == "compound"), key=hash_order)
    single = sorted((t for t in trajectories if task_groups(t.task)[1] != "compound"), key=hash_order)
    k = round(n * len(compound) / len(trajectories))
    return sorted(compound[:k] + single[: n - k], key=hash_order)


def evaluate_offline(
    trajectories: Sequence[Trajectory],
    policy: Policy,
    *,
    name: str | None = None,
    on_step: Callable[[StepScore, int, int], None] | None = None,
    batch_size: int | None = None,
) -> tuple[OfflineMetrics, list[StepScore]]:
    """Score ``policy`` on every step of every gold trajectory; returns (metrics, step scores).

    For trajectory ``t`` the policy is reset on ``t.task``; for gold step ``i`` it is
    asked ``act(task, gold[i].observation, gold[:i])``. Before the call a policy with a
    ``plan`` attribute gets ``gold[i-1].plan``, and a policy that follows a plan by position
    (one with a ``seek(step)`` method, e.g. :meth:`~lamkit.agent.heuristic.HeuristicExpert.seek`)
    is moved to plan step ``i``; it then grounds that step on the gold observation. Evaluation
    asks for the capability, not the class, so it reads no policy's fields. A policy that raises or
    returns no answer fails that step; the evaluation goes on. ``on_step(score, done,
    total)`` is called after each step.

    A model policy that can batch (:meth:`ModelPolicy.act_batch`) gets all states at once,
    ``batch_size`` per generation (default: 32 on a GPU; one by one on a CPU, so that the
    step latency stays each step's own): each state is independent given the true history and the
    gold plan, so the answers are those of one-by-one calls, minutes sooner on a GPU. Its
    step latency is then its share of the batch's time.
    """
    total = sum(len(t.steps) for t in trajectories)
    if batch_size is None:  # batch on a GPU; on a CPU one by one, so each step's latency is its own
        batch_size = 32 if getattr(policy, "on_gpu", lambda: False)() else 1
    if batch_size > 1 and getattr(policy, "can_batch", lambda: False)():
        scores = _batched(trajectories, policy, batch_size, on_step, total)
    else:
        scores = _one_by_one(trajectories, policy, on_step, total)
    return aggregate_offline(name or getattr(policy, "name", type(policy).__name__), scores), scores


def on_gold_screen(pred, obs: Observation, label_of: dict[str, str] | None = None):
    """The answer with its control as a live label of the gold observation.

    Models name controls by their stable names ("Bold"), gold steps store the episode's
    labels: the name is grounded on the gold screen exactly as the live agent would
    ground it (:func:`lamkit.agent.grounding.ground_action`), so object accuracy counts
    the control the answer would have acted on. A name that grounds to nothing stays
    as written (and misses)."""
    if pred is None or pred.args.get("control_label") in (None, ""):
        return pred
    try:
        a = ground_action(Action(function=pred.function, args=pred.args), obs, label_of)
    except GroundingError:
        return pred
    return pred.model_copy(update={"args": a.args})


def _outcome(d):
    """(answer, error) of a Decision: an answer that came with a warning is still an answer;
    no answer and no error is an error."""
    if d.answer is not None:
        return d.answer, None
    return None, d.error or "the policy returned no answer"


def _task_kw(task) -> dict:
    """score_step's breakdown keywords for ``task`` (target_ref, compound)."""
    ref, kind = task_groups(task)
    return {"target_ref": ref, "compound": kind == "compound"}


def _plan_position(task, gold, i: int) -> int:
    """The plan step a plan follower stands at for gold step ``i``: the plan's length less the
    steps the step before still intended (its ``plan``, the rest of the task's plan), when those
    are the plan's last steps; else ``i``. Why: the expert acts on no step whose check box is
    already as wanted, nor on the fields of a dialog already confirmed, so its recorded episode
    can be shorter than its plan, and gold step ``i`` a later plan step than ``i``."""
    if i == 0:
        return 0
    rest, texts = list(gold[i - 1].plan), [s.step for s in task.plan]
    if rest and len(rest) <= len(texts) and texts[len(texts) - len(rest):] == rest:
        return len(texts) - len(rest)
    return i


def _one_by_one(trajectories, policy, on_step, total) -> list[StepScore]:
    scores: list[StepScore] = []
    for traj in trajectories:
        task, gold = traj.task, traj.steps
        reset_error = None
        try:
            policy.reset(task)
        except Exception as e:  # noqa: BLE001 - a policy failure is a failed task, not a crashed evaluation
            reset_error = f"policy reset failed: {type(e).__name__}: {e}"
        for i, g in enumerate(gold):
            t0 = time.monotonic()
            pred, error, invalid, label_of = None, reset_error, 0, None
            if reset_error is None:
                try:
                    if i > 0 and hasattr(policy, "plan"):
                        policy.plan = list(gold[i - 1].plan)  # type: ignore[attr-defined]
                    seek = getattr(policy, "seek", None)
                    if callable(seek):
                        seek(_plan_position(task, gold, i))
                    d = policy.act(task, g.observation, list(gold[:i]))
                    pred, error = _outcome(d)
                    invalid = int(getattr(d, "invalid", 0) or 0)
                    label_of = getattr(d, "label_of", None)
                except Exception as e:  # noqa: BLE001
                    pred, error = None, f"policy failed: {type(e).__name__}: {e}"
            s = score_step(task.id, task.family, on_gold_screen(pred, g.observation, label_of), g,
                           latency_s=time.monotonic() - t0, error=error, invalid=invalid, **_task_kw(task))
            scores.append(s)
            if on_step:
                on_step(s, len(scores), total)
    return scores


def _batched(trajectories, policy, batch_size, on_step, total) -> list[StepScore]:
    items, where = [], []
    for traj in trajectories:
        gold = traj.steps
        for i, g in enumerate(gold):
            items.append((traj.task, g.observation, list(gold[:i]), list(gold[i - 1].plan) if i > 0 else []))
            where.append((traj, i))
    scores: list[StepScore] = []
    for s in range(0, len(items), batch_size):
        chunk = items[s:s + batch_size]
        for (traj, i), d in zip(where[s:s + batch_size], policy.act_batch(chunk, batch_size=batch_size)):
            pred, error = _outcome(d)
            sc = score_step(traj.task.id, traj.task.family, on_gold_screen(pred, traj.steps[i].observation, d.label_of),
                            traj.steps[i],
                            latency_s=d.latency_s, error=error, invalid=d.invalid, **_task_kw(traj.task))
            scores.append(sc)
            if on_step:
                on_step(sc, len(scores), total)
    return scores
