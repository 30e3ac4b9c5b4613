"""Decision latency of constrained decoding vs free generation, float32, int8 and bf16 (issue 13, part 2).

Run: .venv/bin/python benchmarks/decoding_bench.py [--quick] [--prompts 12]
Writes its section of benchmarks/RESULTS.md.

For each model (the bundled SmolLM2-135M-Instruct, and the tiny profile's fresh
Llama over a byte-level BPE trained on these prompts, as phase 1 trains it), on
step prompts of ~450 SmolLM2 tokens (system message + request, history, numbered
document paragraphs, 20 candidate controls), one decision each:
- free: ``model.generate`` greedy for as many tokens as a typical answer takes
  (what a trained model writes before its end token);
- constrained, answer fields function/args/status: cold (no prefix cache) and
  warm (the KV of the prefix shared with the previous prompt, the system message,
  reused);
- constrained with thought and plan too (their cost);
- each again with int8 dynamic quantization of the Linear layers and with bfloat16
  weights (``decoding.bf16``; fast where the CPU has AMX or AVX512-BF16), and how often
  each one's constrained answer equals the float32 one (random/untrained weights:
  agreement measures numerical fidelity, not task accuracy).
The figures depend on the machine's load (2 shared cores here): it is printed with them.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import write_section  # noqa: E402

from lamkit.agent.action_space import ALL_FIELDS, DEFAULT_FIELDS, ActionSpace  # noqa: E402
from lamkit.agent.decoding import ConstrainedDecoder  # noqa: E402
from lamkit.agent.decoding.lm import cpu_threads  # noqa: E402
from lamkit.agent.prompting import KEY_CHORDS, RenderSettings, format_answer, system_prompt  # noqa: E402
from lamkit.models.chat import quantize_int8  # noqa: E402
from lamkit.train.config import DecodingSettings  # noqa: E402

REQUESTS = ["Make the word 'Sales' bold", "Set the font size of the title to 14 pt",
            "Insert a page break after the second paragraph", "Center the title",
            "Underline 'north region' in the second paragraph", "Set line spacing of the last paragraph to 1.5",
            "Italicize the word 'engineers'", "Insert a comment on 'budget' saying check figures"]
SENTENCES = ["Quarterly report", "Sales grew by ten percent in the north region, led by the new retail partners.",
             "The team met all goals this quarter and hired two engineers.",
             "Next quarter we will focus on the south region and on customer support.",
             "The budget for the expansion was approved by the board in March.",
             "Revenue from online orders doubled since January.", "Customer satisfaction rose to 92 percent.",
             "Open issues: supplier delays, hiring in the support team, the new office lease.",
             "Appendix: figures by region and by product line.", "Prepared by the finance team."]
STYLES = ["Title, center, bold", "Heading 1", "", "", "list bullet", "", "italic", ""]
CONTROLS = ["Bold", "Italic", "Underline", "Strikethrough", "Font Size", "Font Name", "Paragraph Style",
            "Align Left", "Align Center", "Align Right", "Justified", "Format", "Insert", "Edit", "View", "Table",
            "Format > Paragraph…", "Format > Character…", "Insert > Page Break", "Insert > Comment", "Line Spacing",
            "Increase Indent", "Decrease Indent", "Toggle Unordered List", "Toggle Ordered List", "Document",
            "Superscript", "Subscript", "Highlighting Color", "Font Color", "Undo", "Redo", "OK", "Cancel"]
ROLES = {"Font Size": "combo", "Font Name": "combo", "Paragraph Style": "combo", "Document": "document",
         "Format": "menu", "Insert": "menu", "Edit": "menu", "View": "menu", "Table": "menu", "OK": "button",
         "Cancel": "button"}


def prompt_tokens(tok, msgs: list[dict]) -> int:
    from lamkit.models.chat import prompt_text

    return len(tok(prompt_text(tok, msgs), add_special_tokens=False)["input_ids"])


def make_prompt(rng: random.Random, tok, target: int) -> tuple[list[dict], ActionSpace]:
    """One step's messages (~``target`` SmolLM2 tokens) and its ActionSpace."""
    request = rng.choice(REQUESTS)
    controls = rng.sample(CONTROLS, 20)
    clines = "\n".join(f"{c}|{ROLES.get(c, 'toggle' if c in ('Bold', 'Italic', 'Underline') else 'button')}"
                       for c in controls)
    paras = []
    msgs: list[dict] = []
    for s in rng.sample(SENTENCES, len(SENTENCES)) * 3:
        paras.append(s)
        outline = "\n".join(f"{i} [{STYLES[i % len(STYLES)]}] {p}" if STYLES[i % len(STYLES)] else f"{i} {p}"
                            for i, p in enumerate(paras, 1))
        user = (f"Request: {request}\nPrevious actions:\n1. select_text(Document, 'Sales')\n"
                f"Document:\n{outline}\nControls:\n{clines}")
        msgs = [{"role": "system", "content": system_prompt(RenderSettings())}, {"role": "user", "content": user}]
        if prompt_tokens(tok, msgs) >= target:
            break
    space = ActionSpace(controls=controls, doc_spans=paras, text_sources=[request] + paras, key_chords=list(KEY_CHORDS),
                        fields=list(DEFAULT_FIELDS))
    return msgs, space


def free_latency(model, tok, msgs: list[dict], n_new: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of free greedy generation of ``n_new`` tokens."""
    import torch

    from lamkit.models.chat import prompt_text

    t0, c0 = time.monotonic(), time.process_time()
    enc = tok(prompt_text(tok, msgs), return_tensors="pt", add_special_tokens=False)
    with cpu_threads(model, "cpu"), torch.no_grad():
        model.generate(**enc, max_new_tokens=n_new, min_new_tokens=n_new, do_sample=False,
                       pad_token_id=tok.pad_token_id, use_cache=True)
    return time.monotonic() - t0, time.process_time() - c0


def bench_model(label: str, model, tok, prompts, quick: bool) -> tuple[list[str], dict]:
    typical = format_answer({"function": "click_input", "args": {"control_label": "Bold"}, "status": "CONTINUE"},
                            DEFAULT_FIELDS)
    n_new = len(tok(typical, add_special_tokens=False)["input_ids"]) + 1  # + the end token
    toks = [prompt_tokens(tok, m) for m, _ in prompts]
    rows, figs = [], {}
    variants = [("float32", model)]
    q = None
    if not quick or label == "tiny":
        q = quantize_int8(copy.deepcopy(model))
        variants.append(("int8", q))
    if not quick:  # bfloat16 weights (decoding.bf16): the AMX / AVX512-BF16 lever on this CPU
        import torch

        variants.append(("bf16", copy.deepcopy(model).to(torch.bfloat16)))
    answers: dict[str, list[str]] = {}
    for vname, m in variants:
        free = [free_latency(m, tok, msgs, n_new) for msgs, _ in prompts]
        cold_dec = ConstrainedDecoder(m, tok, DecodingSettings(prefix_cache=False))
        cold = [cold_dec.decode(msgs, sp) for msgs, sp in prompts]
        warm_dec = ConstrainedDecoder(m, tok, DecodingSettings(prefix_cache=True))
        warm = [warm_dec.decode(msgs, sp) for msgs, sp in prompts]
        full_dec = ConstrainedDecoder(m, tok, DecodingSettings(prefix_cache=True))
        full = [full_dec.decode(msgs, sp.model_copy(update={"fields": list(ALL_FIELDS)})) for msgs, sp in prompts]
        answers[vname] = [d.text for d in warm]
        med = statistics.median
        for name, xs, cpu, extra in [
            (f"free generate, {n_new} tokens", [f[0] for f in free], [f[1] for f in free], ""),
            ("constrained, function/args/status, cold", [d.seconds for d in cold], [d.cpu_seconds for d in cold],
             f"{med([d.passes for d in cold]):.0f} passes, {med([d.answer_tokens for d in cold]):.0f} answer tokens"),
            ("constrained, function/args/status, warm prefix", [d.seconds for d in warm], [d.cpu_seconds for d in warm],
             f"{med([d.passes for d in warm]):.0f} passes, {med([d.reused_tokens for d in warm]):.0f} prompt tokens reused"),
            ("constrained, + thought + plan (32/5x16 tokens max), warm", [d.seconds for d in full],
             [d.cpu_seconds for d in full],
             f"{med([d.passes for d in full]):.0f} passes, {med([d.answer_tokens for d in full]):.0f} answer tokens"),
        ]:
            rows.append(f"| {label} | {vname} | {name} | {med(xs):.2f} | {max(xs):.2f} | {med(cpu):.2f} | {extra} |")
            figs[f"{label}/{vname}/{name}"] = med(xs)
            print(rows[-1], flush=True)
    for low in ("int8", "bf16"):
        if low in answers:
            same = sum(a == b for a, b in zip(answers["float32"], answers[low]))
            figs[f"{label}/{low} agreement"] = same / len(prompts)
            rows.append(f"| {label} | {low} vs float32 | same constrained answer | {same}/{len(prompts)} | | | |")
            print(rows[-1], flush=True)
    figs[f"{label}/prompt tokens"] = statistics.median(toks)
    return rows, figs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="4 prompts, SmolLM2 without int8")
    ap.add_argument("--prompts", type=int, default=12)
    ap.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = ap.parse_args()
    n = 4 if args.quick else args.prompts

    from lamkit.models.backbone import tiny_model, train_tokenizer
    from lamkit.models.chat import LocalChatModel

    load0 = os.getloadavg()[0]
    smol = LocalChatModel("smollm2", device="cpu")
    rng = random.Random(0)
    prompts = [make_prompt(rng, smol.tokenizer, 450) for _ in range(n)]
    rows, figs = bench_model("SmolLM2-135M", smol.model, smol.tokenizer, prompts, args.quick)
    corpus = [m["content"] for msgs, _ in prompts for m in msgs] * 4 + [
        format_answer({"function": "click_input", "args": {"control_label": c}, "status": "CONTINUE"}, DEFAULT_FIELDS)
        for c in CONTROLS]
    ttok = train_tokenizer(corpus, 2048)
    r2, f2 = bench_model("tiny (2x128)", tiny_model(ttok, seed=0).eval(), ttok, prompts, args.quick)
    rows += r2
    figs.update(f2)
    load1 = os.getloadavg()[0]
    body = (
        "## Decoding: decision latency, constrained vs free, int8 and bf16 (benchmarks/decoding_bench.py)\n\n"
        f"{n} step prompts, median {figs['SmolLM2-135M/prompt tokens']:.0f} SmolLM2 tokens "
        f"({figs['tiny (2x128)/prompt tokens']:.0f} tiny-tokenizer tokens); untrained weights; torch threads "
        f"chosen by lamkit.agent.decoding.lm.auto_threads; load average {load0:.1f} at the start, {load1:.1f} at the end "
        f"({os.cpu_count()} cores, shared).\n\n"
        "| model | weights | decision | median s | max s | median CPU s | notes |\n|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    print(body)
    if not args.no_write:
        write_section("decoding", body, "python benchmarks/decoding_bench.py" + (" --quick" if args.quick else ""))


if __name__ == "__main__":
    main()
