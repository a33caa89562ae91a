#!/usr/bin/env bash
# Planted secrets: a unique value in every key Zowe and UMS keep a secret in (key store and
# trust store passwords, PKCS#12 and key ring passwords, the UMS PKCS#11 token, private keys,
# passphrases, tokens, credentials), with findings made to happen on those very lines
# (duplicate keys, a quoted-number port beside them, a template in single quotes, a flow
# mapping, a value type error, a syntax error), in the base file, the PARMLIB member and an
# haInstances overlay. No planted value may appear in any report format, quiet or not, on
# stdout, in --format FMT=PATH files, or on stderr.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not set or not executable"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-secrets.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
MARK=Zq9PLANTED

# The base zowe.yaml: every Zowe secret, each on a line that gets a finding.
cat > "$TMP/zowe.yaml" <<EOF
zowe:
  externalDomains: [umsha.plex1.example.com]
  externalPort: 7554
  logDirectory: /global/zowe/logs
  certificate:
    keystore:
      type: PKCS12
      file: /global/zowe/keystore/localhost/localhost.keystore.p12
      password: ${MARK}01
      password: ${MARK}02
      alias: localhost
    truststore:
      type: PKCS12
      password: "${MARK}03"
      password: '${MARK}04'
    pem:
      key: ${MARK}05
      key: "${MARK}06"
      certificate: /global/zowe/keystore/localhost/localhost.cer
  setup:
    certificate:
      type: PKCS12
      pkcs12:
        directory: /global/zowe/keystore
        password: ${MARK}07
        port: "7554"
        caPassword: ${MARK}08
        caPassword: ${MARK}09
        import:
          keystore: {password: ${MARK}10, password: ${MARK}11, port: "1"}
          password: '\${{ ${MARK}12 }}'
      keyring:
        name: ZoweKeyring
        import:
          password: ${MARK}13
          password: ${MARK}14
  environments:
    KEYSTORE_PASSWORD: ${MARK}15
    KEYSTORE_PASSWORD: ${MARK}16
    ZWE_PASSPHRASE: ${MARK}17
    API_TOKEN: ${MARK}18
    DB_CREDENTIALS: ${MARK}19
    SECRET_KEY: ${MARK}20
    privateKey: ${MARK}21
components:
  gateway:
    enabled: true
    port: 7554
  izp:
    server:
      port:
        http: 12023
        password: ${MARK}22
haInstances:
  sys1:
    hostname: sys1.example.com
    sysname: SYS1
    zowe:
      certificate:
        keystore:
          password: ${MARK}23
          password: ${MARK}24
  sys2:
    hostname: sys2.example.com
    sysname: SYS2
EOF

# The PARMLIB member (ZWEYAML): UMS's PKCS#11 token and the DBA password.
mkdir -p "$TMP/parmlib"
cat > "$TMP/parmlib/ZWEYAML" <<EOF
components:
  izp:
    enabled: true
    experiences: [/usr/lpp/IBM/afx/v1r2m0/bin]
    server:
      host: umsha.plex1.example.com
      authType: MFA_JWT
    pkcs11:
      dbaUser: IZPDBA
      token: ${MARK}30
      token: ${MARK}31
      library: "/usr/lpp/pkcs11/lib/csnpca64.so"
    dbaPassword: ${MARK}32
    dbaPassword: ${MARK}33
    secret: {secret: ${MARK}34, secret: ${MARK}35, port: "1"}
    credential: ${MARK}36
    credential: ${MARK}37
EOF

# A file that does not parse, with the syntax error on the secret's own line.
cat > "$TMP/syntax.yaml" <<EOF
zowe:
  certificate:
    keystore:
      password: ${MARK}40: broken
EOF
cat > "$TMP/syntax2.yaml" <<EOF
zowe:
  setup:
    certificate:
      pkcs12:
        password: "${MARK}41
EOF
# Tabs and a template on secret lines.
printf 'zowe:\n  certificate:\n    keystore:\n\tpassword: %s42\n' "$MARK" > "$TMP/tab.yaml"

# Quoted lines that hide the secret less plainly: JSON-style flow without a blank, values
# on continuation lines (a folded scalar, a plain scalar over two lines, a tab-indented
# line of a literal scalar), and keys close to the secret words.
cat > "$TMP/flow.yaml" <<EOF
zowe:
  certificate:
    keystore: {"password":"${MARK}50","password":"${MARK}51"}
    truststore:
      password: >
        ${MARK}52
      password: ${MARK}53
    pem:
      password: first
        ${MARK}54: x
EOF
cat > "$TMP/near.yaml" <<EOF
zowe:
  setup:
    pasword: ${MARK}55
    pasword: ${MARK}56
    passwrd: ${MARK}57
    passwrd: ${MARK}58
    pwd: ${MARK}59
    pwd: ${MARK}60
    pass: ${MARK}61
    pass: ${MARK}62
    db_pass: ${MARK}63
    db_pass: ${MARK}64
    keystorePass: ${MARK}65
    keystorePass: ${MARK}66
EOF
printf 'zowe:\n  certificate:\n    keystore:\n      password: |\n        %s70\n\t%s71\n' \
    "$MARK" "$MARK" > "$TMP/cont.yaml"

base=(--dvipa umsha.plex1.example.com=10.10.1.100)
sets=(
    "-c FILE($TMP/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML)) --parmlib IZP.PARMLIB=$TMP/parmlib"
    "-c $TMP/syntax.yaml"
    "-c $TMP/syntax2.yaml"
    "-c $TMP/tab.yaml"
    "-c FILE($TMP/syntax.yaml):FILE($TMP/zowe.yaml)"
    "-c $TMP/flow.yaml"
    "-c $TMP/near.yaml"
    "-c $TMP/cont.yaml"
)
formats=$("$UHP_BIN" --help | grep -o '(text[^)]*)' | tr -d '(),' | head -n 1)
[ -n "$formats" ] || formats="text compact json sarif junit github"

errors=0
runs=0
findings_seen=0
for set in "${sets[@]}"; do
    # shellcheck disable=SC2206
    args=($set)
    for fmt in $formats; do
        for quiet in "" "-q"; do
            out="$TMP/out" err="$TMP/err"
            # shellcheck disable=SC2086
            timeout 60 "$UHP_BIN" check "${args[@]}" "${base[@]}" $quiet --format "$fmt" \
                --format "$fmt=$TMP/file.$fmt" > "$out" 2> "$err"
            rc=$?
            runs=$((runs + 1))
            if [ "$rc" -gt 2 ]; then
                echo "FAIL: exit $rc for $set --format $fmt $quiet"
                errors=$((errors + 1))
            fi
            for f in "$out" "$err" "$TMP/file.$fmt"; do
                [ -f "$f" ] || continue
                if grep -q "$MARK" "$f"; then
                    echo "FAIL: a planted secret in $(basename "$f") of '$set'" \
                        "--format $fmt $quiet:"
                    grep -o "${MARK}[0-9]*" "$f" | sort -u | sed 's/^/    /'
                    grep -m 3 "$MARK" "$f" | cut -c1-200 | sed 's/^/    | /'
                    errors=$((errors + 1))
                fi
            done
            if [ "$fmt" = compact ] && [ -z "$quiet" ]; then
                findings_seen=$((findings_seen + $(grep -c '\[UHA' "$out")))
            fi
            rm -f "$TMP/file.$fmt"
        done
    done
done

# The test means something only if findings landed on the secret lines.
"$UHP_BIN" check -c "FILE($TMP/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" \
    --parmlib "IZP.PARMLIB=$TMP/parmlib" "${base[@]}" --format compact > "$TMP/c" 2>&1
for line in 10 15 18 28 30 31 36 39 53 62; do
    grep -q "zowe.yaml:$line:[0-9]*: .*\[UHA00[0-9]\]" "$TMP/c" ||
        { echo "FAIL: no finding on secret line $line of zowe.yaml"; errors=$((errors + 1)); }
done
for line in 11 14 15 17; do
    grep -q "ZWEYAML:$line:[0-9]*: .*\[UHA00[0-9]\]" "$TMP/c" ||
        { echo "FAIL: no finding on secret line $line of ZWEYAML"; errors=$((errors + 1)); }
done
"$UHP_BIN" check -c "$TMP/syntax.yaml" "${base[@]}" --format compact 2>/dev/null |
    grep -q 'syntax.yaml:4:[0-9]*: .*\[UHA001\]' ||
    { echo "FAIL: no UHA001 on the secret line of syntax.yaml"; errors=$((errors + 1)); }

echo "$runs runs over $(echo "$formats" | wc -w) formats; $findings_seen findings in compact output"
[ "$errors" -eq 0 ] || fail "$errors leak(s) or error(s)"
echo "ok: no planted secret in any output"
