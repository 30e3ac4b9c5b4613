"""Help pages -> compiled plans -> executed, judged episodes (issue 14).

Harvests the installed Writer help (extraction, quality filter, MinHash dedupe; no augmentation),
compiles every procedure with the step compiler (lamkit/dataflow/help) against the cached UI
inventory and a generated template (the catalogue's table document: a title, paragraphs and a
table), and counts:

- ``procedures``: Writer procedures harvested (pairs after dedupe);
- ``compiled``: those whose every clause compiled (a complete grounded plan);
- why the others did not (per clause, and the first failing reason per procedure).

With ``--execute N`` the first N compiled plans (in task-id order) run in live Writer with the
heuristic expert and are judged by the state-diff judge (lamkit/dataflow/state_diff.py),
resumably in ``--out`` (records.jsonl, trajectories.jsonl): ``executed_to_end``,
``successes_outside_families`` (judged successes whose request maps to none of the hand-written
families) and ``distinct_pages``. The judge is measured against the hand labels in
``tests/data/help_labels/labels.jsonl`` (``judge_precision`` on "success", ``judge_recall``).
``--sheet PATH`` writes the executed episodes as a text sheet to label from.

Writes ``benchmarks/results/help.json`` and the "help" section of RESULTS.md (with
``LAMKIT_BENCH_RESULTS`` set, both go beside that file instead).

Run: .venv/bin/python benchmarks/help_bench.py [--quick] [--execute N] [--out runs/help-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import write_section  # noqa: E402

from lamkit.dataflow import state_diff  # noqa: E402
from lamkit.dataflow.help.compile import REASONS, Compiler, Target  # noqa: E402
from lamkit.dataflow.help.execute import HelpRecord, execute, help_task  # noqa: E402
from lamkit.dataflow.help.inventory import load  # noqa: E402
from lamkit.dataflow.instantiate import match_family  # noqa: E402
from lamkit.dataflow.templates import Template, build_catalog  # noqa: E402
from lamkit.jsonl import read_jsonl  # noqa: E402
from lamkit.schema import DocState, TaskPlan  # noqa: E402
from lamkit.tasks.harvest import harvest_help  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "help_labels" / "labels.jsonl"


def json_out() -> Path:
    env = os.environ.get("LAMKIT_BENCH_RESULTS")
    return Path(env).with_name("help.json") if env else Path(__file__).with_name("results") / "help.json"


def template(out: Path) -> Template:
    """The catalogue's first table document: paragraphs to select and a table to click in."""
    return next(t for t in build_catalog(out / "templates", per_kind=1) if t.kind == "table")


def measure(pairs: list[TaskPlan], tpl: Template) -> dict:
    comp = Compiler(load("writer"), Target.of(tpl))
    t0 = time.monotonic()
    results = [(p, comp.compile(p)) for p in pairs]
    secs = time.monotonic() - t0
    clause_reasons = Counter(f.reason for _, r in results for f in r.failures)
    first = Counter(r.failures[0].reason for _, r in results if r.failures)
    complete = [(p, r) for p, r in results if r.complete]
    examples = {}
    for p, r in results:
        for f in r.failures:
            examples.setdefault(f.reason, f"{p.source.path}: {f.clause}")
    return {
        "procedures": len(pairs),
        "compiled": len(complete),
        "complete": complete,
        "compiled_share": len(complete) / max(len(pairs), 1),
        "compiled_pages": len({p.source.path for p, _ in complete}),
        "steps_compiled": sum(len(r.steps) - 1 for _, r in complete),
        "defaults_kept": sum(bool(r.defaults) for _, r in complete),
        "failed_clauses": dict(clause_reasons.most_common()),
        "first_failure": dict(first.most_common()),
        "examples": examples,
        "compile_seconds": round(secs, 2),
    }


def rejudge(r: HelpRecord) -> HelpRecord:
    """The record with the current judge's verdict on its recorded states (a judge change is
    measured without executing again); an environment error stays one."""
    if r.verdict.judge == "env_error":
        return r
    v = state_diff.judge(r.request, r.task.plan, r.before or DocState(), r.after, r.executed_to_end, r.why_not)
    return r.model_copy(update={"verdict": v})


def load_labels(path: Path = LABELS) -> dict[str, str]:
    """task_id -> "success" | "failure" (the hand labels; README.md beside them says how)."""
    if not path.exists():
        return {}
    return {r["task_id"]: r["label"] for r in read_jsonl(path)}


def judge_scores(records: list[HelpRecord], labels: dict[str, str]) -> dict:
    """Precision of the judge's "success" against the labels, recall of labelled successes;
    "unsure" counts as not-success."""
    pairs = [(state_diff.decision(r.verdict), labels[r.task_id]) for r in records if r.task_id in labels]
    tp = sum(d == "success" and lab == "success" for d, lab in pairs)
    fp = sum(d == "success" and lab != "success" for d, lab in pairs)
    fn = sum(d != "success" and lab == "success" for d, lab in pairs)
    return {"labelled": len(pairs), "labelled_success": tp + fn, "judged_success": tp + fp, "true_success": tp,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None, "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "failure_agree": sum(d == "failure" and lab == "failure" for d, lab in pairs),
            "unsure": sum(d == "unsure" for d, _ in pairs)}


def _why(why_not: str) -> str:
    """The kind of reason an episode stopped early."""
    if "no control named" in why_not:
        return "a control the step names is not showing"
    if "refused a risky action" in why_not:
        return "a risky action refused by the safety gate"
    if "step limit" in why_not:
        return "the step limit"
    return "an action failed in Writer"


def write_sheet(records: list[HelpRecord], path: Path) -> None:
    """A plain-text sheet per episode to label from: request, help steps, actions with results and
    what differs between the states (without the judge's verdict, so a label does not copy it)."""
    lines = []
    for r in records:
        lines.append(f"=== {r.task_id}  [{r.page}]\nREQUEST: {r.request}")
        lines += [f"  help> {s}" for s in r.plan]
        lines += [f"  act{'' if s.ok else ' FAILED'}: {s.function} {json.dumps(s.args)[:100]} {'' if s.ok else s.message[:120]}"
                  for s in r.steps]
        lines.append(f"  executed_to_end={r.executed_to_end}")  # no verdict: the sheet is for labelling blind
        if r.before is not None and r.after is not None:
            for c in state_diff.diff(r.before, r.after):
                lines.append(f"  change[{c.kind}]: {c.detail}")
        lines.append("")
    path.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="Only the Writer guide pages (swriter/guide), for a smoke run.")
    ap.add_argument("--execute", type=int, default=0, metavar="N", help="Execute the first N compiled plans in live Writer.")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "help-bench", help="Run folder (resumable).")
    ap.add_argument("--sheet", type=Path, help="Write the executed episodes as a text sheet for labelling.")
    a = ap.parse_args(argv)
    harvested = Path(tempfile.mkdtemp(prefix="lamkit-help-")) / "writer.jsonl"
    harvest_help("writer", harvested, paraphrases=0, subtasks=False)
    pairs = [p for p in read_jsonl(harvested, TaskPlan) if p.app == "writer"]
    if a.quick:
        pairs = [p for p in pairs if p.source.path.startswith("swriter/guide/")]
    tpl = template(a.out)
    m = measure(pairs, tpl)
    records: list[HelpRecord] = []
    if a.execute:
        chosen = sorted(m["complete"], key=lambda pr: pr[0].id)[: a.execute]
        items = [(help_task(p, r, tpl.path), p) for p, r in chosen]

        def progress(rec: HelpRecord, i: int, n: int) -> None:
            print(f"[{i}/{n}] {rec.task_id} end={rec.executed_to_end} {state_diff.decision(rec.verdict)} "
                  f"{rec.seconds:.1f}s {rec.request[:60]}", flush=True)

        records = [rejudge(r) for r in execute(items, a.out, on_result=progress) if r.task_id in {t.id for t, _ in items}]
    if a.sheet and records:
        write_sheet(records, a.sheet)
    by_id = {p.id: p for p in pairs}
    voided = [r for r in records if r.verdict.judge == "env_error"]
    records = [r for r in records if r.verdict.judge != "env_error"]  # rerun next time; not counted as executed
    succ = [r for r in records if state_diff.decision(r.verdict) == "success"]
    outside = [r for r in succ if match_family(by_id[r.task_id.removeprefix("help-")])[0] is None
               if r.task_id.removeprefix("help-") in by_id]
    to_end = sum(r.executed_to_end for r in records)
    decisions = Counter(state_diff.decision(r.verdict) for r in records)
    labels = load_labels()
    js = judge_scores(records, labels)
    data = {
        "procedures": m["procedures"],
        "compiled": m["compiled"],
        "executed": len(records),
        "env_errors": len(voided),
        "executed_to_end": to_end if records else None,
        "executed_to_end_share": round(to_end / len(records), 4) if records else None,
        "successes_outside_families": len(outside) if records else None,
        "distinct_pages": len({r.page for r in outside}) if records else None,
        "judge_precision": js["precision"],
        "judge_recall": js["recall"],
        "judge": js,
        "decisions": dict(decisions),
        "compiled_share": round(m["compiled_share"], 4),
        "compiled_pages": m["compiled_pages"],
        "failed_clauses": m["failed_clauses"],
        "first_failure": m["first_failure"],
        "quick": a.quick,
    }
    path = json_out()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n")
    tmp.replace(path)
    rows = "\n".join(f"| {k} | {REASONS[k]} | {v} | {m['first_failure'].get(k, 0)} | {m['examples'][k][:110]} |"
                     for k, v in m["failed_clauses"].items())
    if records:
        why = Counter(_why(r.why_not) for r in records if not r.executed_to_end)
        exec_txt = f"""- executed in live Writer (heuristic expert, `--execute {a.execute}`, {sum(r.seconds for r in records):.0f} s of episodes, resumable in
  `{a.out.relative_to(ROOT) if a.out.is_relative_to(ROOT) else a.out}`): **{len(records)}**; executed to the end: **{to_end}
  ({100 * to_end / len(records):.0f}%)**; target ≥ 60%. Why the others stopped: {', '.join(f'{k} ({v})' for k, v in why.most_common(4))}.
  {len(voided)} episode(s) voided by an environment error are not counted (the next run repeats them).
- state-diff judge: {decisions.get('success', 0)} success, {decisions.get('failure', 0)} failure, {decisions.get('unsure', 0)} unsure;
  judged successes outside the 34 families: **{len(outside)}**, from **{len({r.page for r in outside})}** pages (target ≥ 150 over ≥ 60).
- judge against {js['labelled']} hand labels (`tests/data/help_labels/`): precision on success **{js['precision']}**
  ({js['true_success']} of {js['judged_success']}), recall **{js['recall']}** ({js['true_success']} of {js['labelled_success']}
  labelled successes); target precision ≥ 0.9."""
    else:
        exec_txt = "- execution and the judge: not run (`--execute N`)."
    body = f"""## Help procedures compiled, executed and judged (issue 14)

The Writer help's procedures (`lamkit harvest --source libreoffice-help --app writer`, after the filter and
dedupe, no augmentation{', **quick: swriter/guide pages only**' if a.quick else ''}) compiled by
`lamkit/dataflow/help/compile.py` against the UI inventory discovered from live Writer
(`lamkit/dataflow/help/writer_ui.json`: menu tree, toolbars, dialogs) and the catalogue's table document:

- procedures: **{m['procedures']}**; compiled to a complete grounded plan (every clause compiled): **{m['compiled']}
  ({100 * m['compiled_share']:.1f}%)**, from {m['compiled_pages']} pages, {m['steps_compiled']} steps; target ≥ 50%.
  {m['defaults_kept']} of them keep a dialog's defaults where the help leaves the options to the user.
- compile time for all of them: {m['compile_seconds']} s.
{exec_txt}

Clauses that did not compile, by reason (a procedure can fail on several; "first" counts each failed
procedure once, by its first failing clause):

| reason | what | clauses | first | example |
| --- | --- | --- | --- | --- |
{rows}
"""
    write_section("help", body, f".venv/bin/python benchmarks/help_bench.py{' --execute ' + str(a.execute) if a.execute else ''}")
    print(body)
    print(json.dumps({k: v for k, v in data.items() if not isinstance(v, dict)}))


if __name__ == "__main__":
    main()
