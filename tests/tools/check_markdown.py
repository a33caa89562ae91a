#!/usr/bin/env python3
"""Renders a `--format markdown` report with Python-Markdown (tables, fenced_code) and checks
the HTML against the json report of the same run.

usage: check_markdown.py REPORT.md REPORT.json [--text S]... [--code S]...

- every checklist table (the tables whose header starts "Rule | Name") has one row per rule
  of the json checklist, 2 + one cell per instance in every row, the instance ids as its
  column headers, and the status json gives for each (rule, instance) cell;
- a report of named sets has one such table per set and a table of the sets;
- only the elements the writer means to produce appear: an <em>, <a>, <b> or other element
  means a value's character was taken for Markdown or HTML;
- --text S: some paragraph, list item, cell or heading shows the text S exactly (a substring);
- --code S: some code block holds exactly the line S.
Exit 0 when all hold; otherwise the reasons on stderr and exit 1.
"""
import json
import sys
from html.parser import HTMLParser

import markdown

ALLOWED = {"h1", "h2", "h3", "h4", "p", "ul", "li", "table", "thead", "tbody", "tr", "th",
           "td", "strong", "pre", "code"}
TEXT_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4"}


class Collect(HTMLParser):
    """Tables as lists of rows of cell texts, code blocks and text blocks as strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.codes, self.blocks, self.unexpected = [], [], [], []
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.unexpected.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in TEXT_BLOCKS or tag == "pre":
            self.texts.append([])
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.unexpected.append("/" + tag)
            return
        self.stack.pop()
        if tag in TEXT_BLOCKS or tag == "pre":
            text = "".join(self.texts.pop())
            if self.texts:
                self.texts[-1].append(text)
            if tag == "pre":
                self.codes.append(text)
            else:
                self.blocks.append(text)
            if tag in ("td", "th"):
                self.tables[-1][-1].append(text.strip())

    def handle_data(self, data):
        if self.texts:
            self.texts[-1].append(data)


def checklist_errors(table, checklist, instances, where):
    """Compares one rendered checklist table with the json checklist of its set."""
    errors = []
    cols = instances if instances else [None]
    header = table[0]
    want_header = ["Rule", "Name"] + [c if c is not None else "Result" for c in cols]
    if header != want_header:
        errors.append(f"{where}: header {header!r}, expected {want_header!r}")
    rules = sorted({c["ruleId"] for c in checklist if c["ruleId"]})
    rows = table[1:]
    if len(rows) != len(rules):
        errors.append(f"{where}: {len(rows)} rows, expected {len(rules)} (one per rule)")
    for row in rows:
        if len(row) != 2 + len(cols):
            errors.append(f"{where}: row {row!r} has {len(row)} cells, expected {2 + len(cols)}")
            continue
        cells = {}
        for c in checklist:
            if c["ruleId"] == row[0]:
                cells.setdefault(c["instance"], c["status"])
        if not cells:
            errors.append(f"{where}: row for {row[0]!r}, a rule the json checklist lacks")
            continue
        for i, inst in enumerate(cols):
            want = cells.get(inst, cells.get(None, "-"))
            if row[2 + i] != want:
                errors.append(f"{where}: {row[0]} {inst}: {row[2 + i]!r}, json says {want!r}")
    if [r[0] for r in rows] != rules[: len(rows)]:
        errors.append(f"{where}: rows not one per rule in id order: {[r[0] for r in rows]}")
    return errors


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        html = markdown.markdown(f.read(), extensions=["tables", "fenced_code"])
    with open(argv[2], encoding="utf-8") as f:
        report = json.load(f)
    doc = Collect()
    doc.feed(html)
    doc.close()
    errors = [f"unexpected element <{t}> in the rendered HTML" for t in doc.unexpected]

    sets = report.get("sets") or [report]
    checklists = [t for t in doc.tables if t and t[0][:2] == ["Rule", "Name"]]
    if len(checklists) != len(sets):
        errors.append(f"{len(checklists)} checklist tables, expected {len(sets)}")
    for i, (table, s) in enumerate(zip(checklists, sets)):
        insts = s["inputs"]["instances"]
        errors += checklist_errors(table, s["checklist"], insts, f"set {i + 1}")
    if "sets" in report:
        tables = [t for t in doc.tables if t and t[0][:2] == ["Set", "Result"]]
        if len(tables) != 1 or len(tables[0]) != 1 + len(sets):
            errors.append(f"the sets table is missing or has not {len(sets)} rows")
        elif any(len(r) != 5 for r in tables[0]):
            errors.append(f"a row of the sets table has not 5 cells: {tables[0]!r}")

    args = argv[3:]
    for opt, value in zip(args[::2], args[1::2]):
        if opt == "--text" and not any(value in b for b in doc.blocks):
            errors.append(f"no rendered text shows {value!r}")
        elif opt == "--code" and value not in [c.rstrip("\n") for c in doc.codes]:
            errors.append(f"no code block holds exactly {value!r}; blocks: {doc.codes!r}")
    for e in errors:
        print(f"{argv[1]}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
