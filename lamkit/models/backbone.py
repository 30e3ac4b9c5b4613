"""Backbones for training: the bundled SmolLM2, any HF model folder, or a tiny profile.

Why a tiny profile: a full step of SmolLM2-135M costs ~30 s on a 2-core CPU, so
tests and laptop runs use a freshly initialised small Llama that shares
SmolLM2's tokenizer and chat template. Prompts and answers are therefore the
same text in every profile, and a tiny checkpoint loads in the agent exactly
like a real one (a plain ``AutoModelForCausalLM`` folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from lamkit.errors import LamkitError

BUNDLED_NAMES = ("smollm2", "smollm2-135m", "smollm2-135m-instruct")
TINY = "tiny"


def cache_dir() -> Path:
    return Path(os.environ.get("LAMKIT_CACHE", Path.home() / ".cache" / "lamkit"))


def bundled_smollm2_path() -> Path:
    """SmolLM2-135M-Instruct as a cached safetensors folder (converted from the GGUF once).

    Shares the conversion (and its cache folder) with :mod:`lamkit.models.chat` so the
    agent and the trainer never convert twice.
    """
    from lamkit.models.chat import bundled_model_dir

    return bundled_model_dir()


def smollm2_tokenizer():
    """SmolLM2's tokenizer (with its chat template), cached on its own: reading it from
    the GGUF takes ~10 s, and the tiny profile needs only the tokenizer, not the weights."""
    from transformers import AutoTokenizer

    out = cache_dir() / "tokenizers" / "smollm2"
    if not (out / "DONE").exists():
        from lamkit.models.chat import bundled_gguf

        g = bundled_gguf()
        tok = AutoTokenizer.from_pretrained(g.parent, gguf_file=g.name)
        tmp = out.with_name(out.name + f".tmp{os.getpid()}")
        tok.save_pretrained(tmp)
        (tmp / "DONE").write_text("from " + str(g))
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            import shutil

            shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)
    tok = AutoTokenizer.from_pretrained(out)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    return tok


def tiny_model(tokenizer, hidden_size: int = 64, layers: int = 2, heads: int = 4, intermediate_size: int = 256,
               max_positions: int = 2048, seed: int = 0):
    """A freshly initialised small Llama over ``tokenizer``'s vocabulary (tied embeddings)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    cfg = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=intermediate_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=max_positions,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(cfg)


def resolve(spec: str | Path) -> Path:
    """A model spec (bundled name, folder) as a folder; a hub name is refused offline."""
    s = str(spec)
    if s.lower() in BUNDLED_NAMES:
        return bundled_smollm2_path()
    p = Path(s).expanduser()
    if p.exists():
        return p
    raise LamkitError(f"model {s!r}: no such folder (give 'tiny', 'smollm2', a Hugging Face model folder "
                      "or a lamkit checkpoint; there is no model hub here)")


def load_model(path_or_name: str | Path, *, kind: str = "causal", num_labels: int = 1, dtype=None):
    """Load ``(model, tokenizer)`` from a bundled name, a folder or a lamkit checkpoint.

    ``kind="seqcls"`` loads a sequence classifier (the reward model) on that backbone.
    Any load failure becomes a LamkitError naming the model and the cause.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    path = resolve(path_or_name)
    try:
        tok = AutoTokenizer.from_pretrained(path)
        if kind == "seqcls":
            model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=num_labels,
                                                                       dtype=dtype or torch.float32)
        else:
            model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype or torch.float32)
    except Exception as e:  # noqa: BLE001 - the user needs the path and the cause, whatever transformers raised
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise LamkitError(f"model {str(path_or_name)!r} does not load from {path}: {msg}") from None
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    model.config.pad_token_id = tok.pad_token_id
    return model, tok
