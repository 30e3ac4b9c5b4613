"""Where a request joins two edits: the one clause splitter of the agent.

Why one place: the exemplar composes a two-edit request's exemplar from each clause's
match (:mod:`lamkit.agent.exemplars`) and the target reader resolves each clause's own
target (:mod:`lamkit.agent.targets`); both must agree on what a clause is.
"""

from __future__ import annotations

import re

#: Numbers as a request writes them, in digits or words: what a bare "and" before one joins.
_COUNT = r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
#: Where a request joins two edits: ", then", "; also", "and also", "and" (not inside a
#: number, "two and a half", nor before a count: "two rows and four columns" is one table),
#: "as well as", "plus", "&", a bare "then" or ";", and a sentence's end ("Bold the title.
#: Centre the last paragraph": a full stop after a word of three lower-case letters or a
#: closing quote, so "Mr. Okafor" and "1.5 cm" join nothing). Plain English connectives,
#: not a list of our phrasings.
_CLAUSE_BREAK = re.compile(r"\s*(?i:,\s*and|;\s*also|,\s*then|\band then\b|\band also\b|\bas well as\b|\bplus\b|&"
                           r"|\band(?! a half\b| a quarter\b)(?!\s+" + _COUNT + r")\b|;|\bthen\b)\s+"
                           r"|(?:(?<=[a-z]{3})|(?<=\b(?:cm|mm|pt))|(?<=[\x00)\d]))\.\s+(?=[A-Z])")
#: A name of the application's UI joined by a connective: capitalised words on both sides of
#: "and"/"&" ("Find and Replace", "Header and Footer", "Indents & Spacing"). It joins no edits
#: and names no value to type. Why: "Use Find and Replace to change "prices" into "omega"" was
#: split into "Use Find" + "Replace to change ...", so its exemplar was composed of two other
#: tasks, and "and" and "change" were read as values to type (3 of the 13 failures of the
#: standard-cpu model's online validation run, stop 28: training-split tasks, held-out phrasing).
UI_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:and|&)\s+[A-Z][a-z]+)+\b")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|' + UI_NAME.pattern)


def _pieces(request: str) -> list[str]:
    """The request cut at every connective of :data:`_CLAUSE_BREAK` outside quotations and UI names."""
    text = request.strip().rstrip(".?!")
    quotes = _QUOTED.findall(text)
    masked = _QUOTED.sub("\x00", text)
    parts, k = [], 0
    for piece in _CLAUSE_BREAK.split(masked):
        if not piece or not piece.strip():
            continue
        restored = ""
        for ch in piece:
            if ch == "\x00":
                restored += quotes[k]
                k += 1
            else:
                restored += ch
        parts.append(restored.strip())
    return parts


def split_clauses(request: str) -> list[str]:
    """The clauses of a request that joins edits ("A, then b" -> ["A", "b"]); one item
    when it has no connective, or when a piece is a single word (then "and" joins words,
    not edits). A connective inside a quotation ("Bold \\"salt and pepper\\"") or a UI name
    (:data:`UI_NAME`, "Find and Replace") joins nothing. Whether the clauses are really two
    edits is the caller's question."""
    parts = _pieces(request)
    return parts if _are_clauses(parts) else [request]


def _are_clauses(parts: list[str]) -> bool:
    """Whether the pieces are clauses of their own: more than one, none a single word."""
    return len(parts) > 1 and all(len(p.split()) >= 2 for p in parts)


#: The most words a complement joined to a clause by "and" has ("italic", "double-spaced",
#: "dark red", "in small capitals").
COMPLEMENT_WORDS = 3


def coordinated_complements(request: str) -> list[str] | None:
    """"Make the closing line bold and italic": one verb and one target with complements
    joined by "and" (the second edit's verb and target left out, as English does). Returned
    as clauses with the left-out part said again by a pronoun: ["Make the closing line bold",
    "make it italic"]; None when the request is not of that shape (one piece, a first piece
    of one word, a later piece longer than :data:`COMPLEMENT_WORDS`, or split_clauses' clauses).

    Why apart from :func:`split_clauses`: "and" between short words also joins the words of
    one target ("the words apples and pears"), so whether a piece is an edit is decided by
    the caller that can tell (the exemplar index, by how close the piece comes to an edit it
    has seen). Why: every request of this shape failed on the development probe C (stop 32):
    the whole request matched a one-edit exemplar, and the model stopped after that edit."""
    parts = _pieces(request)
    if len(parts) < 2 or len(parts[0].split()) < 2 or _are_clauses(parts):
        return None
    if not all(1 <= len(p.split()) <= COMPLEMENT_WORDS for p in parts[1:]):
        return None
    return [parts[0]] + [f"make it {p}" for p in parts[1:]]


#: What comes before the instruction and is not it: a leading subordinate clause ("Since the
#: coach times have changed, ...") or a colon's lead ("What I'm after: ...", "Snacks, Carla's
#: flat, 3 June: the paragraph with those details ..."), when three words or more follow.
_LEAD = re.compile(r"^\s*(?:(?i:since|because|as|now that|given that|seeing that|although|though|while|once)\b[^,:;]{3,}?,"
                   r"|[^:\"“]{3,}:)\s*(?=(?:\S+\s+){2,}\S)")


def main_clause(request: str) -> str | None:
    """``request`` without what leads up to its instruction (:data:`_LEAD`), or None when
    nothing does. Why: matched whole, "Since the coach times have changed, cross out the
    paragraph that gives them" was nearest to a paragraph-style task (cosine 0.40 to "Cross
    out the word cheese"; 0.96 without the lead), on development probe C."""
    m = _LEAD.match(request)
    return request[m.end():] if m and _QUOTED.sub("", request[:m.end()]) == request[:m.end()] else None


__all__ = ["COMPLEMENT_WORDS", "UI_NAME", "coordinated_complements", "main_clause", "split_clauses"]
