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

One loop serves every online evaluation: the family tasks judged by their checkers, and the
held-out help tasks judged by the state-diff judge (:mod:`lamkit.dataflow.help_eval` passes its
tasks and the judge). Each writes its policies' rows into the folder's ``online.json``, merged
with the rows already there, so an evaluation folder can grow a policy at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.dataflow.runner import PolicyLike, collect, load_items, records_for
from lamkit.errors import DataError
from lamkit.schema import Task, TaskPlan

if TYPE_CHECKING:
    from lamkit.evaluate.metrics import OnlineMetrics

#: How many times an online episode interrupted by the environment is run again before it is
#: recorded as an environment error.
RETRY_ENV_ERRORS = 1

#: The file of an evaluation folder that holds each policy's online metrics.
ONLINE_JSON = "online.json"


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


def evaluate_online(tasks: Path | Sequence[tuple[Task, TaskPlan | None]], policies: dict[str, PolicyLike], out_dir: Path,
                    workers: int = 1, max_steps: int = MAX_EPISODE_STEPS,
                    *, split: str | None = "test", limit: int = 0, judge: str | None = None,
                    on_result: Callable[[str, dict, int, int], None] | None = None,
                    skipped: list | None = None, screenshots: bool = False) -> dict[str, OnlineMetrics]:
    """Run each policy (name -> spec as :func:`lamkit.agent.policies.make_policy` takes) on the
    same tasks; return name -> OnlineMetrics of this call's policies.

    ``tasks``: a task file (its checkable ``split`` tasks run, at most ``limit``), or the
    (task, template) pairs to run as they are, chosen by the caller (the held-out help tasks
    of :mod:`lamkit.dataflow.help_eval`). ``judge``: None (each task's checker) or a judge spec
    (:func:`lamkit.dataflow.judge.make_judge`; help tasks use the state-diff judge).

    Run folders: ``out_dir/<name>/execution/...`` (resumable: a rerun skips finished episodes).
    The metrics are merged into ``out_dir/online.json`` (:func:`merge_online_metrics`): a policy
    run into an existing evaluation folder adds its row and keeps the others'.
    A suite's generated documents and load report (``suite-report.json``) go to ``out_dir``,
    its skipped tasks are appended to ``skipped``. ``screenshots`` keeps a small screenshot per step
    in each policy's run folder (:func:`lamkit.dataflow.runner.keep_screenshots`).
    """
    from lamkit.evaluate.metrics import aggregate_online

    read_online_metrics(Path(out_dir) / ONLINE_JSON)  # a broken table fails now, not after the episodes
    if isinstance(tasks, (str, Path)):
        items = checkable_tasks(Path(tasks), split, limit, run_dir=Path(out_dir), skipped=skipped)
    else:
        items = list(tasks)
    ids = {t.id for t, _ in items}
    results: dict[str, OnlineMetrics] = {}
    for name, spec in policies.items():
        run_dir = Path(out_dir) / name
        cb = (lambda rec, done, total, _n=name: on_result(_n, rec, done, total)) if on_result else None
        collect(items, run_dir, policy=spec, workers=workers, max_steps=max_steps, judge=judge, on_result=cb,
                screenshots=screenshots, retry_env_errors=RETRY_ENV_ERRORS)
        results[name] = aggregate_online(name, records_for(run_dir, ids))
    merge_online_metrics(Path(out_dir) / ONLINE_JSON, results)
    return results


def read_online_metrics(path: Path) -> dict[str, dict]:
    """An evaluation's ``online.json`` as policy name -> metrics dict ({} when there is none);
    a file that is not such a table is a :class:`DataError` naming it."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise DataError(f"{path}: not valid JSON ({e}); move it away to start the table afresh") from None
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise DataError(f"{path}: not an online metrics table (policy name -> metrics)")
    return table


def merge_online_metrics(path: Path, results: dict[str, OnlineMetrics]) -> dict[str, dict]:
    """Write ``results`` into the evaluation's ``online.json`` (policy name -> OnlineMetrics),
    keeping the rows of policies this call did not run and replacing those it ran; atomic.
    Returns the merged table. Why merge: an evaluation folder grows a policy at a time (a
    zero-shot row added to a finished evaluation); overwriting lost the others' metrics."""
    from lamkit.jsonl import write_json_atomic

    table = read_online_metrics(path)
    table.update({name: m.model_dump(mode="json") for name, m in results.items()})
    write_json_atomic(path, table)
    return table
