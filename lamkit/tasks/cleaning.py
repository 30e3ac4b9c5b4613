"""Turning page titles into user requests, normalising text, and the quality filter.

A help heading is written for a table of contents ("To Insert a Manual Page
Break", "Inserting Tables"); a user asks "Insert a manual page break". Every
pair the filter drops is kept with its reason, never silently lost.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\u00a0": " ", "–": "-", "—": "-", "…": "..."})
_KEEP_CASE = re.compile(r"^([A-Z]{2,}|[A-Za-z]*[a-z][A-Z][A-Za-z]*|[A-Z][a-z]*\d.*)$")  # OLE, AutoText, LibreOffice, F4
_PROPER = {"LibreOffice", "Writer", "Calc", "Impress", "Draw", "Math", "Base", "Basic", "Navigator", "Gallery", "Windows",
           "Linux", "macOS", "Microsoft", "Word", "Excel", "PowerPoint", "PDF", "HTML", "URL", "Unicode", "English", "OpenOffice"}
_GERUND_EXCEPTIONS = {
    "using": "use", "changing": "change", "creating": "create", "moving": "move", "deleting": "delete", "saving": "save",
    "defining": "define", "resizing": "resize", "rotating": "rotate", "removing": "remove", "updating": "update",
    "placing": "place", "positioning": "position", "arranging": "arrange", "enabling": "enable", "disabling": "disable",
    "writing": "write", "making": "make", "closing": "close", "configuring": "configure", "increasing": "increase",
    "decreasing": "decrease", "generating": "generate", "copying": "copy", "applying": "apply", "numbering": "number",
    "editing": "edit", "formatting": "format", "setting": "set", "getting": "get", "running": "run", "cutting": "cut",
    "outlining": "outline", "naming": "name", "replacing": "replace", "entering": "enter", "opening": "open",
    "combining": "combine", "exchanging": "exchange", "merging": "merge", "organizing": "organize", "sharing": "share",
    "capturing": "capture", "continuing": "continue", "including": "include", "excluding": "exclude", "hiding": "hide",
    "dividing": "divide", "preparing": "prepare", "choosing": "choose", "comparing": "compare", "aligning": "align",
    "securing": "secure", "customizing": "customize", "customising": "customise", "restoring": "restore",
    "securing": "secure", "printing": "print", "adding": "add", "inserting": "insert", "selecting": "select",
    "converting": "convert", "showing": "show", "recording": "record", "importing": "import", "exporting": "export",
    "dragging": "drag", "dropping": "drop", "shifting": "shift", "splitting": "split", "spacing": "space",
    "filtering": "filter", "sorting": "sort", "wrapping": "wrap", "freezing": "freeze", "scaling": "scale",
    "pasting": "paste", "typing": "type", "renaming": "rename", "noting": "note", "tabulating": "tabulate",
    "locking": "lock", "unlocking": "unlock", "zooming": "zoom", "browsing": "browse", "scrolling": "scroll",
    "animating": "animate", "duplicating": "duplicate", "controlling": "control", "grouping": "group", "locating": "locate", "linking": "link",
}


def normalise(s: str) -> str:
    s = s.translate(_QUOTES)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def _ungerund(word: str) -> str:
    low = word.lower()
    if low in _GERUND_EXCEPTIONS:
        return _GERUND_EXCEPTIONS[low]
    if low.endswith("ing") and len(low) > 5:
        stem = low[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            stem = stem[:-1]
        elif stem[-1] in "cvz":  # no English verb ends in c, v or z: referencing -> reference, solving -> solve
            stem += "e"
        elif re.search(r"[^aeiou]at$", stem):  # calculating -> calculate, navigating -> navigate (not "treat")
            stem += "e"
        return stem
    return low


def _sentence_case(words: list[str]) -> list[str]:
    out = []
    for i, w in enumerate(words):
        core = w.strip("\"'(),.")
        if i > 0 and core and not _KEEP_CASE.match(core) and core not in _PROPER:
            w = w.lower()
        out.append(w)
    return out


def request_from_title(title: str) -> str:
    """ "To Insert a Manual Page Break" -> "Insert a manual page break";
    "Inserting and Deleting Page Breaks" -> "Insert and delete page breaks"."""
    t = normalise(title).rstrip(":.").strip()
    t = re.sub(r"^(how\s+)?to\s+", "", t, flags=re.I)
    t = re.split(r",\s+(?:choose|select|click|go to|press)\b", t, maxsplit=1, flags=re.I)[0]
    words = t.split()
    if not words:
        return ""
    # gerunds at the start and after "and"/"or": Inserting and Deleting -> Insert and delete
    for i, w in enumerate(words):
        core = w.rstrip(",;:")  # "Updating, Editing and Deleting Indexes": the comma is not the word's
        if (i == 0 or words[i - 1].lower() in ("and", "or") or words[i - 1].endswith(",")) \
                and core.lower().endswith("ing") and len(core) > 4:
            words[i] = _ungerund(core) + w[len(core):]
    words = _sentence_case(words)
    s = " ".join(words)
    return s[0].upper() + s[1:]


# ----------------------------------------------------------------------------- quality filter
NAVIGATION = re.compile(r"^(related topics|see also|contents|index|back to top|next|previous|home)\b", re.I)
_INSTRUCTION = re.compile(
    r"\b(click|choose|select|press|enter|type|open|drag|place|go to|right-click|double-click|set|insert|clear|mark|"
    r"apply|use|specify|position|move|put|copy|paste|save|close|repeat|switch|check|uncheck|hold|release|drop|"
    r"create|delete|remove|add|change|edit|navigate|scroll|highlight|point|search|find|replace|start|run|"
    r"define|name|assign|enable|disable|turn|draw|write|format|resize|activate|make|wait|exit|return|"
    r"tap|follow|rename|expand|collapse|hover|release|browse|import|export|print|record|stop)\b",
    re.I,
)
_LEADS = {"while", "when", "after", "before", "in", "on", "under", "from", "with", "if", "to", "using", "at", "pressing",
          "holding", "first", "then", "now", "next", "finally", "optionally", "(optional)", "alternatively", "or", "and", "once"}


def is_instruction(step: str) -> bool:
    """Does the step tell the user to do something (imperative, possibly after a lead clause)?"""
    words = step.split()
    if not words or step.lower().startswith(("for example", "note", "tip")):
        return False
    if _INSTRUCTION.fullmatch(words[0].strip(",.:;").lower()):
        return True
    return words[0].strip(",.:;").lower() in _LEADS and bool(_INSTRUCTION.search(" ".join(words[1:14])))


_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")
_JOINERS = {"then", "and", "or", "simply", "just", "also"}


def gives_instruction(step: str) -> bool:
    """Does some sentence of the step tell the user to act, read strictly? A sentence is an
    instruction when it opens with an action verb, or when its lead clause ("If you …",
    "In the dialog", "To do X") is followed, after a comma, by a clause that opens with one
    ("If you want X, click Y"). "If you select text and drag it into a spreadsheet, it will be
    inserted as text" and "In a number format code with two sections, the first section
    applies to …" describe, they do not instruct; nor does a bare purpose ("To enclose a set of
    '|' alternatives."). A lead phrase with no comma ("In the Format menu choose X") keeps
    :func:`is_instruction`'s reading, unless it is a bare "To …" purpose."""
    for sentence in _SENTENCE.split(step.strip()):
        words = sentence.split()
        if not words or sentence.lower().startswith(("for example", "note", "tip")):
            continue
        first = words[0].strip(",.:;").lower()
        if _INSTRUCTION.fullmatch(first):
            return True
        if first not in _LEADS:
            continue
        clauses = sentence.split(",")
        if len(clauses) == 1:
            if first != "to" and is_instruction(sentence):
                return True
            continue
        for clause in clauses[1:]:
            ws = [w.strip(",.:;").lower() for w in clause.split()]
            while ws and ws[0] in _JOINERS:
                ws = ws[1:]
            if ws and _INSTRUCTION.fullmatch(ws[0]):
                return True
    return False


_NON_ENGLISH = re.compile(r"[^\x00-\x7f°±×÷€£§©®™•→←↑↓…–—“”‘’]")


def quality_reasons(task: str, plan: list[str], max_steps: int = 25, max_step_words: int = 120) -> list[str]:
    """Why a (task, plan) pair is not worth training on; empty when it is."""
    reasons = []
    if not task or len(task.split()) < 2:
        reasons.append("task too short")
    if len(task.split()) > 25:
        reasons.append("task too long")
    if NAVIGATION.match(task):
        reasons.append("navigation, not a task")
    if not plan:
        reasons.append("empty plan")
    elif len(plan) == 1 and len(plan[0].split()) <= 1:
        reasons.append("one-word plan")
    if len(plan) > max_steps:
        reasons.append(f"plan longer than {max_steps} steps")
    if any(len(s.split()) > max_step_words for s in plan):
        reasons.append(f"a step longer than {max_step_words} words")
    if any(NAVIGATION.match(s) for s in plan):
        reasons.append("plan holds navigation links")
    if plan and not is_instruction(plan[0]):
        reasons.append("not a procedure (first step is not an instruction)")
    elif plan and sum(bool(_INSTRUCTION.search(s)) for s in plan) * 2 < len(plan):
        reasons.append("not a procedure (steps are not instructions)")
    elif plan and not any(gives_instruction(s) for s in plan):
        reasons.append("not a procedure (no step gives an instruction)")
    text = task + " " + " ".join(plan)
    if text and len(_NON_ENGLISH.findall(text)) / len(text) > 0.05:
        reasons.append("not English")
    return reasons
