//! The mail parser and text extraction: any bytes give a `Parsed`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = hd::mail::parse::parse(data);
    // What sync does with a parsed message next: quoting stripped, a rating looked for.
    let text = hd::mail::ids::strip_quoted(&p.text);
    let _ = hd::mail::ids::parse_rating(&text);
    for a in &p.attachments {
        let _ = hd::mail::parse::sanitize_filename(&a.name, "attachment");
    }
});
