"""Template documents: generated at run time, varied, each with a description.

The published dataflow picks a template per task by the similarity of the
request to template descriptions; we generate a catalogue of documents of
twelve kinds (report, letter, memo, minutes, recipe, product sheet, budget
with a table, agenda, newsletter, cover letter, FAQ, release notes) in both
.docx and .odt, so that families have thousands of distinct starting points
and the format reader of Writer is exercised both ways.

Why so varied: a model trained on one document shape learns the shape, not
the skill. Each document has a Title-styled first paragraph, and, as a seed
chooses, Heading 1/2 sections, bulleted or numbered lists, a greeting and a
closing, 3 to 9 paragraphs after the title. Every paragraph has a *role*
(title, heading, body, item, greeting, closing) and a style, recorded in the
catalogue, so tasks can name a paragraph the way people do ("the title", "the
second paragraph", "the paragraph about costs"): :meth:`Template.paragraph_refs`
is the one place those references are made, and the counting rules live there.

The Title style is defined in the document itself, left-aligned, not bold,
22 pt, and the body font is Calibri in both formats: a task "make the title
bold and centre it" or "set it in Liberation Serif" must not be already done
by the template's own styles.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

CATALOG_VERSION = 2  # bump when the generated documents change: an older cached catalogue is rebuilt

# kind -> (titles, description)
KINDS: dict[str, tuple[list[str], str]] = {
    "report": (["Quarterly report", "Annual sales review", "Regional performance summary"],
               "a business report with a title and paragraphs about sales, costs and plans"),
    "letter": (["Letter to a customer", "Order confirmation", "Customer service letter"],
               "a formal letter with a greeting, body paragraphs and a closing"),
    "memo": (["Internal memo", "Office notice", "Staff announcement"],
             "a short internal memo announcing a change to the team"),
    "minutes": (["Meeting minutes", "Project board minutes", "Team meeting notes"],
                "minutes of a meeting with attendees, decisions and action items"),
    "recipe": (["Recipe", "Vegetable gratin", "Harvest soup"],
               "a cooking recipe with ingredients and preparation steps"),
    "product": (["Product sheet", "Product overview", "Technical datasheet"],
                "a product description with features and a price"),
    "table": (["Budget overview", "Expense summary", "Cost breakdown"],
              "a document with a title, a paragraph and a table of figures"),
    "agenda": (["Workshop agenda", "Conference programme", "Board meeting agenda"],
               "an agenda with sessions, times and a numbered list of topics"),
    "newsletter": (["Community newsletter", "Monthly bulletin", "Club newsletter"],
                   "a newsletter with several short stories under headings"),
    "cover_letter": (["Cover letter", "Application for the analyst position", "Job application"],
                     "a job application letter with a greeting, experience and a closing"),
    "faq": (["Frequently asked questions", "Help centre FAQ", "Questions and answers"],
            "a list of frequently asked questions, each a heading followed by its answer"),
    "release_notes": (["Release notes", "Version history", "Software update notes"],
                      "software release notes with new features and bug fixes"),
}

# Each kind's bank: sentences (body paragraphs), headings (section titles), items (list
# entries), greetings and closings (letters). Placeholders are filled from FILL.
BANK: dict[str, dict[str, list[str]]] = {
    "report": {
        "sentences": [
            "Sales grew by {n} percent in the {region} region.", "Costs remained stable despite higher {item} prices.",
            "The team met most goals this quarter.", "Customer satisfaction reached a record level in {month}.",
            "We plan to open two new offices next year.", "Marketing spending was reduced by {n} percent.",
            "Revenue from online orders doubled since {month}.", "The board approved the budget for the {region} expansion.",
            "Staff turnover fell to its lowest rate in years.", "Shipping delays affected deliveries in {month}.",
        ],
        "headings": ["Summary", "Sales figures", "Outlook", "Risks", "Highlights"],
        "items": ["Hire two engineers", "Review supplier contracts", "Launch the {region} campaign", "Reduce travel expenses"],
    },
    "letter": {
        "sentences": [
            "Thank you for your order of {item} placed in {month}.", "We are pleased to confirm the delivery date.",
            "Please find the invoice attached to this letter.", "Our support team is available every weekday.",
            "We look forward to working with you again.", "Your account manager will call you next week.",
            "The warranty covers repairs for three years.", "Payment is due within thirty days.",
        ],
        "greetings": ["Dear Ms Novak,", "Dear Mr Okafor,", "Dear customer,"],
        "closings": ["Kind regards from the {region} office.", "Yours sincerely, Maria Lopez", "Best wishes, the sales team"],
    },
    "memo": {
        "sentences": [
            "Starting in {month}, the office opens at eight.", "All staff should update their passwords this week.",
            "The kitchen on the second floor will be renovated.", "Questions can be sent to the facilities team.",
            "Parking near the {region} entrance is closed.", "Please return borrowed {item} to the front desk.",
            "The printer on the third floor is out of service.", "Visitors must sign in at reception.",
        ],
        "headings": ["Background", "What changes", "Contact"],
        "items": ["Update your password", "Clear your desk on Friday", "Book rooms through the portal"],
    },
    "minutes": {
        "sentences": [
            "Attendees: Anna, Brian, Chen and Dora.", "The group reviewed the {region} project schedule.",
            "Decision: the launch moves to {month}.", "Action: Brian prepares the {item} estimate.",
            "The next meeting is planned for Friday.", "Budget questions were deferred to the finance team.",
            "Chen presented the results of the customer survey.", "Dora will contact the supplier about pricing.",
        ],
        "headings": ["Attendees", "Decisions", "Action items", "Next meeting"],
        "items": ["Anna drafts the press release", "Brian books the venue", "Chen updates the risk register"],
    },
    "recipe": {
        "sentences": [
            "Preheat the oven to {n}0 degrees.", "Mix the flour with two eggs and a cup of milk.",
            "Add a pinch of salt and the grated {item}.", "Bake for twenty minutes until golden.",
            "Serve warm with fresh herbs.", "This dish is a classic of the {region} region.",
            "Leave the dough to rest for an hour.", "Slice the onions thinly before frying.",
        ],
        "headings": ["Ingredients", "Preparation", "Serving"],
        "items": ["Two cups of flour", "Three eggs", "A litre of milk", "Fresh parsley"],
    },
    "product": {
        "sentences": [
            "The new {item} weighs only {n}00 grams.", "Its battery lasts a full working day.",
            "It ships with a two year warranty.", "The price is {n}9 euros including tax.",
            "Available in the {region} stores from {month}.", "Colours: graphite, silver and sand.",
            "The casing is made of recycled aluminium.", "A charging cable is included in the box.",
        ],
        "headings": ["Features", "Pricing", "Availability"],
        "items": ["Waterproof casing", "Fast charging", "Bluetooth connection", "Recycled packaging"],
    },
    "table": {
        "sentences": [
            "Sales grew by {n} percent in the {region} region.", "Costs remained stable despite higher {item} prices.",
            "The figures below are in thousands of euros.", "The second quarter is still being audited.",
        ],
    },
    "agenda": {
        "sentences": [
            "Registration opens at half past eight.", "Lunch is served in the main hall.",
            "The keynote speaker is Professor Singh.", "Coffee breaks follow each session.",
            "All sessions take place in the {region} wing.", "Slides will be shared after the event.",
        ],
        "headings": ["Morning sessions", "Afternoon sessions", "Practical details"],
        "items": ["Welcome and introductions", "Review of the {month} results", "Planning for next year",
                  "Questions from the audience", "Closing remarks"],
    },
    "newsletter": {
        "sentences": [
            "The spring market raised money for the local library.", "Volunteers planted forty trees along the river.",
            "Our choir performs in the town hall in {month}.", "The swimming pool reopens after its renovation.",
            "A new bakery has opened on the {region} square.", "Members voted to extend the opening hours.",
            "The photography contest received eighty entries.", "Cycling lessons for children start next week.",
        ],
        "headings": ["Club news", "Upcoming events", "Member spotlight", "From the committee"],
        "items": ["Garden tour on Saturday", "Book swap every Monday", "Film night in {month}"],
    },
    "cover_letter": {
        "sentences": [
            "I am writing to apply for the analyst position.", "I have five years of experience in data reporting.",
            "At my current employer I led a team of four people.", "I am fluent in English, Spanish and German.",
            "My degree in economics prepared me for this role.", "I would welcome the chance to discuss my application.",
            "I am available for an interview from {month}.",
        ],
        "greetings": ["Dear Hiring Manager,", "Dear Ms Brandt,", "Dear recruitment team,"],
        "closings": ["Sincerely, Jonas Weber", "Yours faithfully, Priya Shah", "With best regards, Tom Hale"],
    },
    "faq": {
        "sentences": [
            "Use the link on the login page to reset your password.", "Orders arrive within five working days.",
            "You can return any item within thirty days.", "Our helpline is open from nine to five.",
            "Invoices are sent by email after each purchase.", "Gift cards are valid for two years.",
        ],
        "headings": ["How do I reset my password?", "When will my order arrive?", "Can I return an item?",
                     "How can I contact support?", "Where is my invoice?"],
    },
    "release_notes": {
        "sentences": [
            "This version improves startup speed on older laptops.", "Several crashes reported by users are fixed.",
            "The export dialog now remembers the last folder.", "Support for the old file format ends in {month}.",
            "Thanks to everyone who reported problems.", "Updating is recommended for all users.",
        ],
        "headings": ["New features", "Bug fixes", "Known issues"],
        "items": ["Dark mode for the editor", "Faster search in large files", "Spell checking for Portuguese",
                  "Fixed a crash when printing", "Fixed wrong dates in reports"],
    },
}
LIST_KIND = {"agenda": "number", "minutes": "number", "recipe": "bullet"}  # others: bullet or number at random
FILL = {
    "n": [str(i) for i in range(2, 10)],
    "region": ["north", "south", "east", "west", "coastal", "central"],
    "month": ["January", "March", "May", "July", "September", "November"],
    "item": ["paper", "steel", "coffee", "laptop", "cheese", "lamp"],
}

# Content nouns a paragraph can be described by ("the paragraph about costs"), as they are
# written in a description (proper nouns capitalised). Only nouns: "the paragraph about
# remained" is not how anyone speaks.
NOUNS = frozenset("""
sales costs prices team goals satisfaction offices marketing revenue orders board budget expansion staff turnover
shipping delays deliveries order delivery invoice support account manager warranty repairs payment office passwords
kitchen floor facilities parking entrance desk printer visitors reception attendees schedule launch estimate meeting
finance survey supplier pricing oven flour eggs milk salt dish coast dough onions herbs battery price colours casing
aluminium cable box registration lunch hall keynote speaker coffee sessions slides market library volunteers trees
river choir pool renovation bakery square members hours contest entries lessons children position experience team
employer English degree economics interview password login helpline invoices gift cards version startup crashes
export dialog folder format problems summary figures outlook risks highlights engineers contracts campaign travel
ingredients preparation features availability morning afternoon details results questions audience remarks
news events spotlight committee garden film bugs issues mode editor search spell printing dates reports paper steel
laptop cheese lamp January March May July September November
""".split())
# nouns said without "the" ("the paragraph about costs", "... about coffee"); the others take it
# ("the paragraph about the oven")
MASS = frozenset("""
sales costs prices goals satisfaction offices marketing revenue orders staff turnover shipping delays deliveries
support payment passwords facilities parking visitors attendees finance pricing flour eggs milk salt herbs onions
colours aluminium registration lunch slides volunteers trees members hours entries lessons children experience
English economics startup crashes problems figures risks highlights engineers contracts travel ingredients
preparation features availability details results questions remarks news events bugs issues printing dates reports
paper steel coffee cheese invoices cards repairs sessions
""".split()) | {"January", "March", "May", "July", "September", "November"}
_NOUN_FORM = {n.lower(): n for n in NOUNS}
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
NOT_BODY = ("title", "heading")  # roles that "the second paragraph" does not count


@dataclass
class Template:
    """A generated document: paragraphs in document order (tables excluded) with role and style.

    ``roles``: title | heading | body | item (a list entry) | greeting | closing.
    ``styles``: the paragraph style as Writer's UI names it ("" for the default).
    ``table_at``: the table sits right before paragraph ``table_at`` (-1: no table).
    ``number``: the document's number within its kind (the split rule reads it).
    """

    name: str
    path: str
    kind: str
    description: str
    paragraphs: list[str]
    table: list[list[str]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    table_at: int = -1
    number: int = -1

    def __post_init__(self) -> None:
        if not self.roles:  # a hand-made template: a title, then body paragraphs
            self.roles = ["title"] + ["body"] * (len(self.paragraphs) - 1)
        if not self.styles:
            self.styles = ["Title" if r == "title" else "" for r in self.roles]
        if len(self.roles) != len(self.paragraphs) or len(self.styles) != len(self.paragraphs):
            raise ValueError(f"template {self.name}: roles/styles must have one entry per paragraph")

    # ------------------------------------------------------------------ text
    def full_text(self) -> str:
        """Every text of the document, paragraphs and table cells, one per line."""
        return "\n".join(self.paragraphs + [c for row in self.table for c in row])

    def words(self) -> list[str]:
        """Words of the paragraphs that occur exactly once in the document (safe selection targets)."""
        text = self.full_text()
        ws = re.findall(r"[A-Za-z]{4,}", "\n".join(self.paragraphs))
        return [w for w in dict.fromkeys(ws) if len(re.findall(rf"\b{w}\b", text)) == 1 and text.count(w) == 1]

    def anchor(self, i: int) -> str | None:
        """How a task selects paragraph ``i``: the shortest prefix of its text, in whole
        words, that occurs exactly once in the document (None if even the whole text repeats).

        Why one rule, and this one: whatever names the paragraph (a quote, "the second
        paragraph", "the title", "the paragraph about costs"), the expert's selection is
        the same, so a model learns one mapping: find the paragraph, copy its beginning.
        A prefix is visible at the start of the paragraph in the model's numbered outline;
        uniqueness makes ``select_text`` and the checkers' ``contains`` unambiguous.
        """
        text, p = self.full_text(), self.paragraphs[i]
        cut = [m.end() for m in re.finditer(r"\S+", p)]
        for end in cut:
            pre = p[:end].rstrip(".,:;!?")
            if len(pre) >= 4 and text.count(pre) == 1:
                return pre
        return None

    # ------------------------------------------------------------------ references
    def body_rank(self, i: int) -> tuple[int, int]:
        """(1-based rank of paragraph ``i`` among the paragraphs "the Nth paragraph" counts, their number).

        Counted: every paragraph that is not the title or a heading (list items, greeting and
        closing included: each is a paragraph in Writer), in document order; tables excluded."""
        body = [j for j, r in enumerate(self.roles) if r not in NOT_BODY]
        return (body.index(i) + 1 if i in body else 0), len(body)

    def nouns(self, i: int) -> list[str]:
        """Content nouns of paragraph ``i`` that occur nowhere else in the document."""
        low = self.full_text().lower()
        ws = dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{4,}", self.paragraphs[i]))
        return [_NOUN_FORM[w] for w in ws if w in _NOUN_FORM and low.count(w) == 1]

    def paragraph_refs(self, i: int) -> dict[str, list[str]]:
        """Ways to name paragraph ``i``: {"quoted" | "position" | "role" | "description": [phrases]}.

        Every phrase names exactly this paragraph under the counting rules of :meth:`body_rank`
        (headings are counted among headings, list items within their list)."""
        role, p = self.roles[i], self.paragraphs[i]
        out: dict[str, list[str]] = {"quoted": [], "position": [], "role": [], "description": []}
        uniq = [w for w in self.words() if w in p]
        if role == "heading" and self.full_text().count(p) == 1:
            out["quoted"] += [f'the heading "{p}"', f'the "{p}" heading']
        if uniq:
            q = uniq[0]
            what = "heading" if role == "heading" else "paragraph"
            out["quoted"] += [f'the {what} containing "{q}"', f'the {what} with "{q}"', f'the line with "{q}"',
                              f'the {what} that contains the word "{q}"', f"the {what} with the word {q}"]
        if role == "title":
            out["role"] += ["the title", "the document title", "the title at the top"]
        elif role == "heading":
            heads = [j for j, r in enumerate(self.roles) if r == "heading"]
            k = heads.index(i)
            if len(heads) == 1:
                out["role"] += ["the heading", "the section heading"]
            elif k < len(ORDINALS):
                out["role"] += [f"the {ORDINALS[k]} heading"]
            if len(heads) > 1 and k == len(heads) - 1:
                out["role"] += ["the last heading"]
        else:
            k, n = self.body_rank(i)
            if k <= len(ORDINALS):
                out["position"] += [f"the {ORDINALS[k - 1]} paragraph"]
            if k == 1:
                out["position"] += ["the opening paragraph"]
            if k == n:
                out["position"] += ["the last paragraph", "the final paragraph"]
            if k == n - 1 and n > 2:
                out["position"] += ["the second-to-last paragraph", "the penultimate paragraph"]
            if i == 1 and self.roles[0] == "title":
                out["position"] += ["the first line after the title", "the line under the title"]
            if role == "item":
                lo = i
                while lo > 0 and self.roles[lo - 1] == "item":
                    lo -= 1
                hi = i
                while hi + 1 < len(self.roles) and self.roles[hi + 1] == "item":
                    hi += 1
                lists = sum(1 for j, r in enumerate(self.roles) if r == "item" and (j == 0 or self.roles[j - 1] != "item"))
                if lists == 1 and i - lo < len(ORDINALS):
                    out["position"] += [f"the {ORDINALS[i - lo]} item of the list", f"the {ORDINALS[i - lo]} list item"]
                    if i == hi:
                        out["position"] += ["the last item of the list"]
            if role == "greeting":
                out["role"] += ["the greeting", "the salutation"]
            if role == "closing":
                out["role"] += ["the closing line", "the sign-off"]
        what = "heading" if role == "heading" else "paragraph"
        for noun in self.nouns(i)[:2]:
            about = noun if noun in MASS else f"the {noun}"
            out["description"] += [f"the {what} about {about}", f"the {what} that mentions {about}"]
            if role not in ("heading", "title"):
                out["description"] += [f"the sentence about {about}"]
        return out

    def word_refs(self, word: str) -> list[str]:
        """Positional names of a word: "the first word of the second paragraph", "the last word of the title"."""
        out = []
        for i, p in enumerate(self.paragraphs):
            toks = re.findall(r"[A-Za-z]+", p)
            if word not in toks:
                continue
            refs = self.paragraph_refs(i)
            names = refs["position"][:1] + refs["role"][:1]
            if toks[0] == word:
                out += [f"the first word of {n}" for n in names]
            if toks[-1] == word:
                out += [f"the last word of {n}" for n in names]
        return out


def _fill(s: str, rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(FILL[m.group(1)]), s)


def _content(kind: str, rng: random.Random) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """(text, role, style) per paragraph, and the table (rows of cells; empty: none)."""
    titles, _ = KINDS[kind]
    bank = BANK[kind]
    sentences = [_fill(s, rng) for s in rng.sample(bank["sentences"], len(bank["sentences"]))]
    paras: list[tuple[str, str, str]] = [(rng.choice(titles), "title", "Title")]
    table: list[list[str]] = []
    if kind == "table":
        n = rng.randint(2, 3)
        paras += [(s, "body", "") for s in sentences[:n]]
        table = [["Item", "Q1", "Q2"]] + [[rng.choice(["Rent", "Salaries", "Travel", "Software", "Hardware"]) + f" {i}",
                                           str(rng.randint(10, 99)), "TBD"] for i in range(1, 3)]
        paras.append(("End of overview.", "body", ""))
        return paras, table
    target = rng.randint(3, 9)  # paragraphs after the title
    closing = None
    if "greetings" in bank:
        paras.append((rng.choice(bank["greetings"]), "greeting", ""))
        closing = (_fill(rng.choice(bank["closings"]), rng), "closing", "")
        target = max(3, target) - 2
    headings = list(bank.get("headings", []))
    rng.shuffle(headings)
    use_headings = bool(headings) and (kind == "faq" or rng.random() < 0.6)
    level = "Heading 2" if rng.random() < 0.3 else "Heading 1"
    items = [_fill(x, rng) for x in bank.get("items", [])]
    rng.shuffle(items)
    list_style = {"bullet": "List Bullet", "number": "List Number"}[LIST_KIND.get(kind) or rng.choice(["bullet", "number"])]
    used_list = not items or rng.random() < 0.25
    body: list[tuple[str, str, str]] = []
    while len(body) < target and (sentences or headings):
        room = target - len(body)
        if use_headings and headings and room >= 2:
            body.append((headings.pop(), "heading", level))
            room -= 1
        n_body = sum(1 for b in body if b[1] == "body")
        if not used_list and room >= 2 and n_body >= 2 and (rng.random() < 0.5 or not sentences):
            k = min(room, rng.randint(2, 3), len(items))
            body += [(x, "item", list_style) for x in items[:k]]
            used_list = True
        elif sentences:
            for _ in range(min(room, rng.randint(1, 2), len(sentences))):
                body.append((sentences.pop(), "body", ""))
        else:
            break
    if body and body[-1][1] == "heading":  # a heading closes no section
        body.pop()
    while (sum(1 for b in body if b[1] == "body") < 2  # every family finds a plain paragraph
           or len(paras) - 1 + len(body) + bool(closing) < 3) and sentences:
        body.append((sentences.pop(), "body", ""))
    paras += body
    if closing:
        paras.append(closing)
    return paras, table


def _write_docx(path: Path, paras: list[tuple[str, str, str]], table: list[list[str]]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = Document()
    d.styles["Normal"].font.name = "Calibri"
    title = d.styles["Title"]
    title.font.bold, title.font.size, title.font.name = False, Pt(22), "Calibri"
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for k, (text, _role, style) in enumerate(paras):
        if table and k == len(paras) - 1:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, v in enumerate(row):
                    t.cell(r, c).text = v
        d.add_paragraph(text, style=style or None)
    d.save(str(path))


def odt_table(rows: list[list[str]], name: str = "Table1"):
    """An ODF table element holding ``rows`` of plain-text cells (odfpy)."""
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    t = Table(name=name)
    t.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
    for row in rows:
        tr = TableRow()
        for v in row:
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=v))
            tr.addElement(tc)
        t.addElement(tr)
    return t


def _write_odt(path: Path, paras: list[tuple[str, str, str]], table: list[list[str]]) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import (DefaultStyle, FontFace, ListLevelProperties, ParagraphProperties, Style,
                           TextProperties)
    from odf.text import H, List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P

    d = OpenDocumentText()
    d.fontfacedecls.addElement(FontFace(name="Calibri", fontfamily="Calibri", fontfamilygeneric="swiss"))
    dflt = DefaultStyle(family="paragraph")
    dflt.addElement(TextProperties(fontname="Calibri", fontsize="11pt"))
    d.styles.addElement(dflt)
    title = Style(name="Title", family="paragraph")
    title.addElement(ParagraphProperties(textalign="start"))
    title.addElement(TextProperties(fontsize="22pt", fontweight="normal", fontname="Calibri"))
    d.styles.addElement(title)
    lists = {}
    for name, kind in (("L1", "bullet"), ("L2", "number")):
        ls = ListStyle(name=name)
        lvl = (ListLevelStyleBullet(level=1, bulletchar="•") if kind == "bullet"
               else ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
        lvl.addElement(ListLevelProperties(spacebefore="0.6cm", minlabelwidth="0.6cm"))
        ls.addElement(lvl)
        d.automaticstyles.addElement(ls)
        lists[name] = ls
    open_list = None
    for k, (text, _role, style) in enumerate(paras):
        if table and k == len(paras) - 1:
            d.text.addElement(odt_table(table))
        if style in ("List Bullet", "List Number"):
            if open_list is None:
                open_list = List(stylename=lists["L1" if style == "List Bullet" else "L2"])
                d.text.addElement(open_list)
            li = ListItem()
            li.addElement(P(text=text))
            open_list.addElement(li)
            continue
        open_list = None
        if style.startswith("Heading"):
            d.text.addElement(H(outlinelevel=int(style[-1]), stylename=style, text=text))
        elif style:
            d.text.addElement(P(stylename=style, text=text))
        else:
            d.text.addElement(P(text=text))
    d.save(str(path))


def build_catalog(folder: Path, per_kind: int = 6, seed: int = 0) -> list[Template]:
    """Generate (or reuse) ``per_kind`` documents of each kind, alternating .docx and .odt.

    The format alternates over kinds too, so that documents with the same number (the
    split rule puts some numbers in the test split) come in both formats."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "catalog.json"
    if index.exists():
        try:
            data = json.loads(index.read_text())
            if data.get("version") == CATALOG_VERSION and data.get("seed") == seed:
                cat = [Template(**t) for t in data["templates"]]
                if len(cat) == per_kind * len(KINDS) and all(Path(t.path).exists() for t in cat):
                    return cat
        except (ValueError, TypeError, AttributeError, KeyError):
            pass  # an older or damaged cache: rebuild it
    rng = random.Random(seed)
    cat = []
    for ki, kind in enumerate(KINDS):
        for i in range(per_kind):
            paras, table = _content(kind, rng)
            ext = ".docx" if (ki + i) % 2 == 0 else ".odt"
            path = folder / f"{kind}-{i:02d}{ext}"
            (_write_docx if ext == ".docx" else _write_odt)(path, paras, table)
            cat.append(Template(name=path.stem, path=str(path), kind=kind, description=KINDS[kind][1],
                                paragraphs=[p[0] for p in paras], table=table, roles=[p[1] for p in paras],
                                styles=[p[2] for p in paras], table_at=len(paras) - 1 if table else -1, number=i))
    tmp = index.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": CATALOG_VERSION, "seed": seed, "templates": [asdict(t) for t in cat]}, indent=1))
    tmp.replace(index)
    return cat


def build_help_template(folder: Path, seed: int = 0) -> Template:
    """One document for help procedures that act on a list: the table document's content
    (a title, paragraphs, a table) with an ordered list after its first paragraph, as .docx.

    Why apart from :func:`build_catalog`, and not a kind of it: the catalogue's kinds feed the
    families and their split, which must not change; the help's step compiler needs one
    document holding a list *and* a table ("Click in the list", "Right-click in the list,
    choose List - ..."), and takes it only for procedures the table document cannot serve.
    Deterministic per seed; regenerated when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"help-list-{seed}")
    paras, table = _content("table", rng)
    items = [_fill(x, rng) for x in BANK["report"]["items"][:3]]
    paras[2:2] = [(x, "item", "List Number") for x in items]
    path = folder / "help_list-00.docx"
    if not path.exists():
        tmp = folder / "help_list-00.tmp.docx"
        _write_docx(tmp, paras, table)
        tmp.replace(path)  # atomic: a half-written document is never taken for the template
    return Template(name=path.stem, path=str(path), kind="help_list", description="a document with a title, paragraphs, an ordered list and a table",
                    paragraphs=[p[0] for p in paras], table=table, roles=[p[1] for p in paras], styles=[p[2] for p in paras],
                    table_at=len(paras) - 1, number=0)


@dataclass
class ObjectTemplate(Template):
    """A help document that holds objects besides text: ``objects`` maps each kind the help
    names ("header", "footer", "footnote", "endnote", "frame", "image", "section", "field",
    "bookmark") to the text the expert reaches it by: the text inside it (a header's, a
    footnote's, a frame's, a section's first paragraph), the text a field shows, the text a
    bookmark marks, the start of the paragraph that ends with the footnote's anchor ("footnote
    anchor"); "" for the image, which holds no text and is the first object after the document's
    start (Writer's Shift+F4, "Select next frame", reaches it first)."""

    objects: dict[str, str] = field(default_factory=dict)


#: The objects of the help's object document and their texts (each occurs once in the document).
HELP_OBJECTS = {
    "header": "Budget office internal",
    "footer": "Confidential draft",
    "footnote": "Figures are rounded to the nearest thousand.",
    "endnote": "Source: the finance ledger.",
    "frame": "Approved by the board",
    "image": "",
    "section": "Open questions for the audit",
    "field": "Ada Lovelace",
    "bookmark": "",  # the text it marks: the document's last paragraph (set when the document is built)
    "footnote anchor": "",  # the paragraph that ends with the footnote's anchor (its anchor text, set when built)
}
HELP_BOOKMARK = "Checkpoint"  # the bookmark's name


def build_help_objects(folder: Path, seed: int = 0, number: int = 0) -> ObjectTemplate:
    """One document for help procedures that act on an object ("Click in the footnote", "Select
    the frame", "Select the field"): the table document's content with a header and a footer, a
    footnote and an endnote, a text frame, an image, a section, an Author field (fixed content,
    so its text is the same on every load) and a bookmark, as flat ODF (.fodt: one XML file,
    written whole, with the image inline).

    Why flat ODF and not .docx: python-docx writes neither notes, frames nor sections, and an
    ODF element per object is what Writer itself saves. Why apart from the catalogue: as for
    :func:`build_help_template`, the families and their split must not change. ``number`` is
    the document's number for the split rule (a test page's procedures need a test document).
    Deterministic per seed and number; regenerated when missing, written atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"help-objects-{seed}")
    paras, table = _content("table", rng)
    ob = dict(HELP_OBJECTS)
    paras[2:2] = [(f"Prepared by {ob['field']} for the finance team.", "body", ""), (ob["section"], "body", "")]
    ob["bookmark"] = paras[-1][0]
    path = folder / f"help_objects-{number:02d}.fodt"
    if not path.exists():
        _write_new(path, _fodt(paras, table, ob))
    tpl = ObjectTemplate(name=path.stem, path=str(path), kind="help_objects",
                          description="a document with a header, a footer, notes, a frame, an image, a section, a field and a table",
                          paragraphs=[p[0] for p in paras], table=table, roles=[p[1] for p in paras],
                          styles=[p[2] for p in paras], table_at=len(paras) - 1, number=number, objects=ob)
    tpl.objects["footnote anchor"] = tpl.anchor(next(i for i, r in enumerate(tpl.roles) if r == "body")) or ""
    return tpl



#: The references document's objects (:func:`build_help_references`): its numbered heading, the
#: text a cross-reference to it shows, the word an index entry marks, a formula typed as text
#: (the help's own example, "12+24*2"), a word with character highlighting (the formula
#: paragraph's last), and the titles of its table of contents and alphabetical index. Each text
#: occurs once in the body before the indexes (which repeat the heading and the entry: they come
#: last, so a search finds the object first).
HELP_REFERENCES = {"heading": "Summary of costs", "index entry": "Costs", "formula": "12+24*2",
                   "highlighted text": "agreed", "table of contents": "Contents", "alphabetical index": "Alphabetical Index"}
_HIGHLIGHT = "#ffff00"  # the highlighted word's colour (Writer's default highlighting colour, yellow)
HELP_REFERENCE_MARK = "Summary"  # the reference mark around the heading, the cross-reference's target


def build_help_references(folder: Path, seed: int = 0, number: int = 0) -> ObjectTemplate:
    """A second object document, for procedures that act on what the first
    (:func:`build_help_objects`) lacks: a heading numbered by the chapter (outline) numbering,
    an index entry (an alphabetical index mark), a cross-reference to the heading, a formula
    typed as text, a word with character highlighting ("Select the highlighted text" before
    removing highlighting: any other word would have none to remove), a table of contents and an
    alphabetical index; the table document's text
    and table besides. Flat ODF, as the first.

    Why a second document and not more objects in the first: the first one's episodes are
    recorded and hand-labelled, and its paragraphs are what its compiled plans select; the
    compiler takes this one only for a procedure no earlier document completes
    (:func:`lamkit.dataflow.help.compile.compile_first`), so no existing plan changes.

    ``objects`` (read by the compiler's :class:`~lamkit.dataflow.help.compile.Target`) maps
    each kind to the text the expert reaches it by: the heading's text, the anchor of the
    paragraph an index entry or a cross-reference begins (the cursor in front of either is that
    paragraph's start), the formula's text, the first paragraph of each index (its title)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"help-refs-{seed}")
    paras, table = _content("table", rng)
    ob = dict(HELP_REFERENCES)
    title, body, last = paras[0], [p for p in paras[1:-1]], paras[-1]
    first = body[0][0]
    mark_para = first if first.startswith(ob["index entry"]) else f"{ob['index entry']} are listed below. {first}"
    ref_para = f"{ob['heading']} lists what the budget pays for."
    rows = [title, (ob["heading"], "heading", "Heading 1"), (mark_para, "body", ""), (ref_para, "body", ""),
            *body[1:], (f"The total is {ob['formula']} thousand, as {ob['highlighted text']}.", "body", ""),
            (ob["table of contents"], "index", "Contents Heading"), (f"1 {ob['heading']}\t1", "index", "Contents 1"),
            (ob["alphabetical index"], "index", "Index Heading"), (f"{ob['index entry']}, 1", "index", "Index 1"), last]
    path = folder / f"help_refs-{number:02d}.fodt"
    if not path.exists():
        _write_new(path, _refs_fodt(rows, table, ob))
    tpl = ObjectTemplate(name=path.stem, path=str(path), kind="help_refs",
                         description="a document with a numbered heading, an index entry, a cross-reference, a formula as text, a highlighted word, "
                                     "a table of contents, an alphabetical index and a table",
                         paragraphs=[p[0] for p in rows], table=table, roles=[p[1] for p in rows], styles=[p[2] for p in rows],
                         table_at=len(rows) - 1, number=number, objects=ob)
    for kind, text in (("index entry", mark_para), ("cross-reference", ref_para)):
        tpl.objects[kind] = tpl.anchor(tpl.paragraphs.index(text)) or text
    return tpl


def _refs_fodt(rows: list[tuple[str, str, str]], table: list[list[str]], ob: dict[str, str]) -> str:
    """The flat ODF text of :func:`build_help_references`' document: ``rows`` in order (the
    index paragraphs as the bodies of a table of contents and an alphabetical index, the way
    Writer saves them), ``table`` before the last row; the heading is numbered by the outline
    style ("1"), holds reference mark :data:`HELP_REFERENCE_MARK`, and the paragraph that
    begins with its text begins with a cross-reference (a GetReference field, format "text")
    to that mark; the index entry's word is marked by an alphabetical index mark."""
    from xml.sax.saxutils import escape as x

    body, k = [], 0
    while k < len(rows):
        text, role, style = rows[k]
        if table and k == len(rows) - 1:
            cells = "".join("<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{x(v)}</text:p></table:table-cell>'
                                                          for v in row) + "</table:table-row>" for row in table)
            body.append(f'<table:table table:name="Table1"><table:table-column table:number-columns-repeated="{len(table[0])}"/>{cells}</table:table>')
        if role == "heading":
            body.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1"><text:reference-mark-start text:name="{HELP_REFERENCE_MARK}"/>'
                        f'{x(text)}<text:reference-mark-end text:name="{HELP_REFERENCE_MARK}"/></text:h>')
        elif role == "index" and text == ob["table of contents"]:
            entry = x(rows[k + 1][0]).replace("\t", "<text:tab/>")
            body.append('<text:table-of-content text:style-name="Sect1" text:protected="true" text:name="Table of Contents1">'
                        '<text:table-of-content-source text:outline-level="10"><text:index-title-template text:style-name="Contents_20_Heading">'
                        f'{x(text)}</text:index-title-template><text:table-of-content-entry-template text:outline-level="1" text:style-name="Contents_20_1">'
                        '<text:index-entry-chapter/><text:index-entry-text/><text:index-entry-tab-stop style:type="right" style:leader-char="."/>'
                        '<text:index-entry-page-number/></text:table-of-content-entry-template></text:table-of-content-source><text:index-body>'
                        f'<text:index-title text:style-name="Sect1" text:name="Table of Contents1_Head"><text:p text:style-name="Contents_20_Heading">{x(text)}</text:p>'
                        f'</text:index-title><text:p text:style-name="Contents_20_1">{entry}</text:p></text:index-body></text:table-of-content>')
            k += 2
            continue
        elif role == "index" and text == ob["alphabetical index"]:
            body.append('<text:alphabetical-index text:style-name="Sect1" text:protected="true" text:name="Alphabetical Index1">'
                        '<text:alphabetical-index-source text:ignore-case="true" text:main-entry-style-name="Main_20_index_20_entry" '
                        f'text:sort-algorithm="alphanumeric"><text:index-title-template text:style-name="Index_20_Heading">{x(text)}</text:index-title-template>'
                        '<text:alphabetical-index-entry-template text:outline-level="1" text:style-name="Index_20_1"><text:index-entry-text/>'
                        '<text:index-entry-span>, </text:index-entry-span><text:index-entry-page-number/></text:alphabetical-index-entry-template>'
                        '</text:alphabetical-index-source><text:index-body><text:index-title text:style-name="Sect1" text:name="Alphabetical Index1_Head">'
                        f'<text:p text:style-name="Index_20_Heading">{x(text)}</text:p></text:index-title>'
                        f'<text:p text:style-name="Index_20_1">{x(rows[k + 1][0])}</text:p></text:index-body></text:alphabetical-index>')
            k += 2
            continue
        elif text.startswith(ob["heading"] + " "):
            body.append(f'<text:p><text:reference-ref text:reference-format="text" text:ref-name="{HELP_REFERENCE_MARK}">{x(ob["heading"])}'
                        f'</text:reference-ref>{x(text[len(ob["heading"]):])}</text:p>')
        elif role == "body" and text.endswith(f" {ob['highlighted text']}."):
            body.append(f'<text:p>{x(text[:-len(ob["highlighted text"]) - 1])}<text:span text:style-name="T1">{x(ob["highlighted text"])}</text:span>.</text:p>')
        elif role == "body" and text.startswith(ob["index entry"] + " "):
            body.append(f'<text:p><text:alphabetical-index-mark-start text:id="IMark1"/>{x(ob["index entry"])}'
                        f'<text:alphabetical-index-mark-end text:id="IMark1"/>{x(text[len(ob["index entry"]):])}</text:p>')
        else:
            body.append(f'<text:p text:style-name="{style}">{x(text)}</text:p>' if style else f"<text:p>{x(text)}</text:p>")
        k += 1
    return _FODT_HEAD + f"""<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="space"/></style:list-level-properties></text:outline-level-style></text:outline-style>
</office:styles>
<office:automatic-styles>
<style:style style:name="Sect1" style:family="section"><style:section-properties style:editable="false"/></style:style>
<style:style style:name="T1" style:family="text"><style:text-properties fo:background-color="{_HIGHLIGHT}"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body>
</office:document>
"""

def _png(width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (46, 117, 182)) -> bytes:
    """A small solid-colour PNG, made here (no imaging library): the image the document holds."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


_FODT_NS = " ".join(f'xmlns:{k}="{v}"' for k, v in {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0", "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/", "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"}.items())

#: The start of both object documents' flat ODF (its namespaces, font, default and title styles);
#: each goes on with its own styles
_FODT_HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {_FODT_NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Calibri" svg:font-family="Calibri" style:font-family-generic="swiss"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Calibri" fo:font-size="11pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/><style:text-properties fo:font-size="22pt" fo:font-weight="normal" style:font-name="Calibri"/></style:style>
"""



def _write_new(path: Path, text: str) -> None:
    """Write a generated flat-ODF document atomically (through ``<stem>.tmp.fodt``): a
    half-written document is never taken for the template."""
    tmp = path.with_name(f"{path.stem}.tmp{path.suffix}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)

def _fodt(paras: list[tuple[str, str, str]], table: list[list[str]], ob: dict[str, str]) -> str:
    """The flat ODF text of the object document: ``paras`` (the first body paragraph carries the
    footnote, the frame and the image; the second the endnote; the one holding the field's text
    shows it as a fixed Author field; the one equal to the section's text is the section; the
    bookmark marks the last paragraph), ``table`` before the last paragraph, the
    header and the footer on the default page style."""
    import base64
    from xml.sax.saxutils import escape as x

    first = next(i for i, (_, r, _s) in enumerate(paras) if r == "body")
    body = []
    for k, (text, _role, style) in enumerate(paras):
        if table and k == len(paras) - 1:
            rows = "".join("<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{x(v)}</text:p></table:table-cell>'
                                                         for v in row) + "</table:table-row>" for row in table)
            body.append(f'<table:table table:name="Table1"><table:table-column table:number-columns-repeated="{len(table[0])}"/>{rows}</table:table>')
        inner = x(text)
        if k == first:
            inner = (f'<draw:frame draw:style-name="fr1" draw:name="Frame1" text:anchor-type="paragraph" svg:width="5cm" svg:x="11cm" '
                     f'svg:y="0cm" draw:z-index="0"><draw:text-box fo:min-height="1cm"><text:p>{x(ob["frame"])}</text:p></draw:text-box></draw:frame>'
                     f'<draw:frame draw:style-name="fr2" draw:name="Image1" text:anchor-type="paragraph" svg:width="1cm" svg:height="1cm" '
                     f'svg:x="9cm" svg:y="0cm" draw:z-index="1"><draw:image><office:binary-data>{base64.b64encode(_png()).decode()}'
                     f'</office:binary-data></draw:image></draw:frame>{inner}'
                     f'<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                     f'<text:note-body><text:p text:style-name="Footnote">{x(ob["footnote"])}</text:p></text:note-body></text:note>')
        elif k == first + 1:
            inner += ('<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i</text:note-citation>'
                      f'<text:note-body><text:p text:style-name="Endnote">{x(ob["endnote"])}</text:p></text:note-body></text:note>')
        if ob["field"] in text:
            inner = inner.replace(x(ob["field"]), f'<text:author-name text:fixed="true">{x(ob["field"])}</text:author-name>')
        if k == len(paras) - 1:
            inner = f'<text:bookmark-start text:name="{HELP_BOOKMARK}"/>{inner}<text:bookmark-end text:name="{HELP_BOOKMARK}"/>'
        p = f'<text:p text:style-name="{style}">{inner}</text:p>' if style else f"<text:p>{inner}</text:p>"
        body.append(f'<text:section text:name="Section1">{p}</text:section>' if text == ob["section"] else p)
    return _FODT_HEAD + f"""<style:style style:name="Frame" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" style:wrap="parallel" fo:padding="0.15cm" fo:border="0.06pt solid #000000"/></style:style>
<style:style style:name="Graphics" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" style:wrap="none"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="fr1" style:family="graphic" style:parent-style-name="Frame"><style:graphic-properties style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="from-left" style:horizontal-rel="paragraph"/></style:style>
<style:style style:name="fr2" style:family="graphic" style:parent-style-name="Graphics"><style:graphic-properties style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="from-left" style:horizontal-rel="paragraph"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style/><style:footer-style/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p>{x(ob["header"])}</text:p></style:header><style:footer><text:p>{x(ob["footer"])}</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body>
</office:document>
"""
