"""Retargeted copies of expert trajectories: the same family's steps, another document and target.

Why: the quickstart collects ~100 successful training trajectories, three to five per
family, so a small model sees each family's target *resolution* on a handful of
documents and memorises them (measured: train loss 0.29 against validation 0.97; online,
the model selected the second target option or clicked a menu where the first option
was right). Retargeting multiplies the documents and targets a family is seen on at the
cost of no Writer time:

- a successful single-family TRAINING trajectory is copied onto another TRAINING
  template of the kind the family needs (split.py: a test template never appears);
- the family samples a new target and parameters on that template and writes a new
  request in a training phrasing (``Family.make_task``), so the plan is the one the
  expert would have followed;
- each recorded step keeps its function and control; the values the plan sets
  (``select_text`` text, typed text and keys) become the new plan's, matched by their
  order of appearance, and every observation shows the new document's outline as
  Writer reported it at the start of an episode on that template (so it looks exactly
  like a real first observation).

A copy is made only when the two plans click the same controls in the same order and
every replaced value is the one the old plan set (otherwise the steps could disagree
with the new plan); compound tasks are not retargeted (their two targets interact).
What changes after a step (a paragraph becoming bold in the outline) is not replayed:
copies show the document as it was before the episode, at every step.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from lamkit.schema import OutlineParagraph, Step, Trajectory

#: The plan values a copy replaces, per function: the argument that carries them.
_VALUE_ARG = {"select_text": "text", "set_edit_text": "text", "keyboard_input": "keys"}


def _catalog(template_path: str, cache: dict) -> list:
    """The Template objects of the catalogue the template belongs to (``catalog.json`` beside it)."""
    from lamkit.dataflow.templates import Template

    folder = Path(template_path).parent
    if folder not in cache:
        try:
            data = json.loads((folder / "catalog.json").read_text())
            cache[folder] = [Template(**t) for t in data["templates"]]
        except (OSError, ValueError, KeyError, TypeError):
            cache[folder] = []
    return cache[folder]


def first_outlines(trajs: list[Trajectory]) -> dict[str, list[OutlineParagraph]]:
    """Template path -> its outline as Writer showed it at the start of a TRAINING episode."""
    out: dict[str, list[OutlineParagraph]] = {}
    for t in trajs:
        if t.task.split == "train" and t.steps and t.steps[0].observation.outline and t.task.template:
            out.setdefault(t.task.template, t.steps[0].observation.outline)
    return out


def _values(plan, function: str) -> list[str]:
    arg = _VALUE_ARG[function]
    return [str(p.args.get(arg)) for p in plan if p.function == function and p.args.get(arg) not in (None, "")]


def remap_steps(steps: list[Step], old_plan, new_plan, outline: list[OutlineParagraph]) -> list[Step] | None:
    """``steps`` with the old plan's values replaced by the new plan's and ``outline`` shown;
    None when the plans differ in their clicks or a step's value is not the old plan's."""
    clicks = lambda plan: [p.control for p in plan if p.function == "click_input"]  # noqa: E731
    if clicks(old_plan) != clicks(new_plan):
        return None
    old = {f: _values(old_plan, f) for f in _VALUE_ARG}
    new = {f: _values(new_plan, f) for f in _VALUE_ARG}
    if any(len(old[f]) != len(new[f]) for f in _VALUE_ARG):
        return None
    seen = {f: 0 for f in _VALUE_ARG}
    out = []
    for s in steps:
        obs = s.observation.model_copy(update={"outline": outline, "document": ""})
        action = s.action
        f = action.function
        if f in _VALUE_ARG and action.args.get(_VALUE_ARG[f]) not in (None, ""):
            k = seen[f]
            if k >= len(old[f]) or str(action.args[_VALUE_ARG[f]]) != old[f][k]:
                return None
            action = action.model_copy(update={"args": {**action.args, _VALUE_ARG[f]: new[f][k]}})
            seen[f] += 1
        out.append(s.model_copy(update={"observation": obs, "action": action}))
    return out


def retargeted(trajs: list[Trajectory], k: int, seed: int = 0) -> list[Trajectory]:
    """Up to ``k`` retargeted copies of each successful single-family training trajectory
    of ``trajs`` (module docstring), seeded per task; [] when ``k`` <= 0."""
    if k <= 0:
        return []
    from lamkit.dataflow.families import BY_NAME
    from lamkit.dataflow.split import SPLIT

    outlines = first_outlines(trajs)
    cache: dict = {}
    out: list[Trajectory] = []
    for t in trajs:
        task = t.task
        fam = BY_NAME.get(task.family or "")
        if (fam is None or task.split != "train" or not (t.verdict and t.verdict.success) or not t.steps
                or task.params.get("compound") or not task.template):
            continue
        rng = random.Random(f"{seed}|retarget|{task.id}")
        pool = [c for c in _catalog(task.template, cache) if c.path in outlines and c.path != task.template
                and SPLIT.template(c) == "train" and fam.fits(c)]
        rng.shuffle(pool)
        made = 0
        for tpl in pool:
            if made >= k:
                break
            try:
                new = fam.make_task(tpl, rng, "train")
            except (ValueError, KeyError, IndexError):  # the family cannot name a target on this template
                continue
            steps = remap_steps(t.steps, task.plan, new.plan, outlines[tpl.path])
            if steps is None:
                continue
            out.append(t.model_copy(update={"task": new, "steps": steps}))
            made += 1
    return out


__all__ = ["first_outlines", "remap_steps", "retargeted"]
