"""Shared fixtures. The Writer fixtures start a real LibreOffice under Xvfb."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Every process this test session starts inherits this token, so the leak check
# below sees our own processes and not those of another run on the same machine.
SESSION_TOKEN = os.environ.setdefault("LAMKIT_TEST_SESSION", uuid.uuid4().hex)
# `make test` runs two pytest-xdist workers, each a session of its own with its own leak check:
# a worker's token carries its name, so a worker that finishes first does not take the other's
# live Writer for a leak (and kill it). The controller's token is a prefix of both: its check, at
# the very end, sees every worker's processes.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER and not SESSION_TOKEN.endswith(f"-{_WORKER}"):
    SESSION_TOKEN = os.environ["LAMKIT_TEST_SESSION"] = f"{SESSION_TOKEN}-{_WORKER}"
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def make_sample_docx(path: Path, paragraphs: list[str] | None = None) -> Path:
    from docx import Document

    d = Document()
    for p in paragraphs or [
        "Quarterly report",
        "Sales grew by ten percent in the north region.",
        "The team met all goals this quarter.",
    ]:
        d.add_paragraph(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


@pytest.fixture(scope="session")
def sample_docx(tmp_path_factory) -> Path:
    return make_sample_docx(tmp_path_factory.mktemp("docs") / "sample.docx")


def lamkit_writer_processes() -> list[tuple[int, str]]:
    """Processes a WriterEnv of this test session started (their command line or
    environment names a lamkit-writer- work folder: every process of a stack, its AT-SPI
    worker and their children carry it in LAMKIT_WRITER_STACK), found through /proc."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            env = (d / "environ").read_bytes()
            stat = (d / "stat").read_text()
        except OSError:
            continue
        if stat.split(") ", 1)[-1].startswith("Z"):
            continue  # a zombie is already dead
        if SESSION_TOKEN.encode() in env and ("lamkit-writer-" in cmd or b"lamkit-writer-" in env):
            fields = stat.split(") ", 1)[-1].split()
            found.append((int(d.name), f"(ppid {fields[1]}, pgid {fields[2]}) {cmd[:200]}"))
    return found


def pytest_collection_modifyitems(session, config, items):
    """The whole-pipeline tests (the files directly in tests/) first. Why: `make test` hands
    whole files to two xdist workers in collection order, and these are the longest (the
    pipeline smoke run, the served-model key check: minutes each); collected last, one worker
    ran them alone at the end while the other sat idle."""
    top = Path(__file__).parent
    items.sort(key=lambda item: Path(str(item.path)).parent != top)  # stable: the order within each group is kept


def pytest_sessionfinish(session, exitstatus):
    """No Xvfb, D-Bus, AT-SPI or soffice started by the tests may outlive them."""
    from lamkit.envs.writer.env import _close_all

    _close_all()
    # A run killed with -9 by a test is cleaned up by its reaper, which polls
    # every 0.5 s: give stragglers a few seconds before calling them leaked.
    deadline = time.monotonic() + 15
    while (left := lamkit_writer_processes()) and time.monotonic() < deadline:
        time.sleep(0.25)
    # No exception list: anything left over fails the session (and is killed, so that one
    # leak does not become the next run's).
    for p, _ in left:
        with contextlib.suppress(OSError):
            os.kill(p, 9)
    if left:
        print("\nleaked processes after the test session:\n" + "\n".join(f"  {p} {c}" for p, c in left))
        session.exitstatus = 1
