"""Compiled help plans -> executed, judged episodes in live Writer.

Each complete compiled plan (:mod:`lamkit.dataflow.help.compile`) becomes a :class:`Task`
(``origin="help"``, no checker) on a generated template, is replayed by the heuristic expert
through the same agent loop as every other collection (:func:`lamkit.agent.loop.run_episode`),
and is judged by the state-diff judge (:mod:`lamkit.dataflow.state_diff`) on the document state
read before the first action and after the last one.

Why its own small runner beside :mod:`lamkit.dataflow.runner`: the checker-free judge needs the
state *before* the episode, which the collection runner does not read (it judges one final
state against a checker). The before-state is read by a thin policy wrapper at the first
decision, after the loop's reset, so no extra document load is spent.

Resumable: one line per task is appended to ``<out>/records.jsonl`` (and its full trajectory to
``<out>/trajectories.jsonl``) by this single process; a rerun skips the tasks already recorded
with the same plan, so nothing is lost or run twice (a task whose compiled plan changed since
runs again, and its new record supersedes the old one in :func:`load_records`). A step that grounds to nothing ends its episode as a recorded
failure (the expert's error is the last step), never a crash; an environment error is recorded
and the environment restarted.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from lamkit.dataflow import state_diff
from lamkit.dataflow.help.compile import CompiledPlan
from lamkit.jsonl import append_jsonl, iter_jsonl
from lamkit.schema import DocState, Task, TaskPlan, Trajectory, Verdict


ENV_ERROR_TRIES = 2  # an episode voided by the environment this many times is not run again


class StepLog(BaseModel):
    """One executed step, compact (the full observation is in trajectories.jsonl)."""

    function: str
    args: dict = Field(default_factory=dict)
    ok: bool
    message: str = ""


class HelpRecord(BaseModel):
    task_id: str
    page: str
    request: str
    plan: list[str]  # the help's sentences
    task: Task  # with the compiled steps as its plan
    steps: list[StepLog] = Field(default_factory=list)
    executed_to_end: bool = False
    why_not: str = ""  # why the episode did not reach its last step
    before: DocState | None = None
    after: DocState | None = None
    verdict: Verdict
    seconds: float = 0.0


def help_task(tp: TaskPlan, compiled: CompiledPlan, template_path: str) -> Task:
    """The task a compiled help plan runs as (judge-only: no checker; ``origin="help"``)."""
    return Task(id=f"help-{tp.id}", app=tp.app, request=tp.task, template=str(template_path), plan=compiled.steps,
                checker=None, origin="help", params={"page": tp.source.path, **compiled.params})


def executed_to_end(traj: Trajectory) -> tuple[bool, str]:
    """Did every step of the plan execute? (False, why) on a failed or refused step, a step the
    expert could not ground, or an episode cut short by the step limit."""
    for s in traj.steps:
        if s.result is not None and not s.result.ok:
            return False, f"step {s.index + 1} ({s.action.function}): {s.result.message}"[:300]
    last = traj.steps[-1] if traj.steps else None
    if last is None or last.action.function != "finish":
        return False, "the step limit ended the episode"
    return True, ""


def load_records(out_dir: Path) -> list[HelpRecord]:
    """The run's records, one per task id: the last one written (a task whose compiled plan
    changed since is run again and its new record supersedes the old, which stays in the file)."""
    p = Path(out_dir) / "records.jsonl"
    if not p.exists():
        return []
    by_id: dict[str, HelpRecord] = {}
    for r in iter_jsonl(p, strict=False):
        rec = HelpRecord.model_validate(r)
        by_id.pop(rec.task_id, None)
        by_id[rec.task_id] = rec
    return list(by_id.values())


def pending(items: Sequence[tuple[Task, TaskPlan]], out_dir: Path,
            retry: Callable[[HelpRecord], bool] | None = None) -> list[tuple[Task, TaskPlan]]:
    """The items with no record yet, whose record ran another plan than the task's now, or whose
    episode the environment voided (``env_error``: Writer crashed or left the bus; run again, up
    to :data:`ENV_ERROR_TRIES` times in all, since some procedures crash Writer every time).
    ``retry`` names recorded episodes to run again with the same plan (the expert or the safety
    gate changed since: "refused a risky action"); their new record supersedes the old one,
    which stays in the file."""
    p = Path(out_dir) / "records.jsonl"
    voided = Counter(r["task_id"] for r in iter_jsonl(p, strict=False) if r["verdict"]["judge"] == "env_error") if p.exists() else Counter()
    done = {r.task_id: r.task.plan for r in load_records(out_dir)
            if (r.verdict.judge != "env_error" or voided[r.task_id] >= ENV_ERROR_TRIES) and not (retry and retry(r))}
    return [(t, tp) for t, tp in items if done.get(t.id) != t.plan]


def run_one(env, task: Task, tp: TaskPlan) -> tuple[HelpRecord, Trajectory | None]:
    """Execute and judge one help task in a started environment."""
    from lamkit.agent.heuristic import HeuristicExpert
    from lamkit.agent.loop import MAX_EPISODE_STEPS, run_episode
    from lamkit.agent.safety import SafetyGate
    from lamkit.dataflow.judge import ReadsBefore

    t0 = time.monotonic()
    pol = ReadsBefore(HeuristicExpert(), env)
    base = dict(task_id=task.id, page=tp.source.path, request=tp.task, plan=tp.plan, task=task)
    try:
        # printing is let through: the environment's printer writes into the episode's own
        # folder, and the job is what the judge reads (lamkit.dataflow.print_judge)
        traj = run_episode(env, task, pol, max_steps=max(MAX_EPISODE_STEPS, len(task.plan) + 2),
                           gate=SafetyGate(allow_printing=True))
        after = env.state()
    except Exception as e:  # noqa: BLE001 - an episode that cannot run is a recorded failure, never fatal
        v = Verdict(success=False, reason=f"environment error: {type(e).__name__}: {str(e)[:200]}", judge="env_error")
        return HelpRecord(**base, why_not=v.reason, before=pol.before, verdict=v, seconds=time.monotonic() - t0), None
    ok, why = executed_to_end(traj)
    if traj.verdict is not None and traj.verdict.judge == "env_error":
        v = traj.verdict
    else:
        v = state_diff.judge(task.request, task.plan, pol.before or DocState(), after, ok, why)
    traj.verdict = v
    steps = [StepLog(function=s.action.function, args=s.action.args, ok=bool(s.result and s.result.ok),
                     message=(s.result.message if s.result else "")[:200]) for s in traj.steps]
    rec = HelpRecord(**base, steps=steps, executed_to_end=ok, why_not=why, before=pol.before, after=after, verdict=v,
                     seconds=time.monotonic() - t0)
    return rec, traj


def execute(items: Sequence[tuple[Task, TaskPlan]], out_dir: Path, *, env_factory: Callable | None = None,
            on_result: Callable[[HelpRecord, int, int], None] | None = None,
            retry: Callable[[HelpRecord], bool] | None = None) -> list[HelpRecord]:
    """Run the tasks not yet in ``out_dir`` (resumable; ``retry``: see :func:`pending`); returns every record there."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    todo = pending(items, out_dir, retry)
    if todo:
        if env_factory is None:
            from lamkit.envs.base import make_env

            env_factory = make_env  # the registry's Writer environment (issue 15: no direct WriterEnv)
        env = env_factory()
        try:
            for i, (task, tp) in enumerate(todo):
                rec, traj = run_one(env, task, tp)
                if traj is not None:
                    append_jsonl(out_dir / "trajectories.jsonl", [traj])
                append_jsonl(out_dir / "records.jsonl", [rec])  # last: a record means the task is done
                if rec.verdict.judge == "env_error":
                    env.close()
                    env = env_factory()
                if on_result:
                    on_result(rec, i + 1, len(todo))
        finally:
            env.close()
    return load_records(out_dir)


__all__ = ["HelpRecord", "StepLog", "execute", "executed_to_end", "help_task", "load_records", "pending", "run_one"]
