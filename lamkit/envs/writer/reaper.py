"""Kills an environment's processes when the Python process that owns it dies.

Xvfb, D-Bus, the AT-SPI bus and soffice run in their own process groups (so
that ``close()`` can kill each group whole); a side effect is that nothing
kills them when their owner is killed with SIGKILL (a collection run stopped
with kill -9, a CI timeout, a Ray worker that exits). This tiny watcher, one per
environment, waits for its owner to go and then kills the groups listed in
``<workdir>/pgids`` and every process whose environment names the work folder
(:func:`.processes.kill_strays`), deletes the files it owns outside the work
folder (X lock and socket, soffice's pipe: :func:`.processes.remove_outside`) and
removes the work folder.

Why it detaches (forks once more and lets its first process exit): Ray SIGKILLs
every direct child of a worker that exits, and a reaper killed with its owner
cleans nothing. Why a pipe: its only write end is in the owner, so the owner's
death, however it happens, shows as EOF at once; a normal ``close()`` writes
``closed`` on it first, and the reaper leaves without touching anything.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sys
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def wait_for_owner(owner: int, fd: int, poll_s: float = 0.5) -> bool:
    """Block until the owner closed the environment (True) or died (False).

    EOF on the pipe means every holder of its write end is gone; the owner's pid
    is polled too, for an owner that forked a child which inherited the write end."""
    while True:
        ready, _, _ = select.select([fd], [], [], poll_s)
        if ready:
            try:
                data = os.read(fd, 64)
            except OSError:
                data = b""
            return data.startswith(b"closed")
        if not _alive(owner):
            return False


def clean_up(workdir: Path, remove: bool) -> None:
    """Kill everything the stack in ``workdir`` started, then (optionally) remove the folder."""
    from lamkit.envs.writer.processes import kill_strays_until_gone, remove_outside

    try:
        pgids = [int(x) for x in (workdir / "pgids").read_text().split()]
    except (OSError, ValueError):
        pgids = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for g in pgids:
            try:
                os.killpg(g, sig)
            except (ProcessLookupError, PermissionError):
                pass
        if pgids:
            time.sleep(0.5)
    kill_strays_until_gone(workdir)
    remove_outside(workdir)
    if remove:
        shutil.rmtree(workdir, ignore_errors=True)


def main(owner: int, workdir: str, remove: bool, fd: int) -> None:
    if os.fork() > 0:
        os._exit(0)  # detached: the owner's child exits now, this grandchild watches
    if wait_for_owner(owner, fd):
        return  # closed normally: close() has already cleaned up
    clean_up(Path(workdir), remove)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3] == "1", int(sys.argv[4]))
