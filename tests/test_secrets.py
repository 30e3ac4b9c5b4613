"""Exposure (issue 16, item 5): `lamkit serve` binds loopback unless told otherwise and says so;
an API key given to collection and evaluation is written to no file and no output."""

from __future__ import annotations

import inspect
import re

import pytest

from typer.testing import CliRunner

from lamkit.models.server import bind_notice, serve


def test_serve_binds_loopback_by_default_in_the_function_and_the_cli():
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    from lamkit.cli import app

    out = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"}).output
    assert re.search(r"--host\s+\S+\s+\[default: 127\.0\.0\.1\]", re.sub(r"[│\x1b]", " ", out)), out


def test_the_bind_notice_says_who_can_reach_the_server():
    assert "not the network" in bind_notice("127.0.0.1", None)
    assert "not the network" in bind_notice("localhost", None)
    assert "not the network" in bind_notice("::1", "k")
    exposed = bind_notice("0.0.0.0", None)
    assert "reachable from the network" in exposed and "NO API KEY" in exposed
    assert "bearer key required" in bind_notice("192.168.1.5", "k")


# ----------------------------------------------------------------------------- the key never lands on disk
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`lamkit serve` with the bundled SmolLM2 behind a bearer key (given through its environment
    variable, not argv); yields (base URL, key, folder of the server's captured stdout/stderr)."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    import uuid

    logs = tmp_path_factory.mktemp("serve-logs")
    key = f"sk-lamkit-{uuid.uuid4().hex}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out, err = open(logs / "serve.stdout", "w"), open(logs / "serve.stderr", "w")
    proc = subprocess.Popen([sys.executable, "-m", "lamkit.cli", "serve", "--model", "smollm2", "--port", str(port)],
                            stdout=out, stderr=err, env={**os.environ, "LAMKIT_SERVE_API_KEY": key})
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 240
    while True:
        try:
            req = urllib.request.Request(url + "/models", headers={"Authorization": f"Bearer {key}"})
            json.load(urllib.request.urlopen(req, timeout=2))
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("lamkit serve did not come up: " + (logs / "serve.stderr").read_text()[-2000:])
            time.sleep(0.5)
    yield url, key, logs
    proc.terminate()
    proc.wait(10)
    out.close()
    err.close()


@pytest.mark.writer
def test_api_key_is_in_no_file_of_a_collection_or_an_evaluation_nor_in_their_output(served, tmp_path):
    import json
    import os
    import random
    import subprocess
    import sys

    from lamkit.dataflow.families import BY_NAME
    from lamkit.dataflow.templates import build_catalog

    url, key, logs = served
    cat = build_catalog(tmp_path / "templates", per_kind=1)
    task = BY_NAME["bold"].make_task(next(t for t in cat if t.kind == "report"), random.Random(0))
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(task.model_copy(update={"split": "test"}).model_dump_json() + "\n")
    env = {**os.environ, "LAMKIT_LLM_BASE_URL": url, "LAMKIT_LLM_MODEL": "smollm2", "LAMKIT_LLM_API_KEY": key}
    commands = {
        "collect": ["collect", "--tasks", tasks, "--out", tmp_path / "collect", "--policy", "llm", "--judge", "llm",
                    "--max-steps", "1"],
        "online": ["evaluate", "online", "--tasks", tasks, "--out", tmp_path / "online", "--policy", "agent=endpoint",
                   "--max-steps", "1"],
    }
    for name, args in commands.items():
        r = subprocess.run([sys.executable, "-m", "lamkit.cli", *map(str, args)], env=env, capture_output=True,
                           text=True, timeout=600)
        (logs / f"{name}.stdout").write_text(r.stdout)
        (logs / f"{name}.stderr").write_text(r.stderr)
        assert r.returncode == 0, r.stdout + r.stderr
    # the runs really went through the server with the key: real steps, a model judge's verdict, no 401
    (rec,) = [json.loads(x) for f in sorted((tmp_path / "collect" / "execution").glob("*.jsonl")) for x in f.read_text().splitlines()]
    assert rec["trajectory"]["policy"] == "llm:smollm2" and rec["trajectory"]["steps"]
    assert rec["judge_verdict"]["judge"].startswith(("model:", "model-unsure:"))
    (ev,) = [json.loads(x) for f in sorted((tmp_path / "online" / "agent" / "execution").glob("*.jsonl")) for x in f.read_text().splitlines()]
    unauthorised = re.compile(r"\b401\b(?!\d)|unauthori[sz]ed", re.I)  # an HTTP 401, not a digit run in a number
    assert ev["trajectory"]["steps"] and not unauthorised.search(json.dumps(ev)) and not unauthorised.search(json.dumps(rec))
    # every file the two runs wrote, and every captured output (theirs and the server's)
    files = [p for p in tmp_path.rglob("*") if p.is_file()] + [p for p in logs.rglob("*") if p.is_file()]
    assert len(files) > 8 and any(p.name == "journal.json" for p in files)
    leaks = [str(p) for p in files if key.encode() in p.read_bytes()]
    assert leaks == [], f"the API key was written to {leaks}"
