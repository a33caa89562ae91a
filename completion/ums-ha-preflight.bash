# bash completion for ums-ha-preflight.
# Installed as share/bash-completion/completions/ums-ha-preflight; to try it from a checkout:
#   source completion/ums-ha-preflight.bash

_ums_ha_preflight_rules()
{
    # Rule ids and names from the tool itself, so the list never goes stale.
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk 'NR > 1 { print $1; print $2 }'
}

_ums_ha_preflight()
{
    local cur prev
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}

    local commands="check show rules explain --help --version"
    local check_opts="-c --config --parmlib --defaults --zowe-version --tcpip --dvipa --resolve --map --encoding --zowe-runtime --extensions --ha-instance --set
        --manifest --allow-outside --jobs --format --fail-on --policy --no-policy --no-inline-ignores --color
        -q --quiet --max-size --max-depth --max-scalar --max-nodes --allow-aliases
        --alias-budget --no-origin --base --help"

    if [ "$COMP_CWORD" -eq 1 ]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return 0
    fi

    case ${COMP_WORDS[1]} in
    explain)
        if [ "$COMP_CWORD" -eq 2 ]; then
            mapfile -t COMPREPLY < <(compgen -W "$(_ums_ha_preflight_rules)" -- "$cur")
        fi
        return 0
        ;;
    rules)
        return 0
        ;;
    check | show)
        ;;
    *)
        return 0
        ;;
    esac

    case $prev in
    --format)
        # FMT, or FMT=PATH (bash splits words at '=', so PATH completes as a file below).
        mapfile -t COMPREPLY < <(compgen -W "text compact json sarif junit github markdown" -- "$cur")
        return 0
        ;;
    --zowe-version)
        mapfile -t COMPREPLY < <(compgen -W "2 3 2.16.0 2.18.0 3.0.0" -- "$cur")
        return 0
        ;;
    --fail-on)
        mapfile -t COMPREPLY < <(compgen -W "error warning info" -- "$cur")
        return 0
        ;;
    --color)
        mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
        return 0
        ;;
    -c | --config | --defaults | --tcpip | --policy | --manifest)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return 0
        ;;
    --zowe-runtime | --extensions)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        compopt -o filenames 2>/dev/null
        return 0
        ;;
    --parmlib | --dvipa | --ha-instance | --set | --max-size | --max-depth | --max-scalar | \
        --max-nodes | --alias-budget | --jobs)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$check_opts" -- "$cur")
        return 0
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _ums_ha_preflight ums-ha-preflight
