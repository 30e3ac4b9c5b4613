"""`lamkit agent run`: put a policy (a trained LAM, an endpoint, the expert) to work in live Writer."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from lamkit.agent.loop import MAX_EPISODE_STEPS
from lamkit.agent.policies import SPEC_HELP
from lamkit.errors import LamkitError

console = Console()
agent_app = typer.Typer(help="The LAM agent in live LibreOffice Writer.", no_args_is_help=True)


def load_task(request: str | None, doc: Path | None, task_file: Path | None, task_id: str | None):
    """The Task to run: from a Task/record JSONL (``--task``), else built from the request and document."""
    from lamkit.schema import Task

    if task_file is not None:
        from lamkit.dataflow.runner import load_items

        if not task_file.exists():
            raise LamkitError(f"{task_file}: no such task file")
        items = [t for t, _ in load_items(task_file)]
        if task_id:
            items = [t for t in items if t.id == task_id]
            if not items:
                raise LamkitError(f"{task_file}: no task with id {task_id!r}")
        if not items:
            raise LamkitError(f"{task_file}: holds no tasks")
        task = items[0]
        updates = {}
        if request:
            updates["request"] = request
        if doc is not None:
            updates["template"] = str(doc.resolve())
        return task.model_copy(update=updates)
    if not request:
        raise LamkitError("say what to do: lamkit agent run \"Make the title bold\" --doc FILE (or --task FILE)")
    if doc is None:
        raise LamkitError("--doc FILE is needed: the document (.odt or .docx) to work on")
    if not doc.exists():
        raise LamkitError(f"{doc}: no such document")
    if doc.suffix.lower() not in (".odt", ".docx", ".doc", ".rtf", ".txt"):
        raise LamkitError(f"{doc}: not a document Writer opens (.odt, .docx, .doc, .rtf, .txt)")
    tid = "agent-" + hashlib.sha1(f"{request}|{doc.resolve()}".encode()).hexdigest()[:10]
    return Task(id=tid, request=request, template=str(doc.resolve()), origin="agent run")


def policy_from_options(model: str | None, policy: str | None, task):
    """The policy of ``--model`` / ``--policy``, checked before Writer starts (an unknown spec
    or a missing model folder is a one-line error listing what is accepted)."""
    from lamkit.agent.policies import check_policy, make_policy

    if model and policy:
        raise LamkitError("give either --model CHECKPOINT or --policy SPEC, not both")
    if not (model or policy):
        raise LamkitError(f"no policy: pass --model CHECKPOINT (a trained LAM folder, or 'smollm2'), or --policy {SPEC_HELP}")
    spec = check_policy(f"model:{model}" if model else policy)
    if spec.kind == "expert" and not task.plan:
        raise LamkitError("the heuristic expert replays an instantiated plan: pass --task FILE with a planned task "
                          "(from `lamkit instantiate`), or use --model CHECKPOINT")
    return make_policy(spec)


def _confirm_on_terminal(action, why: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return typer.confirm(f"The agent wants to run {action.function}({action.args}): {why}. Allow it?", default=False)


@agent_app.command("run")
def run_cmd(
    request: str = typer.Argument(None, help="What to do, in the user's words."),
    doc: Path = typer.Option(None, help="Document to work on (.odt/.docx); a fresh copy is edited, never the file itself."),
    model: str = typer.Option(None, help="A trained LAM checkpoint folder (or 'smollm2' for the untrained bundled model)."),
    policy: str = typer.Option(None, help=f"Instead of --model: {SPEC_HELP} (endpoint: OpenAI-compatible, LAMKIT_LLM_*)."),
    task: Path = typer.Option(None, help="A Task JSONL (e.g. instantiation/pass.jsonl): runs its task, judged by its checker."),
    task_id: str = typer.Option(None, help="Which task of --task (default: the first)."),
    max_steps: int = typer.Option(MAX_EPISODE_STEPS, help="Give up after this many steps."),
    allow_risky: bool = typer.Option(False, "--allow-risky", help="Permit risky actions (close, print, send, macros, deleting files) without asking."),
    save: Path = typer.Option(None, help="Folder for trajectory.json, per-step screenshots and the resulting document."),
):
    """Observe -> model -> parse -> ground -> act, until FINISH or the step limit."""
    from lamkit.agent.loop import run_episode
    from lamkit.agent.safety import SafetyGate
    from lamkit.envs.base import make_env
    from lamkit.jsonl import write_json_atomic

    t = load_task(request, doc, task, task_id)
    pol = policy_from_options(model, policy, t)
    gate = SafetyGate(allow_risky=allow_risky, confirm=_confirm_on_terminal)
    shots = save / "screens" if save else None

    def show(step):
        ok = "ok" if step.result and step.result.ok else "[red]failed[/]"
        msg = (step.result.message if step.result else "")[:90]
        console.print(f"step {step.index + 1}: {step.action.function}({step.action.args}) {step.status} {ok} "
                      f"{step.latency_s:.2f}s {msg}", highlight=False)

    console.print(f"[bold]task[/] {t.request!r} on {Path(t.template).name} with {pol.name}")
    with make_env("writer", screenshot_dir=shots) as env:
        traj = run_episode(env, t, pol, max_steps=max_steps, screenshots=save is not None, gate=gate, on_step=show)
        if traj.verdict is None and t.checker is not None:
            from lamkit.dataflow.checkers import evaluate

            traj.verdict = evaluate(t.checker, env.state())
        state = env.state()
        if save:
            save.mkdir(parents=True, exist_ok=True)
            env.save(save / f"result{Path(t.template).suffix or '.odt'}")
    finished = bool(traj.steps) and traj.steps[-1].status == "FINISH" and (traj.steps[-1].result is None or traj.steps[-1].result.ok)
    tab = Table(title=f"{len(traj.steps)} steps, {traj.timings['episode_s']:.1f} s")
    for c in ("outcome", "value"):
        tab.add_column(c)
    tab.add_row("finished (FINISH reached)", "yes" if finished else "no")
    if traj.verdict is not None:
        tab.add_row("checker", ("[green]success[/]" if traj.verdict.success else "[red]failure[/]") + f": {traj.verdict.reason}")
    if gate.refused:
        tab.add_row("refused", "; ".join(gate.refused))
    tab.add_row("document now", " / ".join(p.text for p in state.paragraphs[:4])[:200])
    console.print(tab)
    if save:
        write_json_atomic(save / "trajectory.json", traj.model_dump(mode="json"))
        console.print(f"saved the trajectory, screenshots and resulting document in {save}")
    ok = traj.verdict.success if traj.verdict is not None else finished
    if not ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(agent_app, name="agent")
