"""Finding procedures (a task and its ordered steps) in HTML and Markdown how-to pages.

LibreOffice's help marks procedures up as ``<ol itemprop="HowTo">`` lists of
schema.org HowToSteps, titled by the heading before them ("To Insert a Manual
Page Break") or by a "To …:" lead-in paragraph; one page can hold several.
Other how-to pages (a user's folder) use plain ``<ol>`` lists or Markdown
numbered lists under headings, which the same rules read.

Platform and application variants are written twice in the help ("Command
Ctrl+Enter", or a Writer and a Calc wording inside one ``switchinline``
span): we keep the Linux (``UNIX`` or default) and the harvested
application's variant, so menu paths and shortcuts stay verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_APP_CLASS = {"writer": "WRITER", "calc": "CALC", "impress": "IMPRESS", "draw": "DRAW", "base": "BASE", "math": "MATH",
              "chart": "CHART", "basic": "BASIC", "shared": None}
_SYSTEM_CLASSES = {"MAC", "WIN", "UNIX"}
_APP_CLASSES = {"WRITER", "CALC", "IMPRESS", "DRAW", "CHART", "MATH", "BASE", "BASIC"}
_LEAD_IN = re.compile(r"^\s*(to\s+.{3,160}?)\s*[:.]\s*$", re.I)


@dataclass
class Procedure:
    title: str  # the heading or lead-in as written on the page
    steps: list[str]
    section: str  # heading path on the page, for the TaskPlan source
    kind: str = "howto"  # "howto" (schema.org HowTo list), "list" (plain ordered list), "markdown"
    tags: list[str] = field(default_factory=list)


def text_of(node) -> str:
    """Visible text with whitespace folded (hidden variants already resolved)."""
    s = node.get_text(" ") if isinstance(node, Tag) else str(node)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([.,;:!?)])", r"\1", s)  # "Enter ." -> "Enter."
    s = re.sub(r"([(])\s+", r"\1", s)
    s = re.sub(r"\s*\+\s*", "+", s) if re.search(r"\b(Ctrl|Shift|Alt|Command|Option)\s*\+", s) else s
    return s


def resolve_variants(soup: BeautifulSoup, app: str) -> None:
    """Keep one wording where the help offers several (OS and application switches)."""
    want_app = _APP_CLASS.get(app)
    for sw in soup.select("span.switchinline, div.switch"):
        options = [c for c in sw.children if isinstance(c, Tag)]
        if not options:
            continue

        def klass(t: Tag) -> str:
            return (t.get("class") or [""])[0]

        def is_default(t: Tag) -> bool:
            return str(t.get("id", "")).startswith("default") or klass(t) not in (_SYSTEM_CLASSES | _APP_CLASSES)

        chosen = None
        if want_app:
            chosen = next((o for o in options if klass(o) == want_app), None)
        chosen = chosen or next((o for o in options if klass(o) == "UNIX"), None)
        chosen = chosen or next((o for o in options if is_default(o)), None)
        for o in options:
            if o is not chosen:
                o.decompose()
        if chosen is not None:
            del chosen["hidden"]
    for hidden in soup.select("[hidden]"):
        hidden.decompose()  # any remaining variant nobody chose


_HEADED = re.compile(r"^\s*(to\s+[^,;]{3,160}?)\s*[:.]?\s*$", re.I)  # "To apply bold formatting", no stop needed


def _is_title_para(node: Tag) -> bool:
    """A paragraph the help uses as a procedure's own heading: an ``hd_`` id (the help's
    heading paragraphs, rendered as ``<p>``), or a short "To …" line with no clause after it."""
    if node.name != "p":
        return False
    t = text_of(node)
    if not t or len(t.split()) > 14:
        return False
    return str(node.get("id", "")).startswith("hd_") or bool(_HEADED.match(t))


def _title_for(ol: Tag) -> tuple[str, str]:
    """(title, section): the procedure's own heading (a "To …" lead-in or heading paragraph right
    above the list), else the nearest heading above. Why the own heading first: on a page with
    several procedures ("To apply bold formatting", "To apply italic formatting") the page heading
    says what none of them does."""
    head = ol.find_previous(HEADINGS)
    head_t = text_of(head) if head else ""
    sib = ol.find_previous_sibling()
    hops = 0
    while sib is not None and hops < 3:
        if isinstance(sib, Tag):
            if sib.name in HEADINGS or sib.name == "ol":
                break
            t = text_of(sib)
            if _is_title_para(sib):
                return t, head_t
            m = _LEAD_IN.match(t)
            # A lead-in names the task unless the heading already does ("To …"),
            # or it is an explanation rather than a title (long, or a clause list).
            if m and not head_t.lower().startswith("to ") and len(m.group(1).split()) <= 14:
                return m.group(1), head_t
            if t:
                hops += 1
        sib = sib.find_previous_sibling()
    return head_t, head_t


def _continues(ol: Tag) -> bool:
    """An ``<ol start="N">`` (N > 1) goes on numbering the list above it: the help splits one
    procedure around a note or a tip that way. It is the same procedure, not a new one."""
    try:
        return int(str(ol.get("start", "1"))) > 1
    except ValueError:
        return False


_ALTERNATIVES = re.compile(r"\b(do one of the following|one of the following|any of the following|either)\b", re.I)


def _steps(ol: Tag) -> list[str | list[str]]:
    """Step texts in order; a step offering alternatives ("Do one of the
    following:" + a list) is a list of complete alternative step texts."""
    steps: list[str | list[str]] = []
    for li in ol.find_all("li", recursive=False):
        nested = [n for n in li.find_all(["ol", "ul"]) if n.find_parent(["ol", "ul"]) in (ol, None) or n.find_parent("li") is li]
        nested = [n for n in nested if not any(m is not n and n in m.descendants for m in nested)]
        items = [[text_of(sub) for sub in n.find_all("li", recursive=False)] for n in nested]
        for n in nested:
            n.extract()
        paras = [c for c in li.find_all("p", recursive=False)]
        if len(paras) > 1 and _ALTERNATIVES.search(text_of(paras[0])) and text_of(paras[0]).endswith(":"):
            # "Do one of the following:" then one paragraph per alternative
            items.insert(0, [text_of(p) for p in paras[1:]])
            for p in paras[1:]:
                p.extract()
        head = text_of(li)
        subs = [t for group in items for t in group if t]
        if subs and (_ALTERNATIVES.search(head) or (nested and nested[0].name == "ul" and head.endswith(":"))):
            lead = _ALTERNATIVES.sub("", head).strip(" :,").strip()
            steps.append([f"{lead}: {alt}" if lead else alt for alt in subs])
            continue
        if head:
            steps.append(head)
        steps.extend(subs)
    # "…, do one of the following:" as the last step, alternatives in a list after the procedure
    if steps and isinstance(steps[-1], str) and _ALTERNATIVES.search(steps[-1]) and steps[-1].endswith(":"):
        nxt = ol.find_next_sibling()
        # the alternatives come as a bulleted list, or as an ordered one that restarts at 1
        if nxt is not None and (nxt.name == "ul" or (nxt.name == "ol" and not _continues(nxt))):
            alts = [text_of(li) for li in nxt.find_all("li", recursive=False) if text_of(li)]
            if alts:
                lead = _ALTERNATIVES.sub("", steps[-1]).strip(" :,").strip()
                steps[-1] = [f"{lead}: {a}" if lead else a for a in alts]
                nxt[_CONSUMED] = "1"
    return steps


_CONSUMED = "data-lamkit-alternatives"  # marks an <ol> already read as the alternatives of the step above it


def _expand(steps: list[str | list[str]], limit: int = 6) -> list[list[str]]:
    """One plan per combination of alternatives (capped), in the page's order."""
    plans: list[list[str]] = [[]]
    for st in steps:
        if isinstance(st, list):
            plans = [p + [alt] for p in plans for alt in st][:limit]
        else:
            plans = [p + [st] for p in plans]
    return plans


def from_html(html: str, app: str = "shared") -> tuple[str, list[Procedure]]:
    """Return (page title, procedures) of one HTML page."""
    soup = BeautifulSoup(html, "html.parser")
    resolve_variants(soup, app)
    for junk in soup.select("#DisplayArea ~ *, .relatedtopics, .related, nav, #TopLeftHeader, footer, script, style"):
        junk.decompose()
    h1 = soup.find("h1")
    page_title = text_of(h1) if h1 else (text_of(soup.title) if soup.title else "")
    procs = _bullet_procedures(soup)  # before ordered lists lift their nested lists out
    groups: list[tuple[str, str, bool, list]] = []  # (title, section, howto, raw steps) per procedure
    for ol in soup.find_all("ol"):
        if ol.find_parent("ol") is not None or ol.find_parent("li") is not None:
            continue  # nested lists are steps of their parent
        if _is_related_topics(ol) or ol.get(_CONSUMED):
            continue
        if groups and _continues(ol):
            groups[-1][3].extend(_steps(ol))
            continue
        title, section = _title_for(ol)
        groups.append((title or page_title, section or page_title, "HowTo" in str(ol.get("itemprop", "")), _steps(ol), ol))
    titles = _distinct_titles(groups)
    for g, (_, section, howto, raw, _ol) in enumerate(groups):
        plans = _expand(raw)
        # several untitled lists under one heading are several ways to do what the heading names
        ways = [j for j, other in enumerate(groups) if titles[j] == titles[g]]
        for i, plan in enumerate(plans):
            n = len(plans) * len(ways)
            way = ways.index(g) * len(plans) + i + 1
            procs.append(
                Procedure(
                    title=titles[g],
                    steps=plan,
                    section=section + (f" (way {way})" if n > 1 else ""),
                    kind="howto" if howto else "list",
                    tags=["alternative"] if n > 1 else [],
                )
            )
    return page_title, procs


def _distinct_titles(groups: list[tuple]) -> list[str]:
    """Each procedure's title, qualified by its parent heading where the page uses the same
    title under several sections ("Turning on protection" for sections, for table cells, for
    indexes): the request must say which one its plan does."""
    titles = [g[0] for g in groups]
    out = list(titles)
    for i, t in enumerate(titles):
        same = [j for j, u in enumerate(titles) if u == t]
        if len(same) < 2:
            continue
        parent = _parent_heading(groups[i][4])
        if parent and len({_parent_heading(groups[j][4]) for j in same}) > 1:
            out[i] = f"{t} ({parent})"
    return out


def _parent_heading(ol: Tag) -> str:
    """The heading one level above the heading the list sits under ("" if none)."""
    head = ol.find_previous(HEADINGS)
    if head is None:
        return ""
    level = int(head.name[1])
    up = head.find_previous([f"h{k}" for k in range(1, level)]) if level > 1 else None
    return text_of(up) if up is not None else ""


_TO_ITEM = re.compile(r"^To ([^,]{3,90}?), (.{8,})$")


def _bullet_procedures(soup: BeautifulSoup) -> list[Procedure]:
    """Bulleted one-liners of the form "To delete a whole table, click in the table,
    and then choose Table - Delete - Table." are procedures too."""
    from lamkit.tasks.cleaning import is_instruction

    out = []
    for ul in soup.find_all("ul"):
        if ul.find_parent(["ol", "ul"]) is not None or _is_related_topics(ul):
            continue
        prev = ul.find_previous_sibling()
        if prev is not None and prev.name == "ol":
            continue  # alternatives of the procedure just above (read with it)
        if prev is not None and prev.name == "p" and _ALTERNATIVES.search(text_of(prev)):
            prev = prev.find_previous_sibling()  # "Do one of the following:" between heading and list
        items = [text_of(li) for li in ul.find_all("li", recursive=False)]
        if prev is not None and prev.name in HEADINGS and items and all(is_instruction(t) and not t.startswith("To ") for t in items):
            # alternatives right under a task heading ("Mark a single cell": two ways)
            for i, t in enumerate(items):
                out.append(Procedure(title=text_of(prev), steps=[t], section=text_of(prev) + (f" (way {i + 1})" if len(items) > 1 else ""),
                                     kind="bullet", tags=["alternative"] if len(items) > 1 else []))
            continue
        for li in ul.find_all("li", recursive=False):
            m = _TO_ITEM.match(text_of(li))
            if m:
                rest = m.group(2)
                head = li.find_previous(HEADINGS)
                out.append(Procedure(title=f"To {m.group(1)}", steps=[rest[:1].upper() + rest[1:]],
                                     section=text_of(head) if head else "", kind="bullet"))
    return out


def _is_related_topics(node: Tag) -> bool:
    head = node.find_previous(HEADINGS + ("p",))
    return head is not None and "related topics" in text_of(head).lower()


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_STEP = re.compile(r"^\s{0,3}(\d+)[.)]\s+(.*)$")


def from_markdown(text: str) -> tuple[str, list[Procedure]]:
    """Numbered lists under headings (or "To …:" lead-ins) in a Markdown page."""
    page_title, heading, lead = "", "", ""
    procs: list[Procedure] = []
    cur: list[str] | None = None
    cur_title = ""

    def close():
        nonlocal cur
        if cur:
            procs.append(Procedure(title=cur_title, steps=cur, section=heading or page_title, kind="markdown"))
        cur = None

    for raw in text.splitlines():
        line = raw.rstrip()
        m = _MD_HEADING.match(line)
        if m:
            close()
            heading = _md_inline(m.group(2))
            if len(m.group(1)) == 1 and not page_title:
                page_title = heading
            lead = ""
            continue
        s = _MD_STEP.match(line)
        if s:
            if cur is None:
                cur, cur_title = [], lead or heading or page_title
            cur.append(_md_inline(s.group(2)))
            continue
        if cur is not None and line.startswith(("   ", "\t")) and line.strip():
            cur[-1] += " " + _md_inline(line.strip())  # a wrapped step
            continue
        if line.strip():
            close()
            lm = _LEAD_IN.match(_md_inline(line))
            lead = lm.group(1) if lm else ""
    close()
    return page_title, procs


def _md_inline(s: str) -> str:
    s = re.sub(r"`([^`]*)`", r"\1", s)
    s = re.sub(r"\*\*([^*]+)\*\*|__([^_]+)__", lambda m: m.group(1) or m.group(2), s)
    s = re.sub(r"(?<!\w)[*_]([^*_]+)[*_](?!\w)", r"\1", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()
