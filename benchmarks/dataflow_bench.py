"""Dataflow throughput and expert quality (issue 4's benchmark).

Two sections of benchmarks/RESULTS.md:

- ``dataflow``: episodes per hour with 1 and 2 Writer workers, the heuristic
  expert's success rate per family, trajectories collected;
- ``dataflow-instantiation``: template-choice accuracy and the instantiation
  pass rate of harvested help tasks (no Writer needed: ``--instantiation-only``).

Run: .venv/bin/python benchmarks/dataflow_bench.py [--per-family 2] [--instantiation-only] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _results import write_section  # noqa: E402

from lamkit.dataflow.families import FAMILIES  # noqa: E402
from lamkit.dataflow.instantiate import family_tasks, taskplan_tasks, template_choice_accuracy  # noqa: E402
from lamkit.dataflow.runner import collect, family_table  # noqa: E402
from lamkit.dataflow.templates import build_catalog  # noqa: E402

CMD = ".venv/bin/python benchmarks/dataflow_bench.py"
QUICK = ("bold", "italic", "align_center", "underline")


def instantiation_section(root: Path, catalog) -> str:
    from lamkit.jsonl import read_jsonl
    from lamkit.schema import TaskPlan
    from lamkit.tasks.harvest import harvest_help

    acc = template_choice_accuracy(catalog, n=10 * len(FAMILIES), seed=3)
    hp = root / "writer-help.jsonl"
    harvest_help("writer", hp, paraphrases=0, subtasks=False)
    pairs = read_jsonl(hp, TaskPlan)
    recs = taskplan_tasks(pairs, catalog)
    checkable = sum(1 for r in recs if r.ok and r.task and r.task.checker)
    judge = sum(1 for r in recs if r.ok and r.task and r.task.checker is None)
    filtered = Counter(r.reason.split(":")[0] for r in recs if not r.ok)
    fams = Counter(r.task.family for r in recs if r.ok and r.task and r.task.family)
    return f"""## Dataflow: instantiation (issue 4)

**Template choice** (TF-IDF cosine of the request against each template's description and text, plus quoted phrases;
{len(catalog)} generated templates of {len({t.kind for t in catalog})} kinds; {acc['probes']} family requests generated on a known
template): the chosen template contains the quoted target in **{acc['fits']:.0%}** of the {acc['quoting']} requests that quote the
document (the task can be done on it); same kind of document {acc['kind']:.0%}; the very template {acc['exact']:.0%} (templates
of one kind share sentences, so this one is ambiguous by design; requests that quote nothing, e.g. "switch to landscape",
can go on any template).

**Harvested help tasks** (`lamkit harvest --source libreoffice-help --app writer`, {len(pairs)} pairs before augmentation):
{checkable} mapped onto a family and got its exact checker ({checkable / len(recs):.0%}), {judge} kept as judge-only tasks
({judge / len(recs):.0%}), {sum(filtered.values())} filtered ({', '.join(f'{k}: {v}' for k, v in filtered.most_common(4)) or 'none'}).
Instantiation pass rate (checkable + judge-only): **{(checkable + judge) / len(recs):.0%}**. Families most often matched:
{', '.join(f'{k} {v}' for k, v in fams.most_common(6))}.
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-family", type=int, default=2)
    ap.add_argument("--instantiation-only", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help=f"one task of each of {', '.join(QUICK)} per run, no help harvest; prints, writes nothing")
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lamkit-dfbench-"))
    catalog = build_catalog(root / "templates", per_kind=2 if a.quick else 6)
    if a.quick:
        acc = template_choice_accuracy(catalog, n=2 * len(FAMILIES), seed=3)
        print(f"## Dataflow (quick): template choice fits {acc['fits']:.0%} of {acc['quoting']} quoting requests")
    else:
        inst = instantiation_section(root, catalog)
        write_section("dataflow-instantiation", inst, CMD + " --instantiation-only")
        print(inst)
    if a.instantiation_only:
        return

    fams = list(QUICK) if a.quick else None
    n = len(QUICK) if a.quick else a.per_family * len(FAMILIES)
    one = family_tasks(n, catalog, seed=11, families=fams)
    two = family_tasks(n, catalog, seed=12, families=fams)
    s1 = collect([(r.task, None) for r in one], root / "w1", workers=1)
    s2 = collect([(r.task, None) for r in two], root / "w2", workers=2)
    fam: dict[str, Counter] = {}
    for run in ("w1", "w2"):
        for f, c in family_table(root / run).items():
            fam.setdefault(f, Counter()).update(c)
    rows = "\n".join(
        f"| {f} | {c['pass']} / {c['pass'] + c['fail'] + c['unsure']} | {c['pass'] / max(1, c['pass'] + c['fail'] + c['unsure']):.0%} |"
        for f, c in sorted(fam.items())
    )
    tot_pass = sum(c["pass"] for c in fam.values())
    tot = sum(sum(c.values()) for c in fam.values())
    body = f"""## Dataflow: collection with the heuristic expert (issue 4)

**Throughput** ({n} family tasks per run, {a.per_family} per family, fresh templates, each episode = reset + expert steps +
checker on the document state): **{s1.episodes_per_hour:.0f} episodes/hour with 1 worker**, **{s2.episodes_per_hour:.0f}
episodes/hour with 2 workers** (target: 600 in total). Success: {s1.passed}/{s1.run} and {s2.passed}/{s2.run}; environment
errors (unsure): {s1.unsure} and {s2.unsure}.

**Heuristic expert success per family** (both runs, {tot} episodes, overall **{tot_pass / max(tot, 1):.0%}**; failures are
kept as data for phases 3-4):

| family | passed / run | rate |
| --- | --- | --- |
{rows}

**Trajectories collected** by this default pipeline (family tasks → heuristic expert → checker):
{s1.passed + s2.passed} successful and {s1.failed + s2.failed} failed, from {s1.run + s2.run} episodes.
"""
    if not a.quick:
        write_section("dataflow", body, CMD)
    print(body)


if __name__ == "__main__":
    main()
