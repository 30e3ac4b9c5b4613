"""Training configuration: one pydantic model, loaded from configs/*.yaml.

Defaults follow the paper (PAPER_NOTES.md): SFT lr 2e-5 with a cosine schedule,
reward model LoRA r=8 alpha=32 dropout 0.1 regressed (MSE) on +-1 labels. The
tiny profile overrides learning rates and step counts so a CPU run takes minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lamkit.errors import LamkitError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TinyProfile(_Strict):
    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    intermediate_size: int = 512
    # Untied: with tied input/output embeddings a fresh tiny model keeps predicting its
    # input token for ~100 steps (loss stuck ~3.4 vs ~1.0 untied, same data and steps).
    tie_embeddings: bool = False
    # "trained": a byte-level BPE of ``vocab_size`` tokens trained at phase 1 on the text the
    # model will see (plans, rendered step prompts/answers, the fixed prompts), with SmolLM2's
    # chat template and special tokens; "smollm2": SmolLM2's own 49,152-token tokenizer
    # (same text, ~20x larger LM head: the logits then dominate a CPU step).
    tokenizer: Literal["trained", "smollm2"] = "trained"
    vocab_size: int = Field(default=2048, ge=300, le=65536)


class LoraSettings(_Strict):
    enabled: bool = True
    r: int = 8
    alpha: int = 32
    dropout: float = 0.1
    target_modules: str | list[str] = "all-linear"


class PhaseSettings(_Strict):
    learning_rate: float = 2e-5
    epochs: float = 1.0
    max_steps: int = -1  # > 0 overrides epochs
    batch_size: int = 4
    grad_accum: int = 1
    warmup_ratio: float = 0.0


class RewardSettings(PhaseSettings):
    learning_rate: float = 1e-4
    # Good steps kept per bad step (a seeded sample; null keeps all, as the paper did). A
    # strong expert makes the data lopsided (the standard run: 875 good steps, 22 bad), and
    # on a CPU every good example costs ~1,100 tokens of training for little new signal.
    max_good_per_bad: float | None = Field(default=None, gt=0)


class ExploreSettings(_Strict):
    max_tasks: int = 50
    max_steps: int = 15
    workers: int = 1


class OfflineRLSettings(_Strict):
    method: Literal["dpo", "grpo"] = "dpo"  # reward-ranked DPO; GRPO measured against it in docs/training.md
    beta: float = 0.1
    samples_per_state: int = 2
    temperature: float = 1.0
    max_new_tokens: int = 128
    max_states: int = 64
    min_margin: float = 0.05


class TrainConfig(_Strict):
    model: str = "smollm2"  # "tiny", "smollm2", or a model folder
    tiny: TinyProfile = Field(default_factory=TinyProfile)
    lora: LoraSettings = Field(default_factory=LoraSettings)
    max_length: int = 1024
    max_obs_chars: int = 2000
    val_fraction: float = 0.1
    seed: int = 0
    threads: int = 0  # 0: torch's default
    save_steps: int = 50
    logging_steps: int = 1
    bf16: bool = False
    gradient_checkpointing: bool = False
    phase1: PhaseSettings = Field(default_factory=PhaseSettings)
    phase2: PhaseSettings = Field(default_factory=lambda: PhaseSettings(epochs=2))
    phase3: PhaseSettings = Field(default_factory=PhaseSettings)
    reward_model: RewardSettings = Field(default_factory=RewardSettings)
    phase4: PhaseSettings = Field(default_factory=lambda: PhaseSettings(learning_rate=5e-6))
    explore: ExploreSettings = Field(default_factory=ExploreSettings)
    offline_rl: OfflineRLSettings = Field(default_factory=OfflineRLSettings)

    def phase(self, name: str) -> PhaseSettings:
        return getattr(self, name)


def load_config(path: str | Path | None) -> TrainConfig:
    """Read a YAML config; a missing file or a wrong field is a LamkitError naming it."""
    if path is None:
        return TrainConfig()
    import yaml
    from pydantic import ValidationError

    p = Path(path)
    if not p.exists():
        raise LamkitError(f"{p}: no such config file")
    try:
        data = yaml.safe_load(p.read_text()) or {}
        return TrainConfig.model_validate(data)
    except yaml.YAMLError as e:
        raise LamkitError(f"{p}: not valid YAML: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise LamkitError(f"{p}: field {loc}: {first['msg']}") from None
