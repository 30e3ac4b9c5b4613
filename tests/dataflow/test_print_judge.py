"""The state-diff judge on requests to print (lamkit.dataflow.print_judge).

Recorded: tests/data/print/episodes.jsonl holds the six printing procedures of the Writer help
compiled at stop 35, executed live by the heuristic expert on the help table template (one page,
a "Cost breakdown" title in #17365d), their before/after states as env.state() read them (the
after state's ``printed`` is the episode's print job). Read: the PDFs LibreOffice printed of a
three-page document ("Alpha page", dark red "Bravo page", "Charlie page") in tests/data/print,
put into a state by the real reader where an order or several pages per sheet must show.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lamkit.dataflow import state_diff
from lamkit.envs.writer.printed import read_pdf
from lamkit.schema import DocState, ParagraphState, PlanStep, PrintJob, RunState

DATA = Path(__file__).resolve().parents[1] / "data" / "print"
EPISODES = {json.loads(l)["task_id"]: json.loads(l) for l in (DATA / "episodes.jsonl").read_text().splitlines()}


def decide(ep: dict) -> tuple[str, str]:
    v = state_diff.judge(ep["request"], [PlanStep.model_validate(s) for s in ep["steps"]], DocState.model_validate(ep["before"]),
                         DocState.model_validate(ep["after"]), ep["executed_to_end"], ep["why_not"])
    return state_diff.decision(v), v.reason


@pytest.mark.parametrize("task_id, expected, why", [
    ("help-2eb781b455f2bfce", "failure", "nothing was printed"),  # Print a single page: the help never says Print
    ("help-8c89518e2c83f5df", "success", "the selection only ('Costs')"),
    ("help-b945990e47a35d27", "success", "drawn reduced"),  # "2" in Pages per sheet, a one-page document
    ("help-7651f1707aa2801d", "failure", "one page per sheet"),  # pages per sheet left to the user: printed plainly
    ("help-b46070d8f46967b2", "unsure", "two pages or more"),  # reverse order of a one-page document
    ("help-823e5dfeec79b27c", "success", "coloured text in black"),  # Print text in black
])
def test_recorded_printing_episodes(task_id, expected, why):
    got, reason = decide(EPISODES[task_id])
    assert got == expected and why in reason, reason


THREE = DocState(text="Alpha page\nBravo page\nCharlie page", page_count=3,
                 paragraphs=[ParagraphState(text="Alpha page"), ParagraphState(text="Bravo page", runs=[RunState(text="Bravo page", color="#c00000")]),
                             ParagraphState(text="Charlie page")])


def printed(name: str) -> DocState:
    return THREE.model_copy(update={"printed": read_pdf((DATA / name).read_bytes())})


def judge(request: str, after: DocState) -> str:
    return state_diff.decision(state_diff.judge(request, [], THREE, after, True))


def test_reverse_order_is_read_from_the_sheets_text():
    assert judge("Print in reverse order", printed("three_pages_reverse.pdf")) == "success"
    assert judge("Print in reverse order", printed("three_pages.pdf")) == "failure"


def test_pages_per_sheet():
    assert judge("Print multiple pages on one sheet", printed("three_pages_2_per_sheet.pdf")) == "success"
    assert judge("Print multiple pages on one sheet", printed("three_pages.pdf")) == "failure"


def test_a_single_page_of_three():
    assert judge("Print a single page", printed("three_pages.pdf")) == "failure"


def test_black_and_white_text():
    req = "Print the current text document with black and white text"
    assert judge(req, printed("three_pages_text_in_black.pdf")) == "success"
    assert judge(req, printed("three_pages.pdf")) == "failure"
    # images are not read: no colour drawn is no proof for them
    assert judge("Print text and images in black and white", printed("three_pages_text_in_black.pdf")) == "unsure"


def test_a_plain_print_and_what_cannot_be_told():
    assert judge("Print the document", printed("three_pages.pdf")) == "success"
    assert judge("Print a range of pages", printed("three_pages.pdf")) == "unsure"  # the range is the user's
    assert judge("Print the document", THREE) == "unsure"  # printed None: a state read without the print jobs
    assert judge("Print the document", THREE.model_copy(update={"printed": PrintJob(jobs=0)})) == "failure"


def test_a_step_that_did_not_execute_fails_first():
    v = state_diff.judge("Print in reverse order", [], THREE, printed("three_pages_reverse.pdf"), False, "step 2 failed")
    assert state_diff.decision(v) == "failure"


def test_what_asks_to_print():
    from lamkit.dataflow.print_judge import asks_to_print

    assert asks_to_print("Print a brochure") and asks_to_print("Print in reverse order")
    assert not asks_to_print("Print Preview") and not asks_to_print("Printing options")


RANGE_STEPS = [PlanStep(step='Type "2-3" in the Pages box', function="set_edit_text", control="Pages", args={"text": "2-3"})]


def judge_range(rng: str, after: DocState) -> tuple[str, str]:
    steps = [s.model_copy(update={"args": {"text": rng}}) for s in RANGE_STEPS]
    v = state_diff.judge("Print a range of pages", steps, THREE, after, True)
    return state_diff.decision(v), v.reason


def test_a_range_is_judged_against_the_pages_the_plan_typed():
    """three_pages_2-3.pdf: the real Print dialog's Pages box given "2-3" (the Bravo and
    Charlie pages). The job shows those pages; the whole document does not."""
    assert judge_range("2-3", printed("three_pages_2-3.pdf")) == ("success", "printed 2 sheet(s) of a 3-page document: pages [2, 3], the range '2-3'")
    assert judge_range("2-3", printed("three_pages.pdf"))[0] == "failure"
    assert judge_range("1-2", printed("three_pages_2-3.pdf"))[0] == "failure"  # two sheets, but not pages 1 and 2
    assert judge_range("-1", printed("three_pages_2-3.pdf"))[0] == "failure"


def test_a_range_the_job_cannot_tell_from_a_plain_print_is_unsure():
    """The help's example "1-4" on a three-page document holds every page: a print of all pages
    shows the same; a page between the first and the last alone is not read (no page text)."""
    assert judge_range("1-4", printed("three_pages.pdf")) == ("unsure", "printed 3 sheet(s) of a 3-page document; the range '1-4' holds every page of it, as a plain print does")
    assert judge_range("2", read_range("three_pages_2-3.pdf", sheets=1))[0] == "success"  # of three pages, the one between
    four = read_range("three_pages_2-3.pdf", sheets=1).model_copy(update={"page_count": 4, "text": THREE.text + "\nDelta page"})
    got, why = judge_range("2", four)  # of four pages, page 2 or page 3: the sheet's text alone does not say
    assert got == "unsure" and "between the first and the last" in why
    v = state_diff.judge("Print a range of pages", [], THREE, printed("three_pages_2-3.pdf"), True)
    assert state_diff.decision(v) == "unsure" and "user's choice" in v.reason  # no range typed: the user's


def read_range(name: str, sheets: int) -> DocState:
    """The job cut to its first ``sheets`` sheets (a job of one middle page, as the range "2" prints)."""
    job = read_pdf((DATA / name).read_bytes())
    return THREE.model_copy(update={"printed": job.model_copy(update={"sheets": sheets, "texts": job.texts[:sheets],
                                                                      "pages_per_sheet": job.pages_per_sheet[:sheets]})})


def test_page_ranges_read_as_the_print_dialog_takes_them():
    from lamkit.dataflow.print_judge import _pages_of
    # the help's examples (print_selection.html), on a 16-page document
    assert _pages_of("1-4", 16) == [1, 2, 3, 4] and _pages_of("-5", 16) == [1, 2, 3, 4, 5] and _pages_of("10-", 12) == [10, 11, 12]
    assert _pages_of("1,3;7", 16) == [1, 3, 7] and _pages_of("1, 3, 5-10, 15-", 16) == [1, 3, 5, 6, 7, 8, 9, 10, 15, 16]
    assert _pages_of("1-4", 1) == [1]
