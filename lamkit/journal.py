"""The run journal: ``journal.json`` in every run folder, saying what produced its numbers.

Why: a figure is only worth something when one can tell which code, config and
machine made it (AgentLab's reproducibility journal does the same). Each command
that writes a run folder (collect, train, evaluate, pipeline) calls :func:`start`
once; the journal records the lamkit version, the git commit and whether the tree
was dirty (with a hash of the diff, so two dirty trees can be told apart), the
resolved config and seeds the caller passes, library and LibreOffice versions, the
machine, the command line and the start time. The end time is stamped when the
invocation finishes (:meth:`Invocation handle <JournalHandle.finish>`, or at process
exit), so an invocation without an end time was killed.

A resumed run appends an invocation instead of overwriting history: the journal is a
list. The report (:mod:`lamkit.evaluate.report`) shows it and warns, through
:func:`differences`, when results made with different code or configs sit side by side.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as _dt
import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from lamkit import __version__
from lamkit.errors import DataError
from lamkit.jsonl import write_json_atomic

JOURNAL_FILE = "journal.json"
JOURNAL_VERSION = 1
#: Python packages whose versions change results (the version of each is recorded, "unknown" when absent).
LIBRARIES = ("torch", "transformers", "trl", "peft")
_TIMEOUT_S = 10.0  # any external probe (git, nvidia-smi) gives up after this


class GitInfo(BaseModel):
    commit: str = "unknown"
    dirty: bool | None = None  # None: not a git checkout, or git missing
    diff_sha256: str | None = None  # hash of `git diff HEAD` when dirty: two dirty trees differ iff this differs


class Machine(BaseModel):
    platform: str = ""
    cores: int = 0
    memory_gb: float = 0.0
    gpu: str = "none"


class Invocation(BaseModel):
    """One run of one command in the folder."""

    command: str
    argv: list[str] = Field(default_factory=list)
    cwd: str = ""
    started_at: str
    ended_at: str | None = None  # None: still running, or killed
    lamkit_version: str = __version__
    git: GitInfo = Field(default_factory=GitInfo)
    config: dict[str, Any] = Field(default_factory=dict)
    seeds: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    machine: Machine = Field(default_factory=Machine)


class Journal(BaseModel):
    journal_version: int = JOURNAL_VERSION
    invocations: list[Invocation] = Field(default_factory=list)


# --------------------------------------------------------------------------- probes (each cached per process)
_CACHE: dict[str, Any] = {}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _run(cmd: list[str], cwd: Path | None = None) -> str | None:
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None


def git_info(repo: Path | None = None) -> GitInfo:
    """The commit of the lamkit checkout (not of the run folder), dirty flag and diff hash."""
    repo = repo or Path(__file__).resolve().parent.parent
    key = f"git:{repo}"
    if key not in _CACHE:
        commit = _run(["git", "rev-parse", "HEAD"], repo)
        if commit is None:
            _CACHE[key] = GitInfo()
        else:
            status = _run(["git", "status", "--porcelain", "--untracked-files=no"], repo)
            dirty = bool(status and status.strip())
            diff = _run(["git", "diff", "HEAD"], repo) if dirty else None
            _CACHE[key] = GitInfo(commit=commit.strip(), dirty=dirty if status is not None else None,
                                  diff_sha256=hashlib.sha256(diff.encode()).hexdigest()[:16] if diff else None)
    return _CACHE[key]


def versions() -> dict[str, str]:
    """Python, the training libraries (from package metadata: nothing is imported) and LibreOffice."""
    if "versions" not in _CACHE:
        v = {"python": platform.python_version()}
        for lib in LIBRARIES:
            try:
                v[lib] = metadata.version(lib)
            except metadata.PackageNotFoundError:
                v[lib] = "unknown"
        from lamkit.envs.writer.env import soffice_version  # the one place `soffice --version` is read

        v["libreoffice"] = soffice_version()
        _CACHE["versions"] = v
    return dict(_CACHE["versions"])


def _memory_gb() -> float:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    return 0.0


def _gpu() -> str:
    if not shutil.which("nvidia-smi"):
        return "none"
    out = _run(["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"])
    return "; ".join(x.strip() for x in out.splitlines() if x.strip()) if out else "unknown"


def machine() -> Machine:
    if "machine" not in _CACHE:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:
            cores = os.cpu_count() or 0
        _CACHE["machine"] = Machine(platform=platform.platform(), cores=cores, memory_gb=_memory_gb(), gpu=_gpu())
    return _CACHE["machine"]


# --------------------------------------------------------------------------- reading and writing
def read_journal(path: str | Path) -> Journal:
    """A journal file (or the journal of a run folder); a malformed one is a DataError naming the field."""
    path = Path(path)
    if path.is_dir():
        path = path / JOURNAL_FILE
    try:
        return Journal.model_validate_json(path.read_bytes())
    except OSError as e:
        raise DataError(f"{path}: cannot read the run journal ({e.strerror})") from None
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first.get("loc", ())) or "(top level)"
        raise DataError(f"{path}: not a lamkit run journal: {loc}: {first.get('msg')}; "
                        "move it away to start a new journal") from None


@contextlib.contextmanager
def _locked(folder: Path):
    """Serialise read-modify-write of a folder's journal between processes."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{JOURNAL_FILE}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _jsonable(x: Any) -> Any:
    """Config values as JSON (paths as strings, models dumped), so the journal always writes."""
    if isinstance(x, BaseModel):
        return x.model_dump(mode="json")
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return _jsonable(dataclasses.asdict(x))
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set)):
        return [_jsonable(v) for v in x]
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    return str(x)


class JournalHandle:
    """The invocation :func:`start` recorded; :meth:`finish` stamps its end time (once)."""

    def __init__(self, folder: Path, index: int):
        self.folder, self.index, self.finished = folder, index, False

    def finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        path = self.folder / JOURNAL_FILE
        with contextlib.suppress(OSError, DataError), _locked(self.folder):
            j = read_journal(path)
            if self.index < len(j.invocations):
                j.invocations[self.index].ended_at = _now()
                write_json_atomic(path, j.model_dump(mode="json"))


def start(folder: str | Path, command: str, config: dict[str, Any] | BaseModel | None = None,
          seeds: dict[str, Any] | None = None, argv: list[str] | None = None) -> JournalHandle:
    """Append this invocation to ``folder/journal.json`` (created if missing) and return its handle.

    ``config``: the fully resolved configuration (a dict or a pydantic model); ``seeds``:
    every seed the run uses. The end time is stamped by ``handle.finish()`` or, failing
    that, when the process exits: one call is enough in a command.
    """
    folder = Path(folder)
    cfg = _jsonable(config) if config is not None else {}
    inv = Invocation(command=command, argv=list(sys.argv if argv is None else argv), cwd=os.getcwd(),
                     started_at=_now(), git=git_info(), config=cfg if isinstance(cfg, dict) else {"value": cfg},
                     seeds=_jsonable(seeds or {}), versions=versions(), machine=machine())
    path = folder / JOURNAL_FILE
    with _locked(folder):
        j = read_journal(path) if path.exists() else Journal()
        j.invocations.append(inv)
        write_json_atomic(path, j.model_dump(mode="json"))
        handle = JournalHandle(folder, len(j.invocations) - 1)
    atexit.register(handle.finish)
    return handle


# --------------------------------------------------------------------------- comparing
def code_id(inv: Invocation) -> str:
    """What identifies the code: the commit, plus the diff hash when the tree was dirty."""
    g = inv.git
    return g.commit + (f"+dirty:{g.diff_sha256}" if g.dirty else "")


def differences(journals: dict[str, Journal]) -> list[str]:
    """Warnings, one a line, when results side by side were made with different code or configs.

    Code: every invocation of every journal is compared (a run resumed after a code change
    mixes two versions). Config: invocations of the same command are compared (collect and
    train naturally differ). Unknown commits are not compared.
    """
    invs = [(name, i, inv) for name, j in journals.items() for i, inv in enumerate(j.invocations)]
    out: list[str] = []
    codes: dict[str, list[str]] = {}
    for name, i, inv in invs:
        if inv.git.commit != "unknown":
            codes.setdefault(code_id(inv), []).append(f"{name} #{i + 1} ({inv.command})")
    if len(codes) > 1:
        out.append("results made with different code: " + "; ".join(
            f"{c[:12]}{c[40:]} in {', '.join(w)}" for c, w in codes.items()))
    by_cmd: dict[str, list[tuple[str, int, Invocation]]] = {}
    for name, i, inv in invs:
        by_cmd.setdefault(inv.command, []).append((name, i, inv))
    def settings(inv: Invocation) -> dict[str, Any]:
        return {**inv.config, **{f"seed {k}": v for k, v in inv.seeds.items()}}

    for cmd, group in by_cmd.items():
        first = group[0]
        a = settings(first[2])
        for other in group[1:]:
            b = settings(other[2])
            keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
            if keys:
                out.append(f"{cmd}: {first[0]} #{first[1] + 1} and {other[0]} #{other[1] + 1} differ in config "
                           f"{', '.join(keys[:8])}{' …' if len(keys) > 8 else ''}")
    return out


def find_journals(folder: str | Path, depth: int = 3) -> dict[str, Journal]:
    """Every ``journal.json`` in a folder and up to ``depth`` levels below, by path relative to it.
    Unreadable journals raise DataError (a report must not silently drop provenance)."""
    root = Path(folder)
    out: dict[str, Journal] = {}

    def walk(d: Path, level: int) -> None:
        p = d / JOURNAL_FILE
        if p.is_file():
            out[str(p.relative_to(root)) if p != root / JOURNAL_FILE else JOURNAL_FILE] = read_journal(p)
        if level < depth:
            for sub in sorted(x for x in d.iterdir() if x.is_dir() and not x.name.startswith(".")):
                if sub.name not in ("checkpoints", "templates", "trainer", "tensorboard") or level == 0 and sub.name == "checkpoints":
                    walk(sub, level + 1)

    if root.is_dir():
        walk(root, 0)
    return out
