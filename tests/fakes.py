"""FakeWriterEnv: a FAKE Writer environment, for fast unit tests of the agent loop's logic.

Why a fake: the loop's own rules (step limit, FINISH, a policy error ending the episode,
grounding, the safety gate refusing before anything runs, two refusals in a row) need no
LibreOffice to be tested, and a real Writer costs seconds per episode. This fake implements
the :class:`lamkit.envs.base.Environment` protocol over an in-memory document with three
controls (the document text, Bold and Italic on a formatting toolbar): ``select_text`` on the
document selects the first occurrence of a text, ``click_input`` on Bold or Italic toggles that
attribute on the selection, and :meth:`FakeWriterEnv.state` returns a real ``DocState`` that
the real checkers judge. Everything else is refused with a clear ``StepResult`` message.

It is a fake, not a model of Writer: it is never used for any figure (benchmarks, evaluations,
collected data), and everything that claims Writer behaviour is tested on the real
:class:`lamkit.envs.writer.WriterEnv` (tests/envs, tests/agent/test_agent_live.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lamkit.schema import (
    Action,
    Control,
    DocState,
    Observation,
    OutlineParagraph,
    ParagraphState,
    RunState,
    StepResult,
    Task,
)

DEFAULT_PARAGRAPHS = (
    "Quarterly report",
    "Sales grew by ten percent in the north region.",
    "The team met all goals this quarter.",
)
#: The toggles the fake's toolbar has: control name -> the character attribute it flips.
TOGGLES = {"Bold": "bold", "Italic": "italic"}


@dataclass
class _Char:
    ch: str
    bold: bool = False
    italic: bool = False


@dataclass
class FakeWriterEnv:
    """A FAKE Environment over an in-memory document (see the module docstring).

    ``executed`` lists every action that reached :meth:`step`, so a test can tell an action
    the loop ran from one it refused before running it.
    """

    paragraphs: tuple[str, ...] = DEFAULT_PARAGRAPHS
    executed: list[Action] = field(default_factory=list)
    closed: bool = False
    _doc: list[list[_Char]] = field(default_factory=list)
    _selection: tuple[int, int, int] | None = None  # (paragraph, start, end)

    # --------------------------------------------------------------- the protocol
    def reset(self, task: Task) -> Observation:
        """A fresh copy of the document (the task's template is not read: the fake has one document)."""
        self._doc = [[_Char(c) for c in p] for p in self.paragraphs]
        self._selection = None
        self.executed = []
        return self.observe()

    def step(self, action: Action) -> StepResult:
        self.executed.append(action)
        fn, args = action.function, action.args
        control = self._control(str(args.get("control_label", "")))
        if fn == "finish":
            return StepResult(ok=True, message="finished", done=True)
        if control is None:
            return StepResult(ok=False, message=f"no control {args.get('control_label')!r} in the fake")
        if fn == "select_text" and control.name == "Document":
            return self._select(str(args.get("text", "")))
        if fn == "click_input" and control.name in TOGGLES:
            return self._toggle(TOGGLES[control.name])
        return StepResult(ok=False, message=f"the fake does not implement {fn} on {control.name!r}")

    def observe(self, screenshot: bool = False) -> Observation:
        """The three controls, the outline with each paragraph's marks; never a screenshot."""
        bold, italic = self._selection_has("bold"), self._selection_has("italic")
        controls = [
            Control(label="1", role="document text", name="Document", path="m0:0"),
            Control(label="2", role="toggle button", name="Bold", path="m0:1.0", states=["checked"] if bold else []),
            Control(label="3", role="toggle button", name="Italic", path="m0:1.1", states=["checked"] if italic else []),
        ]
        outline = [
            OutlineParagraph(text=self._text(p), marks=[m for m in ("bold", "italic") if any(getattr(c, m) for c in p)])
            for p in self._doc
        ]
        return Observation(controls=controls, focused="1", window="Untitled 1 - LibreOffice Writer (fake)",
                           document="\n".join(o.text for o in outline)[:200], outline=outline)

    def state(self) -> DocState:
        """A real DocState: runs split where bold/italic change, as UNO reports them."""
        paras = []
        for p in self._doc:
            runs: list[RunState] = []
            for c in p:
                if runs and (runs[-1].bold, runs[-1].italic) == (c.bold, c.italic):
                    runs[-1].text += c.ch
                else:
                    runs.append(RunState(text=c.ch, bold=c.bold, italic=c.italic))
            paras.append(ParagraphState(text=self._text(p), style="Default Paragraph Style", runs=runs))
        return DocState(paragraphs=paras, text="\n".join(p.text for p in paras),
                        modified=any(c.bold or c.italic for p in self._doc for c in p))

    def info(self) -> dict[str, Any]:
        return {"app": "FakeWriterEnv (a fake, for unit tests)", "version": "0", "screen": [0, 0]}

    def close(self) -> None:
        self.closed = True

    # --------------------------------------------------------------- helpers
    @staticmethod
    def _text(p: list[_Char]) -> str:
        return "".join(c.ch for c in p)

    def _control(self, label: str) -> Control | None:
        return self.observe().control(label) if label else None

    def _select(self, text: str) -> StepResult:
        for i, p in enumerate(self._doc):
            at = self._text(p).find(text) if text else -1
            if at >= 0:
                self._selection = (i, at, at + len(text))
                return StepResult(ok=True, message=f"selected {text!r}")
        return StepResult(ok=False, message=f"{text!r} is not in the document")

    def _selected(self) -> list[_Char]:
        if self._selection is None:
            return []
        i, a, b = self._selection
        return self._doc[i][a:b]

    def _selection_has(self, attr: str) -> bool:
        chars = self._selected()
        return bool(chars) and all(getattr(c, attr) for c in chars)

    def _toggle(self, attr: str) -> StepResult:
        chars = self._selected()
        if not chars:
            return StepResult(ok=False, message="nothing is selected")
        value = not self._selection_has(attr)
        for c in chars:
            setattr(c, attr, value)
        return StepResult(ok=True, message=f"{attr} {'on' if value else 'off'}")
