"""Ship finished phase checkpoints between machines as LoRA adapters, not whole models.

Why: the live half of the recipe (collection, phase 3's exploration, online evaluation)
needs Writer and a desktop; the training half wants a GPU. A GPU box often has no desktop,
and a laptop no GPU. A merged SmolLM2-135M checkpoint is ~540 MB per phase; its LoRA
adapter is ~10 MB. So ``pack`` writes each finished phase as its small files (tokenizer,
configs, metrics, manifest, training logs, explored/DPO data) plus the adapter, and
``unpack`` on the other machine rebuilds the merged weights from the phase before it
(phase 1 from the base model named in the phase's training config).

How each phase's weights travel (``shipped.json`` in the archive):

- ``adapter``: ``phaseN/adapter`` is merged into phase N-1 (or the base model);
- ``previous``: the phase kept the previous weights (phase 3 with no new successes,
  phase 4 with no DPO pair): copied from phase N-1;
- ``full``: full fine-tuning (the tiny profile): the weights are in the archive.

Phase 4's reward model (``phase4/reward_model``) travels the same way on phase 3.
``DONE`` markers are never shipped: ``unpack`` writes each one after that phase's
weights are in place, so a killed unpack leaves no folder that looks finished.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import time
from pathlib import Path

from lamkit.errors import DataError, LamkitError
from lamkit.train import checkpoint as ck

MANIFEST = "shipped.json"
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin")


def _is_weight(name: str) -> bool:
    return name in WEIGHT_FILES or (name.startswith("model-") and name.endswith(".safetensors"))


def _mode(name: str, d: Path) -> str:
    if name == "phase1" and ck.read_json(d / "lamkit_train_config.json").get("model") == "tiny":
        return "full"  # a fresh random model: there is no base to merge an adapter into
    if (d / ck.ADAPTER / "adapter_config.json").exists():
        return "adapter"
    metrics = ck.read_json(d / "metrics.json") if (d / "metrics.json").exists() else {}
    if metrics.get("steps") == 0:  # phase 3 without new successes, phase 4 without pairs
        return "previous"
    return "full"


def _units(out_dir: Path, phases: list[int]) -> list[tuple[str, Path]]:
    """(name, folder) in rebuild order: phase1, phase2, phase3, phase4/reward_model, phase4."""
    units = []
    for n in phases:
        d = ck.phase_dir(out_dir, n)
        if not ck.is_done(d):
            raise LamkitError(f"{d}: phase {n} is not finished (no DONE); nothing to pack")
        if n == 4 and ck.is_done(d / "reward_model"):
            units.append(("phase4/reward_model", d / "reward_model"))
        units.append((f"phase{n}", d))
    return units


def _small_files(d: Path, mode: str):
    """The files of a phase folder that travel: everything but the weights (unless ``full``),
    DONE, other phases' sub-folders and the Trainer's checkpoints, of which only the
    ``trainer_state.json`` logs (the training curves) travel."""
    for p in sorted(d.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(d)
        top = rel.parts[0]
        if top == "reward_model" or p.name == ck.DONE or p.name.startswith(".") or ".tmp" in p.name:
            continue
        if top == "trainer" and p.name != "trainer_state.json":
            continue
        if top == "explore":  # the exploration's own run folder: its result is explored.jsonl
            continue
        if len(rel.parts) == 1 and _is_weight(p.name) and mode != "full":
            continue
        yield p, rel


def pack(out_dir: str | Path, archive: str | Path, phases: list[int] | None = None) -> dict:
    """Write the finished ``phases`` (default: every finished one) of ``out_dir`` to ``archive``
    (a .tar.gz). Returns the shipped manifest."""
    out_dir = Path(out_dir)
    if phases is None:
        phases = [n for n in (1, 2, 3, 4) if ck.is_done(ck.phase_dir(out_dir, n))]
        if not phases:
            raise LamkitError(f"{out_dir}: no finished phase (phaseN/DONE) to pack")
    units = _units(out_dir, sorted(phases))
    shipped = {"from": str(out_dir), "packed_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "units": {name: _mode(name, d) for name, d in units}}
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    tmp = archive.with_name(archive.name + f".tmp{os.getpid()}")
    with tarfile.open(tmp, "w:gz") as tar:
        for name, d in units:
            for p, rel in _small_files(d, shipped["units"][name]):
                tar.add(p, arcname=f"{name}/{rel.as_posix()}")
        data = json.dumps(shipped, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        import io

        tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, archive)
    shipped["bytes"] = archive.stat().st_size
    return shipped


def _read_manifest(tar: tarfile.TarFile, archive: Path) -> dict:
    try:
        f = tar.extractfile(MANIFEST)
    except KeyError:
        f = None
    if f is None:
        raise DataError(f"{archive}: not a lamkit checkpoint archive (no {MANIFEST} inside)")
    try:
        return json.loads(f.read())
    except json.JSONDecodeError as e:
        raise DataError(f"{archive}: {MANIFEST} is not valid JSON ({e.msg})") from None


def _base_of(name: str, out_dir: Path, d: Path) -> tuple[str | Path, str]:
    """Where a unit's weights start from, and the model kind to load it as."""
    if name == "phase4/reward_model":
        return ck.require_done(ck.phase_dir(out_dir, 3), "phase 3 (the reward model's base)"), "seqcls"
    n = int(name[5:])
    if n == 1:
        cfg = ck.read_json(d / "lamkit_train_config.json")
        return cfg["model"], "causal"
    return ck.require_done(ck.phase_dir(out_dir, n - 1), f"phase {n - 1}"), "causal"


def _rebuild(name: str, mode: str, out_dir: Path, d: Path) -> None:
    if mode == "full":
        if not any(_is_weight(p.name) for p in d.iterdir()):
            raise DataError(f"{name}: the archive says its weights travel in full, but {d} has none")
        return
    base, kind = _base_of(name, out_dir, d)
    if mode == "previous":
        for p in Path(base).iterdir():
            if _is_weight(p.name) or p.name == "config.json":
                shutil.copy2(p, d / p.name)
        return
    if mode != "adapter":
        raise DataError(f"{name}: unknown weight mode {mode!r} in {MANIFEST}")
    from peft import PeftModel

    from lamkit.models.backbone import load_model

    model, _ = load_model(base, kind=kind)
    model = PeftModel.from_pretrained(model, d / ck.ADAPTER).merge_and_unload()
    model.save_pretrained(d)


def _check_members(members, archive: Path) -> None:
    """Refuse absolute paths, ``..`` and links (Python < 3.11.4 has no extraction filter)."""
    for m in members:
        p = Path(m.name)
        if p.is_absolute() or ".." in p.parts or not (m.isfile() or m.isdir()):
            raise DataError(f"{archive}: unsafe member {m.name!r}; refusing to extract")


def unpack(archive: str | Path, out_dir: str | Path, *, force: bool = False) -> dict:
    """Extract ``archive`` into ``out_dir`` and rebuild each phase's merged weights in order,
    writing its DONE last. A phase already finished there is left alone unless ``force``."""
    archive, out_dir = Path(archive), Path(out_dir)
    if not archive.is_file():
        raise LamkitError(f"{archive}: no such archive")
    try:
        tar = tarfile.open(archive, "r:*")
    except tarfile.TarError as e:
        raise DataError(f"{archive}: not a readable tar archive ({e})") from None
    rebuilt = {}
    with tar:
        shipped = _read_manifest(tar, archive)
        units = shipped.get("units") or {}
        for name, mode in units.items():
            d = out_dir / name
            if ck.is_done(d) and not force:
                rebuilt[name] = "kept (already finished here)"
                continue
            t0 = time.monotonic()
            ck.start(d)
            members = [m for m in tar.getmembers() if m.name.startswith(name + "/") and m.isfile()
                       and (name != "phase4" or not m.name.startswith("phase4/reward_model/"))]
            _check_members(members, archive)
            tar.extractall(out_dir, members=members, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
            _rebuild(name, mode, out_dir, d)
            ck.mark_done(d)
            rebuilt[name] = f"{mode} ({time.monotonic() - t0:.1f} s)"
    return {"archive": str(archive), "out": str(out_dir), "units": rebuilt}
