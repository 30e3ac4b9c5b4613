"""Key syntax and the shared prompt renderer / answer parser."""

from __future__ import annotations

import pytest

from lamkit.agent.prompting import AnswerParseError, ModelAnswer, action_messages, format_answer, parse_answer
from lamkit.envs.writer.keys import KeySyntaxError, to_chords
from lamkit.schema import Control, Observation


@pytest.mark.parametrize(
    "keys, chords",
    [
        ("^b", ["ctrl+b"]),
        ("{ENTER}", ["Return"]),
        ("^{END}", ["ctrl+End"]),
        ("{TAB 3}", ["Tab", "Tab", "Tab"]),
        ("+{HOME}", ["shift+Home"]),
        ("^+(ab)", ["ctrl+shift+a", "ctrl+shift+b"]),
        ("Ctrl+Shift+End", ["ctrl+shift+End"]),
        ("hi!", ["h", "i", "exclam"]),
        ("%o", ["alt+o"]),
    ],
)
def test_key_chords(keys, chords):
    assert to_chords(keys) == chords


@pytest.mark.parametrize("bad", ["", "{NOPE}", "^", "{ENTER"])
def test_bad_keys(bad):
    with pytest.raises(KeySyntaxError):
        to_chords(bad)


def test_answer_round_trip_and_errors():
    a = ModelAnswer(thought="bold it", function="click_input", args={"control_label": "3"}, status="CONTINUE", plan=["Center"])
    assert parse_answer(format_answer(a) + " trailing words") == a
    with pytest.raises(AnswerParseError, match="no JSON object"):
        parse_answer("click bold")
    with pytest.raises(AnswerParseError, match="unknown function 'rm_rf'"):
        parse_answer('{"function": "rm_rf", "args": {}}')
    with pytest.raises(AnswerParseError, match="needs argument"):
        parse_answer('{"function": "set_edit_text", "args": {"control_label": "1"}}')
    with pytest.raises(AnswerParseError, match="status"):
        parse_answer('{"function": "finish", "args": {}, "status": "DONE"}')


def test_prompt_shows_dialog_controls_first_within_budget():
    obs = Observation(
        controls=[Control(label=str(i), role="push button", name=f"Button{i}", path=f"m0:{i}") for i in range(1, 200)]
        + [Control(label="200", role="push button", name="OK", path="w1:3")],
        window="Character",
    )
    msgs = action_messages("Make it bold", obs, [], ["Click OK"], max_obs_chars=300)
    user = msgs[1]["content"]
    assert "Request: Make it bold" in user and "\nOK (button" in user  # controls by stable name, no label
    assert user.index("\nOK (button") < user.index("\nButton1 (button")
    assert "Button199" not in user  # cut by the candidate count and the budget
