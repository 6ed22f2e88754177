//! The outbox: every outgoing mail is stored first (`waiting`), then sent, then
//! marked `sent` or `failed` with the server's answer. A message is claimed
//! (`sending`) in its own commit before it is handed to SMTP, so a crash can
//! never cause a second automatic send: a claim found after a crash is marked
//! failed with "delivery unknown", and only an explicit `hd outbox --retry`
//! sends it again.

use std::collections::BTreeMap;

use crate::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, TimeZone};
use serde_json::{Value, json};

use crate::config::{Config, TlsMode, read_secret};
use crate::env::Env;
use crate::error::{HdError, auth, failure, tempfail, usage};
use crate::mail::compose::{self, Attachment, Mailbox, Outgoing};
use crate::mail::ids;
use crate::mail::smtp;
use crate::output::fmt_time;
use crate::store::interactions::{self, NewInteraction};
use crate::store::tickets::Ticket;
use crate::store::{Store, add_attachment, event};
use crate::templates::{TemplateConfig, Templates};

/// Automatic retries stop after this many attempts; `hd outbox --retry` still tries.
const MAX_AUTO_ATTEMPTS: i64 = 8;

/// Loads every template of the config, checked.
pub fn load_templates(config: &Config) -> Result<Templates, HdError> {
    let mut map = BTreeMap::new();
    for (name, (line, table)) in &config.templates {
        let t: TemplateConfig =
            toml::Value::Table(table.clone())
                .try_into()
                .map_err(|e: toml::de::Error| {
                    usage(format!(
                        "{}: template.{name}: {}",
                        config.at(*line),
                        e.message().trim()
                    ))
                })?;
        map.insert(name.clone(), t);
    }
    for op in &config.operators {
        if let Some(sig) = &op.signature
            && let Err(e) = crate::templates::check_text(sig.get_ref())
        {
            return Err(usage(format!(
                "{}: operator {}: signature: {e}",
                config.at(config.line_at(sig.span().start)),
                op.name.get_ref()
            )));
        }
    }
    Templates::load(&map, config.templates_dir.as_deref())
        .map_err(|e| usage(format!("templates: {e}")))
}

/// An operator's signature, rendered with the reply's variables; `None` without one.
pub fn signature(
    config: &Config,
    operator: Option<&str>,
    vars: &Value,
) -> Result<Option<String>, HdError> {
    let Some(op) = operator.and_then(|o| config.operator(o)) else {
        return Ok(None);
    };
    let Some(sig) = &op.signature else {
        return Ok(None);
    };
    let text = crate::templates::render_text(
        &format!("signature of {}", op.name.get_ref()),
        sig.get_ref(),
        vars,
    )
    .map_err(|e| usage(e.to_string()))?;
    Ok(Some(text.trim_end().to_string()).filter(|t| !t.is_empty()))
}

/// The variables templates see.
pub fn template_context(
    config: &Config,
    conn: &Connection,
    t: &Ticket,
    operator: Option<&str>,
    now: i64,
) -> crate::db::Result<Value> {
    let tz = config.timezone;
    // Dates read as a person writes them, in the configured zone; the
    // `datetime` filter formats them otherwise.
    let local = |x: i64| match tz.timestamp_opt(x, 0).single() {
        Some(d) => d.format(crate::templates::DATE_FORMAT).to_string(),
        None => fmt_time(tz, x),
    };
    let time = |v: Option<i64>| v.map(local);
    let queue = config.queue(&t.queue);
    let op = operator.and_then(|o| config.operator(o));
    let last: Option<String> = conn
        .prepare_cached(
            "SELECT text FROM interactions WHERE ticket_id = ?1 AND direction = 'in' AND deleted = 0 \
             ORDER BY time DESC, id DESC LIMIT 1",
        )?
        .query_row([t.id], |r| r.get(0))
        .optional()?;
    let company = t
        .contact
        .as_deref()
        .and_then(|c| c.rsplit_once('@').map(|(_, d)| d.to_string()));
    Ok(json!({
        "ticket": {
            "number": t.number_str(),
            "id": t.number,
            "subject": t.subject,
            "status": t.status.as_str(),
            "priority": t.priority.as_str(),
            "category": t.category,
            "queue": t.queue,
            "created": local(t.created),
            "first_response_due": time(t.first_response_due),
            "resolution_due": time(t.resolution_due),
        },
        "contact": {
            "name": t.contact_name.clone().unwrap_or_default(),
            "email": t.contact.clone().unwrap_or_default(),
            "company": company.unwrap_or_default(),
        },
        "operator": {
            "name": operator.unwrap_or(""),
            "display_name": op
                .and_then(|o| o.display_name.clone())
                .unwrap_or_else(|| operator.unwrap_or("").to_string()),
            "email": op.and_then(|o| o.email.clone()).unwrap_or_default(),
        },
        "queue": {
            "name": t.queue,
            "address": queue.map(|q| q.address.clone()).unwrap_or_default(),
        },
        "now": local(now),
        "last_message": last.unwrap_or_default(),
    }))
}

/// A message to queue.
pub struct Draft {
    /// Recipients.
    pub to: Vec<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// Subject before the ticket tag is added.
    pub subject: String,
    /// Text body.
    pub body: String,
    /// Files to attach.
    pub attachments: Vec<Attachment>,
    /// An auto-reply or rating request: carries Auto-Submitted, never a first response.
    pub automatic: bool,
    /// The operator sending it.
    pub operator: Option<String>,
}

/// Builds and stores an outgoing message as `waiting`; returns (interaction id, raw bytes).
pub fn queue_message(
    config: &Config,
    tx: &Connection,
    t: &Ticket,
    d: &Draft,
    now: i64,
) -> Result<(i64, Vec<u8>), anyhow::Error> {
    let queue = config
        .queue(&t.queue)
        .ok_or_else(|| usage(format!("queue \"{}\" is not configured", t.queue)))?;
    let number = t.number_str();
    let domain = queue
        .address
        .rsplit_once('@')
        .map_or("hd.invalid", |(_, d)| d);
    let unique = format!("{now:x}.{:x}", rand_u64());
    let message_id = ids::outgoing_message_id(&number, &unique, domain);
    // Thread on the customer's last message and its chain; a parent without
    // References contributes its In-Reply-To (RFC 5322 3.6.4).
    let last: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT message_id, coalesce(nullif(trim(refs), ''), in_reply_to) FROM interactions \
             WHERE ticket_id = ?1 AND direction = 'in' \
             AND message_id IS NOT NULL ORDER BY time DESC, id DESC LIMIT 1",
        )?
        .query_row([t.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (in_reply_to, references) = match &last {
        Some((Some(mid), refs)) => {
            let mut r: Vec<String> = refs
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(|x| format!("<{}>", x.trim_matches(['<', '>'])))
                .collect();
            let m = format!("<{}>", mid.trim_matches(['<', '>']));
            r.push(m.clone());
            (Some(m), r)
        }
        _ => (None, Vec::new()),
    };
    let subject = ids::reply_subject(&d.subject, &number);
    let date = DateTime::from_timestamp(now, 0).unwrap_or_default();
    let raw = compose::build(&Outgoing {
        from: Mailbox {
            name: queue.from_name.clone(),
            addr: queue.address.clone(),
        },
        to: d.to.clone(),
        cc: d.cc.clone(),
        subject: &subject,
        body: &d.body,
        message_id: &message_id,
        in_reply_to: in_reply_to.as_deref(),
        references: &references,
        auto_submitted: d.automatic,
        attachments: d.attachments.clone(),
        date,
    })
    .map_err(|e| usage(e.to_string()))?;
    let contact_id = t.contact_id;
    let mid_bare = message_id.trim_matches(['<', '>']).to_string();
    let iid = interactions::insert(
        tx,
        &NewInteraction {
            ticket_id: t.id,
            time: now,
            direction: "out",
            source: "email",
            operator: d.operator.as_deref(),
            contact_id,
            subject: &subject,
            text: &d.body,
            attachments: d.attachments.len() as i64,
            email_state: Some("waiting"),
            message_id: Some(&mid_bare),
            in_reply_to: in_reply_to.as_deref(),
            refs: Some(&references.join(" ")),
            from_addr: Some(&queue.address),
            to_addrs: Some(&d.to.join(", ")),
            cc_addrs: Some(&d.cc.join(", ")),
            automatic: d.automatic,
            ..Default::default()
        },
    )?;
    for a in &d.attachments {
        add_attachment(
            tx,
            iid,
            &a.filename,
            &a.content_type,
            &a.data,
            &crate::mail::content_hash(&a.data),
        )?;
    }
    // The envelope takes bare addresses; a Cc may carry a display name.
    let mut rcpt = d.to.clone();
    rcpt.extend(
        d.cc.iter().map(|c| {
            crate::mail::compose::recipient_address("Cc", c).unwrap_or_else(|_| c.clone())
        }),
    );
    tx.prepare_cached(
        "INSERT INTO outbox (interaction_id, ticket_id, to_addr, subject, message_id, raw, state, automatic, created) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'waiting', ?7, ?8)",
    )?
    .execute(params![iid, t.id, rcpt.join(", "), subject, mid_bare, raw, d.automatic as i64, now])?;
    tx.prepare_cached("UPDATE tickets SET updated = max(updated, ?2) WHERE id = ?1")?
        .execute(params![t.id, now])?;
    if !d.automatic && t.first_response_at.is_none() {
        tx.prepare_cached(
            "UPDATE tickets SET first_response_at = ?2 WHERE id = ?1 AND first_response_at IS NULL",
        )?
        .execute(params![t.id, now])?;
        event(
            tx,
            t.id,
            now,
            d.operator.as_deref().unwrap_or("hd"),
            "first_response",
            None,
            None,
        )?;
    }
    Ok((iid, raw))
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// Queues a templated auto-reply at `time` (the moment it is queued), unless
/// the contact had `ack_limit_per_hour` in the hour before; returns whether it
/// was queued.
pub fn queue_auto_reply(
    config: &Config,
    tx: &Connection,
    t: &Ticket,
    template: &str,
    to: &str,
    time: i64,
) -> crate::db::Result<bool> {
    let limit = config
        .queue(&t.queue)
        .map_or(3, |q| i64::from(q.ack_limit_per_hour));
    let recent: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM outbox WHERE automatic = 1 AND to_addr = ?1 AND created > ?2",
        )?
        .query_row(params![to, time - 3600], |r| r.get(0))?;
    if recent >= limit {
        event(
            tx,
            t.id,
            time,
            "sync",
            "auto_reply_skipped",
            None,
            Some(&format!("rate limit for {to}")),
        )?;
        return Ok(false);
    }
    let outcome = (|| -> anyhow::Result<()> {
        let templates = load_templates(config)?;
        let ctx = template_context(config, tx, t, None, time)?;
        let r = templates.render(template, &ctx)?;
        let subject = r.subject.unwrap_or_else(|| format!("Re: {}", t.subject));
        queue_message(
            config,
            tx,
            t,
            &Draft {
                to: vec![to.to_string()],
                cc: Vec::new(),
                subject,
                body: r.body,
                attachments: Vec::new(),
                automatic: true,
                operator: None,
            },
            time,
        )?;
        Ok(())
    })();
    match outcome {
        Ok(()) => {
            event(tx, t.id, time, "sync", "auto_reply", None, Some(template))?;
            Ok(true)
        }
        // A broken template must not stop mail from being stored: note it on the ticket.
        Err(e) => {
            event(
                tx,
                t.id,
                time,
                "sync",
                "auto_reply_failed",
                None,
                Some(&format!("{template}: {e}")),
            )?;
            Ok(false)
        }
    }
}

/// What closing a ticket did about the rating request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csat {
    /// The queue asks for none, or the ticket has no contact.
    NotAsked,
    /// Queued.
    Queued,
    /// Not sent: no operator ever replied, so there is nothing to rate.
    NoReply,
}

/// Queues the queue's rating request for a closed ticket an operator replied to.
pub fn queue_csat(env: &impl Env, tx: &Connection, t: &Ticket) -> anyhow::Result<Csat> {
    let Some(tpl) = env
        .config()
        .queue(&t.queue)
        .and_then(|q| q.csat_template.as_ref().map(|x| x.get_ref().clone()))
    else {
        return Ok(Csat::NotAsked);
    };
    let Some(to) = t.contact.clone() else {
        return Ok(Csat::NotAsked);
    };
    if !interactions::operator_replied(tx, t.id)? {
        return Ok(Csat::NoReply);
    }
    let templates = load_templates(env.config())?;
    let vars = template_context(env.config(), tx, t, env.me(), env.now_ts())?;
    let r = templates.render(&tpl, &vars)?;
    queue_message(
        env.config(),
        tx,
        t,
        &Draft {
            to: vec![to],
            cc: Vec::new(),
            subject: r.subject.unwrap_or_else(|| t.subject.clone()),
            body: r.body,
            attachments: Vec::new(),
            automatic: true,
            operator: env.me().map(str::to_string),
        },
        env.now_ts(),
    )?;
    event(
        tx,
        t.id,
        env.now_ts(),
        env.actor(),
        "csat_sent",
        None,
        Some(&tpl),
    )?;
    Ok(Csat::Queued)
}

/// The SMTP settings of the config, with the password resolved (a `password_command`
/// runs now) and everything checked that can be checked without the server.
pub fn smtp_settings(config: &Config) -> Result<smtp::SmtpSettings, HdError> {
    let s = config.smtp.as_ref().ok_or_else(|| {
        usage("no [smtp] server is configured").hint("add an [smtp] table to the config")
    })?;
    let password = read_secret(&s.secret, "smtp")?;
    let settings = smtp::SmtpSettings {
        host: s.host.clone(),
        port: s.port.unwrap_or(match s.tls {
            TlsMode::Tls => 465,
            TlsMode::Starttls => 587,
            TlsMode::None => 25,
        }),
        tls: match s.tls {
            TlsMode::Tls => smtp::TlsMode::Tls,
            TlsMode::Starttls => smtp::TlsMode::StartTls,
            TlsMode::None => smtp::TlsMode::None,
        },
        ca_file: s.ca_file.clone(),
        user: s.user.clone(),
        password,
        timeout: std::time::Duration::from_secs(s.timeout.unwrap_or(30)),
    };
    smtp::Sender::check(&settings).map_err(|e| classify(&e))?;
    Ok(settings)
}

/// What a send round did.
#[derive(Debug, Default)]
pub struct SendReport {
    /// Messages delivered.
    pub sent: usize,
    /// Messages that failed this round.
    pub failed: usize,
}

/// How long a claim (`sending`) may stand before it counts as left by a crash.
/// Sending one message takes at most a few SMTP timeouts; a claim this old is
/// no longer being worked on, and only then may another process recover it.
const CLAIM_STALE_SECS: i64 = 15 * 60;

/// A name for this process's claims, unique enough that two processes never share it.
fn claim_owner() -> String {
    format!("pid {} {:08x}", std::process::id(), rand_u64() as u32)
}

/// Sends waiting mail (and failed mail whose backoff has passed; all of it with `force`).
/// The returned error carries the exit code of the worst failure (4 auth, 75 temporary).
pub fn send_due(env: &impl Env, store: &mut Store, force: bool) -> anyhow::Result<SendReport> {
    send_due_with(env, store, force, None)
}

/// [`send_due`] with settings already resolved by the caller (so a `password_command`
/// runs once); `None` resolves them when something is due.
pub fn send_due_with(
    env: &impl Env,
    store: &mut Store,
    force: bool,
    settings: Option<smtp::SmtpSettings>,
) -> anyhow::Result<SendReport> {
    let now = env.now_ts();
    // Claims left by a crash: delivery unknown, so no automatic resend. A claim
    // younger than CLAIM_STALE_SECS belongs to a process that may be sending it
    // right now, and is left alone.
    store.conn.execute(
        "UPDATE outbox SET state = 'failed', last_error = 'interrupted while sending; delivery unknown (hd outbox --retry sends it again)', \
         attempts = max(attempts, ?1), claimed_by = NULL, claimed_at = NULL \
         WHERE state = 'sending' AND (claimed_at IS NULL OR claimed_at <= ?2)",
        params![MAX_AUTO_ATTEMPTS, now - CLAIM_STALE_SECS],
    )?;
    store.conn.execute(
        "UPDATE interactions SET email_state = 'failed' WHERE id IN (SELECT interaction_id FROM outbox WHERE state = 'failed') AND email_state = 'waiting'",
        [],
    )?;
    // The condition a row must meet to be sent now; checked again in the claim,
    // since another process may have sent or failed it since this selection.
    const DUE: &str = "(state = 'waiting' OR (state = 'failed' AND (?1 OR (next_attempt <= ?2 AND attempts < ?3))))";
    let due: Vec<(i64, i64, String, Vec<u8>)> = {
        let mut st = store.conn.prepare(&format!(
            "SELECT id, interaction_id, to_addr, raw FROM outbox WHERE {DUE} ORDER BY id"
        ))?;
        st.query_map(params![force, now, MAX_AUTO_ATTEMPTS], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?
    };
    let mut report = SendReport::default();
    if due.is_empty() {
        return Ok(report);
    }
    let settings = match settings {
        Some(s) => Ok(s),
        None => smtp_settings(env.config()),
    };
    let sender = settings.and_then(|s| smtp::Sender::new(&s).map_err(|e| classify(&e)));
    let sender = match sender {
        Ok(s) => s,
        Err(e) => {
            // No session, so nothing was handed over: every due message failed this
            // round, with the reason kept and a backoff before the next try. A row
            // another process claimed meanwhile is not touched.
            let tx = store.write()?;
            for (id, iid, _, _) in &due {
                let attempts: Option<i64> = tx
                    .query_row(
                        &format!(
                            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?4 \
                             WHERE id = ?5 AND {DUE} RETURNING attempts"
                        ),
                        params![force, now, MAX_AUTO_ATTEMPTS, e.msg, id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(attempts) = attempts {
                    tx.execute(
                        "UPDATE outbox SET next_attempt = ?2 WHERE id = ?1",
                        params![id, now + backoff_secs(attempts)],
                    )?;
                    tx.execute(
                        "UPDATE interactions SET email_state = 'failed' WHERE id = ?1",
                        [iid],
                    )?;
                }
            }
            tx.commit()?;
            return Err(e.into());
        }
    };
    let from: String = env
        .config()
        .queues
        .first()
        .map(|q| q.address.clone())
        .unwrap_or_default();
    let owner = claim_owner();
    let mut worst: Option<HdError> = None;
    for (id, iid, to, raw) in due {
        let claimed = store.conn.execute(
            &format!(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?4, claimed_at = ?2 \
                 WHERE id = ?5 AND {DUE}"
            ),
            params![force, now, MAX_AUTO_ATTEMPTS, owner, id],
        )?;
        if claimed == 0 {
            continue;
        }
        let rcpt: Vec<String> = to
            .split(", ")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let envelope_from = envelope_from(&store.conn, id).unwrap_or_else(|| from.clone());
        match sender.send(&envelope_from, &rcpt, &raw) {
            Ok(_answer) => {
                // Delivered is recorded whoever holds the claim now: it is the truth.
                let tx = store.write()?;
                tx.execute(
                    "UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = NULL, \
                     claimed_by = NULL, claimed_at = NULL WHERE id = ?1",
                    params![id, now],
                )?;
                tx.execute(
                    "UPDATE interactions SET email_state = 'sent' WHERE id = ?1",
                    [iid],
                )?;
                tx.commit()?;
                report.sent += 1;
            }
            Err(e) => {
                let err = classify(&e);
                let tx = store.write()?;
                let attempts: Option<i64> = tx
                    .query_row(
                        "SELECT attempts FROM outbox WHERE id = ?1 AND claimed_by = ?2",
                        params![id, owner],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(attempts) = attempts {
                    tx.execute(
                        "UPDATE outbox SET state = 'failed', last_error = ?2, next_attempt = ?3, \
                         claimed_by = NULL, claimed_at = NULL WHERE id = ?1",
                        params![id, e.message(), now + backoff_secs(attempts)],
                    )?;
                    tx.execute(
                        "UPDATE interactions SET email_state = 'failed' WHERE id = ?1",
                        [iid],
                    )?;
                }
                tx.commit()?;
                report.failed += 1;
                let stop = matches!(e, smtp::SmtpError::Auth(_) | smtp::SmtpError::Temporary(_));
                worst = Some(match worst {
                    Some(w) if w.exit != err.exit => {
                        failure("several messages failed in different ways")
                    }
                    _ => err,
                });
                if stop {
                    // The server is down or refuses us: the rest would fail the same way.
                    break;
                }
            }
        }
    }
    match worst {
        Some(w) => Err(w.into()),
        None => Ok(report),
    }
}

/// The state of the outbox row of an outgoing interaction (`waiting`, `sent`, ...).
pub fn state_of(conn: &Connection, interaction_id: i64) -> crate::db::Result<Option<String>> {
    conn.query_row(
        "SELECT state FROM outbox WHERE interaction_id = ?1",
        [interaction_id],
        |r| r.get(0),
    )
    .optional()
}

/// Seconds to wait before the next automatic attempt: doubling from two minutes, at most six hours.
fn backoff_secs(attempts: i64) -> i64 {
    (60i64 << attempts.clamp(0, 8)).min(6 * 3600)
}

fn envelope_from(conn: &Connection, outbox_id: i64) -> Option<String> {
    conn.query_row(
        "SELECT i.from_addr FROM outbox o JOIN interactions i ON i.id = o.interaction_id WHERE o.id = ?1",
        [outbox_id],
        |r| r.get(0),
    )
    .ok()
    .flatten()
}

fn classify(e: &smtp::SmtpError) -> HdError {
    match e {
        smtp::SmtpError::Auth(m) => auth(format!("SMTP server refused the login: {m}")),
        smtp::SmtpError::Temporary(m) => tempfail(format!("SMTP server unavailable: {m}")).hint(
            "the message is safe in the outbox; `hd outbox --retry` or the next `hd sync` sends it",
        ),
        smtp::SmtpError::Permanent(m) => failure(format!("SMTP server rejected the message: {m}")),
        smtp::SmtpError::Config(m) => usage(format!("SMTP settings: {m}")),
    }
}
