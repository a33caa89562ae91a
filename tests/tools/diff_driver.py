#!/usr/bin/env python3
"""The differential test: generated layered configs, the tool's effective values per HA
instance against zowe_model.py's.

usage: diff_driver.py --bin BIN [--cases N] [--seed S] [--jobs J] [--keep DIR]
Defaults: N from UHP_DIFF_CASES (2000), S from UHP_DIFF_SEED (random, printed), J 2.
For each case it runs
  BIN show --format json --no-origin --defaults DEFAULTS.yaml -c 'FILE(l1.yaml):...'
and compares the JSON with the model: the same instance ids in the same order, and per
instance the same configuration (keys in the same order; an UNKNOWN on both sides, the
tool printing {"$unknown": text}, counts as equal whatever the text). On a mismatch it
prints the seed, the case index, the case files and the first differing JSON path with
both values, and exits 1 (after at most 3 mismatches). Exit 0 when all agree.
"""

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_layered  # noqa: E402
import zowe_model  # noqa: E402

UNK = "<UNKNOWN>"


class _Unk:
    def __repr__(self):
        return UNK


UNKNOWN = _Unk()


def normalise(v):
    """JSON data with every {"$unknown": ...} replaced by the UNKNOWN marker."""
    if isinstance(v, dict):
        if list(v.keys()) == ["$unknown"]:
            return UNKNOWN
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normalise(x) for x in v]
    return v


def _show(v):
    if v is UNKNOWN:
        return UNK
    return json.dumps(v, default=repr)[:200]


def first_difference(tool, model, path="$", abstained=None):
    """None when equal, else (path, what, tool value, model value). Where the tool says
    UNKNOWN ("could not verify") and the model has a value, the path goes to ABSTAINED
    (a list) instead: less precise, never a wrong value. The other way round (the tool
    claims a value the model does not) is a difference."""
    if tool is UNKNOWN and model is not UNKNOWN and abstained is not None:
        abstained.append(path)
        return None
    if tool is UNKNOWN or model is UNKNOWN:
        if tool is model:
            return None
        return (path, "one side UNKNOWN", tool, model)
    if isinstance(model, dict):
        if not isinstance(tool, dict):
            return (path, "type", tool, model)
        tk, mk = list(tool.keys()), list(model.keys())
        for k in mk:
            if k not in tool:
                return (path + "." + k, "missing in the tool", None, model[k])
        for k in tk:
            if k not in model:
                return (path + "." + k, "extra in the tool", tool[k], None)
        for k in mk:
            d = first_difference(tool[k], model[k], path + "." + k, abstained)
            if d:
                return d
        if tk != mk:
            return (path, "key order", tk, mk)
        return None
    if isinstance(model, list):
        if not isinstance(tool, list):
            return (path, "type", tool, model)
        for i, (a, b) in enumerate(zip(tool, model)):
            d = first_difference(a, b, "%s[%d]" % (path, i), abstained)
            if d:
                return d
        if len(tool) != len(model):
            return (path, "array length", tool, model)
        return None
    if isinstance(model, bool) or isinstance(tool, bool) or model is None or tool is None:
        same = type(tool) is type(model) and tool == model
    elif isinstance(model, (int, float)):
        same = isinstance(tool, (int, float)) and tool == model
    else:
        same = type(tool) is type(model) and tool == model
    return None if same else (path, "value", tool, model)


def model_output(c):
    out = zowe_model.effective(c["files"], c["defaults"])
    return {"instances": [{"id": i, "config": normalise(zowe_model.to_json(cfg))}
                          for i, cfg in out]}


def run_tool(binary, c, workdir):
    paths, defaults = gen_layered.write_case(c, workdir)
    spec = ":".join("FILE(%s)" % p for p in paths)
    cmd = [binary, "show", "--format", "json", "--no-origin", "--defaults", defaults,
           "-c", spec]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                       stdin=subprocess.DEVNULL)
    return cmd, p


def check_case(binary, seed, index, root):
    """None when the tool agrees with the model, else a report (str)."""
    c = gen_layered.case(seed, index)
    try:
        want = model_output(c)
    except zowe_model.NotModelled:
        return "skip"
    workdir = os.path.join(root, "case-%d" % index)
    cmd, p = run_tool(binary, c, workdir)
    problem = None
    abstained = []
    try:
        got = json.loads(p.stdout.decode("utf-8"))
        got = {"instances": [{"id": x["id"], "config": normalise(x["config"])}
                             for x in got["instances"]]}
    except (ValueError, KeyError, TypeError) as e:
        problem = "the tool's output is not the expected JSON (%s); exit status %d" % (
            e, p.returncode)
    if problem is None:
        ids_t = [x["id"] for x in got["instances"]]
        ids_m = [x["id"] for x in want["instances"]]
        if ids_t != ids_m:
            problem = "instance ids: tool %s, model %s" % (ids_t, ids_m)
        else:
            for t, m in zip(got["instances"], want["instances"]):
                d = first_difference(t["config"], m["config"], "$", abstained)
                if d:
                    problem = ("instance %s: first difference at %s (%s)\n  tool:  %s\n"
                               "  model: %s" % (m["id"], d[0], d[1], _show(d[2]), _show(d[3])))
                    break
    shutil.rmtree(workdir, ignore_errors=True)
    if problem is None:
        return ("abstained", abstained[0]) if abstained else None
    lines = ["MISMATCH seed=%s case=%d: %s" % (seed, index, problem),
             "  command: %s" % " ".join(cmd),
             "  reproduce: UHP_DIFF_SEED=%s; python3 tests/tools/gen_layered.py %s %d"
             % (seed, seed, index)]
    if p.stderr:
        lines.append("  tool stderr: " + p.stderr.decode("utf-8", "replace")[:400].rstrip())
    for n, text in enumerate(c["files"], 1):
        lines.append("  --- l%d.yaml" % n)
        lines.extend("  | " + ln for ln in text.splitlines())
    lines.append("  --- defaults.yaml")
    lines.extend("  | " + ln for ln in c["defaults"].splitlines())
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", type=int, default=int(os.environ.get("UHP_DIFF_CASES", "2000")))
    ap.add_argument("--seed", default=os.environ.get("UHP_DIFF_SEED") or
                    str(random.SystemRandom().randrange(1, 10**9)))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("UHP_DIFF_JOBS", "2")))
    ap.add_argument("--max-mismatches", type=int, default=3)
    ap.add_argument("--max-abstain", type=float,
                    default=float(os.environ.get("UHP_DIFF_MAX_ABSTAIN", "0.05")),
                    help="the share of cases where the tool may say 'could not verify' "
                         "while the model has a value")
    args = ap.parse_args()
    print("differential test: seed=%s cases=%d (UHP_DIFF_SEED / UHP_DIFF_CASES to change)"
          % (args.seed, args.cases), flush=True)
    start = time.time()
    root = tempfile.mkdtemp(prefix="uhp-diff-")
    mismatches = skipped = checked = abstained = 0
    examples = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(check_case, args.bin, args.seed, i, root)
                       for i in range(args.cases)]
            for f in futures:
                r = f.result()
                checked += 1
                if r == "skip":
                    skipped += 1
                elif isinstance(r, tuple):
                    abstained += 1
                    if len(examples) < 3:
                        examples.append(r[1])
                elif r:
                    mismatches += 1
                    print(r, flush=True)
                    if mismatches >= args.max_mismatches:
                        for g in futures:
                            g.cancel()
                        break
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("%d cases, %d mismatches, %d not modelled, %d where the tool could not verify a "
          "value the model has (at most %.0f%% allowed; e.g. %s), %.1f s (seed=%s)" % (
              checked, mismatches, skipped, abstained, args.max_abstain * 100,
              ", ".join(examples) or "none", time.time() - start, args.seed))
    too_vague = checked and abstained > args.max_abstain * checked
    if too_vague:
        print("FAIL: the tool could not verify too many values the model has")
    return 1 if mismatches or too_vague else 0


if __name__ == "__main__":
    sys.exit(main())
