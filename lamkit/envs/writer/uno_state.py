"""Reading (and loading) documents through UNO, on the same soffice the agent drives.

Why UNO is the source of truth for ``state()``: it reads the document model
itself, so what checkers see is exactly what Writer would save, with typed
attributes (weights, heights in points, alignment enums, list ids, page style
sizes in 1/100 mm). AT-SPI text attributes only cover the showing paragraphs
and report strings that vary by toolkit; the saved file would need a save
(0.2-0.3 s) plus an ODF/OOXML parser per format. UNO costs ~35 ms to connect
and a few ms per read.

Runs inside the worker process: importing ``uno`` replaces ``builtins.__import__``
(breaking later imports such as tqdm's), so :func:`import_uno` restores it and
this module never uses ``from com.sun.star… import`` hooks.
"""

from __future__ import annotations

import builtins
import time
from pathlib import Path

from lamkit.schema import DocState, PageState, ParagraphState, RunState, TableState

_ALIGN = {0: "left", 1: "right", 2: "justify", 3: "center", 4: "justify"}  # ParagraphAdjust enum values
_SPACING_MODE = {0: "proportional", 1: "minimum", 2: "leading", 3: "fixed"}


def import_uno():
    original = builtins.__import__
    import uno  # noqa: PLC0415

    builtins.__import__ = original
    return uno


class UnoBridge:
    def __init__(self, port: int):
        self.port = port
        self.uno = import_uno()
        self.desktop = None

    def connect(self, timeout_s: float = 30.0) -> None:
        uno = self.uno
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"
        end = time.monotonic() + timeout_s
        while True:
            try:
                ctx = resolver.resolve(url)
                break
            except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
                if time.monotonic() > end:
                    raise TimeoutError(f"soffice did not accept UNO connections on port {self.port}") from None
                time.sleep(0.2)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def _props(self, **kw):
        out = []
        for k, v in kw.items():
            p = self.uno.createUnoStruct("com.sun.star.beans.PropertyValue")
            p.Name, p.Value = k, v
            out.append(p)
        return tuple(out)

    def current(self):
        return self.desktop.getCurrentComponent()

    def writer_documents(self) -> list:
        docs = []
        comps = self.desktop.getComponents().createEnumeration()
        while comps.hasMoreElements():
            c = comps.nextElement()
            if hasattr(c, "supportsService") and c.supportsService("com.sun.star.text.TextDocument"):
                docs.append(c)
        return docs

    def load(self, path: Path, screen: tuple[int, int] | None = None):
        """Open ``path`` in the existing Writer window (``_self``), replacing its
        document. Why not a new window: without a window manager a new frame
        opens 24x24 px, and one window keeps the accessibility tree's shape
        stable across episodes. Other Writer windows are closed."""
        never = self.uno.getConstantByName("com.sun.star.document.MacroExecMode.NEVER_EXECUTE")
        props = self._props(MacroExecutionMode=never, ReadOnly=False)
        docs = self.writer_documents()
        url = path.resolve().as_uri()
        if docs:
            keep, extra = docs[0], docs[1:]
            frame = keep.getCurrentController().getFrame()
            keep.setModified(False)  # no "save changes?" prompt when it is replaced
            doc = frame.loadComponentFromURL(url, "_self", 0, props)
        else:
            extra = []
            doc = self.desktop.loadComponentFromURL(url, "_blank", 0, props)
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path}")
        for d in extra:
            try:
                d.setModified(False)
                d.close(True)
            except Exception:  # noqa: BLE001 - already closed or vetoed
                pass
        if screen is not None:
            win = doc.getCurrentController().getFrame().getContainerWindow()
            if win.getPosSize().Width < screen[0] // 2:
                win.setPosSize(0, 0, screen[0], screen[1], 15)  # PosSize.POSSIZE
        return doc

    def save(self, doc, path: Path) -> None:
        filters = {".odt": "writer8", ".docx": "MS Word 2007 XML", ".pdf": "writer_pdf_Export", ".txt": "Text"}
        flt = filters.get(path.suffix.lower())
        if flt is None:
            raise ValueError(f"cannot save as {path.suffix!r}: use one of {', '.join(filters)}")
        doc.storeToURL(path.resolve().as_uri(), self._props(FilterName=flt, Overwrite=True))


def _color(v) -> str | None:
    if v is None or v < 0:  # -1 = automatic / no fill
        return None
    return f"#{v & 0xFFFFFF:06x}"


def _run_state(portion) -> RunState:
    return RunState(
        text=portion.getString(),
        bold=portion.CharWeight >= 150,
        italic=getattr(portion.CharPosture, "value", "NONE") in ("ITALIC", "OBLIQUE", "REVERSE_ITALIC"),
        underline=portion.CharUnderline != 0,
        strikethrough=(portion.CharStrikeout or 0) not in (0, 3),  # FontStrikeout NONE, DONTKNOW
        font_name=portion.CharFontName or "",
        font_size=float(portion.CharHeight or 0),
        color=_color(portion.CharColor),
        # the toolbar's "Character Highlighting Color" sets CharBackColor; Word imports set CharHighlight
        highlight=_color(getattr(portion, "CharHighlight", -1)) or _color(getattr(portion, "CharBackColor", -1)),
    )


def _paragraph_state(par) -> ParagraphState:
    runs = []
    portions = par.createEnumeration()
    while portions.hasMoreElements():
        p = portions.nextElement()
        if p.TextPortionType == "Text" and p.getString():
            runs.append(_run_state(p))
    ls = par.ParaLineSpacing
    mode = _SPACING_MODE.get(ls.Mode, "proportional")
    spacing = ls.Height / 100.0  # proportional: percent -> factor; other modes: 1/100 mm -> mm
    list_type, level = None, 0
    if par.NumberingIsNumber and par.NumberingRules is not None and (par.ListId or par.NumberingStyleName):
        level = int(par.NumberingLevel or 0)
        try:
            rule = {p.Name: p.Value for p in par.NumberingRules.getByIndex(level)}
            ntype = rule.get("NumberingType", 4)
            list_type = "bullet" if ntype == 6 else ("number" if ntype != 5 else None)  # 6 CHAR_SPECIAL, 5 NONE
        except Exception:  # noqa: BLE001
            list_type = "number"
    brk = par.BreakType
    return ParagraphState(
        text=par.getString(),
        style=_display_style(par),
        alignment=_ALIGN.get(int(par.ParaAdjust), "left"),
        line_spacing=spacing,
        line_spacing_mode=mode,
        left_indent_mm=par.ParaLeftMargin / 100.0,
        right_indent_mm=par.ParaRightMargin / 100.0,
        first_line_indent_mm=par.ParaFirstLineIndent / 100.0,
        list_type=list_type,
        list_level=level,
        page_break_before=getattr(brk, "value", str(brk)) in ("PAGE_BEFORE", "PAGE_BOTH"),
        runs=runs,
    )


def _display_style(par) -> str:
    # Programmatic names ("Standard", "Text body") differ from the UI's ("Default
    # Paragraph Style", "Body Text"); checkers and users speak the UI's.
    name = par.ParaStyleName
    return _UI_STYLE_NAMES.get(name, name)


_UI_STYLE_NAMES = {"Standard": "Default Paragraph Style", "Text body": "Body Text", "Heading": "Heading"}


def read_state(doc) -> DocState:
    paragraphs: list[ParagraphState] = []
    tables: list[TableState] = []
    body = doc.getText()
    enum = body.createEnumeration()
    first_page_style = None
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            tables.append(_table_state(el))
        elif el.supportsService("com.sun.star.text.Paragraph"):
            if first_page_style is None:
                first_page_style = el.PageStyleName or "Standard"
            paragraphs.append(_paragraph_state(el))
    page = _page_state(doc, first_page_style or "Standard")
    comments, fields = [], []
    fenum = doc.getTextFields().createEnumeration()
    while fenum.hasMoreElements():
        f = fenum.nextElement()
        kind = _field_kind(f)
        if kind == "Annotation":
            comments.append(f.Content)
        else:
            fields.append(kind)
    try:
        page_count = int(doc.getCurrentController().PageCount)
    except Exception:  # noqa: BLE001
        page_count = 1
    return DocState(
        paragraphs=paragraphs,
        tables=tables,
        page=page,
        comments=comments,
        fields=fields,
        page_count=page_count,
        text="\n".join(p.text for p in paragraphs),
        modified=bool(doc.isModified()),
    )


def _field_kind(f) -> str:
    for name in f.getSupportedServiceNames():
        if name.startswith("com.sun.star.text.textfield.") or name.startswith("com.sun.star.text.TextField."):
            return name.rsplit(".", 1)[-1]
    return "Unknown"


def _table_state(t) -> TableState:
    rows, cols = t.getRows().getCount(), t.getColumns().getCount()
    cells = []
    for r in range(rows):
        row = []
        for c in range(cols):
            try:
                cell = t.getCellByPosition(c, r)
                row.append(cell.getString() if cell is not None else "")
            except Exception:  # noqa: BLE001 - merged cells leave holes
                row.append("")
        cells.append(row)
    return TableState(name=t.getName(), rows=rows, cols=cols, cells=cells)


def _page_state(doc, style_name: str) -> PageState:
    ps = doc.getStyleFamilies().getByName("PageStyles").getByName(style_name)

    def _hf(which: str) -> str:
        if not getattr(ps, f"{which}IsOn"):
            return ""
        try:
            return getattr(ps, f"{which}Text").getString()
        except Exception:  # noqa: BLE001
            return ""

    return PageState(
        orientation="landscape" if ps.IsLandscape else "portrait",
        width_mm=ps.Width / 100.0,
        height_mm=ps.Height / 100.0,
        margin_top_mm=ps.TopMargin / 100.0,
        margin_bottom_mm=ps.BottomMargin / 100.0,
        margin_left_mm=ps.LeftMargin / 100.0,
        margin_right_mm=ps.RightMargin / 100.0,
        header_on=bool(ps.HeaderIsOn),
        footer_on=bool(ps.FooterIsOn),
        header_text=_hf("Header"),
        footer_text=_hf("Footer"),
    )


def document_digest(doc, limit: int = 400) -> str:
    try:
        s = doc.getText().getString()
    except Exception:  # noqa: BLE001
        return ""
    s = " ".join(s.split())
    return s[:limit]
