
use builtin;
use str;

set edit:completion:arg-completer[hd] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hd'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hd'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write an example config (if there is none) and create or migrate the database'
            cand sync 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock'
            cand new 'Create a ticket by hand with its first interaction; prints its number'
            cand list 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`'
            cand show 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history'
            cand assign 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`'
            cand take 'Take tickets: assign them to yourself and move queued ones to open'
            cand status 'Set the status of tickets: queued, open, waiting or closed'
            cand set 'Change fields of tickets'
            cand comment 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR'
            cand merge 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO'
            cand restore 'Restore deleted tickets'
            cand delete 'Flag tickets as deleted: hidden from every view, query and export until restored'
            cand views 'List the views `hd list --view` accepts'
            cand export 'Export the interaction listing, one row per interaction, ordered by time'
            cand reply 'Reply to the ticket''s contact: render, store in the outbox, send over SMTP, record'
            cand outbox 'List outgoing mail that is waiting or failed; `--retry` sends it all now'
            cand templates 'Reply templates: list them, or render one as a preview'
            cand rules 'Routing rules: test them against a message, or list them'
            cand operator 'Operators: list them with their load, or mark one away or back'
            cand sla 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)'
            cand stats 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue'
            cand anonymize 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact''s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)'
            cand attachments 'List a ticket''s attachments (numbered as `hd show` numbers them), or save them'
            cand completions 'Print the completion script of a shell'
            cand man 'Write man pages (hd.1 and one per subcommand) into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;init'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;sync'= {
            cand --mailbox 'Only this mailbox'
            cand --interval 'With --watch: how often to read servers without IDLE, e.g. 30s, 2m'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --dry-run 'Show what would happen; write nothing'
            cand --reprocess 'Parse the kept raw messages that failed to parse again (fetches nothing)'
            cand --all 'With --reprocess: every stored message, not only the failed ones'
            cand --watch 'Stay connected and take mail as it arrives (IMAP IDLE, inotify) until SIGTERM or SIGINT; also retries the outbox and records SLA breaches as they happen'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;new'= {
            cand -s 'Subject of the ticket'
            cand --subject 'Subject of the ticket'
            cand --contact 'The customer''s email address'
            cand --name 'Contact''s name'
            cand --queue 'Queue (default: the first configured)'
            cand --source 'Where it came from'
            cand --category 'Category'
            cand --priority 'Priority'
            cand --body-file 'Text of the first interaction from a file, or - for standard input'
            cand -m 'Text of the first interaction'
            cand --message 'Text of the first interaction'
            cand --assign 'Assign to this operator'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --me 'Assign to yourself'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;list'= {
            cand --view 'A built-in or configured view (see `hd views`)'
            cand --sort 'Sort order, e.g. `-priority,created`'
            cand --limit 'Show at most N tickets'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;show'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;assign'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --me 'Assign to yourself'
            cand --none 'Unassign'
            cand --auto 'Let automatic distribution pick the operator'
            cand --force 'With --me: take tickets another operator holds without asking'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;take'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --force 'Take tickets another operator holds without asking'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;status'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;set'= {
            cand --priority 'low, normal, high or urgent'
            cand --category 'A configured category, or `none`'
            cand --queue 'A configured queue'
            cand --tag 'Tags to add and remove: `+vip,-spam` (a bare name adds)'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;comment'= {
            cand -m 'The note'
            cand --message 'The note'
            cand --file 'Read the note from a file'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --edit 'Write or edit the note in $VISUAL/$EDITOR'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;merge'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;restore'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;delete'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;views'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;export'= {
            cand --from 'From this time (inclusive): today, 7d, 2026-11-01, RFC 3339...'
            cand --to 'Up to this time (exclusive; a date includes that whole day)'
            cand --operator 'Only interactions handled by this operator'
            cand --queue 'Only tickets of this queue'
            cand --contact 'Only this contact (an address, or @domain)'
            cand --text 'Only interactions whose subject or text has these words'
            cand --direction 'Only this direction'
            cand --source 'Only this channel'
            cand -o 'Write to this file instead of standard output (format from its extension)'
            cand --output 'Write to this file instead of standard output (format from its extension)'
            cand --delimiter 'CSV field delimiter (one character; `\t` for tab)'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --bom 'Start CSV with a byte-order mark, for Excel'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;reply'= {
            cand -t 'A template (see `hd templates`)'
            cand --template 'A template (see `hd templates`)'
            cand -m 'The text'
            cand --message 'The text'
            cand --file 'Read the text from a file'
            cand --cc 'Copy to these addresses too (a@b.cz or "Name <a@b.cz>", comma-separated)'
            cand --attach 'Attach files'
            cand --then 'Status after replying'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --edit 'Edit the text in $VISUAL/$EDITOR before sending'
            cand --no-cc 'Leave the ticket''s followers out of this reply'
            cand --dry-run 'Show the headers and text the customer would get; send and record nothing'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;outbox'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --retry 'Send every waiting or failed message now'
            cand --all 'Also list sent messages'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;templates'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the templates (the default)'
            cand show 'Render a template, with a ticket''s data when one is given'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;templates;list'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;templates;show'= {
            cand --ticket 'Render for this ticket'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;templates;help'= {
            cand list 'List the templates (the default)'
            cand show 'Render a template, with a ticket''s data when one is given'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;templates;help;list'= {
        }
        &'hd;templates;help;show'= {
        }
        &'hd;templates;help;help'= {
        }
        &'hd;rules'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand test 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
            cand list 'List the rules in evaluation order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;rules;test'= {
            cand --mailbox 'The mailbox it arrives in (default: the first)'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;rules;list'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;rules;help'= {
            cand test 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
            cand list 'List the rules in evaluation order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;rules;help;test'= {
        }
        &'hd;rules;help;list'= {
        }
        &'hd;rules;help;help'= {
        }
        &'hd;operator'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List operators, their queues, open load and availability'
            cand away 'Stop getting new tickets automatically (default: yourself)'
            cand back 'Start getting new tickets again; waiting tickets are handed out at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;operator;list'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;operator;away'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;operator;back'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;operator;help'= {
            cand list 'List operators, their queues, open load and availability'
            cand away 'Stop getting new tickets automatically (default: yourself)'
            cand back 'Start getting new tickets again; waiting tickets are handed out at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;operator;help;list'= {
        }
        &'hd;operator;help;away'= {
        }
        &'hd;operator;help;back'= {
        }
        &'hd;operator;help;help'= {
        }
        &'hd;sla'= {
            cand --from 'Tickets created from (inclusive)'
            cand --to 'Tickets created up to (exclusive; a date includes that whole day)'
            cand --by 'Group by'
            cand --as-of 'The state at a past moment'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --breached 'Only tickets that breached a target'
            cand --tickets 'List the tickets behind the figures, with due times and state'
            cand --recompute 'Recompute and store every ticket''s due times (after a calendar or policy change)'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;stats'= {
            cand --from 'From (inclusive; default 30 days ago)'
            cand --to 'To (exclusive; a date includes that whole day)'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand --weekly 'Count volume per week instead of per day'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;anonymize'= {
            cand --interaction 'One interaction, by its id (see `hd show --format json`)'
            cand --contact 'Every ticket of this contact'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;attachments'= {
            cand --save 'Save the attachments with these numbers (all without a number)'
            cand -o 'Folder to save into, or `-` for standard output [default: the current folder]'
            cand --output 'Folder to save into, or `-` for standard output [default: the current folder]'
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;completions'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;man'= {
            cand --config 'Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]'
            cand --db 'Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]'
            cand --as 'Act as this operator [env: HD_OPERATOR]'
            cand --format 'Output format (table on a terminal, tsv otherwise)'
            cand --columns 'Columns to show, comma-separated'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Say more about what happens'
            cand --verbose 'Say more about what happens'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand --no-input 'Never prompt; where a prompt was needed, exit 3'
            cand --yes 'Answer yes to confirmations'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hd;help'= {
            cand init 'Write an example config (if there is none) and create or migrate the database'
            cand sync 'Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary); exit 4 when a server refuses the login, 75 when a server is unreachable or another sync holds the lock'
            cand new 'Create a ticket by hand with its first interaction; prints its number'
            cand list 'List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`'
            cand show 'Show a ticket: header fields, SLA state, the conversation (notes marked internal), attachments and event history'
            cand assign 'Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`'
            cand take 'Take tickets: assign them to yourself and move queued ones to open'
            cand status 'Set the status of tickets: queued, open, waiting or closed'
            cand set 'Change fields of tickets'
            cand comment 'Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input, or, without a text, in $VISUAL/$EDITOR'
            cand merge 'Merge ticket FROM into INTO: interactions and events move; FROM keeps resolving to INTO'
            cand restore 'Restore deleted tickets'
            cand delete 'Flag tickets as deleted: hidden from every view, query and export until restored'
            cand views 'List the views `hd list --view` accepts'
            cand export 'Export the interaction listing, one row per interaction, ordered by time'
            cand reply 'Reply to the ticket''s contact: render, store in the outbox, send over SMTP, record'
            cand outbox 'List outgoing mail that is waiting or failed; `--retry` sends it all now'
            cand templates 'Reply templates: list them, or render one as a preview'
            cand rules 'Routing rules: test them against a message, or list them'
            cand operator 'Operators: list them with their load, or mark one away or back'
            cand sla 'SLA compliance report of the tickets created in the range: count, met, breached, compliance %, median and p90 first-response and resolution times (business time)'
            cand stats 'Volume of new tickets per day (or week) and per weekday, tickets resolved per operator, backlog by status, and satisfaction per operator, category and queue'
            cand anonymize 'Irreversibly erase message texts, subjects, attachments, raw messages and the contact''s name, address and company of a ticket, one interaction, or every ticket of a contact. Asks for confirmation on a terminal (`--yes` for scripts)'
            cand attachments 'List a ticket''s attachments (numbered as `hd show` numbers them), or save them'
            cand completions 'Print the completion script of a shell'
            cand man 'Write man pages (hd.1 and one per subcommand) into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hd;help;init'= {
        }
        &'hd;help;sync'= {
        }
        &'hd;help;new'= {
        }
        &'hd;help;list'= {
        }
        &'hd;help;show'= {
        }
        &'hd;help;assign'= {
        }
        &'hd;help;take'= {
        }
        &'hd;help;status'= {
        }
        &'hd;help;set'= {
        }
        &'hd;help;comment'= {
        }
        &'hd;help;merge'= {
        }
        &'hd;help;restore'= {
        }
        &'hd;help;delete'= {
        }
        &'hd;help;views'= {
        }
        &'hd;help;export'= {
        }
        &'hd;help;reply'= {
        }
        &'hd;help;outbox'= {
        }
        &'hd;help;templates'= {
            cand list 'List the templates (the default)'
            cand show 'Render a template, with a ticket''s data when one is given'
        }
        &'hd;help;templates;list'= {
        }
        &'hd;help;templates;show'= {
        }
        &'hd;help;rules'= {
            cand test 'Show every rule, whether it matched FILE.eml (or - for standard input) and why, and the resulting ticket fields. Writes nothing'
            cand list 'List the rules in evaluation order'
        }
        &'hd;help;rules;test'= {
        }
        &'hd;help;rules;list'= {
        }
        &'hd;help;operator'= {
            cand list 'List operators, their queues, open load and availability'
            cand away 'Stop getting new tickets automatically (default: yourself)'
            cand back 'Start getting new tickets again; waiting tickets are handed out at once'
        }
        &'hd;help;operator;list'= {
        }
        &'hd;help;operator;away'= {
        }
        &'hd;help;operator;back'= {
        }
        &'hd;help;sla'= {
        }
        &'hd;help;stats'= {
        }
        &'hd;help;anonymize'= {
        }
        &'hd;help;attachments'= {
        }
        &'hd;help;completions'= {
        }
        &'hd;help;man'= {
        }
        &'hd;help;help'= {
        }
    ]
    $completions[$command]
}
