"""Training a LAM in the four phases of the published recipe (TRL / PEFT / transformers)."""

from lamkit.train.config import TrainConfig, load_config
from lamkit.train.phases import DataPaths, run_all, run_phase

__all__ = ["DataPaths", "TrainConfig", "load_config", "run_all", "run_phase"]
