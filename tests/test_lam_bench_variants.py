"""lam_bench's --online-variant: another online evaluation of the same test tasks, as a row
(the published comparison of the standard-cpu decoder before and after the value hint).
Real parts: the benchmark's own reader and table writer, on online.json files as
`lamkit evaluate online` writes them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import lam_bench  # noqa: E402

from lamkit.errors import LamkitError  # noqa: E402


def _online(path: Path, **policies) -> Path:
    path.write_text(json.dumps({name: {"tasks": 80, "successes": ok, "task_success_rate": ok / 80, "tsr_ci": [0.4, 0.6],
                                       "invalid_answers": 0,
                                       "by_compound": {"single": {"successes": ok - ok // 2, "tasks": 39},
                                                       "compound": {"successes": ok // 2, "tasks": 41}}}
                                for name, ok in policies.items()}))
    return path


def test_a_variant_is_the_one_policy_besides_the_expert_and_bad_specs_are_named(tmp_path):
    both = _online(tmp_path / "both.json", expert=79, phase4=42)
    v = lam_bench.online_variant(f"before={both}")
    assert (v["label"], v["policy"], v["successes"], v["tasks"]) == ("before", "phase4", 42, 80)
    assert v["by_compound"] == {"single": [21, 39], "compound": [21, 41]}
    with pytest.raises(LamkitError, match="want LABEL=PATH"):
        lam_bench.online_variant(str(both))
    two = _online(tmp_path / "two.json", a=1, b=2)
    with pytest.raises(LamkitError, match="not an online.json of one policy"):
        lam_bench.online_variant(f"x={two}")


def test_variants_are_rows_of_the_lam_table(tmp_path):
    res = lam_bench.figures([], (None, None, 0))
    res["online_variants"] = [lam_bench.online_variant(f"weight 8={_online(tmp_path / 'w8.json', w8=55)}")]
    md = lam_bench.markdown(res)
    assert "| weight 8 (`" in md and "68.8% [40.0%, 60.0%] (80) | 28/39 / 27/41 | 0 |" in md


def test_keep_standard_keeps_the_standard_figures_and_says_when(tmp_path, monkeypatch):
    """--keep-standard: quickstart runs measured now, the standard column kept from lam.json as
    it was (a standard run takes hours), marked with when it was measured; refused when a
    standard run is given or none is kept."""
    import argparse

    real = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "lam.json").read_text())
    old = tmp_path / "lam.json"
    old.write_text(json.dumps(real))
    monkeypatch.setattr(lam_bench, "RESULTS_JSON", old)
    quick = [r for r in real["runs"] if r["profile"] == "quickstart"]
    a = argparse.Namespace(keep_standard="in stop 24", no_write=True)
    undated = {k: v for k, v in real["standard"].items() if k != "measured"}
    old.write_text(json.dumps({**real, "standard": undated}))
    res = lam_bench.keep_standard(a, quick, [])
    assert {k: v for k, v in res["standard"].items() if k != "measured"} == undated
    assert res["standard"]["measured"] == "in stop 24" and res["ranker_recall_at_k"] == real["ranker_recall_at_k"]
    # kept again later: still dated by the first keeping
    old.write_text(json.dumps(res))
    again = lam_bench.keep_standard(argparse.Namespace(keep_standard="today", no_write=True), quick, [])
    assert again["standard"]["measured"] == "in stop 24"
    assert res["quickstart"]["seeds"] == len(quick)
    assert "Kept, not measured by this run of the benchmark" in lam_bench.markdown(res)
    std = [r for r in real["runs"] if lam_bench.is_standard(r)]
    with pytest.raises(LamkitError, match="a standard run is among --runs"):
        lam_bench.keep_standard(a, quick + std, [])
    old.write_text(json.dumps({k: v for k, v in real.items() if k not in ("runs", "standard")}))
    with pytest.raises(LamkitError, match="holds no standard run"):
        lam_bench.keep_standard(a, quick, [])
