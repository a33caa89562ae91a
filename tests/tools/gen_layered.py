#!/usr/bin/env python3
"""A seeded generator of small layered Zowe configurations for the differential test.

case(seed, index) returns {"files": [text, ...] (highest first), "defaults": text}; the
same (seed, index) always gives the same case. The cases mix: 1-3 layers plus a
defaults file; keys from a small vocabulary in a random order per file; ints, quoted
ints, strings, booleans and their look-alikes, nulls, explicit tags; arrays in several
layers; maps; haInstances with 1-3 instances overriding scalars, arrays and maps; and
templates of every kind (whole-scalar path references, text around them, forward
references, array elements, instance-overridden paths, missing paths, other JavaScript,
single-quoted and block-scalar ones). It never writes aliases or secret-looking keys.

Command line: gen_layered.py SEED INDEX [OUTDIR] prints (or writes) one case.
"""

import os
import random
import sys

# (path, kind): kind picks the usual value; any path can get any value now and then.
VOCAB = [
    (("zowe", "externalDomains"), "array"),
    (("zowe", "externalPort"), "port"),
    (("zowe", "logDirectory"), "str"),
    (("components", "gateway", "port"), "port"),
    (("components", "gateway", "enabled"), "bool"),
    (("components", "izp", "server", "host"), "host"),
    (("components", "izp", "server", "port", "http"), "port"),
    (("components", "izp", "experiences"), "array"),
    (("components", "zss", "port"), "port"),
    (("components", "zss", "tls"), "map"),
    (("java", "home"), "str"),
    (("zOSMF", "host"), "host"),
    (("zOSMF", "port"), "port"),
]
IDS = ["lpar1", "lpar2", "sys3", "b4"]
FORBIDDEN = ("password", "secret", "token", "key", "pass", "pwd", "passphrase", "credential")

# Paths a template may read: every vocabulary leaf, elements, maps, instances, misses.
REFS = [".".join(p) for p, _ in VOCAB] + [
    "zowe.externalDomains[0]", "zowe.externalDomains[1]", "zowe.externalDomains[4]",
    "zowe['externalDomains'][0]", "components.izp.experiences[0]",
    "components['gateway'].port", "components.zss.tls.alpha", "components.zss.tls",
    "components.gateway", "haInstances.lpar1.hostname", "haInstances.lpar1.sysname",
    "haInstances.lpar1.components.gateway.port", "haInstances.lpar2.zowe.externalPort",
    "zowe.logDirectory[0]",
]
MISSING = ["zowe.nosuch", "nosuchtop.value", "components.nosuch.port",
           "zowe.externalPort.deeper"]
NON_PATH = ["1+1", "zowe.externalPort + 1", "components.gateway.port || 7554",
            "'lit'", "zowe.externalDomains.length", "`x`"]


def _check_key(k):
    low = k.lower()
    assert not any(w in low for w in FORBIDDEN), k


class Inline:
    """A scalar written on the key's line (text may be empty)."""

    def __init__(self, text):
        self.text = text


class Block:
    """A literal (|) or folded (>) block scalar."""

    def __init__(self, style, body):
        self.style, self.body = style, body


class Seq:
    """A sequence of Inline items, in flow or block style."""

    def __init__(self, items, flow):
        self.items, self.flow = items, flow


class Gen:
    def __init__(self, rng):
        self.r = rng

    def ref(self):
        return self.r.choice(MISSING if self.r.random() < 0.08 else REFS)

    # ---- scalars
    def plain_scalar(self, kind):
        r = self.r
        if kind == "port":
            return r.choice(["7554", "8554", "07554", "12023", "7557", "0"])
        if kind == "bool":
            return r.choice(["true", "false", "True", "FALSE", "yes", "on", "tRUE"])
        if kind == "host":
            return r.choice(["dvipa.example.com", "10.1.1.1", "host1", "lpar2.example.com"])
        return r.choice(["/var/zowe/logs", "/usr/lpp/java", "abc", "x y z", "01x"])

    def template_text(self, flow):
        """(text, style) of a template scalar; style '' plain, '"' or "'"."""
        r = self.r
        pick = r.random()
        if pick < 0.45:
            body = "${{ %s }}" % self.ref()
        elif pick < 0.7:
            body = r.choice(["https://${{ %s }}:${{ %s }}/", "${{ %s }} ", "x${{ %s }}",
                             "${{ %s }}${{ %s }}", "${{ %s }}-${{ %s }}", " ${{ %s }}"])
            body = body % tuple(self.ref() for _ in range(body.count("%s")))
        elif pick < 0.78:
            body = "${{ %s }}" % r.choice(NON_PATH)
        else:
            body = "${{%s}}" % self.ref()
        if "`" in body or "'" in body:
            style = '"'
        else:
            style = r.choice(["", '"', '"', "'"] if not flow else ['"', "'"])
        if style == "'" and "'" in body:
            style = '"'
        if style == "" and (body.startswith(" ") or body.endswith(" ")):
            style = '"'
        return body, style

    def scalar(self, kind, flow=False):
        """An Inline or Block scalar for a leaf of this kind."""
        r = self.r
        pick = r.random()
        if pick < 0.42:
            return Inline(self.plain_scalar(kind))
        if pick < 0.52:
            q = r.choice(['"', "'"])
            return Inline(q + self.plain_scalar(kind) + q)
        if pick < 0.58:
            return Inline(r.choice(["~", "null", "NULL", ""] if not flow else ["~", "null"]))
        if pick < 0.64:
            return Inline(r.choice(['!!int "7554"', "!!str 7554", '!!bool "true"',
                                    "!!null x", "!!float 1.5", "!!int -3", "!!str abc",
                                    "!!int 0x1F", "!!bool yes"]))
        if pick < 0.67 and not flow:
            return Block(r.choice(["|", ">"]), "${{ %s }}" % self.ref())
        text, style = self.template_text(flow)
        if style == '"':
            return Inline('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
        if style == "'":
            return Inline("'" + text.replace("'", "''") + "'")
        return Inline(text)

    def array(self):
        r = self.r
        flow = r.random() < 0.4
        items = []
        for _ in range(r.randint(1, 3)):
            if r.random() < 0.7:
                items.append(Inline(r.choice(["dvipa.example.com", "10.1.1.1", "host1",
                                              "/usr/lpp/IBM/afx/v1r2m0/bin", "7554",
                                              '"quoted"', "true"])))
            else:
                s = self.scalar("host", flow=flow)
                items.append(s if isinstance(s, Inline) else Inline("x"))
        return Seq(items, flow)

    def mapping(self):
        r = self.r
        keys = r.sample(["alpha", "beta", "gamma"], r.randint(1, 3))
        return {k: self.scalar(r.choice(["port", "str", "bool"])) for k in keys}

    def value(self, kind):
        r = self.r
        pick = r.random()
        if kind == "array":
            return self.array() if pick < 0.8 else self.scalar("host")
        if kind == "map":
            return self.mapping() if pick < 0.8 else self.scalar("str")
        if pick < 0.05:
            return self.array()
        if pick < 0.08:
            return self.mapping()
        return self.scalar(kind)

    # ---- files
    def put(self, tree, path, value):
        node = tree
        for k in path[:-1]:
            _check_key(k)
            if not isinstance(node.get(k, {}), dict):
                return  # a leaf is already there
            node = node.setdefault(k, {})
        _check_key(path[-1])
        if path[-1] not in node:
            node[path[-1]] = value

    def layer(self, density):
        r = self.r
        tree = {}
        vocab = VOCAB[:]
        r.shuffle(vocab)
        for path, kind in vocab:
            if r.random() < density:
                self.put(tree, path, self.value(kind))
        return tree

    def instances(self, ids):
        r = self.r
        ha = {}
        for iid in ids:
            inst = {"hostname": Inline(r.choice(["h1.example.com", "h2.example.com",
                                                 "lpar1", '"10.0.0.7"'])),
                    "sysname": Inline(r.choice(["SYS1", "SYS2", "S3"]))}
            if r.random() < 0.1:
                inst["hostname"] = Inline("${{ zowe.externalDomains[0] }}")
            vocab = VOCAB[:]
            r.shuffle(vocab)
            for path, kind in vocab[:r.randint(0, 4)]:
                self.put(inst, path, self.value(kind))
            if r.random() < 0.08:  # a type clash with a map in the base
                self.put(inst, ("components", "gateway"),
                         r.choice([self.array(), Inline("5"), Inline("~")]))
            ha[iid] = inst
        return ha

    def case(self):
        r = self.r
        nfiles = r.randint(1, 3)
        files = [self.layer(r.choice([0.2, 0.4, 0.6])) for _ in range(nfiles)]
        defaults = self.layer(0.5)
        if r.random() < 0.75:
            ids = r.sample(IDS, r.randint(1, 3))
            where = r.sample(range(nfiles), r.randint(1, min(2, nfiles)))
            for n, fi in enumerate(where):
                part = ids if n == 0 else r.sample(ids, r.randint(1, len(ids)))
                files[fi]["haInstances"] = self.instances(part)
        return {"files": [render(f) for f in files], "defaults": render(defaults)}


def _emit(tree, ind, lines):
    pad = " " * ind
    for k, v in tree.items():
        if isinstance(v, dict):
            if v:
                lines.append("%s%s:" % (pad, k))
                _emit(v, ind + 2, lines)
            else:
                lines.append("%s%s: {}" % (pad, k))
        elif isinstance(v, Inline):
            lines.append(("%s%s: %s" % (pad, k, v.text)).rstrip())
        elif isinstance(v, Block):
            lines.append("%s%s: %s" % (pad, k, v.style))
            lines.append("%s  %s" % (pad, v.body))
        elif isinstance(v, Seq):
            if v.flow:
                lines.append("%s%s: [%s]" % (pad, k, ", ".join(i.text for i in v.items)))
            else:
                lines.append("%s%s:" % (pad, k))
                for i in v.items:
                    lines.append(("%s  - %s" % (pad, i.text)).rstrip())
        else:  # pragma: no cover
            raise TypeError(v)


def render(tree):
    lines = []
    _emit(tree, 0, lines)
    return "\n".join(lines) + "\n" if lines else "zowe: {}\n"


def case(seed, index):
    return Gen(random.Random("%s:%s" % (seed, index))).case()


def write_case(c, outdir):
    """Writes l1.yaml... and defaults.yaml; returns (file paths highest first, defaults)."""
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for n, text in enumerate(c["files"], 1):
        p = os.path.join(outdir, "l%d.yaml" % n)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(p)
    d = os.path.join(outdir, "defaults.yaml")
    with open(d, "w", encoding="utf-8") as f:
        f.write(c["defaults"])
    return paths, d


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: gen_layered.py SEED INDEX [OUTDIR]\n")
        return 2
    c = case(argv[1], argv[2])
    if len(argv) > 3:
        write_case(c, argv[3])
        return 0
    for n, text in enumerate(c["files"], 1):
        sys.stdout.write("--- l%d.yaml\n%s" % (n, text))
    sys.stdout.write("--- defaults.yaml\n%s" % c["defaults"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
