"""How users ask for each family: ≥ 8 request phrasings per family, and the compound connectives.

Kept apart from families.py (what is done and how it is checked) because phrasings
are data the split rule partitions (lamkit/dataflow/split.py: every 4th phrasing is
test-only) and that grows on its own.

Written as people type requests: imperative, polite, terse, questions, British
and American spelling, with and without quotes, parameters said in words
("double spacing", "a level-two heading", "two and a half centimetres").

Placeholders: ``{ref}`` / ``{Ref}`` (capitalised) name the target (a quoted word,
"the second paragraph", "the title", "the paragraph about costs": see
``Template.paragraph_refs`` / ``word_refs``); ``{word}`` is the bare word (find and
replace quotes it itself); the others are the family's parameters and their spoken
forms (:func:`spoken`).

Convention the compound tasks rely on: phrasings 0 to 3 of every family are plain
imperatives ("Make {ref} bold.") so that ``clause()`` can turn them into a clause
("make {ref} bold") joined by a connective; phrasing 3 is a test phrasing, so
compound tasks have held-out clauses too.
"""

from __future__ import annotations

from typing import Any

CLAUSES = 4  # phrasings 0..CLAUSES-1 are imperatives usable as clauses of a compound request

PHRASINGS: dict[str, list[str]] = {
    "bold": ["Make {ref} bold.", "Bold {ref}.", "Put {ref} in bold type.", "Set {ref} in bold.",
             "Please make {ref} bold.", "Could you bold {ref}?", "{Ref} should be in bold.", "bold {ref}",
             "I'd like {ref} to be bold, please.", "Can you apply bold formatting to {ref}?"],
    "italic": ["Make {ref} italic.", "Italicise {ref}.", "Put {ref} in italics.", "Italicize {ref}.",
               "Please set {ref} in italics.", "Could you make {ref} italic?", "{Ref} needs to be in italics.",
               "italic on {ref}", "I want {ref} italicized."],
    "underline": ["Underline {ref}.", "Add an underline to {ref}.", "Give {ref} an underline.", "Put a line under {ref}.",
                  "Please underline {ref}.", "Can you underline {ref}?", "{Ref} should be underlined.", "underline {ref}",
                  "I'd like {ref} underlined."],
    "strikethrough": ["Strike through {ref}.", "Apply strikethrough to {ref}.", "Cross out {ref}.", "Put a line through {ref}.",
                      "Please strike out {ref}.", "Could you cross out {ref}?", "{Ref} should be struck through.",
                      "strikethrough {ref}", "Mark {ref} as deleted with a strikethrough."],
    "highlight": ["Highlight {ref} in yellow.", "Give {ref} a yellow highlight.", "Mark {ref} with the yellow highlighter.",
                  "Apply yellow highlighting to {ref}.", "Please highlight {ref} in yellow.", "Can you highlight {ref} in yellow?",
                  "{Ref} should be highlighted yellow.", "yellow highlight on {ref}",
                  "I'd like {ref} highlighted in yellow, please."],
    "font_color": ["Make {ref} dark red.", "Colour {ref} dark red.", "Change the font colour of {ref} to dark red.",
                   "Color {ref} dark red.", "Please set the text color of {ref} to dark red.", "Could you make {ref} dark red?",
                   "{Ref} should be in dark red.", "dark red text for {ref}",
                   "Use the font colour button to make {ref} dark red."],
    "font_size": ["Set {ref} to {size} pt.", "Change the font size of {ref} to {size}.", "Make {ref} {size} points.",
                  "Resize {ref} to {size} pt.", "Please make {ref} {size_words} points.", "Could you set {ref} in {size}-point type?",
                  "{Ref} should be {size} pt.", "{size}pt for {ref}", "I need {ref} at a font size of {size_words}."],
    "font_name": ["Change the font of {ref} to {font}.", "Set {ref} in {font}.", "Use the {font} font for {ref}.",
                  "Switch {ref} to the {font} typeface.", "Please format {ref} in {font}.", "Can you change {ref} to {font}?",
                  "{Ref} should use {font}.", "font {font} on {ref}", "I'd like {ref} in the {font} typeface."],
    "uppercase": ["Change {ref} to uppercase.", "Make {ref} all capitals.", "Write {ref} in UPPERCASE.",
                  "Convert {ref} to capital letters.", "Please capitalise every letter of {ref}.",
                  "Could you put {ref} in upper case?", "{Ref} should be in all caps.", "caps for {ref}",
                  "Turn {ref} into block capitals."],
    "align_center": ["Center {ref}.", "Centre {ref}.", "Align {ref} to the center.", "Center-align {ref}.",
                     "Please centre {ref}.", "Could you center {ref}?", "{Ref} should be centred on the page.", "center {ref}",
                     "I'd like {ref} centered."],
    "align_right": ["Right-align {ref}.", "Align {ref} to the right.", "Move {ref} to the right margin.", "Set {ref} flush right.",
                    "Please right-align {ref}.", "Can you align {ref} to the right?", "{Ref} should be aligned right.",
                    "right align {ref}", "I want {ref} lined up on the right."],
    "justify": ["Justify {ref}.", "Make {ref} justified.", "Set {ref} to justified alignment.", "Align {ref} to both margins.",
                "Please justify {ref}.", "Could you justify {ref}?", "{Ref} should be fully justified.", "justify {ref}",
                "I'd like {ref} justified, please."],
    "line_spacing": ["Set {spacing_label} line spacing for {ref}.", "Give {ref} {spacing_label} line spacing.",
                     "Change the line spacing of {ref} to {spacing_label}.", "Make {ref} {spacing_adj}.",
                     "Please use {spacing_words} spacing for {ref}.", "Could you give {ref} {spacing_label} line spacing?",
                     "{Ref} should have {spacing_words} line spacing.", "{spacing_label} spacing on {ref}",
                     "I'd like {ref} with {spacing_words} line spacing."],
    "indent": ["Indent {ref} by {cm} cm.", "Set a left indent of {cm} cm on {ref}.", "Give {ref} a {cm} cm indent from the left.",
               "Indent {ref} {mm} mm from the left.", "Please indent {ref} by {cm_words}.",
               "Could you indent {ref} {cm} centimeters?", "{Ref} should start {cm} cm from the left margin.",
               "indent {ref} {cm}cm", "I need {ref} indented by {cm_words} on the left."],
    "bullets": ["Turn {ref} into a bulleted list.", "Add a bullet to {ref}.", "Make {ref} a bullet point.",
                "Put a bullet in front of {ref}.", "Please format {ref} as a bulleted list item.", "Can you bullet {ref}?",
                "{Ref} should be a bullet point.", "bullet {ref}", "I'd like {ref} as an unordered list item."],
    "numbering": ["Number {ref}.", "Make {ref} a numbered list item.", "Turn {ref} into a numbered list.",
                  "Add numbering to {ref}.", "Please put {ref} in a numbered list.", "Could you number {ref}?",
                  "{Ref} should be numbered.", "numbering for {ref}", "I want {ref} to be an ordered list item."],
    "heading1": ["Make {ref} a Heading 1.", "Apply the Heading 1 style to {ref}.", "Turn {ref} into a level-one heading.",
                 "Format {ref} as Heading 1.", "Please style {ref} as a top-level heading.",
                 "Could you make {ref} a first-level heading?", "{Ref} should use the Heading 1 style.", "heading 1 for {ref}",
                 "I'd like {ref} to be a main heading (Heading 1)."],
    "heading2": ["Make {ref} a Heading 2.", "Apply Heading 2 to {ref}.", "Turn {ref} into a level-two heading.",
                 "Format {ref} as a second-level heading.", "Please give {ref} the Heading 2 style.",
                 "Can you make {ref} a subheading (Heading 2)?", "{Ref} should be a level 2 heading.", "heading 2: {ref}",
                 "I want {ref} styled as Heading 2."],
    "heading3": ["Format {ref} as Heading 3.", "Apply the Heading 3 style to {ref}.", "Make {ref} a level-three heading.",
                 "Turn {ref} into a Heading 3.", "Please style {ref} as a third-level heading.",
                 "Could you apply Heading 3 to {ref}?", "{Ref} should use Heading 3.", "heading 3 on {ref}",
                 "I'd like {ref} as a level 3 heading."],
    "title_style": ["Apply the Title style to {ref}.", "Style {ref} as the document title.", "Give {ref} the Title paragraph style.",
                    "Format {ref} with the Title style.", "Please make {ref} use the Title style.",
                    "Could you apply the Title style to {ref}?", "{Ref} should have the Title style.", "title style for {ref}",
                    "I'd like {ref} formatted as a title."],
    "insert_table": ["Insert a table with {rows} rows and {cols} columns at the end.", "Add a {rows} by {cols} table after the last paragraph.",
                     "Put a {rows}x{cols} table at the end of the document.",
                     "Create a table of {rows_words} rows and {cols_words} columns at the end.",
                     "Please add a table with {cols} columns and {rows} rows at the bottom.",
                     "Could you insert a {rows_words}-row, {cols_words}-column table at the end?",
                     "The document should end with a table of {rows} rows and {cols} columns.", "table {rows}x{cols} at end",
                     "I need an empty table, {rows_words} rows by {cols_words} columns, after the text."],
    "fill_cell": ["Replace TBD in row {row} of the table with {value}.", "Fill the empty Q2 cell of row {row} with {value}.",
                  "Enter {value} in the Q2 column of the {row_ord} data row.", "Type {value} into the TBD cell of row {row}.",
                  "Please put {value} where row {row} says TBD.", "Could you fill in {value} for Q2 in the {row_ord} row of figures?",
                  "The Q2 figure in row {row} should be {value}.", "Q2 row {row}: {value}",
                  "I need {value} in place of TBD in data row {row}."],
    "find_replace": ['Replace every "{word}" with "{new}".', 'Find "{word}" and replace it with "{new}".',
                     'Use Find and Replace to change "{word}" into "{new}".', 'Replace all occurrences of "{word}" with "{new}".',
                     'Please swap "{word}" for "{new}" throughout the document.', 'Could you replace "{word}" with "{new}" everywhere?',
                     'Every "{word}" should become "{new}".', "find {word}, replace with {new}",
                     'I want "{new}" wherever the document says "{word}".'],
    "orientation": ["Switch the page to landscape.", "Make the page orientation landscape.", "Turn the document to landscape format.",
                    "Change the page layout to landscape.", "Please set the pages to landscape orientation.",
                    "Could you make the document landscape?", "The page should be in landscape.", "landscape please",
                    "I'd like the page turned sideways, in landscape."],
    "margin_left": ["Set the left page margin to {cm} cm.", "Change the left margin of the page to {cm} cm.",
                    "Make the left margin {cm} cm wide.", "Set the page's left margin to {mm} mm.",
                    "Please use a left margin of {cm_words}.", "Could you change the left page margin to {cm} centimeters?",
                    "The left margin should be {cm} cm.", "left margin {cm}cm", "I need a {cm_words} margin on the left of the page."],
    "header_text": ['Add a header that says "{text}".', 'Put "{text}" in the page header.', 'Insert a header with the text "{text}".',
                    'Create a page header reading "{text}".', 'Please add "{text}" as the header.',
                    'Could you put a header "{text}" on the page?', 'The header should read "{text}".', "header: {text}",
                    'I need the words "{text}" at the top of every page, in a header.'],
    "footer_text": ['Add a footer that says "{text}".', 'Put "{text}" in the page footer.', 'Insert a footer with the text "{text}".',
                    'Create a page footer reading "{text}".', 'Please add "{text}" as the footer.',
                    'Could you put a footer "{text}" on the page?', 'The footer should read "{text}".', "footer: {text}",
                    'I need the words "{text}" at the bottom of every page, in a footer.'],
    "page_break": ["Start a new page before {ref}.", "Insert a page break before {ref}.", "Put {ref} on a new page.",
                   "Add a page break in front of {ref}.", "Please move {ref} to the next page with a page break.",
                   "Could you start a new page at {ref}?", "{Ref} should begin on a new page.", "page break before {ref}",
                   "I want {ref} to start at the top of a new page."],
    "comment": ['Add a comment "{text}" to {ref}.', 'Attach the comment "{text}" to {ref}.', 'Insert a comment saying "{text}" on {ref}.',
                'Annotate {ref} with the comment "{text}".', 'Please leave a comment "{text}" on {ref}.',
                'Could you add the note "{text}" as a comment on {ref}?', '{Ref} needs a comment: "{text}".',
                "comment {ref}: {text}", 'I\'d like a comment reading "{text}" next to {ref}.', "Comment on {ref}: {text}"],
    "special_character": ["Add the {sym_label} sign at the end of the document.", "Insert a {sym_label} symbol after the last sentence.",
                          "Type a {sym_label} sign at the very end.", "Put the {sym_label} symbol at the end of the text.",
                          "Please add a {sym_label} symbol at the end.", "Could you insert the {sym_label} sign after the last word?",
                          "The document should end with a {sym_label} sign.", "{sym_label} symbol at end",
                          "I need the {sym_label} character at the end of the document."],
    "date_field": ["Insert today's date as a field at the end of the document.", "Add a date field after the last paragraph.",
                   "Put the current date at the end as a field.", "Insert a date field at the end of the text.",
                   "Please add today's date, as a field, at the end.", "Could you insert a date field after the last sentence?",
                   "The document should end with a date field.", "date field at end",
                   "I'd like the current date inserted as a field at the bottom."],
    "type_sentence": ['Add the sentence "{text}" at the end of the document.', 'Type "{text}" after the last sentence.',
                      'Append "{text}" to the end of the text.', 'Write "{text}" at the end of the document.',
                      'Please add "{text}" at the end.', 'Could you add "{text}" after the last sentence?',
                      'The document should end with the sentence "{text}"', "append: {text}",
                      'I want "{text}" added at the very end.'],
    "delete_word": ["Delete {ref}.", "Remove {ref} from the text.", "Erase {ref}.", "Take {ref} out of the document.",
                    "Please delete {ref}.", "Could you remove {ref}?", "{Ref} should be deleted.", "delete {ref}",
                    "I don't want {ref} in the document any more."],
    "replace_word": ['Replace {ref} with "{new}".', 'Change {ref} to "{new}".', 'Overwrite {ref} with "{new}".',
                     'Swap {ref} for "{new}".', 'Please change {ref} into "{new}".', 'Could you replace {ref} with "{new}"?',
                     '{Ref} should read "{new}" instead.', "replace {ref} with {new}", 'I\'d like "{new}" instead of {ref}.'],
}

# How two requests are joined into one ("Make the title bold and centre it."). {A}/{a}: the
# first clause (capitalised or not), {b}: the second. Partitioned by the same split rule.
CONNECTIVES: list[str] = ["{A} and {b}.", "{A}, then {b}.", "Please {a} and {b}.", "{A} and also {b}.",
                          "Could you {a} and {b}?", "First {a}, then {b}.", "{A}; also {b}.", "I'd like you to {a} and {b}.",
                          "{A}, and {b} too."]

# A word named by quoting it: three ways people write it.
QUOTED_WORD = ['"{w}"', 'the word "{w}"', "the word {w}"]

_NUM = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
        14: "fourteen", 16: "sixteen", 18: "eighteen", 20: "twenty", 24: "twenty-four", 28: "twenty-eight"}
_ORD = {1: "first", 2: "second", 3: "third"}


def _cm_words(cm: str) -> str:
    whole, half = int(float(cm)), float(cm) % 1 >= 0.5
    if whole == 0:
        return "half a centimetre"
    unit = "centimetre" if whole == 1 and not half else "centimetres"
    return f"{_NUM[whole]}{' and a half' if half else ''} {unit}"


def spoken(name: str, value: Any) -> dict[str, str]:
    """Spoken forms of one parameter value ("14" -> size_words "fourteen")."""
    if name == "size":
        return {"size_words": _NUM.get(int(value), str(value))}
    if name == "cm":
        return {"cm_words": _cm_words(str(value)), "mm": f"{float(value) * 10:g}"}
    if name in ("rows", "cols"):
        return {f"{name}_words": _NUM.get(int(value), str(value))}
    if name == "row":
        return {"row_ord": _ORD.get(int(value), str(value))}
    if name == "spacing":
        double = float(value[0]) == 2.0
        return {"spacing_words": "double" if double else "one and a half",
                "spacing_adj": "double-spaced" if double else "one-and-a-half-spaced"}
    return {}


def clause(phrasing: str) -> str:
    """An imperative phrasing as a clause: "Make {ref} bold." -> "make {ref} bold"."""
    s = phrasing.rstrip(".")
    return s[0].lower() + s[1:]


def cap(s: str) -> str:
    """Capitalise a phrase's first letter (a quoted word keeps its case: the quote comes first)."""
    return s[0].upper() + s[1:] if s and s[0].isalpha() else s
