"""The agent loop: observe -> policy -> act -> remember, until FINISH or a step limit.

One loop serves data collection (expert policies), self-boosting (phase 3) and
evaluation (trained checkpoints), which is what makes their trajectories
comparable. Success is not decided here: the caller judges the finished
trajectory (checker on the document state, optional model judge).
"""

from __future__ import annotations

import time

from lamkit.agent.policy import Policy
from lamkit.envs.base import Environment
from lamkit.schema import Action, Step, StepResult, Task, Trajectory, Verdict


def run_episode(
    env: Environment,
    task: Task,
    policy: Policy,
    *,
    max_steps: int = 15,
    screenshots: bool = False,
) -> Trajectory:
    """Run one task to the end and return its trajectory (verdict left to the caller,
    except an application failure, which voids the episode as ``judge="env_error"``)."""
    t0 = time.monotonic()
    policy.reset(task)
    obs = env.reset(task)
    if screenshots:
        obs = env.observe(screenshot=True)
    steps: list[Step] = []
    verdict: Verdict | None = None
    for i in range(max_steps):
        t_step = time.monotonic()
        decision = policy.act(task, obs, steps)
        if decision.error or decision.answer is None:
            steps.append(
                Step(
                    index=i,
                    observation=obs,
                    thought="",
                    action=Action(function="finish"),
                    status="FINISH",
                    result=StepResult(ok=False, message=f"policy error: {decision.error}"),
                    latency_s=time.monotonic() - t_step,
                )
            )
            break
        a = decision.answer
        action = Action(function=a.function, args=a.args)
        result = env.step(action)
        steps.append(
            Step(
                index=i,
                observation=obs,
                thought=a.thought,
                action=action,
                status="FINISH" if a.function == "finish" else a.status,  # type: ignore[arg-type]
                plan=a.plan,
                result=result,
                latency_s=time.monotonic() - t_step,
            )
        )
        if result.env_error:
            verdict = Verdict(success=False, reason=f"environment error: {result.message}", judge="env_error")
            break
        if a.function == "finish" or a.status == "FINISH":
            break
        obs = env.observe(screenshot=screenshots)
    return Trajectory(
        task=task,
        steps=steps,
        policy=policy.name,
        verdict=verdict,
        timings={"episode_s": time.monotonic() - t0},
        env_info=env.info(),
    )
