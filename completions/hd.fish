complete --keep-order --exclusive --command hd --arguments "(COMPLETE=fish hd -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
