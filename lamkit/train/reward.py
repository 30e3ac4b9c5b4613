"""Phase 4a: the reward model, as in the paper: a sequence classifier with one
output on the same backbone (LoRA r=8, alpha=32, dropout 0.1), regressed with MSE
on +1 (steps of successful trajectories) / -1 (failing steps of failed ones).
``reward_model.max_good_per_bad`` can sample the good steps down: our experts succeed
far more often than the paper's (97% vs 49% of trajectories), so good steps are many
and cheap to drop, and bad steps few and all kept.

transformers' Trainer does the regression itself (``problem_type="regression"``
gives MSE on a float label), so no loop of our own.
"""

from __future__ import annotations

from pathlib import Path

from lamkit.errors import DataError
from lamkit.train import checkpoint as ck
from lamkit.train import data as D
from lamkit.train.common import lora_config, train_resumable, trainer_args


def rm_text(tok, prompt: list[dict], answer: str) -> str:
    return tok.apply_chat_template(prompt + [{"role": "assistant", "content": answer}], tokenize=False)


def score(model, tok, texts: list[str], max_length: int, batch: int = 8) -> list[float]:
    import torch

    model.eval()
    out = []
    tok.padding_side = "right"
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            enc = tok(texts[i:i + batch], return_tensors="pt", padding=True, truncation=True,
                      max_length=max_length).to(model.device)
            out += model(**enc).logits[:, 0].float().tolist()
    return out


def pair_accuracy(scores: list[float], labels: list[float]) -> float | None:
    """Share of (good, bad) pairs the model ranks good above bad: 0.5 is chance."""
    good = [s for s, y in zip(scores, labels) if y > 0]
    bad = [s for s, y in zip(scores, labels) if y < 0]
    if not good or not bad:
        return None
    wins = sum((g > b) + 0.5 * (g == b) for g in good for b in bad)
    return wins / (len(good) * len(bad))


def stratified_split(rows: list[dict], fraction: float, seed: int) -> tuple[list[dict], list[dict]]:
    """(train, validation) with both labels in validation whenever a label has 2+ rows: bad
    steps are few, and a validation set without one cannot measure pair accuracy."""
    train, val = [], []
    for good in (True, False):
        part = [r for r in rows if (r["label"] > 0) == good]
        tr, va = D.split(part, fraction, seed)
        if not va and len(part) >= 2:
            tr, va = tr[1:], tr[:1]
        train += tr
        val += va
    return train, val


def train_reward_model(cfg, trajs, base_dir: Path, rm_dir: Path, render=None) -> tuple[Path, dict]:
    """Train (or reuse, when finished) the reward model on ``trajs``' steps rendered with
    ``render`` (the run's settings; ``cfg.render`` when not given)."""
    render = render or cfg.render
    if ck.is_done(rm_dir):
        return rm_dir, ck.read_json(rm_dir / "metrics.json")
    from datasets import Dataset
    from transformers import DataCollatorWithPadding, Trainer, TrainingArguments

    from lamkit.models.backbone import load_model

    every = D.reward_examples(trajs, render)
    if not any(r["label"] > 0 for r in every) or not any(r["label"] < 0 for r in every):
        raise DataError("the reward model needs both good steps (successful trajectories) and bad steps "
                        "(failed trajectories); the data has only one kind")
    rows = D.balance_rewards(every, cfg.reward_model.max_good_per_bad, cfg.seed)
    ck.start(rm_dir)
    from transformers import set_seed

    # The score head and the LoRA weights are initialised here, before the Trainer seeds
    # anything: without a seed they followed whatever the process had drawn before (the same
    # data gave pair accuracy 0.0 in one process and 1.0 in another).
    set_seed(cfg.seed)
    model, tok = load_model(base_dir, kind="seqcls")
    model.config.problem_type = "regression"
    train, val = stratified_split(rows, max(cfg.val_fraction, 0.2), cfg.seed)

    def encode(rs):
        texts = [rm_text(tok, r["prompt"], r["answer"]) for r in rs]
        enc = tok(texts, truncation=True, max_length=cfg.max_length)
        return Dataset.from_dict({**enc, "labels": [float(r["label"]) for r in rs]})

    lora = lora_config(cfg, "SEQ_CLS")
    if lora is not None:
        from peft import get_peft_model

        model = get_peft_model(model, lora)
    args = TrainingArguments(**trainer_args(cfg, cfg.reward_model, rm_dir), include_num_input_tokens_seen="all")
    tok.padding_side = "right"
    trainer = Trainer(model=model, args=args, train_dataset=encode(train), data_collator=DataCollatorWithPadding(tok))
    m = train_resumable(trainer, rm_dir)
    model = ck.merge_lora(trainer.model, rm_dir)
    held = val if val and len({r["label"] for r in val}) == 2 else train
    scores = score(model, tok, [rm_text(tok, r["prompt"], r["answer"]) for r in held], cfg.max_length)
    m.update({"good": sum(r["label"] > 0 for r in rows), "bad": sum(r["label"] < 0 for r in rows),
              "good_available": sum(r["label"] > 0 for r in every),
              "pair_accuracy": pair_accuracy(scores, [r["label"] for r in held]),
              "pair_accuracy_on": "validation" if held is val else "train (validation lacked one class)"})
    dump = cfg.model_copy(update={"render": render}).model_dump(mode="json")
    ck.finish(rm_dir, model, tok, dump, {"base": str(base_dir), "examples": len(rows)}, m)
    return rm_dir, m
