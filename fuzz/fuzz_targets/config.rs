//! The config loader: any text loads or is a one-line error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = hd::config::Config::parse(text, None) {
        // What every command checks right after loading (the SLA policies are
        // cached per process, so only the rules are compiled for each input).
        let _ = hd::ingest::compile_rules(&config);
    }
});
