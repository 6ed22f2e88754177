//! One inbound message into the store: dedup, thread, ticket, rules, distribution, ack.
//!
//! Threading follows PRODUCT.md's order: our own Message-IDs in In-Reply-To or
//! References; any stored Message-ID there; the ticket number in the subject,
//! only when the sender is the ticket's contact or a cc; otherwise a new ticket.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};

use crate::db::{Connection, OptionalExtension, params};

use crate::config::{Config, MailboxConfig};
use crate::distribute::Pool;
use crate::error::{HdError, usage};
use crate::mail::ids;
use crate::mail::parse::Parsed;
use crate::model::{Priority, Status};
use crate::routing;
use crate::rules::{self, Rule};
use crate::store::interactions::{self, NewInteraction};
use crate::store::tickets::{self, NewTicket, Ticket};
use crate::store::{add_attachment, batch, event, upsert_contact};

/// The actor of events caused by arriving mail.
pub const ACTOR: &str = "sync";

/// What happened to one message.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Already stored (same mailbox, Message-ID and content).
    Duplicate,
    /// Stored on a ticket.
    Stored {
        /// The ticket number.
        ticket: String,
        /// Whether the ticket is new.
        new_ticket: bool,
        /// Automatic mail.
        automatic: bool,
        /// Why parsing was partial.
        parse_error: Option<String>,
        /// Whether an auto-reply was queued for it.
        auto_replied: bool,
    },
}

impl Outcome {
    /// One line for `--dry-run`.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Duplicate => "already stored".to_string(),
            Outcome::Stored {
                ticket,
                new_ticket,
                automatic,
                parse_error,
                auto_replied,
            } => format!(
                "{} {ticket}{}{}{}",
                if *new_ticket {
                    "new ticket"
                } else {
                    "threaded onto"
                },
                if *automatic { " (automatic)" } else { "" },
                if parse_error.is_some() {
                    " (stored raw, parse failed)"
                } else {
                    ""
                },
                if *auto_replied { ", auto-reply" } else { "" }
            ),
        }
    }
}

/// Compiles the config's rules once per run.
pub fn compile_rules(config: &Config) -> Result<Vec<Rule>, HdError> {
    let mut specs = Vec::new();
    for (line, table) in &config.rules {
        let name = table
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string();
        let spec: rules::RuleConfig =
            toml::Value::Table(table.clone())
                .try_into()
                .map_err(|e: toml::de::Error| {
                    usage(format!(
                        "{}: rule \"{name}\": {}",
                        config.at(*line),
                        e.message().trim()
                    ))
                })?;
        specs.push(spec);
    }
    let categories = config.category_names();
    let queues = config.queue_names();
    let operators = config.operator_names();
    let templates = config.template_names.clone();
    fn as_refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let (c, q, o, t) = (
        as_refs(&categories),
        as_refs(&queues),
        as_refs(&operators),
        as_refs(&templates),
    );
    let known = rules::Known {
        categories: &c,
        queues: &q,
        operators: &o,
        templates: &t,
    };
    rules::compile(specs, &known).map_err(|e| {
        let line = config.rules.get(e.index).map_or(0, |(l, _)| *l);
        usage(format!("{}: {e}", config.at(line)))
    })
}

/// Stores inbound messages for one sync run.
pub struct Ingestor<'a> {
    /// The config.
    pub config: &'a Config,
    /// Compiled rules.
    pub rules: Vec<Rule>,
    /// The run's clock, for distribution and rate limits.
    pub now: i64,
    own: Vec<String>,
    /// Interactions stored but not yet in the full-text index.
    fts: RefCell<crate::store::fts::Ahead>,
    /// Distribution state, kept from batch to batch while nobody else writes.
    pool: RefCell<Option<Pool>>,
    /// `PRAGMA data_version` when the pool was last right: it changes when
    /// another connection commits.
    pool_version: Cell<Option<i64>>,
    /// Importing history (a mailbox folder's first sync): tickets are made,
    /// rules and distribution apply, but nothing goes out and nothing fires.
    import: Cell<bool>,
    /// What the batch being stored looked up at its start.
    lookups: RefCell<Lookups>,
}

/// What a batch's messages look up, read for the whole batch when it begins
/// ([`Ingestor::prefetch`]) and kept right as it stores: a message answered
/// here needs no statement of its own. Only what was asked about is known;
/// anything else is looked up as before.
#[derive(Default)]
struct Lookups {
    mailbox: String,
    /// Raw-message hashes asked about, and which of them the mailbox holds.
    hashes: HashSet<String>,
    stored: HashSet<String>,
    /// Contacts by lower-case address: `None` for an address with none.
    contacts: HashMap<String, Option<(i64, Option<String>)>>,
    /// Message-IDs asked about: `None` when no interaction carries one,
    /// else whether one that went out does.
    message_ids: HashMap<String, Option<bool>>,
    /// The ticket (and what it was merged into) that each carried Message-ID
    /// threads a reply onto, while no message of the batch carries it too.
    threads: HashMap<String, (i64, Option<i64>)>,
    /// Those tickets as they stood when the batch began, each until a message
    /// is filed on it (which changes it) or its contact is changed.
    tickets: HashMap<i64, Ticket>,
    /// Ids reserved for the batch's rows (PostgreSQL).
    raw_ids: VecDeque<i64>,
    interaction_ids: VecDeque<i64>,
    ticket_ids: VecDeque<i64>,
    contact_ids: VecDeque<i64>,
    /// The last ticket number this transaction took.
    last_number: Option<i64>,
    /// Whether `last_number` is not yet written to the counter.
    number_unsaved: bool,
}

impl Lookups {
    /// Whether the mailbox holds this hash, when known.
    fn stored(&self, mailbox: &str, hash: &str) -> Option<bool> {
        (self.mailbox == mailbox && self.hashes.contains(hash)).then(|| self.stored.contains(hash))
    }
}

impl<'a> Ingestor<'a> {
    /// Prepares a run: compiles rules.
    pub fn new(config: &'a Config, now: i64) -> Result<Ingestor<'a>, HdError> {
        Ok(Ingestor {
            config,
            rules: compile_rules(config)?,
            now,
            own: config.own_addresses(),
            fts: RefCell::new(crate::store::fts::Ahead::new(None)),
            pool: RefCell::new(None),
            pool_version: Cell::new(None),
            import: Cell::new(false),
            lookups: RefCell::new(Lookups::default()),
        })
    }

    /// Lets the full-text documents of big batches be computed on a second
    /// connection that `connector` opens (PostgreSQL; see
    /// [`crate::store::fts::Ahead`]).
    pub fn compute_documents_with(&self, connector: Option<crate::store::Connector>) {
        *self.fts.borrow_mut() = crate::store::fts::Ahead::new(connector);
    }

    /// Marks what is stored from now on as an import of existing history (or
    /// not): the one switch for every outgoing side effect of arriving mail —
    /// acknowledgements, rule auto-replies, and anything else that would reach
    /// outside the database (hooks).
    pub fn set_import(&self, import: bool) {
        self.import.set(import);
    }

    /// Whether arriving mail is being imported, so it must cause no outgoing
    /// side effect (see [`Ingestor::set_import`]).
    pub fn is_import(&self) -> bool {
        self.import.get()
    }

    /// Whether a message that arrived at `received` may get an auto-reply from
    /// `queue`: never while importing, and only while it is younger than the
    /// queue's `auto_reply_max_age`.
    pub fn may_auto_reply(&self, queue: &str, received: i64) -> bool {
        let max_age = self.config.queue(queue).map_or(
            24 * 3600,
            crate::config::QueueConfig::auto_reply_max_age_secs,
        );
        !self.is_import() && self.now - received <= max_age
    }

    /// Opens the write transaction of a batch of messages.
    pub fn begin<'s>(
        &self,
        store: &'s mut crate::store::Store,
    ) -> crate::db::Result<crate::db::Transaction<'s>> {
        // A batch abandoned by an error was rolled back: its rows are gone.
        self.fts.borrow_mut().clear();
        self.lookups.take();
        let tx = store.write()?;
        // Operators' loads stay right unless someone else changed tickets.
        let version = crate::store::data_version(&tx)?;
        // Only a commit marks the pool right again: a batch abandoned midway
        // leaves assignments in it that were rolled back.
        if version.is_none() || self.pool_version.take() != version {
            self.pool.take();
        }
        Ok(tx)
    }

    /// Indexes the batch's texts, then commits it. Every transaction that stored
    /// messages ends here (or in [`Ingestor::rollback`]).
    pub fn commit(&self, tx: crate::db::Transaction<'_>) -> crate::db::Result<()> {
        let l = self.lookups.take();
        if let (Some(last), true) = (l.last_number, l.number_unsaved) {
            tickets::save_number(&tx, last)?;
        }
        self.fts.borrow_mut().write(&tx)?;
        if let Some(pool) = self.pool.borrow_mut().as_mut() {
            pool.save(&tx)?;
        }
        // Our own commit leaves the version as it is now.
        let version = crate::store::data_version(&tx)?;
        tx.commit()?;
        self.pool_version.set(version);
        Ok(())
    }

    /// Drops the batch.
    pub fn rollback(&self, tx: crate::db::Transaction<'_>) -> crate::db::Result<()> {
        self.fts.borrow_mut().clear();
        self.lookups.take();
        self.pool.take();
        self.pool_version.set(None);
        tx.rollback()
    }

    /// Looks up, for a batch of messages about to be stored in `tx` from
    /// `mailbox`, what storing each would ask one by one: which are stored
    /// already, their senders' contacts, the Message-IDs they answer; and on
    /// PostgreSQL reserves ids for their rows. Optional: a message of another
    /// batch, or one not named here, is looked up as before.
    pub fn prefetch(
        &self,
        tx: &Connection,
        mb: &MailboxConfig,
        batch: &[&Parsed],
    ) -> crate::db::Result<()> {
        let mailbox = mb.name.get_ref().as_str();
        self.fts.borrow_mut().batch_begins(batch.len());
        let mut l = Lookups {
            mailbox: mailbox.to_string(),
            ..Lookups::default()
        };
        let hashes: Vec<&str> = batch.iter().map(|p| p.hash.as_str()).collect();
        l.stored = batch::stored_hashes(tx, mailbox, &hashes)?;
        l.hashes = hashes.iter().map(|h| h.to_string()).collect();

        let emails: HashSet<String> = batch
            .iter()
            .filter_map(|p| p.from_addr.as_deref())
            .map(|f| f.trim().to_lowercase())
            .filter(|f| !self.own.contains(f))
            .collect();
        let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
        let found = batch::contacts(tx, &emails)?;
        l.contacts = emails
            .iter()
            .map(|e| (e.to_string(), found.get(*e).cloned()))
            .collect();

        let mut ids: HashSet<&str> = HashSet::new();
        for p in batch {
            for id in p
                .bounce_of
                .iter()
                .chain(&p.in_reply_to)
                .chain(&p.references)
            {
                ids.insert(id);
                ids.insert(id.trim_matches(['<', '>']));
            }
        }
        let ids: Vec<&str> = ids.into_iter().collect();
        let found = batch::message_ids(tx, &ids, mb.queue.get_ref())?;
        l.message_ids = ids
            .iter()
            .map(|i| (i.to_string(), found.get(*i).map(|c| c.out)))
            .collect();
        l.threads = found
            .into_iter()
            .map(|(id, c)| (id, (c.ticket, c.merged_into)))
            .collect();
        let mut answered: Vec<i64> = l
            .threads
            .values()
            .filter(|(_, merged_into)| merged_into.is_none())
            .map(|(t, _)| *t)
            .collect();
        answered.sort_unstable();
        answered.dedup();
        l.tickets = tickets::load_many(tx, &answered)?;

        let mut reserved = batch::reserve_ids(
            tx,
            &["raw_messages", "interactions", "tickets", "contacts"],
            batch.len(),
        )?
        .into_iter()
        .map(VecDeque::from);
        l.raw_ids = reserved.next().unwrap_or_default();
        l.interaction_ids = reserved.next().unwrap_or_default();
        l.ticket_ids = reserved.next().unwrap_or_default();
        l.contact_ids = reserved.next().unwrap_or_default();
        // The same transaction counts on where it was.
        let before = self.lookups.replace(l);
        let mut l = self.lookups.borrow_mut();
        l.last_number = before.last_number;
        l.number_unsaved = before.number_unsaved;
        Ok(())
    }

    /// The contact of a sender, made when new; a name fills one missing.
    fn contact(&self, tx: &Connection, email: &str, name: Option<&str>) -> crate::db::Result<i64> {
        let key = email.trim().to_lowercase();
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let known = self.lookups.borrow().contacts.get(&key).cloned();
        let id = match known {
            None => {
                let id = upsert_contact(tx, email, name)?;
                // It may have been given a name.
                self.forget_tickets_of(id);
                return Ok(id);
            }
            Some(Some((id, had))) => {
                if let Some(n) = name
                    && had.as_deref().is_none_or(str::is_empty)
                {
                    crate::store::name_contact(tx, id, n)?;
                    self.forget_tickets_of(id);
                } else {
                    return Ok(id);
                }
                id
            }
            Some(None) => {
                let reserved = self.lookups.borrow_mut().contact_ids.pop_front();
                match reserved {
                    Some(id) => {
                        crate::store::insert_contact_as(tx, id, &key, name)?;
                        id
                    }
                    None => crate::store::insert_contact(tx, &key, name)?,
                }
            }
        };
        self.lookups
            .borrow_mut()
            .contacts
            .insert(key, Some((id, name.map(str::to_string))));
        Ok(id)
    }

    /// Drops the tickets kept from the batch's start whose contact is `contact`.
    fn forget_tickets_of(&self, contact: i64) {
        self.lookups
            .borrow_mut()
            .tickets
            .retain(|_, t| t.contact_id != Some(contact));
    }

    /// Stores one message, parsed by [`crate::mail::parse::parse`] from `raw`; nothing is ever
    /// skipped but an exact duplicate.
    #[allow(clippy::too_many_arguments)]
    pub fn store(
        &self,
        tx: &Connection,
        mb: &MailboxConfig,
        folder: &str,
        uid: Option<u32>,
        raw: &[u8],
        p: &Parsed,
        routed: Option<&rules::Outcome>,
        received: i64,
    ) -> crate::db::Result<Outcome> {
        let mailbox = mb.name.get_ref();
        let known = self.lookups.borrow().stored(mailbox, &p.hash);
        let dup = match known {
            Some(held) => held,
            None => tx
                .prepare_cached("SELECT id FROM raw_messages WHERE mailbox = ?1 AND hash = ?2")?
                .query_row(params![mailbox, p.hash], |r| r.get::<_, i64>(0))
                .optional()?
                .is_some(),
        };
        if dup {
            return Ok(Outcome::Duplicate);
        }
        // A server that gives no receipt time: fall back to now, never the Date header.
        let received = if received > 0 { received } else { self.now };
        let reserved = self.lookups.borrow_mut().raw_ids.pop_front();
        let raw_id = if let Some(id) = reserved {
            let mut st = tx.prepare_cached(
                "INSERT INTO raw_messages (id, mailbox, folder, uid, message_id, hash, received, data) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let values = params![
                id,
                mailbox,
                folder,
                uid,
                p.message_id,
                p.hash,
                received,
                raw
            ];
            if raw.len() < crate::store::STREAMED_BLOB {
                st.write(values)?;
            } else {
                // Not copied to wait for the next round trip.
                st.execute(values)?;
            }
            id
        } else if raw.len() < crate::store::STREAMED_BLOB || tx.is_postgres() {
            tx.prepare_cached(
                "INSERT INTO raw_messages (mailbox, folder, uid, message_id, hash, received, data) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            )?
            .query_row(
                params![mailbox, folder, uid, p.message_id, p.hash, received, raw],
                |r| r.get(0),
            )?
        } else {
            // Big mail is written in pieces, not copied whole by SQLite first.
            tx.prepare_cached(
                "INSERT INTO raw_messages (mailbox, folder, uid, message_id, hash, received, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, zeroblob(?7))",
            )?
            .execute(params![mailbox, folder, uid, p.message_id, p.hash, received, raw.len() as i64])?;
            let id = tx.last_insert_rowid();
            crate::store::fill_blob(tx, "raw_messages", id, raw)?;
            id
        };
        {
            let mut l = self.lookups.borrow_mut();
            if l.mailbox == *mailbox {
                l.hashes.insert(p.hash.clone());
                l.stored.insert(p.hash.clone());
            }
        }
        self.file(tx, mb, p, routed, raw_id, received)
    }

    /// Files a parsed, stored raw message onto a ticket.
    /// `routed` is what the rules decide for the message in the mailbox's queue,
    /// when the caller evaluated them already ([`route`]).
    pub fn file(
        &self,
        tx: &Connection,
        mb: &MailboxConfig,
        p: &Parsed,
        routed: Option<&rules::Outcome>,
        raw_id: i64,
        received: i64,
    ) -> crate::db::Result<Outcome> {
        let queue_name = mb.queue.get_ref().as_str();
        let automatic = p.automatic.is_some() || p.bounce_of.is_some();
        let from = p.from_addr.clone();
        let from_own = from.as_ref().is_some_and(|f| self.own.contains(f));
        let contact_id = match &from {
            Some(f) if !from_own => Some(self.contact(tx, f, p.from_name.as_deref())?),
            _ => None,
        };
        let found = self.thread(tx, p, queue_name)?;
        let mut new_ticket = false;
        let ticket: (Ticket, Option<String>) = match found {
            Some(id) => {
                // Filing changes it: taken out, and put back as filed when
                // nothing else wrote on it.
                let kept = self.lookups.borrow_mut().tickets.remove(&id);
                let t = match kept {
                    Some(t) => {
                        #[cfg(debug_assertions)]
                        {
                            let stored = tickets::load(tx, id)?;
                            debug_assert!(
                                stored == t,
                                "ticket {id} kept as {t:?}, stored as {stored:?}"
                            );
                        }
                        t
                    }
                    None => tickets::load(tx, id)?,
                };
                let reopen_days = self
                    .config
                    .queue(&t.queue)
                    .map_or(14, |q| i64::from(q.reopen_days));
                let too_old = t.status == Status::Closed
                    && t.closed_at
                        .is_some_and(|c| received - c > reopen_days * 86_400);
                if too_old && !automatic {
                    let old = t.id;
                    new_ticket = true;
                    self.new_ticket(tx, mb, p, routed, contact_id, received, Some(old))?
                } else {
                    (t, None)
                }
            }
            None => {
                new_ticket = true;
                self.new_ticket(tx, mb, p, routed, contact_id, received, None)?
            }
        };
        let (mut ticket, ack) = ticket;
        if !new_ticket && !automatic && ticket.automatic {
            // A person wrote on a ticket made from automatic mail: it is work
            // from now on, with its SLA counted from this message.
            tickets::set_automatic(tx, &mut ticket, false, received, ACTOR)?;
            if !ticket.deleted && ticket.assignee.is_none() {
                let mut pool = self.pool.borrow_mut();
                let pool = match pool.as_mut() {
                    Some(pool) => pool,
                    None => pool.insert(Pool::read(tx)?),
                };
                if let Some(op) = pool.choose(tx, self.config, &ticket, received)? {
                    tickets::set_assignee(
                        tx,
                        &mut ticket,
                        Some(&op),
                        received,
                        crate::distribute::ACTOR,
                    )?;
                }
            }
        }
        let before = counted(&ticket);
        let refs = p.references.join(" ");
        let new = NewInteraction {
            ticket_id: ticket.id,
            time: received,
            direction: "in",
            source: "email",
            operator: None,
            contact_id,
            subject: &p.subject,
            text: &p.text,
            attachments: p.attachments.len() as i64,
            email_state: None,
            message_id: Some(&p.message_id),
            in_reply_to: p.in_reply_to.first().map(String::as_str),
            refs: Some(&refs),
            from_addr: from.as_deref(),
            to_addrs: Some(&p.to.join(", ")),
            cc_addrs: Some(&p.cc.join(", ")),
            automatic,
            raw_id: Some(raw_id),
            parse_error: p.parse_error.as_deref(),
        };
        let reserved = self.lookups.borrow_mut().interaction_ids.pop_front();
        let iid = match reserved {
            Some(id) => {
                interactions::insert_unindexed_as(tx, id, &new)?;
                id
            }
            None => interactions::insert_unindexed(tx, &new)?,
        };
        {
            let mut l = self.lookups.borrow_mut();
            if let Some(known) = l.message_ids.get_mut(&p.message_id) {
                // Arriving mail: carried now, by one that came in.
                known.get_or_insert(false);
            }
            // The newest carrier may be this one, on this ticket.
            l.threads.remove(&p.message_id);
        }
        self.fts
            .borrow_mut()
            .push(iid, p.subject.clone(), p.text.clone());
        for a in &p.attachments {
            add_attachment(tx, iid, &a.name, &a.content_type, &a.data, &a.hash)?;
        }
        // Whether the ticket is kept, as filed, for the batch's next message on it.
        let mut keep = true;
        if new_ticket {
            // A new ticket's contact is the sender's, as stored.
            let key = from.as_deref().map(|f| f.trim().to_lowercase());
            match (contact_id, key) {
                (None, _) => {}
                (Some(id), Some(key)) => match self.lookups.borrow().contacts.get(&key) {
                    Some(Some((known, name))) if *known == id => {
                        ticket.contact = Some(key);
                        ticket.contact_name = name.clone();
                    }
                    _ => keep = false,
                },
                (Some(_), None) => keep = false,
            }
        }
        if let Some(returned) = &p.bounce_of {
            mark_bounced(tx, returned, raw_id, received)?;
            // It wrote on another ticket, perhaps this one.
            self.lookups.borrow_mut().tickets.clear();
            keep = false;
        }
        if !automatic {
            // The customer's Cc (not our own addresses) follow the ticket from now on.
            let contact = ticket.contact.as_deref().or(from.as_deref());
            let cc: Vec<String> =
                p.cc.iter()
                    .filter(|c| !self.own.contains(c) && Some(c.as_str()) != contact)
                    .filter(|c| Some(c.as_str()) != from.as_deref())
                    .cloned()
                    .collect();
            let added = crate::store::followers::add(tx, ticket.id, &cc, received)?;
            if !added.is_empty() {
                // Their order is the store's (time, then address).
                keep = false;
                event(
                    tx,
                    ticket.id,
                    received,
                    ACTOR,
                    "followers",
                    None,
                    Some(&added.join(", ")),
                )?;
            }
        }
        if !new_ticket {
            // A new ticket was stored with this time already.
            tx.prepare_cached("UPDATE tickets SET updated = max(updated, ?2) WHERE id = ?1")?
                .write(params![ticket.id, received])?;
            ticket.updated = ticket.updated.max(received);
        }

        if !new_ticket && !automatic {
            // A customer's answer: a rating, or a reason to work on the ticket again.
            let rating = if ticket.status == Status::Closed {
                ids::parse_rating(&p.text)
            } else {
                None
            };
            if let Some(r) = rating {
                tx.prepare_cached("UPDATE tickets SET rating = ?2 WHERE id = ?1")?
                    .write(params![ticket.id, i64::from(r)])?;
                ticket.rating = Some(i64::from(r));
                event(
                    tx,
                    ticket.id,
                    received,
                    ACTOR,
                    "rating",
                    None,
                    Some(&r.to_string()),
                )?;
            } else if matches!(ticket.status, Status::Waiting | Status::Closed) {
                let was_closed = ticket.status == Status::Closed;
                tickets::set_status(tx, &mut ticket, Status::Open, received, ACTOR)?;
                if was_closed {
                    event(tx, ticket.id, received, ACTOR, "reopened", None, None)?;
                }
            }
        }
        if !new_ticket {
            let outcome = match routed {
                Some(o) if &ticket.queue == mb.queue.get_ref() => o.clone(),
                _ => route(&self.rules, p, &ticket.queue),
            };
            routing::apply(self.config, tx, &mut ticket, &outcome, received, false)?;
        }
        if !new_ticket && let Some(pool) = self.pool.borrow_mut().as_mut() {
            // A reopened ticket, or one a rule handed over, moves a slot.
            let after = counted(&ticket);
            if before != after {
                pool.count(before.as_deref(), -1);
                pool.count(after.as_deref(), 1);
            }
        }
        {
            // This message is now the newest carrier of its Message-ID. A later
            // reply in the batch threads onto its ticket without asking, as the
            // lookup would (the mailbox's queue first, then the newest carrier)
            // while the ticket is in that queue; outside it, an older carrier
            // inside may win, so what points at the ticket is asked again.
            let mut l = self.lookups.borrow_mut();
            if &ticket.queue == mb.queue.get_ref() {
                if l.message_ids.contains_key(&p.message_id) {
                    l.threads.insert(p.message_id.clone(), (ticket.id, None));
                }
            } else {
                l.threads.retain(|_, (t, _)| *t != ticket.id);
            }
        }
        crate::sla::store::refresh_loaded(self.config, tx, &mut ticket, received)?;
        // The acknowledgement goes last, so its template sees the ticket with
        // its SLA targets; it is stamped with the moment it is queued.
        let mut auto_replied = false;
        if let Some(tpl) = ack
            && let Some(to) = from.as_deref()
            && !from_own
            && self.may_auto_reply(&ticket.queue, received)
        {
            let t = tickets::load(tx, ticket.id)?;
            auto_replied =
                crate::outbox::queue_auto_reply(self.config, tx, &t, &tpl, to, self.now)?;
            keep &= !auto_replied;
        }
        let number = ticket.number_str();
        if keep {
            self.lookups.borrow_mut().tickets.insert(ticket.id, ticket);
        }
        Ok(Outcome::Stored {
            ticket: number,
            new_ticket,
            automatic,
            parse_error: p.parse_error.clone(),
            auto_replied,
        })
    }

    /// Makes the ticket of a message that starts a conversation. Rules and
    /// distribution decide on it before it is stored, so it is inserted with
    /// their fields and only their events are written after it. Returns it
    /// with the template it is to be acknowledged with, if any.
    #[allow(clippy::too_many_arguments)]
    fn new_ticket(
        &self,
        tx: &Connection,
        mb: &MailboxConfig,
        p: &Parsed,
        routed: Option<&rules::Outcome>,
        contact_id: Option<i64>,
        received: i64,
        linked_to: Option<i64>,
    ) -> crate::db::Result<(Ticket, Option<String>)> {
        let queue_name = mb.queue.get_ref().as_str();
        let prefix = self
            .config
            .queue(queue_name)
            .map_or("REQ", |q| q.prefix.get_ref().as_str());
        let subject = if p.subject.trim().is_empty() {
            "(no subject)"
        } else {
            p.subject.as_str()
        };
        let automatic = p.automatic.is_some() || p.bounce_of.is_some();
        let mut draft = Ticket {
            id: 0,
            prefix: prefix.to_string(),
            number: 0,
            queue: queue_name.to_string(),
            category: mb.category.as_ref().map(|c| c.get_ref().clone()),
            status: Status::Queued,
            priority: Priority::Normal,
            assignee: None,
            contact_id,
            contact: None,
            contact_name: None,
            subject: subject.to_string(),
            source: "email".to_string(),
            created: received,
            updated: received,
            closed_at: None,
            first_response_at: None,
            first_response_due: None,
            resolution_due: None,
            breached: false,
            rating: None,
            deleted: false,
            merged_into: None,
            linked_to,
            tags: Vec::new(),
            automatic,
            time_spent: 0,
            due: None,
            followers: Vec::new(),
        };
        let computed;
        let outcome = match routed {
            Some(o) => o,
            None => {
                computed = route(&self.rules, p, &draft.queue);
                &computed
            }
        };
        let mut changes = routing::plan(self.config, &mut draft, outcome, received);
        // A ticket a rule deleted (spam) is neither distributed nor acknowledged.
        if !automatic && !draft.deleted {
            let mut pool = self.pool.borrow_mut();
            let pool = match pool.as_mut() {
                Some(pool) => pool,
                None => pool.insert(Pool::read(tx)?),
            };
            if let Some(op) = pool.choose(tx, self.config, &draft, received)? {
                changes.push(routing::Change {
                    actor: crate::distribute::ACTOR.to_string(),
                    kind: "assignee",
                    old: None,
                    new: Some(op.clone()),
                });
                draft.assignee = Some(op);
            }
        }
        let chosen = draft.assignee.is_some()
            && changes
                .last()
                .is_some_and(|c| c.kind == "assignee" && c.actor == crate::distribute::ACTOR);
        let new = NewTicket {
            queue: &draft.queue,
            prefix,
            subject,
            contact_id,
            category: draft.category.as_deref(),
            priority: draft.priority,
            status: draft.status,
            assignee: draft.assignee.as_deref(),
            deleted: draft.deleted,
            source: "email",
            time: received,
            actor: ACTOR,
            linked_to,
            automatic,
        };
        let (reserved, last, unsaved) = {
            let mut l = self.lookups.borrow_mut();
            (l.ticket_ids.pop_front(), l.last_number, l.number_unsaved)
        };
        // With ids reserved (PostgreSQL), numbers count on in memory and the
        // counter is written once, at the commit: each UPDATE of its one row
        // would leave another version behind for the next to step over.
        let (id, number, unsaved) = match (reserved, last) {
            (Some(id), Some(last)) => {
                tickets::create_as(tx, &new, id, last + 1)?;
                (id, last + 1, true)
            }
            (Some(id), None) => {
                let number = tickets::next_number(tx)?;
                tickets::create_as(tx, &new, id, number)?;
                (id, number, false)
            }
            (None, _) => {
                if let (Some(last), true) = (last, unsaved) {
                    tickets::save_number(tx, last)?;
                }
                let (id, number) = tickets::create(tx, &new)?;
                (id, number, false)
            }
        };
        {
            let mut l = self.lookups.borrow_mut();
            l.last_number = Some(number);
            l.number_unsaved = unsaved;
        }
        routing::write_events(tx, id, &changes, received)?;
        draft.id = id;
        draft.number = number;
        if !chosen && let Some(pool) = self.pool.borrow_mut().as_mut() {
            // Assigned by a rule: the slot is taken all the same.
            pool.count(counted(&draft).as_deref(), 1);
        }
        let ack = if !automatic && !draft.deleted {
            routing::ack(outcome, true).or_else(|| {
                self.config
                    .queue(&draft.queue)
                    .and_then(|q| q.ack_template.as_ref().map(|x| x.get_ref().clone()))
            })
        } else {
            None
        };
        Ok((draft, ack))
    }

    /// Finds the ticket a message belongs to, if any.
    fn thread(&self, tx: &Connection, p: &Parsed, queue: &str) -> crate::db::Result<Option<i64>> {
        let mut candidates: Vec<&str> = Vec::new();
        if let Some(b) = &p.bounce_of {
            candidates.push(b);
        }
        for id in p.in_reply_to.iter().chain(p.references.iter().rev()) {
            candidates.push(id);
        }
        // 1. Our own Message-IDs name their ticket; only IDs we really sent count,
        // so a forged In-Reply-To cannot drop mail into any ticket.
        for id in &candidates {
            let bare = id.trim_matches(['<', '>']);
            if let Some(known) = self.lookups.borrow().message_ids.get(bare)
                && *known != Some(true)
            {
                continue;
            }
            let ours: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM interactions WHERE message_id = ?1 AND direction = 'out')",
                )?
                .query_row([id.trim_matches(['<', '>'])], |r| r.get(0))?;
            if !ours {
                continue;
            }
            if let Some(num) = ids::ticket_from_message_id(id)
                && let Some((prefix, n)) = num.rsplit_once('-')
                && let Ok(n) = n.parse::<i64>()
                && let Some(tid) = tickets::by_number(tx, prefix, n)?
            {
                return Ok(Some(tickets::follow_merges(tx, tid)?));
            }
        }
        // 2. Any stored Message-ID; prefer this queue's ticket when the same mail
        // went to several queues.
        for id in &candidates {
            if let Some(None) = self.lookups.borrow().message_ids.get(*id) {
                continue;
            }
            let known = self.lookups.borrow().threads.get(*id).copied();
            if let Some((tid, merged_into)) = known {
                return Ok(Some(match merged_into {
                    None => tid,
                    Some(into) => tickets::follow_merges(tx, into)?,
                }));
            }
            // With the ticket's merge, which is followed only when there is one.
            let found: Option<(i64, Option<i64>)> = tx
                .prepare_cached(
                    "SELECT i.ticket_id, t.merged_into FROM interactions i JOIN tickets t ON t.id = i.ticket_id \
                     WHERE i.message_id = ?1 ORDER BY (t.queue = ?2) DESC, i.id DESC LIMIT 1",
                )?
                .query_row(params![id, queue], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((tid, merged_into)) = found {
                return Ok(Some(match merged_into {
                    None => tid,
                    Some(into) => tickets::follow_merges(tx, into)?,
                }));
            }
        }
        // 3. The ticket number in the subject, only from the ticket's contact or a cc.
        if let Some((prefix, n)) = ids::ticket_tag_in_subject(&p.subject)
            && let Some(tid) = tickets::by_number(tx, &prefix, n as i64)?
            && let Some(from) = &p.from_addr
        {
            // The contact of the ticket named, or of the ticket it was merged into.
            let named = tickets::load(tx, tid)?;
            let tid = tickets::follow_merges(tx, tid)?;
            let t = tickets::load(tx, tid)?;
            let from_l = from.to_lowercase();
            let is_contact = [&named, &t].iter().any(|t| {
                t.contact
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&from_l))
            });
            // Whole addresses only: `tra@acme.cz` is not `petra@acme.cz`.
            let mut was_cc = false;
            let mut st = tx.prepare_cached(
                "SELECT coalesce(to_addrs, '') || ',' || coalesce(cc_addrs, '') FROM interactions WHERE ticket_id = ?1",
            )?;
            for list in st.query_map([tid], |r| r.get::<_, String>(0))? {
                if address_listed(&list?, &from_l) {
                    was_cc = true;
                    break;
                }
            }
            if is_contact || was_cc {
                return Ok(Some(tid));
            }
        }
        Ok(None)
    }
}

/// Marks our outgoing mail that a bounce returned as `bounced`, with the
/// reason, so it is never sent again, and records it on its ticket.
fn mark_bounced(
    tx: &Connection,
    message_id: &str,
    raw_id: i64,
    time: i64,
) -> crate::db::Result<()> {
    let ours: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, ticket_id FROM interactions WHERE message_id = ?1 AND direction = 'out' \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([message_id.trim_matches(['<', '>'])], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((iid, ticket_id)) = ours else {
        return Ok(());
    };
    let raw: Vec<u8> = tx
        .prepare_cached("SELECT data FROM raw_messages WHERE id = ?1")?
        .query_row([raw_id], |r| r.get(0))?;
    let reason = crate::mail::parse::bounce_reason(&raw);
    tx.prepare_cached("UPDATE interactions SET email_state = 'bounced' WHERE id = ?1")?
        .execute([iid])?;
    tx.prepare_cached(
        "UPDATE outbox SET state = 'bounced', last_error = ?2 WHERE interaction_id = ?1",
    )?
    .execute(params![iid, reason])?;
    event(tx, ticket_id, time, ACTOR, "bounced", None, Some(&reason))
}

/// The operator whose load a ticket counts toward, if any.
fn counted(t: &Ticket) -> Option<String> {
    let active = matches!(t.status, Status::Queued | Status::Open) && !t.deleted;
    t.assignee
        .clone()
        .filter(|_| active && t.merged_into.is_none())
}

/// Whether `addr` is one of the addresses in a comma-separated list of
/// `addr` or `Name <addr>` entries.
fn address_listed(list: &str, addr: &str) -> bool {
    list.split(',').any(|part| {
        let part = part.trim();
        let bare = match (part.rfind('<'), part.rfind('>')) {
            (Some(i), Some(j)) if i < j => &part[i + 1..j],
            _ => part,
        };
        bare.trim().eq_ignore_ascii_case(addr)
    })
}

/// What the routing rules decide for a message in a queue. Pure, so a sync
/// evaluates it on the thread that parses, beside the one that stores.
pub fn route(rules: &[Rule], p: &Parsed, queue: &str) -> rules::Outcome {
    rules::outcome(rules, &rules_input(p, queue))
}

/// What the rules see of a parsed message arriving in a queue.
pub fn rules_input<'a>(p: &'a Parsed, queue: &'a str) -> rules::Input<'a> {
    rules::Input {
        from: p.from_addr.as_deref().unwrap_or(""),
        from_name: p.from_name.as_deref().unwrap_or(""),
        to: &p.to,
        cc: &p.cc,
        subject: &p.subject,
        body: &p.text,
        headers: &p.headers,
        source: "email",
        queue,
        automatic: p.automatic.is_some() || p.bounce_of.is_some(),
    }
}
