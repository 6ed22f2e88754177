//! Built-in views: named queries every installation has.

/// The built-in views with their queries, in the order `hd views` lists them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("mine", "assignee:me -status:closed"),
    ("unassigned", "assignee:none -status:closed"),
    ("open", "status:queued,open"),
    ("waiting", "status:waiting"),
    ("overdue", "overdue:yes -status:closed"),
    ("all", ""),
];

/// The query of a built-in view.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
}
