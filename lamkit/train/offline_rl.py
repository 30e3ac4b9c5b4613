"""Phase 4b: offline RL on the failed trajectories' states, as reward-ranked DPO.

For each state where the expert failed, the policy proposes a few answers
(sampled); together with the recorded (failing) answer they are scored by the
reward model, and the best and worst become a DPO pair (skipped when the reward
model cannot tell them apart). TRL's DPOTrainer then trains the policy. Why DPO
rather than PPO/GRPO: docs/training.md.
"""

from __future__ import annotations

from pathlib import Path

from lamkit.errors import DataError
from lamkit.jsonl import read_jsonl, write_jsonl
from lamkit.train import data as D


def failed_states(trajs, cfg) -> list[tuple[list[dict], str]]:
    out = []
    for t in trajs:
        if t.verdict is None or t.verdict.success or t.verdict.judge == "env_error":
            continue
        for i in range(len(t.steps)):
            out.append((D.step_prompt(t, i, cfg.max_obs_chars), D.step_answer(t.steps[i])))
    return out[: cfg.offline_rl.max_states]


def sample_answers(model, tok, prompt: list[dict], n: int, cfg) -> list[str]:
    import torch

    text = tok.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True)
    enc = tok(text, return_tensors="pt", add_special_tokens=False).to(model.device)
    with torch.no_grad():
        out = model.generate(**enc, do_sample=True, temperature=cfg.offline_rl.temperature, num_return_sequences=n,
                             max_new_tokens=cfg.offline_rl.max_new_tokens, pad_token_id=tok.pad_token_id)
    return [tok.decode(o[enc["input_ids"].shape[1]:], skip_special_tokens=True).strip() for o in out]


def build_pairs(policy, ptok, rm, rtok, trajs, cfg) -> list[dict]:
    import torch

    from lamkit.train.reward import rm_text, score

    torch.manual_seed(cfg.seed)
    pairs = []
    for prompt, recorded in failed_states(trajs, cfg):
        cands = [recorded] + sample_answers(policy, ptok, prompt, cfg.offline_rl.samples_per_state, cfg)
        cands = list(dict.fromkeys(c for c in cands if c))
        s = score(rm, rtok, [rm_text(rtok, prompt, c) for c in cands], cfg.max_length)
        hi, lo = max(range(len(s)), key=s.__getitem__), min(range(len(s)), key=s.__getitem__)
        if s[hi] - s[lo] >= cfg.offline_rl.min_margin:
            pairs.append({"prompt": prompt, "chosen": [{"role": "assistant", "content": cands[hi]}],
                          "rejected": [{"role": "assistant", "content": cands[lo]}], "margin": s[hi] - s[lo]})
    return pairs


def reward_ranked_dpo(cfg, trajs, policy_dir: Path, rm_dir: Path, work: Path):
    from datasets import Dataset
    from trl import DPOConfig, DPOTrainer

    from lamkit.models.backbone import load_model
    from lamkit.train.phases import _common_args, _lora, _train

    model, tok = load_model(policy_dir)
    pairs_file = work / "dpo_pairs.jsonl"
    if pairs_file.exists():  # resumed: the pairs were already ranked
        pairs = read_jsonl(pairs_file)
    else:
        rm, rtok = load_model(rm_dir, kind="seqcls")
        pairs = build_pairs(model, tok, rm, rtok, trajs, cfg)
        del rm
        write_jsonl(pairs_file, pairs)
    if not pairs:
        raise DataError("phase 4: the reward model separated no candidate answers on the failed states "
                        f"(min_margin {cfg.offline_rl.min_margin}); nothing to learn from")
    ds = Dataset.from_list([{k: p[k] for k in ("prompt", "chosen", "rejected")} for p in pairs])
    args = DPOConfig(**_common_args(cfg, cfg.phase4, work), beta=cfg.offline_rl.beta, max_length=cfg.max_length,
                     include_num_input_tokens_seen="all")
    trainer = DPOTrainer(model=model, args=args, train_dataset=ds, processing_class=tok,
                         peft_config=_lora(cfg, "CAUSAL_LM"))
    m = _train(trainer, work)
    m.update({"method": "reward-ranked DPO", "pairs": len(pairs),
              "mean_margin": sum(p["margin"] for p in pairs) / len(pairs)})
    model = trainer.model
    if hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    return model, tok, m
