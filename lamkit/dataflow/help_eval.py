"""Online evaluation on the held-out help-derived tasks, judged by the state-diff judge.

Why beside :mod:`lamkit.evaluate.online` and not inside it: that evaluation runs the tasks a
checker decides, and its figures are the family tasks'. A help-derived task
(:func:`lamkit.dataflow.instantiate.help_tasks`) has no checker; the state-diff judge
(:class:`lamkit.dataflow.judge.StateDiffJudge`) decides it from the document before and after
the episode. Its TSR answers another question (does the model act on procedures it has only
read about in the help, on pages it never trained on?), so it is its own row: ``<policy>@help``.

An "unsure" verdict counts as not a success (the judge saw no change of the kind the request
names), as an environment error does; the same collection runner runs the episodes, so they are
parallel, resumable and inspectable like any other (``<out>/<policy>/execution/``).
"""

from __future__ import annotations

from pathlib import Path

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.dataflow.runner import PolicyLike, load_items


def help_test_items(tasks_path: Path, limit: int = 0) -> list:
    """The held-out (test split) help-derived tasks of a task file, in its order (at most ``limit``)."""
    from lamkit.dataflow.instantiate import is_help_task

    items = [(t, tp) for t, tp in load_items(Path(tasks_path)) if is_help_task(t) and t.split == "test"]
    return items[:limit] if limit else items


def evaluate_help_online(tasks_path: Path, policies: dict[str, PolicyLike], out_dir: Path, workers: int = 1,
                         max_steps: int = MAX_EPISODE_STEPS, *, limit: int = 0, on_result=None) -> dict:
    """Run each policy on the held-out help tasks of ``tasks_path`` with the state-diff judge;
    name -> OnlineMetrics (TSR with its bootstrap CI over tasks), also merged into
    ``out_dir/online.json``. {} when the file has no held-out help task. The episodes run
    through :func:`lamkit.evaluate.online.evaluate_online` (its retry of interrupted episodes,
    resumable run folders), with these tasks and this judge."""
    from lamkit.dataflow.judge import STATE_DIFF
    from lamkit.evaluate.online import evaluate_online

    items = help_test_items(tasks_path, limit)
    if not items:
        return {}
    return evaluate_online(items, policies, out_dir, workers, max_steps, judge=STATE_DIFF, on_result=on_result)
