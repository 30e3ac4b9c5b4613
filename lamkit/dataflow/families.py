"""Task families: parametrised generators of concrete Writer tasks with exact checkers.

Each family knows how a user asks for it (several phrasings), the plan an
expert follows in the real UI (each step: function + the control's name as
Writer's accessibility tree shows it), the checker that decides success on
the document's state, and a scripted UNO solution used by tests to prove the
checker passes on a correct result and fails on the untouched template.

Families vary their parameters and their template (see templates.py), so the
number of distinct tasks is (templates x targets x parameters x phrasings):
many thousands.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lamkit.dataflow.templates import Template
from lamkit.schema import PlanStep, Task

DOC = "<document>"  # the plan's name for the document control (role "document text")


def S(step: str, function: str, control: str | None = None, **args) -> PlanStep:
    return PlanStep(step=step, function=function, control=control, args=args)


def sel(word: str) -> PlanStep:
    return S(f'Select "{word}" in the document', "select_text", DOC, text=word)


def click(name: str, where: str = "") -> PlanStep:
    return S(f"Click {name}{where}", "click_input", name)


def box(name: str, value: str) -> PlanStep:
    return S(f'Set the {name} box to "{value}"', "set_edit_text", name, text=value)


def keys(k: str, what: str) -> PlanStep:
    return S(f"Press {what}", "keyboard_input", DOC, keys=k)


def typing(text: str) -> PlanStep:
    return S(f'Type "{text}"', "set_edit_text", DOC, text=text)


FINISH = S("Finish: the task is done", "finish")

# UNO helpers available to every scripted solution (run inside the env worker with `doc` bound).
UNO_PRELUDE = '''
def _find(t):
    sd = doc.createSearchDescriptor(); sd.SearchString = t; sd.SearchCaseSensitive = True
    r = doc.findFirst(sd)
    assert r is not None, "not found: " + t
    return r
def _page():
    first = doc.Text.createEnumeration().nextElement()
    return doc.StyleFamilies.getByName("PageStyles").getByName(first.PageStyleName or "Standard")
def _end():
    return doc.Text.getEnd()
'''


@dataclass
class Family:
    name: str
    category: str
    requests: list[str]
    params: dict[str, list[Any]]
    plan: Callable[[dict], list[PlanStep]]
    checker: Callable[[dict], dict]
    solution: Callable[[dict], str]
    needs: str = "text"  # "text" or "table" templates
    target: str = "word"  # what to pick from the template: "word", "paragraph", "none"
    keywords: tuple[str, ...] = field(default_factory=tuple)  # search words naming the feature (harvested TaskPlans map by the stricter patterns in instantiate.py)

    def sample(self, template: Template, rng: random.Random) -> dict[str, Any]:
        p = {k: rng.choice(v) for k, v in self.params.items()}
        for k, v in list(p.items()):
            if isinstance(v, tuple):  # (value, ..., label): the last element is how a user says it
                p[f"{k}_label"] = v[-1]
        words = template.words()
        if self.target == "word":
            p["word"] = rng.choice(words)
        elif self.target == "paragraph":
            i = rng.randrange(1, len(template.paragraphs))
            p["paragraph"] = template.paragraphs[i]
            p["word"] = next((w for w in words if w in template.paragraphs[i]), template.paragraphs[i].split()[0])
        return p

    def make_task(self, template: Template, rng: random.Random, split: str = "train") -> Task:
        p = self.sample(template, rng)
        request = rng.choice(self.requests).format(**p)
        tid = hashlib.sha1(f"{self.name}|{template.name}|{sorted(p.items())}|{request}".encode()).hexdigest()[:16]
        return Task(
            id=tid, request=request, template=template.path, plan=self.plan(p) + [FINISH],
            checker={"version": 1, **self.checker(p)}, family=self.name, params=p, split=split,
        )


def _run(word: str, attr: str, value) -> dict:
    return {"all": [{"check": "run", "text": word, "attr": attr, "equals": value}]}


def _para(word: str, attr: str, value, approx: bool = False) -> dict:
    cond = {"check": "paragraph", "contains": word, "attr": attr}
    cond.update({"approx": value, "tol": 0.6} if approx else {"equals": value})
    return {"all": [cond]}


def _toolbar_char(name: str, button: str, attr: str, value, uno: str, phr: list[str], kw: tuple[str, ...]) -> Family:
    return Family(
        name=name, category="character", requests=phr, params={},
        plan=lambda p: [sel(p["word"]), click(button, " on the Formatting toolbar")],
        checker=lambda p: _run(p["word"], attr, value),
        solution=lambda p: f"r = _find({p['word']!r}); {uno}",
        keywords=kw,
    )


def _align(name: str, button: str, value: str, uno_value: int, phr: list[str]) -> Family:
    return Family(
        name=name, category="paragraph", requests=phr, params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click(button, " on the Formatting toolbar")],
        checker=lambda p: _para(p["word"], "alignment", value),
        solution=lambda p: f"_find({p['word']!r}).ParaAdjust = {uno_value}",
        keywords=("align", value),
    )


def _style(name: str, style: str, phr: list[str]) -> Family:
    return Family(
        name=name, category="style", requests=phr, params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), box("Paragraph Style", style)],
        checker=lambda p: _para(p["word"], "style", style),
        solution=lambda p: f"_find({p['word']!r}).ParaStyleName = {style!r}",
        keywords=("style", style.lower()),
    )


def _hf(which: str) -> Family:
    low = which.lower()
    return Family(
        name=f"{low}_text", category="header_footer",
        requests=[f'Add a {low} that says "{{text}}".', f'Put "{{text}}" in the page {low}.', f'Insert a {low} with the text "{{text}}".'],
        params={"text": ["Confidential", "Draft version", "Company report", "Page notes", "Internal use only"]}, target="none",
        plan=lambda p: [click("Insert"), click("Header and Footer"), click(which), click("Default Page Style"), typing(p["text"])],
        checker=lambda p: {"all": [{"check": "text", "where": low, "contains": p["text"]}]},
        solution=lambda p: f"ps = _page(); ps.{which}IsOn = True; ps.{which}Text.setString({p['text']!r})",
        keywords=(low,),
    )


FAMILIES: list[Family] = [
    _toolbar_char("bold", "Bold", "bold", True, "r.CharWeight = 150.0",
                  ["Make the word \"{word}\" bold.", "Bold \"{word}\".", "Put \"{word}\" in bold type."], ("bold",)),
    _toolbar_char("italic", "Italic", "italic", True, "r.CharPosture = uno.Enum('com.sun.star.awt.FontSlant', 'ITALIC')",
                  ["Make \"{word}\" italic.", "Italicise the word \"{word}\".", "Set \"{word}\" in italics."], ("italic",)),
    _toolbar_char("underline", "Underline", "underline", True, "r.CharUnderline = 1",
                  ["Underline \"{word}\".", "Add an underline to the word \"{word}\"."], ("underline",)),
    _toolbar_char("strikethrough", "Strikethrough", "strikethrough", True, "r.CharStrikeout = 1",
                  ["Strike through \"{word}\".", "Apply strikethrough to \"{word}\"."], ("strikethrough", "strike")),
    _toolbar_char("highlight", "Character Highlighting Color", "highlight", "#ffff00", "r.CharBackColor = 0xFFFF00",
                  ["Highlight \"{word}\" in yellow.", "Mark the word \"{word}\" with the highlighter."], ("highlight",)),
    _toolbar_char("font_color", "Font Color", "color", "#c9211e", "r.CharColor = 0xC9211E",
                  ["Make \"{word}\" dark red.", "Colour the word \"{word}\" dark red using the font colour button."], ("font color", "colour", "color")),
    Family(
        name="font_size", category="character",
        requests=["Set \"{word}\" to {size} pt.", "Change the font size of \"{word}\" to {size}.", "Make \"{word}\" {size} points."],
        params={"size": [8, 9, 10, 14, 16, 18, 20, 24, 28]},
        plan=lambda p: [sel(p["word"]), box("Font Size", str(p["size"]))],
        checker=lambda p: {"all": [{"check": "run", "text": p["word"], "attr": "font_size", "approx": p["size"], "tol": 0.01}]},
        solution=lambda p: f"_find({p['word']!r}).CharHeight = {float(p['size'])}",
        keywords=("font size", "size"),
    ),
    Family(
        name="font_name", category="character",
        requests=["Change the font of \"{word}\" to {font}.", "Set \"{word}\" in {font}.", "Use the {font} font for \"{word}\"."],
        params={"font": ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Liberation Sans", "Liberation Serif"]},
        plan=lambda p: [sel(p["word"]), box("Font Name", p["font"])],
        checker=lambda p: _run(p["word"], "font_name", p["font"]),
        solution=lambda p: f"_find({p['word']!r}).CharFontName = {p['font']!r}",
        keywords=("font name", "typeface", "font"),
    ),
    Family(
        name="uppercase", category="character",
        requests=["Change \"{word}\" to uppercase.", "Make the word \"{word}\" all capitals.", "Write \"{word}\" in UPPERCASE."],
        params={},
        plan=lambda p: [sel(p["word"]), click("Format"), click("Text"), click("UPPERCASE")],
        checker=lambda p: {"all": [{"check": "text", "contains": p["word"].upper()}], "none": [{"check": "text", "contains": p["word"]}]},
        solution=lambda p: f"_find({p['word']!r}).setString({p['word'].upper()!r})",
        keywords=("uppercase", "capital"),
    ),
    _align("align_center", "Center", "center", 3, ["Center the paragraph containing \"{word}\".", "Centre the line with \"{word}\".", "Align the paragraph with \"{word}\" to the center."]),
    _align("align_right", "Right", "right", 1, ["Right-align the paragraph containing \"{word}\".", "Align the paragraph with \"{word}\" to the right."]),
    _align("justify", "Justified", "justify", 2, ["Justify the paragraph containing \"{word}\".", "Make the paragraph with \"{word}\" justified."]),
    Family(
        name="line_spacing", category="paragraph",
        requests=["Set {spacing_label} line spacing for the paragraph with \"{word}\".", "Give the paragraph containing \"{word}\" {spacing_label} line spacing."],
        params={"spacing": [(1.5, "Line Spacing: 1.5", "1.5"), (2.0, "Line Spacing: 2", "double")]}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click("Format"), click("Spacing"), click(p["spacing"][1])],
        checker=lambda p: {"all": [{"check": "paragraph", "contains": p["word"], "attr": "line_spacing", "approx": p["spacing"][0], "tol": 0.01}]},
        solution=lambda p: (f"ls = uno.createUnoStruct('com.sun.star.style.LineSpacing'); ls.Mode = 0; ls.Height = {int(p['spacing'][0] * 100)}; "
                            f"_find({p['word']!r}).ParaLineSpacing = ls"),
        keywords=("line spacing", "spacing"),
    ),
    Family(
        name="indent", category="paragraph",
        requests=["Indent the paragraph containing \"{word}\" by {cm} cm.", "Set a left indent of {cm} cm on the paragraph with \"{word}\"."],
        params={"cm": ["1", "1.5", "2", "2.5", "3"]}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click("Format"), click("Paragraph..."), click("Indents & Spacing"),
                        box("Before text", f"{p['cm']} cm"), click("OK")],
        checker=lambda p: _para(p["word"], "left_indent_mm", float(p["cm"]) * 10, approx=True),
        solution=lambda p: f"_find({p['word']!r}).ParaLeftMargin = {int(float(p['cm']) * 1000)}",
        keywords=("indent",),
    ),
    Family(
        name="bullets", category="list",
        requests=["Turn the paragraph with \"{word}\" into a bulleted list.", "Add a bullet to the paragraph containing \"{word}\"."],
        params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click("Unordered List")],
        checker=lambda p: _para(p["word"], "list_type", "bullet"),
        solution=lambda p: f"_find({p['word']!r}).NumberingStyleName = 'List 1'",
        keywords=("bullet", "unordered"),
    ),
    Family(
        name="numbering", category="list",
        requests=["Number the paragraph containing \"{word}\".", "Make the paragraph with \"{word}\" a numbered list item."],
        params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), keys("{F12}", "F12 (numbered list)")],
        checker=lambda p: _para(p["word"], "list_type", "number"),
        solution=lambda p: f"_find({p['word']!r}).NumberingStyleName = 'Numbering 123'",
        keywords=("numbering", "numbered", "ordered list"),
    ),
    _style("heading1", "Heading 1", ["Make the paragraph with \"{word}\" a Heading 1.", "Apply the Heading 1 style to the paragraph containing \"{word}\"."]),
    _style("heading2", "Heading 2", ["Make the paragraph with \"{word}\" a Heading 2.", "Apply Heading 2 to the paragraph containing \"{word}\"."]),
    _style("heading3", "Heading 3", ["Format the paragraph with \"{word}\" as Heading 3.", "Apply the Heading 3 style to the line containing \"{word}\"."]),
    _style("title_style", "Title", ["Apply the Title style to the paragraph with \"{word}\".", "Style the paragraph containing \"{word}\" as the document title."]),
    Family(
        name="insert_table", category="table",
        requests=["Insert a table with {rows} rows and {cols} columns at the end.", "Add a {rows} by {cols} table after the last paragraph."],
        params={"rows": [2, 3, 4, 5], "cols": [2, 3, 4]}, target="none",
        # the boxes are spin buttons set without Enter (Enter in either would insert the table
        # at once, measured), then "Insert" confirms the dialog
        plan=lambda p: [keys("^{END}", "Ctrl+End"), click("Table"), click("Insert Table..."), box("Columns", str(p["cols"])),
                        box("Rows", str(p["rows"])), click("Insert")],
        checker=lambda p: {"all": [{"check": "table", "index": 0, "rows": p["rows"], "cols": p["cols"]}]},
        solution=lambda p: (f"t = doc.createInstance('com.sun.star.text.TextTable'); t.initialize({p['rows']}, {p['cols']}); "
                            "doc.Text.insertTextContent(_end(), t, False)"),
        keywords=("insert table", "table"),
    ),
    Family(
        name="fill_cell", category="table", needs="table", target="none",
        requests=["Replace TBD in row {row} of the table with {value}.", "Fill the empty Q2 cell of row {row} with {value}."],
        params={"row": [1, 2], "value": ["12", "40", "75", "98"]},
        plan=lambda p: ([S("Select TBD in the first row's Q2 cell", "select_text", DOC, text="TBD")]
                        + ([] if p["row"] == 1 else [keys("{DOWN}", "Down (the next row's cell)"), keys("{END}", "End"), keys("+{HOME}", "Shift+Home (select the cell text)")])
                        + [S(f'Type "{p["value"]}"', "keyboard_input", DOC, keys=p["value"])]),
        checker=lambda p: {"all": [{"check": "cell", "table": 0, "row": p["row"], "col": 2, "equals": p["value"]}]},
        solution=lambda p: f"doc.TextTables.getByIndex(0).getCellByPosition(2, {p['row']}).setString({p['value']!r})",
        keywords=("cell", "table"),
    ),
    Family(
        name="find_replace", category="find_replace",
        requests=["Replace every \"{word}\" with \"{new}\".", "Find \"{word}\" and replace it with \"{new}\"."],
        params={"new": ["alpha", "bravo", "delta", "omega", "zulu"]},
        plan=lambda p: [click("Find and Replace", " on the Standard toolbar"), box("Find", p["word"]), box("Replace", p["new"]),
                        click("Replace All"), click("Close")],
        checker=lambda p: {"all": [{"check": "text", "contains": p["new"]}, {"check": "text", "not_contains": p["word"]}]},
        solution=lambda p: f"rd = doc.createReplaceDescriptor(); rd.SearchString = {p['word']!r}; rd.ReplaceString = {p['new']!r}; doc.replaceAll(rd)",
        keywords=("replace", "find"),
    ),
    Family(
        name="orientation", category="page", target="none",
        requests=["Switch the page to landscape.", "Make the page orientation landscape.", "Turn the document to landscape format."],
        params={},
        plan=lambda p: [click("Format"), click("Page Style..."), click("Page"), click("Landscape"), click("OK")],
        checker=lambda p: {"all": [{"check": "page", "attr": "orientation", "equals": "landscape"}]},
        solution=lambda p: "ps = _page(); w, h = ps.Width, ps.Height; ps.IsLandscape = True; ps.Width = max(w, h); ps.Height = min(w, h)",
        keywords=("landscape", "orientation"),
    ),
    Family(
        name="margin_left", category="page", target="none",
        requests=["Set the left page margin to {cm} cm.", "Change the left margin of the page to {cm} cm."],
        params={"cm": ["1", "1.5", "2.5", "3", "3.5"]},
        plan=lambda p: [click("Format"), click("Page Style..."), click("Page"), box("Left", f"{p['cm']} cm"), click("OK")],
        checker=lambda p: {"all": [{"check": "page", "attr": "margin_left_mm", "approx": float(p["cm"]) * 10, "tol": 0.6}]},
        solution=lambda p: f"_page().LeftMargin = {int(float(p['cm']) * 1000)}",
        keywords=("margin",),
    ),
    _hf("Header"),
    _hf("Footer"),
    Family(
        name="page_break", category="insertion", target="paragraph",
        requests=["Start a new page before the paragraph with \"{word}\".", "Insert a page break before the paragraph containing \"{word}\"."],
        params={},
        plan=lambda p: [sel(p["word"]), keys("{HOME}", "Home"), keys("^{ENTER}", "Ctrl+Enter (page break)")],
        checker=lambda p: {"all": [{"check": "count", "what": "page_count", "at_least": 2}, {"check": "text", "contains": p["word"]}]},
        solution=lambda p: f"_find({p['word']!r}).BreakType = uno.Enum('com.sun.star.style.BreakType', 'PAGE_BEFORE')",
        keywords=("page break",),
    ),
    Family(
        name="comment", category="insertion",
        requests=["Add a comment \"{text}\" to the word \"{word}\".", "Comment on \"{word}\": {text}"],
        params={"text": ["Check this figure", "Source needed", "Please confirm", "Update next week"]},
        plan=lambda p: [sel(p["word"]), click("Insert"), click("Comment"),
                        S(f'Type "{p["text"]}" into the comment', "keyboard_input", None, keys=p["text"]),
                        # Writer stores a comment's text only when the comment loses focus
                        S("Press Escape to leave the comment", "keyboard_input", None, keys="{ESC}")],
        checker=lambda p: {"all": [{"check": "comment", "contains": p["text"]}]},
        solution=lambda p: (f"f = doc.createInstance('com.sun.star.text.textfield.Annotation'); f.Content = {p['text']!r}; "
                            f"r = _find({p['word']!r}); r.getText().insertTextContent(r, f, True)"),
        keywords=("comment",),
    ),
    Family(
        name="special_character", category="insertion", target="none",
        requests=["Add the {sym_label} sign at the end of the document.", "Insert a {sym_label} symbol after the last sentence."],
        params={"sym": [("©", "copyright"), ("®", "registered"), ("€", "euro"), ("°", "degree")]},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), typing(p["sym"][0])],
        checker=lambda p: {"all": [{"check": "text", "contains": p["sym"][0]}]},
        solution=lambda p: f"doc.Text.insertString(_end(), {p['sym'][0]!r}, False)",
        keywords=("special character", "symbol"),
    ),
    Family(
        name="date_field", category="insertion", target="none",
        requests=["Insert today's date as a field at the end of the document.", "Add a date field after the last paragraph."],
        params={},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), click("Insert"), click("Field"), click("Date")],
        checker=lambda p: {"all": [{"check": "field", "kind": "DateTime"}]},
        solution=lambda p: "f = doc.createInstance('com.sun.star.text.textfield.DateTime'); f.IsDate = True; doc.Text.insertTextContent(_end(), f, False)",
        keywords=("date",),
    ),
    Family(
        name="type_sentence", category="editing", target="none",
        requests=["Add the sentence \"{text}\" at the end of the document.", "Type \"{text}\" after the last sentence."],
        params={"text": ["All figures are preliminary.", "Thanks to everyone involved.", "Contact us for details.", "See the appendix."]},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), typing(" " + p["text"])],
        checker=lambda p: {"all": [{"check": "text", "contains": p["text"]}]},
        solution=lambda p: f"doc.Text.insertString(_end(), {' ' + p['text']!r}, False)",
        keywords=("type", "add text", "enter text"),
    ),
    Family(
        name="delete_word", category="editing",
        requests=["Delete the word \"{word}\".", "Remove \"{word}\" from the text."],
        params={},
        plan=lambda p: [sel(p["word"]), keys("{DELETE}", "Delete")],
        checker=lambda p: {"none": [{"check": "text", "contains": p["word"]}]},
        solution=lambda p: f"_find({p['word']!r}).setString('')",
        keywords=("delete", "remove"),
    ),
    Family(
        name="replace_word", category="editing",
        requests=["Replace the word \"{word}\" with \"{new}\".", "Change \"{word}\" to \"{new}\"."],
        params={"new": ["quickly", "carefully", "finally", "clearly"]},
        plan=lambda p: [sel(p["word"]), typing(p["new"])],
        checker=lambda p: {"all": [{"check": "text", "contains": p["new"]}], "none": [{"check": "text", "contains": p["word"]}]},
        solution=lambda p: f"_find({p['word']!r}).setString({p['new']!r})",
        keywords=("replace", "change word"),
    ),
]
BY_NAME = {f.name: f for f in FAMILIES}
