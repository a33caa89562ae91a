#!/usr/bin/env python3
"""Normalises a SARIF report for a golden comparison (tests/cli/test_golden.sh).

The rule table (every rule's doc page as help) and therefore each result's ruleIndex change
whenever a rule or its documentation does; this first checks that every ruleIndex points
at the rule of the result's ruleId, then empties tool.driver.rules and sets every ruleIndex
to 0. Everything else (results, messages, locations, regions, fingerprints, suppressions,
properties) is kept and pinned by the golden file.

Usage: normalise_sarif.py IN OUT   Exit 1 when a ruleIndex is wrong or IN is not SARIF.
"""
import json
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    for run in doc.get("runs", []):
        rules = run["tool"]["driver"].get("rules", [])
        for i, res in enumerate(run.get("results", [])):
            idx = res.get("ruleIndex")
            if not isinstance(idx, int) or not 0 <= idx < len(rules) or \
                    rules[idx].get("id") != res.get("ruleId"):
                print(f"{argv[1]}: result {i}: ruleIndex {idx} is not rule {res.get('ruleId')}",
                      file=sys.stderr)
                return 1
            res["ruleIndex"] = 0
        run["tool"]["driver"]["rules"] = []
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
