#!/usr/bin/env bash
# `show` on every sample set and on the reference configurations: the YAML form reads back
# (Python's yaml loader) equal to the JSON form, and every origin points at a real line that
# holds the value's key (or, for an array item, the value). Sets whose input does not load
# (the UHA001-UHA004 samples) must exit 2 with a located error instead.
set -u
: "${UHP_BIN:?UHP_BIN must name the binary}"
: "${UHP_SOURCE_DIR:?UHP_SOURCE_DIR must name the source tree}"
if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "SKIP: python3-yaml is not installed (apt-get install python3-yaml)"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-show.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$UHP_SOURCE_DIR" || exit 1
python3 - "$UHP_BIN" "$TMP" <<'PY'
import json, os, re, subprocess, sys
import yaml
try:
    import jsonschema
    with open(os.path.join("docs", "show.schema.json")) as f:
        SCHEMA = json.load(f)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
except ImportError:
    VALIDATOR = None
    print("SKIP (schema part): python3-jsonschema is not installed")

binary, tmp = sys.argv[1], sys.argv[2]
passed = failed = 0
ORIGIN = re.compile(r"^(.*?):(\d+):(\d+) \((.*?)\)( \(haInstances override\))?"
                    r"( via template at (.*):(\d+):(\d+))?$")


def lines_of(path, cache={}):
    if path not in cache:
        with open(path, encoding="utf-8", errors="replace") as f:
            cache[path] = f.read().split("\n")
    return cache[path]


def check_origins(value, origin, key, where, problems):
    """Walks VALUE and ORIGIN (same shape) and checks each scalar's origin."""
    stack = [(value, origin, key, where)]
    while stack:
        v, o, k, w = stack.pop()
        if isinstance(v, dict) and not (len(v) == 1 and "$unknown" in v):
            if not isinstance(o, dict) or list(o) != list(v):
                problems.append("%s: origin does not have the value's shape" % w)
                continue
            for kk in v:
                stack.append((v[kk], o[kk], kk, w + "." + kk))
            continue
        if isinstance(v, list):
            if not isinstance(o, list) or len(o) != len(v):
                problems.append("%s: origin does not have the value's shape" % w)
                continue
            for i, x in enumerate(v):
                stack.append((x, o[i], None, "%s[%d]" % (w, i)))
            continue
        if isinstance(o, str) and o.startswith("built-in default"):
            continue
        m = ORIGIN.match(o if isinstance(o, str) else "")
        if not m:
            problems.append("%s: origin %r is not file:line:col (layer)" % (w, o))
            continue
        if m.group(6):  # through a template: the template's own line holds the key
            path, line = m.group(7), int(m.group(8))
        else:
            path, line = m.group(1), int(m.group(2))
        if not os.path.exists(path):
            problems.append("%s: origin file %s does not exist" % (w, path))
            continue
        text = lines_of(path)
        if line < 1 or line > len(text):
            problems.append("%s: origin line %d is past the end of %s" % (w, line, path))
            continue
        if k is not None:
            want = k
        elif isinstance(v, bool):
            want = None
        elif isinstance(v, (int, str)) and v != "********" and "\n" not in str(v):
            want = str(v)
        else:
            want = None
        if want is not None and want not in text[line - 1]:
            problems.append("%s: line %s:%d does not hold %r: %r" % (w, path, line, want,
                                                                     text[line - 1][:120]))


# Paths the rules read (src/rules/), as show PATH takes them.
RULE_PATHS = ["zowe.externalDomains[0]", "zowe.externalPort", "zowe.logDirectory",
              "components.gateway.enabled", "components.gateway.port",
              "components.izp.enabled", "components.izp.server.host",
              "components.izp.server.authType", "components.izp.server.port.http",
              "components.zss.port", "components['caching-service'].storage.mode",
              "zowe.useConfigmgr"]


def walk(config, path):
    """The value at PATH in a shown configuration (None when absent)."""
    v = config
    for name, index in re.findall(r"\.?([A-Za-z0-9_$-]+)|\[('[^']*'|\d+)\]", path):
        key = name if name else (index[1:-1] if index.startswith("'") else int(index))
        if isinstance(key, int):
            if not isinstance(v, list) or key >= len(v):
                return None
        elif not isinstance(v, dict) or key not in v:
            return None
        v = v[key]
    return v


def run(args):
    p = subprocess.run([binary, "show"] + args, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def one(name, args):
    global passed, failed
    problems = []
    rc, js, err = run(args + ["--format", "json"])
    if rc == 2:
        if not re.search(r":\d+:\d+: error:|cannot|error:|invalid .* at character", err + js):
            problems.append("exit 2 without a located error: %s" % err[:200])
    elif rc != 0:
        problems.append("exit %d: %s" % (rc, err[:200]))
    else:
        full = json.loads(js)
        rc2, plain_js, _ = run(args + ["--format", "json", "--no-origin"])
        if VALIDATOR is not None:
            for doc in (full, json.loads(plain_js)):
                for e in list(VALIDATOR.iter_errors(doc))[:3]:
                    problems.append("not valid against docs/show.schema.json: %s at %s"
                                    % (e.message[:120], list(e.absolute_path)[:6]))
        rc3, yml, err3 = run(args)
        plain = json.loads(plain_js)
        try:
            back = yaml.safe_load(yml)
        except yaml.YAMLError as e:
            back = None
            problems.append("the YAML does not load: %s" % e)
        if back is not None and back != plain:
            problems.append("the YAML form differs from the JSON form")
        for inst in full["instances"]:
            if "origin" not in inst:
                problems.append("no origin for instance %s" % inst["id"])
                continue
            if [k for k in inst if k not in ("id", "config", "origin")]:
                problems.append("unexpected members %s" % list(inst))
            check_origins(inst["config"], inst["origin"], None,
                          "%s:$" % inst["id"], problems)
        if plain["instances"] != [{"id": i["id"], "config": i["config"]}
                                  for i in full["instances"]]:
            problems.append("--no-origin changes the values")
        # The rules read paths (uhp_view_get); `show PATH` answers the same way. Each must
        # equal what the whole-configuration walk shows at that place.
        for path in RULE_PATHS:
            rcp, one_js, _ = run(args + ["--format", "json", "--no-origin", path])
            if rcp != 0:
                problems.append("show %s: exit %d" % (path, rcp))
                continue
            if VALIDATOR is not None and not VALIDATOR.is_valid(json.loads(one_js)):
                problems.append("show %s: not valid against docs/show.schema.json" % path)
            for got, whole in zip(json.loads(one_js)["instances"], plain["instances"]):
                want = walk(whole["config"], path)
                if got["value"] != want:
                    problems.append("%s in %s: show PATH gives %r, the whole view %r"
                                    % (path, got["id"], got["value"], want))
    if problems:
        failed += 1
        print("FAIL %s\n     command: %s show %s" % (name, binary, " ".join(args)))
        for p in problems[:8]:
            print("     - " + p)
    else:
        passed += 1
        print("ok   %s" % name)


# The path walker itself: a path that exists and one that does not.
assert walk({"a": {"b-c": [1, {"d": 2}]}}, "a['b-c'][1].d") == 2
assert walk({"a": {"b": 1}}, "a.c") is None

for root, dirs, files in sorted(os.walk("samples")):
    if "args" in files:
        with open(os.path.join(root, "args")) as f:
            args = [a for a in f.read().split("\n") if a]
        # show reads the configuration with -c; positional CONFIGs become -c
        fixed, i = [], 0
        while i < len(args):
            a = args[i]
            if a in ("--format", "--fail-on", "--color", "--jobs", "--set", "--manifest"):
                i += 2
                continue
            if a in ("-q", "--quiet"):
                i += 1
                continue
            if not a.startswith("-") and (not fixed or not fixed[-1].startswith("-")
                                          or fixed[-1] in ("-q",)):
                fixed += ["-c", a]
            else:
                fixed.append(a)
            i += 1
        if "--manifest" in args or "--set" in args:
            continue
        one(root, fixed)

shared = os.path.join("..", "shared", "reference")
if os.path.isdir(shared):
    refs = [os.path.join(shared, "zowe", "example-zowe.yaml")]
    rw = os.path.join(shared, "real-world")
    refs += sorted(os.path.join(rw, f) for f in os.listdir(rw) if f.endswith((".yaml", ".yml")))
    for r in refs:
        one(os.path.relpath(r), ["-c", r])
else:
    print("SKIP: ../shared/reference is not beside the project: the reference configurations "
          "were not shown")

# Hostile input: templates that interpolate each other (13 levels of four references) stop
# at the template budget with a located UHA004 and exit 2, in bounded time; a FIFO is
# refused without blocking.
bomb = os.path.join(tmp, "bomb.yaml")
with open(bomb, "w") as f:
    f.write("zowe:\n  l0: abcdefghij\n")
    for i in range(1, 14):
        f.write('  l%d: "%s"\n' % (i, "".join("${{ zowe.l%d }}" % (i - 1) for _ in range(4))))
fifo = os.path.join(tmp, "fifo.yaml")
os.mkfifo(fifo)
for name, cfg, want in (("template bomb", bomb, r"bomb\.yaml:\d+:\d+: error: .*template budget.*\[UHA004\]"),
                        ("a FIFO", fifo, r"fifo\.yaml: error: .*not a regular file.*\[UHA001\]")):
    rc, _, err = run(["-c", cfg, "--format", "json"])
    if rc == 2 and re.search(want, err):
        passed += 1
        print("ok   show on %s" % name)
    else:
        failed += 1
        print("FAIL show on %s: exit %d, stderr %r" % (name, rc, err[:300]))

print("test_show: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
