//! The filter language: a query parses or is refused, and what parses compiles to SQL
//! whose placeholders match its parameters.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = hd::filter::parse_sort(text);
    let Ok(q) = hd::filter::parse(text) else {
        return;
    };
    let time = hd::timeexpr::TimeCtx {
        now: chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(),
        tz: chrono_tz::Europe::Prague,
    };
    for (me, postgres) in [(None, false), (Some("jana"), false), (Some("jana"), true)] {
        let ctx = hd::filter::SqlCtx { me, time: &time, postgres };
        if let Ok((sql, params)) = hd::filter::to_sql(&q, &ctx) {
            assert_eq!(
                sql.matches('?').count(),
                params.len(),
                "placeholders and parameters differ for {text:?}: {sql}"
            );
            if postgres {
                // Every placeholder is numbered once rewritten for PostgreSQL.
                let pg = hd::db::translate::to_postgres(&sql);
                assert!(!pg.contains('?'), "a placeholder left in {pg}");
            }
        }
    }
});
