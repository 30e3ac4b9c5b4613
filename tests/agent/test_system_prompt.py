"""The system message is pinned byte for byte: trained checkpoints were fitted on it.

Its function list is rendered from :data:`lamkit.schema.ACTION_FUNCTIONS`
(:func:`lamkit.agent.action_space.function_signatures`); these tests fail if that
rendering, or any other part of the message, drifts from the text checkpoints saw.
"""

from __future__ import annotations

from lamkit.agent.action_space import function_signatures
from lamkit.agent.prompting import ACTION_SYSTEM, RenderSettings, system_prompt
from lamkit.schema import ACTION_FUNCTIONS

FUNCTIONS = (
    "Functions: click_input(control_label), set_edit_text(control_label, text), "
    "keyboard_input(control_label, keys), select_text(control_label, text), "
    "wheel_mouse_input(control_label, wheel_dist), texts(control_label), summary(text), finish()."
)
HEAD = (
    "You operate LibreOffice Writer. Choose the next action for the request. "
    "Document lines: number [style, alignment, list, formatting] text; no brackets means a plain "
    "left-aligned paragraph. control_label is a name from Controls"
)

#: The default settings' message, as rendered before the function list came from the action set.
DEFAULT_SYSTEM = (
    HEAD + "; select_text selects one of Targets. "
    'Answer with one JSON object: {"function": str, "args": {...}, "status": "CONTINUE"|"FINISH"}. '
    + FUNCTIONS
)
#: No Targets section, every answer field: the message of checkpoints trained before targets existed.
ALL_FIELDS_NO_TARGETS_SYSTEM = (
    HEAD + ". "
    'Answer with one JSON object: {"thought": str, "function": str, "args": {...}, '
    '"status": "CONTINUE"|"FINISH", "plan": [str]}. '
    + FUNCTIONS
)


def test_default_system_prompt_is_byte_identical():
    assert system_prompt(RenderSettings()) == DEFAULT_SYSTEM
    assert ACTION_SYSTEM == DEFAULT_SYSTEM


def test_system_prompt_without_targets_all_fields_is_byte_identical():
    settings = RenderSettings(max_targets=0, fields=["thought", "function", "args", "status", "plan"])
    assert system_prompt(settings) == ALL_FIELDS_NO_TARGETS_SYSTEM


def test_function_list_comes_from_the_action_set():
    """Every function of the action set is named, in its order, and nothing else."""
    sigs = function_signatures()
    names = [s.split("(", 1)[0] for s in sigs.split(", ") if "(" in s]
    assert names == list(ACTION_FUNCTIONS)
    # A function added to the action set would appear in the prompt without a second edit.
    extended = {**ACTION_FUNCTIONS, "drag": ("control_label", "button")}
    assert function_signatures(extended).endswith(", finish(), drag(control_label)")
