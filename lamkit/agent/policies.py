"""The policy registry: a policy spec is parsed once into a :class:`PolicySpec`, then built.

Why: every command names policies as text (``--policy model:runs/x/phase4``); parsing that
text in one place turns it into a typed object that travels to worker processes and Ray
actors (it pickles), so no module below the command line splits strings. The kinds:

- ``heuristic`` (or ``expert``): the heuristic expert, replaying the instantiated plan;
- ``llm``: the expert behind an OpenAI-compatible endpoint, primed with the plan (data
  collection; LAMKIT_LLM_BASE_URL / LAMKIT_LLM_MODEL / LAMKIT_LLM_API_KEY);
- ``endpoint``: the agent behind that endpoint: the request only, no plan;
- ``model:PATH``: a local model folder, a lamkit checkpoint, or a bundled model name
  (:data:`lamkit.models.chat.BUNDLED_NAMES`);
- ``zero-shot:BACKBONE[@CHECKPOINT]``: the untrained backbone rendering and decoding as the
  trained ``CHECKPOINT`` does (the "prompted base model" row of an evaluation).

An unknown spec is a one-line :class:`~lamkit.errors.LamkitError` naming it and the kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from lamkit.errors import LamkitError

SPEC_HELP = "heuristic | llm | endpoint | model:PATH | zero-shot:BACKBONE[@CHECKPOINT]"


class PolicySpec(BaseModel):
    """A parsed policy spec (see the module's docstring); ``str()`` gives it back as text."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["expert", "llm", "endpoint", "model", "zero_shot"]
    model: str | None = None  # model: the folder or bundled name; zero_shot: the backbone
    like: str | None = None  # zero_shot: the checkpoint whose render and decoding settings it uses

    def __str__(self) -> str:
        if self.kind == "expert":
            return "heuristic"
        if self.kind == "model":
            return f"model:{self.model}"
        if self.kind == "zero_shot":
            return f"zero-shot:{self.model}" + (f"@{self.like}" if self.like else "")
        return self.kind

    @property
    def is_model(self) -> bool:
        """A local model (trained or not): built once per process, and its weights must exist."""
        return self.kind in ("model", "zero_shot")


def parse_policy(spec: str | PolicySpec) -> PolicySpec:
    """``spec`` as a PolicySpec; an unknown or empty one is a LamkitError naming it."""
    if isinstance(spec, PolicySpec):
        return spec
    s = str(spec).strip()
    if s in ("heuristic", "expert"):
        return PolicySpec(kind="expert")
    if s in ("llm", "endpoint"):
        return PolicySpec(kind=s)  # type: ignore[arg-type]
    head, sep, rest = s.partition(":")
    if sep and rest and head == "model":
        return PolicySpec(kind="model", model=rest)
    if sep and rest and head in ("zero-shot", "zero_shot"):
        backbone, _, like = rest.partition("@")
        if backbone:
            return PolicySpec(kind="zero_shot", model=backbone, like=like or None)
    raise LamkitError(f"unknown policy {s!r}: use {SPEC_HELP}")


def check_policy(spec: str | PolicySpec) -> PolicySpec:
    """:func:`parse_policy`, then what can be checked before anything starts: a model
    policy's weights exist (a folder, or a bundled name). The error lists the accepted names."""
    from lamkit.models.chat import BUNDLED_NAMES, is_bundled, model_folder_problem

    p = parse_policy(spec)
    paths = [p.model] if p.is_model else []
    if p.kind == "zero_shot" and p.like:
        paths.append(p.like)
    for m in paths:
        if not is_bundled(m) and not Path(m).expanduser().exists():
            raise LamkitError(f"policy {str(p)!r}: {m}: no such model folder or checkpoint "
                              f"(a folder, or one of the bundled names {', '.join(BUNDLED_NAMES)})")
    if p.is_model and not is_bundled(p.model):  # a truncated checkpoint fails here, not in every episode
        missing = model_folder_problem(Path(p.model).expanduser())
        if missing:
            raise LamkitError(f"policy {str(p)!r}: {p.model} is not a complete model folder: {missing}")
    return p


_BUILT: dict[PolicySpec, Any] = {}


def make_policy(spec: str | PolicySpec | Callable[[], Any]):
    """A ready policy (reset) for ``spec``. Model and endpoint policies are built once per
    process and reused (loading weights per episode would dominate); the expert is cheap
    and fresh each time. ``spec`` may also be a picklable callable returning a Policy (a
    class, a module-level function, a ``functools.partial``), called once per episode."""
    if callable(spec) and not isinstance(spec, (str, PolicySpec)):
        return spec()
    p = parse_policy(spec)
    if p.kind == "expert":
        from lamkit.agent.heuristic import HeuristicExpert

        return HeuristicExpert()
    if p not in _BUILT:
        _BUILT[p] = _build(p)
    policy = _BUILT[p]
    policy.reset(None)
    return policy


def _build(p: PolicySpec):
    from lamkit.agent.model_policy import ModelPolicy, checkpoint_policy, zero_shot_policy

    if p.kind == "llm":
        from lamkit.dataflow.llm_expert import LLMExpert

        return LLMExpert()
    if p.kind == "endpoint":
        from lamkit.models.chat import OpenAIChatModel

        return ModelPolicy(OpenAIChatModel(), name="endpoint")
    if p.kind == "model":
        return checkpoint_policy(p.model, name=str(p))
    return zero_shot_policy(p.model, p.like)
