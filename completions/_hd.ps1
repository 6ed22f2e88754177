
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hd' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hd'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hd' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write an example config (if there is none) and create or migrate the database')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a ticket by hand with its first interaction; prints its number')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`')
            [CompletionResult]::new('take', 'take', [CompletionResultType]::ParameterValue, 'Take tickets: assign them to yourself and move queued ones to open')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Set the status of tickets: queued, open, waiting or closed')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change fields of tickets')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore deleted tickets')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Flag tickets as deleted: hidden from every view, query and export until restored')
            [CompletionResult]::new('views', 'views', [CompletionResultType]::ParameterValue, 'List the views `hd list --view` accepts')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the interaction listing, one row per interaction, ordered by time')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Reply to the ticket''s contact: render, store in the outbox, send over SMTP, record')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'List outgoing mail that is waiting or failed; `--retry` sends it all now')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'Reply templates: list them, or render one as a preview')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Routing rules: test them against a message, or list them')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Operators: list them with their load, or mark one away or back')
            [CompletionResult]::new('sla', 'sla', [CompletionResultType]::ParameterValue, 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue')
            [CompletionResult]::new('anonymize', 'anonymize', [CompletionResultType]::ParameterValue, 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact''s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)')
            [CompletionResult]::new('attachments', 'attachments', [CompletionResultType]::ParameterValue, 'List a ticket''s attachments (numbered as `hd show` numbers them), or save them')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (hd.1 and one per subcommand) into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;sync' {
            [CompletionResult]::new('--mailbox', '--mailbox', [CompletionResultType]::ParameterName, 'Only this mailbox')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'With --watch: how often to read servers without IDLE, e.g. 30s, 2m')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would happen; write nothing')
            [CompletionResult]::new('--reprocess', '--reprocess', [CompletionResultType]::ParameterName, 'Parse the kept raw messages that failed to parse again (fetches nothing)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --reprocess: every stored message, not only the failed ones')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Stay connected and take mail as it arrives (IMAP IDLE, inotify) until SIGTERM or SIGINT; also retries the outbox and records SLA breaches as they happen')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;new' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Subject of the ticket')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject of the ticket')
            [CompletionResult]::new('--contact', '--contact', [CompletionResultType]::ParameterName, 'The customer''s email address')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Contact''s name')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Queue (default: the first configured)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where it came from')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Category')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Priority')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Text of the first interaction from a file, or - for standard input')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Text of the first interaction')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Text of the first interaction')
            [CompletionResult]::new('--assign', '--assign', [CompletionResultType]::ParameterName, 'Assign to this operator')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--me', '--me', [CompletionResultType]::ParameterName, 'Assign to yourself')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;list' {
            [CompletionResult]::new('--view', '--view', [CompletionResultType]::ParameterName, 'A built-in or configured view (see `hd views`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort order, e.g. `-priority,created`')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N tickets')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;assign' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--me', '--me', [CompletionResultType]::ParameterName, 'Assign to yourself')
            [CompletionResult]::new('--none', '--none', [CompletionResultType]::ParameterName, 'Unassign')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Let automatic distribution pick the operator')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --me: take tickets another operator holds without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;take' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Take tickets another operator holds without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;set' {
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'low, normal, high or urgent')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'A configured category, or `none`')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'A configured queue')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tags to add and remove: `+vip,-spam` (a bare name adds)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;comment' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The note')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The note')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the note from a file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Write or edit the note in $VISUAL/$EDITOR')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;merge' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;restore' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;views' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;export' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'From this time (inclusive): today, 7d, 2026-11-01, RFC 3339...')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Up to this time (exclusive; a date includes that whole day)')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Only interactions handled by this operator')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only tickets of this queue')
            [CompletionResult]::new('--contact', '--contact', [CompletionResultType]::ParameterName, 'Only this contact (an address, or @domain)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Only interactions whose subject or text has these words')
            [CompletionResult]::new('--direction', '--direction', [CompletionResultType]::ParameterName, 'Only this direction')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only this channel')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output (format from its extension)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output (format from its extension)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV field delimiter (one character; `\t` for tab)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start CSV with a byte-order mark, for Excel')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;reply' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A template (see `hd templates`)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'A template (see `hd templates`)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The text')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The text')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from a file')
            [CompletionResult]::new('--cc', '--cc', [CompletionResultType]::ParameterName, 'Copy to these addresses too (a@b.cz or "Name <a@b.cz>", comma-separated)')
            [CompletionResult]::new('--attach', '--attach', [CompletionResultType]::ParameterName, 'Attach files')
            [CompletionResult]::new('--then', '--then', [CompletionResultType]::ParameterName, 'Status after replying')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Edit the text in $VISUAL/$EDITOR before sending')
            [CompletionResult]::new('--no-cc', '--no-cc', [CompletionResultType]::ParameterName, 'Leave the ticket''s followers out of this reply')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the headers and text the customer would get; send and record nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;outbox' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Send every waiting or failed message now')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list sent messages')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;templates' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Render a template, with a ticket''s data when one is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;templates;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;templates;show' {
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Render for this ticket')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;templates;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Render a template, with a ticket''s data when one is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;templates;help;list' {
            break
        }
        'hd;templates;help;show' {
            break
        }
        'hd;templates;help;help' {
            break
        }
        'hd;rules' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules in evaluation order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;rules;test' {
            [CompletionResult]::new('--mailbox', '--mailbox', [CompletionResultType]::ParameterName, 'The mailbox it arrives in (default: the first)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;rules;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;rules;help' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules in evaluation order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;rules;help;test' {
            break
        }
        'hd;rules;help;list' {
            break
        }
        'hd;rules;help;help' {
            break
        }
        'hd;operator' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List operators, their queues, open load and availability')
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop getting new tickets automatically (default: yourself)')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Start getting new tickets again; waiting tickets are handed out at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;operator;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;operator;away' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;operator;back' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;operator;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List operators, their queues, open load and availability')
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop getting new tickets automatically (default: yourself)')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Start getting new tickets again; waiting tickets are handed out at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;operator;help;list' {
            break
        }
        'hd;operator;help;away' {
            break
        }
        'hd;operator;help;back' {
            break
        }
        'hd;operator;help;help' {
            break
        }
        'hd;sla' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Tickets created from (inclusive)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Tickets created up to (exclusive; a date includes that whole day)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group by')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The state at a past moment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--breached', '--breached', [CompletionResultType]::ParameterName, 'Only tickets that breached a target')
            [CompletionResult]::new('--tickets', '--tickets', [CompletionResultType]::ParameterName, 'List the tickets behind the figures, with due times and state')
            [CompletionResult]::new('--recompute', '--recompute', [CompletionResultType]::ParameterName, 'Recompute and store every ticket''s due times (after a calendar or policy change)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;stats' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'From (inclusive; default 30 days ago)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'To (exclusive; a date includes that whole day)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('--weekly', '--weekly', [CompletionResultType]::ParameterName, 'Count volume per week instead of per day')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;anonymize' {
            [CompletionResult]::new('--interaction', '--interaction', [CompletionResultType]::ParameterName, 'One interaction, by its id (see `hd show --format json`)')
            [CompletionResult]::new('--contact', '--contact', [CompletionResultType]::ParameterName, 'Every ticket of this contact')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;attachments' {
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save the attachments with these numbers (all without a number)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder to save into, or `-` for standard output [default: the current folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Folder to save into, or `-` for standard output [default: the current folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;man' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this operator [env: HD_OPERATOR]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (table on a terminal, tsv otherwise)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Columns to show, comma-separated')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what happens')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours [env: NO_COLOR]')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; where a prompt was needed, exit 3')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hd;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write an example config (if there is none) and create or migrate the database')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a ticket by hand with its first interaction; prints its number')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`')
            [CompletionResult]::new('take', 'take', [CompletionResultType]::ParameterValue, 'Take tickets: assign them to yourself and move queued ones to open')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Set the status of tickets: queued, open, waiting or closed')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change fields of tickets')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore deleted tickets')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Flag tickets as deleted: hidden from every view, query and export until restored')
            [CompletionResult]::new('views', 'views', [CompletionResultType]::ParameterValue, 'List the views `hd list --view` accepts')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the interaction listing, one row per interaction, ordered by time')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Reply to the ticket''s contact: render, store in the outbox, send over SMTP, record')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'List outgoing mail that is waiting or failed; `--retry` sends it all now')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'Reply templates: list them, or render one as a preview')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Routing rules: test them against a message, or list them')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Operators: list them with their load, or mark one away or back')
            [CompletionResult]::new('sla', 'sla', [CompletionResultType]::ParameterValue, 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue')
            [CompletionResult]::new('anonymize', 'anonymize', [CompletionResultType]::ParameterValue, 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact''s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)')
            [CompletionResult]::new('attachments', 'attachments', [CompletionResultType]::ParameterValue, 'List a ticket''s attachments (numbered as `hd show` numbers them), or save them')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (hd.1 and one per subcommand) into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hd;help;init' {
            break
        }
        'hd;help;sync' {
            break
        }
        'hd;help;new' {
            break
        }
        'hd;help;list' {
            break
        }
        'hd;help;show' {
            break
        }
        'hd;help;assign' {
            break
        }
        'hd;help;take' {
            break
        }
        'hd;help;status' {
            break
        }
        'hd;help;set' {
            break
        }
        'hd;help;comment' {
            break
        }
        'hd;help;merge' {
            break
        }
        'hd;help;restore' {
            break
        }
        'hd;help;delete' {
            break
        }
        'hd;help;views' {
            break
        }
        'hd;help;export' {
            break
        }
        'hd;help;reply' {
            break
        }
        'hd;help;outbox' {
            break
        }
        'hd;help;templates' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates (the default)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Render a template, with a ticket''s data when one is given')
            break
        }
        'hd;help;templates;list' {
            break
        }
        'hd;help;templates;show' {
            break
        }
        'hd;help;rules' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules in evaluation order')
            break
        }
        'hd;help;rules;test' {
            break
        }
        'hd;help;rules;list' {
            break
        }
        'hd;help;operator' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List operators, their queues, open load and availability')
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop getting new tickets automatically (default: yourself)')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Start getting new tickets again; waiting tickets are handed out at once')
            break
        }
        'hd;help;operator;list' {
            break
        }
        'hd;help;operator;away' {
            break
        }
        'hd;help;operator;back' {
            break
        }
        'hd;help;sla' {
            break
        }
        'hd;help;stats' {
            break
        }
        'hd;help;anonymize' {
            break
        }
        'hd;help;attachments' {
            break
        }
        'hd;help;completions' {
            break
        }
        'hd;help;man' {
            break
        }
        'hd;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
