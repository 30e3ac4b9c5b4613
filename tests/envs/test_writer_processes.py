"""A Writer stack leaves no process behind, however its owner dies (issue 16).

Each test runs a real WriterEnv in a child Python process marked with its own token
(inherited by every process it starts, orphans and D-Bus-activated ones included),
kills it in one of the ways seen in practice, and looks through /proc for survivors.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.writer

OWNER = """
import sys, time
from lamkit.envs.writer.env import WriterEnv
env = WriterEnv()
print(env.__class__.__name__, flush=True)
env.start()
print("ready", flush=True)
time.sleep(600)
"""


def _marked(token: str) -> list[tuple[int, int, str]]:
    """(pid, ppid, command line) of every live process whose environment holds ``token``."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if token.encode() not in (d / "environ").read_bytes():
                continue
            stat = (d / "stat").read_text().split(") ", 1)[1].split()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if stat[0] != "Z":
            found.append((int(d.name), int(stat[1]), cmd[:160]))
    return found


def _wait_gone(token: str, timeout_s: float = 20.0) -> list[tuple[int, int, str]]:
    end = time.monotonic() + timeout_s
    while (left := _marked(token)) and time.monotonic() < end:
        time.sleep(0.25)
    return left


def _start_owner(token: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", OWNER],
        env={**os.environ, "LAMKIT_TEST_OWNER": token},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and int((d / "stat").read_text().split(") ", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
        except OSError:
            continue
    return out


def _kill_all(found: list[tuple[int, int, str]]) -> None:
    for pid, _, _ in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def test_owner_killed_with_each_of_its_children_leaves_nothing():
    """What Ray does when a worker exits: SIGKILL every direct child, one by one, then the
    worker. The accessibility bus's dbus-daemon, whose launcher is killed alone, used to
    live on as an orphan (ppid 1), and the reaper died with the others."""
    token = uuid.uuid4().hex
    owner = _start_owner(token)
    try:
        assert owner.stdout.readline().strip() == "WriterEnv"
        assert owner.stdout.readline().strip() == "ready"
        running = _marked(token)
        assert any("accessibility.conf" in c for _, _, c in running)  # the bus this test is about
        for pid in _children(owner.pid):
            os.kill(pid, signal.SIGKILL)
        _owner_dies_and_nothing_stays(owner, token)
    finally:
        owner.kill()


def _owner_dies_and_nothing_stays(owner, token: str) -> None:
    """kill -9 the owner; every process marked with ``token`` must be gone soon after (any left is killed)."""
    owner.kill()
    owner.wait(10)
    left = _wait_gone(token)
    _kill_all(left)
    assert not left, f"left behind: {left}"


@pytest.mark.parametrize("moment", ["Xvfb", "lamkit.envs.writer.worker"])
def test_owner_killed_during_start_up_leaves_nothing(moment):
    """kill -9 of the owner while the stack starts: the display (started before the reaper
    was) and an AT-SPI worker still waiting for Writer (which no reaper scan found) used
    to survive."""
    token = uuid.uuid4().hex
    owner = _start_owner(token)
    try:
        assert owner.stdout.readline().strip() == "WriterEnv"
        end = time.monotonic() + 90
        while not any(moment in c for _, _, c in _marked(token)) and time.monotonic() < end:
            time.sleep(0.02)
        assert any(moment in c for _, _, c in _marked(token)), f"{moment} never started"
        _owner_dies_and_nothing_stays(owner, token)
    finally:
        owner.kill()


def test_close_stops_the_reaper_too(sample_docx):
    """A normal close leaves no watcher behind (it is told over its pipe, not killed)."""
    token = uuid.uuid4().hex
    code = OWNER.replace('time.sleep(600)', 'env.close()\nprint("closed", flush=True)\ntime.sleep(600)')
    owner = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "LAMKIT_TEST_OWNER": token},
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert [owner.stdout.readline().strip() for _ in range(3)] == ["WriterEnv", "ready", "closed"]
        left = _wait_gone(token, timeout_s=5)  # the owner itself is alive: only it may remain
        assert [p for p, _, _ in left] == [owner.pid], f"left behind: {left}"
    finally:
        owner.kill()
        owner.wait(10)
