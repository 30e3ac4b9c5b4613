"""Small but realistic training data built with lamkit's schema (no live Writer needed).

Four task kinds as the dataflow produces them: select text + click Bold, set the
font size through the Font Size box, open a menu then click a menu item, finish.
"""

from __future__ import annotations

import random

from lamkit.schema import (Action, Control, Observation, Source, Step, StepResult, Task, TaskPlan, Trajectory,
                           Verdict)

WORDS = ["report", "budget", "summary", "meeting", "invoice", "draft", "agenda", "notes", "title", "review"]


def screen(doc: str, menu_open: str | None = None) -> Observation:
    cs = [Control(label="1", role="menu", name="File", path="0.0"),
          Control(label="2", role="menu", name="Format", path="0.1"),
          Control(label="3", role="menu", name="Insert", path="0.2"),
          Control(label="4", role="toggle button", name="Bold", path="1.0"),
          Control(label="5", role="toggle button", name="Italic", path="1.1"),
          Control(label="6", role="combo box", name="Font Size", value="12 pt", path="1.2"),
          Control(label="7", role="paragraph", name=doc[:40], path="2.0")]
    if menu_open:
        cs = [Control(label="8", role="menu item", name="Page Break", path="w0.0"),
              Control(label="9", role="menu item", name="Comment", path="w0.1")] + cs
    return Observation(controls=cs, window="Untitled 1 - LibreOffice Writer", document=doc)


def _step(i, obs, thought, fn, args, status, plan, ok=True):
    return Step(index=i, observation=obs, thought=thought, action=Action(function=fn, args=args), status=status,
                plan=plan, result=StepResult(ok=ok))


def trajectory(kind: str, word: str, n: int, success: bool = True) -> Trajectory:
    doc = f"The {word} is ready. Please check the {word} today."
    if kind == "bold":
        req = f"Make the word '{word}' bold"
        steps = [_step(0, screen(doc), f"Select '{word}' first.", "select_text", {"control_label": "7", "text": word},
                       "CONTINUE", ["Click Bold"]),
                 _step(1, screen(doc), "Now click Bold.", "click_input", {"control_label": "4", "button": "left", "double": False},
                       "CONTINUE", ["Finish"]),
                 _step(2, screen(doc), "The word is bold.", "finish", {}, "FINISH", [])]
    elif kind == "size":
        size = str(8 + n % 20)
        req = f"Set the font size of the text to {size}"
        steps = [_step(0, screen(doc), "Type the size into the Font Size box.", "set_edit_text",
                       {"control_label": "6", "text": size}, "CONTINUE", ["Press Enter", "Finish"]),
                 _step(1, screen(doc), "Confirm with Enter.", "keyboard_input", {"control_label": "6", "keys": "{ENTER}"},
                       "CONTINUE", ["Finish"]),
                 _step(2, screen(doc), "Done.", "finish", {}, "FINISH", [])]
    else:
        req = f"Insert a page break after '{word}'"
        steps = [_step(0, screen(doc), "Open the Insert menu.", "click_input", {"control_label": "3", "button": "left", "double": False},
                       "CONTINUE", ["Click Page Break", "Finish"]),
                 _step(1, screen(doc, "Insert"), "Click Page Break.", "click_input",
                       {"control_label": "8", "button": "left", "double": False}, "CONTINUE", ["Finish"]),
                 _step(2, screen(doc), "Inserted.", "finish", {}, "FINISH", [])]
    if not success:  # the expert clicked the wrong control and stopped
        steps = steps[:1] + [_step(1, screen(doc), "Click Italic.", "click_input",
                                   {"control_label": "5", "button": "left", "double": False}, "FINISH", [], ok=False)]
    task = Task(id=f"{kind}-{word}-{n}", request=req, template=kind, family=kind)
    return Trajectory(task=task, steps=steps, policy="expert",
                      verdict=Verdict(success=success, reason="checker" if success else "wrong format"))


def trajectories(n: int, fail_every: int = 4, seed: int = 0) -> list[Trajectory]:
    rng = random.Random(seed)
    kinds = ["bold", "size", "menu"]
    return [trajectory(kinds[i % 3], rng.choice(WORDS), i, success=(i % fail_every != fail_every - 1))
            for i in range(n)]


def taskplans(n: int, seed: int = 0) -> list[TaskPlan]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        w = rng.choice(WORDS)
        kind = i % 3
        task, plan = [(f"Make '{w}' bold", [f"Select '{w}'", "Click Bold on the toolbar"]),
                      (f"Set the font size to {8 + i % 20}", ["Click the Font Size box", f"Type {8 + i % 20}", "Press Enter"]),
                      (f"Insert a page break after '{w}'", [f"Place the cursor after '{w}'", "Open the Insert menu",
                                                            "Click Page Break"])][kind]
        out.append(TaskPlan(id=f"tp{i}", app="writer", task=task, plan=plan, source=Source(path="help/fixture.html")))
    return out


class FakeExplorer:
    """Stands in for live exploration in tests: running Writer and a model for every
    explored task takes minutes per task on this CPU, so it returns pre-recorded
    successful trajectories for the tasks it is given (what a lucky model would find).
    Records what it was called with, so tests check phase 3 asks for the right tasks."""

    def __init__(self):
        self.calls = []

    def __call__(self, checkpoint_dir, tasks):
        self.calls.append((str(checkpoint_dir), [t.id for t in tasks]))
        out = []
        for t in tasks:
            kind, word, n = t.id.split("-")
            tr = trajectory(kind, word, int(n), success=True)
            out.append(tr.model_copy(update={"policy": f"model:{checkpoint_dir}"}))
        return out
