"""Backbones for training: the bundled SmolLM2, any HF model folder, or a tiny profile.

Why a tiny profile: a full step of SmolLM2-135M costs ~30 s on a 2-core CPU, so
tests and laptop runs use a freshly initialised small Llama. Its tokenizer is by
default a small byte-level BPE trained on the run's own text (:func:`train_tokenizer`):
with SmolLM2's 49,152-token vocabulary the LM head and its logits would cost ~20x
the rest of the tiny model. The trained tokenizer keeps SmolLM2's chat template and
special tokens, so prompts and answers are the same text in every profile, and a
tiny checkpoint loads in the agent exactly like a real one (a plain
``AutoModelForCausalLM`` folder with its tokenizer).
"""

from __future__ import annotations

import os
from pathlib import Path

from lamkit.errors import LamkitError
# Model names, the bundled model's conversion and the cache folder have one home, shared with the
# agent and the server, so every command accepts the same names (issue 15).
from lamkit.models.chat import cache_dir, resolve_model_path

#: The freshly initialised small Llama of tests and laptop runs (``model: tiny`` in a training config).
TINY = "tiny"


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


# SmolLM2-Instruct's chat template and special tokens, kept by the trained tokenizer so that
# ``apply_chat_template`` renders the same text as with SmolLM2's own tokenizer.
CHAT_TEMPLATE = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}"
    "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
ENDOFTEXT, IM_START, IM_END = "<|endoftext|>", "<|im_start|>", "<|im_end|>"


def train_tokenizer(texts, vocab_size: int = 2048):
    """A byte-level BPE (HF ``tokenizers``) trained on ``texts``, wrapped as a
    ``PreTrainedTokenizerFast`` with SmolLM2's chat template and special tokens.

    Byte-level: any text encodes (no unknown token), however far it is from the
    training text. ``<|im_start|>``/``<|im_end|>`` are single tokens; ``<|im_end|>``
    is eos (generation stops there) and ``<|endoftext|>`` pads.

    Pre-tokenization is coarser than GPT-2's: words are space-delimited chunks
    (so ``|toggle|Bold`` or ``"select_text",`` can become one token) with digit runs
    split off (a control label is the same token in the screen and in the answer).
    On lamkit's prompts this halves the tokens of GPT-2-style splitting (~390 vs ~720
    per step example), and the answer JSON takes ~20 tokens instead of ~47.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.Sequence([
        # a newline stands alone, so the generation prompt ("...assistant\n") is a token
        # prefix of prompt + answer: what the model continues at inference is what it saw
        pre_tokenizers.Split("\n", behavior="isolated"),
        pre_tokenizers.Split(Regex(r"[^\S\n]+"), behavior="merged_with_next"),
        pre_tokenizers.Split(Regex(r"\d+"), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False,
                                  special_tokens=[ENDOFTEXT, IM_START, IM_END],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator(texts, trainer=trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token=IM_START, eos_token=IM_END, pad_token=ENDOFTEXT,
                                  unk_token=ENDOFTEXT, additional_special_tokens=[IM_START, IM_END],
                                  model_max_length=1 << 20, clean_up_tokenization_spaces=False)
    tok.chat_template = CHAT_TEMPLATE
    return tok


def tiny_model(tokenizer, hidden_size: int = 128, layers: int = 2, heads: int = 4, intermediate_size: int = 512,
               max_positions: int = 2048, seed: int = 0, tie_embeddings: bool = False):
    """A freshly initialised small Llama over ``tokenizer``'s vocabulary."""
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
        tie_word_embeddings=tie_embeddings,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(cfg)


def load_model(path_or_name: str | Path, *, kind: str = "causal", num_labels: int = 1, dtype=None,
               device: str | None = None):
    """Load ``(model, tokenizer)`` from a bundled name, a folder or a lamkit checkpoint.

    ``kind="seqcls"`` loads a sequence classifier (the reward model) on that backbone.
    The model stays on the CPU (a Trainer places what it trains) unless ``device`` is given;
    ``device="auto"`` is the GPU when there is one: code that generates or scores outside a
    Trainer needs it (phase 4 once sampled and scored on the GPU box's CPU for 5+ minutes).
    Any load failure becomes a LamkitError naming the model and the cause.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    path = resolve_model_path(path_or_name)
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
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else None
    if device:
        model.to(device)
    return model, tok
