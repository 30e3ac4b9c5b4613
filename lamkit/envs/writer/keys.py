"""Key strings as agents write them, turned into xdotool key chords.

UFO's AppAgent (and so the published LAM data) writes keys in pywinauto's
``type_keys`` syntax: ``^b`` is Ctrl+B, ``+`` Shift, ``%`` Alt, ``{ENTER}``
a named key, ``{TAB 3}`` a repeat, ``(...)`` groups under one modifier. Models
also write ``ctrl+b`` or ``Ctrl+Shift+Home``. Both are accepted; anything else
is a clear error naming the part that could not be read.
"""

from __future__ import annotations

import re

_MODS = {"^": "ctrl", "+": "shift", "%": "alt", "~": None}
_NAMED = {
    "ENTER": "Return", "RETURN": "Return", "TAB": "Tab", "ESC": "Escape", "ESCAPE": "Escape",
    "SPACE": "space", "BACKSPACE": "BackSpace", "BS": "BackSpace", "BKSP": "BackSpace",
    "DELETE": "Delete", "DEL": "Delete", "INSERT": "Insert", "INS": "Insert", "HOME": "Home", "END": "End",
    "PGUP": "Prior", "PAGEUP": "Prior", "PGDN": "Next", "PAGEDOWN": "Next", "UP": "Up", "DOWN": "Down",
    "LEFT": "Left", "RIGHT": "Right", "F1": "F1", "F2": "F2", "F3": "F3", "F4": "F4", "F5": "F5", "F6": "F6",
    "F7": "F7", "F8": "F8", "F9": "F9", "F10": "F10", "F11": "F11", "F12": "F12",
    "VK_CONTROL": "ctrl", "VK_SHIFT": "shift", "VK_MENU": "alt", "VK_RETURN": "Return",
}
_SYMBOLS = {
    " ": "space", "-": "minus", "=": "equal", ",": "comma", ".": "period", "/": "slash", ";": "semicolon",
    "'": "apostrophe", "[": "bracketleft", "]": "bracketright", "\\": "backslash", "`": "grave",
    "!": "exclam", "@": "at", "#": "numbersign", "$": "dollar", "&": "ampersand", "*": "asterisk",
    "_": "underscore", ":": "colon", '"': "quotedbl", "<": "less", ">": "greater", "?": "question",
    "|": "bar", "}": "braceright", "{": "braceleft", ")": "parenright", "(": "parenleft", "^": "asciicircum",
    "%": "percent", "+": "plus", "~": "asciitilde",
}
_PLUS_STYLE = re.compile(r"^\s*([A-Za-z]+\s*\+\s*)+[A-Za-z0-9]+\s*$")
_WORD_MODS = {"ctrl": "ctrl", "control": "ctrl", "shift": "shift", "alt": "alt", "super": "super", "meta": "alt"}


class KeySyntaxError(ValueError):
    pass


def _keysym(token: str) -> str:
    up = token.upper()
    if up in _NAMED:
        return _NAMED[up]
    if len(token) == 1:
        return _SYMBOLS.get(token, token)
    raise KeySyntaxError(f"unknown key {token!r}")


def to_chords(keys: str) -> list[str]:
    """``"^b"`` -> ``["ctrl+b"]``; ``"{TAB 2}x"`` -> ``["Tab", "Tab", "x"]``; ``"Ctrl+Shift+End"`` -> ``["ctrl+shift+End"]``."""
    if not keys:
        raise KeySyntaxError("empty key string")
    if _PLUS_STYLE.match(keys) and any(p.strip().lower() in _WORD_MODS for p in keys.split("+")[:-1]):
        parts = [p.strip() for p in keys.split("+")]
        mods = []
        for p in parts[:-1]:
            if p.lower() not in _WORD_MODS:
                raise KeySyntaxError(f"unknown modifier {p!r} in {keys!r}")
            mods.append(_WORD_MODS[p.lower()])
        return ["+".join(mods + [_keysym(parts[-1])])]
    chords: list[str] = []
    mods: list[str] = []
    i = 0
    while i < len(keys):
        ch = keys[i]
        if ch in "^+%" :
            mods.append(_MODS[ch])  # type: ignore[arg-type]
            i += 1
            continue
        if ch == "~":
            chords.append("+".join(mods + ["Return"]))
            mods = []
            i += 1
            continue
        if ch == "{":
            j = keys.find("}", i + 2 if keys[i + 1 : i + 2] == "}" else i + 1)
            if j < 0:
                raise KeySyntaxError(f"unclosed '{{' at position {i} in {keys!r}")
            body = keys[i + 1 : j]
            name, _, count = body.partition(" ")
            n = int(count) if count.strip().isdigit() else 1
            chords.extend(["+".join(mods + [_keysym(name)])] * n)
            mods = []
            i = j + 1
            continue
        if ch == "(" and mods:
            j = keys.find(")", i)
            if j < 0:
                raise KeySyntaxError(f"unclosed '(' at position {i} in {keys!r}")
            for c in keys[i + 1 : j]:
                chords.append("+".join(mods + [_keysym(c)]))
            mods = []
            i = j + 1
            continue
        chords.append("+".join(mods + [_keysym(ch)]))
        mods = []
        i += 1
    if mods:
        raise KeySyntaxError(f"modifier without a key at the end of {keys!r}")
    return chords
