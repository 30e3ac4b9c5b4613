"""Values a request asks to type, as Writer's boxes want them: offered as options.

Why: constrained decoding lets a typed text be a key chord, a value learned from
training, or any word span of the request or document; the quickstart model then
had to *copy* "14" out of "Resize the word printer to 14 pt." and got 0 of 16 typed
values right offline. As with targets (:mod:`lamkit.agent.targets`), a few general
rules propose the values, the renderer shows them under ``Values:`` and, when there
are any, the action space lets ``set_edit_text`` / ``keyboard_input`` type only
them, a learned value or a key chord.

Rules (any request, not one family's wording):

- quoted text, as written ("Type \"See the appendix.\"");
- lengths in the unit Writer's dialogs use ("indent it 10 mm", "2.5cm" -> "1 cm", "2.5 cm");
- font sizes and other numbers ("14 pt" -> "14", "a 2x3 table" -> "2", "3");
- paragraph style names ("heading 2", "a level-two heading" -> "Heading 2"; "the Title style",
  "as the document title" -> "Title");
- names written in capitals after the first word ("DejaVu Sans", "Liberation Serif");
- the word after "find"/"search for" and after "with"/"by" in a replacement ("find local,
  replace with zulu" -> "local", "zulu");
- a terse request's text after a colon, unless it names a target ("header: Company report"
  -> "Company report"; "heading 2: the line with X" names none);
- a sign or symbol by its Unicode name ("the euro sign" -> "€", "a copyright symbol" -> "©");
- counts written as words ("two rows and four columns" -> "2", "4").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from pydantic import BaseModel

from lamkit.agent.clauses import UI_NAME

_MEASURE = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(mm|millimet(?:er|re)s?|cm|centimet(?:er|re)s?)\b", re.I)
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?:\s*(?:pt|point|points)\b)?")
_GRID = re.compile(r"\b(\d+)\s*(?:x|×|by)\s*(\d+)\b", re.I)
_LEVELS = {"one": 1, "two": 2, "three": 3, "four": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
_STYLE = re.compile(r"\bheading\s*(\d)\b(?!\.\d)|\blevel[- ](one|two|three|four|\d)\s+heading\b|"
                    r"\b(first|second|third|fourth)[- ]level\s+heading\b", re.I)
_TITLE = re.compile(r"\btitle(?:\s+paragraph)?\s+style\b|\bas\s+(?:the\s+|a\s+)?(?:document\s+)?title\b|"
                    r"\bstyle\s+(?:it\s+)?(?:as\s+)?title\b", re.I)
_QUOTED = re.compile(r'["“]([^"”]+)["”]')
_FIND = re.compile(r"\b(?:find|search for|look for)\s+(?:the\s+word\s+)?([A-Za-z][\w'-]*)", re.I)
_REPLACE = re.compile(r"\b(?:replace\w*|change\w*|swap\w*)\b.*?\b(?:with|by|to|for)\s+(?:the\s+word\s+)?([A-Za-z][\w'-]*)",
                      re.I)
_COLON = re.compile(r"^\s*[A-Za-z][\w -]{0,60}:\s*(?!(?:the|a|an|this|that|these|those|it|every|each|all)\b)"
                    r"([^\s\"“].*?)\s*[.!]?\s*$", re.I)
_SIGN = re.compile(r"\b([A-Za-z][A-Za-z ]{1,30}?)\s+(?:sign|symbol|character|mark)\b", re.I)
_ARTICLES = re.compile(r"^(?:.*\b)?(?:the|a|an)\s+", re.I)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12}
_NUMBER_WORD = re.compile(r"(?<![\w-])(" + "|".join(_WORDS) + r")(?![\w-])", re.I)
_UNITS = {"one": 1, **_WORDS, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
#: A number written in words right before a unit ("fourteen point", "twenty-five millimetres",
#: "two and a half centimetres"): written in digits first, so it is read as "14 pt" or "2.5 cm" is.
_WORD_QUANTITY = re.compile(r"(?<![\w-])(?:(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(k for k in _UNITS if _UNITS[k] < 10)
                            + r"))?|(" + "|".join(_UNITS) + r"))( and a half)?"
                            r"(?=[\s-]+(?:pt|points?|mm|millimet(?:er|re)s?|cm|centimet(?:er|re)s?)\b)", re.I)


def _digits(m: re.Match) -> str:
    if m.group(3):
        n = _UNITS[m.group(3).lower()]
    else:
        n = _TENS[m.group(1).lower()] + (_UNITS[m.group(2).lower()] if m.group(2) else 0)
    return _num(n + (0.5 if m.group(4) else 0))


def quantities_in_digits(request: str) -> str:
    """``request`` with each number written in words before a unit written in digits."""
    return _WORD_QUANTITY.sub(_digits, request)


_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)+)")


def _num(x: float) -> str:
    return f"{x:g}"


def measure_values(request: str) -> list[str]:
    """Each length in the request as Writer's dialogs write it ("10 mm" and "1cm" -> "1 cm")."""
    out: list[str] = []
    for m in _MEASURE.finditer(request):
        v = float(m.group(1).replace(",", "."))
        cm = v / 10 if m.group(2).lower().startswith("m") else v
        out.append(f"{_num(cm)} cm")
    return list(dict.fromkeys(out))


def request_value_kinds(request: str) -> list[tuple[str, str]]:
    """(value, kind) for each value the request asks to type, in the order the rules above
    find them, each value once (under the first rule that finds it). The kind names the rule
    ("quoted", "measure", "style", "grid", "number", "count", "find", "replace", "name",
    "colon", "sign"): an exemplar's typed value is recalled by its kind and rank
    (:func:`value_ref`), so that it points at the same kind of value of another request."""
    out: list[tuple[str, str]] = []
    quoted = [q.strip() for q in _QUOTED.findall(request) if q.strip()]
    out += [(q, "quoted") for q in quoted]
    unq = quantities_in_digits(UI_NAME.sub(" ", _QUOTED.sub(" ", request)))
    out += [(m, "measure") for m in measure_values(unq)]
    rest = _MEASURE.sub(" ", unq)
    for m in _STYLE.finditer(rest):
        level = m.group(1) or m.group(2) or m.group(3)
        out.append((f"Heading {_LEVELS.get(level.lower(), level)}", "style"))
    if _TITLE.search(rest):
        out.append(("Title", "style"))
    rest = _STYLE.sub(" ", rest)
    for m in _GRID.finditer(rest):
        out += [(m.group(1), "grid"), (m.group(2), "grid")]
    rest = _GRID.sub(" ", rest)
    out += [(m.group(1).replace(",", "."), "number") for m in _NUMBER.finditer(rest)]
    out += [(str(_WORDS[m.group(1).lower()]), "count") for m in _NUMBER_WORD.finditer(rest)]
    out += [(m.group(1), "find") for m in _FIND.finditer(unq)]
    out += [(m.group(1), "replace") for m in _REPLACE.finditer(unq)]
    out += [(m.group(1), "name") for m in _NAME.finditer(unq) if not m.group(1).startswith(("Heading", "Title"))]
    if m := _colon_value(request):
        out.append((m.group(1), "colon"))
    out += [(c, "sign") for m in _SIGN.finditer(unq) if (c := named_character(m.group(1)))]
    seen: set[str] = set()
    kept = []
    for v, kind in out:
        if v and v not in seen:
            seen.add(v)
            kept.append((v, kind))
    return kept


def mask_typed_text(request: str) -> str:
    """``request`` with the text a terse request asks to type after its colon replaced by "it"
    ("header: Draft version" -> "header: it"), as quoted text is masked for retrieval
    (:func:`lamkit.agent.targets.mask_reference`). Why: matched with its words, "header: Draft
    version" found "The paragraph that mentions the version should use the Heading 1 style"."""
    if not (m := _colon_value(request)):
        return request
    return request[:m.start(1)] + "it" + request[m.end(1):]


#: A colon's lead that names a part of the document ("The paragraph on membership fees: ...",
#: "The sentence with the prices: ..."): what follows is the instruction about it, not text to type.
_PART_LEAD = re.compile(r"^\s*(?:the|this|that)\b[^:]*\b(?:paragraph|sentence|line|heading|title|step|item|word)s?\b[^:]*:",
                        re.I)


def _colon_value(request: str) -> re.Match | None:
    """The colon rule's match (group 1: the text to type), for a request that quotes nothing:
    one reading for the value (:func:`request_value_kinds`) and its mask (:func:`mask_typed_text`).
    None when the lead names the part the request is about (:data:`_PART_LEAD`): "header: Draft
    version" types its colon text, "The paragraph on membership fees: justify it" does not."""
    if any(q.strip() for q in _QUOTED.findall(request)) or _PART_LEAD.match(request):
        return None
    return _COLON.match(request)


def request_values(request: str) -> list[str]:
    """The values the request asks to type, in the order the rules above find them."""
    return [v for v, _kind in request_value_kinds(request)]


class ValueRef(BaseModel):
    """What a recorded step typed, said so that another request can be asked for its own
    version of it: a key chord as it is (``kind`` "chord"), the ``rank``-th value of ``kind``
    of the step's request, or a ``text`` that came from no rule (``kind`` "literal")."""

    kind: str
    rank: int = 0
    text: str = ""


def value_ref(typed: str, request: str, chords: Collection[str]) -> ValueRef:
    """How ``typed`` (a step's text or keys) relates to its task's ``request``. Text typed
    after a sentence starts with a space (" See the appendix."): it is matched without it."""
    if typed in chords:
        return ValueRef(kind="chord", text=typed)
    found = request_value_kinds(request)
    for i, (v, kind) in enumerate(found):
        if v == typed.strip():
            rank = sum(1 for _w, k in found[:i] if k == kind)
            return ValueRef(kind=kind, rank=rank, text=typed)
    return ValueRef(kind="literal", text=typed)


#: Value kinds that are plain numbers with words of their own, however written ("4 columns",
#: "four columns"): one kind for recall. Not a grid's ("4x2", "4 by 2"): which of its numbers
#: is the rows is a convention, not a word, so a grid answers only a grid, by rank; merged, an
#: exemplar's "4 by 2" put 4 into Columns for "table 4x2", whose "x" read as the 4's word
#: (quickstart seed 2, stop 29).
_NUMERIC = frozenset({"number", "count"})


def _family(kind: str) -> str:
    return "numeric" if kind in _NUMERIC else kind


def recall_value(ref: ValueRef, request: str, allowed: Collection[str], source: str | None = None) -> str | None:
    """``ref`` said of ``request``: the chord or literal itself, or the request's value of the
    same kind. Which one: the value whose surrounding words are the words around ``ref``'s
    value in ``source`` (the exemplar's request, :func:`value_cue`), when exactly one value
    shares most of them; else the same rank (its first one of that kind when it has fewer).
    Numbers in digits or words count as one kind (:data:`_NUMERIC`). None when the request has no
    such value or the answer may not type it (``allowed``, when given).

    Why the words around it: a rank says nothing across wordings. "Add the comment \"X\" to
    \"Y\"" types its first quotation, "annotate \"board\" with the comment \"Check this\""
    must type its second, and "4 columns and 5 rows" against "five rows and four columns" the
    same; the standard-cpu model typed the target word into a comment and 5 into Columns so
    (stop 29, its test episodes: said in README)."""
    if ref.kind in ("chord", "literal"):
        out = ref.text
    else:
        found = request_value_kinds(request)
        pool = [(v, k) for v, k in found if _family(k) == _family(ref.kind)]
        if not pool:
            return None
        out = _by_cue(ref, pool, request, source) if source else None
        if out is None:
            same = [v for v, k in pool if k == ref.kind] or [v for v, _k in pool]
            out = same[ref.rank] if ref.rank < len(same) else same[0]
        if ref.text.startswith(" ") and not out.startswith(" "):
            out = " " + out  # typed after a sentence, as the exemplar did
    return out if not allowed or out in allowed else None


_STOP = frozenset("a an the of to in on at by for with and or it its this that these those is be as into from "
                  "please could you would like i i'd me my then also".split())
#: A request as tokens: a quotation, a number in digits, a word. The words around a value stop
#: at the next quotation or number, which has words of its own.
_TOKEN = re.compile(r'["“][^"”]*["”]|\d+(?:[.,]\d+)?|[A-Za-z][A-Za-z\'-]*')
#: Words that end the words around a value: past them they are another value's or another edit's.
_JOINS = frozenset("and or then also plus".split())
_DIGIT_OF = {str(n): w for w, n in {"one": 1, **_WORDS}.items()}


def _stem(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _is_value(token: str) -> bool:
    return token[0] in "\"“" or token[0].isdigit() or token.lower() in _DIGIT_OF.values()


def _near(tokens: list[str], weights: tuple[float, ...]) -> dict[str, float]:
    """Content words of ``tokens`` (nearest first) up to the first other value or joining word
    ("4 columns and 5 rows": "columns" is not a word of the 5), weighted in turn."""
    kept = []
    for t in tokens:
        if _is_value(t) or t.lower() in _JOINS:
            break
        if t.lower() not in _STOP:
            kept.append(_stem(t))
    out: dict[str, float] = {}
    for w, weight in zip(kept, weights):
        out[w] = max(out.get(w, 0.0), weight)
    return out


def value_cue(request: str, value: str, kind: str) -> dict[str, float]:
    """The words that say what ``value`` is for in ``request``, each weighted by nearness, never
    reaching past another quotation or number or an "and": for a quotation, the content words
    before it ("the comment \"X\"" -> comment); for a number, the word after it first, then those
    before ("4 columns" -> column). Empty when the value is not written where it can be found (a "4x2"
    grid, a length rewritten in centimetres)."""
    tokens = _TOKEN.findall(request)
    if kind == "quoted":
        at = next((i for i, t in enumerate(tokens) if t[0] in "\"“" and t[1:-1].strip() == value), None)
        return {} if at is None else _near(tokens[:at][::-1], (1.0, 0.5, 1 / 3))
    if kind in _NUMERIC:
        forms = {value.lower(), _DIGIT_OF.get(value, value).lower()}
        at = next((i for i, t in enumerate(tokens) if t.lower() in forms), None)
        if at is None:
            return {}
        return {**_near(tokens[:at][::-1], (0.5, 0.25)), **_near(tokens[at + 1:], (1.0, 0.5))}
    return {}


def _by_cue(ref: ValueRef, pool: list[tuple[str, str]], request: str, source: str) -> str | None:
    """The value of ``pool`` whose cue shares most with ``ref``'s cue in ``source``; None when
    no value or more than one shares the most (then the rank decides)."""
    cue = value_cue(source, ref.text.strip(), ref.kind)
    if not cue:
        return None
    scored = [(sum(w * cue[c] for c, w in value_cue(request, v, k).items() if c in cue), v) for v, k in pool]
    best = max(s for s, _v in scored)
    winners = [v for s, v in scored if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def named_character(words: str) -> str | None:
    """The character Unicode names after ``words`` ("euro" -> "€", "trade mark" -> "™"),
    trying "<words> sign", "<words> symbol" and "<words>", with the articles before them cut."""
    name = _ARTICLES.sub("", words.strip()).upper()
    for cand in (f"{name} SIGN", f"{name} SYMBOL", name, f"{name.replace(' ', '')} SIGN"):
        try:
            return unicodedata.lookup(cand)
        except KeyError:
            continue
    return None


def typeable(values: list[str], request: str) -> list[str]:
    """What a typing answer may type when ``values`` is not empty: the values, and each quoted
    one also after a space (text typed after a sentence starts with one)."""
    quoted = {q.strip() for q in _QUOTED.findall(request)}
    return list(dict.fromkeys([*values, *(" " + v for v in values if v in quoted)]))


__all__ = ["ValueRef", "mask_typed_text", "measure_values", "named_character", "recall_value",
           "request_value_kinds", "request_values", "typeable", "value_cue", "value_ref"]
