"""Retargeted copies (lamkit.train.retarget): another training document, a new target, the same steps.

Real parts: a generated template catalogue (lamkit.dataflow.templates.build_catalog, files
on disk, no Writer needed), the real families and split rule. The observations are
hand-built from each template's paragraphs (what a first Writer observation's outline
holds), because what is tested is pure data manipulation.
"""

from __future__ import annotations

import random

import pytest

from lamkit.dataflow.families import BY_NAME
from lamkit.dataflow.split import SPLIT
from lamkit.dataflow.templates import build_catalog
from lamkit.schema import Action, Control, Observation, OutlineParagraph, Step, StepResult, Trajectory, Verdict
from lamkit.train.data import Augmentation, augmented, step_answer
from lamkit.train.retarget import retargeted

DOC = Control(label="13", role="document text", name="doc.odt")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("templates"), per_kind=3)


def _obs(tpl) -> Observation:
    outline = [OutlineParagraph(text=t, style=s or "Default Paragraph Style") for t, s in zip(tpl.paragraphs, tpl.styles)]
    controls = [DOC] + [Control(label=str(20 + i), role="toggle button", name=n) for i, n in
                        enumerate(["Bold", "Italic", "Underline", "Center"])]
    return Observation(controls=controls, outline=outline)


def expert_trajectory(tpl, family: str, seed: int = 0, success: bool = True) -> Trajectory:
    """The trajectory the heuristic expert records for a family task: one step per plan step."""
    fam = BY_NAME[family]
    task = fam.make_task(tpl, random.Random(seed), SPLIT.template(tpl))
    obs = _obs(tpl)
    steps = []
    for i, p in enumerate(task.plan):
        args = dict(p.args)
        if p.control == "<document>":
            args["control_label"] = DOC.label
        elif p.control:
            args["control_label"] = next(c.label for c in obs.controls if c.name == p.control)
        steps.append(Step(index=i, observation=obs, action=Action(function=p.function, args=args),
                          status="FINISH" if p.function == "finish" else "CONTINUE", result=StepResult(ok=True)))
    return Trajectory(task=task, steps=steps, policy="expert", verdict=Verdict(success=success, reason="test"))


def _train_templates(catalog, family):
    return [t for t in catalog if SPLIT.template(t) == "train" and BY_NAME[family].fits(t)]


def test_copies_move_to_other_training_documents_with_their_own_target(catalog):
    tpls = _train_templates(catalog, "bold")
    assert len(tpls) >= 3
    src = [expert_trajectory(t, "bold", seed=i) for i, t in enumerate(tpls)]
    copies = retargeted(src, 3, seed=0)
    assert copies, "no copy was made"
    paths = {t.path: t for t in catalog}
    for c in copies:
        orig = next(s for s in src if s.task.id != c.task.id and [st.action.function for st in s.steps]
                    == [st.action.function for st in c.steps])
        tpl = paths[c.task.template]
        assert SPLIT.template(tpl) == "train"
        assert c.task.params["phrasing"] in SPLIT.phrasings(len(BY_NAME["bold"].requests), "train")
        sel = c.steps[0].action.args["text"]
        assert sel == c.task.plan[0].args["text"] and sel == c.task.params["word"]
        assert any(sel in p.text for p in c.steps[0].observation.outline)
        assert [p.text for p in c.steps[0].observation.outline] == tpl.paragraphs
        assert c.steps[1].action.args == orig.steps[1].action.args  # the click is the same control
        assert step_answer(c.steps[0]).count(sel) == 1
    # each source copied onto other documents, never onto its own
    assert all(c.task.template != s.task.template for c in copies for s in src if s.task.id == c.task.id)


def test_test_documents_failures_and_mismatched_steps_are_never_used(catalog):
    tpls = _train_templates(catalog, "italic")
    good = expert_trajectory(tpls[0], "italic")
    test_tpl = next(t for t in catalog if SPLIT.template(t) == "test" and BY_NAME["italic"].fits(t))
    on_test = expert_trajectory(test_tpl, "italic").model_copy(
        update={"task": expert_trajectory(test_tpl, "italic").task.model_copy(update={"split": "train"})})
    failed = expert_trajectory(tpls[1], "italic", success=False)
    odd = expert_trajectory(tpls[2], "italic")
    odd.steps[0].action.args["text"] = "not the plan's word"
    pool = [good, on_test, failed, odd]
    copies = retargeted(pool, 5, seed=1)
    assert copies
    assert all(SPLIT.template(next(t for t in catalog if t.path == c.task.template)) == "train" for c in copies)
    assert {c.steps[1].action.args["control_label"] for c in copies} == {"21"}  # Italic, as recorded
    assert test_tpl.path not in {c.task.template for c in copies}
    # a failed trajectory, and one whose step does not set the plan's value, give no copies
    # (each could have moved onto the other's document)
    assert retargeted([failed, odd], 5, seed=1) == []
    assert retargeted(pool, 0) == []


def test_augmented_adds_rephrasings_and_retargets(catalog):
    tpls = _train_templates(catalog, "underline")
    src = [expert_trajectory(t, "underline", seed=i) for i, t in enumerate(tpls)]
    both = augmented(src, Augmentation(requests=1, targets=2), seed=0)
    only_req = augmented(src, 1, seed=0)
    assert len(only_req) == 2 * len(src)
    assert len(both) > len(only_req)
    assert {t.task.request for t in both} > {t.task.request for t in only_req}


def test_augmentation_can_avoid_a_held_out_wording(catalog):
    """Calibration (lamkit.train.calibrate) holds one training phrasing out: no augmented copy,
    rephrased or retargeted, is worded with it."""
    from lamkit.dataflow.compound import phrasing_indices

    fam = BY_NAME["underline"]
    tpls = _train_templates(catalog, "underline")
    src = [expert_trajectory(t, "underline", seed=i) for i, t in enumerate(tpls)]
    src = [t for t in src if 2 not in phrasing_indices(t.task)]
    held = {fam.requests[2].format(**t.task.params) for t in src}
    everything = augmented(src, Augmentation(requests=9, targets=4), seed=0)
    avoided = augmented(src, Augmentation(requests=9, targets=4), seed=0, avoid={2})
    assert held & {t.task.request for t in everything}  # without avoid the wording appears
    assert not held & {t.task.request for t in avoided}
    assert not any(2 in phrasing_indices(t.task) for t in avoided if t not in src)
    assert len(avoided) > len(src)
