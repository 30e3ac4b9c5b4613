"""Task families: parametrised generators of concrete Writer tasks with exact checkers.

Each family knows how a user asks for it (≥ 8 phrasings, in phrasings.py), the plan an
expert follows in the real UI (each step: function + the control's name as
Writer's accessibility tree shows it), the checker that decides success on
the document's state, and a scripted UNO solution used by tests to prove the
checker passes on a correct result and fails on the untouched template.

Families vary their parameters and their template (see templates.py), so the
number of distinct tasks is (templates x targets x references x parameters x
phrasings): many thousands.

Targets are named the way people name them (``Task.params["target_ref"]``):
quoted ("the word \"profit\""), by position ("the second paragraph", "the last
word of the title"), by role ("the title", "the heading") or by description
("the paragraph about costs"); the references come from ``Template.paragraph_refs``.
Whatever the reference, the plan selects the target the same canonical way: a
word by itself, a paragraph by ``Template.anchor`` (the shortest prefix of its text
that is unique in the document), so a model learns one mapping from a reference to
a selection. ``params["word"]`` is that selection text for every family with a target.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lamkit.dataflow.checkers import normalize
from lamkit.dataflow.phrasings import PHRASINGS, QUOTED_WORD, cap, spoken
from lamkit.dataflow.split import SPLIT, Part
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
REF_KINDS = ("quoted", "position", "role", "description")  # how a target is named (Task.params["target_ref"])

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
    params: dict[str, list[Any]]
    plan: Callable[[dict], list[PlanStep]]
    checker: Callable[[dict], dict]
    solution: Callable[[dict], str]
    needs: str = "text"  # "text" or "table" templates
    target: str = "word"  # what to pick from the template: "word", "paragraph", "none"
    keywords: tuple[str, ...] = field(default_factory=tuple)  # search words naming the feature (harvested TaskPlans map by the stricter patterns in instantiate.py)
    requests: list[str] = field(default_factory=list)  # phrasings (default: PHRASINGS[name]); the split rule numbers them
    refs: tuple[str, ...] = ()  # how the target may be named (default: quoted/position for words, all REF_KINDS for paragraphs)
    avoid: tuple[str, ...] = ()  # paragraph roles or styles never targeted: the family's effect would already hold there
    word_roles: tuple[str, ...] = ("title", "body", "item", "greeting", "closing")  # paragraphs a target word comes from

    def __post_init__(self) -> None:
        if not self.requests:
            self.requests = PHRASINGS[self.name]
        if not self.refs:
            self.refs = {"word": ("quoted", "position"), "paragraph": REF_KINDS}.get(self.target, ())

    def fits(self, template: Template) -> bool:
        """Whether the family can make a task on ``template`` (its kind, and a target to take)."""
        if (template.kind == "table") != (self.needs == "table"):
            return False
        if self.target == "paragraph":
            return bool(self.paragraph_targets(template))
        return self.target != "word" or bool(template.words())

    def paragraph_targets(self, template: Template) -> list[int]:
        """Paragraphs this family may target: selectable (an anchor exists) and not avoided."""
        return [i for i in range(len(template.paragraphs)) if template.anchor(i) is not None
                and template.roles[i] not in self.avoid and template.styles[i] not in self.avoid]

    def _word_target(self, template: Template, rng: random.Random, kind: str | None) -> dict[str, Any]:
        allowed = [p for p, r in zip(template.paragraphs, template.roles) if r in self.word_roles]
        words = [w for w in template.words() if any(w in p for p in allowed)] or template.words()
        if (kind or rng.choice(self.refs)) == "position" and "position" in self.refs:
            named = [(w, refs) for w in words if (refs := template.word_refs(w))]
            if named:
                w, refs = rng.choice(named)
                return {"word": w, "ref": rng.choice(refs), "target_ref": "position"}
        w = rng.choice(words)
        return {"word": w, "ref": rng.choice(QUOTED_WORD).format(w=w), "target_ref": "quoted"}

    def _paragraph_target(self, template: Template, rng: random.Random, kind: str | None) -> dict[str, Any]:
        cands = self.paragraph_targets(template)
        if not cands:
            raise ValueError(f"template {template.name}: no paragraph family {self.name} can target")
        refs = {i: template.paragraph_refs(i) for i in cands}
        kinds = [k for k in self.refs if k != kind]
        rng.shuffle(kinds)
        for k in ([kind] if kind in self.refs else []) + kinds:
            pool = [i for i in cands if refs[i][k]]
            if pool:
                i = rng.choice(pool)
                return {"paragraph": template.paragraphs[i], "para_index": i, "word": template.anchor(i),
                        "ref": rng.choice(refs[i][k]), "target_ref": k}
        raise ValueError(f"template {template.name}: no way to name a target of family {self.name}")

    def sample(self, template: Template, rng: random.Random, ref_kind: str | None = None) -> dict[str, Any]:
        """Parameters, their spoken forms, and the target with how the request names it."""
        p = {k: rng.choice(v) for k, v in self.params.items()}
        for k, v in list(p.items()):
            if isinstance(v, tuple):  # (value, ..., label): the last element is how a user says it
                p[f"{k}_label"] = v[-1]
            p.update(spoken(k, v))
        if self.target == "word":
            p.update(self._word_target(template, rng, ref_kind))
        elif self.target == "paragraph":
            p.update(self._paragraph_target(template, rng, ref_kind))
        else:
            p["target_ref"] = "none"
        if "ref" in p:
            p["Ref"] = cap(p["ref"])
        return p

    def make_task(self, template: Template, rng: random.Random, split: Part | None = None, *,
                  p: dict[str, Any] | None = None, phrasing: int | None = None) -> Task:
        """A task on ``template``. Its split is the template's (split.py); the phrasing is drawn from
        that split's phrasings unless given, so a task never mixes a test phrasing with a train
        template. ``p`` (already sampled parameters) and ``phrasing`` let compound tasks share a target."""
        split = split or SPLIT.template(template)
        p = dict(p) if p is not None else self.sample(template, rng)
        if phrasing is None:
            phrasing = rng.choice(SPLIT.phrasings(len(self.requests), split))
        p["phrasing"] = phrasing
        request = self.requests[phrasing].format(**p)
        tid = hashlib.sha1(f"{self.name}|{template.name}|{sorted(p.items())}|{request}".encode()).hexdigest()[:16]
        return Task(
            id=tid, request=request, template=template.path, plan=self.plan(p) + [FINISH],
            checker=normalize(self.checker(_checker_params(p, template))), family=self.name, params=p, split=split,
        )


# ----------------------------------------------------------------- checkers (format version 2, docs/checkers.md)
# Every checker pins what makes its claim true *and* what must stay as it was, so that
# near misses fail: another target, every paragraph changed, a lookalike attribute.
#: LibreOffice's page margins for a document that sets none (an .odt written without a page
#: layout: measured 20 mm on every side, Writer 7.x).
_DEFAULT_MARGIN_MM = 20.0
_MARGINS = ("left", "right", "top", "bottom")


def _checker_params(p: dict, template: Template) -> dict:
    """What a checker reads: the params plus ``template`` and ``source``, the index of the
    template paragraph holding the target (None without one). Why the template: only it
    knows what the rest of the document looked like, which a checker must see unchanged."""
    src = p.get("para_index")
    if src is None and p.get("word"):
        src = next((i for i, t in enumerate(template.paragraphs) if p["word"] in t), None)
    return {**p, "template": template, "source": src}


def _v2(*conds: dict, none: tuple[dict, ...] = ()) -> dict:
    return {"version": 2, "all": list(conds), **({"none": list(none)} if none else {})}


def _run(p: dict, attr: str, cmp: dict) -> dict:
    """The target's characters satisfy ``cmp`` on ``attr`` and no other character of its
    paragraph does ("everything changed"), whatever the paragraph's style.

    Why that is "the others kept their value": a generated template formats a paragraph
    only by its style, so in the template every character of the paragraph had the value
    the target word had, and that value does not satisfy ``cmp`` (else the untouched
    template would pass, which tests/dataflow/test_families_writer.py refuses)."""
    w = p["word"]
    return _v2({"check": "run", "where": {"text": w}, "attr": attr, **cmp},
               {"check": "run", "where": {"outside_text": w, "paragraph": {"contains": w}}, "attr": attr, **cmp,
                "count": {"equals": 0}})


def _para(p: dict, attr: str, cmp: dict, before: int = 0, *extra: dict) -> dict:
    """The target paragraph satisfies ``cmp`` on ``attr`` (and ``extra``), and exactly ``before`` + 1
    paragraphs do (``before``: how many did in the template), so changing others fails."""
    return _v2({"check": "paragraph", "where": {"contains": p["word"]}, "attr": attr, **cmp}, *extra,
               {"check": "paragraph", "attr": attr, **cmp, "count": {"equals": before + 1}})


def _edited(p: dict, new_text: str, **cmp) -> dict:
    """The target paragraph now reads ``new_text`` (the template's, edited) and the old word is gone."""
    t, i = p["template"], p["source"]
    return _v2({"check": "text", "contains": t.paragraphs[i].replace(p["word"], new_text), **cmp},
               none=({"check": "text", "contains": p["word"]},))


def _at_end(p: dict, added: str) -> dict:
    """``added`` ends the document: typed at the end of the last paragraph, or as a new last
    paragraph; every other paragraph of the template keeps its text."""
    last = p["template"].paragraphs[-1]
    return _v2(*_kept(p["template"], skip=len(p["template"].paragraphs) - 1), {"any": [
        {"check": "paragraph", "where": {"index": -1}, "attr": "text", "matches": rf"^{re.escape(last)}\s*{re.escape(added)}$"},
        {"all": [{"check": "paragraph", "where": {"index": -1}, "attr": "text", "equals": added, "ignore_space": True},
                 {"check": "paragraph", "where": {"index": -2}, "attr": "text", "equals": last}]},
    ]})


def _kept(t: Template, skip: int | None = None) -> list[dict]:
    """Each template paragraph (but ``skip``) is still at its index with its text: for the
    families that add something, "the rest of the document is as it was"."""
    return [{"check": "paragraph", "where": {"index": i}, "attr": "text", "equals": x}
            for i, x in enumerate(t.paragraphs) if i != skip]


def _template_margins(t: Template) -> dict[str, float] | None:
    """The template's page margins in mm, read from its file (the Template records no page
    layout): a .docx's first section, an .odt's page layout or LibreOffice's default where it
    sets none. None if the file cannot be read (a hand-made Template in a unit test)."""
    return _margins_of(t.path)


@functools.lru_cache(maxsize=256)
def _margins_of(path: str) -> dict[str, float] | None:
    f = Path(path)
    try:
        if f.suffix.lower() == ".docx":
            from docx import Document  # noqa: PLC0415 - only when a margin checker is built

            sec = Document(str(f)).sections[0]
            return {m: getattr(sec, f"{m}_margin").mm for m in _MARGINS}
        with zipfile.ZipFile(f) as z:
            styles = z.read("styles.xml").decode("utf-8")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    found = re.search(r"<style:page-layout-properties\b[^>]*>", styles)
    out = {}
    for m in _MARGINS:
        v = re.search(rf'fo:margin-{m}="([\d.]+)(mm|cm|in|pt)"', found.group(0)) if found else None
        out[m] = float(v.group(1)) * {"mm": 1, "cm": 10, "in": 25.4, "pt": 25.4 / 72}[v.group(2)] if v else _DEFAULT_MARGIN_MM
    return out


def _margin(p: dict, side: str, mm: float) -> dict:
    """The page margin ``side`` is ``mm``; the other margins keep the template's values."""
    conds = [{"check": "page", "attr": f"margin_{side}_mm", "approx": mm, "tol": 0.6}]
    old = _template_margins(p["template"]) or {}
    conds += [{"check": "page", "attr": f"margin_{m}_mm", "approx": round(old[m], 2), "tol": 0.6}
              for m in _MARGINS if m != side and m in old]
    return _v2(*conds)


def _cells_kept(p: dict, row: int, col: int) -> dict:
    """Every cell of the template's table but (row, col) still holds its text."""
    return {"all": [{"check": "cell", "where": {"table": 0, "row": r, "col": c}, "equals": v}
                    for r, cells in enumerate(p["template"].table) for c, v in enumerate(cells) if (r, c) != (row, col)]}


def _toolbar_char(name: str, button: str, attr: str, value, uno: str, kw: tuple[str, ...]) -> Family:
    return Family(
        name=name, category="character", params={},
        plan=lambda p: [sel(p["word"]), click(button, " on the Formatting toolbar")],
        checker=lambda p: _run(p, attr, {"equals": value}),
        solution=lambda p: f"r = _find({p['word']!r}); {uno}",
        keywords=kw,
    )


def _align(name: str, button: str, value: str, uno_value: int) -> Family:
    return Family(
        name=name, category="paragraph", params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click(button, " on the Formatting toolbar")],
        checker=lambda p: _para(p, "alignment", {"equals": value}),
        solution=lambda p: f"_find({p['word']!r}).ParaAdjust = {uno_value}",
        keywords=("align", value),
    )


def _style(name: str, style: str, avoid: tuple[str, ...]) -> Family:
    return Family(
        name=name, category="style", params={}, target="paragraph", avoid=(style, "item") + avoid,
        plan=lambda p: [sel(p["word"]), box("Paragraph Style", style)],
        checker=lambda p: _para(p, "style", {"equals": style}, p["template"].styles.count(style)),
        solution=lambda p: f"_find({p['word']!r}).ParaStyleName = {style!r}",
        keywords=("style", style.lower()),
    )


def _hf(which: str) -> Family:
    low = which.lower()
    other = "footer" if low == "header" else "header"
    return Family(
        name=f"{low}_text", category="header_footer",
        params={"text": ["Confidential", "Draft version", "Company report", "Page notes", "Internal use only"]}, target="none",
        plan=lambda p: [click("Insert"), click("Header and Footer"), click(which), click("Default Page Style"), typing(p["text"])],
        # the text is in this one place only: not in the body, tables or the other of header/footer
        checker=lambda p: _v2({"check": "text", "scope": low, "contains": p["text"]}, {"check": "page", "attr": f"{low}_on", "equals": True},
                              {"check": "text", "scope": "document", "not_contains": p["text"]},
                              {"check": "text", "scope": other, "not_contains": p["text"]}),
        solution=lambda p: f"ps = _page(); ps.{which}IsOn = True; ps.{which}Text.setString({p['text']!r})",
        keywords=(low,),
    )


FAMILIES: list[Family] = [
    _toolbar_char("bold", "Bold", "bold", True, "r.CharWeight = 150.0",
                  ("bold",)),
    _toolbar_char("italic", "Italic", "italic", True, "r.CharPosture = uno.Enum('com.sun.star.awt.FontSlant', 'ITALIC')",
                  ("italic",)),
    _toolbar_char("underline", "Underline", "underline", True, "r.CharUnderline = 1",
                  ("underline",)),
    _toolbar_char("strikethrough", "Strikethrough", "strikethrough", True, "r.CharStrikeout = 1",
                  ("strikethrough", "strike")),
    _toolbar_char("highlight", "Character Highlighting Color", "highlight", "#ffff00", "r.CharBackColor = 0xFFFF00",
                  ("highlight",)),
    _toolbar_char("font_color", "Font Color", "color", "#c9211e", "r.CharColor = 0xC9211E",
                  ("font color", "colour", "color")),
    Family(
        name="font_size", category="character",
        params={"size": [8, 9, 10, 14, 16, 18, 20, 24, 28]}, word_roles=("body", "item", "greeting", "closing"),
        plan=lambda p: [sel(p["word"]), box("Font Size", str(p["size"]))],
        checker=lambda p: _run(p, "font_size", {"approx": p["size"], "tol": 0.01}),
        solution=lambda p: f"_find({p['word']!r}).CharHeight = {float(p['size'])}",
        keywords=("font size", "size"),
    ),
    Family(
        name="font_name", category="character",
        params={"font": ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Liberation Sans", "Liberation Serif"]},
        word_roles=("body", "item", "greeting", "closing"),  # the title's style sets its own font and size
        plan=lambda p: [sel(p["word"]), box("Font Name", p["font"])],
        checker=lambda p: _run(p, "font_name", {"equals": p["font"]}),
        solution=lambda p: f"_find({p['word']!r}).CharFontName = {p['font']!r}",
        keywords=("font name", "typeface", "font"),
    ),
    Family(
        name="uppercase", category="character",
        params={},
        plan=lambda p: [sel(p["word"]), click("Format"), click("Text"), click("UPPERCASE")],
        checker=lambda p: _edited(p, p["word"].upper()),
        solution=lambda p: f"_find({p['word']!r}).setString({p['word'].upper()!r})",
        keywords=("uppercase", "capital"),
    ),
    _align("align_center", "Center", "center", 3),
    _align("align_right", "Right", "right", 1),
    _align("justify", "Justified", "justify", 2),
    Family(
        name="line_spacing", category="paragraph",
        params={"spacing": [(1.5, "Line Spacing: 1.5", "1.5"), (2.0, "Line Spacing: 2", "double")]}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click("Format"), click("Spacing"), click(p["spacing"][1])],
        checker=lambda p: _para(p, "line_spacing", {"approx": p["spacing"][0], "tol": 0.01}, 0,
                                {"check": "paragraph", "where": {"contains": p["word"]}, "attr": "line_spacing_mode", "equals": "proportional"}),
        solution=lambda p: (f"ls = uno.createUnoStruct('com.sun.star.style.LineSpacing'); ls.Mode = 0; ls.Height = {int(p['spacing'][0] * 100)}; "
                            f"_find({p['word']!r}).ParaLineSpacing = ls"),
        keywords=("line spacing", "spacing"),
    ),
    Family(
        name="indent", category="paragraph",
        params={"cm": ["1", "1.5", "2", "2.5", "3"]}, target="paragraph", avoid=("item",),  # list items are indented already
        plan=lambda p: [sel(p["word"]), click("Format"), click("Paragraph..."), click("Indents & Spacing"),
                        box("Before text", f"{p['cm']} cm"), click("OK")],
        # the whole paragraph moves: its first line keeps the template's 0 (not a hanging indent)
        checker=lambda p: _para(p, "left_indent_mm", {"approx": float(p["cm"]) * 10, "tol": 0.6}, 0,
                                {"check": "paragraph", "where": {"contains": p["word"]}, "attr": "first_line_indent_mm", "approx": 0, "tol": 0.6}),
        solution=lambda p: f"_find({p['word']!r}).ParaLeftMargin = {int(float(p['cm']) * 1000)}",
        keywords=("indent",),
    ),
    Family(
        name="bullets", category="list", avoid=("item", "title", "heading"),
        params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), click("Unordered List")],
        checker=lambda p: _para(p, "list_type", {"equals": "bullet"}, p["template"].styles.count("List Bullet")),
        solution=lambda p: f"_find({p['word']!r}).NumberingStyleName = 'List 1'",
        keywords=("bullet", "unordered"),
    ),
    Family(
        name="numbering", category="list", avoid=("item", "title", "heading"),
        params={}, target="paragraph",
        plan=lambda p: [sel(p["word"]), keys("{F12}", "F12 (numbered list)")],
        checker=lambda p: _para(p, "list_type", {"equals": "number"}, p["template"].styles.count("List Number")),
        solution=lambda p: f"_find({p['word']!r}).NumberingStyleName = 'Numbering 123'",
        keywords=("numbering", "numbered", "ordered list"),
    ),
    _style("heading1", "Heading 1", ()),
    _style("heading2", "Heading 2", ()),
    _style("heading3", "Heading 3", ()),
    _style("title_style", "Title", ("title",)),
    Family(
        name="insert_table", category="table",
        params={"rows": [2, 3, 4, 5], "cols": [2, 3, 4]}, target="none",
        # the boxes are spin buttons set without Enter (Enter in either would insert the table
        # at once, measured), then "Insert" confirms the dialog
        plan=lambda p: [keys("^{END}", "Ctrl+End"), click("Table"), click("Insert Table..."), box("Columns", str(p["cols"])),
                        box("Rows", str(p["rows"])), click("Insert")],
        # at the end: after every template paragraph, which all keep their text
        checker=lambda p: _v2({"check": "table", "where": {"index": 0}, "attr": "rows", "equals": p["rows"]},
                              {"check": "table", "where": {"index": 0}, "attr": "cols", "equals": p["cols"]},
                              {"check": "table", "where": {"index": 0}, "attr": "paragraph", "at_least": len(p["template"].paragraphs)},
                              {"check": "count", "what": "tables", "equals": 1}, *_kept(p["template"])),
        solution=lambda p: (f"t = doc.createInstance('com.sun.star.text.TextTable'); t.initialize({p['rows']}, {p['cols']}); "
                            "doc.Text.insertTextContent(_end(), t, False)"),
        keywords=("insert table", "table"),
    ),
    Family(
        name="fill_cell", category="table", needs="table", target="none",
        params={"row": [1, 2], "value": ["12", "40", "75", "98"]},
        plan=lambda p: ([S("Select TBD in the first row's Q2 cell", "select_text", DOC, text="TBD")]
                        + ([] if p["row"] == 1 else [keys("{DOWN}", "Down (the next row's cell)"), keys("{END}", "End"), keys("+{HOME}", "Shift+Home (select the cell text)")])
                        + [S(f'Type "{p["value"]}"', "keyboard_input", DOC, keys=p["value"])]),
        checker=lambda p: _v2({"check": "cell", "where": {"table": 0, "row": p["row"], "col": 2}, "equals": p["value"]},
                              _cells_kept(p, p["row"], 2)),
        solution=lambda p: f"doc.TextTables.getByIndex(0).getCellByPosition(2, {p['row']}).setString({p['value']!r})",
        keywords=("cell", "table"),
    ),
    Family(
        name="find_replace", category="find_replace", refs=("quoted",),
        params={"new": ["alpha", "bravo", "delta", "omega", "zulu"]},
        plan=lambda p: [click("Find and Replace", " on the Standard toolbar"), box("Find", p["word"]), box("Replace", p["new"]),
                        click("Replace All"), click("Close")],
        checker=lambda p: _edited(p, p["new"]),
        solution=lambda p: f"rd = doc.createReplaceDescriptor(); rd.SearchString = {p['word']!r}; rd.ReplaceString = {p['new']!r}; doc.replaceAll(rd)",
        keywords=("replace", "find"),
    ),
    Family(
        name="orientation", category="page", target="none",
        params={},
        plan=lambda p: [click("Format"), click("Page Style..."), click("Page"), click("Landscape"), click("OK")],
        # landscape means the page itself is wider (every landscape A4/Letter/Legal page is >= 279 mm), not just the flag
        checker=lambda p: _v2({"check": "page", "attr": "orientation", "equals": "landscape"},
                              {"check": "page", "attr": "width_mm", "at_least": 250}),
        solution=lambda p: "ps = _page(); w, h = ps.Width, ps.Height; ps.IsLandscape = True; ps.Width = max(w, h); ps.Height = min(w, h)",
        keywords=("landscape", "orientation"),
    ),
    Family(
        name="margin_left", category="page", target="none",
        params={"cm": ["1", "1.5", "2.5", "3", "3.5"]},
        plan=lambda p: [click("Format"), click("Page Style..."), click("Page"), box("Left", f"{p['cm']} cm"), click("OK")],
        checker=lambda p: _margin(p, "left", float(p["cm"]) * 10),
        solution=lambda p: f"_page().LeftMargin = {int(float(p['cm']) * 1000)}",
        keywords=("margin",),
    ),
    _hf("Header"),
    _hf("Footer"),
    Family(
        name="page_break", category="insertion", target="paragraph", avoid=("title",),  # a break before the first paragraph makes no page
        params={},
        plan=lambda p: [sel(p["word"]), keys("{HOME}", "Home"), keys("^{ENTER}", "Ctrl+Enter (page break)")],
        checker=lambda p: _v2({"check": "paragraph", "where": {"contains": p["word"]}, "attr": "page_break_before", "equals": True},
                              {"check": "paragraph", "where": {"contains": p["word"]}, "attr": "text", "equals": p["template"].paragraphs[p["source"]]},
                              {"check": "paragraph", "attr": "page_break_before", "equals": True, "count": {"equals": 1}},
                              {"check": "count", "what": "page_count", "at_least": 2}),
        solution=lambda p: f"_find({p['word']!r}).BreakType = uno.Enum('com.sun.star.style.BreakType', 'PAGE_BEFORE')",
        keywords=("page break",),
    ),
    Family(
        name="comment", category="insertion",
        params={"text": ["Check this figure", "Source needed", "Please confirm", "Update next week"]},
        plan=lambda p: [sel(p["word"]), click("Insert"), click("Comment"),
                        S(f'Type "{p["text"]}" into the comment', "keyboard_input", None, keys=p["text"]),
                        # Writer stores a comment's text only when the comment loses focus
                        S("Press Escape to leave the comment", "keyboard_input", None, keys="{ESC}")],
        checker=lambda p: _v2({"check": "comment", "where": {"contains": p["text"]}, "attr": "anchor_text", "equals": p["word"]},
                              {"check": "count", "what": "comments", "equals": 1}),
        solution=lambda p: (f"f = doc.createInstance('com.sun.star.text.textfield.Annotation'); f.Content = {p['text']!r}; "
                            f"r = _find({p['word']!r}); r.getText().insertTextContent(r, f, True)"),
        keywords=("comment",),
    ),
    Family(
        name="special_character", category="insertion", target="none",
        params={"sym": [("©", "copyright"), ("®", "registered"), ("€", "euro"), ("°", "degree")]},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), typing(p["sym"][0])],
        checker=lambda p: _at_end(p, p["sym"][0]),
        solution=lambda p: f"doc.Text.insertString(_end(), {p['sym'][0]!r}, False)",
        keywords=("special character", "symbol"),
    ),
    Family(
        name="date_field", category="insertion", target="none",
        params={},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), click("Insert"), click("Field"), click("Date")],
        checker=lambda p: _v2({"check": "field", "where": {"kind": "DateTime"}, "attr": "paragraph", "equals": -1},
                              {"check": "field", "where": {"kind": "DateTime"}, "attr": "subtype", "equals": "date"},
                              {"check": "field", "where": {"kind": "DateTime"}, "count": {"equals": 1}}),
        solution=lambda p: "f = doc.createInstance('com.sun.star.text.textfield.DateTime'); f.IsDate = True; doc.Text.insertTextContent(_end(), f, False)",
        keywords=("date",),
    ),
    Family(
        name="type_sentence", category="editing", target="none",
        params={"text": ["All figures are preliminary.", "Thanks to everyone involved.", "Contact us for details.", "See the appendix."]},
        plan=lambda p: [keys("^{END}", "Ctrl+End"), typing(" " + p["text"])],
        checker=lambda p: _at_end(p, p["text"]),
        solution=lambda p: f"doc.Text.insertString(_end(), {' ' + p['text']!r}, False)",
        keywords=("type", "add text", "enter text"),
    ),
    Family(
        name="delete_word", category="editing",
        params={},
        plan=lambda p: [sel(p["word"]), keys("{DELETE}", "Delete")],
        checker=lambda p: _edited(p, "", ignore_space=True),
        solution=lambda p: f"_find({p['word']!r}).setString('')",
        keywords=("delete", "remove"),
    ),
    Family(
        name="replace_word", category="editing",
        params={"new": ["quickly", "carefully", "finally", "clearly"]},
        plan=lambda p: [sel(p["word"]), typing(p["new"])],
        checker=lambda p: _edited(p, p["new"]),
        solution=lambda p: f"_find({p['word']!r}).setString({p['new']!r})",
        keywords=("replace", "change word"),
    ),
]
BY_NAME = {f.name: f for f in FAMILIES}
