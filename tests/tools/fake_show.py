#!/usr/bin/env python3
"""A stand-in for `ums-ha-preflight show`, used only to check diff_driver.py itself.

It answers `show --format json --no-origin --defaults D -c 'FILE(a):FILE(b)'` from
zowe_model.py, so the driver must report no mismatch against it; with
FAKE_SHOW_BUG=arrays it concatenates layered arrays the wrong way round (higher layer
first) and with FAKE_SHOW_BUG=per-instance it evaluates templates after the instance
overlay, so the driver must report a mismatch.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zowe_model as zm  # noqa: E402


def _buggy_arrays():
    original = zm.json_merge

    def merge(overrides, base):
        if isinstance(base, list) and isinstance(overrides, list):
            return [zm._copy(x) for x in overrides] + [zm._copy(x) for x in base]
        if zm._is_obj(base) and zm._is_obj(overrides):
            b, o = zm._as_object(base), zm._as_object(overrides)
            merged = {k: (merge(o[k], v) if k in o else zm._copy(v)) for k, v in b.items()}
            merged.update({k: zm._copy(v) for k, v in o.items() if k not in b})
            return zm._from_object(merged)
        return original(overrides, base)

    zm.json_merge = merge


def main(argv):
    if len(argv) < 2 or argv[1] != "show":
        sys.stderr.write("fake_show: unknown command\n")
        return 2
    if "--help" in argv:
        print("usage: fake_show.py show --format json --no-origin --defaults D -c SPEC")
        return 0
    defaults = argv[argv.index("--defaults") + 1]
    spec = argv[argv.index("-c") + 1]
    files = re.findall(r"FILE\(([^)]*)\)", spec)
    bug = os.environ.get("FAKE_SHOW_BUG", "")
    if bug == "arrays":
        _buggy_arrays()
    texts = [open(p, encoding="utf-8").read() for p in files]
    dtext = open(defaults, encoding="utf-8").read()
    if bug == "per-instance":
        layers = [zm.load_layer(t) for t in texts] + [zm.load_layer(dtext)]
        merged = zm.merge_layers(layers)
        out = []
        ha = merged.get("haInstances")
        if isinstance(ha, dict) and ha:
            for iid, inst in ha.items():
                cfg = zm.ha_merge(zm.evaluate(zm._copy(inst)), zm._copy(merged))
                cfg = zm.evaluate(zm._copy(cfg))
                cfg.pop("hostname", None)
                cfg.pop("sysname", None)
                out.append((iid, cfg))
        else:
            out.append((None, zm.evaluate(merged)))
    else:
        out = zm.effective(texts, dtext)
    json.dump({"instances": [{"id": i, "config": zm.to_json(c)} for i, c in out]},
              sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
