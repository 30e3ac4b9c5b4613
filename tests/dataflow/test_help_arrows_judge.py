"""The state-diff judge on what a split button's drop-down did (issue 14): highlighting removed
with Character Highlighting Color's No Fill (the runs' ``highlight``, docs/document_state.md), and
text pasted with an entry of Paste's menu (the paragraph's text), on before/after states as the
reader writes them; nothing changed is no success."""

from __future__ import annotations

from lamkit.dataflow.state_diff import decision, judge
from lamkit.schema import DocState, ParagraphState, PlanStep, RunState

NO_FILL = [PlanStep(step='Select "Costs" in the document', function="select_text", control="<document>", args={"text": "Costs"}),
           PlanStep(step="Click the arrow next to Character Highlighting Color on the Formatting toolbar", function="click_input",
                    control="Character Highlighting Color arrow"),
           PlanStep(step="Click No Fill", function="click_input", control="No Fill")]
PASTE = [PlanStep(step='Select "Costs" in the document', function="select_text", control="<document>", args={"text": "Costs"}),
         PlanStep(step="Press Ctrl+C (copy the selection)", function="keyboard_input", control="<document>", args={"keys": "^c"}),
         PlanStep(step="Press End (place the cursor)", function="keyboard_input", control="<document>", args={"keys": "{END}"}),
         PlanStep(step="Click the arrow next to Paste on the Standard toolbar", function="click_input", control="Paste arrow"),
         PlanStep(step="Click Unformatted text", function="click_input", control="Unformatted text")]


def _doc(*runs: RunState) -> DocState:
    text = "".join(r.text for r in runs)
    return DocState(reader=2, text=text, paragraphs=[ParagraphState(text=text, runs=list(runs))])


HIGHLIGHTED = _doc(RunState(text="Costs", highlight="#ffff00"), RunState(text=" of the trip"))
PLAIN = _doc(RunState(text="Costs"), RunState(text=" of the trip"))


def test_highlighting_removed_is_success():
    assert decision(judge("Remove highlighting", NO_FILL, HIGHLIGHTED, PLAIN, True)) == "success"


def test_nothing_to_remove_is_no_success():
    """The help template's text is not highlighted: No Fill there changes nothing (as measured live)."""
    assert decision(judge("Remove highlighting", NO_FILL, PLAIN, PLAIN, True)) != "success"


def test_pasted_text_is_success():
    after = _doc(RunState(text="Costs"), RunState(text=" of the tripCosts"))
    assert decision(judge("Paste clipboard contents using an icon menu", PASTE, PLAIN, after, True)) == "success"


def test_nothing_pasted_is_no_success():
    assert decision(judge("Paste clipboard contents using an icon menu", PASTE, PLAIN, PLAIN, True)) != "success"
