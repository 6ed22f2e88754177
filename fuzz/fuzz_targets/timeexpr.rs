//! Time expressions: parse, then resolve against clocks in zones with DST gaps.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let nows = [
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(),
        // The night Prague's clocks go forward.
        chrono::Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap(),
    ];
    for tz in [chrono_tz::Europe::Prague, chrono_tz::America::St_Johns, chrono_tz::UTC] {
        for now in nows {
            let ctx = hd::timeexpr::TimeCtx { now, tz };
            if let Ok(e) = hd::timeexpr::TimeExpr::parse(text) {
                let (start, end) = (e.start(&ctx), e.end(&ctx));
                assert!(start <= end, "{text:?}: {start} after {end}");
            }
            let _ = hd::timeexpr::parse_point(text, &ctx);
            let _ = hd::timeexpr::parse_range_end(text, &ctx);
        }
    }
});
