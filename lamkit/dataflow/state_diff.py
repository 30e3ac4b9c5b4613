"""The state-diff judge: a verdict for tasks that have no hand-written checker (help tasks).

Why a diff and not a model: a help procedure says what it changes in its own words ("Insert a
date field", "Change the page orientation"), and the document state read through UNO
(:class:`lamkit.schema.DocState`: runs, paragraphs, tables, page, header/footer, fields,
comments, objects) shows what did change. The judge names the kinds of change both sides
mention, from one vocabulary (:data:`KIND_WORDS`), and decides:

- **failure** when a step of the plan did not execute, or when nothing the state can show
  changed although the request names a kind it can show;
- **success** when every step executed and a change of a kind the request (or the plan's
  menu entries) names is in the state; or when the request only asks to look, find or switch a
  setting (:data:`_VIEW_ONLY`, :data:`_SETTING`), every step executed, the document is unchanged
  and no dialog the plan opened for a setting was left unconfirmed. A request that names a specific kind (a field, a
  table, the page) needs a change of that kind; typed or deleted text alone does not count
  for it, since almost every plan types something;
- **unsure** otherwise: the request names nothing the state shows (options, views, windows),
  or something it cannot show beside what changed (a page background, a border, a section,
  an index: :data:`_UNSEEN`), or the state changed in kinds the request does not name, or the
  named change came with text the request does not name being lost.

Success is the costly mistake (a false success teaches the model a wrong trajectory), so
anything short of a named change is unsure, never success. Measured against hand labels in
``tests/data/help_labels/`` (``benchmarks/help_bench.py``).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from lamkit.schema import DocState, ParagraphState, PlanStep, RunState, Verdict

#: The kinds of change the state shows, and what each covers.
KINDS = {
    "text": "body text typed, pasted or deleted",
    "case": "letters changed case, the text otherwise the same",
    "character": "character attributes: bold, italic, underline, font, size, colour, highlight, position",
    "paragraph": "paragraph attributes: alignment, line spacing, indents, tab stops",
    "style": "a paragraph's style",
    "list": "a paragraph's list type or level",
    "break": "a page break before a paragraph, or the page count",
    "table": "a table added, removed, resized or its cells changed",
    "page": "page orientation, size or margins",
    "header_footer": "a header or footer switched on/off or its text",
    "field": "a text field added or removed",
    "comment": "a comment added, removed or edited",
    "object": "an image, embedded object, shape or frame added or removed",
}

#: How a request or a plan names each kind (one vocabulary for both; "page style" is the page's).
KIND_WORDS: dict[str, str] = {
    "field": r"\bfields?\b|\bdate\b|\btime\b|page numbers?|page count|cross-?reference|variable|\bdocument properties\b",
    "character": r"\bbold|italic|underlin|strikethrough|superscript|subscript|\bfonts?\b|colou?r|highlight|\bshadow|"
                 r"outline font|character (?:format|attribute|spacing)|small capitals|text formatting|emphasi",
    "case": r"upper ?case|lower ?case|capitali[sz]|\bcase\b|title case|sentence case",
    "paragraph": r"\balign|\bcent(?:er|re)|justif|indent|line spacing|spacing|tab stops?|paragraph format",
    "style": r"(?<!page )\bstyles?\b",
    "list": r"\blists?\b|numbering|bullet|numbered|outline level|list level",
    "break": r"\bbreaks?\b|new page",
    "table": r"\btables?\b(?! of contents)|\bcells?\b|\brows?\b|\bcolumns? (?:to|from|in) (?:a|the) table",
    "page": r"orientation|landscape|portrait|margins?|paper (?:size|format)|page (?:size|format|style|layout)|title page",
    "header_footer": r"\bheaders?\b|\bfooters?\b",
    "comment": r"\bcomments?\b",
    "object": r"\bimages?\b|picture|graphics?\b|\bcharts?\b|\bshapes?\b|\bframes?\b|\bobjects?\b|text ?box|fontwork|"
              r"\bformula\b|drawing|horizontal line|signature line",
    "text": r"\binsert|\btype\b|\benter\b|\bdelet|\bremove|\bpaste|special character|symbol|autotext|formatting mark|"
            r"word joiner|non-breaking|hyphen",
}

#: Field types a request can name, and the field kinds (UNO service tails) that are that type.
FIELD_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": (r"\bdate\b", ("DateTime",)),
    "time": (r"\btime\b", ("DateTime",)),
    "page number": (r"page numbers?", ("PageNumber",)),
    "page count": (r"page count|number of pages", ("PageCount", "DocStat")),
    "conditional": (r"conditional", ("ConditionalText", "HiddenText", "HiddenParagraph")),
    "input": (r"\binput field", ("Input", "InputUser", "JumpEdit", "DropDown")),
    "variable": (r"variable", ("SetExpression", "User", "GetExpression", "ConditionalText", "Input")),
    "cross-reference": (r"cross-?reference", ("GetReference",)),
    "author": (r"\bauthor\b", ("Author", "DocInfo.CreateAuthor")),
}

_RUN_ATTRS = ("bold", "italic", "underline", "strikethrough", "superscript", "subscript", "font_name", "font_size",
              "color", "highlight")
_PARA_ATTRS = ("alignment", "line_spacing", "line_spacing_mode", "left_indent_mm", "right_indent_mm", "first_line_indent_mm")


class Change(BaseModel):
    kind: str  # a key of KINDS
    detail: str


# ----------------------------------------------------------------------------- the diff
def _run_values(runs: Iterable[RunState]) -> set[tuple[str, object]]:
    return {(a, getattr(r, a)) for r in runs if r.text.strip() for a in _RUN_ATTRS}


def _para_changes(i: int, a: ParagraphState, b: ParagraphState) -> list[Change]:
    out: list[Change] = []
    where = f"paragraph {i + 1} ({b.text[:30]!r})"
    ra, rb = _run_values(a.runs), _run_values(b.runs)
    if ra != rb:
        attrs = sorted({k for k, _ in ra ^ rb})
        out.append(Change(kind="character", detail=f"{where}: {', '.join(attrs)}"))
    moved = [f for f in _PARA_ATTRS if getattr(a, f) != getattr(b, f)]
    if a.tab_stops != b.tab_stops:
        moved.append("tab stops")
    if moved:
        out.append(Change(kind="paragraph", detail=f"{where}: {', '.join(moved)}"))
    if a.style != b.style:
        out.append(Change(kind="style", detail=f"{where}: style {a.style!r} -> {b.style!r}"))
    if (a.list_type, a.list_level) != (b.list_type, b.list_level):
        out.append(Change(kind="list", detail=f"{where}: list {a.list_type}/{a.list_level} -> {b.list_type}/{b.list_level}"))
    if a.page_break_before != b.page_break_before:
        out.append(Change(kind="break", detail=f"{where}: page break before {a.page_break_before} -> {b.page_break_before}"))
    return out


def _text_change(a: str, b: str) -> list[Change]:
    if a == b:
        return []
    if a.lower() == b.lower():
        return [Change(kind="case", detail="letters changed case")]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("insert", "replace") and b[j1:j2].strip():
            parts.append(f"+{b[j1:j2][:40]!r}")
        if op in ("delete", "replace") and a[i1:i2].strip():
            parts.append(f"-{a[i1:i2][:40]!r}")
    kind = "case" if _only_case(sm, a, b) else "text"
    return [Change(kind=kind, detail=" ".join(parts[:6]) or "whitespace changed")]


def _only_case(sm: difflib.SequenceMatcher, a: str, b: str) -> bool:
    """Every replaced span differs only in case ("Sales" -> "SALES" among other text)."""
    ops = [o for o in sm.get_opcodes() if o[0] != "equal"]
    return bool(ops) and all(op == "replace" and a[i1:i2].lower() == b[j1:j2].lower() for op, i1, i2, j1, j2 in ops)


def diff(before: DocState, after: DocState) -> list[Change]:
    """What changed between two states, as :class:`Change` s of the kinds in :data:`KINDS`."""
    out = _text_change(before.text, after.text)
    pa, pb = before.paragraphs, after.paragraphs
    sm = difflib.SequenceMatcher(None, [p.text.lower() for p in pa], [p.text.lower() for p in pb], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                out += _para_changes(j1 + k, pa[i1 + k], pb[j1 + k])
    if before.page_count != after.page_count:
        out.append(Change(kind="break", detail=f"page count {before.page_count} -> {after.page_count}"))
    ta, tb = before.tables, after.tables
    if [(t.rows, t.cols, t.cells) for t in ta] != [(t.rows, t.cols, t.cells) for t in tb]:
        out.append(Change(kind="table", detail=f"tables {[(t.rows, t.cols) for t in ta]} -> {[(t.rows, t.cols) for t in tb]}"
                                                 + (" (cells changed)" if len(ta) == len(tb) else "")))
    elif any(_run_values(r for row in x.cell_runs for c in row for r in c) != _run_values(r for row in y.cell_runs for c in row for r in c)
             for x, y in zip(ta, tb, strict=True)):
        out.append(Change(kind="character", detail="table cell formatting"))
    pga, pgb = before.page, after.page
    moved = [f for f in ("orientation", "width_mm", "height_mm", "margin_top_mm", "margin_bottom_mm", "margin_left_mm",
                         "margin_right_mm") if getattr(pga, f) != getattr(pgb, f)]
    if moved:
        out.append(Change(kind="page", detail=", ".join(f"{f} {getattr(pga, f)} -> {getattr(pgb, f)}" for f in moved)))
    hf = [f for f in ("header_on", "footer_on", "header_text", "footer_text") if getattr(pga, f) != getattr(pgb, f)]
    if hf:
        out.append(Change(kind="header_footer", detail=", ".join(f"{f} -> {getattr(pgb, f)!r}" for f in hf)))
    fa = Counter([f.kind for f in before.text_fields] or before.fields)
    fb = Counter([f.kind for f in after.text_fields] or after.fields)
    if fa != fb:
        out.append(Change(kind="field", detail=f"fields +{dict(fb - fa)} -{dict(fa - fb)}"))
    if [c.text for c in before.annotations] != [c.text for c in after.annotations] or before.comments != after.comments:
        out.append(Change(kind="comment", detail=f"comments {len(before.annotations or before.comments)} -> "
                                                 f"{len(after.annotations or after.comments)}"))
    oa, ob = Counter(o.kind for o in before.objects), Counter(o.kind for o in after.objects)
    if oa != ob:
        out.append(Change(kind="object", detail=f"objects +{dict(ob - oa)} -{dict(oa - ob)}"))
    return out


# ----------------------------------------------------------------------------- what the task names
def named_kinds(request: str, steps: Sequence[PlanStep] = ()) -> set[str]:
    """The kinds of change a request and its plan's clicked entries name ("Insert a date field"
    -> {"field", "text"}; a plan through Format - Page Style... names "page")."""
    words = " ".join([request] + [s.control for s in steps if s.control and s.function == "click_input"])
    low = words.lower()
    low = re.sub(r"table of contents|tables? of contents", "toc", low)
    return {k for k, rx in KIND_WORDS.items() if re.search(rx, low)}


#: Requests that ask to look, find or set up rather than to change the document ("View a repertoire
#: of all characters", "Show a closed toolbar"): an unchanged document does not refute them.
_LOOK_ONLY = re.compile(r"(?i)^(?:view|show|display|open|see|find|search|look|check|count|navigate|go|jump|move|select|"
                        r"preview|print|hide|close|switch|turn|activate|deactivate|enable|disable|use|start|run|"
                        r"customi[sz]e|configure|define|register|get|access|save|export|send|load|import|compare)\b")


#: Requests to look at something or to find it ("View file properties", "Find text"), and requests
#: to switch a setting ("Turn off most AutoCorrect features", "Enable a document for page
#: line-spacing printing"): what they ask for is outside the document, so an unchanged document
#: whose every step executed is their success, provided (for a setting) no dialog the plan
#: opened was left without its confirmation (:func:`_dialog_left_open`).
_VIEW_ONLY = re.compile(r"(?i)^(?:view|show|display|find|search|save)\b")
_SETTING = re.compile(r"(?i)^(?:turn|enable|disable|switch|activate|deactivate)\b")
_CONFIRM = {"ok", "close", "insert", "apply"}


def _dialog_left_open(steps: Sequence[PlanStep]) -> bool:
    """A menu entry that opens a dialog ("Options...") was clicked and no OK/Close/Insert/Apply
    followed it: a setting changed in that dialog was not applied."""
    open_ = False
    for s in steps:
        name = (s.control or "").strip()
        if s.function != "click_input":
            continue
        if name.endswith(("...", "…")):
            open_ = True
        elif name.lower() in _CONFIRM:
            open_ = False
    return open_


#: What a request can name that the document state does not show (page backgrounds, borders,
#: sections, bookmarks, indexes, languages, hyphenation, references, protection): a change of
#: another kind does not confirm it, so such a request is never judged a success.
_UNSEEN = re.compile(r"(?i)background|border|shadow|\bsections?\b|bookmark|\bindex|language|hyphenat|reference|"
                     r"protect|\bcolumns?\b|line number|autocorrect|autotext|dictionar|contour|\bwrap")


def judge(request: str, steps: Sequence[PlanStep], before: DocState, after: DocState | None, executed_to_end: bool,
          why_not: str = "") -> Verdict:
    """The state-diff verdict (``judge="state-diff"``; ``"state-diff-unsure"`` when it cannot
    tell, with ``success=False``)."""
    if not executed_to_end or after is None:
        return Verdict(success=False, reason=f"not every step executed: {why_not or 'the episode ended early'}", judge="state-diff")
    changes = diff(before, after)
    changed = {c.kind for c in changes}
    named = named_kinds(request, steps)
    specific = named - {"text"}
    hit = (changed & specific) if specific else (changed & named)
    subs = {"changes": float(len(changes)), "named": float(len(named))}
    if "field" in hit and not _named_field_added(request, before, after):
        hit.discard("field")  # a field appeared, but not of the type the request names ("date" -> an Author field)
    if hit and _UNSEEN.search(request):
        return Verdict(success=False, reason=f"changed {', '.join(sorted(hit))}, but the task names something the state does not "
                                             f"show ({_UNSEEN.search(request).group(0)})", judge="state-diff-unsure", sub_scores=subs)
    if hit and "text" not in named and _text_lost(before, after):
        # the named change happened, but text the request does not mention was overwritten or deleted
        return Verdict(success=False, reason=f"changed {', '.join(sorted(hit))}, but text the task does not name was lost",
                       judge="state-diff-unsure", sub_scores=subs)
    if hit:
        detail = "; ".join(c.detail for c in changes if c.kind in hit)[:300]
        return Verdict(success=True, reason=f"changed {', '.join(sorted(hit))} as the task names: {detail}", judge="state-diff",
                       sub_scores=subs)
    req = request.strip()
    if not changes and (_VIEW_ONLY.match(req) or _SETTING.match(req) and not _dialog_left_open(steps)):
        return Verdict(success=True, reason="every step executed and the document is unchanged, as a request to "
                                            f"{'look or find' if _VIEW_ONLY.match(req) else 'switch a setting'} leaves it",
                       judge="state-diff", sub_scores=subs)
    if not changes and named and not _LOOK_ONLY.match(request.strip()):
        return Verdict(success=False, reason=f"every step executed but nothing changed; the task names {', '.join(sorted(named))}",
                       judge="state-diff", sub_scores=subs)
    if not changes:
        return Verdict(success=False, reason="nothing the document state shows changed, and the task names nothing it shows",
                       judge="state-diff-unsure", sub_scores=subs)
    return Verdict(success=False, reason=f"changed {', '.join(sorted(changed))}; the task names "
                                         f"{', '.join(sorted(named)) or 'nothing the state shows'}",
                   judge="state-diff-unsure", sub_scores=subs)


def _named_field_added(request: str, before: DocState, after: DocState) -> bool:
    """A new field of a type the request names ("a fixed or variable date field": DateTime or a
    variable); any new field when it names no type."""
    low = request.lower()
    fa = Counter([f.kind for f in before.text_fields] or before.fields)
    added = set((Counter([f.kind for f in after.text_fields] or after.fields) - fa).keys())
    wanted = [kinds for rx, kinds in FIELD_TYPES.values() if re.search(rx, low)]
    return any(added & set(k) for k in wanted) if wanted else bool(added)


def _text_lost(before: DocState, after: DocState) -> bool:
    """Some word of the document before is gone after (deleted or typed over)."""
    words = lambda t: Counter(re.findall(r"[A-Za-z]{3,}", t.lower()))  # noqa: E731
    return bool(words(before.text) - words(after.text)) and before.text.lower() != after.text.lower()


def decision(v: Verdict) -> str:
    """"success" | "failure" | "unsure" of a state-diff verdict."""
    if v.judge.endswith("unsure"):
        return "unsure"
    return "success" if v.success else "failure"
