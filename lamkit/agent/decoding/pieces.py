"""The three kinds of answer piece, each decoded so that only allowed text can come out.

An answer is cut into *pieces* at its spaces (``{"function":`` | `` "click_input",`` |
`` "args":`` | …). Both tokenizers we ship (and GPT-2-style ones generally) never
merge a token across "non-space | space", so the canonical tokens of the answer
are the concatenation of its pieces' tokens, and each piece can be tokenized on
its own, the way the model saw it in training:

- :meth:`Writer.force`: fixed text, queued without a forward pass.
- :meth:`Writer.choose`: one of a closed list (function, control, status, button,
  a key, …): a trie over the options' canonical tokens; the model is consulted
  only where options branch, and the rest of the chosen option is forced.
- :meth:`Writer.string`: a JSON string whose content is either a word-boundary
  span of given texts (:class:`Spans`) or free text (:class:`Free`), then one of
  several tails. Token by token; a token is allowed only if its bytes keep the
  piece inside the allowed texts, so a token may cross the opening or closing
  quote exactly as canonical tokens do (`` "Sales``, ``five"},``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from lamkit.agent.decoding.vocab import TokenVocab, content_ok


class DecodingBug(RuntimeError):
    """The constraint machinery reached a state it should not (never a model's fault)."""


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def escape(s: str) -> str:
    """``s`` as it stands inside a JSON string (json.dumps without the quotes, non-ASCII kept)."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


@dataclass
class Source:
    """A text (escaped, as bytes) with the byte offsets where an allowed span may start and end."""

    data: bytes
    starts: list[int]
    ends: frozenset[int]

    @cached_property
    def last_end(self) -> int:
        """Past this offset no span can end: a match that goes beyond it is a dead end."""
        return max(self.ends)


def word_source(text: str) -> Source | None:
    """Spans that start at the start of a word and end at the end of one (both alphanumeric),
    which :func:`lamkit.agent.action_space.is_word_span` accepts."""
    offs, out = [], []
    n = 0
    for c in text:
        offs.append(n)
        e = escape(c).encode("utf-8")
        out.append(e)
        n += len(e)
    offs.append(n)
    starts = [offs[i] for i, c in enumerate(text) if c.isalnum() and (i == 0 or not _is_word(text[i - 1]))]
    ends = frozenset(offs[j] for j in range(1, len(text) + 1)
                     if text[j - 1].isalnum() and (j == len(text) or not _is_word(text[j])))
    if not starts or not ends:
        return None
    return Source(b"".join(out), starts, ends)


def whole_source(text: str) -> Source | None:
    """``text`` allowed only whole (a key chord such as ``{ENTER}``)."""
    if not text:
        return None
    b = escape(text).encode("utf-8")
    return Source(b, [0], frozenset([len(b)]))


@dataclass
class Spans:
    """String content: one allowed span of one of ``sources``."""

    sources: list[Source]


@dataclass
class Free:
    """String content: free text of at most ``max_tokens`` tokens (plus the closing one)."""

    max_tokens: int


@dataclass
class Writer:
    """Decodes pieces into one answer; ``text`` is the answer so far."""

    session: object
    vocab: TokenVocab
    temperature: float = 0.0
    generator: object = None
    parts: list[str] = field(default_factory=list)
    choices: int = 0  # decisions the model made (tokens picked among several)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    # -- picking a token -------------------------------------------------
    def _pick(self, ids: list[int] | None = None, mask=None, bias: list[float] | None = None) -> int:
        """The model's choice among allowed tokens (a list, or a boolean mask); ``bias``
        (with ``ids``) adds a prior in nats to each token's log-probability among them."""
        import torch

        logits = self.session.logits()
        self.choices += 1
        if ids is not None:
            idx = torch.tensor(ids, dtype=torch.long, device=logits.device)
            sub = logits.index_select(0, idx)
            if bias is not None and any(bias):
                sub = torch.log_softmax(sub.float(), dim=0) + torch.tensor(bias, device=sub.device)
        else:
            m = mask.to(logits.device)
            if m.shape[0] < logits.shape[0]:  # the model's vocabulary may be padded beyond the tokenizer's
                m = torch.cat([m, torch.zeros(logits.shape[0] - m.shape[0], dtype=torch.bool, device=m.device)])
            idx = m.nonzero().squeeze(1)
            sub = logits.index_select(0, idx)
        if self.temperature > 0:
            p = torch.softmax(sub / self.temperature, dim=0)
            j = int(torch.multinomial(p, 1, generator=self.generator).item())
        else:
            j = int(torch.argmax(sub).item())
        return int(idx[j].item())

    # -- pieces ------------------------------------------------------------
    def force(self, text: str) -> None:
        """Fixed text: queued, no forward pass."""
        if text:
            self.session.push(self.vocab.encode(text))
            self.parts.append(text)

    def choose(self, options: list[str], prior: list[float] | None = None) -> int:
        """One of ``options`` (none a prefix of another), walked as a trie over their tokens;
        ``prior`` (nats per option) biases each branching toward the options it favours."""
        if not options:
            raise DecodingBug("a choice among no options")
        seqs = self.vocab.encode_many(options)
        alive = list(range(len(options)))
        d = 0
        while len(alive) > 1:
            if any(len(seqs[i]) <= d for i in alive):
                raise DecodingBug(f"option {options[min(alive, key=lambda i: len(seqs[i]))]!r} is a prefix of another")
            nxt = sorted({seqs[i][d] for i in alive})
            bias = None if prior is None else [max(prior[i] for i in alive if seqs[i][d] == t) for t in nxt]
            t = nxt[0] if len(nxt) == 1 else self._pick(nxt, bias=bias)
            self.session.push([t])
            alive = [i for i in alive if seqs[i][d] == t]
            d += 1
        i = alive[0]
        self.session.push(seqs[i][d:])
        self.parts.append(options[i])
        return i

    def _canonical_ends(self, want: bytes, tails: list[str]) -> frozenset[int]:
        """Byte offsets where the canonical tokens of ``want`` followed by each tail end (the
        closing quote may merge with a tail, so each tail's spelling counts)."""
        ends: set[int] = set()
        for ids in self.vocab.encode_many([want.decode("utf-8") + t for t in tails]):
            n = 0
            for t in ids:
                n += len(self.vocab.bytes[t])
                ends.add(n)
        return frozenset(ends)

    def string(self, opening: str, content: Spans | Free, tails: list[str], literals: list[str] = (),
               hint: str | None = None, weight: float = 0.0) -> tuple[str, int]:
        """``opening`` + content + ``"`` + one of ``tails``, or one of ``literals`` whole
        (an alternative such as `` []}``). Returns ("tail", i) or ("literal", i).
        ``hint``: content to favour by ``weight`` nats at each span token that keeps to it (as
        :meth:`choose`'s prior does for a closed list); free text takes no hint."""
        piece = _StringPiece(self.vocab, opening.encode(), content, [b'"' + t.encode() for t in tails],
                             [lit.encode() for lit in literals])
        hyps = piece.start()
        out = bytearray()
        want = (opening + escape(hint) + '"').encode("utf-8") if hint is not None and weight else None
        path = self._canonical_ends(want, tails) if want is not None else frozenset()
        while True:
            done = piece.finished(hyps)
            if done is not None:
                self.parts.append(out.decode("utf-8"))
                return done
            rest = piece.only_literals(hyps)
            if rest is not None:  # the content is over: what is left is a closed choice
                i = self.choose([r.decode("utf-8") for r in rest]) if len(rest) > 1 else None
                if i is None:
                    self.session.push(self.vocab.greedy(rest[0]) if rest[0] else [])
                    out += rest[0]
                    i = 0
                else:
                    out += rest[i]
                    self.parts.pop()  # choose() appended the option; it is part of this piece
                hyps = piece.advance(hyps, rest[i])
                continue
            ids, mask = piece.allowed(hyps)
            if mask is None and not ids:
                raise DecodingBug(f"no token continues {bytes(out)[-40:]!r}")
            bias = None
            if want is not None and mask is None:
                bias = [weight if _hinted(bytes(out), self.vocab.bytes[t], want, path) else 0.0 for t in ids]
            t = self._pick(ids=ids if mask is None else None, mask=mask, bias=bias)
            b = self.vocab.bytes[t]
            self.session.push([t])
            out += b
            hyps = piece.advance(hyps, b)
            if not hyps:
                raise DecodingBug(f"token {b!r} was allowed but leads nowhere")


def _keeps_to(text: bytes, want: bytes) -> bool:
    """``text`` is on the way to ``want`` (a prefix of it), or has written it and gone on into a tail."""
    return want.startswith(text) or text.startswith(want)


def _hinted(out: bytes, token: bytes, want: bytes, path: frozenset[int]) -> bool:
    """Whether ``token``, written after ``out``, earns the hint's weight: it keeps to ``want`` and,
    while ``out`` is on the hint's canonical tokens (``path``: the byte offsets where they end),
    is the canonical next one. Why: the hint ``{F12}`` is written `` "{`` ``F`` ``12`` in
    training; weighing every token that keeps to it also weighed `` "``, the token that opens a
    typed word, and after it ``{`` alone is a split the model never saw (log-probability below
    -8 on a recorded step): it typed "books" where the hint said F12. Off the canonical path
    (a model that chose a non-canonical token anyway) any token that keeps to ``want`` counts."""
    if not _keeps_to(out + token, want):
        return False
    if len(out) and len(out) not in path:
        return True
    return len(out) + len(token) in path or len(out) + len(token) > len(want)


# Hypotheses about where the piece is: ("open", k): k bytes of the opening read;
# ("span", source index, offset); ("free", tokens of content); ("tail", i, j) and
# ("lit", i, j): j bytes of tail / literal i read.


class _StringPiece:
    def __init__(self, vocab: TokenVocab, opening: bytes, content, tails: list[bytes], literals: list[bytes]):
        self.v = vocab
        self.opening = opening
        self.content = content
        self.tails = tails
        self.literals = literals
        self.free = isinstance(content, Free)
        self._closer_ids: list[int] | None = None

    def start(self) -> frozenset:
        h = {("lit", i, 0) for i in range(len(self.literals))}
        h.add(("open", 0))
        return frozenset(h)

    def _content_start(self) -> set:
        if self.free:
            return {("free", 0)}
        return {("span", si, s) for si, src in enumerate(self.content.sources) for s in src.starts}

    # -- bookkeeping ---------------------------------------------------------
    def finished(self, hyps):
        for h in hyps:
            if h[0] == "tail" and h[2] == len(self.tails[h[1]]):
                return ("tail", h[1])
            if h[0] == "lit" and h[2] == len(self.literals[h[1]]):
                return ("literal", h[1])
        return None

    def only_literals(self, hyps) -> list[bytes] | None:
        """When every hypothesis is a tail or literal: their remaining bytes."""
        if any(h[0] not in ("tail", "lit") for h in hyps):
            return None
        return [(self.tails if h[0] == "tail" else self.literals)[h[1]][h[2]:] for h in sorted(hyps)]

    # -- advancing by a token's bytes --------------------------------------
    def advance(self, hyps, b: bytes) -> frozenset:
        out = set()
        for h in hyps:
            out |= self._advance(h, b)
        return frozenset(out)

    def _advance(self, h, b: bytes) -> set:
        kind = h[0]
        if kind in ("tail", "lit"):
            full = (self.tails if kind == "tail" else self.literals)[h[1]]
            return {(kind, h[1], h[2] + len(b))} if full.startswith(b, h[2]) else set()
        if kind == "open":
            rest = self.opening[h[1]:]
            if len(b) < len(rest):
                return {("open", h[1] + len(b))} if rest.startswith(b) else set()
            if not b.startswith(rest):
                return set()
            out = set()
            for c in self._content_start():
                out |= self._advance(c, b[len(rest):]) if len(b) > len(rest) else {c}
            return out
        if kind == "free":
            q = b.find(b'"')
            pre = b if q < 0 else b[:q]
            if pre and not content_ok(pre):
                return set()
            if q < 0:
                return {("free", h[1] + 1)} if pre else set()
            return self._into_tails(b[q:])
        # span
        src = self.content.sources[h[1]]
        pos = h[2]
        for i, x in enumerate(b):
            if x == 0x22 and pos in src.ends:  # an unescaped quote closes the string
                return self._into_tails(b[i:])
            if pos >= src.last_end or src.data[pos] != x:
                return set()
            pos += 1
        return {("span", h[1], pos)}

    def _into_tails(self, b: bytes) -> set:
        return {("tail", i, len(b)) for i, t in enumerate(self.tails) if t.startswith(b)}

    # -- the allowed next tokens -----------------------------------------------
    def allowed(self, hyps):
        """(ids, None), or (None, mask) when free text is possible (most of the vocabulary)."""
        ids: set[int] = set()
        mask = None
        for h in hyps:
            if h[0] == "free":
                mask = self._free_mask(h[1]) if mask is None else mask | self._free_mask(h[1])
            elif h[0] == "open" and self.free:
                ids |= self._free_openers(h[1])
            else:
                for s in self._strings(h):
                    t = self.v.by_bytes.get(s)
                    if t is not None:
                        ids.add(t)
        if mask is None:
            return sorted(ids), None
        if ids:
            mask = mask.clone()
            mask[list(ids)] = True
        return None, mask

    def _free_mask(self, n_tokens: int):
        import torch

        closers = self._closers()
        if n_tokens >= self.content.max_tokens:
            m = torch.zeros(self.v.size, dtype=torch.bool)
        else:
            m = self.v.content_mask.clone()
        if closers:
            m[closers] = True
        return m

    def _closers(self) -> list[int]:
        """Tokens that end free content: content bytes, the quote, then the start of a tail."""
        if self._closer_ids is None:
            self._closer_ids = [i for i, _pre, post in self.v.closers
                                if any(t[1:].startswith(post) for t in self.tails)]
        return self._closer_ids

    def _free_openers(self, k: int) -> set[int]:
        """Tokens from opening byte k: part of the opening, or all of it and then free content."""
        rest = self.opening[k:]
        ids = {t for j in range(1, len(rest)) if (t := self.v.by_bytes.get(rest[:j])) is not None}
        for t in self.v.prefixed(rest):
            if self._advance(("open", k), self.v.bytes[t]):
                ids.add(t)
        return ids

    def _strings(self, h, budget: int | None = None):
        """Every byte string (up to ``budget`` bytes, the longest token by default) that can
        come next from hypothesis ``h`` and that some token starts with."""
        L = self.v.max_len if budget is None else budget
        known = self.v.prefixes
        kind = h[0]
        if kind in ("tail", "lit"):
            rest = (self.tails if kind == "tail" else self.literals)[h[1]][h[2]:]
            return _walk(rest, L, known)
        if kind == "open":
            rest = self.opening[h[1]:]
            out = _walk(rest, L, known)
            if len(rest) < L and rest in known:
                for c in self._content_start():
                    out += [rest + s for s in self._strings(c, L - len(rest)) if rest + s in known]
            return out
        src = self.content.sources[h[1]]
        pos = h[2]
        out = []
        for j in range(1, L + 1):
            end = pos + j - 1
            if end in src.ends:  # close here: the quote and a tail
                head = src.data[pos:end]
                for t in self.tails:
                    out += [head + s for s in _walk(t, L - len(head), known, head)]
            if end >= src.last_end:
                break
            s = src.data[pos:end + 1]
            if s not in known:
                break
            out.append(s)
        return out


def _walk(rest: bytes, limit: int, known: frozenset, head: bytes = b"") -> list[bytes]:
    """The prefixes of ``rest`` (after ``head``) that tokens start with, shortest first."""
    out = []
    for j in range(1, min(limit, len(rest)) + 1):
        if head + rest[:j] not in known:
            break
        out.append(rest[:j])
    return out
