"""Collection runs: execute tasks with a policy in live Writer and judge them by checker.

Layout of a run folder::

    instantiation/pass.jsonl   instantiation/fail.jsonl      (from `lamkit instantiate`)
    execution/pass.jsonl  execution/fail.jsonl  execution/unsure.jsonl
    execution/screenshots/<task>/stepNN.png                  (with ``screenshots=True``)
    summary.json

Each execution record holds the original TaskPlan (when there was one), the
Task, the trajectory, the verdict, the seconds each stage took and what the
environment went through (``env``: loads, stalls, faults, when the episode ran;
docs/reliability.md). An episode a fault interrupted is an env_error (unsure),
never a pass or a fail; ``retry_env_errors`` runs it again first.

Resumable: a task counts as done once its record is in one of the execution
files (appended atomically, one line, by the single parent process); a rerun
skips those, so kill -9 loses at most the episodes in flight and never
duplicates one. Parallel: ``workers`` processes, each owning one WriterEnv, or
Ray actors on a cluster (``ray_address``); the same code runs in both.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.agent.policies import PolicySpec
from lamkit.jsonl import append_jsonl, iter_jsonl, write_jsonl
from lamkit.schema import Task, TaskPlan, Trajectory, Verdict, family_label

VERDICT_FILES = ("pass", "fail", "unsure")
#: A policy as collection takes it: a spec (text or parsed, :mod:`lamkit.agent.policies`) or a
#: picklable callable returning a Policy.
PolicyLike = str | PolicySpec | Callable[[], Any]


class EnvFault(BaseModel):
    at: float  # time.time()
    message: str


class EpisodeEnv(BaseModel):
    """What the environment went through during one record's episode (issue 16): when it ran,
    in which process, the document loads it tried and those that stalled, and every fault.

    Why in the record: a fault-injection run matches its faults to the episodes they hit, and
    counts stalls per 1,000 loads, from the records alone (worker processes and their
    environments are gone by then)."""

    pid: int  # the process whose environment ran the episode (a pool worker, or the caller)
    started_at: float  # time.time() before the reset
    opened_at: float | None = None  # when the episode's document was open (None: it never was)
    ended_at: float  # after the verdict
    loads: int = 0
    load_stalls: int = 0
    restarts: int = 0
    faults: list[EnvFault] = Field(default_factory=list)  # oldest first


class ExecutionRecord(BaseModel):
    task_id: str
    taskplan: TaskPlan | None = None
    task: Task
    trajectory: Trajectory | None = None
    verdict: Verdict
    judge_verdict: Verdict | None = None  # the optional model judge's second opinion
    timings: dict[str, float] = Field(default_factory=dict)
    env: EpisodeEnv | None = None  # None: no environment ran (a judge-only task without a judge)


# ----------------------------------------------------------------------------- one episode (in a worker)
_ENV = None  # this process's environment: a worker's, or the pipeline's shared one


def worker_env():
    """This process's Writer environment (from the :func:`lamkit.envs.base.make_env` registry),
    started on first use and kept for the next episodes: a Writer start costs seconds."""
    global _ENV
    if _ENV is None:
        from lamkit.envs.base import make_env

        _ENV = make_env("writer")
    return _ENV


def close_worker_env() -> None:
    """Stop this process's environment, if one was started (the next episode starts another)."""
    global _ENV
    if _ENV is not None:
        env, _ENV = _ENV, None
        env.close()


_JUDGES: dict[str, Any] = {}


def _judge(spec: str):
    if spec not in _JUDGES:
        from lamkit.dataflow.judge import make_judge

        _JUDGES[spec] = make_judge(spec)
    return _JUDGES[spec]


def run_task(task_json: dict[str, Any], policy_spec: PolicyLike, max_steps: int, taskplan_json: dict | None = None,
             judge_spec: str | None = None, screenshot_dir: str | None = None) -> dict[str, Any]:
    """Execute and judge one task; returns an ExecutionRecord as a dict (picklable across processes).

    With ``screenshot_dir`` (a run's ``execution/`` folder) every step's screen is kept, shrunk,
    under it (:func:`keep_screenshots`)."""
    from lamkit.agent.loop import run_episode
    from lamkit.agent.policies import make_policy
    from lamkit.dataflow.checkers import evaluate

    task = Task.model_validate(task_json)
    tp = TaskPlan.model_validate(taskplan_json) if taskplan_json else None
    if task.checker is None and not judge_spec:
        v = Verdict(success=False, reason="judge-only task: no exact checker and no model judge configured", judge="none")
        return ExecutionRecord(task_id=task.id, taskplan=tp, task=task, verdict=v).model_dump(mode="json")
    env = worker_env()
    t0 = time.monotonic()
    watch = _EnvWatch(env)
    policy = make_policy(policy_spec)
    if judge_spec and _judge(judge_spec).needs_before:  # the state-diff judge: the state before the first action too
        from lamkit.dataflow.judge import ReadsBefore

        policy = ReadsBefore(policy, env)
    try:
        traj = run_episode(env, task, policy, max_steps=max_steps, screenshots=screenshot_dir is not None)
        if screenshot_dir is not None:
            keep_screenshots(traj, Path(screenshot_dir))
    except Exception as e:  # noqa: BLE001 - an episode that cannot run is recorded, never fatal to the run
        v = Verdict(success=False, reason=f"environment error: {type(e).__name__}: {e}", judge="env_error")
        return ExecutionRecord(task_id=task.id, taskplan=tp, task=task, verdict=v, env=watch.report(),
                               timings={"execute_s": time.monotonic() - t0}).model_dump(mode="json")
    t1 = time.monotonic()
    judged = None
    if traj.verdict is None:  # the checker decides on the document's real state
        try:
            state = env.state()
            traj.env_info["final_state"] = state.model_dump(mode="json", exclude_defaults=True)  # shown by `lamkit view`
            if judge_spec:
                before = getattr(policy, "before", None)
                if before is not None:
                    traj.env_info["before_state"] = before.model_dump(mode="json", exclude_defaults=True)
                judged = _judge(judge_spec).judge(traj, state, before=before)
            traj.verdict = evaluate(task.checker, state) if task.checker is not None else judged
        except Exception as e:  # noqa: BLE001
            traj.verdict = Verdict(success=False, reason=f"environment error while reading state: {e}", judge="env_error")
    t2 = time.monotonic()
    rec = ExecutionRecord(task_id=task.id, taskplan=tp, task=task, trajectory=traj, verdict=traj.verdict, judge_verdict=judged,
                          timings={"execute_s": t1 - t0, "evaluate_s": t2 - t1}, env=watch.report())
    return rec.model_dump(mode="json")


class _EnvWatch:
    """Reads an environment's fault bookkeeping before and after one episode (:class:`EpisodeEnv`).

    The counters are WriterEnv's (``faults``, ``loads``, ``load_stalls``, ``restarts``, ``opened_at``);
    an environment without them reports zeros."""

    def __init__(self, env: Any):
        import os

        self.env, self.pid, self.started_at = env, os.getpid(), time.time()
        self.before = self._counts()

    def _counts(self) -> tuple[int, int, int, int]:
        e = self.env
        return (len(getattr(e, "faults", ())), getattr(e, "loads", 0), getattr(e, "load_stalls", 0), getattr(e, "restarts", 0))

    def report(self) -> EpisodeEnv:
        n_faults, loads, stalls, restarts = self.before
        faults = list(getattr(self.env, "faults", ()))[n_faults:]
        opened = getattr(self.env, "opened_at", None)
        return EpisodeEnv(pid=self.pid, started_at=self.started_at, ended_at=time.time(),
                          opened_at=opened if opened is not None and opened >= self.started_at else None,
                          loads=getattr(self.env, "loads", 0) - loads, load_stalls=getattr(self.env, "load_stalls", 0) - stalls,
                          restarts=getattr(self.env, "restarts", 0) - restarts, faults=[EnvFault(at=t, message=m) for t, m in faults])


#: Screenshots of a run (``--screenshots``): ``<run>/execution/screenshots/<task>/stepNN.png``, each
#: observation naming its file relative to ``execution/`` (where the records are, so the folder moves whole).
SCREENSHOTS_DIR = "screenshots"
#: How much a kept screenshot is shrunk (ImageMagick geometry): half size, ~30-60 kB a step, enough to
#: see which dialog was open and what the document looked like, small enough to embed in the viewer.
SCREENSHOT_RESIZE = "50%"


def keep_screenshots(traj: Trajectory, execution_dir: Path) -> None:
    """Move the episode's screenshots (wherever the environment wrote them) into the run, shrunk,
    and point each observation at its copy. Why here and not in the environment: any environment
    that writes a PNG per observation gets the same layout, and the full-size originals (the
    environment's scratch files) are deleted at once. A screenshot that cannot be converted is
    dropped from its step (``observation.screenshot = None``), never fatal to the episode."""
    import re
    import shutil
    import subprocess

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", traj.task.id)[:120] or "task"
    dest = execution_dir / SCREENSHOTS_DIR / safe
    shutil.rmtree(dest, ignore_errors=True)  # a rerun of the task (after a kill) starts its screenshots anew
    dest.mkdir(parents=True, exist_ok=True)
    for step in traj.steps:
        src = step.observation.screenshot
        if not src:
            continue
        out = dest / f"step{step.index + 1:02d}.png"
        try:
            subprocess.run(["convert", src, "-resize", SCREENSHOT_RESIZE, str(out)], check=True, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            step.observation.screenshot = None
        else:
            step.observation.screenshot = str(out.relative_to(execution_dir))
        Path(src).unlink(missing_ok=True)


def verdict_file(rec: dict[str, Any]) -> str:
    v = rec["verdict"]
    from lamkit.dataflow.judge import is_unsure

    if v["judge"] in ("env_error", "none") or is_unsure(v["judge"]):
        return "unsure"
    return "pass" if v["success"] else "fail"


def done_ids(out_dir: Path) -> set[str]:
    ids: set[str] = set()
    for name in VERDICT_FILES:
        p = out_dir / "execution" / f"{name}.jsonl"
        if p.exists():
            ids.update(iter_jsonl(p, parse=_task_id))
    return ids


def _task_id(r: Any) -> str:
    """An execution record's task id; a ValueError (iter_jsonl names file and line) if it has none."""
    if not isinstance(r, dict) or not isinstance(r.get("task_id"), str):
        raise ValueError("task_id: missing or not a string (not an execution record)")
    return r["task_id"]


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
    env_errors: int = 0  # episodes recorded as env_error (an interrupted episode, after its retries)
    env_retries: int = 0  # episodes run again after an environment error (``retry_env_errors``)
    by_family: dict[str, dict[str, int]] = Field(default_factory=dict)


def check_workers(workers: int) -> int:
    """The one rule for a worker count (collection, online evaluation, exploration): 1 or more."""
    if workers < 1:
        from lamkit.errors import LamkitError

        raise LamkitError(f"--workers {workers}: give 1 or more (Writer environments in parallel)")
    return workers


def collect(
    items: Sequence[tuple[Task, TaskPlan | None]],
    out_dir: Path,
    *,
    policy: PolicyLike = "heuristic",
    workers: int = 1,
    ray_address: str | None = None,
    max_steps: int = MAX_EPISODE_STEPS,
    judge: str | None = None,
    on_result: Callable[[dict[str, Any], int, int], None] | None = None,
    screenshots: bool = False,
    retry_env_errors: int = 0,
) -> RunSummary:
    """Run and judge every task not done yet in ``out_dir`` (see the module docstring);
    ``screenshots`` keeps a small screenshot per step (:func:`keep_screenshots`).

    ``retry_env_errors``: an episode that ends as an environment error (the application crashed,
    hung or was killed under it) is run again, up to this many times, before its env_error
    record is written; online evaluation and exploration retry once, so that a fault costs the
    policy neither a success nor a failure. Only the last attempt is recorded."""
    from lamkit.dataflow.judge import judge_is_usable

    check_workers(workers)
    out_dir = Path(out_dir)
    (out_dir / "execution").mkdir(parents=True, exist_ok=True)
    done = done_ids(out_dir)
    todo = [(t, tp) for t, tp in items if t.id not in done]
    t0 = time.monotonic()
    counts = {"pass": 0, "fail": 0, "unsure": 0}
    agree = {"judged": 0, "disagree": 0}
    tries: dict[str, int] = {}
    env = {"errors": 0, "retries": 0}

    def record(rec: dict[str, Any]) -> bool:
        """Write one finished episode; False (nothing written) when it is to be run again."""
        if rec["verdict"]["judge"] == "env_error":
            n = tries[rec["task_id"]] = tries.get(rec["task_id"], 0) + 1
            if n <= retry_env_errors:
                env["retries"] += 1
                return False
            env["errors"] += 1
        jv = rec.get("judge_verdict")
        if jv and rec["verdict"]["judge"] == "checker" and judge_is_usable(Verdict.model_validate(jv)):
            agree["judged"] += 1
            agree["disagree"] += jv["success"] != rec["verdict"]["success"]
        name = verdict_file(rec)
        append_jsonl(out_dir / "execution" / f"{name}.jsonl", [rec])
        counts[name] += 1
        if on_result:
            on_result(rec, sum(counts.values()), len(todo))
        return True

    shots = str((out_dir / "execution").resolve()) if screenshots else None
    args = [(t.model_dump(mode="json"), policy, max_steps, tp.model_dump(mode="json") if tp else None, judge, shots)
            for t, tp in todo]
    if ray_address:
        _collect_ray(args, record, ray_address, workers)
    elif workers <= 1:
        for a in args:
            while not record(run_task(*a)):
                pass
    else:
        _collect_processes(args, record, workers)
    secs = time.monotonic() - t0
    summary = RunSummary(
        total=len(items), skipped_done=len(items) - len(todo), run=len(todo), passed=counts["pass"],
        failed=counts["fail"], unsure=counts["unsure"], seconds=secs,
        episodes_per_hour=len(todo) / secs * 3600 if secs > 0 and todo else 0.0,
        judged=agree["judged"], judge_disagreements=agree["disagree"],
        env_errors=env["errors"], env_retries=env["retries"],
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
        pending: dict[Future, tuple] = {}
        queue = list(args)
        while queue or pending:
            while queue and len(pending) < workers * 2:
                a = queue.pop(0)
                pending[pool.submit(run_task, *a)] = a
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                a = pending.pop(f)
                if not record(f.result()):
                    queue.insert(0, a)  # run again (an environment error with retries left)


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
            actor, a = free.pop(), queue.pop(0)
            pending[actor.run.remote(*a)] = (actor, a)
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            actor, a = pending.pop(ref)
            free.append(actor)
            if not record(ray.get(ref)):
                queue.insert(0, a)
    for a in actors:
        ray.kill(a)


def family_table(out_dir: Path) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for name in VERDICT_FILES:
        p = out_dir / "execution" / f"{name}.jsonl"
        if not p.exists():
            continue
        for r in iter_jsonl(p):
            fam = family_label(r["task"].get("family"), r["task"].get("checker"))
            table.setdefault(fam, {"pass": 0, "fail": 0, "unsure": 0})[name] += 1
    return dict(sorted(table.items()))


def explore(checkpoint_dir: str | Path, tasks: Sequence[Task], out_dir: Path | None = None, *, workers: int = 1,
            max_steps: int = MAX_EPISODE_STEPS) -> list[Trajectory]:
    """Run a trained checkpoint on tasks (phase 3's exploration) and return every trajectory,
    each with the checker's verdict. Resumable like any run when ``out_dir`` is given, so
    give each checkpoint its own ``out_dir`` (a reused one returns the earlier records)."""
    import tempfile

    out = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="lamkit-explore-"))
    from lamkit.dataflow.judge import STATE_DIFF

    judge = STATE_DIFF if any(t.checker is None for t in tasks) else None  # help-derived tasks: the state-diff judge decides
    collect([(t, None) for t in tasks], out, policy=PolicySpec(kind="model", model=str(checkpoint_dir)), workers=workers,
            max_steps=max_steps, judge=judge, retry_env_errors=1)  # a fault is retried once, never learnt from
    return [Trajectory.model_validate(r["trajectory"]) for r in records_for(out, {t.id for t in tasks}) if r.get("trajectory")]


def records_for(out_dir: Path, task_ids: set[str]) -> list[dict[str, Any]]:
    """The execution records of a run folder for ``task_ids``, whatever their verdict."""
    out = []
    for name in VERDICT_FILES:
        p = Path(out_dir) / "execution" / f"{name}.jsonl"
        if p.exists():
            out += [r for r in iter_jsonl(p) if r["task_id"] in task_ids]
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
    return list(iter_jsonl(path, parse=_item))  # a bad line or template: DataError naming file, line, field


def _item(r: Any) -> tuple[Task, TaskPlan | None]:
    """One line of a task JSONL (an instantiation record or a Task) whose template Writer can
    open; a ValueError names the task and the field (iter_jsonl adds file and line)."""
    from lamkit.dataflow.suites import template_problem

    if isinstance(r, dict) and "task" in r and "ok" in r:
        item = (Task.model_validate(r["task"]), TaskPlan.model_validate(r["taskplan"]) if r.get("taskplan") else None)
    else:
        item = (Task.model_validate(r), None)
    problem = template_problem(item[0].template)
    if problem:
        raise ValueError(f"task {item[0].id!r}: template: {problem}")
    return item


#: Where ``lamkit collect`` / ``lamkit export`` / the pipeline put a run's training data
#: (``<run>/data/...``; the pipeline: ``<out>/data/...``), the files ``lamkit train`` reads.
DATA_DIR = "data"
TRAIN_TRAJECTORIES = "train_trajectories.jsonl"
TEST_TRAJECTORIES = "test_trajectories.jsonl"


class ExportSummary(BaseModel):
    """What :func:`export_trajectories` wrote."""

    train_path: str
    test_path: str
    train: int  # trajectories of train/val tasks (successes and failures)
    train_successes: int
    test: int
    test_successes: int


def export_trajectories(run_dir: Path, dest_dir: Path | None = None) -> ExportSummary:
    """Write a collection run's judged trajectories as training and test data (Trajectory JSONL).

    Every trajectory of ``execution/pass.jsonl`` and ``fail.jsonl`` (successes for phases 2-3,
    failures for phase 4's reward model), split by its task's ``split`` (the one rule of
    :mod:`lamkit.dataflow.split`): ``test`` tasks go to ``test_trajectories.jsonl``, the others
    (train, val) to ``train_trajectories.jsonl``, in ``dest_dir`` (default ``<run_dir>/data``).
    Unsure records (environment errors, judge-only tasks without a judge) are left out: no
    verdict to learn from. Both files are rewritten whole, atomically."""
    run_dir = Path(run_dir)
    dest = Path(dest_dir) if dest_dir is not None else run_dir / DATA_DIR
    parts: dict[str, list[Trajectory]] = {"train": [], "test": []}
    for name in ("pass", "fail"):
        f = run_dir / "execution" / f"{name}.jsonl"
        if f.exists():
            for r in iter_jsonl(f):
                if r.get("trajectory"):
                    t = Trajectory.model_validate(r["trajectory"])
                    if t.verdict is None:  # records keep the verdict beside the trajectory as well
                        t.verdict = Verdict.model_validate(r["verdict"])
                    parts["test" if t.task.split == "test" else "train"].append(t)
    train_path, test_path = dest / TRAIN_TRAJECTORIES, dest / TEST_TRAJECTORIES
    write_jsonl(train_path, parts["train"])
    write_jsonl(test_path, parts["test"])

    def ok(ts: list[Trajectory]) -> int:
        return sum(1 for t in ts if t.verdict is not None and t.verdict.success)

    return ExportSummary(train_path=str(train_path), test_path=str(test_path), train=len(parts["train"]),
                         train_successes=ok(parts["train"]), test=len(parts["test"]), test_successes=ok(parts["test"]))
