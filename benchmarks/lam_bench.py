"""Does the LAM do the tasks? Figures of finished pipeline runs (issue 13).

Reads pipeline run folders (``lamkit pipeline``: ``pipeline.json``, ``evaluate/``,
``collect/``, ``checkpoints/``) and writes the "lam" section of benchmarks/RESULTS.md
and benchmarks/results/lam.json:

- quickstart: the final phase's online TSR on the held-out test tasks, mean ± std over
  seeds (one run folder per seed), and its invalid answers;
- standard: the final phase's online TSR, offline SSR, median step latency and task
  time, invalid answers;
- zero-shot: the untrained backbone's online TSR (a standard run runs it online);
- ranker recall@k on the run's held-out steps: the gold control is among the k names
  the prompt shows (k = the final checkpoint's ``max_candidates``), with the ranker that
  checkpoint renders with (``benchmarks/ranker_bench.py``'s ``hit_rank``);
- target resolution on the run's held-out ``select_text`` steps: the expert's text is the
  first option / among the options the final checkpoint renders (``lamkit.agent.targets``);
- per phase offline SSR/TSR with their bootstrap 95% intervals; online TSR by target_ref;
- the hint weight phase 2 chose on validation data, with its grid (lamkit.train.calibrate).

A figure that was not measured is null, never invented.

    .venv/bin/python benchmarks/lam_bench.py --runs runs/quickstart [--runs runs/standard]
    .venv/bin/python benchmarks/lam_bench.py --seeds 0 1 2          # runs the quickstart into runs/lam-seed-N (resumable)
    .venv/bin/python benchmarks/lam_bench.py --seeds 0 --quick      # the same, one seed, recall on <= 200 steps
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402

from lamkit.errors import LamkitError  # noqa: E402
from lamkit.jsonl import iter_jsonl, write_json_atomic  # noqa: E402

RESULTS_JSON = Path(__file__).with_name("results") / "lam.json"


# ----------------------------------------------------------------------------- reading one run
def _json(p: Path) -> dict:
    return json.loads(p.read_text()) if p.exists() else {}


def final_phase(names) -> str | None:
    """The last trained phase among policy names ("phase4" over "phase2")."""
    phases = sorted((n for n in names if n.startswith("phase") and n[5:].isdigit()), key=lambda n: int(n[5:]))
    return phases[-1] if phases else None


def episode_times(run_dir: Path) -> list[float]:
    """Each episode's wall time of one policy's online run folder (env errors left out)."""
    out = []
    for name in ("pass", "fail", "unsure"):
        for r in iter_jsonl(run_dir / "execution" / f"{name}.jsonl", strict=False) if (run_dir / "execution" / f"{name}.jsonl").exists() else ():
            if (r.get("verdict") or {}).get("judge") == "env_error" or not r.get("trajectory"):
                continue
            secs = (r["trajectory"].get("timings") or {}).get("episode_s")
            if secs is not None:
                out.append(float(secs))
    return out


def ranker_recall(run: Path, limit: int = 0, k: int | None = None) -> tuple[float | None, int | None, int]:
    """(recall@k, k, steps) on the run's held-out (non-train) successful expert steps that name a control,
    with the ranker and ``max_candidates`` the final checkpoint renders with."""
    from ranker_bench import examples, hit_rank, load

    from lamkit.agent.prompting import RenderSettings, ranker_for

    data = run / "collect"
    if not (data / "execution" / "pass.jsonl").exists():
        return None, k, 0
    settings = RenderSettings()
    ph = final_phase(p.name for p in (run / "checkpoints").glob("phase*")) if (run / "checkpoints").exists() else None
    cfg = _json(run / "checkpoints" / ph / "lamkit_train_config.json") if ph else {}
    if isinstance(cfg.get("render"), dict):
        try:
            settings = RenderSettings.model_validate(cfg["render"])
        except ValueError:
            pass
    k = k or settings.max_candidates
    ranker = ranker_for(settings)
    held = [t for t in load(data) if t.task.split != "train"]
    steps = [e for e in examples(held) if e[3].action.args.get("control_label") not in (None, "")]
    if limit:
        steps = steps[:limit]
    if not steps:
        return None, k, 0
    hits = sum(1 for req, obs, hist, gold in steps if (r := hit_rank(ranker, req, obs, hist, gold)) is not None and r <= k)
    return hits / len(steps), k, len(steps)


def target_recall(run: Path, limit: int = 0) -> dict[str, Any]:
    """Target resolution (lamkit.agent.targets) on the run's held-out successful expert
    ``select_text`` steps: how often the expert's text is the first option, and among the
    options the final checkpoint renders (``max_targets``, read in its prompt layout)."""
    from ranker_bench import examples, load

    from lamkit.agent.prompting import RenderSettings, step_targets

    data = run / "collect"
    out: dict[str, Any] = {"target_recall_at_1": None, "target_recall_at_k": None, "target_k": None, "target_steps": 0}
    if not (data / "execution" / "pass.jsonl").exists():
        return out
    ph = final_phase(p.name for p in (run / "checkpoints").glob("phase*")) if (run / "checkpoints").exists() else None
    cfg = _json(run / "checkpoints" / ph / "lamkit_train_config.json") if ph else {}
    render = RenderSettings.model_validate(cfg["render"]) if isinstance(cfg.get("render"), dict) else RenderSettings()
    k = render.max_targets
    held = [t for t in load(data) if t.task.split != "train"]
    steps = [e for e in examples(held) if e[3].action.function == "select_text"]
    if limit:
        steps = steps[:limit]
    if not steps or not k:
        return {**out, "target_k": k}
    ranks = []
    for req, obs, hist, gold in steps:
        opts = [t.text for t in step_targets(req, obs.outline, hist, render)]
        ranks.append(opts.index(gold.action.args.get("text")) + 1 if gold.action.args.get("text") in opts else None)
    n = len(ranks)
    return {"target_recall_at_1": sum(r == 1 for r in ranks) / n, "target_recall_at_k": sum(r is not None for r in ranks) / n,
            "target_k": k, "target_steps": n}


def hint_ablation(run: Path, limit: int = 0) -> dict[str, Any] | None:
    """What the model and the renderer's hints each contribute: the final checkpoint scored
    offline on the run's held-out test trajectories with ``decoding.hint_weight`` 0 (the
    model alone), the configured weight, and 100 (the hints decide wherever they exist).
    The configured weight is the product; the other two are ablations, never chosen on
    this split. None when the run has no checkpoint or no test trajectories."""
    from lamkit.agent.model_policy import checkpoint_policy
    from lamkit.evaluate.offline import evaluate_offline
    from lamkit.pipeline import offline_test_sets

    ph = final_phase(p.name for p in (run / "checkpoints").glob("phase*")) if (run / "checkpoints").exists() else None
    if ph is None or not (run / "collect").exists():
        return None
    # the family tasks' trajectories the pipeline's offline evaluation scores, so the configured row is that table's
    trajs, _help = offline_test_sets(run / "collect", limit)
    if not trajs:
        return None
    policy = checkpoint_policy(str(run / "checkpoints" / ph))
    configured = policy.decoding.hint_weight
    out: dict[str, Any] = {"run": str(run), "phase": ph, "trajectories": len(trajs), "configured_weight": configured, "rows": []}
    for label, w in (("model alone", 0.0), ("model + hints (configured)", configured), ("hints alone", 100.0)):
        if label.startswith("model +") and configured in (0.0, 100.0):
            continue
        policy.decoding = policy.decoding.model_copy(update={"hint_weight": w})
        m, _ = evaluate_offline(trajs, policy, name=label)
        out["rows"].append({"policy": label, "hint_weight": w, "ssr": m.step_success_rate, "ssr_ci": m.ssr_ci,
                            "tsr": m.task_success_rate, "tsr_ci": m.tsr_ci, "steps": m.steps, "tasks": m.tasks,
                            "value_acc": m.argument_acc, "strict_ssr": m.strict_step_success_rate,
                            "strict_tsr": m.strict_task_success_rate})
    return out


def wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    """95% Wilson interval of k successes in n (a rate over few tasks: never [0, 0] at k = 0)."""
    if n <= 0:
        return None
    p, d = k / n, 1 + z * z / n
    c, h = (p + z * z / (2 * n)) / d, z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / d
    return [max(0.0, c - h), min(1.0, c + h)]


def phase_changes(run: Path, off: dict) -> dict[str, Any]:
    """What phases 3 and 4 changed (the issue asks it of each phase, with an interval):
    phase 3, its new successes among the tasks it explored (Wilson interval over those tasks)
    and the offline test TSR/SSR before and after it (bootstrap intervals over tasks, from the
    evaluation); phase 4, its preference pairs and optimizer steps, and its note when it kept
    phase 3's weights (then it changed no answer)."""
    m3 = _json(run / "checkpoints" / "phase3" / "metrics.json") or {}
    m4 = _json(run / "checkpoints" / "phase4" / "metrics.json") or {}
    explored, new = m3.get("explored_tasks"), m3.get("new_successes")
    out: dict[str, Any] = {"phase3": {"explored_tasks": explored, "new_successes": new,
                                      "new_success_ci": wilson(new, explored) if explored and new is not None else None}}
    for a, b in (("phase2", "phase3"), ("phase3", "phase4")):
        if a in off and b in off:
            out[f"{a}->{b}"] = {k: [off[a][f], off[b][f], off[a].get(f"{k}_ci"), off[b].get(f"{k}_ci")]
                                for k, f in (("tsr", "task_success_rate"), ("ssr", "step_success_rate"))}
    out["phase4"] = {"pairs": m4.get("pairs"), "steps": m4.get("steps"), "note": m4.get("note")}
    return out


def read_run(run: Path) -> dict[str, Any]:
    """The figures of one finished pipeline run folder."""
    st = _json(run / "pipeline.json")
    if not st:
        raise LamkitError(f"{run}: no pipeline.json (not a `lamkit pipeline` run folder)")
    off = _json(run / "evaluate" / "offline.json")
    on = _json(run / "evaluate" / "online" / "online.json")
    fin_on, fin_off = final_phase(on), final_phase(off)
    out: dict[str, Any] = {"run": str(run), "profile": st.get("profile"),
                           "split_rule": _json(run / "collect" / "instantiation" / "split.json").get("rule"),
                           "final_online": fin_on, "final_offline": fin_off}
    m = on.get(fin_on) if fin_on else None
    out["online"] = None if m is None else {
        "tsr": m["task_success_rate"], "tsr_ci": m.get("tsr_ci"), "tasks": m["tasks"],
        "invalid_answers": m.get("invalid_answers"), "step_latency_median_s": m["step_latency_s"]["p50"] if m["latencies"] else None,
        "task_time_median_s": (statistics.median(t) if (t := episode_times(run / "evaluate" / "online" / fin_on)) else None),
        "by_target_ref": {k: {"tasks": v["tasks"], "tsr": v["task_success_rate"]} for k, v in (m.get("by_target_ref") or {}).items()},
        "by_compound": {k: {"tasks": v["tasks"], "tsr": v["task_success_rate"]} for k, v in (m.get("by_compound") or {}).items()},
    }
    p2 = _json(run / "checkpoints" / "phase2" / "metrics.json") or {}
    # the hint weight chosen on validation (lamkit.train.calibrate): in phase 2, or after phase 4 (posthoc)
    out["calibration"] = p2.get("calibration") or _json(run / "checkpoints" / "posthoc_calibration.json")
    out["phase_changes"] = phase_changes(run, off)
    out["online_all"] = {n: {"tsr": v["task_success_rate"], "tsr_ci": v.get("tsr_ci"), "tasks": v["tasks"],
                             "invalid_answers": v.get("invalid_answers")} for n, v in on.items()}
    out["offline"] = {n: {"ssr": v["step_success_rate"], "ssr_ci": v.get("ssr_ci"), "tsr": v["task_success_rate"],
                          "tsr_ci": v.get("tsr_ci"), "tasks": v["tasks"], "steps": v["steps"],
                          # the value typed/selected checked too (metrics.strict_success); absent before stop 23
                          "value_acc": v.get("argument_acc"), "strict_ssr": v.get("strict_step_success_rate"),
                          "strict_tsr": v.get("strict_task_success_rate"),
                          "invalid_answers": v.get("invalid_answers"),
                          "by_target_ref": {k: {"tasks": g["tasks"], "tsr": g["task_success_rate"]}
                                            for k, g in (v.get("by_target_ref") or {}).items()}}
                      for n, v in off.items()}
    return out


# ----------------------------------------------------------------------------- figures across runs
def _mean_std(xs: list[float]) -> tuple[float | None, float | None]:
    xs = [x for x in xs if x is not None]
    if not xs:
        return None, None
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)


def is_standard(run: dict) -> bool:
    """A run of the standard profile: trained for its epochs (``standard``, a GPU) or for a step
    budget (``standard-cpu``); the figures name which."""
    return run["profile"] in ("standard", "standard-cpu")


def figures(runs: list[dict], recall: tuple[float | None, int | None, int]) -> dict[str, Any]:
    quick = [r for r in runs if r["profile"] == "quickstart"]
    std = next((r for r in runs if is_standard(r)), None)
    qt = [r["online"]["tsr"] for r in quick if r["online"]]
    tsr, sd = _mean_std(qt)
    res: dict[str, Any] = {
        "quickstart": {
            "online_tsr": tsr, "online_tsr_std": sd if len(qt) > 1 else None, "online_tsr_per_seed": qt,
            "online_tasks": quick[0]["online"]["tasks"] if quick and quick[0]["online"] else None,
            "invalid_answers": (sum(r["online"]["invalid_answers"] or 0 for r in quick if r["online"]) if qt else None),
            "seeds": len(qt),
        },
        "standard": {k: None for k in ("online_tsr", "online_tasks", "offline_ssr", "step_latency_median_s",
                                       "task_time_median_s", "invalid_answers")},
        "zero_shot": {"online_tsr": None, "online_tasks": None},
        "ranker_recall_at_k": recall[0], "k": recall[1], "ranker_steps": recall[2],
        "runs": runs,
    }
    if std:
        o = std["online"] or {}
        fo = std["offline"].get(std["final_offline"] or "", {})
        res["standard"] = {"online_tsr": o.get("tsr"), "online_tasks": o.get("tasks"), "offline_ssr": fo.get("ssr"),
                           "offline_strict_ssr": fo.get("strict_ssr"), "offline_value_acc": fo.get("value_acc"),
                           "step_latency_median_s": o.get("step_latency_median_s"),
                           "task_time_median_s": o.get("task_time_median_s"), "invalid_answers": o.get("invalid_answers"),
                           "profile": std["profile"], "run": std["run"]}
    # each column's own zero-shot row: the untrained backbone rendering as that column's model does
    zs = next((r["online_all"]["zero_shot"] for r in quick if "zero_shot" in r["online_all"]), None)
    if zs:
        res["zero_shot"] = {"online_tsr": zs["tsr"], "online_tasks": zs["tasks"]}
    if std and "zero_shot" in std["online_all"]:
        res["standard"]["zero_shot_online_tsr"] = std["online_all"]["zero_shot"]["tsr"]
        res["standard"]["zero_shot_online_tasks"] = std["online_all"]["zero_shot"]["tasks"]
    return res


def _p(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _ci(ci) -> str:
    return f"[{_p(ci[0])}, {_p(ci[1])}]" if ci else "–"


def _n(x, unit: str = "") -> str:
    return "–" if x is None else (f"{x:.2f}{unit}" if isinstance(x, float) else f"{x}{unit}")


def _in_base_column(res: dict, cell: str) -> str:
    """``cell`` in the column of the run it was measured on (the standard run when there is one,
    lam_bench's ``base``), the other column empty: the rest of a table row."""
    return f"| {cell} |" if any(is_standard(r) for r in res.get("runs", [])) else f"{cell} | |"


def markdown(res: dict) -> str:
    q, s, z = res["quickstart"], res["standard"], res["zero_shot"]
    seeds = (f" ± {_p(q['online_tsr_std'])} over {q['seeds']} seeds" if q["online_tsr_std"] is not None
             else f" ({q['seeds']} seed)" if q["seeds"] else "")
    lines = ["## LAM: does the model do the tasks? (`benchmarks/lam_bench.py`)", "",
             f"| figure | quickstart | {s.get('profile') or 'standard'} |", "| --- | --- | --- |",
             f"| final phase online TSR (test tasks) | {_p(q['online_tsr'])}{seeds} ({_n(q['online_tasks'])}) | "
             f"{_p(s['online_tsr'])} ({_n(s['online_tasks'])}) |",
             f"| invalid answers (online, final phase) | {_n(q['invalid_answers'])} | {_n(s['invalid_answers'])} |",
             f"| offline SSR (final phase) | – | {_p(s['offline_ssr'])} |",
             f"| offline value accuracy / strict SSR (the typed or selected text checked too) | – | "
             f"{_p(s.get('offline_value_acc'))} / {_p(s.get('offline_strict_ssr'))} |",
             f"| step latency median / task time median | – | {_n(s['step_latency_median_s'], ' s')} / "
             f"{_n(s['task_time_median_s'], ' s')} |",
             f"| zero-shot online TSR (tasks) | {_p(z['online_tsr'])} ({_n(z['online_tasks'])})"
             f"{' (run `' + z['from'] + '`: its own render settings)' if z.get('from') else ''} | "
             + (f"{_p(s['zero_shot_online_tsr'])} ({_n(s['zero_shot_online_tasks'])}) |" if s.get("zero_shot_online_tasks") else "– |"),
             f"| ranker recall@{_n(res['k'])} ({res['ranker_steps']} held-out steps) | "
             + _in_base_column(res, _p(res['ranker_recall_at_k'])),
             f"| target first / among {_n(res.get('target_k'))} options ({res.get('target_steps', 0)} held-out select_text steps) | "
             + _in_base_column(res, f"{_p(res.get('target_recall_at_1'))} / {_p(res.get('target_recall_at_k'))}"),
             ""]
    if s.get("measured"):
        kept = [f"the {s.get('profile')} column", "the ranker and target recall rows"] + (
            ["the zero-shot row"] if z.get("measured") else []) + [
            "the hint ablation", "the online variants", f"the {s.get('profile')} run's table below"]
        lines += [f"_Kept, not measured by this run of the benchmark (`--keep-standard`): {', '.join(kept[:-1])} and "
                  f"{kept[-1]} were measured "
                  f"{s['measured']}._", ""]
    if res.get("online_variants"):
        lines += ["Other online evaluations of the same test tasks (`--online-variant`):", "",
                  "| variant | TSR [95% CI] (tasks) | single / two-edit | invalid |", "| --- | --- | --- | --- |"]
        for v in res["online_variants"]:
            comp = v["by_compound"]
            split = " / ".join(f"{comp[k][0]}/{comp[k][1]}" for k in ("single", "compound") if k in comp) or "–"
            lines.append(f"| {v['label']} (`{v['file']}`) | {_p(v['tsr'])} {_ci(v['tsr_ci'])} ({v['tasks']}) | {split} | "
                         f"{_n(v['invalid_answers'])} |")
        lines.append("")
    ab = res.get("hint_ablation")
    if ab:
        lines += [f"Hint ablation ({ab['phase']} of `{ab.get('run') or (res['runs'][0]['run'] if res['runs'] else '')}`, offline, "
                  f"{ab['trajectories']} held-out test trajectories; docs/decoding.md):", "",
                  "| policy | hint_weight | SSR [95% CI] | TSR [95% CI] | value acc | strict SSR / TSR |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {r['policy']} | {r['hint_weight']:g} | {_p(r['ssr'])} {_ci(r['ssr_ci'])} | {_p(r['tsr'])} {_ci(r['tsr_ci'])} | "
                  f"{_p(r.get('value_acc'))} | {_p(r.get('strict_ssr'))} / {_p(r.get('strict_tsr'))} |"
                  for r in ab["rows"]]
        lines.append("")
    for r in res["runs"]:
        lines += [f"**{r['profile']}** `{r['run']}` (split: {r['split_rule'] or 'not recorded'})", "",
                  "| policy | offline tasks / steps | SSR [95% CI] | TSR [95% CI] | invalid | online TSR [95% CI] (tasks) |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for n in sorted(set(r["offline"]) | set(r["online_all"])):
            o, on = r["offline"].get(n), r["online_all"].get(n)
            lines.append(f"| {n} | {o['tasks']} / {o['steps']} | {_p(o['ssr'])} {_ci(o['ssr_ci'])} | {_p(o['tsr'])} {_ci(o['tsr_ci'])} | {o['invalid_answers']} | "
                         if o else f"| {n} | – | – | – | – | ")
            lines[-1] += f"{_p(on['tsr'])} {_ci(on['tsr_ci'])} ({on['tasks']}) |" if on else "– |"
        if cal := r.get("calibration"):
            how = (f"scored after phase 4 by the final model ({cal['scored_with']}), which trained on that phrasing"
                   if cal.get("posthoc") else f"calibration model trained on {cal['fit_trajectories']}")
            lines += ["", f"Hint weight chosen on validation (training phrasing {cal['held_out_phrasing']} held out: "
                      f"{cal['validation_trajectories']} validation trajectories, {how}): **{cal['hint_weight']:g}**; "
                      "validation TSR (strict TSR) by weight: "
                      + ", ".join(f"{g['hint_weight']:g} → {_p(g['tsr'])}"
                                  + (f" ({_p(g['strict_tsr'])})" if "strict_tsr" in g else "") for g in cal["grid"]) + "."]
        if pc := r.get("phase_changes"):
            p3, p4 = pc["phase3"], pc["phase4"]
            line = "What phases 3 and 4 changed:"
            if p3["explored_tasks"]:
                line += (f" phase 3 explored {p3['explored_tasks']} tasks live and succeeded on {p3['new_successes']} "
                         f"({_p(p3['new_successes'] / p3['explored_tasks'])} {_ci(p3['new_success_ci'])}, Wilson) that the "
                         f"expert data lacked;")
            if d := pc.get("phase2->phase3"):
                line += (f" offline test TSR {_p(d['tsr'][0])} → {_p(d['tsr'][1])}, SSR {_p(d['ssr'][0])} → "
                         f"{_p(d['ssr'][1])} (intervals in the table);")
            if p4["steps"] is not None:
                line += f" phase 4: {p4['pairs'] or 0} preference pairs, {p4['steps']} DPO steps" + (
                    f" ({p4['note']}: no answer changed)" if not p4["steps"] and p4["note"] else "") + "."
            lines += ["", line]
        if r["online"] and r["online"]["by_target_ref"]:
            lines += ["", f"Online TSR of {r['final_online']} by target_ref: " + ", ".join(
                f"{k} {_p(v['tsr'])} ({v['tasks']})" for k, v in r["online"]["by_target_ref"].items())
                + "; " + ", ".join(f"{k} {_p(v['tsr'])} ({v['tasks']})" for k, v in r["online"]["by_compound"].items())]
        lines.append("")
    return "\n".join(lines)


def online_variant(spec: str) -> dict[str, Any]:
    """``LABEL=PATH``: the one policy (besides the expert) of the online evaluation at PATH (an
    online.json), as a row."""
    label, sep, path = spec.partition("=")
    if not sep or not label or not path:
        raise LamkitError(f"--online-variant {spec!r}: want LABEL=PATH/online.json")
    data = _json(Path(path))
    if isinstance(data, dict) and len(data) > 1:  # the expert's row beside the policy's: the policy's
        data = {k: v for k, v in data.items() if k != "expert"}
    if not isinstance(data, dict) or len(data) != 1:
        raise LamkitError(f"--online-variant {spec!r}: {path} is not an online.json of one policy (besides the expert)")
    (policy, m), = data.items()
    return {"label": label, "file": path, "policy": policy, "tasks": m["tasks"], "successes": m["successes"],
            "tsr": m["task_success_rate"], "tsr_ci": m.get("tsr_ci"), "invalid_answers": m.get("invalid_answers"),
            "by_compound": {k: [v["successes"], v["tasks"]] for k, v in (m.get("by_compound") or {}).items()}}


def run_seeds(seeds: list[int], root: Path) -> list[Path]:
    """The quickstart once per seed into ``root/lam-seed-N`` (resumable: finished stages are skipped)."""
    from lamkit.pipeline import PROFILES, run_pipeline

    outs = []
    for n in seeds:
        out = root / f"lam-seed-{n}"
        run_pipeline(PROFILES["quickstart"].model_copy(update={"seed": n}), out)
        outs.append(out)
    return outs


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=Path, nargs="*", default=[], help="finished pipeline run folders to read")
    ap.add_argument("--seeds", type=int, nargs="*", default=[], help="run the quickstart with these seeds (runs/lam-seed-N)")
    ap.add_argument("--runs-root", type=Path, default=ROOT / "runs")
    ap.add_argument("--quick", action="store_true", help="one seed at most; ranker recall on at most 200 steps")
    ap.add_argument("--k", type=int, default=None, help="recall@k (default: the checkpoint's max_candidates)")
    ap.add_argument("--no-write", action="store_true", help="print only (do not touch RESULTS.md / results/lam.json)")
    ap.add_argument("--ablation-limit", type=int, default=0, metavar="N",
                    help="score the hint ablation on N test trajectories only (0: all; the 135M model takes ~2 s a step): the sample offline evaluation takes (lamkit.evaluate.offline.sample_trajectories)")
    ap.add_argument("--no-ablation", action="store_true", help="skip the hint-weight ablation (three offline scorings)")
    ap.add_argument("--zero-shot-from", type=Path, default=None,
                    help="a run whose online zero-shot row to report when none of --runs has one (the table names it)")
    ap.add_argument("--keep-standard", metavar="WHEN", default=None,
                    help="no standard run among --runs: keep the standard figures of benchmarks/results/lam.json (its "
                         "run's tables, ranker and target recall, hint ablation, online variants, and the zero-shot row "
                         "when none is measured), measured earlier; WHEN says when, for the report (figures kept before keep "
                         "their first WHEN)")
    ap.add_argument("--online-variant", action="append", default=[], metavar="LABEL=ONLINE_JSON",
                    help="another online evaluation of the same test tasks (an online.json of `lamkit evaluate "
                         "online`, one policy) to report beside the standard row, e.g. an earlier decoder; repeatable")
    a = ap.parse_args(argv)
    seeds = a.seeds[:1] if a.quick else a.seeds
    folders = list(a.runs) + (run_seeds(seeds, a.runs_root) if seeds else [])
    if not folders:
        ap.error("give --runs FOLDER... or --seeds N...")
    runs = [read_run(f) for f in folders]
    if a.keep_standard:
        return keep_standard(a, runs, argv)
    base = next((Path(r["run"]) for r in runs if is_standard(r)), Path(runs[0]["run"]))
    res = figures(runs, ranker_recall(base, limit=200 if a.quick else 0, k=a.k))
    if res["zero_shot"]["online_tsr"] is None and a.zero_shot_from:
        zs = read_run(a.zero_shot_from)["online_all"].get("zero_shot")
        if zs is None:
            raise LamkitError(f"{a.zero_shot_from} has no online zero-shot row")
        res["zero_shot"] = {"online_tsr": zs["tsr"], "online_tasks": zs["tasks"], "from": str(a.zero_shot_from)}
    res["online_variants"] = [online_variant(spec) for spec in a.online_variant]
    res.update(target_recall(base, limit=200 if a.quick else 0))
    if not a.no_ablation:
        res["hint_ablation"] = hint_ablation(base, limit=5 if a.quick else a.ablation_limit)
    return publish(res, a, argv)


def publish(res: dict, a, argv) -> dict:
    """Print the figures and (unless ``--no-write``) write results/lam.json and the "lam" section."""
    print(json.dumps({k: v for k, v in res.items() if k != "runs"}, indent=1))
    if not a.no_write:
        old = _json(RESULTS_JSON) or {}
        # keys other benchmarks own in the same file (learning_curve_bench.py) are kept
        write_json_atomic(RESULTS_JSON, {**{k: v for k, v in old.items() if k == "learning_curve"}, **res})
        cmd = "python benchmarks/lam_bench.py " + shlex.join(sys.argv[1:] if argv is None else argv)
        write_section("lam", markdown(res), cmd.strip())
    return res


#: What a standard run measured, besides its own row and tables: kept together by --keep-standard.
STANDARD_KEYS = ("ranker_recall_at_k", "k", "ranker_steps", "online_variants", "target_recall_at_1",
                 "target_recall_at_k", "target_k", "target_steps", "hint_ablation")


def keep_standard(a, runs: list[dict], argv) -> dict:
    """The quickstart runs measured now beside the standard figures measured earlier (a
    standard run takes hours here; a session may retrain only the quickstart). The standard
    column, its run's tables and what was measured on its data are taken from results/lam.json
    unchanged, and marked with when they were measured."""
    if any(is_standard(r) for r in runs):
        raise LamkitError("--keep-standard: a standard run is among --runs; measure it instead")
    old = _json(RESULTS_JSON) or {}
    kept = [r for r in old.get("runs", []) if is_standard(r)]
    if not kept or not old.get("standard", {}).get("online_tsr"):
        raise LamkitError(f"--keep-standard: {RESULTS_JSON} holds no standard run to keep")
    res = figures(runs + kept, (old["ranker_recall_at_k"], old["k"], old["ranker_steps"]))
    res.update({k: old[k] for k in STANDARD_KEYS if k in old})
    # figures kept twice stay dated by their first keeping: they were measured then, not now
    res["standard"]["measured"] = old["standard"].get("measured") or a.keep_standard
    if res["zero_shot"]["online_tsr"] is None and old.get("zero_shot", {}).get("online_tsr") is not None:
        res["zero_shot"] = {**old["zero_shot"], "measured": old["zero_shot"].get("measured") or a.keep_standard}
    return publish(res, a, argv)


if __name__ == "__main__":
    try:
        main()
    except LamkitError as e:  # bad input: one line, not a traceback
        sys.exit(f"lam_bench: {e}")
