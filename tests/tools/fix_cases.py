#!/usr/bin/env python3
"""The mechanical fixes (`check --format diff`, SARIF `fixes`) end to end.

1. Every samples/fail set: the sets whose rule has a mechanical fix get a patch that
   `git apply --check` and `patch -p1 --dry-run` accept; once applied, the findings that
   carried a fix are gone, every other finding is unchanged (message and rule), every
   comment of the changed files is still there, and a replaced value changed only its own
   bytes. The other sets get no patch.
2. Hostile inputs on a copy of samples/ha-ready: CRLF line ends, tabs in a comment, a flow
   sequence, a value on a continuation line, a plain scalar over two lines, a file with no
   trailing newline: each patched file is compared byte for byte with the expected one.
   A template, an EBCDIC file and a secret next to the value: no patch, or a patch that
   does not show the secret, with the reason in the report.
3. UHA102 across layers when the higher layer's list holds more than the DVIPA: the DVIPA
   becomes the first item of the lower layer's list and only its own line leaves the other.

Usage: fix_cases.py BINARY SOURCE_DIR. Exit 0 when every case passes.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
PATCHED_SETS = {
    "UHA007-value-type",
    "UHA101-gateway-enabled",
    "UHA102-dvipa-first-external-domain",
    "UHA103-external-port-gateway",
    "UHA104-ums-host-dvipa",
    "UHA105-ums-auth-mfa-jwt",
}
failures = []
passed = 0


def bad(case, msg):
    failures.append(f"{case}: {msg}")


def run(args, cwd):
    return subprocess.run([BIN, "check"] + args, cwd=cwd, capture_output=True, timeout=60,
                          env=dict(os.environ, NO_COLOR="1"))


def strip_loc(lines):
    """Compact lines without their file:line:col: prefix, sorted."""
    return sorted(re.sub(r"^[^:]*:\d+:\d+: ", "", l) for l in lines if l)


def comments(data):
    return sorted(re.findall(rb"#[^\r\n]*", data))


def applies(case, cwd, patch):
    ok = True
    r = subprocess.run(["git", "apply", "--check", patch], cwd=cwd, capture_output=True)
    if r.returncode != 0:
        bad(case, "git apply --check: " + r.stderr.decode(errors="replace"))
        ok = False
    with open(patch, "rb") as p:
        r = subprocess.run(["patch", "-p1", "--dry-run", "-s"], cwd=cwd, stdin=p,
                           capture_output=True)
    if r.returncode != 0:
        bad(case, "patch -p1 --dry-run: " + r.stdout.decode(errors="replace"))
        ok = False
    return ok


def apply(cwd, patch):
    subprocess.run(["git", "apply", patch], cwd=cwd, check=True)


def sample_sets(tmp):
    global passed
    root = os.path.join(SRC, "samples", "fail")
    for name in sorted(os.listdir(root)):
        argf = os.path.join(root, name, "args")
        if not os.path.isfile(argf):
            continue
        case = "samples/fail/" + name
        work = os.path.join(tmp, "s-" + name)
        shutil.copytree(os.path.join(root, name), os.path.join(work, "samples", "fail", name))
        with open(argf) as f:
            args = [l.rstrip("\r\n") for l in f if l.strip()]
        patch = os.path.join(work, "fix.diff")
        sarif = os.path.join(work, "out.sarif")
        r = run(args + ["--format", "compact", "--format", "diff=" + patch,
                        "--format", "sarif=" + sarif], work)
        if r.returncode not in (0, 1, 2) or not os.path.exists(patch):
            if name in PATCHED_SETS:
                bad(case, f"no report (status {r.returncode})")
            continue
        before = r.stdout.decode().splitlines()
        text = open(patch, "rb").read()
        has_patch = b"\n--- a/" in b"\n" + text
        if has_patch != (name in PATCHED_SETS):
            bad(case, "a patch was written" if has_patch else "no patch was written")
            continue
        if not has_patch:
            passed += 1
            continue
        fixed = set()
        for res in json.load(open(sarif))["runs"][0]["results"]:
            if res.get("fixes"):
                loc = res["locations"][0]["physicalLocation"]
                reg = loc["region"]
                fixed.add((loc["artifactLocation"]["uri"], reg["startLine"],
                           reg.get("startColumn", 0), res["ruleId"]))
        if not fixed:
            bad(case, "the diff has edits but no SARIF result has fixes")
        for chunk in re.split(rb"^--- a/", text, flags=re.M)[1:]:
            minus = set(re.findall(rb"^-(?!--)(.*)$", chunk, re.M))
            plus = set(re.findall(rb"^\+(?!\+\+)(.*)$", chunk, re.M))
            if minus & plus:
                bad(case, f"a line is removed and added back unchanged: {minus & plus}")
        files = re.findall(rb"^\+\+\+ b/(.*)$", text, re.M)
        originals = {f: open(os.path.join(work, f.decode()), "rb").read() for f in files}
        if not applies(case, work, patch):
            continue
        apply(work, patch)
        after = run(args + ["--format", "compact"], work).stdout.decode().splitlines()

        def is_fixed(line):
            m = re.match(r"^(.*):(\d+):(\d+): .*\[(UHA\d+)\]$", line)
            return m and (m[1], int(m[2]), int(m[3]), m[4]) in fixed

        want = strip_loc(l for l in before if not is_fixed(l))
        got = strip_loc(after)
        if want != got:
            bad(case, f"findings after the patch differ:\n  want {want}\n  got  {got}")
        rule = name.split("-")[0]
        if rule != "UHA007" and any(f"[{rule}]" in l for l in after):
            bad(case, f"{rule} still fails after the patch")
        for f, old in originals.items():
            new = open(os.path.join(work, f.decode()), "rb").read()
            if comments(old) != comments(new):
                bad(case, f"comments of {f.decode()} changed")
            ol, nl = old.split(b"\n"), new.split(b"\n")
            if len(ol) == len(nl):
                for a, b in zip(ol, nl):
                    if a == b:
                        continue
                    p = 0
                    while p < min(len(a), len(b)) and a[p] == b[p]:
                        p += 1
                    s = 0
                    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
                        s += 1
                    mids = (a[p:len(a) - s].strip(), b[p:len(b) - s].strip())
                    if any(re.search(rb"[\s#]", m) for m in mids):
                        bad(case, f"more than a value changed: {a!r} -> {b!r}")
        passed += 1


HA = os.path.join(SRC, "samples", "ha-ready")


def ha_copy(tmp, case):
    work = os.path.join(tmp, "h-" + case)
    shutil.copytree(HA, os.path.join(work, "ha"))
    return work


ARGS = ["-c", "FILE(ha/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))", "--parmlib",
        "IZP.PARMLIB=ha", "--dvipa", "umsha.plex1.example.com=10.10.1.100"]


def hostile(tmp, case, fname, edit, expect, rule, note=None, absent=None, applies_ok=True):
    """Writes EDIT(original bytes) to ha/FNAME, runs the diff, applies it, and compares the
    file with EXPECT(original bytes); NOTE: a '# no patch' reason expected instead."""
    global passed
    n_fail = len(failures)
    work = ha_copy(tmp, case)
    path = os.path.join(work, "ha", fname)
    orig = open(path, "rb").read()
    data = edit(orig)
    with open(path, "wb") as f:
        f.write(data)
    patch = os.path.join(work, "fix.diff")
    r = run(ARGS + ["--format", "compact", "--format", "diff=" + patch], work)
    if f"[{rule}]".encode() not in r.stdout:
        bad(case, f"{rule} does not fail on the prepared input: {r.stdout[:400]!r}")
        return
    text = open(patch, "rb").read()
    if absent and absent in text:
        bad(case, f"the diff shows {absent!r}")
    if note is not None:
        if b"\n--- a/" in b"\n" + text:
            bad(case, "a patch was written")
        if not re.search(rb"^# no patch for " + rule.encode() + rb".*" + note, text, re.M):
            bad(case, f"no '# no patch' line saying {note!r}: {text!r}")
    else:
        if not applies(case, work, patch):
            return
        apply(work, patch)
        got = open(path, "rb").read()
        want = expect(data)
        if got != want:
            bad(case, f"patched file differs:\n  want {want[-300:]!r}\n  got  {got[-300:]!r}")
        after = run(ARGS + ["--format", "compact"], work)
        if f"[{rule}]".encode() in after.stdout:
            bad(case, f"{rule} still fails after the patch")
    if len(failures) == n_fail:
        passed += 1


def sub(old, new):
    def f(b):
        assert old in b, old
        return b.replace(old, new, 1)
    return f


def hostile_cases(tmp):
    auth = b"      authType: MFA_JWT\n"
    std = b"      authType: STANDARD_JWT\n"
    crlf = lambda b: sub(auth, std)(b).replace(b"\n", b"\r\n")
    hostile(tmp, "crlf", "ZWEYAML.yaml", crlf,
            lambda b: b.replace(b"      authType: STANDARD_JWT\r\n", b"      authType: MFA_JWT\r\n", 1),
            "UHA105")
    tab = b"      authType: 'STANDARD_JWT'\t# keep\tthis comment\n"
    hostile(tmp, "tabs-in-comment", "ZWEYAML.yaml", sub(auth, tab),
            sub(tab, b"      authType: 'MFA_JWT'\t# keep\tthis comment\n"), "UHA105")
    block = (b"  externalDomains:\n    - umsha.plex1.example.com\n"
             b"    - lpar1.plex1.example.com\n    - lpar2.plex1.example.com\n")
    flow = b"  externalDomains: [lpar1.plex1.example.com, \"umsha.plex1.example.com\"]  # flow\n"
    hostile(tmp, "flow-sequence", "zowe.yaml", sub(block, flow),
            sub(flow, b"  externalDomains: [\"umsha.plex1.example.com\", "
                      b"lpar1.plex1.example.com]  # flow\n"), "UHA102")
    hostile(tmp, "flow-sequence-absent", "zowe.yaml",
            sub(block, b"  externalDomains: [lpar1.plex1.example.com]\n"),
            sub(b"[lpar1.plex1.example.com]", b"[umsha.plex1.example.com, lpar1.plex1.example.com]"),
            "UHA102")
    cont = b"      authType:\n        STANDARD_JWT   # on the next line\n"
    hostile(tmp, "continuation-line", "ZWEYAML.yaml", sub(auth, cont),
            sub(cont, b"      authType:\n        MFA_JWT   # on the next line\n"), "UHA105")
    host = b"      host: umsha.plex1.example.com\n"
    two = b"      host: lpar1.plex1\n        .example.com   # two lines\n"
    hostile(tmp, "plain-scalar-two-lines", "ZWEYAML.yaml", sub(host, two),
            sub(two, b"      host: 10.10.1.100   # two lines\n"), "UHA104")
    tail = b"  lpar2:\n    hostname: lpar2.plex1.example.com\n    sysname: LPAR2\n"
    off = tail + b"    components:\n      gateway:\n        enabled: false"
    hostile(tmp, "no-trailing-newline", "zowe.yaml", sub(tail, off),
            lambda b: b[:-5] + b"true", "UHA101")
    hostile(tmp, "block-sequence-crlf", "zowe.yaml",
            lambda b: sub(block, b"  externalDomains:\n    - lpar1.plex1.example.com\n"
                                 b"    - umsha.plex1.example.com # dv\n")(b).replace(b"\n", b"\r\n"),
            lambda b: b.replace(b"    - lpar1.plex1.example.com\r\n    - umsha.plex1.example.com # dv",
                                b"    - umsha.plex1.example.com\r\n    - lpar1.plex1.example.com # dv"),
            "UHA102")
    secret = std + b"      #\n      password: hunter2secret\n"
    hostile(tmp, "secret-in-context", "ZWEYAML.yaml", sub(auth, secret),
            sub(secret, auth + b"      #\n      password: hunter2secret\n"), "UHA105",
            absent=b"hunter2secret")
    block = b"      password: |\n        s3cretA\n        s3cretB\n"
    hostile(tmp, "secret-block-scalar-above", "ZWEYAML.yaml", sub(auth, block + std),
            sub(block + std, block + auth), "UHA105", absent=b"s3cret")
    hostile(tmp, "secret-next-line", "ZWEYAML.yaml",
            sub(auth, std + b"      password: hunter2secret\n"), None, "UHA105",
            note=b"secret", absent=b"hunter2secret")
    hostile(tmp, "secret-on-line", "ZWEYAML.yaml",
            sub(auth, b"      authType: STANDARD_JWT   # password: x\n      pw: {password: x2}\n"),
            None, "UHA105", note=b"secret", absent=b"x2")
    empty = b"      authType:   # empty\n"
    hostile(tmp, "empty-value", "ZWEYAML.yaml", sub(auth, empty),
            sub(empty, b"      authType: MFA_JWT   # empty\n"), "UHA105")
    alias = b"      oldAuth: &std STANDARD_JWT\n      authType: *std\n"
    hostile(tmp, "alias", "ZWEYAML.yaml", sub(auth, alias), None, "UHA105", note=b"alias")
    tmpl = b"      host: ${{ zowe.externalDomains[1] }}\n"
    hostile(tmp, "template", "ZWEYAML.yaml", sub(host, tmpl), None, "UHA104",
            note=b"template")
    hostile(tmp, "defaults", "ZWEYAML.yaml", sub(auth, b""), None, "UHA105",
            note=b"no file|set in no file|add it")
    if shutil.which("iconv"):
        def ebcdic(b):
            b = sub(auth, std)(b)
            r = subprocess.run(["iconv", "-f", "UTF-8", "-t", "IBM-1047"], input=b,
                               capture_output=True)
            return r.stdout if r.returncode == 0 else b
        hostile(tmp, "ebcdic", "ZWEYAML.yaml", ebcdic, None, "UHA105", note=b"EBCDIC")


def layered_list(tmp):
    """UHA102 across layers when the higher layer's list keeps other items: the DVIPA goes
    first in ZWEYAML's list and only its own line leaves zowe.yaml."""
    global passed
    n_fail = len(failures)
    case = "layered-list-with-other-items"
    name = "UHA102-dvipa-first-external-domain"
    work = os.path.join(tmp, "l-" + name)
    shutil.copytree(os.path.join(SRC, "samples", "fail", name), os.path.join(work, "s"))
    zp, wp = os.path.join(work, "s", "zowe.yaml"), os.path.join(work, "s", "ZWEYAML.yaml")
    dv = b"    - umsha.plex1.example.com\n"
    z = open(zp, "rb").read()
    assert dv in z
    z = z.replace(dv, dv + b"    - extra.plex1.example.com  # stays\n", 1)
    open(zp, "wb").write(z)
    w = open(wp, "rb").read()
    args = ["-c", "FILE(s/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))", "--parmlib",
            "IZP.PARMLIB=s", "--dvipa", "umsha.plex1.example.com=10.10.1.100"]
    patch = os.path.join(work, "fix.diff")
    run(args + ["--format", "diff=" + patch], work)
    if applies(case, work, patch):
        apply(work, patch)
        first = b"    - lpar1.plex1.example.com"
        if open(zp, "rb").read() != z.replace(dv, b"", 1):
            bad(case, "zowe.yaml: not exactly the DVIPA's line removed")
        if open(wp, "rb").read() != w.replace(first, b"    - umsha.plex1.example.com\n" + first, 1):
            bad(case, "ZWEYAML: the DVIPA is not the new first item")
        after = run(args + ["--format", "compact"], work).stdout
        if b"[UHA102]" in after or b"[UHA009]" in after:
            bad(case, f"UHA102 or UHA009 after the patch: {after[:300]!r}")
    if len(failures) == n_fail:
        passed += 1


def odd_paths(tmp):
    """A --parmlib folder given as ./DIR/ still gives a/DIR/MEMBER paths that apply."""
    global passed
    n_fail = len(failures)
    name = "UHA105-ums-auth-mfa-jwt"
    work = os.path.join(tmp, "p-" + name)
    shutil.copytree(os.path.join(SRC, "samples", "fail", name), os.path.join(work, "u"))
    patch = os.path.join(work, "fix.diff")
    run(["-c", "FILE(./u/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))", "--parmlib",
         "IZP.PARMLIB=./u/", "--dvipa", "10.10.1.100", "--format", "diff=" + patch], work)
    text = open(patch, "rb").read()
    if b"--- a/u/ZWEYAML.yaml\n" not in text:
        bad("odd-paths", f"path not normalised: {text[:300]!r}")
    applies("odd-paths", work, patch)
    if len(failures) == n_fail:
        passed += 1


def alias_map(tmp):
    """lpar2's gateway is an alias of lpar1's anchored map: lpar1's value is patched at the
    anchor, lpar2's copy is refused with the reason (its bytes are the anchor's)."""
    global passed
    n_fail = len(failures)
    case = "alias-of-a-map"
    work = ha_copy(tmp, case)
    path = os.path.join(work, "ha", "zowe.yaml")
    z = open(path, "rb").read()
    z = z.replace(b"    sysname: LPAR1\n", b"    sysname: LPAR1\n    components:\n"
                  b"      gateway: &gw\n        enabled: false\n", 1)
    z += b"    components:\n      gateway: *gw\n"
    open(path, "wb").write(z)
    patch = os.path.join(work, "fix.diff")
    run(ARGS + ["--format", "diff=" + patch], work)
    text = open(patch, "rb").read()
    if not re.search(rb"^# no patch for UHA101 .*\(lpar2\): .*alias", text, re.M):
        bad(case, f"lpar2's alias copy is not refused: {text[:400]!r}")
    if applies(case, work, patch):
        apply(work, patch)
        if open(path, "rb").read() != z.replace(b"        enabled: false\n",
                                                 b"        enabled: true\n", 1):
            bad(case, "not exactly the anchor's value changed")
    if len(failures) == n_fail:
        passed += 1


def main():
    tmp = tempfile.mkdtemp(prefix="uhp-fix.")
    try:
        sample_sets(tmp)
        hostile_cases(tmp)
        layered_list(tmp)
        odd_paths(tmp)
        alias_map(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
