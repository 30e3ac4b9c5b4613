"""The heuristic expert opens a drop-down list whose entry a step wants and does not see: the
step names its list (``args["list"]``, the compiler's note, never passed to the environment),
the expert clicks the list's button ("<label> list", the observer's name for it), then the
entry; when the help's name fits several lists it tries each, closing one that lacked the
entry; an entry in none, or a list not showing, ends the step with the usual error, after a
bounded number of clicks. Observations are built by hand; the live run is in
tests/dataflow/test_help_dropdown_live.py."""

from __future__ import annotations

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.schema import Control, Observation, PlanStep, Task

DIALOG = [Control(label="1", role="page tab", name="Type", path="w1:3"),
          Control(label="2", role="toggle button", name="Type list", path="w1:33"),
          Control(label="3", role="push button", name="OK", path="w1:56")]
POPUP = [Control(label="4", role="table cell", name="Table of Contents", path="w2:3"),
         Control(label="5", role="table cell", name="Alphabetical Index", path="w2:4")]
PLAN = [PlanStep(step='Select "Alphabetical Index" in the Type list', function="click_input", control="Alphabetical Index",
                 args={"list": "Type"}),
        PlanStep(step="Click OK", function="click_input", control="OK"),
        PlanStep(step="Finish", function="finish")]


def _task(plan):
    return Task(id="t", request="Insert an alphabetical index", template="x.docx", plan=plan)


def _act(pol, task, controls):
    d = pol.act(task, Observation(controls=controls), [])
    return d.error if d.answer is None else (d.answer.function, d.answer.args)


def test_a_closed_drop_down_is_opened_then_its_entry_clicked():
    pol, task = HeuristicExpert(), _task(PLAN)
    pol.reset(task)
    assert _act(pol, task, DIALOG) == ("click_input", {"control_label": "2"})  # the list's button, not the Type tab
    assert _act(pol, task, DIALOG + POPUP) == ("click_input", {"control_label": "5"})  # no "list" argument
    assert _act(pol, task, DIALOG) == ("click_input", {"control_label": "3"})


def test_a_showing_entry_is_clicked_at_once():
    pol, task = HeuristicExpert(), _task(PLAN)
    pol.reset(task)
    assert _act(pol, task, DIALOG + POPUP) == ("click_input", {"control_label": "5"})


def test_an_entry_in_no_list_fails_after_each_list_was_opened_and_closed():
    """"Style" fits Character style and Paragraph style: each is opened, and closed again by a
    second click when it lacks the entry; then the usual error, no loop."""
    lists = [Control(label="1", role="toggle button", name="Character style list", path="w1:19"),
             Control(label="2", role="toggle button", name="Paragraph style list", path="w1:23")]
    plan = [PlanStep(step='Select "Heading 9" in the Style list', function="click_input", control="Heading 9", args={"list": "Style"})]
    pol, task = HeuristicExpert(), _task(plan)
    pol.reset(task)
    got = [_act(pol, task, lists) for _ in range(5)]
    assert got[:4] == [("click_input", {"control_label": n}) for n in ("1", "1", "2", "2")]
    assert "no control named 'Heading 9' is showing" in got[4] and "Paragraph style list" in got[4]


def test_a_list_that_is_not_showing_is_the_usual_error():
    pol, task = HeuristicExpert(), _task(PLAN)
    pol.reset(task)
    assert "no control named 'Alphabetical Index' is showing" in _act(pol, task, DIALOG[:1] + DIALOG[2:])


def test_a_step_naming_its_list_clicks_only_an_entry():
    """The Fields dialog's "Page" frame (named like a button) is not the Type list's "Page"."""
    plan = [PlanStep(step='Select "Page" in the Type list', function="click_input", control="Page", args={"list": "Type"})]
    pol, task = HeuristicExpert(), _task(plan)
    pol.reset(task)
    assert "no control named 'Page'" in _act(pol, task, [Control(label="1", role="toggle button", name="Page", path="w1:5")])


FIELDS = [Control(label="1", role="page tab", name="Document", path="w1:2"),
          Control(label="2", role="table cell", name="Author", path="w1:8"),
          Control(label="3", role="table cell", name="Page number (unstyled)", path="w1:12"),
          Control(label="4", role="table cell", name="Paragraph Signature", path="w1:13"),
          Control(label="5", role="push button", name="Insert", path="w1:44")]


def _pick(entry, controls):
    pol = HeuristicExpert()
    task = _task([PlanStep(step=f'Select "{entry}" in the Type list', function="click_input", control=entry, args={"list": "Type"}),
                  PlanStep(step="Finish", function="finish")])
    pol.reset(task)
    return _act(pol, task, controls)


def test_an_entry_named_by_its_older_shorter_label():
    """swriter/guide/footer_nextpage.html: "Click 'Page' in the Type list"; 7.4's Fields dialog
    calls that entry "Page number (unstyled)". One entry begins with the help's words: it."""
    assert _pick("Page", FIELDS) == ("click_input", {"control_label": "3"})


def test_a_shorter_label_two_entries_begin_with_is_no_entry():
    both = FIELDS + [Control(label="6", role="table cell", name="Page count", path="w1:14")]
    assert "Page" in str(_pick("Page", both))  # the usual error: no entry chosen between the two
    assert _pick("Pag", FIELDS) != ("click_input", {"control_label": "3"})  # whole words only
