"""The way a help page says its dialog is opened ("To access this command... Choose Tools -
Language - Hyphenation"), for procedures written on the dialog's own page.

Why: a dialog's page describes its controls ("Click Hyphenate.", "In the Fields dialog, click
the Functions tab.") and says once, in its "To access this command" box, how the dialog is
opened; the procedure alone does not. The step compiler (:class:`~lamkit.dataflow.help.compile.Compiler`,
``access=``) prepends that sentence to a procedure whose first control belongs to a dialog no
step of it opens. Every LibreOffice help page marks the box the same way (``howtogetbody``),
so the same reading serves Calc's and Impress's pages.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from lamkit.tasks.harvest import HELP_ROOT

_BODY = re.compile(r'<div class="howtogetbody"[^>]*>(.*?)</div>\s*</div>', re.S)
_PARA = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


@lru_cache(maxsize=4096)
def access_sentences(page: str, root: Path = HELP_ROOT) -> tuple[str, ...]:
    """The sentences of ``page``'s "To access this command" box that open something ("Choose
    Tools - Language - Hyphenation"), in order; () when the page has none or is not installed."""
    path = Path(root) / page
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ()
    m = _BODY.search(text)
    if not m:
        return ()
    out = []
    for p in _PARA.findall(m.group(1)):
        s = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", p))).strip()
        if re.match(r"(?i)^(?:choose|select|open|click)\b", s):
            out.append(s)
    return tuple(out)
