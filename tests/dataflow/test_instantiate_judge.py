"""Template choice, harvested-task mapping, the model judge's parsing and the llm expert's
priming: no Writer and no model needed (the real-server test is tests/models/test_serve_llm_expert.py)."""

from __future__ import annotations

import pytest

from lamkit.dataflow.instantiate import choose_template, match_family, template_choice_accuracy
from lamkit.dataflow.judge import ModelJudge, make_judge, parse_judgement
from lamkit.dataflow.llm_expert import LLMExpert
from lamkit.dataflow.templates import build_catalog
from lamkit.errors import LamkitError
from lamkit.schema import Action, Observation, PlanStep, Source, Step, StepResult, Task, TaskPlan, Trajectory


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("tpl"), per_kind=3)


def test_template_choice_finds_the_quoted_document(catalog):
    recipe = next(t for t in catalog if t.kind == "recipe")
    word = recipe.words()[0]
    chosen, score = choose_template(f'Make the word "{word}" bold.', catalog)
    assert word in "\n".join(chosen.paragraphs) and score > 1.0
    acc = template_choice_accuracy(catalog, n=68, seed=1)
    assert acc["quoting"] > 10 and acc["fits"] == 1.0 and acc["kind_quoting"] > 0.5


@pytest.mark.parametrize("title, family", [
    ("Make text bold", "bold"), ("Add bullets", "bullets"), ("Change the page orientation for all pages", "orientation"),
    ("Insert text tables", "insert_table"), ("Add a footer to a page", "footer_text"),
    ("Insert a table of contents", None), ("Delete an envelope from a document", None), ("Remove highlighting", None),
    ("Set a predefined border style", None), ("Make text bold and italic", None),
])
def test_harvested_titles_map_only_onto_the_family_they_name(title, family):
    f, _ = match_family(TaskPlan(id="x", app="writer", task=title, plan=["Do it."], source=Source(path="p.html")))
    assert (f.name if f else None) == family


@pytest.mark.parametrize("text, success, subs", [
    ('{"success": true, "reason": "bold applied", "sub_scores": {"document_correct": 1}}', True, {"document_correct": 1.0}),
    ('Sure! {"success": "false", "reason": "nothing changed"}', False, {}),
    ("Yes, the task was completed.", True, {}),
    ("The agent did not finish.", False, {}),
    ("banana", None, {}),
])
def test_judge_answers_are_parsed_or_marked_unsure(text, success, subs):
    s, _reason, sc = parse_judgement(text)
    assert s == success and sc == subs


class FakeChat:
    """Stands in for a chat model only to drive the judge's error path (an endpoint that
    refuses connections); the real HTTP path is tested against `lamkit serve`."""

    name = "down"

    def chat(self, messages, max_new_tokens=256, temperature=0.0):
        raise ConnectionError("connection refused")


def _traj() -> Trajectory:
    t = Task(id="t", request='Bold "profit".', template="x.docx", plan=[PlanStep(step="Click Bold", function="click_input", control="Bold")])
    st = Step(index=0, observation=Observation(), action=Action(function="click_input", args={"control_label": "3"}),
              result=StepResult(ok=True, message="clicked"))
    return Trajectory(task=t, steps=[st], policy="heuristic")


def test_judge_failures_are_unsure_not_crashes():
    v = ModelJudge(FakeChat()).judge(_traj(), None)
    assert v.judge == "model-unsure:down" and "connection refused" in v.reason
    with pytest.raises(LamkitError, match="unknown judge"):
        make_judge("oracle")


def test_llm_expert_is_primed_with_the_plan_and_never_shows_the_key(monkeypatch):
    monkeypatch.setenv("LAMKIT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LAMKIT_LLM_API_KEY", "s3cret")
    e = LLMExpert(model_name="m")
    e.reset(_traj().task)
    assert e.plan == ["Click Bold"] and e.name == "llm:m"
    assert "s3cret" not in repr(e.model)
    d = e.act(_traj().task, Observation(), [])  # nothing listens on port 9: a failed step, not an exception
    assert d.error and d.answer is None
