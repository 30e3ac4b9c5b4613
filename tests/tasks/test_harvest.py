"""Harvesting task-plan pairs from the real installed LibreOffice help and a folder of how-to pages."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lamkit.jsonl import read_jsonl
from lamkit.schema import Source, TaskPlan
from lamkit.tasks.augment import LLMParaphraser, RuleParaphraser, paraphrase_pairs, subtask_pairs
from lamkit.tasks.cleaning import quality_reasons, request_from_title
from lamkit.tasks.dedupe import dedupe_minhash
from lamkit.tasks.harvest import HELP_ROOT, Page, extract, harvest_docs, harvest_help, mixed_requests

DOCS = Path(__file__).resolve().parents[1] / "data" / "howto_docs"
needs_help = pytest.mark.skipif(not HELP_ROOT.is_dir(), reason="libreoffice-help-en-us not installed")


def page(rel: str, app: str = "writer") -> list[TaskPlan]:
    return extract(Page(HELP_ROOT / rel, app, app, "html"), HELP_ROOT)


@needs_help
def test_one_page_several_procedures_and_linux_shortcuts():
    pairs = page("swriter/guide/page_break.html")
    by_task = {p.task: p for p in pairs}
    assert by_task["Insert a manual page break"].plan == [
        "Click in your document where you want the new page to begin.",
        "Press Ctrl+Enter.",  # the macOS "Command" variant is folded away
    ]
    assert by_task["Delete a manual page break that occurs before a table"].plan[1] == "Click the Text Flow tab."
    assert all(p.source.path == "swriter/guide/page_break.html" and p.source.section for p in pairs)


@needs_help
def test_alternative_ways_become_separate_pairs_with_menu_paths_verbatim():
    pairs = [p for p in page("swriter/guide/text_capital.html") if p.task == "Capitalize text"]
    assert len(pairs) == 2
    assert pairs[0].plan[-1] == "Choose Format - Text - Uppercase."
    assert pairs[1].plan[-1].startswith("Choose Format - Character, click the Font Effects tab")


@needs_help
def test_a_procedures_own_heading_is_its_request():
    # three procedures under heading paragraphs, not under the page's h1 ("Applying Text Formatting While You Type")
    pairs = page("swriter/guide/shortcut_writing.html")
    assert [p.task for p in pairs] == ["Apply bold formatting", "Apply italic formatting", "Underline text"]
    assert [p.plan[1][:12] for p in pairs] == ["Press Ctrl+B", "Press Ctrl+I", "Press Ctrl+U"]
    assert mixed_requests(pairs) == []


@needs_help
def test_a_list_split_by_a_note_is_one_plan_and_repeated_titles_are_qualified():
    wrap = {p.task: p.plan for p in page("swriter/guide/wrap.html")}
    # <ol start="3"> goes on numbering the list above it: one procedure of four steps, not two
    assert wrap["Specify the wrapping properties"][2:] == ["Set the options that you want.", "Click OK."]
    # "do one of the following:" answered by an ordered list: two ways, tagged as such
    moves = [p for p in page("swriter/guide/arrange_chapters.html") if p.task == "Move a heading up or down in the document"]
    assert len(moves) == 2 and all("alternative" in p.tags for p in moves)
    # the same heading under three sections names which one it is
    on = sorted(p.task for p in page("swriter/guide/protection.html") if p.task.startswith("Turn off protection"))
    assert on == ["Turn off protection (contents protection in tables of contents and indexes)",
                  "Turn off protection (protecting cells in a LibreOffice Writer table)",
                  "Turn off protection (protecting sections in LibreOffice Writer)"]


def test_mixed_requests_counts_only_non_alternatives():
    a = _tp("a", "Format text", ["Press Ctrl+B."])
    b = _tp("b", "Format text", ["Press Ctrl+I."])
    assert mixed_requests([a, b]) == [("x.html", "Format text")]
    a.tags, b.tags = ["alternative"], ["alternative"]
    assert mixed_requests([a, b]) == []


@needs_help
def test_application_variant_is_chosen():
    impress = page("simpress/guide/page_copy.html", "impress")
    assert any("Choose Slide - Insert Slide from File." in p.plan for p in impress)


@needs_help
def test_harvest_writer_help_end_to_end(tmp_path):
    out = tmp_path / "writer.jsonl"
    rep = harvest_help("writer", out)
    pairs = read_jsonl(out, TaskPlan)
    assert rep.pairs_after_dedupe["writer"] > 300 and len(pairs) == rep.pairs_after_augment["writer"]
    assert rep.pages_per_second > 20
    assert rep.mixed_requests == 0  # no request carries several plans that are not alternatives
    assert sum(rep.filtered.values()) > 0 and rep.duplicates_removed > 0
    rejected = [json.loads(line) for line in out.with_suffix(".rejected.jsonl").read_text().splitlines()]
    assert len(rejected) == sum(1 for _ in rejected) and all(r["reasons"] for r in rejected)
    tags = {t for p in pairs for t in p.tags}
    assert {"howto", "subtask", "paraphrase:rules"} <= tags
    assert any(p.task == "Open Format > Character" for p in pairs)
    # deterministic ids: a rerun writes the same pairs
    harvest_help("writer", tmp_path / "again.jsonl")
    assert [p.id for p in read_jsonl(tmp_path / "again.jsonl", TaskPlan)] == [p.id for p in pairs]


def test_docs_folder_html_and_markdown_bad_pages_reported(tmp_path):
    out = tmp_path / "docs.jsonl"
    rep = harvest_docs(DOCS, out, paraphrases=0, subtasks=False)
    pairs = read_jsonl(out, TaskPlan)
    tasks = {p.task: p.plan for p in pairs}
    assert tasks["Make text bold"] == ["Select the text you want to emphasise.", "Click Bold on the Formatting toolbar, or press Ctrl+B."]
    assert tasks["Center a paragraph"] == ["Click in the paragraph.", "Choose Format - Align Text - Centered."]
    assert tasks["Delete a table"] == ["Click in the table.", "Choose Table - Delete - Table."]
    assert "Insert a table" in tasks and not any("Related" in t for t in tasks)
    assert rep.pages_total == 4 and rep.pages_without_procedure == 1
    assert rep.page_errors == [{"page": str(DOCS / "latin1.html"), "error": "not UTF-8 (byte 19)"}]


def test_missing_folder_is_a_clear_cli_error(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "lamkit.cli", "harvest", "--source", "docs", "--path", str(tmp_path / "nope"), "--out", str(tmp_path / "o.jsonl")],
        capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.startswith("error: docs folder") and r.stderr.count("\n") == 1  # one line, no traceback
    assert "does not exist" in r.stderr and "Traceback" not in r.stderr + r.stdout


def test_stats_cli(tmp_path):
    out = tmp_path / "docs.jsonl"
    harvest_docs(DOCS, out)
    r = subprocess.run([sys.executable, "-m", "lamkit.cli", "harvest", "stats", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "after dedupe" in r.stdout and "unreadable" in r.stdout and "writer" in r.stdout


@pytest.mark.parametrize(
    "title, request_",
    [
        ("To Insert a Manual Page Break", "Insert a manual page break"),
        ("Inserting and Deleting Page Breaks", "Insert and delete page breaks"),
        ("Using AutoCorrect", "Use AutoCorrect"),
        ("Setting Tabs", "Set tabs"),
        ("To set the behavior of the direct cursor, choose Tools - Options", "Set the behavior of the direct cursor"),
        ("Changing the Case of Text", "Change the case of text"),
        ("Cross-Referencing an Object", "Cross-reference an object"),
        ("Calculating in Text Documents", "Calculate in text documents"),
        ("Navigating the Main Help Pages", "Navigate the main help pages"),
        ("Controlling the ImageMap Editor", "Control the ImageMap editor"),
        ("Updating, Editing and Deleting Indexes", "Update, edit and delete indexes"),
        ("Treating Spaces", "Treat spaces"),
    ],
)
def test_request_from_title(title, request_):
    assert request_from_title(title) == request_


def test_quality_filter_gives_reasons():
    assert quality_reasons("Insert a table", ["Choose Table - Insert Table."]) == []
    assert "empty plan" in quality_reasons("Insert a table", [])
    assert "one-word plan" in quality_reasons("Insert a table", ["Table"])
    assert "task too short" in quality_reasons("Tables", ["Choose Table - Insert Table."])
    assert any("not a procedure" in r for r in quality_reasons("Cells in currency format", ["For example, if the language is set to Default."]))
    assert "navigation, not a task" in quality_reasons("Related Topics here", ["Click Next"])


def _tp(i: str, task: str, plan: list[str]) -> TaskPlan:
    return TaskPlan(id=i, app="writer", task=task, plan=plan, source=Source(path="x.html"))


def test_minhash_dedupe_removes_near_copies_only():
    a = _tp("a", "Insert a manual page break", ["Click in your document where you want the new page to begin.", "Press Ctrl+Enter."])
    b = _tp("b", "Insert a manual page break", ["Click in your document where you want the new page to begin.", "Press Ctrl+Enter now."])
    c = _tp("c", "Delete a table", ["Click in the table.", "Choose Table - Delete - Table."])
    kept, dropped = dedupe_minhash([a, b, c])
    assert [p.id for p in kept] == ["a", "c"] and dropped[0][0].id == "b" and "near-duplicate of a" in dropped[0][1]


def test_rule_augmentation():
    tp = _tp("a", "Insert a table", ["Place the cursor.", "Choose Table - Insert Table."])
    paras = paraphrase_pairs([tp], RuleParaphraser(), 2)
    assert len(paras) == 2 and all(p.plan == tp.plan and p.task != tp.task and "insert a table" in p.task.lower() for p in paras)
    subs = subtask_pairs([tp])
    assert [(s.task, s.plan) for s in subs] == [("Open Table > Insert Table", ["Choose Table - Insert Table."])]


class FakeParaphraseServer:
    """A real OpenAI-compatible HTTP server on 127.0.0.1 whose 'model' rewrites by rule.

    It stands in for an LLM, which cannot run fast enough in tests; the client,
    HTTP and parsing path exercised is the real one.
    """

    def __init__(self):
        import socket

        import uvicorn
        from fastapi import FastAPI

        app = FastAPI()
        self.requests: list[dict] = []

        @app.post("/v1/chat/completions")
        def chat(body: dict):
            self.requests.append(body)
            task = body["messages"][-1]["content"].split("Request: ", 1)[1]
            text = f"1. Could you {task[0].lower() + task[1:]}?\n2. I would like to {task[0].lower() + task[1:]}.\n3. {task}"
            return {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(5)


def test_llm_paraphrases_through_a_local_openai_compatible_server():
    with FakeParaphraseServer() as srv:
        p = LLMParaphraser(base_url=f"http://127.0.0.1:{srv.port}/v1", model="local", api_key="secret-key")
        tp = _tp("a", "Insert a table", ["Choose Table - Insert Table."])
        out = paraphrase_pairs([tp], p, 2)
    assert [o.task for o in out] == ["Could you insert a table?", "I would like to insert a table."]
    assert all("paraphrase:llm" in o.tags and o.plan == tp.plan for o in out)
    assert srv.requests[0]["model"] == "local"
