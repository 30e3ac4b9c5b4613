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
_COLON = re.compile(r"^\s*[A-Za-z][\w -]{0,30}:\s*(?!(?:the|a|an|this|that|these|those|it|every|each|all)\b)"
                    r"([^\s\"“].*?)\s*[.!]?\s*$", re.I)
_SIGN = re.compile(r"\b([A-Za-z][A-Za-z ]{1,30}?)\s+(?:sign|symbol|character|mark)\b", re.I)
_ARTICLES = re.compile(r"^(?:.*\b)?(?:the|a|an)\s+", re.I)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12}
_NUMBER_WORD = re.compile(r"(?<![\w-])(" + "|".join(_WORDS) + r")(?![\w-])", re.I)
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


def request_values(request: str) -> list[str]:
    """The values the request asks to type, in the order the rules above find them."""
    out: list[str] = []
    quoted = [q.strip() for q in _QUOTED.findall(request) if q.strip()]
    out += quoted
    unq = _QUOTED.sub(" ", request)
    out += measure_values(unq)
    rest = _MEASURE.sub(" ", unq)
    for m in _STYLE.finditer(rest):
        level = m.group(1) or m.group(2) or m.group(3)
        out.append(f"Heading {_LEVELS.get(level.lower(), level)}")
    if _TITLE.search(rest):
        out.append("Title")
    rest = _STYLE.sub(" ", rest)
    for m in _GRID.finditer(rest):
        out += [m.group(1), m.group(2)]
    rest = _GRID.sub(" ", rest)
    out += [m.group(1).replace(",", ".") for m in _NUMBER.finditer(rest)]
    out += [str(_WORDS[m.group(1).lower()]) for m in _NUMBER_WORD.finditer(rest)]
    out += [m.group(1) for m in _FIND.finditer(unq)]
    out += [m.group(1) for m in _REPLACE.finditer(unq)]
    out += [m.group(1) for m in _NAME.finditer(unq) if not m.group(1).startswith(("Heading", "Title"))]
    if not quoted and (m := _COLON.match(request)):
        out.append(m.group(1))
    out += [c for m in _SIGN.finditer(unq) if (c := named_character(m.group(1)))]
    return list(dict.fromkeys(v for v in out if v))


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


__all__ = ["measure_values", "named_character", "request_values", "typeable"]
