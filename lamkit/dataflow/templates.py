"""Template documents: generated at run time, varied, each with a description.

The published dataflow picks a template per task by the similarity of the
request to template descriptions; we generate a catalogue of documents of
several kinds (report, letter, memo, minutes, recipe, product sheet; some with
a table) in both .docx and .odt, so that families have thousands of distinct
starting points and the format reader of Writer is exercised both ways.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

KINDS = {
    "report": ("Quarterly report", "a business report with a title and paragraphs about sales, costs and plans"),
    "letter": ("Letter to a customer", "a formal letter with a greeting, body paragraphs and a closing"),
    "memo": ("Internal memo", "a short internal memo announcing a change to the team"),
    "minutes": ("Meeting minutes", "minutes of a meeting with attendees, decisions and action items"),
    "recipe": ("Recipe", "a cooking recipe with ingredients and preparation steps"),
    "product": ("Product sheet", "a product description with features and a price"),
    "table": ("Budget overview", "a document with a title, a paragraph and a table of figures"),
}
SENTENCES = {
    "report": [
        "Sales grew by {n} percent in the {region} region.", "Costs remained stable despite higher {item} prices.",
        "The team met most goals this quarter.", "Customer satisfaction reached a record level in {month}.",
        "We plan to open two new offices next year.", "Marketing spending was reduced by {n} percent.",
        "Revenue from online orders doubled since {month}.", "The board approved the budget for the {region} expansion.",
    ],
    "letter": [
        "Thank you for your order of {item} placed in {month}.", "We are pleased to confirm the delivery date.",
        "Please find the invoice attached to this letter.", "Our support team is available every weekday.",
        "We look forward to working with you again.", "Kind regards from the {region} office.",
    ],
    "memo": [
        "Starting in {month}, the office opens at eight.", "All staff should update their passwords this week.",
        "The kitchen on the second floor will be renovated.", "Questions can be sent to the facilities team.",
        "Parking near the {region} entrance is closed.", "Please return borrowed {item} to the front desk.",
    ],
    "minutes": [
        "Attendees: Anna, Brian, Chen and Dora.", "The group reviewed the {region} project schedule.",
        "Decision: the launch moves to {month}.", "Action: Brian prepares the {item} estimate.",
        "The next meeting is planned for Friday.", "Budget questions were deferred to the finance team.",
    ],
    "recipe": [
        "Preheat the oven to {n}0 degrees.", "Mix the flour with two eggs and a cup of milk.",
        "Add a pinch of salt and the grated {item}.", "Bake for twenty minutes until golden.",
        "Serve warm with fresh herbs.", "This dish comes from the {region} coast.",
    ],
    "product": [
        "The new {item} weighs only {n}00 grams.", "Its battery lasts a full working day.",
        "It ships with a two year warranty.", "The price is {n}9 euros including tax.",
        "Available in the {region} stores from {month}.", "Colours: graphite, silver and sand.",
    ],
}
SENTENCES["table"] = SENTENCES["report"][:4]
FILL = {
    "n": [str(i) for i in range(2, 10)],
    "region": ["north", "south", "east", "west", "coastal", "central"],
    "month": ["January", "March", "May", "July", "September", "November"],
    "item": ["paper", "steel", "coffee", "laptop", "cheese", "lamp"],
}


@dataclass
class Template:
    name: str
    path: str
    kind: str
    description: str
    paragraphs: list[str]
    table: list[list[str]] = field(default_factory=list)

    def words(self) -> list[str]:
        """Words that occur exactly once in the document (safe selection targets)."""
        text = "\n".join(self.paragraphs)
        ws = re.findall(r"[A-Za-z]{4,}", text)
        return [w for w in dict.fromkeys(ws) if len(re.findall(rf"\b{w}\b", text)) == 1 and text.count(w) == 1]


def _fill(s: str, rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(FILL[m.group(1)]), s)


def _content(kind: str, rng: random.Random) -> tuple[list[str], list[list[str]]]:
    title, _ = KINDS[kind]
    n = rng.randint(3, 5)
    body = [_fill(s, rng) for s in rng.sample(SENTENCES[kind], min(n, len(SENTENCES[kind])))]
    table = []
    if kind == "table":
        table = [["Item", "Q1", "Q2"]] + [[rng.choice(["Rent", "Salaries", "Travel", "Software", "Hardware"]) + f" {i}", str(rng.randint(10, 99)), "TBD"] for i in range(1, 3)]
    return [title] + body, table


def _write_docx(path: Path, paragraphs: list[str], table: list[list[str]]) -> None:
    from docx import Document

    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
        d.add_paragraph("End of overview.")
    d.save(str(path))


def _write_odt(path: Path, paragraphs: list[str], table: list[list[str]]) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    d = OpenDocumentText()
    for p in paragraphs:
        d.text.addElement(P(text=p))
    if table:
        t = Table(name="Table1")
        t.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for row in table:
            tr = TableRow()
            for v in row:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v))
                tr.addElement(tc)
            t.addElement(tr)
        d.text.addElement(t)
        d.text.addElement(P(text="End of overview."))
    d.save(str(path))


def build_catalog(folder: Path, per_kind: int = 6, seed: int = 0) -> list[Template]:
    """Generate (or reuse) ``per_kind`` documents of each kind, alternating .docx and .odt."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "catalog.json"
    if index.exists():
        cat = [Template(**t) for t in json.loads(index.read_text())]
        if len(cat) == per_kind * len(KINDS) and all(Path(t.path).exists() for t in cat):
            return cat
    rng = random.Random(seed)
    cat = []
    for kind, (title, desc) in KINDS.items():
        for i in range(per_kind):
            paras, table = _content(kind, rng)
            ext = ".docx" if i % 2 == 0 else ".odt"
            path = folder / f"{kind}-{i:02d}{ext}"
            (_write_docx if ext == ".docx" else _write_odt)(path, paras, table)
            cat.append(Template(name=path.stem, path=str(path), kind=kind, description=desc, paragraphs=paras, table=table))
    tmp = index.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(t) for t in cat], indent=1))
    tmp.replace(index)
    return cat
