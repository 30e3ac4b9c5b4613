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

from lamkit.schema import (
    CommentState,
    DocSettings,
    DocState,
    FieldState,
    ObjectState,
    PageState,
    ParagraphState,
    RunState,
    TableState,
    TabStop,
)

_ALIGN = {0: "left", 1: "right", 2: "justify", 3: "center", 4: "justify"}  # ParagraphAdjust enum values
_SPACING_MODE = {0: "proportional", 1: "minimum", 2: "leading", 3: "fixed"}


def import_uno():
    original = builtins.__import__
    import uno  # noqa: PLC0415
    import unohelper  # noqa: F401, PLC0415 - needs the hook (``from com.sun.star… import``): import it now

    builtins.__import__ = original
    return uno


class UnoBridge:
    def __init__(self, port: int):
        self.port = port
        self.uno = import_uno()
        self.ctx = None
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
        self.ctx = ctx
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

    def on_main_thread(self, fn, timeout_s: float | None = None):
        """Run ``fn`` so that the UNO calls it makes execute on soffice's main (GUI) thread.

        Why: a UNO call from this process runs in one of soffice's ``cppu_threadpool``
        threads. Loading a document builds the window there, and the GTK3 native menubar
        then asks the X clipboard whether Paste is possible (``SwView::IsPasteAllowed`` ->
        ``gtk_clipboard_wait_for_targets``): a nested GLib main loop off the GUI thread,
        while the GUI thread waits for the same main context. On a fresh soffice (GTK has
        no cached clipboard targets yet) that wait often never ends, or soffice crashes
        (issue 16, 1b; docs/writer_env.md has the backtrace). ``AsyncCallback`` posts a
        user event that soffice's main thread delivers to our callback; URP keeps thread
        identity, so the calls ``fn`` makes from inside the callback run on that thread,
        as if a user had opened the file from the menu.
        """
        import threading

        import unohelper

        done = threading.Event()
        box: dict = {}

        class _Callback(unohelper.Base, self.uno.getClass("com.sun.star.awt.XCallback")):
            def notify(self, _data):
                try:
                    box["value"] = fn()
                except BaseException as e:  # noqa: BLE001 - re-raised in the waiting thread
                    box["error"] = e
                finally:
                    done.set()

        async_cb = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.awt.AsyncCallback", self.ctx)
        async_cb.addCallback(_Callback(), None)
        if not done.wait(timeout_s):
            raise TimeoutError(f"soffice's main thread did not run the request within {timeout_s:.0f} s")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def load(self, path: Path, screen: tuple[int, int] | None = None, main_thread: bool = True):
        """Open ``path`` in the existing Writer window (``_self``), replacing its
        document. Why not a new window: without a window manager a new frame
        opens 24x24 px, and one window keeps the accessibility tree's shape
        stable across episodes. Other Writer windows are closed. The load runs on
        soffice's main thread (see :meth:`on_main_thread`) unless ``main_thread`` is
        false (kept for the stall benchmark's "before" figure)."""
        if main_thread:
            return self.on_main_thread(lambda: self._load(path, screen))
        return self._load(path, screen)

    def _load(self, path: Path, screen: tuple[int, int] | None):
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


# --------------------------------------------------------------------------- document state
# Each run's and paragraph's attributes are fetched with one ``getPropertyValues`` call:
# attribute access on a pyuno object is one socket round trip per property (a run has
# 12). What remains is mostly per object: every paragraph, enumeration and portion is a
# remote object pyuno introspects on first use (see docs/document_state.md for figures).
_RUN_PROPS = (
    "TextPortionType", "CharWeight", "CharPosture", "CharUnderline", "CharStrikeout", "CharFontName",
    "CharHeight", "CharColor", "CharHighlight", "CharBackColor", "CharEscapement", "HyperLinkURL",
    "CharLocale", "CharCaseMap", "CharHidden", "CharShadowed", "CharContoured", "CharKerning", "CharNoHyphenation",
)
_PARA_PROPS = (
    "ParaStyleName", "ParaAdjust", "ParaLineSpacing", "ParaLeftMargin", "ParaRightMargin",
    "ParaFirstLineIndent", "NumberingIsNumber", "ListId", "NumberingStyleName", "NumberingLevel",
    "BreakType", "ParaTabStops",
    "ParaTopMargin", "ParaBottomMargin", "ParaIsHyphenation", "FillStyle", "FillColor", "ParaKeepTogether", "ParaSplit",
    "DropCapFormat", "OutlineLevel", "ParaIsNumberingRestart", "NumberingStartValue",
    "LeftBorder", "RightBorder", "TopBorder", "BottomBorder",
)
_PAGE_PROPS = (
    "IsLandscape", "Width", "Height", "TopMargin", "BottomMargin", "LeftMargin", "RightMargin",
    "HeaderIsOn", "FooterIsOn",
    "FillStyle", "FillColor", "LeftBorder", "RightBorder", "TopBorder", "BottomBorder", "TextColumns", "DisplayName",
)
_TABLE_PROPS = ("Width", "LeftMargin", "RightMargin", "TableColumnSeparators", "TableTemplateName")
_CASE_MAP = {1: "upper", 2: "lower", 3: "title", 4: "small_caps"}  # com.sun.star.style.CaseMap; 0 NONE
#: Which reader this module is (DocState.reader): 2 reads the facets issue 14's judge needs.
READER = 2
_TAB_ALIGN = {"LEFT": "left", "RIGHT": "right", "CENTER": "center", "DECIMAL": "decimal"}  # TabAlign; DEFAULT skipped
#: Service -> ObjectState.kind for what the draw page holds; anything else is a drawing "shape".
_OBJECT_KINDS = (
    ("com.sun.star.text.TextGraphicObject", "image"),
    ("com.sun.star.drawing.GraphicObjectShape", "image"),
    ("com.sun.star.text.TextEmbeddedObject", "object"),
    ("com.sun.star.drawing.OLE2Shape", "object"),
    ("com.sun.star.text.TextFrame", "frame"),
)
#: Kind Writer's hyperlinks are reported under in ``text_fields`` (the URL field's service tail):
#: Writer keeps a hyperlink as a character attribute, not a field, but a checker asks the same question.
HYPERLINK_KIND = "URL"


def _values(obj, names: tuple[str, ...]) -> dict:
    return dict(zip(names, obj.getPropertyValues(names), strict=True))


def _color(v) -> str | None:
    if v is None or v < 0:  # -1 = automatic / no fill
        return None
    return f"#{v & 0xFFFFFF:06x}"


def _run_state(text: str, v: dict) -> RunState:
    esc = v["CharEscapement"] or 0  # percent of the font height; the automatic positions are +-14000
    return RunState(
        text=text,
        bold=v["CharWeight"] >= 150,
        italic=getattr(v["CharPosture"], "value", "NONE") in ("ITALIC", "OBLIQUE", "REVERSE_ITALIC"),
        underline=v["CharUnderline"] != 0,
        strikethrough=(v["CharStrikeout"] or 0) not in (0, 3),  # FontStrikeout NONE, DONTKNOW
        font_name=v["CharFontName"] or "",
        font_size=float(v["CharHeight"] or 0),
        color=_color(v["CharColor"]),
        # the toolbar's "Character Highlighting Color" sets CharBackColor; Word imports set CharHighlight
        highlight=_color(v["CharHighlight"]) or _color(v["CharBackColor"]),
        superscript=esc > 0,
        subscript=esc < 0,
        language=_locale(v["CharLocale"]),
        case_map=_CASE_MAP.get(int(v["CharCaseMap"] or 0), "none"),
        hidden=bool(v["CharHidden"]),
        shadowed=bool(v["CharShadowed"]),
        outline=bool(v["CharContoured"]),
        spacing_mm=round((v["CharKerning"] or 0) / 100.0, 1),  # twips too
        no_hyphenation=bool(v["CharNoHyphenation"]),
    )


def _locale(loc) -> str:
    lang = getattr(loc, "Language", "") or ""
    country = getattr(loc, "Country", "") or ""
    return f"{lang}-{country}" if lang and country else lang


def _has_border(v: dict) -> bool:
    """A border line on any side: a BorderLine2 with a width (LineWidth, or the outer/inner
    lines of a double line)."""
    for side in ("LeftBorder", "RightBorder", "TopBorder", "BottomBorder"):
        b = v.get(side)
        if b is not None and (getattr(b, "LineWidth", 0) or getattr(b, "OuterLineWidth", 0) or getattr(b, "InnerLineWidth", 0)):
            return True
    return False


def _runs(par, links: list | None = None, marks: list | None = None) -> list[RunState]:
    """The text runs of one paragraph. Hyperlinked text is also appended to ``links`` as
    ``[url, text]``, adjacent runs of the same link joined (a link split by formatting
    is still one link); each index entry that starts here is appended to ``marks`` (Writer has
    no collection of index marks: they are only portions of the text)."""
    runs: list[RunState] = []
    last_url = None
    portions = par.createEnumeration()
    while portions.hasMoreElements():
        p = portions.nextElement()
        v = _values(p, _RUN_PROPS)
        if v["TextPortionType"] != "Text":
            if marks is not None and v["TextPortionType"] == "DocumentIndexMark" and (p.IsCollapsed or p.IsStart):
                marks.append(p.DocumentIndexMark)
            continue  # fields, bookmarks, comment marks: reported on their own
        text = p.getString()
        if not text:
            continue
        runs.append(_run_state(text, v))
        url = v["HyperLinkURL"] or None
        if links is not None and url:
            if url == last_url:
                links[-1][1] += text
            else:
                links.append([url, text])
        last_url = url
    return runs


def _tab_stops(stops) -> list[TabStop]:
    # A paragraph without tab stops of its own reports one DEFAULT entry (the default
    # grid, 12.7 mm in a new document): it is not a tab stop anyone set, so it is
    # skipped. Positions are stored in twips: 40 mm reads back as 40.01, hence 0.1 mm.
    return [
        TabStop(position_mm=round(t.Position / 100.0, 1), alignment=_TAB_ALIGN[t.Alignment.value])
        for t in stops or ()
        if t.Alignment.value in _TAB_ALIGN
    ]


def _paragraph_state(par, links: list | None = None, marks: list | None = None) -> ParagraphState:
    v = _values(par, _PARA_PROPS)
    ls = v["ParaLineSpacing"]
    mode = _SPACING_MODE.get(ls.Mode, "proportional")
    spacing = ls.Height / 100.0  # proportional: percent -> factor; other modes: 1/100 mm -> mm
    list_type, level = None, 0
    if v["NumberingIsNumber"] and (v["ListId"] or v["NumberingStyleName"]):
        rules = par.NumberingRules
        if rules is not None:
            level = int(v["NumberingLevel"] or 0)
            try:
                rule = {p.Name: p.Value for p in rules.getByIndex(level)}
                ntype = rule.get("NumberingType", 4)
                list_type = "bullet" if ntype == 6 else ("number" if ntype != 5 else None)  # 6 CHAR_SPECIAL, 5 NONE
            except Exception:  # noqa: BLE001
                list_type = "number"
    brk = v["BreakType"]
    return ParagraphState(
        text=par.getString(),
        style=_display_style(v["ParaStyleName"]),
        alignment=_ALIGN.get(int(v["ParaAdjust"]), "left"),
        line_spacing=spacing,
        line_spacing_mode=mode,
        left_indent_mm=v["ParaLeftMargin"] / 100.0,
        right_indent_mm=v["ParaRightMargin"] / 100.0,
        first_line_indent_mm=v["ParaFirstLineIndent"] / 100.0,
        list_type=list_type,
        list_level=level,
        page_break_before=getattr(brk, "value", str(brk)) in ("PAGE_BEFORE", "PAGE_BOTH"),
        tab_stops=_tab_stops(v["ParaTabStops"]),
        runs=_runs(par, links, marks),
        space_above_mm=round((v["ParaTopMargin"] or 0) / 100.0, 1),  # stored in twips: 5 mm reads 4.99
        space_below_mm=round((v["ParaBottomMargin"] or 0) / 100.0, 1),
        hyphenation=bool(v["ParaIsHyphenation"]),
        borders=_has_border(v),
        background=_fill(v["FillStyle"], v["FillColor"]),  # the Area tab's fill, as the page's
        keep_with_next=bool(v["ParaKeepTogether"]),
        keep_together=not v["ParaSplit"],
        drop_cap_lines=int(getattr(v["DropCapFormat"], "Lines", 0) or 0) if getattr(v["DropCapFormat"], "Count", 0) else 0,
        outline_level=int(v["OutlineLevel"] or 0),
        list_start=_list_start(v),
    )


def _list_start(v: dict) -> int | None:
    """The number a list restarts at in this paragraph (Restart numbering / Start at); None when
    it continues. A restart without a start value (-1) restarts at the list's own start, 1."""
    if not v["ParaIsNumberingRestart"]:
        return None
    start = v["NumberingStartValue"]
    return int(start) if start is not None and start >= 0 else 1


def _display_style(name: str) -> str:
    # Programmatic names ("Standard", "Text body") differ from the UI's ("Default
    # Paragraph Style", "Body Text"); checkers and users speak the UI's.
    return _UI_STYLE_NAMES.get(name, name)


_UI_STYLE_NAMES = {"Standard": "Default Paragraph Style", "Text body": "Body Text", "Heading": "Heading"}


class _Locator:
    """Which body paragraph a text range starts in, as an index into ``DocState.paragraphs``.

    Why by comparison and not by scanning portions: fields, comments and objects are
    listed by their own collections (which also hold those in headers, tables and
    frames); a binary search with ``compareRegionStarts`` costs a few calls per item
    and nothing for a document without any. A range outside the body text (header,
    table cell, frame, page anchor) has no index: its text is not the body's (the
    comparison alone would not say so for a table cell, whose nodes lie in the body)."""

    def __init__(self, body, paragraphs: list):
        self.body, self.paragraphs = body, paragraphs

    def __call__(self, rng) -> int | None:
        if rng is None or not self.paragraphs:
            return None
        cmp = self.body.compareRegionStarts  # 1: first starts before second, 0: same, -1: after
        try:
            if rng.getText() != self.body or cmp(self.paragraphs[0], rng) < 0:
                return None
            lo, hi = 0, len(self.paragraphs) - 1  # invariant: paragraphs[lo] starts at or before rng
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if cmp(self.paragraphs[mid], rng) >= 0:
                    lo = mid
                else:
                    hi = mid - 1
            return lo
        except Exception:  # noqa: BLE001 - IllegalArgumentException: not in the body text
            return None


def read_state(doc) -> DocState:
    paragraphs: list[ParagraphState] = []
    tables: list[TableState] = []
    body_pars: list = []  # the UNO paragraphs, for locating anchors
    body_links: list[tuple[int, list]] = []  # (paragraph index, [url, text])
    index_marks: list = []
    other_links: list = []  # hyperlinks in tables, headers and footers
    body = doc.getText()
    enum = body.createEnumeration()
    first_page_style = None
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.Paragraph"):  # asked first: most elements are
            if first_page_style is None:
                first_page_style = el.PageStyleName or "Standard"
            links: list = []
            paragraphs.append(_paragraph_state(el, links, index_marks))
            body_links += [(len(body_pars), link) for link in links]
            body_pars.append(el)
        elif el.supportsService("com.sun.star.text.TextTable"):
            tables.append(_table_state(el, other_links).model_copy(update={"paragraph": len(paragraphs)}))
    locate = _Locator(body, body_pars)
    indexes, index_names = _indexes(doc)  # an index is also a section, of its own name: not one the user made
    page = _page_state(doc, first_page_style or "Standard", other_links)
    comments, fields, annotations, text_fields = [], [], [], []
    fenum = doc.getTextFields().createEnumeration()
    while fenum.hasMoreElements():
        f = fenum.nextElement()
        kind = _field_kind(f)
        anchor = f.getAnchor()
        if kind == "Annotation":
            content = f.Content
            comments.append(content)
            annotations.append(CommentState(text=content, author=f.Author or "", paragraph=locate(anchor),
                                            anchor_text=anchor.getString() if anchor is not None else ""))
        else:
            fields.append(kind)
            text_fields.append(FieldState(kind=kind, paragraph=locate(anchor), target=_field_target(f, kind),
                                          text=f.getPresentation(False), subtype=_field_subtype(f, kind)))
    text_fields += [FieldState(kind=HYPERLINK_KIND, paragraph=i, target=url, text=text) for i, (url, text) in body_links]
    text_fields += [FieldState(kind=HYPERLINK_KIND, target=url, text=text) for url, text in other_links]
    text_fields.sort(key=_by_position)
    annotations.sort(key=_by_position)
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
        annotations=annotations,
        text_fields=text_fields,
        objects=_objects(doc, locate),
        page_count=page_count,
        text="\n".join(p.text for p in paragraphs),
        modified=bool(doc.isModified()),
        reader=READER,
        settings=_settings(doc),
        **_stored(doc),
        bookmarks=_names(lambda: doc.getBookmarks()),
        reference_marks=_names(lambda: doc.getReferenceMarks()),
        sections=[n for n in _names(lambda: doc.getTextSections()) if n not in index_names],
        indexes=indexes,
        index_marks=len(index_marks),
        index_entries=[_entry_text(m) for m in index_marks],
        footnotes=_count(lambda: doc.getFootnotes()),
        endnotes=_count(lambda: doc.getEndnotes()),
    )


def _names(get) -> list[str]:
    """The names in a named collection (bookmarks, reference marks, sections), sorted: their
    order in the collection is not the document's."""
    try:
        return sorted(get().getElementNames())
    except Exception:  # noqa: BLE001 - a document type without the collection
        return []


def _count(get) -> int:
    try:
        return int(get().getCount())
    except Exception:  # noqa: BLE001
        return 0


def _indexes(doc) -> tuple[list[str], set[str]]:
    """The document's indexes and tables of contents by kind (service tail: "ContentIndex"), in
    document order, and their names."""
    kinds, names = [], set()
    try:
        idx = doc.getDocumentIndexes()
        for i in range(idx.getCount()):
            x = idx.getByIndex(i)
            services = x.getSupportedServiceNames()
            kinds.append(next((n.rsplit(".", 1)[-1] for n in services if n.startswith("com.sun.star.text.")
                               and n.endswith("Index") and not n.endswith("BaseIndex")), "Index"))
            names.add(x.getName())
    except Exception:  # noqa: BLE001
        pass
    return kinds, names


def _stored(doc) -> dict:
    """Where the document is stored and the filter it was last stored or loaded with: what File -
    Save As changes (``XModel.getLocation``, the ``FilterName`` of ``getArgs``)."""
    try:
        args = {a.Name: a.Value for a in doc.getArgs()}
        return {"location": doc.getLocation() or "", "filter": str(args.get("FilterName") or "")}
    except Exception:  # noqa: BLE001 - a document without a model's location keeps the defaults
        return {}


def _settings(doc) -> DocSettings:
    """Document-wide settings and properties (Edit - Track Changes, Tools - Line Numbering,
    File - Properties): each read on its own, so one a document type lacks leaves its default."""
    out: dict = {}
    try:
        out["record_changes"] = bool(doc.RecordChanges)
        e, n = doc.getRedlines().createEnumeration(), 0
        while e.hasMoreElements():
            e.nextElement()
            n += 1
        out["tracked_changes"] = n
    except Exception:  # noqa: BLE001
        pass
    try:
        # the password's hash; empty when recording is not protected
        out["protect_changes"] = len(doc.RedlineProtectionKey or ()) > 0
    except Exception:  # noqa: BLE001
        pass
    try:
        out["line_numbering"] = bool(doc.getLineNumberingProperties().IsOn)
    except Exception:  # noqa: BLE001
        pass
    try:
        dp = doc.getDocumentProperties()
        out.update(title=dp.Title or "", subject=dp.Subject or "", keywords=list(dp.Keywords or ()),
                   description=dp.Description or "")
    except Exception:  # noqa: BLE001
        pass
    return DocSettings(**out)


def _by_position(item) -> tuple[bool, int]:
    """Body items in paragraph order first, then those outside the body (stable within)."""
    return (item.paragraph is None, item.paragraph or 0)


def _entry_text(mark) -> str:
    """What an index entry lists: its own text (the Entry box, ``AlternativeText``) when it has
    one, else the text it marks."""
    try:
        return mark.AlternativeText or mark.getAnchor().getString()
    except Exception:  # noqa: BLE001 - a mark without either: no text read
        return ""


def _field_subtype(f, kind: str) -> str | None:
    """A DateTime field is a date or a time (Insert > Field > Date / Time): both are one
    service, told apart by ``IsDate``; a checker asking for a date must see which."""
    if kind != "DateTime":
        return None
    try:
        return "date" if f.IsDate else "time"
    except Exception:  # noqa: BLE001 - a field without IsDate: unknown
        return None


def _field_kind(f) -> str:
    for name in f.getSupportedServiceNames():
        if name.startswith("com.sun.star.text.textfield.") or name.startswith("com.sun.star.text.TextField."):
            return name.rsplit(".", 1)[-1]
    return "Unknown"


#: The property naming what a field points to, per kind. Fields that depend on a
#: field master (variables, sequences such as "Figure", user fields, DDE, database)
#: point to the master's name instead.
_FIELD_TARGET_PROPS = {
    "GetReference": "SourceName",  # the bookmark, reference mark or sequence ("Figure") referred to
    "URL": "URL",
    "Macro": "MacroName",
    "DocInfo.Custom": "Name",
    "Custom": "Name",
    "GetExpression": "Content",  # the variable (expression) shown
}
_MASTER_KINDS = ("SetExpression", "User", "DDE", "Database")


def _field_target(f, kind: str) -> str | None:
    try:
        if kind in _FIELD_TARGET_PROPS:
            return getattr(f, _FIELD_TARGET_PROPS[kind]) or None
        if kind in _MASTER_KINDS:
            return f.getTextFieldMaster().Name or None
    except Exception:  # noqa: BLE001 - a field without the property: no target
        pass
    return None


def _objects(doc, locate: _Locator) -> list[ObjectState]:
    """Images, embedded objects, frames and drawing shapes, in draw-page (z) order.
    The draw page lists all four kinds in Writer, so one collection is read."""
    page = doc.getDrawPage()
    out = []
    for i in range(page.getCount()):
        s = page.getByIndex(i)
        services = set(s.getSupportedServiceNames())
        kind = next((k for svc, k in _OBJECT_KINDS if svc in services), "shape")
        try:
            name = s.getName() or ""
        except Exception:  # noqa: BLE001 - a shape without XNamed
            name = ""
        try:
            anchor = s.getAnchor()
        except Exception:  # noqa: BLE001 - page-anchored shapes may have no text anchor
            anchor = None
        out.append(ObjectState(kind=kind, name=name, paragraph=locate(anchor),
                               h_orient=_orient(s, "HoriOrient", _HORI), v_orient=_orient(s, "VertOrient", _VERT)))
    return out


#: com.sun.star.text.HoriOrientation / VertOrientation constants and their names (0, NONE: placed
#: by coordinates, read as None). The judge needs them for "center the frame on the page".
_HORI = {1: "right", 2: "center", 3: "left", 4: "inside", 5: "outside", 6: "full", 7: "left_and_width"}
_VERT = {1: "top", 2: "center", 3: "bottom", 4: "char_top", 5: "char_center", 6: "char_bottom",
         7: "line_top", 8: "line_center", 9: "line_bottom"}


def _orient(shape, prop: str, names: dict[int, str]) -> str | None:
    try:
        return names.get(int(shape.getPropertyValue(prop)))
    except Exception:  # noqa: BLE001 - a shape without the property (a drawing shape of another kind)
        return None


def _table_state(t, links: list | None = None) -> TableState:
    rows, cols = t.getRows().getCount(), t.getColumns().getCount()
    cells, cell_runs, backgrounds = [], [], []
    for r in range(rows):
        row, run_row, back_row = [], [], []
        for c in range(cols):
            try:
                cell = t.getCellByPosition(c, r)
            except Exception:  # noqa: BLE001 - merged cells leave holes
                cell = None
            text = cell.getString() if cell is not None else ""
            back_row.append(_color(cell.BackColor) if cell is not None else None)
            row.append(text)
            run_row.append(_cell_runs(cell, links) if text else [])  # an empty cell has no runs to read
        cells.append(row)
        cell_runs.append(run_row)
        backgrounds.append(back_row)
    v = {n: t.getPropertyValue(n) for n in _TABLE_PROPS}  # a text table has no XMultiPropertySet
    return TableState(name=t.getName(), rows=rows, cols=cols, cells=cells, cell_runs=cell_runs,
                      width_mm=(v["Width"] or 0) / 100.0, left_margin_mm=(v["LeftMargin"] or 0) / 100.0,
                      right_margin_mm=(v["RightMargin"] or 0) / 100.0,
                      column_separators=[int(s.Position) for s in v["TableColumnSeparators"] or ()],
                      template=v["TableTemplateName"] or "", cell_backgrounds=backgrounds)


def _cell_runs(cell, links: list | None) -> list[RunState]:
    """A cell's runs, its paragraphs' runs in order (a nested table's are not included)."""
    runs: list[RunState] = []
    enum = cell.createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.Paragraph"):
            runs += _runs(el, links)
    return runs


def _text_paragraphs(text, links: list | None) -> list[ParagraphState]:
    """The paragraphs of a header or footer text (tables in it are skipped)."""
    out = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.Paragraph"):
            out.append(_paragraph_state(el, links))
    return out


def _page_state(doc, style_name: str, links: list | None = None) -> PageState:
    """The first page's style. Header and footer are the style's main (right/shared) ones:
    a different first or left page header (HeaderTextFirst/HeaderTextLeft) is not read."""
    ps = doc.getStyleFamilies().getByName("PageStyles").getByName(style_name)
    v = _values(ps, _PAGE_PROPS)
    hf: dict[str, tuple[str, list[ParagraphState]]] = {}
    for which in ("Header", "Footer"):
        hf[which] = ("", [])
        if v[f"{which}IsOn"]:
            try:
                text = getattr(ps, f"{which}Text")
                hf[which] = (text.getString(), _text_paragraphs(text, links))
            except Exception:  # noqa: BLE001
                pass
    return PageState(
        orientation="landscape" if v["IsLandscape"] else "portrait",
        width_mm=v["Width"] / 100.0,
        height_mm=v["Height"] / 100.0,
        margin_top_mm=v["TopMargin"] / 100.0,
        margin_bottom_mm=v["BottomMargin"] / 100.0,
        margin_left_mm=v["LeftMargin"] / 100.0,
        margin_right_mm=v["RightMargin"] / 100.0,
        header_on=bool(v["HeaderIsOn"]),
        footer_on=bool(v["FooterIsOn"]),
        header_text=hf["Header"][0],
        footer_text=hf["Footer"][0],
        header_paragraphs=hf["Header"][1],
        footer_paragraphs=hf["Footer"][1],
        style=v["DisplayName"] or style_name,
        background=_fill(v["FillStyle"], v["FillColor"]),
        borders=_has_border(v),
        columns=max(1, int(v["TextColumns"].getColumnCount())) if v["TextColumns"] is not None else 1,  # 0: no columns
    )


def _fill(style, color) -> str | None:
    """A page's or paragraph's area (the Area tab): its colour, or the kind of fill."""
    kind = getattr(style, "value", str(style))  # com.sun.star.drawing.FillStyle
    if kind == "SOLID":
        return _color(color)
    return None if kind in ("NONE", "") else kind.lower()


def document_digest(doc, limit: int = 400) -> str:
    try:
        s = doc.getText().getString()
    except Exception:  # noqa: BLE001
        return ""
    s = " ".join(s.split())
    return s[:limit]


# --------------------------------------------------------------------------- the model's outline
#: Paragraphs read for one observation's outline. The renderer shows far fewer (it has a
#: token budget); the cap only bounds the cost of observing a very long document.
OUTLINE_MAX_PARAGRAPHS = 120
#: Characters of one run quoted in a partial mark ('bold "Sales"').
_MARK_QUOTE = 24


def read_outline(doc, max_paragraphs: int = OUTLINE_MAX_PARAGRAPHS) -> list:
    """The body as the model's outline: one :class:`~lamkit.schema.OutlineParagraph` per
    paragraph (in body order) and one per table row (``in_table``, cells joined by " | ").

    Why here and from :func:`_paragraph_state`: the outline is a projection of the same
    paragraph reading the checkers use, so "bold" in the prompt means what a checker's
    "bold" means. Runs in every observation (a few ms for a generated document)."""
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements() and len(out) < max_paragraphs:
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            out.extend(_outline_table(el))
        elif el.supportsService("com.sun.star.text.Paragraph"):
            out.append(outline_paragraph(_paragraph_state(el)))
    return out[:max_paragraphs]


def outline_paragraph(p: ParagraphState, in_table: bool = False):
    """Project a paragraph's state to what the model sees: text, style, alignment, list
    type and formatting marks. A mark that covers the whole text is its bare name
    ("bold"); one that covers part of it quotes the first such run ('bold "Sales"'), so
    a request about one word can be checked against the outline."""
    from lamkit.schema import OutlineParagraph

    marks: list[str] = []
    runs = [r for r in p.runs if r.text.strip()]
    for name, has in _RUN_MARKS:
        hit = [r for r in runs if has(r)]
        if not hit:
            continue
        if len(hit) == len(runs):
            marks.append(name)
        else:
            marks.append(f'{name} "{" ".join(hit[0].text.split())[:_MARK_QUOTE]}"')
    sizes = {r.font_size for r in runs if r.font_size}
    if len(sizes) > 1:  # a run set to its own size: show the odd ones out
        common = max(sizes, key=lambda s: sum(len(r.text) for r in runs if r.font_size == s))
        marks += [f"{s:g}pt" for s in sorted(sizes - {common})]
    if p.left_indent_mm >= 1:
        marks.append(f"indent {p.left_indent_mm / 10:.1f}cm")
    if p.line_spacing_mode == "proportional" and abs(p.line_spacing - 1.0) > 0.2:  # not Word's 1.15 default
        marks.append(f"spacing {p.line_spacing:g}")
    if p.page_break_before:
        marks.append("page break before")
    return OutlineParagraph(text=p.text, style=p.style, alignment=p.alignment, list_type=p.list_type,
                            marks=marks, in_table=in_table)


_RUN_MARKS = (
    ("bold", lambda r: r.bold),
    ("italic", lambda r: r.italic),
    ("underline", lambda r: r.underline),
    ("strikethrough", lambda r: r.strikethrough),
    ("highlight", lambda r: r.highlight is not None and r.highlight != "#ffffff"),
    ("color", lambda r: r.color is not None and r.color not in ("#000000",)),
    ("superscript", lambda r: getattr(r, "superscript", False)),
    ("subscript", lambda r: getattr(r, "subscript", False)),
)


def _outline_table(t) -> list:
    from lamkit.schema import OutlineParagraph

    rows = []
    for r in range(t.getRows().getCount()):
        cells = []
        for c in range(t.getColumns().getCount()):
            try:
                cell = t.getCellByPosition(c, r)
                cells.append(cell.getString() if cell is not None else "")
            except Exception:  # noqa: BLE001 - merged cells leave holes
                cells.append("")
        rows.append(OutlineParagraph(text=" | ".join(cells), style="Table Contents", in_table=True))
    return rows
