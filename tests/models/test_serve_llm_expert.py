"""`lamkit serve` with the bundled SmolLM2 as a real local OpenAI-compatible server;
the LLM expert and the model judge talk to it over HTTP; the answers of a 135M
base model are poor, which must show up as failed steps, never as a crash."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from lamkit.dataflow.families import BY_NAME
from lamkit.dataflow.runner import collect
from lamkit.dataflow.templates import build_catalog
from lamkit.models.chat import OpenAIChatModel

pytestmark = pytest.mark.writer


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "lamkit.cli", "serve", "--model", "smollm2", "--port", str(port), "--api-key", "k3y"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            req = urllib.request.Request(url + "/models", headers={"Authorization": "Bearer k3y"})
            json.load(urllib.request.urlopen(req, timeout=2))
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("lamkit serve exited: " + proc.stderr.read()[-2000:])
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(10)


def test_server_speaks_openai_and_checks_the_key(server):
    m = OpenAIChatModel(server, "smollm2", api_key="k3y")
    text, lat = m.chat([{"role": "user", "content": "Say hello."}], max_new_tokens=8)
    assert isinstance(text, str) and lat > 0
    assert "k3y" not in repr(m)
    bad = OpenAIChatModel(server, "smollm2", api_key="wrong")
    with pytest.raises(Exception, match="401|invalid API key"):
        bad.chat([{"role": "user", "content": "hi"}], max_new_tokens=2)


def test_llm_expert_and_judge_through_the_server(server, tmp_path, monkeypatch):
    monkeypatch.setenv("LAMKIT_LLM_BASE_URL", server)
    monkeypatch.setenv("LAMKIT_LLM_MODEL", "smollm2")
    monkeypatch.setenv("LAMKIT_LLM_API_KEY", "k3y")
    cat = build_catalog(tmp_path / "t", per_kind=1)
    import random

    task = BY_NAME["bold"].make_task(next(t for t in cat if t.kind == "report"), random.Random(0))
    s = collect([(task, None)], tmp_path / "run", policy="llm", judge="llm", max_steps=2)
    assert s.run == 1
    recs = [json.loads(x) for f in ("pass", "fail", "unsure") if (tmp_path / "run" / "execution" / f"{f}.jsonl").exists()
            for x in (tmp_path / "run" / "execution" / f"{f}.jsonl").read_text().splitlines()]
    (rec,) = recs
    where = next(f for f in ("pass", "fail", "unsure") if (tmp_path / "run" / "execution" / f"{f}.jsonl").exists())
    assert where == ("pass" if rec["verdict"]["success"] else "fail")  # filed by the checker's verdict
    assert rec["trajectory"]["policy"] == "llm:smollm2" and 1 <= len(rec["trajectory"]["steps"]) <= 2  # max_steps
    assert rec["verdict"]["judge"] == "checker" and rec["verdict"]["reason"]  # the checker decides
    jv = rec["judge_verdict"]  # the model judge's second opinion, over HTTP
    assert jv["judge"].startswith(("model:", "model-unsure:")) and jv["reason"] and isinstance(jv["success"], bool)
    for st in rec["trajectory"]["steps"]:  # every step is recorded with what happened, a failure with why
        assert isinstance(st["result"]["ok"], bool) and (st["result"]["ok"] or st["result"]["message"])
        assert st["action"]["function"] and st["status"] in ("CONTINUE", "FINISH")
    assert "k3y" not in json.dumps(rec) and os.environ["LAMKIT_LLM_API_KEY"] == "k3y"
