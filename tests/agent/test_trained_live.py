"""A trained tiny checkpoint completes a live task it was not trained on (issue 13).

Real parts end to end: the heuristic expert collects four bold tasks in live Writer, the
tiny profile (configs/tiny.yaml: its own tokenizer, phases 1-2 on TRL, target
augmentation) trains on them, and the phase-2 checkpoint, through ``checkpoint_policy``
(the renderer, its target options and constrained decoding), acts in live Writer on a
template of the TEST split, with a word it never saw; the checker judges the document.
Kept to ~1-2 minutes: few steps, one family.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "train"))
from train_fixtures import taskplans  # noqa: E402

from lamkit.agent.heuristic import HeuristicExpert  # noqa: E402
from lamkit.agent.loop import run_episode  # noqa: E402
from lamkit.agent.model_policy import checkpoint_policy  # noqa: E402
from lamkit.dataflow.checkers import evaluate  # noqa: E402
from lamkit.dataflow.families import BY_NAME  # noqa: E402
from lamkit.dataflow.split import SPLIT  # noqa: E402
from lamkit.dataflow.templates import build_catalog  # noqa: E402
from lamkit.envs.writer import WriterEnv  # noqa: E402
from lamkit.jsonl import write_jsonl  # noqa: E402
from lamkit.train import DataPaths, load_config, run_phase  # noqa: E402
from lamkit.train.config import ImitationSettings, PhaseSettings  # noqa: E402

pytestmark = pytest.mark.writer
CONFIG = Path(__file__).parents[2] / "configs" / "tiny.yaml"


def test_a_trained_tiny_checkpoint_bolds_a_word_on_a_test_document(tmp_path):
    fam = BY_NAME["bold"]
    catalog = build_catalog(tmp_path / "templates", per_kind=3)
    train_tpls = [t for t in catalog if SPLIT.template(t) == "train" and fam.fits(t)]
    test_tpl = next(t for t in catalog if SPLIT.template(t) == "test" and fam.fits(t))
    rng = random.Random(0)
    phrasing = SPLIT.phrasings(len(fam.requests), "train")[0]
    env = WriterEnv()
    try:
        trajs = []
        for tpl in train_tpls[:4]:
            task = fam.make_task(tpl, rng, "train", p=fam.sample(tpl, rng, ref_kind="quoted"), phrasing=phrasing)
            traj = run_episode(env, task, HeuristicExpert(), max_steps=6)
            traj.verdict = evaluate(task.checker, env.state())
            assert traj.verdict.success, traj.verdict.reason
            trajs.append(traj)
        write_jsonl(tmp_path / "trajs.jsonl", trajs)
        write_jsonl(tmp_path / "plans.jsonl", taskplans(12))
        cfg = load_config(CONFIG)
        cfg = cfg.model_copy(update={
            "val_fraction": 0.0, "save_steps": 1000,
            "phase1": PhaseSettings(learning_rate=3e-3, max_steps=3, batch_size=4),
            "phase2": ImitationSettings(learning_rate=3e-3, epochs=8, batch_size=4, augment_targets=6)})
        data = DataPaths(plans=[tmp_path / "plans.jsonl"], trajectories=[tmp_path / "trajs.jsonl"])
        for n in (1, 2):
            run_phase(n, cfg, data, tmp_path / "out")
        policy = checkpoint_policy(str(tmp_path / "out" / "phase2"))
        seen = {t.task.params["word"] for t in trajs}
        p = fam.sample(test_tpl, rng, ref_kind="quoted")
        while p["word"] in seen:
            p = fam.sample(test_tpl, rng, ref_kind="quoted")
        task = fam.make_task(test_tpl, rng, "test", p=p, phrasing=phrasing)
        traj = run_episode(env, task, policy, max_steps=6)
        verdict = evaluate(task.checker, env.state())
        steps = [(s.action.function, s.action.args) for s in traj.steps]
        assert verdict.success, (task.request, verdict.reason, steps)
        assert traj.steps[-1].action.function == "finish" and len(traj.steps) <= 4, steps
    finally:
        env.close()
