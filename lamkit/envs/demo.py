"""The environment demo: a short scripted edit in live Writer, shown step by step.

What a new user sees first: that lamkit really drives LibreOffice through the
accessibility tree (the observation), acts on named controls, and reads the
document's real state back.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from lamkit.schema import Action, Observation, Task

DEMO_TEXT = [
    "Quarterly report",
    "Sales grew by ten percent in the north region, led by the new retail partners.",
    "The team met all goals this quarter and hired two engineers.",
]


def _label(obs: Observation, name: str, role: str | None = None) -> str:
    for c in obs.controls:
        if c.name == name and (role is None or c.role == role):
            return c.label
    raise RuntimeError(f"control {name!r} not observed")


def run_demo(out_dir: Path, console: Console | None = None) -> dict:
    from docx import Document

    from lamkit.envs.base import make_env

    console = console or Console()
    out_dir.mkdir(parents=True, exist_ok=True)
    template = out_dir / "demo-template.docx"
    d = Document()
    for p in DEMO_TEXT:
        d.add_paragraph(p)
    d.save(str(template))

    with make_env("writer", screenshot_dir=out_dir) as env:  # screenshot() and save() are Writer extras
        with console.status("starting LibreOffice Writer under Xvfb…"):
            obs = env.reset(Task(id="demo", request="Make the title bold, 16 pt and centred; add a closing line.", template=str(template)))
        return _script(env, obs, out_dir, console)


def _script(env, obs: Observation, out_dir: Path, console: Console) -> dict:
    table = Table(title=f"Observation: {len(obs.controls)} interactive controls (first 25)")
    for col in ("label", "role", "name", "box", "states"):
        table.add_column(col)
    for c in obs.controls[:25]:
        table.add_row(c.label, c.role, c.name, str(c.rect), ",".join(c.states))
    console.print(table)

    doc = next(c.label for c in obs.controls if c.role == "document text")
    script = [
        ("select_text", lambda o: {"control_label": doc, "text": "Quarterly report"}),
        ("click_input", lambda o: {"control_label": _label(o, "Bold")}),
        ("set_edit_text", lambda o: {"control_label": _label(o, "Font Size", "text"), "text": "16"}),
        ("click_input", lambda o: {"control_label": _label(o, "Center")}),
        ("keyboard_input", lambda o: {"control_label": doc, "keys": "^{END}"}),
        ("set_edit_text", lambda o: {"control_label": doc, "text": "\nPrepared by lamkit."}),
        ("click_input", lambda o: {"control_label": _label(o, "Format", "menu")}),
        ("click_input", lambda o: {"control_label": _label(o, "Character...")}),
        ("click_input", lambda o: {"control_label": _label(o, "Cancel")}),
    ]
    steps = Table(title="Scripted edit through the environment API")
    for col in ("#", "action", "result", "ms"):
        steps.add_column(col)
    for i, (fn, args_of) in enumerate(script, 1):
        obs = env.observe()
        args = args_of(obs)
        r = env.step(Action(function=fn, args=args))
        name = obs.control(args["control_label"]).name if obs.control(args.get("control_label", "")) else ""
        steps.add_row(str(i), f"{fn}({name or args.get('text', args.get('keys', ''))!r})", ("ok: " if r.ok else "FAILED: ") + r.message, f"{r.latency_s * 1000:.0f}")
    console.print(steps)

    state = env.state()
    shot = env.screenshot(out_dir / "demo-screenshot.png")
    saved = env.save(out_dir / "demo-result.odt")
    title = state.paragraphs[0]
    console.print(
        f"[bold]Document state[/] (read through UNO): {len(state.paragraphs)} paragraphs; title "
        f"bold={title.runs[0].bold} size={title.runs[0].font_size:g} alignment={title.alignment}; "
        f"last paragraph: {state.paragraphs[-1].text!r}"
    )
    console.print(f"screenshot: {shot}\ndocument:   {saved}")
    ok = title.runs[0].bold and title.runs[0].font_size == 16 and title.alignment == "center"
    console.print("[green]demo succeeded[/]" if ok else "[red]demo: the document does not show the edit[/]")
    return {"ok": ok, "screenshot": str(shot), "document": str(saved), "state": state.model_dump()}
