"""The one place prompts are rendered and answers parsed.

Training (phases 1-4) and the live agent both call these functions, so the text
a model is trained on is byte for byte the text it sees at inference time.

Model I/O follows the published LAM recipe: input = user request, previous
actions, the plan so far and the list of available controls (label, role,
name); output = one JSON object with ``thought``, ``function``, ``args``
(``control_label`` inside), ``status`` (CONTINUE / FINISH) and ``plan`` (the
steps the model still intends; empty when done). Observations are text only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, Field

from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS, Control, Observation, Step

ACTION_SYSTEM = (
    "You operate LibreOffice Writer through its controls. Given the user's request, "
    "your previous actions, your plan and the controls now on screen, choose the next action. "
    "Answer with one JSON object: "
    '{"thought": str, "function": str, "args": {...}, "status": "CONTINUE"|"FINISH", "plan": [str]}. '
    "Functions: click_input(control_label, button, double), set_edit_text(control_label, text), "
    "keyboard_input(control_label, keys), select_text(control_label, text), "
    "wheel_mouse_input(control_label, wheel_dist), texts(control_label), summary(text), finish()."
)

PLAN_SYSTEM = (
    "You are an expert LibreOffice Writer user. Given a task, answer with the numbered steps "
    "that accomplish it in the application, one step a line."
)

# Controls of dialogs and open menus matter most for the next step: render them first
# so that a budget cut drops the least relevant ones (the distant menubar, say).
_ROLE_SHORT = {
    "push button": "button",
    "toggle button": "toggle",
    "menu item": "menuitem",
    "check menu item": "checkitem",
    "radio menu item": "radioitem",
    "page tab": "tab",
    "combo box": "combo",
    "spin button": "spin",
    "check box": "checkbox",
    "radio button": "radio",
    "list item": "listitem",
    "paragraph": "paragraph",
}


def render_control(c: Control) -> str:
    role = _ROLE_SHORT.get(c.role, c.role)
    extra = ""
    if c.value:
        extra += f" ={c.value[:30]!r}"
    flags = [s for s in c.states if s in ("checked", "selected", "focused", "expanded")]
    if flags:
        extra += " [" + ",".join(flags) + "]"
    return f"{c.label}|{role}|{c.name[:40]}{extra}"


def render_observation(obs: Observation, max_chars: int = 6000) -> str:
    """Controls as ``label|role|name`` lines, dialog and menu controls first, within a budget."""
    main = [c for c in obs.controls if not c.path.startswith("w")]  # "w" paths: secondary windows
    other = [c for c in obs.controls if c.path.startswith("w")]
    lines, used = [], 0
    for c in other + main:
        line = render_control(c)
        if used + len(line) + 1 > max_chars:
            break
        lines.append(line)
        used += len(line) + 1
    head = f"Window: {obs.window}\n" if obs.window else ""
    doc = f"Document: {obs.document[:300]}\n" if obs.document else ""
    return head + doc + "Controls:\n" + "\n".join(lines)


def render_history(history: list[Step] | list[dict], max_steps: int = 8) -> str:
    if not history:
        return "(none)"
    out = []
    for s in history[-max_steps:]:
        if isinstance(s, Step):
            fn, args, ok = s.action.function, s.action.args, (s.result.ok if s.result else True)
            idx = s.index
        else:
            fn, args, ok, idx = s["function"], s.get("args", {}), s.get("ok", True), s.get("index", 0)
        out.append(f"{idx + 1}. {fn}({json.dumps(args, ensure_ascii=False)}){'' if ok else ' -> failed'}")
    return "\n".join(out)


def action_messages(
    request: str,
    observation: Observation,
    history: list[Step] | list[dict] | None = None,
    plan: list[str] | None = None,
    max_obs_chars: int = 6000,
) -> list[dict[str, str]]:
    """Chat messages for one step of the action model."""
    plan_txt = "\n".join(f"- {p}" for p in plan) if plan else "(none yet)"
    user = (
        f"Request: {request}\n"
        f"Previous actions:\n{render_history(history or [])}\n"
        f"Plan:\n{plan_txt}\n"
        f"{render_observation(observation, max_obs_chars)}"
    )
    return [{"role": "system", "content": ACTION_SYSTEM}, {"role": "user", "content": user}]


def plan_messages(task: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": PLAN_SYSTEM}, {"role": "user", "content": f"Task: {task}"}]


def format_plan(plan: list[str]) -> str:
    return "\n".join(f"{i}. {s}" for i, s in enumerate(plan, start=1))


class ModelAnswer(BaseModel):
    thought: str = ""
    function: str
    args: dict[str, Any] = Field(default_factory=dict)
    status: str = "CONTINUE"
    plan: list[str] = Field(default_factory=list)


def format_answer(answer: ModelAnswer | dict) -> str:
    """The training target: compact JSON with a fixed key order."""
    a = answer if isinstance(answer, ModelAnswer) else ModelAnswer.model_validate(answer)
    return json.dumps(
        {"thought": a.thought, "function": a.function, "args": a.args, "status": a.status, "plan": a.plan},
        ensure_ascii=False,
        separators=(", ", ": "),
    )


class AnswerParseError(ValueError):
    """A model answer that is not one valid action; the message says what is wrong."""


_OBJ = re.compile(r"\{.*\}", re.S)


def parse_answer(text: str) -> ModelAnswer:
    """Strictly parse one JSON action; raise AnswerParseError naming the problem.

    Only the first balanced JSON object is read, so a model that keeps talking
    after its answer still parses; anything else (no object, unknown function,
    missing argument, bad status) is an error the agent can feed back once.
    """
    m = _OBJ.search(text or "")
    if not m:
        raise AnswerParseError(f"no JSON object in the answer: {text[:120]!r}")
    raw = _first_object(m.group(0))
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise AnswerParseError(f"invalid JSON ({e.msg} at char {e.pos}): {raw[:120]!r}") from None
    if not isinstance(data, dict):
        raise AnswerParseError("the answer is not a JSON object")
    fn = data.get("function")
    if fn not in ACTION_FUNCTIONS:
        raise AnswerParseError(f"unknown function {fn!r}; allowed: {', '.join(ACTION_FUNCTIONS)}")
    args = data.get("args") or {}
    if not isinstance(args, dict):
        raise AnswerParseError(f"'args' must be an object, got {type(args).__name__}")
    missing = [a for a in REQUIRED_ARGS[fn] if a not in args]
    if missing:
        raise AnswerParseError(f"{fn} needs argument(s) {', '.join(missing)}")
    status = str(data.get("status", "CONTINUE")).upper()
    if status not in ("CONTINUE", "FINISH"):
        raise AnswerParseError(f"status must be CONTINUE or FINISH, got {status!r}")
    plan = data.get("plan") or []
    if isinstance(plan, str):
        plan = [plan]
    return ModelAnswer(
        thought=str(data.get("thought", "")),
        function=fn,
        args=args,
        status=status,
        plan=[str(p) for p in plan],
    )


def _first_object(s: str) -> str:
    depth, in_str, esc = 0, False, False
    for i, ch in enumerate(s):
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return s[: i + 1]
    return s
