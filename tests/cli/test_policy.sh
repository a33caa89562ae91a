#!/usr/bin/env bash
# The policy file and suppressions from the command line (SPEC 4a): the policy found by
# walking up to the repository root, --policy, --no-policy, every key, policy errors with
# file:line:col (exit 2), severity overrides against --fail-on, `off` in every report, a
# custom unsupported product firing UHA106, and inline ignores (same line, line above, no
# reason, --no-inline-ignores) in text, json and sarif.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR. Exit 77 (skip) while the binary does
# not know --no-policy / --no-inline-ignores yet.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || die "UHP_BIN must name the built binary"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/samples/ha-ready" ] \
    || die "UHP_SOURCE_DIR must be the repository root"
command -v python3 > /dev/null || die "python3 is needed to read the json and sarif reports"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-policy.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
unset GITHUB_ACTIONS
TIMEOUT=${UHP_TEST_TIMEOUT:-60}

HARNESS_STDOUT_LINES=12 HARNESS_STDERR_LINES=6
# shellcheck source=tests/cli/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
has() { grep -Eq -- "$2" "$TMP/$1" || bad "$1 does not match /$2/"; }
lacks() { ! grep -Eq -- "$2" "$TMP/$1" || bad "$1 matches /$2/ but should not"; }
# py EXPR: evaluates a Python expression over the report in $TMP/out loaded as `r`.
py() {
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)' "$TMP/out" "$1" 2> "$TMP/py.err" \
        || bad "report fails: $1 $(head -c 200 "$TMP/py.err")"
}

# The repository: repo/.git, repo/plex1/{zowe.yaml,ZWEYAML.yaml} from samples/ha-ready with
# authType STANDARD_JWT (UHA105 fails, everything else passes).
REPO=$TMP/repo
mkdir -p "$REPO/.git" "$REPO/plex1/sub" || die "mkdir failed"
cp "$UHP_SOURCE_DIR/samples/ha-ready/zowe.yaml" "$REPO/plex1/zowe.yaml" || die "cp failed"
ZWEYAML=$REPO/plex1/ZWEYAML.yaml
ORIG=$TMP/ZWEYAML.orig
cp "$UHP_SOURCE_DIR/samples/ha-ready/ZWEYAML.yaml" "$ORIG" || die "cp failed"
grep -q '^      authType: MFA_JWT$' "$ORIG" || die "samples/ha-ready/ZWEYAML.yaml changed: no authType line"
# zweyaml SED: writes ZWEYAML.yaml from the sample with authType STANDARD_JWT, then SED.
zweyaml() {
    sed -e 's/^      authType: MFA_JWT$/      authType: STANDARD_JWT/' -e "${1:-}" "$ORIG" > "$ZWEYAML"
}
zweyaml
CHECK=(check -c "FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib IZP.PARMLIB=.)
DVIPA=(--dvipa umsha.plex1.example.com=10.10.1.100)
POLICY=$REPO/.ums-ha-preflight.yaml
cd "$REPO/plex1" || die "cd failed"

# Are the flags wired into the command line yet?
run "${CHECK[@]}" "${DVIPA[@]}" --no-policy --format compact
if grep -q "unknown option '--no-policy'" "$TMP/err"; then
    echo "skip: the binary does not know --no-policy yet (policy flags not wired into main.c)"
    exit 77
fi

# --- discovery, --policy, --no-policy ------------------------------------------------------
begin "no policy: UHA105 is an error, exit 1"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 1; has out 'error: .*\[UHA105\]'
end

printf 'rules:\n  UHA105: warning\n' > "$POLICY"
begin "policy found by walking up from plex1/ to the repository root: UHA105 a warning, exit 0"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 0; has out 'warning: .*\[UHA105\]'; lacks out 'error: .*\[UHA105\]'
end

begin "found from two levels down too"
(cd sub && run check -c "FILE(../zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib IZP.PARMLIB=.. \
    "${DVIPA[@]}" --format compact; echo "$RC" > "$TMP/rc")
RC=$(cat "$TMP/rc")
want_rc 0; has out 'warning: .*\[UHA105\]'
end

begin "a policy above the repository root is not used"
mv "$POLICY" "$TMP/.ums-ha-preflight.yaml"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 1; has out 'error: .*\[UHA105\]'
mv "$TMP/.ums-ha-preflight.yaml" "$POLICY"
end

begin "--fail-on warning with the override: exit 1"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact --fail-on warning
want_rc 1
end

begin "--no-policy: UHA105 is an error again"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact --no-policy
want_rc 1; has out 'error: .*\[UHA105\]'
end

printf 'rules:\n  ums-auth-mfa-jwt: info\n' > "$TMP/explicit.yaml"
begin "--policy FILE wins over the one found"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact --policy "$TMP/explicit.yaml"
want_rc 0; has out 'info: .*\[UHA105\]'
end

begin "--policy with a missing file: exit 2, names the file"
run "${CHECK[@]}" "${DVIPA[@]}" --policy "$TMP/nope.yaml"
want_rc 2; has err "nope.yaml"
end

# --- every key ------------------------------------------------------------------------------
printf 'fail-on: warning\nrules:\n  UHA105: warning\n' > "$POLICY"
begin "fail-on from the policy; --fail-on on the command line wins"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 1
run "${CHECK[@]}" "${DVIPA[@]}" --format compact --fail-on error
want_rc 0
end

printf 'dvipa:\n  address: 10.10.1.100\n  names: [umsha.plex1.example.com]\n' > "$POLICY"
begin "dvipa from the policy: declared with origin 'policy', UHA102/UHA104 pass without --dvipa"
run "${CHECK[@]}" --format json
want_rc 1
py 'r["inputs"]["dvipaOrigin"] == "policy" and "10.10.1.100" in r["inputs"]["dvipa"]'
py 'not any(f["ruleId"] in ("UHA102", "UHA104") for f in r["findings"])'
run "${CHECK[@]}" --format json --no-policy
py 'r["inputs"]["dvipa"] is None'
run "${CHECK[@]}" "${DVIPA[@]}" --format json
py 'r["inputs"]["dvipaOrigin"] == "--dvipa"'
end

printf 'dvipa:\n  address: 10.9.9.9\n  names: [other.plex9.example.com]\n' > "$POLICY"
begin "dvipa from the policy is the one the rules check: another DVIPA fails UHA102 and UHA104"
run "${CHECK[@]}" --format compact
want_rc 1; has out 'error: .*\[UHA102\]'; has out 'error: .*\[UHA104\]'
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
lacks out '\[UHA10[24]\]'
end

printf 'rules:\n  UHA105: off\n' > "$POLICY"
begin "off removes the rule from every report, and every report names the policy that did it"
for fmt in text compact json sarif junit github markdown; do
    run "${CHECK[@]}" "${DVIPA[@]}" --format "$fmt"
    [ "$RC" = 0 ] || bad "--format $fmt: exit $RC, not 0"
    case $fmt in
    sarif)
        py 'not any(x["ruleId"] == "UHA105" for x in r["runs"][0]["results"])'
        py 'r["runs"][0]["properties"]["policy"]["rules"] == {"UHA105": "off"}'
        py 'r["runs"][0]["properties"]["policy"]["file"] == "../.ums-ha-preflight.yaml"'
        ;;
    json)
        py 'not any(c.get("ruleId") == "UHA105" for c in r["checklist"])'
        py 'r["inputs"]["policy"] == {"file": "../.ums-ha-preflight.yaml", "discovered": True, "rules": {"UHA105": "off"}}'
        ;;
    *)
        # (markdown escapes its punctuation with backslashes: read it without them)
        grep -vi 'policy' "$TMP/out" | grep -q 'UHA105' && bad "--format $fmt still mentions UHA105"
        tr -d '\\' < "$TMP/out" |
            grep -q 'ums-ha-preflight.yaml (found by walking up from the working directory): turns off UHA105' ||
            bad "--format $fmt does not name the policy and what it turns off"
        ;;
    esac
done
end

printf 'ignore:\n  - rule: UHA105\n    files: "**/ZWEYAML.yaml"\n    instance: lpar1\n    reason: pilot on lpar1\n' > "$POLICY"
begin "ignore for one instance: lpar1 suppressed with its reason, lpar2 still fails"
run "${CHECK[@]}" "${DVIPA[@]}" --format json
want_rc 1
py 'r["counts"]["suppressed"] == 1'
py 'any(f["suppressed"] and f["suppressReason"] == "pilot on lpar1" and f["instances"] == "lpar1" for f in r["findings"])'
py 'any(not f["suppressed"] and f["ruleId"] == "UHA105" and f["instances"] == "lpar2" for f in r["findings"])'
end

printf 'ignore:\n  - rule: UHA105\n    files: "plex1/**"\n    reason: pilot\n' > "$POLICY"
begin "ignore with a glob relative to the policy's directory: exit 0"
run "${CHECK[@]}" "${DVIPA[@]}" --format text
want_rc 0; has out 'Suppressed'; has out 'reason: pilot'
end

zweyaml 's|/usr/lpp/IBM/afx/v1r2m0/bin|/prod/imsaf/v1/bin|'
printf 'rules:\n  UHA105: off\n' > "$POLICY"
begin "an experience on a custom path passes without the policy's product"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 0; lacks out 'UHA106'
end
printf 'rules:\n  UHA105: off\nunsupported-products:\n  - name: IMS Administration Foundation\n    experience-pattern: /prod/imsaf/\n' > "$POLICY"
begin "unsupported-products: the custom pattern fires UHA106"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 1; has out 'error: .*IMS Administration Foundation.*\[UHA106\]'
end
zweyaml

printf 'limits:\n  max-size: 1KiB\n' > "$POLICY"
begin "limits.max-size: a larger file is an input error (UHA004), exit 2; --max-size wins"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 2; has out 'UHA004'
run "${CHECK[@]}" "${DVIPA[@]}" --format compact --max-size 1M
want_rc 1
end

printf 'limits:\n  max-depth: 3\n' > "$POLICY"
begin "limits.max-depth: deeper nesting is an input error (UHA004), exit 2"
run "${CHECK[@]}" "${DVIPA[@]}" --format compact
want_rc 2; has out 'UHA004'
end

# --- policy errors: exit 2 with file:line:col --------------------------------------------
# policy_error TEXT LINE:COL WANT: the policy TEXT fails at LINE:COL with WANT, exit 2.
policy_error() {
    printf '%b' "$1" > "$POLICY"
    begin "policy error at $2: $3"
    run "${CHECK[@]}" "${DVIPA[@]}" --format compact
    want_rc 2
    has err "\.ums-ha-preflight\.yaml:$2: .*$3"
    lacks err 'Load:|libyaml|cyaml'
    lacks out '\[UHA105\]'
    end
}
policy_error 'rules:\n  UHA105: warning\nfail_on: error\n' '3:1' "unknown key 'fail_on'.*did you mean 'fail-on'"
policy_error 'ignore:\n  - rule: UHA105\n    reasn: typo\n' '3:5' "unknown key 'reasn'"
policy_error 'limits:\n  max-depth: deep\n' '2:14' "'max-depth' must be a whole number"
policy_error 'limits:\n  max-depth: 010\n' '2:14' "'max-depth' must be written without a leading zero"
policy_error 'rules: [UHA105]\n' '1:1' "'rules' must be a mapping"
policy_error 'rules:\n  UHA105: sometimes\n' '2:11' "must be error, warning, info or off"
policy_error 'rules:\n  UHA999: off\n' '2:3' "unknown rule 'UHA999'"
policy_error 'ignore:\n  - rule: UHA105\n' '2:5' "has no 'reason'"
policy_error 'dvipa:\n  address: [10.1.1.1\n' '3:1' ""
policy_error 'fail-on: error\nfail-on: info\n' '2:1' ""
rm -f "$POLICY"

# --- inline ignores, in text, json and sarif ------------------------------------------------
# inline_case NAME SED: ZWEYAML with SED applied; leaves the reports in $TMP/{text,json,sarif}
# and their exit statuses in RC_{text,json,sarif}; EXTRA holds more options.
inline_reports() {
    local fmt
    for fmt in text json sarif; do
        run "${CHECK[@]}" "${DVIPA[@]}" "${EXTRA[@]}" --format "$fmt"
        cp "$TMP/out" "$TMP/$fmt"
        eval "RC_$fmt=$RC"
    done
}
# in_report FMT: points $TMP/out at report FMT for has/lacks/py.
in_report() { cp "$TMP/$1" "$TMP/out"; }
want_rcs() {
    local fmt rc
    for fmt in text json sarif; do
        eval "rc=\$RC_$fmt"
        [ "$rc" = "$1" ] || bad "--format $fmt: exit $rc, not $1"
    done
}
# suppressed_105 REASON: every report shows UHA105 suppressed with REASON, nothing failing.
suppressed_105() {
    in_report text
    has out 'Suppressed'; has out "\[UHA105\]"; has out "reason: $1"; lacks out '^Findings'
    in_report json
    py 'r["counts"]["suppressed"] == 1 and r["counts"]["errors"] == 0'
    py "any(f['ruleId'] == 'UHA105' and f['suppressed'] and f['suppressReason'] == '$1' for f in r['findings'])"
    in_report sarif
    py "any(x['ruleId'] == 'UHA105' and x['suppressions'][0]['justification'] == '$1' for x in r['runs'][0]['results'])"
}

EXTRA=()
zweyaml 's|^      authType: STANDARD_JWT$|      authType: STANDARD_JWT  # ums-ha-preflight: ignore=UHA105 -- MFA in CHG0042|'
begin "inline ignore on the finding's line: suppressed with its reason (text, json, sarif)"
inline_reports
want_rcs 0
suppressed_105 "MFA in CHG0042"
end

EXTRA=(--no-inline-ignores)
begin "--no-inline-ignores: the same comment is ignored, UHA105 fails (text, json, sarif)"
inline_reports
want_rcs 1
in_report text; has out '^Findings'; lacks out '^Suppressed'
in_report json
py 'r["counts"]["suppressed"] == 0'
py 'any(f["ruleId"] == "UHA105" and not f["suppressed"] for f in r["findings"])'
in_report sarif
py 'any(x["ruleId"] == "UHA105" and "suppressions" not in x for x in r["runs"][0]["results"])'
end
EXTRA=()

zweyaml 's|^      authType: STANDARD_JWT$|      # ums-ha-preflight: ignore=ums-auth-mfa-jwt -- pilot users only\n      authType: STANDARD_JWT|'
begin "inline ignore on the line above, by rule name (text, json, sarif)"
inline_reports
want_rcs 0
suppressed_105 "pilot users only"
end

zweyaml 's|^      authType: STANDARD_JWT$|      authType: STANDARD_JWT  # ums-ha-preflight: ignore=UHA105|'
begin "inline ignore without a reason: an error of its own (UHA008), UHA105 not suppressed"
inline_reports
want_rcs 1
in_report text
has out 'ZWEYAML\.yaml:[0-9]+:[0-9]+.*has no reason'; has out 'UHA008'; lacks out '^Suppressed'
in_report json
py 'any(f["ruleId"] == "UHA008" and f["severity"] == "error" and "no reason" in f["message"] and f["line"] > 0 for f in r["findings"])'
py 'any(f["ruleId"] == "UHA105" and not f["suppressed"] for f in r["findings"])'
py 'r["counts"]["suppressed"] == 0'
in_report sarif
py 'any(x["ruleId"] == "UHA008" and x["level"] == "error" for x in r["runs"][0]["results"])'
py 'not any("suppressions" in x for x in r["runs"][0]["results"])'
end

EXTRA=(--no-inline-ignores)
begin "--no-inline-ignores also skips checking the comments (no UHA008)"
inline_reports
want_rcs 1
in_report json
py 'not any(f["ruleId"] == "UHA008" for f in r["findings"])'
end
EXTRA=()

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
