"""The file-format families the help names a save by ("a Microsoft Office file format", "one of the
"HTML Document" file types"), in one place for the help compiler (which file type entry of the
Save As dialog to pick) and the state-diff judge (which filter the saved file must have).

Why words, not a list of filters: the dialog's entry ("Word 2007–365 (.docx)") and the filter the
document is then stored with ("MS Word 2007 XML") share the family's word, in Writer as in Calc
("Excel") and Impress ("PowerPoint")."""

from __future__ import annotations

import re

#: the help's name of a family -> the words its file type entries and filter names carry
FAMILIES: dict[str, tuple[str, ...]] = {"microsoft office": ("Word", "Excel", "PowerPoint"), "html": ("HTML",)}

#: the words the help uses for "a format of the user's choice" ("select the desired format",
#: "Save documents in other formats")
ANY_FORMAT = re.compile(r"(?i)\b(?:desired|other|another|different)\s+(?:file\s+)?(?:formats?|types?)\b|^(?:desired|other|another|different)$")

#: a file type entry of the Save As dialog ends on its extension: "Rich Text (.rtf)"
ENTRY = re.compile(r"\(\.\w+\)$")

#: the filters of the OpenDocument formats, the ones a document is "kept in" (writer8, calc8, ...)
_ODF_FILTER = re.compile(r"(?i)^(?:writer|calc|impress|draw|math)8\b|^OpenDocument|ODF")


def family(text: str) -> tuple[str, ...] | None:
    """The words of the family ``text`` names ("Save as a Microsoft office file" -> Word, Excel,
    PowerPoint), or None."""
    low = " ".join(text.lower().split())
    return next((words for name, words in FAMILIES.items() if re.search(rf"\b{re.escape(name)}\b", low)), None)


def of_family(name: str, words: tuple[str, ...]) -> bool:
    """An entry or filter name of the family of ``words`` (a whole word of it: "Word 97", "MS Word 2007 XML")."""
    return any(re.search(rf"\b{re.escape(w)}\b", name, re.I) for w in words)


def saves_in(entry: str, words: tuple[str, ...]) -> bool:
    """A file type entry that saves the document in the family of ``words``: of the family, and
    not its template format ("Word 2007–365 Template" keeps the family's word)."""
    return of_family(entry, words) and "template" not in entry.lower().replace("~", "")


def is_odf(filter_name: str) -> bool:
    return bool(_ODF_FILTER.search(filter_name or ""))
