#!/usr/bin/env python3
"""Times commands as whole processes, interleaved: floor, tool, floor, tool, ...

A shared or throttled machine drifts in speed over seconds; hyperfine runs all of one
command, then all of the next, so drift lands on one side of the ratio. Alternating the
commands puts each pair under the same conditions. Prints one JSON document in the shape
of hyperfine's --export-json (results[i].median, mean, user, system, times) plus
"pair_ratio_median": the median over the pairs of tool time / floor time.

usage: interleave.py --runs N --warmup W --json OUT -- NAME=CMD NAME=CMD
Each CMD is split on whitespace (as hyperfine -N does); stdout and stderr go to
/dev/null; exit statuses are ignored (findings exit 1; run.sh checks the status first).
"""
import argparse
import json
import os
import statistics
import shutil
import sys
import time


DEVNULL = os.open(os.devnull, os.O_WRONLY)
QUIET = [(os.POSIX_SPAWN_DUP2, DEVNULL, 1), (os.POSIX_SPAWN_DUP2, DEVNULL, 2)]


def run_once(argv):
    """Returns (wall seconds, user seconds, system seconds) of one run of ARGV, started with
    posix_spawn (what little the start costs is the same for every command)."""
    path = argv[0] if "/" in argv[0] else shutil.which(argv[0])
    start = time.perf_counter()
    pid = os.posix_spawn(path, argv, os.environ, file_actions=QUIET)
    _, _, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime, usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--json", required=True)
    ap.add_argument("commands", nargs="+")
    args = ap.parse_args()
    cmds = []
    for c in args.commands:
        name, _, cmd = c.partition("=")
        if not cmd:
            sys.exit("interleave.py: expected NAME=CMD, got %r" % c)
        cmds.append((name, cmd.split()))
    for _ in range(args.warmup):
        for _, argv in cmds:
            run_once(argv)
    samples = [[] for _ in cmds]
    for _ in range(args.runs):
        for i, (_, argv) in enumerate(cmds):
            samples[i].append(run_once(argv))
    results = []
    for (name, argv), s in zip(cmds, samples):
        walls = [w for w, _, _ in s]
        results.append({
            "command": name,
            "argv": argv,
            "times": walls,
            "mean": statistics.mean(walls),
            "median": statistics.median(walls),
            "min": min(walls),
            "max": max(walls),
            "user": statistics.mean(u for _, u, _ in s),
            "system": statistics.mean(y for _, _, y in s),
        })
    pairs = [t[0] / f[0] for f, t in zip(samples[0], samples[1])] if len(cmds) > 1 else []
    doc = {"results": results, "pair_ratio_median": statistics.median(pairs) if pairs else None}
    with open(args.json, "w") as out:
        json.dump(doc, out, indent=1)
    for r in results:
        print("%-8s median %.4f s  mean %.4f s  min %.4f s  max %.4f s  user %.4f s  sys %.4f s"
              % (r["command"], r["median"], r["mean"], r["min"], r["max"], r["user"], r["system"]))
    if pairs:
        print("median of pair ratios: %.3f" % doc["pair_ratio_median"])


if __name__ == "__main__":
    main()
