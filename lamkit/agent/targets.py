"""Target resolution: which text of the document a request is about, offered as options.

Why: a request names its target in many ways: quoted ("the word \"profit\""),
unquoted ("the word printer"), by position ("the second paragraph", "the last
word of the title"), by role ("the heading", "the greeting") or by description
("the sentence about lunch"). Resolving that reference is reading, counting and
matching; a 135M (or smaller) model trained on a few hundred trajectories does it
badly and, worse, copies a *different* word into ``select_text`` (measured: the
quickstart model selected "twenty" for "Bold \"minutes\""). MindAct's answer for
controls is a ranker that proposes candidates and a model that chooses among them;
this module is that ranker for text targets. The renderer shows its few best
options under "Targets:", and constrained decoding lets ``select_text`` choose only
among them (:class:`lamkit.agent.action_space.ActionSpace` ``targets``).

What a target's text is follows one rule, the one the data's expert uses
(``lamkit.dataflow.templates.Template.anchor``): a word is selected by itself; a
paragraph by the shortest prefix of its text, in whole words and at least four
characters, that occurs exactly once in the document (:func:`anchor`).

Counting follows the documents' own conventions (docs/agent.md, "Targets"):
"the Nth paragraph" counts the paragraphs that are neither the title nor a
heading, tables excluded; "the Nth heading" counts headings; "the Nth item"
counts the items of the first list. Everything here reads only the request and
the observation's outline, so it works on any document, not only generated ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lamkit.agent.clauses import split_clauses
from lamkit.schema import OutlineParagraph

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth")
_ORD = {w: i for i, w in enumerate(ORDINALS)}
_NUM_ORD = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_CARD = {w: i for i, w in enumerate(_CARDINALS)}
#: Ordinal words that count from an end: "top" and "bottom" as in "the top paragraph".
_END_WORDS = {"last": -1, "final": -1, "bottom": -1, "opening": 0, "top": 0,
              "second-to-last": -2, "penultimate": -2, "next-to-last": -2, "second-last": -2,
              "second last": -2, "last but one": -2}


def _ordinal_index(word: str) -> int:
    """0-based index of an ordinal word of ``_ORD_WORD`` ("second" 1, "3rd" 2, "last" -1, "top" 0)."""
    if word in _END_WORDS:
        return _END_WORDS[word]
    return _ORD[word] if word in _ORD else int(_NUM_ORD.match(word).group(1)) - 1


#: Words that say a reference is to a whole paragraph, not to a word in it.
_PARA_NOUNS = ("paragraph", "line", "heading", "title", "sentence", "item", "step", "greeting", "salutation", "closing",
               "sign-off")
_STOP = frozenset(
    "a an the of to in on at for with and or by as is it its be this that these those from into it's "
    "word words paragraph paragraphs line lines heading headings sentence title text document page step steps "
    "make set give put turn apply use please also then first second third last final bold italic "
    "underline font size color colour style center centre right left align indent spacing mention mentions "
    "about containing contains contain".split())
#: Words after "word" that do not name it: "the last word of the title", "the word that ...".
_NOT_NAMED = frozenset("of in that which".split())
#: Request words that change characters, not paragraphs: a paragraph target is then selected whole.
_CHAR_FORMAT = re.compile(r"\b(bold|embolden\w*|italic\w*|underline\w*|\ba line (?:under|below|beneath|through|across)|strike\w*|cross\w* out|highlight\w*|colou?r\w*|"
                          r"font|size|pt\b|upper\s*case|capital|lower\s*case|superscript|subscript|shadow\w*|small caps)")
_GREETING = re.compile(r"^(dear|hello|hi|to whom|greetings)\b", re.I)
_CLOSING = re.compile(r"^(best|kind|warm|yours|sincerely|regards|with (?:best|kind|warm)|with thanks|many thanks|thank you|cheers|respectfully|signed)\b",
                      re.I)


@dataclass(frozen=True)
class Target:
    """One option: the text ``select_text`` would select, the outline index of its
    paragraph, whether it is a ``word`` or the ``paragraph``'s anchor, and the score
    that ordered it (higher first)."""

    text: str
    index: int
    kind: str
    score: float


# ----------------------------------------------------------------------------- document structure
def _is_title(p: OutlineParagraph, i: int) -> bool:
    return p.style == "Title" or (i == 0 and p.style.startswith("Title"))


def _is_heading(p: OutlineParagraph) -> bool:
    return p.style.startswith("Heading")


def body_indexes(outline: list[OutlineParagraph]) -> list[int]:
    """Outline indexes that "the Nth paragraph" counts: not the title, not a heading, not in a table."""
    return [i for i, p in enumerate(outline)
            if not p.in_table and not _is_title(p, i) and not _is_heading(p) and p.text.strip()]


def anchor(outline: list[OutlineParagraph], i: int) -> str | None:
    """How paragraph ``i`` is selected: the shortest whole-word prefix (4+ characters, end
    punctuation dropped) found exactly once in the document; None when even the whole text repeats."""
    full = "\n".join(p.text for p in outline)
    text = outline[i].text
    for m in re.finditer(r"\S+", text):
        pre = text[: m.end()].rstrip(".,:;!?")
        if len(pre) >= 4 and full.count(pre) == 1:
            return pre
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+", text)


def _stem(w: str) -> str:
    """A crude stem that makes "offices"/"office", "crashes"/"crash", "costs"/"cost" meet."""
    w = re.sub(r"['’]s$", "", w.lower())  # "the treasurer's report": the treasurer
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    for suf in ("s", "e", "ing", "ed"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
    return w


# ----------------------------------------------------------------------------- the request
@dataclass
class Reference:
    """What the request says about its target, parsed once."""

    quoted: list[str]
    named_words: list[str]  # "the word printer" -> printer (a word target unless a paragraph is meant)
    about: list[str]  # "about lunch", "mentions marketing", "containing X" -> paragraph evidence
    wants_paragraph: bool  # the target is a whole paragraph ("the paragraph with ...", "the title")
    word_pos: str | None  # "first" / "last" word of the paragraph named
    ordinal: tuple[str, int] | None  # ("paragraph"|"heading"|"item", n) n 0-based, -1 last, -2 penultimate
    role: str | None  # "title" | "heading" | "greeting" | "closing" | "after_title" | "next_to"
    content: list[str]  # remaining content words of the request
    verbatim: list[str]  # words written as the document writes them ("TBD", "Harvest"): evidence, not intent
    word_intent: bool  # a word is the target ("the word X", "the last word of ..."), not the paragraph holding it
    char_format: bool  # the request changes characters (bold, font...): a paragraph is selected whole
    #: with role "next_to": what the target is next to (:func:`_next_to_ref`): a heading
    #: by position ("position", n) or by words ("words", [...]), the first list ("list", None) or
    #: a role's paragraph ("role", "closing"|"greeting")
    next_to: tuple[str, object] | None = None
    #: "after" (the target follows what ``next_to`` names) or "before" (it precedes it)
    relative: str = "after"
    #: positional references besides ``ordinal`` (the last one), in the request's order: a request
    #: with two edits on two targets ("italicize the second paragraph, then underline the last one")
    other_ordinals: list[tuple[str, int]] = field(default_factory=list)
    #: the section a paragraph ordinal counts in (:func:`_section_ref`): the body paragraphs after a
    #: heading named by position ("position", n) or by its words ("words", [...]), up to the next heading
    section: tuple[str, object] | None = None


def parse_reference(request: str) -> Reference:
    """What ``request`` says about its target (quotes and style names set aside first)."""
    quoted = [q.strip() for q in re.findall(r'["“]([^"”]+)["”]', request) if q.strip()]
    unq = re.sub(r'["“][^"”]*["”]', " QUOTED ", request)
    # Style names are not references: "the Title style", "as the document title", "Heading 1".
    unq = re.sub(r"\b(?:the\s+)?(title|heading\s*\d)(\s+paragraph)?\s+style\b|\bas\s+(?:the\s+|a\s+)?(?:document\s+)?title\b"
                 r"|\bheading\s*\d\b(?!\.\d)", " STYLE ", unq, flags=re.I)
    # "a line under / through X" is the underline or strike the edit draws, not a line of the
    # document the request points at ("the line", "the line under the title").
    low = re.sub(r"\ba line (?:under|below|beneath|through|across|over|above)\b", " ", unq.lower())
    # "the word printer", not "the last word of the title" ("of" is followed by what it belongs to)
    named = [m.group(1) for m in re.finditer(r"\bword\s+([A-Za-z][A-Za-z'-]*)\b", unq)
             if m.group(1) != "QUOTED" and m.group(1).lower() not in _NOT_NAMED]
    about = [m.group(2) for m in re.finditer(
        r"\b(about|mentions|mentioning|containing|contains|with|on)\s+(?:the\s+|a\s+|an\s+)?(?:word\s+)?([A-Za-z][A-Za-z'-]{2,})",
        unq, re.I) if m.group(2).lower() not in _STOP]
    word_pos = None
    m = re.search(r"\b(first|last|final|opening)\s+word\b", low)
    if m:
        word_pos = "first" if m.group(1) in ("first", "opening") else "last"
    ordinal = None
    ordinals = []  # every positional reference, in the request's order ("the second paragraph ... the last one")
    kind_pat = r"(paragraph|line|heading|item|list item|entry|bullet|step)"
    for m in re.finditer(_ORD_WORD_GROUP + r"\s+(?:(?:body|text|numbered|bulleted)\s+)?" + kind_pat + r"\b", low):
        w, k = m.group(1), m.group(2)
        n = _ordinal_index(w)
        kind = "heading" if k == "heading" else "item" if k in ("item", "list item", "entry", "bullet") else "paragraph"
        if k == "line" and n == -1:
            kind = "line"
        ordinal = (kind, n)
        ordinals.append(ordinal)
    if ordinal is None:
        m = re.search(r"\b(" + "|".join(ORDINALS) + r"|last)\s+(?:one|entry)\s+(?:in|of)\s+the\s+list\b", low)
        if m:
            ordinal = ("item", -1 if m.group(1) == "last" else _ORD[m.group(1)])
    if ordinal is None:  # "paragraph 2", "item number three", "heading no. 2" (a bare "heading 2" is a style)
        m = re.search(r"\b(?:(paragraph|item|entry|bullet)\s+(?:number\s+|no\.\s*|#\s*)?|(heading)\s+(?:number\s+|no\.\s*|#\s*))"
                      r"(\d{1,2}|" + "|".join(_CARDINALS) + r")\b(?![.,]\d)(?!\s*(?:%|pt\b|points?\b|cm\b|mm\b|in\b|inch"
                      r"|centimet|millimet|lines?\b|spacing\b|times\b))", low)
        if m:
            num = m.group(3)
            n = (int(num) if num.isdigit() else _CARD[num] + 1) - 1
            if n >= 0:
                ordinal = ("heading" if m.group(2) else "paragraph" if m.group(1) == "paragraph" else "item", n)
    next_to, relative = _next_to_ref(low, quoted) or (None, "after")
    section = _section_ref(low) if ordinal and ordinal[0] == "paragraph" else None
    if section is None and ordinal and ordinal[0] == "paragraph" and next_to and next_to[0] in ("position", "words") \
            and relative == "after":
        # "the second paragraph under the Methods heading": counted from that heading, not the one right after it
        section, next_to = next_to, None
    if next_to and ordinal and ordinal[0] == "heading":
        ordinal = None  # the heading named is where the target is, not the target
    role = None
    if next_to:
        role = "next_to"
    elif re.search(r"\b(line|paragraph|text|sentence)\s+(?:directly\s+|right\s+|just\s+|immediately\s+)?"
                   r"(under|below|beneath|after|following)\s+the\s+(?:document\s+)?title\b|\bfirst line after the title\b", low):
        role = "after_title"
    elif re.search(r"\btitle\b", low):
        role = "title"
    elif re.search(r"\b(greeting|salutation)\b", low):
        role = "greeting"
    elif re.search(r"\b(closing|sign-off|signoff|signature)\b", low):
        role = "closing"
    elif re.search(r"\b(section )?heading\b", low) and (ordinal is None or ordinal[0] != "heading") and not quoted:
        role = "heading"
    para_word = re.search(r"\b(" + "|".join(_PARA_NOUNS) + r")s?\b", low)
    wants_paragraph = word_pos is None and (bool(para_word) or ordinal is not None or role is not None)
    content = [w for w in _words(unq) if w.lower() not in _STOP and len(w) > 2 and w not in ("QUOTED", "STYLE")]
    holder = re.search(r"\b(paragraph|line|heading|sentence|step)s?\s+(with|containing|that contains|which contains|that has)\b", low)
    word_intent = word_pos is not None or (bool(named) and not holder) or (bool(quoted) and not holder
                                                                          and not para_word)
    char_format = bool(_CHAR_FORMAT.search(unq.lower()))  # before the drawn line was set aside
    toks = _words(unq)
    verbatim = [w for j, w in enumerate(toks) if j > 0 and w not in ("QUOTED", "STYLE") and w not in named
                and (w[0].isupper() or (len(w) > 1 and w.isupper()))]
    others = [o for o in dict.fromkeys(ordinals) if o != ordinal] if ordinal else []  # earlier ones
    return Reference(quoted, named, about, wants_paragraph and not word_intent, word_pos, ordinal, role, content,
                     verbatim, word_intent, char_format, next_to, relative, others, section)


def _section_ref(low: str) -> tuple[str, object] | None:
    """"the last paragraph of the first section", "the second paragraph in the Findings section":
    the section a paragraph ordinal counts in, by the position of its heading among the headings
    ("position", n) or by its words ("words", [...]); None when the request names no section."""
    m = re.search(r"\b(?:of|in|within|from)\s+the\s+" + _ORD_WORD_GROUP + r"\s+section\b", low)
    if m:
        return "position", _ordinal_index(m.group(1))
    m = re.search(r"\b(?:of|in|within|from)\s+the\s+((?:[a-z][\w'-]*\s+){1,3}?)section\b", low)
    if m:
        words = [w for w in _words(m.group(1)) if w.lower() not in _STOP and len(w) > 2]
        return ("words", words) if words else None
    return None


def _next_to_ref(low: str, quoted: list[str]) -> tuple[tuple[str, object], str] | None:
    """"the paragraph under the second heading", "the text below Decisions", "the paragraph after
    the list", "the line just before the sign-off": the body paragraph next to what the rest of
    the phrase names, and on which side ("after" or "before"). What is named: a heading by its
    position ("position", n), by its words ("words", [...]; a paragraph with those words when no
    heading has them), the first list ("list", None) or a role's paragraph ("role", "closing" |
    "greeting"). None when the request says no such thing (the line under the title has its own
    role, "after_title"; a table is no anchor)."""
    m = re.search(r"\b(?:paragraph|line|text|sentence)s?\s+(?:directly\s+|right\s+|just\s+|immediately\s+)?"
                  r"(under|below|beneath|after|following|before|above|preceding)\s+(.+)$", low)
    if not m or re.match(r"(?:the\s+)?(?:document\s+)?title\b", m.group(2)) or "table" in m.group(2):
        return None
    side = "before" if m.group(1) in ("before", "above", "preceding") else "after"
    tail = m.group(2)
    hm = re.search(_ORD_WORD_GROUP + r"\s+heading\b", tail)
    if hm:
        return ("position", _ordinal_index(hm.group(1))), side
    if re.match(r"(?:the\s+|that\s+)?(?:bulleted\s+|numbered\s+)?(?:list|bullets)\b", tail):
        return ("list", None), side
    rm = re.match(r"(?:the\s+)?(closing|sign-off|signoff|signature|greeting|salutation)\b", tail)
    if rm:
        return ("role", "greeting" if rm.group(1) in ("greeting", "salutation") else "closing"), side
    words = [w for w in _words(re.sub(r"\bquoted\b", " ", tail)) if w.lower() not in _STOP and len(w) > 2]
    before = low[:m.start(2)].count("quoted")  # the quotes inside the tail, in order
    tail_quoted = quoted[before:before + tail.count("quoted")]
    if words or tail_quoted:
        return ("words", tail_quoted + words), side
    return (("position", 0), side) if re.search(r"\bheading\b", tail) else None


_ORD_WORD = (r"(?:second-to-last|second-last|second last|last but one|penultimate|next-to-last|last|final|opening"
             r"|top|bottom|" + "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))")
_ORD_WORD_GROUP = r"\b(" + _ORD_WORD + ")"
_REF_NOUN = r"(?:(?:body|text|numbered|bulleted)\s+)?(?:paragraph|line|heading|item|list item|entry|bullet|sentence|title|step)"
#: The ways a request names its target, longest first: a quote, "the last word of the fifth
#: paragraph", "the second heading", "the paragraph that mentions X", "the word X".
_SECTION_TAIL = r"(?:\s+(?:of|in|within)\s+the\s+(?:[\w'-]+\s+){1,3}?section\b)?"
_REFERENCE = re.compile("|".join(f"(?:{p})" for p in (
    r'"[^"]*"|“[^”]*”',
    r"\b(?:the\s+)?(?:first|last|final|opening)\s+word\s+(?:of|in)\s+(?:the\s+)?(?:" + _ORD_WORD + r"\s+)?" + _REF_NOUN,
    # "the paragraph just above the Next steps heading", "the line right under the title"
    r"\bthe\s+(?:paragraph|line|text|sentence)\s+(?:directly\s+|right\s+|just\s+|immediately\s+)?"
    r"(?:under|below|beneath|after|following|before|above|preceding)\s+the\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:heading|title|list|section|sign-off|signature|greeting|closing)\b",
    # "the letter's final line", "the second paragraph of the first section"
    r"\b(?:the\s+)?(?:[A-Za-z]+'s\s+)?" + _ORD_WORD + r"\s+" + _REF_NOUN + _SECTION_TAIL,
    r"\b(?:the\s+)?(?:paragraph|line|sentence|heading|item|step)\s+(?:that\s+|which\s+)?(?:with|about|containing|contains"
    r"|mentions|mentioning|that mentions|that contains|that has|on)\s+(?:the\s+word\s+|(?:the|a|an)\s+)?(?:\"[^\"]*\"|[A-Za-z][\w'-]*)",
    # "the paragraph that gives them", "the line which lists the prices": a relative clause names it
    r"\b(?:the\s+)?(?:paragraph|line|sentence|heading|item|step)\s+(?:that|which)\s+(?!is\b|are\b|was\b)[a-z]+s\s+"
    r"(?:them|it|(?:the\s+|a\s+|an\s+)?[A-Za-z][\w'-]*)",
    r"\b(?:the\s+)?word\s+[A-Za-z][\w'-]*",
)), re.I)


def mask_reference(request: str) -> str:
    """``request`` with the phrases that name its target replaced by "it" ("Italicize the last
    word of the fifth paragraph" -> "Italicize it"): what is done, without what it is done to.
    Why: matching requests by meaning (lamkit.agent.exemplars) otherwise pairs "Italicize the
    last word of the fifth paragraph" with "Underline the last word of the fifth paragraph"."""
    return _REFERENCE.sub("it", request)


# ----------------------------------------------------------------------------- scoring
def _paragraph_scores(ref: Reference, outline: list[OutlineParagraph]) -> dict[int, float]:
    """Outline index -> how strongly the request points at that paragraph."""
    sc: dict[int, float] = {}

    def add(i: int | None, s: float) -> None:
        if i is not None and 0 <= i < len(outline) and outline[i].text.strip():
            sc[i] = sc.get(i, 0.0) + s

    body = body_indexes(outline)
    heads = [i for i, p in enumerate(outline) if _is_heading(p) and not p.in_table]
    items = _first_list(outline, body)
    named = ref.other_ordinals + ([ref.ordinal] if ref.ordinal else [])  # in the request's order
    scoped = _section_body(ref.section, outline, heads, body) if ref.section else None
    for j, (kind, n) in enumerate(named):
        pool = {"heading": heads, "item": items, "paragraph": body, "line": body}[kind]
        if scoped and kind == "paragraph" and (kind, n) == ref.ordinal:
            pool = scoped
        if pool and -len(pool) <= n < len(pool):
            add(pool[n], 10.0 + 0.1 * (len(named) - 1 - j))  # the one named first is edited first
    if ref.role == "title":
        add(next((i for i, p in enumerate(outline) if _is_title(p, i)), 0 if outline else None), 8.0)
    elif ref.role == "heading" and len(heads) >= 1:
        add(heads[0], 6.0 if len(heads) == 1 else 3.0)
    elif ref.role in ("greeting", "closing"):
        add(_role_paragraph(ref.role, outline, body), 8.0)
    elif ref.role == "next_to":
        add(_next_to(ref.next_to, outline, heads, body, items, ref.relative), 12.0)
    elif ref.role == "after_title" and outline and _is_title(outline[0], 0):
        add(1, 8.0)
    para_stems = [{_stem(w) for w in _words(p.text)} for p in outline]
    # a content word only one paragraph has points at it more than a word many share: "the advice
    # for when the cloud rolls in" names its paragraph by "cloud" alone. Only in a request whose edit
    # needs a target (a paragraph, or characters to format): "Insert a new section" or a table
    # cell's figure names no paragraph by sharing a word with a heading
    needs_target = ref.wants_paragraph or ref.char_format
    once = {w for w in {_stem(c) for c in ref.content} if sum(w in st for st in para_stems) == 1} if needs_target else set()
    for i, p in enumerate(outline):
        text, stems = p.text, para_stems[i]
        for q in ref.quoted:
            if text.strip() == q:
                add(i, 9.0)
            elif q in text:
                add(i, 6.0)
            elif q.lower() in text.lower():
                add(i, 3.0)
        for w in ref.named_words + ref.verbatim:
            if re.search(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", text):
                add(i, 6.0)
        for w in ref.about:
            if _stem(w) in stems:
                add(i, 4.0)
        for w in ref.content:
            if _stem(w) in stems:
                add(i, 1.0 if _stem(w) in once else 0.5)
    return sc


def _section_body(which: tuple, outline: list[OutlineParagraph], heads: list[int], body: list[int]) -> list[int]:
    """The body paragraphs of the section ``which`` names (``Reference.section``): after its
    heading, before the next heading; empty when no heading is named so."""
    kind, what = which
    if kind == "position":
        h = heads[what] if heads and -len(heads) <= what < len(heads) else None
    else:
        stems = {_stem(w) for w in what}
        hits = [i for i in heads if stems & {_stem(w) for w in _words(outline[i].text)}]
        h = hits[0] if hits else None
    if h is None:
        return []
    end = next((i for i in heads if i > h), len(outline))
    return [i for i in body if h < i < end]


def _next_to(which: tuple, outline: list[OutlineParagraph], heads: list[int], body: list[int],
             items: list[int], side: str = "after") -> int | None:
    """The body paragraph right after (``side="before"``: right before) what ``which`` names
    (``Reference.next_to``): a heading by its position among the headings or by its words
    (quoted or not; when no heading has the words, the paragraph that has them is the anchor:
    "the line below the one about X"), the first list (``items``, :func:`_first_list`), or the
    closing or greeting paragraph."""
    kind, what = which
    if kind == "position":
        h = heads[what] if heads and -len(heads) <= what < len(heads) else None
    elif kind == "list":
        h = (items[0] if side == "before" else items[-1]) if items else None
    elif kind == "role":
        h = _role_paragraph(what, outline, body)
    else:
        stems = {_stem(w) for w in what}

        def overlap(i: int) -> int:
            text = outline[i].text
            return sum(3 for q in what if q in text) + len(stems & {_stem(w) for w in _words(text)})

        pool = [i for i in heads if overlap(i)] or [i for i, p in enumerate(outline) if not p.in_table and overlap(i)]
        h = max(pool, key=lambda i: (overlap(i), -i)) if pool else None
    if h is None:
        return None
    if side == "before":
        return next((j for j in reversed(body) if j < h), None)
    return next((j for j in body if j > h), None)


def _first_list(outline: list[OutlineParagraph], body: list[int]) -> list[int]:
    """The first list's items: consecutive list paragraphs from the first one."""
    items = [i for i in body if outline[i].list_type]
    first = items[:1]
    for j in items[1:]:
        if j != first[-1] + 1:
            break
        first.append(j)
    return first


def _role_paragraph(role: str, outline: list[OutlineParagraph], body: list[int]) -> int | None:
    """The greeting (the first paragraph that opens like one) or the closing (the last that
    closes like one; else the last body paragraph, as a memo's closing paragraph is), read by
    their words: an earlier step may have restyled them."""
    pat, order = (_GREETING, range(len(outline))) if role == "greeting" else (_CLOSING, range(len(outline) - 1, -1, -1))
    found = next((i for i in order if not outline[i].in_table and pat.match(outline[i].text.strip())), None)
    if found is None and role == "closing" and body:
        found = body[-1]
    return found


def _named_word_in(ref: Reference, text: str) -> list[str]:
    """The words the request names that occur in ``text`` (quoted ones first)."""
    out = []
    for q in ref.quoted + ref.named_words + ref.verbatim:
        if re.search(r"(?<![A-Za-z0-9])" + re.escape(q) + r"(?![A-Za-z0-9])", text) and q not in out:
            out.append(q)
    return out


def resolve_targets(request: str, outline: list[OutlineParagraph], k: int = 4,
                    previous: list[str] | None = None) -> list[Target]:
    """The ``k`` best target options for ``request`` on this document, best first.

    Paragraphs are scored by everything the request says (quotes, named words,
    ordinals, roles, "about ..." nouns, shared content words). From each of the best
    paragraphs come its options: the word the request names (or its first/last word
    when it asks for one), the paragraph's anchor and, for character formatting, its
    whole text; a table row offers the request's words found in it. ``previous``: texts
    earlier steps selected, kept on offer. An option's score
    is its paragraph's plus a bonus when its kind is what the request asks for (a
    word, or a paragraph). An empty list: the request names no text of this document
    (a page setting, a table to insert)."""
    if not outline:
        return []
    return _resolve(_read(request, outline), outline, k, previous)


#: "it", "them": a clause that says one of these points back at a target another clause named.
_BACK_REFERENCE = re.compile(r"\b(?:it|them)\b", re.I)


def _read(request: str, outline: list[OutlineParagraph], clause: bool = False) -> Reference:
    """:func:`parse_reference`, with the words it names bare (:func:`bare_words`) as named words.
    ``clause``: ``request`` is one clause of a longer request; one that points back with "it"
    ("Underline the word Tuesday; it should also be dark red") names no bare word and no "with"
    noun ("mark it with yellow highlighter"): its target is the one the other clause named, and
    its own words ("should", "yellow") are not a reference."""
    ref = parse_reference(request)
    if clause and _BACK_REFERENCE.search(request):
        ref.about = []
        return ref
    if bare := bare_words(ref, outline):
        ref.named_words, ref.word_intent = bare, True
    return ref


def _resolve(ref: Reference, outline: list[OutlineParagraph], k: int, previous: list[str] | None) -> list[Target]:
    """The options for a request already read (:func:`resolve_targets`)."""
    scores = _paragraph_scores(ref, outline)
    best: dict[str, Target] = {}

    def offer(text: str | None, i: int, kind: str, s: float) -> None:
        if text and text.strip() and (text not in best or best[text].score < s):
            best[text] = Target(text, i, kind, s)

    for i, s in scores.items():
        p = outline[i]
        text = " ".join(p.text.split()) if not p.in_table else p.text
        toks = re.findall(r"[A-Za-z]+", text)
        word_bonus = 3.0 if ref.word_intent else 0.0
        para_bonus = 3.0 if ref.wants_paragraph else 0.0
        if ref.word_pos and toks:
            offer(toks[0] if ref.word_pos == "first" else toks[-1], i, "word", s + word_bonus + 1.0)
        for w in _named_word_in(ref, text):
            offer(w, i, "word", s + word_bonus)
        if p.in_table:  # a row is no paragraph to select: only the words the request names in it
            continue
        para = anchor(outline, i)
        whole = text.strip() if text.strip() and outline_count(outline, text.strip()) == 1 else None
        first, second = (whole, para) if ref.char_format else (para, whole)
        offer(first, i, "paragraph", s + para_bonus + 0.2)
        if second != first:
            offer(second, i, "paragraph", s + para_bonus)
    ranked = sorted(best.values(), key=lambda t: (-t.score, t.index, len(t.text)))
    # Options far behind the best are noise that costs prompt tokens and invites a wrong pick.
    floor = max(1.0, ranked[0].score / 2) if ranked else 1.0
    return _keep_previous([t for t in ranked if t.score >= floor][:k], outline, previous, k)


def _keep_previous(ranked: list[Target], outline: list[OutlineParagraph], previous: list[str] | None,
                   k: int) -> list[Target]:
    """What an earlier step selected stays on offer ("... and centre it": "it" is that text), even
    when that step's own change moved it out of the counting (a paragraph made a heading)."""
    full = "\n".join(p.text for p in outline)
    for text in reversed(previous or []):
        if text in full and all(t.text != text for t in ranked):
            i = next((j for j, p in enumerate(outline) if text in p.text), 0)
            ranked = ranked[: k - 1] + [Target(text, i, "previous", 0.0)]
    return ranked


def _names_target(ref: Reference) -> bool:
    """Whether a clause names a target of its own ("centre it" names none)."""
    return bool(ref.quoted or ref.named_words or ref.about or ref.ordinal or ref.role or ref.word_pos
                or ref.next_to)


#: Words about the application, not the document ("Open the edit concordance file dialog").
_UI_WORDS = frozenset("dialog dialogs menu menus toolbar button buttons window sidebar panel option options "
                      "field fields click select choose open close insert format tools table tables".split())
#: Words of five letters or more that carry the sentence, not its subject: never a bare target
#: ("it should also be dark red" names no word "should").
_FUNCTION_WORDS = frozenset("should would could might shall must needs needed wants wanted ought there their "
                            "these those which where while after before again other every being having "
                            "really rather still though through thanks kindly".split())


def bare_words(ref: Reference, outline: list[OutlineParagraph]) -> list[str]:
    """Words a request names bare, neither quoted nor "the word X" ("Italicise phenolphthalein"):
    when it names its target no other way, its content words of 5+ letters that occur, as
    whole words, in exactly one paragraph of the document, as the document writes them.

    Why: people do not quote the word they mean; read without this, "Italicise
    phenolphthalein and start the Result section on a fresh page" offered only "Result" (a
    capitalised word, which counts as written verbatim). A word in one paragraph only is
    rare enough in the document to be meant; a request with any other reference keeps it."""
    if _names_target(ref) or ref.verbatim:
        return []
    out = []
    for w in ref.content:
        if (len(w) < 5 or w.lower() in _STOP or w.lower() in _UI_WORDS or w.lower() in _FUNCTION_WORDS
                or _CHAR_FORMAT.match(w.lower())):
            continue
        pat = re.compile(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", re.I)
        holders = [p.text for p in outline if not p.in_table and pat.search(p.text)]
        if len(holders) == 1:
            found = pat.search(holders[0]).group(0)
            if found not in out:
                out.append(found)
    return out


def resolve_clause_targets(request: str, outline: list[OutlineParagraph], k: int = 4,
                           previous: list[str] | None = None) -> list[Target]:
    """:func:`resolve_targets`, clause by clause when the request makes edits on several
    targets ("Bold \"pavilion\", then centre the last paragraph").

    Why: read as one, such a request's strongest reference crowds out the other (a positional
    paragraph scores 13, the quoted word 6, under the floor of half the best), so the target
    the second edit needs was never on offer. Each clause that names a target of its own is
    resolved alone; the options are the clauses' best ones in turn, and a clause whose
    options an earlier step already selected goes last, so the first option is the next edit's
    target (the decoder's target hint). A request with fewer than two such clauses ("Make the
    title bold and centre it") is read whole, exactly as :func:`resolve_targets` reads it."""
    if not outline:
        return []
    refs = [ref for ref in (_read(c, outline, clause=True) for c in split_clauses(request)) if _names_target(ref)]
    if len(refs) < 2:
        return resolve_targets(request, outline, k, previous)
    done = set(previous or [])
    lists = [_resolve(ref, outline, k, None) for ref in refs]
    lists.sort(key=lambda options: any(t.text in done for t in options))  # stable: request order otherwise
    ranked: list[Target] = []
    for depth in range(k):
        for options in lists:
            if depth < len(options) and all(t.text != options[depth].text for t in ranked):
                ranked.append(options[depth])
    return _keep_previous(ranked[:k], outline, previous, k)


def outline_count(outline: list[OutlineParagraph], text: str) -> int:
    """How often ``text`` occurs in the document's text."""
    return "\n".join(p.text for p in outline).count(text)


def render_targets(targets: list[Target], outline: list[OutlineParagraph], chars: int = 40) -> str:
    """``"survey" (word, line 4)`` lines, numbered as the outline numbers its lines; a long
    text is shown cut (``"Chen presented the results…``): the answer writes it whole, but
    constrained decoding completes it once its first tokens have chosen it."""
    if not targets:
        return "(none)"
    numbers = outline_numbers(outline)
    return "\n".join(f"{_shown(t.text, chars)} ({t.kind}, line {numbers[t.index]})" for t in targets)


def outline_numbers(outline: list[OutlineParagraph]) -> list[str]:
    """The number each outline line is shown with (``3``, or ``T1.2`` for a table row)."""
    out, n_par, table, row, prev = [], 0, 0, 0, False
    for p in outline:
        if p.in_table:
            if not prev:
                table, row = table + 1, 0
            row += 1
            out.append(f"T{table}.{row}")
        else:
            n_par += 1
            out.append(str(n_par))
        prev = p.in_table
    return out


def _shown(text: str, chars: int) -> str:
    import json

    q = json.dumps(text, ensure_ascii=False)
    return q if len(text) <= chars else q[: chars].rstrip() + "…"


__all__ = ["ORDINALS", "Reference", "Target", "anchor", "bare_words", "body_indexes", "mask_reference", "outline_numbers", "parse_reference",
           "render_targets", "resolve_clause_targets", "resolve_targets"]
