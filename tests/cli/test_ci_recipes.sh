#!/usr/bin/env bash
# The ways into a repository that holds only Zowe configurations, run against scratch git
# repositories written here from samples/ha-ready (zowe.yaml, parmlib/ZWEYAML and
# PROFILE.TCPIP; the DVIPA named by its address, so that the profile's one HOTSTANDBY
# distribution declares it), one ready and one where UHA105 fails:
# - the GitHub recipe docs/ci/github-actions.yml: its step that uses this repository's
#   action runs action.yml's steps (tests/tools/run_composite_action.py: the build from the
#   action's folder, the check with the recipe's inputs), and the upload-sarif step would
#   upload the SARIF file it wrote; the action with no inputs (the configuration found);
# - the GitLab recipe's `script:` and the Jenkinsfile's check `sh` script, with the tool on
#   PATH (their install steps need the network; they are checked to pin a release tag and
#   to call scripts/build.sh);
# - the pre-commit hooks: `pre-commit try-repo` on this repository (skipped with a message
#   where pre-commit is not installed; the source must be a git checkout).
# Every gate exits 0 on the ready repository; on the failing one it exits non-zero and
# writes its SARIF or JUnit report, which holds the UHA105 failure. The wiring is checked
# too: the version every recipe and the pre-commit docs pin is v + CMakeLists.txt's.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_BUILD_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
[ -n "${UHP_BUILD_DIR:-}" ] && [ -d "$UHP_BUILD_DIR" ] || fail "UHP_BUILD_DIR is not a folder"
command -v xmllint > /dev/null || fail "xmllint not found (Debian package libxml2-utils)"
command -v git > /dev/null || fail "git not found"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import yaml' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with the yaml module (Debian package python3-yaml)"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-ci.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

"$PY" - "$UHP_SOURCE_DIR" "$UHP_BIN" "$UHP_BUILD_DIR" "$TMP" << 'PYEOF'
import json, os, re, shutil, subprocess, sys
import yaml

root, binary, build, tmp = sys.argv[1:5]
errors, passed = [], []
def err(msg):
    errors.append(msg)
    print("FAIL", msg, flush=True)
def ok(msg):
    passed.append(msg)
    print("ok  ", msg, flush=True)

version = re.search(r"project\(ums-ha-preflight VERSION ([0-9.]+)", open(os.path.join(root, "CMakeLists.txt")).read()).group(1)
tag = "v" + version
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", NO_COLOR="1")
tool_path = os.path.dirname(os.path.abspath(binary)) + os.pathsep + os.environ.get("PATH", "")

def make_repo(name, ready):
    """A scratch git repository holding only zowe.yaml, parmlib/ZWEYAML and PROFILE.TCPIP."""
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "parmlib"))
    s = os.path.join(root, "samples", "ha-ready")
    def write(src, dst, failing=False):
        text = open(os.path.join(s, src), encoding="utf-8").read()
        text = text.replace("umsha.plex1.example.com", "10.10.1.100")
        if failing:
            assert "authType: MFA_JWT" in text
            text = text.replace("authType: MFA_JWT", "authType: STANDARD_JWT")
        open(os.path.join(d, dst), "w", encoding="utf-8").write(text)
    write("zowe.yaml", "zowe.yaml")
    write("ZWEYAML.yaml", "parmlib/ZWEYAML", failing=not ready)
    shutil.copy(os.path.join(s, "PROFILE.TCPIP"), os.path.join(d, "PROFILE.TCPIP"))
    for c in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "configuration"]):
        subprocess.run(["git"] + c, cwd=d, env=GIT_ENV, check=True)
    files = subprocess.run(["git", "ls-files"], cwd=d, capture_output=True, text=True).stdout.split()
    assert sorted(files) == ["PROFILE.TCPIP", "parmlib/ZWEYAML", "zowe.yaml"], files
    return d

def check_report(label, path, failing):
    """The report at PATH exists and is valid; a failing one holds the UHA105 failure."""
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        err(f"{label}: wrote no {os.path.basename(path)}")
        return
    text = open(path, encoding="utf-8").read()
    if path.endswith(".sarif"):
        c = subprocess.run([sys.executable, os.path.join(root, "tests/tools/check_sarif_github.py"), path],
                           capture_output=True, text=True)
        if c.returncode != 0:
            err(f"{label}: {c.stderr.strip()[:300]}")
            return
        results = [r for run in json.loads(text)["runs"] for r in run.get("results", [])]
        has = any(r.get("ruleId") == "UHA105" and r.get("level") == "error" for r in results)
    else:
        c = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
        if c.returncode != 0:
            err(f"{label}: JUnit not well-formed: {c.stderr.strip()[:200]}")
            return
        has = "<failure " in text and "UHA105" in text
    if has != failing:
        err(f"{label}: {os.path.basename(path)} {'lacks' if failing else 'holds'} a UHA105 failure")
    else:
        ok(f"{label}: {os.path.basename(path)} written, valid{', with the UHA105 failure' if failing else ''}")

def gate(label, rc, failing, out=""):
    if failing and rc == 0 or not failing and rc != 0:
        err(f"{label}: exit {rc}, expected {'non-zero' if failing else '0'}: {out.strip()[-600:]}")
    else:
        ok(f"{label}: exit {rc}")

# --- the GitHub Action (action.yml) and the GitHub recipe ------------------------------------
action = yaml.safe_load(open(os.path.join(root, "action.yml"), encoding="utf-8"))
inputs = action.get("inputs") or {}
for name in ("config", "dvipa", "tcpip", "manifest", "fail-on", "sarif"):
    if name not in inputs:
        err(f"action.yml: no input '{name}'")
steps = action.get("runs", {}).get("steps", [])
if action.get("runs", {}).get("using") != "composite":
    err("action.yml: not a composite action")
for s in steps:
    if "run" in s and "${{" in s["run"]:
        err(f"action.yml: step '{s.get('name')}' has ${{{{ }}}} in its script (inputs go through env:)")
uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
if not uploads or "always()" not in str(uploads[0].get("if", "")) or "inputs.sarif" not in str(uploads[0].get("if", "")):
    err("action.yml: no upload-sarif step that runs always() when inputs.sarif is set")
builds = [s for s in steps if "run" in s and "GITHUB_ACTION_PATH" in s["run"] and "build.sh" in s["run"]]
if not builds:
    err("action.yml: no step builds the tool from the action's folder (GITHUB_ACTION_PATH)")

gh = yaml.safe_load(open(os.path.join(root, "docs/ci/github-actions.yml"), encoding="utf-8"))
if "security-events" not in (gh.get("permissions") or {}):
    err("github-actions.yml: upload-sarif needs permissions: security-events: write")
gh_steps = [s for job in gh.get("jobs", {}).values() for s in job.get("steps", [])]
uses = [s for s in gh_steps if str(s.get("uses", "")).startswith("ums-ha-preflight/ums-ha-preflight@")]
if not uses:
    err("github-actions.yml: no step uses ums-ha-preflight/ums-ha-preflight@REF")
elif uses[0]["uses"].split("@", 1)[1] != tag:
    err(f"github-actions.yml: pins {uses[0]['uses']}, not the release {tag}")
if not any(str(s.get("uses", "")).startswith("actions/checkout@") for s in gh_steps):
    err("github-actions.yml: no actions/checkout step")

runner = os.path.join(root, "tests/tools/run_composite_action.py")
runner_temp = os.path.join(build, "action-runner-temp")   # kept: the action's build is reused

def run_action(label, repo, with_inputs, failing):
    args = [sys.executable, runner, os.path.join(root, "action.yml"), repo, runner_temp]
    args += [f"{k}={v}" for k, v in with_inputs.items()]
    p = subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=1200,
                       env=dict(os.environ, NO_COLOR="1"))
    out = p.stdout + p.stderr
    if p.returncode not in (0, 1):
        err(f"{label}: the runner failed (exit {p.returncode}): {out.strip()[-600:]}")
        return
    gate(label, p.returncode, failing, out)
    sarif = with_inputs.get("sarif", inputs.get("sarif", {}).get("default", ""))
    m = re.search(r"uses: github/codeql-action/upload-sarif@\S+ with: (\{.*\})", p.stdout)
    if not m:
        err(f"{label}: the upload-sarif step did not run: {p.stdout.strip()[-400:]}")
    else:
        w = json.loads(m.group(1))
        if os.path.normpath(os.path.join(repo, w.get("sarif_file", ""))) != os.path.normpath(os.path.join(repo, sarif)):
            err(f"{label}: upload-sarif uploads {w.get('sarif_file')}, the check wrote {sarif}")
        check_report(label, os.path.join(repo, sarif), failing)
    if failing and "title=UHA105" not in p.stdout:
        err(f"{label}: no ::error annotation for UHA105 in the log")

if uses:
    for ready in (True, False):
        repo = make_repo(f"gh-{'ready' if ready else 'failing'}", ready)
        run_action(f"GitHub recipe (action.yml, {'ready' if ready else 'failing'})", repo,
                   {k: str(v) for k, v in (uses[0].get("with") or {}).items()}, not ready)
for ready in (True, False):
    repo = make_repo(f"action-found-{'ready' if ready else 'failing'}", ready)
    run_action(f"action.yml without inputs, the configuration found ({'ready' if ready else 'failing'})",
               repo, {}, not ready)

# --- GitLab and Jenkins: the check commands, with the tool on PATH ----------------------------
def pins_and_builds(label, text, version_value):
    if version_value != tag:
        err(f"{label}: UMS_HA_PREFLIGHT_VERSION is {version_value!r}, not the release {tag}")
    if not re.search(r'git clone .*--branch "\$UMS_HA_PREFLIGHT_VERSION"', text):
        err(f"{label}: does not clone the pinned tag (--branch \"$UMS_HA_PREFLIGHT_VERSION\")")
    if "scripts/build.sh" not in text:
        err(f"{label}: does not build with scripts/build.sh")
    if "cmake -S . -B" in text:
        err(f"{label}: still builds in the checked-out (configuration) repository")

def run_script(label, script, env_vars, report, failing):
    repo = make_repo(label.split()[0].lower() + ("-failing" if failing else "-ready"), not failing)
    env = dict(os.environ, **env_vars, PATH=tool_path, NO_COLOR="1")
    p = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    gate(f"{label} ({'failing' if failing else 'ready'})", p.returncode, failing, p.stdout + p.stderr)
    check_report(f"{label} ({'failing' if failing else 'ready'})", os.path.join(repo, report), failing)

gl = yaml.safe_load(open(os.path.join(root, "docs/ci/gitlab-ci.yml"), encoding="utf-8"))
job = gl.get("ums-ha-preflight", {})
gl_text = open(os.path.join(root, "docs/ci/gitlab-ci.yml"), encoding="utf-8").read()
pins_and_builds("gitlab-ci.yml", "\n".join(job.get("before_script", [])), (job.get("variables") or {}).get("UMS_HA_PREFLIGHT_VERSION"))
art = job.get("artifacts", {})
junit = art.get("reports", {}).get("junit")
if art.get("when") != "always":
    err("gitlab-ci.yml: artifacts need when: always (a failing check must still report)")
if not junit or f"junit={junit}" not in " ".join(job.get("script", [])):
    err(f"gitlab-ci.yml: artifacts:reports:junit ({junit}) is not the file the check writes")
else:
    for failing in (False, True):
        run_script("GitLab recipe script:", "\n".join(job["script"]), {k: str(v) for k, v in (job.get("variables") or {}).items()},
                   junit, failing)

jf = open(os.path.join(root, "docs/ci/Jenkinsfile"), encoding="utf-8").read()
m = re.search(r"UMS_HA_PREFLIGHT_VERSION\s*=\s*'([^']*)'", jf)
pins_and_builds("Jenkinsfile", jf, m.group(1) if m else None)
m = re.search(r"sh\(returnStatus: true, script: '''(.*?)'''\)", jf, re.S)
jm = re.search(r"junit\s+testResults:\s*'([^']+)'", jf)
if not m or not jm:
    err("Jenkinsfile: no sh(returnStatus: true, script: '''...''') check followed by a junit step")
elif f"junit={jm.group(1)}" not in m.group(1):
    err(f"Jenkinsfile: the junit step reads {jm.group(1)}, which the check does not write")
else:
    for failing in (False, True):
        run_script("Jenkinsfile check stage", m.group(1), {"UMS_HA_PREFLIGHT_VERSION": tag}, jm.group(1), failing)

# --- pre-commit -------------------------------------------------------------------------------
hooks = yaml.safe_load(open(os.path.join(root, ".pre-commit-hooks.yaml"), encoding="utf-8"))
ids = [h.get("id") for h in hooks or []]
if "ums-ha-preflight" not in ids:
    err(".pre-commit-hooks.yaml: no hook ums-ha-preflight")
for h in hooks or []:
    for key in ("id", "name", "entry", "language", "files"):
        if not isinstance(h.get(key), str) or not h[key]:
            err(f".pre-commit-hooks.yaml: hook {h.get('id')} has no {key}")
    pat = re.compile(h.get("files", ""))
    for f in ("zowe.yaml", "plex1/zowe.yml", "parmlib/ZWEYAML", "zweyaml.yaml", "PROFILE.TCPIP",
              "profile.tcpip", "lpar1/tcpip.profile", "zowe-sets.yaml", ".ums-ha-preflight.yaml"):
        if not pat.search(f):
            err(f".pre-commit-hooks.yaml: hook {h.get('id')}: files does not match {f}")
    for f in ("README.md", "src/main.c", "docs/rules/UHA105.md"):
        if pat.search(f):
            err(f".pre-commit-hooks.yaml: hook {h.get('id')}: files matches {f}")
    if h.get("language") == "script" and not os.access(os.path.join(root, h["entry"].split()[0]), os.X_OK):
        err(f".pre-commit-hooks.yaml: hook {h.get('id')}: {h['entry'].split()[0]} is not executable")
doc = open(os.path.join(root, "docs/ci/README.md"), encoding="utf-8").read()
revs = re.findall(r"^\s*rev:\s*(\S+)", doc, re.M)
if revs != [tag]:
    err(f"docs/ci/README.md: the documented pre-commit rev is {revs}, not [{tag!r}]")

if not shutil.which("pre-commit"):
    print("skip pre-commit try-repo: pre-commit is not installed (Debian package pre-commit)")
elif subprocess.run(["git", "-C", root, "rev-parse", "--git-dir"], capture_output=True).returncode != 0:
    print(f"skip pre-commit try-repo: {root} is not a git checkout")
else:
    for ready in (True, False):
        repo = make_repo(f"pre-commit-{'ready' if ready else 'failing'}", ready)
        env = dict(GIT_ENV, PATH=tool_path, PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"))
        p = subprocess.run(["pre-commit", "try-repo", root, "ums-ha-preflight", "--all-files"],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        out = p.stdout + p.stderr
        label = f"pre-commit try-repo, hook ums-ha-preflight ({'ready' if ready else 'failing'})"
        gate(label, p.returncode, not ready, out)
        if not ready and "[UHA105]" not in out:
            err(f"{label}: the output does not name UHA105: {out.strip()[-400:]}")
        if "ums-ha-preflight" not in out or ("Passed" if ready else "Failed") not in out:
            err(f"{label}: the hook did not run: {out.strip()[-400:]}")

    # The .pre-commit-config.yaml of docs/ci/README.md, with this checkout as the repo and
    # its HEAD as the rev (the documented rev is a tag of a release).
    block = re.search(r"```yaml\n(repos:.*?)```", doc, re.S)
    head = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    if not block:
        err("docs/ci/README.md: no ```yaml block with the .pre-commit-config.yaml")
    else:
        cfg = yaml.safe_load(block.group(1))
        cfg["repos"][0]["repo"], cfg["repos"][0]["rev"] = root, head
        cfg_path = os.path.join(tmp, "pre-commit-config.yaml")
        open(cfg_path, "w").write(yaml.safe_dump(cfg))
        for ready in (True, False):
            repo = make_repo(f"pre-commit-doc-{'ready' if ready else 'failing'}", ready)
            env = dict(GIT_ENV, PATH=tool_path, PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"))
            p = subprocess.run(["pre-commit", "run", "--all-files", "-c", cfg_path],
                               cwd=repo, env=env, capture_output=True, text=True, timeout=300)
            out = p.stdout + p.stderr
            label = f"pre-commit run, the documented config ({'ready' if ready else 'failing'})"
            gate(label, p.returncode, not ready, out)
            if not ready and "[UHA105]" not in out:
                err(f"{label}: the output does not name UHA105: {out.strip()[-400:]}")

print(f"{len(passed)} passed, {len(errors)} failed")
sys.exit(1 if errors else 0)
PYEOF
