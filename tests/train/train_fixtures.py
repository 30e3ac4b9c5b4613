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
            tr = (writer_trajectory(kind[3:], int(n), success=True) if kind.startswith("wr_")
                  else trajectory(kind, word, int(n), success=True))
            out.append(tr.model_copy(update={"policy": f"model:{checkpoint_dir}"}))
        return out


# ------------------------------------------------------------------ Writer-like data
# What the default pipeline produces, in shape and size: a real Writer screen (~60
# controls, menus, toolbars, sidebar, the document's paragraphs), eight task kinds of
# 3-5 steps, some failed. Used by the benchmark and the slow test; a few tests too.
_MENUS = ["File", "Edit", "View", "Insert", "Format", "Styles", "Table", "Form", "Tools", "Window", "Help"]
_TOOLBAR = [("push button", "New"), ("push button", "Open"), ("push button", "Save"),
            ("push button", "Export Directly as PDF"), ("push button", "Print"), ("push button", "Cut"),
            ("push button", "Copy"), ("push button", "Paste"), ("push button", "Clone Formatting"),
            ("push button", "Undo"), ("push button", "Redo"), ("toggle button", "Find and Replace"),
            ("push button", "Check Spelling"), ("toggle button", "Formatting Marks"), ("push button", "Insert Table"),
            ("push button", "Insert Image"), ("push button", "Insert Chart"), ("push button", "Insert Special Character"),
            ("push button", "Insert Page Break"), ("push button", "Insert Comment"), ("toggle button", "Track Changes"),
            ("combo box", "Paragraph Style"), ("combo box", "Font Name"), ("combo box", "Font Size"),
            ("toggle button", "Bold"), ("toggle button", "Italic"), ("toggle button", "Underline"),
            ("toggle button", "Strikethrough"), ("toggle button", "Superscript"), ("toggle button", "Subscript"),
            ("push button", "Font Color"), ("push button", "Character Highlighting Color"),
            ("toggle button", "Align Left"), ("toggle button", "Align Center"), ("toggle button", "Align Right"),
            ("toggle button", "Justified"), ("toggle button", "Toggle Unordered List"),
            ("toggle button", "Toggle Ordered List"), ("push button", "Increase Indent"),
            ("push button", "Decrease Indent"), ("push button", "Set Line Spacing"),
            ("push button", "Increase Paragraph Spacing"), ("push button", "Decrease Paragraph Spacing")]
_MENU_ITEMS = {"Insert": ["Page Break", "Comment", "Image...", "Chart...", "Text Box", "Hyperlink...", "Bookmark...",
                          "Special Character...", "Horizontal Line", "Footnote and Endnote"],
               "Format": ["Character...", "Paragraph...", "Bullets and Numbering...", "Page Style...", "Columns...",
                          "Clear Direct Formatting"]}
_STYLES = ["Heading 1", "Heading 2", "Title", "Subtitle", "Quotations"]
_FONTS = ["Liberation Serif", "Liberation Sans", "DejaVu Sans", "Liberation Mono"]
_SENTENCES = ["The {w} is ready for the board.", "Please check the {w} before Friday.",
              "Sales grew by ten percent in the north region.", "The team met all goals this quarter.",
              "Send the {w} to every member of the committee.", "Our new {w} will be shared next week."]


def writer_screen(paragraphs: list[str], menu: str | None = None, states: dict | None = None) -> Observation:
    cs, n = [], 0

    def add(role, name, path, value=None, st=()):
        nonlocal n
        n += 1
        cs.append(Control(label=str(n), role=role, name=name, path=path, value=value, states=list(st)))

    if menu:
        for i, item in enumerate(_MENU_ITEMS[menu]):
            add("menu item", item, f"w0.{i}")
    for i, m in enumerate(_MENUS):
        add("menu", m, f"0.{i}", st=("expanded",) if m == menu else ())
    for i, (role, name) in enumerate(_TOOLBAR):
        value = {"Paragraph Style": "Default Paragraph Style", "Font Name": "Liberation Serif",
                 "Font Size": "12 pt"}.get(name)
        add(role, name, f"1.{i}", value=value, st=("checked",) if (states or {}).get(name) else ())
    add("document text", "", "2")
    for i, p in enumerate(paragraphs):
        add("paragraph", p, f"2.{i}")
    return Observation(controls=cs, window="Untitled 1 - LibreOffice Writer", document="\n".join(paragraphs))


def _label(obs: Observation, name: str, role: str | None = None) -> str:
    return next(c.label for c in obs.controls if c.name == name and (role is None or c.role == role))


WRITER_KINDS = ("bold", "italic", "size", "font", "center", "pagebreak", "comment", "heading")


def writer_trajectory(kind: str, n: int, success: bool = True, seed: int = 0) -> Trajectory:
    """One task of ``kind`` (3-5 steps). A failed one clicks a wrong control and stops."""
    rng = random.Random(f"{kind}-{n}-{seed}")
    w = rng.choice(WORDS)
    paras = [rng.choice(_SENTENCES).format(w=w) for _ in range(rng.randint(2, 4))]
    if kind != "center":
        paras[rng.randrange(len(paras))] = f"The {w} is attached."
    pi = next((i for i, p in enumerate(paras) if w in p), 0)
    obs = writer_screen(paras)
    para = _label(obs, paras[pi], "paragraph")
    click = {"button": "left", "double": False}
    steps: list[tuple] = []  # (observation, thought, function, args)
    size, font, style = str(rng.choice([9, 10, 14, 16, 18, 20, 24])), rng.choice(_FONTS), rng.choice(_STYLES)
    if kind in ("bold", "italic", "size", "font", "comment", "heading"):
        steps.append((obs, f"Select '{w}' in the document first.", "select_text", {"control_label": para, "text": w}))
    if kind == "bold":
        req, plan = f"Make the word '{w}' bold", ["Click Bold on the toolbar"]
        steps.append((obs, "Click Bold.", "click_input", {"control_label": _label(obs, "Bold"), **click}))
    elif kind == "italic":
        req, plan = f"Make '{w}' italic and underlined", ["Click Italic", "Click Underline"]
        steps.append((obs, "Click Italic.", "click_input", {"control_label": _label(obs, "Italic"), **click}))
        o2 = writer_screen(paras, states={"Italic": True})
        steps.append((o2, "Now click Underline.", "click_input", {"control_label": _label(o2, "Underline"), **click}))
    elif kind == "size":
        req, plan = f"Set the font size of '{w}' to {size} pt", ["Type the size in Font Size", "Press Enter"]
        steps.append((obs, f"Type {size} into the Font Size box.", "set_edit_text",
                      {"control_label": _label(obs, "Font Size"), "text": size}))
        steps.append((obs, "Confirm with Enter.", "keyboard_input", {"control_label": _label(obs, "Font Size"),
                                                                      "keys": "{ENTER}"}))
    elif kind == "font":
        req, plan = f"Change the font of '{w}' to {font}", ["Type the font in Font Name", "Press Enter"]
        steps.append((obs, f"Type {font} into the Font Name box.", "set_edit_text",
                      {"control_label": _label(obs, "Font Name"), "text": font}))
        steps.append((obs, "Confirm with Enter.", "keyboard_input", {"control_label": _label(obs, "Font Name"),
                                                                      "keys": "{ENTER}"}))
    elif kind == "center":
        req, plan = "Center the first paragraph", ["Click Align Center"]
        p0 = _label(obs, paras[0], "paragraph")
        steps.append((obs, "Put the cursor in the first paragraph.", "click_input", {"control_label": p0, **click}))
        steps.append((obs, "Click Align Center.", "click_input", {"control_label": _label(obs, "Align Center"), **click}))
    elif kind == "pagebreak":
        req, plan = f"Insert a page break after the paragraph about '{w}'", ["Open the Insert menu", "Click Page Break"]
        steps.append((obs, "Put the cursor in that paragraph.", "click_input", {"control_label": para, **click}))
        steps.append((obs, "Open the Insert menu.", "click_input", {"control_label": _label(obs, "Insert", "menu"), **click}))
        o2 = writer_screen(paras, menu="Insert")
        steps.append((o2, "Click Page Break.", "click_input", {"control_label": _label(o2, "Page Break"), **click}))
    elif kind == "comment":
        req, plan = f"Add a comment 'check {w}' to the word '{w}'", ["Open Insert", "Click Comment", "Type the comment"]
        steps.append((obs, "Open the Insert menu.", "click_input", {"control_label": _label(obs, "Insert", "menu"), **click}))
        o2 = writer_screen(paras, menu="Insert")
        steps.append((o2, "Click Comment.", "click_input", {"control_label": _label(o2, "Comment"), **click}))
        steps.append((obs, "Type the comment text.", "keyboard_input", {"keys": f"check {w}"}))
    else:
        req, plan = f"Make the paragraph with '{w}' a {style}", ["Type the style in Paragraph Style", "Press Enter"]
        steps.append((obs, f"Type {style} into Paragraph Style.", "set_edit_text",
                      {"control_label": _label(obs, "Paragraph Style"), "text": style}))
        steps.append((obs, "Confirm with Enter.", "keyboard_input", {"control_label": _label(obs, "Paragraph Style"),
                                                                      "keys": "{ENTER}"}))
    steps.append((steps[-1][0], "The request is done.", "finish", {}))
    if not success:  # the expert picked a wrong control at some step and gave up
        k = rng.randrange(len(steps) - 1)
        wrong = rng.choice(["Strikethrough", "Superscript", "Align Right", "Undo", "Font Color"])
        steps = steps[:k] + [(steps[k][0], f"Click {wrong}.", "click_input",
                              {"control_label": _label(steps[k][0], wrong), **click})]
    out = []
    for i, (o, thought, fn, args) in enumerate(steps):
        last = i == len(steps) - 1
        left = len(steps) - 2 - i  # actions still to do before finish
        remaining = [] if last else (plan[len(plan) - min(len(plan), left):] if left > 0 else ["Finish"])
        out.append(_step(i, o, thought, fn, args, "FINISH" if last else "CONTINUE", remaining,
                         ok=success or not last))
    task = Task(id=f"wr_{kind}-{w}-{n}", request=req, template=kind, family=kind)
    return Trajectory(task=task, steps=out, policy="expert",
                      verdict=Verdict(success=success, reason="checker" if success else "checker: not applied"))


def writer_trajectories(n: int, fail_every: int = 4, seed: int = 0) -> list[Trajectory]:
    """``n`` trajectories over the eight kinds; every ``fail_every``-th one failed."""
    return [writer_trajectory(WRITER_KINDS[i % len(WRITER_KINDS)], i, success=(i % fail_every != fail_every - 1),
                              seed=seed) for i in range(n)]


def writer_taskplans(n: int, seed: int = 0) -> list[TaskPlan]:
    """Plans like the harvest's: a how-to task and its numbered steps in Writer's words."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        w, size, font, style = rng.choice(WORDS), rng.choice([9, 10, 14, 16, 24]), rng.choice(_FONTS), rng.choice(_STYLES)
        task, plan = rng.choice([
            (f"Make '{w}' bold", [f"Select '{w}'", "Click Bold on the Formatting toolbar"]),
            ("Make the text italic and underlined", ["Select the text", "Click Italic", "Click Underline"]),
            (f"Change the font size to {size} pt", ["Select the text", "Click the Font Size box", f"Type {size}",
                                                   "Press Enter"]),
            (f"Use the font {font}", ["Select the text", "Click the Font Name box", f"Type {font}", "Press Enter"]),
            ("Center a paragraph", ["Click in the paragraph", "Click Align Center on the Formatting toolbar"]),
            ("Insert a page break", ["Place the cursor where the new page starts", "Choose Insert - Page Break"]),
            (f"Add a comment to '{w}'", [f"Select '{w}'", "Choose Insert - Comment", "Type the comment"]),
            (f"Apply the {style} style", ["Click in the paragraph", "Click the Paragraph Style box", f"Type {style}",
                                          "Press Enter"]),
            ("Insert a table with three columns", ["Choose Table - Insert Table", "Set Columns to 3", "Click Insert"]),
            ("Count the words of the document", ["Choose Tools - Word Count", "Read the count", "Click Close"]),
            ("Add page numbers in the footer", ["Choose Insert - Header and Footer - Footer - Default Page Style",
                                                "Click in the footer", "Choose Insert - Field - Page Number"]),
        ])
        out.append(TaskPlan(id=f"wp{i}", app="writer", task=task, plan=plan, source=Source(path="help/fixture.html")))
    return out


# ------------------------------------------------------------------ a typed value
def style_trajectory(n: int, style: str = "Heading 2", split: str = "train") -> Trajectory:
    """A task whose answer types a text that neither the request nor the document spells:
    the style name "Heading 2" for "a level-two heading" (a typed value the run must learn)."""
    doc = "Quarterly report. Sales grew by ten percent."
    level = {"Heading 2": "two", "Heading 3": "three"}.get(style, "two")
    obs = screen(doc)
    obs = obs.model_copy(update={"controls": obs.controls + [
        Control(label="10", role="combo box", name="Paragraph Style", value="Default Paragraph Style", path="1.3")]})
    steps = [_step(0, obs, "Put the cursor in the first paragraph.", "click_input", {"control_label": "7"},
                   "CONTINUE", []),
             _step(1, obs, "Type the style name.", "set_edit_text", {"control_label": "10", "text": style},
                   "CONTINUE", []),
             _step(2, obs, "Confirm with Enter.", "keyboard_input", {"control_label": "10", "keys": "{ENTER}"},
                   "CONTINUE", []),
             _step(3, obs, "Done.", "finish", {}, "FINISH", [])]
    task = Task(id=f"style-{style.replace(' ', '')}-{n}", request=f"Make the first paragraph a level-{level} heading",
                template="style", family="style", split=split)
    return Trajectory(task=task, steps=steps, policy="expert", verdict=Verdict(success=True, reason="checker"))
