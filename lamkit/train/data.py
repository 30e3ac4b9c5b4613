"""Turn lamkit records into TRL datasets, through the ONE prompt renderer.

Every prompt comes from :mod:`lamkit.agent.prompting`, so training text equals
what the agent sends at inference time. Datasets are conversational
prompt/completion pairs, which makes TRL's SFTTrainer put the loss on the
completion (the plan, or the answer JSON) only.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from lamkit.agent.action_space import is_word_span
from lamkit.dataflow.judge import is_unsure
from lamkit.agent.prompting import (KEY_CHORDS, PLAN_SYSTEM, RenderedStep, RenderSettings, current_layout, format_answer,
                                    format_plan, plan_messages, render_step, request_variants, shown_name, system_prompt)
from lamkit.errors import DataError
from lamkit.jsonl import read_jsonl
from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS, Step, Task, TaskPlan, Trajectory


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


def render_settings(settings: RenderSettings | int | None) -> RenderSettings:
    """The renderer's settings; a plain number is an older config's ``max_obs_chars``."""
    if settings is None:
        return RenderSettings()
    if isinstance(settings, RenderSettings):
        return settings
    return RenderSettings(max_obs_chars=int(settings))


def step_render(traj: Trajectory, i: int, settings: RenderSettings | int | None = None) -> RenderedStep:
    """Step ``i`` rendered as the agent renders it: request, previous steps, the plan the
    policy held after the previous step (what the agent feeds back), the current screen."""
    steps = traj.steps
    prev_plan = steps[i - 1].plan if i > 0 else None
    return render_step(traj.task.request, steps[i].observation, steps[:i], prev_plan, render_settings(settings),
                       task_id=traj.task.id)


def step_prompt(traj: Trajectory, i: int, settings: RenderSettings | int | None = None) -> list[dict]:
    return step_render(traj, i, settings).messages


def step_answer(step: Step, settings: RenderSettings | int | None = None) -> str:
    """The recorded action as the model must write it: its control by the name the prompt
    shows (recorded actions store the episode's numeric label), only the answer fields
    the settings generate."""
    args = dict(step.action.args)
    if args.get("control_label") not in (None, ""):
        args["control_label"] = shown_name(str(args["control_label"]), step.observation)
    return format_answer({"thought": step.thought, "function": step.action.function, "args": args,
                          "status": step.status, "plan": step.plan}, fields=render_settings(settings).fields)


class Augmentation(NamedTuple):
    """How training trajectories are multiplied: ``requests`` other training phrasings of
    the same task (:func:`with_rephrasings`), ``targets`` copies on other training documents
    with new targets (:func:`lamkit.train.retarget.retargeted`). A plain int means requests."""

    requests: int = 0
    targets: int = 0


def augmented(trajs: list[Trajectory], augment: Augmentation | int, seed: int = 0,
              avoid: Collection[int] = ()) -> list[Trajectory]:
    """``trajs`` with their rephrased and retargeted copies (training-split ones only); no
    copy is worded with a phrasing index in ``avoid`` (a held-out validation wording)."""
    from lamkit.dataflow.compound import phrasing_indices
    from lamkit.train.retarget import retargeted

    aug = augment if isinstance(augment, Augmentation) else Augmentation(int(augment or 0))
    moved = [t for t in retargeted(trajs, aug.targets, seed) if not set(phrasing_indices(t.task)) & set(avoid)]
    return with_rephrasings(trajs, aug.requests, seed, avoid) + moved


def step_examples(trajs: list[Trajectory], settings: RenderSettings | int | None = None,
                  augment: Augmentation | int = 0, seed: int = 0, avoid: Collection[int] = ()) -> list[dict]:
    """Prompt/completion rows of every step, of ``trajs`` and their :func:`augmented` copies."""
    out = []
    for t in augmented(trajs, augment, seed, avoid):
        for i, s in enumerate(t.steps):
            r = step_render(t, i, settings)
            out.append({"prompt": r.messages,
                        "completion": [{"role": "assistant", "content": step_answer(s, settings)}]})
    return out


def is_success(t: Trajectory) -> bool:
    return bool(t.verdict and t.verdict.success)


def with_rephrasings(trajs: list[Trajectory], k: int, seed: int = 0, avoid: Collection[int] = ()) -> list[Trajectory]:
    """``trajs`` and, after each successful TRAINING trajectory, copies of it whose request is
    one of up to ``k`` other training-partition phrasings of the same task
    (:func:`lamkit.dataflow.compound.rephrasings`: same parameters and target, so the same
    expert steps are right). Seeded per task; ``k`` = 0 returns ``trajs`` unchanged."""
    if k <= 0:
        return list(trajs)
    from lamkit.dataflow.compound import rephrasings

    out = []
    for t in trajs:
        out.append(t)
        if not is_success(t):
            continue
        for r in rephrasings(t.task, k, random.Random(f"{seed}|{t.task.id}"), avoid):
            out.append(t.model_copy(update={"task": t.task.model_copy(update={"request": r})}))
    return out


def training_successes(trajs: list[Trajectory]) -> list[Trajectory]:
    """Successful trajectories of TRAINING-split tasks: the only data a run may learn its
    renderer's ranker and typed values from."""
    return [t for t in trajs if is_success(t) and t.steps and t.task.split == "train"]


def typed_texts(t: Trajectory, i: int) -> list[str]:
    """What step ``i`` types (``set_edit_text`` text, ``keyboard_input`` keys)."""
    a = t.steps[i].action
    if a.function not in ("set_edit_text", "keyboard_input"):
        return []
    return [str(a.args[k]) for k in ("text", "keys") if a.args.get(k) not in (None, "")]


def typed_vocabulary(trajs: list[Trajectory]) -> list[str]:
    """Texts the steps type that are neither a key chord nor a word span of their request
    (any case variant the renderer allows) or document ("Heading 2" for "a level-two
    heading", "©" for "the copyright sign"), in order of first appearance. Constrained
    decoding could not produce them otherwise; give it training-split steps only."""
    out: dict[str, None] = {}
    for t in trajs:
        for i, s in enumerate(t.steps):
            texts = [x for x in typed_texts(t, i) if x not in KEY_CHORDS and x not in out]
            if not texts:
                continue
            obs = s.observation
            docs = [p.text for p in obs.outline if p.text] or ([obs.document] if obs.document else [])
            sources = request_variants(t.task.request) + docs
            for x in texts:
                if not is_word_span(x, sources):
                    out[x] = None
    return list(out)


#: The share of a function's training steps that must give an optional argument for the decoder
#: to offer it: the standard run's 1,908 expert clicks hold one double-click (a help page's), too
#: few to teach when to write one, and offering it lets the model double-click a toggle.
MIN_ARGUMENT_SHARE = 0.01


def optional_arguments(trajs: list[Trajectory], min_share: float = MIN_ARGUMENT_SHARE) -> dict[str, list[str]]:
    """Per function of the schema, the optional arguments given by at least ``min_share`` of
    its steps in ``trajs`` (in the schema's order): what ``RenderSettings.optional_args`` lets
    the decoder offer. Give it the training split's successes: an argument the expert steps
    (almost) never use is one the model never learned when to write (the click modifiers)."""
    steps: dict[str, int] = {f: 0 for f in ACTION_FUNCTIONS}
    used: dict[str, dict[str, int]] = {f: {} for f in ACTION_FUNCTIONS}
    for t in trajs:
        for s in t.steps:
            fn = s.action.function
            if fn not in steps:
                continue
            steps[fn] += 1
            for a in s.action.args:
                if a not in REQUIRED_ARGS.get(fn, ()):
                    used[fn][a] = used[fn].get(a, 0) + 1
    return {f: [a for a in ACTION_FUNCTIONS[f] if used[f].get(a, 0) and used[f][a] >= min_share * steps[f]]
            for f in ACTION_FUNCTIONS}


def fit_render(trajs: list[Trajectory], settings: RenderSettings, *, ranker: bool = True, typed: bool = True,
               exemplars: bool = False, augment: Augmentation | int = 0, seed: int = 0,
               avoid: Collection[int] = ()) -> tuple[RenderSettings, dict]:
    """The run's renderer settings: ``settings`` with the candidate ranker fitted
    (:meth:`lamkit.agent.candidates.Ranker.fit`), the optional arguments the answers use
    (:func:`optional_arguments`) and the typed-value vocabulary learned
    from the successful TRAINING-split trajectories of ``trajs`` (and their :func:`augmented`
    copies), nothing else. Returns (settings, what was learned)."""
    from lamkit.agent.candidates import Ranker

    base = training_successes(trajs)
    seen = augmented(base, augment, seed, avoid)
    update, info = {}, {"train_trajectories": len(base), "rendered_trajectories": len(seen)}
    if ranker:
        r = Ranker.fit((t.task.request, s.observation, t.steps[:i], s) for t in seen for i, s in enumerate(t.steps))
        update["ranker"] = r.model
        info["ranker_steps"] = r.model.steps
    if typed:
        update["typed_values"] = list(dict.fromkeys([*settings.typed_values, *typed_vocabulary(seen)]))
        info["typed_values"] = len(update["typed_values"])
    if settings.optional_args is None:  # a config that names them keeps its own
        update["optional_args"] = optional_arguments(seen)
        info["optional_args"] = sum(map(len, update["optional_args"].values()))
    if exemplars:
        update["exemplars"] = exemplar_index(seen)
        info["exemplars"] = len(update["exemplars"].entries)
    return current_layout(settings.model_copy(update=update)), info


def exemplar_index(trajs: list[Trajectory]):
    """The exemplar index of successful trajectories: each request with its expert's steps as
    ``function control`` (the control by the name prompts show) and what each step typed, said
    relative to its request (:func:`lamkit.agent.values.value_ref`)."""
    from lamkit.agent.exemplars import build_index, step_text
    from lamkit.agent.prompting import KEY_CHORDS
    from lamkit.agent.values import value_ref

    def steps(t: Trajectory) -> list[str]:
        out = []
        for s in t.steps:
            lab = s.action.args.get("control_label")
            out.append(step_text(s.action.function, shown_name(str(lab), s.observation) if lab not in (None, "") else None))
        return out

    def typed(t: Trajectory) -> list:
        return [value_ref(texts[0], t.task.request, KEY_CHORDS) if (texts := typed_texts(t, i)) else None
                for i in range(len(t.steps))]

    return build_index((t.task.request, t.task.id, steps(t), typed(t)) for t in trajs if is_success(t))


def failing_steps(t: Trajectory) -> list[int]:
    """Steps of a failed trajectory to call bad: those whose action failed, else the last one
    (the step that ended the run without reaching the goal)."""
    bad = [i for i, s in enumerate(t.steps) if s.result is not None and not s.result.ok]
    return bad or ([len(t.steps) - 1] if t.steps else [])


def reward_examples(trajs: list[Trajectory], settings: RenderSettings | int | None = None) -> list[dict]:
    """(+1) every step of a successful trajectory, (-1) the failing steps of failed ones."""
    out = []
    for t in trajs:
        if is_success(t):
            idx, label = range(len(t.steps)), 1.0
        elif t.verdict is not None and t.verdict.judge != "env_error" and not is_unsure(t.verdict.judge):
            # an episode the judge could not decide (a help task's state-diff "unsure") teaches nothing
            idx, label = failing_steps(t), -1.0
        else:
            continue
        for i in idx:
            r = step_render(t, i, settings)
            out.append({"prompt": r.messages, "answer": step_answer(t.steps[i], settings), "label": label})
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


def tokenizer_corpus(plans: list[TaskPlan], trajs: list[Trajectory], tasks: list[Task],
                     settings: RenderSettings | int | None = None, augment: Augmentation | int = 0, seed: int = 0):
    """The text a tiny model will see, for training its tokenizer: phase 1's plan prompts and
    plans, the rendered step prompts and answers of the trajectories (phases 2-4), fresh task
    requests (phase 3) and the fixed prompt strings. Each message is one ``role\ncontent``
    text, as the chat template lays it out."""
    def msgs(ms):
        for m in ms:
            yield f"{m['role']}\n{m['content']}"

    settings = current_layout(render_settings(settings))  # the layout phase 2 will fit
    for text in (system_prompt(settings), PLAN_SYSTEM):
        yield f"system\n{text}"
    for ex in map(plan_example, plans):
        yield from msgs(ex["prompt"] + ex["completion"])
    for ex in step_examples(trajs, settings, augment, seed):
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
                        "max_length or lower render.max_obs_chars / render.outline_chars in the training config")
    return {"examples": len(rows), "longest_tokens": longest, "cut_examples": cut}
