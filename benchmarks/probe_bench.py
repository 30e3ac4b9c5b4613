"""Generalisation probe: trained agents on benchmarks/suites/probe.yaml, 24 hand-written tasks.

The test split holds out phrasings and documents, but they still come from the same
generators as the training data. The probe suite was written by hand, without looking at
the test split: new documents, new wordings, positions said other ways ("the bottom
paragraph", "paragraph 3", "the paragraph under the Equipment heading") and two edits on
one or on two different targets. It is the closest thing here to the external suites
the project is judged on. Each model runs live (the suite's tasks, the checkers in the
file), with the expert as the check that every task can be done and checked.

    .venv/bin/python benchmarks/probe_bench.py --model phase4=runs/standard-cpu/checkpoints/phase4
    .venv/bin/python benchmarks/probe_bench.py --model ... --variant "LABEL=runs/probe/x/online.json"
    .venv/bin/python benchmarks/probe_bench.py --model ... --quick      # 4 tasks, prints only
    .venv/bin/python benchmarks/probe_bench.py --model ... --keep "standard-cpu=in stop 24"  # an earlier row kept

``--variant`` adds the rows of an earlier `lamkit evaluate online` of the same suite (e.g.
with an older build). Writes the section of benchmarks/RESULTS.md named after the suite's file
and benchmarks/results/<name>.json: ``probe`` for probe.yaml, ``probe_b`` for ``--suite
benchmarks/suites/probe_b.yaml`` (a second suite written by another hand and held back: measured,
never read to change the agent). Resumable: the episodes are kept in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import results_json, write_section  # noqa: E402
from _outcomes import outcomes, tally  # noqa: E402  (one tally of online outcomes for probe and compound)

SUITE = ROOT / "benchmarks" / "suites" / "probe.yaml"
KINDS = ("pos", "desc", "two-same", "two-diff")  # the task id prefixes (the suite's header says what each is)


def section_of(suite: Path) -> str:
    """The RESULTS.md section and results/<name>.json a suite's figures go to: "probe" for
    probe.yaml, "probe_b" for probe_b.yaml (a second suite never overwrites the first's)."""
    return suite.stem


#: Suites held back: measured, never read to change the agent (probe.yaml's failures were read
#: to improve the reader, so it is a development probe; probe_b.yaml was written by another hand
#: to measure what that did not overfit).
HELD_BACK = {"probe_b"}


def suite_summary(suite: Path) -> str:
    """What the report says the suite is: its header's first line up to the format note
    ("Generalisation probe B: 24 more hand-written Writer tasks"), and whether it is held back."""
    first = next((ln for ln in suite.read_text().splitlines() if ln.startswith("#")), "").lstrip("# ").strip()
    first = first.split(" (format")[0].rstrip(" .")
    if section_of(suite) in HELD_BACK:
        first += "; held back: measured, never read to change the agent"
    else:
        first += "; a development probe: its failures have been read to improve the agent"
    return first


def kept_row(rows: list[dict], label: str) -> dict | None:
    """The row ``--keep LABEL`` keeps from the suite's earlier results: one kept before
    ("LABEL (kept: ...)") first, since the same name may be measured again now (a retrained
    model beside its earlier row); else the row measured under that name."""
    return next((r for r in rows if r["label"].startswith(f"{label} (kept:")), None) or \
        next((r for r in rows if r["label"] == label), None)


def kind_of(task_id: str) -> str:
    return next((k for k in sorted(KINDS, key=len, reverse=True) if task_id.startswith(k + "-")), "other")


def row(label: str, policy_dir: Path, summary: dict) -> dict:
    t = tally(outcomes(policy_dir), kind_of, KINDS)
    return {"label": label, "successes": t["successes"], "tasks": t["tasks"], "tsr": t["tsr"], "ci": t["ci"],
            "by_kind": t["by_group"], "avg_steps": summary.get("avg_steps"), "invalid_answers": summary.get("invalid_answers"),
            "env_errors": summary.get("env_errors"), "failed": t["failed"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", default=[], metavar="NAME=CHECKPOINT", help="a trained checkpoint; repeatable")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL=ONLINE_JSON",
                    help="rows of an earlier `lamkit evaluate online` of this suite; repeatable")
    ap.add_argument("--keep", action="append", default=[], metavar="LABEL=WHEN",
                    help="keep the row LABEL of results/probe.json as it is (a model not retrained now, e.g. "
                         "standard-cpu), labelled with WHEN it was measured; repeatable")
    ap.add_argument("--suite", type=Path, default=SUITE)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "probe" / "current")
    ap.add_argument("--max-steps", type=int, default=12, help="the standard profile's episode limit")
    ap.add_argument("--no-expert", action="store_true", help="skip the expert's row")
    ap.add_argument("--quick", action="store_true", help="4 tasks, prints only")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    from lamkit.agent.policies import PolicySpec
    from lamkit.evaluate.online import evaluate_online

    bad = [m for m in a.model + a.variant if "=" not in m]
    if bad:
        ap.error(f"expected NAME=PATH, got {bad}")
    policies = {} if a.no_expert else {"expert": PolicySpec(kind="expert")}
    for m in a.model:
        name, path = m.split("=", 1)
        if not (Path(path) / "DONE").exists():
            ap.error(f"--model {m}: {path} is not a finished checkpoint (no DONE)")
        policies[name] = PolicySpec(kind="model", model=path)
    if not policies:
        ap.error("nothing to run: give --model, or drop --no-expert")
    evaluate_online(a.suite, policies, a.out, 1, a.max_steps, split="test", limit=4 if a.quick else 0)
    summaries = json.loads((a.out / "online.json").read_text())
    rows = [row(name, a.out / name, summaries.get(name, {})) for name in policies]
    for v in a.variant:
        label, path = v.split("=", 1)
        on = json.loads(Path(path).read_text())
        rows += [row(f"{label}: {name}", Path(path).parent / name, s) for name, s in on.items() if name != "expert"]
    section = section_of(a.suite)
    out_json = results_json(section)
    old = json.loads(out_json.read_text()).get("rows", []) if out_json.exists() else []
    for k in a.keep:
        label, _, when = k.partition("=")
        kept = kept_row(old, label)
        if kept is None or not when:
            ap.error(f"--keep {k}: want LABEL=WHEN with LABEL a row of {out_json} ({', '.join(r['label'] for r in old)})")
        rows.append({**kept, "label": f"{label} (kept: measured {when})"})
    for r in rows:
        kinds = ", ".join(f"{k} {s}/{n}" for k, (s, n) in r["by_kind"].items() if n)
        print(f"{r['label']}: {r['successes']}/{r['tasks']} ({kinds}); failed: {', '.join(r['failed']) or '-'}")
    if a.quick or a.no_write:
        return
    suite_name = a.suite.relative_to(ROOT) if a.suite.is_relative_to(ROOT) else a.suite
    size = {k: rows[0]["by_kind"][k][1] for k in KINDS}
    lines = [f"## Generalisation probe: `{section}` (`benchmarks/probe_bench.py`)", "",
             f"`{suite_name}` ({suite_summary(a.suite)}): {rows[0]['tasks']} tasks written by hand, without looking at "
             "the test split or the task generators (new documents and wordings; positions said other ways; two "
             "edits on one target or on two). Each runs live, one worker, "
             f"{a.max_steps} steps at most; checkers fail near misses (the neighbour must stay as it was, half of a "
             "two-part request fails). Wilson 95% intervals over tasks.", "",
             f"| agent | success [95% CI] | position ({size['pos']}) | description ({size['desc']}) | two edits, one target "
             f"({size['two-same']}) | two edits, two targets ({size['two-diff']}) | steps (mean) | invalid |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = " | ".join(f"{s}/{n}" for s, n in (r["by_kind"][k] for k in KINDS))
        lines.append(f"| {r['label']} | {r['successes']}/{r['tasks']} = {r['tsr']:.0%} [{r['ci'][0]:.0%}, {r['ci'][1]:.0%}] | "
                     f"{cells} | {r['avg_steps']:.1f} | {r['invalid_answers']} |")
    lines += ["", "Failed tasks: " + "; ".join(f"{r['label']}: {', '.join(r['failed']) or 'none'}" for r in rows) + "."]
    cmd = ".venv/bin/python benchmarks/probe_bench.py " + " ".join(f"--model {m}" for m in a.model) + \
        "".join(f' --variant "{v}"' for v in a.variant) + "".join(f' --keep "{k}"' for k in a.keep) + \
        (f" --out {a.out}" if a.out != ap.get_default("out") else "") + \
        (f" --suite {suite_name}" if a.suite != SUITE else "")
    write_section(section, "\n".join(lines), cmd)
    from lamkit.jsonl import write_json_atomic

    write_json_atomic(out_json, {"suite": str(a.suite), "rows": rows})


if __name__ == "__main__":
    main()
