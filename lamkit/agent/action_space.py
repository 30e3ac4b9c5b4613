"""What the model may answer at one step: the contract between renderer and decoder.

The renderer (:mod:`lamkit.agent.prompting`) builds an ``ActionSpace`` from the
observation it shows; constrained decoding (:mod:`lamkit.agent.decoding`)
generates only answers inside it, and :meth:`ActionSpace.violation` checks any
answer (a model's, an endpoint's, a recorded one) against the same rules. Why
one object: a small model cannot be trusted to emit valid JSON, a known
function, only that function's arguments, a control that is on screen, or a
span that exists in the document; making those the decoder's constraints turns
"invalid answer" from a failure mode into an impossibility.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS

#: Values a ``button`` / ``double`` / ``wheel_dist`` argument may take.
BUTTONS = ("left", "right")
WHEEL_RANGE = range(-10, 11)
#: Answer fields in the order they are written; which are generated is a config choice.
ALL_FIELDS = ("thought", "function", "args", "status", "plan")
DEFAULT_FIELDS = ("function", "args", "status")


def fitted_functions(optional: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Every function of :data:`lamkit.schema.ACTION_FUNCTIONS` with its required arguments and,
    of its optional ones, those in ``optional`` (``RenderSettings.optional_args``: the ones the
    training answers used); None: all of them."""
    if optional is None:
        return {f: list(a) for f, a in ACTION_FUNCTIONS.items()}
    return {f: [a for a in args if a in REQUIRED_ARGS.get(f, ()) or a in optional.get(f, ())]
            for f, args in ACTION_FUNCTIONS.items()}


class ActionSpace(BaseModel):
    """The answers allowed at one step.

    - ``functions``: function name -> the argument names it takes (a subset of
      :data:`lamkit.schema.ACTION_FUNCTIONS`).
    - ``controls``: the names the model may give as ``control_label``: the
      candidates rendered in the prompt, in their rendered order.
    - ``doc_spans``: texts (document paragraphs) of which a ``select_text``
      ``text`` must be a substring starting and ending at word boundaries.
    - ``targets``: when not empty, the only texts ``select_text`` may select: the
      target options the renderer offers (:mod:`lamkit.agent.targets`).
    - ``text_sources``: texts (the request, the document) of which a typed
      ``text`` / ``keys`` may be a word-boundary substring, plus ``key_chords``,
      allowed whole (``{ENTER}``, ``^b``, …).
    - ``values``: when not empty, the values the request asks to type
      (:mod:`lamkit.agent.values`): a ``set_edit_text`` text must be one of them, a
      ``keyboard_input`` keys one of them or a key chord (a box is filled with a value,
      never with a chord; a learned value the request does not name is not typed).
    - ``hints``: the renderer's suggestion for this step (``function`` and ``control_label``
      from the exemplar, ``target`` the first target, ``value`` the first value): a prior
      constrained decoding may weigh (``DecodingSettings.hint_weight``), never a constraint.
    - ``hint_skips``: optional arguments the suggested step leaves out (the exemplar's
      ``keyboard_input`` named no control: it typed into the comment box that had the focus);
      the decoder weighs leaving them out of the hinted function's answer the same way.
    - ``fields``: which answer fields are generated.
    """

    functions: dict[str, list[str]] = Field(default_factory=lambda: {f: list(a) for f, a in ACTION_FUNCTIONS.items()})
    controls: list[str] = Field(default_factory=list)
    doc_spans: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    hints: dict[str, str] = Field(default_factory=dict)
    hint_skips: list[str] = Field(default_factory=list)
    text_sources: list[str] = Field(default_factory=list)
    key_chords: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=lambda: list(DEFAULT_FIELDS))

    def values_for(self, function: str) -> list[str]:
        """What ``function`` may type when the request names values (see ``values``)."""
        if function == "keyboard_input":
            return list(dict.fromkeys([*self.values, *self.key_chords]))
        return list(self.values)

    def violation(self, function: str, args: dict[str, Any], status: str = "CONTINUE") -> str | None:
        """Why this answer is outside the space (one line), or None when it is valid."""
        if function not in self.functions:
            return f"unknown function {function!r}; allowed: {', '.join(self.functions)}"
        allowed = set(self.functions[function])
        extra = sorted(set(args) - allowed)
        if extra:
            return f"{function} takes no argument(s) {', '.join(extra)}"
        missing = [a for a in REQUIRED_ARGS.get(function, ()) if a not in args]
        if missing:
            return f"{function} needs argument(s) {', '.join(missing)}"
        if status not in ("CONTINUE", "FINISH"):
            return f"status must be CONTINUE or FINISH, got {status!r}"
        if "control_label" in args and args["control_label"] not in self.controls:
            return f"control {args['control_label']!r} is not among the candidates"
        if "button" in args and args["button"] not in BUTTONS:
            return f"button must be one of {', '.join(BUTTONS)}"
        if "double" in args and not isinstance(args["double"], bool):
            return "double must be true or false"
        if "wheel_dist" in args and (not isinstance(args["wheel_dist"], int) or args["wheel_dist"] not in WHEEL_RANGE):
            return f"wheel_dist must be an integer in {WHEEL_RANGE.start}..{WHEEL_RANGE.stop - 1}"
        if function == "select_text" and self.targets and str(args.get("text", "")) not in self.targets:
            return f"select_text text {str(args.get('text'))[:40]!r} is not among the targets"
        if function == "select_text" and not is_word_span(str(args.get("text", "")), self.doc_spans):
            return f"select_text text {str(args.get('text'))[:40]!r} is not a span of the document"
        for key in ("text", "keys"):
            if function in ("set_edit_text", "keyboard_input") and key in args:
                v = str(args[key])
                if self.values:
                    if v not in self.values_for(function):
                        return (f"{function} {key} {v[:40]!r} is not one of the values"
                                + (" nor a key chord" if function == "keyboard_input" else ""))
                elif v not in self.key_chords and not is_word_span(v, self.text_sources):
                    return f"{function} {key} {v[:40]!r} is neither a key chord nor a span of the request or document"
        return None


def is_word_span(text: str, sources: list[str]) -> bool:
    """``text`` is a non-empty substring of one source that starts and ends at word
    boundaries (so "Sales grew" is a span of "Sales grew by five", "ales gr" is not)."""
    if not text or not text.strip():
        return False
    pat = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)" if text[0].isalnum() or text[-1].isalnum()
                     else re.escape(text))
    for s in sources:
        m = pat.search(s)
        if m and _boundary_ok(s, m.start(), m.end(), text):
            return True
    return False


def _boundary_ok(s: str, start: int, end: int, text: str) -> bool:
    left = not text[0].isalnum() or start == 0 or not s[start - 1].isalnum()
    right = not text[-1].isalnum() or end == len(s) or not s[end].isalnum()
    return left and right


def function_signatures(functions: dict[str, tuple[str, ...]] | None = None,
                        unadvertised: tuple[str, ...] = ("button", "double")) -> str:
    """The action set as the prompt names it: ``click_input(control_label), …, finish()``.

    Rendered from :data:`lamkit.schema.ACTION_FUNCTIONS` (in its order), so the functions
    the model is told about are the ones the parser, the decoder and the safety gate
    accept: one source, not a second hand-written list. ``unadvertised`` arguments
    (the click modifiers, whose defaults - left, single - are what almost every step
    wants) are accepted but not named, which keeps the system message trained
    checkpoints were fitted on byte for byte unchanged.
    """
    functions = ACTION_FUNCTIONS if functions is None else functions
    return ", ".join(f"{fn}({', '.join(a for a in args if a not in unadvertised)})"
                     for fn, args in functions.items())
