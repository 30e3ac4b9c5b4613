"""The agent loop: observe -> policy -> check -> ground -> act -> remember, until FINISH or a step limit.

One loop serves data collection (expert policies), self-boosting (phase 3),
evaluation (trained checkpoints) and ``lamkit agent run``, which is what makes
their trajectories comparable. Between the policy and the application sit two
checks: grounding (:mod:`lamkit.agent.grounding`: the control a model names,
a stable name such as "Close", must be on screen now and becomes its live label)
and then the safety gate (:mod:`lamkit.agent.safety`: only the action set; risky
actions only when confirmed), which so judges the live control the action would
really hit. Each step records how many invalid or unparsable answers its decision
needed (``Step.invalid_answers``; 0 under constrained decoding). A step that fails either is recorded with
the reason and the loop goes on, so the model sees the failure in its memory;
two refusals in a row end the episode. A malformed model answer is retried
once by the policy (:class:`~lamkit.agent.model_policy.ModelPolicy`), then the
episode ends cleanly with the parser's message.

Success is not decided here: the caller judges the finished trajectory
(checker on the document state, optional model judge).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from lamkit.agent.grounding import GroundingError, ground_action
from lamkit.agent.policy import Policy
from lamkit.agent.safety import SafetyGate, check_function
from lamkit.envs.base import Environment
from lamkit.schema import Action, Step, StepResult, Task, Trajectory, Verdict

MAX_REFUSALS_IN_A_ROW = 2
#: The episode step limit wherever none is given (collection, exploration, online evaluation,
#: ``lamkit agent run``): the one default, so that their trajectories are comparable.
MAX_EPISODE_STEPS = 15


def run_episode(
    env: Environment,
    task: Task,
    policy: Policy,
    *,
    max_steps: int = MAX_EPISODE_STEPS,
    screenshots: bool = False,
    gate: SafetyGate | None = None,
    on_step: Callable[[Step], None] | None = None,
) -> Trajectory:
    """Run one task to the end and return its trajectory (verdict left to the caller,
    except an application failure, which voids the episode as ``judge="env_error"``).

    ``gate`` defaults to a gate that refuses risky actions (nobody to ask);
    ``screenshots`` stores a PNG path in every step's observation;
    ``on_step`` sees each step as it is recorded (progress display, live saving).
    """
    gate = gate or SafetyGate()
    t0 = time.monotonic()
    policy.reset(task)
    obs = env.reset(task)
    if screenshots:
        obs = env.observe(screenshot=True)
    # where an episode's time goes besides the steps (each step's latency_s is its decision,
    # grounding and execution): opening the task's document, and reading the screen after each step
    reset_s, observe_s = time.monotonic() - t0, 0.0
    steps: list[Step] = []
    verdict: Verdict | None = None
    refusals = 0

    def record(step: Step) -> None:
        steps.append(step)
        if on_step:
            on_step(step)

    for i in range(max_steps):
        t_step = time.monotonic()
        decision = policy.act(task, obs, steps)
        if decision.error or decision.answer is None:
            record(Step(index=i, observation=obs, action=Action(function="finish"), status="FINISH",
                        result=StepResult(ok=False, message=f"policy error: {decision.error}"),
                        latency_s=time.monotonic() - t_step, invalid_answers=decision.invalid))
            break
        a = decision.answer
        action = Action(function=a.function, args=a.args)
        status = "FINISH" if a.function == "finish" else a.status
        # Ground first, then gate: the gate judges the live control the answer would act on
        # (a stable name such as "Close" is a live label only after grounding).
        refusal = check_function(action)
        result = None
        if refusal is None:
            try:
                action = ground_action(action, obs, decision.label_of)
            except GroundingError as e:
                result = StepResult(ok=False, message=str(e))
            else:
                refusal = gate.check(action, obs)
        else:
            gate.refused.append(refusal)
        if refusal is not None:
            result = StepResult(ok=False, message=refusal)
        elif result is None:
            result = env.step(action)
        refusals = refusals + 1 if refusal else 0
        record(Step(index=i, observation=obs, thought=a.thought, action=action, status=status,  # type: ignore[arg-type]
                    plan=a.plan, result=result, latency_s=time.monotonic() - t_step, invalid_answers=decision.invalid))
        if result.env_error:
            verdict = Verdict(success=False, reason=f"environment error: {result.message}", judge="env_error")
            break
        if refusals >= MAX_REFUSALS_IN_A_ROW:
            break
        if status == "FINISH" and refusal is None:
            break
        t_obs = time.monotonic()
        obs = env.observe(screenshot=screenshots)
        observe_s += time.monotonic() - t_obs
    return Trajectory(
        task=task,
        steps=steps,
        policy=policy.name,
        verdict=verdict,
        timings={"episode_s": time.monotonic() - t0, "reset_s": reset_s, "observe_s": observe_s},
        env_info=env.info(),
    )
