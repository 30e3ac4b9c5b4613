"""Kills an environment's processes when the Python process that owns it dies.

Xvfb, D-Bus, the AT-SPI bus and soffice run in their own process groups (so
that ``close()`` can kill each group whole); a side effect is that nothing
kills them when their owner is killed with SIGKILL (a collection run stopped
with kill -9, a CI timeout). This tiny watcher, one per environment, polls the
owner and, once it is gone, kills the groups listed in ``<workdir>/pgids``
and removes the work folder.
"""

from __future__ import annotations

import os
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


def main(owner: int, workdir: str, remove: bool) -> None:
    wd = Path(workdir)
    while _alive(owner) and wd.exists():
        time.sleep(0.5)
    if not wd.exists():
        return  # closed normally
    try:
        pgids = [int(x) for x in (wd / "pgids").read_text().split()]
    except (OSError, ValueError):
        pgids = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for g in pgids:
            try:
                os.killpg(g, sig)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.5)
    from lamkit.envs.writer.processes import kill_strays_until_gone

    kill_strays_until_gone(wd)
    if remove:
        shutil.rmtree(wd, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3] == "1")
