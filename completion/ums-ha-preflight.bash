# bash completion for ums-ha-preflight.
# Installed as share/bash-completion/completions/ums-ha-preflight; to try it from a checkout:
#   source completion/ums-ha-preflight.bash
# Commands, options and option values come from the tool itself (`ums-ha-preflight
# __complete`, driven by its option table, as git's --git-completion-helper), so this file
# names none of them and never goes stale.

_ums_ha_preflight_rules()
{
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk 'NR > 1 { print $1; print $2 }'
}

_ums_ha_preflight()
{
    local cur prev tool values
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    tool=${COMP_WORDS[0]}

    if [ "$COMP_CWORD" -eq 1 ]; then
        mapfile -t COMPREPLY < <(compgen -W "$("$tool" __complete commands 2>/dev/null)" -- "$cur")
        return 0
    fi

    case ${COMP_WORDS[1]} in
    explain)
        if [ "$COMP_CWORD" -eq 2 ]; then
            mapfile -t COMPREPLY < <(compgen -W "$(_ums_ha_preflight_rules)" -- "$cur")
        fi
        return 0
        ;;
    check | show) ;;
    generate)
        if [ "$COMP_CWORD" -eq 2 ]; then
            mapfile -t COMPREPLY < <(compgen -W "tcpip" -- "$cur")
            return 0
        fi
        ;;
    *)
        return 0
        ;;
    esac

    # The value of the option before: FMT of --format FMT=PATH completes as a word (bash
    # splits words at '=', so PATH completes as a file below).
    if [[ $prev == -* ]]; then
        values=$("$tool" __complete values "$prev" "${COMP_WORDS[1]}" 2>/dev/null)
        if [ "$values" = "@file" ]; then
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            compopt -o filenames 2>/dev/null
            return 0
        elif [ "$values" = "@none" ]; then
            return 0
        elif [ -n "$values" ]; then
            mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
            return 0
        fi
    fi

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$("$tool" __complete options 2>/dev/null)" -- "$cur")
        return 0
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _ums_ha_preflight ums-ha-preflight
