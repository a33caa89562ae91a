#!/usr/bin/env python3
"""Checks a SARIF file against what GitHub code scanning needs beyond the SARIF schema
(its "SARIF support for code scanning" page, and upload errors such as
"locationFromSarifResult: expected at least one location"):

- version 2.1.0, one run, tool.driver with name, version, informationUri and rules;
- every rule with id, name, shortDescription.text, fullDescription.text, help.text,
  help.markdown and defaultConfiguration.level; unique ids;
- every result with ruleId, a ruleIndex pointing at the rule of that id, level,
  message.text, at least one location with physicalLocation.artifactLocation.uri (a
  relative reference or file://) and a region with startLine >= 1 (columns >= 1, end not
  before start), partialFingerprints, and a justification on every suppression;
- no two results of the run with the same partialFingerprints (GitHub would merge their
  alerts into one), which in a report of several config sets means the set name must
  enter the fingerprint.

Usage: check_sarif_github.py FILE...   Exit 0 when every file passes, 1 otherwise.
"""
import json
import sys


def check(path):
    errors = []

    def err(msg):
        errors.append(f"{path}: {msg}")

    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("version") != "2.1.0":
        err("version is not 2.1.0")
    runs = doc.get("runs") or []
    if len(runs) != 1:
        err(f"expected one run, got {len(runs)}")
        return errors
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    for key in ("name", "version", "informationUri"):
        if not isinstance(driver.get(key), str) or not driver.get(key):
            err(f"tool.driver.{key} missing")
    rules = driver.get("rules")
    if not isinstance(rules, list) or not rules:
        err("tool.driver.rules missing or empty")
        rules = []
    ids = [r.get("id") for r in rules]
    if len(ids) != len(set(ids)):
        err("duplicate rule ids")
    for r in rules:
        rid = r.get("id", "?")
        if not r.get("name"):
            err(f"rule {rid}: no name")
        for key in ("shortDescription", "fullDescription"):
            if not (r.get(key) or {}).get("text"):
                err(f"rule {rid}: no {key}.text")
        help_ = r.get("help") or {}
        if not help_.get("text") or not help_.get("markdown"):
            err(f"rule {rid}: help.text and help.markdown required")
        if (r.get("defaultConfiguration") or {}).get("level") not in ("error", "warning", "note", "none"):
            err(f"rule {rid}: defaultConfiguration.level missing")
    seen = {}
    for i, res in enumerate(run.get("results") or []):
        key = json.dumps(res.get("partialFingerprints") or {}, sort_keys=True)
        if key in seen and key != "{}":
            err(f"result {i} ({res.get('ruleId')}): same partialFingerprints as result {seen[key]}")
        seen.setdefault(key, i)
        where = f"result {i} ({res.get('ruleId')})"
        idx = res.get("ruleIndex")
        if not isinstance(idx, int) or not 0 <= idx < len(rules) or rules[idx].get("id") != res.get("ruleId"):
            err(f"{where}: ruleIndex {idx} does not point at rule {res.get('ruleId')}")
        if res.get("level") not in ("error", "warning", "note", "none"):
            err(f"{where}: no level")
        if not (res.get("message") or {}).get("text"):
            err(f"{where}: no message.text")
        locs = res.get("locations") or []
        if not locs:
            err(f"{where}: no location (GitHub rejects the whole file)")
        for loc in locs:
            phys = loc.get("physicalLocation") or {}
            uri = (phys.get("artifactLocation") or {}).get("uri")
            if not uri:
                err(f"{where}: no physicalLocation.artifactLocation.uri")
            elif any(c in uri for c in " \n\r\t"):
                err(f"{where}: uri {uri!r} is not encoded")
            region = phys.get("region") or {}
            start = region.get("startLine")
            if not isinstance(start, int) or start < 1:
                err(f"{where}: region.startLine missing or < 1")
                continue
            end = region.get("endLine", start)
            if end < start:
                err(f"{where}: endLine before startLine")
            for key in ("startColumn", "endColumn"):
                if key in region and region[key] < 1:
                    err(f"{where}: {key} < 1")
            if end == start and "endColumn" in region and region["endColumn"] < region.get("startColumn", 1):
                err(f"{where}: endColumn before startColumn")
        fps = res.get("partialFingerprints") or {}
        if not fps or not all(isinstance(v, str) and v for v in fps.values()):
            err(f"{where}: no partialFingerprints")
        for s in res.get("suppressions") or []:
            if s.get("kind") not in ("inSource", "external") or not s.get("justification"):
                err(f"{where}: suppression without kind or justification")
    return errors


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    errors = []
    for path in argv[1:]:
        errors += check(path)
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
