"""Online evaluation: every policy runs the same test tasks in live Writer, judged by checker.

This is the published work's online test (task success rate, steps, completion
time, per-step latency), run through the dataflow's collection runner, so it is
parallel (``workers``), resumable (each policy has its own run folder; a rerun
skips finished episodes) and its episodes are ordinary execution records that
can be inspected, exported or retrained on. Policies are compared on exactly
the same tasks and templates.

Faults (issue 16): an episode the application interrupted (crash, hang, a killed
process) is run once more (:data:`RETRY_ENV_ERRORS`); if it is interrupted again it
is recorded as an environment error, counted in the metrics' ``env_errors`` and
never judged by the checker, so it is neither a success nor a failure the policy made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.dataflow.runner import PolicyLike, collect, load_items, records_for
from lamkit.errors import DataError

#: How many times an online episode interrupted by the environment is run again before it is
#: recorded as an environment error.
RETRY_ENV_ERRORS = 1


def checkable_tasks(path: Path, split: str | None = "test", limit: int = 0, *, run_dir: Path | None = None,
                    skipped: list | None = None):
    """Checkable tasks (with a checker) of ``split`` from a Task or instantiation-record JSONL, or
    a hand-written suite (whose tasks are ``test`` unless they say otherwise). A suite's bad tasks
    are left out and appended to ``skipped``; its documents and report go to ``run_dir``."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such task file")
    bad: list = []
    items = [(t, tp) for t, tp in load_items(path, run_dir=run_dir, skipped=bad)
             if t.checker is not None and (split is None or t.split == split)]
    if skipped is not None:
        skipped.extend(bad)
    if not items:
        why = f" ({len(bad)} task(s) skipped as invalid, the first: {bad[0].reason})" if bad else ""
        raise DataError(f"{path}: no checkable tasks in the {split!r} split{why}")
    return items[:limit] if limit else items


def evaluate_online(tasks_path: Path, policies: dict[str, PolicyLike], out_dir: Path, workers: int = 1,
                    max_steps: int = MAX_EPISODE_STEPS,
                    *, split: str | None = "test", limit: int = 0,
                    on_result: Callable[[str, dict, int, int], None] | None = None,
                    skipped: list | None = None, screenshots: bool = False) -> dict:
    """Run each policy (name -> spec as :func:`lamkit.agent.policies.make_policy` takes) on the
    checkable ``split`` tasks of ``tasks_path``; return name -> OnlineMetrics.

    Run folders: ``out_dir/<name>/execution/...``; metrics also in ``out_dir/online.json``.
    A suite's generated documents and load report (``suite-report.json``) go to ``out_dir``,
    its skipped tasks are appended to ``skipped``. ``screenshots`` keeps a small screenshot per step
    in each policy's run folder (:func:`lamkit.dataflow.runner.keep_screenshots`).
    """
    from lamkit.evaluate.metrics import aggregate_online
    from lamkit.jsonl import write_json_atomic

    items = checkable_tasks(tasks_path, split, limit, run_dir=Path(out_dir), skipped=skipped)
    ids = {t.id for t, _ in items}
    results = {}
    for name, spec in policies.items():
        run_dir = Path(out_dir) / name
        cb = (lambda rec, done, total, _n=name: on_result(_n, rec, done, total)) if on_result else None
        collect(items, run_dir, policy=spec, workers=workers, max_steps=max_steps, on_result=cb, screenshots=screenshots,
                retry_env_errors=RETRY_ENV_ERRORS)
        results[name] = aggregate_online(name, records_for(run_dir, ids))
    write_json_atomic(Path(out_dir) / "online.json", {k: v.model_dump(mode="json") for k, v in results.items()})
    return results
