"""A tokenizer's vocabulary as raw bytes: what constrained decoding matches against.

Why bytes, not strings: a byte-level BPE (SmolLM2's, the tiny profile's) has
tokens that are fragments of one UTF-8 character; matched as decoded strings they
would be unusable (``\\ufffd``) and a constraint could reach a state no token can
leave. As bytes, every allowed text is reachable, because every single byte is a
token of its own.

Why the tokenizer's own encoding where possible: a trained model has seen the
*canonical* tokenization of its answers; forcing or offering other splits works
but is text the model never saw. :meth:`TokenVocab.encode` is canonical whenever
the tokenizer's output spells the text back exactly, and a greedy longest match
otherwise (e.g. a SentencePiece tokenizer that prepends a space).
"""

from __future__ import annotations

import json

#: Bytes a JSON string may not contain raw: the quote ends it, the backslash escapes, controls must be escaped.
_FORBIDDEN = frozenset(b'"\\') | frozenset(range(0x20))


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte <-> printable character table (byte-level BPE token spelling)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def _decoder_kind(tok) -> str:
    """'bytelevel', 'metaspace' (SentencePiece style with byte fallback) or 'decode'."""
    backend = getattr(tok, "backend_tokenizer", None)
    if backend is None:
        return "decode"
    try:
        dec = json.loads(backend.to_str()).get("decoder") or {}
    except (ValueError, AttributeError):
        return "decode"
    kinds = {d.get("type") for d in dec.get("decoders", [])} | {dec.get("type")}
    if "ByteLevel" in kinds:
        return "bytelevel"
    if "Metaspace" in kinds or "ByteFallback" in kinds:
        return "metaspace"
    return "decode"


def content_ok(b: bytes) -> bool:
    """``b`` may stand inside a JSON string as written: complete UTF-8, no quote,
    backslash or control byte (so free text never needs escaping)."""
    if not b or any(x in _FORBIDDEN for x in b):
        return False
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class TokenVocab:
    """Token ids <-> bytes, with the lookups constrained decoding needs."""

    def __init__(self, tokenizer):
        import torch

        self.tok = tokenizer
        n = len(tokenizer)
        kind = _decoder_kind(tokenizer)
        specials = set(tokenizer.all_special_ids)
        for i, t in getattr(tokenizer, "added_tokens_decoder", {}).items():
            if getattr(t, "special", True):
                specials.add(i)
        names = tokenizer.convert_ids_to_tokens(list(range(n)))
        table = {c: b for b, c in _bytes_to_unicode().items()}
        self.bytes: list[bytes | None] = []
        for i, s in enumerate(names):
            b = None
            if i not in specials and s:
                if kind == "bytelevel":
                    if all(c in table for c in s):
                        b = bytes(table[c] for c in s)
                elif kind == "metaspace":
                    if len(s) == 6 and s.startswith("<0x") and s.endswith(">"):
                        b = bytes([int(s[3:5], 16)])
                    else:
                        b = s.replace("\u2581", " ").encode("utf-8")
                else:
                    d = tokenizer.decode([i])
                    b = d.encode("utf-8") if d and "\ufffd" not in d else None
            self.bytes.append(b or None)
        self.by_bytes: dict[bytes, int] = {}
        for i, b in enumerate(self.bytes):
            if b is not None and b not in self.by_bytes:
                self.by_bytes[b] = i
        self.max_len = max((len(b) for b in self.by_bytes), default=1)
        self.size = n
        #: tokens that may stand anywhere inside a JSON string (free text)
        self.content_mask = torch.tensor([b is not None and content_ok(b) for b in self.bytes], dtype=torch.bool)
        #: tokens that contain a closing quote: (id, bytes before it, bytes after it); the part
        #: before is free-text content (or empty)
        self.closers: list[tuple[int, bytes, bytes]] = []
        for i, b in enumerate(self.bytes):
            q = -1 if b is None else b.find(b'"')
            if q >= 0 and (q == 0 or content_ok(b[:q])):
                self.closers.append((i, b[:q], b[q + 1:]))
        self._prefixed: dict[bytes, list[int]] = {}
        #: every prefix of every token: a walk over allowed text stops where no token goes on
        self.prefixes: frozenset[bytes] = frozenset(b[:k] for b in self.by_bytes for k in range(1, len(b) + 1))

    def encode(self, text: str) -> list[int]:
        """Token ids spelling exactly ``text``: the tokenizer's own split when it spells
        the text back, else a greedy longest match over the vocabulary."""
        want = text.encode("utf-8")
        ids = self.tok(text, add_special_tokens=False)["input_ids"]
        if self.spell(ids) == want:
            return list(ids)
        return self.greedy(want)

    def encode_many(self, texts: list[str]) -> list[list[int]]:
        """:meth:`encode` for many texts in one tokenizer call."""
        if not texts:
            return []
        batch = self.tok(texts, add_special_tokens=False)["input_ids"]
        return [list(ids) if self.spell(ids) == t.encode("utf-8") else self.greedy(t.encode("utf-8"))
                for t, ids in zip(texts, batch)]

    def spell(self, ids) -> bytes | None:
        parts = [self.bytes[i] if 0 <= i < self.size else None for i in ids]
        return None if any(p is None for p in parts) else b"".join(parts)

    def greedy(self, want: bytes) -> list[int]:
        out, i = [], 0
        while i < len(want):
            for k in range(min(self.max_len, len(want) - i), 0, -1):
                t = self.by_bytes.get(want[i:i + k])
                if t is not None:
                    out.append(t)
                    i += k
                    break
            else:  # a byte no token spells: only a vocabulary without byte fallback
                raise ValueError(f"the tokenizer has no token for byte {want[i]:#x}")
        return out

    def prefixed(self, prefix: bytes) -> list[int]:
        """Ids of the tokens whose bytes start with ``prefix`` (memoised: a few prefixes recur)."""
        got = self._prefixed.get(prefix)
        if got is None:
            got = [i for i, b in enumerate(self.bytes) if b is not None and b.startswith(prefix)]
            self._prefixed[prefix] = got
        return got


def vocab_for(tokenizer) -> TokenVocab:
    """The tokenizer's :class:`TokenVocab`, built once and kept on the tokenizer
    (building it takes ~0.3 s for a 49k vocabulary)."""
    v = getattr(tokenizer, "_lamkit_vocab", None)
    if v is None or v.size != len(tokenizer):
        v = TokenVocab(tokenizer)
        tokenizer._lamkit_vocab = v
    return v
