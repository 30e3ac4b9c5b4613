"""WriterEnv: LibreOffice Writer as an Environment, driven the way an agent drives Word.

The parent side holds the processes (:mod:`.processes`) and a worker process
(:mod:`.worker`) that speaks AT-SPI and UNO. Every request has a timeout: a
worker that does not answer, or an soffice that died, is killed, the stack is
restarted and the step is reported as an environment error (``env_error``), so
an episode is never silently counted as a success.

Faults (issue 16's fault-injection benchmark kills soffice, the AT-SPI worker or
Xvfb, or stops soffice, at random times). Three rules keep them visible:

- a request that fails (no answer in time, a dead soffice or worker) kills the
  worker and soffice at once, so a late answer can never be read as the answer
  to the next request, and a stopped soffice never lingers beside a new one;
- ``start()`` brings back whatever is missing: the display part (Xvfb, D-Bus,
  AT-SPI bus) when one of them died, then soffice and the worker;
- any fault after ``reset()`` opened the episode's document marks the episode
  interrupted (``interrupted``): the document it worked on is gone, so
  ``state()`` refuses to read the reopened copy and the caller records an
  environment error, never a success or a failure of the policy. ``faults`` keeps
  every fault (wall-clock time, message) for reports.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
import weakref
from pathlib import Path
from typing import Any

from lamkit.errors import LamkitError
from lamkit.envs.writer.processes import STACK_ENV, WriterProcesses
from lamkit.envs.writer.worker import LOAD_STALLED
from lamkit.schema import Action, DocState, Observation, StepResult, Task
from lamkit.envs.writer.printed import read_jobs

TEMPLATE_SUFFIXES = (".odt", ".docx", ".doc", ".fodt", ".rtf", ".txt")
_LIVE: weakref.WeakSet = weakref.WeakSet()


class EnvCrashed(RuntimeError):
    """soffice or the worker died or stopped answering."""


class EpisodeInterrupted(EnvCrashed):
    """A fault hit the episode after its document was opened: its edits are lost."""


class WriterEnv:
    def __init__(
        self,
        width: int = 1280,
        height: int = 800,
        screenshot_dir: str | Path | None = None,
        step_timeout_s: float = 20.0,
        start_timeout_s: float = 90.0,
        workdir: str | Path | None = None,
    ):
        self.width, self.height = width, height
        self.step_timeout_s = step_timeout_s
        self.start_timeout_s = start_timeout_s
        self._workdir_arg = Path(workdir) if workdir else None
        self.screenshot_dir = Path(screenshot_dir) if screenshot_dir else None
        self.procs: WriterProcesses | None = None
        self._worker: subprocess.Popen | None = None
        self._settings: dict | None = None  # the profile settings the first reset found (_settings_back)
        self._conn = None
        self._episode = itertools.count(1)
        self._shots = itertools.count(1)
        self._current_file: Path | None = None
        self._task: Task | None = None
        self.restarts = 0
        self.last_reset_s = 0.0
        self.start_s = 0.0
        self.faults: list[tuple[float, str]] = []  # (time.time(), message) of every fault seen
        self.interrupted: str | None = None  # why the current episode is void (None: it is intact)
        self.opened_at: float | None = None  # time.time() when reset() opened the current episode
        self.loads = 0  # document loads tried (reset attempts), for stalls per 1,000 loads
        self.load_stalls = 0  # loads that did not finish within their timeout
        _LIVE.add(self)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self._conn is not None:
            return
        t0 = time.monotonic()
        if self.procs is None:
            kw = {"workdir": self._workdir_arg} if self._workdir_arg else {}
            self.procs = WriterProcesses(width=self.width, height=self.height, **kw)
            # the reaper first: an owner killed while the display starts leaves nothing behind
            self.procs.start_reaper(remove_workdir=self._workdir_arg is None)
            self.procs.start_display()
        elif not self.procs.display_alive():  # Xvfb, D-Bus or the AT-SPI bus died: soffice cannot live on
            self.procs.restart_display()
        self._stop_worker()
        self.procs.stop_soffice()  # one that outlived its worker (a stopped or hung one) must not linger
        self.procs.start_soffice()
        # A fresh interpreter (not fork: the parent may hold torch threads; not
        # multiprocessing's spawn: it re-imports the user's __main__), talking over
        # a socketpair wrapped as a multiprocessing Connection.
        parent_sock, child_sock = socket.socketpair()
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "lamkit.envs.writer.worker", str(child_sock.fileno())],
            pass_fds=[child_sock.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=open(self.procs.workdir / "worker.log", "ab"),
            stderr=subprocess.STDOUT,
            # marked as part of the stack: the reaper finds a worker its owner left behind
            env={**os.environ, STACK_ENV: str(self.procs.workdir)},
        )
        child_sock.close()
        self._conn = Connection(parent_sock.detach())
        # The configuration travels over the socket, not argv: the environment may
        # hold secrets (API keys) that must not show in the process list.
        self._conn.send({"env": self.procs.env, "uno_port": self.procs.uno_port, "screen": [self.width, self.height]})
        try:
            self._call("init", self.start_timeout_s, timeout_s=self.start_timeout_s - 5.0)
        except Exception as e:
            self._stop_worker()
            if self.procs is not None:
                self.procs.stop_soffice()
            raise LamkitError(f"LibreOffice Writer did not start: {e} (logs in {self.procs.workdir})") from None
        self.start_s = time.monotonic() - t0

    def restart(self) -> None:
        self.restarts += 1
        self.interrupted = self.interrupted or "Writer was restarted"
        self._stop_worker()
        if self.procs is not None:
            self.procs.stop_soffice()
        self.start()

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.send({"op": "quit"})
                self._conn.poll(2)
        self._stop_worker()
        if self.procs is not None:
            self.procs.stop()
            if self._workdir_arg is None:
                shutil.rmtree(self.procs.workdir, ignore_errors=True)
            self.procs = None

    def __enter__(self) -> WriterEnv:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _stop_worker(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None
        if self._worker is not None:
            try:
                self._worker.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._worker.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._worker.wait(timeout=2)
        self._worker = None

    # ------------------------------------------------------------------ RPC
    def _crash(self, message: str) -> EnvCrashed:
        """Record a fault and stop the worker and soffice now (see the module docstring): the
        next request or reset starts them again on a clean connection."""
        self.faults.append((time.time(), message))
        if self.opened_at is not None:
            self.interrupted = self.interrupted or message
        with contextlib.suppress(Exception):
            if self._worker is not None:
                self._worker.kill()  # a worker stuck in a D-Bus call never reads the closed socket
            self._stop_worker()
        if self.procs is not None:
            self.procs.stop_soffice()
        return EnvCrashed(message)

    def _call(self, op: str, _timeout: float, **kw) -> Any:
        if self._conn is None:
            raise EnvCrashed("the environment is not running")
        if self.procs is not None and not self.procs.soffice_alive():
            raise self._crash("soffice is not running (crashed)")
        try:
            self._conn.send({"op": op, **kw})
            end = time.monotonic() + _timeout
            # Waited in slices: an soffice that exits meanwhile (seen at start-up: "Can't open
            # display") is reported at once instead of after the whole timeout.
            while not self._conn.poll(min(0.5, max(end - time.monotonic(), 0.0))):
                if self.procs is not None and not self.procs.soffice_alive() and not self._conn.poll(0.5):
                    raise self._crash(f"soffice exited during {op!r} (see {self.procs.workdir / 'soffice.log'})")
                if time.monotonic() >= end:
                    raise self._crash(f"no answer to {op!r} within {_timeout:.0f} s (soffice hung)")
            resp = self._conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            raise self._crash(f"the AT-SPI worker died during {op!r}: {e}") from None
        if not resp["ok"]:
            if resp.get("soffice_gone"):  # the worker no longer finds soffice: a fault, whatever the launcher says
                raise self._crash(f"soffice left the accessibility bus during {op!r}: {resp['error']}")
            if self.procs is not None and not self.procs.soffice_alive():
                raise self._crash(f"soffice crashed during {op!r}: {resp['error']}")
            raise RuntimeError(resp["error"])
        return resp["result"]

    # ------------------------------------------------------------------ Environment protocol
    def reset(self, task: Task) -> Observation:
        src = Path(task.template).expanduser()
        if not src.is_file():
            raise LamkitError(f"task {task.id}: template {src} does not exist")
        if src.suffix.lower() not in TEMPLATE_SUFFIXES:
            raise LamkitError(f"task {task.id}: template {src} is not a document ({', '.join(TEMPLATE_SUFFIXES)})")
        self.start()
        assert self.procs is not None
        dst = self._copy_in(src, "episodes", "ep")
        self._settings_back()
        for job in self.procs.print_dir().iterdir():  # the state's print jobs are this episode's only
            with contextlib.suppress(OSError):
                job.unlink()
        previous = self._current_file
        self._current_file, self._task = dst, task
        self.opened_at = None  # faults from here until the document is open are retried, not an interruption
        t0 = time.monotonic()
        for attempt in range(2):
            # A load normally takes ~1-5 s. The first-load stall of issue 16 is fixed (the load
            # runs on soffice's main thread, docs/writer_env.md); this stays as a safety net for
            # any other hang: the first try gives up after 15 s and restarts, the retry, on a cold
            # soffice that may share a busy CPU with training, gets 60 s.
            load_s = 15.0 if attempt == 0 else 60.0
            try:
                self.start()  # again: a fault between episodes (a dead Xvfb, soffice or worker) is mended here
                obs = self._load(dst, load_s, max(self.step_timeout_s * 3, load_s + 45))
                break
            except (EnvCrashed, RuntimeError, LamkitError) as e:
                self.faults.append((time.time(), f"reset of {task.id}: {e}"))
                if attempt == 1:
                    raise LamkitError(f"task {task.id}: Writer could not open {src}: {e}") from None
                self.restart()
        self.interrupted, self.opened_at = None, time.time()
        self.last_reset_s = time.monotonic() - t0
        if previous is not None and previous != dst:
            # only now: deleting the file of a document still open made Writer hang on the next load
            with contextlib.suppress(OSError):
                previous.unlink()
        obs.pop("reset_s", None)
        return Observation.model_validate(obs)

    def _settings_back(self) -> None:
        """Write back the profile settings an earlier episode changed (the UI language, the default
        file format, AutoRecovery: ``profile_settings.SETTINGS``), as the first reset found them: the
        profile outlives episodes, so without this one episode's Tools - Options would change the
        next ones. Held here, not in the worker: a worker restarted after a fault would read a
        changed profile as its baseline. A failure leaves the profile as it is (logged as a fault)."""
        try:
            now = self._call("settings", self.step_timeout_s, restore=self._settings)
            if self._settings is None:
                self._settings = now
        except (EnvCrashed, RuntimeError, LamkitError) as e:
            self.faults.append((time.time(), f"profile settings not restored: {e}"))

    def observe(self, screenshot: bool = False) -> Observation:
        try:
            data = self._call("observe", self.step_timeout_s)
        except EnvCrashed:
            self._recover()
            data = self._call("observe", self.step_timeout_s)
        obs = Observation.model_validate(data)
        if screenshot:
            obs.screenshot = str(self.screenshot())
        return obs

    def step(self, action: Action | dict) -> StepResult:
        t0 = time.monotonic()
        try:
            act = action if isinstance(action, Action) else Action.model_validate(action)
        except Exception as e:  # noqa: BLE001 - a malformed action is the agent's error, not ours
            return StepResult(ok=False, message=f"malformed action: {e}".splitlines()[0], latency_s=0.0)
        try:
            r = self._call("step", self.step_timeout_s, action=act.model_dump())
            if not r["ok"] and self.procs is not None and not self.procs.soffice_alive():
                # the action failed because soffice died under it (a D-Bus timeout), not the agent
                raise self._crash(f"soffice died during the action ({r['message']})")
        except EnvCrashed as e:
            # Restarted, not reopened: the episode is void (its edits are lost) and ends here; the
            # next reset() opens the next document.
            self.restart()
            return StepResult(
                ok=False,
                env_error=True,
                message=f"environment error: {e}; Writer was restarted and the episode is void",
                latency_s=time.monotonic() - t0,
            )
        except RuntimeError as e:
            return StepResult(ok=False, message=str(e), latency_s=time.monotonic() - t0)
        r["latency_s"] = time.monotonic() - t0
        return StepResult.model_validate(r)

    def state(self) -> DocState:
        """The open document's state; :class:`EpisodeInterrupted` when a fault reopened the
        document since ``reset()`` (the episode's edits are lost, its outcome unknown)."""
        if self.interrupted:
            raise EpisodeInterrupted(f"the episode was interrupted ({self.interrupted}); its document was lost")
        state = DocState.model_validate(self._call("state", self.step_timeout_s))
        if self.procs is not None:
            state.printed = read_jobs(self.procs.print_dir())
        return state

    def info(self) -> dict[str, Any]:
        return {"app": "LibreOffice Writer", "version": soffice_version(), "screen": [self.width, self.height]}

    # ------------------------------------------------------------------ extras
    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._call("save", self.step_timeout_s, path=str(path.resolve()))
        return path

    def screenshot(self, path: str | Path | None = None) -> Path:
        if self.procs is None:
            raise LamkitError("the environment is not running")
        if path is None:
            d = self.screenshot_dir or (self.procs.workdir / "shots")
            d.mkdir(parents=True, exist_ok=True)
            path = d / f"shot{next(self._shots):05d}.png"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            ["import", "-window", "root", str(path)], env=self.procs.env, capture_output=True, timeout=20
        )
        if r.returncode != 0:
            raise LamkitError(f"screenshot failed: {r.stderr.decode()[:200]}")
        return path

    def run_uno(self, code: str) -> Any:
        """Run a UNO snippet with ``doc`` bound to the open document (scripted test solutions)."""
        return self._call("run_uno", self.step_timeout_s, code=code)

    def pids(self) -> list[int]:
        pids = self.procs.pids() if self.procs else []
        if self._worker is not None and self._worker.poll() is None:
            pids.append(self._worker.pid)
        return pids

    # ------------------------------------------------------------------ measurement hooks
    @property
    def worker_pid(self) -> int | None:
        """The AT-SPI/UNO worker's process id while it runs, else None (diagnostics: the load
        benchmark takes its thread backtraces when a load hangs)."""
        if self._worker is not None and self._worker.poll() is None:
            return self._worker.pid
        return None

    def timed_load(self, src: str | Path, load_timeout_s: float, *, main_thread: bool = True) -> float:
        """Open ``src`` once, raw, and return the seconds the load took: for measuring loads
        (benchmarks/load_stall_bench.py), not for episodes.

        Why apart from :meth:`reset`: ``reset`` hides a stalled load (it restarts soffice and
        retries with a longer timeout), which is what an episode wants and what a benchmark that
        counts stalls must not have. Here the environment must be started; the document is copied
        into the work folder and loaded once with ``load_timeout_s``, no retry, no restart, no
        episode opened (``state()`` and ``step()`` act on it, but no task is bound).
        ``main_thread=False`` loads from a soffice worker thread, the old path that stalls
        (docs/writer_env.md). Raises RuntimeError (its text holds ``LOAD_STALLED``) when the load
        does not finish in time, :class:`EnvCrashed` when soffice or the worker fail; ``loads`` and
        ``load_stalls`` count it as ``reset`` counts its loads."""
        src = Path(src)
        if self._conn is None or self.procs is None:
            raise LamkitError("the environment is not running: start() it before a timed load")
        dst = self._copy_in(src, "loads", "load")
        t0 = time.monotonic()
        self._load(dst, load_timeout_s, load_timeout_s + 45, main_thread=main_thread)
        return time.monotonic() - t0

    def _load(self, dst: Path, load_timeout_s: float, answer_timeout_s: float, **kw) -> dict:
        """One document load in the worker, counted in ``loads``, and in ``load_stalls`` when it
        did not finish within ``load_timeout_s`` (the one place both counters move)."""
        self.loads += 1
        try:
            return self._call("reset", answer_timeout_s, path=str(dst), load_timeout_s=load_timeout_s, **kw)
        except RuntimeError as e:  # EnvCrashed included
            if LOAD_STALLED in str(e):
                self.load_stalls += 1
            raise

    def _copy_in(self, src: Path, folder: str, prefix: str) -> Path:
        """A numbered copy of ``src`` in the work folder's ``folder``: what Writer opens, so the
        template itself is never modified or locked."""
        assert self.procs is not None
        dst = self.procs.workdir / folder / f"{prefix}{next(self._episode):05d}{Path(src).suffix.lower()}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        return dst

    def _recover(self) -> None:
        """Restart after a crash and reopen the current episode's template."""
        self.restart()
        if self._task is not None:
            self._call("reset", max(self.step_timeout_s, 30), path=str(self._copy_again()))

    def _copy_again(self) -> Path:
        assert self._task is not None
        dst = self._copy_in(Path(self._task.template), "episodes", "ep")
        self._current_file = dst
        return dst


_VERSION: str | None = None


def soffice_version() -> str:
    global _VERSION
    if _VERSION is None:
        try:
            out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=30).stdout
            _VERSION = out.strip().split(" (")[0] or "unknown"
        except (OSError, subprocess.SubprocessError):
            _VERSION = "unknown"
    return _VERSION


@atexit.register
def _close_all() -> None:
    for env in list(_LIVE):
        with contextlib.suppress(Exception):
            env.close()
