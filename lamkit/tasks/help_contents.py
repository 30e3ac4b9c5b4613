"""Which application the installed help's table of contents files a shared page under.

Pages under ``text/shared`` are harvested for every application, but the help itself
files some of them under one module only: ``shared/guide/data_forms.html`` ("Create a
new form with the form wizard", done in a Base database window) sits in the contents
tree under Base alone. ``contents.js`` (next to the ``text`` folder) links every page it
lists as ``href="en-US/text/<path>?DbPAR=<MODULE>"``, the module whose tree holds it.

The index, ``bookmarks.js``, is no help here: its ``app`` is the page's folder (every
entry of a ``shared/`` page says ``SHARED``), so it never says more than the path does.

A page the contents do not list, or lists under ``SHARED`` or the harvested application,
stays that application's; no ``contents.js`` (a docs folder, another help install) means
no page-level attribution at all, never an error.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: the help's module names, as app labels (lower-case, like ``harvest.HELP_DIRS``'s keys)
MODULES = {"WRITER": "writer", "CALC": "calc", "IMPRESS": "impress", "DRAW": "draw", "BASE": "base",
           "MATH": "math", "CHART": "chart", "BASIC": "basic", "SHARED": "shared"}
_LINK = re.compile(r'href="[^"/]+/text/([^"?#]+)\?DbPAR=([A-Z]+)')


@lru_cache(maxsize=8)
def listed_modules(root: Path) -> dict[str, frozenset[str]]:
    """Page path (relative to ``root``, the help's ``text`` folder) -> the app labels of the
    modules whose contents list it; {} when ``root`` has no ``contents.js`` beside it."""
    f = Path(root).parent / "contents.js"
    try:
        text = f.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, set[str]] = {}
    for path, module in _LINK.findall(text):
        if module in MODULES:
            out.setdefault(path, set()).add(MODULES[module])
    return {k: frozenset(v) for k, v in out.items()}


def owners(rel: str, app: str, root: Path) -> frozenset[str]:
    """The other applications a shared page belongs to when harvesting ``app``: empty unless
    the contents list it, and only under modules that are neither ``shared`` nor ``app``."""
    mods = listed_modules(Path(root)).get(rel, frozenset())
    return frozenset() if not mods or mods & {"shared", app} else mods
