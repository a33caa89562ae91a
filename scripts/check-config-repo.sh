#!/usr/bin/env bash
# Runs `ums-ha-preflight check` in a repository of Zowe configurations: the pre-commit hook
# and the GitHub Action call it. The arguments are check options; when none of them names
# a configuration (-c/--config, --manifest or a CONFIG operand), the one in the working
# directory is used, found by name, case ignored, down to three levels, .git skipped:
#   zowe.yaml or zowe.yml          exactly one: the highest layer, FILE(path)
#   ZWEYAML, ZWEYAML.yaml/.yml     at most one: the PARMLIB member, the layer below
#                                  (PARMLIB(REPO.PARMLIB(ZWEYAML)) with --parmlib
#                                  REPO.PARMLIB=its folder; FILE(path) when the name is
#                                  not upper case, since members are looked up that way)
#   a name containing "tcpip"      each one: --tcpip (PROFILE.TCPIP, profile.tcpip)
# The DVIPA comes from --dvipa, the policy file (.ums-ha-preflight.yaml) or the profile.
# The binary is $UMS_HA_PREFLIGHT, else ums-ha-preflight on PATH. Exit status: check's.
set -uo pipefail
BIN="${UMS_HA_PREFLIGHT:-ums-ha-preflight}"
if ! command -v "$BIN" > /dev/null 2>&1; then
    echo "check-config-repo.sh: cannot run '$BIN': install ums-ha-preflight (the .deb, or scripts/build.sh and PATH) or set UMS_HA_PREFLIGHT" >&2
    exit 2
fi

# Whether the arguments name a configuration. Options that take a value skip it.
named=0
skip=0
for a in "$@"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case $a in
    -c | --config | --manifest) named=1; skip=1 ;;
    --config=* | --manifest=*) named=1 ;;
    --parmlib | --defaults | --zowe-version | --tcpip | --dvipa | --ha-instance | --set | --jobs | \
        --format | --fail-on | --policy | --color | --max-size | --max-depth | --max-scalar | \
        --max-nodes | --alias-budget) skip=1 ;;
    -*) ;;
    *) named=1 ;;
    esac
done
if [ "$named" = 1 ]; then
    exec "$BIN" check "$@"
fi

# found PATTERN...: the files whose name matches one of the (case-insensitive) patterns.
found() {
    local expr=() p
    for p in "$@"; do
        [ ${#expr[@]} -gt 0 ] && expr+=(-o)
        expr+=(-iname "$p")
    done
    find . -maxdepth 3 -name .git -prune -o -type f \( "${expr[@]}" \) -print | sed 's|^\./||' | LC_ALL=C sort
}
mapfile -t zowe < <(found zowe.yaml zowe.yml)
mapfile -t member < <(found zweyaml zweyaml.yaml zweyaml.yml)
mapfile -t profiles < <(found '*tcpip*')
if [ ${#zowe[@]} -ne 1 ]; then
    echo "check-config-repo.sh: found ${#zowe[@]} zowe.yaml files (${zowe[*]:-none}) in '$PWD': name the configuration with -c or --manifest" >&2
    exit 2
fi
if [ ${#member[@]} -gt 1 ]; then
    echo "check-config-repo.sh: found ${#member[@]} ZWEYAML members (${member[*]}): name the configuration with -c or --manifest" >&2
    exit 2
fi
spec="FILE(${zowe[0]})"
args=()
if [ ${#member[@]} -eq 1 ]; then
    name=$(basename "${member[0]}")
    if [ "${name%%.*}" = ZWEYAML ]; then
        spec="$spec:PARMLIB(REPO.PARMLIB(ZWEYAML))"
        args+=(--parmlib "REPO.PARMLIB=$(dirname "${member[0]}")")
    else
        spec="$spec:FILE(${member[0]})"
    fi
fi
for p in "${profiles[@]}"; do args+=(--tcpip "$p"); done
echo "ums-ha-preflight check -c '$spec' ${args[*]} $*" >&2
exec "$BIN" check -c "$spec" "${args[@]}" "$@"
