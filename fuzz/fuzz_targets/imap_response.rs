//! The streaming IMAP FETCH reader: any server bytes end in messages or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let batches = [vec![1, 2, 3], vec![4, 5]];
    let _ = hd::sync::fetch::fetch_batches(data, std::io::sink(), "F", &batches, |uids, got| {
        for f in &got {
            assert!(uids.contains(&f.uid), "a message of another batch");
        }
        true
    });
});
