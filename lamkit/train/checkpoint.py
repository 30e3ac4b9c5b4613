"""Phase checkpoint folders: weights + tokenizer + config + manifest + metrics, then DONE.

``DONE`` is written last and atomically, so a folder without it is a run that
was killed or failed: the next run resumes it (Trainer checkpoints live in
``trainer/``) and nobody loads it as finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from lamkit.errors import LamkitError

DONE = "DONE"


def phase_dir(out_dir: str | Path, phase: int) -> Path:
    return Path(out_dir) / f"phase{phase}"


def is_done(d: str | Path) -> bool:
    return (Path(d) / DONE).exists()


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def write_json(path: Path, data) -> None:
    _atomic_write(path, json.dumps(data, indent=2, default=str) + "\n")


def read_json(path: Path):
    return json.loads(Path(path).read_text())


ADAPTER = "adapter"


def start(d: Path) -> None:
    """Open a phase folder for (re)writing: drop a stale DONE (so a failure leaves it
    unfinished) and a stale LoRA adapter (so the folder never pairs new weights with an
    old adapter)."""
    d.mkdir(parents=True, exist_ok=True)
    (d / DONE).unlink(missing_ok=True)
    if (d / ADAPTER).is_dir():
        import shutil

        shutil.rmtree(d / ADAPTER)


def merge_lora(model, d: Path):
    """Keep the LoRA adapter beside the checkpoint (``d/adapter``, a few MB) and return the
    merged model. The merged model is what every reader loads; the adapter is what
    :mod:`lamkit.train.transfer` ships between machines instead of the whole model.
    A model without an adapter (full fine-tuning) is returned as is."""
    if not hasattr(model, "merge_and_unload"):
        return model
    model.save_pretrained(d / ADAPTER)
    return model.merge_and_unload()


def finish(d: Path, model, tokenizer, config_dump: dict, manifest: dict, metrics: dict) -> None:
    model.save_pretrained(d)
    tokenizer.save_pretrained(d)
    write_json(d / "lamkit_train_config.json", config_dump)
    write_json(d / "manifest.json", manifest)
    write_json(d / "metrics.json", metrics)
    mark_done(d)


def mark_done(d: Path) -> None:
    """Mark the checkpoint folder ``d`` complete: its DONE file, written atomically and last, so
    that :func:`is_done` never sees a folder a kill cut short (training, or a transferred checkpoint
    rebuilt by :mod:`lamkit.train.transfer`)."""
    _atomic_write(Path(d) / DONE, "ok\n")


def last_trainer_checkpoint(trainer_dir: Path) -> str | None:
    """The newest complete ``checkpoint-N`` under ``trainer_dir``. The Trainer writes
    ``trainer_state.json`` after the weights, optimizer and RNG states, so a folder without it
    was cut short by a kill during the save and is skipped."""
    def step(p: Path) -> int:
        n = p.name.split("-")[-1]
        return int(n) if n.isdigit() else -1

    cks = sorted((p for p in Path(trainer_dir).glob("checkpoint-*") if (p / "trainer_state.json").exists()), key=step)
    return str(cks[-1]) if cks else None


def require_done(d: Path, what: str) -> Path:
    if not is_done(d):
        raise LamkitError(f"{d}: {what} has no finished checkpoint (no DONE marker); run that phase first")
    return d
