"""benchmarks/_outcomes.py: the one tally of a policy's online outcomes that the probe and the
compound bench both report (real execution records as `lamkit evaluate online` writes them)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _outcomes import outcomes, tally  # noqa: E402
from probe_bench import HELD_BACK, kept_row, section_of, suite_summary  # noqa: E402


def _records(policy_dir: Path, name: str, results: dict[str, bool]) -> None:
    (policy_dir / "execution").mkdir(parents=True, exist_ok=True)
    with open(policy_dir / "execution" / f"{name}.jsonl", "w") as f:
        for task_id, ok in results.items():
            f.write(json.dumps({"task_id": task_id, "verdict": {"success": ok}}) + "\n")


def test_outcomes_read_pass_and_fail_records_and_the_tally_groups_them(tmp_path):
    _records(tmp_path, "pass", {"pos-a": True, "two-b": True})
    _records(tmp_path, "fail", {"pos-c": False, "two-d": False, "two-e": False})
    got = outcomes(tmp_path)
    assert got == {"pos-a": True, "two-b": True, "pos-c": False, "two-d": False, "two-e": False}
    t = tally(got, lambda task: task.split("-")[0], ["pos", "two", "desc"])
    assert (t["successes"], t["tasks"], t["tsr"]) == (2, 5, 0.4)
    assert t["by_group"] == {"pos": [1, 2], "two": [1, 3], "desc": [0, 0]}
    assert list(t["by_group"]) == ["pos", "two", "desc"]  # the caller's order, for the table's columns
    assert t["failed"] == ["pos-c", "two-d", "two-e"]
    lo, hi = t["ci"]
    assert 0.0 < lo < 0.4 < hi < 1.0


def test_no_records_is_zero_tasks_not_an_error(tmp_path):
    t = tally(outcomes(tmp_path), str, ["x"])
    assert (t["successes"], t["tasks"], t["tsr"], t["ci"], t["by_group"]) == (0, 0, 0.0, [0.0, 0.0], {"x": [0, 0]})


def test_probe_bench_keeps_the_earlier_row_and_names_each_suites_section():
    """--keep standard-cpu beside a retrained standard-cpu: the row kept before, not the new one
    of the same name (stop 27 kept the new row twice); each suite writes its own section, and
    the held-back one says so."""
    rows = [{"label": "standard-cpu", "successes": 14},
            {"label": "standard-cpu (kept: measured in stop 24)", "successes": 13}]
    assert kept_row(rows, "standard-cpu")["successes"] == 13
    assert kept_row(rows[:1], "standard-cpu")["successes"] == 14  # first keep: the row measured then
    assert kept_row(rows, "quickstart") is None
    suites = Path(__file__).resolve().parents[1] / "benchmarks" / "suites"
    assert section_of(suites / "probe.yaml") == "probe" and section_of(suites / "probe_b.yaml") == "probe_b"
    assert HELD_BACK == {"probe_b"}
    assert "held back" in suite_summary(suites / "probe_b.yaml")
    assert "development probe" in suite_summary(suites / "probe.yaml")
