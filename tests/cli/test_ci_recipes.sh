#!/usr/bin/env bash
# The CI recipes in docs/ci/ and the pre-commit manifest .pre-commit-hooks.yaml, tried as
# far as possible without a network:
# - the YAML files parse, and each recipe is wired as its CI expects: the GitHub workflow
#   uploads with github/codeql-action/upload-sarif the SARIF file its check writes, even
#   when the check failed; the GitLab job publishes its JUnit file as artifacts:reports:junit
#   with `when: always`; the Jenkins stage gives that file to the junit step; every
#   pre-commit hook has id, name, entry and language, and its `files` pattern matches the
#   sample configuration files;
# - every `ums-ha-preflight check ...` command line in them runs from the repository root
#   against samples/ha-ready (exit 0) and against a copy where UHA105 fails (exit 1), and
#   writes every --format FMT=PATH file it names (paths redirected to a temp folder), valid;
# - the pre-commit hooks run their entry with the arguments of samples/ha-ready/args.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
command -v xmllint > /dev/null || fail "xmllint not found"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import yaml' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with the yaml module (Debian package python3-yaml)"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-ci.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

# A copy of the repository's samples/ha-ready where UHA105 fails, at the same relative path.
mkdir -p "$TMP/failing/samples"
cp -r "$UHP_SOURCE_DIR/samples/ha-ready" "$TMP/failing/samples/ha-ready"
sed -i 's/authType: MFA_JWT/authType: STANDARD_JWT/' "$TMP/failing/samples/ha-ready/ZWEYAML.yaml"
grep -q 'authType: STANDARD_JWT' "$TMP/failing/samples/ha-ready/ZWEYAML.yaml" ||
    fail "could not make the failing copy"

"$PY" - "$UHP_SOURCE_DIR" "$UHP_BIN" "$TMP" << 'PYEOF'
import os, re, shlex, subprocess, sys, json
import yaml

root, binary, tmp = sys.argv[1:4]
errors = []
def err(msg):
    errors.append(msg)

ci = os.path.join(root, "docs", "ci")
recipes = {n: os.path.join(ci, n) for n in ("github-actions.yml", "gitlab-ci.yml", "Jenkinsfile")}
for name, path in recipes.items():
    if not os.path.isfile(path):
        err(f"docs/ci/{name} is missing")
hooks_path = os.path.join(root, ".pre-commit-hooks.yaml")

def commands(path):
    """The `ums-ha-preflight check` command lines of a recipe (comments skipped)."""
    out = []
    for line in open(path, encoding="utf-8"):
        s = line.strip()
        if s.startswith(("#", "//")) or "ums-ha-preflight check " not in s:
            continue
        s = s[s.index("ums-ha-preflight check "):]
        out.append(s)
    return out

def outputs(argv):
    """FMT -> PATH of every --format FMT=PATH."""
    res = {}
    for i, a in enumerate(argv):
        v = None
        if a == "--format" and i + 1 < len(argv):
            v = argv[i + 1]
        elif a.startswith("--format="):
            v = a[len("--format="):]
        if v and "=" in v:
            fmt, p = v.split("=", 1)
            res[fmt] = p
    return res

def run(argv, cwd, outdir, want_rc, label):
    """Runs ARGV (argv[0] replaced by the built binary, outputs redirected into OUTDIR)."""
    os.makedirs(outdir, exist_ok=True)
    args, files = [binary], {}
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--format" and i + 1 < len(argv) and "=" in argv[i + 1]:
            fmt, p = argv[i + 1].split("=", 1)
            files[fmt] = os.path.join(outdir, os.path.basename(p))
            args += [a, f"{fmt}={files[fmt]}"]
            i += 2
            continue
        args.append(a)
        i += 1
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, NO_COLOR="1"))
    if p.returncode != want_rc:
        err(f"{label}: exit {p.returncode}, expected {want_rc}: {p.stderr.strip()[:300]}")
    for fmt, f in files.items():
        if not os.path.isfile(f) or os.path.getsize(f) == 0:
            err(f"{label}: --format {fmt} wrote no {os.path.basename(f)}")
            continue
        if fmt == "sarif":
            c = subprocess.run([sys.executable, os.path.join(root, "tests/tools/check_sarif_github.py"), f],
                               capture_output=True, text=True)
            if c.returncode != 0:
                err(f"{label}: {c.stderr.strip()[:300]}")
        elif fmt == "junit":
            c = subprocess.run(["xmllint", "--noout", f], capture_output=True, text=True)
            if c.returncode != 0:
                err(f"{label}: junit not well-formed: {c.stderr.strip()[:200]}")
            elif want_rc == 1 and "<failure " not in open(f, encoding="utf-8").read():
                err(f"{label}: junit of a failing configuration holds no <failure>")
    return p

ran = 0
all_outputs = {}
for name, path in recipes.items():
    if not os.path.isfile(path):
        continue
    cmds = commands(path)
    if not cmds:
        err(f"docs/ci/{name}: no `ums-ha-preflight check` command line")
    for k, c in enumerate(cmds):
        argv = shlex.split(c)
        all_outputs[name] = outputs(argv)
        if "samples/ha-ready" not in c:
            err(f"docs/ci/{name}: command {k + 1} does not check samples/ha-ready")
        run(argv, root, os.path.join(tmp, "out", name, "ok"), 0, f"{name} (ha-ready)")
        run(argv, os.path.join(tmp, "failing"), os.path.join(tmp, "out", name, "fail"), 1,
            f"{name} (failing copy)")
        ran += 1

# How each recipe is wired into its CI.
gh = yaml.safe_load(open(recipes["github-actions.yml"], encoding="utf-8"))
steps = [s for job in gh.get("jobs", {}).values() for s in job.get("steps", [])]
uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
sarif_out = all_outputs.get("github-actions.yml", {}).get("sarif")
if not uploads:
    err("github-actions.yml: no github/codeql-action/upload-sarif step")
elif uploads[0].get("with", {}).get("sarif_file") != sarif_out:
    err(f"github-actions.yml: upload-sarif does not upload the SARIF file the check writes ({sarif_out})")
elif "always()" not in str(uploads[0].get("if", "")):
    err("github-actions.yml: upload-sarif does not run when the check failed")
if "security-events" not in (gh.get("permissions") or {}):
    err("github-actions.yml: upload-sarif needs permissions: security-events: write")

gl = yaml.safe_load(open(recipes["gitlab-ci.yml"], encoding="utf-8"))
job = gl.get("ums-ha-preflight", {})
art = job.get("artifacts", {})
junit_out = all_outputs.get("gitlab-ci.yml", {}).get("junit")
if art.get("reports", {}).get("junit") != junit_out:
    err(f"gitlab-ci.yml: artifacts:reports:junit is not the JUnit file the check writes ({junit_out})")
if art.get("when") != "always":
    err("gitlab-ci.yml: artifacts need when: always (a failing check must still report)")

jf = open(recipes["Jenkinsfile"], encoding="utf-8").read()
junit_out = all_outputs.get("Jenkinsfile", {}).get("junit")
if not re.search(r"junit\s+testResults:\s*'" + re.escape(str(junit_out)) + "'", jf):
    err(f"Jenkinsfile: the junit step does not read the JUnit file the check writes ({junit_out})")
if "returnStatus: true" not in jf:
    err("Jenkinsfile: sh needs returnStatus: true so that junit runs on a failing check")

# pre-commit hooks
hooks = yaml.safe_load(open(hooks_path, encoding="utf-8"))
if not isinstance(hooks, list) or not hooks:
    err(".pre-commit-hooks.yaml is not a list of hooks")
    hooks = []
sample_args = [l.rstrip("\r\n") for l in open(os.path.join(root, "samples/ha-ready/args")) if l.strip()]
for h in hooks:
    for key in ("id", "name", "entry", "language"):
        if not isinstance(h.get(key), str) or not h[key]:
            err(f".pre-commit-hooks.yaml: hook {h.get('id')} has no {key}")
    pat = re.compile(h.get("files", ""))
    for f in ("samples/ha-ready/zowe.yaml", "samples/ha-ready/ZWEYAML.yaml",
              "samples/ha-ready/PROFILE.TCPIP", "samples/sets/plex-sets.yaml", "zowe.yaml"):
        if not pat.search(f):
            err(f".pre-commit-hooks.yaml: hook {h.get('id')} files does not match {f}")
    for f in ("README.md", "src/main.c"):
        if pat.search(f):
            err(f".pre-commit-hooks.yaml: hook {h.get('id')} files matches {f}")
    argv = shlex.split(h.get("entry", "")) + list(h.get("args", [])) + sample_args
    if argv[:2] != ["ums-ha-preflight", "check"]:
        err(f".pre-commit-hooks.yaml: hook {h.get('id')} entry is not `ums-ha-preflight check`")
        continue
    run(argv, root, os.path.join(tmp, "out", "pre-commit", "ok"), 0, f"pre-commit {h['id']} (ha-ready)")
    p = run(argv, os.path.join(tmp, "failing"), os.path.join(tmp, "out", "pre-commit", "fail"), 1,
            f"pre-commit {h['id']} (failing copy)")
    if "[UHA105]" not in p.stdout:
        err(f"pre-commit {h['id']}: the failing copy's output does not name UHA105")
    ran += 1

for e in errors:
    print("FAIL", e, file=sys.stderr)
if ran < 4:
    print(f"FAIL only {ran} recipe commands found", file=sys.stderr)
    sys.exit(1)
if errors:
    sys.exit(1)
print(f"ok: {ran} recipe commands ran against samples/ha-ready and a failing copy")
PYEOF
