"""The processes one Writer environment owns: Xvfb, a D-Bus session, the AT-SPI bus, soffice.

Why each instance gets all four of its own: AT-SPI clients find "the" desktop
through the session bus and the X display, so two soffice instances sharing
either would show up in each other's trees. Every process is started in its own
process group and killed as a group, so ``stop()`` leaves nothing behind even
when soffice has forked (oosplash -> soffice.bin).

Groups are not enough when a process is killed on its own: the accessibility
bus's ``dbus-daemon`` is a child of ``at-spi-bus-launcher`` with no working
parent-death signal (Debian's at-spi2-core 2.46), so a launcher killed alone
(Ray SIGKILLs every direct child of a worker that exits, the reaper included)
orphans it to ppid 1, where it lived on forever. Hence two more rules: every
process of the stack carries ``LAMKIT_WRITER_STACK=<workdir>`` in its
environment, which children, D-Bus-activated services and orphans inherit, so
a scan of /proc finds them all; and the reaper is detached (not a child of the
owner), so nothing that kills the owner's children kills the reaper too.

Files outside the work folder (issue 16: a fault-injection run found them piling
up in /tmp, ~1,800 after a day of tests): the X server's lock and socket, and
soffice's single-instance pipe ``/tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<hash>``,
whose path is fixed by LibreOffice and which a killed soffice never removes.
Their paths are listed in ``<workdir>/outside`` before the process that makes
them starts (the pipe's name is computed: :func:`soffice_pipe`), and ``stop()``
and the reaper delete them. The AT-SPI bus socket would go to
``~/.cache/at-spi`` (no XDG_RUNTIME_DIR) and soffice's ``lu*.tmp`` files to /tmp:
the stack's XDG_RUNTIME_DIR and TMPDIR are folders inside the work folder instead.

A stack survives the loss of any of its processes: a dead soffice is restarted
by the environment (``stop_soffice`` + ``start_soffice``), a dead Xvfb, session
bus or AT-SPI launcher by :meth:`WriterProcesses.restart_display`, which replaces
the display part whole (soffice cannot outlive its X server anyway).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from lamkit.errors import LamkitError

REQUIRED_BINARIES = ("Xvfb", "dbus-daemon", "soffice")
# Names the work folder in the environment of every process of one stack (see the module docstring).
STACK_ENV = "LAMKIT_WRITER_STACK"
REAPER_MODULE = "lamkit.envs.writer.reaper"
AT_SPI_LAUNCHER_CANDIDATES = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")

# Settings written into every fresh profile: no tip-of-the-day or first-start dialogs
# (they would steal the first observation), no auto-recovery prompts, no autosave. The Print
# dialog opens with its "More" sections expanded and tall enough to show them (Print in reverse
# order, Pages per sheet, Brochure: options the help's printing procedures name, hidden otherwise;
# LibreOffice remembers these two expanders and the dialog's size in the profile).
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="LastTimeDonateShown" oor:op="fuse"><value>9999999999</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="LastTimeGetInvolvedShown" oor:op="fuse"><value>9999999999</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/RecoveryInfo"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="WarnAlienFormat" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.UI.ToolbarMode"><prop oor:name="ActiveWriter" oor:op="fuse"><value>Default</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseSystemFileDialog" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Layout/Window"><prop oor:name="ShowRulers" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Print/Dialog"><prop oor:name="RangeSectionExpanded" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Print/Dialog"><prop oor:name="LayoutSectionExpanded" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.VCL/Settings/org.openoffice.VCL:ConfigurableSettings['PrintDialog']"><prop oor:name="WindowState" oor:op="fuse" oor:type="xs:string"><value>40,0,1000,800;1;,,,;</value></prop></item>
</oor:items>
"""


def _psprint_conf(folder: Path) -> str:
    """The profile's one printer, "Print to file", the default: it writes each job into ``folder``.

    Why: there is no CUPS daemon here (CI is a plain Debian 12 machine, only the libcups2 library),
    so File - Print would list only LibreOffice's own "Generic Printer", whose empty command sends
    the job nowhere, and a help procedure that prints could not be judged. LibreOffice reads
    printers from ``<profile>/user/psprint/psprint.conf`` (the format of its share/psprint/psprint.conf:
    a printer is a group with ``Printer`` and ``Command``, the command a shell line that gets the
    job on its standard input). Ours stores it as ``job-<nanoseconds>`` (a PDF: LibreOffice's
    default print-job format), which the state reads after the episode (``lamkit.envs.writer.printed``).
    """
    return ("[Print to file]\nPrinter=SGENPRT/Print to file\nDefaultPrinter=1\nLocation=\nComment=\n"
            f'Command=cat > "{folder}/job-$(date +%s%N)"\n')


def check_installed() -> None:
    missing = [b for b in REQUIRED_BINARIES if shutil.which(b) is None]
    if not any(Path(p).exists() for p in AT_SPI_LAUNCHER_CANDIDATES):
        missing.append("at-spi-bus-launcher (package at-spi2-core)")
    if missing:
        raise LamkitError(
            "LibreOffice Writer environment needs: " + ", ".join(missing) + ". Run `make setup` (scripts/setup.sh)."
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _display_taken(n: int) -> bool:
    return Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists()


def _spawn(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: killed as a whole
    )


def _kill_group(p: subprocess.Popen | None, grace_s: float = 2.0) -> None:
    if p is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(p.pid, signal.SIGKILL)  # stragglers in the group (soffice.bin) too
    with contextlib.suppress(subprocess.TimeoutExpired):
        p.wait(timeout=grace_s)


@dataclass
class WriterProcesses:
    """Starts and stops one isolated Xvfb + D-Bus + AT-SPI + soffice stack."""

    width: int = 1280
    height: int = 800
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lamkit-writer-")))
    display: int | None = None
    uno_port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    _xvfb: subprocess.Popen | None = None
    _dbus: subprocess.Popen | None = None
    _atspi: subprocess.Popen | None = None
    _soffice: subprocess.Popen | None = None
    _reaper_fd: int | None = None  # write end of the pipe the reaper watches (EOF = we died)

    _display_picked: bool = False  # the display number was chosen here (a restart may choose another)

    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("AT_SPI_BUS_ADDRESS", "DBUS_SESSION_BUS_ADDRESS")}
        env[STACK_ENV] = str(self.workdir)
        runtime = self.workdir / "runtime"  # the AT-SPI bus socket lands here, not in ~/.cache/at-spi
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        env["XDG_RUNTIME_DIR"] = str(runtime)
        tmp = self.workdir / "tmp"  # soffice's lu*.tmp files, which a killed soffice leaves behind
        tmp.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(tmp)
        return env

    def _start(self, slot: str, cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        """Spawn one process of the stack into ``slot`` and tell the reaper about its group
        at once, so an owner killed during start-up leaves nothing the reaper does not know of."""
        p = _spawn(cmd, env, log)
        setattr(self, slot, p)
        self.record_groups()
        return p

    # ----------------------------------------------------------------- X + D-Bus + AT-SPI
    def start_display(self) -> None:
        check_installed()
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = self.workdir / "xvfb.log"
        if self.display is None:
            self._display_picked = True
        for _ in range(20):
            n = _pick_display() if self._display_picked else self.display
            self._start(
                "_xvfb",
                ["Xvfb", f":{n}", "-screen", "0", f"{self.width}x{self.height}x24", "-nolisten", "tcp", "-ac"],
                self._base_env(),
                log,
            )
            if _wait_for(lambda: Path(f"/tmp/.X11-unix/X{n}").exists() or self._xvfb.poll() is not None, 10):
                if self._xvfb.poll() is None:
                    self.display = n
                    self.record_outside(*_x_files(n))
                    break
            _kill_group(self._xvfb)
            self._xvfb = None
            if not self._display_picked:
                raise LamkitError(f"Xvfb could not start on display :{self.display} (see {log})")
        else:
            raise LamkitError(f"no free X display for Xvfb (see {log})")

        env = self._base_env()
        env["DISPLAY"] = f":{self.display}"
        bus_path = self.workdir / "dbus.sock"
        self._start(
            "_dbus",
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={bus_path}"],
            env,
            self.workdir / "dbus.log",
        )
        if not _wait_for(lambda: bus_path.exists(), 10):
            raise LamkitError(f"dbus-daemon did not start (see {self.workdir / 'dbus.log'})")
        env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus_path}"
        launcher = next(p for p in AT_SPI_LAUNCHER_CANDIDATES if Path(p).exists())
        self._start("_atspi", [launcher, "--launch-immediately"], env, self.workdir / "atspi.log")
        env.update(
            SAL_USE_VCLPLUGIN="gtk3",
            GTK_MODULES="gail:atk-bridge",
            NO_AT_BRIDGE="0",
            GTK_A11Y="atspi",
            SAL_NO_MOUSEGRABS="1",
            SAL_ENABLE_FILE_LOCKING="0",  # a stale lock file would open a modal "locked" dialog
            LANG=env.get("LANG", "C.UTF-8") if env.get("LANG", "").endswith("UTF-8") else "C.UTF-8",
        )
        self.env = env

    # ----------------------------------------------------------------- soffice
    def profile_dir(self) -> Path:
        return self.workdir / "profile"

    def print_dir(self) -> Path:
        """Where File - Print writes its jobs (:func:`_psprint_conf`), one file per job."""
        d = self.workdir / "print"
        d.mkdir(exist_ok=True)
        return d

    def start_soffice(self) -> None:
        prof = self.profile_dir()
        user = prof / "user"
        if not (user / "registrymodifications.xcu").exists():
            user.mkdir(parents=True, exist_ok=True)
            (user / "registrymodifications.xcu").write_text(_PROFILE_XCU)
        (user / "psprint").mkdir(exist_ok=True)  # a profile made before stop 35 gets its printer too
        (user / "psprint" / "psprint.conf").write_text(_psprint_conf(self.print_dir()))
        self.uno_port = free_port()
        # listed before soffice starts: one killed during its start-up leaves its pipe too
        self.record_outside(soffice_pipe(prof))
        self._start(
            "_soffice",
            [
                "soffice",
                "--writer",
                "--norestore",
                "--nologo",
                "--nolockcheck",
                f"-env:UserInstallation={prof.as_uri()}",
                f"--accept=socket,host=127.0.0.1,port={self.uno_port};urp;StarOffice.ComponentContext",
            ],
            self.env,
            self.workdir / "soffice.log",
        )

    def soffice_alive(self) -> bool:
        return self._soffice is not None and self._soffice.poll() is None

    def display_alive(self) -> bool:
        """Xvfb, the session bus and the AT-SPI launcher all still run (soffice aside)."""
        return all(p is not None and p.poll() is None for p in (self._xvfb, self._dbus, self._atspi))

    def stop_soffice(self) -> None:
        _kill_group(self._soffice)
        self._soffice = None
        remove_outside(self.workdir, lambda f: "/OSL_PIPE_" in f)

    def _stop_display(self) -> None:
        # The session bus goes first: once it is gone nothing can D-Bus-activate a
        # fresh accessibility bus launcher (and its dbus-daemon) behind our back.
        for p in (self._dbus, self._atspi, self._xvfb):
            _kill_group(p)
        self._atspi = self._dbus = self._xvfb = None

    def restart_display(self) -> None:
        """Replace Xvfb, the session bus and the AT-SPI bus after one of them died (soffice and
        the AT-SPI worker die with them: the caller starts them again). The reaper lives on."""
        self.stop_soffice()
        self._stop_display()
        kill_strays_until_gone(self.workdir, spare_reaper=True)
        remove_outside(self.workdir)
        self.start_display()

    def stop(self) -> None:
        self.stop_soffice()
        self._stop_display()
        # A process whose parent was killed alone is in no group we hold: found by its
        # environment (STACK_ENV), which every process of the stack inherits.
        kill_strays_until_gone(self.workdir)
        remove_outside(self.workdir)
        self._stop_reaper()

    def record_outside(self, *paths: str) -> None:
        """Add paths outside the work folder that this stack owns to ``<workdir>/outside``."""
        if not paths or not self.workdir.is_dir():
            return
        f = self.workdir / "outside"
        known = f.read_text().split("\n") if f.exists() else []
        tmp = self.workdir / "outside.tmp"
        tmp.write_text("\n".join(dict.fromkeys([*filter(None, known), *paths])))
        tmp.replace(f)

    def record_groups(self) -> None:
        """Tell the reaper which process groups to kill if our owner dies."""
        if not self.workdir.is_dir():
            return
        pg = [str(p.pid) for p in (self._xvfb, self._dbus, self._atspi, self._soffice) if p is not None]
        tmp = self.workdir / "pgids.tmp"
        tmp.write_text(" ".join(pg))
        tmp.replace(self.workdir / "pgids")

    def start_reaper(self, remove_workdir: bool) -> None:
        """Start the watcher that cleans up if this process dies (see :mod:`.reaper`).

        Call it before anything else is spawned. It learns of our death from EOF on a
        pipe whose only write end we hold, and of a normal close from a message on it.
        """
        import sys

        self.workdir.mkdir(parents=True, exist_ok=True)
        r, w = os.pipe()  # both non-inheritable: no other child of ours keeps the write end open
        try:
            p = subprocess.Popen(
                [sys.executable, "-m", REAPER_MODULE, str(os.getpid()), str(self.workdir),
                 "1" if remove_workdir else "0", str(r)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, pass_fds=[r],
            )
            p.wait(timeout=30)  # the reaper forks away at once (detached) and its first process exits
        finally:
            os.close(r)
        self._reaper_fd = w

    def _stop_reaper(self) -> None:
        if self._reaper_fd is not None:
            with contextlib.suppress(OSError):
                os.write(self._reaper_fd, b"closed")
            with contextlib.suppress(OSError):
                os.close(self._reaper_fd)
            self._reaper_fd = None

    def pids(self) -> list[int]:
        return [p.pid for p in (self._xvfb, self._dbus, self._atspi, self._soffice) if p is not None]


def _x_files(display: int) -> tuple[str, str]:
    return f"/tmp/.X{display}-lock", f"/tmp/.X11-unix/X{display}"


def remove_outside(workdir: Path, which=lambda path: True) -> None:
    """Delete the files outside ``workdir`` listed in ``<workdir>/outside`` (those ``which``
    accepts) and drop them from the list. Only paths this stack recorded are ever touched."""
    f = workdir / "outside"
    try:
        listed = [p for p in f.read_text().split("\n") if p]
    except OSError:
        return
    keep = []
    for p in listed:
        if which(p):
            with contextlib.suppress(OSError):
                os.unlink(p)
        else:
            keep.append(p)
    with contextlib.suppress(OSError):
        tmp = workdir / "outside.tmp"
        tmp.write_text("\n".join(keep))
        tmp.replace(f)


def soffice_pipe(profile: Path) -> str:
    """The single-instance pipe soffice creates for the user installation ``profile``.

    LibreOffice names it (desktop/source/app/officeipcthread.cxx, ``CreateMD5FromString``) after
    the MD5 of the installation URL as UTF-16 code units, each byte in hex without padding, in
    /tmp (sal's fixed pipe folder): ``/tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<hash>``. Computed, not
    looked up, so that it is known even for an soffice killed before it answered."""
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le")).digest()
    return f"/tmp/OSL_PIPE_{os.getuid()}_SingleOfficeIPC_" + "".join(f"{b:x}" for b in digest)


def kill_strays(workdir: Path, spare: tuple[int, ...] = (), spare_reaper: bool = False) -> list[int]:
    """SIGKILL every process whose command line or environment names ``workdir``.

    Process groups miss a process whose parent was killed alone (the accessibility
    bus's dbus-daemon, orphaned when its launcher is SIGKILLed); the work folder
    travels in every stack process's environment (``STACK_ENV``), inherited by all
    their children, so /proc finds them all.
    """
    needle = str(workdir).encode()
    me = {os.getpid(), os.getppid(), *spare}
    killed = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) in me:
            continue
        try:
            cmd = (d / "cmdline").read_bytes()
            if spare_reaper and REAPER_MODULE.encode() in cmd:
                continue
            if needle in cmd or needle in (d / "environ").read_bytes():
                os.kill(int(d.name), signal.SIGKILL)
                killed.append(int(d.name))
        except (OSError, ProcessLookupError):
            continue
    return killed


def kill_strays_until_gone(workdir: Path, timeout_s: float = 5.0, spare_reaper: bool = False) -> list[int]:
    """Repeat :func:`kill_strays` until a scan finds nothing: a daemon being
    forked while /proc is scanned (the accessibility bus's dbus-daemon, once
    leaked so on CI) escapes a single pass."""
    killed: list[int] = []
    end = time.monotonic() + timeout_s
    while True:
        found = kill_strays(workdir, spare_reaper=spare_reaper)
        killed += found
        if not found or time.monotonic() > end:
            return killed
        time.sleep(0.1)


def _pick_display() -> int:
    # Start high so we never collide with a real desktop; randomise to avoid races
    # between workers starting at the same moment.
    import random

    for _ in range(200):
        n = random.randint(100, 999)
        if not _display_taken(n):
            return n
    raise LamkitError("no free X display number between :100 and :999")


def _wait_for(pred, timeout_s: float, every_s: float = 0.05) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(every_s)
    return bool(pred())
