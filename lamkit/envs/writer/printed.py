"""Read the print jobs File - Print wrote during an episode (:class:`lamkit.schema.PrintJob`).

The environment's one printer writes each job into the stack's print folder
(``lamkit.envs.writer.processes._psprint_conf``); LibreOffice sends a job as a PDF (its default
print-job format). Nothing on a plain Debian 12 machine reads PDF for us (no poppler-utils, no
Ghostscript, no PDF library among our dependencies), and LibreOffice's own print PDFs are simple:
uncompressed object syntax, Flate-compressed content streams, one /Pages node, text drawn with
``Tj``/``TJ`` in fonts that carry a ``/ToUnicode`` map. So a few dozen lines read what a judge
needs: the sheets (PDF pages) in printed order, each sheet's text (which pages were printed, and
in which order) and whether any colour other than grey was set for text or shapes. Not read:
the colours inside images (their pixels), which the judge therefore cannot see.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from lamkit.schema import PrintJob

_OBJ = re.compile(rb"(\d+)\s+0\s+obj\b(.*?)\bendobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*)\bendstream", re.S)
_REF = rb"(\d+)\s+0\s+R"
_TEXT = re.compile(rb"\[(.*?)\]\s*TJ|(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*Tj|/(\S+)\s+[\d.]+\s+Tf|\bET\b", re.S)
_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)", re.S)


def read_jobs(folder: Path) -> PrintJob:
    """The last job in ``folder`` (files named ``job-<nanoseconds>``), with how many were sent;
    ``jobs=0`` when nothing was printed. A job that cannot be read counts with 0 sheets."""
    jobs = sorted((p for p in Path(folder).glob("job-*") if p.is_file()), key=lambda p: int(p.name[4:] or 0))
    if not jobs:
        return PrintJob(jobs=0)
    try:
        job = read_pdf(jobs[-1].read_bytes())
    except (ValueError, KeyError, zlib.error):
        job = PrintJob(sheets=0)
    job.jobs = len(jobs)
    return job


def read_pdf(data: bytes) -> PrintJob:
    objs = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    if not data.startswith(b"%PDF"):
        raise ValueError("not a PDF")
    root = int(re.search(rb"/Root\s+" + _REF, data).group(1))
    top = int(re.search(rb"/Pages\s+" + _REF, objs[root]).group(1))
    job = PrintJob()
    for p in _kids(objs, top):
        content = b"\n".join(_stream(objs[n]) for n in _refs(objs[p], b"/Contents"))
        job.texts.append(_text(content, _fonts(objs, objs[p])))
        drawn = _scan(content, _media_area(objs[p]) or _media_area(objs[top]))
        job.colour = job.colour or drawn.colour
        job.text_colour = job.text_colour or drawn.text_colour
        job.pages_per_sheet.append(max(1, drawn.slots))
        job.reduced = job.reduced or drawn.slots > 0
    job.sheets = len(job.texts)
    return job


def _media_area(obj: bytes) -> float:
    m = re.search(rb"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]", obj)
    return abs((float(m.group(3)) - float(m.group(1))) * (float(m.group(4)) - float(m.group(2)))) if m else 0.0


@dataclass
class _Drawn:
    colour: bool = False
    text_colour: bool = False
    slots: int = 0  # reduced page slots: clip rectangles of the sheet's outermost level, 10-75% of it


_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|[^\s\[\]<>()/]+|/[^\s\[\]<>()/]+")


def _scan(content: bytes, sheet: float) -> _Drawn:
    """One pass over the operators: the colour set for filling when text is shown (``q``/``Q``
    save and restore it), any colour set at all, and the page slots. LibreOffice draws each page
    of a several-pages-per-sheet sheet (or a brochure) inside its own clip rectangle at the
    outermost level (``q x y w h re W* n`` … ``Q``); a plain print draws the page unclipped there."""
    out, depth, fill, saved, nums = _Drawn(), 0, False, [], []
    for tok in _TOKEN.findall(content):
        if re.fullmatch(rb"-?[\d.]+", tok):
            nums.append(float(tok))
            continue
        if tok == b"q":
            depth += 1
            saved.append(fill)
        elif tok == b"Q":
            depth -= 1
            fill = saved.pop() if saved else False
        elif tok in (b"rg", b"RG", b"k", b"K", b"g", b"G") and nums:
            n = {b"rg": 3, b"RG": 3, b"k": 4, b"K": 4}.get(tok, 1)
            vals = nums[-n:]
            colour = n > 1 and len(vals) == n and max(vals[:3]) - min(vals[:3]) > 1e-3
            out.colour = out.colour or colour
            if tok in (b"rg", b"k", b"g"):
                fill = colour
        elif tok in (b"Tj", b"TJ", b"'", b'"') and fill:
            out.text_colour = True
        elif tok == b"re" and depth == 1 and len(nums) >= 4 and sheet:
            if 0.10 * sheet <= abs(nums[-1] * nums[-2]) <= 0.75 * sheet:
                out.slots += 1
        if not tok.startswith((b"<", b"(")):
            nums = []
    return out


def _refs(obj: bytes, key: bytes) -> list[int]:
    m = re.search(re.escape(key) + rb"\s*(\[[^\]]*\]|" + _REF + rb")", obj)
    return [int(n) for n in re.findall(_REF, m.group(1))] if m else []


def _kids(objs: dict[int, bytes], n: int) -> list[int]:
    """The page objects under the page-tree node ``n``, in order."""
    if re.search(rb"/Type\s*/Page\b(?!s)", objs[n]):
        return [n]
    return [p for k in _refs(objs[n], b"/Kids") for p in _kids(objs, k)]


def _stream(obj: bytes) -> bytes:
    m = _STREAM.search(obj)
    if not m:
        return b""
    raw = m.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in obj[: m.start()] else raw


def _fonts(objs: dict[int, bytes], page: bytes) -> dict[bytes, dict[bytes, str]]:
    """Each font name of the page's resources -> its ToUnicode map (code bytes -> text)."""
    res = _refs(page, b"/Resources")
    body = objs[res[0]] if res else page
    m = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
    if m is None:
        m2 = re.search(rb"/Font\s+" + _REF, body)
        m = re.search(rb"<<(.*)>>", objs[int(m2.group(1))], re.S) if m2 else None
    out: dict[bytes, dict[bytes, str]] = {}
    for name, ref in re.findall(rb"/(\S+?)\s+" + _REF, m.group(1) if m else b""):
        tu = _refs(objs.get(int(ref), b""), b"/ToUnicode")
        out[name] = _cmap(_stream(objs[tu[0]])) if tu else {}
    return out


def _cmap(data: bytes) -> dict[bytes, str]:
    out: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            a, b, first, width = int(lo, 16), int(hi, 16), int(dst, 16), len(lo) // 2
            for i in range(b - a + 1):
                out[(a + i).to_bytes(width, "big")] = chr(first + i)
    return out


def _decode(raw: bytes, cmap: dict[bytes, str]) -> str:
    if not cmap:
        return raw.decode("latin-1")
    width = len(next(iter(cmap)))
    return "".join(cmap.get(raw[i:i + width], "") for i in range(0, len(raw), width))


def _text(content: bytes, fonts: dict[bytes, dict[bytes, str]]) -> str:
    """The page's text, one line per text object (``BT`` … ``ET``)."""
    lines, line, cmap = [], "", {}
    for m in _TEXT.finditer(content):
        if m.group(3) is not None:
            cmap = fonts.get(m.group(3), {})
        elif m.group(0) == b"ET":
            lines.append(line)
            line = ""
        else:
            for s in _STRING.finditer(m.group(1) or m.group(2)):
                hexed = s.group(1) is not None  # <0A05>; else a literal (Alpha)
                raw = bytes.fromhex(re.sub(rb"\s", b"", s.group(1)).decode()) if hexed else s.group(2)
                line += _decode(raw, cmap)
    return "\n".join(t for t in lines if t)
