"""The test suite retries only LibreOffice's crash signature, once, and says so (issue 16).

Runs a small inner pytest with this project's own [tool.pytest.ini_options] (read from
pyproject.toml, so the test follows the configuration rather than a copy of it).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

INNER = '''
from lamkit.envs.writer.env import EnvCrashed

def test_crash():
    raise EnvCrashed("soffice exited during 'reset' (see soffice.log)")

def test_env_error_step():
    message = "environment error: soffice died during the action; Writer was restarted"
    assert False, message

def test_plain_bug():
    assert 1 + 1 == 3
'''


def _ini_block() -> str:
    opts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    lines = ["[pytest]"]
    for key in ("addopts", "reruns", "reruns_delay", "only_rerun"):
        v = opts[key]
        if isinstance(v, list):
            lines.append(f"{key} =\n" + "\n".join(f"    {x}" for x in v))
        else:
            lines.append(f"{key} = {v}")
    return "\n".join(lines).replace("reruns_delay = 2", "reruns_delay = 0") + "\n"


def test_only_the_crash_signature_is_retried_and_reported(tmp_path):
    (tmp_path / "pytest.ini").write_text(_ini_block())
    (tmp_path / "test_inner.py").write_text(INNER)
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(tmp_path)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    out = r.stdout
    assert r.returncode == 1, out
    # the two crash-shaped failures ran twice, the plain bug once
    assert "3 failed, 2 rerun" in out, out
    rerun = {line.split("::")[-1].split()[0] for line in out.splitlines() if line.startswith("RERUN ")}
    assert "rerun test summary info" in out and rerun == {"test_crash", "test_env_error_step"}, out
