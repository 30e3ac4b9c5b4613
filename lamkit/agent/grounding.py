"""Grounding: turn the control a model names into a control that is on screen now.

A model answers with a ``control_label`` that is a control's stable name as the
prompt showed it ("Bold", "Format", "Document"; :mod:`lamkit.agent.candidates`).
Before anything runs, the agent maps it back to a live control of the current
observation, in this order:

1. a stable name: the control it stands for, chosen for the answer's function the
   way the heuristic expert chooses among same-named controls (a field for typing,
   a menu before a button for a click, the newest window first);
2. a live numeric label (the heuristic expert's own answers, older checkpoints);
3. a close name (ignoring case and trailing dots, then a fuzzy match).

Anything else fails the step with a message naming the nearest visible controls,
which the model sees in its history instead of a silent no-op.
"""

from __future__ import annotations

import difflib

from lamkit.agent.candidates import named_controls, resolve, stable_name
from lamkit.agent.heuristic import ground
from lamkit.schema import Action, Observation


class GroundingError(ValueError):
    """The action's control is not on screen; the message names the nearest ones."""


def ground_action(action: Action, obs: Observation, label_of: dict[str, str] | None = None) -> Action:
    """``action`` with a control label that exists in ``obs``; raises GroundingError.

    ``label_of`` (a :class:`~lamkit.agent.prompting.RenderedStep`'s) is consulted for a
    name that no longer resolves by itself; a name it knows is otherwise resolved for the
    answer's function (see the module docstring)."""
    if "control_label" not in action.args:
        return action
    label = str(action.args["control_label"]).strip()
    c = None
    if label.isdigit() and obs.control(label) is not None:
        return action  # a live label: the expert's answers
    if label:
        c = resolve(label, action.function, obs)
    if c is None and label_of and label in label_of and obs.control(label_of[label]) is not None:
        c = obs.control(label_of[label])
    if c is None and obs.control(label) is not None:
        return action
    if c is None and label:
        c = ground(label, action.function, obs)
    if c is not None:
        return action.model_copy(update={"args": {**action.args, "control_label": c.label}})
    names = difflib.get_close_matches(label, list(named_controls(obs)), n=3, cutoff=0.5)
    near = [(n, resolve(n, action.function, obs)) for n in names]
    hint = ", ".join(f"{n!r} ({x.role})" for n, x in near if x is not None) or "none close"
    raise GroundingError(f"no control {label!r} is on screen; nearest: {hint}")


__all__ = ["GroundingError", "ground_action", "stable_name"]
