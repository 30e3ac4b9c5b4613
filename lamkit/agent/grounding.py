"""Grounding: turn the control a model names into a control that is on screen now.

A model answers with a ``control_label`` from the observation it was shown.
Small models often write the control's *name* instead ("Bold") or a label of
a control that has since gone (a closed menu). Before anything runs, the
agent checks the label against the live observation; a name that matches a
visible control (exactly, ignoring case and trailing dots, then closely) is
rewritten to that control's label; anything else fails the step with a
message naming the nearest visible controls, which the model sees in its
history instead of a silent no-op.
"""

from __future__ import annotations

import difflib

from lamkit.agent.heuristic import ground
from lamkit.schema import Action, Observation


class GroundingError(ValueError):
    """The action's control is not on screen; the message names the nearest ones."""


def ground_action(action: Action, obs: Observation) -> Action:
    """``action`` with a control label that exists in ``obs``; raises GroundingError."""
    if "control_label" not in action.args:
        return action
    label = str(action.args["control_label"]).strip()
    if any(c.label == label for c in obs.controls):
        return action
    c = ground(label, action.function, obs) if label else None
    if c is not None:
        return action.model_copy(update={"args": {**action.args, "control_label": c.label}})
    names = difflib.get_close_matches(label, [x.name for x in obs.controls if x.name], n=3, cutoff=0.5)
    near = [x for x in obs.controls if x.name in names][:3]
    hint = ", ".join(f"{x.label} ({x.role} {x.name!r})" for x in near) or "none close"
    raise GroundingError(f"no control {label!r} is on screen; nearest: {hint}")
