#!/usr/bin/env python3
"""Lists every C string literal that holds a rule id (UHA and three digits) in the sources
outside src/rules/ and the kind-to-rule table src/diag_rules.c, one `file:line: literal` a
line; exits 1 when there is one, 0 when there is none, 2 on a usage error.

Comments are skipped; character literals and escapes inside strings are honoured, so a
quote inside a comment or an escaped quote never starts or ends a literal.
Usage: rule_id_literals.py ROOT"""
import os
import re
import sys

RULE_ID = re.compile(r"UHA[0-9]{3}")
ALLOWED = ("src/rules/", "src/diag_rules.c")


def literals(text):
    """Yields (line, literal body) for every string literal of C source TEXT."""
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            start, start_line, i = i + 1, line, i + 1
            while i < n and text[i] != c:
                if text[i] == "\\":
                    i += 1
                elif text[i] == "\n":
                    line += 1
                i += 1
            if c == '"':
                yield start_line, text[start:i]
            i += 1
        else:
            i += 1


def main():
    if len(sys.argv) != 2 or not os.path.isdir(os.path.join(sys.argv[1], "src")):
        print("usage: rule_id_literals.py ROOT (the folder holding src/ and include/)",
              file=sys.stderr)
        return 2
    root = sys.argv[1]
    found = 0
    for top in ("src", "include"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if rel.startswith(ALLOWED):
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for line, body in literals(text):
                    if RULE_ID.search(body):
                        print(f'{rel}:{line}: "{body}"')
                        found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
