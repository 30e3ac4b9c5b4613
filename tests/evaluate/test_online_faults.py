"""Online evaluation under faults (issue 16): soffice is SIGKILLed in the middle of an episode of
`evaluate_online` (real Writer, the heuristic expert). The interrupted episode is run once more;
interrupted twice, it is recorded as an environment error and counted, never judged."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.dataflow.instantiate import family_tasks, write_instantiation
from lamkit.dataflow.runner import worker_env
from lamkit.dataflow.templates import build_catalog
from lamkit.envs.writer.processes import STACK_ENV
from lamkit.evaluate.online import evaluate_online

pytestmark = pytest.mark.writer

KILLS: dict[str, int] = {}  # task id -> soffice kills so far (this process runs the episodes: workers=1)


def _kill_soffice() -> None:
    """SIGKILL this process's environment's soffice.bin, found by its stack mark."""
    mark = f"{STACK_ENV}={worker_env().procs.workdir}\0".encode()
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and b"soffice.bin" in (d / "cmdline").read_bytes() and mark in (d / "environ").read_bytes() + b"\0":
                os.kill(int(d.name), signal.SIGKILL)
        except OSError:
            continue


class KillingExpert(HeuristicExpert):
    """The heuristic expert, whose second decision in an episode of a task of ``kills`` (after its
    first action has changed the document) comes after a SIGKILL of soffice, in the first
    ``kills[task]`` episodes of that task."""

    def __init__(self, kills: dict[str, int]):
        super().__init__()
        self.kills = kills

    def act(self, task, obs, steps):
        if len(steps) == 1 and KILLS.get(task.id, 0) < self.kills.get(task.id, 0):
            KILLS[task.id] = KILLS.get(task.id, 0) + 1
            _kill_soffice()
        return super().act(task, obs, steps)


class Factory:
    """A picklable policy factory (collect makes a fresh policy per episode)."""

    def __init__(self, kills: dict[str, int]):
        self.kills = kills

    def __call__(self):
        return KillingExpert(self.kills)


@pytest.fixture(scope="module")
def tasks(tmp_path_factory):
    root = tmp_path_factory.mktemp("online-faults")
    catalog = build_catalog(root / "templates", per_kind=2)
    recs = [r for r in family_tasks(8, catalog, seed=3, families=["bold", "italic"], compound=0) if r.ok]
    recs = [r for r in recs if len(r.task.plan) >= 2][:2]  # the kill comes after a first action
    assert len(recs) == 2
    write_instantiation(recs, root)
    return root / "instantiation" / "pass.jsonl", [r.task.id for r in recs]


def test_a_killed_episode_is_retried_once_then_recorded_as_env_error(tasks, tmp_path):
    path, (once, twice) = tasks
    KILLS.clear()
    # `once`: killed in its first episode, the retry succeeds; `twice`: killed in both, an env error
    res = evaluate_online(path, {"expert": Factory({once: 1, twice: 2})}, tmp_path, split=None)
    m = res["expert"]
    assert KILLS == {once: 1, twice: 2}
    # the env error is counted apart, neither a success nor a failure of the policy
    assert m.tasks == 1 and m.env_errors == 1 and m.successes == 1 and m.task_success_rate == 1.0
    summary = json.loads((tmp_path / "expert" / "summary.json").read_text())
    assert summary["env_retries"] == 2 and summary["env_errors"] == 1
    execution = tmp_path / "expert" / "execution"
    assert [json.loads(x)["task_id"] for x in (execution / "pass.jsonl").read_text().splitlines()] == [once]
    unsure = [json.loads(x) for x in (execution / "unsure.jsonl").read_text().splitlines()]
    assert [r["task_id"] for r in unsure] == [twice]
    v = unsure[0]["verdict"]
    assert v["judge"] == "env_error" and not v["success"]  # not judged by the checker: no verdict on the policy
    env = unsure[0]["env"]
    assert env["opened_at"] is not None and any(f["at"] >= env["opened_at"] for f in env["faults"])
    assert not (execution / "fail.jsonl").exists()
