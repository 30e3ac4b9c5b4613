"""Prompt length of a trained run, as its final checkpoint renders it, on held-out test steps.

The issue's target is a median step prompt of at most 450 tokens with SmolLM2's tokenizer
(system + user, chat template, generation prompt; the checkpoint's own tokenizer, which
is SmolLM2's for the standard profile), since prompt tokens are most of a CPU
step's cost. ranker_bench.py measures prompts with the default render settings; this one
renders each held-out step with the settings the run's final checkpoint was trained with
(its ranker, exemplar index, values, targets and history: ``lamkit_train_config.json``),
so the figure is what the model really reads. Each prompt section ("Request:",
"Document:", "Controls:", ...) is tokenized alone too, to show where the tokens go.

    .venv/bin/python benchmarks/prompt_bench.py --run runs/standard-cpu
    .venv/bin/python benchmarks/prompt_bench.py --run runs/quickstart --quick   # 40 steps, prints only
    .venv/bin/python benchmarks/prompt_bench.py --run runs/quickstart --tokenizer smollm2 --layouts 1 2

``--layouts``: render the same steps in each prompt layout (``RenderSettings.version``;
default: the checkpoint's own), so a layout's length is compared on identical steps.
``--tokenizer smollm2`` counts with SmolLM2's tokenizer whatever the checkpoint's (the tiny
quickstart model has its own): the figure the 135M model would read.

Writes the ``prompt_<profile>`` section of benchmarks/RESULTS.md and
benchmarks/results/prompt_<profile>.json.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402

TARGET = 450
#: The headers lamkit.agent.prompting.render_step starts its sections with (a control's own
#: label may also end in a colon, so only these count).
HEADERS = ("Request", "Previous actions", "Similar task", "Its next step", "Plan", "Document", "Targets", "Values",
           "Controls", "Menus")
_SECTION = re.compile(r"^(" + "|".join(HEADERS) + r"):(?: |$)", re.M)


def sections(user: str) -> dict[str, str]:
    """The user message cut at its section headers: header -> text (header included)."""
    starts = [(m.start(), m.group(1)) for m in _SECTION.finditer(user)]
    out: dict[str, str] = {}
    for (pos, name), (end, _) in zip(starts, starts[1:] + [(len(user), "")]):
        out[name] = out.get(name, "") + user[pos:end]
    return out


def measure(run: Path, limit: int, layout: int | None = None, tokenizer: str = "checkpoint") -> dict:
    """Prompt token counts of ``run``'s held-out test steps, rendered with its final checkpoint's
    settings (in prompt layout ``layout`` when given), counted by the checkpoint's tokenizer or
    SmolLM2's (``tokenizer="smollm2"``)."""
    from lamkit.agent.prompting import RenderSettings
    from lamkit.evaluate.offline import load_test_trajectories
    from transformers import AutoTokenizer
    from lamkit.pipeline import Paths
    from lamkit.train.data import step_render

    cks = sorted(d for d in (run / "checkpoints").glob("phase[1-4]") if (d / "DONE").exists())
    if not cks:
        raise SystemExit(f"{run}: no finished phase checkpoint under checkpoints/")
    ck = cks[-1]
    render = RenderSettings.model_validate(json.loads((ck / "lamkit_train_config.json").read_text())["render"])
    if layout is not None:
        render = render.model_copy(update={"version": layout})
    trajs = load_test_trajectories([Paths(run).run], split="test")  # the pipeline's collection
    if not trajs:
        raise SystemExit(f"{run}: no held-out test trajectories in its collection")
    if tokenizer == "smollm2":
        from lamkit.models.backbone import smollm2_tokenizer

        tok = smollm2_tokenizer()
    else:
        tok = AutoTokenizer.from_pretrained(str(ck))  # the checkpoint's own: SmolLM2's for the standard profile

    def n_tokens(text: str) -> int:
        return len(tok(text, add_special_tokens=False)["input_ids"])

    totals, system, parts = [], [], {}
    for t in trajs:
        for i in range(len(t.steps)):
            if limit and len(totals) >= limit:
                break
            msgs = step_render(t, i, render).messages
            totals.append(n_tokens(tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)))
            system.append(n_tokens(msgs[0]["content"]))
            for name, text in sections(msgs[1]["content"]).items():
                parts.setdefault(name, []).append(n_tokens(text))
    totals.sort()
    steps = len(totals)
    return {"run": str(run), "checkpoint": ck.name, "layout": render.version, "tokenizer": tokenizer,
            "tokenizer_vocab": len(tok), "steps": steps, "median": statistics.median(totals),
            "p90": statistics.quantiles(totals, n=10)[8] if steps >= 10 else totals[-1], "max": totals[-1],
            "within_target": sum(n <= TARGET for n in totals) / steps, "target": TARGET,
            "system_median": statistics.median(system),
            # a section's median over the steps that have it, and how many do
            "sections": {k: {"median": statistics.median(v), "share_of_steps": round(len(v) / steps, 3)}
                         for k, v in sorted(parts.items(), key=lambda kv: -statistics.median(kv[1]))}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, required=True, help="a pipeline run folder with checkpoints and test trajectories")
    ap.add_argument("--layouts", type=int, nargs="*", default=[], help="prompt layouts to render (default: the checkpoint's)")
    ap.add_argument("--tokenizer", choices=("checkpoint", "smollm2"), default="checkpoint")
    ap.add_argument("--quick", action="store_true", help="40 steps, prints only")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--name", default=None,
                    help="the section's name, prompt_NAME (default: the run's profile; give one for a second run of a profile)")
    a = ap.parse_args()
    rs = [measure(a.run, 40 if a.quick else 0, layout, a.tokenizer) for layout in (a.layouts or [None])]
    for r in rs:
        print(f"{r['steps']} test steps of {a.run} ({r['checkpoint']}'s renderer, layout {r['layout']}, {r['tokenizer']} "
              f"tokenizer): prompt tokens median {r['median']:.0f}, p90 {r['p90']:.0f}, max {r['max']}; "
              f"{r['within_target']:.0%} within {TARGET}; system prompt {r['system_median']:.0f}")
        for k, v in r["sections"].items():
            print(f"  {k}: median {v['median']:.0f} ({v['share_of_steps']:.0%} of steps)")
    if a.quick or a.no_write:
        return
    r0 = rs[0]
    profile = a.name or (json.loads((a.run / "pipeline.json").read_text())["profile"] if (a.run / "pipeline.json").exists()
                         else a.run.name)
    tok = ("SmolLM2's tokenizer (the 135M model's)" if a.tokenizer == "smollm2" else
           f"the checkpoint's tokenizer ({r0['tokenizer_vocab']:,} tokens: SmolLM2's for the 135M model)")
    lines = [f"## Prompt length: {profile} (`benchmarks/prompt_bench.py`)", "",
             f"Run `{a.run}`, {r0['steps']} held-out test steps rendered with its final checkpoint's (`{r0['checkpoint']}`) "
             f"settings, in each prompt layout listed (`RenderSettings.version`), counted with {tok}; system + user "
             f"with the chat template. Target: median <= {TARGET}.", "",
             "| layout | median | p90 | max | steps within the target | system prompt (median) |",
             "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['layout']} | **{r['median']:.0f}** | {r['p90']:.0f} | {r['max']} | {r['within_target']:.0%} | "
              f"{r['system_median']:.0f} |" for r in rs]
    names = list(dict.fromkeys(k for r in rs for k in r["sections"]))
    lines += ["", "Where the user message's tokens go (each section tokenized alone; median over the steps that have it, "
              "and the share of steps that have it):", "",
              "| section | " + " | ".join(f"layout {r['layout']}" for r in rs) + " |", "| --- |" + " --- |" * len(rs)]
    for k in names:
        cells = [f"{r['sections'][k]['median']:.0f} ({r['sections'][k]['share_of_steps']:.0%})" if k in r["sections"] else "–"
                 for r in rs]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    cmd = f".venv/bin/python benchmarks/prompt_bench.py --run {a.run}"
    cmd += f" --tokenizer {a.tokenizer}" if a.tokenizer != "checkpoint" else ""
    cmd += (" --layouts " + " ".join(map(str, a.layouts))) if a.layouts else ""
    cmd += f" --name {a.name}" if a.name else ""
    write_section(f"prompt_{profile}", "\n".join(lines), cmd)
    from lamkit.jsonl import write_json_atomic

    write_json_atomic(ROOT / "benchmarks" / "results" / f"prompt_{profile}.json", rs[0] if len(rs) == 1 else
                      {"layouts": {str(r["layout"]): r for r in rs}, "target": TARGET})


if __name__ == "__main__":
    main()
