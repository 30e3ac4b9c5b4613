"""Colour names and colour comparison for checkers.

Why a table of names: a request says "dark red", LibreOffice's palette calls the
Font Color button's default "Dark Red 2" (#c9211e) and the document stores an
integer. Checkers compare what the user means, so they accept LibreOffice's own
names (its *standard* palette, ``share/palette/standard.soc`` of LibreOffice
7.4, copied verbatim below) and a shade family without its number ("dark red"
= any of Dark Red 1-4). ``grey`` is read as ``gray``.
"""

from __future__ import annotations

import re

_PALETTE = """
black=000000, dark gray 4=111111, dark gray 3=1c1c1c, dark gray 2=333333, dark gray 1=666666, gray=808080
light gray 1=999999, light gray 2=b2b2b2, light gray 3=cccccc, light gray 4=dddddd, light gray 5=eeeeee, white=ffffff
yellow=ffff00, gold=ffbf00, orange=ff8000, brick=ff4000, red=ff0000, magenta=bf0041
purple=800080, indigo=55308d, blue=2a6099, teal=158466, green=00a933, lime=81d41a
light yellow 4=ffffd7, light gold 4=fff5ce, light orange 4=ffdbb6, light brick 4=ffd8ce, light red 4=ffd7d7, light magenta 4=f7d1d5
light purple 4=e0c2cd, light indigo 4=dedce6, light blue 4=dee6ef, light teal 4=dee7e5, light green 4=dde8cb, light lime 4=f6f9d4
light yellow 3=ffffa6, light gold 3=ffe994, light orange 3=ffb66c, light brick 3=ffaa95, light red 3=ffa6a6, light magenta 3=ec9ba4
light purple 3=bf819e, light indigo 3=b7b3ca, light blue 3=b4c7dc, light teal 3=b3cac7, light green 3=afd095, light lime 3=e8f2a1
light yellow 2=ffff6d, light gold 2=ffde59, light orange 2=ff972f, light brick 2=ff7b59, light red 2=ff6d6d, light magenta 2=e16173
light purple 2=a1467e, light indigo 2=8e86ae, light blue 2=729fcf, light teal 2=81aca6, light green 2=77bc65, light lime 2=d4ea6b
light yellow 1=ffff38, light gold 1=ffd428, light orange 1=ff860d, light brick 1=ff5429, light red 1=ff3838, light magenta 1=d62e4e
light purple 1=8d1d75, light indigo 1=6b5e9b, light blue 1=5983b0, light teal 1=50938a, light green 1=3faf46, light lime 1=bbe33d
dark yellow 1=e6e905, dark gold 1=e8a202, dark orange 1=ea7500, dark brick 1=ed4c05, dark red 1=f10d0c, dark magenta 1=a7074b
dark purple 1=780373, dark indigo 1=5b277d, dark blue 1=3465a4, dark teal 1=168253, dark green 1=069a2e, dark lime 1=5eb91e
dark yellow 2=acb20c, dark gold 2=b47804, dark orange 2=b85c00, dark brick 2=be480a, dark red 2=c9211e, dark magenta 2=861141
dark purple 2=650953, dark indigo 2=55215b, dark blue 2=355269, dark teal 2=1e6a39, dark green 2=127622, dark lime 2=468a1a
dark yellow 3=706e0c, dark gold 3=784b04, dark orange 3=7b3d00, dark brick 3=813709, dark red 3=8d281e, dark magenta 3=611729
dark purple 3=4e102d, dark indigo 3=481d32, dark blue 3=383d3c, dark teal 3=28471f, dark green 3=224b12, dark lime 3=395511
dark yellow 4=443205, dark gold 4=472702, dark orange 4=492300, dark brick 4=4b2204, dark red 4=50200c, dark magenta 4=41190d
dark purple 4=3b160e, dark indigo 4=3a1a0f, dark blue 4=362413, dark teal 4=302709, dark green 4=2e2706, dark lime 4=342a06
"""

#: LibreOffice's standard palette: lower-case name -> "#rrggbb".
PALETTE: dict[str, str] = {
    name.strip(): "#" + hexv.strip()
    for line in _PALETTE.strip().splitlines()
    for name, hexv in (item.split("=") for item in line.split(","))
}
_HEX = re.compile(r"^#?[0-9a-fA-F]{6}$")


def resolve(spec: str) -> list[str] | None:
    """The "#rrggbb" values a colour spec stands for, or None if it names no colour.

    ``"#C9211E"`` / ``"c9211e"`` -> itself; ``"Dark Red 2"`` -> its palette value;
    ``"dark red"`` -> Dark Red 1-4 (a shade family without its number).
    """
    s = " ".join(str(spec).lower().replace("grey", "gray").split())
    if _HEX.match(s):
        return ["#" + s.lstrip("#")]
    if s in PALETTE:
        return [PALETTE[s]]
    family = [v for k, v in PALETTE.items() if re.fullmatch(re.escape(s) + r" \d", k)]
    return family or None


def distance(a: str, b: str) -> int:
    """The largest per-channel difference (0-255) between two "#rrggbb" colours."""
    return max(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) for i in (1, 3, 5))
