"""Candidate ranker and prompt size on recorded steps (issue 13, part 1).

Measures, on held-out (test-split) steps of successful expert trajectories:
- recall@k (k = 5, 10, 20): the expert's control is among the first k candidates
  and its stable name grounds back to a control the expert's step accepts;
- prompt tokens with SmolLM2's tokenizer (system + user, chat template), median and p90;
- the share of expert answers that fall inside the step's ActionSpace.
The learned part of the ranker is fitted on train-split steps only.

    .venv/bin/python benchmarks/ranker_bench.py --data /tmp/h5a-run [--quick] [--save-ranker PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lamkit.agent.candidates import Ranker, name_of_label, resolve  # noqa: E402
from lamkit.evaluate.metrics import acceptable_labels  # noqa: E402
from lamkit.jsonl import iter_jsonl  # noqa: E402
from lamkit.schema import Trajectory  # noqa: E402


def load(data: Path) -> list[Trajectory]:
    f = data / "execution" / "pass.jsonl" if data.is_dir() else data
    out = []
    for r in iter_jsonl(f):
        t = Trajectory.model_validate(r["trajectory"] if "trajectory" in r else r)
        if t.verdict is None or t.verdict.success:
            out.append(t)
    return out


def examples(trajs):
    for t in trajs:
        for i, s in enumerate(t.steps):
            yield t.task.request, s.observation, t.steps[:i], s


def hit_rank(ranker: Ranker, request, obs, history, gold, k_max: int = 50) -> int | None:
    """1-based position of the gold control among the candidates, None if absent."""
    names = ranker.select(request, obs, history, k=k_max)
    want = acceptable_labels(gold)
    for i, n in enumerate(names, start=1):
        c = resolve(n, gold.action.function, obs)
        if c is not None and c.label in want:
            return i
    return None


def prompt_figures(trajs, held_out, fitted: Ranker) -> dict:
    """Prompt tokens (SmolLM2's tokenizer, chat template) of every held-out step rendered with
    the fitted ranker and default settings, and how many expert answers fall inside the space."""
    import tempfile

    from lamkit.agent.prompting import RenderSettings, parse_answer
    from lamkit.models.backbone import smollm2_tokenizer
    from lamkit.train.data import step_answer, step_render

    tok = smollm2_tokenizer()
    with tempfile.TemporaryDirectory() as d:
        settings = RenderSettings(ranker=str(fitted.save(Path(d) / "ranker.json")))
        lens, chars, inside, outside = [], [], 0, Counter()
        for t in held_out:
            for i, s in enumerate(t.steps):
                r = step_render(t, i, settings)
                text = tok.apply_chat_template(r.messages, tokenize=False, add_generation_prompt=True)
                lens.append(len(tok(text, add_special_tokens=False)["input_ids"]))
                chars.append(len(r.messages[1]["content"]))
                ans = parse_answer(step_answer(s, settings))
                why = r.space.violation(ans.function, ans.args, ans.status)
                if why is None:
                    inside += 1
                else:
                    outside[why.split(" ")[0] + " " + why.split(" ")[1]] += 1
    lens.sort()
    q = statistics.quantiles(lens, n=10)
    return {"prompt_tokens": {"steps": len(lens), "median": statistics.median(lens), "p90": q[8], "max": lens[-1]},
            "user_chars_median": statistics.median(chars),
            "expert_answers_inside_space": round(inside / max(1, len(lens)), 4),
            "outside_space_reasons": dict(outside.most_common(8))}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True, help="run folder or execution JSONL")
    ap.add_argument("--quick", action="store_true", help="recall only, on at most 200 test steps, no tokenizer")
    ap.add_argument("--save-ranker", type=Path, help="write the ranker fitted on the train split here")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    a = ap.parse_args(argv)
    trajs = load(a.data)
    train = [t for t in trajs if t.task.split == "train"]
    test = [t for t in trajs if t.task.split != "train"]  # held out: test and validation tasks
    t0 = time.monotonic()
    fitted = Ranker.fit(examples(train))
    fit_s = time.monotonic() - t0
    if a.save_ranker:
        fitted.save(a.save_ranker)
    steps = [e for e in examples(test) if e[3].action.args.get("control_label") not in (None, "")]
    if a.quick:
        steps = steps[:200]
    res = {"trajectories": {"train": len(train), "held_out": len(test)}, "held_out_steps_with_control": len(steps),
           "fit_steps": fitted.model.steps, "fit_s": round(fit_s, 3)}
    every = [e for e in examples(trajs) if e[3].action.args.get("control_label") not in (None, "")]
    runs = [("rules", Ranker(), steps), ("fitted", fitted, steps)]
    if not a.quick:
        runs.append(("rules_all_steps", Ranker(), every))  # rules learn nothing: every step is held out
    for label, rk, these in runs:
        ranks, misses = [], []
        t0 = time.monotonic()
        for req, obs, hist, gold in these:
            r = hit_rank(rk, req, obs, hist, gold)
            ranks.append(r)
            if r is None or r > 20:
                misses.append((req, gold.index, name_of_label(gold.action.args["control_label"], obs), r))
        sec = time.monotonic() - t0
        res[label] = {f"recall@{k}": round(sum(1 for r in ranks if r is not None and r <= k) / max(1, len(ranks)), 4)
                      for k in (5, 10, 20)}
        res[label]["steps"] = len(these)
        res[label]["ms_per_step"] = round(1000 * sec / max(1, len(these)), 2)
        if a.show_misses:
            res[label]["misses"] = misses[:30]
    if not a.quick:
        res.update(prompt_figures(trajs, test, fitted))
    print(json.dumps(res, indent=1))
    if a.out:
        a.out.write_text(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
