# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hd_global_optspecs
    string join \n config= db= as= format= columns= q/quiet v/verbose no-color no-input yes h/help V/version
end

function __fish_hd_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hd_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hd_using_subcommand
    set -l cmd (__fish_hd_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hd -n "__fish_hd_needs_command" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_needs_command" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_needs_command" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_needs_command" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_needs_command" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_needs_command" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_needs_command" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_needs_command" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_needs_command" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_needs_command" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_needs_command" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_needs_command" -f -a "init" -d 'Write an example config (if there is none) and create or migrate the database'
complete -c hd -n "__fish_hd_needs_command" -f -a "sync" -d 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock'
complete -c hd -n "__fish_hd_needs_command" -f -a "new" -d 'Create a ticket by hand with its first interaction; prints its number'
complete -c hd -n "__fish_hd_needs_command" -f -a "list" -d 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`'
complete -c hd -n "__fish_hd_needs_command" -f -a "show" -d 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history'
complete -c hd -n "__fish_hd_needs_command" -f -a "assign" -d 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`'
complete -c hd -n "__fish_hd_needs_command" -f -a "take" -d 'Take tickets: assign them to yourself and move queued ones to open'
complete -c hd -n "__fish_hd_needs_command" -f -a "status" -d 'Set the status of tickets: queued, open, waiting or closed'
complete -c hd -n "__fish_hd_needs_command" -f -a "set" -d 'Change fields of tickets'
complete -c hd -n "__fish_hd_needs_command" -f -a "comment" -d 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR'
complete -c hd -n "__fish_hd_needs_command" -f -a "merge" -d 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO'
complete -c hd -n "__fish_hd_needs_command" -f -a "restore" -d 'Restore deleted tickets'
complete -c hd -n "__fish_hd_needs_command" -f -a "delete" -d 'Flag tickets as deleted: hidden from every view, query and export until restored'
complete -c hd -n "__fish_hd_needs_command" -f -a "views" -d 'List the views `hd list --view` accepts'
complete -c hd -n "__fish_hd_needs_command" -f -a "export" -d 'Export the interaction listing, one row per interaction, ordered by time'
complete -c hd -n "__fish_hd_needs_command" -f -a "reply" -d 'Reply to the ticket\'s contact: render, store in the outbox, send over SMTP, record'
complete -c hd -n "__fish_hd_needs_command" -f -a "outbox" -d 'List outgoing mail that is waiting or failed; `--retry` sends it all now'
complete -c hd -n "__fish_hd_needs_command" -f -a "templates" -d 'Reply templates: list them, or render one as a preview'
complete -c hd -n "__fish_hd_needs_command" -f -a "rules" -d 'Routing rules: test them against a message, or list them'
complete -c hd -n "__fish_hd_needs_command" -f -a "operator" -d 'Operators: list them with their load, or mark one away or back'
complete -c hd -n "__fish_hd_needs_command" -f -a "sla" -d 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)'
complete -c hd -n "__fish_hd_needs_command" -f -a "stats" -d 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue'
complete -c hd -n "__fish_hd_needs_command" -f -a "anonymize" -d 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact\'s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)'
complete -c hd -n "__fish_hd_needs_command" -f -a "attachments" -d 'List a ticket\'s attachments (numbered as `hd show` numbers them), or save them'
complete -c hd -n "__fish_hd_needs_command" -f -a "completions" -d 'Print the completion script of a shell'
complete -c hd -n "__fish_hd_needs_command" -f -a "man" -d 'Write man pages (hd.1 and one per subcommand) into a folder'
complete -c hd -n "__fish_hd_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand init" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand init" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand init" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand init" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand init" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand init" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand init" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand init" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand init" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand init" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand init" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand sync" -l mailbox -d 'Only this mailbox' -r
complete -c hd -n "__fish_hd_using_subcommand sync" -l interval -d 'With --watch: how often to read servers without IDLE, e.g. 30s, 2m' -r
complete -c hd -n "__fish_hd_using_subcommand sync" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand sync" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand sync" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand sync" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand sync" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand sync" -l dry-run -d 'Show what would happen; write nothing'
complete -c hd -n "__fish_hd_using_subcommand sync" -l reprocess -d 'Parse the kept raw messages that failed to parse again (fetches nothing)'
complete -c hd -n "__fish_hd_using_subcommand sync" -l all -d 'With --reprocess: every stored message, not only the failed ones'
complete -c hd -n "__fish_hd_using_subcommand sync" -l watch -d 'Stay connected and take mail as it arrives (IMAP IDLE, inotify) until SIGTERM or SIGINT; also retries the outbox and records SLA breaches as they happen'
complete -c hd -n "__fish_hd_using_subcommand sync" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand sync" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand sync" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand sync" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand sync" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand sync" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand new" -s s -l subject -d 'Subject of the ticket' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l contact -d 'The customer\'s email address' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l name -d 'Contact\'s name' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l queue -d 'Queue (default: the first configured)' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l source -d 'Where it came from' -r -f -a "phone\t''
chat\t''
web\t''
manual\t''
email\t''"
complete -c hd -n "__fish_hd_using_subcommand new" -l category -d 'Category' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l priority -d 'Priority' -r -f -a "low\t''
normal\t''
high\t''
urgent\t''"
complete -c hd -n "__fish_hd_using_subcommand new" -l body-file -d 'Text of the first interaction from a file, or - for standard input' -r -F
complete -c hd -n "__fish_hd_using_subcommand new" -s m -l message -d 'Text of the first interaction' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l assign -d 'Assign to this operator' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand new" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand new" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand new" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand new" -l me -d 'Assign to yourself'
complete -c hd -n "__fish_hd_using_subcommand new" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand new" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand new" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand new" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand new" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand new" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand list" -l view -d 'A built-in or configured view (see `hd views`)' -r
complete -c hd -n "__fish_hd_using_subcommand list" -l sort -d 'Sort order, e.g. `-priority,created`' -r
complete -c hd -n "__fish_hd_using_subcommand list" -l limit -d 'Show at most N tickets' -r
complete -c hd -n "__fish_hd_using_subcommand list" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand list" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand list" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand list" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand list" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand list" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand list" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand list" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand list" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand list" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand show" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand show" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand show" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand show" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand show" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand show" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand show" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand show" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand show" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand show" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand show" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand assign" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand assign" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand assign" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand assign" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand assign" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand assign" -l me -d 'Assign to yourself'
complete -c hd -n "__fish_hd_using_subcommand assign" -l none -d 'Unassign'
complete -c hd -n "__fish_hd_using_subcommand assign" -l auto -d 'Let automatic distribution pick the operator'
complete -c hd -n "__fish_hd_using_subcommand assign" -l force -d 'With --me: take tickets another operator holds without asking'
complete -c hd -n "__fish_hd_using_subcommand assign" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand assign" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand assign" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand assign" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand assign" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand assign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand assign" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand take" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand take" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand take" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand take" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand take" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand take" -l force -d 'Take tickets another operator holds without asking'
complete -c hd -n "__fish_hd_using_subcommand take" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand take" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand take" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand take" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand take" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand take" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand take" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand status" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand status" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand status" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand status" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand status" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand status" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand status" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand status" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand status" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand status" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand status" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand set" -l priority -d 'low, normal, high or urgent' -r
complete -c hd -n "__fish_hd_using_subcommand set" -l category -d 'A configured category, or `none`' -r
complete -c hd -n "__fish_hd_using_subcommand set" -l queue -d 'A configured queue' -r
complete -c hd -n "__fish_hd_using_subcommand set" -l tag -d 'Tags to add and remove: `+vip,-spam` (a bare name adds)' -r
complete -c hd -n "__fish_hd_using_subcommand set" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand set" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand set" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand set" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand set" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand set" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand set" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand set" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand set" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand set" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand set" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand comment" -s m -l message -d 'The note' -r
complete -c hd -n "__fish_hd_using_subcommand comment" -l file -d 'Read the note from a file' -r -F
complete -c hd -n "__fish_hd_using_subcommand comment" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand comment" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand comment" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand comment" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand comment" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand comment" -l edit -d 'Write or edit the note in $VISUAL/$EDITOR'
complete -c hd -n "__fish_hd_using_subcommand comment" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand comment" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand comment" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand comment" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand comment" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand comment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand comment" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand merge" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand merge" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand merge" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand merge" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand merge" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand merge" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand merge" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand merge" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand merge" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand merge" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand merge" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand restore" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand restore" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand restore" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand restore" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand restore" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand restore" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand restore" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand restore" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand restore" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand restore" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand restore" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand delete" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand delete" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand delete" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand delete" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand delete" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand delete" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand delete" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand delete" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand delete" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand delete" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand delete" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand views" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand views" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand views" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand views" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand views" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand views" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand views" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand views" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand views" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand views" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand views" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand views" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand export" -l from -d 'From this time (inclusive): today, 7d, 2026-11-01, RFC 3339...' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l to -d 'Up to this time (exclusive; a date includes that whole day)' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l operator -d 'Only interactions handled by this operator' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l queue -d 'Only tickets of this queue' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l contact -d 'Only this contact (an address, or @domain)' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l text -d 'Only interactions whose subject or text has these words' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l direction -d 'Only this direction' -r -f -a "in\t''
out\t''
internal\t''"
complete -c hd -n "__fish_hd_using_subcommand export" -l source -d 'Only this channel' -r -f -a "email\t''
phone\t''
chat\t''
web\t''
manual\t''"
complete -c hd -n "__fish_hd_using_subcommand export" -s o -l output -d 'Write to this file instead of standard output (format from its extension)' -r -F
complete -c hd -n "__fish_hd_using_subcommand export" -l delimiter -d 'CSV field delimiter (one character; `\\t` for tab)' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand export" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand export" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand export" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand export" -l bom -d 'Start CSV with a byte-order mark, for Excel'
complete -c hd -n "__fish_hd_using_subcommand export" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand export" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand export" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand export" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand export" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand export" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand reply" -s t -l template -d 'A template (see `hd templates`)' -r
complete -c hd -n "__fish_hd_using_subcommand reply" -s m -l message -d 'The text' -r
complete -c hd -n "__fish_hd_using_subcommand reply" -l file -d 'Read the text from a file' -r -F
complete -c hd -n "__fish_hd_using_subcommand reply" -l cc -d 'Copy to these addresses too (a@b.cz or "Name <a@b.cz>", comma-separated)' -r
complete -c hd -n "__fish_hd_using_subcommand reply" -l attach -d 'Attach files' -r -F
complete -c hd -n "__fish_hd_using_subcommand reply" -l then -d 'Status after replying' -r -f -a "waiting\t''
closed\t''
open\t''"
complete -c hd -n "__fish_hd_using_subcommand reply" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand reply" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand reply" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand reply" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand reply" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand reply" -l edit -d 'Edit the text in $VISUAL/$EDITOR before sending'
complete -c hd -n "__fish_hd_using_subcommand reply" -l no-cc -d 'Leave the ticket\'s followers out of this reply'
complete -c hd -n "__fish_hd_using_subcommand reply" -l dry-run -d 'Show the headers and text the customer would get; send and record nothing'
complete -c hd -n "__fish_hd_using_subcommand reply" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand reply" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand reply" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand reply" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand reply" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand reply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand reply" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand outbox" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand outbox" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand outbox" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand outbox" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand outbox" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand outbox" -l retry -d 'Send every waiting or failed message now'
complete -c hd -n "__fish_hd_using_subcommand outbox" -l all -d 'Also list sent messages'
complete -c hd -n "__fish_hd_using_subcommand outbox" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand outbox" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand outbox" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand outbox" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand outbox" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand outbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand outbox" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List the templates (the default)'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Render a template, with a ticket\'s data when one is given'
complete -c hd -n "__fish_hd_using_subcommand templates; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l ticket -d 'Render for this ticket' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the templates (the default)'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "show" -d 'Render a template, with a ticket\'s data when one is given'
complete -c hd -n "__fish_hd_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -f -a "test" -d 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -f -a "list" -d 'List the rules in evaluation order'
complete -c hd -n "__fish_hd_using_subcommand rules; and not __fish_seen_subcommand_from test list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l mailbox -d 'The mailbox it arrives in (default: the first)' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "test" -d 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the rules in evaluation order'
complete -c hd -n "__fish_hd_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -f -a "list" -d 'List operators, their queues, open load and availability'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -f -a "away" -d 'Stop getting new tickets automatically (default: yourself)'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -f -a "back" -d 'Start getting new tickets again; waiting tickets are handed out at once'
complete -c hd -n "__fish_hd_using_subcommand operator; and not __fish_seen_subcommand_from list away back help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from away" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from back" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "list" -d 'List operators, their queues, open load and availability'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "away" -d 'Stop getting new tickets automatically (default: yourself)'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "back" -d 'Start getting new tickets again; waiting tickets are handed out at once'
complete -c hd -n "__fish_hd_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand sla" -l from -d 'Tickets created from (inclusive)' -r
complete -c hd -n "__fish_hd_using_subcommand sla" -l to -d 'Tickets created up to (exclusive; a date includes that whole day)' -r
complete -c hd -n "__fish_hd_using_subcommand sla" -l by -d 'Group by' -r -f -a "category\t'Ticket category'
operator\t'Assigned operator'
priority\t'Priority'
queue\t'Queue'
source\t'Channel of the first interaction'
day\t'Day of creation'
week\t'ISO week of creation'"
complete -c hd -n "__fish_hd_using_subcommand sla" -l as-of -d 'The state at a past moment' -r
complete -c hd -n "__fish_hd_using_subcommand sla" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand sla" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand sla" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand sla" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand sla" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand sla" -l breached -d 'Only tickets that breached a target'
complete -c hd -n "__fish_hd_using_subcommand sla" -l tickets -d 'List the tickets behind the figures, with due times and state'
complete -c hd -n "__fish_hd_using_subcommand sla" -l recompute -d 'Recompute and store every ticket\'s due times (after a calendar or policy change)'
complete -c hd -n "__fish_hd_using_subcommand sla" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand sla" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand sla" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand sla" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand sla" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand sla" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand sla" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand stats" -l from -d 'From (inclusive; default 30 days ago)' -r
complete -c hd -n "__fish_hd_using_subcommand stats" -l to -d 'To (exclusive; a date includes that whole day)' -r
complete -c hd -n "__fish_hd_using_subcommand stats" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand stats" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand stats" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand stats" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand stats" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand stats" -l weekly -d 'Count volume per week instead of per day'
complete -c hd -n "__fish_hd_using_subcommand stats" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand stats" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand stats" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand stats" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand stats" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand stats" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l interaction -d 'One interaction, by its id (see `hd show --format json`)' -r
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l contact -d 'Every ticket of this contact' -r
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand anonymize" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand anonymize" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand attachments" -l save -d 'Save the attachments with these numbers (all without a number)' -r
complete -c hd -n "__fish_hd_using_subcommand attachments" -s o -l output -d 'Folder to save into, or `-` for standard output [default: the current folder]' -r -F
complete -c hd -n "__fish_hd_using_subcommand attachments" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand attachments" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand attachments" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand attachments" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand attachments" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand attachments" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand attachments" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand attachments" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand attachments" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand attachments" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand attachments" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand attachments" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand completions" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand completions" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand completions" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand completions" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand completions" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand completions" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand completions" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand completions" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand completions" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand completions" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand man" -l config -d 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]' -r -F
complete -c hd -n "__fish_hd_using_subcommand man" -l db -d 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]' -r -F
complete -c hd -n "__fish_hd_using_subcommand man" -l as -d 'Act as this operator [env: HD_OPERATOR]' -r
complete -c hd -n "__fish_hd_using_subcommand man" -l format -d 'Output format (table on a terminal, tsv otherwise)' -r -f -a "table\t'A table for people'
csv\t'Comma-separated values with a header'
tsv\t'Tab-separated values with a header'
json\t'JSON'
ids\t'One ticket number a line'
xlsx\t'XLSX (export only)'"
complete -c hd -n "__fish_hd_using_subcommand man" -l columns -d 'Columns to show, comma-separated' -r
complete -c hd -n "__fish_hd_using_subcommand man" -s q -l quiet -d 'Print nothing but errors'
complete -c hd -n "__fish_hd_using_subcommand man" -s v -l verbose -d 'Say more about what happens'
complete -c hd -n "__fish_hd_using_subcommand man" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c hd -n "__fish_hd_using_subcommand man" -l no-input -d 'Never prompt; where a prompt was needed, exit 3'
complete -c hd -n "__fish_hd_using_subcommand man" -l yes -d 'Answer yes to confirmations'
complete -c hd -n "__fish_hd_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hd -n "__fish_hd_using_subcommand man" -s V -l version -d 'Print version'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "init" -d 'Write an example config (if there is none) and create or migrate the database'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "sync" -d 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "new" -d 'Create a ticket by hand with its first interaction; prints its number'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "list" -d 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "show" -d 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "assign" -d 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "take" -d 'Take tickets: assign them to yourself and move queued ones to open'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "status" -d 'Set the status of tickets: queued, open, waiting or closed'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "set" -d 'Change fields of tickets'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "comment" -d 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "merge" -d 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "restore" -d 'Restore deleted tickets'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "delete" -d 'Flag tickets as deleted: hidden from every view, query and export until restored'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "views" -d 'List the views `hd list --view` accepts'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "export" -d 'Export the interaction listing, one row per interaction, ordered by time'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "reply" -d 'Reply to the ticket\'s contact: render, store in the outbox, send over SMTP, record'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "outbox" -d 'List outgoing mail that is waiting or failed; `--retry` sends it all now'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "templates" -d 'Reply templates: list them, or render one as a preview'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "rules" -d 'Routing rules: test them against a message, or list them'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "operator" -d 'Operators: list them with their load, or mark one away or back'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "sla" -d 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "stats" -d 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "anonymize" -d 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact\'s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "attachments" -d 'List a ticket\'s attachments (numbered as `hd show` numbers them), or save them'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "completions" -d 'Print the completion script of a shell'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "man" -d 'Write man pages (hd.1 and one per subcommand) into a folder'
complete -c hd -n "__fish_hd_using_subcommand help; and not __fish_seen_subcommand_from init sync new list show assign take status set comment merge restore delete views export reply outbox templates rules operator sla stats anonymize attachments completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "list" -d 'List the templates (the default)'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "show" -d 'Render a template, with a ticket\'s data when one is given'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "test" -d 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "list" -d 'List the rules in evaluation order'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "list" -d 'List operators, their queues, open load and availability'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "away" -d 'Stop getting new tickets automatically (default: yourself)'
complete -c hd -n "__fish_hd_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "back" -d 'Start getting new tickets again; waiting tickets are handed out at once'
