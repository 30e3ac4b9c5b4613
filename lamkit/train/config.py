"""Training configuration: one pydantic model, loaded from configs/*.yaml.

Defaults follow the paper (docs/paper_notes.md): SFT lr 2e-5 with a cosine schedule,
reward model LoRA r=8 alpha=32 dropout 0.1 regressed (MSE) on +-1 labels. The
tiny profile overrides learning rates and step counts so a CPU run takes minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.agent.prompting import RenderSettings

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


class ImitationSettings(PhaseSettings):
    """Phase 2 (and phase 3's retraining, which reads ``augment_requests`` from here).

    ``augment_requests``: each successful TRAINING trajectory of a family or compound task
    is also rendered with up to this many other training-partition phrasings of the same
    task (same parameters and target, so the same expert steps are right); 0 turns it off.
    Test-partition phrasings are never used (:func:`lamkit.dataflow.compound.rephrasings`).

    ``augment_targets``: each successful single-family TRAINING trajectory is also copied
    onto up to this many other TRAINING templates with a new target and a training phrasing
    (:func:`lamkit.train.retarget.retargeted`); 0 turns it off."""

    augment_requests: int = Field(default=0, ge=0)
    augment_targets: int = Field(default=0, ge=0)

    @property
    def augmentation(self) -> "Augmentation":
        from lamkit.train.data import Augmentation

        return Augmentation(self.augment_requests, self.augment_targets)


class RewardSettings(PhaseSettings):
    learning_rate: float = 1e-4
    # Good steps kept per bad step (a seeded sample; null keeps all, as the paper did). A
    # strong expert makes the data lopsided (the standard run: 875 good steps, 22 bad), and
    # on a CPU every good example costs ~1,100 tokens of training for little new signal.
    max_good_per_bad: float | None = Field(default=None, gt=0)


class ExploreSettings(_Strict):
    max_tasks: int = 50
    max_steps: int = MAX_EPISODE_STEPS  # the episode step limit, as every live episode
    workers: int = 1


class OfflineRLSettings(_Strict):
    method: Literal["dpo", "grpo"] = "dpo"  # reward-ranked DPO; GRPO measured against it in docs/training.md
    beta: float = 0.1
    samples_per_state: int = 2
    temperature: float = 1.0
    max_new_tokens: int = 128
    max_states: int = 64
    min_margin: float = 0.05


class DecodingSettings(_Strict):
    """How a local model writes its answer at inference (docs/decoding.md).

    ``constrained``: decode inside the step's ActionSpace, so every answer parses and is
    valid (an HTTP endpoint model cannot be constrained: its answers are validated and
    retried once instead). The ``max_*`` bounds cap the free-text fields (thought, plan
    items, a summary's text) in tokens: they are what a decision costs beyond the choices.
    ``int8``: dynamic int8 quantization of the Linear layers for CPU inference.
    ``bf16``: bfloat16 weights and activations; on a CPU with AMX or AVX512-BF16 its matmuls
    run several times faster than float32 (benchmarks/decoding_bench.py measures the speed
    and how often the answer changes). int8 and bf16 exclude each other.
    ``prefix_cache``: reuse the KV of the prompt prefix shared with the previous step.
    ``threads``: torch threads on a CPU; 0 decides per machine (one for a tiny model or
    a busy machine, see lamkit.agent.decoding.lm.auto_threads).
    ``hint_weight``: at each choice, the log-probability bonus (nats) of the option the
    renderer suggests (``ActionSpace.hints``: the exemplar's next function and control, the
    first target, the first value); 0 leaves the choice to the model alone.
    """

    constrained: bool = True
    max_thought_tokens: int = Field(default=32, ge=1)
    max_plan_items: int = Field(default=5, ge=1)
    max_plan_item_tokens: int = Field(default=16, ge=1)
    max_text_tokens: int = Field(default=32, ge=1)
    int8: bool = False
    bf16: bool = False
    prefix_cache: bool = True

    @model_validator(mode="after")
    def _one_precision(self):
        if self.int8 and self.bf16:
            raise ValueError("decoding.int8 and decoding.bf16 exclude each other; choose one")
        return self
    threads: int = Field(default=0, ge=0)
    hint_weight: float = Field(default=0.0, ge=0.0)


class CalibrationSettings(_Strict):
    """Phase 2 chooses ``decoding.hint_weight`` from ``hint_weights`` on the training tasks
    worded with phrasing ``held_out_phrasing``, by a calibration model that never saw that
    wording (lamkit.train.calibrate; docs/decoding.md). Empty ``hint_weights``: no calibration,
    the configured weight is used."""

    hint_weights: list[float] = Field(default_factory=list)
    held_out_phrasing: int = Field(default=2, ge=0)
    # Validation trajectories scored per weight, a fixed sample by task id (0: all). Each is
    # scored once per weight: on a CPU with the 135M model, ~2 s a step.
    max_validation: int = Field(default=0, ge=0)
    # Score the grid with the run's final model after phase 4 instead of training a calibration
    # model in phase 2 (the CPU profile: that would be phase 2 twice). Weaker evidence: the final
    # model trained on the validation tasks' phrasing (lamkit.train.calibrate.calibrate_finished).
    posthoc: bool = False

    @field_validator("hint_weights")
    @classmethod
    def _non_negative(cls, v: list[float]) -> list[float]:
        if any(w < 0 for w in v):
            raise ValueError("hint weights must be >= 0")
        return v


class TrainConfig(_Strict):
    model: str = "smollm2"  # "tiny", "smollm2", or a model folder
    tiny: TinyProfile = Field(default_factory=TinyProfile)
    lora: LoraSettings = Field(default_factory=LoraSettings)
    max_length: int = 1024
    # The one renderer's settings (lamkit.agent.prompting.RenderSettings) for every phase; the
    # checkpoint's lamkit_train_config.json carries them as the run used them: with the ranker
    # and typed values learned from the run's training split (fit_ranker / fit_typed_values), and
    # with fit_exemplars its training tasks as exemplars (lamkit.agent.exemplars).
    render: RenderSettings = Field(default_factory=RenderSettings)
    fit_ranker: bool = True
    fit_typed_values: bool = True
    fit_exemplars: bool = False
    group_by_length: bool = True  # batches of similar lengths: less padding per step on a CPU
    val_fraction: float = 0.1
    seed: int = 0
    threads: int = 0  # 0: torch's default
    save_steps: int = 50
    logging_steps: int = 1
    bf16: bool = False
    gradient_checkpointing: bool = False
    phase1: PhaseSettings = Field(default_factory=PhaseSettings)
    phase2: ImitationSettings = Field(default_factory=lambda: ImitationSettings(epochs=2))
    phase3: PhaseSettings = Field(default_factory=PhaseSettings)
    reward_model: RewardSettings = Field(default_factory=RewardSettings)
    phase4: PhaseSettings = Field(default_factory=lambda: PhaseSettings(learning_rate=5e-6))
    explore: ExploreSettings = Field(default_factory=ExploreSettings)
    offline_rl: OfflineRLSettings = Field(default_factory=OfflineRLSettings)
    decoding: DecodingSettings = Field(default_factory=DecodingSettings)
    calibration: CalibrationSettings = Field(default_factory=CalibrationSettings)

    @model_validator(mode="before")
    @classmethod
    def _old_max_obs_chars(cls, data):
        """Older configs give a top-level ``max_obs_chars``: it becomes ``render.max_obs_chars``."""
        if isinstance(data, dict) and "max_obs_chars" in data:
            data = dict(data)
            cap = data.pop("max_obs_chars")
            render = data.get("render")
            if render is None:
                render = {}
            if isinstance(render, RenderSettings):
                render = render.model_dump()
            if not isinstance(render, dict):
                return data
            if render.get("max_obs_chars") not in (None, cap):
                raise ValueError(f"max_obs_chars {cap} contradicts render.max_obs_chars {render['max_obs_chars']}; "
                                 "give only render.max_obs_chars")
            data["render"] = {**render, "max_obs_chars": cap}
        return data

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
        where = f"field {loc}" if loc else "config"
        raise LamkitError(f"{p}: {where}: {first['msg']}") from None
