"""What every trainer of the four phases shares: torch setup, TrainingArguments, LoRA, the
resumable train call.

Why a module of its own: phases 1-3 (SFT), the reward model (:mod:`lamkit.train.reward`)
and offline RL (:mod:`lamkit.train.offline_rl`) all build their Trainer from the same
arguments and train it the same way; kept in ``phases.py`` these helpers made reward.py
and offline_rl.py import private names from the module that imports them back.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from lamkit.train import checkpoint as ck
from lamkit.train.config import PhaseSettings, TrainConfig


def device_name() -> str:
    """What trained a phase (its wall time means little without it)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    return f"cpu ({torch.get_num_threads()} threads)"


def setup_torch(cfg: TrainConfig) -> None:
    """Offline hub, and the configured number of CPU threads (0: torch's default)."""
    import torch

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if cfg.threads > 0:
        torch.set_num_threads(cfg.threads)


def lora_config(cfg: TrainConfig, task_type: str):
    """PEFT's LoraConfig from ``cfg.lora`` for ``task_type`` (CAUSAL_LM, SEQ_CLS), or None
    when LoRA is off (full fine-tuning)."""
    if not cfg.lora.enabled:
        return None
    from peft import LoraConfig

    lo = cfg.lora
    return LoraConfig(r=lo.r, lora_alpha=lo.alpha, lora_dropout=lo.dropout, target_modules=lo.target_modules,
                      task_type=task_type)


def trainer_args(cfg: TrainConfig, s: PhaseSettings, work: Path) -> dict:
    """The TrainingArguments every lamkit trainer shares (SFT, reward model, DPO, GRPO), as
    keyword arguments: ``s.max_steps`` is the number of optimizer steps (> 0 overrides epochs),
    Trainer checkpoints go to ``work/trainer`` and TensorBoard logs to ``work/tensorboard``."""
    import torch

    os.environ["TENSORBOARD_LOGGING_DIR"] = str(work / "tensorboard")
    return dict(
        output_dir=str(work / "trainer"), learning_rate=s.learning_rate, num_train_epochs=s.epochs,
        max_steps=s.max_steps, per_device_train_batch_size=s.batch_size, per_device_eval_batch_size=s.batch_size,
        gradient_accumulation_steps=s.grad_accum, lr_scheduler_type="cosine", warmup_steps=s.warmup_ratio,  # transformers 5: a float < 1 is a ratio
        logging_steps=cfg.logging_steps, save_steps=cfg.save_steps, save_total_limit=2, report_to=["tensorboard"],
        seed=cfg.seed, bf16=cfg.bf16, gradient_checkpointing=cfg.gradient_checkpointing,
        use_cpu=not torch.cuda.is_available(), disable_tqdm=True, dataloader_num_workers=0,
    )


def losses(trainer) -> list[float]:
    """The training losses the Trainer logged, in order."""
    return [h["loss"] for h in trainer.state.log_history if "loss" in h]


def train_resumable(trainer, work: Path) -> dict:
    """Train, resuming from the last Trainer checkpoint when a killed run left one; returns
    the metrics every phase reports (steps, first/last loss, tokens per second...)."""
    resume = ck.last_trainer_checkpoint(work / "trainer")
    t0 = time.monotonic()
    out = trainer.train(resume_from_checkpoint=resume)
    ls = losses(trainer)
    seconds = time.monotonic() - t0
    tokens = int(getattr(trainer.state, "num_input_tokens_seen", 0) or 0)
    return {"train_seconds": round(seconds, 2), "steps": trainer.state.global_step,
            "resumed_from": resume, "first_loss": ls[0] if ls else None,
            "last_loss": ls[-1] if ls else None, "train_loss": out.training_loss,
            "train_tokens": tokens, "tokens_per_second": round(tokens / seconds, 1) if seconds > 0 else None}
