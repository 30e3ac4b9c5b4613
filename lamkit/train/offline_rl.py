"""Phase 4b: offline RL on the failed trajectories' states, as reward-ranked DPO.

For each state where the expert failed, the policy proposes a few answers
(sampled); together with the recorded (failing) answer they are scored by the
reward model, and the best and worst become a DPO pair (skipped when the reward
model cannot tell them apart). TRL's DPOTrainer then trains the policy.

``offline_rl.method: grpo`` runs TRL's GRPOTrainer instead, with the reward model
as the reward function on the same states. Either way a quarter of the failed
trajectories is held out, and the reward model's mean score of the policy's greedy
answers on their states is measured before and after (``rm_score_before/after``).
Why DPO is the default: docs/training.md (measured).
"""

from __future__ import annotations

from pathlib import Path

from lamkit.errors import DataError
from lamkit.jsonl import read_jsonl, write_jsonl
from lamkit.train import checkpoint as ck
from lamkit.train import data as D
from lamkit.train.common import lora_config, train_resumable, trainer_args


def failed_trajectories(trajs) -> list:
    return [t for t in trajs if t.verdict is not None and not t.verdict.success and t.verdict.judge != "env_error"
            and t.steps]


def split_failed(trajs, cfg) -> tuple[list, list]:
    """(train, held-out) failed trajectories: a seeded quarter held out when there are 4+."""
    failed = failed_trajectories(trajs)
    if len(failed) < 4:
        return failed, []
    return D.split(failed, max(cfg.val_fraction, 0.25), cfg.seed)


def failed_states(trajs, cfg, render, limit: int | None = None) -> list[tuple[list[dict], str, object]]:
    """(prompt, recorded answer, ActionSpace) of every step of the failed trajectories,
    rendered with the run's ``render`` settings, the answer in the fields they generate."""
    out = []
    for t in failed_trajectories(trajs):
        for i in range(len(t.steps)):
            r = D.step_render(t, i, render)
            out.append((r.messages, D.step_answer(t.steps[i], render), r.space))
    return out[: limit or cfg.offline_rl.max_states]


def _texts(tok, prompts: list[list[dict]]) -> list[str]:
    return [tok.apply_chat_template(p, tokenize=False, add_generation_prompt=True) for p in prompts]


def greedy_answers(model, tok, prompts: list[list[dict]], spaces: list, cfg) -> list[str]:
    """The policy's answers as the agent decodes them (constrained inside each step's
    ActionSpace when ``decoding.constrained``, else free greedy generation)."""
    if cfg.decoding.constrained:
        from lamkit.models.generate import constrained_texts

        return [o[0] for o in constrained_texts(model, tok, prompts, spaces, settings=cfg.decoding)]
    from lamkit.models.generate import generate_texts

    return [o[0] for o in generate_texts(model, tok, _texts(tok, prompts), max_new_tokens=cfg.offline_rl.max_new_tokens)]


def rm_eval(model, tok, rm, rtok, states: list[tuple], cfg) -> dict:
    """The reward model's mean score of the policy's greedy answers on the held-out
    ``states`` (prompt, recorded answer, space), and the share of those answers that parse
    as an action."""
    from lamkit.agent.prompting import AnswerParseError, parse_answer
    from lamkit.train.reward import rm_text, score

    if not states:
        return {"rm_score": None, "parsable": None, "states": 0}
    prompts = [p for p, _, _ in states]
    answers = greedy_answers(model, tok, prompts, [sp for _, _, sp in states], cfg)
    s = score(rm, rtok, [rm_text(rtok, p, a) for p, a in zip(prompts, answers)], cfg.max_length)
    ok = 0
    for a in answers:
        try:
            parse_answer(a)
            ok += 1
        except AnswerParseError:
            pass
    return {"rm_score": sum(s) / len(s), "parsable": ok / len(answers), "states": len(prompts)}


def sample_answers(model, tok, prompts: list[list[dict]], spaces: list, n: int, cfg) -> list[list[str]]:
    """``n`` sampled answers per prompt. With ``decoding.constrained`` (the default) they are
    decoded inside each step's ActionSpace, so every candidate is a valid action (seeded by
    ``cfg.seed``); otherwise free sampling, all prompts batched."""
    if cfg.decoding.constrained:
        from lamkit.models.generate import constrained_texts

        return constrained_texts(model, tok, prompts, spaces, n=n, temperature=cfg.offline_rl.temperature,
                                 seed=cfg.seed, settings=cfg.decoding)
    from lamkit.models.generate import generate_texts

    return generate_texts(model, tok, _texts(tok, prompts), max_new_tokens=cfg.offline_rl.max_new_tokens,
                          do_sample=True, temperature=cfg.offline_rl.temperature, num_return_sequences=n)


def build_pairs(policy, ptok, rm, rtok, trajs, cfg, render) -> list[dict]:
    import torch

    from lamkit.train.reward import rm_text, score

    torch.manual_seed(cfg.seed)
    states = failed_states(trajs, cfg, render)
    samples = sample_answers(policy, ptok, [p for p, _, _ in states], [sp for _, _, sp in states],
                             cfg.offline_rl.samples_per_state, cfg)
    pairs = []
    for (prompt, recorded, _), sampled in zip(states, samples):
        cands = list(dict.fromkeys(c for c in [recorded] + sampled if c))
        s = score(rm, rtok, [rm_text(rtok, prompt, c) for c in cands], cfg.max_length)
        hi, lo = max(range(len(s)), key=s.__getitem__), min(range(len(s)), key=s.__getitem__)
        if s[hi] - s[lo] >= cfg.offline_rl.min_margin:
            pairs.append({"prompt": prompt, "chosen": [{"role": "assistant", "content": cands[hi]}],
                          "rejected": [{"role": "assistant", "content": cands[lo]}], "margin": s[hi] - s[lo]})
    return pairs


def run_offline_rl(cfg, trajs, policy_dir: Path, rm_dir: Path, work: Path, render=None):
    """Phase 4b by ``cfg.offline_rl.method`` (dpo | grpo), evaluated on held-out failed states,
    every prompt rendered with the run's ``render`` settings (``cfg.render`` when not given)."""
    render = render or cfg.render
    import time

    from lamkit.models.backbone import load_model

    train_f, held_f = split_failed(trajs, cfg)
    held = failed_states(held_f, cfg, render, limit=10**9)
    model, tok = load_model(policy_dir, device="auto")  # sampled and scored outside a Trainer: on the GPU
    rm, rtok = load_model(rm_dir, kind="seqcls", device="auto")
    before = rm_eval(model, tok, rm, rtok, held, cfg)
    t0 = time.monotonic()
    method = cfg.offline_rl.method
    if method == "dpo":
        model, m = reward_ranked_dpo(cfg, train_f, model, tok, rm, rtok, work, render)
    elif method == "grpo":
        model, m = grpo(cfg, train_f, model, tok, rm, rtok, work, render)
    else:
        raise DataError(f"offline_rl.method must be dpo or grpo, got {method!r}")
    m["rl_seconds"] = round(time.monotonic() - t0, 2)
    after = rm_eval(model, tok, rm, rtok, held, cfg)
    m.update({"heldout_failed_states": before["states"], "rm_score_before": before["rm_score"],
              "rm_score_after": after["rm_score"], "parsable_before": before["parsable"],
              "parsable_after": after["parsable"]})
    return model, tok, m


def grpo(cfg, trajs, model, tok, rm, rtok, work: Path, render):
    """TRL GRPO on the failed states' prompts, the reward model scoring each sampled answer
    (TRL samples freely: GRPO's candidates are not constrained)."""
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    from lamkit.train.reward import rm_text, score

    states = failed_states(trajs, cfg, render)
    if not states:
        raise DataError("phase 4: no failed states to learn from")

    def reward(prompts, completions, **_):
        texts = [rm_text(rtok, p, c[0]["content"] if isinstance(c, list) else c) for p, c in zip(prompts, completions)]
        return score(rm, rtok, texts, cfg.max_length)

    n = max(2, cfg.offline_rl.samples_per_state)
    s = cfg.phase4
    common = trainer_args(cfg, s, work)
    common["per_device_train_batch_size"] = max(n, (s.batch_size // n) * n)  # whole groups per batch
    args = GRPOConfig(**common, num_generations=n, max_completion_length=cfg.offline_rl.max_new_tokens,
                      temperature=cfg.offline_rl.temperature, beta=cfg.offline_rl.beta * 0.4,
                      include_num_input_tokens_seen="all")
    ds = Dataset.from_list([{"prompt": p} for p, _, _ in states])
    trainer = GRPOTrainer(model=model, reward_funcs=[reward], args=args, train_dataset=ds, processing_class=tok,
                          peft_config=lora_config(cfg, "CAUSAL_LM"))
    m = train_resumable(trainer, work)
    m.update({"method": "GRPO (reward model as reward)", "states": len(states), "pairs": 0})
    model = ck.merge_lora(trainer.model, work)
    return model, m


def reward_ranked_dpo(cfg, trajs, model, tok, rm, rtok, work: Path, render):
    from datasets import Dataset
    from trl import DPOConfig, DPOTrainer


    pairs_file = work / "dpo_pairs.jsonl"
    if pairs_file.exists():  # resumed: the pairs were already ranked
        pairs = read_jsonl(pairs_file)
    else:
        pairs = build_pairs(model, tok, rm, rtok, trajs, cfg, render)
        write_jsonl(pairs_file, pairs)
    if not pairs:  # like phase 3 without new successes: phase 4 keeps phase 3's weights, and says so
        return model, {"method": "reward-ranked DPO", "pairs": 0, "steps": 0,
                            "note": "the reward model separated no candidate answers on the failed states "
                                    f"(min_margin {cfg.offline_rl.min_margin}); phase 3's weights kept"}
    ds = Dataset.from_list([{k: p[k] for k in ("prompt", "chosen", "rejected")} for p in pairs])
    args = DPOConfig(**trainer_args(cfg, cfg.phase4, work), beta=cfg.offline_rl.beta, max_length=cfg.max_length,
                     include_num_input_tokens_seen="all")
    trainer = DPOTrainer(model=model, args=args, train_dataset=ds, processing_class=tok,
                         peft_config=lora_config(cfg, "CAUSAL_LM"))
    m = train_resumable(trainer, work)
    m.update({"method": "reward-ranked DPO", "pairs": len(pairs), "states": len(failed_states(trajs, cfg, render)),
              "mean_margin": sum(p["margin"] for p in pairs) / len(pairs)})
    model = ck.merge_lora(trainer.model, work)
    return model, m
