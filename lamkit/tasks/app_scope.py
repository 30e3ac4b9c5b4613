"""Which application a procedure is carried out in, read from where its words place the action.

A shared help page serves every application, and some of its procedures say outright that
they happen elsewhere: "In a LibreOffice Impress document choose File - Export" (Export to
ASP), "Remove all direct formatting in a LibreOffice Calc spreadsheet", "Open the database
file where you want to create the new form" (Base), "On a Help page, select the text"
(the help viewer). Harvested for Writer, those are not Writer tasks.

The reading is about *places*, not keywords. A place is a document, window or program of an
application: "a LibreOffice Calc spreadsheet", "the Base window", "Draw or Impress", "the
database file", "a presentation", "the text document", "a Help page", "the web browser".
It counts where the action happens: after in/on/into/to/inside/within or as what is opened
("Open LibreOffice Impress"), and the menu of a browser. In the request a place named by its
application ("Format LibreOffice Calc cells", "Navigate the main help pages") counts anywhere
but as its first word (its verb: "Draw lines in text") and after "from" (a source: "Insert a
table from a Calc spreadsheet"); a generic one ("an existing database file") only as in a step. An unqualified "the
document" / "your document" is the harvested application's own.

A procedure moves to another application only when it places its action there and never
in the harvested application: "Insert a Calc chart into a text document" (steps "Open the
spreadsheet …", "Drag the chart … to the text document") brings Calc's content into a text
document and stays Writer's.
"""

from __future__ import annotations

import re

HELP_VIEWER = "help"  #: the label of procedures done in the help viewer or the web browser showing it

_APP = r"(?:LibreOffice\s+)?(Writer|Calc|Impress|Draw|Base|Math)\b"
_APPS = rf"{_APP}(?:\s*(?:,|or|and)\s*{_APP})*"  # "Draw or Impress", "Calc or Writer"
_DOC_NOUN = r"(?:\s+(?:text\s+)?(?:documents?|spreadsheets?|presentations?|drawings?|cells?|windows?|files?|tables?))?"
#: places named without an application's name (lower-case keys are matched case-insensitively)
_GENERIC = {
    r"text\s+documents?": "writer",
    r"spreadsheets?": "calc",
    r"presentations?": "impress",
    r"database\s+(?:file\s+)?window|database\s+files?": "base",
    r"(?:main\s+)?help\s+pages?": HELP_VIEWER,
    r"(?:default\s+)?web\s+browsers?": HELP_VIEWER,
}
#: generic places that count in a request only after a locative, as in a step ("Register an
#: existing database file" names what is registered, not where; "help pages" names the viewer)
_GENERIC_ONLY = re.compile(r"text\s+documents?|spreadsheets?|presentations?|database.*|(?:default\s+)?web\s+browsers?", re.I)
_DET = r"(?:(?:a|an|the|your|both|this|that|new|empty|current|default|same|LibreOffice)\s+)*"
# application names are matched with their capital ("Draw a line" is not Draw); the rest in any case
_PLACE = re.compile(rf"\b(?i:{_DET})(?:{_APPS}(?i:{_DOC_NOUN})|(?P<generic>(?i:{'|'.join(_GENERIC)}))|(?P<doc>(?i:documents?))\b)")
_LOCATIVE = re.compile(r"\b(?:in|on|inside|within|into|to|open|opens|start)\s+$", re.I)
_SOURCE = re.compile(r"\bfrom\s+$", re.I)
_BROWSER_MENU = re.compile(r"\bmenu\s+of\s+(?:the|your)\s+(?:default\s+)?(?:web\s+)?browser\b", re.I)


def _places(text: str, target: str, *, request: bool) -> list[str]:
    """Applications ``text`` places an action in, in the order written."""
    out: list[str] = []
    last = -1  # where the last counted place ended: "Open both the text document and the spreadsheet"
    for m in _PLACE.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        named = not m.group("doc") and not (m.group("generic") and _GENERIC_ONLY.fullmatch(m.group("generic")))
        joined = last >= 0 and re.fullmatch(r"\s+(?:and|or)\s+", text[last:m.start()]) is not None
        if _SOURCE.search(before) or not (request and named and m.start() > 0 or _LOCATIVE.search(before) or joined):
            continue
        last = m.end()
        if m.group("doc"):
            out.append(target)  # "the document", "your document": the one being worked on
        elif m.group("generic"):
            low = m.group("generic").lower()
            out.append(next(app for pat, app in _GENERIC.items() if re.fullmatch(pat, low)))
        else:
            out += [a.lower() for a in re.findall(_APP, m.group(0))]
    if _BROWSER_MENU.search(text):
        out.append(HELP_VIEWER)
    return out


def procedure_app(target: str, task: str, plan: list[str]) -> str:
    """The application the procedure is done in: ``target`` (the harvested one) unless the
    request or steps place the action only in other applications, then the first named."""
    places = _places(task, target, request=True)
    for step in plan:
        places += _places(step, target, request=False)
    others = [a for a in places if a != target]
    return target if not others or target in places else others[0]
