#!/usr/bin/env python3
"""Differential test of UHA011 (Zowe's JSON schemas) against Python's jsonschema.

For each configuration (the reference ones, then generated mutations of them), both sides
validate the same merged configuration: the tool writes it with
`show --base --format json --no-origin`, jsonschema (Draft 2019-09) validates that JSON
against the same schema files the tool read from the runtime directory, and the tool's
UHA011 findings (`check --format json`) give its failing JSON paths. The sets of failing
paths must agree.

Paths are compared as dotted key paths ("zowe.externalDomains[0]"): an additionalProperties
error is the unknown key's path, a required error the missing key's path, a uniqueItems
error the array's path, everything else the failing value's path. Zowe's schemas are
applied as zwe applies them: the base schema, then each enabled component's.

usage: schema_diff.py BIN RUNTIME DEFAULTS SEED CASES CONFIG...
"""
import copy
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml
try:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT201909
except ImportError:  # jsonschema before 4.18 (Debian 12): its RefResolver
    Registry = None


def lenient_json(text):
    """Zowe's reader accepts a trailing comma before ] or }; so does this one."""
    return json.loads(re.sub(r",(\s*[\]}])", r"\1", text))


def load_manifest(path):
    with open(path) as f:
        return yaml.safe_load(f) or {}


class Runtime:
    def __init__(self, root):
        self.root = root
        self.base_files = [os.path.join(root, "schemas", "zowe-yaml-schema.json"),
                           os.path.join(root, "schemas", "server-common.json")]

    def schema_files(self, component):
        """The component's schema files, the top one first, or None."""
        d = os.path.join(self.root, "components", component)
        for name in ("manifest.yaml", "manifest.yml"):
            if os.path.exists(os.path.join(d, name)):
                m = load_manifest(os.path.join(d, name))
                cfgs = (m.get("schemas") or {}).get("configs")
                if not cfgs:
                    return None
                if isinstance(cfgs, str):
                    cfgs = [cfgs]
                return [os.path.join(d, c) for c in cfgs]
        return None

    def validator(self, files):
        docs = []
        for f in files:
            with open(f) as fh:
                docs.append(lenient_json(fh.read()))
        if Registry is None:
            store = {d.get("$id", "file:" + f): d for d, f in zip(docs, files)}
            resolver = jsonschema.RefResolver(docs[0].get("$id", ""), docs[0], store=store)
            return jsonschema.Draft201909Validator(docs[0], resolver=resolver)
        resources = [(d.get("$id", "file:" + f), Resource(d, DRAFT201909))
                     for d, f in zip(docs, files)]
        reg = Registry().with_resources(resources).crawl()  # anchors found once
        return jsonschema.Draft201909Validator(docs[0], registry=reg)


def dotted(parts):
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif any(c in p for c in ".[]' ") or p == "":
            out += "['%s']" % p
        else:
            out += ("." if out else "") + p
    return out


def python_paths(validator, instance):
    paths = set()
    for e in validator.iter_errors(instance):
        base = list(e.absolute_path)
        if e.validator == "additionalProperties":
            props = e.schema.get("properties", {})
            pats = list(e.schema.get("patternProperties", {}))
            for k in e.instance:
                if k not in props and not any(re.search(p, k) for p in pats):
                    paths.add(dotted(base + [k]))
        elif e.validator == "required":
            for k in e.validator_value:
                if isinstance(e.instance, dict) and k not in e.instance:
                    paths.add(dotted(base + [k]))
        else:
            paths.add(dotted(base))
    return paths


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def tool_paths(binary, runtime, defaults, cfg_path, want):
    rc, out, err = run([binary, "check", "--no-policy", "--zowe-runtime", runtime,
                        "--defaults", defaults, "--format", "json", cfg_path])
    if rc not in (0, 1):
        raise RuntimeError("check exited %d: %s" % (rc, err.strip() or out[:400]))
    return set_paths(json.loads(out).get("findings", []), want)


def merged(binary, defaults, cfg_path):
    rc, out, err = run([binary, "show", "--no-policy", "--base", "--format", "json",
                        "--no-origin", "--defaults", defaults, "-c", cfg_path])
    if rc != 0:
        raise RuntimeError("show exited %d: %s" % (rc, err.strip()))
    return json.loads(out)["instances"][0]["config"]


SECRET = re.compile(r"password|secret|token|passphrase|^key$", re.I)


def walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def get(node, path):
    for p in path:
        node = node[p]
    return node


def mutate(doc, rng):
    """One random mutation of a YAML document (a dict), in place; returns its name."""
    spots = [(p, v) for p, v in walk(doc) if p and not any(
        isinstance(x, str) and SECRET.search(x) for x in p)]
    if not spots:
        return "none"
    kind = rng.choice(["type", "unknown", "enum", "dup", "missing", "type", "unknown"])
    path, val = rng.choice(spots)
    parent = get(doc, path[:-1])
    last = path[-1]
    if kind == "type":
        choices = ["text", 12345, True, None, [1, 2], {"a": 1}]
        parent[last] = rng.choice([c for c in choices if type(c) is not type(val)] or choices)
    elif kind == "unknown":
        holder = val if isinstance(val, dict) else parent if isinstance(parent, dict) else None
        if holder is None:
            return "none"
        holder["unknwonKey%d" % rng.randrange(100)] = "x"
    elif kind == "enum":
        parent[last] = rng.choice(["BOGUS", "inMemory", "STRICT", "PKCS12", "x" * 70, ""])
    elif kind == "dup":
        lists = [(p, v) for p, v in walk(doc) if isinstance(v, list) and v]
        if not lists:
            return "none"
        p, v = rng.choice(lists)
        v.append(copy.deepcopy(v[0]))
        return "dup " + dotted(list(p))
    elif kind == "missing":
        if isinstance(parent, dict):
            del parent[last]
    return "%s %s" % (kind, dotted(list(path)))


def enabled_anywhere(inst, cid):
    """True when component CID is enabled in the base (no haInstances) or in one instance,
    as zwe reads it per instance (an instance's own enabled wins)."""
    base = ((inst.get("components") or {}).get(cid) or {})
    base_on = isinstance(base, dict) and base.get("enabled") is True
    ha = inst.get("haInstances")
    if not isinstance(ha, dict) or not ha:
        return base_on
    for h in ha.values():
        comps = h.get("components") if isinstance(h, dict) else None
        if isinstance(h, dict) and "components" in h and not isinstance(comps, dict):
            continue  # the overlay replaces the whole components map (makeHaConfig)
        own = comps.get(cid) if isinstance(comps, dict) else None
        if isinstance(comps, dict) and cid in comps and not isinstance(own, dict):
            # a scalar replaces the component's block (makeHaConfig); an array would merge
            # its indexes into it, which neither side claims (docs/zowe-model.md): the
            # tool reads the component as not enabled in this instance, and so does this
            continue
        own = own if isinstance(own, dict) else {}
        if isinstance(own, dict) and "enabled" in own:
            if own["enabled"] is True:
                return True
        elif base_on:
            return True
    return False


def blind_paths(inst):
    """Paths at or above a value both sides cannot judge alike: a template the tool could
    not evaluate (every schema accepts it; jsonschema sees a {"$unknown": ...} object), or a
    secret that show masks ("********": the tool validated the real value)."""
    blind = set()
    for p, v in walk(inst):
        if (isinstance(v, dict) and "$unknown" in v) or v == "********":
            for k in range(len(p) + 1):
                blind.add(dotted(list(p[:k])))
    return blind


def flatten_unknown(inst):
    """INST with each {"$unknown": ...} replaced by a plain string, so that it can be given
    to both sides as a configuration of its own."""
    if isinstance(inst, dict):
        if "$unknown" in inst:
            return "unevaluated-template"
        return {k: flatten_unknown(v) for k, v in inst.items()}
    if isinstance(inst, list):
        return [flatten_unknown(v) for v in inst]
    return inst


class Oracle:
    def __init__(self, runtime):
        self.rt = Runtime(runtime)
        self.base = self.rt.validator(self.rt.base_files)
        self.comps = {}

    def paths(self, inst):
        want = python_paths(self.base, inst)
        comps = inst.get("components") if isinstance(inst, dict) else None
        for cid in (comps if isinstance(comps, dict) else {}):
            if not enabled_anywhere(inst, cid):
                continue
            if cid not in self.comps:
                files = self.rt.schema_files(cid)
                self.comps[cid] = self.rt.validator(files + self.rt.base_files) if files else None
            if self.comps[cid]:
                want |= python_paths(self.comps[cid], inst)
        return want


def set_paths(findings, want):
    paths = set()
    for f in findings:
        rule = f.get("ruleId")
        if rule == "UHA011":
            msg = f.get("message", "")
            # the message starts with the failing path; a repeated item names the item,
            # jsonschema the array
            p = "" if msg.startswith("(the top level)") else msg.split(" ", 1)[0]
            if "(uniqueItems at " in msg:
                p = re.sub(r"\[\d+\]$", "", p)
            paths.add(p)
        elif rule == "UHA009" and re.sub(r"\[\d+\]$", "", f.get("keyPath") or "") in want:
            paths.add(re.sub(r"\[\d+\]$", "", f["keyPath"]))
        elif rule in ("UHA107", "UHA305") and f.get("keyPath"):
            # an instance's hostname or sysname: a wrong type at its path, a missing one at
            # the instance with the key named
            msg = f.get("message", "")
            for cand in [f["keyPath"]] + [f["keyPath"] + "." + m for m in ("hostname", "sysname")
                                          if "no " + m in msg]:
                if cand in want:
                    paths.add(cand)
        elif rule in ("UHA107", "UHA305") and f.get("keyPath"):
            # an instance's hostname or sysname: a wrong type at its path, a missing one at
            # the instance with the key named
            msg = f.get("message", "")
            for cand in [f["keyPath"]] + [f["keyPath"] + "." + m for m in ("hostname", "sysname")
                                          if "no " + m in msg]:
                if cand in want:
                    paths.add(cand)
        elif rule in ("UHA006", "UHA007") and f.get("keyPath") in want:
            # reported once, by the older rule, at the same path (UHA007 also judges ports
            # the schemas leave open: those are not schema violations)
            paths.add(f["keyPath"])
    return paths


def main():
    binary, runtime, defaults, seed, cases = sys.argv[1:6]
    configs = sys.argv[6:]
    oracle = Oracle(runtime)
    rng = random.Random(int(seed))
    n_cases = int(cases)
    failures = 0
    checked = 0
    report = []

    def compare(label, want, got):
        nonlocal failures, checked
        checked += 1
        if got != want:
            failures += 1
            if failures <= 10:
                print("MISMATCH %s\n  only jsonschema: %s\n  only the tool:   %s" %
                      (label, sorted(want - got), sorted(got - want)))

    # 1. The reference configurations, layered over Zowe's defaults.yaml.
    bases = []
    for c in configs:
        try:
            inst = merged(binary, defaults, c)
        except RuntimeError as e:
            print("skip %s: %s" % (c, e))
            continue
        blind = blind_paths(inst)
        want = oracle.paths(inst) - blind
        got = tool_paths(binary, runtime, defaults, c, want) - blind
        compare(c, want, got)
        report.append((c, sorted(got)))
        if isinstance(inst, dict):
            bases.append((c, flatten_unknown(inst)))

    # 2. Mutations of their merged configurations, each given as the only layer (over an
    #    empty defaults file), checked many sets per run of the tool.
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.yaml")
        with open(empty, "w") as f:
            f.write("{}\n")
        batch = []

        def flush():
            if not batch:
                return
            cmd = [binary, "check", "--no-policy", "--zowe-runtime", runtime, "--defaults",
                   empty, "--format", "json"]
            for k, (label, path, doc) in enumerate(batch):
                cmd += ["--set", "case%d" % k, path]
            rc, out, err = run(cmd)
            if rc not in (0, 1):
                raise RuntimeError("check exited %d: %s" % (rc, err.strip() or out[:400]))
            sets = json.loads(out)["sets"]
            for (label, path, doc), st in zip(batch, sets):
                want = oracle.paths(doc)
                compare(label, want, set_paths(st.get("findings", []), want))
            batch.clear()

        for i in range(n_cases if bases else 0):
            name, doc = bases[i % len(bases)]
            doc = copy.deepcopy(doc)
            how = mutate(doc, rng)
            path = os.path.join(tmp, "case%d.yaml" % (i % 200))
            with open(path, "w") as f:
                json.dump(doc, f)  # JSON is YAML (flow style), and fast to write
            batch.append(("%s mutation %d (%s)" % (name, i, how), path, doc))
            if len(batch) == 200:
                flush()
        flush()
    for c, paths in report:
        print("violations %s: %s" % (os.path.basename(c), ", ".join(paths) or "none"))
    print("schema_diff: %d configurations compared, %d mismatches" % (checked, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
