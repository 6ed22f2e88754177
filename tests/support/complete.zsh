# Asks a real interactive zsh for its completions of a command line, as a user's
# Tab would: zsh under a pseudo-terminal (zsh/zpty), compinit with the folder
# given as $1 in fpath (where the user copied completions/_hd), the line ($2)
# typed and Tab pressed $3 times (default 1). Prints the candidates of the last
# Tab, one per line. compadd is wrapped so that each candidate zsh would offer is
# printed, after zsh's own matching against what was typed.
#
#   zsh -f complete.zsh FPATH_DIR 'hd status 1 ' [TABS]
zmodload zsh/zpty || exit 3
dir=$1 line=$2 tabs=${3:-1}
zpty z zsh -f -i
zpty -w z "PS1=''; RPROMPT=''"
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __hits; builtin compadd -A __hits "$@"; print -rl -- "" ${^__hits}"<HIT"; }'
# Tab runs complete-word, after a line that says which Tab it is; after the last,
# a line that says it is done, and the shell exits.
zpty -w z "integer __tab=0; _tab() { (( ++__tab )); print -rl -- '' \"<TAB\$__tab>\"; zle complete-word; (( __tab == $tabs )) && { print -rl -- '' '<DO''NE>'; exit } }"
zpty -w z "zle -N _tab; bindkey '^I' _tab"
keys=$line
repeat $tabs keys+=$'\t'
zpty -w -n z "$keys"
out=
while (( SECONDS < 20 )); do
    if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; fi
    [[ $out == *'<DONE>'* ]] && break
done
zpty -d z
[[ $out == *'<DONE>'* ]] || { print -u2 "zsh did not finish completing: ${(q)out}"; exit 1; }
# The candidates of the last Tab only.
print -r -- "${out//$'\r'/}" | awk -v want="<TAB$tabs>" '
    /^<TAB[0-9]+>$/ { on = ($0 == want); next }
    on && /<HIT$/ { sub(/<HIT$/, ""); print }'
