"""WriterEnv under the faults of issue 16's benchmark, on the real LibreOffice (no mocks).

Each fault is injected the way benchmarks/faults_bench.py does it: a SIGKILL of Xvfb, of
soffice.bin or of the AT-SPI worker, found through the stack's own bookkeeping (its pids, the
LAMKIT_WRITER_STACK mark). After each the environment must come back by itself, and an episode
the fault hit must never be read as intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lamkit.envs.writer import WriterEnv
from lamkit.envs.writer.env import EnvCrashed, EpisodeInterrupted
from lamkit.envs.writer.processes import STACK_ENV
from lamkit.schema import Action, Task

pytestmark = pytest.mark.writer


def _stack_pids(workdir: Path, needle: bytes) -> list[int]:
    """Live processes of one stack (marked with its work folder) whose command line holds ``needle``."""
    mark = f"{STACK_ENV}={workdir}".encode() + b"\0"
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if mark in (d / "environ").read_bytes() + b"\0" and needle in (d / "cmdline").read_bytes():
                if (d / "stat").read_text().split(") ", 1)[1][0] != "Z":
                    out.append(int(d.name))
        except OSError:
            continue
    return out


def _outside(env: WriterEnv) -> list[str]:
    f = env.procs.workdir / "outside"
    return [p for p in f.read_text().split("\n") if p] if f.exists() else []


def test_xvfb_killed_the_whole_stack_comes_back_and_the_episode_is_void(sample_docx):
    with WriterEnv(step_timeout_s=8) as env:
        task = Task(id="x", request="r", template=str(sample_docx))
        obs = env.reset(task)
        old_display, old_xvfb = env.procs.display, env.procs._xvfb.pid
        assert any("/OSL_PIPE_" in p for p in _outside(env)), "soffice's pipe in /tmp is not recorded"
        os.kill(old_xvfb, signal.SIGKILL)
        time.sleep(0.5)
        bold = next(c.label for c in obs.controls if c.name == "Bold")
        r = env.step(Action(function="click_input", args={"control_label": bold}))
        assert r.env_error and not r.ok
        with pytest.raises(EpisodeInterrupted):  # the reopened document is not the episode's
            env.state()
        assert env.procs.display_alive() and env.procs._xvfb.pid != old_xvfb
        assert not Path(f"/tmp/.X{old_display}-lock").exists() or env.procs.display == old_display
        # the next episode runs normally on the new display
        obs = env.reset(task)
        assert "Quarterly" in obs.document and env.state().paragraphs[0].text.startswith("Quarterly")
        assert env.faults and env.interrupted is None


def test_a_dead_worker_between_steps_voids_the_episode_not_the_run(sample_docx):
    """The fault the old code hid: observe() recovered silently and the episode went on, on a
    freshly reopened document, and could be judged a success."""
    with WriterEnv(step_timeout_s=8) as env:
        task = Task(id="w", request="r", template=str(sample_docx))
        env.reset(task)
        assert env.state().paragraphs  # intact so far
        (worker,) = _stack_pids(env.procs.workdir, b"lamkit.envs.writer.worker")
        os.kill(worker, signal.SIGKILL)
        time.sleep(0.3)
        env.observe()  # recovers: the environment stays usable
        with pytest.raises(EpisodeInterrupted, match="interrupted"):
            env.state()
        env.reset(task)
        assert env.state().paragraphs and env.interrupted is None


def test_a_late_answer_is_never_taken_for_the_next_one(sample_docx):
    """soffice stopped (SIGSTOP) past the timeout, then continued: the request that timed out
    must not answer the next one (the old connection is dropped, soffice restarted)."""
    with WriterEnv(step_timeout_s=3) as env:
        task = Task(id="s", request="r", template=str(sample_docx))
        env.reset(task)
        (soffice,) = _stack_pids(env.procs.workdir, b"soffice.bin")
        os.kill(soffice, signal.SIGSTOP)
        try:
            with pytest.raises(EnvCrashed, match="hung"):
                env.state()
        finally:
            try:
                os.kill(soffice, signal.SIGCONT)
            except ProcessLookupError:
                pass
        assert not _stack_pids(env.procs.workdir, b"soffice.bin"), "the stopped soffice lingers"
        obs = env.reset(task)  # a real observation, not the stale answer of state()
        assert "Bold" in {c.name for c in obs.controls}
        assert env.state().paragraphs[0].text.startswith("Quarterly")


def test_files_outside_the_work_folder_go_when_the_owner_is_killed(sample_docx, tmp_path):
    """X lock and socket and soffice's /tmp/OSL_PIPE_* (which a killed soffice never removes)
    are deleted by close() and by the reaper of an owner killed with -9."""
    code = (
        "import sys; from lamkit.envs.writer import WriterEnv; from lamkit.schema import Task\n"
        f"e = WriterEnv(); e.reset(Task(id='o', request='r', template={str(sample_docx)!r}))\n"
        "print(e.procs.workdir, flush=True); import time; time.sleep(600)\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        workdir = Path(p.stdout.readline().strip())
        listed = [x for x in (workdir / "outside").read_text().split("\n") if x]
        assert any("/OSL_PIPE_" in x for x in listed) and any(".X11-unix" in x for x in listed)
        assert all(Path(x).exists() for x in listed)
        assert (workdir / "runtime").is_dir()  # the AT-SPI bus socket lives here, not in ~/.cache
    finally:
        p.kill()
        p.wait()
    end = time.monotonic() + 20
    while time.monotonic() < end and (workdir.exists() or any(Path(x).exists() for x in listed)):
        time.sleep(0.25)
    assert not workdir.exists()
    assert not [x for x in listed if Path(x).exists()]
