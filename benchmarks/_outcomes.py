"""Task outcomes of one policy's online episodes, tallied by a grouping of the tasks.

The probe (grouped by the kind its task id names) and the compound bench (grouped by the
compound shape of each task) both report a policy as successes of tasks with a Wilson
interval, per group, and the failed task ids. This is that one tally, so the two tables
cannot count differently (an environment error, for instance, is no verdict in either).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from lam_bench import wilson  # one Wilson interval for every benchmark


def outcomes(policy_dir: Path) -> dict[str, bool]:
    """task id -> success, from a policy's execution records (an environment error is no verdict)."""
    from lamkit.jsonl import iter_jsonl

    files = [policy_dir / "execution" / f"{name}.jsonl" for name in ("pass", "fail")]
    return {r["task_id"]: bool(r["verdict"]["success"]) for f in files if f.exists() for r in iter_jsonl(f)}


def tally(got: dict[str, bool], group_of: Callable[[str], str], groups: Iterable[str]) -> dict:
    """Successes of tasks over ``got`` (task id -> success): in all, with the Wilson 95% interval,
    per group (``group -> [successes, tasks]``, in the order of ``groups``; a group with no task
    is ``[0, 0]``), and the failed task ids, sorted."""
    n, s = len(got), sum(got.values())
    by = {g: [sum(ok for t, ok in got.items() if group_of(t) == g), sum(1 for t in got if group_of(t) == g)]
          for g in groups}
    return {"successes": s, "tasks": n, "tsr": s / n if n else 0.0, "ci": wilson(s, n) or [0.0, 0.0],
            "by_group": by, "failed": sorted(t for t, ok in got.items() if not ok)}
