"""Collection runs: execute tasks with a policy in live Writer and judge them by checker.

Layout of a run folder::

    instantiation/pass.jsonl   instantiation/fail.jsonl      (from `lamkit instantiate`)
    execution/pass.jsonl  execution/fail.jsonl  execution/unsure.jsonl
    summary.json

Each execution record holds the original TaskPlan (when there was one), the
Task, the trajectory, the verdict and the seconds each stage took.

Resumable: a task counts as done once its record is in one of the execution
files (appended atomically, one line, by the single parent process); a rerun
skips those, so kill -9 loses at most the episodes in flight and never
duplicates one. Parallel: ``workers`` processes, each owning one WriterEnv, or
Ray actors on a cluster (``ray_address``); the same code runs in both.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from lamkit.jsonl import append_jsonl, iter_jsonl, write_jsonl
from lamkit.schema import Task, TaskPlan, Trajectory, Verdict, family_label

VERDICT_FILES = ("pass", "fail", "unsure")


class ExecutionRecord(BaseModel):
    task_id: str
    taskplan: TaskPlan | None = None
    task: Task
    trajectory: Trajectory | None = None
    verdict: Verdict
    judge_verdict: Verdict | None = None  # the optional model judge's second opinion
    timings: dict[str, float] = Field(default_factory=dict)


_POLICIES: dict[str, object] = {}


def make_policy(spec):
    """A policy from its name: ``heuristic``; ``llm`` (the expert primed with the plan, behind the
    OpenAI-compatible endpoint in LAMKIT_LLM_BASE_URL / LAMKIT_LLM_MODEL / LAMKIT_LLM_API_KEY);
    ``endpoint`` (the agent behind that endpoint: request only, no plan); ``model:PATH`` (a local
    model folder or checkpoint, ``model:smollm2`` for the bundled one). Model policies are
    built once per worker process. ``spec`` may also be a picklable callable returning a
    Policy (a module-level function or ``functools.partial``), called once per episode."""
    if callable(spec):
        return spec()
    if spec == "heuristic":
        from lamkit.agent.heuristic import HeuristicExpert

        return HeuristicExpert()
    if spec in ("llm", "endpoint") or spec.startswith("model:"):
        if spec not in _POLICIES:
            from lamkit.agent.model_policy import ModelPolicy, checkpoint_policy
            from lamkit.dataflow.llm_expert import LLMExpert
            from lamkit.models.chat import OpenAIChatModel

            # the llm expert is primed with the instantiated plan (data collection);
            # model:PATH and endpoint are the agent as evaluated: they read only the request.
            if spec == "llm":
                _POLICIES[spec] = LLMExpert()
            elif spec == "endpoint":
                _POLICIES[spec] = ModelPolicy(OpenAIChatModel(), name="endpoint")
            else:
                _POLICIES[spec] = checkpoint_policy(spec.split(":", 1)[1], name=spec)
        p = _POLICIES[spec]
        p.reset(None)  # type: ignore[attr-defined]
        return p
    from lamkit.errors import LamkitError

    raise LamkitError(f"unknown policy {spec!r}: use heuristic, llm, endpoint, or model:PATH")


# ----------------------------------------------------------------------------- one episode (in a worker)
_ENV = None


def _env():
    global _ENV
    if _ENV is None:
        from lamkit.envs.writer import WriterEnv

        _ENV = WriterEnv()
    return _ENV


_JUDGES: dict[str, Any] = {}


def _judge(spec: str):
    if spec not in _JUDGES:
        from lamkit.dataflow.judge import make_judge

        _JUDGES[spec] = make_judge(spec)
    return _JUDGES[spec]


def run_task(task_json: dict[str, Any], policy_spec, max_steps: int, taskplan_json: dict | None = None,
             judge_spec: str | None = None) -> dict[str, Any]:
    """Execute and judge one task; returns an ExecutionRecord as a dict (picklable across processes)."""
    from lamkit.agent.loop import run_episode
    from lamkit.dataflow.checkers import evaluate

    task = Task.model_validate(task_json)
    tp = TaskPlan.model_validate(taskplan_json) if taskplan_json else None
    if task.checker is None and not judge_spec:
        v = Verdict(success=False, reason="judge-only task: no exact checker and no model judge configured", judge="none")
        return ExecutionRecord(task_id=task.id, taskplan=tp, task=task, verdict=v).model_dump(mode="json")
    env = _env()
    t0 = time.monotonic()
    try:
        traj = run_episode(env, task, make_policy(policy_spec), max_steps=max_steps)
    except Exception as e:  # noqa: BLE001 - an episode that cannot run is recorded, never fatal to the run
        v = Verdict(success=False, reason=f"environment error: {type(e).__name__}: {e}", judge="env_error")
        return ExecutionRecord(task_id=task.id, taskplan=tp, task=task, verdict=v,
                               timings={"execute_s": time.monotonic() - t0}).model_dump(mode="json")
    t1 = time.monotonic()
    judged = None
    if traj.verdict is None:  # the checker decides on the document's real state
        try:
            state = env.state()
            if judge_spec:
                judged = _judge(judge_spec).judge(traj, state)
            traj.verdict = evaluate(task.checker, state) if task.checker is not None else judged
        except Exception as e:  # noqa: BLE001
            traj.verdict = Verdict(success=False, reason=f"environment error while reading state: {e}", judge="env_error")
    t2 = time.monotonic()
    rec = ExecutionRecord(task_id=task.id, taskplan=tp, task=task, trajectory=traj, verdict=traj.verdict, judge_verdict=judged,
                          timings={"execute_s": t1 - t0, "evaluate_s": t2 - t1})
    return rec.model_dump(mode="json")


def verdict_file(rec: dict[str, Any]) -> str:
    v = rec["verdict"]
    if v["judge"] in ("env_error", "none") or v["judge"].startswith("model-unsure"):
        return "unsure"
    return "pass" if v["success"] else "fail"


def done_ids(out_dir: Path) -> set[str]:
    ids: set[str] = set()
    for name in VERDICT_FILES:
        p = out_dir / "execution" / f"{name}.jsonl"
        if p.exists():
            ids.update(r["task_id"] for r in iter_jsonl(p, strict=False))
    return ids


class RunSummary(BaseModel):
    total: int
    skipped_done: int
    run: int
    passed: int
    failed: int
    unsure: int
    seconds: float
    episodes_per_hour: float
    judge_disagreements: int = 0  # checker and model judge both decisive but different
    judged: int = 0
    by_family: dict[str, dict[str, int]] = Field(default_factory=dict)


def collect(
    items: Sequence[tuple[Task, TaskPlan | None]],
    out_dir: Path,
    *,
    policy: str | Callable[[], Any] = "heuristic",
    workers: int = 1,
    ray_address: str | None = None,
    max_steps: int = 15,
    judge: str | None = None,
    on_result: Callable[[dict[str, Any], int, int], None] | None = None,
) -> RunSummary:
    out_dir = Path(out_dir)
    (out_dir / "execution").mkdir(parents=True, exist_ok=True)
    done = done_ids(out_dir)
    todo = [(t, tp) for t, tp in items if t.id not in done]
    t0 = time.monotonic()
    counts = {"pass": 0, "fail": 0, "unsure": 0}
    agree = {"judged": 0, "disagree": 0}

    def record(rec: dict[str, Any]) -> None:
        jv = rec.get("judge_verdict")
        if jv and rec["verdict"]["judge"] == "checker" and jv["judge"].startswith("model:"):
            agree["judged"] += 1
            agree["disagree"] += jv["success"] != rec["verdict"]["success"]
        name = verdict_file(rec)
        append_jsonl(out_dir / "execution" / f"{name}.jsonl", [rec])
        counts[name] += 1
        if on_result:
            on_result(rec, sum(counts.values()), len(todo))

    args = [(t.model_dump(mode="json"), policy, max_steps, tp.model_dump(mode="json") if tp else None, judge) for t, tp in todo]
    if ray_address:
        _collect_ray(args, record, ray_address, workers)
    elif workers <= 1:
        for a in args:
            record(run_task(*a))
    else:
        _collect_processes(args, record, workers)
    secs = time.monotonic() - t0
    summary = RunSummary(
        total=len(items), skipped_done=len(items) - len(todo), run=len(todo), passed=counts["pass"],
        failed=counts["fail"], unsure=counts["unsure"], seconds=secs,
        episodes_per_hour=len(todo) / secs * 3600 if secs > 0 and todo else 0.0,
        judged=agree["judged"], judge_disagreements=agree["disagree"],
        by_family=family_table(out_dir),
    )
    (out_dir / "summary.json").write_text(summary.model_dump_json(indent=2))
    return summary


def die_with_parent() -> None:
    """Pool-worker initializer: the worker gets SIGTERM when the process that started it dies.

    Why: a spawned worker is not in the caller's command line or process group, so a
    killed or interrupted ``lamkit collect``/``evaluate online`` used to leave its workers
    running episodes as orphans (seen: two went on for 15 minutes, with their Writers).
    Their environments' reapers clean up once the worker is gone."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call above
        os._exit(1)


def _collect_processes(args: list[tuple], record, workers: int) -> None:
    import multiprocessing as mp

    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                             initializer=die_with_parent) as pool:
        pending: set[Future] = set()
        queue = list(args)
        while queue or pending:
            while queue and len(pending) < workers * 2:
                pending.add(pool.submit(run_task, *queue.pop(0)))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                record(f.result())


def _collect_ray(args: list[tuple], record, address: str, workers: int) -> None:
    import ray

    if not ray.is_initialized():
        if address == "local":
            ray.init(num_cpus=max(workers, 1), include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)

    @ray.remote(num_cpus=1)
    class WriterWorker:
        """One Writer environment on a Ray node."""

        def run(self, *a):
            return run_task(*a)

    actors = [WriterWorker.remote() for _ in range(max(workers, 1))]
    pending = {}
    queue = list(args)
    free = list(actors)
    while queue or pending:
        while queue and free:
            actor = free.pop()
            pending[actor.run.remote(*queue.pop(0))] = actor
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            free.append(pending.pop(ref))
            record(ray.get(ref))
    for a in actors:
        ray.kill(a)


def family_table(out_dir: Path) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for name in VERDICT_FILES:
        p = out_dir / "execution" / f"{name}.jsonl"
        if not p.exists():
            continue
        for r in iter_jsonl(p, strict=False):
            fam = family_label(r["task"].get("family"), r["task"].get("checker"))
            table.setdefault(fam, {"pass": 0, "fail": 0, "unsure": 0})[name] += 1
    return dict(sorted(table.items()))


def explore(checkpoint_dir: str | Path, tasks: Sequence[Task], out_dir: Path | None = None, *, workers: int = 1,
            max_steps: int = 15) -> list[Trajectory]:
    """Run a trained checkpoint on tasks (phase 3's exploration) and return every trajectory,
    each with the checker's verdict. Resumable like any run when ``out_dir`` is given, so
    give each checkpoint its own ``out_dir`` (a reused one returns the earlier records)."""
    import tempfile

    out = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="lamkit-explore-"))
    collect([(t, None) for t in tasks], out, policy=f"model:{checkpoint_dir}", workers=workers, max_steps=max_steps)
    return [Trajectory.model_validate(r["trajectory"]) for r in records_for(out, {t.id for t in tasks}) if r.get("trajectory")]


def records_for(out_dir: Path, task_ids: set[str]) -> list[dict[str, Any]]:
    """The execution records of a run folder for ``task_ids``, whatever their verdict."""
    out = []
    for name in VERDICT_FILES:
        p = Path(out_dir) / "execution" / f"{name}.jsonl"
        if p.exists():
            out += [r for r in iter_jsonl(p, strict=False) if r["task_id"] in task_ids]
    return out


def load_items(path: Path, run_dir: Path | None = None, skipped: list | None = None) -> list[tuple[Task, TaskPlan | None]]:
    """Tasks from instantiation/pass.jsonl (records), a plain Task JSONL file, or a hand-written
    suite (.yaml/.yml/.json, see :mod:`lamkit.dataflow.suites`).

    A suite's documents are generated into ``run_dir/suite-docs`` and its load report written
    to ``run_dir/suite-report.json`` (when ``run_dir`` is given); its bad tasks are left out and
    appended to ``skipped`` (``SkippedTask``: index, id, one-line reason) for the caller to show."""
    from lamkit.dataflow.suites import DOCS_DIR, is_suite, load_suite

    if is_suite(path):
        loaded = load_suite(path, docs_dir=Path(run_dir) / DOCS_DIR if run_dir is not None else None)
        if run_dir is not None:
            loaded.write_report(run_dir)
        if skipped is not None:
            skipped.extend(loaded.skipped)
        return [(t, None) for t in loaded.tasks]
    out = []
    for r in iter_jsonl(path):
        if "task" in r and "ok" in r:
            out.append((Task.model_validate(r["task"]), TaskPlan.model_validate(r["taskplan"]) if r.get("taskplan") else None))
        else:
            out.append((Task.model_validate(r), None))
    return out


def successful_trajectories(out_dir: Path) -> Iterable[Trajectory]:
    p = Path(out_dir) / "execution" / "pass.jsonl"
    if p.exists():
        for r in iter_jsonl(p, strict=False):
            if r.get("trajectory"):
                yield Trajectory.model_validate(r["trajectory"])


def export_trajectories(out_dir: Path, dest: Path, which: str = "pass") -> int:
    """Write the trajectories of one verdict file as a Trajectory JSONL (training input)."""
    p = Path(out_dir) / "execution" / f"{which}.jsonl"
    trajs = [Trajectory.model_validate(r["trajectory"]) for r in iter_jsonl(p, strict=False) if r.get("trajectory")] if p.exists() else []
    return write_jsonl(dest, trajs)
