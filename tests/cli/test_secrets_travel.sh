#!/usr/bin/env bash
# A secret's value stays secret wherever it travels: through a ${{ }} template (whole or
# inside text), through a YAML alias, across layers, and into `show`. A unique value is
# planted under a secret key; every format of `check` and `show` must not contain it.
set -u
: "${UHP_BIN:?UHP_BIN must name the binary}"
: "${UHP_SOURCE_DIR:?UHP_SOURCE_DIR must name the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-travel.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
TIMEOUT=60
# shellcheck source=harness.sh
. "$UHP_SOURCE_DIR/tests/cli/harness.sh"
MARK=Qx7TRAVELLING
S="$UHP_SOURCE_DIR/samples/ha-ready"
cp "$S/ZWEYAML.yaml" "$TMP/ZWEYAML.yaml"

# externalPort through a whole template, the UMS host through text, from another layer
sed 's|^  externalPort: 7554|  externalPort: "${{ zowe.certificate.keystore.password }}"|' \
    "$S/zowe.yaml" > "$TMP/tmpl.yaml"
printf 'zowe:\n  certificate:\n    keystore:\n      password: %s01\n' "$MARK" > "$TMP/secret.yaml"
printf 'components:\n  izp:\n    server:\n      host: "x-${{ zowe.certificate.keystore.password }}"\n' \
    > "$TMP/host.yaml"
# externalPort through an alias of a password
sed "s|^  externalPort: 7554|  certificate:\n    keystore:\n      password: \&pw ${MARK}02\n  externalPort: *pw|" \
    "$S/zowe.yaml" > "$TMP/alias.yaml"

check_clean() {
    local what=$1
    shift
    for fmt in text compact json sarif junit github markdown; do
        run check --no-policy --format "$fmt" "$@"
        if grep -q "$MARK" "$TMP/out" "$TMP/err"; then
            bad "$what: the secret appears in --format $fmt: $(grep -h "$MARK" "$TMP/out" "$TMP/err" | head -n 1)"
        fi
    done
    run show "$@"
    grep -q "$MARK" "$TMP/out" "$TMP/err" && bad "$what: the secret appears in show"
    grep -q '\*\*\*\*\*\*\*\*' "$TMP/out" || bad "$what: show masks nothing"
}

begin "a template carries a password into externalPort and the UMS host"
check_clean template -c "FILE($TMP/host.yaml):FILE($TMP/tmpl.yaml):FILE($TMP/secret.yaml):FILE($TMP/ZWEYAML.yaml)"
run check --no-policy --format compact -c "FILE($TMP/host.yaml):FILE($TMP/tmpl.yaml):FILE($TMP/secret.yaml):FILE($TMP/ZWEYAML.yaml)"
grep -q 'UHA103' "$TMP/out" || bad "no UHA103 finding: the check did not read the value"
end

begin "an alias carries a password into externalPort"
check_clean alias -c "FILE($TMP/alias.yaml):FILE($TMP/ZWEYAML.yaml)"
run check --no-policy --format compact -c "FILE($TMP/alias.yaml):FILE($TMP/ZWEYAML.yaml)"
grep -q "externalPort is '\*\*\*\*\*\*\*\*'" "$TMP/out" || bad "UHA103 does not show the masked value"
end

echo "test_secrets_travel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
