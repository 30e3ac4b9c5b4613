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

The model still chooses: the exemplar may be another family or a path this episode
left. Two refinements (index ``version`` 2; checkpoints fitted before them keep
version 1, so they render as they were trained):

- **The target's name is masked** before embedding (and a terse request is also searched
  with the text it types after its colon masked, "header: Draft version" -> "header: it",
  as a quotation is; the better of the two matches counts) ("Italicize the last word of the
  fifth paragraph" is matched as "Italicize it", :func:`lamkit.agent.targets.mask_reference`):
  retrieval should match what is done, not to what. Unmasked, it paired that request with
  "Underline the last word of the fifth paragraph", and "Centre the paragraph with
  \"Software\"" with a line-spacing request about the same word.
- **A request of two clauses gets a composed exemplar** ("Italicize the fifth
  paragraph and also set it in bold"): each clause is matched on its own, and the
  exemplar is the first match's steps (its finish dropped) then the second's, as a
  compound task's plan is built (lamkit/dataflow/compound.py). A whole-request match
  nearly always found a one-edit task, whose "next step: finish" came after the
  first edit: compound tasks failed 0/3 on every quickstart seed. The composition is
  kept only when the clause matches do different things and the whole-request match
  does not already do both, and a clause is matched only to one-clause requests.
  A request whose second edit leaves out its verb and target ("Make the closing line
  bold and italic") is composed the same way from ``clauses.coordinated_complements``
  ("Make the closing line bold" + "make it italic"), when the complement comes as close
  to a seen edit as :data:`COMPLEMENT_SIMILARITY` ("the words apples and pears" does not).

How often the shown exemplar does the request's edit, before and after, is measured
by benchmarks/exemplar_bench.py (benchmarks/RESULTS.md, "exemplars"; the rules were
chosen on training-split requests only).

The index holds only training-split successes
(fitted per run by :func:`lamkit.train.data.fit_render`, stored in the checkpoint's
settings like the ranker); a step of a training task never sees its own task as
exemplar (``exclude``), so training looks like a test step.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pydantic import BaseModel, Field, PrivateAttr

from lamkit.agent.clauses import coordinated_complements, main_clause, split_clauses
from lamkit.agent.values import ValueRef


#: How similar (cosine, MiniLM) "make it <complement>" must be to a one-edit training request
#: for the complement to count as an edit of its own: on the standard-cpu index (stop 32),
#: complements that are edits came at 0.72-0.98 ("make it double-spaced" 0.79, "make it 14 pt"
#: 0.83, "make it italic" 0.98) and nouns joined to a target at 0.28-0.38 ("make it pears",
#: "make it Lisbon", "make it the budget"); 0.6 lies between, chosen on those words, not on a
#: test or probe task.
COMPLEMENT_SIMILARITY = 0.6


class Exemplar(BaseModel):
    """One training task: its request, id, and its expert's steps as ``function control``.

    ``values``, per step, says what the step typed (:class:`lamkit.agent.values.ValueRef`: a
    key chord, or "the request's first length"), None for a step that types nothing. It is
    not shown in the prompt; it makes the decoder's value hint the exemplar's *kind* of value
    said of the new request (:func:`next_value`). Indexes fitted before it have no values."""

    request: str
    task_id: str
    steps: list[str]
    values: list[ValueRef | None] = Field(default_factory=list)


class ExemplarIndex(BaseModel):
    """Training exemplars, searched by sentence-embedding similarity of the request.

    ``version``: 1 matches whole requests as written (checkpoints fitted before
    version 2, which have no such field, load as 1); 2 masks quoted text and composes
    an exemplar for a two-clause request (see the module docstring)."""

    entries: list[Exemplar] = Field(default_factory=list)
    version: int = 1
    _vectors: object = PrivateAttr(default=None)  # one row per distinct key
    _rows: object = PrivateAttr(default=None)  # per entry: its key's row of _vectors
    _one_clause: list[bool] = PrivateAttr(default_factory=list)  # per entry: its request is one clause

    def _embed(self, texts: list[str]):
        return _encoder().encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=64)

    def _key(self, request: str) -> str:
        if self.version < 2:
            return request
        from lamkit.agent.targets import mask_reference

        return mask_reference(request)

    def _query_keys(self, request: str) -> list[str]:
        """The keys a request is searched by: its own (:meth:`_key`), and (version 2) that key
        with a terse request's typed text masked too (:func:`lamkit.agent.values.mask_typed_text`);
        an entry's similarity is its best over them, so "Note: bold the title", whose colon
        text is the instruction itself, is still matched by its words."""
        key = self._key(request)
        if self.version < 2:
            return [key]
        from lamkit.agent.values import mask_typed_text

        keys = [key, self._key(mask_typed_text(request))]
        if (main := main_clause(request)) is not None:
            keys.append(self._key(main))  # without the lead-in (clauses.main_clause): "Since ..., cross out ..."
        return list(dict.fromkeys(keys))

    def nearest(self, request: str, exclude: str | None = None, one_clause: bool = False,
                min_similarity: float | None = None) -> Exemplar | None:
        """The entry whose request is most similar to ``request``, other than task ``exclude``;
        ``one_clause``: only entries whose request is one clause (a clause's match must be
        one edit, not another compound that happens to share its words); ``min_similarity``:
        None when even the best is less similar (cosine) than that."""
        if not self.entries:
            return None
        if self._vectors is None:
            # One vector per distinct key, scored once: entries with equal keys then tie exactly
            # (embedded in other batches, or multiplied in other rows, they differ in the last bits).
            keys = [self._key(e.request) for e in self.entries]
            unique = list(dict.fromkeys(keys))
            at = {k: j for j, k in enumerate(unique)}
            self._vectors = self._embed(unique)
            self._rows = np.array([at[k] for k in keys])
            self._one_clause = [len(split_clauses(e.request)) == 1 for e in self.entries]
        sims = np.max([self._vectors @ _cached_query(k, self._embed) for k in self._query_keys(request)], axis=0)[self._rows]
        # Stable: entries with the same key (the same wording on other words) tie exactly; they
        # are taken in the index's order, not in whatever order a sort of the other entries leaves.
        for i in np.argsort(-sims, kind="stable"):
            e = self.entries[int(i)]
            if e.task_id != exclude and (self._one_clause[int(i)] or not one_clause):
                return e if min_similarity is None or sims[i] >= min_similarity else None
        return None

    def exemplar(self, request: str, exclude: str | None = None) -> Exemplar | None:
        """What the prompt shows for ``request``: the nearest entry, or (version 2) for a
        request of several clauses the composition of each clause's nearest entry, when
        those do different things that the whole request's match does not both do."""
        whole = self.nearest(request, exclude)
        if whole is None or self.version < 2:
            return whole
        parts = split_clauses(request)
        floor = [None] * len(parts)
        if len(parts) < 2:
            # "Make the closing line bold and italic": a complement is an edit only when it comes
            # as close to one seen as an edit's own wording does (COMPLEMENT_SIMILARITY)
            parts = coordinated_complements(request) or []
            floor = [None] + [COMPLEMENT_SIMILARITY] * (len(parts) - 1)
        if len(parts) < 2:
            return whole
        matches = [self.nearest(p, exclude, one_clause=True, min_similarity=f) for p, f in zip(parts, floor, strict=True)]
        edits = [edit_steps(m) for m in matches if m is not None]
        if len(edits) < len(parts) or len({tuple(e) for e in edits}) < len(edits):
            return whole
        if all(set(e) <= set(edit_steps(whole)) for e in edits):
            return whole
        return compose(matches)


def step_text(function: str, control: str | None) -> str:
    """``set_edit_text "Paragraph Style"``: a step as the exemplar line shows it, the control
    quoted as the answer quotes it (so its words are the same tokens there)."""
    import json

    return f"{function} {json.dumps(control, ensure_ascii=False)}" if control else function


def build_index(items: Iterable[tuple]) -> ExemplarIndex:
    """An index of (request, task id, steps[, values]) items; a request seen twice is kept once."""
    seen, entries = set(), []
    for request, task_id, steps, *values in items:
        if request in seen or not steps:
            continue
        seen.add(request)
        entries.append(Exemplar(request=request, task_id=task_id, steps=steps, values=values[0] if values else []))
    return ExemplarIndex(entries=entries, version=2)


def key_steps(steps: list[str]) -> list[str]:
    """The steps that make the edit (not the selection, not finish), as ``function control``."""
    return [s for s in steps if _is_edit(s)]


def _is_edit(step: str) -> bool:
    """Whether a step makes the edit: neither the selection before it nor the finish."""
    return parse_step(step)[0] not in ("select_text", "finish")


def edit_steps(ex: Exemplar) -> list[str]:
    """:func:`key_steps` of ``ex``, a key step that pressed a chord with its chord
    (``keyboard_input "Document" {F12}``). Why: without it numbering (F12) and a table at the end
    (Ctrl+End, then the Table menu) looked alike, "numbering is one of the table's steps", and a
    request doing both was shown the table task alone; the model never numbered (stop 29)."""
    out = []
    for i, step in enumerate(ex.steps):
        if _is_edit(step):
            ref = ex.values[i] if i < len(ex.values) else None
            out.append(f"{step} {ref.text}" if ref is not None and ref.kind == "chord" else step)
    return out


def compose(parts: list[Exemplar]) -> Exemplar:
    """One exemplar doing ``parts`` in order, each one's finish dropped but the last's:
    how a compound task's plan is built from its families' plans."""
    steps: list[str] = []
    values: list[ValueRef | None] = []
    for ex in parts:
        keep = [i for i, s in enumerate(ex.steps) if parse_step(s)[0] != "finish"]
        steps += [ex.steps[i] for i in keep]
        values += [ex.values[i] if i < len(ex.values) else None for i in keep]
    has_values = all(ex.values for ex in parts)
    return Exemplar(request=" + ".join(ex.request for ex in parts), task_id="+".join(ex.task_id for ex in parts),
                    steps=[*steps, "finish"], values=[*values, None] if has_values else [])


def next_step(ex: Exemplar, position: int) -> str:
    """The exemplar's step at ``position`` (0-based); ``finish`` past its end."""
    return ex.steps[position] if position < len(ex.steps) else "finish"


def next_value(ex: Exemplar, position: int) -> ValueRef | None:
    """What the exemplar's step at ``position`` typed (None: it types nothing, or the index
    records no values)."""
    return ex.values[position] if position < len(ex.values) else None


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


__all__ = ["Exemplar", "ExemplarIndex", "build_index", "compose", "edit_steps", "key_steps", "next_step", "parse_step",
           "render_exemplar", "split_clauses", "step_text"]
