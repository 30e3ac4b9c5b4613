"""Feeding a causal LM token runs with a kept KV cache: the speed side of constrained decoding.

Why not ``model.generate``: it runs one forward pass per output token. In a
constrained answer most tokens are forced (the JSON skeleton, the rest of a
control name once it is the only candidate left), and a forward pass over a run
of k tokens costs about as much as over one on a CPU (the weights are read once).
So a :class:`Session` queues forced tokens (:meth:`Session.push`) and runs the
model only when a choice needs its logits (:meth:`Session.logits`), as one pass
over everything queued.

Why a prefix cache: consecutive steps share the system message (and, in one
episode, the request): :class:`LM` keeps the KV of the last prompt and starts the
next one from the longest common token prefix instead of re-reading it.
"""

from __future__ import annotations

import copy
import inspect
import os
from contextlib import contextmanager


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def crop_cache(cache, keep: int) -> None:
    """Cut a KV cache to its first ``keep`` positions. A negative argument means "remove
    that many" in every transformers version (positive meant "keep" in 4.x only)."""
    drop = cache.get_seq_length() - keep
    if drop > 0:
        cache.crop(-drop)


def param_count(model) -> int:
    """Parameters, counting the packed weights of int8-quantized Linear layers too."""
    n = sum(p.numel() for p in model.parameters())
    for m in model.modules():
        w = getattr(m, "weight", None)
        if callable(w):  # torch.ao dynamic quantized Linear: weight() unpacks
            try:
                n += w().numel()
            except (RuntimeError, TypeError):
                pass
    return n


def auto_threads(model, device: str) -> int:
    """Torch threads for decoding on this machine; 0 keeps torch's setting.

    One thread for a tiny model (its matmuls take microseconds and synchronisation
    dominates: measured 15x slower with several threads on a busy 2-core machine) and
    for any model when the machine is oversubscribed (load average >= cores): OpenMP
    workers then spin waiting for each other, measured here for SmolLM2-135M at load 8
    on 2 cores: 2.0 s per token with 2 threads, 0.2 s with 1."""
    if device != "cpu":
        return 0
    if param_count(model) < 30_000_000:
        return 1
    try:
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1)
    except OSError:
        busy = False
    return 1 if busy else 0


@contextmanager
def cpu_threads(model, device: str, threads: int = 0):
    """Run with ``threads`` torch threads (0: :func:`auto_threads` decides)."""
    import torch

    n = threads or auto_threads(model, device)
    prev = torch.get_num_threads()
    if n and device == "cpu":
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


class LM:
    """A causal LM prepared for :class:`Session` s (cache argument name, logits_to_keep, prefix cache)."""

    def __init__(self, model, prefix_cache: bool = True):
        self.model = model
        params = inspect.signature(model.forward).parameters
        # transformers 5.x renamed past_key_values -> cache (the old name is deprecated)
        self.cache_arg = "cache" if "cache" in params else "past_key_values"
        self.keep_arg = "logits_to_keep" in params
        self.prefix_cache = prefix_cache
        self._prefix_ids: list[int] = []
        self._prefix_kv = None
        self.device = next(model.parameters()).device

    def session(self, prompt_ids: list[int], fast_forward: bool = True) -> "Session":
        s = Session(self, fast_forward)
        n = _common_prefix(prompt_ids, self._prefix_ids) if self.prefix_cache and self._prefix_kv is not None else 0
        n = min(n, len(prompt_ids) - 1)  # at least one token is fed, so there are logits to read
        if n > 0:
            s.cache = copy.deepcopy(self._prefix_kv)
            crop_cache(s.cache, n)
            s.fed = list(prompt_ids[:n])
            s.reused = n
        s.pending = list(prompt_ids[n:])  # the prompt is read in one pass in any mode
        return s

    def remember(self, ids: list[int], cache) -> None:
        if self.prefix_cache:
            self._prefix_ids = list(ids)
            self._prefix_kv = copy.deepcopy(cache)


class Session:
    """One decoding run: tokens fed so far, tokens queued, the KV cache, counters."""

    def __init__(self, lm: LM, fast_forward: bool = True):
        self.lm = lm
        self.fast_forward = fast_forward
        self.fed: list[int] = []
        self.pending: list[int] = []
        self.cache = None
        self._logits = None
        self.passes = 0
        self.reused = 0
        self._remembered = False

    def push(self, ids: list[int]) -> None:
        """Queue tokens that are decided; without fast-forward each costs its own pass
        (the reference behaviour the tests compare against)."""
        if self.fast_forward:
            self.pending.extend(ids)
        else:
            for t in ids:
                self.pending.append(t)
                self.logits()

    def logits(self):
        """Next-token logits after everything pushed (one forward pass over the queue)."""
        import torch

        if not self.pending:
            return self._logits
        ids = torch.tensor([self.pending], dtype=torch.long, device=self.lm.device)
        kw = {"input_ids": ids, "use_cache": True}
        if self.cache is not None:
            kw[self.lm.cache_arg] = self.cache
        if self.lm.keep_arg:
            kw["logits_to_keep"] = 1
        with torch.no_grad():
            out = self.lm.model(**kw)
        self.cache = getattr(out, "cache", None) or getattr(out, "past_key_values", None)
        self.fed.extend(self.pending)
        self.pending = []
        self.passes += 1
        self._logits = out.logits[0, -1].float()
        if not self._remembered:  # the prompt (and any forced answer start) is in the cache now
            self.lm.remember(self.fed, self.cache)
            self._remembered = True
        return self._logits
