"""Exemplars: the most similar training task and what its expert did next.

Why: the quickstart model, trained from scratch on ~100 trajectories, cannot map a
request worded in a way it never saw ("heading 1 for the opening paragraph") to the
steps that do it: offline it clicked the document where the expert set the Paragraph
Style box. A small pretrained sentence encoder (the packaged all-MiniLM-L6-v2) maps a
new wording to the closest TRAINING request well, and that request's expert steps
show the way. Retrieval of demonstrations is how agents reuse experience (Synapse,
RAP); here it is kept small for a small model: the renderer shows only the
exemplar's step at the current position, aligned by the number of steps taken:

    Similar task: "Apply Heading 1 to the opening paragraph."
    Its next step: set_edit_text "Paragraph Style"

The model still chooses: the exemplar may be another family, a compound's other
half, or a path this episode left. The index holds only training-split successes
(fitted per run by :func:`lamkit.train.data.fit_render`, stored in the checkpoint's
settings like the ranker); a step of a training task never sees its own task as
exemplar (``exclude``), so training looks like a test step.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field, PrivateAttr


class Exemplar(BaseModel):
    """One training task: its request, id, and its expert's steps as ``function control``."""

    request: str
    task_id: str
    steps: list[str]


class ExemplarIndex(BaseModel):
    """Training exemplars, searched by sentence-embedding similarity of the request."""

    entries: list[Exemplar] = Field(default_factory=list)
    _vectors: object = PrivateAttr(default=None)

    def _embed(self, texts: list[str]):
        return _encoder().encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=64)

    def nearest(self, request: str, exclude: str | None = None) -> Exemplar | None:
        """The entry whose request is most similar to ``request``, other than task ``exclude``."""
        if not self.entries:
            return None
        if self._vectors is None:
            self._vectors = self._embed([e.request for e in self.entries])
        sims = self._vectors @ _cached_query(request, self._embed)
        for i in sims.argsort()[::-1]:
            if self.entries[int(i)].task_id != exclude:
                return self.entries[int(i)]
        return None


def step_text(function: str, control: str | None) -> str:
    """``set_edit_text "Paragraph Style"``: a step as the exemplar line shows it, the control
    quoted as the answer quotes it (so its words are the same tokens there)."""
    import json

    return f"{function} {json.dumps(control, ensure_ascii=False)}" if control else function


def build_index(items: Iterable[tuple[str, str, list[str]]]) -> ExemplarIndex:
    """An index of (request, task id, steps) items; a request seen twice is kept once."""
    seen, entries = set(), []
    for request, task_id, steps in items:
        if request in seen or not steps:
            continue
        seen.add(request)
        entries.append(Exemplar(request=request, task_id=task_id, steps=steps))
    return ExemplarIndex(entries=entries)


def next_step(ex: Exemplar, position: int) -> str:
    """The exemplar's step at ``position`` (0-based); ``finish`` past its end."""
    return ex.steps[position] if position < len(ex.steps) else "finish"


def parse_step(step: str) -> tuple[str, str | None]:
    """(function, control) of a :func:`step_text` line."""
    import json

    fn, _, rest = step.partition(" ")
    if not rest:
        return fn, None
    try:
        return fn, str(json.loads(rest))
    except ValueError:  # an index written before controls were quoted
        return fn, rest


def render_exemplar(ex: Exemplar | None, position: int) -> str | None:
    """The prompt lines for ``ex`` at step ``position`` (0-based), or None without one."""
    if ex is None:
        return None
    import json

    return f"Similar task: {json.dumps(ex.request, ensure_ascii=False)}\nIts next step: {next_step(ex, position)}"


_ENCODER = None
_QUERIES: dict[str, object] = {}


def _encoder():
    """The packaged sentence encoder, loaded once per process."""
    global _ENCODER
    if _ENCODER is None:
        from lamkit.models.encoder import sentence_encoder

        _ENCODER = sentence_encoder()
    return _ENCODER


def _cached_query(request: str, embed):
    """A request's embedding, computed once (every step of an episode asks with the same request)."""
    if request not in _QUERIES:
        if len(_QUERIES) > 4096:
            _QUERIES.clear()
        _QUERIES[request] = embed([request])[0]
    return _QUERIES[request]


__all__ = ["Exemplar", "ExemplarIndex", "build_index", "next_step", "parse_step", "render_exemplar", "step_text"]
