//! Built-in views: named queries every installation has.

/// The built-in views with their queries, in the order `hd views` lists them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("mine", "assignee:me -status:closed automatic:no"),
    ("unassigned", "assignee:none -status:closed automatic:no"),
    ("open", "status:queued,open automatic:no"),
    ("waiting", "status:waiting"),
    ("overdue", "overdue:yes -status:closed automatic:no"),
    ("automatic", "automatic:yes"),
    ("all", ""),
];

/// The query of a built-in view.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
}

/// Columns a ticket listing (`hd list`, a view's `columns`) can show.
pub const COLUMNS: &[&str] = &[
    "number",
    "id",
    "subject",
    "status",
    "priority",
    "queue",
    "category",
    "assignee",
    "contact",
    "tags",
    "created",
    "updated",
    "first_response_due",
    "resolution_due",
    "breached",
    "rating",
    "deleted",
    "time_spent",
    "due",
];
