"""Help data in training: the LAM's online TSR on held-out help-derived tasks, with vs without
help trajectories in training (issue 14, "use in training").

Reads two pipeline runs of the same profile and seed, one with help-derived trajectories in
training (``lamkit pipeline --profile quickstart --out runs/help-with``) and one without
(``--profile quickstart-nohelp --out runs/help-without``: the same instantiation, the help
tasks of the train split not collected, so not trained on). Both evaluated the final phase
and the expert online on the same held-out help tasks (source pages in the test partition of
lamkit/dataflow/split.py, never trained on), judged by the state-diff judge
(lamkit/dataflow/help_eval.py), in ``<run>/evaluate/online/help/``. Reported per run: tasks,
successes, TSR with the bootstrap 95% interval over tasks (lamkit/evaluate/metrics.py), and the
help trajectories the run trained on.

Writes the ``help_training`` section of RESULTS.md and merges ``lam_help_tsr_with``,
``lam_help_tsr_without``, ``lam_help_tasks`` (and their intervals) into
``benchmarks/results/help.json``, leaving its other keys alone. ``--quick`` prints and writes nothing
(and, on runs without a held-out help evaluation, such as the smoke profile's, says so and exits 0).

Run: .venv/bin/python benchmarks/help_training_bench.py [--with runs/help-with] [--without runs/help-without] [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import results_json, write_section  # noqa: E402

from lamkit.errors import DataError  # noqa: E402
from lamkit.jsonl import iter_jsonl, write_json_atomic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HELP_ONLINE = Path("evaluate") / "online" / "help" / "online.json"



def final_phase(online: dict) -> str | None:
    """The last trained phase evaluated (``phaseN`` with the largest N)."""
    phases = sorted((k for k in online if k.startswith("phase")), key=lambda k: int(k[5:] or 0))
    return phases[-1] if phases else None


def run_row(run: Path) -> dict:
    """One run's figures on its held-out help tasks, and the help data it trained on."""
    f = run / HELP_ONLINE
    if not f.exists():
        raise DataError(f"{f}: no online evaluation on held-out help tasks (run `lamkit pipeline` with a profile "
                        "that has help_tasks, e.g. --profile quickstart)")
    online = json.loads(f.read_text())
    phase = final_phase(online)
    if phase is None:
        raise DataError(f"{f}: no trained phase was evaluated (policies: {', '.join(online) or 'none'})")
    ids = set()
    for name in ("pass", "fail", "unsure"):
        p = run / "evaluate" / "online" / "help" / phase / "execution" / f"{name}.jsonl"
        if p.exists():
            ids |= {r["task_id"] for r in iter_jsonl(p)}
    train_file = run / "data" / "train_trajectories.jsonl"
    help_train = [r for r in iter_jsonl(train_file) if (r.get("task") or {}).get("family") == "help"] if train_file.exists() else []
    m, ex = online[phase], online.get("expert") or {}
    coll = collection(run)
    return {"run": str(run.relative_to(ROOT) if run.is_relative_to(ROOT) else run), "phase": phase, "tasks": m["tasks"],
            "successes": m["successes"], "tsr": m["task_success_rate"], "tsr_ci": m.get("tsr_ci"),
            "avg_steps": m.get("avg_steps"), "invalid": m.get("invalid_answers"),
            "expert_tsr": ex.get("task_success_rate"), "expert_successes": ex.get("successes"),
            "help_train_trajectories": len(help_train),
            "help_train_successes": sum(1 for r in help_train if (r.get("verdict") or {}).get("success")),
            "task_ids": sorted(ids), **coll}


def collection(run: Path) -> dict:
    """The help episodes of the run's expert collection (train and held-out), their verdicts and
    the seconds they took (the time help tasks add to the collect stage), and the state-diff
    judge's second opinion on the checked tasks (disagreements with the checker)."""
    verdicts = {"pass": 0, "fail": 0, "unsure": 0}
    secs = 0.0
    for name in verdicts:
        p = run / "collect" / "execution" / f"{name}.jsonl"
        for r in iter_jsonl(p) if p.exists() else ():
            if (r.get("task") or {}).get("family") == "help":
                verdicts[name] += 1
                secs += sum((r.get("timings") or {}).values())
    st = json.loads((run / "pipeline.json").read_text()) if (run / "pipeline.json").exists() else {}
    summ = ((st.get("stages") or {}).get("collect") or {}).get("summary") or {}
    return {"help_collected": verdicts, "help_collect_seconds": round(secs, 1),
            "judge_on_checked": summ.get("judge_on_checked"), "judge_disagreements": summ.get("judge_disagreements")}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _ci(ci: list[float] | None) -> str:
    return f"[{100 * ci[0]:.0f}%, {100 * ci[1]:.0f}%]" if ci else "—"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--with", dest="with_run", type=Path, default=ROOT / "runs" / "help-with", help="Run trained with help data.")
    ap.add_argument("--without", dest="without_run", type=Path, default=ROOT / "runs" / "help-without",
                    help="Run trained without help data (profile quickstart-nohelp).")
    ap.add_argument("--quick", action="store_true", help="Print the figures, write nothing.")
    a = ap.parse_args(argv)
    try:
        w, wo = run_row(a.with_run), run_row(a.without_run)
    except DataError as e:
        if a.quick:  # a smoke run (profile smoke: no help tasks) checks the reading, not the figures
            print(f"## Help data in training: nothing to compare\n\n{e}")
            return
        sys.exit(f"error: {e}")
    same = w["task_ids"] == wo["task_ids"]
    rows = "\n".join(
        f"| {label} | `{r['run']}` | {r['help_train_successes']} of {r['help_train_trajectories']} | {r['phase']} | "
        f"{r['successes']} / {r['tasks']} | **{_pct(r['tsr'])}** {_ci(r['tsr_ci'])} | {_pct(r['expert_tsr'])} |"
        for label, r in (("with help data", w), ("without help data", wo)))
    body = f"""## Help data in training: LAM online TSR on held-out help tasks (issue 14)

Two quickstart pipelines, same seed and instantiation: one trains on the help-derived trajectories
the state-diff judge passed (`lamkit pipeline --profile quickstart --out {w['run']}`), one does not
(`--profile quickstart-nohelp --out {wo['run']}`). Both run the final phase online on the same
held-out help-derived tasks ({'the same' if same else '**not the same**'} {w['tasks']} task ids): compiled help procedures
from pages in the split's test partition (a held-out page's procedures never train, not even as phase 1's
plans), judged by the state-diff judge (unsure counts as no success). TSR with a bootstrap 95% interval
over tasks; the expert's row is its collection episodes of the same tasks.

| run | folder | help trajectories trained on (successful of all) | phase | successes | LAM TSR [95% CI] | expert TSR |
| --- | --- | --- | --- | --- | --- | --- |
{rows}
"""
    body += "\n" + "\n".join(
        f"- `{r['run']}`: the expert's collection ran {sum(r['help_collected'].values())} help episodes "
        f"({r['help_collected']['pass']} success, {r['help_collected']['fail']} failure, {r['help_collected']['unsure']} unsure; "
        f"{r['help_collect_seconds']:.0f} s of episodes)"
        + (f"; the state-diff judge as a second opinion on {r['judge_on_checked']} checked tasks disagreed with the checker "
           f"{r['judge_disagreements']} times" if r.get("judge_on_checked") else "")
        for r in (w, wo)) + "\n"
    print(body)
    if a.quick:
        return
    write_section("help_training", body, f".venv/bin/python benchmarks/help_training_bench.py --with {w['run']} --without {wo['run']}")
    path = results_json("help")
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update({"lam_help_tsr_with": w["tsr"], "lam_help_tsr_without": wo["tsr"], "lam_help_tasks": w["tasks"],
                 "lam_help_tsr_with_ci": w["tsr_ci"], "lam_help_tsr_without_ci": wo["tsr_ci"],
                 "lam_help_same_tasks": same, "lam_help_train_successes": w["help_train_successes"]})
    write_json_atomic(path, data)


if __name__ == "__main__":
    main()
