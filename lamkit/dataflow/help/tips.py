"""The help's names of controls the UI names only by their tooltip.

Why: some of LibreOffice's icons have no accessible name; the observation names such an icon by
its panel's tooltip, and that tooltip is the help's extended tip for the control, a sentence
("Decreases the outline level of the selected heading, ..."), while the help's procedures name
the icon by its short name ("the Demote Level icon"). The help page that documents the control
says both: a heading with the short name, then the extended tip as its text
(swriter/01/02110000.html, the Navigator: "Demote Level" / "Decreases the outline level ...").
Reading that pairing from the installed help, not writing it by hand, keeps it right for Calc's
and Impress's icons too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from lamkit.tasks.harvest import HELP_ROOT

_SECTION = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>(.*?)(?=<h[1-6]|$)", re.S)
#: a tooltip is read as a help's extended tip only when it is a sentence: a short tooltip is a name
_MIN_WORDS = 5


#: a system's variant of a word the page hides ("Command" for macOS beside "Ctrl"; the page's
#: script shows one, the "default" one elsewhere than macOS)
_HIDDEN = re.compile(r'<span hidden="true"[^>]*class="(?!default")[^"]*"[^>]*>(?:<span[^>]*>[^<]*</span>|[^<])*</span>')


def _text(fragment: str) -> str:
    fragment = _HIDDEN.sub("", fragment)
    flat = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()
    return re.sub(r" ([,.;:])", r"\1", flat)  # a tag's gap before punctuation ("Ctrl</span>, and")


def help_names(tips: Iterable[str], pages: Iterable[Path] | None = None, root: Path = HELP_ROOT) -> dict[str, str]:
    """help name -> tooltip, for each tooltip (a control's name in the UI) that is the text a
    section of a help page begins with, the section's heading being the help's name of the
    control. A tooltip of fewer than five words is a name already and is left out; so is a tooltip
    two differently headed sections begin with (no one name)."""
    wanted = {t: _text(t) for t in tips if len(t.split()) >= _MIN_WORDS}
    if not wanted:
        return {}
    found: dict[str, set[str]] = {t: set() for t in wanted}
    for page in pages if pages is not None else sorted(root.rglob("*.html")):
        try:
            raw = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if not any(w[:40] in raw for w in wanted.values()):
            continue  # cheap filter: most pages hold none of the tips
        raw = re.sub(r"<script.*?</script>", "", raw, flags=re.S)
        for m in _SECTION.finditer(raw):
            name, body = _text(m.group(1)), _text(m.group(2))
            for tip, flat in wanted.items():
                if name and body.startswith(flat):
                    found[tip].add(name)
    return {next(iter(names)): tip for tip, names in found.items() if len(names) == 1}
