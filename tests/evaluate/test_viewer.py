"""The trajectory viewer, checked in a real headless Chromium.

The run folder is tests/data/viewer_run (rebuilt by tests/evaluate/make_viewer_run.py):
two expert episodes recorded in live Writer with their final document state, and the
quickstart's phase-4 episode of the same bold task. Each test copies it and adds what
it needs (a malformed line, a screenshot).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lamkit.cli import main
from lamkit.evaluate.viewer import build_viewer_data, write_viewer

RUN = Path(__file__).resolve().parent.parent / "data" / "viewer_run"
BOLD = "4c172dedd555e240"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Where the recorded phase-4 episode says its checkpoint was, rewritten to a path that never
#: exists (the recording says /tmp/qs2/..., which a machine may well have).
GONE = "/nonexistent/lamkit-viewer-test/checkpoints/phase4"
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (scripts/setup.sh installs it)")


def make_run(tmp_path: Path) -> Path:
    """A copy of the recorded run with one broken line, one record missing its verdict, and a
    screenshot on the phase-4 episode's second step."""
    run = tmp_path / "run"
    shutil.copytree(RUN, run)
    shot = tmp_path / "step2.png"
    subprocess.run(["convert", "-size", "160x100", "xc:#4269d0", "-fill", "white", "-draw", "rectangle 20,20 80,60",
                    str(shot)], check=True, timeout=30)
    f = run / "evaluate/online/phase4/execution/fail.jsonl"
    rec = json.loads(f.read_text().splitlines()[0].replace("/tmp/qs2/checkpoints/phase4", GONE))
    rec["trajectory"]["steps"][1]["observation"]["screenshot"] = str(shot)
    bad = {k: v for k, v in rec.items() if k != "verdict"}
    f.write_text(json.dumps(rec) + "\n" + "{this is not json\n" + json.dumps(bad) + "\n")
    return run


def browser(args: list[str], url: str, tmp_path: Path) -> str:
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=5000", *args, url],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def test_data_steps_prompts_verdicts_and_skipped_lines(tmp_path):
    data = build_viewer_data(make_run(tmp_path))
    assert [(s["label"], s["policy"]) for s in data["sources"]] == [
        ("collect", "heuristic"), ("evaluate/online/phase4", f"model:{GONE}")]
    assert "default RenderSettings" in data["sources"][1]["render"]  # that checkpoint is not in the folder
    assert [s["line"] for s in data["skipped"]] == [2, 3]
    assert "verdict" in data["skipped"][1]["reason"]
    expert = next(e for e in data["episodes"] if e["task_id"] == BOLD and e["source"] == 0)
    assert [s["action"] for s in expert["steps"]][1] == 'click_input(control_label="64")'
    assert expert["steps"][1]["grounding"].startswith("label 64 → 'Bold'")
    first = expert["steps"][0]["prompt"]
    assert "Request: " in first["user"] and "Controls:" in first["user"]
    assert "You operate LibreOffice Writer" in data["texts"][first["system"]]
    assert "select_text" in expert["steps"][1]["prompt"]["user"]  # history: the previous action is rendered
    # the recorded final state: every condition re-checked on it, and the document shown
    assert expert["conditions"] and all(c["holds"] for c in expert["conditions"])
    assert all(c["found"] for c in expert["conditions"] if c["cond"])
    assert any("bold" in line and "Workshop" in line for line in expert["final_state"])
    model = next(e for e in data["episodes"] if e["source"] == 1)
    assert model["outcome"] == "fail" and model["final_state"] is None and "not recorded" in model["state_note"]
    failed = [c for c in model["conditions"] if c["holds"] is False]
    assert failed and failed[0]["path"] == "all[0]:run"
    assert model["steps"][1]["screenshot"]["src"].startswith("data:image/png;base64,")
    assert model["steps"][0]["screenshot"] is None


def test_cli_writes_one_self_contained_page(tmp_path):
    run = make_run(tmp_path)
    assert main(["view", str(run)]) == 0
    page = (run / "viewer.html").read_text()
    assert "<script" in page and not re.search(r"""(src|href)=["']?https?:""", page)  # nothing fetched
    assert not list(run.glob(".viewer.html.*"))  # written atomically: no temp file left
    assert main(["view", str(tmp_path / "nothing")]) == 2


@needs_chromium
def test_page_in_headless_chromium(tmp_path):
    run = make_run(tmp_path)
    page, data = write_viewer(run)
    i = next(k for k, e in enumerate(data["episodes"]) if e["task_id"] == BOLD and e["source"] == 1)
    j = next(k for k, e in enumerate(data["episodes"]) if e["task_id"] == BOLD and e["source"] == 0)
    url = f"{page.as_uri()}#episode={i}&step=1&compare={j}"
    dom = browser(["--dump-dom"], url, tmp_path)
    # the filter widgets, filled from the data
    for sel in ("f-source", "f-family", "f-split", "f-outcome"):
        assert f'id="{sel}"' in dom, sel
    assert f">evaluate/online/phase4 · model:{GONE}</option>" in dom
    assert '<option value="highlight">highlight</option>' in dom
    assert "3 of 3 shown" in dom and "2 malformed record line(s) skipped" in dom
    # the phase-4 episode at its second step, the expert's beside it
    main_ep = dom[dom.index('id="main-episode"'):dom.index('id="compare-episode"')]
    assert "Step 2 of 5" in main_ep and 'click_input(control_label="75")' in main_ep
    assert "Request: bold the first word" in main_ep and '<img class="shot"' in main_ep
    assert "✗ failed" in main_ep and "the final document state was not recorded" in main_ep
    cmp_ep = dom[dom.index('id="compare-episode"'):]
    assert "Step 1 of 3" in cmp_ep and 'select_text(control_label="13", text="Workshop")' in cmp_ep
    assert 'class="final-state"' in cmp_ep and "no screenshot recorded" in cmp_ep
    # a filter from the address: only the failed episode is listed
    dom = browser(["--dump-dom"], f"{page.as_uri()}#outcome=fail", tmp_path)
    assert "1 of 3 shown" in dom and len(re.findall(r'<tr class="ep[^"]*" data-i="\d+"', dom)) == 1
    # and a screenshot of the page as a person sees it
    shot = tmp_path / "viewer.png"
    browser([f"--screenshot={shot}", "--window-size=1400,1000"], url, tmp_path)
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == (1400, 1000)
    assert len(set(img.resize((140, 100)).getdata())) > 20  # a rendered page, not a blank one


def test_render_settings_come_from_the_checkpoint_the_policy_spec_names(tmp_path):
    """The recorded policy name is read by the one policy-spec parser: a trained checkpoint's
    settings for ``model:PATH``, the ``@CHECKPOINT``'s for a zero-shot policy, defaults otherwise."""
    from lamkit.agent.prompting import RenderSettings
    from lamkit.evaluate.viewer import render_settings_for

    ck = tmp_path / "ck"
    ck.mkdir()
    (ck / "lamkit_train_config.json").write_text(json.dumps({"render": RenderSettings(history_steps=2).model_dump(mode="json")}))
    for policy in (f"model:{ck}", f"zero-shot:smollm2@{ck}"):
        settings, why = render_settings_for(policy, tmp_path / "run")
        assert settings.history_steps == 2 and str(ck) in why, policy
    for policy in ("zero-shot:smollm2", "my-custom-policy", "heuristic"):
        settings, why = render_settings_for(policy, tmp_path / "run")
        assert settings.history_steps == RenderSettings().history_steps and "default" in why, policy
