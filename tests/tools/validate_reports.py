#!/usr/bin/env python3
"""Validates many report files in one process (the test suite renders dozens):

- *.json  against the report schema (docs/report.schema.json, versions 1 and 2);
- *.sarif against GitHub's requirements (check_sarif_github.py beside this file) and,
  with --sarif-schema, against the SARIF 2.1.0 JSON schema.

Usage: validate_reports.py --report-schema FILE [--sarif-schema FILE] REPORT...
Exit 0 when every file passes, 1 otherwise (each complaint on stderr).
"""
import argparse
import json
import os
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_sarif_github  # noqa: E402


def validator(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def complaints(v, doc, path):
    out = []
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in e.absolute_path)
        out.append(f"{path}: {where or '(root)'}: {e.message[:300]}")
    return out


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--report-schema", required=True)
    ap.add_argument("--sarif-schema")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    report = validator(a.report_schema)
    sarif = validator(a.sarif_schema) if a.sarif_schema else None
    errors = []
    for path in a.files:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            errors.append(f"{path}: not JSON: {e}")
            continue
        if path.endswith(".sarif"):
            errors += check_sarif_github.check(path)
            if sarif:
                errors += complaints(sarif, doc, path)
        else:
            errors += complaints(report, doc, path)
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
