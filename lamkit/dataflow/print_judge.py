"""The state-diff judge's verdict on a request to print ("Print a single page", "Print in
reverse order"), read from the print job the episode wrote (:attr:`lamkit.schema.DocState.printed`).

Why apart from the document diff: printing changes nothing in the document; what it makes is
the job the environment's printer writes into a file (``lamkit.envs.writer.processes._psprint_conf``),
read as its sheets, each sheet's text and whether colour was drawn
(``lamkit.envs.writer.printed``). A request to print succeeds only when a job was written and it
shows what the request names; nothing printed (or the wrong thing) is a failure; what the job
cannot show (which pages a range the user picks should hold, an order on a one-page document,
black and white on a document with no colour) is unsure, never success.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lamkit.schema import DocState, PlanStep, PrintJob, Verdict

#: A request whose action is printing: it starts with the verb ("Print a brochure"), not "Print
#: Preview" or "Printing options" (those are views and settings, judged as such).
_PRINT = re.compile(r"(?i)^print\b(?!\s+preview)")
_SINGLE = re.compile(r"(?i)\b(?:a single|one) page\b")
_RANGE = re.compile(r"(?i)\brange of pages\b|\bpages? \d")
_SELECTION = re.compile(r"(?i)\bselect(?:ion|ed)\b")
_REVERSE = re.compile(r"(?i)\breverse\b")
_NUP = re.compile(r"(?i)\b(?:multiple|several|two|\d+) pages (?:on|per) (?:one|a|each) sheet\b|\bpages per sheet\b|\bbrochure\b")
_NO_COLOUR = re.compile(r"(?i)\bblack and white\b|\bblack & white\b|\bgr[ae]yscale\b|\bin black\b")


def asks_to_print(request: str) -> bool:
    return bool(_PRINT.match(request.strip()))


def verdict(request: str, steps: Sequence[PlanStep], before: DocState, after: DocState, subs: dict[str, float]) -> Verdict:
    """The verdict on a request :func:`asks_to_print` names, every step having executed."""
    job = after.printed

    def unsure(why: str) -> Verdict:
        return Verdict(success=False, reason=why, judge="state-diff-unsure", sub_scores=subs)

    def failure(why: str) -> Verdict:
        return Verdict(success=False, reason=why, judge="state-diff", sub_scores=subs)

    if job is None:
        return unsure("the task asks to print, and this state was read without the print jobs")
    if job.jobs == 0:
        return failure("every step executed but nothing was printed")
    if job.sheets == 0:
        return unsure("a print job was written but could not be read")
    subs = {**subs, "sheets": float(job.sheets), "jobs": float(job.jobs)}
    pages = after.page_count
    said = f"printed {job.sheets} sheet(s) of a {pages}-page document"
    per = job.pages_per_sheet or [1] * job.sheets
    if _SINGLE.search(request):
        return (_success(f"{said}: a single page", subs) if job.sheets == 1 and per == [1]
                else failure(f"{said}; the task asks for a single page"))
    if _SELECTION.search(request):
        chosen = [s.args.get("text", "") for s in steps if s.function == "select_text" and s.args.get("text")]
        if not chosen:
            return unsure(f"{said}; the plan selects nothing the judge can compare with")
        got = _words(" ".join(job.texts))
        return (_success(f"{said}: the selection only ({chosen[-1]!r})", subs) if got == _words(chosen[-1])
                else failure(f"{said}; its text is not the selection {chosen[-1]!r}"))
    if _NUP.search(request):
        if max(per) > 1:
            return _success(f"{said}: {max(per)} pages on one sheet", subs)
        if job.reduced and pages == 1:
            return _success(f"{said}: its one page drawn reduced into part of the sheet, as several pages per sheet are", subs)
        return failure(f"{said}, one page per sheet; the task asks for several on one sheet")
    if _REVERSE.search(request):
        order = _order(job, after)
        if order is None or len(order) < 2:
            return unsure(f"{said}; an order shows only with two pages or more")
        return (_success(f"{said}, last page first", subs) if order == sorted(order, reverse=True)
                else failure(f"{said} in the document's order; the task asks for the reverse"))
    if _NO_COLOUR.search(request):
        text_only = bool(re.search(r"(?i)\btext\b", request)) and not re.search(r"(?i)\bimages?\b|\bgraphics?\b", request)
        if job.text_colour or job.colour and not text_only:
            return failure(f"{said} with colour; the task asks for black and white")
        if not text_only:
            return unsure(f"{said} with no colour set for text, lines or areas; the colours of images are not read")
        if not _coloured(before):
            return unsure(f"{said} with black text, but the document has no coloured text to leave out")
        return _success(f"{said}: its coloured text in black", subs)
    if _RANGE.search(request):
        return _range(steps, job, after, said, subs, unsure, failure)
    return (_success(f"{said}: every page", subs) if job.sheets == pages and per == [1] * pages
            else unsure(f"{said}; the task names no pages to check"))


#: A page range as the Print dialog's Pages box takes it ("1-4", "-5", "10-", "1, 3;7", "1,3,5-10").
_PAGE_RANGE = re.compile(r"\s*\d*\s*-?\s*\d*\s*(?:[,;]\s*\d*\s*-?\s*\d*\s*)*")


def _pages_of(rng: str, count: int) -> list[int]:
    """The pages of a ``count``-page document the range names, in printed order (each once)."""
    out: list[int] = []
    for part in re.split(r"[,;]", rng):
        m = re.fullmatch(r"\s*(\d*)\s*(-?)\s*(\d*)\s*", part)
        if not m or not (m.group(1) or m.group(3)):
            continue
        lo = int(m.group(1)) if m.group(1) else 1
        hi = int(m.group(3)) if m.group(3) else (count if m.group(2) else lo)
        out += [p for p in range(lo, hi + 1) if 1 <= p <= count and p not in out]
    return out


def _range(steps, job: PrintJob, doc: DocState, said: str, subs, unsure, failure) -> Verdict:
    """A range of pages: the pages the plan typed into a box as a page range (the Pages box;
    "1-4" from the help's example) against the sheets. What the job shows of which pages were
    printed: how many sheets, their order, whether the first sheet begins where the document
    does (page 1) and the last one ends where it ends (the last page); a page between is known
    only when all or none of them are in the range (the pages' own text is not read). A range
    holding every page shows nothing a plain print does not: unsure."""
    typed = [s.args["text"] for s in steps if s.function == "set_edit_text" and re.search(r"\d", s.args.get("text", ""))
             and _PAGE_RANGE.fullmatch(s.args["text"])]
    if not typed:
        return unsure(f"{said}; which pages the range holds is the user's choice")
    n = doc.page_count
    want = _pages_of(typed[-1], n)
    if not want:
        return unsure(f"{said}; the range {typed[-1]!r} holds no page of it")
    if sorted(want) == list(range(1, n + 1)):
        return unsure(f"{said}; the range {typed[-1]!r} holds every page of it, as a plain print does")
    per = job.pages_per_sheet or [1] * job.sheets
    if job.sheets != len(want) or per != [1] * job.sheets:
        return failure(f"{said}; the range {typed[-1]!r} holds {len(want)} of its pages")
    middle = [p for p in want if 1 < p < n]
    if want != sorted(want) or 0 < len(middle) < n - 2:
        return unsure(f"{said}, as many as the range {typed[-1]!r} holds; which pages between the first and the last is not read")
    order = _order(job, doc)
    if order is None:
        return unsure(f"{said}; a sheet's text is not found in the document")
    words = _words(doc.text)
    last = _words(job.texts[-1]) if job.texts else []
    starts, ends = order[0] == 0, bool(last) and words[-len(last):] == last
    if order != sorted(order) or starts != (1 in want) or ends != (n in want):
        return failure(f"{said}; they are not the pages {want} the range {typed[-1]!r} holds")
    return _success(f"{said}: pages {want}, the range {typed[-1]!r}", {**subs})


def _success(why: str, subs: dict[str, float]) -> Verdict:
    return Verdict(success=True, reason=why, judge="state-diff", sub_scores=subs)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _order(job: PrintJob, doc: DocState) -> list[int] | None:
    """Where each sheet's first line stands in the document's text (its offset), in printed
    order; None when a sheet's text is not found there."""
    text = " ".join(_words(doc.text))
    out = []
    for t in job.texts:
        first = " ".join(_words(t.splitlines()[0] if t else ""))
        at = text.find(first) if first else -1
        if at < 0:
            return None
        out.append(at)
    return out


def _coloured(state: DocState) -> bool:
    def grey(c: str | None) -> bool:
        return c is None or len(c) == 7 and c[1:3] == c[3:5] == c[5:7]

    return any(not grey(r.color) or not grey(r.highlight) for p in state.paragraphs for r in p.runs)
