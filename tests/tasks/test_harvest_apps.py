"""Which application a harvested procedure belongs to, and lists that are not procedures.

On the real installed help: the contents file (``contents.js``) files Base's pages under Base,
procedures that say where they are done ("In a LibreOffice Impress document choose File -
Export") are that application's, and those that bring another application's content into a
text document stay Writer's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lamkit.jsonl import read_jsonl
from lamkit.schema import TaskPlan
from lamkit.tasks.app_scope import procedure_app
from lamkit.tasks.cleaning import gives_instruction, quality_reasons
from lamkit.tasks.harvest import HELP_ROOT, Page, extract, harvest_help, help_pages
from lamkit.tasks.help_contents import listed_modules

needs_help = pytest.mark.skipif(not (HELP_ROOT.parent / "contents.js").is_file(), reason="libreoffice-help-en-us not installed")


def page(rel: str, app: str = "writer") -> list[TaskPlan]:
    return extract(Page(HELP_ROOT / rel, app, app, "html"), HELP_ROOT)


@pytest.fixture(scope="module")
def writer(tmp_path_factory):
    out = tmp_path_factory.mktemp("w") / "w.jsonl"
    rep = harvest_help("writer", out, paraphrases=0, subtasks=False)
    rejected = [json.loads(x) for x in out.with_suffix(".rejected.jsonl").read_text().splitlines()]
    return rep, list(read_jsonl(out, TaskPlan)), rejected


@needs_help
def test_a_base_page_is_left_out_of_the_writer_harvest_and_is_base_in_all(writer, tmp_path):
    rep, pairs, rejected = writer
    assert not [p for p in pairs if p.source.path == "shared/guide/data_forms.html"]
    why = {r["pair"]["task"]: r for r in rejected if r["pair"]["source"]["path"] == "shared/guide/data_forms.html"}
    assert why["Create a new form with the form wizard"]["stage"] == "app"
    assert why["Create a new form with the form wizard"]["reasons"] == [
        "another application's (base): the help's contents list its page only under base"]
    assert rep.other_apps["base"] >= 15 and set(rep.pairs_after_filter) == {"writer"}
    # the "all" harvest labels the page with its module instead of "shared"
    forms = next(p for p in help_pages("all") if p.path.name == "data_forms.html")
    assert (forms.app, forms.owners) == ("base", frozenset({"base"}))
    assert {p.app for p in extract(forms, HELP_ROOT)} == {"base"}


@needs_help
def test_export_to_asp_is_impress_not_writer(writer):
    (asp,) = [p for p in page("shared/autopi/01110200.html") if p.task == "Export to ASP"]
    assert asp.task == "Export to ASP" and asp.plan[0].startswith("In a LibreOffice Impress document choose File - Export.")
    assert asp.app == "impress"
    assert not [p for p in writer[1] if p.task == "Export to ASP"]
    by_task = {p.task: p.app for p in page("shared/guide/undo_formatting.html")}
    assert by_task == {"Remove all direct formatting in a LibreOffice Writer document": "writer",
                       "Remove all direct formatting in a LibreOffice Calc spreadsheet": "calc",
                       "Remove all direct formatting in a LibreOffice presentation": "impress"}
    assert {p.task: p.app for p in page("shared/05/new_help.html")}["Search in the current help page"] == "help"


@needs_help
def test_another_apps_content_brought_into_a_text_document_stays_writers(writer):
    kept = {p.task for p in writer[1]}
    for rel, task in [("swriter/guide/insert_graphic_fromchart.html", "Insert a Calc chart into a text document"),
                      ("swriter/guide/table_insert.html", "Insert a table from a Calc spreadsheet"),
                      ("shared/guide/dragdrop_table.html", "Copy spreadsheet areas to text documents"),
                      ("shared/guide/copytable2application.html", "Copy a cell range into a text document")]:
        assert {p.app for p in page(rel) if p.task == task} == {"writer"}, task
        assert task in kept
    # the steps open the spreadsheet, the last one drags into the text document
    (chart,) = [p for p in page("swriter/guide/insert_graphic_fromchart.html") if p.task.startswith("Insert a Calc chart")]
    assert chart.plan[1] == "Open the spreadsheet containing the chart that you want to copy."
    assert procedure_app("writer", "Copy the chart", chart.plan[1:3]) == "calc"  # no text document: Calc's
    # read the other way round: opened with the text document, it stays Calc's in a Calc harvest
    (areas,) = page("shared/guide/dragdrop_table.html", "calc")
    assert areas.plan[0] == "Open both the text document and the spreadsheet." and areas.app == "calc"


@needs_help
def test_a_list_with_no_instruction_is_rejected_with_its_reason(writer):
    (regex,) = page("shared/01/02100001.html")
    assert regex.task == "List of regular expressions"
    assert quality_reasons(regex.task, regex.plan) == ["not a procedure (no step gives an instruction)"]
    assert any(r["pair"]["task"] == "List of regular expressions" and r["stage"] == "filter" for r in writer[2])
    drag = [p for p in page("shared/guide/copytext2application.html") if p.task == "Copy text using drag-and-drop"]
    assert len(drag) == 3 and all("not a procedure (no step gives an instruction)" in quality_reasons(p.task, p.plan) for p in drag)
    # instructions after a lead clause still count
    assert gives_instruction("To copy the selected text, hold down Ctrl while you drag. The mouse pointer changes to include a plus sign (+).")
    assert gives_instruction("If you are creating a new master document, the first entry in the Navigator should be a Text entry. "
                             "Type an introduction or enter some text.")
    assert not gives_instruction("If the Select icon is selected and you press Ctrl+Enter, the first object in the image window gets selected.")


@needs_help
def test_a_page_the_contents_do_not_list_stays_the_harvested_apps(tmp_path):
    assert "shared/guide/undo_formatting.html" not in listed_modules(HELP_ROOT)
    for app in ("writer", "calc"):
        (undo,) = [p for p in help_pages(app) if p.path.name == "undo_formatting.html"]
        assert (undo.app, undo.owners) == (app, frozenset())
    # a page the contents file under Writer alone is Writer's in a Calc harvest
    (tm,) = [p for p in help_pages("calc") if p.path.name == "template_manager.html"]
    assert tm.app == "writer"
    # no contents.js beside the pages (another install, a copy): no page-level attribution, no error
    root = tmp_path / "text"
    (root / "shared" / "guide").mkdir(parents=True)
    shutil.copy(HELP_ROOT / "shared/guide/data_forms.html", root / "shared/guide/data_forms.html")
    (forms,) = help_pages("writer", root)
    assert (forms.app, forms.owners) == ("writer", frozenset())
