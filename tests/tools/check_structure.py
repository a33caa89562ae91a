#!/usr/bin/env python3
"""Structural checks of the project's own C sources (docs/ARCHITECTURE.md, "Structure checks").

    check_structure.py ROOT

Reads every .c and .h under ROOT/src and ROOT/include and fails (exit 1, one line per
problem) on:

  1. an include cycle: `#include "..."` lines, resolved against the including file's folder,
     then src/, then include/ (system headers in <> are not followed);
  2. a file of more than MAX_LINES lines without a reason at its top: a line starting with
     `/* Size:` among its first TOP_LINES lines, with at least MIN_REASON characters of
     reason after the colon;
  3. an include against the one-way order of src/report/ (LAYERS): a file may include the
     report headers of its own layer or lower layers only.

Exit status 0 when every check passes, 1 on a problem, 2 on a usage error.
"""
import os
import re
import sys

MAX_LINES = 600
TOP_LINES = 20
MIN_REASON = 20
SIZE_MARK = "/* Size:"

# src/report/ from the bottom up; a file not listed is a writer (WRITER_LAYER) when it is a
# .c file, and an error when it is a header (every report header needs its place).
LAYERS = {
    "src/report/escape.h": 0,
    "src/report/escape.c": 0,
    "src/report/jw.h": 1,
    "src/report/jw.c": 1,
    "src/report/report_internal.h": 2,
    "src/report/common.c": 2,
    "src/report/writers.h": 3,
    "src/report/text_internal.h": 3,
    "src/report/registry.c": 4,
}
WRITER_LAYER = 3
LAYER_NAMES = ["escape", "buffers and JSON writer", "common", "writers", "registry"]

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def sources(root):
    """Returns the project's .c and .h files, as paths relative to ROOT, sorted."""
    out = []
    for top in ("src", "include"):
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in files:
                if name.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(out)


def includes(root, path, known):
    """Returns the project files PATH includes (in order, resolved), and its line count."""
    found = []
    n = 0
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            for base in (os.path.dirname(path), "src", "include"):
                target = os.path.normpath(os.path.join(base, m.group(1)))
                if target in known:
                    found.append(target)
                    break
    return found, n


def cycles(graph):
    """Returns one cycle (a list of files, first repeated last) per strongly connected
    component of GRAPH that has one; iterative, so any depth of includes is fine."""
    index, low, on_stack, stack, comps = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = graph.get(v, [])
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in graph.get(v, []):
                    comps.append(set(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    out = []
    for comp in comps:
        # a path back to the smallest member, through the component only (breadth first)
        first = min(comp)
        prev = {first: None}
        queue = [first]
        end = None
        while queue and end is None:
            v = queue.pop(0)
            for w in graph.get(v, []):
                if w == first:
                    end = v
                    break
                if w in comp and w not in prev:
                    prev[w] = v
                    queue.append(w)
        path = []
        v = end
        while v is not None:
            path.append(v)
            v = prev[v]
        path.reverse()
        out.append(path + [first])
    return out


def size_reason(root, path):
    """Returns the reason given by the `/* Size:` line at the top of PATH, or None."""
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        for k, line in enumerate(f):
            if k >= TOP_LINES:
                break
            if line.startswith(SIZE_MARK):
                reason = line[len(SIZE_MARK):].strip()
                if reason.endswith("*/"):
                    reason = reason[:-2].strip()
                return reason
    return None


def layer(path):
    """Returns the layer of a src/report/ file, or None when it has none."""
    if path in LAYERS:
        return LAYERS[path]
    return WRITER_LAYER if path.endswith(".c") else None


def main(argv):
    if len(argv) != 2 or not os.path.isdir(os.path.join(argv[1], "src")):
        print("usage: check_structure.py ROOT (the folder with src/ and include/)", file=sys.stderr)
        return 2
    root = argv[1]
    files = sources(root)
    known = set(files)
    graph, lines = {}, {}
    for path in files:
        graph[path], lines[path] = includes(root, path, known)
    problems = []

    for cyc in cycles(graph):
        problems.append("include cycle: " + " -> ".join(cyc))

    over = []
    for path in files:
        if lines[path] <= MAX_LINES:
            continue
        reason = size_reason(root, path)
        if reason is None:
            problems.append(f"{path}: {lines[path]} lines, over {MAX_LINES} without a "
                            f"'{SIZE_MARK}' reason in its first {TOP_LINES} lines")
        elif len(reason) < MIN_REASON:
            problems.append(f"{path}: {lines[path]} lines; its '{SIZE_MARK}' reason "
                            f"'{reason}' is shorter than {MIN_REASON} characters")
        else:
            over.append(path)

    for path in files:
        if not path.startswith("src/report/"):
            continue
        mine = layer(path)
        if mine is None:
            problems.append(f"{path}: a report header with no layer (LAYERS in "
                            f"tests/tools/check_structure.py)")
            continue
        for target in graph[path]:
            if not target.startswith("src/report/"):
                continue
            theirs = layer(target)
            if theirs is not None and theirs > mine:
                problems.append(f"{path} ({LAYER_NAMES[mine]}) includes {target} "
                                f"({LAYER_NAMES[theirs]}): src/report/ depends one way, "
                                f"escape -> buffers and JSON writer -> common -> writers -> "
                                f"registry")

    for p in problems:
        print("check_structure: " + p)
    if problems:
        return 1
    edges = sum(len(v) for v in graph.values())
    print(f"check_structure: {len(files)} files, {edges} includes, no cycle; "
          f"over {MAX_LINES} lines with a reason: {', '.join(over) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
