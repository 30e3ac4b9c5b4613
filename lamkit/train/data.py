"""Turn lamkit records into TRL datasets, through the ONE prompt renderer.

Every prompt comes from :mod:`lamkit.agent.prompting`, so training text equals
what the agent sends at inference time. Datasets are conversational
prompt/completion pairs, which makes TRL's SFTTrainer put the loss on the
completion (the plan, or the answer JSON) only.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from lamkit.agent.prompting import (ACTION_SYSTEM, PLAN_SYSTEM, action_messages, format_answer, format_plan,
                                    plan_messages)
from lamkit.errors import DataError
from lamkit.jsonl import read_jsonl
from lamkit.schema import Step, Task, TaskPlan, Trajectory


def read_records(path: str | Path, model, what: str) -> list:
    """Strict read: a broken line is a DataError naming file and line."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"{p}: no such {what} file")
    return read_jsonl(p, model, strict=True)


def file_entry(path: str | Path, count: int) -> dict:
    p = Path(path)
    return {"path": str(p.resolve()), "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "records": count}


def plan_example(tp: TaskPlan) -> dict:
    return {"prompt": plan_messages(tp.task),
            "completion": [{"role": "assistant", "content": format_plan(tp.plan)}]}


def step_prompt(traj: Trajectory, i: int, max_obs_chars: int) -> list[dict]:
    """The prompt of step ``i``: request, previous steps, the plan the policy held
    after the previous step (what the agent feeds back), the current screen."""
    steps = traj.steps
    prev_plan = steps[i - 1].plan if i > 0 else None
    return action_messages(traj.task.request, steps[i].observation, steps[:i], prev_plan, max_obs_chars=max_obs_chars)


def step_answer(step: Step) -> str:
    return format_answer({"thought": step.thought, "function": step.action.function, "args": step.action.args,
                          "status": step.status, "plan": step.plan})


def step_examples(trajs: list[Trajectory], max_obs_chars: int) -> list[dict]:
    return [{"prompt": step_prompt(t, i, max_obs_chars),
             "completion": [{"role": "assistant", "content": step_answer(s)}]}
            for t in trajs for i, s in enumerate(t.steps)]


def is_success(t: Trajectory) -> bool:
    return bool(t.verdict and t.verdict.success)


def failing_steps(t: Trajectory) -> list[int]:
    """Steps of a failed trajectory to call bad: those whose action failed, else the last one
    (the step that ended the run without reaching the goal)."""
    bad = [i for i, s in enumerate(t.steps) if s.result is not None and not s.result.ok]
    return bad or ([len(t.steps) - 1] if t.steps else [])


def reward_examples(trajs: list[Trajectory], max_obs_chars: int) -> list[dict]:
    """(+1) every step of a successful trajectory, (-1) the failing steps of failed ones."""
    out = []
    for t in trajs:
        if is_success(t):
            idx, label = range(len(t.steps)), 1.0
        elif t.verdict is not None and t.verdict.judge != "env_error":
            idx, label = failing_steps(t), -1.0
        else:
            continue
        for i in idx:
            out.append({"prompt": step_prompt(t, i, max_obs_chars), "answer": step_answer(t.steps[i]), "label": label})
    return out


def balance_rewards(rows: list[dict], max_good_per_bad: float | None, seed: int) -> list[dict]:
    """Every bad row and at most ``max_good_per_bad`` good rows per bad one (a seeded sample,
    kept in their original order); ``None`` keeps all."""
    good = [i for i, r in enumerate(rows) if r["label"] > 0]
    n_bad = len(rows) - len(good)
    if max_good_per_bad is None or len(good) <= max_good_per_bad * n_bad:
        return rows
    keep = set(random.Random(seed).sample(good, max(1, int(max_good_per_bad * n_bad))))
    return [r for i, r in enumerate(rows) if r["label"] <= 0 or i in keep]


def split(rows: list, val_fraction: float, seed: int) -> tuple[list, list]:
    """Seeded train/validation split; at least one validation row when there are 5+."""
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    n_val = int(len(rows) * val_fraction)
    if n_val == 0 and len(rows) >= 5 and val_fraction > 0:
        n_val = 1
    return rows[n_val:], rows[:n_val]


def tasks_of(trajs: list[Trajectory]) -> list[Task]:
    seen, out = set(), []
    for t in trajs:
        if t.task.id not in seen:
            seen.add(t.task.id)
            out.append(t.task)
    return out


def tokenizer_corpus(plans: list[TaskPlan], trajs: list[Trajectory], tasks: list[Task], max_obs_chars: int):
    """The text a tiny model will see, for training its tokenizer: phase 1's plan prompts and
    plans, the rendered step prompts and answers of the trajectories (phases 2-4), fresh task
    requests (phase 3) and the fixed prompt strings. Each message is one ``role\ncontent``
    text, as the chat template lays it out."""
    def msgs(ms):
        for m in ms:
            yield f"{m['role']}\n{m['content']}"

    for text in (ACTION_SYSTEM, PLAN_SYSTEM):
        yield f"system\n{text}"
    for ex in map(plan_example, plans):
        yield from msgs(ex["prompt"] + ex["completion"])
    for ex in step_examples(trajs, max_obs_chars):
        yield from msgs(ex["prompt"] + ex["completion"])  # the system prompt too: its frequency is real
    for t in tasks:
        yield f"user\nRequest: {t.request}"


def length_check(tok, rows: list[dict], max_length: int, what: str) -> dict:
    """Token lengths of prompt/completion rows against ``max_length``.

    Why: the Trainer cuts a row at ``max_length`` from the right, so a row whose prompt
    alone is longer loses its whole answer: it trains on nothing, silently (measured: with
    SmolLM2's tokenizer, 2,000-character screens make ~1,030-token prompts, and 821 of 860
    expert steps would have been cut at 1,024). Raises DataError when any answer would be
    lost entirely; returns the lengths' summary (rows whose answer is cut in part are
    counted, not refused)."""
    from lamkit.errors import DataError

    longest, cut, lost = 0, 0, 0
    for r in rows:
        p = len(tok(tok.apply_chat_template(r["prompt"], tokenize=False, add_generation_prompt=True),
                    add_special_tokens=False)["input_ids"])
        c = len(tok(r["completion"][0]["content"], add_special_tokens=False)["input_ids"]) + 2  # + end of turn
        longest = max(longest, p + c)
        cut += p + c > max_length
        lost += p >= max_length
    if lost:
        raise DataError(f"{what}: {lost} of {len(rows)} examples have prompts of {max_length}+ tokens, so max_length "
                        f"{max_length} would cut their whole answer (longest example: {longest} tokens); raise "
                        "max_length or lower max_obs_chars in the training config")
    return {"examples": len(rows), "longest_tokens": longest, "cut_examples": cut}
